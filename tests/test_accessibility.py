"""A site every family can use: WCAG 2.1 AA (axe-core), keyboard use, age-first finding, opening status,
maps only after consent, structured data, legal pages, small pages on phones."""

from __future__ import annotations

import functools
import gzip
import http.server
import itertools
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import ROOT, TODAY, TileHandler, read_page

pytestmark = pytest.mark.browser

ARTEFACTS = Path(__file__).parent / "artefakte"
PAGE_TYPES = {
    "start": "/",
    "quartier": "/quartiere/brunnenviertel/",
    "angebot": "/quartiere/brunnenviertel/angebote/elterncafe-sonnenschein/",
    "kontakt": "/region/kontakte/schwangerschaftsberatung/",
    "spielplatz": "/quartiere/heide/spielplaetze/spielplatz-birkenallee/",
    "kita": "/quartiere/brunnenviertel/kitas/kita-kielstrasse/",
    "schule": "/quartiere/hafenquartier/schulen/grundschule-am-hafen/",
    "thema": "/themen/sprache/",
    "suche": "/suche/?q=Kita",
    "seite": "/seiten/notfallnummern/",
    "quartiere": "/quartiere/",
    "nicht-gefunden": "/404.html",
    "merkliste": "/merkliste/?e=quartiere/brunnenviertel/angebote/elterncafe-sonnenschein/",
}


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if "/suche/" in url and "q=" in url:
        page.wait_for_selector(".ww-suche__treffer li")


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_axe_reports_no_wcag_violations(tab: Any, demo_server: str, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    _open(tab, demo_server + PAGE_TYPES[name])
    result = Axe().run(tab, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]]
    assert violations == []
    assert result.response["passes"], "axe ran no rule at all"
    assert tab.evaluate("document.documentElement.lang") == "de"


def test_keyboard_only_search_to_entry(tab: Any, demo_server: str) -> None:
    _open(tab, demo_server + "/")
    for _ in range(30):  # skip link, logo, menu … until the search field has focus
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "ww-kopfsuche-eingabe":
            break
    assert tab.evaluate("document.activeElement.id") == "ww-kopfsuche-eingabe"
    tab.keyboard.type("Seepferdchen")
    tab.keyboard.press("Enter")
    tab.wait_for_selector(".ww-suche__treffer li")
    for _ in range(80):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.classList.contains('ww-karte__titel')"):
            break
    assert tab.evaluate("document.activeElement.textContent") == "Schwimmkurs für Kinder"
    focus = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus != "none"  # focus is visible
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/hafenquartier/angebote/schwimmkurs-kinder-hafen/")
    assert tab.locator("h1").inner_text() == "Schwimmkurs für Kinder"


def test_skip_link_and_landmarks(tab: Any, demo_server: str) -> None:
    _open(tab, demo_server + PAGE_TYPES["angebot"])
    tab.keyboard.press("Tab")
    assert "Zum Inhalt springen" in tab.evaluate("document.activeElement.textContent")
    for selector in ("header", "main", "nav", "footer", "form[role=search]"):
        assert tab.locator(selector).count() >= 1, selector
    levels = tab.evaluate("[...document.querySelectorAll('main h1, main h2, main h3, main h4')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_age_choice_narrows_lists_by_keyboard_and_is_kept(tab: Any, demo_server: str) -> None:
    _open(tab, demo_server + "/quartiere/brunnenviertel/")
    visible = ".ww-gruppe .ww-karte:visible"
    before = tab.locator(visible).count()
    # the choice is behind "Gezeigt für: … · ändern" (a summary: reached and opened by keyboard)
    tab.locator(".ww-alter-gezeigt > summary").focus()
    tab.keyboard.press("Enter")
    tab.get_by_role("radio", name="Wir erwarten ein Kind").focus()
    tab.keyboard.press("Space")
    tab.wait_for_function(f"document.querySelectorAll('.ww-gruppe .ww-karte:not([hidden])').length < {before}")
    names = tab.locator(visible + " .ww-karte__titel").all_inner_texts()
    assert "Elterncafé Sonnenschein" in names and "Schwangerschaftsberatung" in names
    assert "Spielplatz am Nordmarkt" not in names
    assert "passen zum gewählten Alter" in tab.locator(".ww-alterwahl__status").inner_text()
    tab.get_by_role("radio", name="6–10 Jahre").focus()
    tab.keyboard.press("Space")
    six_to_ten = tab.locator(visible + " .ww-karte__titel").all_inner_texts()
    assert "Hausaufgabenhilfe am Nordmarkt" in six_to_ten and "Babymassage-Kurs" not in six_to_ten
    # kept while browsing (local storage, no cookie) and applied to the search
    _open(tab, demo_server + "/quartiere/heide/")
    assert tab.locator('.ww-alterwahl input[value="6-10"]').is_checked()
    assert " ".join(tab.locator(".ww-alter-gezeigt > summary").inner_text().split()) == \
        "Gezeigt für: 6–10 Jahre · ändern"
    assert tab.context.cookies() == []
    tab.fill("#ww-kopfsuche-eingabe", "Spielplatz")
    tab.press("#ww-kopfsuche-eingabe", "Enter")
    tab.wait_for_selector(".ww-suche__treffer li")
    assert tab.get_by_role("checkbox", name="6–10 Jahre", exact=True).is_checked()


@pytest.mark.parametrize(("moment", "expected"), [
    ("2026-11-24T10:00:00+01:00", "Jetzt geöffnet – bis 11:30 Uhr"),
    ("2026-11-24T08:15:00+01:00", "Jetzt geschlossen – öffnet heute 09:30 Uhr"),
    ("2026-11-24T12:00:00+01:00", "Jetzt geschlossen – öffnet Di 09:30 Uhr"),
    ("2026-12-22T10:00:00+01:00", "Jetzt geöffnet – bis 11:30 Uhr"),  # a Tuesday five weeks after the build
])
def test_open_now(tab: Any, demo_server: str, moment: str, expected: str) -> None:
    # Elterncafé: "Tu 09:30-11:30; PH off"; the site was built on 2026-11-21.
    tab.clock.set_fixed_time(moment)
    _open(tab, demo_server + PAGE_TYPES["angebot"])
    assert tab.locator(".ww-jetzt").inner_text() == expected


def test_open_now_knows_public_holidays(tab: Any, demo_server: str) -> None:
    # Erziehungsberatung: "Mo-Th 08:30-16:30; Fr 08:30-13:00; PH off"; 25.12.2026 is a Friday and a holiday.
    tab.clock.set_fixed_time("2026-12-25T10:00:00+01:00")
    _open(tab, demo_server + "/quartiere/altstadt/kontakte/erziehungsberatung-altstadt/")
    assert tab.locator(".ww-jetzt").inner_text() == "Jetzt geschlossen – öffnet Mo 08:30 Uhr"


def test_week_table_without_script(browser: Any, demo_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_server + PAGE_TYPES["angebot"])
    assert page.locator(".ww-zeiten tbody").inner_text().split() == ["Di", "09:30–11:30", "Uhr"]
    assert page.locator(".ww-jetzt").is_hidden()
    assert page.locator(".ww-karte-box__adressen").count() == 0  # entry pages keep address + route link
    assert "Route planen" in page.locator(".ww-blick .ww-fakten").inner_text()
    context.close()


def test_entry_page_is_small(tab: Any, demo_server: str) -> None:
    """First visit of an entry page, compressed as a web server would send it: at most 120 KB."""
    sizes: dict[str, int] = {}

    def record(response: Any) -> None:
        body = response.body()
        sizes[response.url] = min(len(body), len(gzip.compress(body, 6)))

    tab.on("response", record)
    _open(tab, demo_server + PAGE_TYPES["angebot"])
    total = sum(sizes.values())
    assert not any("pagefind" in url for url in sizes)
    assert total <= 120 * 1024, sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / "eintragsseite-bytes.json").write_text(json.dumps({"gesamt": total, "dateien": sizes}, indent=1))


def _schema_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    # Offline: schema.org's context is a vocabulary mapping; resolving it needs no network.
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": {"@context": {"@vocab": "https://schema.org/"}}}


@pytest.mark.parametrize(("path", "kind"), [
    (PAGE_TYPES["kita"], "ChildCare"), (PAGE_TYPES["schule"], "ElementarySchool"),
    (PAGE_TYPES["spielplatz"], "Playground"), (PAGE_TYPES["kontakt"], "ContactPoint"),
    (PAGE_TYPES["angebot"], "Service"), ("/quartiere/hafenquartier/schulen/gesamtschule-hafen/", "School"),
])
def test_json_ld_parses_with_expected_type(demo_site: Path, path: str, kind: str) -> None:
    from pyld import jsonld

    html = read_page(demo_site, path.strip("/") + "/")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    expanded = jsonld.expand(json.loads(blocks[0]), {"documentLoader": _schema_loader})
    assert expanded[0]["@type"] == [f"https://schema.org/{kind}"]
    assert expanded[0]["https://schema.org/name"][0]["@value"]


def test_json_ld_of_every_entry_parses(demo_site: Path) -> None:
    from pyld import jsonld

    count = 0
    for page in demo_site.rglob("index.html"):
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text("utf-8"), re.S):
            data = json.loads(block)
            jsonld.expand(data, {"documentLoader": _schema_loader})
            if "openingHoursSpecification" in data:
                assert all(re.fullmatch(r"\d\d:\d\d", s["opens"]) for s in data["openingHoursSpecification"])
            count += 1
    assert count >= 75


def test_legal_pages_in_every_footer_and_report_link(demo_site: Path) -> None:
    for path in [p for p in demo_site.rglob("index.html") if "druck" not in str(p)][:40]:
        html = path.read_text("utf-8")
        footer = re.search(r'<footer class="md-footer ww-fuss">.*?</footer>', html, re.S)
        assert footer, path
        for slug in ("impressum", "datenschutz", "barrierefreiheit"):
            assert f"seiten/{slug}/" in footer.group(0), (path, slug)
    html = read_page(demo_site, PAGE_TYPES["angebot"].strip("/") + "/")
    link = re.search(r'<a href="(mailto:[^"]+)">Fehler melden</a>', html)
    assert link
    target = urlsplit(link.group(1).replace("&amp;", "&"))
    assert target.path == "familienbuero@example.org"
    subject = unquote(parse_qs(target.query)["subject"][0])
    assert subject == "Fehler im Familienwegweiser: Elterncafé Sonnenschein (/quartiere/brunnenviertel/angebote/elterncafe-sonnenschein/)"
    statement = read_page(demo_site, "seiten/barrierefreiheit/")
    assert "mailto:familienbuero@example.org" in statement  # feedback contact


# --- maps: a stand-in tile server on 127.0.0.1 ------------------------------------------------------

@pytest.fixture(scope="module")
def map_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The demo built with a stand-in tile server; yields (site origin, tile origin)."""
    from wegweiser.site.build import build_site

    tiles = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TileHandler)
    threading.Thread(target=tiles.serve_forever, daemon=True).start()
    tile_origin = f"http://127.0.0.1:{tiles.server_address[1]}"
    root = tmp_path_factory.mktemp("karte") / "inhalt"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "quartiere", root / "quartiere")
    site_yaml = root / "content" / "site.yaml"
    text = site_yaml.read_text("utf-8").replace("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                                                 tile_origin + "/{z}/{x}/{y}.png")
    site_yaml.write_text(text.replace("anbieter: OpenStreetMap", "anbieter: Testkacheln"), "utf-8")
    out = root / "site"
    build_site(root, out, TODAY)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=site.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{site.server_address[1]}", tile_origin
    site.shutdown()
    tiles.shutdown()


@pytest.mark.parametrize("path", [PAGE_TYPES["angebot"], PAGE_TYPES["quartier"]])
def test_map_loads_tiles_only_after_consent(tab: Any, map_site: tuple[str, str], path: str) -> None:
    origin, tile_origin = map_site
    TileHandler.requested.clear()
    _open(tab, origin + path)
    own = urlsplit(origin).netloc
    assert [u for u in tab.requests if urlsplit(u).netloc != own] == []
    assert TileHandler.requested == []
    button = tab.get_by_role("button", name=re.compile("Karte anzeigen"))
    assert urlsplit(tile_origin).hostname in button.inner_text() and "Testkacheln" in button.inner_text()
    button.click()
    tab.wait_for_selector(".leaflet-tile-loaded")
    tab.wait_for_load_state("networkidle")
    foreign = {urlsplit(u).netloc for u in tab.requests if urlsplit(u).netloc != own}
    assert foreign == {urlsplit(tile_origin).netloc}
    assert TileHandler.requested and all(re.fullmatch(r"/\d+/\d+/\d+\.png", p) for p in TileHandler.requested)
    assert tab.locator(".leaflet-marker-icon").count() >= 1


def test_without_script_the_quarter_keeps_addresses_and_routes(browser: Any, map_site: tuple[str, str]) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(map_site[0] + PAGE_TYPES["quartier"])
    assert page.locator(".ww-karte-box__knopf").is_hidden()  # no button that cannot work
    page.locator(".ww-karte-box__adressen summary").click()
    addresses = page.locator(".ww-karte-box__adressen li")
    assert addresses.count() >= 10
    assert "openstreetmap.org/directions" in (addresses.first.locator("a").nth(1).get_attribute("href") or "")
    context.close()
