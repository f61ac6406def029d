"""Locations and the problems found in content: every message carries file, line and column."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import NamedTuple


class Loc(NamedTuple):
    """A place in a content file; line and column count from 1 (0 means "the whole file").

    A NamedTuple, not a dataclass: content keeps hundreds of thousands of them, and tuples are smaller
    and pickle (to and from worker processes) several times faster.
    """

    path: str
    line: int = 0
    column: int = 0

    def __reduce__(self) -> tuple[Callable[..., object], tuple[object, ...]]:
        # Unpickled by tuple.__new__ directly, not through the Python-level __new__ NamedTuple gives the class:
        # a third of the time of reading 10,000 entries from the build cache.
        return tuple.__new__, (Loc, tuple(self))

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path


class Fix(NamedTuple):
    """One character of a content file to replace (``wegweiser check --reparieren``): at ``line`` and ``column`` (as
    in ``Loc``) the text ``old`` becomes ``new``."""

    line: int
    column: int
    old: str
    new: str


class Severity(Enum):
    ERROR = "Fehler"
    WARNING = "Warnung"


@dataclass(frozen=True, slots=True)
class Problem:
    loc: Loc
    severity: Severity
    message: str
    hint: str = ""
    fixes: tuple[Fix, ...] = ()  # what ``check --reparieren`` changes in the file ``loc.path`` to end the problem

    def format(self) -> str:
        text = f"{self.loc}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" – {self.hint}"
        return text


@dataclass
class Problems:
    """Collects every problem of a run; phases add to it and the caller stops when it has errors."""

    items: list[Problem] = field(default_factory=list)

    def error(self, loc: Loc, message: str, hint: str = "", fixes: tuple[Fix, ...] = ()) -> None:
        self.items.append(Problem(loc, Severity.ERROR, message, hint, fixes))

    def warning(self, loc: Loc, message: str, hint: str = "", fixes: tuple[Fix, ...] = ()) -> None:
        self.items.append(Problem(loc, Severity.WARNING, message, hint, fixes))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.loc, p.severity.value, p.message))


class ContentError(Exception):
    """Raised when content has errors; carries all problems collected so far."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"{len(problems.errors)} Fehler im Inhalt")
        self.problems = problems


def display_path(path: Path, root: Path) -> str:
    """The path as editors see it: relative to the content root, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
