"""A wheel install (`pip install .`, not editable) builds and prints: templates and Leaflet travel in it.

The wheel is built the way a user builds it and installed with --no-deps into a fresh virtual environment in tmp,
its dependencies from this checkout's .venv (``rad``). Both commands then run with the working directory outside
the repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import MINI, ROOT
from rad import fresh_environment, install_wheel, shared_wheel

KARTE = ("karte:\n  kacheln: https://tile.openstreetmap.org/{z}/{x}/{y}.png\n  anbieter: OpenStreetMap\n"
         "  namensnennung: © OpenStreetMap-Mitwirkende\n")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    """(the wheel, the fresh environment's python, seconds for build + install)."""
    if not (ROOT / "node_modules" / "leaflet" / "dist" / "leaflet.js").is_file():
        pytest.fail("node_modules/leaflet fehlt: make install führt npm install aus")
    tmp = tmp_path_factory.mktemp("rad")
    started = time.perf_counter()
    wheel = shared_wheel(tmp_path_factory)
    python = fresh_environment(tmp / "umgebung")
    install_wheel(python, wheel)
    return wheel, python, time.perf_counter() - started


def test_wheel_carries_every_template_and_the_map_library(installed: tuple[Path, Path, float]) -> None:
    wheel, _, seconds = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {f"wegweiser/templates/{p.relative_to(ROOT / 'templates').as_posix()}"
                 for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert templates and templates <= names, sorted(templates - names)
    assert {"wegweiser/leaflet/leaflet.js", "wegweiser/leaflet/leaflet.css",
            "wegweiser/leaflet/images/marker-icon.png"} <= names
    assert "wegweiser/qrcode/qrcode.js" in names  # the Merkliste's QR codes
    # every data file and catalogue (init's starter files, the .po files) travels too
    data = {f"wegweiser/{p.relative_to(ROOT / 'generator').as_posix()}"
            for folder in ("data", "locale") for p in (ROOT / "generator" / folder).rglob("*")
            if p.is_file() and p.suffix != ".mo" and "__pycache__" not in p.parts}
    assert data and data <= names, sorted(data - names)
    # and the build said nothing to warn about (setuptools' deprecations, data folders it would stop shipping)
    log = (wheel.parent / "pip-wheel.log").read_text(encoding="utf-8")
    warnings = [line for line in log.splitlines() if "Warning" in line and "Location 'file:" not in line]
    assert not warnings, warnings
    # what `build --redaktion` copies into the form, for a CI that installs the wheel
    decap = ROOT / "node_modules" / "decap-cms" / "dist"
    form = {f"wegweiser/npm/decap-cms/dist/{p.name}" for p in [decap / "decap-cms.js", *decap.glob("*.decap-cms.js"),
                                                                *decap.glob("*.wasm")]}
    form |= {"wegweiser/npm/opening_hours/build/opening_hours.js", "wegweiser/npm/suncalc/suncalc.cjs",
             "wegweiser/npm/js-yaml/dist/js-yaml.min.js"}
    assert len(form) > 90 and form <= names, sorted(form - names)
    assert not any(name.startswith("wegweiser/npm/") and name.endswith(".map") for name in names)
    print(f"Rad bauen und installieren: {seconds:.1f} s")
    assert seconds < 60


def test_installed_wheel_builds_and_prints(installed: tuple[Path, Path, float], tmp_path: Path) -> None:
    _, python, _ = installed
    project = tmp_path / "projekt"
    shutil.copytree(MINI, project)
    with (project / "content" / "site.yaml").open("a", encoding="utf-8") as site:
        site.write(KARTE)
    elsewhere = tmp_path / "anderswo"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(python), "-c", "import wegweiser.core.resources as r; print(r.__file__); "
                            "print(r.templates_dir()); print(r.leaflet_dir())"],
                           capture_output=True, text=True, check=True, cwd=elsewhere, env=env).stdout.split()
    environment = python.parent.parent
    assert all(Path(path).is_relative_to(environment) for path in where), where  # not this checkout

    wegweiser = str(python.parent / "wegweiser")
    built = subprocess.run([wegweiser, "build", str(project), "-o", str(tmp_path / "site")],
                           capture_output=True, text=True, cwd=elsewhere, env=env, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Leaflet" not in built.stdout
    # How to look at it: the preview, not the file:// address (folder listings, and the search blocked by CORS)
    assert "file://" not in built.stdout and "index.html" not in built.stdout.splitlines()[-1]
    assert "wegweiser serve" in built.stdout.splitlines()[-1]
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "quartiere" / "testviertel" / "index.html").is_file()
    assert (tmp_path / "site" / "assets" / "leaflet" / "leaflet.js").is_file()
    assert (tmp_path / "site" / "assets" / "qrcode" / "qrcode.js").is_file()

    printed = subprocess.run([wegweiser, "print", str(project), "--quartier", "testviertel", "-o",
                              str(tmp_path / "druck")], capture_output=True, text=True, cwd=elsewhere, env=env,
                             timeout=300)
    assert printed.returncode == 0, printed.stdout + printed.stderr
    pdf = tmp_path / "druck" / "testviertel-heft-a5.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")

    # Without the map library the build still succeeds, and says that the maps are missing.
    shutil.rmtree(Path(where[2]))
    again = subprocess.run([wegweiser, "build", str(project), "-o", str(tmp_path / "site")],
                           capture_output=True, text=True, cwd=elsewhere, env=env, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    warning = next(line for line in again.stdout.splitlines() if "Leaflet" in line)
    assert warning.startswith("content/site.yaml:")
    assert "Warnung: Kartenbibliothek Leaflet fehlt:" in warning and "Karten werden nicht angezeigt." in warning
    assert not (tmp_path / "site" / "assets" / "leaflet").exists()


def test_installed_wheel_builds_the_hosted_form(installed: tuple[Path, Path, float], tmp_path: Path) -> None:
    """A network's CI installs the wheel, not a checkout with node_modules: `build --redaktion` still writes the
    whole form, with the team backend of redaktion.yml."""
    _, python, _ = installed
    project = tmp_path / "projekt"
    shutil.copytree(MINI, project)
    (project / "redaktion.yml").write_text("backend:\n  name: gitlab\n  repo: netzwerk/wegweiser\n  branch: main\n"
                                           "  auth_type: pkce\n  app_id: abc123\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = tmp_path / "site"
    built = subprocess.run([str(python.parent / "wegweiser"), "build", str(project), "-o", str(out), "--redaktion"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    form = out / "redaktion"
    config = yaml.safe_load((form / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {"name": "gitlab", "repo": "netzwerk/wegweiser", "branch": "main",
                                 "auth_type": "pkce", "app_id": "abc123"}
    scripts = re.findall(r'<script src="([^"]+)"', (form / "index.html").read_text(encoding="utf-8"))
    assert {"decap-cms.js", "opening_hours.js", "suncalc.js"} <= set(scripts)
    assert all((form / name).is_file() for name in scripts)
    decap = ROOT / "node_modules" / "decap-cms" / "dist"
    assert {p.name for p in form.glob("*.decap-cms.js")} == {p.name for p in decap.glob("*.decap-cms.js")}
    assert (form / "js-yaml.min.js").is_file() and len(list(form.glob("*.wasm"))) == len(list(decap.glob("*.wasm")))
