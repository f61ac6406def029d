"""The search index built in blocks (``search.SearchIndex.BLOCK``) and merged (``search_merge``).

The reference is Pagefind itself: the demo built once with every language's pages in one Pagefind index (one
process renders and indexes, blocks larger than any language), and once in blocks of 7 pages from three senders
(the build and two workers), merged. Every language's index must hold the same words on the same pages at the same
positions, the same filters, meta fields and result files; Pagefind's own search in Chromium must find the same
pages with the same scores."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_pagefind_format import QUERIES

from wegweiser.core import processes
from wegweiser.search.index import SearchIndex
from wegweiser.search.pagefind_format import _decoded, _words, read_entry, unpacked
from wegweiser.site.build import build_site

from conftest import ROOT, TODAY, index_files, serve_folder


@pytest.fixture(scope="module")
def one_and_blocks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    patch = pytest.MonkeyPatch()
    try:
        patch.setattr(SearchIndex, "BLOCK", 10**6)
        patch.setattr(processes, "fork_context", lambda: None)  # one process: one block per language
        one = tmp_path_factory.mktemp("ein-index") / "site"
        build_site(ROOT, one, TODAY, reuse=False)
        patch.undo()
        patch.setattr(SearchIndex, "BLOCK", 7)
        blocks = tmp_path_factory.mktemp("bloecke") / "site"
        build_site(ROOT, blocks, TODAY, reuse=False)
    finally:
        patch.undo()
    return one, blocks


def _index(site: Path) -> dict[str, dict[str, Any]]:
    """Each language's index, by page address instead of page number: what a search can find."""
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    found: dict[str, dict[str, Any]] = {}
    for lang, info in entry["languages"].items():
        meta = _decoded((bundle / f"pagefind.{info['hash']}.pf_meta").read_bytes())
        assert isinstance(meta, list)
        results = [json.loads(unpacked((bundle / "fragment" / f"{name}.pf_fragment").read_bytes()) or b"")
                   for name, _count in meta[1]]
        urls = [result["url"] for result in results]
        assert len(set(urls)) == len(urls) == info["page_count"]
        words: dict[str, Any] = {}
        chunks = list(meta[2])
        for first, _last, name in chunks:
            content = unpacked((bundle / "index" / f"{name}.pf_index").read_bytes())
            assert content is not None
            for word in _words(content) or []:
                assert first <= word.word or word.word.startswith(first), (first, word.word)
                entry_read = read_entry(word.encoded)
                assert entry_read is not None and word.word not in words
                variants = {form: dict((urls[n], p) for n, p in pages) for form, pages in entry_read.variants.items()}
                words[word.word] = ({urls[n]: positions for n, positions in entry_read.pages}, variants)
        filters = {}
        for name, file in meta[3]:
            decoded = _decoded((bundle / "filter" / f"{file}.pf_filter").read_bytes())
            assert isinstance(decoded, list)
            filters[name] = {value: sorted(urls[n] for n in pages) for value, pages in decoded[1]}
        found[lang] = {"words": words, "filters": filters, "fields": meta[5],
                       "results": {result["url"]: result for result in results},
                       "word_counts": {url: count for url, (_name, count) in zip(urls, meta[1], strict=True)},
                       "chunks": len(chunks)}
    return found


def test_an_index_merged_from_blocks_holds_what_one_index_holds(one_and_blocks: tuple[Path, Path]) -> None:
    one, blocks = _index(one_and_blocks[0]), _index(one_and_blocks[1])
    assert len(one) == 7 and one.keys() == blocks.keys()
    for lang in one:
        expected, merged = one[lang], blocks[lang]
        assert len(expected["results"]) >= 80, lang  # the demo's searchable pages: many blocks of 7
        assert merged["results"] == expected["results"], lang
        assert merged["word_counts"] == expected["word_counts"], lang
        assert merged["fields"] == expected["fields"], lang
        assert merged["filters"] == expected["filters"], lang
        assert len(merged["words"]) > 1000, lang
        assert merged["words"] == expected["words"], lang


def test_every_file_the_merged_index_names_is_there_and_no_other(one_and_blocks: tuple[Path, Path]) -> None:
    named, present = index_files(one_and_blocks[1] / "pagefind")
    assert present == named


@pytest.fixture(scope="module")
def served(one_and_blocks: tuple[Path, Path]) -> Iterator[tuple[str, str]]:
    with contextlib.ExitStack() as stack:
        one, blocks = (stack.enter_context(contextlib.contextmanager(serve_folder)(site)) for site in one_and_blocks)
        yield one, blocks


def _search(browser: Any, origin: str, prefix: str, queries: list[str]) -> dict[str, list[list[object]]]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/{prefix}suche/")
    found: dict[str, list[list[object]]] = page.evaluate("""async ([queries, prefix]) => {
        const pagefind = await import("/pagefind/pagefind.js");
        await pagefind.init();
        const found = {};
        for (const query of queries) {
            const search = await pagefind.search(query);
            const pages = await Promise.all(search.results.map(async (result) =>
                [(await result.data()).url, Math.round(result.score * 1e4)]));
            found[query] = pages.sort();
        }
        const filtered = await pagefind.search(null, {filters: {alter: "0-3"}});
        found["(0-3)"] = (await Promise.all(filtered.results.map(async (r) => [(await r.data()).url, 0]))).sort();
        return found;
    }""", [queries, prefix])
    context.close()
    return found


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/", "ar/"])
def test_pagefind_finds_the_same_pages_in_the_merged_index(browser: Any, served: tuple[str, str], prefix: str) -> None:
    one, blocks = served
    expected = _search(browser, one, prefix, QUERIES)
    assert sum(bool(pages) for pages in expected.values()) >= len(QUERIES) // 2, expected  # most find something
    assert len(expected["(0-3)"]) >= 10
    merged = _search(browser, blocks, prefix, QUERIES)
    # the same pages for every query, scored alike: the merged index sums its statistics in another order, so a
    # score may differ in its last float bits, which can flip the fourth decimal that _search rounds to
    assert {query: [url for url, _score in pages] for query, pages in merged.items()} == \
        {query: [url for url, _score in pages] for query, pages in expected.items()}
    for query, pages in expected.items():
        for (url, score), (_same_url, merged_score) in zip(pages, merged[query], strict=True):
            assert abs(float(str(score)) - float(str(merged_score))) <= 1, (query, url, score, merged_score)


def test_a_build_that_fails_before_the_theme_leaves_no_writer_and_no_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index writer's thread waits for the theme before it writes a block into the new site: a build that fails
    before that (here MkDocs) must not leave it waiting for ever, nor let it write into the removed folder."""
    import threading

    from wegweiser.site import mkdocs_adapter

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device", str(tmp_path / "site"))

    monkeypatch.setattr(SearchIndex, "BLOCK", 7)  # blocks closed before the theme exists
    monkeypatch.setattr(mkdocs_adapter, "build_themes", broken)
    before = set(threading.enumerate())
    with pytest.raises(OSError):
        build_site(ROOT, tmp_path / "site", TODAY, reuse=False)
    assert [path.name for path in tmp_path.iterdir()] == []  # no site, no work folder left behind
    assert [thread for thread in threading.enumerate() if thread not in before and thread.is_alive()
            and "write_indexes" in repr(getattr(thread, "_target", None))] == []


def test_a_sort_order_from_a_content_template_does_not_break_the_merge(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind keeps a sort order as the order of a block's pages, which blocks cannot be merged by; the search page
    does not sort, so the attribute is not handed to Pagefind (a content folder's template may set it)."""
    from wegweiser.search.index import index_pages, search_document

    page = ('<article data-pagefind-body data-pagefind-sort="datum:{d}"><h1 data-pagefind-meta="title">Kurs {n}'
            '</h1><p data-pagefind-sort=\'nr:{n}\' data-pagefind-sort=x>Turnen am Nachmittag</p></article>')
    assert "data-pagefind-sort" not in search_document(page.format(d="2026-01-02", n=1))
    # in any case, and where Pagefind's parser still reads it: after a quote, after "/"
    odd = ('<article data-pagefind-body><p class="a"DATA-PAGEFIND-SORT="nr:1">Kurs</p><p/Data-Pagefind-Sort=x>'
           "</p></article>")
    assert "pagefind-sort" not in search_document(odd).lower()
    monkeypatch.setattr(SearchIndex, "BLOCK", 2)
    pages = [(f"kurs-{n}/", page.format(d=f"2026-01-{n:02}", n=n)) for n in range(1, 6)]
    pages.append(("kurs-6/", odd))
    assert index_pages(pages, tmp_path) == 6
    named, present = index_files(tmp_path / "pagefind")
    assert present == named
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["de"]["page_count"] == 6
