"""Text pasted from Word: each kind of character is named at its place, and ``check --reparieren`` fixes exactly
these (issue 27, deliver 4)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from wegweiser.check.validate import load_and_validate
from wegweiser.core.problems import Loc, Problems

from conftest import TODAY

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "word" / "aus-word.yaml"
ANGEBOTE = "quartiere/testviertel/angebote"
SHOWN = f"{ANGEBOTE}/aus-word.yaml"
NBSP, EN_DASH = "\u00a0", "\u2013"


def _at(line: int, needle: str, nth: int = 1) -> tuple[int, int]:
    """(line, column) of the nth ``needle`` in a line of the fixture: from the file, not from the program."""
    text = FIXTURE.read_text("utf-8").split("\n")[line - 1]
    column = -1
    for _ in range(nth):
        column = text.index(needle, column + 1)
    return line, column + 1


# Where Word's characters break the file or a value, and what each message must say (from the issue).
EXPECTED = [
    (_at(4, NBSP), "geschütztes Leerzeichen", "normales Leerzeichen"),  # after "kosten:"
    (_at(5, EN_DASH), "Gedankenstrich", "Bindestrich - statt Gedankenstrich –"),  # 09:00–11:00
    (_at(8, NBSP), "geschütztes Leerzeichen", "normales Leerzeichen"),  # indentation of "strasse"
    (_at(9, "„"), "typografische Anführungszeichen", 'gerade Anführungszeichen "…"'),  # plz: „59999“
    (_at(14, "‘"), "typografische Anführungszeichen", 'gerade Anführungszeichen "…"'),  # stand: ‘2026-10-01’
]

# The fixture as the issue wants it repaired: only the characters above (the quotes of a whole value become YAML's
# straight ones); the quotes, dashes, apostrophe and no-break spaces of ordinary text stay.
REPAIRED = (FIXTURE.read_text("utf-8")
            .replace(f"kosten:{NBSP}2", "kosten: 2")
            .replace(f"09:00{EN_DASH}11:00", "09:00-11:00")
            .replace(f"{NBSP}{NBSP}strasse", "  strasse")
            .replace("plz: „59999“", 'plz: "59999"')
            .replace("stand: ‘2026-10-01’", 'stand: "2026-10-01"'))


def _problems(root: Path) -> Problems:
    return load_and_validate(root, TODAY)[1]


def _check(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wegweiser", "check", str(root), "--stichtag", TODAY.isoformat(),
                           *options], capture_output=True, text=True, timeout=120)


def test_one_located_message_per_character_class_and_place(scratch: Callable[..., Path]) -> None:
    root = scratch(SHOWN, FIXTURE.read_bytes())
    problems = _problems(root)
    found = sorted(((p.loc.line, p.loc.column), p.message, p.hint) for p in problems.errors)
    assert [where for where, _m, _h in found] == [where for where, _n, _f in EXPECTED], found
    for (where, message, hint), (_where, name, fix) in zip(found, EXPECTED, strict=True):
        assert name in message, (where, message)
        assert fix in hint, (where, hint)
    assert all(p.loc.path == SHOWN for p in problems.errors)


def test_reparieren_fixes_exactly_these_characters(scratch: Callable[..., Path]) -> None:
    root = scratch(SHOWN, FIXTURE.read_bytes())
    result = _check(root, "--reparieren")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / SHOWN).read_text("utf-8") == REPAIRED
    # what changed is shown as file:line:column
    for (line, column), _name, _fix in EXPECTED:
        assert f"{SHOWN}:{line}:{column}:" in result.stdout
    assert not _problems(root).errors


def test_reparieren_keeps_line_ends_and_byte_order_mark(scratch: Callable[..., Path]) -> None:
    raw = b"\xef\xbb\xbf" + FIXTURE.read_bytes().replace(b"\n", b"\r\n")
    root = scratch(SHOWN, raw)
    assert _check(root, "--reparieren").returncode == 0
    assert (root / SHOWN).read_bytes() == b"\xef\xbb\xbf" + REPAIRED.encode("utf-8").replace(b"\n", b"\r\n")


def test_quotes_in_ordinary_text_are_neither_named_nor_changed(scratch: Callable[..., Path]) -> None:
    text = ("name: „Kleine Hände“\nkurz: Spielen – und mehr, it’s „gut“.\nkategorien: [fruehe-hilfen]\n"
            f"kosten: 2{NBSP}€\nbeschreibung: |\n  Text mit „Zitat“ und 0–3 Jahren.\n  {NBSP}Einzug im Text.\n"
            "stand: 2026-10-01\n")
    root = scratch(SHOWN, text)
    assert not _problems(root).errors
    result = _check(root, "--reparieren")
    assert result.returncode == 0, result.stdout
    assert (root / SHOWN).read_text("utf-8") == text


@pytest.mark.parametrize(("line", "expected"), [
    ("kurz: „Hinweis: bitte anmelden“", 'kurz: "Hinweis: bitte anmelden"'),  # ": " inside: a YAML error before
    ('kurz: "Hinweis: bitte anmelden“', 'kurz: "Hinweis: bitte anmelden"'),  # closed with the wrong quote
    ("alter: 0—6", "alter: 0-6"),
    ("telefon: 0231 555–1234", "telefon: 0231 555-1234"),
    ("plz: '59999\u200b'", "plz: '59999'"),
    (f"kategorien:{NBSP}[fruehe-hilfen]", "kategorien: [fruehe-hilfen]"),
])
def test_each_kind_named_and_repaired(scratch: Callable[..., Path], line: str, expected: str) -> None:
    key = line.split(":", 1)[0]
    body = line if key != "plz" else f"adresse:\n  {line}"
    text = "name: Test\n" + ("" if key == "kategorien" else "kategorien: [fruehe-hilfen]\n") + body + \
        "\nstand: 2026-10-01\n"
    root = scratch(SHOWN, text)
    errors = _problems(root).errors
    assert len(errors) == 1, [p.format() for p in errors]
    assert any(word in errors[0].message for word in ("Leerzeichen", "Anführungszeichen", "strich", "unsichtbar",
                                                       "Breite")), errors[0].message
    assert _check(root, "--reparieren").returncode == 0
    assert (root / SHOWN).read_text("utf-8") == text.replace(line, expected)


def test_all_or_nothing(scratch: Callable[..., Path]) -> None:
    """A fix that no longer fits its file (changed since the check) writes nothing, in no file."""
    from wegweiser.core.problems import Fix
    from wegweiser.editors.word_repair import NotRepaired, repair

    root = scratch(SHOWN, FIXTURE.read_bytes())
    other = f"{ANGEBOTE}/elterncafe.yaml"
    before = {name: (root / name).read_bytes() for name in (SHOWN, other)}
    problems = _problems(root)
    problems.error(Loc(other, 1, 1), "erfunden", fixes=(Fix(1, 1, "–", "-"),))  # "name" stands there, not "–"
    with pytest.raises(NotRepaired):
        repair(root, problems)
    assert {name: (root / name).read_bytes() for name in (SHOWN, other)} == before
    assert not list(root.rglob(".*.neu")) and not list(root.glob(".wegweiser-*"))


ENGLISH = re.compile(r"\b(?:usage|choose from|positional arguments|options|show this help|error|invalid|unrecognized"
                     r"|expected|required|arguments?)\b")


@pytest.mark.parametrize("argv", [["frobnicate"], ["check", "--falsch"], ["check", "--format", "xml"],
                                  ["check", "--stichtag"], ["-h"], ["check", "-h"], ["uebersetzen"],
                                  ["check", "--reparieren", "x", "y"]])
def test_command_line_german(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """What argparse itself prints (usage, errors, the list of choices, the -h headings) is German (issue 27.7)."""
    from wegweiser.cli import main

    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr()
    text = (out.out + out.err).lower()
    assert "aufruf: wegweiser" in text
    assert not ENGLISH.findall(text), text
    if argv == ["frobnicate"]:
        assert "möglich sind: 'init', 'check', 'build'" in text
