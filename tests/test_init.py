"""`wegweiser init` from the installed wheel, outside the repository (issue 29).

The wheel and its environment come from tests/test_wheel.py's module fixture (re-used here as this module's own):
the program runs from the wheel, never from this checkout, with the working directory in tmp.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from test_wheel import installed  # noqa: F401  (the fixture: the wheel installed into a fresh environment)

from wegweiser import __version__

FLAGS = ["--region", "Kreis Beispiel", "--bundesland", "BY", "--quartier", "Altstadt=80331",
         "--quartier", "Neue Mitte", "--sprachen", "de,en,ar", "--herausgeber", "Familienbüro Kreis Beispiel",
         "--anschrift", "Marktplatz 2\\n80331 Beispielstadt", "--email", "familie@kreis-beispiel.example",
         "--hosting", "gitlab", "--repo", "kreis-beispiel/wegweiser", "--stichtag", "2026-12-07"]


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["WEGWEISER_CACHE"] = "aus"
    return env


def _run(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # stdin from /dev/null: no terminal, so init asks nothing
    return subprocess.run([str(python.parent / "wegweiser"), *args], capture_output=True, text=True, cwd=cwd,
                          env=_env(), stdin=subprocess.DEVNULL, timeout=300)


@pytest.fixture(scope="module")
def made(installed: tuple[Path, Path, float], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:  # noqa: F811
    """(the python of the wheel's environment, a project init made with flags)."""
    _, python, _ = installed
    tmp = tmp_path_factory.mktemp("init")
    result = _run(python, "init", "beispiel", *FLAGS, cwd=tmp)
    assert result.returncode == 0, result.stdout + result.stderr
    return python, tmp / "beispiel"


def test_init_writes_a_content_only_project_from_the_flags(made: tuple[Path, Path]) -> None:
    _, project = made
    site = yaml.safe_load((project / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site["titel"] == "Familienwegweiser Kreis Beispiel"  # the title follows the region when not given
    assert site["region"] == "Kreis Beispiel" and site["bundesland"] == "BY"
    assert site["sprachen"] == ["de", "en", "ar"]
    assert site["basis_url"] == "https://kreis-beispiel.gitlab.io/wegweiser/"  # GitLab Pages of --repo
    assert site["impressum"] == {"herausgeber": "Familienbüro Kreis Beispiel",
                                 "adresse": "Marktplatz 2\n80331 Beispielstadt",
                                 "email": "familie@kreis-beispiel.example"}
    quarters = {p.parent.name: yaml.safe_load(p.read_text(encoding="utf-8"))
                for p in (project / "quartiere").glob("*/quartier.yaml")}
    assert set(quarters) == {"altstadt", "neue-mitte"}
    assert quarters["altstadt"]["plz"] == ["80331"] and quarters["neue-mitte"]["name"] == "Neue Mitte"
    # the categories in the chosen languages only
    assert sorted(p.name for p in (project / "content").glob("kategorien*.yaml")) == [
        "kategorien.ar.yaml", "kategorien.en.yaml", "kategorien.yaml"]
    pages = {p.name for p in (project / "content" / "seiten").iterdir()}
    assert {"impressum.md", "datenschutz.md", "barrierefreiheit.md", "notfallnummern.md",
            "u-untersuchungen.md"} <= pages
    # Bayern's poison centre is München's, not the demo's Bonn (NRW)
    emergency = (project / "content" / "seiten" / "notfallnummern.md").read_text(encoding="utf-8")
    assert "089 19240" in emergency and "0228" not in emergency
    # content only: none of the program's code, tests or demo content
    assert not any((project / name).exists() for name in ("generator", "tests", "templates", "bench", "Makefile"))
    assert not list(project.rglob("*.py"))
    requirement = [line for line in (project / "requirements.txt").read_text(encoding="utf-8").splitlines()
                   if line and not line.startswith("#")]
    assert requirement == [f"familienwegweiser=={__version__}"]  # a wheel file cannot be installed by CI: the name
    settings = (project / ".vscode" / "settings.json").read_text(encoding="utf-8")
    assert "./schema/site.schema.json" in settings and (project / "schema" / "site.schema.json").is_file()
    assert "/site/" in (project / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_new_project_passes_check_with_warnings_only(made: tuple[Path, Path]) -> None:
    python, project = made
    checked = _run(python, "check", ".", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 Fehler" in checked.stdout
    # the legal pages still to complete are warned about, at their lines
    placeholders = [line for line in checked.stdout.splitlines() if "Bitte ergänzen" in line]
    assert any(line.startswith("content/seiten/impressum.md:") for line in placeholders)
    assert any(line.startswith("content/seiten/datenschutz.md:") for line in placeholders)
    assert "Warnung" not in checked.stderr  # the pinned version is the running one


def test_a_second_init_into_the_project_is_refused(made: tuple[Path, Path]) -> None:
    python, project = made
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    again = _run(python, "init", str(project), cwd=project.parent)
    assert again.returncode == 2
    assert "gibt es schon einen Familienwegweiser" in again.stderr and "Traceback" not in again.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_init_into_a_foreign_folder_writes_nothing(made: tuple[Path, Path], tmp_path: Path) -> None:
    python, _ = made
    foreign = tmp_path / "fotos"
    foreign.mkdir()
    (foreign / "urlaub.jpg").write_bytes(b"\xff\xd8")
    refused = _run(python, "init", str(foreign), cwd=tmp_path)
    assert refused.returncode == 2 and "nicht leer" in refused.stderr and "urlaub.jpg" in refused.stderr
    assert [p.name for p in foreign.iterdir()] == ["urlaub.jpg"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fotos"]  # no temporary folder left beside it


def test_another_program_version_is_named_with_the_pinned_one(made: tuple[Path, Path], tmp_path: Path) -> None:
    python, project = made
    pinned = tmp_path / "projekt"
    subprocess.run(["cp", "-a", str(project), str(pinned)], check=True)
    (pinned / "requirements.txt").write_text("# Programm\nfamilienwegweiser==0.0.9\n", encoding="utf-8")
    checked = _run(python, "check", ".", cwd=pinned)
    warning = [line for line in checked.stderr.splitlines() if "Version" in line]
    assert len(warning) == 1, checked.stderr
    assert "0.0.9" in warning[0] and __version__ in warning[0] and "requirements.txt, Zeile 2" in warning[0]
    (pinned / "requirements.txt").write_text(f"familienwegweiser @ git+https://example.org/fw.git@v{__version__}\n",
                                             encoding="utf-8")
    assert "Version" not in _run(python, "check", ".", cwd=pinned).stderr
