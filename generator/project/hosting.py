"""The files that publish a guide from its host: GitHub Actions, GitLab CI or a script for an own web server.

They are static package data (``data/projekt/veroeffentlichen/``), not templates: GitHub's ``${{ … }}``
expressions would clash with Jinja, and nothing in them depends on the answers. The site's address comes from
``content/site.yaml``, the program version from ``requirements.txt``, the branch from the host.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from wegweiser.core.resources import data_file
from wegweiser.project.answers import Answers, Hosting
from wegweiser.project.files import ProjectFile

SOURCE = data_file("projekt") / "veroeffentlichen"

# Per host: (file in the package data, path in the project, executable).
FILES: dict[Hosting, tuple[tuple[str, str, bool], ...]] = {
    "github": (("github/pruefen.yml", ".github/workflows/pruefen.yml", False),
               ("github/veroeffentlichen.yml", ".github/workflows/veroeffentlichen.yml", False)),
    "gitlab": (("gitlab/gitlab-ci.yml", ".gitlab-ci.yml", False),),
    "server": (("server/veroeffentlichen.sh", "veroeffentlichen.sh", True),),
}


def publishing_files(answers: Answers) -> list[ProjectFile]:
    """The publishing files for ``answers.hosting``."""
    return [ProjectFile(PurePosixPath(target), (SOURCE / source).read_text(encoding="utf-8"), executable)
            for source, target, executable in FILES[answers.hosting]]
