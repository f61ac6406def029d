"""The program as a user installs it: a wheel built from a clean copy of this checkout, and fresh environments.

The wheel is built the way a user builds it (pip with build isolation). A fresh environment gets this checkout's
installed dependencies through a .pth line naming a view of its site-packages without the program (symbolic
links to everything else): the editable install of this checkout stays invisible, to imports and to pip, and
`wegweiser` can only come from the wheel. pip itself comes along that way too, so `python -m pip` works in it,
and installing the wheel with its dependencies finds them installed.
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import ROOT, shared_per_run

NOT_PACKAGED = (".git", ".venv", "node_modules", "build", "site", "*.egg-info", ".*_cache", ".hypothesis", ".lint",
                "tests", "bench", "content", "quartiere")


def _not_packaged(folder: str, names: list[str]) -> set[str]:
    """Top-level folders that are no part of the package (templates/site is), and caches anywhere."""
    top = Path(folder) == ROOT
    return {n for n in names if n == "__pycache__" or (top and any(fnmatch.fnmatch(n, p) for p in NOT_PACKAGED))}


def build_wheel(tmp: Path) -> Path:
    """The wheel, in ``tmp/dist``. From a clean copy: setuptools keeps build/ between runs, and a file deleted
    since would ship again."""
    source = tmp / "quelle"
    shutil.copytree(ROOT, source, ignore=_not_packaged)
    for library in ("leaflet/dist", "qrcode-generator/dist",
                    "decap-cms/dist", "opening_hours/build", "suncalc", "js-yaml/dist"):  # the last four: the form's
        shutil.copytree(ROOT / "node_modules" / library, source / "node_modules" / library,
                        ignore=shutil.ignore_patterns("*.map", "node_modules"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", str(source), "-w", str(tmp / "dist")],
                          check=True, cwd=tmp, timeout=300, capture_output=True, text=True)
    (tmp / "dist" / "pip-wheel.log").write_text(done.stdout + done.stderr, encoding="utf-8")  # test_wheel reads it
    return next((tmp / "dist").glob("familienwegweiser-*.whl"))


def shared_wheel(factory: pytest.TempPathFactory) -> Path:
    """``build_wheel`` once per test run: the test modules that install the program (test_wheel, test_init,
    test_veroeffentlichen) share one wheel, also across xdist workers (``shared_per_run``)."""
    with shared_per_run(factory, "rad-geteilt") as folder:
        built = sorted((folder / "dist").glob("familienwegweiser-*.whl"))
        return built[0] if built else build_wheel(folder)


def _dependencies(folder: Path) -> Path:
    """This checkout's site-packages without the program (its editable install): links in ``folder``."""
    if not folder.is_dir():
        folder.mkdir()
        installed = Path(sysconfig.get_path("purelib"))
        for entry in installed.iterdir():
            if not entry.name.startswith(("__editable__", "familienwegweiser-")):
                (folder / entry.name).symlink_to(entry)
    return folder


def fresh_environment(folder: Path) -> Path:
    """A new virtual environment at ``folder`` with this checkout's dependencies but not the program; its python."""
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / "bin" / "python"
    own = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                              capture_output=True, text=True, check=True).stdout.strip())
    view = _dependencies(folder.parent / "abhaengigkeiten")
    (own / "abhaengigkeiten.pth").write_text(f"{view}\n", encoding="utf-8")
    return python


def install_wheel(python: Path, wheel: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, cwd=wheel.parent, timeout=300)
