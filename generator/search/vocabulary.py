"""The word list beside each language's search page (``suche/woerter.txt``): the words its "Meinten Sie …?" offers,
one a line, most frequent first (``PageBuilder.vocabulary``). The search page loads it only when a query finds
little; it never leaves the site.

Written by every kind of build: the full build, the in-place update of a few entries and the preview's refresh.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from wegweiser.render.page_builder import PageBuilder

FILE = "woerter.txt"


def vocabulary_text(words: Iterable[str]) -> str:
    return "".join(f"{word}\n" for word in words)


def write_vocabularies(site: Path, builders: Iterable[PageBuilder]) -> None:
    """Each language's word list into ``site``, each file replaced at once (a reader never sees half of it)."""
    for builder in builders:
        target = site / builder.urls.SEARCH_URL / FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{FILE}-", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(vocabulary_text(builder.vocabulary()))
            os.chmod(temporary, 0o644)  # as the pages: mkstemp makes it readable by its owner only
            os.replace(temporary, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
