"""The editor's preview: keeps the last good build in memory and, when files change, re-renders exactly the
pages those changes reach.

Every page records what its values came from (``Page.deps``: files, and a few keys for what no single file
holds, see ``site_pages.Deps``). On a change the preview loads the content folder again the way the build does
– taking the entries of unchanged files from the last load, parsing only what changed – and runs the build's
checks, so it refuses what the build refuses. It then compares the new content with the last good one, names
what changed (files and keys) and re-renders the pages that depended on it before or list it now; pages that
no longer exist are removed, and where their addresses are recorded (``content/adressen.txt``) replaced by the pages
the build writes for them (a redirect, or "gibt es nicht mehr"). ``site.yaml``, templates and the navigation
(titles, order and footer flags of the general pages) are part of the theme: changing them means a full build.

While the content has errors, the last good pages stay online and ``status`` holds the errors; the server
shows them on every page (``serve.py``). An error inside the program is reported in German, never ends the
preview, and makes the next change a full build. The search index is refreshed in a background process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import NamedTuple, Protocol

from wegweiser.check.report import format_problems
from wegweiser.check.validate import load_and_validate
from wegweiser.content.glossary_files import is_glossary_file
from wegweiser.content.loading import ContentLoader
from wegweiser.content.records import Content, Datei
from wegweiser.core import processes
from wegweiser.core.file_states import RACY_NS, Inputs, content_files, current_state, unchanged
from wegweiser.core.problems import ContentError, Problem, Problems, Severity, display_path
from wegweiser.i18n.languages import BEKANNT
from wegweiser.model.entries import Eintrag
from wegweiser.render.page_builder import Deps, Page, PageBuilder, language_builders
from wegweiser.render.urls import EVENT_CALENDAR, LIST_CALENDAR
from wegweiser.site.build import build_site
from wegweiser.site.changes import changes, page_makers, published_urls, theme_inputs
from wegweiser.site.mkdocs_adapter import Shells
from wegweiser.site.offline import write_worker
from wegweiser.site.old_urls import RECORD, plan
from wegweiser.site.open_data import OpenDataExport
from wegweiser.site.subscriptions import write_subscriptions

# Besides everything below templates/: what a full build needs. The record of published addresses decides the
# redirect and "gibt es nicht mehr" pages the build writes for addresses that are gone.
THEME_FILES = (Deps.SITE, RECORD)
WATCHED = ("content", "quartiere", "templates")
INDEX_AFTER_S = 2.0  # the search index is refreshed once nothing was saved for this long


class _Runner(Protocol):
    """What the preview needs of the search index refresh: a ``multiprocessing.Process`` or ``threading.Thread``."""

    def start(self) -> None: ...

    def is_alive(self) -> bool: ...


@dataclass(frozen=True)
class Status:
    """What the preview server shows above every page: the content's current errors or an internal error."""

    version: int = 0
    errors: tuple[Problem, ...] = ()
    failure: str = ""  # German description of an error in the program
    stand: int = 0  # counts the updates of the served pages: an open page reloads when it changes

    @property
    def ok(self) -> bool:
        return not self.errors and not self.failure


class Preview:
    def __init__(self, root: Path, out: Path, today: date, say: Callable[[str], None] = print) -> None:
        self.root, self.out, self.today, self.say = root, out, today, say
        self.content: Content | None = None  # what the served site shows (the last content without errors)
        self.shells: Shells | None = None
        self.deps: dict[str, set[str]] = {}  # URL of every served page -> what it was made from
        self.parsed: dict[str, _Parsed] = {}  # entry files parsed without errors, by display path
        self.listings: dict[str, _Listing] = {}  # type folders listed without problems, by path
        self.old_addresses = _OldAddressFiles({}, set())  # what is served for recorded addresses that are gone
        self.status = Status()
        self._full_next = False  # after an error in the program, the next change rebuilds everything
        self._stale: set[Path] = set()
        self._indexer: _Runner | None = None
        self._index_due: float | None = None  # when to refresh the search index (``time.monotonic``)
        self._open_data: OpenDataExport | None = None  # the export still being written in the background

    # --- whole site ---------------------------------------------------------------------------
    def full(self) -> bool:
        """Build the whole site; on errors the last good site stays and the errors are shown."""
        started = time.perf_counter()
        self._stop_open_data()  # it would write an older content into the site this build swaps in
        gc.unfreeze()  # what the last full build left (see below) may be collected again from now on
        gc.enable()  # also when a change leads here (``changed`` holds the collector back)
        try:
            report = build_site(self.root, self.out, self.today, reuse=False)  # the preview needs the shells
        except ContentError as exc:
            self._refuse(exc.problems, f"Nicht gebaut: {len(exc.problems.errors)} Fehler. "
                                       "Die bisherige Vorschau bleibt.")
            return False
        except Exception as exc:  # the preview keeps serving whatever goes wrong
            self._failed(exc)
            return False
        self._full_next = False
        self.content, self.shells = report.content, report.shells
        builders = language_builders(report.content, self.today)
        self._remember(report.content, report.inputs, builders)
        # the full build's shells have every shape its pages for old addresses need
        self.old_addresses = self._old_address_files(report.content, report.urls, builders) or self.old_addresses
        self.listings = {}
        try:  # the folders' listings for the next change (the build keeps none); only ever an optimisation
            _CachedLoader(self.root, Problems(), self.parsed, self.listings).load()
        except Exception:  # whatever went wrong, the next change lists the folders itself
            self.listings = {}
        # What the preview keeps between changes (10,000 entries, the theme's shells, every page's dependencies) is
        # left out of the garbage collector's full rounds until the next full build: one such round took 0.25 s
        # of every change, before its page was written.
        gc.collect()
        gc.freeze()
        self._stale |= self._changed_since(report.inputs)  # saved while the build ran: applied by poll()
        self._set_status(Status(), updated=True)
        took = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        self.say(f"Website gebaut: {report.pages} Seiten in {took} s.")
        return True

    def _remember(self, content: Content, inputs: Inputs, builders: list[PageBuilder]) -> None:
        """After a full build: what every page depends on, and the parsed entries for the next load (each with its
        file's state as the build found it before reading it)."""
        self.deps = {}
        for builder in builders:
            self.deps.update((page.url, page.deps) for page in builder.overview_pages())
            self.deps.update((builder.urls.entry_url(e), builder.entry_deps(e)) for e in builder.published.entries)
            if builder.published.entries:  # the build's workers rendered the entry pages: compile the template here
                builder.entry_page(builder.published.entries[0])
        states = inputs.recorded()
        self.parsed = {e.source: _Parsed(e, states.get(os.path.normpath(e.source)), (e.typ, e.quartier), ())
                       for e in content.eintraege}

    # --- changes ------------------------------------------------------------------------------
    def changed(self, paths: set[Path]) -> None:
        """Apply a batch of changed files (and folders); never raises.

        The garbage collector waits until the change is applied: its full rounds over what the preview keeps took
        a quarter of a second, before the changed page was written."""
        gc.disable()
        try:
            self._apply(paths)
        except ContentError as exc:  # found while rendering (a region's own template): located like the build's
            self._full_next = True
            self._refuse(exc.problems, "Änderung nicht übernommen; die Vorschau zeigt weiter den letzten "
                                       "fehlerfreien Stand.")
        except Exception as exc:  # see above
            self._failed(exc)
        finally:
            gc.enable()

    def _apply(self, paths: set[Path]) -> None:
        started = time.perf_counter()
        self._forget(paths)
        content, problems = load_and_validate(
            self.root, self.today,
            lambda root, problems: _CachedLoader(root, problems, self.parsed, self.listings).load())
        if problems.errors:
            self._refuse(problems, "Änderung nicht übernommen; die Vorschau zeigt weiter den letzten fehlerfreien "
                                   "Stand.")
            return
        if self.content is None or self.shells is None or self._full_next or any(map(self._theme_file, paths)) \
                or theme_inputs(content) != theme_inputs(self.content):
            self.full()  # checks everything again the way the build does (templates included)
            return
        written = self._write_changes(content, {display_path(p, self.root) for p in paths})
        if written is None:  # a new page shape, or recorded addresses (adressen.py) that only the build handles
            self.full()
            return
        self._set_status(Status(), updated=bool(written))
        shown = {display_path(p, self.root) for p in paths}
        self._show([p for p in problems.warnings if p.loc.path in shown])
        if written:
            took = f"{time.perf_counter() - started:.2f}".replace(".", ",")
            self.say(f"Aktualisiert in {took} s: {', '.join(sorted(written)[:3])}"
                     + (f" und {len(written) - 3} weitere Seiten" if len(written) > 3 else ""))
            self._refresh_search_index()

    def _changed_since(self, inputs: Inputs) -> set[Path]:
        """The files below the watched folders that are not as ``inputs`` found them: changed, added or removed."""
        racy = inputs.racy
        before, now = inputs.states(racy), content_files(self.root, racy).states(racy)
        return {self.root / path for path in before.keys() | now.keys() if before.get(path) != now.get(path)}

    def _theme_file(self, path: Path) -> bool:
        """Files whose change needs a full build: templates, ``site.yaml`` and its translations, the address
        record, translations of general pages (navigation titles), and the glossary (every entry page's search
        words)."""
        shown = display_path(path, self.root)
        return shown.split("/", 1)[0] == "templates" or shown in THEME_FILES or _translation_file(shown) \
            or is_glossary_file(shown)

    def _forget(self, paths: set[Path]) -> None:
        """Drop parsed entries of changed files, and of everything below a changed folder."""
        for path in paths:
            shown = display_path(path, self.root)
            self.parsed.pop(shown, None)
            if path.is_dir() or not path.suffix:
                for key in [k for k in self.parsed if k.startswith(shown + "/")]:
                    del self.parsed[key]

    def _write_changes(self, content: Content, saved: set[str]) -> set[str] | None:
        """Re-render the pages the changes since the last content reach and remove pages that are gone; None when a
        full build must do it (the theme lacks a shape for a new page, or addresses come or go while old ones are
        recorded). ``saved``: the files the change was about (display paths)."""
        assert self.shells is not None and self.content is not None
        builders = language_builders(content, self.today)
        # The page of the entry the editor saved first (that is the one they wait for), before working out what else
        # the change reaches (a tenth of a second at 10,000 entries). Only a page that exists: a new one may need a
        # full build.
        early: set[str] = set()
        for builder in builders:
            for entry in builder.published.entries:
                if entry.source not in saved:
                    continue
                url = builder.urls.entry_url(entry)
                if url in self.deps and self.shells.has_shape(builder.sprache, url):
                    page = builder.entry_page(entry)
                    self._write(page)
                    self.deps[url] = page.deps
                    early.add(url)
        changed = changes(self.content, content)
        makers: dict[str, Callable[[], Page]] = {}
        for builder in builders:
            of_language = page_makers(builder)
            if not all(self.shells.has_shape(builder.sprache, url) for url in of_language):
                return None
            makers.update(of_language)
        # an entry's own page first, then the pages listing it
        own = [b.urls.entry_url(e) for b in builders for e in b.published.entries if e.source in changed]
        reached = {url for url, deps in self.deps.items() if deps & changed}
        new = set(makers) - set(self.deps)
        gone = set(self.deps) - set(makers)
        urls = published_urls(builders, makers)
        addresses = self.old_addresses
        if new or gone or changed & self.old_addresses.deps:  # what the build writes for recorded addresses
            found = self._old_address_files(content, urls, builders)
            if found is None:
                return None  # a page of theirs has no shape in the theme
            addresses = found
        todo = list(dict.fromkeys([*own, *sorted((reached | new) & set(makers))]))
        first = set(own)
        self._write_pages([url for url in todo if url in first and url not in early], makers)
        # then what a deleted entry leaves (the editor waits for that as for a new entry's page), then the lists
        replaced = {path.removesuffix("index.html") for path in addresses.files}
        for url in sorted(gone, reverse=True):
            if url not in replaced:  # else replaced in one step by the build's page for a recorded address
                self._remove(url)
            del self.deps[url]
        written = self._write_old_addresses(addresses, set(makers)) if addresses is not self.old_addresses else []
        self._write_pages([url for url in todo if url not in first and url not in early], makers)
        if new or gone:
            from wegweiser.site.mkdocs_adapter import write_sitemap

            write_sitemap(urls, content.site, self.out, builders[0].sprachen)
        write_subscriptions(self.out, builders)  # the Termine's calendars and the feeds, as a build writes them
        self._export_open_data(content)  # daten/hsds/, as a build writes it, in the background
        # the worker file as a build writes it (its version hashes the home page, which a new entry changes): the
        # preview never serves it, but the folder stays what a build of the same content gives
        write_worker(self.out, content, [b.sprache.pfad for b in builders])
        self.content = content
        return {"/" + url for url in [*todo, *gone, *written]}

    def _write_pages(self, urls: list[str], makers: dict[str, Callable[[], Page]]) -> None:
        for url in urls:
            page = makers[url]()
            self._write(page)
            self.deps[url] = page.deps

    def _old_address_files(self, content: Content, urls: list[str],
                           builders: list[PageBuilder]) -> _OldAddressFiles | None:
        """What the build writes for the recorded addresses that ``urls`` (published) lacks; None when one of its
        pages has no shape in the theme (a full build makes one)."""
        assert self.shells is not None
        planned = plan(content, urls, builders[0].published.entries, Problems())  # the build reports the record's
        if not all(self.shells.has_shape(page.sprache, page.url) for page in planned.stubs()):
            return None
        return _OldAddressFiles(planned.files(self.shells), planned.deps())

    def _write_old_addresses(self, addresses: _OldAddressFiles, published: set[str]) -> list[str]:
        """Put the files for recorded addresses in place of the last ones (a page that is published now has taken
        the place of one that went); the addresses of the pages written or removed."""
        before, self.old_addresses = self.old_addresses, addresses
        touched = []
        for path, text in addresses.files.items():
            if before.files.get(path) != text or not (self.out / path).is_file():
                _write_atomically(self.out / path, text)
                touched.append(path)
        for path in before.files.keys() - addresses.files.keys():
            url = path.removesuffix("index.html")
            if url == path:  # ``_redirects``
                (self.out / path).unlink(missing_ok=True)
            elif url not in published:
                self._remove(url)
            touched.append(path)
        return [path.removesuffix("index.html") for path in touched]

    def _write(self, page: Page) -> None:
        assert self.shells is not None
        _write_atomically(self.out / page.url / "index.html", self.shells.render(page))

    def _remove(self, url: str) -> None:
        """Remove a page that no longer exists, and the folders it leaves empty."""
        for name in ("index.html", EVENT_CALENDAR, LIST_CALENDAR):  # a Termin's or Termine list's calendar goes too
            (self.out / url / name).unlink(missing_ok=True)
        folder = (self.out / url).resolve()
        while folder != self.out.resolve() and self.out.resolve() in folder.parents:
            try:
                folder.rmdir()
            except OSError:  # not empty: another page lives below it
                break
            folder = folder.parent

    # --- what the server shows ----------------------------------------------------------------
    def _set_status(self, status: Status, updated: bool = False) -> None:
        """Show ``status``; ``updated``: pages were written, so open pages reload (once the errors are gone)."""
        stand = self.status.stand + updated
        if (status.errors, status.failure) != (self.status.errors, self.status.failure):
            self.status = Status(self.status.version + 1, status.errors, status.failure, stand)
        elif updated:
            self.status = replace(self.status, stand=stand)

    def _refuse(self, problems: Problems, message: str) -> None:
        self._show(problems.items)
        self.say(message)
        self._set_status(Status(errors=tuple(sorted(problems.errors, key=lambda p: (p.loc, p.message)))))

    def _failed(self, exc: BaseException) -> None:
        """An error in the program (or the machine): report it in German and keep serving the last pages."""
        self._full_next = True
        if os.environ.get("WEGWEISER_DEBUG"):
            self.say("".join(traceback.format_exception(exc)).rstrip())
        message = describe_failure(exc)
        self.say(f"{message} Die Vorschau zeigt weiter den letzten Stand.")
        self._set_status(Status(failure=message))

    def _show(self, problems: Iterable[Problem]) -> None:
        found = Problems(list(problems))
        for line in format_problems(found, "text"):
            self.say(line)

    # --- open data in the background ---------------------------------------------------------
    def _export_open_data(self, content: Content) -> None:
        """Write the open data of ``content`` in a forked process: at 10,000 entries 7 CPU-seconds, which the
        editor's next save would otherwise wait for. An export still writing an older content is ended first (each
        of its files was replaced whole; this one replaces what differs)."""
        self._stop_open_data()
        export = OpenDataExport(content, self.today, self.out, fresh=False)
        export.start()
        if export.processes:
            self._open_data = export
        else:
            export.finish()  # no fork (Windows): here

    def _stop_open_data(self) -> None:
        if self._open_data is not None:
            self._open_data.stop()
            self._open_data = None

    def wait_for_open_data(self) -> None:
        """Wait until the open data of the content shown are written (a failure is reported as ``poll`` does)."""
        export, self._open_data = self._open_data, None
        if export is None:
            return
        try:
            export.finish()
        except (OSError, RuntimeError) as exc:  # e.g. disk full: German, with the path
            self._failed(exc)

    # --- search index in the background -------------------------------------------------------
    def _refresh_search_index(self) -> None:
        """Refresh the search index once the editor has saved nothing for ``INDEX_AFTER_S`` (``poll`` starts it):
        it renders every page again, and a save while it runs pays for the copy its forked process shares."""
        self._index_due = time.monotonic() + INDEX_AFTER_S

    def _start_indexer(self) -> None:
        self._index_due = None
        context = processes.fork_context()
        # Without fork (Windows) a thread indexes: Pagefind does the work in its own process anyway.
        maker = context.Process if context is not None else threading.Thread
        self._indexer = maker(target=_reindex, args=(self.content, self.today, self.out, context is not None),
                              daemon=True)
        self._indexer.start()

    def poll(self) -> None:
        """Called regularly: applies files saved during a full build, and starts a due search-index refresh once
        the previous one has finished."""
        if self._stale:
            stale, self._stale = self._stale, set()
            self.changed(stale)
        if self._open_data is not None and not any(p.is_alive() for p in self._open_data.processes):
            self.wait_for_open_data()  # done: a failure is reported now
        if self._index_due is not None and time.monotonic() >= self._index_due and \
                (self._indexer is None or not self._indexer.is_alive()):
            self._start_indexer()


def _write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.neu")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)  # the server never sends a half-written page


class _OldAddressFiles(NamedTuple):
    """What the build writes for recorded addresses that are gone (``OldAddresses.files``: path in the site ->
    text), and what those pages show besides the addresses (``OldAddresses.deps``)."""

    files: dict[str, str]
    deps: set[str]


def _translation_file(shown: str) -> bool:
    """A translation of the site texts (``content/site.en.yaml``) or of a general page (``content/seiten/x.tr.md``):
    they change a language's navigation titles or header, which are part of its shells. Translations of entries,
    quarters and categories reach their pages through the originals' dependencies (``uebersetzungen.aenderungen``)."""
    folder, _, name = shown.rpartition("/")
    parts = name.split(".")
    if len(parts) < 3 or parts[-2] not in BEKANNT or parts[-1] not in ("md", "yaml", "yml"):
        return False
    return (folder == "content" and parts[0] == "site") or folder == "content/seiten"


def describe_failure(exc: BaseException) -> str:
    """A German sentence for an exception that is not a content error."""
    if isinstance(exc, OSError):
        from wegweiser.core.output_guard import environment_message

        known = environment_message(exc, choose="")  # disk full, no permission …: German, with the path
        if known:
            return known
        where = f" ({exc.filename})" if exc.filename else ""
        return f"Die Vorschau konnte nicht geschrieben werden{where}: {exc.strerror or exc}."
    import jinja2

    if isinstance(exc, jinja2.TemplateError):
        frame = next((f for f in reversed(traceback.extract_tb(exc.__traceback__))
                      if f.filename.endswith(".html")), None)
        where = f" ({_template_path(frame.filename)}, Zeile {frame.lineno})" if frame else ""
        return f"Eine Vorlage{where} lässt sich nicht anwenden: {exc}."
    message = getattr(exc, "message", "")  # the program's own errors carry a German message
    if isinstance(message, str) and message:
        return message
    return (f"Interner Fehler in der Vorschau ({type(exc).__name__}: {exc}). Das ist ein Fehler im Programm, "
            "nicht in Ihren Inhalten; bitte melden Sie ihn.")


def _template_path(filename: str) -> str:
    parts = Path(filename).parts
    return "/".join(parts[parts.index("templates"):]) if "templates" in parts else filename


def _file_clock() -> int:
    """Now, as the kernel stamps files (a coarser clock than time.time_ns)."""
    with tempfile.TemporaryFile() as probe:
        return os.fstat(probe.fileno()).st_mtime_ns


# --- loading again, with what did not change --------------------------------------------------

class _Stamp(NamedTuple):
    """A folder's state (a file added, removed or renamed in it changes it)."""

    mtime_ns: int
    size: int
    inode: int


def _stamp(path: Path) -> _Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _Stamp(st.st_mtime_ns, st.st_size, st.st_ino)


class _Parsed(NamedTuple):
    entry: Eintrag
    state: str | None  # its file's state before it was read (``cache.current_state``; racy ones by their bytes)
    place: tuple[str, str | None]  # (type, quarter) the file was read as
    problems: tuple[Problem, ...]  # its warnings


class _Listing(NamedTuple):
    """What listing a type folder found: its entry files and translation files."""

    stamp: _Stamp
    jobs: list[tuple[Path, str, str | None]]
    translations: list[Datei]


class _CachedLoader(ContentLoader):
    """Loads a content folder exactly like the build (same listing, same checks, same messages), but takes each
    entry whose file is unchanged since it was last parsed without errors from ``parsed``, and the listing of each
    type folder that did not change since it was last listed without problems from ``listings`` (a file added,
    removed or renamed changes its folder's time stamp; listing 10,000 files took a fifth of an edit's time)."""

    def __init__(self, root: Path, problems: Problems, parsed: dict[str, _Parsed],
                 listings: dict[str, _Listing] | None = None) -> None:
        super().__init__(root, problems)
        self.parsed = parsed
        self.listings = listings if listings is not None else {}
        self._prefix = str(root) + os.sep
        self._clock = _file_clock()

    def load_entries(self, folder: Path, typ: str, quarter: str | None) -> None:
        key = str(folder)
        stamp = _stamp(folder)
        known = self.listings.pop(key, None)
        if stamp is not None and known is not None and known.stamp == stamp:
            self.jobs.extend(known.jobs)  # the same folder: the same type and quarter
            self.translations.extend(known.translations)
            self.listings[key] = known
            return
        jobs, translations, problems = len(self.jobs), len(self.translations), len(self.problems.items)
        super().load_entries(folder, typ, quarter)
        # a folder changed within the clock's granularity may change again unseen in its time stamp ("racy")
        if stamp is not None and len(self.problems.items) == problems and \
                stamp.mtime_ns < self._clock - RACY_NS and _stamp(folder) == stamp:
            self.listings[key] = _Listing(stamp, self.jobs[jobs:], self.translations[translations:])

    def shown(self, path: Path) -> str:
        # the same as display_path for the paths the loader builds below root, without pathlib's parsing
        # (a third of the time of loading 10,000 entries again)
        text = str(path)
        if os.sep == "/" and text.startswith(self._prefix) and "/../" not in text:
            return text[len(self._prefix):]
        return super().shown(path)

    def parse_entries(self) -> None:
        jobs = self.jobs
        shown_all = [self.shown(path) for path, _, _ in jobs]
        reuse: dict[str, _Parsed] = {}
        todo: list[tuple[Path, str, str | None]] = []
        states: dict[str, str | None] = {}
        parsed = self.parsed
        moment = time.time_ns()
        for shown, job in zip(shown_all, jobs, strict=True):
            known = parsed.get(shown)
            if known and known.place == job[1:] and unchanged(known.state, job[0]):
                reuse[shown] = known
            else:
                states[shown] = current_state(job[0], moment)  # before it is read
                todo.append(job)
        first = len(self.problems.items)
        self.jobs = todo
        try:
            super().parse_entries()  # on several cores when there are many
        finally:
            self.jobs = jobs
        found = {e.source: e for e in self.content.eintraege}
        by_file: dict[str, list[Problem]] = {}
        for problem in self.problems.items[first:]:
            by_file.setdefault(problem.loc.path, []).append(problem)
        for path, typ, quarter in todo:
            shown = self.shown(path)
            entry = found.get(shown)
            own = by_file.get(shown, [])
            if entry is not None and not any(p.severity is Severity.ERROR for p in own):
                parsed[shown] = _Parsed(entry, states[shown], (typ, quarter), tuple(own))
            else:
                parsed.pop(shown, None)
        entries: list[Eintrag] = []
        for shown in shown_all:  # in the build's order
            if (kept := reuse.get(shown)) is not None:
                entries.append(kept.entry)
                if kept.problems:
                    self.problems.items.extend(kept.problems)
            elif shown in found:
                entries.append(found[shown])
        self.content.eintraege = entries


def _reindex(content: Content | None, today: date, out: Path, own_process: bool = False) -> None:
    """In a forked process: index every page again and swap the new index in.

    In its own process it yields the processor to everything else (and Pagefind, its child, inherits that): it
    renders every page again, for 10,000 entries for half a minute on both cores, and the editor's next saved page
    must not wait for it."""
    from wegweiser.search.index import index_pages, indexable
    from wegweiser.search.vocabulary import write_vocabularies

    if content is None:
        return
    if own_process:
        with contextlib.suppress(OSError, AttributeError):  # SCHED_IDLE: Linux only
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # runs only when nothing else wants to
        with contextlib.suppress(OSError):
            os.nice(19)
    staging = Path(tempfile.mkdtemp(prefix=".suche-neu-", dir=out))
    try:
        builders = language_builders(content, today)
        pages = (page for builder in builders for page in builder.pages())
        index_pages(((p.url, p.html, p.sprache.lang) for p in pages if indexable(p.html)), staging)
        write_vocabularies(out, builders)  # the search page's words for "Meinten Sie …?" (names may have changed)
        old = out / ".pagefind-alt"
        shutil.rmtree(old, ignore_errors=True)
        if (out / "pagefind").exists():
            (out / "pagefind").rename(old)
        (staging / "pagefind").rename(out / "pagefind")
        shutil.rmtree(old, ignore_errors=True)
    except Exception:
        # It renders 2 s after the last save, with the templates as they are then: one saved broken meanwhile (the
        # preview reports it, from its own full build) fails here too. The search keeps the index it has; the next
        # good change refreshes it.
        return
    finally:
        shutil.rmtree(staging, ignore_errors=True)
