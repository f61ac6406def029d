"""The days a Termin takes place on, and what editors get wrong about them.

A Termin is one date, a few listed dates or a series (an RFC 5545 rule with exceptions); ``dates`` unfolds it into
single ``Vorkommen`` the way a calendar program does (python-dateutil's rrule, which implements RFC 5545), so the
website's lists, the .ics files and the booklet agree with what Thunderbird or a phone shows for the same rule.
All times are local to Germany (``ZONE``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final, Literal
from zoneinfo import ZoneInfo

from dateutil import rrule

from wegweiser.core.problems import Loc, Problems
from wegweiser.model.entries import Termin
from wegweiser.model.event_fields import WEEKDAYS, Regel, Zeitpunkt, describe_rule, german_weekday

ZONE: Final = ZoneInfo("Europe/Berlin")
ZONE_NAME: Final = "Europe/Berlin"
# A series is unfolded at most this far: enough for any list or calendar the site shows, and a bound on a rule's cost.
HORIZON: Final = timedelta(days=3 * 366)
# Places left are shown for a week after they were counted (issue 28): older counts mislead more than they help.
PLACES_FRESH: Final = timedelta(days=7)

_FREQ: Final[dict[str, Literal[0, 1, 2, 3, 4, 5, 6]]] = {
    "DAILY": rrule.DAILY, "WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY, "YEARLY": rrule.YEARLY}
_WEEKDAY: Final = dict(zip(WEEKDAYS, (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU),
                           strict=True))


@dataclass(frozen=True, order=True)
class Vorkommen:
    """One date of a Termin in local time. A whole-day date starts at midnight and ``end`` is the midnight after its
    last day (exclusive, as in iCalendar); a timed one without an end has ``end`` None."""

    start: datetime
    end: datetime | None
    all_day: bool

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last day it takes place on (inclusive)."""
        if self.end is None:
            return self.day
        if self.all_day or self.end.time() == time(0):
            return max(self.day, (self.end - timedelta(days=1)).date())
        return self.end.date()


def _length(event: Termin) -> timedelta | None:
    """How long each date lasts, from ``beginn`` and ``ende``; None when there is no (sensible) end."""
    start, end = event.beginn, event.ende
    if end is None or start.tag is None:
        return None
    if end.tag is None:  # a time alone: the same day
        if start.uhrzeit is None or end.uhrzeit is None:
            return None
        return end.on(start.tag) - start.on(start.tag)
    if start.uhrzeit is None:  # whole days: up to and including the end's day
        return datetime.combine(end.tag, time(0)) + timedelta(days=1) - start.on(start.tag)
    return (end.on(end.tag) if end.uhrzeit else datetime.combine(end.tag, time(0)) + timedelta(days=1)) \
        - start.on(start.tag)


def _occurrence(start: Zeitpunkt, day: date, length: timedelta | None) -> Vorkommen:
    begin = start.on(day)
    all_day = start.uhrzeit is None
    if length is None or length <= timedelta(0):
        return Vorkommen(begin, begin + timedelta(days=1) if all_day else None, all_day)
    return Vorkommen(begin, begin + length, all_day)


def rule_set(event: Termin, rule: Regel) -> rrule.rrule:
    assert event.beginn.tag is not None
    until = datetime.combine(rule.until, time(23, 59, 59)) if rule.until else None
    weekdays = [_WEEKDAY[day](ordinal) if ordinal else _WEEKDAY[day] for ordinal, day in rule.byday] or None
    return rrule.rrule(_FREQ[rule.freq], dtstart=event.beginn.on(event.beginn.tag), interval=rule.interval,
                       count=rule.count, until=until, byweekday=weekdays, bymonthday=rule.bymonthday or None,
                       bymonth=rule.bymonth or None, cache=False)


def _rule_starts(event: Termin, limit: datetime) -> list[datetime]:
    if event.wiederholung is None:
        return []
    starts = []
    for start in rule_set(event, event.wiederholung):
        if start > limit:
            break
        starts.append(start)
    return starts


def dates(event: Termin, von: date | None = None, bis: date | None = None, *,
          with_exceptions: bool = False) -> list[Vorkommen]:
    """The Termin's dates that touch ``von``–``bis`` (inclusive; open where None), in order: the start, the rule's
    dates, the listed ``daten``, without the ``ausnahmen`` (RFC 5545's DTSTART, RRULE, RDATE and EXDATE)."""
    start = event.beginn
    if start.tag is None:
        return []
    length = _length(event)
    limit = datetime.combine(bis or start.tag + HORIZON, time(23, 59, 59))
    excluded = set() if with_exceptions else set(event.ausnahmen)
    found: dict[datetime, Vorkommen] = {}
    firsts = [start.on(start.tag), *_rule_starts(event, limit)]
    for first in firsts:
        found.setdefault(first, _occurrence(start, first.date(), length))
    for extra in event.daten:
        if extra.tag is not None:
            moment = Zeitpunkt(extra.tag, extra.uhrzeit or start.uhrzeit)
            found.setdefault(moment.on(extra.tag), _occurrence(moment, extra.tag, length))
    return sorted(o for o in found.values() if o.day not in excluded and (von is None or o.last_day >= von)
                  and (bis is None or o.day <= bis))


def last_day(event: Termin, every: list[Vorkommen] | None = None) -> date | None:
    """The last day the Termin takes place on; None for a series without an end (an error ``check_event`` names).
    ``every``: its ``dates(event)`` when the caller has them already."""
    if event.wiederholung is not None and not event.wiederholung.has_end:
        return None
    every = dates(event) if every is None else every
    return every[-1].last_day if every else None


def ended(event: Termin, today: date) -> bool:
    """Whether every date lies before ``today``: the site stops showing it."""
    end = last_day(event)
    return end is not None and end < today


def places_left(event: Termin, today: date) -> int | None:
    """Places left, while the count is less than a week old."""
    if event.plaetze_frei is None or event.plaetze_stand is None:
        return None
    return event.plaetze_frei if today - event.plaetze_stand <= PLACES_FRESH else None


# --- what editors get wrong ------------------------------------------------------------------------------------------

def check_event(event: Termin, problems: Problems, today: date) -> None:
    """Located German messages for a Termin's dates (each field's own form is checked when it is read)."""
    def loc(name: str) -> Loc:
        return event.locs.get(name, Loc(event.source))

    start = event.beginn
    if start.tag is None:
        return
    _check_end(event, start, loc("ende"), problems)
    rule = event.wiederholung
    if rule is not None:
        _check_rule(event, rule, loc("wiederholung"), problems, today)
    every = dates(event)
    first_day = every[0].day if every else start.tag
    if event.anmeldung_bis and event.anmeldung_bis > first_day:
        problems.error(loc("anmeldung_bis"), f"Die Anmeldung schließt am {event.anmeldung_bis:%d.%m.%Y}, nach dem "
                       f"Beginn am {first_day:%d.%m.%Y}.", "Der Anmeldeschluss liegt spätestens am Tag des Beginns.")
    if event.anmeldung_ab and event.anmeldung_bis and event.anmeldung_ab > event.anmeldung_bis:
        problems.error(loc("anmeldung_ab"), f"Die Anmeldung öffnet am {event.anmeldung_ab:%d.%m.%Y}, nach ihrem "
                       f"Schluss am {event.anmeldung_bis:%d.%m.%Y}.", "Tauschen Sie die beiden Daten.")
    if event.plaetze_frei is not None:
        if event.plaetze is not None and event.plaetze_frei > event.plaetze:
            problems.error(loc("plaetze_frei"), f"Es sind {event.plaetze_frei} Plätze frei, aber nur {event.plaetze} "
                           "gibt es insgesamt.")
        if event.plaetze_stand is None:
            problems.error(loc("plaetze_frei"), "Zu „plaetze_frei“ fehlt „plaetze_stand“: das Datum, an dem gezählt "
                           "wurde.", "Ohne Datum kann die Website nicht wissen, ob die Zahl noch stimmt.")
    _check_exceptions(event, problems)
    end = last_day(event, every)
    if end is not None and end < today and not event.gueltig_bis:
        what = "Alle Tage dieser Reihe liegen" if rule or event.daten else "Der Termin liegt"
        problems.warning(loc("beginn" if rule is None else "wiederholung"),
                         f"{what} in der Vergangenheit (zuletzt am {end:%d.%m.%Y}): der Termin wird nicht mehr "
                         "angezeigt.",
                         "Löschen Sie die Datei oder tragen Sie die neuen Daten ein.")


def _check_end(event: Termin, start: Zeitpunkt, where: Loc, problems: Problems) -> None:
    end = event.ende
    if end is None or start.tag is None:
        return
    if end.tag is None and start.uhrzeit is None:
        problems.error(where, f"„ende“ ist nur eine Uhrzeit ({end}), aber „beginn“ hat keine.",
                       "Schreiben Sie beim Beginn die Uhrzeit dazu (2027-07-04 14:00) oder beim Ende ein Datum.")
        return
    if start.uhrzeit is None or (end.tag is not None and end.uhrzeit is None):  # whole days: compare the days
        before = end.tag is not None and end.tag < start.tag
    else:
        length = _length(event)
        before = length is not None and length <= timedelta(0)
    if before:
        shown = " ".join(filter(None, [f"{end.tag:%d.%m.%Y}" if end.tag else "",
                                       f"{end.uhrzeit:%H:%M}" if end.uhrzeit else ""]))
        began = f"{start.tag:%d.%m.%Y}" + (f" {start.uhrzeit:%H:%M}" if start.uhrzeit else "")
        problems.error(where, f"Das Ende ({shown}) liegt vor dem Beginn ({began}).",
                       "Prüfen Sie Datum und Uhrzeit; über Mitternacht hinaus braucht das Ende ein Datum.")


def _check_rule(event: Termin, rule: Regel, where: Loc, problems: Problems, today: date) -> None:
    start = event.beginn
    assert start.tag is not None
    if rule.until is not None and rule.until < start.tag:
        problems.error(where, f"Die Reihe endet (UNTIL {rule.until:%d.%m.%Y}) vor ihrem Beginn "
                       f"({start.tag:%d.%m.%Y}).", "Prüfen Sie UNTIL und „beginn“.")
        return
    if not rule.has_end:
        problems.error(where, f"Die Reihe ({describe_rule(rule)}) hat kein Ende.",
                       "Geben Sie ein Ende an, z. B. UNTIL=2027-07-10 (das Ende des Schuljahrs) oder COUNT=10: "
                       "sonst zeigt die Website Termine, die es vielleicht nicht mehr gibt.")
    starts = _rule_starts(event, datetime.combine(start.tag + HORIZON, time(23, 59, 59)))
    if not starts:
        problems.error(where, f"Die Regel „{rule.text}“ ergibt keinen einzigen Tag.",
                       "Prüfen Sie z. B. BYMONTHDAY und BYMONTH: einen 31. Februar gibt es nicht.")
        return
    if starts[0] != start.on(start.tag):
        problems.error(where, f"Der Beginn ({german_weekday(start.tag)}, {start.tag:%d.%m.%Y}) passt nicht zur Regel "
                       f"({describe_rule(rule)}); der erste Tag der Regel wäre der {starts[0]:%d.%m.%Y}.",
                       "Setzen Sie „beginn“ auf den ersten Tag der Reihe (RFC 5545 verlangt, dass er dazu passt).")


def _check_exceptions(event: Termin, problems: Problems) -> None:
    if not event.ausnahmen:
        return
    days = {o.day for o in dates(event, with_exceptions=True)}
    for number, day in enumerate(event.ausnahmen):
        if day not in days:
            problems.warning(event.locs.get(f"ausnahmen/{number}", event.locs.get("ausnahmen", Loc(event.source))),
                             f"Die Ausnahme {day:%d.%m.%Y} ({german_weekday(day)}) ist kein Tag dieses Termins.",
                             "Vielleicht ein Tippfehler im Datum? Eine Ausnahme nimmt einen Tag aus der Reihe.")
