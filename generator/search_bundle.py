"""Index, last step: Pagefind's written bundle, made smaller for the browser, copied into the site.

What a family's phone downloads for its first search is mostly fixed: Pagefind's search program (``wasm.<lang>
.pagefind``, 70 KB), the list of every page (``*.pf_meta``, 60 KB at 10,000 pages), ``pagefind.js``, then one
chunk of the word index and one small file per result shown (``fragment/*.pf_fragment``). Two things shrink it
without changing what is found (and a third the site):

- Result files keep only what the search page shows (address, title and the ``data-pagefind-meta`` values). Pagefind
  also stores each page's whole text in them, for excerpts, which our search page does not show (it shows the
  entry's ``kurz``): 800 → 300 bytes per result, and a third of the bytes "near me" loads.
- The two large files are compressed again with zopfli (gzip format, so Pagefind's own decoder reads them; smaller by
  a tenth): the page list once per build and language (0.5 s), the search program once per Pagefind version (it is
  the same file in every build: kept in the cache folder).
- Pagefind's ready-made search interfaces, which our search page does not use, are left out of the site.

Every Pagefind file begins, once unpacked, with the signature ``pagefind_dcd``; a file without it is left as it is.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from wegweiser.cache import cache_base, write_atomically

SIGNATURE = b"pagefind_dcd"
# What a result file keeps: all that the search page (templates/assets/suche.js) reads of a result.
RESULT_FIELDS = ("url", "meta", "word_count", "anchors")
# Pagefind's ready-made search interfaces (and its highlighter): our search page (templates/assets/suche.js) uses
# Pagefind's search API only, so these 460 KB are never loaded and are not put into the site.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# zopfli's iterations: 5 gives the page list of 10,000 pages within 0.01 % of 15 iterations, in 0.5 s instead of 0.6 s.
ZOPFLI_ITERATIONS = 5


def unpacked(data: bytes) -> bytes | None:
    """A Pagefind file's content after the signature, or None if it is not one."""
    try:
        raw = zlib.decompress(data, 31) if data[:2] == b"\x1f\x8b" else data
    except zlib.error:
        return None
    return raw[len(SIGNATURE):] if raw.startswith(SIGNATURE) else None


def slim_result(data: bytes) -> bytes:
    """A result file (``fragment/*.pf_fragment``) with only what the search page shows."""
    content = unpacked(data)
    if content is None:
        return data
    try:
        record = json.loads(content)
    except ValueError:
        return data
    if not isinstance(record, dict):
        return data
    kept = {name: record[name] for name in RESULT_FIELDS if name in record}
    # Pagefind builds excerpts from "content" and reads it as a string; an empty one gives an empty excerpt.
    kept["content"] = ""
    text = json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return gzip.compress(SIGNATURE + text, 9, mtime=0)


def recompressed(data: bytes) -> bytes:
    """The same Pagefind file in zopfli's smaller gzip (or as it was, if that is not smaller)."""
    from zopfli import gzip as zopfli_gzip

    content = unpacked(data)
    if content is None:
        return data
    smaller: bytes = zopfli_gzip.compress(SIGNATURE + content, numiterations=ZOPFLI_ITERATIONS)
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


def copy_bundle(bundles: list[Path], target: Path) -> None:
    """Copy Pagefind's bundles (one per language, the same shared files in each) into ``target``, the result files
    slimmed and the two large files recompressed. zopfli runs in threads (it releases the interpreter) while this
    thread copies the result files: both cores work."""
    base = cache_base()
    cache = base / "pagefind" if base is not None else None
    done: set[str] = set()
    with ThreadPoolExecutor(max_workers=2) as pool:
        pending: list[tuple[Path, Future[bytes]]] = []
        for bundle in bundles:
            for where, _folders, files in os.walk(bundle):
                relative = os.path.relpath(where, bundle)
                out = target / relative
                out.mkdir(parents=True, exist_ok=True)
                fragments = os.path.basename(where) == "fragment"
                for name in files:
                    key = os.path.join(relative, name)
                    if key in done or (relative == "." and name in UNUSED):
                        continue
                    done.add(key)
                    source = os.path.join(where, name)
                    if fragments and name.endswith(".pf_fragment"):
                        with open(source, "rb") as stream:
                            data = stream.read()
                        with open(out / name, "wb") as stream:
                            stream.write(slim_result(data))
                    elif name.endswith(".pf_meta"):
                        pending.append((out / name, pool.submit(recompressed, Path(source).read_bytes())))
                    elif name.startswith("wasm.") and name.endswith(".pagefind"):
                        pending.append((out / name, pool.submit(_search_program, Path(source).read_bytes(), cache)))
                    else:
                        shutil.copyfile(source, out / name)
        for path, future in pending:
            path.write_bytes(future.result())
