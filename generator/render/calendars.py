"""Calendars of the Termine (.ics, RFC 5545), in each language of the site: one per event (``termin.ics`` in its
page's folder) and one per Termine list page, the region's and a quarter's or topic's that has Termine
(``kalender.ics`` in the list's folder: ``termine/kalender.ics``, ``quartiere/<q>/termine/kalender.ics``,
``themen/<t>/termine/kalender.ics``), so every calendar has the page that links it.

A series goes into the calendar as entered (DTSTART, RRULE, RDATE, EXDATE), not unfolded: a phone or Thunderbird
shows the same dates as the site, since ``model.occurrences`` unfolds the rule the way RFC 5545 does. A file is a
pure function of the content and the build date: its UID comes from the entry's key and the site's host, DTSTAMP
is the build date's midnight (UTC), so an unchanged build writes the same bytes and a subscribed calendar updates
an event instead of adding it twice. The same event has the same UID in every language: it is one event.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Timezone, vDuration, vRecur

from wegweiser.model.entries import Eintrag, Termin
from wegweiser.model.event_fields import Zeitpunkt
from wegweiser.model.occurrences import ZONE, ZONE_NAME, Vorkommen, dates
from wegweiser.render.page_builder import PageBuilder, quarters_of

PRODID: Final = "-//Familienwegweiser//Termine//DE"
# Europe/Berlin as calendar programs publish it (tzurl.org, Thunderbird): the rules since 1996, valid for every date
# the site shows (icalendar's own ``add_missing_timezones`` lists each change until 2037 instead, 2.5 KB a file).
_BERLIN: Final = f"""BEGIN:VTIMEZONE
TZID:{ZONE_NAME}
X-LIC-LOCATION:{ZONE_NAME}
BEGIN:DAYLIGHT
TZNAME:CEST
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZNAME:CET
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""
# How often a subscribed calendar asks again (RFC 7986 REFRESH-INTERVAL; Outlook reads X-PUBLISHED-TTL).
_REFRESH: Final = timedelta(days=1)


@functools.cache
def _berlin() -> bytes:
    """The VTIMEZONE as icalendar writes it, made once (10 ms a time): every calendar has the same."""
    zone = Timezone.from_ical(_BERLIN)
    assert isinstance(zone, Timezone)
    data: bytes = zone.to_ical()
    return data


def site_base(builder: PageBuilder) -> str:
    """The site's address ending in "/" (``basis_url`` is required in site.yaml); "" without a site.yaml."""
    return builder.site.basis_url.rstrip("/") + "/" if builder.site and builder.site.basis_url else ""


def uid(entry: Eintrag, base: str) -> str:
    """A UID that stays the same from build to build: the entry's key at the site's host (and path: two guides
    below one host have their own UIDs)."""
    parts = urlsplit(base)
    return f"{entry.key}@{parts.hostname or 'familienwegweiser.invalid'}{parts.path.rstrip('/')}"


def calendar_files(builder: PageBuilder) -> dict[str, bytes]:
    """Every calendar of ``builder``'s language, by path in the site: one per Termin, one per Termine list (the
    region's, and those of the quarters and topics that have Termine: ``PageBuilder.event_lists``)."""
    events = sorted((e for e in builder.published.entries if isinstance(e, Termin)), key=lambda e: (e.beginn, e.key))
    # each VEVENT serialised once, shared by all its calendars (icalendar's folding costs 10 ms a file)
    items = {event.key: vevent(builder, event).to_ical() for event in events}

    def calendar(chosen: Iterable[Termin], name: str) -> bytes:
        return _calendar([items[e.key] for e in sorted(chosen, key=lambda e: (e.beginn, e.key))], name)

    title = builder.site.titel if builder.site else ""
    heading = builder.texte.gettext("Termine")
    files = {}
    for scope, slug in builder.event_lists():
        where = builder.content.quartiere[slug].name if scope == "quartier" and slug else \
            builder.content.kategorien[slug].name if scope == "thema" and slug else ""
        files[builder.urls.calendar(builder.events_url(scope, slug))] = calendar(
            builder.events_of(scope, slug), f"{title} – {heading}" + (f": {where}" if where else ""))
    for event in events:
        files[builder.urls.event_calendar(event)] = calendar([event], event.name)
    return files


def _calendar(events: Iterable[bytes], name: str) -> bytes:
    """A VCALENDAR of the serialised VEVENTs ``events``: its properties, the VTIMEZONE, the events (the order
    icalendar writes a calendar's parts in)."""
    name = " ".join(name.split())  # a calendar's name is one line (a quarter's name may hold a line break)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", _REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(_REFRESH))
    head: bytes = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return b"".join([head[:-len(end)], _berlin(), *events, end])


def _local(moment: datetime, all_day: bool) -> date | datetime:
    return moment.date() if all_day else moment.replace(tzinfo=ZONE)


def vevent(builder: PageBuilder, event: Termin) -> Event:
    """One VEVENT: the Termin's first date, its rule, listed dates and exceptions as entered."""
    assert event.beginn.tag is not None  # a Termin without a start day is not published (the check names it)
    base = site_base(builder)
    every = dates(event, with_exceptions=True)
    first_start = event.beginn.on(event.beginn.tag)
    all_day = event.beginn.uhrzeit is None
    first = next((o for o in every if o.start == first_start), Vorkommen(first_start, None, all_day))
    item = Event()
    item.add("uid", uid(event, base))
    item.add("dtstamp", datetime.combine(builder.today, time(0), UTC))
    item.add("dtstart", _local(first.start, first.all_day))
    if first.end is not None:
        item.add("dtend", _local(first.end, first.all_day))
    if event.wiederholung is not None:
        item.add("rrule", _rule(event, first.all_day))
    listed = [moment for extra in event.daten if extra.tag is not None
              and (moment := Zeitpunkt(extra.tag, extra.uhrzeit or event.beginn.uhrzeit)) != event.beginn]
    if listed:
        item.add("rdate", [_local(m.on(m.tag), m.uhrzeit is None) for m in listed if m.tag is not None])
    # An exception takes out every date on its day (``dates``): EXDATE names each one with its exact start.
    excluded = [_local(o.start, o.all_day) for o in every if o.day in set(event.ausnahmen)]
    if excluded:
        item.add("exdate", excluded)
    item.add("summary", event.name)
    item.add("description", _description(builder, event))
    place = _location(builder, event)
    if place:
        item.add("location", place)
    if base:
        item.add("url", base + builder.urls.entry_url(event))
    topics = [builder.content.kategorien[slug].name for slug in event.kategorien if slug in builder.content.kategorien]
    if topics:
        item.add("categories", topics)
    return item


def _rule(event: Termin, all_day: bool) -> vRecur:
    """The rule as entered (``Regel.ical``). RFC 5545 wants UNTIL in UTC when DTSTART has a time and zone: the end
    of UNTIL's day in Germany, as ``model.occurrences`` reads it."""
    assert event.wiederholung is not None
    rule: vRecur = vRecur.from_ical(event.wiederholung.ical())
    until = event.wiederholung.until
    if until is not None:
        end = datetime.combine(until, time(23, 59, 59), ZONE)
        rule["UNTIL"] = [until if all_day else end.astimezone(UTC)]
    return rule


def _location(builder: PageBuilder, event: Termin) -> str:
    address = event.adresse
    if address is None:
        return ", ".join(builder.content.quartiere[q].name for q in quarters_of(event, builder.content))
    town = " ".join(filter(None, [address.plz, address.ort]))
    return ", ".join(filter(None, [address.strasse, town]))


def _description(builder: PageBuilder, event: Termin) -> str:
    """What a family needs in the calendar itself: what it is, cost, how to register, what to bring, the page."""
    words = builder.texte
    lines = [event.kurz or ""]
    cost = " – ".join(filter(None, [event.kosten, event.ermaessigung]))
    for label, value in ((words.gettext("Kosten"), cost), (words.gettext("Anmeldung"), event.anmeldung),
                         (words.gettext("Mitbringen"), event.mitbringen)):
        if value:
            lines.append(f"{label}: {value}")
    if event.buchung:
        lines.append(event.buchung)
    base = site_base(builder)
    if base:
        lines.append(base + builder.urls.entry_url(event))
    return "\n".join(line for line in lines if line)
