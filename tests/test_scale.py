"""No step may grow faster than the content: a guard at two sizes.

Counts Python function calls (deterministic for the same input), not seconds: loading, checking and
rendering 4x the entries must cost at most about 4x the calls. A quadratic step (say, a list scan
per entry) would show up as 16x.
"""

from __future__ import annotations

import cProfile
import pstats
from pathlib import Path

import pytest

import wegweiser.content
from wegweiser.demo_data import generate
from wegweiser.site_pages import PageBuilder
from wegweiser.validate import load_and_validate

from conftest import TODAY


def _calls(root: Path) -> int:
    profile = cProfile.Profile()
    profile.enable()
    content, problems = load_and_validate(root, TODAY)
    pages = list(PageBuilder(content, TODAY).pages())
    profile.disable()
    assert problems.errors == [] and len(pages) > len(content.eintraege)
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def test_work_grows_linearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wegweiser.content, "PARALLEL_FROM", 10**9)  # count everything in this process
    # No build cache: both sizes parse every entry file and compile the templates (the cache would serve the second
    # run of either from the first's work).
    monkeypatch.setenv("WEGWEISER_CACHE", "aus")
    small, large, warm = tmp_path / "klein", tmp_path / "gross", tmp_path / "vorab"
    generate(small, 400, 4, seed=3)
    generate(large, 1600, 16, seed=3)
    generate(warm, 50, 2, seed=4)
    _calls(warm)  # what a process does once (imports, the catalogues, compiled patterns) counts for neither size
    ratio = _calls(large) / _calls(small)
    assert 3.0 < ratio < 5.0, f"4x entries cost {ratio:.1f}x the work"
