"""Index, updated in place: the pages an incremental build re-rendered, put into the search index the last build
wrote, instead of indexing every page again (Pagefind has no incremental mode; it needs 7–8 s for 10,000 pages).

Pagefind indexes the old and the new versions of the changed pages on their own (two small indexes: its own
tokenizer and stemmer, so the words are exactly the words it gave the pages before and would give them now). Then,
in the site's index of each language:

- for each word of an old version, the page is taken out of the word's entry in its word chunk (a word no page has
  any more is dropped);
- for each word of a new version, the page is put into the word's entry; a word the index did not have goes into the
  chunk whose range holds it, else the range of the chunk before it (or the first) is widened to it;
- the filters likewise, and the page list gets the page's new result file and word count.

Pages keep their numbers, so no other page's files change. Every changed file gets a new name (word chunks, filter
files and the page list by their content, the result file by its content), written beside the old ones, so a
browser never mixes old and new files; ``pagefind-entry.json``, which names the page lists, is replaced last
(``Update.commit``), and then the files no page list names any more are removed.

A bundle not exactly in the layout ``pagefind_format`` knows gives None: the build then indexes everything again.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import cbor2

from wegweiser.search.pagefind_format import (
    SIGNATURE,
    Posting,
    WordEntry,
    _chunk_name,
    _content,
    _decoded,
    _packed,
    _Word,
    _words,
    encode_entry,
    read_entry,
    renumber_fields,
    unpacked,
)

ENTRY = "pagefind-entry.json"

# (address, page body, language of the page: ``Sprache.lang``)
Doc = tuple[str, str, str]


@dataclass
class Update:
    """The new files of an updated index, written; ``commit`` makes them the index."""

    bundle: Path
    entry: dict[str, object]
    obsolete: list[Path] = field(default_factory=list)  # the files the new index no longer names
    # files being compressed in threads (word chunks with zlib, page lists with gzip)
    pending: list[tuple[Path, Future[bytes]]] = field(default_factory=list)
    pool: ThreadPoolExecutor | None = None
    fresh: dict[str, dict[str, int]] = field(default_factory=dict)  # new pages' numbers, by language and address

    def finish(self) -> None:
        """Write the files still being compressed."""
        try:
            for path, future in self.pending:
                path.write_bytes(future.result())
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
        self.pending, self.pool = [], None

    def abandon(self, written: list[Path]) -> None:
        """Stop compressing and remove the files written so far."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        for path in written:
            path.unlink(missing_ok=True)

    def commit(self) -> None:
        """Replace ``pagefind-entry.json`` (atomically; after ``finish``) and remove what it no longer names."""
        self.finish()
        # not mkstemp: its files are readable by their owner only, and a web server reads the site as another user
        temporary = self.bundle / f".{ENTRY}.neu"
        try:
            temporary.write_text(json.dumps(self.entry, separators=(",", ":")), "utf-8")
            os.replace(temporary, self.bundle / ENTRY)
        finally:
            temporary.unlink(missing_ok=True)
        for path in self.obsolete:
            path.unlink(missing_ok=True)


@dataclass
class _Small:
    """A small index of a few pages: per page address its number there; the word entries (page numbers absolute),
    the filters, the page list's word counts, the slimmed result files."""

    numbers: dict[str, int]
    words: dict[str, WordEntry]
    filters: dict[str, dict[str, list[int]]]
    word_counts: list[int]
    results: dict[int, bytes]
    fields: list[str]


def update(bundle: Path, numbers: dict[str, dict[str, int]], old: list[Doc], new: list[Doc]) -> Update | None:
    """Write the files of ``bundle``'s index (a site's ``pagefind`` folder) with the pages of ``old`` replaced by
    those of ``new`` at the same addresses, and the pages of ``new`` at other addresses added (numbered after the
    others: ``Update.fresh``); ``numbers``: each page's number per Pagefind language. None: the bundle or a page is
    not as expected (the caller indexes everything again); the bundle is unchanged then."""
    from wegweiser.search.index import SearchIndex

    if not {url for url, _html, _lang in old} <= {url for url, _html, _lang in new}:
        return None
    try:
        entry = json.loads((bundle / ENTRY).read_text("utf-8"))
        languages = entry["languages"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    with tempfile.TemporaryDirectory(prefix="wegweiser-suche-") as work:
        small: list[dict[str, _Small] | None] = []
        indexes: list[SearchIndex] = []
        try:
            for number, docs in enumerate((old, new)):  # two Pagefind processes at once (none for no pages)
                if docs:
                    indexes.append(SearchIndex(list(dict.fromkeys(lang for _url, _html, lang in docs)),
                                               Path(work, str(number))))
                    for url, html, lang in docs:
                        indexes[-1].add(url, html, lang)
            for number, index in enumerate(indexes, start=2 - len(indexes)):
                index.write(Path(work, str(number)))
                small.append(_read_small(Path(work, str(number), "pagefind"), index.numbers))
            if len(small) == 1:
                small.insert(0, {})  # only new pages
        finally:
            for index in indexes:
                index.close()
        before, after = small
        if before is None or after is None or not before.keys() <= after.keys():
            return None
        written: list[Path] = []
        pool = ThreadPoolExecutor(max_workers=2)
        update = Update(bundle, entry, pool=pool)
        try:
            for lang in after:
                info, own = languages.get(lang), numbers.get(lang)
                fresh = update.fresh.setdefault(lang, {})
                name = _update_language(bundle, str(info.get("hash")), own, before.get(lang, _EMPTY), after[lang],
                                        fresh, written, update.obsolete, update.pending, pool) \
                    if isinstance(info, dict) and own is not None else None
                if name is None:
                    update.abandon(written)
                    return None
                info["hash"] = name
                info["page_count"] = int(info.get("page_count", 0)) + len(fresh)
        except BaseException:
            update.abandon(written)
            raise
        return update


_EMPTY = _Small({}, {}, {}, [], {}, [])


def _read_small(folder: Path, numbers: dict[str, dict[str, int]]) -> dict[str, _Small] | None:
    """The small indexes of ``folder`` (one per language) as ``_Small``."""
    try:
        entry = json.loads((folder / ENTRY).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    found: dict[str, _Small] = {}
    for lang, info in entry.get("languages", {}).items():
        meta = _read(folder / f"pagefind.{info['hash']}.pf_meta")
        if not _is_page_list(meta):
            return None
        assert isinstance(meta, list)
        words: dict[str, WordEntry] = {}
        for _first, _last, chunk in meta[2]:
            try:
                content = unpacked((folder / "index" / f"{chunk}.pf_index").read_bytes())
            except OSError:
                return None
            listed = _words(content) if content is not None else None
            entries = [read_entry(word.encoded) for word in listed or []]
            if listed is None or None in entries:
                return None
            words.update((entry.word, entry) for entry in entries if entry is not None)
        filters: dict[str, dict[str, list[int]]] = {}
        for name, file in meta[3]:
            decoded = _read(folder / "filter" / f"{file}.pf_filter")
            if not (isinstance(decoded, list) and len(decoded) == 2):
                return None
            filters[name] = {value: pages for value, pages in decoded[1]}
        results = {}
        for number, (result, _count) in enumerate(meta[1]):
            try:
                results[number] = (folder / "fragment" / f"{result}.pf_fragment").read_bytes()
            except OSError:
                return None
        found[lang] = _Small(numbers.get(lang, {}), words, filters, [count for _result, count in meta[1]], results,
                             list(meta[5]))
    return found


def _update_language(bundle: Path, meta_name: str, numbers: dict[str, int], before: _Small, after: _Small,
                     fresh: dict[str, int], written: list[Path], obsolete: list[Path],
                     pending: list[tuple[Path, Future[bytes]]], pool: ThreadPoolExecutor) -> str | None:
    """Write the new files of one language's index; its page list's new name, or None. New pages are numbered after
    the others, into ``fresh``."""
    meta_path = bundle / f"pagefind.{meta_name}.pf_meta"
    try:
        meta_data = meta_path.read_bytes()
    except OSError:
        return None
    meta = _decoded(meta_data)
    if not _is_page_list(meta) or not before.numbers.keys() <= after.numbers.keys() or \
            not before.numbers.keys() <= numbers.keys():
        return None
    assert isinstance(meta, list)
    if meta[4] or not set(after.fields) <= set(meta[5]):  # sort orders, or a new meta field: rebuild all
        return None
    # the pages' numbers: in the small index before, after, and in the site's index
    for url in sorted(after.numbers.keys() - numbers.keys()):  # new pages: after the others
        fresh[url] = len(meta[1])
        meta[1].append(["", 0])
    pages = {url: numbers.get(url, fresh.get(url, -1)) for url in after.numbers}
    added = {after.numbers[url]: pages[url] for url in pages}
    fields = [meta[5].index(name) for name in after.fields]  # the small index's meta field numbers in the site's
    files = _Files(bundle, written, obsolete, pending, pool)
    if not _update_words(meta[2], before, after, set(pages.values()), added, fields, files):
        return None
    table_filters = _update_filters(meta, meta_name, after, set(pages.values()), added, files)
    if table_filters is None:
        return None
    meta[3] = table_filters
    return _write_page_list(meta, meta_name, meta_path, after, added, files)


# Pagefind's page list as CBOR decodes it: [version, pages, word chunks, filters, sort orders, meta fields].
PageList = list[Any]


@dataclass
class _Files:
    """Where one language's update writes: its bundle, the files written and made obsolete, the compressions under
    way (zlib releases the interpreter: in threads)."""

    bundle: Path
    written: list[Path]
    obsolete: list[Path]
    pending: list[tuple[Path, Future[bytes]]]
    pool: ThreadPoolExecutor


def _update_words(table: list[list[str]], before: _Small, after: _Small, site_pages: set[int], added: dict[int, int],
                  fields: list[int], files: _Files) -> bool:
    """The word chunks: each changed word's entry in the site's index replaced; False when the index must be built
    whole (a word of the old small index is not where it should be, a chunk cannot be read)."""
    bundle = files.bundle
    taken_chunks = {name for _first, _last, name in table}
    chunks: dict[int, list[_Word]] = {}  # chunk number → its words, as changed so far
    originals: dict[int, bytes] = {}  # chunk number → its content as it was

    def chunk_words(number: int) -> list[_Word] | None:
        if number not in chunks:
            try:
                content = unpacked((bundle / "index" / f"{table[number][2]}.pf_index").read_bytes())
            except OSError:
                return None
            words = _words(content) if content is not None else None
            if content is None or words is None:
                return None
            chunks[number] = words
            originals[number] = content
        return chunks[number]

    # A word on the same pages at the same positions before and after (same page numbers and meta fields in both
    # small indexes) keeps its entry in the site's index: neither its chunk nor its postings are read.
    comparable = before.numbers == after.numbers and before.fields == after.fields
    for word in sorted(before.words.keys() | after.words.keys()):
        if comparable and word in before.words and before.words[word] == after.words.get(word):
            continue
        place = _find(table, word, chunk_words)
        if place is None and word in before.words:
            return False
        found = read_entry(chunks[place[0]][place[1]].encoded) if place is not None else WordEntry(word, [], {})
        if found is None:
            return False
        current = _changed(found, site_pages, after.words.get(word), added, fields)
        empty = not current.pages and not any(current.variants.values())
        if place is not None:
            number, at = place
            words = chunks[number]
            if empty:
                del words[at]
            else:
                words[at] = _Word(word, encode_entry(current))
        elif not empty:
            goes = _chunk_for(table, word)
            into = chunk_words(goes) if goes is not None else None
            if goes is None or into is None:
                return False
            number, words = goes, into
            bisect.insort(words, _Word(word, encode_entry(current)), key=lambda w: w.word)
            if number not in _loaded(table, word):
                # no chunk is loaded for the word: the range before it is widened to it. Only then: an end Pagefind
                # shortened to a prefix ("musi") stands for every word that begins with it, and "musical" in its
                # place would lose "musik" (the word a loose match found in it is found there as it is).
                first, last, _name = table[number]
                table[number][0], table[number][1] = min(first, word), max(last, word)
    for number, words in chunks.items():
        old_name = table[number][2]
        content = _content(words)
        if content == originals[number]:
            continue
        name = _chunk_name(old_name, content, taken_chunks)
        path = bundle / "index" / f"{name}.pf_index"
        files.pending.append((path, files.pool.submit(_packed, words)))  # zlib releases the interpreter
        files.written.append(path)
        files.obsolete.append(bundle / "index" / f"{old_name}.pf_index")
        table[number][2] = name
    return True



def _update_filters(meta: PageList, meta_name: str, after: _Small, site_pages: set[int], added: dict[int, int],
                    files_: _Files) -> list[list[str]] | None:
    """The filter files: the updated pages' values replaced; the new filter table, or None to build whole."""
    bundle = files_.bundle
    filters: dict[str, dict[str, list[int]]] = {}
    files: dict[str, str] = {}
    for name, file in meta[3]:
        decoded = _read(bundle / "filter" / f"{file}.pf_filter")
        if not (isinstance(decoded, list) and len(decoded) == 2 and isinstance(decoded[1], list)):
            return None
        filters[name] = {value: [p for p in listed if p not in site_pages] for value, listed in decoded[1]}
        files[name] = file
    for name, values in after.filters.items():
        for value, listed in values.items():
            pages_of = filters.setdefault(name, {}).setdefault(value, [])
            pages_of.extend(added[p] for p in listed if p in added)
            pages_of.sort()
    taken_filters = set(files.values())
    table_filters: list[list[str]] = []
    for name, values in filters.items():
        old_file = files.get(name)
        if not any(values.values()):  # no page has the filter any more: left out, as Pagefind does
            if old_file is not None:
                files_.obsolete.append(bundle / "filter" / f"{old_file}.pf_filter")
            continue
        content = SIGNATURE + cbor2.dumps([name, [[value, listed] for value, listed in values.items() if listed]])
        try:
            unchanged = old_file is not None and \
                unpacked((bundle / "filter" / f"{old_file}.pf_filter").read_bytes()) == content
        except OSError:
            return None
        if unchanged:
            assert old_file is not None
            table_filters.append([name, old_file])
            continue
        file = _chunk_name(old_file or f"{meta_name.rsplit('_', 1)[0]}_x", content, taken_filters)
        path = bundle / "filter" / f"{file}.pf_filter"
        path.write_bytes(gzip.compress(content, 9, mtime=0))
        files_.written.append(path)
        if old_file is not None:
            files_.obsolete.append(bundle / "filter" / f"{old_file}.pf_filter")
        table_filters.append([name, file])
    return table_filters


def _write_page_list(meta: PageList, meta_name: str, meta_path: Path, after: _Small, added: dict[int, int],
                     files: _Files) -> str:
    """The updated pages' result files and the language's new page list; its new name."""
    bundle = files.bundle
    lang = meta_name.rsplit("_", 1)[0]
    for small_number, site_number in added.items():
        result = after.results[small_number]
        name = f"{lang}_{hashlib.blake2b(result, digest_size=8).hexdigest()}"
        path = bundle / "fragment" / f"{name}.pf_fragment"
        path.write_bytes(result)
        files.written.append(path)
        old_result = meta[1][site_number][0]
        if old_result and old_result != name:
            files.obsolete.append(bundle / "fragment" / f"{old_result}.pf_fragment")
        meta[1][site_number] = [name, after.word_counts[small_number]]
    content = SIGNATURE + cbor2.dumps(meta)
    new_name = f"{lang}_{hashlib.blake2b(content, digest_size=8).hexdigest()[:10]}"
    path = bundle / f"pagefind.{new_name}.pf_meta"
    # gzip, not zopfli (which takes 0.8 s at 10,000 pages, longer than the rest of the update): 12 % larger (33
    # instead of 29 KB at 10,000 pages), until the next full build, which is at the latest the next day's.
    files.pending.append((path, files.pool.submit(gzip.compress, content, 9, mtime=0)))
    files.written.append(path)
    if new_name != meta_name:
        files.obsolete.append(meta_path)
    return new_name


def _read(path: Path) -> object | None:
    try:
        return _decoded(path.read_bytes())
    except OSError:
        return None


def _is_page_list(meta: object) -> bool:
    return (isinstance(meta, list) and len(meta) == 6 and isinstance(meta[1], list) and isinstance(meta[2], list)
            and isinstance(meta[3], list) and isinstance(meta[5], list)
            and all(isinstance(chunk, list) and len(chunk) == 3 for chunk in meta[2]))


def _loaded(table: list[list[str]], term: str) -> list[int]:
    """The chunks the browser loads for ``term`` (pagefind_web ``request_indexes``): those whose range holds it, else
    those whose range holds it when both ends are cut to its length (Pagefind shortens the ends to prefixes)."""
    strict = [number for number, (first, last, _name) in enumerate(table) if first <= term <= last]
    if strict:
        return strict
    size = len(term)
    return [number for number, (first, last, _name) in enumerate(table)
            if term[:min(size, len(first))] >= first[:size] and term[:min(size, len(last))] <= last[:size]]


def _find(table: list[list[str]], word: str,
          chunk_words: Callable[[int], list[_Word] | None]) -> tuple[int, int] | None:
    """Where ``word`` is: (chunk number, place in the chunk), or None; in the chunks the browser loads for it."""
    for number in _loaded(table, word):
        words = chunk_words(number)
        if words is None:
            continue
        at = bisect.bisect_left(words, word, key=lambda w: w.word)
        if at < len(words) and words[at].word == word:
            return number, at
    return None


def _chunk_for(table: list[list[str]], word: str) -> int | None:
    """The chunk a new word goes into: the first the browser loads for it, else the last that begins before it
    (its range is widened to the word), else the first (never the empty chunk for searches by filters alone)."""
    real = [number for number, (first, last, _name) in enumerate(table) if first or last]
    loaded = [number for number in _loaded(table, word) if number in real]
    if loaded:
        return loaded[0]
    before = [number for number in real if table[number][0] <= word]
    return before[-1] if before else (real[0] if real else None)


def _changed(entry: WordEntry, pages: set[int], small: WordEntry | None, added: dict[int, int],
             fields: list[int]) -> WordEntry:
    """``entry`` without ``pages``, with the pages of ``small`` (a small index's entry of the same word, its page
    numbers mapped by ``added``, its meta fields by ``fields``); the pages stay sorted."""

    def merged(own: list[Posting], new: list[Posting]) -> list[Posting]:
        for page in pages:
            at = bisect.bisect_left(own, page, key=itemgetter(0))
            if at < len(own) and own[at][0] == page:
                del own[at]
        for page, positions in new:
            if page in added:
                bisect.insort(own, (added[page], renumber_fields(positions, fields)), key=itemgetter(0))
        return own

    variants = {form: merged(listed, []) for form, listed in entry.variants.items()}
    for form, listed in (small.variants.items() if small is not None else ()):
        variants[form] = merged(variants.get(form, []), listed)
    return WordEntry(entry.word, merged(entry.pages, small.pages if small is not None else []), variants)
