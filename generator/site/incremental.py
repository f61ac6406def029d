"""Build site, incrementally: when only entry files changed since the last build, re-render the pages they reach
and put them into the built site and its search index, instead of building the whole site again.

Every build keeps, in the build cache (``cache``), what the next one needs for that (``SiteState``): the state of
every file it was built from, what each page was made from (``Page.deps``), the theme's page shapes and each page's
number in the search index. The next build, having loaded and checked the content as always, compares the files:

- only entry files changed or were added (none removed or renamed; not ``site.yaml``, quarters, categories,
  general pages, translations or templates): the entries as they were come from the entry cache, which keeps the
  parses the site was built from pinned; ``changes`` names what differs, and exactly the pages that depended on it
  or list it are rendered again (as the preview does). If no page goes away and no changed or new entry is one an
  old address redirects to, they are written into the site and the search index is updated in place
  (``search_update``; a new page is numbered after the others).
- anything else, or a state that does not belong to the site in the output folder: the whole site is built.

The site is updated in place, unlike a full build (which is made beside it and swapped in): each file is written
beside its target and renamed over it, so no one ever reads a half-written file, and the search index's entry file is
replaced last. Before the first file is written, the site's marker loses its fingerprint: a build killed meanwhile
leaves a site that the next build builds whole again.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from wegweiser.content.records import Content
from wegweiser.core import processes
from wegweiser.core.cache import (
    EntryCache,
    cache_folder,
    program_fingerprint,
    recorded_key,
    write_atomically,
)
from wegweiser.core.file_states import Inputs
from wegweiser.core.output_guard import Kind, mark, marked_details
from wegweiser.i18n.languages import Sprache
from wegweiser.model.entries import Eintrag
from wegweiser.render.page_builder import Page, PageBuilder, language_builders
from wegweiser.search.update import Doc, Update
from wegweiser.search.vocabulary import write_vocabularies
from wegweiser.site.mkdocs_adapter import Shells
from wegweiser.site.offline import write_worker
from wegweiser.site.open_data import OpenDataExport
from wegweiser.site.subscriptions import write_subscriptions

STATE_FILE = "website.pickle"
FINGERPRINT = "Fingerabdruck"  # in the site's marker: of the inputs it was built from
PAGES = "Seiten"
BUILD = "Bau"  # in the site's marker: which build made it (a state describes one site, not any with its inputs)
BY_CONTENT = "Nach Inhalt"  # in the site's marker: the files its fingerprint has by their bytes (JSON list)


@dataclass
class SiteState:
    """What the last build left for the next one (kept in the build cache, see the module's description)."""

    program: str
    build: str  # the site's ``BUILD``
    extra: str  # what else the site depends on (``build._extra``)
    today: str
    fingerprint: str  # of the inputs, as written into the site's marker
    files: dict[str, str]  # every input file's state as the build found it (``cache.Inputs.recorded``)
    deps: dict[str, set[str]]  # every page's address → what it was made from
    shells: Shells
    numbers: dict[str, dict[str, int]]  # Pagefind language → page address ("/x/") → number in its page list
    pages: int
    urls: list[str]  # every page published, in the build's order


def save_state(root: Path, state: SiteState, content: Content | None = None, cache: EntryCache | None = None) -> None:
    """Keep ``state`` in ``root``'s build cache (nothing without a cache; a cache that cannot be written is left);
    with ``content`` and ``cache``, the parses of its entries, as their files' states say, are pinned in the entry
    cache for the next build."""
    folder = cache_folder(root)
    if folder is None:
        return
    if content is not None and cache is not None:
        cache.pin({recorded_key(state.files[e.source], e.source, e.typ, e.quartier)
                   for e in content.eintraege if e.source in state.files})
    write_atomically(folder / STATE_FILE, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))


def load_state(root: Path) -> SiteState | None:
    folder = cache_folder(root)
    if folder is None:
        return None
    try:
        with open(folder / STATE_FILE, "rb") as stream:
            state = pickle.load(stream)
    except Exception:  # missing, damaged or of another version: only ever an optimisation
        return None
    return state if isinstance(state, SiteState) and state.program == program_fingerprint() else None


def forget_state(root: Path) -> None:
    folder = cache_folder(root)
    if folder is not None:
        (folder / STATE_FILE).unlink(missing_ok=True)


@dataclass
class Updated:
    """An incremental build's result: the pages written, the state for the next build."""

    written: list[str]
    state: SiteState


def update_site(content: Content, out_dir: Path, today: date, inputs: Inputs, details: dict[str, str], extra: str,
                cache: EntryCache, state: SiteState | None) -> Updated | None:
    """Bring the site in ``out_dir`` up to ``content`` (read from the files as ``inputs`` found them) if only entry
    files changed since ``state`` was kept; None when the whole site must be built (the site is unchanged then).
    ``details``: the site marker's for the inputs (its fingerprint, see ``build.marker_details``)."""
    from wegweiser.search.index import indexable
    from wegweiser.site.changes import changes, page_makers, published_urls

    recorded = marked_details(out_dir, Kind.SITE)
    if state is None or (state.extra, state.today) != (extra, today.isoformat()) or not site_intact(out_dir) or \
            recorded.get(FINGERPRINT) != state.fingerprint or recorded.get(BUILD) != state.build:
        return None
    found = _content_before(content, inputs, state, cache)
    if found is None:
        return None
    old, differ = found
    changed = changes(old, content)
    builders = language_builders(content, today)
    makers: dict[str, Callable[[], Page]] = {}
    for builder in builders:
        makers.update(page_makers(builder))
    urls = published_urls(builders, makers)
    listed = {b.urls.entry_url(e) for b in builders for e in b.published.entries}
    new_pages = makers.keys() - state.deps.keys()
    if state.deps.keys() - makers.keys() or not new_pages <= listed:
        return None  # pages go (the build writes redirects or "gibt es nicht mehr" pages), or not entries' pages
    # The pages the build writes for recorded addresses that are gone: a redirect shows its entry's name, and a new
    # or changed entry can become the one an old address redirects to; those the build writes.
    old_builders = language_builders(old, today)
    addresses = _old_addresses(content, urls, builders)
    if addresses != _old_addresses(old, state.urls, old_builders) or differ & {source for _url, source in addresses[0]}:
        return None
    own = [b.urls.entry_url(e) for b in builders for e in b.published.entries if e.source in changed]
    reached = {url for url, deps in state.deps.items() if deps & changed}
    todo = list(dict.fromkeys([*own, *sorted(reached | new_pages)]))
    # The entry pages first: their search index is updated (in a forked process, see ``_IndexUpdate``) before the
    # pages that list them are rendered, which take longer (the topic pages list every entry of their topic).
    pages = [makers[url]() for url in todo if url in listed]
    if not all(state.shells.has_shape(page.sprache, page.url) for page in pages):
        return None
    # From here on the site changes: a build killed meanwhile leaves a marker without fingerprint (a full build next)
    unfinished = {PAGES: str(len(makers)), BUILD: state.build}
    mark(out_dir, Kind.SITE, unfinished)
    # the open data meanwhile, in a process of its own (at 10,000 entries 7 CPU-seconds, most of an update)
    open_data = OpenDataExport(content, today, out_dir, fresh=False)
    open_data.start()
    try:
        searchable = [page for page in pages if indexable(page.html)]
        index: _IndexUpdate | None = None
        if searchable:
            old_makers: dict[str, Callable[[], Page]] = {}
            for builder in old_builders:
                old_makers.update(page_makers(builder))
            before = [old_makers[page.url]() for page in searchable if page.url in old_makers]
            index = _IndexUpdate(out_dir / "pagefind", state.numbers, [(p.url, p.html, p.sprache.lang) for p in before],
                                 [(p.url, p.html, p.sprache.lang) for p in searchable])
        others = [makers[url]() for url in todo if url not in listed]
        if any(indexable(page.html) or not state.shells.has_shape(page.sprache, page.url) for page in others):
            if index is not None:
                index.stop()
            return None  # a searchable page besides the entries' (a general page): the build indexes it
        pages += others
        update = index.result() if index is not None else None
        if index is not None and update is None:
            return None
        for lang, numbers in (update.fresh.items() if update is not None else ()):
            state.numbers.setdefault(lang, {}).update(numbers)
        _write(out_dir, pages, state.shells, urls if urls != state.urls else None, content, builders[0].sprachen,
               update)
        write_vocabularies(out_dir, builders)  # an entry's new name is a word the spelling help offers
        write_worker(out_dir, content, [b.sprache.pfad for b in builders])  # the home page may have changed
        write_subscriptions(out_dir, builders)  # calendars and feeds show the entries and Termine as they are now
        open_data.finish()  # the open data, whole (what changed in it replaced)
        mark(out_dir, Kind.SITE, {**details, **unfinished})
        for page in pages:
            state.deps[page.url] = page.deps
        state.files, state.fingerprint = inputs.recorded(), details[FINGERPRINT]
        state.urls, state.pages = urls, len(makers)
        return Updated(todo, state)
    finally:
        open_data.stop()  # after an error, or when the whole site is built instead



def _content_before(content: Content, inputs: Inputs, state: SiteState,
                    cache: EntryCache) -> tuple[Content, set[str]] | None:
    """The content as the kept site shows it, and the files that differ from it; None when more than entry files
    changed or an entry as it was is no longer in the cache."""
    # the files as the state recorded them: the racy ones by their bytes
    files = inputs.states({path for path, recorded in state.files.items() if " #" in recorded})
    differ = {path for path in files.keys() | state.files.keys() if files.get(path) != state.files.get(path)}
    entries = {e.source: e for e in content.eintraege}
    if not differ or not differ <= entries.keys():
        return None  # a file that is no entry (now): removed, or not an entry at all
    new_files = differ - state.files.keys()
    old_entries: dict[str, Eintrag] = {}
    for source in differ - new_files:
        entry = entries[source]
        # the entry as the site shows it: the parse of the file in the state the build recorded (a file saved while
        # that build loaded it was shown by some pages as saved, by others as before: all of them are made again)
        parsed = cache.get(recorded_key(state.files[source], source, entry.typ, entry.quartier))
        if not (isinstance(parsed, tuple) and isinstance(parsed[0], Eintrag)):
            return None  # the entry as it was is not in the cache (any more)
        old_entries[source] = parsed[0]
    old = replace(content, eintraege=[old_entries.get(e.source, e) for e in content.eintraege
                                      if e.source not in new_files])
    return old, differ


def _write(out_dir: Path, pages: list[Page], shells: Shells, sitemap: list[str] | None, content: Content,
           sprachen: list[Sprache], update: Update | None) -> None:
    """The pages (and a new sitemap) into the site, each written beside its target and renamed over it; then the
    search index's update. A failure leaves no temporary file."""
    written: list[tuple[Path, Path]] = []
    try:
        for page in pages:
            target = out_dir / page.url / "index.html"
            temporary = target.with_name(".index.html.neu")
            target.parent.mkdir(parents=True, exist_ok=True)  # a new entry's page
            temporary.write_text(shells.render(page), encoding="utf-8")
            written.append((temporary, target))
        if sitemap is not None:
            from wegweiser.site.mkdocs_adapter import write_sitemap

            folder = Path(tempfile.mkdtemp(prefix=".sitemap-", dir=out_dir))
            write_sitemap(sitemap, content.site, folder, sprachen)
            written += [(folder / name, out_dir / name) for name in ("sitemap.xml", "sitemap.xml.gz")]
        for temporary, target in written:
            os.replace(temporary, target)
        if update is not None:
            update.commit()
    finally:
        for temporary, _target in written:
            temporary.unlink(missing_ok=True)
        for folder in out_dir.glob(".sitemap-*"):
            shutil.rmtree(folder, ignore_errors=True)

def _old_addresses(content: Content, urls: list[str],
                   builders: list[PageBuilder]) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...],
                                                         tuple[str, ...]]:
    """What the build writes for recorded addresses that are not published: redirects (to which entry) and pages
    saying an entry is gone (``adressen.plan``)."""
    from wegweiser.core.problems import Problems
    from wegweiser.site.old_urls import plan

    planned = plan(content, urls, builders[0].published.entries, Problems())
    return (tuple(sorted((url, entry.source) for url, entry in planned.redirects.items())),
            tuple(sorted(planned.topics.items())), tuple(planned.gone))


class _IndexUpdate:
    """``search_update.update`` in a forked process, while this one renders the pages that list the changed entries
    (both take about a second at 10,000 entries, on two cores); in this process where there is no ``fork``."""

    def __init__(self, bundle: Path, numbers: dict[str, dict[str, int]], old: list[Doc], new: list[Doc]) -> None:
        from wegweiser.search.update import update

        self.bundle = bundle
        context = processes.fork_context()
        self.process: Any = None
        if context is None:
            self.done = update(bundle, numbers, old, new)
            return
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_update_index, daemon=True,
                                       args=(sender, processes.die_with_parent(), bundle, numbers, old, new))
        self.process.start()
        sender.close()

    def result(self) -> Update | None:
        """The update, its files written (None: the whole site must be built); raises what the process raised."""
        if self.process is None:
            if self.done is not None:
                self.done.finish()
            return self.done
        try:
            answer = self.receiver.recv()
        except EOFError:  # the process died
            answer = None
        self.process.join()
        if isinstance(answer, tuple) and answer[0] == "fehler":
            raise OSError(*answer[1:])
        if not isinstance(answer, dict):
            return None
        return Update(self.bundle, answer["entry"], answer["obsolete"], fresh=answer["fresh"])

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()


def _update_index(sender: Any, arm: Callable[[], None], bundle: Path, numbers: dict[str, dict[str, int]],
                  old: list[Doc], new: list[Doc]) -> None:
    """In the forked process: update the index's files and send what ``Update.commit`` needs."""
    from wegweiser.search.update import update

    arm()
    processes.quiet_worker()  # SIGTERM and Strg+C are the build's business: it ends this process
    try:
        done = update(bundle, numbers, old, new)
        if done is not None:
            done.finish()
        sender.send({"entry": done.entry, "obsolete": done.obsolete, "fresh": done.fresh} if done is not None else None)
    except OSError as exc:
        sender.send(("fehler", exc.errno, exc.strerror, exc.filename))
    except Exception:  # anything else: the build makes the whole site
        sender.send(None)


def site_intact(site: Path) -> bool:
    """The parts every built site has (a site someone emptied by hand is built again)."""
    return (site / "index.html").is_file() and (site / "pagefind" / "pagefind-entry.json").is_file() and \
        (site / "sitemap.xml").is_file()
