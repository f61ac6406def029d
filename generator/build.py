"""Build: load → validate → render pages → MkDocs → Pagefind, into a temporary folder swapped in at the end.

A failed or interrupted build leaves the previous site untouched.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from wegweiser.content import Content
from wegweiser.problems import ContentError, Problems
from wegweiser.urls import PRINT_DIR
from wegweiser.validate import load_and_validate


@dataclass
class BuildReport:
    content: Content
    problems: Problems
    out_dir: Path
    pages: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def build_site(root: Path, out_dir: Path, today: date, progress: Progress = _quiet) -> BuildReport:
    """Build the website of the content folder ``root`` into ``out_dir``; raises ContentError on errors."""
    from wegweiser.mkdocs_adapter import build_with_mkdocs
    from wegweiser.search import index_site
    from wegweiser.site_pages import PageBuilder

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    progress("Inhalte laden und prüfen …")
    content, problems = load_and_validate(root, today)
    seconds["laden_pruefen"] = time.perf_counter() - started
    if problems.errors:
        raise ContentError(problems)

    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    # The temporary folders sit next to the target so that the final rename stays on one file system.
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-bau-", dir=out_dir.parent))
    try:
        step = time.perf_counter()
        progress("Seiten erzeugen …")
        pages = list(PageBuilder(content, today).pages())
        seconds["seiten"] = time.perf_counter() - step

        step = time.perf_counter()
        progress(f"Website bauen ({len(pages)} Seiten) …")
        new_site = work / "site"
        build_with_mkdocs(pages, content.site, new_site, work)
        seconds["mkdocs"] = time.perf_counter() - step

        step = time.perf_counter()
        progress("Suchindex erstellen …")
        index_site(new_site)
        seconds["pagefind"] = time.perf_counter() - step

        _swap(new_site, out_dir, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seconds["gesamt"] = time.perf_counter() - started
    return BuildReport(content, problems, out_dir, len(pages), seconds)


def _swap(new_site: Path, out_dir: Path, work: Path) -> None:
    """Put the new site in place; the old one is moved aside first and removed only afterwards.

    The booklets in ``druck/`` are written by ``wegweiser print``, not by the build: they move over.
    """
    old = work / "alt"
    kept = out_dir / PRINT_DIR
    if kept.is_dir() and not (new_site / PRINT_DIR).exists():
        shutil.copytree(kept, new_site / PRINT_DIR)
    if out_dir.exists():
        out_dir.rename(old)
    try:
        new_site.rename(out_dir)
    except BaseException:
        if old.exists() and not out_dir.exists():
            old.rename(out_dir)
        raise
