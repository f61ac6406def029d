"""Index: Pagefind (the real binary, from the pagefind-bin package) over the pages' bodies only.

The bodies of the pages that carry ``data-pagefind-body`` are written at their own paths into a
scratch folder, and Pagefind indexes that folder into ``site/pagefind``. Pagefind never parses the
theme's chrome, which is three quarters of every page's bytes. (Pagefind's Python API would avoid
the files, but its wrapper waits 0.1 s per page: 17 minutes for 10,000 entries.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from wegweiser.swap import die_with_parent


class SearchIndexError(Exception):
    pass


def indexable(html: str) -> bool:
    return "data-pagefind-body" in html


def searchable_part(html: str) -> str:
    """The element marked ``data-pagefind-body`` (an <article>): all that Pagefind reads of a page."""
    start = html.find("<article", max(0, html.find("data-pagefind-body") - 200))
    end = html.find("</article>", start)
    return html[start:end + len("</article>")] if start >= 0 and end >= 0 else html


def search_document(html: str) -> str:
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"></head><body>{searchable_part(html)}'
            "</body></html>")


def write_search_input(url: str, html: str, scratch: Path) -> None:
    """Put a page's searchable part where Pagefind will read it (its own URL path below ``scratch``)."""
    target = scratch / url / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(search_document(html), encoding="utf-8")


def index_output(scratch: Path) -> Path:
    """Where Pagefind writes its index: next to its input, so in RAM when the input is."""
    return scratch.parent / (scratch.name + "-index")


@dataclass
class Indexer:
    process: subprocess.Popen[str]
    output: Path
    site_dir: Path

    def wait(self) -> None:
        stdout, stderr = self.process.communicate()
        if self.process.returncode != 0 or not (self.output / "pagefind.js").is_file():
            raise SearchIndexError(stderr.strip() or stdout.strip() or "Pagefind schrieb keinen Index.")
        if self.output != self.site_dir / "pagefind":
            shutil.copytree(self.output, self.site_dir / "pagefind")


def start_index(scratch: Path, site_dir: Path) -> Indexer:
    """Start Pagefind over the search input in ``scratch``; ``wait()`` for it before using the site.

    Pagefind writes next to its input (in RAM when ``scratch`` is) and the result is copied into the site:
    measured here, Pagefind writing 10,000 fragments straight to disk took 13.3 s, into RAM 7.6 s plus
    0.7 s to copy."""
    import pagefind_bin

    output = index_output(scratch)
    # Pagefind dies with the build, so a killed build leaves no writer behind (not with threads: preexec_fn is
    # unsafe there, and only the preview has threads).
    # Windows has no preexec_fn (and no fork): there Pagefind is stopped by the build's own clean-up.
    arm = die_with_parent() if threading.active_count() == 1 and os.name == "posix" else None
    process = subprocess.Popen([str(pagefind_bin.get_executable()), "--site", str(scratch), "--output-path",
                                str(output), "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=arm)
    return Indexer(process, output, site_dir)


def index_pages(pages: Iterable[tuple[str, str]], site_dir: Path, scratch: Path) -> int:
    """Index (url, page body) pairs into ``site_dir/pagefind`` in one go (used by the preview server)."""
    if scratch.exists():
        shutil.rmtree(scratch)
    count = 0
    for url, html in pages:
        write_search_input(url, html, scratch)
        count += 1
    indexer = start_index(scratch, site_dir)
    try:
        indexer.wait()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(indexer.output, ignore_errors=True)
    return count
