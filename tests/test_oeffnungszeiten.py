"""Opening hours tell the truth: public holidays of the Bundesland, school holidays from the official dates,
one parse per expression shared by the week table, "jetzt geöffnet", JSON-LD and print."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from conftest import MINI, read_page

BUILD_DAY = date(2027, 5, 15)  # a Saturday; the eight weeks after it hold Pfingstferien and Fronleichnam
ENTRIES = {
    "feiertag": "Mo-Fr 09:00-12:00; PH off",
    "ferien": "Mo-Fr 09:00-12:00; SH off",
    "feiertags-sprechstunde": "Mo-Fr 09:00-12:00; PH 10:00-11:00",
}
ANGEBOTE = "quartiere/testviertel/angebote"

# The NRW school holidays 2025–2028 as the Ferienordnung of the Ministerium für Schule und Bildung NRW
# (RdErl. v. 19.05.2022, https://bass.schul-welt.de/191.htm) sets them: first and last day of each block.
# Typed in from the published dates, not read from the package.
NRW_SCHULFERIEN = [
    ("2024-12-23", "2025-01-06"),
    ("2025-04-14", "2025-04-26"), ("2025-06-10", "2025-06-10"), ("2025-07-14", "2025-08-26"),
    ("2025-10-13", "2025-10-25"), ("2025-12-22", "2026-01-06"),
    ("2026-03-30", "2026-04-11"), ("2026-05-26", "2026-05-26"), ("2026-07-20", "2026-09-01"),
    ("2026-10-17", "2026-10-31"), ("2026-12-23", "2027-01-06"),
    ("2027-03-22", "2027-04-03"), ("2027-05-18", "2027-05-18"), ("2027-07-19", "2027-08-31"),
    ("2027-10-23", "2027-11-06"), ("2027-12-24", "2028-01-08"),
    ("2028-04-10", "2028-04-22"), ("2028-07-10", "2028-08-22"), ("2028-10-23", "2028-11-04"),
    ("2028-12-21", "2029-01-05"),
]


def _open_at(data: dict[str, Any], moment: str) -> bool:
    """Is the entry open at ``moment`` (local time "YYYY-MM-DD HH:MM") according to the build's intervals, or its
    week rules (``osm_hours.wochenregeln``: per kind of day and weekday, with the holidays' day numbers)?"""
    day, clock = moment.split()
    n = (date.fromisoformat(day) - date.fromisoformat(data["b"])).days
    minute = int(clock[:2]) * 60 + int(clock[3:])
    if "r" in data:
        assert 0 <= n < data["e"], (moment, data["b"], data["e"])
        kind = ("f" if n in data["f"] else "") + ("s" if any(a <= n <= b for a, b in data["s"]) else "")
        return any(a <= minute < b for a, b in data["r"][kind][date.fromisoformat(day).weekday()])
    return any(a <= n * 1440 + minute < b for a, b in data["i"])


def _intervals(expression: str, land: str | None, today: date, days: int = 56) -> dict[str, Any]:
    from wegweiser.hours import holiday_calendar, osm_hours

    return osm_hours.offene_zeiten(osm_hours.parse(expression), holiday_calendar.kalender(land), today, days)


# --- public holidays of the Bundesland -------------------------------------------------------------

def test_regional_public_holidays_close_in_nrw() -> None:
    data = _intervals("Mo-Fr 09:00-12:00; PH off", "NW", date(2027, 5, 17))
    assert not _open_at(data, "2027-05-27 10:00")  # Fronleichnam, a holiday in NRW
    assert not _open_at(data, "2027-05-17 10:00")  # Pfingstmontag, everywhere
    assert _open_at(data, "2027-05-20 10:00")  # an ordinary Thursday
    assert _open_at(data, "2027-05-28 10:00")
    november = _intervals("Mo-Fr 09:00-12:00; PH off", "NW", date(2027, 10, 25))
    assert not _open_at(november, "2027-11-01 10:00")  # Allerheiligen, a Monday in 2027
    assert _open_at(november, "2027-11-02 10:00")


def test_without_bundesland_only_nationwide_holidays() -> None:
    data = _intervals("Mo-Fr 09:00-12:00; PH off", None, date(2027, 5, 17))
    assert _open_at(data, "2027-05-27 10:00")  # Fronleichnam is not a holiday in all of Germany
    assert not _open_at(data, "2027-05-17 10:00")
    bavaria = _intervals("Mo-Fr 09:00-12:00; PH off", "BY", date(2027, 1, 4))
    assert not _open_at(bavaria, "2027-01-06 10:00")  # Heilige Drei Könige: Bavaria yes, NRW no
    assert _open_at(_intervals("Mo-Fr 09:00-12:00; PH off", "NW", date(2027, 1, 4)), "2027-01-06 10:00")


def test_holiday_rules_keep_their_meaning() -> None:
    # "PH 10:00-11:00": on holidays open, but only at these times
    data = _intervals("Mo-Fr 09:00-12:00; PH 10:00-11:00", "NW", date(2027, 5, 24))
    assert _open_at(data, "2027-05-27 10:30") and not _open_at(data, "2027-05-27 09:30")
    assert _open_at(data, "2027-05-26 09:30")
    # holidays as part of a list: "Sa,PH" opens on a holiday Thursday too
    data = _intervals("Sa,PH 10:00-12:00", "NW", date(2027, 5, 24))
    assert _open_at(data, "2027-05-27 11:00") and _open_at(data, "2027-05-29 11:00")
    assert not _open_at(data, "2027-05-26 11:00")
    # a later rule wins over "PH off" on the days it names
    data = _intervals("PH off; Th 14:00-16:00", "NW", date(2027, 5, 24))
    assert _open_at(data, "2027-05-27 15:00")


def test_school_holidays_close_in_nrw() -> None:
    data = _intervals("Mo-Fr 09:00-12:00; SH off", "NW", date(2027, 7, 12))
    assert _open_at(data, "2027-07-16 10:00")  # last school day
    assert not _open_at(data, "2027-07-19 10:00")  # first day of the Sommerferien
    assert not _open_at(data, "2027-08-31 10:00")  # last day
    assert _open_at(data, "2027-09-01 10:00")
    both = _intervals("Mo-Fr 09:00-12:00; PH off; SH off", "NW", date(2027, 5, 15))
    assert not _open_at(both, "2027-05-18 10:00")  # Pfingstferien, one day
    assert not _open_at(both, "2027-05-27 10:00")
    assert _open_at(both, "2027-05-19 10:00")


def test_week_table_notes_name_the_holidays() -> None:
    from wegweiser.hours import holiday_calendar, osm_hours

    nrw = holiday_calendar.kalender("NW")
    hours = osm_hours.wochentabelle(osm_hours.parse("Mo-Fr 09:00-12:00; PH off; SH off"), nrw,
                                          date(2027, 5, 15))
    assert [(r.days, r.times) for r in hours.rows] == [("Mo–Fr", "09:00–12:00 Uhr")]
    assert hours.notes == [
        "an Feiertagen in Nordrhein-Westfalen geschlossen (nächster: Pfingstmontag am 17.05.2027)",
        "in den Schulferien in Nordrhein-Westfalen geschlossen (nächste: Pfingstferien 18.05.–18.05.2027)"]
    hours = osm_hours.wochentabelle(osm_hours.parse("Mo-Fr 09:00-12:00; PH 10:00-11:00"), nrw, None)
    assert hours.notes == ["an Feiertagen in Nordrhein-Westfalen: 10:00–11:00 Uhr"]


# --- the data file ---------------------------------------------------------------------------------

def test_nrw_school_holidays_match_the_ferienordnung() -> None:
    from wegweiser.hours import holiday_calendar

    header = holiday_calendar.SCHULFERIEN_DATEI.read_text(encoding="utf-8").split("\nNW:")[0]
    assert "https://bass.schul-welt.de/191.htm" in header and "Abgerufen: " in header  # source and date
    data = holiday_calendar.schulferien_daten()["NW"]
    found = [(f["von"].isoformat(), f["bis"].isoformat()) for f in data["ferien"]]
    assert found == NRW_SCHULFERIEN
    blocks = holiday_calendar.kalender("NW").schulferien
    for earlier, later in itertools.pairwise(blocks):
        assert earlier.von <= earlier.bis < later.von  # in order, none overlapping
    for year in (2025, 2026, 2027, 2028):
        names = {f.name for f in blocks if f.von.year == year}
        assert {"Osterferien", "Sommerferien", "Herbstferien", "Weihnachtsferien"} <= names, year
    assert data["bis"] >= date(2028, 12, 31)
    assert holiday_calendar.kalender("NW").schulferien_bekannt(date(2028, 12, 31))


# --- check -----------------------------------------------------------------------------------------

def _problems(root: Path, today: date = BUILD_DAY) -> tuple[list[tuple[str, int, str, str]], list[Any]]:
    from wegweiser.check.validate import load_and_validate

    _, problems = load_and_validate(root, today)
    return ([(p.loc.path, p.loc.line, p.message, p.hint) for p in problems.warnings],
            [(p.loc.path, p.loc.line, p.message, p.hint) for p in problems.errors])


@pytest.mark.parametrize("code", ["BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"])
def test_every_bundesland_code_is_accepted(scratch: Callable[..., Path], code: str) -> None:
    site = (MINI / "content" / "site.yaml").read_text(encoding="utf-8").replace("bundesland: NW", f"bundesland: {code}")
    _, errors = _problems(scratch("content/site.yaml", site))
    assert errors == []


@pytest.mark.parametrize(("value", "hint"), [
    ("NRW", "Meinten Sie „NW“ (Nordrhein-Westfalen)?"),
    ("Bayren", "Meinten Sie „BY“ (Bayern)?"),
    ("Nordrhein-Westfahlen", "Meinten Sie „NW“ (Nordrhein-Westfalen)?"),
    ("nw", "Meinten Sie „NW“ (Nordrhein-Westfalen)?"),  # the JSON Schema lists the codes as written
    ("DE-BY", "Meinten Sie „BY“ (Bayern)?"),
])
def test_unknown_bundesland_is_a_located_error(scratch: Callable[..., Path], value: str, hint: str) -> None:
    site = (MINI / "content" / "site.yaml").read_text(encoding="utf-8")
    line = site.split("\n").index("bundesland: NW") + 1
    _, errors = _problems(scratch("content/site.yaml", site.replace("bundesland: NW", f"bundesland: {value}")))
    assert errors == [("content/site.yaml", line, f"„{value}“ ist kein Bundesland-Kürzel.", hint)]


def test_missing_bundesland_warns(scratch: Callable[..., Path]) -> None:
    site = (MINI / "content" / "site.yaml").read_text(encoding="utf-8").replace("bundesland: NW\n", "")
    warnings, errors = _problems(scratch("content/site.yaml", site))
    assert errors == []
    assert [(w[0], w[2]) for w in warnings] == [
        ("content/site.yaml", "„bundesland“ fehlt: Öffnungszeiten kennen dann nur die bundesweiten Feiertage "
                              "und keine Schulferien.")]
    assert "bundesland: NW" in warnings[0][3]


def test_unsupported_holiday_rules_and_unknown_school_holidays_warn(scratch: Callable[..., Path]) -> None:
    scratch(f"{ANGEBOTE}/versatz.yaml", 'name: Versatz\nstand: 2027-05-01\noeffnungszeiten: "Mo-Fr 09:00-12:00; '
                                        'PH +1 day off"\n')
    root = scratch(f"{ANGEBOTE}/ferien-mo.yaml", 'name: Ferien montags\nstand: 2027-05-01\n'
                                                 'oeffnungszeiten: "SH Mo 10:00-12:00"\n')
    warnings, errors = _problems(root)
    assert errors == []
    located = {(path, line) for path, line, message, _ in warnings if "werden nicht ausgewertet" in message}
    assert located == {(f"{ANGEBOTE}/versatz.yaml", 3), (f"{ANGEBOTE}/ferien-mo.yaml", 3)}
    site = (MINI / "content" / "site.yaml").read_text(encoding="utf-8").replace("bundesland: NW", "bundesland: BY")
    scratch("content/site.yaml", site)
    root = scratch(f"{ANGEBOTE}/ferien-mo.yaml", 'name: Ferien zu\nstand: 2027-05-01\n'
                                                 'oeffnungszeiten: "Mo-Fr 09:00-12:00; SH off"\n')
    warnings, _ = _problems(root)
    assert (f"{ANGEBOTE}/ferien-mo.yaml", 3, "Für Bayern sind keine Schulferien hinterlegt: „SH“ in "
            "„Mo-Fr 09:00-12:00; SH off“ wird nicht ausgewertet.") in [w[:3] for w in warnings]


# --- one real build: parsed once, shown right ------------------------------------------------------

class Built(NamedTuple):
    site: Path
    calls: list[str]  # every expression the parser was given, in order
    booklet: str  # the booklets' HTML


@pytest.fixture(scope="module")
def holiday_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The mini project with three holiday entries, built on BUILD_DAY (and booklets printed as HTML) while
    every call of the opening-hours parser is logged to a file (forked workers included)."""
    import opening_hours

    from wegweiser.check.validate import load_and_validate
    from wegweiser.hours import osm_hours
    from wegweiser.printing.booklet import BookletBuilder
    from wegweiser.site.build import build_site

    base = tmp_path_factory.mktemp("feiertage")
    root = base / "projekt"
    shutil.copytree(MINI, root)
    for slug, expression in ENTRIES.items():
        (root / ANGEBOTE / f"{slug}.yaml").write_text(
            f'name: Sprechstunde {slug}\nstand: 2027-05-01\noeffnungszeiten: "{expression}"\n', encoding="utf-8")
    log = base / "parser-aufrufe.txt"
    original = opening_hours.OpeningHours

    def counted(text: str, *args: Any, **kwargs: Any) -> Any:
        with log.open("a", encoding="utf-8") as out:
            out.write(text + "\n")
        return original(text, *args, **kwargs)

    osm_hours.parse.cache_clear()
    osm_hours._parser.cache_clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(opening_hours, "OpeningHours", counted)
        patch.setattr(osm_hours.oh, "OpeningHours", counted)
        build_site(root, base / "site", BUILD_DAY)
        content, _ = load_and_validate(root, BUILD_DAY)
        booklets = [b.html for b in BookletBuilder(content, BUILD_DAY).booklets()]
    osm_hours.parse.cache_clear()
    osm_hours._parser.cache_clear()
    return Built(base / "site", log.read_text(encoding="utf-8").splitlines(), "\n".join(booklets))


def test_each_expression_is_parsed_once_per_build(holiday_site: Built) -> None:
    calls = holiday_site.calls
    for expression in [*ENTRIES.values(), "Tu 09:30-11:30"]:
        assert calls.count(expression) == 1, (expression, calls)
    # the holiday variants are parsed once as well (PH/SH read as "every day")
    assert calls.count("Mo-Fr 09:00-12:00; Mo-Su off") == 1
    assert len(calls) == len(set(calls))


def test_week_table_and_booklet_show_the_holidays(holiday_site: Built) -> None:
    site = holiday_site.site
    html = read_page(site, f"{ANGEBOTE}/feiertag/")
    notes = re.search(r'<p class="ww-zeiten__hinweis">(.*?)</p>', html, re.S)
    assert notes and notes.group(1) == ("an Feiertagen in Nordrhein-Westfalen geschlossen "
                                        "(nächster: Pfingstmontag am 17.05.2027)")
    ferien = read_page(site, f"{ANGEBOTE}/ferien/")
    assert "in den Schulferien in Nordrhein-Westfalen geschlossen (nächste: Pfingstferien 18.05.–18.05.2027)" in ferien
    # (the text of the booklet: its times are kept whole in <span class="zahl">)
    assert "Mo–Fr 09:00–12:00 Uhr" in re.sub(r"<[^>]+>", "", holiday_site.booklet)
    # the booklet is handed out in one Land: its notes stay short and do not name it
    assert "an Feiertagen geschlossen" in holiday_site.booklet
    assert "nächster:" not in holiday_site.booklet  # a booklet is read for months: no "next holiday"
    # JSON-LD: the ordinary week, from the same parse
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    days = sorted(s["dayOfWeek"].rsplit("/", 1)[1] for s in data["hoursAvailable"])
    assert days == sorted(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])


def test_page_data_knows_fronleichnam_and_pfingstferien(holiday_site: Built) -> None:
    site = holiday_site.site

    def data(slug: str) -> dict[str, Any]:
        html = read_page(site, f"{ANGEBOTE}/{slug}/")
        found = re.search(r"data-zeiten='([^']*)'", html)
        assert found, slug
        return dict(json.loads(found.group(1).replace("&#34;", '"').replace("&quot;", '"')))

    assert not _open_at(data("feiertag"), "2027-05-27 10:00")
    assert _open_at(data("feiertag"), "2027-05-20 10:00")
    assert not _open_at(data("ferien"), "2027-05-18 10:00")
    assert _open_at(data("ferien"), "2027-05-27 10:00")  # SH off only: Fronleichnam stays open


# --- in the browser, with a fixed clock --------------------------------------------------------------

@pytest.fixture(scope="module")
def holiday_server(holiday_site: Built) -> Iterator[str]:
    import functools
    import http.server
    import threading

    from conftest import _QuietHandler

    handler = functools.partial(_QuietHandler, directory=str(holiday_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize(("slug", "moment", "expected"), [
    ("feiertag", "2027-05-27T10:00:00+02:00", "Jetzt geschlossen – öffnet Fr 09:00 Uhr"),  # Fronleichnam
    ("feiertag", "2027-05-20T10:00:00+02:00", "Jetzt geöffnet – bis 12:00 Uhr"),  # an ordinary Thursday
    ("ferien", "2027-05-18T10:00:00+02:00", "Jetzt geschlossen – öffnet Mi 09:00 Uhr"),  # Pfingstferien
    ("ferien", "2027-05-19T10:00:00+02:00", "Jetzt geöffnet – bis 12:00 Uhr"),
    ("feiertags-sprechstunde", "2027-05-27T09:30:00+02:00", "Jetzt geschlossen – öffnet heute 10:00 Uhr"),
])
def test_open_now_on_holidays(browser: Any, holiday_server: str, slug: str, moment: str, expected: str) -> None:
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    page.goto(f"{holiday_server}/{ANGEBOTE}/{slug}/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".ww-jetzt").inner_text() == expected
    context.close()


def test_check_prints_the_holiday_warnings(scratch: Callable[..., Path]) -> None:
    site = (MINI / "content" / "site.yaml").read_text(encoding="utf-8").replace("bundesland: NW\n", "")
    root = scratch("content/site.yaml", site)
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", str(root), "--stichtag",
                             (BUILD_DAY - timedelta(days=1)).isoformat()], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
    assert "content/site.yaml: Warnung: „bundesland“ fehlt" in result.stdout
