"""Opening hours: each OpenStreetMap expression parsed once, shared by the week table, "jetzt geöffnet",
JSON-LD and print.

The parser (opening-hours-py) knows only its own country-wide holiday calendar and no school holiday_calendar.
So every expression is evaluated without holidays (``PH``/``SH`` never match), and for a day that is a
public holiday (or in the school holidays) of the site's Bundesland, with a variant of the expression in
which ``PH`` (or ``SH``) is replaced by ``Mo-Su``: on such a day "holiday" matches exactly like "every
day", so the parser itself applies the rule order (``Mo-Fr 09:00-12:00; PH off``: closed;
``PH 10:00-12:00``: open 10–12; ``Su,PH off``: closed). Supported: ``PH`` and ``SH`` as selectors of
their own or in comma lists (``PH off``, ``SH off``, ``PH,SH off``, ``Sa,PH 10:00-12:00``).
Not supported: offsets (``PH +1 day``) and holiday-and-weekday combinations (``PH Mo``, ``SH Mo-Fr``):
``check`` warns at the field, and such expressions are evaluated as if holidays did not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol

import opening_hours as oh

from wegweiser.core.problems import Loc, Problems
from wegweiser.hours import holiday_calendar
from wegweiser.hours.holiday_calendar import Kalender
from wegweiser.i18n.catalogue import Texte, texte

_REFERENCE_MONDAY = datetime(2026, 1, 12)  # an ordinary week: no public holiday, no school holiday
WINDOW_DAYS = 56  # "jetzt geöffnet" knows the next eight weeks
_HOLIDAY = re.compile(r'"[^"]*"|\b(PH|SH)\b')  # comments in quotes are skipped
_WEEKDAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_UNSUPPORTED = re.compile(rf"\b{_WEEKDAY}\s+(?:PH|SH)\b|\b(?:PH|SH)\s+{_WEEKDAY}\b|\b(?:PH|SH)\s*[+-]")


@dataclass(frozen=True, eq=False)
class Oeffnungszeiten:
    """One opening-hours expression, parsed: the rules on ordinary days and on holiday_calendar."""

    text: str
    regel: oh.OpeningHours  # holidays never match
    an_feiertagen: oh.OpeningHours | None  # PH → every day; None if the expression does not use PH
    in_ferien: oh.OpeningHours | None  # SH → every day
    an_beiden: oh.OpeningHours | None  # PH and SH → every day
    nicht_auswertbar: str = ""  # why PH/SH cannot be evaluated ("" if they can)

    @property
    def nutzt_feiertage(self) -> bool:
        return self.an_feiertagen is not None

    @property
    def nutzt_schulferien(self) -> bool:
        return self.in_ferien is not None

    def regel_fuer(self, feiertag: bool, ferien: bool) -> oh.OpeningHours:
        """The parsed rules that hold on a day that is (or is not) a public / school holiday."""
        if feiertag and ferien and self.an_beiden is not None:
            return self.an_beiden
        if feiertag and self.an_feiertagen is not None:
            return self.an_feiertagen
        if ferien and self.in_ferien is not None:
            return self.in_ferien
        return self.regel


def _replace(text: str, tokens: set[str]) -> str:
    return _HOLIDAY.sub(lambda m: "Mo-Su" if m.group(1) in tokens else m.group(0), text)


@lru_cache(maxsize=8192)
def _parser(text: str) -> oh.OpeningHours:
    """The parser's object for one text; "…; PH off" and "…; SH off" share their every-day variant."""
    return oh.OpeningHours(text)


@lru_cache(maxsize=8192)
def parse(text: str) -> Oeffnungszeiten:
    """Parse an expression once per process (the check, every page and the booklets share the result).

    Raises the parser's error for an unreadable expression (``fields.OpeningHours`` reports it).
    """
    regel = _parser(text)
    used = {m.group(1) for m in _HOLIDAY.finditer(text) if m.group(1)}
    if not used:
        return Oeffnungszeiten(text, regel, None, None, None)
    if _UNSUPPORTED.search(_HOLIDAY.sub(lambda m: m.group(0) if m.group(1) else '""', text)):
        return Oeffnungszeiten(text, regel, None, None, None, "PH/SH mit Versatz oder zusammen mit einem Wochentag")
    try:
        variants = {frozenset(kind): _parser(_replace(text, kind))
                    for kind in ({"PH"}, {"SH"}, {"PH", "SH"}) if kind <= used}
    except Exception:  # ParserError (missing from the package's stubs) or SyntaxError
        return Oeffnungszeiten(text, regel, None, None, None, "diese Verwendung von PH/SH")
    return Oeffnungszeiten(text, regel, variants.get(frozenset({"PH"})), variants.get(frozenset({"SH"})),
                           variants.get(frozenset({"PH", "SH"})))


# --- evaluation ----------------------------------------------------------------------------------

def _open_spans(parsed: oh.OpeningHours, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
    for begin, stop, state, _comment in parsed.intervals(start, end):
        if state == oh.State.OPEN:
            yield max(begin, start), min(stop, end)


def _open_on(parsed: oh.OpeningHours, day: date) -> bool:
    start = datetime.combine(day, time.min)
    return next(_open_spans(parsed, start, start + timedelta(days=1)), None) is not None


def _day_kind(oz: Oeffnungszeiten, kalender: Kalender, day: date) -> tuple[bool, bool]:
    feiertag = oz.nutzt_feiertage and kalender.feiertag(day) is not None
    ferien = oz.nutzt_schulferien and kalender.ferien(day) is not None
    return feiertag, ferien


@lru_cache(maxsize=8192)
def offene_zeiten(oz: Oeffnungszeiten, kalender: Kalender, today: date, days: int = WINDOW_DAYS) -> dict[str, object]:
    """Open intervals from ``today`` on, holidays of the Bundesland applied; minutes since ``today`` 00:00
    local time. The browser turns them into "jetzt geöffnet"."""
    start = datetime.combine(today, time.min)
    spans: list[list[int]] = []

    def add(begin: datetime, stop: datetime) -> None:
        a, b = int((begin - start).total_seconds() // 60), int((stop - start).total_seconds() // 60)
        if spans and spans[-1][1] == a:  # joined again where a day boundary split an interval
            spans[-1][1] = b
        elif b > a:
            spans.append([a, b])

    special = [day for day in (today + timedelta(days=n) for n in range(days)) if any(_day_kind(oz, kalender, day))]
    if not special:
        for begin, stop in _open_spans(oz.regel, start, start + timedelta(days=days)):
            add(begin, stop)
    else:
        for n in range(days):  # day by day: each day evaluated with the rules that hold on it
            day = today + timedelta(days=n)
            day_start = start + timedelta(days=n)
            parsed = oz.regel_fuer(*_day_kind(oz, kalender, day))
            for begin, stop in _open_spans(parsed, day_start, day_start + timedelta(days=1)):
                add(begin, stop)
    return {"b": today.isoformat(), "d": days, "i": spans}


RULE_DAYS = 371  # the browser's week rules hold for 53 weeks after the build ("heute", "am Wochenende" on any day)
_KINDS = {(False, False): "", (True, False): "f", (False, True): "s", (True, True): "fs"}


def _day_minutes(parsed: oh.OpeningHours, day_start: datetime) -> list[list[int]]:
    """The open minutes of one day (0–1440), clipped at midnight."""
    return [[int((a - day_start).total_seconds() // 60), int((b - day_start).total_seconds() // 60)]
            for a, b in _open_spans(parsed, day_start, day_start + timedelta(days=1)) if b > a]


def _ranges(days: list[int]) -> list[list[int]]:
    """[3, 4, 5, 9] → [[3, 5], [9, 9]]: school holidays as first and last day."""
    runs: list[list[int]] = []
    for n in days:
        if runs and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return runs


@lru_cache(maxsize=8192)
def wochenregeln(oz: Oeffnungszeiten, kalender: Kalender, today: date,
                 days: int = RULE_DAYS) -> dict[str, object] | None:
    """The open times of the ``days`` from ``today`` as week rules, for the browser: per kind of day (``""``
    ordinary, ``"f"`` public holiday, ``"s"`` school holiday, ``"fs"`` both) and weekday (0 = Monday) the open
    minutes of that day, with the day numbers of the holidays (``f``, ``s`` as first and last day). A page
    viewed weeks after the build still knows today and the coming weekend; the rules hold for ``e`` days (fewer
    when the school holidays are known for less).

    Derived from the parser's answer for every single day and kept only if every day of a kind and weekday has
    the same times: the rules give exactly what the parser gives for each of the ``e`` days. None when they do
    not (``Apr-Oct``, a date): ``offene_zeiten`` serves then, for eight weeks."""
    if oz.nutzt_schulferien:
        if kalender.schulferien_bis is None:
            return None  # SH unknown: offene_zeiten treats every day as ordinary (check warns)
        days = max(0, min(days, (kalender.schulferien_bis - today).days + 1))
    start = datetime.combine(today, time.min)
    rules: dict[str, list[list[list[int]] | None]] = {}
    public: list[int] = []
    school: list[int] = []
    for n in range(days):
        day = today + timedelta(days=n)
        feiertag, ferien = _day_kind(oz, kalender, day)
        if feiertag:
            public.append(n)
        if ferien:
            school.append(n)
        minutes = _day_minutes(oz.regel_fuer(feiertag, ferien), start + timedelta(days=n))
        week = rules.setdefault(_KINDS[feiertag, ferien], [None] * 7)
        known = week[day.weekday()]
        if known is None:
            week[day.weekday()] = minutes
        elif known != minutes:
            return None
    return {"b": today.isoformat(), "d": 0, "i": [], "e": days, "r": rules, "f": public, "s": _ranges(school)}


def browser_zeiten(oz: Oeffnungszeiten, kalender: Kalender, today: date) -> dict[str, object]:
    """What the browser gets for "jetzt geöffnet" and the filters "heute" and "am Wochenende": the week rules
    (``wochenregeln``), else the open intervals of eight weeks (``offene_zeiten``: ``d`` days from ``b``).
    ``d`` is 0 with rules, so that a script that only knows intervals says nothing rather than something wrong;
    templates/assets/zeiten.js turns rules into intervals for today before wegweiser.js reads them."""
    return wochenregeln(oz, kalender, today) or offene_zeiten(oz, kalender, today)


def _week(parsed: oh.OpeningHours) -> dict[int, list[tuple[str, str]]]:
    per_day: dict[int, list[tuple[str, str]]] = {}
    end = _REFERENCE_MONDAY + timedelta(days=7)
    for start, stop in _open_spans(parsed, _REFERENCE_MONDAY, end):
        while start < stop:  # split at midnight so that every day gets its share
            midnight = datetime.combine(start.date() + timedelta(days=1), time.min)
            part_end = min(stop, midnight)
            until = "24:00" if part_end == midnight else f"{part_end:%H:%M}"
            per_day.setdefault((start - _REFERENCE_MONDAY).days, []).append((f"{start:%H:%M}", until))
            start = part_end
    return per_day


@lru_cache(maxsize=8192)
def woche(oz: Oeffnungszeiten) -> dict[int, list[tuple[str, str]]]:
    """Open intervals per weekday (0 = Monday) of an ordinary week, as ("08:00", "12:00")."""
    return _week(oz.regel)


@lru_cache(maxsize=8192)
def _comments(oz: Oeffnungszeiten) -> tuple[str, ...]:
    found: list[str] = []
    end = _REFERENCE_MONDAY + timedelta(days=7)
    for _start, _stop, state, comment in oz.regel.intervals(_REFERENCE_MONDAY, end):
        if state == oh.State.OPEN and comment and comment not in found:
            found.append(comment)
    return tuple(found)


# --- the week table ------------------------------------------------------------------------------

@dataclass(frozen=True)
class HoursRow:
    days: str  # "Mo–Fr"
    times: str  # "08:00–12:00, 13:00–16:00 Uhr"


@dataclass(frozen=True)
class Hours:
    rows: list[HoursRow]
    notes: list[str]

    @property
    def text(self) -> str:
        """One line for lists: "Mo–Fr 08:00–12:00 Uhr; Di 15:00–17:00 Uhr"."""
        return "; ".join(f"{row.days} {row.times}" for row in self.rows)


def _rows(weekly: dict[int, list[tuple[str, str]]], words: Texte) -> list[HoursRow]:
    per_day = [[f"{a}–{b}" for a, b in weekly.get(day, [])] for day in range(7)]
    rows: list[HoursRow] = []
    day = 0
    while day < 7:
        if not per_day[day]:
            day += 1
            continue
        last = day
        while last + 1 < 7 and per_day[last + 1] == per_day[day]:
            last += 1
        first_name, last_name = words.wochentag(day), words.wochentag(last)
        names = first_name if last == day else (
            f"{first_name}, {last_name}" if last == day + 1 else f"{first_name}–{last_name}")
        rows.append(HoursRow(names, words.gettext("%(zeiten)s Uhr", zeiten=", ".join(per_day[day]))))
        day = last + 1
    return rows


def _holiday_note(parsed: oh.OpeningHours, closed: str, label: str, upcoming: str, words: Texte) -> str:
    """"an Feiertagen in Nordrhein-Westfalen geschlossen (nächster: …)" or the times that hold on them."""
    rows = _rows(_week(parsed), words)
    if not rows:
        note = closed
    elif len({row.times for row in rows}) == 1 and rows[0].days == f"{words.wochentag(0)}–{words.wochentag(6)}":
        note = f"{label}: {rows[0].times}"
    else:
        note = f"{label}: " + "; ".join(f"{row.days} {row.times}" for row in rows)
    return f"{note} ({upcoming})" if upcoming else note


def _holiday_name(name: str, words: Texte) -> str:
    # ``holidays`` joins two holidays on one day with "; " (Ostersonntag and a Land's own): each is translated.
    return "; ".join(words.gettext(part) for part in name.split("; "))


@lru_cache(maxsize=8192)
def wochentabelle(oz: Oeffnungszeiten, kalender: Kalender, today: date | None = None, land: bool = True,
                  sprache: Texte | None = None) -> Hours:
    """The weekly pattern in the language of ``sprache`` (German by default), and notes on what holds on public
    and school holidays (with the next one within eight weeks of ``today``; naming the Bundesland unless
    ``land`` is false)."""
    words = sprache or texte()
    notes = list(_comments(oz))
    window = [today + timedelta(days=n) for n in range(WINDOW_DAYS)] if today else []
    if oz.an_feiertagen is not None:
        # the next holiday that changes something: one on a day the entry is usually open
        nxt = next(((d, name) for d in window if (name := kalender.feiertag(d)) and _open_on(oz.regel, d)), None)
        upcoming = words.gettext("nächster: %(name)s am %(datum)s", name=_holiday_name(nxt[1], words),
                                 datum=words.datum(nxt[0], "medium")) if nxt else ""
        region = words.gettext(kalender.land_name) if kalender.land and land else ""
        closed = (words.gettext("an Feiertagen in %(land)s geschlossen", land=region) if region
                  else words.gettext("an Feiertagen geschlossen"))
        label = (words.gettext("an Feiertagen in %(land)s", land=region) if region
                 else words.gettext("an Feiertagen"))
        notes.append(_holiday_note(oz.an_feiertagen, closed, label, upcoming, words))
    if oz.in_ferien is not None:
        region = words.gettext(kalender.land_name) if kalender.schulferien_bis and land else ""
        ferien = next((f for d in window if (f := kalender.ferien(d))), None)
        upcoming = words.gettext("nächste: %(name)s %(von)s–%(bis)s", name=words.gettext(ferien.name),
                                 von=words.datum(ferien.von, "tag_monat"),
                                 bis=words.datum(ferien.bis, "medium")) if ferien else ""
        closed = (words.gettext("in den Schulferien in %(land)s geschlossen", land=region) if region
                  else words.gettext("in den Schulferien geschlossen"))
        label = (words.gettext("in den Schulferien in %(land)s", land=region) if region
                 else words.gettext("in den Schulferien"))
        notes.append(_holiday_note(oz.in_ferien, closed, label, upcoming, words))
    return Hours(_rows(woche(oz), words), notes)


def tabelle(expression: str | None, kalender: Kalender, today: date | None, land: bool = True,
            sprache: Texte | None = None) -> Hours | None:
    """The week table of an entry's ``oeffnungszeiten`` (None without one): for pages and booklets alike.
    A booklet is handed out in one Land: it need not name it (``land=False``) and keeps its lines short."""
    return wochentabelle(parse(expression), kalender, today, land, sprache) if expression else None


# --- check ---------------------------------------------------------------------------------------

class _Site(Protocol):
    """What the check reads of the site (``model.entries.Site``; the model is a layer above)."""

    @property
    def bundesland(self) -> str | None: ...

    @property
    def source(self) -> str: ...


class _Entry(Protocol):
    """What the check reads of an entry (``model.entries.Eintrag``)."""

    @property
    def oeffnungszeiten(self) -> str | None: ...

    @property
    def locs(self) -> Mapping[str, Loc]: ...

    @property
    def source(self) -> str: ...


class _Content(Protocol):
    """What the check reads of the content (``content.records.Content``)."""

    @property
    def site(self) -> _Site | None: ...

    @property
    def eintraege(self) -> Iterable[_Entry]: ...


def check(content: _Content, problems: Problems, today: date) -> None:
    """Located warnings where holidays in opening hours cannot be honoured, and a missing Bundesland."""
    site = content.site
    if site is not None and not site.bundesland:
        problems.warning(Loc(site.source), "„bundesland“ fehlt: Öffnungszeiten kennen dann nur die bundesweiten "
                                           "Feiertage und keine Schulferien.",
                         "Tragen Sie das Bundesland ein, z. B. „bundesland: NW“ für Nordrhein-Westfalen.")
    kalender = holiday_calendar.kalender(site.bundesland if site else None)
    _check_entries(content.eintraege, kalender, problems, today)


def _check_entries(entries: Iterable[_Entry], kalender: Kalender, problems: Problems, today: date) -> None:
    horizon = today + timedelta(days=WINDOW_DAYS)
    for entry in entries:
        if not entry.oeffnungszeiten:
            continue
        loc = entry.locs.get("oeffnungszeiten", Loc(entry.source))
        try:
            oz = parse(entry.oeffnungszeiten)
        except Exception:  # already reported by the field type
            continue
        if oz.nicht_auswertbar:
            problems.warning(loc, f"Feiertage und Schulferien in „{oz.text}“ werden nicht ausgewertet "
                                  f"({oz.nicht_auswertbar}): „jetzt geöffnet“ behandelt jeden Tag wie einen "
                                  "gewöhnlichen.",
                             "Unterstützt werden PH und SH als eigene Regel oder in einer Aufzählung, z. B. "
                             "„Mo-Fr 09:00-12:00; PH off; SH off“ oder „Sa,PH 10:00-12:00“.")
        elif oz.nutzt_schulferien and not kalender.schulferien_bekannt(horizon):
            if kalender.schulferien_bis is None:
                message = (f"Für {kalender.land_name} sind keine Schulferien hinterlegt: „SH“ in "
                           f"„{oz.text}“ wird nicht ausgewertet.")
                if kalender.land is None:
                    hint = "Tragen Sie das Bundesland in content/site.yaml ein, z. B. „bundesland: NW“."
                else:
                    hint = ("Schulferien sind bisher nur für Nordrhein-Westfalen hinterlegt "
                            "(wegweiser/data/schulferien.yaml, mit amtlicher Quelle).")
            else:
                message = (f"Schulferien für {kalender.land_name} sind nur bis "
                           f"{kalender.schulferien_bis:%d.%m.%Y} hinterlegt: „SH“ in „{oz.text}“ wird danach "
                           "nicht ausgewertet.")
                hint = "Die Termine in wegweiser/data/schulferien.yaml aus der amtlichen Ferienordnung ergänzen."
            problems.warning(loc, message, hint)
