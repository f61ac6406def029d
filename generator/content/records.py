"""What loading yields: the whole content (``Content``) and its translation files, as plain records that the
loader, the translation reader and every later layer share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from wegweiser.core.problems import Loc
from wegweiser.model.entries import Eintrag, Kategorie, Quartier, Seite, Site
from wegweiser.model.glossary import Begriff

Status = Literal["uebersetzt", "veraltet", "fehlt"]
# What a translation translates: an entry, quarter, page, category or the site (``UEBERSETZBAR``).
Uebersetzbar = Eintrag | Quartier | Seite | Kategorie | Site
Key = tuple[str, str, str]  # (art, key, code): art as in UEBERSETZBAR, key as in ``Fassung.status``


@dataclass(frozen=True)
class Datei:
    """A file whose name looks like a translation (``<name>.<code>.<suffix>``), as the loader found it."""

    path: Path
    shown: str
    art: str  # eintrag, quartier, seite, site, kategorie (a kategorien.<code>.yaml holds all categories)
    base: str  # the original's name without suffix: an entry's or page's slug, "quartier", "site", "kategorien"
    code: str  # the language code as written in the name
    typ: str | None = None  # entries: the type folder
    quartier: str | None = None  # entries: the quarter (None: region-wide); quarters: the quarter's slug


@dataclass
class Uebersetzung:
    """One object's translation into one language: the translated text and where it stands."""

    art: str
    key: str  # entry ``.key``, quarter/page/category slug, or "site"
    sprache: str  # code
    source: str  # display path of the translation file
    texte: dict[str, str | list[str]] = field(default_factory=dict)  # field -> translated value
    vorlage: str | None = None  # fingerprint of the original's text the translation was made from
    original: dict[str, str | list[str]] | None = None  # that text itself, by field (``ORIGINAL``), if stored
    loc: Loc = Loc("")  # where the translation starts (a category's slug in kategorien.<code>.yaml)
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass
class Content:
    root: Path
    site: Site | None = None
    kategorien: dict[str, Kategorie] = field(default_factory=dict)
    seiten: list[Seite] = field(default_factory=list)
    quartiere: dict[str, Quartier] = field(default_factory=dict)
    eintraege: list[Eintrag] = field(default_factory=list)
    # Files whose required values are missing or invalid (reported): no object, but references to them
    # are not reported a second time as "gibt es nicht". (kind, quarter or None, slug); kind is a type
    # folder (kontakte, …), "quartier" or "kategorie".
    defekt: set[tuple[str, str | None, str]] = field(default_factory=set)
    # Translations by (art, key, language code), see uebersetzungen.py; files beside their originals.
    uebersetzungen: dict[Key, Uebersetzung] = field(default_factory=dict)
    # The network's own glossary (content/glossar*.yaml), by language code; the shipped one is added where it is used.
    glossar: dict[str, list[Begriff]] = field(default_factory=dict)

    def page_with_role(self, rolle: str) -> Seite | None:
        """The page that declares ``rolle`` (``rolle: notfallnummern``), else the page whose slug is the role's
        name (``seiten/notfallnummern.md``), else None. Never the first page of some kind in file order: the home
        page's "Wichtige Telefonnummern" opened "Geld für Familien" that way. Two pages declaring one role are an
        error of ``load_pages``; here the first one counts."""
        declared = next((page for page in self.seiten if page.rolle == rolle), None)
        return declared or next((page for page in self.seiten if page.slug == rolle and page.rolle is None), None)
