"""How far each language is translated: counts per kind (entries, pages, quarters) for ``check`` and the
preview."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel.messages.pofile import read_po

from wegweiser.content.language_versions import status
from wegweiser.content.records import Content, Status, Uebersetzung
from wegweiser.content.translation_files import originale, quelle
from wegweiser.core.problems import Loc
from wegweiser.i18n.catalogue import DOMAIN, LOCALE_DIR, Texte, po_path, texte
from wegweiser.i18n.languages import UEBERSETZBAR, VORLAGE, Sprache, sprachen
from wegweiser.model.entries import Seite
from wegweiser.render import legal_pages


@dataclass
class Stand:
    """Counts of one language: per art (eintrag, seite, quartier, …) how many are translated, missing, outdated."""

    sprache: Sprache
    zahlen: dict[str, dict[Status, int]]
    veraltet: list[Uebersetzung]


GEZAEHLT = ("eintrag", "seite", "quartier")


def stand(content: Content) -> list[Stand]:
    """Per language other than the main one: the translation status of entries, pages and quarters (and of
    categories and the site texts, not printed), with the outdated translations in file order."""
    if content.site is None:
        return []
    result = []
    objects = originale(content)
    for sprache in sprachen(content.site.sprachen)[1:]:
        zahlen: dict[str, dict[Status, int]] = {art: {"uebersetzt": 0, "fehlt": 0, "veraltet": 0}
                                                for art in UEBERSETZBAR}
        veraltet = []
        for (art, key), obj in objects.items():
            state = status(content, art, key, sprache.code, obj)
            zahlen[art][state] += 1
            if state == "veraltet":
                veraltet.append(content.uebersetzungen[art, key, sprache.code])
        veraltet.sort(key=lambda u: (u.source, u.loc))
        result.append(Stand(sprache, zahlen, veraltet))
    return result


def _zahlen(zahlen: dict[Status, int]) -> str:
    missing = zahlen["fehlt"]
    return (f"{zahlen['uebersetzt']} übersetzt, {missing} {'fehlt' if missing == 1 else 'fehlen'}, "
            f"{zahlen['veraltet']} veraltet")


@dataclass(frozen=True)
class Rueckfall:
    """A text of a language's chrome (title bar, navigation, footer) that its pages show in the main language."""

    wo: str  # "Navigation", "Fußzeile", "Titel der Website", "Programm"
    text: str
    grund: str  # why, located: "content/seiten/fruehe-hilfen.md:2:8 hat keine Übersetzung ar"


def _translated(content: Content, art: str, key: str, code: str, feld: str) -> bool:
    uebersetzung = content.uebersetzungen.get((art, key, code))
    return uebersetzung is not None and feld in uebersetzung.texte


def _where(loc: Loc | None, source: str) -> str:
    return str(loc) if loc is not None else source


def rueckfaelle(content: Content, sprache: Sprache) -> list[Rueckfall]:
    """What of the chrome ``sprache``'s pages show in the main language: the site's title, the titles of the pages
    in the navigation and the footer (a legal page's title comes from the catalogue), and the program's own
    words its catalogue lacks. The same rules as the pages' (``PageBuilder.general_pages``)."""
    words = texte(sprache)
    found: list[Rueckfall] = []
    site = content.site
    if site is not None and not _translated(content, "site", "site", sprache.code, "titel"):
        found.append(Rueckfall("Titel der Website", site.titel,
                               f"{_where(site.locs.get('titel'), site.source)} hat keine Übersetzung {sprache.code}"))
    for page in sorted(content.seiten, key=lambda p: (p.reihenfolge, p.titel)):
        found.extend(_page_fallback(content, page, sprache, words))
    present = {p.slug for p in content.seiten}
    for legal in legal_pages.RECHTSSEITEN:  # generated where the content lacks them, titled from the catalogue
        if legal.slug not in present and not any(legal_pages.rolle(p) is legal for p in content.seiten) \
                and not words.hat(legal.titel):
            found.append(Rueckfall("Fußzeile", legal.titel, f"{_po_shown(sprache)} übersetzt es nicht"))
    missing = _catalogue_gaps(sprache, words)
    if missing:
        found.append(Rueckfall("Programm", f"{missing} {'Text' if missing == 1 else 'Texte'} des Programms",
                               f"{_po_shown(sprache)} übersetzt {'ihn' if missing == 1 else 'sie'} nicht"))
    return found


def _page_fallback(content: Content, page: Seite, sprache: Sprache, words: Texte) -> list[Rueckfall]:
    if _translated(content, "seite", page.slug, sprache.code, "titel") or legal_pages.katalogtitel(page, words):
        return []
    return [Rueckfall("Fußzeile" if page.fusszeile else "Navigation", page.titel,
                      f"{_where(page.locs.get('titel'), page.source)} hat keine Übersetzung {sprache.code}")]


def _po_shown(sprache: Sprache) -> str:
    return f"Der Katalog {po_path(sprache.code).relative_to(LOCALE_DIR.parent.parent).as_posix()}"


@cache
def _msgids() -> tuple[tuple[str, str | None], ...]:
    """Every UI string of the program (the catalogue template, ``make i18n``) with its context; a plural by its
    singular."""
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as handle:
        catalog = read_po(handle)
    return tuple((m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id)


def _catalogue_gaps(sprache: Sprache, words: Texte) -> int:
    return sum(not words.hat(message, context) for message, context in _msgids())


def oberflaeche(content: Content) -> list[str]:
    """What ``check`` prints about the chrome: per language other than the main one whose pages still show some
    of it in the main language, one line naming each text and why (located); nothing when all is translated."""
    lines = []
    for sprache in sprachen(content.site.sprachen if content.site else [])[1:]:
        found = rueckfaelle(content, sprache)
        if found:
            count = f"{len(found)} {'Text' if len(found) == 1 else 'Texte'} der Oberfläche noch deutsch"
            items = "; ".join(f"{r.wo} „{r.text}“ ({r.grund})" for r in found)
            lines.append(f"  {sprache.code}: {count}: {items}")
    if lines:
        lines[:0] = ["", "Oberfläche in den Sprachen (Titel, Navigation, Fußzeile), wo sie noch deutsch ist – eine "
                         "Übersetzung mit „titel:“ neben dem Original behebt es:"]
    return lines


def zusammenfassung(content: Content) -> list[str]:
    """What ``check`` prints about translations: one line per language, then the outdated translations as
    located hints (they are published, with a notice; they do not fail the check). Nothing for one language."""
    states = stand(content)
    if not states:
        return []
    lines = ["", "Übersetzungen (übersetzt, fehlt, veraltet):"]
    for state in states:
        parts = [f"{ART_NAMEN[art]} {_zahlen(state.zahlen[art])}" for art in GEZAEHLT]
        lines.append(f"  {state.sprache.eigenname} ({state.sprache.code}): {'; '.join(parts)}")
    objects = originale(content)
    for state in states:
        for uebersetzung in state.veraltet:
            original = objects[uebersetzung.art, uebersetzung.key]
            loc = uebersetzung.locs.get(VORLAGE, uebersetzung.loc)
            lines.append(f"{loc}: Hinweis: Die Übersetzung ({state.sprache.eigenname}) ist veraltet: das Original "
                         f"{quelle(original)} wurde seither geändert. Sie wird mit dem Hinweis auf die neuere Fassung "
                         "veröffentlicht.")
    return lines


ART_NAMEN = {"eintrag": "Einträge", "seite": "Seiten", "quartier": "Quartiere", "kategorie": "Kategorien",
             "site": "Website-Texte"}
