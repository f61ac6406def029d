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
from wegweiser.search.vocabulary import write_vocabularies
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
from wegweiser.site.offline import write_offline
from wegweiser.site.old_urls import RECORD, OldAddresses, Recorded
from wegweiser.site.old_urls import plan as plan_addresses
from wegweiser.site.open_data import OpenDataExport
from wegweiser.site.subscriptions import write_subscriptions


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
    """The build as a list of phases (as MkDocs' ``build()``): load and check, then leave an unchanged site as it
    is, or update it in place, or render it whole (pages, theme, entry pages, search index) and swap it in."""
    run = _Run(root, out_dir, today, progress, reuse)
    content, problems = run.load_and_check()
    run.remove_leftovers()
    report = run.unchanged(content, problems) or run.updated(content, problems)
    if report is None:
        report = _FullBuild(run, content, problems).run()
    report.seconds["gesamt"] = time.perf_counter() - run.started
    return report


class _Run:
    """What every phase of one build shares: where it reads and writes, the files as it found them, the cache."""

    def __init__(self, root: Path, out_dir: Path, today: date, progress: Progress, reuse: bool) -> None:
        self.root, self.out_dir, self.today, self.progress, self.reuse = root, out_dir, today, progress, reuse
        self.started = time.perf_counter()
        self.seconds: dict[str, float] = {}
        self.recorded = marked_details(out_dir, Kind.SITE) if reuse else {}
        self.by_content = _by_content(self.recorded)
        self.cache = EntryCache.open(cache_folder(root))
        self.keep_state = reuse and self.cache.folder is not None
        self.extra = ""
        self.inputs = Inputs({}, {}, frozenset())
        self.details: dict[str, str] = {}
        # The temporary folders sit next to the target (inside it for a mount point) so that the final rename
        # stays on one file system.
        self.parent = folder_swap.work_parent(out_dir)

    def load_and_check(self) -> tuple[Content, Problems]:
        """Phase 1: the files' states before reading them (a file saved meanwhile differs from its state, and the
        next build builds it; the racy ones, and those the site's fingerprint has by their bytes, are hashed as
        well), then the content loaded and checked; errors stop the build here."""
        self.progress("Inhalte laden und prüfen …")
        self.inputs = content_files(self.root, self.by_content)
        content, problems = load_and_validate(self.root, self.today, functools.partial(load_cached, cache=self.cache))
        _warn_without_map_library(content, problems)
        self.seconds["laden_pruefen"] = time.perf_counter() - self.started
        if problems.errors:
            raise ContentError(problems)
        self.extra = _extra()
        self.details = marker_details(self.today, self.extra, self.inputs.recorded())
        return content, problems

    def remove_leftovers(self) -> None:
        """What killed builds left: their work folders beside (or in) the target and the index's RAM folders."""
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        prefix = folder_swap.work_prefix(self.out_dir)
        folder_swap.remove_leftovers(self.parent, prefix)
        if self.parent != self.out_dir and self.out_dir.is_dir():
            folder_swap.remove_leftovers(self.out_dir, prefix)
        for ram in (folder_swap.SHM, Path(tempfile.gettempdir())):  # the index's blocks go to the second without
            folder_swap.remove_leftovers(ram, folder_swap.SHM_PREFIX)  # the first

    def report(self, content: Content, problems: Problems, pages: int, **more: Any) -> BuildReport:
        return BuildReport(content, problems, self.out_dir, pages, self.seconds, inputs=self.inputs,
                           extra=self.extra, **more)

    def unchanged(self, content: Content, problems: Problems) -> BuildReport | None:
        """Phase 2: a site built from exactly these inputs stays as it is."""
        if not self.reuse:
            return None
        recorded = self.recorded
        same = recorded.get(FINGERPRINT) == site_fingerprint(self.today, self.extra,
                                                             self.inputs.states(self.by_content))
        if not (same and site_intact(self.out_dir) and recorded.get(PAGES, "").isdigit()):
            return None
        if self.inputs.racy != set(self.by_content):  # files no longer racy need not be hashed by every later build
            _record_inputs(self.root, self.out_dir, recorded, self.inputs.recorded(), self.today, self.extra)
        return self.report(content, problems, int(recorded[PAGES]), unchanged=True)

    def updated(self, content: Content, problems: Problems) -> BuildReport | None:
        """Phase 3: only entry files changed since the kept state: the site is updated in place (``incremental``)."""
        if not self.keep_state:
            return None
        self.progress("Geänderte Seiten suchen …")
        state = load_state(self.root)
        forget_state(self.root)  # whatever happens now, the site is no longer the one it describes
        updated = update_site(content, self.out_dir, self.today, self.inputs, self.details, self.extra, self.cache,
                              state)
        if updated is None:
            return None
        save_state(self.root, updated.state, content, self.cache)
        return self.report(content, problems, updated.state.pages, shells=updated.state.shells,
                           urls=updated.state.urls, written=len(updated.written))


class _FullBuild:
    """Phase 4, the whole site into a work folder: the entry pages' workers start at once; meanwhile the overview
    pages are rendered and the theme is built; then the entry pages are written, the search index, and the new
    site is swapped in. Pagefind needs most of the memory budget on its own: each phase hands back what it used."""

    def __init__(self, run: _Run, content: Content, problems: Problems) -> None:
        self.shared, self.content, self.problems = run, content, problems
        self.work = folder_swap.owned_temp_folder(folder_swap.work_prefix(run.out_dir), run.parent)
        self.new_site = self.work / "site"
        self.workers: list[Any] = []  # the workers and Pagefind are stopped before their folders are removed
        self.writer: _EntryWriter | None = None
        self.index: SearchIndex | None = None
        self.deps: dict[str, set[str]] = {}
        self.published_urls: list[str] = []  # every page's address, in the sitemap's order (``theme``)

    def run(self) -> BuildReport:
        try:
            builders = language_builders(self.content, self.shared.today)
            # Pagefind starts now and indexes each page as soon as it is rendered
            index = self.index = SearchIndex([b.sprache.lang for b in builders], self.new_site)
            writer = self.writer = _EntryWriter(builders, self.new_site, index)
            self.workers = writer.processes
            writer.start()
            # the open data beside the pages, in a process of its own
            open_data = OpenDataExport(self.content, self.shared.today, self.work / "offene-daten", fresh=True)
            open_data.start()
            self.workers = [*writer.processes, *open_data.processes]
            overview, stubs, old_addresses, shells = self.theme(builders, index)
            page_count = self.pages(builders, writer, overview, stubs, old_addresses, shells)
            write_vocabularies(self.new_site, builders)
            write_offline(self.new_site, self.content, builders, shells)
            write_subscriptions(self.new_site, builders)  # the Termine's calendars and the feeds
            open_data.move_into(self.new_site)  # daten/hsds/
            published_urls = self.published_urls
            # Pagefind needs most of the memory budget on its own: hand back what the pages used first.
            writer.builders, writer.jobs = [], []  # the writer stays until the end (see finally)
            del builders, overview, stubs
            gc.collect()
            _release_freed_memory()
            self.search_index(index)
            self.swap(page_count, published_urls, shells, index)
        finally:
            _stop(self.workers, self.index)
            if self.writer is not None:
                self.writer.stop()  # its thread may be copying a block into the folder about to be removed
            shutil.rmtree(self.work, ignore_errors=True)
        return self.shared.report(self.content, self.problems, page_count, shells=shells, urls=published_urls,
                               written=page_count)

    def theme(self, builders: list[PageBuilder],
              index: SearchIndex) -> tuple[list[_Kept], list[Page], OldAddresses, Shells]:
        """The overview pages (each to the index at once, kept compressed until its shell exists: the topic pages
        of 10,000 entries in three languages are 200 MB of HTML), the entry pages' stubs, and the theme's shells
        for all of them (MkDocs), while the workers render the entry pages."""
        from wegweiser.site.mkdocs_adapter import build_themes

        step = time.perf_counter()
        self.shared.progress("Theme vorbereiten …")
        overview = [_Kept.keep(page, index) for b in builders for page in b.overview_pages()]
        if self.shared.keep_state:
            self.deps = {kept.stub.url: kept.stub.deps for kept in overview}
        gc.collect()
        _release_freed_memory()  # what rendering them took
        for b in builders:
            b.drop_caches()
        stubs = [page for b in builders for page in b.entry_stubs()]
        self.published_urls = [kept.stub.url for kept in overview] + [p.url for p in stubs]
        builder = builders[0]
        old_addresses = plan_addresses(self.content, self.published_urls, builder.published.entries, self.problems)
        offline = [dataclasses.replace(b.offline_page(), html="") for b in builders]  # their shapes (``offline``)
        shells = build_themes([*(kept.stub for kept in overview), *stubs, *old_addresses.stubs(), *offline],
                              {b.sprache.code: b.site for b in builders}, builder.sprachen, self.new_site, self.work)
        self.shared.seconds["mkdocs"] = time.perf_counter() - step
        return overview, stubs, old_addresses, shells

    def pages(self, builders: list[PageBuilder], writer: _EntryWriter, overview: list[_Kept], stubs: list[Page],
              old_addresses: OldAddresses, shells: Shells) -> int:
        """Every page into its shell: the overview pages here, the entry pages by the workers; the sitemap and the
        pages left at old addresses."""
        from wegweiser.site.mkdocs_adapter import write_sitemap

        step = time.perf_counter()
        self.shared.progress(f"{len(stubs)} Eintragsseiten erzeugen …")
        writer.theme_in.set()
        writer.send_shells(shells)
        for kept in overview:
            shells.write(kept.page(), self.new_site)
            kept.compressed = b""
        # The languages' indexes are written from now on, while the workers render: Pagefind needs the most memory
        # then, so the build hands back what the overview pages took first.
        gc.collect()
        _release_freed_memory()
        writer.overview_done()
        writer.finish(shells)
        write_sitemap(self.published_urls, self.content.site, self.new_site, builders[0].sprachen)
        old_addresses.write(shells, self.new_site)  # redirects and "gibt es nicht mehr" pages for old addresses
        self.shared.seconds["seiten"] = time.perf_counter() - step
        if self.shared.keep_state:  # what each entry page shows besides its entry (cheap: nothing is rendered)
            self.deps.update((b.urls.entry_url(e), b.entry_deps(e)) for b in builders for e in b.published.entries)
        return len(overview) + len(stubs)

    def search_index(self, index: SearchIndex) -> None:
        step = time.perf_counter()
        self.shared.progress("Suchindex schreiben …")
        index.write(self.new_site)
        self.shared.seconds["pagefind"] = time.perf_counter() - step

    def swap(self, page_count: int, published_urls: list[str], shells: Shells, index: SearchIndex) -> None:
        """The new site in place of the old one, and the state the next build's update starts from."""
        run = self.shared
        build = uuid.uuid4().hex
        _swap(self.new_site, run.out_dir, self.work, {**run.details, PAGES: str(page_count), BUILD: build})
        if run.keep_state:
            save_state(run.root, SiteState(program_fingerprint(), build, run.extra, run.today.isoformat(),
                                           run.details[FINGERPRINT], run.inputs.recorded(), self.deps, shells,
                                           index.numbers, page_count, published_urls), self.content, run.cache)


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
        processes.quiet_worker()  # SIGTERM and Strg+C are the build's business: it ends its workers
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
            channel.put(None)
            processes.pass_on_os_error(failed, exc)

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
            processes.raise_failure(process, self.failed, "Ein Arbeitsprozess")
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
