"""Pagefind's index files rewritten for a smaller first query: word chunks cut, result files renamed.

The reference is Pagefind itself: the same pages indexed once with chunks cut small and once not cut at all must
give the same results, in the same order, in Pagefind's own search (in Chromium)."""

from __future__ import annotations

import contextlib
import gzip
import itertools
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2
import pytest

from wegweiser.search import pagefind_format
from wegweiser.search.index import index_pages, searchable_part
from wegweiser.search.pagefind_format import SIGNATURE, rewritten

from conftest import serve_folder

LANGUAGES = ("en/", "tr/", "ar/", "uk/", "ru/", "leicht/")
# What families search for in the demo, and parts of words typed so far.
QUERIES = ["Kita", "Eltern", "Hebamme", "Beratung", "Spielplatz", "Turnen", "kostenlos", "und", "für", "Familie",
           "Kinder", "Kind", "Ki", "Fa", "Sprach", "Brunnenviertel", "Notruf", "Schwangerschaft", "Baby", "Café"]


def _packed(content: object) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(content), 9, mtime=0)


def _word(word: str, pages: int, positions: int) -> list[object]:
    """A word of a chunk: on ``pages`` pages (delta-encoded page numbers), ``positions`` times on each."""
    rnd = random.Random(word)
    return [word, [[rnd.randint(1, 9), [-26, *(rnd.randint(1, 400) for _ in range(positions))], []]
                   for _ in range(pages)], []]


def _table(content: bytes) -> list[list[str]]:
    """A page list's table of word chunks, without the empty chunk for searches by filters alone."""
    return [entry for entry in cbor2.loads(content[len(SIGNATURE):])[2] if entry[:2] != ["", ""]]


def _chunks(site: Path) -> list[tuple[str, str, list[str]]]:
    """(first, last, words) of each word chunk of the German index, in the page list's order (but the empty one)."""
    folder = site / "pagefind"
    meta_file = next(folder.glob("pagefind.de_*.pf_meta"))
    meta = cbor2.loads(gzip.decompress(meta_file.read_bytes())[len(SIGNATURE):])
    return [(first, last, [word[0] for word in cbor2.loads(
        gzip.decompress((folder / "index" / f"{name}.pf_index").read_bytes())[len(SIGNATURE):])[0]])
        for first, last, name in meta[2] if [first, last] != ["", ""]]


def test_a_large_chunk_is_cut_between_words_with_least_in_common(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagefind_format, "CHUNK_BYTES", 1_400)
    words = [_word("kind", 40, 3), _word("kinder", 40, 3), _word("kindergart", 40, 3), _word("kirch", 40, 3),
             _word("klein", 40, 3), _word("klett", 40, 3)]
    chunk = _packed([words])
    meta = _packed(["1.5.2", [["de_1234567", 10]], [["ki", "kz", "de_aaaaaaa"]], [], [], []])
    pages = rewritten(meta, "de_abc", {"de_aaaaaaa": chunk}.get)
    assert pages is not None and pages.replaced == {"de_aaaaaaa"}
    table = _table(pages.content)
    cut = [[word[0] for word in cbor2.loads(gzip.decompress(pages.chunks[name])[len(SIGNATURE):])[0]]
           for _first, _last, name in table]
    # the first cut is between "kirch" and "klein" (one letter in common), not inside kind/kinder/kindergart
    assert cut[0] == ["kind", "kinder", "kindergart", "kirch"] and [w for part in cut for w in part] == [w[0] for w in words]
    assert all(len(pages.chunks[name]) <= 1_400 or len(words_of) == 1
               for (_f, _l, name), words_of in zip(table, cut, strict=True))
    # the outer ends stay Pagefind's; inside, each side one letter past what the neighbours share
    assert table[0][0] == "ki" and table[-1][1] == "kz"
    assert [table[0][1], table[1][0]] == ["ki", "kl"]
    assert cbor2.loads(pages.content[len(SIGNATURE):])[1] == [["de_abc-0", 10]]


def test_a_word_on_nearly_every_page_gets_a_chunk_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagefind_format, "CHUNK_BYTES", 3_000)
    words = [_word("uhr", 30, 1), _word("um", 30, 1), _word("und", 900, 12), _word("unfall", 30, 1)]
    meta = _packed(["1.5.2", [], [["u", "uz", "de_bbbbbbb"]], [], [], []])
    pages = rewritten(meta, "de_abc", {"de_bbbbbbb": _packed([words])}.get)
    assert pages is not None
    table = _table(pages.content)
    alone = [name for _f, _l, name in table
             if [w[0] for w in cbor2.loads(gzip.decompress(pages.chunks[name])[len(SIGNATURE):])[0]] == ["und"]]
    assert len(alone) == 1 and len(table) >= 3


def test_no_range_ends_before_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind shortens a chunk's end against the next chunk ("b" for b…bccc before "c"); the last part keeps that
    end only where it is not before the part's own start (Pagefind's chunk_meta keeps the whole word then)."""
    monkeypatch.setattr(pagefind_format, "CHUNK_BYTES", 400)
    words = [_word("b", 3, 1), _word("bca", 30, 3), _word("bccc", 30, 3)]
    meta = _packed(["1.5.2", [], [["a", "az", "de_0000000"], ["b", "b", "de_aaaaaaa"], ["c", "cz", "de_bbbbbbb"]],
                    [], [], []])
    pages = rewritten(meta, "de_abc", {"de_aaaaaaa": _packed([words])}.get)
    assert pages is not None and pages.replaced == {"de_aaaaaaa"}
    table = _table(pages.content)
    assert len(table) >= 4 and all(first <= last for first, last, _name in table), table
    assert [first for first, _last, _name in table] == sorted(first for first, _last, _name in table)


def test_small_chunks_and_unknown_files_stay_as_they_are() -> None:
    words = [_word("a", 2, 1), _word("b", 2, 1)]
    meta = _packed(["1.5.2", [], [["a", "b", "de_ccccccc"]], [], [], []])
    pages = rewritten(meta, "de_abc", {"de_ccccccc": _packed([words])}.get)
    assert pages is not None and not pages.replaced and _table(pages.content) == [["a", "b", "de_ccccccc"]]
    # the only new chunk: the empty one, first, that a search by filters alone loads (test_browser.py)
    (empty_name, empty), = pages.chunks.items()
    assert cbor2.loads(pages.content[len(SIGNATURE):])[2][0] == ["", "", empty_name]
    assert cbor2.loads(gzip.decompress(empty)[len(SIGNATURE):]) == [[]]
    assert rewritten(_packed({"version": 2}), "de_abc", {}.get) is None
    assert rewritten(b"not gzip at all", "de_abc", {}.get) is None


def _expected_words(content: bytes) -> list[tuple[str, bytes]]:
    """A chunk's words and each entry's bytes, read by decoding it whole and encoding each entry again (cbor2
    writes the shortest forms, as Pagefind's minicbor does)."""
    return [(entry[0], cbor2.dumps(entry)) for entry in cbor2.loads(content)[0]]


def test_words_are_read_without_decoding_every_position(demo_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast reader skips the positions without decoding them; it must find the same entries, byte for byte, as
    decoding does: for long words, integers and arrays of every width without decoding anything, for variants
    (other diacritics, decoded), and for every chunk of the demo's index in all seven languages. Damaged chunks are
    not read at all."""
    many = [[3, list(range(-30, 300)), [1, 2]], [5_000_000_000, [70_000, -70_000, -300, 24, -25], []]]
    plain = [
        ["bezpeka", [[0, [-26, 1, 2], []]], []],
        ["безопасность-и-ответственность", many, []],
        ["kind", [[n, [n % 7, 200 + n], []] for n in range(300)], []],
        ["zz" * 40, [[1, [1] * 70_000, []]], []],
    ]
    chunk = cbor2.dumps([plain])
    with monkeypatch.context() as patch:
        patch.setattr(pagefind_format.cbor2, "CBORDecoder", None)  # nothing may be decoded
        assert [(w.word, w.encoded) for w in pagefind_format._words(chunk) or []] == _expected_words(chunk)
    with_variants = cbor2.dumps([[*plain[:2], ["cafe", [[1, [3], []]], [["café", [[2, [4, 5], []]]]]], *plain[2:]]])
    assert [(w.word, w.encoded) for w in pagefind_format._words(with_variants) or []] == \
        _expected_words(with_variants)
    read = 0
    for path in (demo_site / "pagefind" / "index").glob("*.pf_index"):
        content = gzip.decompress(path.read_bytes())[len(SIGNATURE):]
        words = pagefind_format._words(content)
        assert words is not None and [(w.word, w.encoded) for w in words] == _expected_words(content), path.name
        read += bool(words)
    assert read >= 7  # one per language at least
    assert pagefind_format._words(chunk[:-3]) is None  # cut short
    assert pagefind_format._words(b"\x81\x85" + chunk[2:]) is None  # one word more in the head than there is


@pytest.fixture(scope="module")
def cut_and_whole(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """The demo's German pages indexed twice: chunks cut at 1,500 bytes, and not cut at all. Served; yields both
    origins and the cut site."""
    documents = []
    for path in sorted(demo_site.rglob("index.html")):
        url = path.parent.relative_to(demo_site).as_posix() + "/"
        html = path.read_text("utf-8")
        if "data-pagefind-body" in html and not url.startswith(LANGUAGES):
            documents.append(("/" + url.removeprefix("./"), searchable_part(html)))
    sites = []
    patch = pytest.MonkeyPatch()
    for limit in (1_500, 10**9):
        site = tmp_path_factory.mktemp(f"index-{limit}")
        patch.setattr(pagefind_format, "CHUNK_BYTES", limit)
        index_pages(documents, site)
        (site / "index.html").write_text('<!doctype html><html lang="de"><body></body></html>', "utf-8")
        sites.append(site)
    patch.undo()
    with contextlib.ExitStack() as stack:
        cut, whole = (stack.enter_context(contextlib.contextmanager(serve_folder)(site)) for site in sites)
        yield cut, whole, sites[0]


def _search(browser: Any, origin: str, queries: list[str]) -> dict[str, list[str]]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/index.html")
    found: dict[str, list[list[object]]] = page.evaluate("""async (queries) => {
        const pagefind = await import("/pagefind/pagefind.js");
        await pagefind.init();
        const found = {};
        for (const query of queries) {
            const search = await pagefind.search(query);
            // ids are "<page list>-<page number>": the page lists' own names differ between the two indexes
            found[query] = search.results.map((result) => [result.id.split("-").pop(), result.score]);
        }
        return found;
    }""", queries)
    context.close()
    # in score order; pages of equal score in id order (Pagefind leaves ties in the order their chunks loaded).
    # Scores are 32-bit floats: two pages of equal score can differ in the 7th digit, by the order Pagefind summed
    # them in (22.2743015 and 22.2742996 for two playgrounds of the demo), so scores count to six digits.
    return {query: [page for page, _score in sorted(results, key=lambda r: (-float(f"{float(r[1]):.6g}"), str(r[0])))]
            for query, results in found.items()}


def _at_a_cut(query: str, shared: list[str]) -> bool:
    """Whether ``query`` could lose a match at a cut whose two sides begin with ``shared`` letters in common.
    Pagefind finds the words that begin with a query's stem in the chunk the stem falls into, so a stem that both
    sides of a cut begin with loses the other side's words. German stems (Snowball) keep at least three letters;
    a shorter query is not stemmed."""
    query = query.lower()
    if len(query) < 3:
        return any(common.startswith(query) for common in shared)
    return any(len(common) >= 3 and common[:3] == query[:3] for common in shared)


@pytest.mark.browser
def test_cut_chunks_find_what_pagefind_finds(browser: Any, cut_and_whole: tuple[str, str, Path]) -> None:
    """The same results in the same order, for every word beside a cut, typed whole and typed up to one letter past
    what it shares with its neighbour, and for what families search. Cuts go between words with the fewest letters
    in common; where the words on both sides begin with the same letters, a query of just those letters is as
    incomplete as at Pagefind's own chunk boundaries, and is not compared."""
    cut, whole, site = cut_and_whole
    chunks = _chunks(site)
    assert len(chunks) >= 10, "the demo's index was not cut: the test would compare nothing"
    queries = list(QUERIES)
    shared = []
    for (_f, _l, before), (_f2, _l2, after) in itertools.pairwise(chunks):
        last, first = before[-1], after[0]
        common = pagefind_format._common(last, first)
        shared.append(last[:common])
        queries += [last, first, last[:common + 1], first[:common + 1]]
    queries = list(dict.fromkeys(query for query in queries if query))
    compared = [query for query in queries if not _at_a_cut(query, shared)]
    assert set(QUERIES) <= set(compared) and len(compared) >= 0.8 * len(queries), (len(compared), len(queries))
    expected = _search(browser, whole, compared)
    assert sum(bool(ids) for ids in expected.values()) >= len(compared) // 2  # most queries find something
    assert _search(browser, cut, compared) == expected


def test_search_programs_are_compressed_at_install_not_in_every_build(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 31: ``make install`` compresses Pagefind's search program for every language the guide knows
    (``wegweiser.search.prepack``); a build without any cache (``WEGWEISER_CACHE=aus``) uses those files and runs
    zopfli on no search program."""
    from wegweiser.i18n.languages import BEKANNT
    from wegweiser.search import bundle

    assert list(bundle.prepacked_folder().glob("*.gz")), "make install did not run wegweiser.search.prepack"
    compressed: list[int] = []
    real = bundle.recompressed

    def watched(data: bytes) -> bytes:
        compressed.append(len(data))
        return real(data)

    monkeypatch.setenv("WEGWEISER_CACHE", "aus")
    monkeypatch.setattr(bundle, "recompressed", watched)
    langs = sorted({lang for lang, *_rest in BEKANNT.values()})
    index_pages([(f"/{lang}/", f'<html lang="{lang}"><body><article data-pagefind-body><p>Kita</p></article>'
                               "</body></html>", lang) for lang in langs], tmp_path)
    programs = sorted(tmp_path.glob("pagefind/wasm.*.pagefind"))
    assert len(programs) >= 10  # one per stemming language, and the one for languages without a stemmer
    assert compressed == []
    for program in programs:  # what the site serves is still Pagefind's program, in gzip
        assert gzip.decompress(program.read_bytes()).startswith(SIGNATURE)
