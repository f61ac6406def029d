"""What ``wegweiser check`` prints: located problems, then a summary table."""

from __future__ import annotations

import re
from collections.abc import Iterable

from wegweiser.content.records import Content
from wegweiser.core.problems import Problem, Problems, Severity
from wegweiser.model.entries import ENTRY_TYPES

# Everything printed can end up in a CI log, where a line that starts with "::" (after blanks) or contains
# "##[" is a workflow command (actions/runner, ActionCommand.TryParseV2 and TryParse). Content reaches the
# output inside messages, so no value may start a line: control characters become visible escapes, a line
# break in a value becomes an indented continuation line, and both command prefixes are defused.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\t": "\\t", "\r": "\\r", "\x1b": "\\e"}


def visible(text: str) -> str:
    """``text`` with control characters and bidirectional controls shown as escapes (\\r, \\x07, \\u202e); line
    breaks stay."""
    return _CONTROL.sub(lambda m: _NAMED.get(m[0]) or (f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100
                                                        else f"\\u{ord(m[0]):04x}"), text)


def _defuse(line: str) -> str:
    line = line.replace("##[", "##\\[")
    stripped = line.lstrip()
    return line[:len(line) - len(stripped)] + "\\" + stripped if stripped.startswith("::") else line


def safe_text(text: str) -> str:
    """One line for the terminal or a CI log, whatever ``text`` holds."""
    return _defuse(visible(text).replace("\n", "\\n"))


def safe_lines(text: str) -> str:
    """``text`` for the terminal or a CI log: its own line breaks become indented continuation lines."""
    first, *rest = visible(text).split("\n")
    return "\n".join([_defuse(first), *("    " + _defuse(line) for line in rest)])


def _command_data(text: str) -> str:
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _command_property(text: str) -> str:
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problem: Problem) -> str:
    """A GitHub Actions annotation; the data is escaped as the runner unescapes it (%25, %0D, %0A; in
    properties also %3A and %2C), so nothing in it ends the command or starts another."""
    kind = "error" if problem.severity is Severity.ERROR else "warning"
    message = problem.message + (f" – {problem.hint}" if problem.hint else "")
    properties = ",".join(f"{name}={_command_property(value)}" for name, value in (
        ("file", problem.loc.path), ("line", str(problem.loc.line or 1)), ("col", str(problem.loc.column or 1))))
    return f"::{kind} {properties}::{_command_data(message)}"


def format_problems(problems: Problems, fmt: str) -> Iterable[str]:
    for problem in problems.sorted():
        yield format_github(problem) if fmt == "github" else safe_lines(problem.format())


def count_table(content: Content) -> list[list[str]]:
    """Rows of entries per quarter and type; region-wide entries get a row of their own."""
    types = list(ENTRY_TYPES)
    header = ["Quartier", *(cls.kind.label for cls in ENTRY_TYPES.values()), "Gesamt"]
    counts: dict[str | None, list[int]] = {slug: [0] * len(types) for slug in content.quartiere}
    counts[None] = [0] * len(types)
    for entry in content.eintraege:
        row = counts.setdefault(entry.quartier, [0] * len(types))
        row[types.index(entry.typ)] += 1
    rows = [header]
    for slug, row in counts.items():
        if slug is None:
            continue
        quarter = content.quartiere.get(slug)
        rows.append([safe_text(quarter.name) if quarter else slug, *map(str, row), str(sum(row))])
    rows.append(["regionweit (content/)", *map(str, counts[None]), str(sum(counts[None]))])
    totals = [sum(col) for col in zip(*counts.values(), strict=True)] if counts else [0] * len(types)
    rows.append(["Gesamt", *map(str, totals), str(sum(totals))])
    return rows


def format_table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)]
        lines.append(_defuse("  ".join(cells).rstrip()))
        if index == 0 or index == len(rows) - 2:
            lines.append("-" * len(lines[-1]))
    return lines


def summary(content: Content, problems: Problems, seconds: float) -> list[str]:
    title = safe_text(content.site.titel if content.site else str(content.root))
    lines = [f"Zusammenfassung: {title}", "", *format_table(count_table(content)), ""]
    lines.append(f"{len(content.quartiere)} Quartiere, {len(content.kategorien)} Kategorien, "
                 f"{len(content.seiten)} allgemeine Seiten")
    errors, warnings = len(problems.errors), len(problems.warnings)
    took = f"{seconds:.2f}".replace(".", ",")
    lines.append(f"{errors} Fehler, {warnings} {'Warnung' if warnings == 1 else 'Warnungen'} (geprüft in {took} s)")
    return lines
