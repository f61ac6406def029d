"""Pagefind's index files, read and written: the page list (``*.pf_meta``) and the word index chunks (``*.pf_index``).

Every Pagefind file is gzip; unpacked it begins with the signature ``pagefind_dcd``, followed by CBOR (page list,
word chunks, filters) or JSON (result files). The layouts are Pagefind 1.x's (``pagefind_web/src/metadata.rs`` and
``index.rs``):

- page list: ``[version, [[result file, word count], ...], [[first word, last word, chunk file], ...], filters,
  sorts, meta fields]``; pages are numbered by their place in it;
- word chunk: ``[[[word, [[page number delta, positions, title positions], ...], [[variant, pages], ...]], ...]]``,
  words sorted; the page list gives each chunk's range of words, and the browser loads the chunk (or chunks) whose
  range holds the word searched for.

A file we cannot read back to exactly the same bytes is of a layout we do not know: it is left as it is (``None``).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import itertools
import operator
import re
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from operator import itemgetter
from typing import NamedTuple

import cbor2

SIGNATURE = b"pagefind_dcd"
# The largest word chunk, packed, that a first query should load. Pagefind closes a chunk once it holds 20,000 units
# (a page a word is on, and each position of it there: ``index_chunk_size`` in pagefind/src/index/mod.rs), which is
# up to 65 KB packed, and a word found on nearly every page (German "und", Russian "для") alone has up to 140 KB at
# 10,000 pages. A first query loads about 110 KB besides (search program, page list, pagefind.js, ten results), and
# sometimes two chunks: the word as typed and its stem (Arabic stems drop prefixes such as "ب"). At most 20 KB a
# chunk keeps it within 150 KB (measured with bench/suche_sprachen.py: 36 KB still gave 159 KB in Arabic). A larger
# chunk is cut, each such word into a chunk of its own.
CHUNK_BYTES = 20_000


def unpacked(data: bytes) -> bytes | None:
    """A Pagefind file's content after the signature, or None if it is not one."""
    try:
        raw = zlib.decompress(data, 31) if data[:2] == b"\x1f\x8b" else data
    except zlib.error:
        return None
    return raw[len(SIGNATURE):] if raw.startswith(SIGNATURE) else None


def _decoded(data: bytes) -> object | None:
    content = unpacked(data)
    if content is None:
        return None
    try:
        decoded: object = cbor2.loads(content)
    except (cbor2.CBORDecodeError, ValueError):
        return None
    return decoded if cbor2.dumps(decoded) == content else None


class PageList(NamedTuple):
    content: bytes  # unpacked, signature included: to be compressed
    result_names: dict[str, str]  # Pagefind's name of a result file → ours
    chunks: dict[str, bytes]  # new word chunks: name → file (gzip)
    replaced: set[str]  # word chunks these replace (not to be copied)


def rewritten(data: bytes, prefix: str, read_chunk: Callable[[str], bytes | None]) -> PageList | None:
    """The page list ``data`` with its result files named ``<prefix>-<page number, hex>`` and its word chunks of more
    than ``CHUNK_BYTES`` cut into smaller ones; None if it is not a page list as we know it."""
    meta = _decoded(data)
    if not (isinstance(meta, list) and len(meta) >= 3 and isinstance(meta[1], list) and isinstance(meta[2], list)
            and all(isinstance(page, list) and len(page) == 2 and isinstance(page[0], str) for page in meta[1])
            and all(isinstance(chunk, list) and len(chunk) == 3 and all(isinstance(part, str) for part in chunk)
                    for chunk in meta[2])):
        return None
    names: dict[str, str] = {}
    for number, page in enumerate(meta[1]):
        page[0] = names.setdefault(page[0], f"{prefix}-{number:x}")
    chunks: dict[str, bytes] = {}
    replaced: set[str] = set()
    table: list[list[str]] = []
    taken = {name for _first, _last, name in meta[2]}
    for first, last, name in meta[2]:
        found = read_chunk(name)
        split = _split(first, last, name, found, taken) if found is not None else None
        if split is None:
            table.append([first, last, name])
            continue
        replaced.add(name)
        for entry, file in split:
            table.append(entry)
            chunks[entry[2]] = file
    if table and table[0][0] != "":
        # A search by filters alone asks Pagefind's search program for the chunks of the empty word, and every
        # chunk's range holds it in the loose sense (pagefind_web request_indexes): the whole word index, 2.8 MB at
        # 10,000 pages, for ticking "0–3 Jahre". A first chunk of no words whose range is exactly the empty word
        # is what it gets instead; no word that can be searched is empty.
        empty = SIGNATURE + cbor2.dumps([[]])
        own = _chunk_name(table[0][2], empty, taken)
        table.insert(0, ["", "", own])
        chunks[own] = gzip.compress(empty, 9, mtime=0)
    meta[2] = table
    return PageList(SIGNATURE + cbor2.dumps(meta), names, chunks, replaced)


def language_of(name: str) -> str:
    """The language part of a Pagefind file name (``de-x-ls`` of ``de-x-ls_6e8a0b7``)."""
    return name.rsplit("_", 1)[0] if "_" in name else ""


def _chunk_name(like: str, content: bytes, taken: set[str]) -> str:
    """A word chunk's name as Pagefind forms them (language, ``_``, 7 letters of a hash of ``content``, unpacked:
    what it holds, not how the zlib at hand packed it), longer where that is ``taken``; then taken."""
    prefix = f"{language_of(like)}_" if "_" in like else ""
    digest = hashlib.blake2b(content, digest_size=16).hexdigest()
    own = next(f"{prefix}{digest[:length]}" for length in range(7, 33) if f"{prefix}{digest[:length]}" not in taken)
    taken.add(own)
    return own


def _common(a: str, b: str) -> int:
    """How many letters ``a`` and ``b`` begin with in common."""
    return next((i for i, pair in enumerate(zip(a, b, strict=False)) if pair[0] != pair[1]), min(len(a), len(b)))


def _array_start(length: int) -> bytes:
    """The head of a CBOR array of ``length`` items (its shortest form, as Pagefind and cbor2 write it)."""
    if length < 24:
        return bytes([0x80 + length])
    size = 1 if length < 1 << 8 else 2 if length < 1 << 16 else 4
    return bytes([0x98 + size.bit_length() - 1]) + length.to_bytes(size, "big")


class _Word(NamedTuple):
    word: str
    encoded: bytes  # the word's entry exactly as Pagefind encoded it


def _words(content: bytes) -> list[_Word] | None:
    """The entries of a word chunk, each with its own bytes: a part of a chunk is the same bytes under a new array
    head, so nothing is encoded again (which took seconds per language)."""
    head = _chunk_head(content)
    if head is None:
        return None
    count, start = head
    return _words_skipping(content, count, start) or _words_decoding(content, count, start)


def _chunk_head(content: bytes) -> tuple[int, int] | None:
    """A word chunk's number of words and where the first begins: ``[ [word, ...] ]``."""
    if content[:1] != b"\x81" or len(content) < 2:
        return None
    head = content[1]
    if head >> 5 != 4 or (head & 31) > 26:
        return None
    extra = {24: 1, 25: 2, 26: 4}.get(head & 31, 0)
    count = head & 31 if not extra else int.from_bytes(content[2:2 + extra], "big")
    return count, 2 + extra


# A word's pages, skipped without making a Python object of each position (decoding them all took 2.7 s for the
# chunks of 10,000 pages in three languages): ``[[page number, [positions], [title positions]], ...]``, integers and
# array heads of every width CBOR has. The runs of integers end where the next array head begins.
_INT = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38][\x00-\xff]|[\x19\x39][\x00-\xff]{2}|[\x1a\x3a][\x00-\xff]{4}" \
       rb"|[\x1b\x3b][\x00-\xff]{8})"
_ARRAY = rb"(?:[\x80-\x97]|\x98[\x00-\xff]|\x99[\x00-\xff]{2}|\x9a[\x00-\xff]{4})"
_PAGES = re.compile(rb"%s(?:\x83%s%s%s*%s%s*)*" % (_ARRAY, _INT, _ARRAY, _INT, _ARRAY, _INT), re.DOTALL)


def _words_skipping(content: bytes, count: int, at: int) -> list[_Word] | None:
    """``_words`` the fast way: nothing is decoded but the words (and the lengths of their variants' forms). A chunk
    that does not come out exactly is decoded whole: the entries must fill it and be as many as its head says."""
    words: list[_Word] = []
    end = len(content)
    while at < end:
        start = at
        if content[at] != 0x83 or not 0x60 <= content[at + 1] <= 0x79:
            return None
        head = content[at + 1]
        width = {0x78: 1, 0x79: 2}.get(head, 0)
        length = head - 0x60 if not width else int.from_bytes(content[at + 2:at + 2 + width], "big")
        at += 2 + width
        try:
            word = content[at:at + length].decode("utf-8")
        except UnicodeDecodeError:
            return None
        pages = _PAGES.match(content, at + length)
        if pages is None:
            return None
        at = pages.end()
        variants = _head(content, at, 4)
        if variants is None:
            return None
        count_variants, at = variants
        for _ in range(count_variants):  # other diacritics of the word: [form, pages]
            form = _head(content, at + 1, 3) if content[at:at + 1] == b"\x82" else None
            listed = _PAGES.match(content, form[1] + form[0]) if form is not None else None
            if listed is None:
                return None
            at = listed.end()
        words.append(_Word(word, content[start:at]))
    return words if at == end and len(words) == count else None


def _words_decoding(content: bytes, count: int, at: int) -> list[_Word] | None:
    """``_words`` by decoding every entry."""
    stream = io.BytesIO(content)
    stream.seek(at)
    decoder = cbor2.CBORDecoder(stream)
    words: list[_Word] = []
    for _ in range(count):
        start = stream.tell()
        word = _decoded_word(decoder)
        if word is None:
            return None
        words.append(_Word(word, content[start:stream.tell()]))
    return words if stream.tell() == len(content) else None


def _decoded_word(decoder: cbor2.CBORDecoder) -> str | None:
    """The word of the entry ``decoder`` reads next (the whole entry is read), or None if it is not one."""
    try:
        entry = decoder.decode()
    except (cbor2.CBORDecodeError, ValueError, IndexError):
        return None
    return entry[0] if isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) else None


def _content(words: list[_Word]) -> bytes:
    """A word chunk of ``words``, unpacked."""
    return SIGNATURE + b"\x81" + _array_start(len(words)) + b"".join(w.encoded for w in words)


def _packed(words: list[_Word]) -> bytes:
    # zlib's default level: Pagefind's best (9) took twice as long here (2.5 s for Russian at 10,000 pages) for 2 %
    return gzip.compress(_content(words), 6, mtime=0)


def _parts(words: list[_Word], ratio: float) -> list[tuple[list[_Word], bytes]]:
    """``words`` cut in two, and each half again, until every part is at most ``CHUNK_BYTES`` packed (``ratio``:
    packed to unpacked bytes, to plan before packing) or a single word.

    Where to cut: Pagefind finds a word's extensions (``kind`` → ``kinder``) only in the chunk its query falls into,
    and a query falls into one side of a cut only if it is longer than the letters the words on both sides begin
    with. So the cut goes between the two words with the fewest letters in common (between "jugend" and "kind" only
    the query "j" or "k" could find less; between "kind" and "kinder" the query "kind" would), among the places that
    leave a quarter to three quarters of the bytes on each side, else as near the middle as there is one (beside a
    word that holds most of the chunk, where the words may share more letters). A query that matches no word at all,
    which Pagefind answers with the longest word it begins with, can get another such word when a word as short as
    the shared letters is on the other side: as at Pagefind's own chunk boundaries."""
    total = sum(len(w.encoded) for w in words)
    if len(words) == 1 or total * ratio <= CHUNK_BYTES * 0.9:
        packed = _packed(words)
        if len(words) == 1 or len(packed) <= CHUNK_BYTES:
            return [(words, packed)]
        ratio = len(packed) / total
    where = _cut_place(words, total)
    return [*_parts(words[:where], ratio), *_parts(words[where:], ratio)]


def _cut_place(words: list[_Word], total: int) -> int:
    """Where ``_parts`` cuts ``words`` (``total`` bytes) in two."""
    places: list[tuple[int, int]] = []  # (where, bytes before it)
    before = 0
    for where in range(1, len(words)):
        before += len(words[where - 1].encoded)
        places.append((where, before))
    middle = [place for place in places if total / 4 <= place[1] <= total * 3 / 4]
    # nothing in common is the fewest there is: between two initials, the place nearest the middle
    initials = [place for place in middle if words[place[0] - 1].word[:1] != words[place[0]].word[:1]]
    if initials:
        return min(initials, key=lambda place: abs(place[1] - total / 2))[0]
    if middle:
        return min(middle, key=lambda place: (_common(words[place[0] - 1].word, words[place[0]].word),
                                              abs(place[1] - total / 2)))[0]
    return min(places, key=lambda place: abs(place[1] - total / 2))[0]


def _planned(words: list[_Word], ratio: float) -> list[list[_Word]]:
    """``_parts`` by the estimate alone (``ratio``), nothing packed yet."""
    total = sum(len(w.encoded) for w in words)
    if len(words) == 1 or total * ratio <= CHUNK_BYTES * 0.9:
        return [words]
    where = _cut_place(words, total)
    return [*_planned(words[:where], ratio), *_planned(words[where:], ratio)]


def _split(first: str, last: str, name: str, data: bytes, taken: set[str]) -> list[tuple[list[str], bytes]] | None:
    """A word chunk of more than ``CHUNK_BYTES`` cut into parts of at most that (or of a single word):
    ``([first, last, name], file)`` per part, or None if it stays as it is."""
    if len(data) <= CHUNK_BYTES:
        return None
    content = unpacked(data)
    words = _words(content) if content is not None else None
    if content is None or words is None or len(words) < 2:
        return None
    cut = _parts(words, len(data) / len(content))
    if len(cut) == 1:
        return None
    ranges = _ranges([part for part, _file in cut], first, last)
    return [([start, end, _chunk_name(name, _content(part), taken)], file)
            for (start, end), (part, file) in zip(ranges, cut, strict=True)]


def _ranges(parts: list[list[_Word]], first: str, last: str) -> list[list[str]]:
    """The ranges of words of consecutive chunks ``parts`` that together span ``first`` to ``last``."""
    ranges = [[part[0].word, part[-1].word] for part in parts]
    ranges[0][0], ranges[-1][1] = first, last
    # The boundaries between the parts as Pagefind draws them between chunks (chunk_meta, get_prefixes): each side
    # shortened to one letter past the words' common beginning, the end only where it stays after the start.
    for before, after in itertools.pairwise(ranges):
        common = _common(before[1], after[0])
        if before[1][:common + 1] >= before[0]:
            before[1] = before[1][:common + 1]
        after[0] = after[0][:common + 1]
    if ranges[-1][1] < ranges[-1][0]:  # Pagefind's end, shortened against the next chunk, is before the new start
        ranges[-1][1] = parts[-1][-1].word
    return ranges


def chunk_table(words: list[_Word], like: str, taken: set[str]) -> tuple[list[list[str]], dict[str, bytes]]:
    """A whole word index (``words`` sorted) cut into chunks of at most ``CHUNK_BYTES`` packed (or of one word):
    the page list's ``[first, last, name]`` of each chunk, and the chunk files by name (named like ``like``)."""
    if not words:
        return [], {}
    sample = words[:max(1, next((i for i, total in enumerate(itertools.accumulate(len(w.encoded) for w in words))
                                  if total > 8 * CHUNK_BYTES), len(words)))]
    ratio = len(_packed(sample)) / len(_content(sample))
    plan = _planned(words, ratio)
    with ThreadPoolExecutor(max_workers=2) as pool:  # zlib releases the interpreter
        files = list(pool.map(_packed, plan))
    cut: list[tuple[list[_Word], bytes]] = []
    for part, file in zip(plan, files, strict=True):  # where the estimate was wrong: cut as _parts does
        cut += _parts(part, len(file) / len(_content(part))) if len(part) > 1 and len(file) > CHUNK_BYTES else \
            [(part, file)]
    ranges = _ranges([part for part, _file in cut], words[0].word, words[-1].word)
    table = [[start, end, _chunk_name(like, _content(part), taken)]
             for (start, end), (part, _file) in zip(ranges, cut, strict=True)]
    return table, {name: file for (_start, _end, name), (_part, file) in zip(table, cut, strict=True)}



# --- a word's entry, edited as bytes ----------------------------------------------------------------------------
# Pages of a word: [[page number delta, [positions], [meta positions]], ...]. Decoding a word on every page into
# Python objects took 30 ms (10,000 pages); only the page numbers are read here, the positions stay bytes.
_POSTING = re.compile(rb"\x83(%s)%s%s*%s%s*" % (_INT, _ARRAY, _INT, _ARRAY, _INT), re.DOTALL)
_UINT_SIZE = {0x18: 1, 0x19: 2, 0x1A: 4, 0x1B: 8}

# A page a word is on: (page number, its positions as encoded: both arrays)
Posting = tuple[int, bytes]


class WordEntry(NamedTuple):
    word: str
    pages: list[Posting]
    variants: dict[str, list[Posting]]  # other diacritics of the word, with their pages


def _head(data: bytes, at: int, major: int) -> tuple[int, int] | None:
    """A CBOR head of ``major`` type at ``at``: (its number, where what follows begins)."""
    if at >= len(data) or data[at] >> 5 != major:
        return None
    low = data[at] & 31
    if low < 24:
        return low, at + 1
    size = _UINT_SIZE.get(0x18 + low - 24)
    if size is None or at + 1 + size > len(data):
        return None
    return int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


_POSTING_PARTS = re.compile(rb"\x83(%s)(%s%s*%s%s*)" % (_INT, _ARRAY, _INT, _ARRAY, _INT), re.DOTALL)


def page_deltas(heads: list[bytes]) -> bytes | list[int] | None:
    """The differences between a word's page numbers from their CBOR heads (``_POSTING``'s group), all at once where
    they are single bytes, as they nearly always are; None for a head that is not an unsigned integer."""
    small = b"".join(heads)
    if len(small) == len(heads) and (not small or max(small) < 24):
        return small
    if any(head[0] > 0x1B for head in heads):
        return None
    return [head[0] if len(head) == 1 else int.from_bytes(head[1:], "big") for head in heads]


def _read_postings(data: bytes, at: int) -> tuple[list[Posting], int] | None:
    head = _head(data, at, 4)
    whole = _PAGES.match(data, at)
    if head is None or whole is None:
        return None
    count, start = head
    # All at once, in the regular expression's and itertools' loops rather than Python's (a word on 10,000 pages took
    # 12 ms posting by posting): the differences between page numbers are nearly always single bytes.
    parts = _POSTING_PARTS.findall(data, start, whole.end())
    if len(parts) != count:
        return None
    deltas = page_deltas(list(map(itemgetter(0), parts)))
    if deltas is None:
        return None
    numbers = list(itertools.accumulate(deltas))
    return list(zip(numbers, map(itemgetter(1), parts), strict=True)), whole.end()


def _uint(value: int) -> bytes:
    """A non-negative integer as CBOR writes it (the shortest form)."""
    if value < 24:
        return _SMALL_UINTS[value]
    size = 1 if value < 1 << 8 else 2 if value < 1 << 16 else 4 if value < 1 << 32 else 8
    return bytes([0x17 + size.bit_length()]) + value.to_bytes(size, "big")


_SMALL_UINTS = [bytes([value]) for value in range(24)]


def _read_text(data: bytes, at: int) -> tuple[str, int] | None:
    head = _head(data, at, 3)
    if head is None:
        return None
    length, at = head
    try:
        return data[at:at + length].decode("utf-8"), at + length
    except UnicodeDecodeError:
        return None


def read_entry(data: bytes) -> WordEntry | None:
    """A word's entry as Pagefind encodes it (``[word, pages, variants]``), page numbers absolute; None if it is not
    one or has bytes left over."""
    if data[:1] != b"\x83":
        return None
    text = _read_text(data, 1)
    pages = _read_postings(data, text[1]) if text is not None else None
    variants_head = _head(data, pages[1], 4) if pages is not None else None
    if text is None or pages is None or variants_head is None:
        return None
    count, at = variants_head
    variants: dict[str, list[Posting]] = {}
    for _ in range(count):
        form = _read_text(data, at + 1) if data[at:at + 1] == b"\x82" else None
        listed = _read_postings(data, form[1]) if form is not None else None
        if form is None or listed is None:
            return None
        variants[form[0]], at = listed
    return WordEntry(text[0], pages[0], variants) if at == len(data) else None


_LOCATIONS = re.compile(rb"%s%s*" % (_ARRAY, _INT), re.DOTALL)


def renumber_fields(positions: bytes, fields: list[int]) -> bytes:
    """A posting's positions (``Posting[1]``) with the meta fields it names renumbered: field ``n`` becomes
    ``fields[n]``. Pagefind numbers the meta fields (``title``, ``kurz``, …) by their place in the sorted list of all
    fields its index has, and marks where a field's positions begin with ``-(number + 1)``."""
    if fields == list(range(len(fields))):
        return positions
    locations = _LOCATIONS.match(positions)
    assert locations is not None  # read by _POSTING
    meta = cbor2.loads(positions[locations.end():])
    return positions[:locations.end()] + cbor2.dumps([-fields[-value - 1] - 1 if value < 0 else value
                                                      for value in meta])


def _postings(pages: list[Posting]) -> bytes:
    """A word's pages (sorted by page number) as Pagefind encodes them; again in C's loops where it can."""
    numbers = list(map(itemgetter(0), pages))
    deltas = list(map(operator.sub, numbers, [0, *numbers[:-1]]))
    if deltas and min(deltas) < 0:
        raise ValueError("pages not sorted")
    try:
        heads = list(map(_SMALL_UINTS.__getitem__, deltas))
    except IndexError:  # a difference of 24 or more
        heads = [_uint(delta) for delta in deltas]
    body = itertools.chain.from_iterable(zip(itertools.repeat(b"\x83"), heads, map(itemgetter(1), pages)))
    return _array_start(len(pages)) + b"".join(body)


def encode_entry(entry: WordEntry) -> bytes:
    """``read_entry`` reversed: the bytes Pagefind would write for it (pages sorted, numbers as differences)."""
    variants = [(form, pages) for form, pages in entry.variants.items() if pages]
    return b"".join([b"\x83", cbor2.dumps(entry.word), _postings(entry.pages), _array_start(len(variants)),
                     *(b"\x82" + cbor2.dumps(form) + _postings(pages) for form, pages in variants)])
