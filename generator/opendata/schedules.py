"""Opening hours as HSDS schedule rows: one WEEKLY row per opening interval, with the weekdays that share it
(``byday``), where the ordinary week says everything the OpenStreetMap expression says; otherwise one row that
carries the expression as text (``description``).

Every row keeps the expression itself in ``notes`` (``opening_hours=…``, the OpenStreetMap tag), so that a reader
(``wegweiser import hsds``) gets it back exactly."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache

from wegweiser.hours import osm_hours

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
NOTES_PREFIX = "opening_hours="
_YEAR = 371  # every weekday of every month once at least: "Apr-Oct", "week 1-26" and dates differ somewhere


@dataclass(frozen=True)
class Row:
    """One schedule row's own fields (ids and links are added by the exporter)."""

    byday: str = ""  # "MO,TU,WE" ("" for a row with text only)
    opens_at: str = ""  # "08:30:00"
    closes_at: str = ""
    description: str = ""

    def fields(self) -> dict[str, str]:
        found = {"freq": "WEEKLY", "wkst": "MO", "byday": self.byday, "opens_at": self.opens_at,
                 "closes_at": self.closes_at} if self.byday else {}
        if self.description:
            found["description"] = self.description
        return found


@lru_cache(maxsize=4096)
def rows(expression: str) -> tuple[Row, ...]:
    """The rows for one ``oeffnungszeiten`` expression (checked by ``check``, so it parses)."""
    parsed = osm_hours.parse(expression)
    week = osm_hours.woche(parsed)
    if not _weekly(parsed, week):
        return (Row(description=f"Öffnungszeiten (OpenStreetMap-Format): {expression}"),)
    note = _holiday_note(parsed)
    by_interval: dict[tuple[str, str], list[int]] = {}
    for day in sorted(week):
        for interval in week[day]:
            by_interval.setdefault(interval, []).append(day)
    return tuple(Row(",".join(BYDAY[d] for d in days), f"{opens}:00", f"{closes}:00", note)
                 for (opens, closes), days in sorted(by_interval.items(), key=lambda item: (item[1][0], item[0])))


def _weekly(parsed: osm_hours.Oeffnungszeiten, week: dict[int, list[tuple[str, str]]]) -> bool:
    """Whether every ordinary day of a year has its weekday's intervals of the reference week, none of them running
    past midnight (HSDS rows have one weekday and times within it), and something is open at all."""
    if not week or any(closes == "24:00" or opens == "00:00" for day in week.values() for opens, closes in day):
        return False
    start = datetime(2026, 1, 5)  # a Monday
    for n in range(_YEAR):
        day_start = start + timedelta(days=n)
        spans = [(f"{a:%H:%M}", f"{b:%H:%M}" if b.date() == day_start.date() else "24:00")
                 for a, b in _spans(parsed, day_start)]
        if spans != week.get(n % 7, []):
            return False
    return True


def _spans(parsed: osm_hours.Oeffnungszeiten, day_start: datetime) -> list[tuple[datetime, datetime]]:
    import opening_hours as oh

    end = day_start + timedelta(days=1)
    return [(max(a, day_start), min(b, end)) for a, b, state, _comment in parsed.regel.intervals(day_start, end)
            if state == oh.State.OPEN and b > a]


def _holiday_note(parsed: osm_hours.Oeffnungszeiten) -> str:
    """What the rows cannot say about public and school holidays, in words."""
    notes = []
    for variant, closed, other in ((parsed.an_feiertagen, "An Feiertagen geschlossen.",
                                    "An Feiertagen andere Zeiten (siehe notes)."),
                                   (parsed.in_ferien, "In den Schulferien geschlossen.",
                                    "In den Schulferien andere Zeiten (siehe notes).")):
        if variant is not None:
            notes.append(closed if not osm_hours.woche(replace(parsed, regel=variant)) else other)
    if parsed.nicht_auswertbar:
        notes.append("Feiertage und Schulferien: siehe notes.")
    return " ".join(notes)
