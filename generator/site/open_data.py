"""The open data (``opendata.publish``: the HSDS export under ``daten/hsds/``), written into the site by every kind
of build: by a full build in a process of its own beside the pages (``OpenDataExport``), into a folder that is
moved into the new site; by the in-place update and the preview file by file (each replaced at once, and only when
its bytes changed), which also remove the export's files that the content no longer makes (an organization
renamed)."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from wegweiser.content.records import Content
from wegweiser.core import processes
from wegweiser.opendata.publish import FOLDER, hsds_file_items
from wegweiser.site.subscriptions import replace_file


def write_open_data(site: Path, content: Content, today: date, fresh: bool = False) -> int:
    """Write the export into ``site``; the number of files it has.

    ``fresh``: ``site`` is a new folder of the build's own, so each file is written directly (the site is swapped in
    whole). Otherwise a file whose bytes are the same is left alone: after one changed entry, one service's file
    (and the lists and tables that show it) is replaced instead of all 10,100 at 10,000 entries."""
    names: set[str] = set()
    folders: set[Path] = set()
    for path, data in hsds_file_items(content, today):
        names.add(path)
        target = site / path
        if fresh:
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            target.write_bytes(data)
        elif not _holds(target, data):
            replace_file(target, data)
    folder = site / FOLDER
    if not fresh and folder.is_dir():  # ours: the export's files and what a killed write left (".name-…")
        for old in folder.rglob("*"):
            ours = old.suffix in (".json", ".csv") or old.name.startswith(".")
            if old.is_file() and ours and old.relative_to(site).as_posix() not in names:
                old.unlink()
    return len(names)


def _holds(target: Path, data: bytes) -> bool:
    """Whether the file ``target`` has exactly ``data`` (reading it is cheaper than replacing it)."""
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


class OpenDataExport:
    """The export written by a forked process while the build works on the pages.

    At 10,000 entries the export is 10,100 files and 7 CPU-seconds; written by the build after the pages, it was a
    fifth of a full build's time and most of an update's. A full build has it written into a folder beside the new
    site (MkDocs empties the new site when it builds the theme; ``fresh``) and moves it in (``move_into``); the
    in-place update has it written into the site itself, each file replaced only when its bytes changed. Without
    ``fork`` (Windows), ``finish`` writes it in the build's own process."""

    def __init__(self, content: Content, today: date, folder: Path, fresh: bool) -> None:
        self.content, self.today, self.folder, self.fresh = content, today, folder, fresh
        self.processes: list[Any] = []
        self.failed: Any = None

    def start(self) -> None:
        context = processes.fork_context()
        if context is None:
            return
        self.failed = context.SimpleQueue()
        arm = processes.die_with_parent()
        gc.freeze()  # as for the page workers: the child's garbage collector would copy the build's memory
        process = context.Process(target=self._write, args=(arm,), daemon=True)
        process.start()
        gc.unfreeze()
        self.processes.append(process)

    def _write(self, arm: Callable[[], None]) -> None:
        arm()
        processes.quiet_worker()  # SIGTERM and Strg+C are the build's business: it ends this process
        try:
            write_open_data(self.folder, self.content, self.today, fresh=self.fresh)
        except OSError as exc:  # e.g. disk full: the build reports it with the path
            processes.pass_on_os_error(self.failed, exc)

    def finish(self) -> None:
        """Wait for the export (raises the process's ``OSError``)."""
        if not self.processes:
            write_open_data(self.folder, self.content, self.today, fresh=self.fresh)
            return
        process = self.processes[0]
        process.join()
        processes.raise_failure(process, self.failed, "Der Prozess für die offenen Daten")

    def stop(self) -> None:
        """End the process if it still runs (the build failed, or builds the whole site instead)."""
        for process in self.processes:
            if process.is_alive():
                process.kill()
            process.join()

    def move_into(self, site: Path) -> None:
        """``finish``, then move the export written beside the new site into it."""
        self.finish()
        written, target = self.folder / FOLDER, site / FOLDER
        if not written.is_dir():
            return  # no site.yaml: no export
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.replace(written, target)
            return
        # a page of the content at the same address (daten/hsds/): its files and the export's side by side
        for path in written.rglob("*"):
            if path.is_file():
                moved = target / path.relative_to(written)
                moved.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, moved)
        shutil.rmtree(written, ignore_errors=True)
