"""Placeholder until the publishing files land (issue 29, part hosting)."""

from __future__ import annotations

from wegweiser.project.answers import Answers
from wegweiser.project.files import ProjectFile


def publishing_files(answers: Answers) -> list[ProjectFile]:
    return []
