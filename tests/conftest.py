"""Shared fixtures: the repository's demo content and scratch copies of a minimal valid project."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
CORPUS = Path(__file__).resolve().parent / "fehlerhaft"
# A fixed "today" keeps date warnings reproducible; the demo content is dated autumn 2026.
TODAY = date(2026, 11, 21)


@pytest.fixture
def scratch(tmp_path: Path) -> Callable[..., Path]:
    """A fresh copy of the minimal project; ``write(relpath, text)`` adds or replaces files in it."""
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)

    def write(relpath: str, text: str | bytes) -> Path:
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return root

    write.root = root  # type: ignore[attr-defined]
    return write
