"""Placeholder until the hosted form's redaktion.yml lands (issue 29, part decap)."""

from __future__ import annotations

from wegweiser.project.answers import Answers
from wegweiser.project.files import ProjectFile


def redaktion_file(answers: Answers) -> ProjectFile | None:
    return None
