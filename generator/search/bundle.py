"""Index, last step: Pagefind's written bundle, made smaller for the browser, copied into the site.

What a family's phone downloads for its first search is mostly fixed: Pagefind's search program (``wasm.<lang>
.pagefind``, 70 KB), the list of every page (``*.pf_meta``, 53 KB at 10,000 pages), ``pagefind.js``, then the
chunk of the word index that holds the word searched for and one small file per result shown
(``fragment/*.pf_fragment``). Four things shrink it (and a fifth the site):

- Result files keep only what the search page shows (address, title and the ``data-pagefind-meta`` values). Pagefind
  also stores each page's whole text in them, for excerpts, which our search page does not show (it shows the
  entry's ``kurz``): 800 → 300 bytes per result, and a third of the bytes "near me" loads.
- The page list names each page's result file by a 7-digit hash, which gzip cannot shrink: 25 of its 53 KB at 10,000
  pages. The result files are renamed by the page's number after the page list's own name (``de_6e8a0b79e2-1f``),
  which compresses to almost nothing. A name still stands for one content only: Pagefind's name of the page list is
  a hash that covers the result files' hashes. The rewritten page list is named by its own new content.
- Word chunks larger than 20 KB packed are cut (``pagefind_format``): Pagefind's are up to 65 KB, and one holding a
  word found on nearly every page (German "und", Russian "для") up to 200 KB. Cuts go between the words with the
  fewest letters in common: only a query of no more letters than the two sides share can find less. The page list
  begins with an empty chunk for searches by filters alone (Pagefind would otherwise load every chunk for them).
- The two large files are compressed again with zopfli (gzip format, so Pagefind's own decoder reads them; smaller by
  a tenth): the page list once per build and language (0.7 s, in a thread), the search program once per Pagefind
  version (it is the same file in every build: compressed by ``make install``, ``prepack``, or kept in the cache
  folder).
- Pagefind's ready-made search interfaces, which our search page does not use, are left out of the site.

The layouts of Pagefind's files are ``pagefind_format``'s business; a file of a layout it does not know is copied as
it is.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from wegweiser.core.cache import cache_base, write_atomically
from wegweiser.search.merge import Block, MergeError, merge
from wegweiser.search.pagefind_format import SIGNATURE, _decoded, language_of, rewritten, unpacked

# What a result file keeps: all that the search page (templates/assets/suche.js) reads of a result.
RESULT_FIELDS = ("url", "meta", "word_count", "anchors")
# Pagefind's ready-made search interfaces (and its highlighter): our search page (templates/assets/suche.js) uses
# Pagefind's search API only, so these 460 KB are never loaded and are not put into the site.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# zopfli's iterations: 5 gives the page list of 10,000 pages within 0.01 % of 15 iterations, in 0.5 s instead of 0.6 s.
ZOPFLI_ITERATIONS = 5
ENTRY = "pagefind-entry.json"


def slim_result(data: bytes) -> tuple[bytes, str | None]:
    """A result file (``fragment/*.pf_fragment``) with only what the search page shows, and the page's address."""
    content = unpacked(data)
    if content is None:
        return data, None
    try:
        record = json.loads(content)
    except ValueError:
        return data, None
    if not isinstance(record, dict):
        return data, None
    kept = {name: record[name] for name in RESULT_FIELDS if name in record}
    # Pagefind builds excerpts from "content" and reads it as a string; an empty one gives an empty excerpt.
    kept["content"] = ""
    text = json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    url = record.get("url")
    return gzip.compress(SIGNATURE + text, 9, mtime=0), url if isinstance(url, str) else None


def packed(content: bytes) -> bytes:
    """A Pagefind file's content (signature included) in zopfli's gzip."""
    from zopfli import gzip as zopfli_gzip

    smaller: bytes = zopfli_gzip.compress(content, numiterations=ZOPFLI_ITERATIONS)
    return smaller


def recompressed(data: bytes) -> bytes:
    """The same Pagefind file in zopfli's smaller gzip (or as it was, if that is not smaller)."""
    content = unpacked(data)
    if content is None:
        return data
    smaller = packed(SIGNATURE + content)
    return smaller if len(smaller) < len(data) else data


def prepacked_folder() -> Path:
    """Where ``make install`` keeps Pagefind's search programs compressed (``prepack``): beside the installed
    program (in its virtual environment), since they belong to the installed Pagefind, not to a build."""
    return Path(sys.prefix) / "share" / "wegweiser" / "pagefind"


def _search_program(data: bytes, cache: Path | None) -> bytes:
    """``recompressed`` for Pagefind's search program: as ``make install`` compressed it, or from the cache if a
    build did before."""
    name = f"{hashlib.blake2b(data, digest_size=16).hexdigest()}.gz"
    for folder in (prepacked_folder(), cache):
        if folder is None:
            continue
        try:
            found = (folder / name).read_bytes()
            if unpacked(found) == unpacked(data):
                return found
        except OSError:
            pass
    smaller = recompressed(data)
    if cache is not None:
        write_atomically(cache / name, smaller)
    return smaller


def written(path: Path | str, complete: Callable[[bytes], bool] | None = None) -> bytes:
    """A file Pagefind wrote, once it is complete (``complete``; by default: a whole gzip stream).

    Pagefind answers ``WriteFiles`` before all its writes have reached the files: its files are tokio ``File``s,
    whose writes go to a background thread and are never flushed, so a small index's files can still be empty or
    cut short when the answer arrives (seen about once in twenty incremental builds). Waits up to five seconds,
    then returns what there is."""
    check = complete or (lambda data: unpacked(data) is not None)
    deadline = time.monotonic() + WAIT_FOR_PAGEFIND_S
    while True:
        with open(path, "rb") as stream:
            data = stream.read()
        if check(data) or time.monotonic() > deadline:
            return data
        time.sleep(0.01)


WAIT_FOR_PAGEFIND_S = 5.0


class _Kept(NamedTuple):
    """A block's index as Pagefind wrote it, but its result files: kept until its language is merged."""

    key: tuple[int, int, int]  # (sender, language, block): the blocks' order in the merged index
    own: str  # Pagefind's name of its page list (``de_6e8a0b79e2``)
    meta: bytes  # its page list
    chunks: dict[str, bytes]  # its word chunks, by name
    filters: dict[str, bytes]  # its filter files, by name
    urls: dict[int, str]  # each page's address, by its number in the block
    pages: int
    read: Block | None  # its index read for merging (None: in a layout we do not know)


class BundleCopy:
    """Copies Pagefind's bundles (one per block of a language's pages, the same shared files in each) into
    ``target``: a block's result files slimmed and renamed as soon as it is written (``add``), while the workers
    render on; a language's index, its blocks merged, once all of them are in (``finish_language``). zopfli runs in
    threads (it releases the interpreter) while the copying goes on: both cores work. ``finish`` waits for them.

    ``languages`` (for ``pagefind-entry.json``) names each language's page list by its new content (``de_…``), so
    that a browser that kept an old one never asks for word chunks that are gone."""

    def __init__(self, target: Path) -> None:
        self.target = target
        base = cache_base()
        self.cache = base / "pagefind" if base is not None else None
        self.done: set[str] = set()
        self.blocks: dict[str, list[_Kept]] = {}  # by Pagefind's language
        self.entry: dict[str, object] = {}  # pagefind-entry.json of a block, but its languages
        self.wasm: dict[str, object] = {}  # each language's search program, as pagefind-entry.json names it
        self.languages: dict[str, dict[str, object]] = {}
        # each page's number in its language's page list, by Pagefind's language and the page's address ("/x/"):
        # an incremental build puts a changed page into the index in its place (``search_update``)
        self.numbers: dict[str, dict[str, int]] = {}
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.pending: list[tuple[Path, Future[bytes]]] = []

    def add(self, bundle: Path, key: tuple[int, int, int] = (0, 0, 0)) -> None:
        """A block's bundle, of one language: its result files go into the site now, its index is kept."""
        target, pool, pending = self.target, self.pool, self.pending
        try:
            entry = json.loads(written(bundle / ENTRY, _is_json))
        except (OSError, ValueError):  # not in Pagefind's layout: the page list is copied as it is
            entry = {}
        for lang, info in dict(entry.pop("languages", {})).items():
            self.wasm[lang] = info.get("wasm") if isinstance(info, dict) else None
        self.entry = entry
        names: dict[str, tuple[str, int]] = {}  # Pagefind's name of a result file → ours, and its page's number
        kept: list[_Kept] = []
        for meta in sorted(bundle.glob("pagefind.*.pf_meta")):
            data = written(meta)
            own = meta.name.removeprefix("pagefind.").removesuffix(".pf_meta")
            decoded = _decoded(data)
            pages = decoded[1] if isinstance(decoded, list) and len(decoded) > 1 and isinstance(decoded[1], list) \
                else []
            for number, page in enumerate(pages):
                if isinstance(page, list) and page and isinstance(page[0], str):
                    names.setdefault(page[0], (_result_name(own, number), number))
            parts = {folder: {path.stem: written(path) for path in (bundle / folder).glob(f"*.pf_{folder}")}
                     for folder in ("index", "filter")}
            try:  # read now, while the workers render, rather than after the last page
                read: Block | None = Block.read(data, parts["index"].get, parts["filter"].get)
            except MergeError:
                read = None
            kept.append(_Kept(key, own, data, parts["index"], parts["filter"], {}, len(pages), read))
        for where, _folders, files in os.walk(bundle):
            relative = os.path.relpath(where, bundle)
            if relative in ("index", "filter"):  # kept: above
                continue
            out = target / relative
            out.mkdir(parents=True, exist_ok=True)
            fragments = os.path.basename(where) == "fragment"
            for name in files:
                if relative == "." and (name in UNUSED or name.endswith(".pf_meta") or name == ENTRY):
                    continue
                source = os.path.join(where, name)
                if fragments and name.endswith(".pf_fragment"):
                    stem = name.removesuffix(".pf_fragment")
                    ours, number = names.get(stem, (stem, -1))
                    with open(source, "rb") as stream:
                        data = stream.read()
                    slim, url = slim_result(data)
                    if url is None:  # not complete yet (see ``written``)
                        slim, url = slim_result(written(source))
                    with open(out / f"{ours}.pf_fragment", "wb") as stream:
                        stream.write(slim)
                    if url is not None and number >= 0 and kept:
                        kept[0].urls[number] = url
                    continue
                key_out = os.path.join(relative, name)
                if key_out in self.done:
                    continue
                self.done.add(key_out)
                if name.startswith("wasm.") and name.endswith(".pagefind"):
                    pending.append((out / name, pool.submit(_search_program, written(source), self.cache)))
                else:
                    shutil.copyfile(source, out / name)
        for block in kept:
            blocks = self.blocks.setdefault(language_of(block.own) or block.own, [])
            blocks.append(block)
            if len(blocks) > 1:  # merged from what was read: the files are not needed any more
                blocks[:] = [b._replace(chunks={}, filters={}) if b.read is not None else b for b in blocks]

    def finish_language(self, lang: str) -> None:
        """Merge the blocks of ``lang`` into its index in the site (one block: its own index, chunks cut)."""
        blocks = sorted(self.blocks.pop(lang, []), key=lambda block: block.key)
        if not blocks:
            return
        index, filters = self.target / "index", self.target / "filter"
        index.mkdir(parents=True, exist_ok=True)
        filters.mkdir(parents=True, exist_ok=True)
        numbers = self.numbers.setdefault(lang, {})
        if len(blocks) == 1:
            block = blocks[0]
            pages = rewritten(block.meta, block.own, block.chunks.get)
            if pages is None:  # a layout we do not know: copied as it is
                for folder, files in ((index, block.chunks), (filters, block.filters)):
                    for name, data in files.items():
                        (folder / f"{name}.pf_{folder.name}").write_bytes(data)
                name = block.own
                self.pending.append((self.target / f"pagefind.{name}.pf_meta",
                                     self.pool.submit(recompressed, block.meta)))
            else:
                for name, data in block.chunks.items():
                    if name not in pages.replaced:
                        (index / f"{name}.pf_index").write_bytes(data)
                for name, data in pages.chunks.items():
                    (index / f"{name}.pf_index").write_bytes(data)
                for name, data in block.filters.items():
                    (filters / f"{name}.pf_filter").write_bytes(data)
                name = self._page_list(lang, pages.content)
            numbers.update((url, number) for number, url in block.urls.items())
        else:
            parts = [block.read or Block.read(block.meta, block.chunks.get, block.filters.get) for block in blocks]
            # One name for the merged index's result files, as for one block's: their page numbers after a name
            # that stands for the blocks' contents (each block's page list name covers its result files).
            own = "/".join(block.own for block in blocks).encode("utf-8")
            prefix = f"{lang}_{hashlib.blake2b(own, digest_size=8).hexdigest()[:10]}"
            results = self.target / "fragment"
            number = 0
            for block, part in zip(blocks, parts, strict=True):
                names: dict[object, str] = {}
                for local, page in enumerate(part.pages):
                    if page[0] not in names:
                        names[page[0]] = _result_name(prefix, number)
                        try:
                            os.replace(results / f"{_result_name(block.own, local)}.pf_fragment",
                                       results / f"{names[page[0]]}.pf_fragment")
                        except FileNotFoundError:
                            raise MergeError(f"result file {page[0]}") from None
                    page[0] = names[page[0]]
                    number += 1
            merged = merge(parts, lang)
            for name, data in merged.chunks.items():
                (index / f"{name}.pf_index").write_bytes(data)
            for name, data in merged.filters.items():
                (filters / f"{name}.pf_filter").write_bytes(data)
            name = self._page_list(lang, merged.content)
            for block, offset in zip(blocks, merged.offsets, strict=True):
                numbers.update((url, offset + number) for number, url in block.urls.items())
        self.languages[lang] = {"hash": name, "wasm": self.wasm.get(lang, lang),
                                "page_count": sum(block.pages for block in blocks)}

    def _page_list(self, lang: str, content: bytes) -> str:
        # Pagefind's form: language, then 10 letters of a hash of the content
        name = f"{lang}_{hashlib.blake2b(content, digest_size=8).hexdigest()[:10]}"
        self.pending.append((self.target / f"pagefind.{name}.pf_meta", self.pool.submit(packed, content)))
        return name

    def finish(self) -> None:
        try:
            for path, future in self.pending:
                path.write_bytes(future.result())
        finally:
            self.close()

    def close(self) -> None:
        """Stop the threads (after an error: what they still compress is not written)."""
        for _path, future in self.pending:
            future.cancel()
        self.pool.shutdown(wait=True)


def _result_name(own: str, number: int) -> str:
    """Our name of a block's result file: its page list's name and the page's number in it (as ``rewritten``)."""
    return f"{own}-{number:x}"


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True
