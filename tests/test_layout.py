"""Look before you claim: the layout in a real browser, on every page of the demo site.

Each assertion is a fact a broken stylesheet gets wrong (issue 10): Material's `.md-typeset ul` winning over our
card lists (bullets, one column, touching cards), a long title widening the header (sideways scrolling at 360 px),
hidden badges, a pale h1. Screenshots of every page type land in tests/artefakte/screenshots/ (git-ignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "tests" / "artefakte" / "screenshots"
PAGE_TYPES = {
    "start": "/",
    "quartiere": "/quartiere/",
    "quartier": "/quartiere/brunnenviertel/",
    "themen": "/themen/",
    "thema": "/themen/sprache/",
    "angebot": "/quartiere/brunnenviertel/angebote/elterncafe-sonnenschein/",
    "kontakt": "/quartiere/altstadt/kontakte/familienbuero-altstadt/",
    "spielplatz": "/quartiere/heide/spielplaetze/spielplatz-birkenallee/",
    "kita": "/quartiere/brunnenviertel/kitas/kita-kielstrasse/",
    "schule": "/quartiere/hafenquartier/schulen/grundschule-am-hafen/",
    "seite": "/seiten/impressum/",
    "suche": "/suche/?q=Kita",
    "nicht-gefunden": "/404.html",
    "merkliste": "/merkliste/?e=quartiere/brunnenviertel/angebote/elterncafe-sonnenschein/,"
                 "quartiere/heide/spielplaetze/spielplatz-birkenallee/",
}


def _site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site (the booklets' print views in druck/ are print documents, not pages)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("druck/", "pagefind/", "assets/")):
            continue
        pages.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return pages


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE", viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _open(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    if "/suche/" in url and "q=" in url:
        page.wait_for_selector(".ww-suche__treffer li")


# Each page opens in a frame of exactly a phone's size (360 × 740 px) and is measured at the frame's load event; three
# frames load at once. A frame is a page's viewport as a tab is (media queries, vw, fixed elements, the page's own
# scripts run), but costs Chromium about a third less CPU than a navigation of the tab (measured on 300 demo pages:
# 31 s instead of 50 s); both ways give the same overflow for pages made too wide. A page that does not load in 60 s
# counts as too wide (null).
_MEASURE_IN_FRAMES = """async ([origin, urls]) => {
    document.open();
    document.write('<!doctype html><html><body style="margin:0"></body></html>');
    document.close();
    const wide = {};
    const measure = (url) => new Promise((done) => {
        const frame = document.createElement('iframe');
        frame.style.cssText = 'position:absolute;left:0;top:0;width:360px;height:740px;border:0';
        const timer = setTimeout(() => { wide[url] = null; frame.remove(); done(); }, 60000);
        frame.onload = () => {
            clearTimeout(timer);
            const overflow = frame.contentDocument.documentElement.scrollWidth - frame.contentWindow.innerWidth;
            if (frame.contentWindow.innerWidth !== 360 || overflow > 0) wide[url] = overflow;
            frame.remove();
            done();
        };
        frame.src = origin + url;
        document.body.appendChild(frame);
    });
    let next = 0;
    const lane = async () => { while (next < urls.length) await measure(urls[next++]); };
    await Promise.all([lane(), lane(), lane()]);
    return [wide, next];
}"""


def test_no_page_scrolls_sideways_on_a_phone(phone: Any, demo_site: Path, demo_server: str) -> None:
    pages = _site_pages(demo_site)
    assert len(pages) >= 100, pages  # the whole demo site, not samples
    phone.goto(demo_server + "/404.html")  # a page of the site's origin: the frames' documents are readable
    wide, measured = phone.evaluate(_MEASURE_IN_FRAMES, [demo_server, pages])
    assert measured == len(pages)
    (SCREENSHOTS.parent).mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / "breite-360.txt").write_text(f"{len(pages)} Seiten geprüft, {len(wide)} zu breit\n"
                                                       + "".join(f"{u} {o}px\n" for u, o in wide.items()))
    assert wide == {}


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_screenshots_of_every_page_type(phone: Any, desktop: Any, demo_server: str, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, page in ((360, phone), (1280, desktop)):
        _open(page, demo_server + PAGE_TYPES[name])
        page.wait_for_timeout(50)
        target = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5000
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def _boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return page.eval_on_selector_all(selector, "els => els.filter(e => e.offsetParent).map(e => {"
                                     "const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width,"
                                     " bottom: r.bottom}; })")


@pytest.mark.parametrize("path", ["/quartiere/brunnenviertel/", "/themen/sprache/", "/suche/?q=Kita"])
def test_cards_form_a_grid_without_bullets(phone: Any, desktop: Any, demo_server: str, path: str) -> None:
    _open(desktop, demo_server + path)
    cards = _boxes(desktop, ".ww-karten")
    assert cards, "no card list"
    first = _boxes(desktop, ".ww-karten:has(> .ww-karte:nth-child(3)) > .ww-karte")[:3]
    assert len({round(c["x"]) for c in first}) >= 2, first  # two or more columns at 1,280 px
    xs = sorted({round(c["x"]) for c in first})
    widths = first[0]["w"]
    assert xs[1] - xs[0] >= widths + 8, "cards touch: no gap between columns"
    styles = desktop.eval_on_selector_all(".ww-karten > .ww-karte", "els => els.map(e => ["
                                          "getComputedStyle(e).listStyleType, getComputedStyle(e, '::marker').content,"
                                          " getComputedStyle(e).display])")
    assert styles and all(s[0] == "none" and s[1] in ("none", "normal") and s[2] != "list-item" for s in styles), styles
    # one column on a phone, with space between the cards
    _open(phone, demo_server + path)
    cards = _boxes(phone, ".ww-karten > .ww-karte")[:3]
    assert len({round(c["x"]) for c in cards}) == 1
    assert cards[1]["y"] >= cards[0]["bottom"] + 8, "cards touch on a phone"


def test_cards_show_what_families_decide_by(desktop: Any, demo_server: str) -> None:
    desktop.clock.set_fixed_time("2026-11-24T10:00:00+01:00")  # Tuesday: the Elterncafé (Tu 09:30-11:30) is open
    _open(desktop, demo_server + "/quartiere/brunnenviertel/")
    card = desktop.locator(".ww-karte", has_text="Elterncafé Sonnenschein")
    assert card.locator(".ww-karte__typ").inner_text().strip() == "Angebot"
    assert card.locator(".ww-karte__typ svg").count() == 1  # the type's icon, inlined
    assert "Offenes Frühstück" in card.locator(".ww-karte__kurz").inner_text()
    badge = card.locator(".ww-abzeichen--kostenlos")
    assert badge.is_visible() and badge.inner_text() == "kostenlos"
    box = badge.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10
    assert card.locator(".ww-abzeichen--alter").inner_text().endswith("0–3 Jahre")
    assert card.locator(".ww-karte__ort").inner_text().endswith("Brunnenstraße 26")
    assert card.locator(".ww-jetzt").inner_text() == "Jetzt geöffnet – bis 11:30 Uhr"
    # an entry without an age is for everybody
    ageless = desktop.locator(".ww-karte", has_text="Sprachcafé Deutsch für Eltern")
    assert ageless.locator(".ww-abzeichen--alter").inner_text().endswith("für alle Altersgruppen")
    # a closed offer says nothing on its card (the entry page tells when it opens)
    desktop.clock.set_fixed_time("2026-11-24T08:00:00+01:00")
    _open(desktop, demo_server + "/quartiere/brunnenviertel/")
    assert desktop.locator(".ww-karte", has_text="Elterncafé Sonnenschein").locator(".ww-jetzt").is_hidden()


def test_topic_tiles_have_icons_and_the_h1_is_dark(desktop: Any, demo_server: str) -> None:
    _open(desktop, demo_server + "/themen/")
    tiles = desktop.locator(".ww-kacheln > li")
    assert tiles.count() >= 10
    assert desktop.locator(".ww-kacheln > li svg path").count() == tiles.count()
    colour = desktop.evaluate("getComputedStyle(document.querySelector('.md-content h1')).color")
    channels = [int(c) for c in re.findall(r"\d+", colour)[:3]]
    assert max(channels) < 80, colour  # near black, not Material's light grey
    assert int(desktop.evaluate("getComputedStyle(document.querySelector('.md-content h1')).fontWeight")) >= 600


def test_entry_page_leads_with_when_where_cost_contact(desktop: Any, demo_server: str) -> None:
    _open(desktop, demo_server + PAGE_TYPES["angebot"])
    order = desktop.evaluate("[...document.querySelectorAll('.ww-eintrag > h1, .ww-eintrag > .ww-kurz,"
                             " .ww-eintrag > .ww-blick, .ww-eintrag > .ww-beschreibung, .ww-eintrag > .ww-mehr')]"
                             ".map(e => e.className || e.tagName)")
    assert order == ["H1", "ww-kurz", "ww-blick", "ww-beschreibung", "ww-mehr"]
    labels = [x.strip() for x in desktop.locator(".ww-blick dt").all_inner_texts()]
    assert [x for x in labels if x in ("Wann", "Wo", "Kosten", "Kontakt")] == ["Wann", "Wo", "Kosten", "Kontakt"]


def test_404_home_button_is_readable(desktop: Any, demo_server: str) -> None:
    _open(desktop, demo_server + "/404.html")
    colours = desktop.evaluate("(() => { const s = getComputedStyle(document.querySelector('a.ww-knopf'));"
                               " return [s.color, s.backgroundColor]; })()")
    assert colours[0] == "rgb(255, 255, 255)" and colours[1] != colours[0], colours
    assert desktop.locator("a.ww-knopf").inner_text() == "Zur Startseite"
