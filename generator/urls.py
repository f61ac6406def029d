"""Where each thing lives on the website (paths relative to the site root, ending in "/")."""

from __future__ import annotations

from wegweiser.model import Eintrag


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


def booklet_files(slug: str) -> dict[str, str]:
    """The print files of a quarter, relative to the site root (written by ``wegweiser print``)."""
    return {"a5": f"{PRINT_DIR}{slug}-heft-a5.pdf", "a4": f"{PRINT_DIR}{slug}-druckbogen-a4.pdf",
            "html": f"{PRINT_DIR}{slug}.html"}
