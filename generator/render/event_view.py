"""Termine as pages show them: each date in the page's language with machine-readable start and end, a series in
words, the registration window's state, places left, and the sections of the "Termine" lists.

Everything here is worked out for the build date; every value the browser has to re-check against its own clock
(``assets/termine.js``) is carried along as an ISO timestamp with the offset of Europe/Berlin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Final, Literal

from wegweiser.hours.holiday_calendar import Ferien, Kalender
from wegweiser.i18n import formats
from wegweiser.i18n.catalogue import Texte, texte
from wegweiser.model.entries import Termin
from wegweiser.model.event_fields import WEEKDAYS, Regel
from wegweiser.model.occurrences import PLACES_FRESH, ZONE, Vorkommen, dates, places_left

# The event page lists this many dates, then "Weitere Termine" (collapsed), up to ``MAX_DATES``.
FIRST_DATES: Final = 5
MAX_DATES: Final = 100
# How far the lists look ahead ("Später" ends here) and how many school holidays they show.
LIST_HORIZON: Final = timedelta(days=366)
HOLIDAYS_SHOWN: Final = 3
# The home page's short lists.
HOME_ITEMS: Final = 5

_NO_WORDS: Final = texte()
Abschnitt = Literal["woche", "monat", "spaeter"]
Anmeldestand = Literal["bald", "offen", "zu"]


def stamp(moment: datetime) -> str:
    """A local time as ISO 8601 with Germany's offset of that day (+01:00 or +02:00)."""
    return moment.replace(tzinfo=ZONE).isoformat(timespec="minutes")


def end_of(occurrence: Vorkommen) -> datetime:
    """When a date is over: its end, or (a timed date without one) the end of its day."""
    if occurrence.end is not None:
        return occurrence.end
    return datetime.combine(occurrence.day + timedelta(days=1), time(0))


@dataclass(frozen=True)
class Datum:
    """One date of a Termin as a page shows it."""

    start: str  # ISO 8601 with offset: when it begins
    ende: str  # when it is over (the browser hides it after this)
    attr: str  # the ``<time datetime>`` value: a day ("2027-06-12") for whole days, else ``start``
    text: str  # "Di., 24.11.2026, 09:30–11:30" in the page's language
    day: date
    last_day: date
    all_day: bool


def _day_text(day: date, words: Texte) -> str:
    return f"{words.wochentag(day.weekday())}, {words.datum(day, 'medium')}"


def datum(occurrence: Vorkommen, words: Texte) -> Datum:
    start, day, last = occurrence.start, occurrence.day, occurrence.last_day
    if occurrence.all_day:
        text = _day_text(day, words) + (f" – {_day_text(last, words)}" if last != day else "")
    elif occurrence.end is None:
        text = f"{_day_text(day, words)}, {start:%H:%M}"
    elif occurrence.end.date() == day:
        text = f"{_day_text(day, words)}, {start:%H:%M}–{occurrence.end:%H:%M}"
    else:
        text = f"{_day_text(day, words)}, {start:%H:%M} – {_day_text(occurrence.end.date(), words)}, " \
               f"{occurrence.end:%H:%M}"
    return Datum(stamp(start), stamp(end_of(occurrence)), f"{day:%Y-%m-%d}" if occurrence.all_day else stamp(start),
                 text, day, last, occurrence.all_day)


# --- a series in words -------------------------------------------------------------------------------------------

def _weekdays(rule: Regel, words: Texte) -> str:
    return formats.aufzaehlung([formats.wochentag(WEEKDAYS.index(d), words.locale, "wide") for _, d in rule.byday],
                               words.locale)


def pattern_text(rule: Regel, words: Texte) -> str | None:
    """How often, in words ("jeden Dienstag"); None for a rule the words below do not cover."""
    n = rule.interval
    if rule.freq == "DAILY" and not rule.byday:
        return words.gettext("täglich") if n == 1 else words.gettext("alle %(n)s Tage", n=n)
    if rule.freq == "WEEKLY" and rule.byday and all(o is None for o, _ in rule.byday):
        days = _weekdays(rule, words)
        return words.gettext("jeden %(tage)s", tage=days) if n == 1 \
            else words.gettext("alle %(n)s Wochen am %(tage)s", n=n, tage=days)
    if rule.freq == "MONTHLY" and n == 1 and len(rule.byday) == 1 and not rule.bymonthday:
        ordinal, day = rule.byday[0]
        name = formats.wochentag(WEEKDAYS.index(day), words.locale, "wide")
        if ordinal == -1:
            return words.gettext("jeden Monat am letzten %(tag)s", tag=name)
        if ordinal is not None and ordinal > 0:
            return words.gettext("jeden Monat am %(nummer)s. %(tag)s", nummer=ordinal, tag=name)
    if rule.freq == "MONTHLY" and n == 1 and rule.bymonthday and not rule.byday and all(d > 0 for d in
                                                                                        rule.bymonthday):
        return words.gettext("jeden Monat am %(tage)s", tage=formats.aufzaehlung(
            [f"{d}." for d in rule.bymonthday], words.locale))
    if rule.freq == "YEARLY" and n == 1 and not rule.byday and not rule.bymonthday and not rule.bymonth:
        return words.gettext("jedes Jahr")
    return None


def series_text(event: Termin, words: Texte) -> str:
    """A series in words: "jeden Dienstag, 09:30–11:30, bis 13.07.2027; nicht am 29.12.2026 und 05.01.2027".
    Empty for a Termin without a rule, or a rule these words do not cover (its dates are listed instead)."""
    rule = event.wiederholung
    if rule is None:
        return ""
    pattern = pattern_text(rule, words)
    if pattern is None:
        return ""
    parts = [pattern]
    start, end = event.beginn, event.ende
    if start.uhrzeit is not None:
        same_day_end = end is not None and end.uhrzeit is not None and (end.tag is None or end.tag == start.tag)
        parts.append(f"{start.uhrzeit:%H:%M}–{end.uhrzeit:%H:%M}" if same_day_end and end and end.uhrzeit
                     else f"{start.uhrzeit:%H:%M}")
    if rule.until is not None:
        parts.append(words.gettext("bis %(datum)s", datum=words.datum(rule.until, "medium")))
    elif rule.count is not None:
        parts.append(words.ngettext("%(num)s-mal", "%(num)s-mal", rule.count))
    text = ", ".join(parts)
    if event.ausnahmen:
        text += "; " + words.gettext("nicht am %(daten)s", daten=formats.aufzaehlung(
            [words.datum(d, "medium") for d in sorted(event.ausnahmen)], words.locale))
    extra = [d.tag for d in event.daten if d.tag is not None]
    if extra:
        text += "; " + words.gettext("außerdem am %(daten)s", daten=formats.aufzaehlung(
            [words.datum(d, "medium") for d in sorted(extra)], words.locale))
    return text


# --- registration and places ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Anmeldung:
    """The registration window and its state at the build date; the browser re-checks it (``termine.js``)."""

    ab: date | None
    bis: date  # the last day one can register (the given one, else the first coming date)
    stand: Anmeldestand
    texte: dict[str, str]  # the sentence for each state, in the page's language

    @property
    def text(self) -> str:
        return self.texte[self.stand]


def registration(event: Termin, today: date, words: Texte) -> Anmeldung | None:
    """None when the Termin has no registration window (which is not the same as an open one)."""
    if event.anmeldung_ab is None and event.anmeldung_bis is None:
        return None
    coming = dates(event, today)
    last = event.anmeldung_bis or (coming[0].day if coming else today)
    state: Anmeldestand = "bald" if event.anmeldung_ab and today < event.anmeldung_ab else \
        "zu" if today > last else "offen"
    texts = {"offen": words.gettext("Anmeldung läuft – bis %(datum)s", datum=words.datum(last, "medium")),
             "zu": words.gettext("Anmeldung geschlossen (seit %(datum)s)",
                                 datum=words.datum(last + timedelta(days=1), "medium"))}
    if event.anmeldung_ab:
        texts["bald"] = words.gettext("Anmeldung ab %(ab)s bis %(bis)s", ab=words.datum(event.anmeldung_ab, "medium"),
                                      bis=words.datum(last, "medium"))
    return Anmeldung(event.anmeldung_ab, last, state, texts)


@dataclass(frozen=True)
class Plaetze:
    text: str
    bis: date  # the last day the count is shown (a week after it was made)


def places(event: Termin, today: date, words: Texte) -> Plaetze | None:
    """"5 von 16 Plätzen frei (Stand 18.11.2026)" while the count is fresh (``occurrences.places_left``)."""
    left = places_left(event, today)
    if left is None or event.plaetze_stand is None:
        return None
    counted = words.datum(event.plaetze_stand, "medium")
    if event.plaetze is not None:
        text = words.ngettext("%(num)s von %(gesamt)s Plätzen frei (Stand %(datum)s)",
                              "%(num)s von %(gesamt)s Plätzen frei (Stand %(datum)s)", left,
                              gesamt=event.plaetze, datum=counted)
    else:
        text = words.ngettext("%(num)s Platz frei (Stand %(datum)s)", "%(num)s Plätze frei (Stand %(datum)s)", left,
                              datum=counted)
    return Plaetze(text, event.plaetze_stand + PLACES_FRESH)


def registration_filter(event: Termin, today: date) -> list[str]:
    """The search filter "Anmeldung offen" (``anmeldung:offen``) at the build date; the search page drops a result
    whose window has closed since by the browser's date (``data-pagefind-meta="anmeldung"``)."""
    window = registration(event, today, _NO_WORDS)
    return ["offen"] if window is not None and window.stand == "offen" else []


def months(event: Termin, today: date) -> list[str]:
    """The months (YYYY-MM) with coming dates within ``LIST_HORIZON``: the search filter "Termine im"."""
    return sorted({f"{o.day:%Y-%m}" for o in dates(event, today, today + LIST_HORIZON)})


# --- the lists -----------------------------------------------------------------------------------------------------

def week_end(today: date) -> date:
    """The Sunday of ``today``'s week (weeks start on Monday in Germany)."""
    return today + timedelta(days=6 - today.weekday())


def month_end(today: date) -> date:
    following = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    return following - timedelta(days=1)


def section_of(day: date, today: date) -> Abschnitt:
    """Which time section a date that ends on or after ``today`` belongs to (by its first day; a date that began
    earlier and still runs is "this week")."""
    if day <= week_end(today):
        return "woche"
    if day <= month_end(today):
        return "monat"
    return "spaeter"


@dataclass
class Listeneintrag:
    """A Termin in one section of a list: its dates there (a series appears once, with its rule in words)."""

    event: Termin
    daten: list[Datum] = field(default_factory=list)
    reihe: str = ""
    anmeldung: Anmeldung | None = None

    @property
    def first(self) -> date:
        return self.daten[0].day


@dataclass
class Abschnitte:
    woche: list[Listeneintrag] = field(default_factory=list)
    monat: list[Listeneintrag] = field(default_factory=list)
    spaeter: list[Listeneintrag] = field(default_factory=list)
    ferien: list[tuple[Ferien, list[Listeneintrag]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.woche or self.monat or self.spaeter)


def sections(events: list[Termin], today: date, kalender: Kalender, words: Texte) -> Abschnitte:
    """The coming dates of ``events`` by section: this week, this month, later (up to ``LIST_HORIZON``), and in
    each of the next school holidays. Each section lists a Termin once, with its dates there, ordered by its first."""
    until = today + LIST_HORIZON
    found = Abschnitte()
    holidays = [f for f in kalender.schulferien if f.bis >= today and f.von <= until][:HOLIDAYS_SHOWN]
    by_holiday: list[list[Listeneintrag]] = [[] for _ in holidays]
    for event in events:
        series, window = series_text(event, words), registration(event, today, words)
        own: dict[Abschnitt, Listeneintrag] = {}
        in_holiday: dict[int, Listeneintrag] = {}
        for occurrence in dates(event, today, until):
            shown = datum(occurrence, words)
            part = section_of(occurrence.day, today)
            own.setdefault(part, Listeneintrag(event, reihe=series, anmeldung=window)).daten.append(shown)
            for number, holiday in enumerate(holidays):
                if occurrence.day <= holiday.bis and occurrence.last_day >= holiday.von:
                    in_holiday.setdefault(number, Listeneintrag(event, reihe=series, anmeldung=window)
                                          ).daten.append(shown)
        for part, item in own.items():
            getattr(found, part).append(item)
        for number, item in in_holiday.items():
            by_holiday[number].append(item)
    for items in (found.woche, found.monat, found.spaeter, *by_holiday):
        items.sort(key=lambda item: (item.daten[0].start, item.event.name.casefold()))
    found.ferien = [(holiday, items) for holiday, items in zip(holidays, by_holiday, strict=True) if items]
    return found


def registration_open(events: list[Termin], today: date, words: Texte) -> list[Listeneintrag]:
    """The Termine one can register for now, the soonest closing first, each with its coming dates; then those whose
    window opens later (pages hide them, the browser shows them once it is open)."""
    found = []
    for event in events:
        window = registration(event, today, words)
        if window is not None and window.stand != "zu":
            coming = [datum(o, words) for o in dates(event, today, today + LIST_HORIZON)][:MAX_DATES]
            if coming:
                found.append(Listeneintrag(event, coming, series_text(event, words), window))
    return sorted(found, key=lambda item: (item.anmeldung is None or item.anmeldung.stand != "offen",
                                           item.anmeldung.bis if item.anmeldung else today,
                                           item.event.name.casefold()))
