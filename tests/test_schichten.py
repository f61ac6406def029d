"""The layers of docs/architektur.md hold: import-linter's contracts (pyproject.toml) pass on the package, and fail
on a copy of it with one upward import and on one with a cycle between two modules of a package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(package_parent: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if package_parent is not None:
        env["PYTHONPATH"] = str(package_parent)  # found before the editable install's finder
    return subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          capture_output=True, text=True, env=env, cwd=package_parent or ROOT, timeout=300)


def _copy(tmp_path: Path) -> Path:
    package = tmp_path / "wegweiser"
    shutil.copytree(ROOT / "generator", package, ignore=shutil.ignore_patterns("__pycache__", "locale", "data"))
    return package


def test_the_package_keeps_its_layers() -> None:
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_an_upward_import_inside_a_function_breaks_the_layers(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    slug = package / "core" / "slug.py"
    slug.write_text(slug.read_text("utf-8") + "\n\ndef _upward() -> None:\n    from wegweiser.cli import run  # noqa\n",
                    "utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "wegweiser.core is not allowed to import wegweiser.cli" in result.stdout
    assert "wegweiser.core.slug -> wegweiser.cli" in result.stdout


def test_a_cycle_inside_a_package_is_found(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    swap = package / "core" / "folder_swap.py"
    processes = package / "core" / "processes.py"
    assert "wegweiser.core import processes" in swap.read_text("utf-8")  # folder_swap already imports processes
    processes.write_text(processes.read_text("utf-8") + "\n\ndef _back() -> None:\n"
                         "    from wegweiser.core import folder_swap  # noqa\n", "utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "No cycles are allowed in wegweiser.core" in result.stdout
