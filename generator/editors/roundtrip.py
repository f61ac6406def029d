"""Saving a form's entry into the file it replaces, changing only the lines whose values changed.

Decap CMS sends the whole file as it serialises it (its key order, quoting, list style, no comments). This module
merges that into the file on disk so that a save is a small, honest diff (issue 27). Placeholder: returns the
form's text unchanged until the round-trip writer lands.
"""

from __future__ import annotations

from datetime import date


def merge(old: str | None, new: str, path: str, today: date) -> str:
    """The text to write for ``path``: ``new`` (the form's text) applied to ``old`` (the file's text, ``None`` for a
    new file)."""
    return new
