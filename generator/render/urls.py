"""Where each thing lives on the website (paths relative to the site root, ending in "/")."""

from __future__ import annotations

from wegweiser.i18n.languages import Sprache, sprache
from wegweiser.model.entries import Eintrag


def entry_url(entry: Eintrag) -> str:
    scope = f"quartiere/{entry.quartier}" if entry.quartier else "region"
    return f"{scope}/{entry.typ}/{entry.slug}/"


def quarter_url(slug: str) -> str:
    return f"quartiere/{slug}/"


def category_url(slug: str) -> str:
    return f"themen/{slug}/"


def category_quarter_url(slug: str, quarter: str) -> str:
    """A big topic's entries in one quarter (``site_pages.TOPIC_PAGE_LIMIT``)."""
    return f"themen/{slug}/{quarter}/"


def page_url(slug: str) -> str:
    return f"seiten/{slug}/"


def quarter_events_url(slug: str) -> str:
    """A quarter's Termine (the folder its Termine's own pages lie in)."""
    return f"quartiere/{slug}/termine/"


def category_events_url(slug: str) -> str:
    return f"themen/{slug}/termine/"


EVENTS_URL = "termine/"
SEARCH_URL = "suche/"
MERKLISTE_URL = "merkliste/"
MEIN_KIND_URL = "mein-kind/"
# "Offene Daten und Quellen": the open data's licence and files, and the sources of imported entries; the files
# themselves lie at the site root (``opendata.publish.FOLDER``), the same for every language.
OPEN_DATA_URL = "daten/"
# What the service worker shows offline for a page not kept on the device (never published, see site/offline.py).
OFFLINE_URL = "offline/"

# Calendars (.ics) and feeds (Atom), see ``render.calendars`` and ``render.feeds``: an event's calendar in its page's
# folder, a Termine list's in the list's folder (region, quarter, topic), a feed in its home or quarter page's folder.
EVENT_CALENDAR = "termin.ics"
LIST_CALENDAR = "kalender.ics"
FEED = "neu.xml"


PRINT_DIR = "druck/"


def booklet_files(slug: str, sprache: Sprache | None = None) -> dict[str, str]:
    """The print files of a quarter, relative to the site root (written by ``wegweiser print``).

    The main language's booklet keeps its names (``druck/<slug>-heft-a5.pdf``: printed links stay valid); another
    language's carry its code before the extension, the way translation files do (``druck/<slug>-heft-a5.en.pdf``).
    All stay in the one ``druck/`` folder that ``build`` carries over."""
    code = f".{sprache.code}" if sprache is not None and sprache.pfad else ""
    return {"a5": f"{PRINT_DIR}{slug}-heft-a5{code}.pdf", "a4": f"{PRINT_DIR}{slug}-druckbogen-a4{code}.pdf",
            "html": f"{PRINT_DIR}{slug}{code}.html", "druckerei": f"{PRINT_DIR}{slug}-heft-a5-druckerei{code}.pdf"}


class SprachUrls:
    """The same addresses in one language: the main language's as above, every other one below ``<code>/``
    with the same slugs (``en/quartiere/lindenhof/``). Templates get this as ``urls``; print files and assets
    stay at the site root."""

    def __init__(self, pfad: str = "") -> None:
        self.pfad = pfad
        self.HOME = pfad
        self.SEARCH_URL = pfad + SEARCH_URL
        self.MERKLISTE_URL = pfad + MERKLISTE_URL
        self.OFFLINE_URL = pfad + OFFLINE_URL
        self.MEIN_KIND_URL = pfad + MEIN_KIND_URL
        self.OPEN_DATA_URL = pfad + OPEN_DATA_URL
        self.QUARTERS_URL = pfad + "quartiere/"
        self.CATEGORIES_URL = pfad + "themen/"
        self.EVENTS_URL = pfad + EVENTS_URL
        self.PRINT_DIR = PRINT_DIR

    def entry_url(self, entry: Eintrag) -> str:
        return self.pfad + entry_url(entry)

    def quarter_url(self, slug: str) -> str:
        return self.pfad + quarter_url(slug)

    def category_url(self, slug: str) -> str:
        return self.pfad + category_url(slug)

    def category_quarter_url(self, slug: str, quarter: str) -> str:
        return self.pfad + category_quarter_url(slug, quarter)

    def page_url(self, slug: str) -> str:
        return self.pfad + page_url(slug)

    def quarter_events_url(self, slug: str) -> str:
        return self.pfad + quarter_events_url(slug)

    def category_events_url(self, slug: str) -> str:
        return self.pfad + category_events_url(slug)

    def event_calendar(self, entry: Eintrag) -> str:
        return self.entry_url(entry) + EVENT_CALENDAR

    def calendar(self, list_url: str) -> str:
        """The calendar of the Termine a list shows (the list's URL: ``EVENTS_URL``, ``quarter_events_url(slug)``,
        ``category_events_url(slug)``)."""
        return list_url + LIST_CALENDAR

    def feed(self, list_url: str = "") -> str:
        """The Atom feed of what is new on the site (``HOME``) or in one quarter (``quarter_url(slug)``)."""
        return (list_url or self.HOME) + FEED

    def booklet_files(self, slug: str) -> dict[str, str]:
        """This language's booklets (the main language's names without a code)."""
        code = self.pfad.rstrip("/")
        return booklet_files(slug, sprache(code) if code else None)
