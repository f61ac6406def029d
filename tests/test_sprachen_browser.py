"""Every family's language in the browser (issue 11): search per language, right to left, axe on Arabic and
Leichte Sprache pages, on the multi-language test project (``tests/fixtures/sprachen``: de, leicht, en, ar) built once.

Pagefind keeps one index per page ``lang`` and the browser loads the index named by the search page's ``<html lang>``
(exact, else its first subtag), so each language's search page finds that language's pages only, including the
entries it shows in German because they are not translated (their root is the page's language).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
import yaml

from conftest import TODAY

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "sprachen"
SCREENSHOTS = Path(__file__).parent / "artefakte" / "screenshots"
ELTERNCAFE = "quartiere/nordviertel/angebote/elterncafe/"
SPRACHKURS = "quartiere/nordviertel/angebote/sprachkurs/"  # translated into English only
PAGES = {"start": "", "quartier": "quartiere/nordviertel/", "eintrag": ELTERNCAFE, "suche": "suche/?q={wort}"}
BREAKFAST = {"ar": "فطور", "leicht": "Frühstück"}  # a word of each language's café page


def _sprache(code: str) -> Any:
    from wegweiser.i18n.languages import sprache

    return sprache(code, haupt=code == "de")


def _codes() -> list[str]:
    return list(yaml.safe_load((FIXTURE / "content" / "site.yaml").read_text("utf-8"))["sprachen"])


@pytest.fixture(scope="session")
def sprach_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wegweiser.site.build import build_site

    root = tmp_path_factory.mktemp("sprachen") / "projekt"
    shutil.copytree(FIXTURE, root)  # the build records its addresses in content/: not in the repository's fixture
    out = root.parent / "site"
    build_site(root, out, TODAY)
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def sprach_server(sprach_site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(sprach_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.requested = []  # every URL asked for, the search worker's included
    context.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def _search(page: Any, origin: str, prefix: str, query: str) -> list[str]:
    page.goto(f"{origin}/{prefix}suche/?q={quote(query)}")
    page.wait_for_function("document.querySelector('.ww-suche__status').textContent !== ''", timeout=20000)
    page.wait_for_load_state("networkidle")
    return [urlsplit(href).path for href in page.eval_on_selector_all(
        ".ww-suche__treffer a.ww-karte__titel", "links => links.map(a => a.href)")]


# --- search per language ------------------------------------------------------------------------------------------

def test_one_index_per_language_of_the_site(sprach_site: Path) -> None:
    entry = json.loads((sprach_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    codes = _codes()
    assert sorted(entry["languages"]) == sorted(_sprache(code).lang for code in codes)
    others = {_sprache(code).pfad.rstrip("/") for code in codes[1:]}
    for code in codes:
        language = _sprache(code)
        folder = sprach_site / language.pfad
        searchable = [p for p in folder.rglob("index.html") if "data-pagefind-body" in p.read_text("utf-8")
                      and (language.pfad or p.relative_to(sprach_site).parts[0] not in others)]
        assert entry["languages"][language.lang]["page_count"] == len(searchable), code
        html = (folder / "suche" / "index.html").read_text("utf-8")
        assert re.search(rf'<html lang="{re.escape(language.lang)}" dir="{language.richtung}"', html), code


def test_pagefind_stems_each_language_it_can(tmp_path: Path) -> None:
    """Stemming by the first subtag of lang: German (also for Leichte Sprache), English, Turkish, Arabic, Russian;
    Ukrainian has no stemmer in Pagefind (its index is searched without one)."""
    from wegweiser.search.index import index_pages

    codes = ["de", "leicht", "en", "tr", "ar", "uk", "ru"]
    pages = [(f"{code}/seite/", f"<article data-pagefind-body><p>Wort {code}</p></article>", _sprache(code).lang)
             for code in codes]
    site = tmp_path / "site"
    index_pages(pages, site)
    languages = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))["languages"]
    assert {lang: index["wasm"] for lang, index in languages.items()} == {
        "de": "de", "de-x-ls": "de-x-ls", "en": "en", "tr": "tr", "ar": "ar", "uk": None, "ru": "ru"}
    folder = site / "pagefind"
    assert (folder / "wasm.de-x-ls.pagefind").read_bytes() == (folder / "wasm.de.pagefind").read_bytes()


@pytest.mark.parametrize(("code", "query", "expected"), [
    ("de", "Frühstück", [ELTERNCAFE]),  # the Leichte-Sprache page says it too, in its own index
    ("leicht", "Frühstück", [ELTERNCAFE]),
    ("en", "breakfast", [ELTERNCAFE]),
    ("en", "Frühstück", []),  # the English site's café is translated: no German text to find
    ("ar", "فطور", [ELTERNCAFE]),
    ("ar", "Deutschkurs", [SPRACHKURS]),  # not translated into Arabic: shown (and found) in German on /ar/
    ("de", "breakfast", []),
])
def test_search_page_searches_only_its_own_language(phone: Any, sprach_server: str, code: str, query: str,
                                                    expected: list[str]) -> None:
    language = _sprache(code)
    assert _search(phone, sprach_server, language.pfad, query) == [f"/{language.pfad}{url}" for url in expected]
    # Pagefind loaded the metadata of this language's index only.
    metas = [unquote(urlsplit(url).path).rsplit("/", 1)[1] for url in phone.requested if ".pf_meta" in url]
    assert metas and all(m.startswith(f"pagefind.{language.lang}_") for m in metas), metas


def test_filters_are_named_in_the_page_language(browser: Any, sprach_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # the filters are open on wide screens
    page = context.new_page()
    page.goto(f"{sprach_server}/en/suche/")
    page.wait_for_selector(".ww-suche__filter legend")
    legends = page.eval_on_selector_all(".ww-suche__filter legend", "ls => ls.map(l => l.textContent)")
    # Filter names in English (a German fallback fails). „Kosten“ is there: the Elterncafé is free, in English too
    # ("free of charge" in its translation), because being free is a fact of the original.
    assert legends == ["Neighbourhood", "Type", "Topic", "Age", "Cost", "Language"]
    topics = page.eval_on_selector_all("input[name=thema]", "cs => cs.map(c => c.parentElement.textContent.trim())")
    # The topics' English names (content/kategorien.en.yaml); the one without a translation stays German.
    assert sorted(topics) == ["Early help", "Language and settling in", "Spielen und Freizeit"]
    page.check("input[name=thema][value='fruehe-hilfen']")
    page.wait_for_selector(".ww-suche__treffer li")
    page.wait_for_load_state("networkidle")
    found = page.eval_on_selector_all(".ww-suche__treffer a.ww-karte__titel", "ls => ls.map(a => a.pathname)")
    assert found and all(url.startswith("/en/") for url in found) and f"/en/{ELTERNCAFE}" in found
    context.close()


# --- right to left --------------------------------------------------------------------------------------------------

def test_arabic_entry_page_reads_right_to_left_and_keeps_numbers_left_to_right(phone: Any, sprach_server: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.goto(f"{sprach_server}/ar/{ELTERNCAFE}")
    phone.wait_for_load_state("networkidle")
    phone.screenshot(path=str(SCREENSHOTS / "ar-eintrag-360.png"), full_page=True)
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # The text column starts at the right: the title's text ends at the right edge of the heading, far from the left.
    edges = phone.evaluate("""() => {
        const h1 = document.querySelector('article h1'), range = document.createRange();
        range.selectNodeContents(h1);
        return [range.getBoundingClientRect().right, h1.getBoundingClientRect().right,
                range.getBoundingClientRect().left];
    }""")
    assert abs(edges[0] - edges[1]) <= 2, edges
    assert edges[2] > 60, edges
    # Phone numbers, times and addresses are isolated left to right, and their digits stay in order.
    for selector in ("a[href^='tel:']", ".ww-zeiten td bdi", "address bdi"):
        assert phone.locator(selector).count() >= 1, selector
        styles = phone.eval_on_selector_all(
            selector, "els => els.map(e => [getComputedStyle(e).direction, getComputedStyle(e).unicodeBidi])")
        assert all(s == ["ltr", "isolate"] for s in styles), (selector, styles)
    assert _digits_left_to_right(phone, "a[href^='tel:']") == "030 23125-100"
    assert _digits_left_to_right(phone, ".ww-zeiten td bdi").startswith("09:30")


def _digits_left_to_right(page: Any, selector: str) -> str:
    """The element's text, asserted to be laid out in its own order from left to right (first character leftmost)."""
    text, first, last = page.evaluate("""(selector) => {
        const el = document.querySelector(selector), node = el.firstChild, range = document.createRange();
        const x = i => { range.setStart(node, i); range.setEnd(node, i + 1); return range.getBoundingClientRect().left; };
        return [el.textContent, x(0), x(node.length - 1)];
    }""", selector)
    assert first < last, (selector, text, first, last)
    return str(text)


def test_arabic_search_results_keep_age_ranges_left_to_right(phone: Any, sprach_server: str) -> None:
    assert _search(phone, sprach_server, "ar/", "فطور") == [f"/ar/{ELTERNCAFE}"]
    age = ".ww-suche__treffer .ww-abzeichen--alter bdi"
    assert phone.evaluate(f"getComputedStyle(document.querySelector('{age}')).direction") == "ltr"
    assert _digits_left_to_right(phone, age) == "0–3"  # the café is for children of 0 to 3 years


def test_arabic_search_shows_untranslated_results_left_to_right(phone: Any, sprach_server: str) -> None:
    """Kita Regenbogen has no Arabic translation: its German title and text run left to right in the Arabic
    results (the full stop stays at the end of the sentence), the translated café's right to left."""
    assert _search(phone, sprach_server, "ar/", "Regenbogen") == ["/ar/quartiere/suedviertel/kitas/kita-regenbogen/"]
    directions = "sel => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e).direction)"
    shown = ".ww-suche__treffer .ww-karte__titel, .ww-suche__treffer .ww-karte__kurz"
    assert phone.evaluate(directions, shown) == ["ltr", "ltr"]
    assert _search(phone, sprach_server, "ar/", "فطور") == [f"/ar/{ELTERNCAFE}"]
    assert phone.evaluate(directions, ".ww-suche__treffer .ww-karte__titel") == ["rtl"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Di 09:30–11:30 Uhr", 'Di <bdi dir="ltr" class="ww-nummer">09:30–11:30</bdi> Uhr'),
    ("0–3 Jahre", '<bdi dir="ltr" class="ww-nummer">0–3</bdi> Jahre'),
    ("Tel. 030 23125-100", 'Tel. <bdi dir="ltr" class="ww-nummer">030 23125-100</bdi>'),
    ("ab 3 Jahren", "ab 3 Jahren"),  # a single number needs no isolation
    ("<b>1-2</b>", '&lt;b&gt;<bdi dir="ltr" class="ww-nummer">1-2</bdi>&lt;/b&gt;'),  # escaped
])
def test_runs_of_numbers_are_isolated(text: str, expected: str) -> None:
    from wegweiser.i18n.direction import zahlen_ltr

    assert str(zahlen_ltr(text)) == expected


def test_arabic_merkliste_keeps_phone_numbers_left_to_right(phone: Any, sprach_server: str) -> None:
    phone.goto(f"{sprach_server}/ar/merkliste/?e=ar/{ELTERNCAFE}")  # a list shared from the Arabic site
    phone.wait_for_selector(".ww-merkliste__eintrag")
    phone.screenshot(path=str(SCREENSHOTS / "ar-merkliste-360.png"), full_page=True)
    # When, where and phone: the phone number left to right, the others by their own text, with their runs of
    # numbers (times, postcode) left to right inside.
    assert phone.eval_on_selector_all(".ww-merkliste__eintrag p > bdi", "bs => bs.map(b => b.dir)") == [
        "auto", "auto", "ltr"]
    assert _digits_left_to_right(phone, ".ww-merkliste__eintrag p:nth-of-type(1) bdi bdi") == "09:30–11:30"
    phone_number = ".ww-merkliste__eintrag p:nth-of-type(3) > bdi"
    assert phone.evaluate(f"getComputedStyle(document.querySelector('{phone_number}')).direction") == "ltr"
    assert _digits_left_to_right(phone, phone_number) == "030 23125-100"
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_direction_icons_are_mirrored_right_to_left_only() -> None:
    from wegweiser.render.icons import svg

    assert "ww-icon--richtung" in svg("material/run") and "ww-icon--richtung" in svg("material/arrow-right")
    assert "ww-icon--richtung" not in svg("material/phone-outline")
    css = (Path(__file__).parent.parent / "templates" / "assets" / "wegweiser.css").read_text("utf-8")
    # Only logical properties for sides: nothing that would stay on the left on a right-to-left page.
    assert not re.findall(r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:|text-align:\s*(?:left|right)",
                          css)
    assert '[dir="rtl"] .ww-icon--richtung { transform: scaleX(-1); }' in css


@pytest.mark.parametrize("code", ["ar", "leicht"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_and_phone_layout_in_arabic_and_leichte_sprache(phone: Any, sprach_server: str, code: str,
                                                            name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    phone.goto(f"{sprach_server}/{code}/{PAGES[name].format(wort=quote(BREAKFAST[code]))}")
    phone.wait_for_load_state("networkidle")
    if name == "suche":
        phone.wait_for_selector(".ww-suche__treffer li", timeout=20000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"{code}-{name}-360.png"), full_page=True)
    assert phone.evaluate("document.documentElement.lang") == _sprache(code).lang
    assert phone.evaluate("getComputedStyle(document.body).direction") == _sprache(code).richtung
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    result = Axe().run(phone, options={"runOnly": {"type": "tag",
                                                   "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]]
    assert violations == []
    assert result.response["passes"]
