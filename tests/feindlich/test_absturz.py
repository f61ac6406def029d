"""Hostile input that used to crash `wegweiser check` ("interner Fehler", exit 3, every other problem hidden).

Each case puts one bad value into a copy of the minimal project next to two ordinary mistakes in other files;
`check` must report the bad value at its place with a German message that names the field, and still report
the two other mistakes (no early abort). Ages with one bound are valid: "ab 6 Jahren" and "bis 3 Jahre".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from wegweiser.editors.preview import Preview

from conftest import MINI, TODAY

ENTRY = "quartiere/testviertel/angebote/elterncafe.yaml"
QUARTER = "quartiere/testviertel/quartier.yaml"
ENTRY_TEXT = """name: Elterncafé
kurz: Frühstück für Eltern mit Babys.
kategorien: [fruehe-hilfen]
alter: {alter}
oeffnungszeiten: Tu 09:30-11:30
kontakt: koordination
stand: 2026-10-01
"""
QUARTER_TEXT = """name: {name}
ort: Teststadt
koordination: koordination
stand: 2026-10-01
"""
# Two ordinary mistakes elsewhere in the project: one found while loading, one by the cross-file checks.
OTHER_PROBLEMS = [
    "quartiere/testviertel/angebote/zweites.yaml:3:8: Fehler: Feld „plz“: „1234“ ist keine Postleitzahl.",
    "quartiere/testviertel/angebote/drittes.yaml:2:10: Fehler: Den Kontakt „niemand“ gibt es nicht.",
]


def _project(tmp_path: Path, alter: str = '"0-3"', name: str = "Testviertel") -> Path:
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    (root / ENTRY).write_text(ENTRY_TEXT.format(alter=alter), encoding="utf-8")
    (root / QUARTER).write_text(QUARTER_TEXT.format(name=name), encoding="utf-8")
    angebote = root / "quartiere/testviertel/angebote"
    (angebote / "zweites.yaml").write_text("name: Zweites\nadresse:\n  plz: 1234\nstand: 2026-10-01\n",
                                           encoding="utf-8")
    (angebote / "drittes.yaml").write_text("name: Drittes\nkontakt: niemand\nstand: 2026-10-01\n", encoding="utf-8")
    return root


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WEGWEISER_STICHTAG": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "wegweiser", "check", str(root)], capture_output=True, text=True,
                          env=env, timeout=120)


def _problem_lines(output: str) -> list[str]:
    return [line.split(" – ", 1)[0] for line in output.splitlines() if ": Fehler: " in line or ": Warnung: " in line]


def _column(text: str, line: int, needle: str) -> int:
    """1-based column of ``needle`` in ``text``'s line: computed from the test's own data."""
    return text.split("\n")[line - 1].index(needle) + 1


# (id, alter as written, expected problem in elterncafe.yaml or None when the value is valid)
ALTER_CASES = [
    ("nur-von", "{von: 6}", None),
    ("nur-bis", "{bis: 5}", None),
    ("bis-100", "{von: 0, bis: 100}", ("100", "Das Alter „bis“ (100) liegt außerhalb von 0 bis 99 Jahren.")),
    ("von-wort", "{von: klein, bis: 5}", ("klein", "Das Alter „von“ („klein“) ist keine Zahl.")),
    ("von-nan", "{von: .nan, bis: 5}", (".nan", "Das Alter „von“ („.nan“) ist keine Zahl.")),
    ("von-inf", "{von: 1, bis: .inf}", (".inf", "Das Alter „bis“ („.inf“) ist keine Zahl.")),
    ("leer", "{}", ("{}", "Beim Alter fehlen „von“ und „bis“; mindestens eins von beiden ist nötig.")),
]


@pytest.mark.parametrize(("alter", "expected"), [c[1:] for c in ALTER_CASES], ids=[c[0] for c in ALTER_CASES])
def test_alter_is_checked_not_crashed(tmp_path: Path, alter: str, expected: tuple[str, str] | None) -> None:
    root = _project(tmp_path, alter=alter)
    result = _check(root)
    output = result.stdout + result.stderr
    assert "interner Fehler" not in output and "Traceback" not in output
    assert result.returncode == 1  # the two other mistakes
    lines = _problem_lines(result.stdout)
    own = [line for line in lines if line.startswith(ENTRY)]
    if expected is None:
        assert own == []
    else:
        needle, message = expected
        text = ENTRY_TEXT.format(alter=alter)
        column = _column(text, 4, needle)
        assert own == [f"{ENTRY}:4:{column}: Fehler: {message}"]
    for other in OTHER_PROBLEMS:
        assert other in lines
    assert f"{len(own) + len(OTHER_PROBLEMS)} Fehler" in result.stdout


QUARTER_NAME_CASES = [
    ("liste", "[Heide]", "Feld „name“: Erwartet wurde ein Text, gefunden wurde eine Liste."),
    ("81-zeichen", "H" * 81, "Feld „name“: Der Text ist 81 Zeichen lang, erlaubt sind höchstens 80."),
]


@pytest.mark.parametrize(("name", "message"), [c[1:] for c in QUARTER_NAME_CASES],
                         ids=[c[0] for c in QUARTER_NAME_CASES])
def test_bad_quarter_name_is_checked_not_crashed(tmp_path: Path, name: str, message: str) -> None:
    root = _project(tmp_path, name=name)
    result = _check(root)
    output = result.stdout + result.stderr
    assert "interner Fehler" not in output and "Traceback" not in output
    assert result.returncode == 1
    lines = _problem_lines(result.stdout)
    assert [line for line in lines if line.startswith(QUARTER)] == [f"{QUARTER}:1:7: Fehler: {message}"]
    for other in OTHER_PROBLEMS:
        assert other in lines
    # the quarter's entries are still counted in the summary, under the folder's name
    assert any(line.split()[:2] == ["testviertel", "3"] for line in result.stdout.splitlines())


def test_exactly_80_characters_are_a_valid_quarter_name(tmp_path: Path) -> None:
    root = _project(tmp_path, name="H" * 80)
    lines = _problem_lines(_check(root).stdout)
    assert [line for line in lines if line.startswith(QUARTER)] == []


def test_preview_survives_a_save_with_one_age_bound(scratch: Callable[..., Path], tmp_path: Path) -> None:
    """`wegweiser serve` calls Preview.changed on every save: it must neither raise nor stop."""
    said: list[str] = []
    out = tmp_path / "site"
    preview = Preview(scratch.root, out, TODAY, said.append)  # type: ignore[attr-defined]
    assert preview.full()
    page = out / "quartiere/testviertel/angebote/elterncafe/index.html"
    entry = scratch.root / ENTRY  # type: ignore[attr-defined]

    entry.write_text(ENTRY_TEXT.format(alter="{von: 6}"), encoding="utf-8")
    preview.changed({entry})
    assert "ab 6 Jahren" in page.read_text("utf-8")

    entry.write_text(ENTRY_TEXT.format(alter="{von: 0, bis: 100}"), encoding="utf-8")
    preview.changed({entry})
    assert any("Das Alter „bis“ (100) liegt außerhalb von 0 bis 99 Jahren." in line for line in said)
    assert "ab 6 Jahren" in page.read_text("utf-8")  # the last good page stays online

    entry.write_text(ENTRY_TEXT.format(alter="{bis: 3}"), encoding="utf-8")
    preview.changed({entry})
    assert "bis 3 Jahre" in page.read_text("utf-8")


def test_a_file_with_a_bad_required_value_is_not_reported_again_as_missing(tmp_path: Path) -> None:
    """A contact or quarter whose name is invalid exists: references to it get no second, wrong error."""
    root = _project(tmp_path, name="[Heide]")
    contact = root / "quartiere/testviertel/kontakte/koordination.yaml"
    contact.write_text("name:\nstand: 2026-10-01\n", encoding="utf-8")
    region = root / "content/angebote/regional.yaml"
    region.parent.mkdir(parents=True, exist_ok=True)
    region.write_text("name: Regional\nquartiere: [testviertel]\nstand: 2026-10-01\n",
                      encoding="utf-8")
    result = _check(root)
    lines = _problem_lines(result.stdout)
    assert "interner Fehler" not in result.stdout + result.stderr
    assert sorted(lines) == sorted([
        *OTHER_PROBLEMS,
        "quartiere/testviertel/kontakte/koordination.yaml:1:1: Fehler: Das Pflichtfeld „name“ ist leer.",
        f"{QUARTER}:1:7: Fehler: Feld „name“: Erwartet wurde ein Text, gefunden wurde eine Liste.",
    ])
