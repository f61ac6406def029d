"""Per quarter, what needs the editors: entries due for review, entries not translated into a site language, venues
without accessibility facts.

- Due for review: the rule of ``wegweiser pruefliste`` (``check.review_due``), over the quarter's entries that are
  shown or past their ``gueltig_bis`` (the review list asks about those), without Termine whose last date is past.
- Missing translations: per site language besides the main one, the shown entries of the quarter that have no
  translation into it (an outdated translation is published, so it does not count as missing).
- Venues: shown entries with an address or a place on the map (``adresse`` or ``geo``); without accessibility facts
  when ``zugang`` is missing or says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wegweiser.check.review_due import reasons
from wegweiser.content.language_versions import status
from wegweiser.content.records import Content
from wegweiser.model.entries import Eintrag, Termin
from wegweiser.model.occurrences import ended
from wegweiser.render.page_builder import Published, quarters_of


@dataclass(frozen=True)
class Share:
    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        """Rounded to whole percent; None when there is nothing to share."""
        return round(100 * self.part / self.whole) if self.whole else None

    def text(self) -> str:
        """"3 von 10 (30 %)"; "–" when the quarter has none."""
        return f"{self.part} von {self.whole} ({self.percent} %)" if self.whole else "–"


@dataclass(frozen=True)
class QuarterShares:
    quarter: str  # the quarter's name
    due: Share
    untranslated: dict[str, Share]  # by site language code
    venues_without_access: Share


def _reviewed(entry: Eintrag, today: date) -> bool:
    return not (isinstance(entry, Termin) and ended(entry, today))


def quarter_shares(content: Content, today: date, months: int) -> list[QuarterShares]:
    shown = Published.select(content, today).by_quarter
    codes = (content.site.sprachen if content.site else [])[1:]
    reviewed: dict[str, list[Eintrag]] = {slug: [] for slug in content.quartiere}
    for entry in content.eintraege:
        if _reviewed(entry, today):
            for slug in quarters_of(entry, content):
                reviewed[slug].append(entry)
    result = []
    for slug, quarter in content.quartiere.items():
        entries = shown.get(slug, [])
        due = sum(bool(reasons(entry, today, months)) for entry in reviewed[slug])
        untranslated = {code: Share(sum(status(content, "eintrag", e.key, code, e) == "fehlt" for e in entries),
                                    len(entries)) for code in codes}
        venues = [e for e in entries if e.adresse is not None or e.geo is not None]
        without = sum(e.zugang is None or not e.zugang.known for e in venues)
        result.append(QuarterShares(quarter.name, Share(due, len(reviewed[slug])), untranslated,
                                    Share(without, len(venues))))
    return result
