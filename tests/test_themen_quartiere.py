"""Big topics: a topic with more than ``TOPIC_PAGE_LIMIT`` entries lists its quarters' entries on a page per quarter.

The oracle is the same demo built without the split (every topic on one page): the split build must show exactly
the same entries, in the same groups and order, spread over the topic page (region-wide entries) and the quarters'
pages, in every language. The demo's topics have 7 to 20 entries; the limit is lowered to 8 for these builds.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest
import yaml

from wegweiser.core.output_guard import Kind
from wegweiser.model.entries import ENTRY_TYPES
from wegweiser.render import page_builder
from wegweiser.site.build import build_site

from conftest import ROOT, TODAY, element_text, parsed_page, serve_folder

LIMIT = 8
LANGUAGE_PATHS = ["", "en/", "leicht/", "tr/", "ar/", "uk/", "ru/"]


def _copy_demo(target: Path) -> Path:
    for name in ("content", "quartiere", "templates"):
        shutil.copytree(ROOT / name, target / name)
    return target


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, demo_site: Path) -> Iterator[tuple[Path, Path, Path]]:
    """(project, the demo split at LIMIT, the demo with every topic on one page: the shared demo build)."""
    root = _copy_demo(tmp_path_factory.mktemp("themen") / "projekt")
    split = root.parent / "geteilt"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(page_builder, "TOPIC_PAGE_LIMIT", LIMIT)
        build_site(root, split, TODAY)  # keeps its state: the incremental test builds on it
    yield root, split, demo_site


CARD = "li[contains(concat(' ', @class, ' '), ' ww-karte ')]"
TILE = "//article//ul[contains(concat(' ', @class, ' '), ' ww-kacheln ')]//a"



def _cards(element: Any) -> list[str]:
    return [str(li.get("data-merk")) for li in element.xpath(f".//{CARD}")]


def _groups(page: Any) -> list[tuple[str, list[str]]]:
    """(heading, the entries' addresses) of each card list on a page."""
    return [(element_text(section.xpath(".//h2")[0]), _cards(section))
            for section in page.xpath(f"//article//section[.//{CARD}]")]


def _quarters(site: Path, prefix: str) -> list[tuple[str, str]]:
    """(slug, name in the page's language) of every quarter, in the site's order: from the quarter index."""
    found = []
    for link in parsed_page(site, f"{prefix}quartiere/").xpath(TILE):
        slug = urlsplit(urljoin(f"https://x/{prefix}quartiere/", link.get("href"))).path.rstrip("/").rsplit("/")[-1]
        found.append((slug, element_text(link.xpath(".//strong")[0])))
    return found


def _quarters_of_region_entry(address: str, prefix: str) -> list[str]:
    """The quarters a region-wide entry names, from its file (``quartiere: alle`` or a list)."""
    _region, typ, slug, _ = address[len(prefix):].split("/")
    [path] = [p for p in (ROOT / "content" / typ).glob(f"{slug}.*") if p.suffix in (".yaml", ".md")
              and p.stem == slug]
    text = path.read_text("utf-8")
    data = yaml.safe_load(text.split("---")[1] if path.suffix == ".md" else text)
    named = data.get("quartiere")
    return [p.name for p in (ROOT / "quartiere").iterdir() if p.is_dir()] if named == "alle" else list(named or [])


def _topics(site: Path, prefix: str) -> list[str]:
    return sorted(path.name for path in (site / prefix / "themen").iterdir() if path.is_dir())


@pytest.mark.parametrize("prefix", LANGUAGE_PATHS)
def test_split_topics_show_exactly_the_entries_of_the_whole_topic_page(sites: tuple[Path, Path, Path],
                                                                        prefix: str) -> None:
    _root, split, whole = sites
    topics = _topics(whole, prefix)
    assert topics == _topics(split, prefix) and len(topics) == 10
    split_count = 0
    for topic in topics:
        url = f"{prefix}themen/{topic}/"
        expected = _groups(parsed_page(whole, url))
        cards = sum(len(items) for _name, items in expected)
        assert cards > 0, url
        page = parsed_page(split, url)
        tiles = page.xpath(TILE)
        if cards <= LIMIT:  # small topics keep one page
            assert _groups(page) == expected and not tiles, url
            continue
        split_count += 1
        region = [(name, items) for name, items in expected if any("region/" in item for item in items)]
        assert _groups(page) == region, url  # the region-wide entries stay on the topic page
        # a tile per quarter with entries of the topic, in the quarters' order, with its count, leading to a page
        # that lists the quarter's own entries, then the region-wide ones that name the quarter (as its quarter page)
        local = dict(expected)
        shared = [item for _name, items in region for item in items]
        wanted = []
        for slug, name in _quarters(whole, prefix):
            items = local.get(name, []) + [item for item in shared if slug in _quarters_of_region_entry(item, prefix)]
            if items:
                wanted.append((slug, name, items))
        assert len(tiles) == len(wanted), url
        for tile, (slug, quarter_name, items) in zip(tiles, wanted, strict=True):
            assert element_text(tile.xpath(".//strong")[0]) == quarter_name
            assert re.findall(r"\d+", element_text(tile.xpath(".//span")[0]))[-1] == str(len(items)), url
            target = urlsplit(urljoin(f"https://x/{url}", tile.get("href"))).path.lstrip("/")
            assert target == f"{url}{slug}/", (url, target)
            quarter_page = parsed_page(split, target)
            assert sorted(_cards(quarter_page.xpath("//article")[0])) == sorted(items), target
            # in a section per type, in the types' order (as on the quarter page; issue 26)
            by_type = [(typ, {i for i in items if f"/{typ}/" in i}) for typ in ENTRY_TYPES]
            assert [set(cards) for _heading, cards in _groups(quarter_page)] == \
                [found for _typ, found in by_type if found], target
            assert quarter_name in element_text(quarter_page.xpath("//article//h1")[0])
            back = quarter_page.xpath("//p[@class='ww-zurueck']/a")[0]
            assert urlsplit(urljoin(f"https://x/{target}", back.get("href"))).path == f"/{url}"
        # no other page below the topic's
        below = sorted(p.parent.relative_to(split).as_posix() + "/" for p in (split / url).glob("*/index.html"))
        # besides the topic's Termine list where it has Termine (issue 28)
        events = [f"{url}termine/"] if any("/termine/" in item for _name, items in expected for item in items) else []
        assert below == sorted([f"{url}{slug}/" for slug, _name, _items in wanted] + events), url
    assert split_count >= 6, f"only {split_count} topics over {LIMIT} entries"


def test_every_link_of_the_split_pages_leads_to_a_file(sites: tuple[Path, Path, Path]) -> None:
    _root, split, _whole = sites
    pages = [p for p in split.rglob("themen/*/index.html")] + [p for p in split.rglob("themen/*/*/index.html")]
    assert len(pages) > 7 * 10 * 2
    for page in pages:
        url = page.parent.relative_to(split).as_posix() + "/"
        for href in lxml.html.fromstring(page.read_bytes()).xpath("//article//a/@href"):
            target = urlsplit(urljoin(f"https://x/{url}", str(href)))
            if target.netloc != "x":
                continue
            path = split / target.path.lstrip("/")
            assert (path / "index.html" if target.path.endswith("/") else path).is_file(), (url, href)


def test_where_do_you_live_leads_to_the_topics_page_of_the_quarter(sites: tuple[Path, Path, Path]) -> None:
    _root, split, _whole = sites
    finders = 0
    for prefix in LANGUAGE_PATHS:
        for topic in _topics(split, prefix):
            url = f"{prefix}themen/{topic}/"
            page = parsed_page(split, url)
            boxes = page.xpath("//section[contains(@class, 'ww-wohnen')]")
            own = {urlsplit(urljoin(f"https://x/{url}", str(a.get("href")))).path.lstrip("/") for a in page.xpath(TILE)}
            if not own:
                assert boxes == [], url  # an unsplit topic lists everything: nothing to find
                continue
            assert len(boxes) == 1, url
            finders += 1
            found = json.loads(boxes[0].get("data-quartiere"))
            assert found
            for quarter in found:
                # the topic's page for the quarter where there is one, else the quarter's own page
                target = quarter["url"]
                assert target.startswith(prefix) and (split / target / "index.html").is_file(), target
                assert target in own or target.startswith(f"{prefix}quartiere/"), target
            assert any(quarter["url"] in own for quarter in found), url
    assert finders >= 6 * 7


def test_topic_quarter_pages_are_in_the_sitemap_and_not_in_the_navigation(sites: tuple[Path, Path, Path]) -> None:
    _root, split, _whole = sites
    sitemap = lxml.etree.parse(str(split / "sitemap.xml"))
    listed = {urlsplit(str(loc.text)).path for loc in sitemap.iter("{*}loc")}
    quarter_pages = [p.parent.relative_to(split).as_posix() for p in split.glob("themen/*/*/index.html")]
    assert quarter_pages and all(f"/{page}/" in listed for page in quarter_pages)
    nav = [str(href) for href in parsed_page(split, "").xpath("//nav//a/@href")]
    assert nav and not any("themen/" in href and href.rstrip("/").count("/") >= 2 for href in nav), nav


def test_entries_changed_and_added_in_a_split_topic_update_to_the_full_builds_site(
        sites: tuple[Path, Path, Path]) -> None:
    root, split, _whole = sites
    entry = root / "quartiere/altstadt/angebote/geburtsvorbereitung-altstadt.yaml"
    text = entry.read_text("utf-8")
    entry.write_text(text.replace("name: Geburtsvorbereitungskurs", "name: Zebrakurs für werdende Eltern"), "utf-8")
    # a new entry in another quarter: only the list of the topic's page for that quarter names it
    added = root / "quartiere/heide/angebote/yakkurs.yaml"
    added.write_text(text.replace("name: Geburtsvorbereitungskurs", "name: Yakkurs am Wochenende"), "utf-8")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(page_builder, "TOPIC_PAGE_LIMIT", LIMIT)
            report = build_site(root, split, TODAY)
            full = root.parent / "geteilt-ganz"
            build_site(root, full, TODAY, reuse=False)
    finally:
        entry.write_text(text, "utf-8")
        added.unlink()
    assert 0 < report.written < report.pages / 5, (report.written, report.pages)

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
                if p.is_file() and p.name != Kind.SITE.value and not p.relative_to(site).as_posix().startswith("pagefind/")}

    updated, whole = files(split), files(full)
    assert updated.keys() == whole.keys()
    changed = [name for name in whole if updated[name] != whole[name]]
    assert changed == []
    # the entry's topics (fruehe-hilfen: 13 entries, split; gesundheit: 7, one page) show the new name where it
    # is listed: the topic's page for its quarter, or the topic page
    zebra = {name for name in whole if name.startswith("themen/") and b"Zebrakurs" in whole[name]}
    assert zebra == {"themen/fruehe-hilfen/altstadt/index.html", "themen/gesundheit/index.html"}
    yak = {name for name in whole if name.startswith("themen/") and b"Yakkurs" in whole[name]}
    assert yak == {"themen/fruehe-hilfen/heide/index.html", "themen/gesundheit/index.html"}


@pytest.mark.parametrize("prefix", ["", "ar/"])
def test_split_pages_pass_axe_and_fit_a_phone(browser: Any, sites: tuple[Path, Path, Path], prefix: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    _root, split, _whole = sites
    topic = next(t for t in _topics(split, prefix) if (split / prefix / "themen" / t / "altstadt").is_dir())
    with contextlib.contextmanager(serve_folder)(split) as origin:
        for url in (f"{prefix}themen/{topic}/", f"{prefix}themen/{topic}/altstadt/"):
            context = browser.new_context(viewport={"width": 360, "height": 800})
            tab = context.new_page()
            tab.goto(f"{origin}/{url}")
            tab.wait_for_load_state("networkidle")
            result = Axe().run(tab, options={"runOnly": {"type": "tag",
                                                         "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
            assert [v["id"] for v in result.response["violations"]] == [], url
            assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
            if url.endswith("altstadt/"):  # the cards' links work at this depth too
                first = tab.locator("li.ww-karte a.ww-karte__titel").first
                href = first.get_attribute("href")
                first.click()
                tab.wait_for_load_state()
                assert tab.locator("article.ww-eintrag h1").count() == 1, href
            context.close()


def test_a_topics_page_for_a_quarter_that_is_gone_redirects_to_the_topic(tmp_path: Path) -> None:
    """Recorded in content/adressen.txt while the topic was big, then gone (the topic shrank, or the quarter has no
    entries of it any more): a redirect to the topic's page, which lists them now, not "Der Eintrag wurde entfernt".
    (The small multilingual fixture, German and English, rather than a second whole demo build.)"""
    root = tmp_path / "projekt"
    shutil.copytree(ROOT / "tests" / "fixtures" / "sprachen", root)
    record = root / "content" / "adressen.txt"
    old = ["themen/fruehe-hilfen/nordviertel/", "en/themen/fruehe-hilfen/nordviertel/",
           "themen/gibt-es-nicht/nordviertel/"]
    record.write_text("".join(f"/{url}\n" for url in old), "utf-8")
    site = tmp_path / "site"
    build_site(root, site, TODAY, reuse=False)  # the fixture's topics are small: no pages per quarter
    for url, target in ((old[0], "themen/fruehe-hilfen/"), (old[1], "en/themen/fruehe-hilfen/")):
        page = parsed_page(site, url)
        refresh = page.xpath("//meta[@http-equiv='refresh']/@content")
        assert len(refresh) == 1 and refresh[0].startswith("0; url="), url
        assert urlsplit(urljoin(f"https://x/{url}", refresh[0][len("0; url="):])).path == f"/{target}"
        assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
        assert f"/{url} /{target} 301" in (site / "_redirects").read_text("utf-8").splitlines()
    # a topic that does not exist: the page saying it is gone, as before
    gone = parsed_page(site, old[2])
    assert not gone.xpath("//meta[@http-equiv='refresh']") and gone.xpath("//article[@class='ww-entfallen']")
