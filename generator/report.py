"""What ``wegweiser check`` prints: located problems, then a summary table."""

from __future__ import annotations

from collections.abc import Iterable

from wegweiser.content import TYPE_LABELS, Content
from wegweiser.problems import Problems


def format_problems(problems: Problems, fmt: str) -> Iterable[str]:
    for problem in problems.sorted():
        yield problem.format_github() if fmt == "github" else problem.format()


def count_table(content: Content) -> list[list[str]]:
    """Rows of entries per quarter and type; region-wide entries get a row of their own."""
    types = list(TYPE_LABELS)
    header = ["Quartier", *TYPE_LABELS.values(), "Gesamt"]
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
        rows.append([quarter.name if quarter else slug, *map(str, row), str(sum(row))])
    rows.append(["regionweit (content/)", *map(str, counts[None]), str(sum(counts[None]))])
    totals = [sum(col) for col in zip(*counts.values(), strict=True)] if counts else [0] * len(types)
    rows.append(["Gesamt", *map(str, totals), str(sum(totals))])
    return rows


def format_table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
        if index == 0 or index == len(rows) - 2:
            lines.append("-" * len(lines[-1]))
    return lines


def summary(content: Content, problems: Problems, seconds: float) -> list[str]:
    title = content.site.titel if content.site else str(content.root)
    lines = [f"Zusammenfassung: {title}", "", *format_table(count_table(content)), ""]
    lines.append(f"{len(content.quartiere)} Quartiere, {len(content.kategorien)} Kategorien, "
                 f"{len(content.seiten)} allgemeine Seiten")
    errors, warnings = len(problems.errors), len(problems.warnings)
    took = f"{seconds:.2f}".replace(".", ",")
    lines.append(f"{errors} Fehler, {warnings} {'Warnung' if warnings == 1 else 'Warnungen'} (geprüft in {took} s)")
    return lines
