"""Field types of dates (Termine): a moment with or without a time, and a repetition rule (an RFC 5545 RRULE subset).

Editors write dates the way they say them ("04.07.2026 10:00", "2026-07-04", "10 Uhr"); a date without a year
("04.07.") is the commonest slip and gets its own message, since the build cannot guess which year is meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Final

from wegweiser.core.problems import Problems
from wegweiser.model import json_schema as es
from wegweiser.model.fields import INVALID, NO_YEAR, NO_YEAR_HINT, FieldType, Invalid, named
from wegweiser.model.located_yaml import YNode

_ISO = r"(?P<iso>\d{4}-\d{2}-\d{2})"
_GERMAN = r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"
_TIME = r"(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?(?:\s*Uhr)?"
_MOMENT = re.compile(rf"(?:{_ISO}|{_GERMAN})(?:(?:\s*,\s*|\s+|T)(?:um\s+)?{_TIME})?", re.IGNORECASE)
_TIME_ONLY = re.compile(rf"(?:um\s+)?{_TIME}", re.IGNORECASE)
MOMENT_HINT = "Schreiben Sie z. B. 2026-07-04 10:00, 04.07.2026 10:00 oder nur das Datum 04.07.2026 (ganztägig)."


@dataclass(frozen=True, order=True)
class Zeitpunkt:
    """A day, with a time of day or without (then the whole day). ``tag`` is None only for an end given as a time
    alone ("16:00": the same day as the start of each date)."""

    tag: date | None
    uhrzeit: time | None = None

    def __str__(self) -> str:
        day = f"{self.tag:%Y-%m-%d}" if self.tag else ""
        clock = f"{self.uhrzeit:%H:%M}" if self.uhrzeit else ""
        return " ".join(filter(None, [day, clock]))

    def on(self, day: date) -> datetime:
        """This moment's time of day on ``day`` (midnight for a whole day)."""
        return datetime.combine(day, self.uhrzeit or time(0))


def _clock(hours: str | None, minutes: str | None) -> time | None:
    if hours is None:
        return None
    value = int(hours), int(minutes or 0)
    return time(*value) if value[0] < 24 and value[1] < 60 else None


class Moment(FieldType[Zeitpunkt]):
    """A date with an optional time; ``time_alone`` also lets the date be left out (an end on the start's day)."""

    label = "Datum und Uhrzeit"

    def __init__(self, time_alone: bool = False) -> None:
        self.time_alone = time_alone

    def convert(self, node: YNode, problems: Problems) -> Zeitpunkt | Invalid:
        scalar = self.scalar(node, problems, "ein Datum mit Uhrzeit")
        if scalar is None:
            return INVALID
        text = scalar.text.strip()
        found = _MOMENT.fullmatch(text)
        if found:
            try:
                day = (date.fromisoformat(found["iso"]) if found["iso"]
                       else date(int(found["y"]), int(found["m"]), int(found["d"])))
            except ValueError:
                problems.error(scalar.loc, named(scalar, f"„{text}“ ist kein gültiges Datum (diesen Tag gibt es "
                                                 "nicht)."))
                return INVALID
            clock = _clock(found["h"], found["min"])
            if found["h"] is not None and clock is None:
                problems.error(scalar.loc, named(scalar, f"„{text}“: diese Uhrzeit gibt es nicht."),
                               "Uhrzeiten gehen von 0:00 bis 23:59.")
                return INVALID
            return Zeitpunkt(day, clock)
        alone = _TIME_ONLY.fullmatch(text) if self.time_alone else None
        if alone:
            clock = _clock(alone["h"], alone["min"])
            if clock is not None:
                return Zeitpunkt(None, clock)
        if NO_YEAR.fullmatch(text):
            problems.error(scalar.loc, named(scalar, f"„{text}“ ist ein Datum ohne Jahr."), NO_YEAR_HINT)
            return INVALID
        problems.error(scalar.loc, named(scalar, f"„{text}“ ist kein Datum mit Uhrzeit."),
                       MOMENT_HINT + (" Beim Ende genügt die Uhrzeit (16:00), wenn es am selben Tag endet."
                                      if self.time_alone else ""))
        return INVALID

    def json_schema(self) -> es.JSON:
        clock = r"(?:(?:\s*,\s*|\s+|T)(?:um\s+)?\d{1,2}(?:[:.]\d{2})?(?:\s*Uhr)?)?"
        day = r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})"
        pattern = rf"{day}{clock}" + (r"|(?:um\s+)?\d{1,2}(?:[:.]\d{2})?(?:\s*Uhr)?" if self.time_alone else "")
        return es.matching(pattern, "Erwartet wird ein Datum mit Jahr, gern mit Uhrzeit: 2026-07-04 10:00 oder "
                           "04.07.2026 10:00" + (", oder nur die Uhrzeit (16:00)." if self.time_alone else "."))

    def describe(self) -> str:
        return ("Datum und Uhrzeit (2026-07-04 10:00 oder 04.07.2026 10:00; ohne Uhrzeit ganztägig"
                + ("; nur „16:00“: am selben Tag)" if self.time_alone else ")"))


# --- repetition rules ----------------------------------------------------------------------------------------------

WEEKDAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
GERMAN_WEEKDAYS: Final = {"MO": "Montag", "TU": "Dienstag", "WE": "Mittwoch", "TH": "Donnerstag", "FR": "Freitag",
                           "SA": "Samstag", "SU": "Sonntag"}
_FREQUENCIES: Final = {"DAILY": "täglich", "WEEKLY": "wöchentlich", "MONTHLY": "monatlich", "YEARLY": "jährlich"}
_PARTS: Final = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH")
_BYDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
RULE_HINT = ("Beispiele: FREQ=WEEKLY;BYDAY=WE;UNTIL=2027-07-10 (jeden Mittwoch bis 10.07.2027), "
             "FREQ=MONTHLY;BYDAY=1SA;COUNT=10 (zehnmal am ersten Samstag im Monat), "
             "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=2027-03-31 (alle zwei Wochen dienstags und donnerstags).")


@dataclass(frozen=True)
class Regel:
    """A repetition rule as entered (``text``, written to calendars unchanged but for UNTIL's form) and its parts."""

    text: str
    freq: str
    interval: int = 1
    count: int | None = None
    until: date | None = None
    byday: tuple[tuple[int | None, str], ...] = ()
    bymonthday: tuple[int, ...] = ()
    bymonth: tuple[int, ...] = ()

    @property
    def has_end(self) -> bool:
        return self.count is not None or self.until is not None

    def ical(self) -> str:
        """The rule in RFC 5545 form (UNTIL as a date, ``20270710``), in the order entered."""
        parts = []
        for part in self.text.split(";"):
            key, _, value = part.partition("=")
            key = key.strip().upper()
            if key == "UNTIL" and self.until:
                value = f"{self.until:%Y%m%d}"
            parts.append(f"{key}={value.strip().upper()}")
        return ";".join(parts)


class _RuleError(ValueError):
    pass


def _numbers(key: str, value: str, low: int, high: int, allow_negative: bool = False) -> tuple[int, ...]:
    result = []
    for item in value.split(","):
        item = item.strip()
        if not re.fullmatch(r"[+-]?\d+", item):
            raise _RuleError(f"{key}={value}: „{item}“ ist keine Zahl.")
        number = int(item)
        if not (low <= number <= high or (allow_negative and -high <= number <= -low)):
            raise _RuleError(f"{key}={value}: {number} liegt nicht zwischen {low} und {high}.")
        result.append(number)
    return tuple(result)


def parse_rule(text: str) -> Regel:
    """The supported subset of RFC 5545 RRULE (FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH); raises
    ``_RuleError`` with a German message for anything else."""
    parts: dict[str, str] = {}
    for piece in filter(None, (p.strip() for p in text.strip().removeprefix("RRULE:").split(";"))):
        key, sep, value = piece.partition("=")
        key = key.strip().upper()
        if not sep or not value.strip():
            raise _RuleError(f"„{piece}“ hat die Form SCHLÜSSEL=WERT nicht.")
        if key not in _PARTS:
            raise _RuleError(f"„{key}“ wird nicht unterstützt (möglich: {', '.join(_PARTS)}).")
        if key in parts:
            raise _RuleError(f"„{key}“ steht zweimal in der Regel.")
        parts[key] = value.strip().upper()
    freq = parts.get("FREQ")
    if freq is None:
        raise _RuleError("FREQ fehlt: wie oft wiederholt sich der Termin (DAILY, WEEKLY, MONTHLY, YEARLY)?")
    if freq not in _FREQUENCIES:
        raise _RuleError(f"FREQ={freq} gibt es nicht (möglich: {', '.join(_FREQUENCIES)}).")
    if "COUNT" in parts and "UNTIL" in parts:
        raise _RuleError("COUNT und UNTIL zusammen sind nicht erlaubt (RFC 5545): nehmen Sie eines von beiden.")
    until = None
    if "UNTIL" in parts:
        raw = parts["UNTIL"].rstrip("Z")
        raw = raw.split("T")[0]
        try:
            until = date.fromisoformat(raw) if "-" in raw else date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
        except (ValueError, IndexError):
            raise _RuleError(f"UNTIL={parts['UNTIL']} ist kein Datum (2027-07-10 oder 20270710).") from None
    byday = []
    for item in filter(None, parts.get("BYDAY", "").split(",")):
        found = _BYDAY.fullmatch(item.strip())
        if not found:
            raise _RuleError(f"BYDAY: „{item}“ ist kein Wochentag (MO, TU, WE, TH, FR, SA, SU; im Monat z. B. 1SA "
                             "oder -1FR).")
        ordinal = int(found[1]) if found[1] else None
        if ordinal is not None:
            if freq not in ("MONTHLY", "YEARLY"):
                raise _RuleError(f"BYDAY={item}: eine Zahl vor dem Wochentag gibt es nur bei FREQ=MONTHLY.")
            if ordinal == 0 or abs(ordinal) > 5:
                raise _RuleError(f"BYDAY={item}: im Monat gibt es den 1. bis 5. (oder -1. bis -5.) Wochentag.")
        byday.append((ordinal, found[2]))
    count = _numbers("COUNT", parts["COUNT"], 1, 1000)[0] if "COUNT" in parts else None
    interval = _numbers("INTERVAL", parts["INTERVAL"], 1, 52)[0] if "INTERVAL" in parts else 1
    return Regel(text.strip(), freq, interval, count, until, tuple(byday),
                 _numbers("BYMONTHDAY", parts["BYMONTHDAY"], 1, 31, True) if "BYMONTHDAY" in parts else (),
                 _numbers("BYMONTH", parts["BYMONTH"], 1, 12) if "BYMONTH" in parts else ())


def german_weekday(day: date) -> str:
    """The weekday of ``day`` in German, for messages to editors ("Dienstag")."""
    return GERMAN_WEEKDAYS[WEEKDAYS[day.weekday()]]


def describe_rule(rule: Regel) -> str:
    """The rule in German words for messages ("wöchentlich am Mittwoch bis 10.07.2027")."""
    days = ", ".join(f"{o}. " * (o is not None and o > 0) + GERMAN_WEEKDAYS[d] for o, d in rule.byday)
    words = [_FREQUENCIES[rule.freq] if rule.interval == 1 else f"alle {rule.interval} ({rule.freq})"]
    if days:
        words.append(f"am {days}")
    if rule.until:
        words.append(f"bis {rule.until:%d.%m.%Y}")
    if rule.count:
        words.append(f"{rule.count}-mal")
    return " ".join(words)


class Rule(FieldType[Regel]):
    label = "Wiederholung"

    def convert(self, node: YNode, problems: Problems) -> Regel | Invalid:
        scalar = self.scalar(node, problems, "eine Wiederholungsregel")
        if scalar is None:
            return INVALID
        try:
            return parse_rule(scalar.text)
        except _RuleError as error:
            problems.error(scalar.loc, named(scalar, f"Die Wiederholung ist ungültig: {error}"), RULE_HINT)
            return INVALID

    def json_schema(self) -> es.JSON:
        return es.matching(r"(RRULE:)?FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Za-z]+=[^;]+)*|"
                           r"([A-Za-z]+=[^;]+;)+FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Za-z]+=[^;]+)*",
                           "Erwartet wird eine Regel wie FREQ=WEEKLY;BYDAY=WE;UNTIL=2027-07-10.")

    def describe(self) -> str:
        return "Wiederholungsregel (RFC 5545, z. B. FREQ=WEEKLY;BYDAY=WE;UNTIL=2027-07-10)"
