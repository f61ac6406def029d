"""When an entry is open or can be reached: one function (``when_open``) for the entry page, its card, the
Merkliste, "jetzt geöffnet", JSON-LD, the booklet and the Prüfliste.

Parsing and checking the OSM expression and the holiday calendar are ``hours/``; this module puts an entry's
three fields together (``oeffnungszeiten``, a contact's ``sprechzeiten``, ``zeiten`` in words). Two differences
are intended and named: a card is short (``short``: the week line, else the words), a booklet and the Prüfliste
are read without a page to follow (``full``: the week line with its holiday notes, else the consulting hours,
and the words as well; the Prüfliste lists each field on its own line, the hours as ``week_line``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from wegweiser.hours import osm_hours
from wegweiser.hours.holiday_calendar import Kalender
from wegweiser.i18n.catalogue import Texte
from wegweiser.model.entries import Eintrag


@dataclass(frozen=True)
class WhenOpen:
    hours: osm_hours.Hours | None  # the week table with its holiday notes (None: no ``oeffnungszeiten``)
    week: dict[int, list[tuple[str, str]]]  # open intervals of an ordinary week (0 = Monday): JSON-LD
    upcoming: dict[str, object] | None  # week rules or open intervals (osm_hours.browser_zeiten): the browser's times
    office_hours: str  # ``sprechzeiten`` as written
    words: str  # ``zeiten`` as written

    @property
    def table(self) -> bool:
        return self.hours is not None and bool(self.hours.rows)

    def short(self) -> str:
        """Cards and the Merkliste: the week in one line, else the times in words."""
        return self.hours.text if self.hours and self.hours.rows else self.words

    def week_line(self) -> str:
        """The week in one line with its holiday notes ("Mo–Fr 08:00–16:00 Uhr (an Feiertagen geschlossen)")."""
        if not self.hours or not self.hours.rows:
            return ""
        return self.hours.text + (f" ({'; '.join(self.hours.notes)})" if self.hours.notes else "")

    def full(self) -> str:
        """Booklets: the week with its holiday notes, else the consulting hours; then the words."""
        return "; ".join(filter(None, [self.week_line() or self.office_hours, self.words]))

    def office_hours_beyond(self, words: Texte) -> str:
        """``sprechzeiten`` in words, unless the week table already says it (every hour it names, 9–12 or 14:30,
        stands in the table): shown once, not twice; "nach Vereinbarung" is kept."""
        if not self.office_hours:
            return ""
        if not self.hours or not self.hours.rows:
            return self.office_hours
        table = " ".join(row.times for row in self.hours.rows)
        said = {int(h) for h in re.findall(r"\b(\d{1,2})(?::\d\d)?\b", table)}
        named = {int(h) for h in re.findall(r"\b(\d{1,2})(?::\d\d)?\b", self.office_hours)}
        if named and named <= said:
            return words.gettext("auch nach Vereinbarung") if "vereinbarung" in self.office_hours.casefold() else ""
        return self.office_hours


def when_open(entry: Eintrag, kalender: Kalender, today: date | None, sprache: Texte | None = None, *,
              land: bool = True) -> WhenOpen:
    """When ``entry`` is open, with the holidays of ``kalender``. ``today`` None: no "next holiday" and no
    "jetzt geöffnet" (a booklet is used for months); ``land`` False: notes do not name the Bundesland (a booklet
    is handed out in one Land and keeps its lines short)."""
    expression = entry.oeffnungszeiten
    parsed = osm_hours.parse(expression) if expression else None
    return WhenOpen(
        hours=osm_hours.wochentabelle(parsed, kalender, today, land, sprache) if parsed else None,
        week=osm_hours.woche(parsed) if parsed else {},
        upcoming=osm_hours.browser_zeiten(parsed, kalender, today) if parsed and today else None,
        office_hours=getattr(entry, "sprechzeiten", None) or "",
        words=entry.zeiten or "")


# Pagefind indexes the text of meta fields as searchable words. The hours' JSON as text made its keys words ("b"
# answered "breakfast"), and as hexadecimal it made one 460-letter word per entry. Written in sixteen symbols that
# are no word characters, it adds nothing to the word index; templates/assets/suche.js (``fromSymbols``) reads it.
SEARCH_SYMBOLS = "!#$%()*+,/:;=?@~"


def search_meta(upcoming: dict[str, object]) -> str:
    """The browser's hours (``WhenOpen.upcoming``) for the search index's meta field ``zeiten``: each byte of the
    JSON as two of ``SEARCH_SYMBOLS`` (its hexadecimal digits)."""
    hexed = json.dumps(upcoming, ensure_ascii=False, separators=(",", ":")).encode("utf-8").hex()
    return hexed.translate(str.maketrans("0123456789abcdef", SEARCH_SYMBOLS))
