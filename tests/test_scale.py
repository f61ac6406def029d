"""No step may grow faster than the content: a guard at two sizes.

Counts Python function calls (deterministic for the same input), not seconds: loading, checking and
rendering 4x the entries must cost at most about 4x the calls. A quadratic step (say, a list scan
per entry) would show up as 16x.
"""

from __future__ import annotations

import cProfile
import pstats
from pathlib import Path
from typing import Any

import pytest

import wegweiser.content.loading
from wegweiser.check.validate import load_and_validate
from wegweiser.content.demo_data import generate
from wegweiser.render.page_builder import PageBuilder

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
    monkeypatch.setattr(wegweiser.content.loading, "PARALLEL_FROM", 10**9)  # count everything in this process
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


def _block(number: int, pages: int, seed: int) -> Any:
    """A block as Pagefind writes one: ``pages`` pages, words from a vocabulary that grows with the blocks (each
    block shares half its words with the others), each word on a few pages, a filter and two meta fields."""
    import gzip
    import random

    import cbor2

    from wegweiser.search.merge import Block
    from wegweiser.search.pagefind_format import SIGNATURE

    rnd = random.Random(seed * 1000 + number)
    vocabulary = [f"wort{n}" for n in range(200)] + [f"block{number}wort{n}" for n in range(200)]
    entries = []
    for word in sorted(rnd.sample(vocabulary, 300)):
        on = sorted(rnd.sample(range(pages), rnd.randint(1, 12)))
        deltas = [b - a for a, b in zip([0, *on[:-1]], on, strict=True)]
        entries.append([word, [[d, [-1, rnd.randint(1, 300)], []] for d in deltas], []])
    packed = {"de_w": gzip.compress(SIGNATURE + cbor2.dumps([entries]), 1),
              "de_f": gzip.compress(SIGNATURE + cbor2.dumps(["alter", [["0-3", list(range(0, pages, 3))]]]), 1)}
    meta = ["1.5.2", [[f"de_{number}_{n}", 40] for n in range(pages)], [[entries[0][0], entries[-1][0], "de_w"]],
            [["alter", "de_f"]], [], ["kurz", "title"]]
    return Block.read(gzip.compress(SIGNATURE + cbor2.dumps(meta), 1), packed.get, packed.get)


def test_merging_the_search_index_grows_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    """The search index is merged from blocks of pages (``search_merge``): 8x the blocks must cost about 8x the
    calls (9.8x measured: cutting the chunks halves each part again, n log n), not 64x (a merge that went through
    every block for every word: a list of the blocks' sizes made per word alone gave 12.2x). Chunks of 2 KB, so that
    both sizes are cut into many."""
    from wegweiser.search import pagefind_format
    from wegweiser.search.merge import merge

    monkeypatch.setattr(pagefind_format, "CHUNK_BYTES", 2_000)

    def calls(blocks: int) -> int:
        parts = [_block(number, 200, blocks) for number in range(blocks)]
        profile = cProfile.Profile()
        profile.enable()
        merged = merge(parts, "de")
        profile.disable()
        assert merged.offsets == [200 * n for n in range(blocks)]
        return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]

    calls(2)  # imports and compiled patterns count for neither size
    ratio = calls(32) / calls(4)
    assert 6.0 < ratio < 11.0, f"8x blocks cost {ratio:.1f}x the work"
