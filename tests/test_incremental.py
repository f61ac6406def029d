"""The incremental build: one entry changed gives exactly the site, and the search results, of a full build."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_pagefind_format import QUERIES

from wegweiser.check.validate import load_and_validate
from wegweiser.core.output_guard import Kind, marked_details
from wegweiser.search.pagefind_format import _decoded, _words, unpacked
from wegweiser.search.update import _loaded
from wegweiser.site import incremental
from wegweiser.site.build import build_site

from conftest import MINI, ROOT, TODAY, index_files, read_page, serve_folder

ENTRY = "quartiere/altstadt/angebote/geburtsvorbereitung-altstadt.yaml"
ENTRY_URL = "quartiere/altstadt/angebote/geburtsvorbereitung-altstadt/"
ADDED = "quartiere/altstadt/angebote/yakkurs.yaml"
OTHER = "quartiere/altstadt/angebote/stillcafe-altstadt.yaml"


def _copy_demo(target: Path) -> Path:
    for name in ("content", "quartiere", "templates"):
        shutil.copytree(ROOT / name, target / name)
    return target


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and path.name != Kind.SITE.value}


@pytest.fixture(scope="module")
def updated_and_full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Any]]:
    """The demo built, one entry changed (its name and a word of its summary) and one added, and built again; the
    same content built whole into another folder."""
    root = _copy_demo(tmp_path_factory.mktemp("inkrementell") / "projekt")
    site = root.parent / "site"
    build_site(root, site, TODAY)
    entry = root / ENTRY
    text = entry.read_text("utf-8")
    assert "name: Geburtsvorbereitungskurs\n" in text and "Partnerinnen" in text
    entry.write_text(text.replace("name: Geburtsvorbereitungskurs", "name: Zebrakurs für werdende Eltern")
                     .replace("Partnerinnen oder Partner", "Begleitpersonen"), "utf-8")
    (root / ADDED).write_text(text.replace("name: Geburtsvorbereitungskurs", "name: Yakkurs am Wochenende"), "utf-8")
    # A new word whose chunk's range ends in a shortened prefix (Russian "o"): widening that range to the word would
    # lose the words the prefix stood for ("online", "oster").
    other = root / OTHER
    other.write_text(other.read_text("utf-8").replace("kurz: Hebammen", "kurz: Ölmühle. Hebammen"), "utf-8")
    report = build_site(root, site, TODAY)
    full = root.parent / "ganz"
    whole = build_site(root, full, TODAY, reuse=False)
    assert whole.written == whole.pages
    report.whole = whole  # type: ignore[attr-defined]
    yield site, full, report


def test_entries_changed_or_added_rewrite_only_their_pages_and_give_the_full_builds_site(
        updated_and_full: tuple[Path, Path, Any]) -> None:
    site, full, report = updated_and_full
    # the entry's page and the lists that show it, in every language: not the whole site
    assert not report.unchanged and 0 < report.written < report.pages / 5, (report.written, report.pages)
    assert "Zebrakurs" in read_page(site, ENTRY_URL)
    assert "Yakkurs" in read_page(site, "quartiere/altstadt/angebote/yakkurs/")
    assert report.pages == report.whole.pages
    updated, whole = _files(site), _files(full)
    pages = [name for name in whole if not name.startswith("pagefind/")]
    assert len(pages) > 700
    for name in pages:  # every page and file of the site, byte for byte
        assert updated.get(name) == whole[name], name
    assert {name for name in updated if not name.startswith("pagefind/")} == set(pages)
    # Both say they are built from the files as they are (their fingerprints may differ: a file saved within 2 s of a
    # build's start is recorded by its bytes, see file_states.racy)
    root = site.parent / "projekt"
    assert build_site(root, site, TODAY).unchanged and build_site(root, full, TODAY).unchanged


def test_the_updated_search_index_names_every_file_it_has(updated_and_full: tuple[Path, Path, Any]) -> None:
    """Files the update replaced are gone, and every file the page lists name is there."""
    site = updated_and_full[0] / "pagefind"
    named, present = index_files(site)
    assert present == named
    assert (site / "pagefind-entry.json").stat().st_mode & 0o044 == 0o044  # a web server reads it as another user


def test_every_word_is_in_a_chunk_the_browser_loads_for_it(updated_and_full: tuple[Path, Path, Any]) -> None:
    """In every language, every word of the updated index sits in a chunk whose range the browser picks for it
    (Pagefind's ``request_indexes``; the full build's index passes the same check)."""
    for site in updated_and_full[:2]:
        bundle = site / "pagefind"
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        checked = 0
        for lang, info in entry["languages"].items():
            meta = _decoded((bundle / f"pagefind.{info['hash']}.pf_meta").read_bytes())
            assert isinstance(meta, list)
            for number, (_first, _last, name) in enumerate(meta[2]):
                content = unpacked((bundle / "index" / f"{name}.pf_index").read_bytes())
                assert content is not None
                for word in _words(content) or []:
                    assert number in _loaded(meta[2], word.word), (site.name, lang, word.word, meta[2][number])
                    checked += 1
        assert checked > 5000


def _results(browser: Any, origin: str, start: str, queries: list[str]) -> dict[str, list[tuple[str, float]]]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/{start}")
    found: dict[str, list[tuple[str, float]]] = page.evaluate("""async (queries) => {
        const pagefind = await import("/pagefind/pagefind.js");
        await pagefind.init();
        const found = {};
        for (const query of queries) {
            const search = await pagefind.search(query);
            const data = await Promise.all(search.results.map((result) => result.data()));
            // ordered by score (to four places: the sums' last digits depend on the order of the pages), then address
            found[query] = search.results.map((result, i) => [data[i].url, result.score]);
            found[query].sort((a, b) => Math.round(b[1] * 1e4) - Math.round(a[1] * 1e4) || a[0].localeCompare(b[0]));
        }
        return found;
    }""", queries)
    context.close()
    return found


@pytest.mark.browser
def test_the_updated_index_finds_what_a_full_build_finds(browser: Any,
                                                         updated_and_full: tuple[Path, Path, Any]) -> None:
    """The same pages with the same scores, in German, English and Russian, for what families search and for every word
    of the entry's old and new name and summary: the new words find the entry, the old ones no longer do; the added
    entry is found."""
    site, full, _report = updated_and_full
    words = ["Zebrakurs", "werdende", "Begleitpersonen", "Geburtsvorbereitungskurs", "Partnerinnen", "Zebra",
             "Geburtsvorbereitung", "Schwangere", "Kurs", "Yakkurs", "Wochenende", "Ölmühle", "online", "oster", "org"]
    served = contextlib.contextmanager(serve_folder)
    with served(site) as updated, served(full) as whole:
        for start in ("index.html", "en/index.html", "ru/index.html"):
            expected = _results(browser, whole, start, [*QUERIES, *words])
            got = _results(browser, updated, start, [*QUERIES, *words])
            for query, results in expected.items():
                assert [url for url, _score in got[query]] == [url for url, _score in results], (start, query)
                assert [score for _url, score in got[query]] == pytest.approx([s for _url, s in results], rel=1e-6)
            assert sum(bool(found) for found in expected.values()) > len(expected) // 2
        german = _results(browser, updated, "index.html", words)
    assert any(url.endswith("/geburtsvorbereitung-altstadt/") for url, _score in german["Zebrakurs"])
    # An old word no longer finds it. (Not the old name: Pagefind answers a word it does not know with its longest
    # known beginning, and "Geburt" is a glossary word of every pregnancy entry, this one included.)
    assert not any(url.endswith("/geburtsvorbereitung-altstadt/") for url, _score in german["Partnerinnen"])
    assert [url for url, _score in german["Yakkurs"]] == ["/quartiere/altstadt/angebote/yakkurs/"]


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    return root


MINI_ENTRY = "quartiere/testviertel/angebote/elterncafe.yaml"


def _change(root: Path, old: str, new: str, path: str = MINI_ENTRY) -> None:
    file = root / path
    text = file.read_text("utf-8")
    assert old in text
    file.write_text(text.replace(old, new), "utf-8")


def test_a_change_beyond_entries_builds_the_whole_site(mini: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = build_site(mini, site, TODAY)
    _change(mini, "name: Elterncafé", "name: Neues Café")
    assert build_site(mini, site, TODAY).written < first.pages  # only the entry: in place
    quarter = next((mini / "quartiere" / "testviertel").glob("*.yaml"))
    quarter.write_text(quarter.read_text("utf-8") + "\n", "utf-8")  # the quarter's file: whole again
    assert build_site(mini, site, TODAY).written == first.pages
    entry = (mini / MINI_ENTRY).read_text("utf-8").replace("name: Neues Café", "name: Neues Angebot")
    (mini / "quartiere/testviertel/angebote/neu.yaml").write_text(entry, "utf-8")
    added = build_site(mini, site, TODAY)  # a new entry: its page and the lists, in place
    assert added.pages == first.pages + 1 and added.written < first.pages
    (mini / "quartiere/testviertel/angebote/neu.yaml").unlink()
    assert build_site(mini, site, TODAY).written == first.pages  # an entry removed: whole again
    other = tmp_path / "anderswo"
    build_site(mini, other, TODAY)  # the state now describes this site, not the first
    _change(mini, "name: Neues Café", "name: Drittes Café")
    assert build_site(mini, site, TODAY).written == first.pages
    assert "Drittes Café" in read_page(site, "quartiere/testviertel/angebote/elterncafe/")


def test_an_interrupted_update_leaves_a_site_the_next_build_builds_whole(mini: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    pages = build_site(mini, site, TODAY).pages
    _change(mini, "name: Elterncafé", "name: Halb geschrieben")

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(incremental.os, "replace", disk_full)
        with pytest.raises(OSError):
            build_site(mini, site, TODAY)
    assert incremental.FINGERPRINT not in marked_details(site, Kind.SITE)  # the site says it is not finished
    assert not list(site.rglob(".index.html.neu"))  # nothing half-written left behind
    assert build_site(mini, site, TODAY).written == pages
    assert "Halb geschrieben" in read_page(site, "quartiere/testviertel/angebote/elterncafe/")


def test_a_check_between_two_builds_keeps_what_the_update_needs(mini: Path, tmp_path: Path) -> None:
    """``wegweiser check`` keeps only the entries it read in the cache, and the entry as the site shows it is not one
    of them once its file changed: it stays pinned for the next build."""
    site = tmp_path / "site"
    pages = build_site(mini, site, TODAY).pages
    _change(mini, "name: Elterncafé", "name: Geprüftes Café")
    _content, problems = load_and_validate(mini, TODAY)
    assert not problems.errors
    assert build_site(mini, site, TODAY).written < pages


def test_an_entry_an_old_address_redirects_to_is_built_whole(mini: Path, tmp_path: Path) -> None:
    """A moved entry's old address gets a page that names it and links to it: changing its name changes that page,
    which only the full build writes."""
    from wegweiser.site.build import after_recording_addresses
    from wegweiser.site.old_urls import update_record

    site = tmp_path / "site"
    quarter = mini / "quartiere" / "nordviertel"
    quarter.mkdir()
    (quarter / "quartier.yaml").write_text("name: Nordviertel\nort: Teststadt\nstand: 2026-10-01\n", "utf-8")
    update_record(mini, build_site(mini, site, TODAY).urls)
    (quarter / "angebote").mkdir()
    moving = (mini / MINI_ENTRY).read_text("utf-8")
    (quarter / "angebote" / "elterncafe.yaml").write_text(moving.replace("kontakt: koordination\n", ""), "utf-8")
    (mini / MINI_ENTRY).unlink()
    moved = build_site(mini, site, TODAY)
    recorded = update_record(mini, moved.urls)
    assert recorded is not None
    after_recording_addresses(mini, moved, TODAY, recorded)
    old_address = read_page(site, "quartiere/testviertel/angebote/elterncafe/")
    assert "Elterncafé" in old_address
    _change(mini, "name: Elterncafé", "name: Umgezogenes Café", "quartiere/nordviertel/angebote/elterncafe.yaml")
    again = build_site(mini, site, TODAY)
    assert again.written == again.pages
    assert "Umgezogenes Café" in read_page(site, "quartiere/testviertel/angebote/elterncafe/")
