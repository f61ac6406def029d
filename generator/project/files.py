"""A file ``wegweiser init`` writes into the new project."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class ProjectFile:
    path: PurePosixPath  # relative to the project folder
    text: str
    executable: bool = False
