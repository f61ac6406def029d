"""The form's saves checked as ``wegweiser check`` checks the files, before anything is written (issue 27).

The project is checked twice with the code of ``wegweiser check`` (loading, the cross-file rules, the templates):
as it is, and as a private copy of its content folders with the saved files in it. A save is refused when a saved
file has an error, or when another file has an error it did not have before (a second file with the same name, a
category removed that entries use); errors the project had already elsewhere do not block it. Warnings never do.
The copy lies in the system's temporary folder and is removed afterwards; the project itself is only read.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from wegweiser.check.report import safe_lines
from wegweiser.check.validate import load_and_validate
from wegweiser.content.loading import load_cached, load_content
from wegweiser.content.records import Content
from wegweiser.core.cache import EntryCache, cache_folder
from wegweiser.core.problems import Problem, Problems, Severity

# The copy's files are only read, never written (a saved file replaces its link: unlinked first), so each is a hard
# link to the project's file: 10,000 entries are linked in a fraction of a second where copying them took seconds.
# Copied where a link cannot be made (another file system).
_TOP_KEY = re.compile(r"([^\s#\-\"'][^:#]*?|\"[^\"]*\"|'[^']*')\s*:(?:\s|$)")
# "Das Pflichtfeld „lon“ fehlt.", "Bei Einträgen in content/ fehlt „quartiere“.": the field is the one named
_MISSING = re.compile(r"Pflichtfeld „([^“]+)“ fehlt|fehlt „([^“]+)“")


class SaveRefused(Exception):
    """A save that ``check`` would refuse: the German messages, each with the field it concerns (``""``: none)."""

    def __init__(self, messages: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _, message in messages))
        self.messages = messages


def check_save(root: Path, files: dict[Path, str], removed: Iterable[Path] = (), today: date | None = None) -> None:
    """Raise :class:`SaveRefused` if the project ``root`` with ``files`` (real path → new text) written and
    ``removed`` (real paths) deleted would not pass ``wegweiser check``."""
    messages = save_problems(root, files, removed, today or date.today())
    if messages:
        raise SaveRefused(messages)


def save_problems(root: Path, files: dict[Path, str], removed: Iterable[Path], today: date) -> list[tuple[str, str]]:
    """The errors ``check`` would report because of the save, as (field, message as ``check`` prints it)."""
    real_root = Path(os.path.realpath(root))
    saved = {_shown(path, real_root): text for path, text in files.items()}
    gone = [_shown(path, real_root) for path in removed]
    cache = EntryCache.open(cache_folder(real_root))

    def load(folder: Path, problems: Problems) -> Content:  # the copy: the cache is not saved for its files
        return load_content(folder, problems, cache)

    with tempfile.TemporaryDirectory(prefix="wegweiser-pruefung-") as scratch:
        copy = Path(scratch) / (real_root.name or "projekt")
        _copy_project(real_root, copy)
        for shown in gone:
            (copy / shown).unlink(missing_ok=True)
        for shown, text in saved.items():
            target = copy / shown
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)  # never write through a link into the project
            target.write_text(text, encoding="utf-8")
        _, after = load_and_validate(copy, today, load)
    errors = [problem for problem in after.sorted() if problem.severity is Severity.ERROR]
    known: set[tuple[str, int, int]] = set()
    if any(problem.loc.path not in saved for problem in errors):
        # errors elsewhere: those the project has as it is (as check loads it) do not block the save
        _, before = load_and_validate(real_root, today, lambda folder, problems: load_cached(folder, problems, cache))
        known = {(p.loc.path, p.loc.line, p.loc.column) for p in before.errors}
    found: list[tuple[str, str]] = []
    for problem in errors:
        if problem.loc.path in saved:
            found.append((field_at(saved[problem.loc.path], problem), safe_lines(problem.format())))
        elif (problem.loc.path, problem.loc.line, problem.loc.column) not in known:
            found.append(("", safe_lines(problem.format())))
    return found


def _shown(path: Path, root: Path) -> str:
    """``path`` as ``check`` names it: relative to the project, with ``/``."""
    real = Path(os.path.realpath(path))
    return real.relative_to(root).as_posix() if real.is_relative_to(root) else path.as_posix()


def _copy_project(root: Path, copy: Path) -> None:
    """The folders ``check`` reads, copied (hidden files left out: the loader skips them too). Not the content
    templates: the form cannot write them, so a save cannot change what check says about them."""
    copy.mkdir()
    for name in ("content", "quartiere"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, copy / name, symlinks=True, copy_function=_copy_file,
                            ignore=lambda folder, names: [n for n in names if n.startswith(".")])


def _copy_file(source: str, target: str) -> object:
    try:
        os.link(source, target)
        return target
    except OSError:
        return shutil.copy2(source, target)


def field_at(text: str, problem: Problem) -> str:
    """The form field a problem in the file ``text`` concerns: the top-level key whose lines hold the problem's line
    (in a ``.md`` entry, the text below the front matter is ``body``), or the field the problem names as missing from
    the file's top level; ``""`` for the file as a whole."""
    missing = _MISSING.search(problem.message)
    if missing and problem.loc.column <= 1:  # the file's own mapping (a nested one is indented)
        return missing.group(1) or missing.group(2)
    line = problem.loc.line
    if line < 1:
        return ""
    lines = text.split("\n")
    start, end = 0, len(lines)
    if problem.loc.path.endswith(".md") and lines and lines[0].strip() == "---":
        closing = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), len(lines))
        if line > closing + 1:
            return "body"
        start, end = 1, closing
    for number in range(min(line, end) - 1, start - 1, -1):
        key = _TOP_KEY.match(lines[number])
        if key:
            return key.group(1).strip("\"'")
    return ""
