"""Old addresses keep working: build the mini project, move entries, build, delete one, build."""

from __future__ import annotations

import contextlib
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import pytest

from wegweiser.cli import main
from wegweiser.core.problems import Problems
from wegweiser.site.build import build_site
from wegweiser.site.old_urls import RECORD, RecordNotUpdated, read_record, update_record

from conftest import MINI, TODAY, serve_folder

BASE = "https://familie.example.org/"  # basis_url of the mini project
OLD = "quartiere/testviertel/angebote/elterncafe/"
MOVED = "quartiere/zweitviertel/angebote/elterncafe/"
PLAYGROUND_OLD = "quartiere/testviertel/spielplaetze/spielplatz-am-teich/"
PLAYGROUND_NEW = "region/spielplaetze/spielplatz-am-teich/"
PLAYGROUND = "name: Spielplatz am Teich\nstand: 2026-10-01\n"


class _Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.h1 = ""
        self._in_h1 = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        self._in_h1 = self._in_h1 and tag != "h1"

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data

    def meta(self, **match: str) -> dict[str, str] | None:
        return next((a for t, a in self.tags if t == "meta" and all(a.get(k) == v for k, v in match.items())), None)

    def links(self, url: str) -> set[str]:
        """Every link target as a path from the site root, resolved against the page's own URL."""
        page = BASE + url
        return {urlsplit(urljoin(page, a["href"])).path.lstrip("/") for t, a in self.tags if t == "a" and "href" in a}


def _build(root: Path) -> None:
    assert main(["build", str(root), "--stichtag", TODAY.isoformat()]) == 0


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three builds of one project; each site and record is kept for the tests."""
    work = tmp_path_factory.mktemp("adressen")
    root = work / "projekt"
    shutil.copytree(MINI, root)
    (root / "quartiere" / "zweitviertel").mkdir()
    (root / "quartiere" / "zweitviertel" / "quartier.yaml").write_text(
        "name: Zweitviertel\nort: Teststadt\nstand: 2026-10-01\n", encoding="utf-8")
    (root / "quartiere" / "testviertel" / "spielplaetze").mkdir()
    (root / "quartiere" / "testviertel" / "spielplaetze" / "spielplatz-am-teich.yaml").write_text(
        PLAYGROUND, encoding="utf-8")
    states: dict[str, Path] = {}

    # The preview's way (build_site alone) reads the record but never writes it.
    build_site(root, work / "vorschau", TODAY)
    assert not (root / RECORD).exists()

    def keep(name: str) -> None:
        shutil.copytree(root / "site", work / name)
        shutil.copy(root / RECORD, work / f"{name}.txt")
        states[name] = work / name
        states[f"{name}-record"] = work / f"{name}.txt"

    _build(root)
    keep("erster")
    # Move the Elterncafé to another quarter (its contact stays behind) and make the playground region-wide.
    cafe = root / "quartiere" / "testviertel" / "angebote" / "elterncafe.yaml"
    text = "".join(line for line in cafe.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.startswith("kontakt:"))
    cafe.unlink()
    (root / "quartiere" / "zweitviertel" / "angebote").mkdir()
    (root / "quartiere" / "zweitviertel" / "angebote" / "elterncafe.yaml").write_text(text, encoding="utf-8")
    (root / "quartiere" / "testviertel" / "spielplaetze" / "spielplatz-am-teich.yaml").unlink()
    (root / "content" / "spielplaetze").mkdir()
    (root / "content" / "spielplaetze" / "spielplatz-am-teich.yaml").write_text(PLAYGROUND + "quartiere: alle\n",
                                                                               encoding="utf-8")
    _build(root)
    keep("verschoben")
    # Delete the Elterncafé.
    (root / "quartiere" / "zweitviertel" / "angebote" / "elterncafe.yaml").unlink()
    _build(root)
    keep("geloescht")
    states["root"] = root
    return states


def _page(site: Path, url: str) -> _Page:
    return _Page((site / url / "index.html").read_text(encoding="utf-8"))


def _redirect_target(page: _Page, url: str) -> str:
    refresh = page.meta(**{"http-equiv": "refresh"})
    assert refresh is not None
    delay, _, target = refresh["content"].partition(";")
    assert delay.strip() == "0"
    assert target.strip().lower().startswith("url=")
    return urlsplit(urljoin(BASE + url, target.strip()[4:])).path.lstrip("/")


@pytest.mark.parametrize(("old", "new"), [(OLD, MOVED), (PLAYGROUND_OLD, PLAYGROUND_NEW)])
def test_moved_entry_redirects(scenario: dict[str, Path], old: str, new: str) -> None:
    site = scenario["verschoben"]
    assert (site / new / "index.html").is_file()
    page = _page(site, old)
    assert _redirect_target(page, old) == new
    canonical = [a["href"] for t, a in page.tags if t == "link" and a.get("rel") == "canonical"]
    assert canonical == [BASE + new]
    assert page.meta(name="robots", content="noindex") is not None
    assert new in page.links(old)  # a visible link for browsers that do not follow the refresh
    redirects = (site / "_redirects").read_text(encoding="utf-8").splitlines()
    assert f"/{old} /{new} 301" in redirects
    assert old not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_first_build_has_no_redirects(scenario: dict[str, Path]) -> None:
    assert not (scenario["erster"] / "_redirects").exists()
    assert _page(scenario["erster"], OLD).meta(**{"http-equiv": "refresh"}) is None


@pytest.mark.parametrize(("old", "quarter"), [(MOVED, "zweitviertel"), (OLD, "testviertel")])
def test_deleted_entry_gets_a_friendly_page(scenario: dict[str, Path], old: str, quarter: str) -> None:
    site = scenario["geloescht"]
    page = _page(site, old)
    assert page.h1.strip() == "Dieses Angebot gibt es nicht mehr"
    links = page.links(old)
    assert f"quartiere/{quarter}/" in links
    assert "suche/" in links
    assert page.meta(name="robots", content="noindex") is not None
    assert page.meta(**{"http-equiv": "refresh"}) is None
    # Built with the site's theme: the search form in the header and the footer's imprint address.
    assert any(t == "form" and a.get("role") == "search" for t, a in page.tags)
    assert any(t == "footer" for t, _ in page.tags)
    redirects = (site / "_redirects").read_text(encoding="utf-8")
    assert "elterncafe" not in redirects and f"/{PLAYGROUND_OLD} /{PLAYGROUND_NEW} 301" in redirects


def test_record_lists_every_address_sorted(scenario: dict[str, Path]) -> None:
    first = _urls(scenario["erster-record"])
    assert {"", "quartiere/testviertel/", OLD, PLAYGROUND_OLD, "suche/"} <= set(first)
    assert MOVED not in first
    last = _urls(scenario["geloescht-record"])
    assert {OLD, MOVED, PLAYGROUND_OLD, PLAYGROUND_NEW, "quartiere/zweitviertel/"} <= set(last)
    for record in ("erster-record", "verschoben-record", "geloescht-record"):
        lines = [line for line in scenario[record].read_text(encoding="utf-8").splitlines()
                 if not line.startswith("#")]
        assert lines == sorted(lines)
        assert len(lines) == len(set(lines))
    # Nothing new published: the record is not rewritten.
    root = scenario["root"]
    before = (root / RECORD).read_bytes()
    assert update_record(root, [OLD, ""]) is None
    assert (root / RECORD).read_bytes() == before


def _urls(path: Path) -> list[str]:
    # a line is the address and, since issue 28, the day it was first published
    return [line.split()[0][1:] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("/")]


def test_bad_record_lines_are_warnings(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / RECORD).write_text("# Kommentar\n/quartiere/a/\n../../etc/\n/Quartiere/A B/\n\n/\n", encoding="utf-8")
    problems = Problems()
    assert read_record(tmp_path, problems) == {"quartiere/a/", ""}
    assert [(p.loc.line, p.message) for p in problems.warnings] == [
        (3, "„../../etc/“ ist keine Adresse dieser Website und wird ignoriert."),
        (4, "„/Quartiere/A B/“ ist keine Adresse dieser Website und wird ignoriert."),
    ]
    # A record with lines the build cannot read is not overwritten.
    before = (tmp_path / RECORD).read_bytes()
    with pytest.raises(RecordNotUpdated):
        update_record(tmp_path, ["neu/"])
    assert (tmp_path / RECORD).read_bytes() == before


def test_merkliste_follows_moved_entries_and_fetches_only_entry_pages(browser: Any,
                                                                     scenario: dict[str, Path]) -> None:
    """The Merkliste reads each marked entry from its page: a moved entry's old address leads to the new page, and
    the list keeps the new address; an address without an entry is left out; a shared link's other values fetch
    nothing."""
    gone = "quartiere/testviertel/angebote/gibt-es-nicht/"
    with contextlib.contextmanager(serve_folder)(scenario["verschoben"]) as origin:
        context = browser.new_context()
        tab = context.new_page()
        requests: list[str] = []
        tab.on("request", lambda request: requests.append(request.url))
        tab.goto(f"{origin}/merkliste/")
        tab.evaluate("keys => localStorage.setItem('ww-merkliste', JSON.stringify(keys))", [OLD, gone, PLAYGROUND_OLD])
        tab.reload()
        tab.wait_for_selector(".ww-merkliste[aria-busy=false]")
        names = tab.locator(".ww-merkliste__name").all_inner_texts()
        assert names == ["Elterncafé", "Spielplatz am Teich"]
        hrefs = [urlsplit(urljoin(f"{origin}/merkliste/", str(a))).path.lstrip("/")
                 for a in tab.locator(".ww-merkliste__name").evaluate_all("links => links.map(a => a.getAttribute('href'))")]
        assert hrefs == [MOVED, PLAYGROUND_NEW]
        assert tab.evaluate("JSON.parse(localStorage.getItem('ww-merkliste'))") == [MOVED, gone, PLAYGROUND_NEW]
        # a shared link: only entry addresses below the site are fetched
        requests.clear()
        hostile = ["https://evil.example/x/", "//evil.example/y/", "../../etc/", "javascript:alert(1)//", OLD]
        tab.goto(f"{origin}/merkliste/?e=" + ",".join(quote(k, safe="") for k in hostile))
        tab.wait_for_selector(".ww-merkliste[aria-busy=false]")
        assert tab.locator(".ww-merkliste__name").all_inner_texts() == ["Elterncafé"]
        fetched = {urlsplit(url).path for url in requests if not url.startswith(f"{origin}/assets/")}
        assert all(url.startswith(origin) for url in requests), requests
        assert fetched <= {"/merkliste/", f"/{OLD}", f"/{MOVED}"}, fetched
        context.close()
