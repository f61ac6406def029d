"""``python -m wegweiser.search.prepack`` (run by ``make install``): Pagefind's search programs, compressed once.

Every build puts Pagefind's search program (``wasm.<lang>.pagefind``, 70 KB, one per stemming language) into the
site, compressed again with zopfli (``bundle``): 3.3 CPU-seconds per language, in every build without a cache (CI,
a fresh machine, ``make site`` after ``make install``). The program is the same file for a Pagefind version, so it
is compressed here once, for every language the guide knows, into ``prepacked_folder()`` beside the installed
program; ``bundle`` looks there first, then in the build cache, and compresses only a program it finds in neither
(another Pagefind version)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from wegweiser.core.cache import CACHE_ENV
from wegweiser.i18n.languages import BEKANNT
from wegweiser.search.bundle import prepacked_folder
from wegweiser.search.index import index_pages


def main() -> int:
    started = time.perf_counter()
    folder = prepacked_folder()
    # BundleCopy keeps compressed programs in <cache>/pagefind: here that is the folder beside the program
    os.environ[CACHE_ENV] = str(folder.parent)
    langs = sorted({lang for lang, *_rest in BEKANNT.values()})
    pages = [(f"/{lang}/", f'<html lang="{lang}"><body><article data-pagefind-body><h1>Familie {lang}</h1>'
                           "</article></body></html>", lang) for lang in langs]
    with tempfile.TemporaryDirectory(prefix="wegweiser-prepack-") as temporary:
        index_pages(pages, Path(temporary))
    found = sorted(folder.glob("*.gz"))
    for path in found:  # as the installed program: readable by every user who builds with it
        path.chmod(0o644)
    print(f"Pagefinds Suchprogramm für {len(langs)} Sprachen vorbereitet ({len(found)} Dateien in {folder}, "
          f"{time.perf_counter() - started:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
