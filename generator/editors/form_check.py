"""The form's saves checked as ``wegweiser check`` checks the files, before anything is written (issue 27).

Placeholder: accepts everything until the check lands.
"""

from __future__ import annotations

from pathlib import Path


class SaveRefused(Exception):
    """A save that ``check`` would refuse: the German messages, each with the field it concerns (``""``: none)."""

    def __init__(self, messages: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _, message in messages))
        self.messages = messages


def check_save(root: Path, files: dict[Path, str]) -> None:
    """Raise :class:`SaveRefused` if the project ``root`` with ``files`` (real path → new text) written would
    not pass ``wegweiser check``."""
