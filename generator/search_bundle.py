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
  version (it is the same file in every build: kept in the cache folder).
- Pagefind's ready-made search interfaces, which our search page does not use, are left out of the site.

The layouts of Pagefind's files are ``pagefind_format``'s business; a file of a layout it does not know is copied as
it is.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from wegweiser.cache import cache_base, write_atomically
from wegweiser.pagefind_format import SIGNATURE, language_of, rewritten, unpacked

# What a result file keeps: all that the search page (templates/assets/suche.js) reads of a result.
RESULT_FIELDS = ("url", "meta", "word_count", "anchors")
# Pagefind's ready-made search interfaces (and its highlighter): our search page (templates/assets/suche.js) uses
# Pagefind's search API only, so these 460 KB are never loaded and are not put into the site.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# zopfli's iterations: 5 gives the page list of 10,000 pages within 0.01 % of 15 iterations, in 0.5 s instead of 0.6 s.
ZOPFLI_ITERATIONS = 5


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


def _search_program(data: bytes, cache: Path | None) -> bytes:
    """``recompressed`` for Pagefind's search program, from the cache if it was done before."""
    if cache is None:
        return recompressed(data)
    kept = cache / f"{hashlib.blake2b(data, digest_size=16).hexdigest()}.gz"
    try:
        found = kept.read_bytes()
        if unpacked(found) == unpacked(data):
            return found
    except OSError:
        pass
    smaller = recompressed(data)
    write_atomically(kept, smaller)
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


def _chunk(folder: Path, name: str) -> bytes | None:
    try:
        return written(folder / f"{name}.pf_index")
    except OSError:
        return None


class BundleCopy:
    """Copies Pagefind's bundles (one per language, the same shared files in each) into ``target``, the result
    files slimmed and renamed and the two large files recompressed, one bundle as soon as it is written (``add``):
    the build copies a language's bundle while the workers render the next language. zopfli runs in threads (it
    releases the interpreter) while the copying goes on: both cores work. ``finish`` waits for them and returns the
    new name of each page list that was rewritten (``de_6e8a0b79e2`` → ``de_…``: named by its new content, so that
    a browser that kept the old one never asks for word chunks that are gone), for ``pagefind-entry.json``."""

    def __init__(self, target: Path) -> None:
        self.target = target
        base = cache_base()
        self.cache = base / "pagefind" if base is not None else None
        self.done: set[str] = set()
        self.renamed: dict[str, str] = {}
        # each page's number in its language's page list, by Pagefind's language and the page's address ("/x/"):
        # an incremental build puts a changed page into the index in its place (``search_update``)
        self.numbers: dict[str, dict[str, int]] = {}
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.pending: list[tuple[Path, Future[bytes]]] = []

    def add(self, bundle: Path) -> None:
        target, pool, pending = self.target, self.pool, self.pending
        names: dict[str, str] = {}
        numbers: dict[str, int] = {}  # Pagefind's name of a result file → its page's number
        replaced: set[str] = set()
        (target / "index").mkdir(parents=True, exist_ok=True)
        for meta in sorted(bundle.glob("pagefind.*.pf_meta")):
            data = written(meta)
            own = meta.name.removeprefix("pagefind.").removesuffix(".pf_meta")
            pages = rewritten(data, own, functools.partial(_chunk, bundle / "index"))
            if pages is None:
                pending.append((target / meta.name, pool.submit(recompressed, data)))
                continue
            names.update(pages.result_names)
            numbers.update((stem, int(ours.rsplit("-", 1)[1], 16)) for stem, ours in pages.result_names.items())
            replaced.update(f"{name}.pf_index" for name in pages.replaced)
            for name, chunk in pages.chunks.items():
                (target / "index" / f"{name}.pf_index").write_bytes(chunk)
            # Pagefind's form: language, then 10 letters of a hash of the content
            digest = hashlib.blake2b(pages.content, digest_size=8).hexdigest()
            self.renamed[own] = f"{language_of(own) or own}_{digest[:10]}"
            pending.append((target / f"pagefind.{self.renamed[own]}.pf_meta", pool.submit(packed, pages.content)))
        for where, _folders, files in os.walk(bundle):
            relative = os.path.relpath(where, bundle)
            out = target / relative
            out.mkdir(parents=True, exist_ok=True)
            fragments = os.path.basename(where) == "fragment"
            for name in files:
                if relative == "." and (name in UNUSED or name.endswith(".pf_meta")):  # page lists: above
                    continue
                if relative == "index" and name in replaced:  # cut into parts: above
                    continue
                name_out = name
                if fragments and name.endswith(".pf_fragment"):
                    stem = name.removesuffix(".pf_fragment")
                    name_out = names.get(stem, stem) + ".pf_fragment"
                key = os.path.join(relative, name_out)
                if key in self.done:
                    continue
                self.done.add(key)
                source = os.path.join(where, name)
                if fragments and name.endswith(".pf_fragment"):
                    with open(source, "rb") as stream:
                        data = stream.read()
                    slim, url = slim_result(data)
                    if url is None:  # not complete yet (see ``written``)
                        slim, url = slim_result(written(source))
                    with open(out / name_out, "wb") as stream:
                        stream.write(slim)
                    if url is not None and stem in numbers:
                        self.numbers.setdefault(language_of(names[stem]), {})[url] = numbers[stem]
                elif name.startswith("wasm.") and name.endswith(".pagefind"):
                    pending.append((out / name, pool.submit(_search_program, written(source), self.cache)))
                elif name.endswith((".pf_index", ".pf_filter")):
                    (out / name).write_bytes(written(source))
                else:
                    shutil.copyfile(source, out / name)

    def finish(self) -> dict[str, str]:
        try:
            for path, future in self.pending:
                path.write_bytes(future.result())
        finally:
            self.close()
        return self.renamed

    def close(self) -> None:
        """Stop the threads (after an error: what they still compress is not written)."""
        for _path, future in self.pending:
            future.cancel()
        self.pool.shutdown(wait=True)

