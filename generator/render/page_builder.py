"""Render: turns validated content into the site's pages (HTML bodies), independent of the site engine.

The engine adapter (``mkdocs_adapter``) wraps these bodies in the theme; nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypedDict, Unpack
from urllib.parse import quote, urlsplit

import jinja2
import jinja2.runtime
import markupsafe

from wegweiser.content import glossary_files, language_versions
from wegweiser.content.contacts import contact_index, offer_index, resolve_contact, resolve_offer
from wegweiser.content.language_versions import fassung
from wegweiser.content.records import Content
from wegweiser.core.resources import leaflet_dir, templates_dir
from wegweiser.hours import holiday_calendar
from wegweiser.i18n import direction, formats
from wegweiser.i18n.catalogue import N_, Texte, texte
from wegweiser.i18n.languages import DEUTSCH, Sprache, sprachen
from wegweiser.model.child_dates import rules as child_rules
from wegweiser.model.entries import (
    ENTRY_TYPES,
    NOTFALLNUMMERN,
    Alter,
    Eintrag,
    Kategorie,
    Kita,
    Quartier,
    Seite,
    Termin,
)
from wegweiser.model.occurrences import dates, ended
from wegweiser.render import (
    child_page,
    event_view,
    fact_values,
    icons,
    jump_links,
    legal_pages,
    links,
    urls,
    venue_access,
)
from wegweiser.render.ages import ALTERSGRUPPEN, SCHWANGER, SCHWANGER_NAME, age_group_labels, age_group_slugs, age_text
from wegweiser.render.content_templates import content_template_dir, render_located, template_environment
from wegweiser.render.data_sources import data_sources
from wegweiser.render.glossary_words import GlossaryWords, vocabulary
from wegweiser.render.markdown_text import lines_html, markdown_html
from wegweiser.render.opening import WhenOpen, search_meta, when_open
from wegweiser.render.structured_data import entry_json_ld, event_json_ld

TEMPLATES = templates_dir()
# The id of a topic page's section of region-wide entries ("Alle Quartiere").
REGION_ID = "ww-alle-quartiere"
# Cards a topic page shows at most; a topic with more gets a page per quarter (``PageBuilder.topic_quarters``).
TOPIC_PAGE_LIMIT = 60
# The open data page's title (footer link) and its place among the footer's legal pages (900, 910, 920).
OPEN_DATA_TITLE = N_("Offene Daten und Quellen")
OPEN_DATA_ORDER = 930
# Cards are rendered once per entry with this in place of the page's root, and placed at any depth: no text can
# hold it, since every "<" of content is escaped.
_ROOT = "<ww-wurzel>"


@dataclass
class Page:
    url: str  # relative to the site root, "" for the home page
    title: str
    html: str
    in_nav: bool = False
    order: int = 0
    footer: bool = False  # linked in every page's footer (legal pages)
    # Material's left navigation on wide screens: only the general pages, where their neighbours are what a reader
    # looks for; family pages (home, quarters, topics, entries, search, Merkliste) show none (issue 26).
    sidebar: bool = False
    # What the page's values came from: content files (paths as editors see them) and a few keys (``@…``,
    # see ``Deps``). The preview re-renders a page when one of them changes.
    deps: set[str] = field(default_factory=set)
    sprache: Sprache = DEUTSCH  # the page's language; ``url`` starts with its ``pfad``
    # The language of ``title`` when it is not the page's (an untranslated page's title in the navigation).
    title_sprache: Sprache | None = None

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md" if self.url else "index.md"

    @property
    def neutral_url(self) -> str:
        """The URL without the language prefix: the same page in every language has this one."""
        return self.url[len(self.sprache.pfad):]


class PageDetails(TypedDict, total=False):
    """What a page may say beyond its URL, title and body (``Page``'s other fields)."""

    in_nav: bool
    order: int
    footer: bool
    sidebar: bool
    deps: set[str]
    title_sprache: Sprache | None


class Summary(TypedDict):
    """What cards show of an entry (``PageBuilder.summary``): the template ``_macros.html`` reads it."""

    entry: Eintrag
    url: str
    alter: str
    zeiten: str
    typ: str
    ort: str
    kostenlos: bool
    schwanger: bool  # for pregnancy: the card says "Schwangerschaft" (never "für alle Altersgruppen" alone)
    u3: bool  # a Kita with places for children under three
    sprachen: str  # languages spoken besides the site's main one, listed in the page's language
    zugang: list[venue_access.Fakt]  # the venue's known access facts: icons with their text
    upcoming: dict[str, object] | None
    geo: tuple[float, float] | None
    lang_name: markupsafe.Markup
    lang_kurz: markupsafe.Markup
    hinweis: markupsafe.Markup


class SearchFilter(TypedDict):
    """A filter of the search page (``PageBuilder.filter_values``)."""

    name: str
    frueher: str
    label: str
    ordnen: bool
    alle: bool  # a result must have every value chosen (else any of them)
    werte: list[list[str]]


def site_sprachen(content: Content) -> list[Sprache]:
    """The site's languages (the first is the main one); German only when ``site.yaml`` names none."""
    return sprachen(content.site.sprachen if content.site else [])


@dataclass
class Published:
    """What the site shows: entries still valid, grouped by the quarters they appear in."""

    content: Content
    today: date
    entries: list[Eintrag] = field(default_factory=list)
    by_quarter: dict[str, list[Eintrag]] = field(default_factory=dict)
    by_category: dict[str, list[Eintrag]] = field(default_factory=dict)

    @classmethod
    def select(cls, content: Content, today: date) -> Published:
        published = cls(content, today)
        published.entries = sorted((e for e in content.eintraege if (not e.gueltig_bis or e.gueltig_bis >= today)
                                    and not (isinstance(e, Termin) and ended(e, today))),
                                   key=lambda e: (e.name.casefold(), e.key))
        published.by_quarter = {slug: [] for slug in content.quartiere}
        published.by_category = {slug: [] for slug in content.kategorien}
        for entry in published.entries:
            for quarter in quarters_of(entry, content):
                published.by_quarter[quarter].append(entry)
            for category in entry.kategorien:
                published.by_category.setdefault(category, []).append(entry)
        return published


class Deps:
    """Names of what a page depends on besides ordinary files (the way Lektor records an artefact's sources).

    Files are named by their display path (``quartiere/mitte/kontakte/buero.yaml``). Keys stand for what no single
    file holds: which quarters exist, the entries one list shows, which file a Kontakt reference resolves to."""

    SITE = "content/site.yaml"
    CATEGORIES = "content/kategorien.yaml"  # also: the order and set of all categories
    QUARTERS = "@quartiere"  # which quarters exist, in which order
    ENTRIES = "@eintraege"  # any published entry added, removed or changed (counts, search filters)
    PAGES = "@seiten"  # the general pages, their order and flags
    EVENTS = "@termine"  # the Termine the region's list shows

    @staticmethod
    def category(slug: str) -> str:
        return f"{Deps.CATEGORIES}#{slug}"

    @staticmethod
    def quarter_list(slug: str) -> str:
        """The entries a quarter page lists."""
        return f"@quartier:{slug}"

    @staticmethod
    def category_list(slug: str) -> str:
        """The entries a category page lists."""
        return f"@thema:{slug}"

    @staticmethod
    def category_quarter_list(slug: str, quarter: str) -> str:
        """The entries a big topic's page for one quarter lists."""
        return f"@thema:{slug}@{quarter}"

    @staticmethod
    def contact(quarter: str | None, slug: str) -> str:
        """The Kontakt that ``slug`` resolves to from ``quarter`` (a new file there may take over)."""
        return f"@kontakt:{quarter or ''}/{slug}"

    @staticmethod
    def lists_of(entry: Eintrag, content: Content) -> set[str]:
        """The lists an entry appears in (quarter and category pages)."""
        quarters = quarters_of(entry, content)
        return ({Deps.quarter_list(q) for q in quarters} | {Deps.category_list(c) for c in entry.kategorien}
                | {Deps.category_quarter_list(c, q) for c in entry.kategorien for q in quarters}  # big topics
                | ({Deps.EVENTS} if isinstance(entry, Termin) else set()))


def quarters_of(entry: Eintrag, content: Content) -> list[str]:
    if entry.quartier:
        return [entry.quartier]
    if entry.quartiere == "alle":
        return list(content.quartiere)
    return [q for q in entry.quartiere or [] if q in content.quartiere]


# What a general page is in the search's "Art" filter (an entry's type says it in ``EntryKind.one``).
TYP_SEITE = N_("Information")
# The templates' names for the entry types' words (content folders' own templates use them too).
_TYPE_LABELS = {typ: cls.kind.label for typ, cls in ENTRY_TYPES.items()}
_TYP_EINZAHL = {typ: cls.kind.one for typ, cls in ENTRY_TYPES.items()}
_TYP_MEHRZAHL = {typ: cls.kind.heading for typ, cls in ENTRY_TYPES.items()}


def environment(content_root: Path | None = None) -> jinja2.Environment:
    """Templates of the content folder (``templates/site/``) override the defaults one by one, sandboxed
    (``content_templates``): whoever commits content can write them.

    One environment per content folder (and per whether it has templates of its own) for the life of the process:
    the preview makes new page builders on every change, and compiling the templates again cost 0.4 s each time.
    Jinja checks each template's file before using its compiled form, so an edited template is compiled again."""
    key = (content_root, content_template_dir(content_root))
    known = _ENVIRONMENTS.get(key)
    if known is None:
        known = _ENVIRONMENTS[key] = _new_environment(content_root)
    return known


_ENVIRONMENTS: dict[tuple[Path | None, Path | None], jinja2.Environment] = {}


def _new_environment(content_root: Path | None) -> jinja2.Environment:
    env = template_environment(content_root, TEMPLATES / "site", trim_blocks=True, lstrip_blocks=True,
                               undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"])
    # Jinja's i18n extension: ``_()``, ``gettext``, ``ngettext`` and ``{% trans %}`` call the functions of the
    # page's language, which each render passes in its context (``Texte.jinja()``): nothing global.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(urls=urls, type_labels=_TYPE_LABELS, age_groups=ALTERSGRUPPEN, icon=icons.svg,
                       type_icon=icons.type_icon, topic_icon=icons.topic_icon, typ_einzahl=_TYP_EINZAHL,
                       typ_mehrzahl=_TYP_MEHRZAHL, typ_seite=TYP_SEITE,
                       schwanger=SCHWANGER, schwanger_name=SCHWANGER_NAME, search_meta=search_meta)
    env.filters.update(markdown=lambda text: markupsafe.Markup(markdown_html(text)) if text else "",
                       datum=_date_filter, zeilen=lines_html, alter=_age_filter, tel=links.tel_url,
                       ltr=direction.ltr_filter, quote=direction.quote_filter)
    return env


def _words(context: jinja2.runtime.Context) -> Texte:
    found = context.get("texte")
    return found if isinstance(found, Texte) else texte()


@jinja2.pass_context
def _date_filter(context: jinja2.runtime.Context, value: date | None) -> str:
    """``{{ stand | datum }}``: 05.03.2026 in the page's language (CLDR's medium date)."""
    return _words(context).datum(value, "medium")


@jinja2.pass_context
def _age_filter(context: jinja2.runtime.Context, value: Alter | None) -> str:
    return age_text(value, _words(context))


class PageBuilder:
    def __init__(self, content: Content, today: date, sprache: Sprache = DEUTSCH, *,
                 version: language_versions.Fassung | None = None,
                 original: PageBuilder | None = None) -> None:
        """Pages in ``sprache``. ``version`` is ``language_versions.fassung(original content, sprache)`` and ``content``
        its ``.content``; without it, ``content`` is the original and the version is made here. ``original``: the
        main language's builder, whose templates and calendar are shared."""
        if version is None:
            version = language_versions.fassung(content, sprache)
            content = version.content
        self.content = content
        self.today = today
        self.sprache = sprache
        self.texte: Texte = texte(sprache)
        self.sprachen = site_sprachen(content)
        self.haupt = self.sprachen[0]
        self.fassung: language_versions.Fassung = version
        self.urls = urls.SprachUrls(sprache.pfad)
        self.site = content.site
        karte = self.site.karte if self.site else None
        self.map = {"kacheln": karte.kacheln, "anbieter": karte.anbieter, "namensnennung": karte.namensnennung,
                    "host": urlsplit(karte.kacheln).hostname} if karte and map_library_available() else None
        self.published = Published.select(content, today)
        self.env: jinja2.Environment = original.env if original else environment(content.root)
        self.contacts = contact_index(content)
        self.offers = offer_index(content)
        self._summaries: dict[str, Summary] = {}  # by entry key: cards, the Merkliste and print share them
        self._cards: dict[str, str] = {}  # by entry key, with _ROOT for the page's root
        self._card_macro: Callable[..., object] | None = None  # the macro ``karte`` of _macros.html
        self._groups: dict[str, dict[str | None, list[Eintrag]]] = {}  # topic's entries by quarter (_topic_groups)
        self._in_quarter: dict[str, dict[str, list[Eintrag]]] = {}  # _topic_in_quarter
        self.kalender: holiday_calendar.Kalender = original.kalender if original else \
            holiday_calendar.kalender(self.site.bundesland if self.site else None)
        # Text fields shown in the page's language without a translation file: generated legal pages, and the
        # catalogue's titles of untranslated legal pages (``general_pages``); (art, key, feld).
        self._eigen: set[tuple[str, str, str]] = set()
        self._general: list[Seite] | None = None
        # The glossary is matched against the main language's entries, once, and shared by every language's builder.
        self.main: PageBuilder = original or self
        self.glossary: GlossaryWords = original.glossary if original else \
            GlossaryWords(glossary_files.merged(content.glossar))
        self._terms: dict[str, list[str]] = {}  # by entry key: the glossary terms its original matched
        self._originals: dict[str, Eintrag] | None = None  # by key (the main builder's entries)

    def fremd(self, art: str, key: str, feld: str) -> markupsafe.Markup:
        """``lang``/``dir`` attributes for an element whose text is in another language than the page."""
        quelle = self.title_language(art, key, feld)
        if quelle is None:
            return markupsafe.Markup("")
        return markupsafe.Markup(' lang="{}" dir="{}"').format(quelle.lang, quelle.richtung)

    def herkunft(self, art: str, key: str, feld: str) -> Sprache:
        """The language a displayed text field is in (``Fassung.herkunft``, and the page's own for generated text)."""
        if art == "seite" and (art, key, feld) in self._eigen_of_general():
            return self.sprache
        return self.fassung.herkunft(art, key, feld)

    def title_language(self, art: str, key: str, feld: str) -> Sprache | None:
        """The language of a displayed text field when it is not the page's (an untranslated entry's German name on
        /en/), else None: ``fremd``'s attributes, and the header's ``<span lang dir>`` around a page title."""
        language = self.herkunft(art, key, feld)
        return None if language.lang == self.sprache.lang else language

    def fremd_block(self, art: str, key: str, feld: str, html: str) -> markupsafe.Markup:
        """``html`` (our sanitised Markdown) in a ``<div lang dir>`` when its text is in another language."""
        attributes = self.fremd(art, key, feld)
        if not attributes:
            return markupsafe.Markup(html)
        return markupsafe.Markup("<div{}>").format(attributes) + markupsafe.Markup(html) + markupsafe.Markup("</div>")

    def hinweis(self, art: str, key: str, root: str | None = None) -> markupsafe.Markup:
        """The notice, in the page's language, that an object's text is not translated (shown in the main
        language) or that the main language has a newer version; with ``root``, a link to that version."""
        if art == "seite" and (art, key, "beschreibung") in self._eigen_of_general():
            return markupsafe.Markup("")  # generated in the page's language
        status = self.fassung.status(art, key)
        if status == "fehlt":
            text = self.gettext("Nur auf Deutsch verfügbar")
        elif status == "veraltet":
            text = self.gettext("Es gibt eine neuere Fassung auf Deutsch.")
        else:
            return markupsafe.Markup("")
        notice = markupsafe.Markup('<p class="ww-sprachhinweis ww-sprachhinweis--{}" data-pagefind-ignore>{}').format(
            status, text)
        neutral = self._neutral_of(art, key)
        if root is not None and neutral is not None:
            notice += markupsafe.Markup(' <a href="{}{}" lang="{}" hreflang="{}">{}</a>').format(
                root, self.haupt.url(neutral), self.haupt.lang, self.haupt.lang, self.haupt.eigenname)
        return notice + markupsafe.Markup("</p>")

    def _neutral_of(self, art: str, key: str) -> str | None:
        """The language-neutral URL of an object's own page (None: it has none)."""
        if art == "eintrag":
            return f"{key}/" if key.startswith("region/") else f"quartiere/{key}/"  # as urls.entry_url
        return {"quartier": urls.quarter_url, "kategorie": urls.category_url,
                "seite": urls.page_url}[art](key) if art in ("quartier", "kategorie", "seite") else None

    def gettext(self, message: str) -> str:
        return self.texte.gettext(message)

    def _page(self, url: str, title: str, html: str, **details: Unpack[PageDetails]) -> Page:
        return Page(url, title, html, sprache=self.sprache, **details)

    def age(self, entry: Eintrag) -> str:
        """An entry's age range in words; without one "Schwangerschaft" for an entry for expecting parents (it is
        not for children of every age), else "für alle Altersgruppen"."""
        found = age_text(entry.alter, self.texte)
        if found:
            return found
        return self.texte.gettext(SCHWANGER_NAME) if entry.schwangerschaft \
            else self.texte.gettext("für alle Altersgruppen")

    def when(self, entry: Eintrag) -> WhenOpen:
        """When an entry is open: its week table, "jetzt geöffnet" and JSON-LD from one parse (``render.opening``)."""
        return when_open(entry, self.kalender, self.today, self.texte)

    def _render(self, template: str, url: str, **context: object) -> str:
        # Pages link relatively, so the site works in any folder.
        root = "../" * url.count("/")
        return render_located(lambda: self.env.get_template(template).render(
            site=self.site, root=root, **self.texte.jinja(), urls=self.urls, fremd=self.fremd,
            hinweis=self.hinweis, fremd_block=self.fremd_block, karten=self.card, **context), self.content.root)

    def card(self, item: Summary, root: str) -> markupsafe.Markup:
        """An entry's card (``item`` is its ``summary``) for a page ``root`` levels deep: rendered once and placed at
        any depth (quarter pages, topic pages and a big topic's pages per quarter)."""
        key = item["entry"].key
        html = self._cards.get(key)
        if html is None:
            if self._card_macro is None:
                macros = self.env.get_template("_macros.html").make_module(
                    {"site": self.site, **self.texte.jinja(), "urls": self.urls, "fremd": self.fremd,
                     "hinweis": self.hinweis, "fremd_block": self.fremd_block})
                # A template's macros are attributes its module gets at run time (a content folder's template may
                # lack it: the error is located like any other in a template).
                self._card_macro = getattr(macros, "karte")  # noqa: B009
            html = self._cards[key] = str(self._card_macro(item, markupsafe.Markup(_ROOT)))
        return markupsafe.Markup(html.replace(_ROOT, root))

    def pages(self) -> Iterator[Page]:
        """Every page of the site (sequentially; ``build`` renders entry pages on several cores)."""
        yield from self.overview_pages()
        for entry in self.published.entries:
            yield self.entry_page(entry)

    def filter_values(self) -> list[SearchFilter]:
        """The search filters, known at build time: the search page lists them without asking Pagefind, which
        would load every filter's index (160 KB at 10,000 entries) before the first query.

        Names and values are stable slugs (``quartier=heide``, ``alter=0-3``): the same in every language and in
        bookmarked addresses; the labels are the page's language. ``frueher`` is the name the filter had when its
        values were German labels, so that such addresses keep working. ``ordnen``: sort by label in the browser."""
        words = self.texte
        found: dict[str, set[str]] = {"quartier": set(), "typ": set(), "thema": set(), "alter": set(),
                                      "kosten": set(), "sprache": set(), "zugang": set(), "anmeldung": set(),
                                      "monat": set()}
        for entry in self.published.entries:
            found["quartier"].update(quarters_of(entry, self.content))
            found["typ"].add(entry.typ)
            found["thema"].update(c for c in entry.kategorien if c in self.content.kategorien)
            found["alter"].update(age_group_slugs(entry))
            if entry.kostenlos:
                found["kosten"].add("kostenlos")
            found["sprache"].update(entry.sprachen)
            found["zugang"].update(venue_access.filter_slugs(entry.zugang))
            if isinstance(entry, Termin):
                found["anmeldung"].update(event_view.registration_filter(entry, self.today))
                found["monat"].update(event_view.months(entry, self.today))
        found["typ"].add("seite")  # the legal pages always exist (generated if missing)
        ages = age_group_labels(words)
        labels: dict[str, dict[str, str]] = {
            "quartier": {slug: q.name for slug, q in self.content.quartiere.items()},
            "typ": {**{typ: words.gettext(cls.kind.one) for typ, cls in ENTRY_TYPES.items()},
                    "seite": words.gettext(TYP_SEITE)},
            "thema": {slug: c.name for slug, c in self.content.kategorien.items()},
            "alter": ages,
            "kosten": {"kostenlos": words.gettext("kostenlos")},
            "sprache": {code: formats.sprachname(code, words.locale) for code in found["sprache"]},
            "zugang": {slug: words.gettext(label) for slug, label in venue_access.FILTER_LABELS.items()},
            "anmeldung": {"offen": words.gettext("Anmeldung offen")},
            "monat": {m: f"{words.monat(int(m[5:]))} {m[:4]}" for m in found["monat"]},
        }
        names = {"quartier": ("Quartier", words.gettext("Quartier")), "typ": ("Typ", words.gettext("Art")),
                 "thema": ("Kategorie", words.gettext("Thema")), "alter": ("Alter", words.gettext("Alter")),
                 "kosten": ("Kosten", words.gettext("Kosten")), "sprache": ("Sprache", words.gettext("Sprache")),
                 "zugang": ("Zugang", words.gettext(venue_access.FILTER_NAME)),
                 "anmeldung": ("Anmeldung", words.gettext("Anmeldung")),
                 "monat": ("Monat", words.gettext("Monat"))}
        filters: list[SearchFilter] = []
        for name, slugs in found.items():
            if not slugs:
                continue
            # Age groups in their natural order, pregnancy last; the others by label, in the browser's collation.
            # Access values in their own order (full wheelchair access before partial).
            ordered = [s for s in ages if s in slugs] if name == "alter" else \
                [s for s in venue_access.FILTER_LABELS if s in slugs] if name == "zugang" else sorted(slugs)
            filters.append({"name": name, "frueher": names[name][0], "label": names[name][1],
                            "ordnen": name not in ("alter", "monat", "zugang"), "alle": name == venue_access.FILTER,
                            "werte": [[slug, labels[name][slug]] for slug in ordered]})
        return filters

    def entry_stubs(self) -> list[Page]:
        """Entry pages without their bodies: enough for the theme to know their shapes."""
        return [self._page(self.urls.entry_url(e), e.name, "") for e in self.published.entries]

    def overview_pages(self) -> Iterator[Page]:
        yield self.home()
        yield self.quarter_index()
        for slug, quarter in self.content.quartiere.items():
            yield self.quarter_page(slug, quarter)
        yield self.category_index()
        for scope, which in self.event_lists():
            yield self.events_page(scope, which)
        for slug in self.content.kategorien:
            yield self.category_page(slug)
            for in_quarter in self.topic_quarters(slug):
                yield self.category_quarter_page(slug, in_quarter)
        for page in self.general_pages():
            yield self.general_page(page)
        yield self.merkliste()
        yield self.mein_kind()
        yield self.open_data_page()
        yield self.search_page()

    def _eigen_of_general(self) -> set[tuple[str, str, str]]:
        """``_eigen``, once ``general_pages`` has found the generated and catalogue-titled pages."""
        self.general_pages()
        return self._eigen

    def general_pages(self) -> list[Seite]:
        """content/seiten/ and the legal pages generated for those missing, in navigation order. An untranslated
        legal page has its title from the catalogue (its text stays in the main language, marked as such)."""
        if self._general is None:
            generated = legal_pages.fehlende_seiten(self.content, self.texte)
            self._eigen |= {("seite", p.slug, feld) for p in generated for feld in ("titel", "kurz", "beschreibung")}
            pages = [*map(self._legal_title, self.content.seiten), *generated]
            self._general = sorted(pages, key=lambda p: (p.reihenfolge, p.titel))
        return self._general

    def _legal_title(self, page: Seite) -> Seite:
        if self.fassung.herkunft("seite", page.slug, "titel").lang == self.sprache.lang:
            return page
        title = legal_pages.katalogtitel(page, self.texte)
        if title is None:
            return page
        self._eigen.add(("seite", page.slug, "titel"))
        return dataclasses.replace(page, titel=title)

    def open_data_page(self) -> Page:
        """"Offene Daten und Quellen", linked in every footer: the data's licence, its files, the imports' sources."""
        url = self.urls.OPEN_DATA_URL
        html = self._render("offene_daten.html", url, quellen=data_sources(self.published.entries))
        return self._page(url, self.texte.gettext(OPEN_DATA_TITLE), html, footer=True, order=OPEN_DATA_ORDER,
                          deps={Deps.SITE, Deps.ENTRIES} | self._common_deps("offene_daten.html"))

    def search_page(self) -> Page:
        search = self._render("suche.html", self.urls.SEARCH_URL, filters=self.filter_values())
        deps = {*self._quarter_deps(), Deps.CATEGORIES, Deps.ENTRIES, Deps.PAGES}
        return self._page(self.urls.SEARCH_URL, self.texte.gettext("Suche"), search, in_nav=True, order=10_000,
                    deps=deps | self._common_deps("suche.html"))

    def drop_caches(self) -> None:
        """Forget the cards and summaries kept for the overview pages (once those are made)."""
        self._summaries.clear()
        self._cards.clear()
        self._groups.clear()
        self._in_quarter.clear()

    def summary(self, entry: Eintrag) -> Summary:
        """What cards show of an entry: type, name, kurz, age, times, cost, where, and "open now" data."""
        known = self._summaries.get(entry.key)
        if known is None:
            known = self._summaries[entry.key] = self._summary(entry)
        return known

    def _place(self, entry: Eintrag) -> str:
        """Where an entry is, in a few words: its street, else its quarters."""
        if entry.adresse and entry.adresse.strasse:
            return entry.adresse.strasse
        if entry.quartier is None and entry.quartiere == "alle":
            return self.texte.gettext("alle Quartiere")
        return ", ".join(self.content.quartiere[q].name for q in quarters_of(entry, self.content))

    def merk_details(self, entry: Eintrag, when: WhenOpen,
                     contact: Eintrag | None) -> dict[str, str]:
        """What the Merkliste shows and prints of an entry: name, when, where, phone. The entry's page carries it,
        and the Merkliste reads it from the pages of the entries marked (a page with every entry's was 2.1 MB at
        10,000 entries)."""
        return {"name": entry.name, "wann": when.short(),
                "wo": links.address_line(entry.adresse) or self._place(entry),
                "tel": entry.telefon or (contact.telefon if contact else None) or ""}

    def _summary(self, entry: Eintrag) -> Summary:
        when = self.when(entry)
        where = self._place(entry)
        # The age badge; a pregnancy entry without an age shows only its "Schwangerschaft" badge.
        alter = age_text(entry.alter, self.texte) or ("" if entry.schwangerschaft else self.age(entry))
        return {"entry": entry, "url": self.urls.entry_url(entry), "alter": alter,
                "zeiten": when.short(),
                "typ": self.texte.gettext(entry.kind.one),
                "ort": where, "kostenlos": entry.kostenlos, "schwanger": entry.schwangerschaft,
                "u3": isinstance(entry, Kita) and entry.u3 is True,
                "sprachen": formats.aufzaehlung(formats.sprachnamen([c for c in entry.sprachen if c != self.haupt.code],
                                                                    self.texte.locale), self.texte.locale),
                "zugang": venue_access.facts(entry.zugang, self.texte),
                "upcoming": when.upcoming,
                "geo": (entry.geo.lat, entry.geo.lon) if entry.geo else None,
                "lang_name": self.fremd("eintrag", entry.key, "name"),
                "lang_kurz": self.fremd("eintrag", entry.key, "kurz"),
                "hinweis": self.hinweis("eintrag", entry.key)}

    def merkliste(self) -> Page:
        """The Merkliste: kept in the browser only; it shows (and prints) the entries the visitor has marked, read
        from their pages (``merk_details``)."""
        basis = self.site.basis_url.rstrip("/") + "/" if self.site and self.site.basis_url else ""
        html = self._render("merkliste.html", self.urls.MERKLISTE_URL, basis=basis)
        return self._page(self.urls.MERKLISTE_URL, self.texte.gettext("Merkliste"), html, in_nav=True, order=9_000,
                          deps=self._common_deps("merkliste.html"))

    def offline_page(self) -> Page:
        """What the service worker shows offline for a page the device has not kept (``site/offline.py``): links to
        what it has. Not published: no sitemap, no search index, no navigation."""
        numbers = self.content.page_with_role(NOTFALLNUMMERN)
        html = self._render("offline.html", self.urls.OFFLINE_URL, numbers=numbers)
        return self._page(self.urls.OFFLINE_URL, self.texte.gettext("Keine Internetverbindung"), html)

    def mein_kind(self) -> Page:
        """"Mein Kind": the U-Untersuchungen and the deadlines after a birth; the browser turns them into dates from the
        birth date the family enters (kept on the device), with the chosen quarter's contacts and offers."""
        rules = child_rules()
        checks, deadlines = child_page.rows(rules, self.texte)
        land = self.site.bundesland if self.site else None
        kita = rules.kita.laender.get(land or "")
        data = child_page.page_data(rules, self.content, self.published.by_quarter, self.texte, self.urls.entry_url)
        kita_frist = child_page.kita_label(self.texte, kita.monate_vorher) if kita else ""
        html = self._render("mein_kind.html", self.urls.MEIN_KIND_URL, rules=rules, checks=checks,
                            deadlines=deadlines, kita=kita, kita_frist=kita_frist, data=data,
                            locale=str(self.texte.locale))
        deps = {*self._quarter_deps(), Deps.CATEGORIES, Deps.ENTRIES}
        return self._page(self.urls.MEIN_KIND_URL, self.texte.gettext("Mein Kind"), html, in_nav=True, order=8_000,
                          deps=deps | self._common_deps("mein_kind.html"))

    def _quarter_tiles(self) -> list[tuple[str, Quartier, int]]:
        return [(slug, q, len(self.published.by_quarter[slug])) for slug, q in self.content.quartiere.items()]

    def _category_tiles(self) -> list[tuple[str, Kategorie, int]]:
        return [(slug, c, len(self.published.by_category.get(slug, []))) for slug, c in self.content.kategorien.items()]

    def home(self) -> Page:
        # The emergency numbers: the page with that role, titled in this language (its translation's title)
        numbers = self.content.page_with_role(NOTFALLNUMMERN)
        html = self._render("start.html", self.urls.HOME, quarters=self._quarter_tiles(),
                            categories=self._category_tiles(),
                            numbers=numbers, finder=self.quarter_finder(), infos=self._home_infos(numbers),
                            termine=self.home_events(),
                            **self._leicht_context())
        deps = {*self._quarter_deps(), Deps.CATEGORIES, Deps.ENTRIES, Deps.PAGES,
                *(p.source for p in self.content.seiten)}
        if numbers is not None:
            deps |= self.fassung.deps("seite", numbers.slug)
        return self._page(self.urls.HOME, self.texte.gettext("Start"), html, in_nav=True, order=-3,
                          deps=deps | self._common_deps("start.html"))

    def _home_infos(self, numbers: Seite | None) -> list[Seite]:
        """The general pages of the navigation, linked on the home page ("Gut zu wissen"): phones have no navigation
        drawer, so the home page is where they are found (the emergency numbers have their own link above)."""
        return [p for p in self.general_pages() if not p.fusszeile and (numbers is None or p.slug != numbers.slug)]

    def _leicht_context(self) -> dict[str, object]:
        """The home page's way to Leichte Sprache: a link on the main language's home page, and on the
        Leichte-Sprache home what the site holds, how to use it and the accessibility statement's main points."""
        codes = [s.code for s in self.sprachen]
        leicht = next((s for s in self.sprachen if s.code == "leicht"), None)
        own = self.sprache.code == "leicht"
        statement = next((p.slug for p in self.general_pages() if p.slug == "barrierefreiheit"), None)
        email = self.site.impressum.email if own and self.site and self.site.impressum else None
        return {"leicht_url": leicht.pfad if leicht and self.sprache.code == codes[0] else "", "leicht_start": own,
                "barrierefreiheit": statement, "kontakt_email": email}

    def quarter_finder(self, url: Callable[[str], str] | None = None) -> list[dict[str, object]]:
        """What "Wo wohnen Sie?" searches in the browser: each quarter's streets and postcodes, and where it leads
        (``url`` of the quarter's slug; its quarter page by default)."""
        where = url or self.urls.quarter_url
        return [{"name": q.name, "url": where(slug), "strassen": q.strassen, "plz": q.plz}
                for slug, q in self.content.quartiere.items() if q.strassen or q.plz]

    def quarter_index(self) -> Page:
        html = self._render("quartiere.html", self.urls.QUARTERS_URL, quarters=self._quarter_tiles(),
                            finder=self.quarter_finder())
        return self._page(self.urls.QUARTERS_URL, self.texte.gettext("Quartiere"), html, in_nav=True, order=-2,
                    deps={*self._quarter_deps(), Deps.ENTRIES} | self._common_deps("quartiere.html"))

    def quarter_page(self, slug: str, quarter: Quartier) -> Page:
        entries = self.published.by_quarter[slug]
        groups = self._type_groups(entries)
        coordination = resolve_contact(quarter.koordination, slug, self.contacts) if quarter.koordination else None
        html = self._render("quartier.html", self.urls.quarter_url(slug), quarter=quarter, groups=groups,
                            count=len(entries), sprung=self._type_jumps(groups),
                            coordination=coordination and self.summary(coordination), map=self.map,
                            points=[_point(e, self.urls) for e in entries if e.geo],
                            addresses=_addresses(entries, self.urls), termine=self._events_link("quartier", slug))
        deps = {quarter.source, Deps.quarter_list(slug), Deps.CATEGORIES, *(e.source for e in entries)}
        if quarter.koordination:
            deps |= self._contact_deps(quarter.koordination, slug, coordination)
        return self._page(self.urls.quarter_url(slug), quarter.name, html,
                          title_sprache=self.title_language("quartier", slug, "name"),
                          deps=deps | self._common_deps("quartier.html"))

    def _type_groups(self, entries: list[Eintrag]) -> list[tuple[str, list[Summary]]]:
        """One card grid per type (topics in their configured order, then names): a short page on phones."""
        order = {c: n for n, c in enumerate(self.content.kategorien)}

        def topic_rank(entry: Eintrag) -> int:
            return min((order[c] for c in entry.kategorien if c in order), default=len(order))

        groups: list[tuple[str, list[Summary]]] = []
        for typ in ENTRY_TYPES:
            of_type = sorted((e for e in entries if e.typ == typ), key=topic_rank)
            if of_type:
                groups.append((typ, [self.summary(e) for e in of_type]))
        return groups

    def _type_jumps(self, groups: list[tuple[str, list[Summary]]]) -> list[jump_links.Sprungmarke]:
        """Jump links to the type sections (a single one too: its count tells what the page holds)."""
        return jump_links.type_links([(typ, len(items)) for typ, items in groups], self.texte)

    def category_index(self) -> Page:
        html = self._render("themen.html", self.urls.CATEGORIES_URL, categories=self._category_tiles())
        return self._page(self.urls.CATEGORIES_URL, self.texte.gettext("Themen"), html, in_nav=True, order=-1,
                    deps={Deps.CATEGORIES, Deps.ENTRIES} | self._common_deps("themen.html"))

    def _topic_groups(self, slug: str) -> dict[str | None, list[Eintrag]]:
        """A topic's entries by their quarter (None: region-wide); grouped once per topic, not once per quarter
        (quarters x entries)."""
        grouped = self._groups.get(slug)
        if grouped is None:
            grouped = self._groups[slug] = defaultdict(list)
            for entry in self.published.by_category.get(slug, []):
                grouped[entry.quartier].append(entry)
        return grouped

    def topic_quarters(self, slug: str) -> list[str]:
        """The quarters with a page of their own for a topic: those with entries of a topic that has more than
        ``TOPIC_PAGE_LIMIT`` (a topic page of every entry was 4.7 MB at 10,000 entries, too much for a phone with
        little data). None for a smaller topic, whose page lists all its entries (or with a single quarter)."""
        if len(self.published.by_category.get(slug, [])) <= TOPIC_PAGE_LIMIT or len(self.content.quartiere) < 2:
            return []
        return [q for q in self.content.quartiere if self._topic_in_quarter(slug, q)]

    def _topic_in_quarter(self, slug: str, quarter: str) -> list[Eintrag]:
        """A topic's entries for a quarter: the quarter's own, then the region-wide ones that name it (as its quarter
        page shows them too). Worked out once per topic."""
        by_quarter = self._in_quarter.get(slug)
        if by_quarter is None:
            grouped = self._topic_groups(slug)
            by_quarter = self._in_quarter[slug] = {q: list(grouped.get(q, [])) for q in self.content.quartiere}
            for entry in grouped.get(None, []):
                for q in quarters_of(entry, self.content):
                    by_quarter[q].append(entry)
        return by_quarter.get(quarter, [])

    def category_page(self, slug: str) -> Page:
        category = self.content.kategorien[slug]
        entries = self.published.by_category.get(slug, [])
        grouped = self._topic_groups(slug)
        region = [self.summary(e) for e in grouped.get(None, [])]
        url = self.urls.category_url(slug)
        deps = {Deps.category(slug), Deps.category_list(slug), *self._quarter_deps()}
        if own := self.topic_quarters(slug):
            # a tile per quarter leading to its page, then the region-wide entries
            tiles = [(q_slug, self.content.quartiere[q_slug], len(self._topic_in_quarter(slug, q_slug)))
                     for q_slug in own]
            # "Wo wohnen Sie?" leads to the quarter's page of this topic; without one, to the quarter's own page
            with_page = set(own)
            finder = self.quarter_finder(lambda q_slug: self.urls.category_quarter_url(slug, q_slug)
                                         if q_slug in with_page else self.urls.quarter_url(q_slug))
            html = self._render("kategorie.html", url, category=category, category_slug=slug,
                                groups=[(REGION_ID, self.texte.gettext("Alle Quartiere"), region)] if region else [],
                                count=len(entries), tiles=tiles, finder=finder, sprung=[],
                                termine=self._events_link("thema", slug),
                                tile_url=functools.partial(self.urls.category_quarter_url, slug))
            deps |= {e.source for e in grouped.get(None, [])}
        else:
            by_quarter: list[tuple[str, str, list[Summary]]] = [
                (f"ww-quartier-{q_slug}", quarter.name, [self.summary(e) for e in grouped[q_slug]])
                for q_slug, quarter in self.content.quartiere.items() if grouped.get(q_slug)]
            if region:
                by_quarter.insert(0, (REGION_ID, self.texte.gettext("Alle Quartiere"), region))
            jumps = jump_links.named_links([(ziel, name, len(items)) for ziel, name, items in by_quarter],
                                           self.texte)
            html = self._render("kategorie.html", url, category=category, category_slug=slug, groups=by_quarter,
                                count=len(entries), tiles=None, finder=None, sprung=jumps,
                                termine=self._events_link("thema", slug))
            deps |= {e.source for e in entries}
        return self._page(url, category.name, html, title_sprache=self.title_language("kategorie", slug, "name"),
                          deps=deps | self._common_deps("kategorie.html"))

    def category_quarter_page(self, slug: str, quarter_slug: str) -> Page:
        """A big topic's entries in one quarter (``topic_quarters``)."""
        category, quarter = self.content.kategorien[slug], self.content.quartiere[quarter_slug]
        entries = self._topic_in_quarter(slug, quarter_slug)
        url = self.urls.category_quarter_url(slug, quarter_slug)
        groups = self._type_groups(entries)
        html = self._render("kategorie_quartier.html", url, category=category, category_slug=slug,
                            quarter=quarter, quarter_slug=quarter_slug, groups=groups,
                            sprung=self._type_jumps(groups))
        deps = {Deps.category(slug), Deps.category_quarter_list(slug, quarter_slug), quarter.source, Deps.QUARTERS,
                *(e.source for e in entries)}
        return self._page(url, f"{category.name} – {quarter.name}", html,
                          deps=deps | self._common_deps("kategorie_quartier.html"))

    def general_page(self, page: Seite) -> Page:
        html = self._render("seite.html", self.urls.page_url(page.slug), page=page)
        return self._page(self.urls.page_url(page.slug), page.titel, html, in_nav=not page.fusszeile,
                          order=page.reihenfolge, sidebar=not page.fusszeile, footer=page.fusszeile,
                          title_sprache=self.title_language("seite", page.slug, "titel"),
                          deps={page.source} | self._common_deps("seite.html"))

    def glossary_terms(self, entry: Eintrag) -> list[str]:
        """The glossary terms an entry matches, judged by its original (main language) text: what it is (name, short
        text, keywords, type, topics, facts), not what its description mentions (``render.glossary_words``)."""
        main = self.main
        if main is not self:
            return main.glossary_terms(main.original_entry(entry.key) or entry)
        known = self._terms.get(entry.key)
        if known is None:
            texts = [entry.name, entry.kurz or "", *entry.stichworte, entry.kind.one, entry.kind.heading,
                     *(self.content.kategorien[c].name for c in entry.kategorien if c in self.content.kategorien)]
            for extra in ("schulform", "funktion", "organisation"):
                value = getattr(entry, extra, None)
                texts += [value] if isinstance(value, str) else []
            texts += [SCHWANGER_NAME] if entry.schwangerschaft else []
            texts += ["kostenlos"] if entry.kostenlos else []
            known = self._terms[entry.key] = self.glossary.matched(texts)
        return known

    def original_entry(self, key: str) -> Eintrag | None:
        """The main language's entry with ``key`` (None: not published)."""
        if self._originals is None:
            self._originals = {e.key: e for e in self.published.entries}
        return self._originals.get(key)

    def search_words(self, entry: Eintrag) -> str:
        """The glossary's words that find ``entry`` on this language's site (indexed with its page, not shown)."""
        return ", ".join(self.glossary.words_for(self.glossary_terms(entry), self.sprache.code))

    def vocabulary(self) -> list[str]:
        """The words this language's search page knows for "Meinten Sie …?": the names of entries, quarters and
        topics as this language shows them, the types, and the terms and words of the glossary entries that some
        published entry matches (a word that finds nothing is no help, and a network's glossary of thousands of
        terms would make the list every family downloads as large)."""
        texts = [e.name for e in self.published.entries]
        texts += [q.name for q in self.content.quartiere.values()] + [c.name for c in self.content.kategorien.values()]
        texts += [self.texte.gettext(label) for cls in ENTRY_TYPES.values() for label in (cls.kind.one,
                                                                                          cls.kind.heading)]
        used = list(dict.fromkeys(term for e in self.published.entries for term in self.glossary_terms(e)))
        return vocabulary([*texts, *self.glossary.words_for(used, self.sprache.code),
                           *(self.glossary.terms[term] for term in used)])

    def entry_page(self, entry: Eintrag) -> Page:
        url = self.urls.entry_url(entry)
        quarter_slugs = quarters_of(entry, self.content)
        quarters = [self.content.quartiere[q] for q in quarter_slugs]
        contact = resolve_contact(entry.kontakt, entry.quartier, self.contacts) if entry.kontakt else None
        when = self.when(entry)
        categories = [self.content.kategorien[c] for c in entry.kategorien if c in self.content.kategorien]
        route = links.entry_route(entry)
        site_url = self.site.basis_url.rstrip("/") + "/" if self.site else "/"
        report = ""
        if self.site and self.site.impressum and self.site.impressum.email:
            subject = self.texte.gettext("Fehler im Familienwegweiser: %(name)s (%(pfad)s)", name=entry.name,
                                         pfad="/" + url)
            report = f"mailto:{self.site.impressum.email}?subject={quote(subject)}"
        termin = self.event_facts(entry, site_url) if isinstance(entry, Termin) else None
        html = self._render(
            "eintrag.html", url, entry=entry, map=self.map,
            points=[_point(entry, self.urls)] if entry.geo else [], report=report,
            json_ld=termin["json_ld"] if termin else entry_json_ld(entry, site_url + url, self.texte, when.week),
            zugang=venue_access.facts(entry.zugang, self.texte), zugang_filter=venue_access.filter_slugs(entry.zugang),
            upcoming=when.upcoming, termin=termin,
            quarters=quarters,
            all_quarters=entry.quartier is None and entry.quartiere == "alle",
            contact=contact and self.summary(contact), hours=when.hours, categories=categories, route=route,
            route_app=links.geo_uri(entry), quarter_slugs=quarter_slugs,
            category_slugs=[c for c in entry.kategorien if c in self.content.kategorien],
            sprachen=formats.sprachnamen(entry.sprachen, self.texte.locale), entry_age_groups=age_group_slugs(entry),
            alter=self.age(entry),
            kosten=fact_values.kosten(entry, self.herkunft("eintrag", entry.key, "kosten"), self.texte),
            sprechzeiten=when.office_hours_beyond(self.texte),
            sprachattr=lambda feld: self.fremd("eintrag", entry.key, feld),
            sprachhinweis=self.hinweis("eintrag", entry.key, "../" * url.count("/")),
            merk=self.merk_details(entry, when, contact), suchwoerter=self.search_words(entry))
        return self._page(url, entry.name, html, title_sprache=self.title_language("eintrag", entry.key, "name"),
                          deps=self.entry_deps(entry))

    def entry_deps(self, entry: Eintrag) -> set[str]:
        """What an entry page shows besides the entry: its quarters' names, its Kontakt, its categories
        (cheap: the preview asks for every entry page's dependencies without rendering them)."""
        deps = {entry.source, *self._common_deps("eintrag.html")}
        deps.update(self.content.quartiere[q].source for q in quarters_of(entry, self.content))
        if entry.quartier is None:
            deps.add(Deps.QUARTERS)  # "alle" means every quarter there is
        if entry.kontakt:
            deps |= self._contact_deps(entry.kontakt, entry.quartier,
                                       resolve_contact(entry.kontakt, entry.quartier, self.contacts))
        deps.update(Deps.category(c) for c in entry.kategorien)
        if isinstance(entry, Kita):  # how to apply: site.yaml's kita_anmeldung, translated in site.<lang>.yaml
            deps |= self.fassung.deps("site", "site")
        if isinstance(entry, Termin) and entry.angebot:  # the Angebot it belongs to, resolved like a Kontakt
            found = resolve_offer(entry, self.offers)
            deps |= {Deps.contact(entry.quartier, entry.angebot), Deps.contact(None, entry.angebot)}
            deps |= {found.source} if found else set()
        return deps

    # --- Termine -----------------------------------------------------------------------------------------------

    def calendar_file(self, what: Termin | str) -> str | None:
        """Where the .ics file of a Termin, or of a Termine list page (its URL), lies: pages link it as "In den
        Kalender" (the template variable ``kalender``); ``render.calendars`` writes them."""
        return self.urls.event_calendar(what) if isinstance(what, Termin) else self.urls.calendar(what)

    def event_facts(self, event: Termin, site_url: str) -> dict[str, object]:
        """What a Termin's own page shows beyond an entry's: its coming dates, the series in words, the registration
        window and its state, places left, the Angebot it belongs to, and its JSON-LD ``Event``."""
        offer = resolve_offer(event, self.offers)
        offer_url = self.urls.entry_url(offer) if offer else None
        url = self.urls.entry_url(event)
        coming = [event_view.datum(o, self.texte) for o in dates(event, self.today)]
        return {"daten": coming[:event_view.MAX_DATES], "erste": event_view.FIRST_DATES,
                "reihe": event_view.series_text(event, self.texte),
                "anmeldung": event_view.registration(event, self.today, self.texte),
                "filter": {"anmeldung": event_view.registration_filter(event, self.today),
                           "monat": event_view.months(event, self.today)},
                "plaetze": event_view.places(event, self.today, self.texte),
                "angebot": self.summary(offer) if offer else None, "kalender": self.calendar_file(event),
                "json_ld": event_json_ld(event, site_url + url, self.texte, self.today, booking=event.buchung,
                                         offer=(offer.name, site_url + offer_url) if offer and offer_url else None)}

    def events_of(self, scope: str, slug: str | None = None) -> list[Termin]:
        """The published Termine of the region ("region"), a quarter ("quartier") or a topic ("thema")."""
        entries = (self.published.entries if scope == "region" else self.published.by_quarter.get(slug or "", [])
                   if scope == "quartier" else self.published.by_category.get(slug or "", []))
        return [e for e in entries if isinstance(e, Termin)]

    def event_lists(self) -> list[tuple[str, str | None]]:
        """The Termine list pages: the region's always (the navigation's "Termine"), a quarter's and a topic's when
        they have Termine."""
        lists: list[tuple[str, str | None]] = [("region", None)]
        lists += [("quartier", q) for q in self.content.quartiere if self.events_of("quartier", q)]
        lists += [("thema", t) for t in self.content.kategorien if self.events_of("thema", t)]
        return lists

    def events_url(self, scope: str, slug: str | None = None) -> str:
        return (self.urls.EVENTS_URL if scope == "region" else self.urls.quarter_events_url(slug or "")
                if scope == "quartier" else self.urls.category_events_url(slug or ""))

    def events_page(self, scope: str, slug: str | None = None) -> Page:
        """"Termine" of the region, a quarter or a topic: this week, this month, later, in the next school holidays.
        Each date carries its start and end, so the browser hides what has passed since the build (``termine.js``)."""
        url = self.events_url(scope, slug)
        events = self.events_of(scope, slug)
        found = event_view.sections(events, self.today, self.kalender, self.texte)
        deps = {*(e.source for e in events), *self._common_deps("termine.html")}
        if scope == "region":
            title, parent, parent_url = self.texte.gettext("Termine"), None, None
            deps |= {Deps.EVENTS, *self._quarter_deps()}
        elif scope == "quartier":
            quarter = self.content.quartiere[slug or ""]
            title = self.texte.gettext("Termine in %(ort)s", ort=quarter.name)
            parent, parent_url = quarter.name, self.urls.quarter_url(slug or "")
            deps |= {Deps.quarter_list(slug or ""), quarter.source, Deps.QUARTERS}
        else:
            category = self.content.kategorien[slug or ""]
            title = self.texte.gettext("Termine: %(thema)s", thema=category.name)
            parent, parent_url = category.name, self.urls.category_url(slug or "")
            deps |= {Deps.category_list(slug or ""), Deps.category(slug or "")}
        html = self._render("termine.html", url, titel=title, abschnitte=found, eltern=parent,
                            eltern_url=parent_url, heute=self.today, kalender=self.calendar_file(url),
                            ort=self._place)
        return self._page(url, title, html, in_nav=scope == "region", order=-1, deps=deps)

    def _events_link(self, scope: str, slug: str) -> tuple[str, int] | None:
        """A quarter's or topic's link to its Termine page and how many Termine it lists (None: it has none)."""
        events = self.events_of(scope, slug)
        return (self.events_url(scope, slug), len(events)) if events else None

    def home_events(self) -> dict[str, object]:
        """The home page's "Anmeldung läuft" (registration open, soonest closing first) and "Diese Woche"."""
        events = self.events_of("region")
        week = event_view.sections(events, self.today, self.kalender, self.texte).woche
        return {"anmeldung": event_view.registration_open(events, self.today, self.texte)[:event_view.HOME_ITEMS],
                "woche": week[:event_view.HOME_ITEMS], "url": self.urls.EVENTS_URL, "ort": self._place,
                "heute": self.today}

    def _contact_deps(self, slug: str, quarter: str | None, found: Eintrag | None) -> set[str]:
        # resolve_contact looks in the quarter first, then region-wide: a new file in either place may take over
        deps = {Deps.contact(quarter, slug), Deps.contact(None, slug)}
        if found is not None:
            deps.add(found.source)
        return deps

    def _quarter_deps(self) -> set[str]:
        """Pages that list or name every quarter."""
        return {Deps.QUARTERS, *(q.source for q in self.content.quartiere.values())}

    def _common_deps(self, template: str) -> set[str]:
        return {Deps.SITE, f"templates/site/{template}"}


def map_library_available() -> bool:
    return (LEAFLET / "leaflet.js").is_file()


# The map library comes from the npm registry (package.json); it is copied into the site, never committed.
LEAFLET = leaflet_dir()


def _point(entry: Eintrag, where: urls.SprachUrls) -> dict[str, object]:
    assert entry.geo
    return {"lat": entry.geo.lat, "lon": entry.geo.lon, "name": entry.name, "url": where.entry_url(entry)}


def _addresses(entries: list[Eintrag], where: urls.SprachUrls) -> list[dict[str, str]]:
    result = []
    for e in entries:
        if e.adresse and e.adresse.strasse:
            text = f"{e.adresse.strasse}, {e.adresse.plz or ''} {e.adresse.ort or ''}".strip()
            result.append({"name": e.name, "key": e.key, "url": where.entry_url(e), "text": text,
                           "route": links.entry_route(e),
                           "route_app": links.geo_uri(e)})
    return result


def language_builders(content: Content, today: date) -> list[PageBuilder]:
    """One page builder per language of ``site.yaml`` (the main language first), each with the content as that
    language shows it (``fassung``: translated text where there is some, the main language's elsewhere)."""
    haupt, *others = site_sprachen(content)
    main = PageBuilder(content, today, haupt)
    builders = [main]
    for sprache in others:
        version = fassung(content, sprache)
        builders.append(PageBuilder(version.content, today, sprache, version=version, original=main))
    return builders
