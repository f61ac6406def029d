"""The Termine's calendars (.ics, issue 28 deliver 3): a small project built once, every file read by icalendar and
unfolded by recurring-ical-events (an implementation independent of ours), the dates compared with the ones a wall
calendar gives; UIDs stable from build to build, the demo's files all readable."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from wegweiser.check.validate import load_and_validate
from wegweiser.render.page_builder import language_builders
from wegweiser.site.build import build_site
from wegweiser.site.subscriptions import subscription_files

from conftest import MINI, TODAY

BERLIN = ZoneInfo("Europe/Berlin")
HOST = "familie.example.org"  # the mini project's basis_url
Q = "quartiere/testviertel"
FILES = {
    # Every Tuesday from 2 March to 27 April 2027 but in the Easter holidays; the clocks change on 28 March.
    f"{Q}/termine/krabbelgruppe.yaml": "name: Krabbelgruppe\nkurz: Spielen und Kennenlernen.\n"
    "kategorien: [fruehe-hilfen]\nbeginn: 2027-03-02 10:00\nende: 11:30\n"
    "wiederholung: FREQ=WEEKLY;BYDAY=TU;UNTIL=2027-04-27\nausnahmen: [2027-03-30, 2027-04-06]\n"
    "kosten: kostenlos\nmitbringen: Hausschuhe\nadresse:\n  strasse: Teststraße 1\n  plz: \"59999\"\n"
    "  ort: Teststadt\nstand: 2026-11-01\n",
    f"{Q}/termine/krabbelgruppe.en.yaml": "name: Toddler group\nkurz: Play and meet.\n",
    # Five whole days, the end day included.
    f"{Q}/termine/ferienfreizeit.yaml": "name: Ferienfreizeit\nkategorien: [sprache]\nbeginn: 2027-07-19\n"
    "ende: 2027-07-23\nstand: 2026-11-01\n",
    # Three listed dates, one at another time.
    "content/termine/vorlesen.yaml": "name: Vorlesestunde\nquartiere: alle\nbeginn: 2027-05-08 14:00\nende: 16:00\n"
    "daten: [2027-05-15, 2027-05-22 15:00]\nstand: 2026-11-01\n",
}
# What each event's calendar must give, written out from a calendar: (start, end) in Berlin time, or days.
KRABBEL = [(datetime.fromisoformat(f"{d} 10:00"), datetime.fromisoformat(f"{d} 11:30")) for d in
           ("2027-03-02", "2027-03-09", "2027-03-16", "2027-03-23", "2027-04-13", "2027-04-20", "2027-04-27")]
FERIEN = [(date(2027, 7, 19), date(2027, 7, 24))]  # DTEND of a whole day is exclusive
VORLESEN = [(datetime(2027, 5, 8, 14), datetime(2027, 5, 8, 16)), (datetime(2027, 5, 15, 14), datetime(2027, 5, 15, 16)),
            (datetime(2027, 5, 22, 15), datetime(2027, 5, 22, 17))]


def bilingual_project(root: Path, files: dict[str, str]) -> Path:
    """The mini project in German and English at ``root``, with ``files`` added."""
    shutil.copytree(MINI, root)
    site_yaml = root / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "sprachen: [de, en]\n", encoding="utf-8")
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bilingual_project(tmp_path_factory.mktemp("kalender") / "projekt", FILES)


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    out = project.parent / "site"
    build_site(project, out, TODAY, reuse=False)
    return out


def _read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def _occurrences(calendar: Calendar, summary: str) -> list[tuple[object, object]]:
    """Every date of the event named ``summary`` in 2026-2028, as naive Berlin times (or days)."""
    found = []
    for event in recurring_ical_events.of(calendar).between(date(2026, 1, 1), date(2028, 12, 31)):
        if str(event["SUMMARY"]) != summary:
            continue
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        if isinstance(start, datetime):
            assert start.utcoffset() == start.astimezone(BERLIN).utcoffset()  # in Berlin time, not UTC or floating
            start, end = start.astimezone(BERLIN).replace(tzinfo=None), end.astimezone(BERLIN).replace(tzinfo=None)
        found.append((start, end))
    return sorted(found, key=lambda pair: str(pair[0]))


def test_every_calendar_file_is_there_and_parses(site: Path) -> None:
    expected = {"termine/kalender.ics", f"{Q}/termine/kalender.ics", "themen/fruehe-hilfen/termine/kalender.ics",
                "themen/sprache/termine/kalender.ics",
                f"{Q}/termine/krabbelgruppe/termin.ics", f"{Q}/termine/ferienfreizeit/termin.ics",
                "region/termine/vorlesen/termin.ics"}
    expected |= {f"en/{path}" for path in expected}
    found = {str(p.relative_to(site)) for p in site.rglob("*.ics")}
    assert found == expected
    for path in found:
        calendar = _read(site / path)
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
        assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) != ""
        [zone] = calendar.walk("VTIMEZONE")
        assert zone["TZID"] == "Europe/Berlin"
        for event in calendar.walk("VEVENT"):
            assert event["DTSTAMP"].dt == datetime(2026, 11, 21, tzinfo=event["DTSTAMP"].dt.tzinfo)
            assert event["DTSTAMP"].dt.utcoffset() == timedelta(0)


def test_series_round_trips_through_an_independent_reader(site: Path) -> None:
    calendar = _read(site / f"{Q}/termine/krabbelgruppe/termin.ics")
    assert _occurrences(calendar, "Krabbelgruppe") == KRABBEL
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert "FREQ=WEEKLY" in event["RRULE"].to_ical().decode() and "BYDAY=TU" in event["RRULE"].to_ical().decode()
    assert {d.dt.date() for exdate in [event["EXDATE"]] for d in exdate.dts} == {date(2027, 3, 30), date(2027, 4, 6)}
    assert event["LOCATION"] == "Teststraße 1, 59999 Teststadt"
    assert event["URL"] == f"https://{HOST}/{Q}/termine/krabbelgruppe/"
    assert "Hausschuhe" in event["DESCRIPTION"] and "kostenlos" in event["DESCRIPTION"]
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Frühe Hilfen"]


def test_whole_days_and_listed_dates_round_trip(site: Path) -> None:
    ferien = _read(site / f"{Q}/termine/ferienfreizeit/termin.ics")
    assert _occurrences(ferien, "Ferienfreizeit") == FERIEN
    assert ferien.walk("VEVENT")[0]["DTSTART"].params.get("VALUE") in (None, "DATE")
    assert type(ferien.walk("VEVENT")[0].decoded("DTSTART")) is date
    vorlesen = _read(site / "region/termine/vorlesen/termin.ics")
    assert _occurrences(vorlesen, "Vorlesestunde") == VORLESEN


def test_list_calendars_hold_their_events(site: Path) -> None:
    def summaries(path: str) -> set[str]:
        return {str(e["SUMMARY"]) for e in _read(site / path).walk("VEVENT")}

    everything = {"Krabbelgruppe", "Ferienfreizeit", "Vorlesestunde"}
    assert summaries("termine/kalender.ics") == everything
    assert summaries(f"{Q}/termine/kalender.ics") == everything  # the region-wide one is for every quarter
    assert summaries("themen/fruehe-hilfen/termine/kalender.ics") == {"Krabbelgruppe"}
    assert summaries("themen/sprache/termine/kalender.ics") == {"Ferienfreizeit"}
    region = _read(site / "termine/kalender.ics")
    assert _occurrences(region, "Krabbelgruppe") == KRABBEL and _occurrences(region, "Vorlesestunde") == VORLESEN


def test_translated_calendar_keeps_dates_and_uid(site: Path) -> None:
    german = _read(site / f"{Q}/termine/krabbelgruppe/termin.ics").walk("VEVENT")[0]
    english = _read(site / f"en/{Q}/termine/krabbelgruppe/termin.ics")
    assert _occurrences(english, "Toddler group") == KRABBEL
    event = english.walk("VEVENT")[0]
    assert event["DESCRIPTION"].startswith("Play and meet.")
    assert event["URL"] == f"https://{HOST}/en/{Q}/termine/krabbelgruppe/"
    assert event["UID"] == german["UID"]  # one event in two languages


def test_uids_are_stable_and_unchanged_builds_write_the_same_bytes(project: Path, site: Path) -> None:
    def uids(files: dict[str, bytes]) -> dict[str, list[str]]:
        return {path: [str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")]
                for path, data in files.items() if path.endswith(".ics")}

    content, _problems = load_and_validate(project, TODAY)
    again = subscription_files(language_builders(content, TODAY))
    written = {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.suffix in (".ics", ".xml")
               and p.name != "sitemap.xml"}
    assert again == written  # same content, same day: byte for byte
    later = subscription_files(language_builders(content, TODAY + timedelta(days=9)))
    assert uids(later) == uids(written)
    found = uids(written)[f"{Q}/termine/krabbelgruppe/termin.ics"]
    assert found == [f"testviertel/termine/krabbelgruppe@{HOST}"]
    every = [uid for path, values in uids(written).items() if path.endswith("termin.ics") and
             not path.startswith("en/") for uid in values]
    assert len(every) == len(set(every)) == 3


def test_demo_calendars_parse_and_the_elterncafe_round_trips(demo_site: Path) -> None:
    """The demo's Elterncafé: every Tuesday 09:30-11:30 from 3 November 2026 to 13 July 2027, not on 29 December
    and 5 January (Christmas holidays); the dates counted here by stepping a week at a time."""
    files = sorted(demo_site.rglob("*.ics"))
    assert len(files) > 20
    for path in files:
        assert _read(path).walk("VTIMEZONE")
    expected = []
    day = date(2026, 11, 3)
    while day <= date(2027, 7, 13):
        if day not in (date(2026, 12, 29), date(2027, 1, 5)):
            expected.append((datetime.combine(day, datetime.min.time()).replace(hour=9, minute=30),
                             datetime.combine(day, datetime.min.time()).replace(hour=11, minute=30)))
        day += timedelta(days=7)
    calendar = _read(demo_site / "quartiere/brunnenviertel/termine/elterncafe-dienstags/termin.ics")
    assert _occurrences(calendar, "Frühstückstreff am Dienstag") == expected
    assert len(expected) == 35
    english = _read(demo_site / "en/quartiere/brunnenviertel/termine/elterncafe-dienstags/termin.ics")
    assert _occurrences(english, "Tuesday breakfast meeting") == expected
