"""Build: load → validate → render pages → MkDocs → Pagefind, into a temporary folder swapped in at the end.

A failed or interrupted build leaves the previous site untouched. The output path is checked first
(``output_guard``): a build never replaces a folder it did not make. The temporary folders and the swap are in
``swap``; a build removes the leftovers of killed builds before it starts.
"""

from __future__ import annotations

import errno
import gc
import os
import shutil
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from wegweiser import swap
from wegweiser.adressen import plan as plan_addresses
from wegweiser.content import Content
from wegweiser.mkdocs_adapter import Shells
from wegweiser.model import Eintrag
from wegweiser.output_guard import Kind, check_output, mark, os_error_details
from wegweiser.problems import ContentError, Loc, Problems
from wegweiser.search import index_output, indexable, start_index, write_search_input
from wegweiser.site_pages import Page, PageBuilder
from wegweiser.urls import PRINT_DIR
from wegweiser.validate import load_and_validate


@dataclass
class BuildReport:
    content: Content
    problems: Problems
    out_dir: Path
    pages: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    shells: Shells | None = None  # the theme's page shapes, for re-rendering single pages (preview)
    urls: list[str] = field(default_factory=list)  # every page published (for content/adressen.txt)


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def build_site(root: Path, out_dir: Path, today: date, progress: Progress = _quiet) -> BuildReport:
    """Build the website of the content folder ``root`` into ``out_dir``; raises ContentError on errors,
    OutputRefused when ``out_dir`` is not a place for a site, OSError (with the path) when the machine fails."""
    out_dir = check_output(out_dir, Kind.SITE, root)
    try:
        return _build(root, out_dir, today, progress)
    except OSError as exc:
        # Name the target, not a temporary file in it (or nothing, as a write that found the disk full does).
        # A copy that fills the disk may name its source (a theme file): the full disk is the target's.
        number, path = os_error_details(exc)
        full = number in (errno.ENOSPC, errno.EDQUOT) and path is not None and not path.startswith(str(swap.SHM))
        if number is not None and (path is None or swap.work_prefix(out_dir) in path or full):
            raise OSError(number, os.strerror(number), str(out_dir)) from exc
        raise


def _build(root: Path, out_dir: Path, today: date, progress: Progress) -> BuildReport:
    from wegweiser.mkdocs_adapter import build_theme, write_sitemap

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    progress("Inhalte laden und prüfen …")
    content, problems = load_and_validate(root, today)
    _warn_without_map_library(content, problems)
    seconds["laden_pruefen"] = time.perf_counter() - started
    if problems.errors:
        raise ContentError(problems)

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    # The temporary folders sit next to the target (inside it for a mount point) so that the final rename
    # stays on one file system.
    parent = swap.work_parent(out_dir)
    swap.remove_leftovers(parent, swap.work_prefix(out_dir))
    if parent != out_dir and out_dir.is_dir():
        swap.remove_leftovers(out_dir, swap.work_prefix(out_dir))
    swap.remove_leftovers(swap.SHM, swap.SHM_PREFIX)
    work = swap.owned_temp_folder(swap.work_prefix(out_dir), parent)
    scratch = _scratch(work)
    workers: list[Any] = []  # the workers and Pagefind are stopped before their folders are removed
    pagefind: Any = None
    try:
        new_site = work / "site"
        builder = PageBuilder(content, today)

        step = time.perf_counter()
        progress("Theme vorbereiten …")
        overview = list(builder.overview_pages())
        stubs = builder.entry_stubs()
        published_urls = [p.url for p in overview] + [p.url for p in stubs]
        old_addresses = plan_addresses(content, published_urls, builder.published.entries, problems)
        shells = build_theme([*overview, *stubs, *old_addresses.stubs()], content.site, new_site, work)
        seconds["mkdocs"] = time.perf_counter() - step

        step = time.perf_counter()
        progress(f"{len(stubs)} Eintragsseiten erzeugen …")
        for page in overview:
            _write_search_input(page, scratch)
        writer = _EntryWriter(builder, shells, new_site, scratch)
        workers = writer.processes
        writer.render()
        writer.finish()  # the workers exit before Pagefind starts: together they would pass 1 GiB at 10,000
        seconds["seiten"] = time.perf_counter() - step

        for page in overview:
            shells.write(page, new_site)
        page_count = len(overview) + len(stubs)
        write_sitemap(published_urls, content.site, new_site)
        old_addresses.write(shells, new_site)  # redirects and "gibt es nicht mehr" pages for old addresses
        # Pagefind needs most of the memory budget on its own: hand back what the pages used first.
        del writer, builder, overview, stubs
        gc.collect()
        _release_freed_memory()

        step = time.perf_counter()
        progress("Suchindex erstellen …")
        indexer = start_index(scratch, new_site)
        pagefind = indexer.process
        indexer.wait()
        seconds["pagefind"] = time.perf_counter() - step

        _swap(new_site, out_dir, work)
    finally:
        _stop(workers, pagefind)
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(index_output(scratch), ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    seconds["gesamt"] = time.perf_counter() - started
    return BuildReport(content, problems, out_dir, page_count, seconds, shells, published_urls)


def _warn_without_map_library(content: Content, problems: Problems) -> None:
    """A site with ``karte`` but no Leaflet gets no maps: say so instead of dropping them in silence."""
    from wegweiser.site_pages import LEAFLET, map_library_available

    site = content.site
    if site and site.karte and not map_library_available():
        where = site.locs.get("karte") or Loc(site.source or "content/site.yaml")
        problems.warning(where, f"Kartenbibliothek Leaflet fehlt: {LEAFLET / 'leaflet.js'} gibt es nicht. "
                         "Karten werden nicht angezeigt.",
                         "Führen Sie im Programmordner „npm install“ (oder „make install“) aus und bauen Sie neu.")


def _stop(workers: list[Any], pagefind: Any) -> None:
    """Kill what still runs (after an error, Ctrl+C or SIGTERM), so that nothing writes into a removed folder."""
    for process in workers:
        if process.is_alive():
            process.kill()
        process.join()
    if pagefind is not None and pagefind.poll() is None:
        pagefind.kill()
        pagefind.wait()


def _release_freed_memory() -> None:
    """Ask glibc to return freed heap pages to the system (it keeps them otherwise)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


def _write_search_input(page: Page, scratch: Path) -> None:
    if indexable(page.html):
        write_search_input(page.url, page.html, scratch)


class _EntryWriter:
    """Renders entry pages in forked workers. Each worker first writes its pages' search input (into RAM)
    and reports; then it writes the finished pages to disk while Pagefind already indexes."""

    def __init__(self, builder: PageBuilder, shells: Shells, site: Path, scratch: Path) -> None:
        self.builder, self.shells, self.site, self.scratch = builder, shells, site, scratch
        many = len(builder.published.entries) >= 500 and swap.fork_context() is not None
        self.workers = max(1, min(os.cpu_count() or 1, 4)) if many else 1
        self.processes: list[Any] = []
        self.pending: list[Page] = []
        self.failed: Any = None

    def _work(self, entries: list[Eintrag], ready: Any, failed: Any, arm: Callable[[], None]) -> None:
        arm()  # a worker whose build was killed stops at once instead of writing on
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the build's handler is for the build, not its workers
        try:
            pages = [self.builder.entry_page(entry) for entry in entries]
            for page in pages:
                _write_search_input(page, self.scratch)
            ready.put(len(pages))
            for page in pages:
                self.shells.write(page, self.site)
        except OSError as exc:  # e.g. disk full: the parent reports it with the path
            failed.put((exc.errno, exc.strerror, exc.filename))
            ready.put(0)
            raise SystemExit(1) from None

    def render(self) -> None:
        entries = self.builder.published.entries
        if self.workers == 1:
            self.pending = [self.builder.entry_page(entry) for entry in entries]
            for page in self.pending:
                _write_search_input(page, self.scratch)
            return
        context = swap.fork_context()
        assert context is not None  # self.workers > 1 only with fork
        ready = context.SimpleQueue()
        self.failed = context.SimpleQueue()
        size = -(-len(entries) // self.workers)
        arm = swap.die_with_parent()
        for start in range(0, len(entries), size):
            process = context.Process(target=self._work, args=(entries[start:start + size], ready, self.failed, arm),
                                      daemon=True)
            process.start()
            self.processes.append(process)
        for _ in self.processes:
            ready.get()

    def finish(self) -> None:
        for page in self.pending:
            self.shells.write(page, self.site)
        for process in self.processes:
            process.join()
            if process.exitcode != 0 and self.failed is not None and not self.failed.empty():
                number, text, filename = self.failed.get()
                raise OSError(number, text, filename)
            if process.exitcode != 0:
                raise RuntimeError(f"Ein Arbeitsprozess ist mit Code {process.exitcode} abgebrochen.")


def _scratch(work: Path) -> Path:
    """A folder for Pagefind's input: in RAM (/dev/shm) where there is one, because its thousands of small
    files are written once, read once and deleted; on a disk mounted with `discard` that churn costs seconds."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return swap.owned_temp_folder(swap.SHM_PREFIX, shm)
    return work / "suchindex"


def _swap(new_site: Path, out_dir: Path, work: Path) -> None:
    """Put the new site in place (one atomic exchange where the kernel can); the old one is removed with ``work``.

    The booklets in ``druck/`` are written by ``wegweiser print``, not by the build: they move over.
    """
    kept = out_dir / PRINT_DIR
    if kept.is_dir() and not (new_site / PRINT_DIR).exists():
        shutil.copytree(kept, new_site / PRINT_DIR)
    mark(new_site, Kind.SITE)
    swap.replace_folder(new_site, out_dir, work)
