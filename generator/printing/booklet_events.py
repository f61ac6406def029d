"""The booklet's optional "Termine" section (``print --termine-bis``): the quarter's and the region's Termine from the
print date to a date the editor chooses, in the booklet's language.

A booklet is handed out for months, so Termine are never printed as ordinary entries: only on request, for a range
the editor names, and under a heading that says which range it is. Each Termin shows its dates in that range (a
series in words plus its single dates, exceptions left out, as ``model.occurrences`` unfolds them), its registration
window, places, cost, what to bring and whom to ask. Places left are not printed: the count is a week old at most
on the website and would be stale for the booklet's whole life.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from babel.dates import format_skeleton

from wegweiser.i18n.catalogue import Texte
from wegweiser.model.entries import Eintrag, Termin
from wegweiser.model.event_fields import Regel
from wegweiser.model.occurrences import Vorkommen, dates
from wegweiser.render import event_view


@dataclass(frozen=True)
class Zeitraum:
    """The range of the printed Termine: from the print date to ``bis`` (both inclusive)."""

    von: date
    bis: date


def in_range(entries: list[Eintrag], zeitraum: Zeitraum) -> list[tuple[Termin, list[Vorkommen]]]:
    """The Termine among ``entries`` with at least one date in the range, by their first date in it, and those dates."""
    found = [(e, dates(e, zeitraum.von, zeitraum.bis)) for e in entries if isinstance(e, Termin)]
    return sorted(((e, days) for e, days in found if days), key=lambda item: (item[1][0].start, item[0].name))


def day_text(texte: Texte, day: date, year: bool = True) -> str:
    """A day with its weekday in the booklet's language ("Sa., 4. Juli 2027", "Sat, Jul 4, 2027"); Leichte Sprache
    writes names out in full."""
    full = texte.sprache.code == "leicht"
    skeleton = ("y" if year else "") + ("MMMMEEEEd" if full else "MMMEd")
    return str(format_skeleton(skeleton, day, locale=texte.locale))


def komma(texte: Texte) -> str:
    """The comma between parts of a date line: the Arabic comma in the right-to-left languages (all in Arabic script
    here: ar, fa, ps); a Latin comma in an Arabic sentence is wrong."""
    return "\u060c " if texte.sprache.rtl else ", "


def _clock(value: time) -> str:
    return f"{value:%H:%M}"


def time_text(texte: Texte, first: Vorkommen) -> str:
    """The time of day of a timed date ("09:30–11:30 Uhr"); empty for a whole day or a span of several days."""
    if first.all_day or first.last_day != first.day:
        return ""
    span = _clock(first.start.time()) + (f"–{_clock(first.end.time())}" if first.end else "")
    return texte.gettext("%(zeiten)s Uhr", zeiten=span)


def span_text(texte: Texte, one: Vorkommen, year: bool = True) -> str:
    """One date: a day, or the first and last day of a date over several days, with the time of a timed end.
    ``year=False``: a one-day date without its year (a list names the year where it changes)."""
    if one.last_day == one.day:
        return day_text(texte, one.day, year)
    first = day_text(texte, one.day, year=one.day.year != one.last_day.year)
    last = day_text(texte, one.last_day)
    if not one.all_day:
        first += komma(texte) + _clock(one.start.time())
        if one.end is not None and one.end.time() != time(0):
            last += komma(texte) + _clock(one.end.time())
    return texte.gettext("%(von)s bis %(bis)s", von=first, bis=last)


def rule_text(texte: Texte, rule: Regel, clock: str = "") -> str:
    """A series in words, as the site says it (``event_view.pattern_text``: "jeden Dienstag"), with the time and
    the end ("jeden Dienstag, 09:30–11:30 Uhr, bis 13. Juli 2027"); empty for a rule those words do not cover (its
    dates are listed after it anyway)."""
    often = event_view.pattern_text(rule, texte)
    if often is None:
        return ""
    words = [often, *filter(None, [clock])]
    if rule.until:
        words.append(texte.gettext("bis %(datum)s", datum=texte.datum(rule.until, "long")))
    elif rule.count:
        words.append(texte.ngettext("%(num)s-mal", "%(num)s-mal", rule.count))
    return komma(texte).join(words)


# At most this many single dates per Termin: a daily series over a long range would fill pages; the rest is counted
# ("und 40 weitere Tage") and the QR code leads to all of them.
MAX_DAYS = 30


@dataclass
class EventDates:
    """What the booklet says about when a Termin takes place, in the booklet's language."""

    words: str  # a series in words, else ""
    time: str  # "09:30–11:30 Uhr" when every date has that time, else ""
    days: list[str]  # each date in the range, in order


def event_dates(texte: Texte, event: Termin, found: list[Vorkommen]) -> EventDates:
    times = {time_text(texte, one) for one in found}
    common = times.pop() if len(times) == 1 else ""
    days = []
    shown_year = None
    for one in found:
        text = span_text(texte, one, year=one.day.year != shown_year)  # the year at the first date and at a change
        shown_year = one.last_day.year
        own = time_text(texte, one)
        days.append(text + komma(texte) + own if own and not common else text)
    if len(days) > MAX_DAYS:
        days = [*days[:MAX_DAYS], texte.ngettext("und %(num)s weiterer Tag", "und %(num)s weitere Tage",
                                                 len(days) - MAX_DAYS)]
    if event.wiederholung:
        return EventDates(rule_text(texte, event.wiederholung, common), "", days)
    return EventDates("", common, days)


def registration_text(texte: Texte, event: Termin) -> str:
    """The registration window ("vom 3. Mai 2027 bis 25. Juni 2027"); empty without one."""
    opens, closes = event.anmeldung_ab, event.anmeldung_bis
    if opens and closes:
        return texte.gettext("vom %(von)s bis %(bis)s", von=texte.datum(opens, "long"), bis=texte.datum(closes, "long"))
    if opens:
        return texte.gettext("ab %(datum)s", datum=texte.datum(opens, "long"))
    if closes:
        return texte.gettext("bis %(datum)s", datum=texte.datum(closes, "long"))
    return ""
