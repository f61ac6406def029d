""""Wann geöffnet?": the filters "jetzt", "heute" and "am Wochenende" on quarter, topic and search pages, computed
in the browser from the opening hours with the public and school holidays of the Bundesland (NW).

The expected sets are worked out by hand from each entry's hours and the calendar (Erster and Zweiter Weihnachtstag
2026 on a Friday and Saturday; the NW Weihnachtsferien 2026-12-23 to 2027-01-06; Heilige Drei Könige is no holiday
in NW), not from the implementation. The site is built on a Saturday and viewed on other days, up to more than a
year later: the filter must be right whatever the day it is used, and say so when it cannot know.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI, read_page, serve_folder

BUILD_DAY = date(2026, 11, 21)  # a Saturday
ANGEBOTE = "quartiere/testviertel/angebote"
# slug: (name, lines of the entry). The mini fixture adds "Elterncafé" (Tu 09:30-11:30, 0–3 years) and the
# contact "Netzwerkbüro Testviertel" (no hours).
ENTRIES = {
    "vormittag": ("Treff Vormittag", 'oeffnungszeiten: "Mo-Fr 09:00-12:00"\nalter: "0-3"'),
    "samstag": ("Treff Samstag", 'oeffnungszeiten: "Sa 10:00-14:00"\nalter: "6-10"'),
    "samstag-feiertag": ("Treff Samstag ohne Feiertag", 'oeffnungszeiten: "Sa 10:00-14:00; PH off"'),
    "fruehstueck": ("Treff Frühstück", 'oeffnungszeiten: "Sa 08:00-09:30"'),
    "sonntag": ("Treff Sonntag", 'oeffnungszeiten: "Su 11:00-13:00"'),
    "schulzeit": ("Treff Schulzeit", 'oeffnungszeiten: "Mo-Fr 08:00-16:00; SH off"'),
    "werktags": ("Treff Werktags", 'oeffnungszeiten: "Mo-Fr 09:00-17:00; PH off"'),
    "nachmittag": ("Treff Nachmittag", 'oeffnungszeiten: "Mo-Fr 14:00-18:00"'),
    "absprache": ("Treff nach Absprache", 'zeiten: "nach Absprache"'),
}
ELTERNCAFE, KONTAKT = "Elterncafé", "Netzwerkbüro Testviertel"
WITHOUT_HOURS = {"Treff nach Absprache", KONTAKT}
ALL = {name for name, _lines in ENTRIES.values()} | {ELTERNCAFE, KONTAKT}
V, S, SF, F, SO, SZ, W, N = (ENTRIES[k][0] for k in ("vormittag", "samstag", "samstag-feiertag", "fruehstueck",
                                                      "sonntag", "schulzeit", "werktags", "nachmittag"))

# moment in Berlin: {choice: the entries open then}
CASES = {
    # Saturday morning: only the breakfast (08:00–09:30) is open at nine; later today the Saturday ones open;
    # the weekend adds Sunday.
    "2026-11-28T09:00": {"jetzt": {F}, "heute": {F, S, SF}, "wochenende": {F, S, SF, SO}},
    # An ordinary Tuesday.
    "2026-11-24T10:00": {"jetzt": {V, SZ, W, ELTERNCAFE}},
    # Erster Weihnachtstag (a Friday, public holiday, in the school holidays): "PH off" and "SH off" close, hours
    # without PH stay open; the weekend after it starts with Zweiter Weihnachtstag (a public holiday).
    "2026-12-25T10:00": {"jetzt": {V}, "heute": {V, N}, "wochenende": {S, F, SO}},
    # A school-holiday Tuesday (Weihnachtsferien; Heilige Drei Könige on the 6th is not a holiday in NW).
    "2027-01-05T10:00": {"jetzt": {V, W, ELTERNCAFE}, "heute": {V, W, ELTERNCAFE, N}},
    # More than eight weeks after the build (the intervals the build used to ship ended there).
    "2027-03-02T10:00": {"jetzt": {V, SZ, W, ELTERNCAFE}},
    # Friday evening: the weekend ahead.
    "2026-11-27T19:00": {"wochenende": {F, S, SF, SO}},
    # Sunday at noon: the rest of the weekend is Sunday.
    "2026-11-29T12:00": {"wochenende": {SO}},
}
LABELS = {"jetzt": "Jetzt geöffnet", "heute": "Heute", "wochenende": "Am Wochenende"}


def _berlin(moment: str) -> str:
    """"2026-11-28T09:00" in Berlin as an ISO time with its offset (CET in winter, CEST in summer)."""
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(moment).replace(tzinfo=ZoneInfo("Europe/Berlin")).isoformat()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wegweiser.site.build import build_site

    base = tmp_path_factory.mktemp("wann")
    root = base / "projekt"
    shutil.copytree(MINI, root)
    for slug, (name, lines) in ENTRIES.items():
        (root / ANGEBOTE / f"{slug}.yaml").write_text(
            f"name: {name}\nkurz: Ein Treffpunkt.\nkategorien: [fruehe-hilfen]\nstand: 2026-10-01\n{lines}\n",
            encoding="utf-8")
    build_site(root, base / "site", BUILD_DAY)
    return base / "site"


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    yield from serve_folder(site)


@contextmanager
def _viewing(browser: Any, url: str, moment: str, zone: str = "Europe/Berlin") -> Iterator[Any]:
    """The page at ``url`` with the browser's clock fixed at ``moment`` (Berlin time) in the clock zone ``zone``."""
    context = browser.new_context(locale="de-DE", timezone_id=zone)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.clock.set_fixed_time(_berlin(moment))
        page.goto(url)
        page.wait_for_load_state("load")
        yield page
        assert not errors, errors
    finally:
        context.close()


def _choose(page: Any, label: str) -> None:
    """Tap a choice as a visitor does: its chip (the label). The radio inside is one transparent pixel, which the
    label covers at some positions, so Playwright's click on the radio itself can find the label in its way."""
    radio = page.get_by_role("radio", name=label, exact=True)
    page.locator("label").filter(has=radio).click()
    assert radio.is_checked(), label


def _shown(page: Any) -> set[str]:
    return {title.inner_text() for title in page.locator(".ww-karte .ww-karte__titel").all() if title.is_visible()}


def _status(page: Any) -> str:
    return str(page.locator(".ww-wannwahl__status").inner_text())


# --- the quarter page ------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("moment", CASES)
def test_quarter_page_shows_exactly_the_open_entries(browser: Any, server: str, moment: str) -> None:
    cases = CASES[moment]
    first = next(iter(cases))
    with _viewing(browser, f"{server}/quartiere/testviertel/?wann={first}", moment) as page:
        assert page.get_by_role("radio", name=LABELS[first], exact=True).is_checked()
        for choice, expected in cases.items():
            _choose(page, LABELS[choice])  # the first: chosen by the address
            assert _shown(page) == expected, choice
            # every entry is counted; those without regular hours are named apart, not dropped silently
            status = _status(page)
            assert f": {len(expected)} von {len(ALL)} Einträgen." in status, status
            assert f"Ohne feste Zeiten (nicht gezeigt): {len(WITHOUT_HOURS)}." in status, status
            # the jump links count the cards shown, and a type with none open loses its link
            jumps = [link.inner_text() for link in page.locator(".ww-sprung a").all() if link.is_visible()]
            numbers = [int(re.search(r"\((\d+)\)", text).group(1)) for text in jumps]  # type: ignore[union-attr]
            assert sum(numbers) == len(expected) and all(numbers), (choice, jumps)


@pytest.mark.browser
def test_status_text_and_url_parameter(browser: Any, server: str) -> None:
    with _viewing(browser, f"{server}/quartiere/testviertel/?wann=wochenende", "2026-11-28T09:00") as page:
        assert page.get_by_role("radio", name="Am Wochenende").is_checked()
        assert _status(page) == ("Am Wochenende geöffnet: 4 von 11 Einträgen. "
                                 "Ohne feste Zeiten (nicht gezeigt): 2.")
        _choose(page, "Jetzt geöffnet")
        assert page.url.endswith("/quartiere/testviertel/?wann=jetzt")
        assert _shown(page) == {F}
        assert _status(page) == "Jetzt geöffnet: 1 von 11 Einträgen. Ohne feste Zeiten (nicht gezeigt): 2."
        # the entries without regular hours, on request
        toggle = page.get_by_role("button", name="Einträge ohne feste Zeiten auch zeigen")
        assert toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
        assert _shown(page) == {F} | WITHOUT_HOURS
        assert _status(page) == "Jetzt geöffnet: 1 von 11 Einträgen. Ohne feste Zeiten (gezeigt): 2."
        toggle.click()
        assert _shown(page) == {F}
        _choose(page, "Egal wann")
        assert not toggle.is_visible()
        assert page.url.endswith("/quartiere/testviertel/")
        assert _shown(page) == ALL
        assert _status(page) == ""
        # the status is announced politely
        status = page.locator(".ww-wannwahl__status")
        assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"


@pytest.mark.browser
def test_an_unknown_value_selects_nothing(browser: Any, server: str) -> None:
    with _viewing(browser, f"{server}/quartiere/testviertel/?wann=%22%3E%3Cscript%3E", "2026-11-28T09:00") as page:
        assert page.get_by_role("radio", name="Egal wann").is_checked()
        assert _shown(page) == ALL


@pytest.mark.browser
def test_combines_with_the_age_choice(browser: Any, server: str) -> None:
    # Saturday 10:30: both Saturday entries are open; the one for 6–10-year-olds goes when "0–3 Jahre" is chosen.
    with _viewing(browser, f"{server}/quartiere/testviertel/?wann=jetzt", "2026-11-28T10:30") as page:
        assert _shown(page) == {S, SF}
        page.get_by_text("ändern", exact=True).click()  # the age choice is behind "Gezeigt für: … · ändern"
        _choose(page, "0–3 Jahre")
        assert _shown(page) == {SF}
        # counted among the entries the age lets through (11 less the one for 6–10)
        assert _status(page).startswith("Jetzt geöffnet: 1 von 10 Einträgen.")
        _choose(page, "Egal wann")
        assert S not in _shown(page) and {V, SF, ELTERNCAFE} <= _shown(page)


@pytest.mark.browser
def test_site_time_whatever_the_visitors_clock_zone(browser: Any, server: str) -> None:
    # 09:00 in Berlin is 17:00 in Tokyo: the breakfast is open by the site's time.
    with _viewing(browser, f"{server}/quartiere/testviertel/?wann=jetzt", "2026-11-28T09:00", "Asia/Tokyo") as page:
        assert _shown(page) == {F}


@pytest.mark.browser
def test_says_when_the_hours_do_not_reach_the_day(browser: Any, server: str) -> None:
    # More than a year after the build (the rules hold 53 weeks): nothing is shown as open or closed, and the
    # status says why.
    day = BUILD_DAY + timedelta(days=400)
    moment = datetime.combine(day, time(10)).isoformat(timespec="minutes")
    with _viewing(browser, f"{server}/quartiere/testviertel/?wann=jetzt", moment) as page:
        assert _shown(page) == set()
        assert _status(page) == ("Jetzt geöffnet: 0 von 11 Einträgen. Ohne feste Zeiten (nicht gezeigt): 2. "
                                 "Zeiten für diese Tage nicht bekannt (nicht gezeigt): 9.")
        # and "jetzt geöffnet" on a card says nothing rather than something wrong
        _choose(page, "Egal wann")
        assert page.locator(".ww-jetzt:visible").count() == 0


@pytest.mark.browser
def test_open_now_badge_long_after_the_build(browser: Any, server: str) -> None:
    # 2027-03-02 (a Tuesday, 101 days after the build): the entry page still knows it is open.
    with _viewing(browser, f"{server}/{ANGEBOTE}/schulzeit/", "2027-03-02T10:00") as page:
        assert page.locator(".ww-jetzt").inner_text() == "Jetzt geöffnet – bis 16:00 Uhr"


# --- topic pages and the search ---------------------------------------------------------------------

@pytest.mark.browser
def test_topic_page(browser: Any, server: str) -> None:
    # The topic "Frühe Hilfen" holds the nine entries and the Elterncafé (not the contact).
    with _viewing(browser, f"{server}/themen/fruehe-hilfen/?wann=heute", "2026-12-25T10:00") as page:
        assert _shown(page) == {V, N}
        assert _status(page) == "Heute noch geöffnet: 2 von 10 Einträgen. Ohne feste Zeiten (nicht gezeigt): 1."


@pytest.mark.browser
def test_search_results(browser: Any, server: str) -> None:
    with _viewing(browser, f"{server}/suche/?q=Treff&wann=jetzt", "2027-01-05T10:00") as page:
        page.wait_for_function("document.querySelector('.ww-suche__status').textContent !== ''")
        titles = {a.inner_text() for a in page.locator(".ww-suche__treffer .ww-karte__titel").all()}
        assert titles == {V, W}  # the nine "Treff" entries; the Elterncafé is not found by "Treff"
        assert _status(page) == "Jetzt geöffnet: 2 von 9 Einträgen. Ohne feste Zeiten (nicht gezeigt): 1."
        _choose(page, "Heute")
        page.wait_for_function("document.querySelectorAll('.ww-suche__treffer .ww-karte').length === 3")
        assert "wann=heute" in page.url and "q=Treff" in page.url
        _choose(page, "Egal wann")
        page.wait_for_function("document.querySelectorAll('.ww-suche__treffer .ww-karte').length === 9")
        assert "wann" not in page.url



@pytest.mark.browser
@pytest.mark.parametrize(("query", "wanted"), [
    ("q=Treff&wann=jetzt", {V, W}),  # the shared address: only what is open
    ("wann=%3Cscript%3E", set()),  # an unknown value chooses no time, and without a query nothing is searched
])
def test_search_address_when_zeiten_js_arrives_after_the_search(browser: Any, server: str, query: str,
                                                                 wanted: set[str]) -> None:
    # zeiten.js is deferred and comes after suche.js: on a slow line Pagefind can answer first. The first search
    # then ran without the time filter, and the list showed every result under a checked "Jetzt geöffnet".
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    try:
        page = context.new_page()
        page.clock.set_fixed_time(_berlin("2027-01-05T10:00"))
        page.route("**/zeiten.js", lambda route: (page.wait_for_timeout(1500), route.continue_()))
        page.goto(f"{server}/suche/?{query}")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        assert {a.inner_text() for a in page.locator(".ww-suche__treffer .ww-karte__titel").all()} == wanted
    finally:
        context.close()

# --- without JavaScript, and the data the pages carry ---------------------------------------------

class _Fieldsets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "fieldset" and "ww-wannwahl" in (dict(attrs).get("class") or ""):
            self.found.append(dict(attrs))


@pytest.mark.parametrize("url", ["quartiere/testviertel/", "themen/fruehe-hilfen/", "suche/"])
def test_filter_is_hidden_without_javascript(site: Path, url: str) -> None:
    parser = _Fieldsets()
    parser.feed(read_page(site, url))
    assert len(parser.found) == 1
    assert "hidden" in parser.found[0]


def test_rules_reproduce_the_parser_day_by_day() -> None:
    """The week rules give, for each of their days, exactly the open times the parser gives for that day."""
    from wegweiser.hours import holiday_calendar, osm_hours

    kalender = holiday_calendar.kalender("NW")
    for expression in ["Mo-Fr 08:00-16:00; SH off; PH off", "Sa 10:00-14:00; PH off",
                       "Mo-Fr 09:00-12:00; PH 10:00-11:00", "Fr 22:00-02:00", "Tu,Th 09:00-11:30; SH off; PH off"]:
        oz = osm_hours.parse(expression)
        rules = osm_hours.wochenregeln(oz, kalender, BUILD_DAY)
        assert rules is not None and rules["e"] == osm_hours.RULE_DAYS, expression
        intervals = osm_hours.offene_zeiten(oz, kalender, BUILD_DAY, osm_hours.RULE_DAYS)["i"]
        expanded: list[list[int]] = []
        for n in range(osm_hours.RULE_DAYS):
            kind = ("f" if n in rules["f"] else "") + ("s" if any(a <= n <= b for a, b in rules["s"]) else "")
            for a, b in rules["r"][kind][(BUILD_DAY + timedelta(days=n)).weekday()]:
                if expanded and expanded[-1][1] == n * 1440 + a:
                    expanded[-1][1] = n * 1440 + b
                else:
                    expanded.append([n * 1440 + a, n * 1440 + b])
        assert expanded == intervals, expression


def test_seasonal_hours_keep_eight_weeks_of_intervals() -> None:
    from wegweiser.hours import holiday_calendar, osm_hours

    data = osm_hours.browser_zeiten(osm_hours.parse("Apr-Oct Sa 10:00-12:00"), holiday_calendar.kalender("NW"),
                                    date(2027, 3, 1))
    assert "r" not in data and data["d"] == 56
    assert data["i"][0] == [(date(2027, 4, 3) - date(2027, 3, 1)).days * 1440 + 600,
                            (date(2027, 4, 3) - date(2027, 3, 1)).days * 1440 + 720]


def test_school_holiday_rules_end_with_the_known_dates() -> None:
    from wegweiser.hours import holiday_calendar, osm_hours

    # generator/data/schulferien.yaml knows NW up to 2029-01-05: "SH off" can be told up to that day only.
    data = osm_hours.wochenregeln(osm_hours.parse("Mo-Fr 08:00-16:00; SH off"), holiday_calendar.kalender("NW"),
                                  date(2028, 12, 1))
    assert data is not None and data["e"] == (date(2029, 1, 5) - date(2028, 12, 1)).days + 1
    assert data["s"] == [[(date(2028, 12, 21) - date(2028, 12, 1)).days, data["e"] - 1]]


def test_search_index_carries_the_hours(site: Path) -> None:
    html = read_page(site, f"{ANGEBOTE}/schulzeit/")
    start = html.index('data-pagefind-meta="zeiten">') + len('data-pagefind-meta="zeiten">')
    # no word characters at all: Pagefind makes meta text searchable, and no part of it may answer a query
    token = html[start:html.index("</span>", start)]
    assert token and not re.search(r"\w", token), token[:80]
    symbols = "!#$%()*+,/:;=?@~"  # render/opening.py: two symbols per byte, the byte's hexadecimal digits
    data = json.loads(bytes.fromhex(token.translate(str.maketrans(symbols, "0123456789abcdef"))).decode("utf-8"))
    assert data["b"] == BUILD_DAY.isoformat() and data["r"][""][0] == [[480, 960]]
