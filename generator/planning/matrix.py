"""The report's matrix: per quarter, age band and topic, how many offers there are, how many are free and how many
are offered in each family language; an empty cell is a gap.

What counts (the report's legend says the same): every entry the site shows today (``Published``: not past its
``gueltig_bis``, no Termin whose last date is past) of every type, since Kitas, schools and playgrounds are what
families look for too; except a Termin that names its ``angebot``: it is a date of that offer, not an offer of its
own. An entry counts in every quarter it appears in (region-wide ones with ``quartiere: alle`` in all), in every
topic of its ``kategorien`` and in every age band its ``alter`` overlaps: ``von 0 bis 3`` counts in 0–1 and 1–3
(the bands include their lower end, not their upper one). Without ``alter`` it is for all ages (every band from
0–1 to 18–27). The band "Schwangerschaft" holds the entries with ``schwangerschaft: ja``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from wegweiser.content.records import Content
from wegweiser.model.entries import Eintrag, Termin
from wegweiser.render.page_builder import Published, quarters_of


@dataclass(frozen=True)
class Band:
    """An age band: ages from ``lowest`` up to (not including) ``highest``; None: the pregnancy band."""

    key: str  # CSV and ids: "schwangerschaft", "0-1"
    label: str  # "Schwangerschaft", "0–1 Jahre"
    lowest: float | None = None
    highest: float | None = None


BANDS = (Band("schwangerschaft", "Schwangerschaft"), Band("0-1", "0–1 Jahre", 0, 1), Band("1-3", "1–3 Jahre", 1, 3),
         Band("3-6", "3–6 Jahre", 3, 6), Band("6-10", "6–10 Jahre", 6, 10), Band("10-14", "10–14 Jahre", 10, 14),
         Band("14-18", "14–18 Jahre", 14, 18), Band("18-27", "18–27 Jahre", 18, 27))


def bands_of(entry: Eintrag) -> list[Band]:
    """The bands ``entry`` counts in (see the module's docstring)."""
    found = [BANDS[0]] if entry.schwangerschaft else []
    lowest, highest = (entry.alter.lowest, entry.alter.highest) if entry.alter else (0.0, math.inf)
    for band in BANDS[1:]:
        assert band.lowest is not None and band.highest is not None
        overlaps = lowest < band.highest and highest > band.lowest
        one_age = lowest == highest and band.lowest <= lowest < band.highest  # "alter: {von: 3, bis: 3}"
        if overlaps or one_age:
            found.append(band)
    return found


def counted(entry: Eintrag) -> bool:
    """Whether a shown entry is an offer of its own (a Termin of an Angebot is one of the offer's dates)."""
    return not (isinstance(entry, Termin) and entry.angebot)


@dataclass
class Cell:
    offers: int = 0
    free: int = 0
    languages: dict[str, int] = field(default_factory=dict)  # by language code, the family languages only

    @property
    def gap(self) -> bool:
        return self.offers == 0


@dataclass
class Matrix:
    quarters: dict[str, str]  # slug -> name, in the content's order
    topics: dict[str, str]  # slug -> name, in kategorien.yaml's order
    languages: list[str]  # the family languages' codes (see ``family_languages``)
    main_language: str
    cells: dict[tuple[str, str, str], Cell]  # (quarter, band key, topic)
    per_band: dict[tuple[str, str], int]  # (quarter, band key): distinct offers over all topics
    per_language: dict[tuple[str, str], int]  # (quarter, language code): distinct offers over all cells
    without_topic: list[Eintrag]  # shown entries without a (known) topic: counted in no cell
    without_band: list[Eintrag]  # shown entries whose ages lie above 27: counted in no cell

    def cell(self, quarter: str, band: str, topic: str) -> Cell:
        return self.cells[quarter, band, topic]

    def other_languages(self, cell: Cell) -> list[tuple[str, int]]:
        """The cell's offers in languages besides the main one, by code, where there are any."""
        return [(code, cell.languages[code]) for code in self.languages
                if code != self.main_language and cell.languages[code]]

    def gaps(self) -> list[tuple[str, Band, str]]:
        """The empty cells as (quarter name, band, topic name), in the matrix's order."""
        return [(name, band, topic_name) for quarter, name in self.quarters.items() for band in BANDS
                for topic, topic_name in self.topics.items() if self.cells[quarter, band.key, topic].gap]


def family_languages(content: Content, entries: list[Eintrag]) -> tuple[str, list[str]]:
    """The main language and the family languages: the site's languages (without Leichte Sprache, which is German)
    and every language a shown entry offers counselling in, the main language first, then in the site's order,
    then by code."""
    site_codes = [code for code in (content.site.sprachen if content.site else ["de"]) if code != "leicht"]
    main = site_codes[0] if site_codes else "de"
    offered = sorted({code for entry in entries for code in entry.sprachen} - set(site_codes))
    return main, [*site_codes, *offered]


def languages_of(entry: Eintrag, main: str) -> list[str]:
    """The languages an entry offers: its ``sprachen``, or the main language when it names none."""
    return list(entry.sprachen) or [main]


def build_matrix(content: Content, today: date) -> Matrix:
    shown = [entry for entry in Published.select(content, today).entries if counted(entry)]
    main, languages = family_languages(content, shown)
    quarters = {slug: quarter.name for slug, quarter in content.quartiere.items()}
    topics = {slug: category.name for slug, category in content.kategorien.items()}
    cells = {(q, band.key, t): Cell(languages={code: 0 for code in languages})
             for q in quarters for band in BANDS for t in topics}
    per_band = {(q, band.key): 0 for q in quarters for band in BANDS}
    per_language = {(q, code): 0 for q in quarters for code in languages}
    without_topic, without_band = [], []
    for entry in shown:
        entry_topics = [t for t in dict.fromkeys(entry.kategorien) if t in topics]
        bands = bands_of(entry)
        if not entry_topics:
            without_topic.append(entry)
        if not bands:
            without_band.append(entry)
        spoken = languages_of(entry, main)
        for quarter in quarters_of(entry, content):
            if entry_topics and bands:
                for code in spoken:
                    per_language[quarter, code] += 1
            for band in bands:
                per_band[quarter, band.key] += bool(entry_topics)
                for topic in entry_topics:
                    cell = cells[quarter, band.key, topic]
                    cell.offers += 1
                    cell.free += entry.kostenlos
                    for code in spoken:
                        cell.languages[code] += 1
    return Matrix(quarters, topics, languages, main, cells, per_band, per_language, without_topic, without_band)
