"""How far each language is translated: counts per kind (entries, pages, quarters) for ``check`` and the
preview."""

from __future__ import annotations

from dataclasses import dataclass

from wegweiser.content.language_versions import status
from wegweiser.content.records import Content, Status, Uebersetzung
from wegweiser.content.translation_files import originale, quelle
from wegweiser.i18n.languages import UEBERSETZBAR, VORLAGE, Sprache, sprachen


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
