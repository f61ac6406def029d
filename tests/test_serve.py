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
        assert f"{entry}:2:8: Fehler: „nie“ ist kein Datum." in output
        assert "Nachher" in _fetch(url)
    finally:
        process.terminate()
        process.wait(timeout=10)
