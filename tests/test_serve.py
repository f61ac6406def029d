"""`wegweiser serve`: the preview rebuilds when an editor saves a file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from wegweiser.editors.preview import Preview

from conftest import TODAY


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def test_preview_rebuilds_on_change(scratch: Callable[..., Path], tmp_path: Path) -> None:
    entry = "quartiere/testviertel/angebote/neu.yaml"
    root = scratch(entry, "name: Vorher\nstand: 2026-10-01\n")
    env = {**os.environ, "WEGWEISER_STICHTAG": "2026-11-21", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "wegweiser", "serve", str(root), "-p", "0", "-o",
                                str(tmp_path / "site")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=env)
    try:
        assert process.stdout
        origin = ""
        deadline = time.monotonic() + 120
        while not origin and time.monotonic() < deadline:
            line = process.stdout.readline()
            match = re.search(r"http://127\.0\.0\.1:\d+", line)
            origin = match.group(0) if match else ""
        assert origin, "serve printed no address"
        url = f"{origin}/quartiere/testviertel/angebote/neu/"
        assert "Vorher" in _fetch(url)

        scratch(entry, "name: Nachher\nstand: 2026-10-01\n")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "Nachher" not in _fetch(url):
            time.sleep(0.2)
        assert "Nachher" in _fetch(url)

        # A broken file keeps the last good page online and reports the problem.
        scratch(entry, "name: Kaputt\nstand: nie\n")
        deadline = time.monotonic() + 60
        output = ""
        while time.monotonic() < deadline and "ist kein Datum" not in output:
            output += process.stdout.readline()
        assert f"{entry}:2:8: Fehler: Feld „stand“: „nie“ ist kein Datum." in output
        assert "Nachher" in _fetch(url)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def preview(scratch: Callable[..., Path], tmp_path: Path) -> tuple[Preview, Path, list[str]]:
    """A preview of the minimal project after its first full build: (preview, site folder, messages)."""
    said: list[str] = []
    out = tmp_path / "site"
    preview = Preview(scratch.root, out, TODAY, said.append)  # type: ignore[attr-defined]
    assert preview.full()
    return preview, out, said


def test_incremental_updates_add_remove_and_reindex(preview: tuple[Preview, Path, list[str]]) -> None:
    preview, out, said = preview
    root = preview.root
    index_file = out / "pagefind" / "pagefind-entry.json"
    first_index = index_file.read_bytes()

    new = root / "quartiere/testviertel/spielplaetze/wiese.yaml"
    new.parent.mkdir(parents=True, exist_ok=True)
    new.write_text("name: Spielwiese am Bach\nstand: 2026-10-01\n", encoding="utf-8")
    preview.changed({new})
    assert "Spielwiese am Bach" in (out / "quartiere/testviertel/spielplaetze/wiese/index.html").read_text("utf-8")
    quarter = (out / "quartiere/testviertel/index.html").read_text("utf-8")
    assert "Spielwiese am Bach" in quarter and any(line.startswith("Aktualisiert in") for line in said)
    assert "Website gebaut" in said[0] and sum("Website gebaut" in line for line in said) == 1  # no full rebuild

    # the search index is rebuilt in the background and swapped in
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and index_file.read_bytes() == first_index:
        time.sleep(0.2)
        preview.poll()
    assert index_file.read_bytes() != first_index

    new.unlink()
    preview.changed({new})
    assert not (out / "quartiere/testviertel/spielplaetze/wiese").exists()
    assert "Spielwiese am Bach" not in (out / "quartiere/testviertel/index.html").read_text("utf-8")

    # a change outside entry files rebuilds the whole site
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text("utf-8").replace("Familienwegweiser Teststadt", "Wegweiser Neustadt"),
                         encoding="utf-8")
    preview.changed({site_yaml})
    assert sum("Website gebaut" in line for line in said) == 2
    assert "Wegweiser Neustadt" in (out / "index.html").read_text("utf-8")


def test_incremental_update_refuses_dangling_reference(preview: tuple[Preview, Path, list[str]]) -> None:
    preview, out, said = preview
    entry = preview.root / "quartiere/testviertel/angebote/elterncafe.yaml"
    entry.write_text(entry.read_text("utf-8").replace("kontakt: koordination", "kontakt: gibtsnicht")
                     .replace("name: Elterncafé", "name: Elterncafé Neu"), encoding="utf-8")
    preview.changed({entry})
    assert any("Den Kontakt „gibtsnicht“ gibt es nicht." in line for line in said)
    page = (out / "quartiere/testviertel/angebote/elterncafe/index.html").read_text("utf-8")
    assert "Elterncafé Neu" not in page and "Elterncafé" in page
