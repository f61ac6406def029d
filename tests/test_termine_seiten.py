"""Termine pages (issue 28, deliver 2): an event's own page with JSON-LD Event, the Termine lists of the region,
quarters and topics, the home page's "Anmeldung läuft" and "Diese Woche", search filters, and the browser's clock
a week after the build.

One small scratch project, built once. Every expected date is worked out here from the rule or the law (Tuesdays
counted by hand, the German summer time), not taken from the implementation."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import cssselect2
import lxml.html
import pytest

from conftest import MINI, serve_folder

BUILD = date(2026, 11, 18)  # a Wednesday: this week ends on Sunday 22.11., this month on 30.11.
LATER = "2026-11-25T12:00:00"  # a week later, Berlin time: the site was not rebuilt
SHOTS = Path("/work/notes/shots")

SERIES = "quartiere/testviertel/termine/krabbelgruppe"
TALK = "region/termine/vortrag-schlaf"
CAMP = "quartiere/testviertel/termine/ferienfreizeit"
CRAFT = "quartiere/testviertel/termine/basteln"

FILES = {
    f"{SERIES}.yaml": """name: Krabbelgruppe
kurz: Spielen und Singen für die Kleinsten.
kategorien: [fruehe-hilfen]
angebot: elterncafe
alter: "0-3"
beginn: 2026-11-03 09:30
ende: 11:30
wiederholung: FREQ=WEEKLY;BYDAY=TU;UNTIL=2027-01-26
ausnahmen: [2026-12-22, 2026-12-29]
kosten: kostenlos
adresse: {strasse: Teststraße 1, plz: "59999", ort: Teststadt}
stand: 2026-11-01
""",
    "content/termine/vortrag-schlaf.yaml": """name: Vortrag Babyschlaf
kurz: Wie Babys schlafen lernen.
kategorien: [fruehe-hilfen]
quartiere: alle
beginn: 2026-11-20 19:00
ende: 21:00
anmeldung_ab: 2026-11-01
anmeldung_bis: 2026-11-19
plaetze: 30
plaetze_frei: 5
plaetze_stand: 2026-11-17
kosten: 12 Euro pro Person
ermaessigung: Geschwister zahlen die Hälfte.
bildung_und_teilhabe: ja
mitbringen: Etwas zu schreiben.
buchung: https://example.org/anmeldung
traeger: Familienbildung Teststadt
adresse: {strasse: Marktplatz 2, plz: "59999", ort: Teststadt}
stand: 2026-11-01
""",
    f"{CAMP}.yaml": """name: Ferienfreizeit
kurz: Drei Tage im Zeltlager.
kategorien: [fruehe-hilfen]
beginn: 2026-12-28
ende: 2026-12-30
anmeldung_ab: 2026-11-20
anmeldung_bis: 2026-12-10
stand: 2026-11-01
""",
    # A name that tries to end the JSON-LD script; a second date in summer time (+02:00).
    f"{CRAFT}.yaml": """name: "Basteln </script><script>alert(1)</script> & Co"
kurz: Basteln mit Papier.
kategorien: [sprache]
beginn: 2026-11-26 15:00
ende: 17:00
daten: [2027-07-01 15:00]
stand: 2026-11-01
""",
    # Over before the build: not published at all.
    "quartiere/testviertel/termine/vorbei.yaml": """name: Laternenumzug
kategorien: [fruehe-hilfen]
beginn: 2026-11-11 17:00
ende: 18:30
stand: 2026-11-01
""",
}

BERLIN = ZoneInfo("Europe/Berlin")


def tuesdays(first: date, until: date, skip: set[date]) -> list[date]:
    """The rule FREQ=WEEKLY;BYDAY=TU;UNTIL=…, counted by hand."""
    days, day = [], first
    while day <= until:
        if day not in skip:
            days.append(day)
        day += timedelta(days=7)
    return days


SERIES_DAYS = [d for d in tuesdays(date(2026, 11, 3), date(2027, 1, 26), {date(2026, 12, 22), date(2026, 12, 29)})
               if d >= BUILD]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wegweiser.site.build import build_site

    base = tmp_path_factory.mktemp("termine")
    root = base / "projekt"
    shutil.copytree(MINI, root)
    site_yaml = root / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text("utf-8") + "sprachen: [de, ar]\n", encoding="utf-8")
    for path, text in FILES.items():
        target = root / path.replace("region/termine/", "content/termine/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    build_site(root, base / "site", BUILD)
    return base / "site"


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    yield from serve_folder(site)


class Html:
    """An element of a parsed page, found by CSS selectors (cssselect2, which WeasyPrint brings along)."""

    def __init__(self, wrapper: cssselect2.ElementWrapper) -> None:
        self.wrapper, self.element = wrapper, wrapper.etree_element

    def select(self, selector: str) -> list[Html]:
        return [Html(w) for w in self.wrapper.query_all(selector)]

    def select_one(self, selector: str) -> Html:
        found = self.select(selector)
        assert found, selector
        return found[0]

    def get_text(self, separator: str = "", strip: bool = False) -> str:
        parts = [t.strip() if strip else t for t in self.element.itertext()]
        # the catalogue joins a count to its word with a no-break space
        return separator.join(p for p in parts if p or not strip).replace("\xa0", " ")

    def has_attr(self, name: str) -> bool:
        return name in self.element.attrib

    def __getitem__(self, name: str) -> str:
        return str(self.element.attrib[name])

    @property
    def string(self) -> str:
        return str(self.element.text)


def soup(site: Path, url: str) -> Html:
    root = lxml.html.fromstring((site / url / "index.html").read_text("utf-8"))
    return Html(cssselect2.ElementWrapper.from_html_root(root))


def list_pages(site: Path) -> list[str]:
    """Every Termine list page of the build, in every language."""
    found = []
    for prefix in ("", "ar/"):
        base = site / prefix
        found += [f"{prefix}termine"] if (base / "termine" / "index.html").is_file() else []
        found += [p.parent.relative_to(site).as_posix() for p in base.glob("quartiere/*/termine/index.html")]
        found += [p.parent.relative_to(site).as_posix() for p in base.glob("themen/*/termine/index.html")]
    return found


def starts(element: Any) -> list[datetime]:
    return [datetime.fromisoformat(li["data-start"]) for li in element.select(".ww-datum")]


def section_items(page: Html, key: str) -> dict[str, list[date]]:
    section = page.select_one(f'.ww-termine > [data-abschnitt="{key}"]')
    return {item.select_one(".ww-termin__titel")["href"].rstrip("/").split("/")[-1]: [s.date() for s in starts(item)]
            for item in section.select(".ww-termin")}


# --- the lists at the build date ----------------------------------------------------------------------------------

def test_every_list_page_holds_only_coming_dates_in_the_right_section(site: Path) -> None:
    pages = list_pages(site)
    # region, the quarter, two topics; in German and Arabic
    assert sorted(pages) == sorted(f"{p}{u}" for p in ("", "ar/") for u in (
        "termine", "quartiere/testviertel/termine", "themen/fruehe-hilfen/termine", "themen/sprache/termine"))
    week_end, month_end = date(2026, 11, 22), date(2026, 11, 30)
    for url in pages:
        page = soup(site, url)
        assert "Laternenumzug" not in page.get_text()
        for key, low, high in (("woche", BUILD, week_end), ("monat", week_end + timedelta(days=1), month_end),
                               ("spaeter", month_end + timedelta(days=1), date(2099, 1, 1))):
            for name, days in section_items(page, key).items():
                assert days, (url, key, name)
                assert all(low <= d <= high for d in days), (url, key, name, days)
        for li in page.select(".ww-datum"):
            assert datetime.fromisoformat(li["data-ende"]) > datetime(2026, 11, 18, tzinfo=BERLIN), (url, li)
            # every link leads to a built page
        for link in page.select(".ww-termin__titel"):
            assert (site / url / link["href"] / "index.html").resolve().is_file(), (url, link["href"])


def test_the_region_list_by_section(site: Path) -> None:
    page = soup(site, "termine")
    assert section_items(page, "woche") == {"vortrag-schlaf": [date(2026, 11, 20)]}
    assert section_items(page, "monat") == {"krabbelgruppe": [date(2026, 11, 24)], "basteln": [date(2026, 11, 26)]}
    later = section_items(page, "spaeter")
    assert later["krabbelgruppe"] == [d for d in SERIES_DAYS if d > date(2026, 11, 30)]
    assert later["ferienfreizeit"] == [date(2026, 12, 28)]
    assert later["basteln"] == [date(2027, 7, 1)]
    # a series appears once per section, in words, showing only its next date without JavaScript
    series = page.select('[data-abschnitt="spaeter"] .ww-termin--reihe')
    assert len(series) == 1
    assert series[0].select_one(".ww-termin__reihe").get_text(strip=True) == \
        "jeden Dienstag, 09:30–11:30, bis 26.01.2027; nicht am 22.12.2026 und 29.12.2026"
    assert [li.has_attr("hidden") for li in series[0].select(".ww-datum")][:2] == [False, True]
    # NRW's Christmas holidays 2026/27: 23.12.2026 – 06.01.2027 (schulferien.yaml)
    holidays = page.select_one(".ww-termine--ferien")
    assert holidays is not None and "Weihnachtsferien" in holidays.get_text()
    in_holidays = {item.select_one(".ww-termin__titel")["href"].rstrip("/").split("/")[-1]:
                   [s.date() for s in starts(item)] for item in holidays.select(".ww-termin")}
    assert in_holidays == {"ferienfreizeit": [date(2026, 12, 28)], "krabbelgruppe": [date(2027, 1, 5)]}


def test_offsets_follow_german_summer_time(site: Path) -> None:
    stamps = {li["data-start"] for li in soup(site, "termine").select(".ww-datum")}
    assert "2026-11-26T15:00+01:00" in stamps  # CET
    assert "2027-07-01T15:00+02:00" in stamps  # CEST (last Sunday of March to last Sunday of October)
    assert "2026-12-28" in {t["datetime"] for t in soup(site, "termine").select("time")}  # all day: a date


def test_the_series_page_lists_exactly_the_rule_s_dates(site: Path) -> None:
    page = soup(site, SERIES)
    shown = [s.date() for s in starts(page.select_one(".ww-daten-block"))]
    assert shown == SERIES_DAYS
    assert len(page.select(".ww-daten-block > ul.ww-daten > .ww-datum")) == 5  # then "Weitere Termine"
    assert page.select_one(".ww-daten__mehr summary").get_text(" ", strip=True).startswith("Weitere Termine")
    facts = page.select_one(".ww-termin-daten").get_text(" ", strip=True)
    assert "jeden Dienstag, 09:30–11:30, bis 26.01.2027; nicht am 22.12.2026 und 29.12.2026" in facts
    offer = [a for a in page.select("a") if a.get_text(strip=True) == "Elterncafé"]
    assert offer and offer[0]["href"].endswith("quartiere/testviertel/angebote/elterncafe/")


def test_the_event_page_shows_registration_places_cost_and_booking(site: Path) -> None:
    page = soup(site, TALK)
    text = page.get_text(" ", strip=True)
    assert "Anmeldung läuft – bis 19.11.2026" in text
    assert "5 von 30 Plätzen frei (Stand 17.11.2026)" in text
    assert "12 Euro pro Person" in text and "Geschwister zahlen die Hälfte." in text
    assert "Bildungs- und Teilhabepaket" in text and "Etwas zu schreiben." in text
    assert page.select_one("a.ww-buchung")["href"] == "https://example.org/anmeldung"
    assert page.select_one('time[datetime="2026-11-20T19:00+01:00"]').get_text() == "Fr, 20.11.2026, 19:00–21:00"
    camp = soup(site, CAMP)
    assert "Anmeldung ab 20.11.2026 bis 10.12.2026" in camp.get_text(" ", strip=True)
    assert camp.select_one(".ww-datum time").get_text() == "Mo, 28.12.2026 – Mi, 30.12.2026"


def json_ld(site: Path, url: str) -> dict[str, Any]:
    scripts = soup(site, url).select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data: dict[str, Any] = json.loads(scripts[0].string)
    return data


def test_json_ld_event(site: Path) -> None:
    talk = json_ld(site, TALK)
    assert talk["@type"] == "Event"
    assert (talk["startDate"], talk["endDate"]) == ("2026-11-20T19:00+01:00", "2026-11-20T21:00+01:00")
    assert talk["offers"]["price"] == "12" and talk["offers"]["priceCurrency"] == "EUR"
    assert talk["offers"]["url"] == "https://example.org/anmeldung"
    assert (talk["maximumAttendeeCapacity"], talk["remainingAttendeeCapacity"]) == (30, 5)
    assert talk["location"]["address"]["streetAddress"] == "Marktplatz 2"
    assert talk["organizer"]["name"] == "Familienbildung Teststadt"
    series = json_ld(site, SERIES)
    assert series["startDate"] == "2026-11-24T09:30+01:00"  # the next date, not the first of the series
    schedule = series["eventSchedule"]
    assert schedule["byDay"] == ["https://schema.org/Tuesday"] and schedule["repeatFrequency"] == "P1W"
    assert schedule["exceptDate"] == ["2026-12-22", "2026-12-29"] and schedule["endDate"] == "2027-01-26"
    assert (schedule["startTime"], schedule["endTime"]) == ("09:30", "11:30")
    assert series["isAccessibleForFree"] is True and series["typicalAgeRange"] == "0-3"
    camp = json_ld(site, CAMP)
    assert (camp["startDate"], camp["endDate"]) == ("2026-12-28", "2026-12-30")
    craft = json_ld(site, CRAFT)  # the name's </script> could not end the script element
    assert craft["name"] == "Basteln </script><script>alert(1)</script> & Co"
    assert "</script><script>" not in (site / CRAFT / "index.html").read_text("utf-8").split("ld+json")[1][:300]


def test_home_page_registration_open_and_this_week(site: Path) -> None:
    page = soup(site, "")
    open_now = page.select_one('[data-abschnitt="anmeldung"]')
    visible = [li for li in open_now.select(".ww-termin") if not li.has_attr("hidden")]
    assert [li.select_one(".ww-termin__titel").get_text() for li in visible] == ["Vortrag Babyschlaf"]
    assert "bis 19.11.2026" in open_now.get_text()
    week = page.select_one('.ww-start-termine [data-abschnitt="woche"]')
    assert [li.select_one(".ww-termin__titel").get_text() for li in week.select(".ww-termin")] == \
        ["Vortrag Babyschlaf"]
    assert page.select_one("a.ww-termine__alle")["href"] == "termine/"


def test_links_from_quarter_topic_and_navigation(site: Path) -> None:
    quarter = soup(site, "quartiere/testviertel")
    assert quarter.select_one(".ww-termine-link a")["href"].endswith("quartiere/testviertel/termine/")
    topic = soup(site, "themen/fruehe-hilfen")
    assert topic.select_one(".ww-termine-link a")["href"].endswith("themen/fruehe-hilfen/termine/")
    nav = [a.get_text(strip=True) for a in quarter.select("nav.md-nav--primary a")]
    assert nav.count("Termine") == 1 and "Krabbelgruppe" not in nav


def test_search_filter_values(site: Path) -> None:
    data = json.loads(soup(site, "suche").select_one("[data-filter]")["data-filter"])
    by_name = {f["name"]: dict(f["werte"]) for f in data}
    assert by_name["typ"]["termine"] == "Termin"
    assert by_name["anmeldung"] == {"offen": "Anmeldung offen"}
    assert set(by_name["monat"]) == {"2026-11", "2026-12", "2027-01", "2027-07"}
    talk = soup(site, TALK)
    filters = {s["data-pagefind-filter"] for s in talk.select("[data-pagefind-filter]")}
    assert {"typ:termine", "anmeldung:offen", "monat:2026-11"} <= filters
    camp = {s["data-pagefind-filter"] for s in soup(site, CAMP).select("[data-pagefind-filter]")}
    assert "anmeldung:offen" not in camp  # opens on 20.11.


# --- the browser's clock a week later ------------------------------------------------------------------------------

def _at(browser: Any, url: str, moment: str, width: int = 1280) -> Any:
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": width,
                                                                                          "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.set_fixed_time(datetime.fromisoformat(moment).replace(tzinfo=BERLIN))
    page.goto(url)
    page.wait_for_load_state("load")
    assert not errors, errors
    return page


def _visible_dates(page: Any) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        ".ww-datum", "els => els.filter(e => e.offsetParent !== null || e.closest('details'))"
                     ".map(e => [e.dataset.start, e.closest('[data-abschnitt]')?.dataset.abschnitt || ''])")


def test_a_week_later_no_past_date_shows_and_sections_move(browser: Any, server: str) -> None:
    now = datetime.fromisoformat(LATER).replace(tzinfo=BERLIN)
    page = _at(browser, f"{server}/termine/", LATER)
    try:
        for start, _section in _visible_dates(page):
            assert datetime.fromisoformat(start) >= now - timedelta(hours=3), start
        assert page.locator("text=Vortrag Babyschlaf").count() == 0
        # week of 25.11.: 23.–29.11.; month ends 30.11.
        week = page.locator('.ww-termine > [data-abschnitt="woche"]')
        assert week.is_visible()
        assert week.locator(".ww-termin__titel").all_inner_texts() == ["Basteln </script><script>alert(1)</script> & Co"]
        assert not page.locator('.ww-termine > [data-abschnitt="monat"]').is_visible()
        later = page.locator('.ww-termine > [data-abschnitt="spaeter"] .ww-termin')
        assert later.locator(".ww-termin__titel").all_inner_texts()[:2] == ["Krabbelgruppe", "Ferienfreizeit"]
        series_next = later.first.locator(".ww-datum:not([hidden]) time")
        assert series_next.get_attribute("datetime") == "2026-12-01T09:30+01:00"
        assert later.first.locator(".ww-datum:not([hidden])").count() == 1
        assert page.locator(".ww-termin-daten, .ww-termine > .ww-termine__leer").first.is_hidden()
    finally:
        page.context.close()


def test_a_week_later_registration_flips_and_lists_empty(browser: Any, server: str) -> None:
    page = _at(browser, f"{server}/{TALK}/", LATER)
    try:
        assert page.locator(".ww-anmeldung").inner_text() == "Anmeldung geschlossen (seit 20.11.2026)"
        assert page.locator(".ww-datum").count() == 0
        assert page.locator(".ww-daten-block .ww-termine__leer").is_visible()
        assert not page.locator("dd.ww-plaetze").is_visible()  # counted 17.11.: older than a week
    finally:
        page.context.close()
    page = _at(browser, f"{server}/{CAMP}/", LATER)
    try:
        assert page.locator(".ww-anmeldung").inner_text() == "Anmeldung läuft – bis 10.12.2026"
    finally:
        page.context.close()
    page = _at(browser, f"{server}/", LATER)
    try:
        open_now = page.locator('[data-abschnitt="anmeldung"] .ww-termin:visible .ww-termin__titel')
        assert open_now.all_inner_texts() == ["Ferienfreizeit"]
        week = page.locator('.ww-start-termine [data-abschnitt="woche"]')
        assert week.locator(".ww-termin").count() == 0
        assert week.locator(".ww-termine__leer").is_visible()
    finally:
        page.context.close()


def test_at_the_build_date_the_browser_changes_nothing(browser: Any, server: str) -> None:
    page = _at(browser, f"{server}/termine/", "2026-11-18T10:00:00")
    try:
        week = page.locator('.ww-termine > [data-abschnitt="woche"] .ww-termin__titel')
        assert week.all_inner_texts() == ["Vortrag Babyschlaf"]
        assert page.locator('.ww-termine > [data-abschnitt="monat"] .ww-termin').count() == 2
    finally:
        page.context.close()


@pytest.mark.parametrize(("name", "url", "width"), [
    ("liste-de-360", "termine/", 360), ("liste-ar-360", "ar/termine/", 360), ("liste-de-1280", "termine/", 1280),
    ("termin-de-360", f"{TALK}/", 360), ("termin-ar-360", f"ar/{SERIES}/", 360),
    ("termin-de-1280", f"{SERIES}/", 1280)])
def test_screenshots(browser: Any, server: str, name: str, url: str, width: int) -> None:
    page = _at(browser, f"{server}/{url}", "2026-11-18T10:00:00", width)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
        if SHOTS.parent.is_dir():  # the project's notes, where there are some (not on CI)
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / f"28-termine-{name}.png"), full_page=True)
    finally:
        page.context.close()
