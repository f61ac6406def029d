"""The report as one self-contained HTML file (inline CSS, charts as inline SVG, no script, nothing from another
host), as CSV for spreadsheets and as a PDF (WeasyPrint, from the same HTML) for meetings; written all or nothing.

CSV: ``-o bericht.csv`` writes the matrix in long form there (one row per quarter, age band and topic) and, beside
it, ``bericht.anteile.csv`` (the per-quarter shares) and ``bericht.aenderungen.csv`` (the changes): each a table of
its own, so a spreadsheet filters and sums each without sorting sections apart.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from wegweiser.planning.matrix import BANDS, Cell, Matrix
from wegweiser.planning.report import Report
from wegweiser.render.page_builder import TEMPLATES
from wegweiser.render.spreadsheet import spreadsheet_cell

FORMATS = ("html", "csv", "pdf")
GENERATOR = '<meta name="generator" content="wegweiser bericht">'
# The PDF's file identifier (its trailer, uncompressed at the end): how a later run knows the file is a report.
PDF_ID = b"wegweiser-bericht"
# The files a CSV report writes beside the matrix: suffix before ".csv" -> what it holds.
CSV_PARTS = {"": "Matrix", ".anteile": "Anteile je Quartier", ".aenderungen": "Änderungen"}


# --- charts ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    label: str  # the band's short label ("0–1", "Schw.")
    title: str  # read aloud and shown on hover: "0–1 Jahre: 4 Angebote"
    value: int
    x: float
    y: float
    height: float


CHART_WIDTH, CHART_HEIGHT, PLOT_TOP, PLOT_BOTTOM, BAR_WIDTH, BAR_STEP = 330, 170, 18, 138, 30, 39


def band_bars(matrix: Matrix, quarter: str, highest: int) -> list[Bar]:
    """The quarter's offers per age band as bars on one scale for all quarters (``highest``: the tallest bar)."""
    bars = []
    for number, band in enumerate(BANDS):
        value = matrix.per_band[quarter, band.key]
        height = (PLOT_BOTTOM - PLOT_TOP) * value / highest if highest else 0.0
        short = "Schw." if band.key == "schwangerschaft" else band.label.removesuffix(" Jahre")
        bars.append(Bar(short, f"{band.label}: {value} {'Angebot' if value == 1 else 'Angebote'}", value,
                        8 + number * BAR_STEP, PLOT_BOTTOM - height, height))
    return bars


def heat(cell: Cell) -> str:
    """The cell's class in the heat-map: a gap, 1, 2–3, 4 and more."""
    return "luecke" if cell.gap else "n1" if cell.offers == 1 else "n2" if cell.offers <= 3 else "n3"


# --- HTML and PDF ----------------------------------------------------------------------------------------

def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / "bericht"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["datum"] = lambda day: f"{day:%d.%m.%Y}" if day else "–"
    return env


def as_html(report: Report) -> str:
    matrix = report.matrix
    highest = max(matrix.per_band.values(), default=0)
    charts = {quarter: band_bars(matrix, quarter, highest) for quarter in matrix.quarters}
    return _environment().get_template("bericht.html").render(
        report=report, matrix=matrix, bands=BANDS, charts=charts, heat=heat, generator=GENERATOR,
        chart={"width": CHART_WIDTH, "height": CHART_HEIGHT, "bottom": PLOT_BOTTOM, "bar": BAR_WIDTH})


def as_pdf(report: Report) -> bytes:
    import weasyprint

    pdf: bytes = weasyprint.HTML(string=as_html(report)).write_pdf(pdf_identifier=PDF_ID)
    return pdf


# --- CSV -------------------------------------------------------------------------------------------------

def _table(rows: Sequence[Sequence[object]]) -> str:
    """``;``-separated for German Excel, every cell safe to open (the caller writes it with a BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet_cell(str(value)) for value in row])
    return buffer.getvalue()


def matrix_header(report: Report) -> list[str]:
    languages = [f"Sprache {report.language_name(code)} ({code})" for code in report.matrix.languages]
    return ["Quartier", "Altersgruppe", "Thema", "Angebote", "davon kostenlos", *languages, "Lücke"]


def csv_matrix(report: Report) -> str:
    matrix = report.matrix
    rows: list[Sequence[object]] = [matrix_header(report)]
    for quarter, quarter_name in matrix.quarters.items():
        for band in BANDS:
            for topic, topic_name in matrix.topics.items():
                cell = matrix.cell(quarter, band.key, topic)
                rows.append([quarter_name, band.label, topic_name, cell.offers, cell.free,
                             *(cell.languages[code] for code in matrix.languages), "ja" if cell.gap else "nein"])
    return _table(rows)


def shares_header(report: Report) -> list[str]:
    per_language = [f"ohne Übersetzung {report.language_name(code)} ({code})" for code in report.site_languages]
    return ["Quartier", "Einträge", "zur Prüfung fällig", "Einträge gezeigt", *per_language, "Orte",
            "Orte ohne Angaben zum Zugang"]


def csv_shares(report: Report) -> str:
    rows: list[Sequence[object]] = [shares_header(report)]
    for row in report.shares:
        shown = next(iter(row.untranslated.values())).whole if row.untranslated else ""
        rows.append([row.quarter, row.due.whole, row.due.part, shown,
                     *(row.untranslated[code].part for code in report.site_languages),
                     row.venues_without_access.whole, row.venues_without_access.part])
    return _table(rows)


CHANGES_HEADER = ["Änderung", "Tag", "Eintrag", "Art", "Quartier", "Woher"]


def csv_changes(report: Report) -> str:
    changes = report.changes
    rows: list[Sequence[object]] = [CHANGES_HEADER]
    for label, items in (("neu", changes.added), ("entfernt", changes.removed), ("geändert", changes.changed)):
        rows += [[label, change.day.isoformat() if change.day else "", change.name, change.art, change.where,
                  change.note] for change in items]
    rows += [["Hinweis", "", note, "", "", ""] for note in changes.notes]
    return _table(rows)


def csv_files(report: Report, target: Path) -> dict[Path, bytes]:
    """Each CSV file by its path beside ``target`` (the matrix's); UTF-8 with a BOM, which Excel needs."""
    stem = target.name.removesuffix(".csv")
    texts = (csv_matrix(report), csv_shares(report), csv_changes(report))
    return {target.with_name(f"{stem}{suffix}.csv"): text.encode("utf-8-sig")
            for suffix, text in zip(CSV_PARTS, texts, strict=True)}


# --- files -----------------------------------------------------------------------------------------------

def output_files(report: Report, fmt: str, target: Path) -> dict[Path, bytes]:
    if fmt == "csv":
        return csv_files(report, target)
    if fmt == "pdf":
        return {target: as_pdf(report)}
    return {target: as_html(report).encode("utf-8")}


def is_report(path: Path) -> Callable[[bytes], bool]:
    """Whether the file at ``path``, starting with ``head``, is a report this command wrote: HTML with its generator
    line, one of its CSV tables, or a PDF with its identifier."""
    def ours(head: bytes) -> bool:
        text = head.decode("utf-8", errors="replace")
        if text.startswith("<!DOCTYPE html>"):
            return GENERATOR in text
        if head.startswith(b"%PDF-"):
            return _pdf_tail(path).find(b"/ID [(" + PDF_ID + b")") >= 0
        return text.startswith(("\ufeffQuartier;Altersgruppe;Thema;Angebote;", "\ufeff" + ";".join(CHANGES_HEADER),
                                "\ufeffQuartier;Einträge;zur Prüfung fällig;"))
    return ours


def _pdf_tail(path: Path) -> bytes:
    """The start of the PDF's cross-reference section, whose dictionary holds the file identifier (``startxref``
    at the very end says where it is)."""
    try:
        with path.open("rb") as stream:
            stream.seek(max(0, path.stat().st_size - 64))
            found = re.search(rb"startxref\s+(\d+)\s+%%EOF", stream.read())
            if found is None:
                return b""
            stream.seek(int(found[1]))
            return stream.read(1024)
    except OSError:
        return b""


def write_all(files: dict[Path, bytes]) -> None:
    """Every file written beside its place first, then each renamed over it: a failed write leaves no half file
    and changes nothing."""
    written: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
            written.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        mode = 0o666 & ~_umask()  # as a file written the ordinary way (mkstemp makes it private)
        for temporary, path in written:
            os.chmod(temporary, mode)
            os.replace(temporary, path)
    finally:
        for temporary, _path in written:
            if os.path.exists(temporary):
                os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
