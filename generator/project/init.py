"""``wegweiser init``: a new project written whole or not at all.

The files are written into a temporary folder beside the target, which is then renamed into place: a kill in
the middle leaves no half project at the target, and the next ``init`` removes what a killed one left
(``folder_swap.remove_leftovers``: only folders whose owning process is gone).
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from wegweiser.core.folder_swap import owned_temp_folder, remove_leftovers
from wegweiser.core.journal import signals_deferred
from wegweiser.core.output_guard import check_new_project, expanded
from wegweiser.project.answers import Answers
from wegweiser.project.files import ProjectFile
from wegweiser.project.scaffold import project_files
from wegweiser.project.version_pin import Requirement


def _prefix(target: Path) -> str:
    return f".{target.name}-neu-"


def _write(folder: Path, files: list[ProjectFile]) -> None:
    for item in files:
        path = folder.joinpath(*item.path.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.text, encoding="utf-8", newline="\n")
        if item.executable:
            path.chmod(0o755)


def create_project(target_path: Path, answers: Answers, today: date, requirement: Requirement) -> Path:
    """Write the new project to ``target_path`` (a new or empty folder); returns its absolute path.
    Raises OutputRefused (nothing written) or OSError (nothing left at the target)."""
    mount = os.path.ismount(expanded(target_path))
    if mount:  # an empty mount point stays; the files are written inside it, on its own file system
        remove_leftovers(expanded(target_path), _prefix(target_path))
    target = check_new_project(target_path)
    files = project_files(answers, today, requirement)  # everything rendered before anything is written
    # On the target's file system: a full disk stops the writing, never the moving in, which renames only.
    parent = target if mount else target.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(parent, _prefix(target))
    staging = owned_temp_folder(_prefix(target), parent)
    try:
        _write(staging, files)
        staging.chmod(0o777 & ~_umask())
        with signals_deferred():
            check_new_project(target, staging)  # still new or empty: nothing appeared there meanwhile
            if mount:  # entries renamed one by one, on the same file system
                for entry in sorted(staging.iterdir()):
                    os.rename(entry, target / entry.name)
                staging.rmdir()
            else:
                if target.is_dir():
                    target.rmdir()  # empty (checked): rename cannot replace a folder on every system
                os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
