"""Build: load → validate → render pages → MkDocs → Pagefind, into a temporary folder swapped in at the end.

A failed or interrupted build leaves the previous site untouched. The output path is checked first
(``output_guard``): a build never replaces a folder it did not make. The temporary folders and the swap are in
``swap``; a build removes the leftovers of killed builds before it starts.

When only entry files changed since the site in the output folder was built, ``incremental`` updates that site in
place instead (its pages each replaced atomically; a build killed meanwhile leaves a site the next build builds
whole).
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import errno
import functools
import gc
import json
import os
import queue
import shutil
import signal
import tempfile
import threading
import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from wegweiser.check.validate import load_and_validate
from wegweiser.content.loading import load_cached
from wegweiser.content.records import Content
from wegweiser.core import folder_swap, processes
from wegweiser.core.cache import EntryCache, cache_folder, program_fingerprint, site_fingerprint
from wegweiser.core.file_states import Inputs, content_files
from wegweiser.core.output_guard import Kind, check_output, mark, marked_details, os_error_details
from wegweiser.core.problems import ContentError, Loc, Problems
from wegweiser.model.entries import Eintrag
from wegweiser.render.page_builder import Page, PageBuilder, language_builders
from wegweiser.render.urls import PRINT_DIR
from wegweiser.search.index import PageMessages, SearchIndex, indexable
from wegweiser.site.incremental import (
    BUILD,
    BY_CONTENT,
    FINGERPRINT,
    PAGES,
    SiteState,
    forget_state,
    load_state,
    save_state,
    site_intact,
    update_site,
)
from wegweiser.site.mkdocs_adapter import Shells
from wegweiser.site.old_urls import RECORD, Recorded
from wegweiser.site.old_urls import plan as plan_addresses


@dataclass
class BuildReport:
    content: Content
    problems: Problems
    out_dir: Path
    pages: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    shells: Shells | None = None  # the theme's page shapes, for re-rendering single pages (preview)
    urls: list[str] = field(default_factory=list)  # every page published (for content/adressen.txt)
    unchanged: bool = False  # nothing the site comes from changed since it was built: it was left as it is
    written: int = 0  # pages written (all of them, or those an incremental build re-rendered)
    inputs: Inputs = field(default_factory=lambda: Inputs({}, {}, frozenset()))  # the files as the build found them
    extra: str = ""  # what else the site depends on (``_extra``)


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def build_site(root: Path, out_dir: Path, today: date, progress: Progress = _quiet,
               reuse: bool = True) -> BuildReport:
    """Build the website of the content folder ``root`` into ``out_dir``; raises ContentError on errors,
    OutputRefused when ``out_dir`` is not a place for a site, OSError (with the path) when the machine fails.

    With ``reuse``, a site in ``out_dir`` built from exactly the same inputs (``cache.site_fingerprint``) is left
    as it is (the content is still loaded and checked, so its warnings are reported)."""
    out_dir = check_output(out_dir, Kind.SITE, root)
    try:
        return _build(root, out_dir, today, progress, reuse)
    except OSError as exc:
        # Name the target, not a temporary file in it (or nothing, as a write that found the disk full does).
        # A copy that fills the disk may name its source (a theme file): the full disk is the target's.
        number, path = os_error_details(exc)
        full = number in (errno.ENOSPC, errno.EDQUOT) and path is not None and not path.startswith(str(folder_swap.SHM))
        if number is not None and (path is None or folder_swap.work_prefix(out_dir) in path or full):
            raise OSError(number, os.strerror(number), str(out_dir)) from exc
        raise


def _build(root: Path, out_dir: Path, today: date, progress: Progress, reuse: bool) -> BuildReport:
    from wegweiser.site.mkdocs_adapter import build_themes, write_sitemap

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    progress("Inhalte laden und prüfen …")
    recorded = marked_details(out_dir, Kind.SITE) if reuse else {}
    by_content = _by_content(recorded)
    # The files' states before reading them: a file saved meanwhile differs from its state, and the next build builds
    # it. The racy ones (and those the site's fingerprint has by their bytes) are hashed as well.
    inputs = content_files(root, by_content)
    cache = EntryCache.open(cache_folder(root))
    content, problems = load_and_validate(root, today, functools.partial(load_cached, cache=cache))
    _warn_without_map_library(content, problems)
    seconds["laden_pruefen"] = time.perf_counter() - started
    if problems.errors:
        raise ContentError(problems)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    # The temporary folders sit next to the target (inside it for a mount point) so that the final rename
    # stays on one file system.
    parent = folder_swap.work_parent(out_dir)
    folder_swap.remove_leftovers(parent, folder_swap.work_prefix(out_dir))
    if parent != out_dir and out_dir.is_dir():
        folder_swap.remove_leftovers(out_dir, folder_swap.work_prefix(out_dir))
    for ram in (folder_swap.SHM, Path(tempfile.gettempdir())):  # the index's blocks go to the second without the first
        folder_swap.remove_leftovers(ram, folder_swap.SHM_PREFIX)
    extra = _extra()
    details = marker_details(today, extra, inputs.recorded())
    keep_state = reuse and cache.folder is not None
    if reuse:
        same = recorded.get(FINGERPRINT) == site_fingerprint(today, extra, inputs.states(by_content))
        if same and site_intact(out_dir) and recorded.get(PAGES, "").isdigit():
            if inputs.racy != set(by_content):  # files no longer racy need not be hashed by every later build
                _record_inputs(root, out_dir, recorded, inputs.recorded(), today, extra)
            seconds["gesamt"] = time.perf_counter() - started
            return BuildReport(content, problems, out_dir, int(recorded[PAGES]), seconds, unchanged=True,
                               inputs=inputs, extra=extra)
    if keep_state:
        progress("Geänderte Seiten suchen …")
        state = load_state(root)
        forget_state(root)  # whatever happens now, the site is no longer the one it describes
        updated = update_site(content, out_dir, today, inputs, details, extra, cache, state)
        if updated is not None:
            save_state(root, updated.state, content, cache)
            seconds["gesamt"] = time.perf_counter() - started
            return BuildReport(content, problems, out_dir, updated.state.pages, seconds, updated.state.shells,
                               updated.state.urls, written=len(updated.written), inputs=inputs, extra=extra)

    work = folder_swap.owned_temp_folder(folder_swap.work_prefix(out_dir), parent)
    workers: list[Any] = []  # the workers and Pagefind are stopped before their folders are removed
    writer: _EntryWriter | None = None
    index: SearchIndex | None = None
    try:
        new_site = work / "site"
        builders = language_builders(content, today)
        # Pagefind starts now and indexes each page as soon as it is rendered
        index = SearchIndex([b.sprache.lang for b in builders], new_site)
        builder = builders[0]

        step = time.perf_counter()
        # The workers start on the entry pages at once; the theme and the overview pages are made meanwhile.
        writer = _EntryWriter(builders, new_site, index)
        workers = writer.processes
        writer.start()
        progress("Theme vorbereiten …")
        # Each overview page goes to the index as soon as it is rendered and waits for its shell compressed: the
        # topic pages of 10,000 entries in three languages are 200 MB of HTML.
        overview = [_Kept.keep(page, index) for b in builders for page in b.overview_pages()]
        deps = {kept.stub.url: kept.stub.deps for kept in overview} if keep_state else {}
        gc.collect()
        _release_freed_memory()  # what rendering them took
        for b in builders:
            b.drop_caches()
        stubs = [page for b in builders for page in b.entry_stubs()]
        published_urls = [kept.stub.url for kept in overview] + [p.url for p in stubs]
        old_addresses = plan_addresses(content, published_urls, builder.published.entries, problems)
        shells = build_themes([*(kept.stub for kept in overview), *stubs, *old_addresses.stubs()],
                              {b.sprache.code: b.site for b in builders}, builder.sprachen, new_site, work)
        seconds["mkdocs"] = time.perf_counter() - step

        step = time.perf_counter()
        progress(f"{len(stubs)} Eintragsseiten erzeugen …")
        writer.theme_in.set()
        writer.send_shells(shells)
        for kept in overview:
            shells.write(kept.page(), new_site)
            kept.compressed = b""
        # The languages' indexes are written from now on, while the workers render: Pagefind needs the most memory
        # then, so the build hands back what the overview pages took first.
        gc.collect()
        _release_freed_memory()
        writer.overview_done()
        writer.finish(shells)
        page_count = len(overview) + len(stubs)
        write_sitemap(published_urls, content.site, new_site, builder.sprachen)
        old_addresses.write(shells, new_site)  # redirects and "gibt es nicht mehr" pages for old addresses
        seconds["seiten"] = time.perf_counter() - step
        if keep_state:  # what each entry page shows besides its entry (cheap: nothing is rendered)
            deps.update((b.urls.entry_url(e), b.entry_deps(e)) for b in builders for e in b.published.entries)
        # Pagefind needs most of the memory budget on its own: hand back what the pages used first.
        writer.builders, writer.jobs = [], []  # the writer stays until the end (see finally)
        del builder, builders, overview, stubs
        gc.collect()
        _release_freed_memory()

        step = time.perf_counter()
        progress("Suchindex schreiben …")
        index.write(new_site)
        seconds["pagefind"] = time.perf_counter() - step

        build = uuid.uuid4().hex
        _swap(new_site, out_dir, work, {**details, PAGES: str(page_count), BUILD: build})
        if keep_state:
            save_state(root, SiteState(program_fingerprint(), build, extra, today.isoformat(), details[FINGERPRINT],
                                       inputs.recorded(), deps, shells, index.numbers, page_count,
                                       published_urls), content, cache)
    finally:
        _stop(workers, index)
        if writer is not None:
            writer.stop()  # its thread may be copying a block into the folder about to be removed
        shutil.rmtree(work, ignore_errors=True)
    seconds["gesamt"] = time.perf_counter() - started
    return BuildReport(content, problems, out_dir, page_count, seconds, shells, published_urls, written=page_count,
                       inputs=inputs, extra=extra)


def _warn_without_map_library(content: Content, problems: Problems) -> None:
    """A site with ``karte`` but no Leaflet gets no maps: say so instead of dropping them in silence."""
    from wegweiser.render.page_builder import LEAFLET, map_library_available

    site = content.site
    if site and site.karte and not map_library_available():
        where = site.locs.get("karte") or Loc(site.source or "content/site.yaml")
        problems.warning(where, f"Kartenbibliothek Leaflet fehlt: {LEAFLET / 'leaflet.js'} gibt es nicht. "
                         "Karten werden nicht angezeigt.",
                         "Führen Sie im Programmordner „npm install“ (oder „make install“) aus und bauen Sie neu.")


def _stop(workers: list[Any], index: SearchIndex | None) -> None:
    """Kill what still runs (after an error, Ctrl+C or SIGTERM), so that nothing writes into a removed folder."""
    for process in workers:
        if process.is_alive():
            process.kill()
        process.join()
    if index is not None:
        index.close()


def _release_freed_memory() -> None:
    """Ask glibc to return freed heap pages to the system (it keeps them otherwise)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


@dataclass
class _Kept:
    """A rendered page without its HTML, which is kept compressed until the page can be written."""

    stub: Page
    compressed: bytes

    @classmethod
    def keep(cls, page: Page, index: SearchIndex | None = None) -> _Kept:
        """``page`` kept compressed; with ``index``, indexed first."""
        if index is not None:
            index.add(page.url, page.html, page.sprache.lang)
        return cls(dataclasses.replace(page, html=""), zlib.compress(page.html.encode("utf-8"), 1))

    def page(self) -> Page:
        return dataclasses.replace(self.stub, html=zlib.decompress(self.compressed).decode("utf-8"))


class _EntryWriter:
    """Renders and writes the entry pages, in forked workers when there are many.

    The workers start before the theme exists: each renders its pages and sends them to the search index at once (a
    worker encodes its pages' messages, the build passes them on to Pagefind, which indexes meanwhile), and writes
    them as soon as the build sends the theme's shells. The workers go through the languages in the same order, so
    one language is complete after another, and its index is written while the next is rendered."""

    BATCH = 64  # pages per hand-over from a worker to the build

    def __init__(self, builders: list[PageBuilder], site: Path, index: SearchIndex) -> None:
        self.builders, self.site, self.index = builders, site, index
        total = sum(len(b.published.entries) for b in builders)
        many = total >= 500 and processes.fork_context() is not None
        self.workers = max(1, min(os.cpu_count() or 1, 4)) if many else 1
        # each worker's entry pages, language after language: (builder number, entry)
        self.jobs = [[(number, entry) for number, builder in enumerate(builders)
                      for entry in builder.published.entries[worker::self.workers]] for worker in range(self.workers)]
        self.processes: list[Any] = []
        self.shell_pipes: list[Any] = []  # the build's ends, one per worker
        self.failed: Any = None
        self.threads: list[threading.Thread] = []
        self.errors: list[BaseException] = []  # of the threads, raised by finish()
        self.languages_done: queue.Queue[str | None] = queue.Queue()
        self.overview_in = threading.Event()
        self.theme_in = threading.Event()

    def _work(self, jobs: list[tuple[int, Eintrag]], sender: int, ids: dict[tuple[str, int], int], channel: Any,
              shell_pipe: Any, failed: Any, arm: Callable[[], None]) -> None:
        arm()  # a worker whose build was killed stops at once instead of writing on
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the build's handler is for the build, not its workers
        messages = PageMessages(self.index.langs, sender, lambda lang, block: ids[(lang, block)])
        batch: list[bytes] = []
        waiting: list[_Kept] = []  # rendered before the shells came
        shells: Shells | None = None

        def hand_over() -> None:
            nonlocal batch
            if batch:
                channel.put(b"".join(batch))
            batch = []
            if messages.closed:  # after their last pages
                channel.put((sender, messages.take_closed()))

        try:
            for position, (number, entry) in enumerate(jobs):
                page = self.builders[number].entry_page(entry)
                if indexable(page.html):
                    batch.append(messages.add(page.url, page.html, page.sprache.lang))
                    if len(batch) >= self.BATCH or messages.closed:
                        hand_over()
                if position + 1 == len(jobs) or jobs[position + 1][0] != number:
                    messages.close(self.builders[number].sprache.lang)
                    hand_over()
                    channel.put(self.builders[number].sprache.lang)  # this worker is through with the language
                if shells is None and shell_pipe.poll():
                    shells = shell_pipe.recv()
                if shells is None:
                    waiting.append(_Kept.keep(page))
                    continue
                for early in waiting:
                    shells.write(early.page(), self.site)
                waiting = []
                shells.write(page, self.site)
            channel.put(None)
            if waiting:
                shells = shells or shell_pipe.recv()
                for early in waiting:
                    shells.write(early.page(), self.site)
        except OSError as exc:  # e.g. disk full: the parent reports it with the path
            failed.put((exc.errno, exc.strerror, exc.filename))
            channel.put(None)
            raise SystemExit(1) from None

    def _forward(self, channel: Any) -> None:
        """In a thread of the build: pass the workers' pages on to Pagefind until every worker is done; a block a
        worker closed, and a language that every worker is through with, go to the index writer."""
        done = 0
        through: dict[str, int] = {}
        try:
            while done < len(self.processes):
                item = channel.get()
                if item is None:
                    done += 1
                elif isinstance(item, str):
                    through[item] = through.get(item, 0) + 1
                    if through[item] == len(self.processes):
                        self.languages_done.put(item)
                elif isinstance(item, tuple):
                    self.index.closed(*item)
                    self.languages_done.put("")  # a block to write
                else:
                    self.index.send_encoded(item)
        except BaseException as exc:
            self.errors.append(exc)
        finally:
            self.languages_done.put(None)

    def _write_indexes(self) -> None:
        """In a thread of the build: write each block of pages as soon as it is complete, while the workers render
        on, and merge each language's index once all its pages are in, except the last one's: the build merges that
        after it has handed back the pages' memory."""
        try:
            # MkDocs empties the site's folder when it builds the theme: the blocks' result files go in after that
            self.theme_in.wait()
            while (lang := self.languages_done.get()) is not None:
                if not lang:
                    self.index.write_blocks()
                elif lang != self.index.langs[-1]:
                    self.overview_in.wait()  # the overview pages of the language are in (the build's blocks)
                    self.index.write_language(lang)
        except BaseException as exc:
            self.errors.append(exc)

    def start(self) -> None:
        if self.workers == 1:
            return
        context = processes.fork_context()
        assert context is not None  # self.workers > 1 only with fork
        channel = context.SimpleQueue()
        self.failed = context.SimpleQueue()
        arm = processes.die_with_parent()
        # The workers share the loaded content with the build until they write to it; the garbage collector
        # writes to every object it visits (copying the build's memory page by page into each worker), unless the
        # objects that exist now are left out of its rounds. The build itself unfreezes them once the workers
        # exist: frozen objects are never collected, and the preview builds again and again in one process.
        gc.freeze()
        for sender, jobs in enumerate(self.jobs, start=1):
            receiver, sender_end = context.Pipe(duplex=False)
            pages = collections.Counter(self.builders[number].sprache.lang for number, _entry in jobs)
            ids = self.index.reserve(sender, dict(pages))
            process = context.Process(target=self._work, daemon=True,
                                      args=(jobs, sender, ids, channel, receiver, self.failed, arm))
            process.start()
            receiver.close()
            self.processes.append(process)
            self.shell_pipes.append(sender_end)
        gc.unfreeze()
        self.threads = [threading.Thread(target=self._forward, args=(channel,), daemon=True),
                        threading.Thread(target=self._write_indexes, daemon=True)]
        for thread in self.threads:
            thread.start()

    def send_shells(self, shells: Shells) -> None:
        for pipe in self.shell_pipes:
            with contextlib.suppress(OSError):  # the worker ended (an error it reports itself)
                pipe.send(shells)
            pipe.close()

    def stop(self) -> None:
        """After the workers and Pagefind: let the index writer's thread end (after an error it may wait for the
        theme or be writing a block) and wait for it."""
        self.theme_in.set()
        self.overview_in.set()
        self.languages_done.put(None)
        for thread in self.threads[1:]:
            thread.join(timeout=10)

    def overview_done(self) -> None:
        """The build has indexed and written the overview pages: its blocks are closed, and languages may be
        written from now on."""
        if self.workers > 1:
            self.index.close_own()
            self.languages_done.put("")
        self.overview_in.set()

    def finish(self, shells: Shells) -> None:
        if self.workers == 1:
            for number, entry in self.jobs[0]:
                page = self.builders[number].entry_page(entry)
                self.index.add(page.url, page.html, page.sprache.lang)
                shells.write(page, self.site)
            return
        for process in self.processes:
            process.join()
            if process.exitcode != 0 and self.failed is not None and not self.failed.empty():
                number, text, filename = self.failed.get()
                raise OSError(number, text, filename)
            if process.exitcode != 0:
                raise RuntimeError(f"Ein Arbeitsprozess ist mit Code {process.exitcode} abgebrochen.")
        for thread in self.threads:
            thread.join()
        if self.errors:
            raise self.errors[0]


def _extra() -> str:
    """What the site depends on besides the content and the program: whether the map and QR libraries are there."""
    from wegweiser.core.resources import qrcode_js
    from wegweiser.render.page_builder import map_library_available

    return f"karten={map_library_available()} qr={qrcode_js().is_file()}"


def marker_details(today: date, extra: str, files: dict[str, str]) -> dict[str, str]:
    """What the site's marker says about the inputs the site is built from (``Inputs.recorded``): their fingerprint,
    and which files it has by their bytes (the next build hashes those to compare)."""
    return {FINGERPRINT: site_fingerprint(today, extra, files),
            BY_CONTENT: json.dumps(sorted(path for path, state in files.items() if " #" in state))}


def _by_content(recorded: dict[str, str]) -> list[str]:
    """The files a site's fingerprint has by their bytes (``marker_details``; none if the marker is damaged: then
    the fingerprint does not match, and the site is built again)."""
    try:
        paths = json.loads(recorded.get(BY_CONTENT, "[]"))
    except ValueError:
        return []
    return [path for path in paths if isinstance(path, str)] if isinstance(paths, list) else []


def after_recording_addresses(root: Path, report: BuildReport, today: date, record: Recorded) -> None:
    """The build's addresses were added to ``content/adressen.txt`` (by the command, after the build): a record that
    grew by published addresses only changes no page, so the site counts as built from the record as the command
    wrote it, if the command read it as the build found it. Every other file keeps the state the build found it in:
    one saved meanwhile is built by the next build."""
    files = report.inputs.recorded()
    place = os.path.normpath(RECORD)
    marked = marked_details(report.out_dir, Kind.SITE)
    as_built = record.read.matches(files.get(place)) if record.read is not None else place not in files
    if marked.get(FINGERPRINT) != marker_details(today, report.extra, files)[FINGERPRINT] or not as_built or \
            record.written is None:
        return  # not the site of this build (any more), or a record changed meanwhile: the next build builds it
    files[place] = record.written.recorded()
    _record_inputs(root, report.out_dir, marked, files, today, report.extra)


def _record_inputs(root: Path, site: Path, marked: dict[str, str], files: dict[str, str], today: date,
                   extra: str) -> None:
    """Say in the marker of ``site`` (whose details are ``marked``), and in the state the next build reads, that the
    site is built from ``files`` (``Inputs.recorded``). Killed in between, the state does not match the marker, and
    the next build builds the whole site."""
    details = marker_details(today, extra, files)
    mark(site, Kind.SITE, {**marked, **details})
    state = load_state(root)
    if state is not None and (state.fingerprint, state.build) == (marked.get(FINGERPRINT), marked.get(BUILD)):
        state.files, state.fingerprint = files, details[FINGERPRINT]
        save_state(root, state)


def _swap(new_site: Path, out_dir: Path, work: Path, details: dict[str, str]) -> None:
    """Put the new site in place (one atomic exchange where the kernel can); the old one is removed with ``work``.

    The booklets in ``druck/`` are written by ``wegweiser print``, not by the build: they move over.
    """
    kept = out_dir / PRINT_DIR
    if kept.is_dir() and not (new_site / PRINT_DIR).exists():
        shutil.copytree(kept, new_site / PRINT_DIR)
    mark(new_site, Kind.SITE, details)
    folder_swap.replace_folder(new_site, out_dir, work)
