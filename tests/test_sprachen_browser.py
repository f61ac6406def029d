"""Every family's language in the browser (issue 11): search per language, right to left, axe on Arabic and
Leichte Sprache pages.

Pagefind keeps one index per page ``lang`` and the browser loads the index named by the search page's ``<html lang>``
(exact, else its first subtag). The site here is the minimal project built once; each language's pages are served
under ``/<code>/`` with that language's ``lang`` and ``dir`` on ``<html>`` (as the site per language writes them),
and the search index holds, besides the German entries, a few pages per language written through
``search.index_pages`` with their language, among them an Arabic page whose text is German (a fallback: the root
is ``lang="ar"``, the text inside ``lang="de"``).
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
from urllib.parse import unquote, urlsplit

import pytest

from conftest import MINI, TODAY

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).parent / "artefakte" / "screenshots"
CODES = ["de", "leicht", "en", "ar", "uk"]
# The word every test page holds, and per language a word only that language's pages hold.
COMMON = "Familienzentrum"
OWN = {"de": "Hausaufgabenhilfe", "leicht": "Hausaufgaben-Hilfe", "en": "homework", "ar": "الواجبات", "uk": "домашні"}
FALLBACK_WORD = "Nachbarschaftsgarten"  # German text on an Arabic page (shown in the main language)
ENTRY = "quartiere/testviertel/angebote/elterncafe/"
CONTACT = "quartiere/testviertel/kontakte/koordination/"
PAGES = {"start": "", "quartier": "quartiere/testviertel/", "eintrag": ENTRY, "suche": "suche/?q=" + COMMON}


def _sprache(code: str) -> Any:
    from wegweiser.sprachen import sprache

    return sprache(code, haupt=code == "de")


def _test_page(code: str, number: int) -> str:
    return (f'<article data-pagefind-body><h1 data-pagefind-meta="title">{OWN[code]} {code} {number}</h1>'
            f'<p data-pagefind-meta="kurz">{COMMON} {OWN[code]}</p></article>')


@pytest.fixture(scope="session")
def sprach_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wegweiser.build import build_site
    from wegweiser.search import index_pages, indexable

    out = tmp_path_factory.mktemp("sprachen") / "site"
    build_site(MINI, out, TODAY)
    pages: list[tuple[str, str, str]] = []
    for path in out.rglob("index.html"):
        html = path.read_text("utf-8")
        if indexable(html):
            pages.append((path.parent.relative_to(out).as_posix() + "/", html, "de"))
    for code in CODES:
        language = _sprache(code)
        pages += [(f"{language.pfad}test/{number}/", _test_page(code, number), language.lang) for number in (1, 2, 3)]
    fallback = (f'<article data-pagefind-body><h1 data-pagefind-meta="title" lang="de">{FALLBACK_WORD}</h1>'
                f'<p lang="de">{COMMON} {FALLBACK_WORD} im Hof</p></article>')
    pages.append(("ar/test/fallback/", fallback, "ar"))
    shutil.rmtree(out / "pagefind")
    index_pages(pages, out, tmp_path_factory.mktemp("suchindex") / "eingabe")
    return out


class _LanguageHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``/<code>/…`` as that language's site: the same files, with the language's ``<html lang>`` and
    ``<body dir>`` (where Material reads the direction)."""

    def do_GET(self) -> None:
        from wegweiser.sprachen import sprache

        path = unquote(urlsplit(self.path).path)
        first, _, rest = path.lstrip("/").partition("/")
        if first in CODES[1:]:
            language = sprache(first)
            file = Path(self.directory) / rest
            if file.is_dir():
                file = file / "index.html"
            if file.suffix == ".html" and file.is_file():
                html = re.sub(r'<html lang="[^"]*"', f'<html lang="{language.lang}"', file.read_text("utf-8"), count=1)
                html = re.sub(r'<body dir="[^"]*"', f'<body dir="{language.richtung}"', html, count=1)  # Material's
                # One search index for the whole site, at its root (the language's pages are one level deeper).
                html = re.sub(r'data-pagefind="[^"]*" data-base="[^"]*"', 'data-pagefind="/pagefind/" data-base="/"', html)
                body = html.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.path = "/" + rest
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def sprach_server(sprach_site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_LanguageHandler, directory=str(sprach_site)))
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
    page.goto(f"{origin}/{prefix}suche/?q={query}")
    page.wait_for_selector(".ww-suche__treffer li", timeout=20000)
    page.wait_for_load_state("networkidle")
    return [urlsplit(href).path for href in page.eval_on_selector_all(
        ".ww-suche__treffer a.ww-karte__titel", "links => links.map(a => a.href)")]


# --- search per language ------------------------------------------------------------------------------------------

def test_each_language_has_its_own_index_and_stemmer(sprach_site: Path) -> None:
    """Pagefind: one index per page lang; stemming by the first subtag where it has a stemmer (not Ukrainian)."""
    entry = json.loads((sprach_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    languages = entry["languages"]
    assert sorted(languages) == sorted(["de", "de-x-ls", "en", "ar", "uk"])
    german = sum("data-pagefind-body" in path.read_text("utf-8") for path in sprach_site.rglob("index.html"))
    assert languages["de"]["page_count"] == german + 3  # the site's searchable pages and three test pages
    assert languages["ar"]["page_count"] == 3 + 1  # with the fallback page
    assert languages["en"]["wasm"] == "en" and languages["ar"]["wasm"] == "ar"
    assert languages["uk"]["wasm"] is None  # no Ukrainian stemmer in Pagefind: search without stemming
    # Leichte Sprache: its own index, stemmed as German (the same WebAssembly as German).
    folder = sprach_site / "pagefind"
    assert (folder / "wasm.de-x-ls.pagefind").read_bytes() == (folder / "wasm.de.pagefind").read_bytes()


@pytest.mark.parametrize("code", CODES)
def test_search_page_searches_only_its_own_language(phone: Any, sprach_server: str, code: str) -> None:
    prefix = _sprache(code).pfad
    found = _search(phone, sprach_server, prefix, COMMON)
    assert sorted(found) == [f"/{prefix}test/{n}/" for n in (1, 2, 3)] + (
        [f"/{prefix}test/fallback/"] if code == "ar" else [])
    # Pagefind loaded the metadata of this language's index only.
    metas = [unquote(urlsplit(url).path).rsplit("/", 1)[1] for url in phone.requested if ".pf_meta" in url]
    assert metas and all(m.startswith(f"pagefind.{_sprache(code).lang}_") for m in metas), metas


def test_fallback_page_is_found_in_the_language_of_its_site(phone: Any, sprach_server: str) -> None:
    """An entry shown in German on the Arabic site is found by the Arabic search, not by the German one."""
    assert _search(phone, sprach_server, "ar/", FALLBACK_WORD) == ["/ar/test/fallback/"]
    phone.goto(f"{sprach_server}/suche/?q={FALLBACK_WORD}")
    phone.wait_for_function("document.querySelector('.ww-suche__status').textContent !== ''", timeout=20000)
    assert phone.locator(".ww-suche__treffer li").count() == 0


# --- right to left --------------------------------------------------------------------------------------------------

def test_arabic_entry_page_reads_right_to_left_and_keeps_numbers_left_to_right(phone: Any, sprach_server: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.goto(f"{sprach_server}/ar/{ENTRY}")
    phone.wait_for_load_state("networkidle")
    phone.screenshot(path=str(SCREENSHOTS / "ar-eintrag-360.png"), full_page=True)
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # The text column starts at the right: the title's text ends at the right edge of the article.
    edges = phone.evaluate("""() => {
        const h1 = document.querySelector('article h1'), range = document.createRange();
        range.selectNodeContents(h1);
        return [range.getBoundingClientRect().right, h1.getBoundingClientRect().right,
                range.getBoundingClientRect().left];
    }""")
    assert abs(edges[0] - edges[1]) <= 2, edges
    assert edges[2] > 100, edges  # a short title, far from the left edge
    # Phone numbers, times and addresses are isolated left to right, and their digits stay in order.
    for selector in ("a[href^='tel:']", ".ww-zeiten td bdi", "address bdi"):
        assert phone.locator(selector).count() >= 1, selector
        styles = phone.eval_on_selector_all(
            selector, "els => els.map(e => [getComputedStyle(e).direction, getComputedStyle(e).unicodeBidi])")
        assert all(s == ["ltr", "isolate"] for s in styles), (selector, styles)
    order = phone.evaluate("""() => {
        const a = document.querySelector("a[href^='tel:']"), text = a.firstChild, range = document.createRange();
        const x = i => { range.setStart(text, i); range.setEnd(text, i + 1); return range.getBoundingClientRect().left; };
        return [a.textContent, x(0), x(text.length - 1)];
    }""")
    assert order[0] == "030 23125-100" and order[1] < order[2], order  # the first digit is left of the last


def test_direction_icons_are_mirrored_right_to_left_only() -> None:
    from wegweiser.icons import svg

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

    phone.goto(f"{sprach_server}/{code}/{PAGES[name]}")
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
