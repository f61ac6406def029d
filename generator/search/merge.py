"""Index, merged: a language's pages indexed by Pagefind in blocks, put together into one index.

Pagefind holds a language's whole index in memory and writes it only after its last page: 10,000 pages took 700 MB
and 8–11 s after the last page was rendered, 100,000 pages 6.8 GB and 275 s. Indexed in blocks (``search.BLOCK``
pages each), every block is written as soon as its last page is in, while the next pages are rendered, and Pagefind
never holds more than a few blocks.

The merge keeps Pagefind's words, stems, positions and result files; only page numbers change:

- pages are numbered block after block (a block's page ``n`` becomes ``offset + n``), so a word's pages from each
  block, taken in block order, stay sorted;
- meta fields are numbered by their place in the sorted list of all blocks' fields, as Pagefind numbers them;
- filters keep their values in the order they first appear, each with its pages from every block;
- the merged word index is cut into chunks of at most ``CHUNK_BYTES`` packed, with the ranges Pagefind draws between
  chunks (``pagefind_format.chunk_table``), and begins with the empty chunk for searches by filters alone.
"""

from __future__ import annotations

import gzip
import heapq
import itertools
from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import NamedTuple

import cbor2

from wegweiser.search.pagefind_format import (
    _PAGES,
    _POSTING,
    SIGNATURE,
    WordEntry,
    _array_start,
    _chunk_name,
    _decoded,
    _head,
    _uint,
    _Word,
    _words,
    chunk_table,
    encode_entry,
    page_deltas,
    read_entry,
    renumber_fields,
    unpacked,
)


class MergeError(Exception):
    """A block's files are not in the layout ``pagefind_format`` knows."""


class Block(NamedTuple):
    """One of Pagefind's indexes of a part of a language's pages, read from the bundle it wrote."""

    meta: list[object]  # its page list, decoded: [version, pages, chunks, filters, sorts, meta fields, ...]
    pages: list[list[object]]  # [[result file, word count], ...]
    fields: list[str]  # its meta fields, sorted
    words: list[_Word]  # every word's entry, sorted by word
    spans: list[_Span | None]  # each word's pages, read for joining (None: a word with variants)
    filters: list[tuple[str, list[tuple[str, list[int]]]]]  # [(filter, [(value, [page, ...]), ...]), ...]

    @classmethod
    def read(cls, data: bytes, read_chunk: Callable[[str], bytes | None],
             read_filter: Callable[[str], bytes | None]) -> Block:
        """The block whose page list is ``data``; its word chunks and filter files by name from the read_ functions."""
        meta = _decoded(data)
        if not (isinstance(meta, list) and len(meta) >= 6 and all(isinstance(part, list) for part in meta[1:6])
                and all(isinstance(page, list) and len(page) == 2 and isinstance(page[0], str) for page in meta[1])
                and all(isinstance(chunk, list) and len(chunk) == 3 for chunk in meta[2])
                and all(isinstance(f, list) and len(f) == 2 and all(isinstance(p, str) for p in f) for f in meta[3])
                and not meta[4] and all(isinstance(field, str) for field in meta[5])):
            raise MergeError("page list")
        words: list[_Word] = []
        for _first, _last, name in meta[2]:
            data_chunk = read_chunk(str(name))
            content = unpacked(data_chunk) if data_chunk is not None else None
            found = _words(content) if content is not None else None
            if found is None:
                raise MergeError(f"word chunk {name}")
            words.extend(found)
        if any(a.word >= b.word for a, b in itertools.pairwise(words)):
            raise MergeError("words not sorted")
        filters: list[tuple[str, list[tuple[str, list[int]]]]] = []
        for name, file in meta[3]:
            data_filter = read_filter(file)
            decoded = _decoded(data_filter) if data_filter is not None else None
            if not (isinstance(decoded, list) and len(decoded) == 2 and decoded[0] == name
                    and isinstance(decoded[1], list)
                    and all(isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], list)
                            and all(isinstance(page, int) for page in v[1]) for v in decoded[1])):
                raise MergeError(f"filter {name}")
            filters.append((name, [(value, pages) for value, pages in decoded[1]]))
        return cls(meta, meta[1], meta[5], words, [_span(word.encoded) for word in words], filters)


class Merged(NamedTuple):
    content: bytes  # the page list, unpacked (signature included)
    chunks: dict[str, bytes]  # word chunks: name → file (gzip)
    filters: dict[str, bytes]  # filter files: name → file (gzip)
    offsets: list[int]  # each block's first page number


def merge(blocks: list[Block], lang: str) -> Merged:
    """One index of ``lang`` (Pagefind's language name, ``de``) with the pages of ``blocks``, in their order."""
    if not blocks or len({str(block.meta[0]) for block in blocks}) != 1:
        raise MergeError("versions")
    offsets = list(itertools.accumulate((len(block.pages) for block in blocks[:-1]), initial=0))
    fields = sorted({field for block in blocks for field in block.fields})
    renumbered = [[fields.index(field) for field in block.fields] for block in blocks]
    like = f"{lang}_x"
    taken: set[str] = set()

    words = list(_merged_words(blocks, offsets, renumbered))
    table, chunks = chunk_table(words, like, taken)
    empty = SIGNATURE + cbor2.dumps([[]])
    empty_name = _chunk_name(like, empty, taken)
    table.insert(0, ["", "", empty_name])
    chunks[empty_name] = gzip.compress(empty, 9, mtime=0)

    values: dict[str, dict[str, list[int]]] = {}
    for block, offset in zip(blocks, offsets, strict=True):
        for name, listed in block.filters:
            into = values.setdefault(name, {})
            for value, pages in listed:
                into.setdefault(value, []).extend(page + offset for page in pages)
    filter_files: dict[str, bytes] = {}
    filter_table: list[list[str]] = []
    for name, by_value in values.items():
        content = SIGNATURE + cbor2.dumps([name, [[value, listed] for value, listed in by_value.items()]])
        file = _chunk_name(like, content, taken)
        filter_files[file] = gzip.compress(content, 9, mtime=0)
        filter_table.append([name, file])

    listed_pages = [page for block in blocks for page in block.pages]
    meta = [blocks[0].meta[0], listed_pages, table, filter_table, [], fields, *blocks[0].meta[6:]]
    return Merged(SIGNATURE + cbor2.dumps(meta), chunks, filter_files, offsets)


def _merged_words(blocks: list[Block], offsets: list[int], fields: list[list[int]]) -> Iterator[_Word]:
    """Every word of ``blocks`` once, sorted, with its pages (and its variants' pages) from every block."""
    same_fields = [numbers == list(range(len(numbers))) for numbers in fields]
    streams = [zip(map(_word_of, block.words), itertools.repeat(number), block.words, block.spans)
               for number, block in enumerate(blocks)]
    for word, group in itertools.groupby(heapq.merge(*streams, key=itemgetter(0, 1)), key=itemgetter(0)):
        parts = list(group)
        if len(parts) == 1 and offsets[parts[0][1]] == 0 and same_fields[parts[0][1]]:
            yield parts[0][2]
            continue
        if all(same_fields[number] and span is not None for _word, number, _encoded, span in parts):
            yield _Word(word, _joined([(span, offsets[number]) for _w, number, _e, span in parts]))  # type: ignore[misc]
            continue
        pages: list[tuple[int, bytes]] = []
        variants: dict[str, list[tuple[int, bytes]]] = {}
        for _word, number, encoded, _parsed in parts:
            entry = read_entry(encoded.encoded)
            if entry is None:
                raise MergeError(f"word {word}")
            pages.extend(_moved(entry.pages, offsets[number], fields[number]))
            for form, listed in entry.variants.items():
                variants.setdefault(form, []).extend(_moved(listed, offsets[number], fields[number]))
        yield _Word(word, encode_entry(WordEntry(word, pages, variants)))


class _Span(NamedTuple):
    """A word's entry without variants, read so far as joining it with the word's pages in other blocks needs."""

    head: bytes  # the entry's head and the word
    pages: int  # how many pages it is on
    first: int  # the first page's number
    last: int  # the last page's number
    rest: bytes  # what follows the first page's number: its positions, then the other pages as they are


def _span(data: bytes) -> _Span | None:
    """``data``, a word's entry, as a ``_Span``; None for a word with variants (other diacritics), which
    ``read_entry`` handles, or an entry not in the layout we know."""
    text = _head(data, 1, 3)
    if text is None:
        return None
    at = text[0] + text[1]
    pages = _head(data, at, 4)
    listed = _PAGES.match(data, at)
    if pages is None or listed is None or data[listed.end():] != b"\x80":
        return None
    deltas = _POSTING.findall(data, pages[1], listed.end())  # each page's difference to the page before
    numbers = page_deltas(deltas) if len(deltas) == pages[0] and deltas else None
    if numbers is None:
        return None
    return _Span(data[:at], pages[0], numbers[0], sum(numbers), data[pages[1] + 1 + len(deltas[0]):listed.end()])


def _joined(parts: list[tuple[_Span, int]]) -> bytes:
    """A word's entry with the pages of ``parts`` (its entries in blocks, in block order, with each block's first
    page number): each part's pages stay as they are but for the first one's difference to the page before it."""
    items: list[bytes] = []
    last = 0  # the page before, in the merged numbering
    for span, offset in parts:
        items += [b"\x83", _uint(span.first + offset - last), span.rest]
        last = span.last + offset
    return b"".join([parts[0][0].head, _array_start(sum(span.pages for span, _offset in parts)), *items, b"\x80"])


def _word_of(word: _Word) -> str:
    return word.word


def _moved(pages: list[tuple[int, bytes]], offset: int, fields: list[int]) -> Iterator[tuple[int, bytes]]:
    for number, positions in pages:
        yield number + offset, renumber_fields(positions, fields)

