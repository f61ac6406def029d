"""``wegweiser check --reparieren``: replace the Word characters ``check`` names, and nothing else.

The fixes come with the problems (``Problem.fixes``): exactly the characters a message names, each at its line and
column. Every fix is checked against the file as it is now (the character must still stand there), and all files
are written together or none (``journal.write_all``), each keeping its line ends and byte-order mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from wegweiser.core.journal import digest, write_all
from wegweiser.core.problems import Fix, Problems
from wegweiser.model.word_chars import LEERE, ZEICHEN

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True, slots=True)
class Change:
    """A fix as made: where (file as shown, line, column) and what became what."""

    shown: str
    fix: Fix


class NotRepaired(Exception):
    """A file no longer holds the character a fix names (changed since it was checked); nothing was written."""


class OtherLineBreaks(NotRepaired):
    """A file holds a character YAML reads as a line break but editors do not (U+2028, U+2029, U+0085): the lines
    of check's messages and of the file disagree after it, so a fix could land on another line's character."""


_YAML_BREAKS = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {"\x85": "U+0085 (Zeilenumbruch aus Windows-1252, oft ein verlorenes „…“)",
                "\u2028": "U+2028 (Zeilentrenner)", "\u2029": "U+2029 (Absatztrenner)"}


def fixes_by_file(problems: Problems) -> dict[str, list[Fix]]:
    found: dict[str, set[Fix]] = {}
    for problem in problems.items:
        if problem.fixes:
            found.setdefault(problem.loc.path, set()).update(problem.fixes)
    return {shown: sorted(fixes) for shown, fixes in sorted(found.items())}


def repaired(raw: bytes, fixes: list[Fix]) -> bytes:
    """``raw`` (a UTF-8 file, perhaps with BOM and CRLF) with ``fixes`` made; NotRepaired if one does not fit."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    lines = [m.group() for m in _LINE.finditer(raw.decode("utf-8-sig"))]
    for fix in sorted(fixes, reverse=True):  # from the end, so earlier columns stay valid
        index, column = fix.line - 1, fix.column - 1
        line = lines[index] if 0 <= index < len(lines) else ""
        if line[column:column + len(fix.old)] != fix.old:
            raise NotRepaired(f"Zeile {fix.line}, Spalte {fix.column}")
        lines[index] = line[:column] + fix.new + line[column + len(fix.old):]
    return (b"\xef\xbb\xbf" if bom else b"") + "".join(lines).encode("utf-8")


def repair(root: Path, problems: Problems) -> list[Change]:
    """Make every fix of ``problems`` in the files below ``root``, all or nothing; the changes made, in order."""
    files: dict[Path, bytes] = {}
    expected: dict[Path, str | None] = {}
    changes: list[Change] = []
    for shown, fixes in fixes_by_file(problems).items():
        path = root / shown
        inside = path.resolve().relative_to(root.resolve()).parts if path.resolve().is_relative_to(root.resolve()) \
            else ()
        if path.is_symlink() or inside[:1] not in (("content",), ("quartiere",)):
            raise NotRepaired(f"{shown}: liegt nicht in content/ oder quartiere/")
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        found = _YAML_BREAKS.search(text)
        if found:
            raise OtherLineBreaks(f"{shown}: Zeile {text.count(chr(10), 0, found.start()) + 1} enthält "
                                  f"{_BREAK_NAMES[found.group()]}; YAML liest ihn als Zeilenumbruch, daher passen "
                                  "die Zeilen der Meldungen danach nicht zur Datei. Ersetzen Sie ihn von Hand durch "
                                  "einen Zeilenumbruch oder ein Leerzeichen und rufen Sie „wegweiser check "
                                  "--reparieren“ noch einmal auf.")
        try:
            files[path] = repaired(raw, fixes)
        except NotRepaired as exc:
            raise NotRepaired(f"{shown}: {exc}") from None
        expected[path] = digest(raw)
        changes += [Change(shown, fix) for fix in fixes]
    if files:
        write_all(root, files, expected)
    return changes


def describe(change: Change) -> str:
    """``datei:zeile:spalte: – → - (Gedankenstrich)``; an invisible character by its code."""
    fix = change.fix
    old = "".join(c if c.isprintable() and c not in LEERE else f"U+{ord(c):04X}" for c in fix.old)
    new = {"": "(gelöscht)", " ": "Leerzeichen"}.get(fix.new, fix.new)
    names = ", ".join(dict.fromkeys(ZEICHEN[c][1] for c in fix.old if c in ZEICHEN))
    return f"{change.shown}:{fix.line}:{fix.column}: {old} → {new}" + (f" ({names})" if names else "")
