"""The editor's preview: keeps the last build in memory and, when an entry file changes, re-renders
only the pages it touches (the entry, its quarters and topics, the overviews) into the theme's shells.

Anything else (site.yaml, categories, general pages, quarters, templates) rebuilds the whole site.
The search index is refreshed in a background process after each change, so the page itself is on
disk in well under a second even with 10,000 entries.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from wegweiser import urls
from wegweiser.build import BuildReport, build_site
from wegweiser.content import ENTRY_SUFFIXES, Content, _ContentLoader
from wegweiser.model import ENTRY_TYPES, Eintrag
from wegweiser.problems import ContentError, Problems, display_path
from wegweiser.report import format_problems
from wegweiser.site_pages import Page, PageBuilder, quarters_of
from wegweiser.validate import validate


class Preview:
    def __init__(self, root: Path, out: Path, today: date, say: Callable[[str], None] = print) -> None:
        self.root, self.out, self.today, self.say = root, out, today, say
        self.report: BuildReport | None = None
        self._indexer: Any = None
        self._index_again = False

    # --- whole site ---------------------------------------------------------------------------
    def full(self) -> bool:
        started = time.perf_counter()
        try:
            report = build_site(self.root, self.out, self.today)
        except ContentError as exc:
            self._show(exc.problems)
            self.say(f"Nicht gebaut: {len(exc.problems.errors)} Fehler. Die bisherige Vorschau bleibt.")
            return False
        self.report = report
        took = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        self.say(f"Website gebaut: {report.pages} Seiten in {took} s.")
        return True

    # --- one change ---------------------------------------------------------------------------
    def changed(self, paths: set[Path]) -> None:
        if self.report is None or self.report.shells is None or not all(self._entry_place(p) for p in paths):
            self.full()
            return
        started = time.perf_counter()
        written = self._update(paths)
        if written is not None:
            took = f"{time.perf_counter() - started:.2f}".replace(".", ",")
            self.say(f"Aktualisiert in {took} s: {', '.join(sorted(written)[:3])}"
                     + (f" und {len(written) - 3} weitere Seiten" if len(written) > 3 else ""))
            self._refresh_search_index()

    def _entry_place(self, path: Path) -> tuple[str, str | None] | None:
        """(type, quarter) when ``path`` is an entry file of a known quarter or of content/<typ>/."""
        try:
            parts = path.resolve().relative_to(self.root).parts
        except ValueError:
            return None
        if path.suffix not in ENTRY_SUFFIXES or path.name.startswith("."):
            return None
        known = self.report.content.quartiere if self.report else {}
        if len(parts) == 4 and parts[0] == "quartiere" and parts[2] in ENTRY_TYPES and parts[1] in known:
            return parts[2], parts[1]
        if len(parts) == 3 and parts[0] == "content" and parts[1] in ENTRY_TYPES:
            return parts[1], None
        return None

    def _update(self, paths: set[Path]) -> set[str] | None:
        assert self.report is not None and self.report.shells is not None
        content = self.report.content
        entries = list(content.eintraege)
        index = {e.source: i for i, e in enumerate(entries)}
        loader = _ContentLoader(self.root, Problems())
        before: list[Eintrag] = []
        after: list[Eintrag] = []
        for path in sorted(paths):
            place = self._entry_place(path)
            assert place is not None
            shown = display_path(path.resolve(), self.root)
            position = index.get(shown)
            if position is not None:
                before.append(entries[position])
            if path.exists():
                loader.slug_of(path)
                entry = loader.parse_entry(path, *place)
                if entry is None:
                    continue
                after.append(entry)
                if position is None:
                    index[shown] = len(entries)
                    entries.append(entry)
                else:
                    entries[position] = entry
            elif position is not None:
                entries[position] = None  # type: ignore[call-overload]
        problems = loader.problems
        candidate = replace(content, eintraege=[e for e in entries if e is not None])
        if not problems.errors:
            validate(candidate, problems, self.today)
        if problems.errors:
            self._show(problems)
            self.say("Änderung nicht übernommen; die Vorschau zeigt weiter den letzten fehlerfreien Stand.")
            return None
        self.report.content = candidate
        return self._write_affected(candidate, before, after)

    def _write_affected(self, content: Content, before: list[Eintrag], after: list[Eintrag]) -> set[str]:
        assert self.report is not None and self.report.shells is not None
        builder = PageBuilder(content, self.today)
        published = {e.key for e in builder.published.entries}
        pages: list[Page] = []
        quarters: set[str] = set()
        categories: set[str] = set()
        for entry in [*before, *after]:
            quarters.update(quarters_of(entry, content))
            categories.update(c for c in entry.kategorien if c in content.kategorien)
        kept = {e.key for e in after} & published
        for entry in before:
            if entry.key not in kept:
                shutil.rmtree(self.out / urls.entry_url(entry), ignore_errors=True)
        pages += [builder.entry_page(e) for e in after if e.key in published]
        pages += [builder.quarter_page(q, content.quartiere[q]) for q in sorted(quarters)]
        pages += [builder.category_page(c) for c in sorted(categories)]
        pages += [builder.home(), builder.quarter_index(), builder.category_index()]
        for page in pages:
            self._write(page)
        return {"/" + page.url for page in pages}

    def _write(self, page: Page) -> None:
        assert self.report is not None and self.report.shells is not None
        target = self.out / page.url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(".index.html.neu")
        temporary.write_text(self.report.shells.render(page), encoding="utf-8")
        os.replace(temporary, target)  # the server never sends a half-written page

    # --- search index in the background -------------------------------------------------------
    def _refresh_search_index(self) -> None:
        if self._indexer is not None and self._indexer.is_alive():
            self._index_again = True
            return
        self._index_again = False
        context = multiprocessing.get_context("fork")
        self._indexer = context.Process(target=_reindex, args=(self.report.content if self.report else None,
                                                              self.today, self.out), daemon=True)
        self._indexer.start()

    def poll(self) -> None:
        """Called regularly: starts a pending search-index refresh once the previous one has finished."""
        if self._index_again and (self._indexer is None or not self._indexer.is_alive()):
            self._refresh_search_index()

    def _show(self, problems: Problems) -> None:
        for line in format_problems(problems, "text"):
            self.say(line)


def _reindex(content: Content | None, today: date, out: Path) -> None:
    """In a forked process: index every page again and swap the new index in."""
    from wegweiser.search import index_pages, indexable

    if content is None:
        return
    staging = Path(tempfile.mkdtemp(prefix=".suche-neu-", dir=out))
    try:
        pages = PageBuilder(content, today).pages()
        index_pages(((p.url, p.html) for p in pages if indexable(p.html)), staging,
                    Path(tempfile.mkdtemp(prefix="wegweiser-vorschau-")))
        old = out / ".pagefind-alt"
        shutil.rmtree(old, ignore_errors=True)
        if (out / "pagefind").exists():
            (out / "pagefind").rename(old)
        (staging / "pagefind").rename(out / "pagefind")
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
