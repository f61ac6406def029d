"""Where each thing lives on the website (paths relative to the site root, ending in "/")."""

from __future__ import annotations

from wegweiser.model import Eintrag
from wegweiser.sprachen import Sprache


def entry_url(entry: Eintrag) -> str:
    scope = f"quartiere/{entry.quartier}" if entry.quartier else "region"
    return f"{scope}/{entry.typ}/{entry.slug}/"


def quarter_url(slug: str) -> str:
    return f"quartiere/{slug}/"


def category_url(slug: str) -> str:
    return f"themen/{slug}/"


def page_url(slug: str) -> str:
    return f"seiten/{slug}/"


SEARCH_URL = "suche/"
MERKLISTE_URL = "merkliste/"


PRINT_DIR = "druck/"


def booklet_files(slug: str, sprache: Sprache | None = None) -> dict[str, str]:
    """The print files of a quarter, relative to the site root (written by ``wegweiser print``).

    The main language's booklet keeps its names (``druck/<slug>-heft-a5.pdf``: printed links stay valid); another
    language's carry its code before the extension, the way translation files do (``druck/<slug>-heft-a5.en.pdf``).
    All stay in the one ``druck/`` folder that ``build`` carries over."""
    code = f".{sprache.code}" if sprache is not None and sprache.pfad else ""
    return {"a5": f"{PRINT_DIR}{slug}-heft-a5{code}.pdf", "a4": f"{PRINT_DIR}{slug}-druckbogen-a4{code}.pdf",
            "html": f"{PRINT_DIR}{slug}{code}.html", "druckerei": f"{PRINT_DIR}{slug}-heft-a5-druckerei{code}.pdf"}
