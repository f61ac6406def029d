"""Booklets only when they change (issue 31): ``print`` lays a booklet out again only when something it shows changed,
and keeps an unchanged booklet's files as they are.

One small project (two quarters, the main language) is printed once per test run; each test copies it with its print
folder, changes one thing and prints again, counting the layouts in this process (``fork_context`` is None there)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from wegweiser.cli import main
from wegweiser.core import processes
from wegweiser.printing import booklet, booklet_cache, imposition

from conftest import MINI, TODAY

QUARTERS = ("nordviertel", "testviertel")
NORD_ENTRY = "quartiere/nordviertel/angebote/spielkreis.yaml"
# emergency numbers too long for their one page (as in test_heft_lesbar): a warning that depends on the layout
ROWS = "\n".join(f"| Beratungsstelle Nummer {i} mit einem längeren Namen | 0800 {i:03d} 00 |" for i in range(60))
EMERGENCY = f"---\ntitel: Wichtige Telefonnummern\ndruck: ja\n---\n## Im Notfall\n\n| Wer | Nummer |\n|---|---|\n{ROWS}\n"


@dataclass
class Run:
    """What one print did: its output, the quarters it laid out for their page numbers, the PDFs WeasyPrint wrote
    and the A4 sheets it imposed (file names)."""

    out: str
    laid_out: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    imposed: list[str] = field(default_factory=list)

    def lines(self) -> dict[str, str]:
        """The result line of each quarter's booklet, by quarter name."""
        return {m.group(1): m.group(0) for m in re.finditer(r"^(\w+): \d+ Seiten A5.*$", self.out, re.M)}


def _print(root: Path, capsys: pytest.CaptureFixture[str], *extra: str, today: Any = TODAY) -> Run:
    run = Run("")
    finish = getattr(booklet.BookletBuilder, "finish", None)  # (the code before issue 31 has none)
    write_pdf, impose = booklet.write_pdf, imposition.impose_saddle_stitch

    def finishing(self: booklet.BookletBuilder, draft: booklet.Draft) -> booklet.Booklet:
        run.laid_out.append(draft.slug)
        assert finish is not None
        return finish(self, draft)

    def writing(made: booklet.Booklet, target: Path, *args: Any, **kwargs: Any) -> int:
        run.written.append(target.name)
        return write_pdf(made, target, *args, **kwargs)

    def imposing(a5: Path, a4: Path, **kwargs: Any) -> None:
        run.imposed.append(a4.name)
        impose(a5, a4, **kwargs)

    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(processes, "fork_context", lambda: None)  # laid out in this process, where this counts
        patch.setattr(booklet.BookletBuilder, "finish", finishing, raising=False)  # (older code: booklet())
        patch.setattr(booklet, "write_pdf", writing)
        patch.setattr(imposition, "impose_saddle_stitch", imposing)
        code = main(["print", str(root), "-o", str(root / "druck"), "--stichtag", today.isoformat(), *extra])
    run.out = capsys.readouterr().out
    assert code == 0, run.out
    return run


def _files(root: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of the print folder but its marker (which each print renews): inode, time of change and bytes."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted((root / "druck").iterdir()) if p.is_file() and p.name != ".wegweiser-druck"}


def _of(files: dict[str, tuple[int, int, bytes]], quarter: str) -> dict[str, tuple[int, int, bytes]]:
    return {name: state for name, state in files.items() if name.startswith(quarter)}


def _text(pdf: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(pdf).pages))


@pytest.fixture(scope="module")
def _printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hefte") / "projekt"
    shutil.copytree(MINI, root)
    nord = root / "quartiere" / "nordviertel"
    shutil.copytree(root / "quartiere" / "testviertel", nord)
    (nord / "quartier.yaml").write_text((nord / "quartier.yaml").read_text("utf-8").replace("Testviertel",
                                                                                            "Nordviertel"), "utf-8")
    (nord / "angebote" / "elterncafe.yaml").rename(root / NORD_ENTRY)
    entry = root / NORD_ENTRY
    entry.write_text(entry.read_text("utf-8").replace("Elterncafé", "Spielkreis"), "utf-8")
    # emergency numbers over two pages: a warning each print must report, kept booklet or not
    (root / "content" / "seiten" / "notfallnummern.md").write_text(EMERGENCY, "utf-8")
    code = main(["print", str(root), "-o", str(root / "druck"), "--stichtag", TODAY.isoformat()])
    assert code == 0
    return root


@pytest.fixture
def project(_printed: Path, tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "projekt"
    shutil.copytree(_printed, root)
    yield root


def test_a_second_print_with_nothing_changed_lays_out_nothing(project: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    before = _files(project)
    assert {f"{q}-heft-a5.pdf" for q in QUARTERS} <= before.keys()
    run = _print(project, capsys)
    assert (run.laid_out, run.written, run.imposed) == ([], [], [])
    assert _files(project) == before  # the same files, untouched: same inode, time and bytes (the manifest too)
    lines = run.lines()
    assert lines.keys() == {"Nordviertel", "Testviertel"}
    assert all("unverändert, behalten" in line for line in lines.values()), lines
    # the kept booklets' warning is reported again, located
    warnings = [line for line in run.out.splitlines() if "Warnung" in line]
    assert len(warnings) == 2 and all(w.startswith("content/seiten/notfallnummern.md:5:") for w in warnings), warnings


def test_a_changed_entry_lays_out_its_quarters_booklet_only(project: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    before = _files(project)
    entry = project / NORD_ENTRY
    entry.write_text(entry.read_text("utf-8").replace("Frühstück für Eltern", "Singen und Spielen für Eltern"), "utf-8")
    run = _print(project, capsys)
    assert run.laid_out == ["nordviertel"]
    assert run.written == ["nordviertel-heft-a5.pdf"]
    assert run.imposed == ["nordviertel-druckbogen-a4.pdf"]
    after = _files(project)
    assert _of(after, "testviertel") == _of(before, "testviertel")
    assert "Singen und Spielen für Eltern" in _text(project / "druck" / "nordviertel-heft-a5.pdf")
    assert "unverändert, behalten" in run.lines()["Testviertel"]
    assert "unverändert" not in run.lines()["Nordviertel"]
    # and now that is kept in turn
    assert _print(project, capsys).laid_out == []


def test_a_keyword_only_the_index_shows_lays_out_the_booklet(project: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    entry = project / "quartiere" / "testviertel" / "angebote" / "elterncafe.yaml"
    entry.write_text(entry.read_text("utf-8") + "stichworte: [Zwiebackrunde]\n", "utf-8")
    run = _print(project, capsys)
    assert run.laid_out == ["testviertel"]
    assert "Zwiebackrunde" in _text(project / "druck" / "testviertel-heft-a5.pdf")


def test_another_program_lays_out_every_booklet(project: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # program_fingerprint stands for the program's code and its templates and stylesheet (core.cache)
    monkeypatch.setattr(booklet_cache, "program_fingerprint", lambda: "ein anderes Programm")
    run = _print(project, capsys)
    assert sorted(run.laid_out) == list(QUARTERS)
    assert not any("unverändert" in line for line in run.lines().values())


@pytest.mark.parametrize("library", ["pango", "harfbuzz"])
def test_another_text_library_lays_out_every_booklet(project: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch, library: str) -> None:
    """A new Pango breaks lines differently, a new HarfBuzz shapes glyphs differently: either lays every booklet out
    again. The versions are those WeasyPrint's own bindings read from the same libraries."""
    from weasyprint.text import ffi

    major, minor, micro = (int(part) for part in booklet_cache.text_library_version(library).split("."))
    if library == "pango":
        assert ffi.pango.pango_version() == major * 10000 + minor * 100 + micro
    else:  # exactly this version: at least it, and not at least the next micro version
        assert ffi.harfbuzz.hb_version_atleast(major, minor, micro)
        assert not ffi.harfbuzz.hb_version_atleast(major, minor, micro + 1)
    asked = booklet_cache.text_library_version
    monkeypatch.setattr(booklet_cache, "text_library_version",
                        lambda name: "99.0.0" if name == library else asked(name))
    run = _print(project, capsys)
    assert sorted(run.laid_out) == list(QUARTERS)


def test_another_day_keeps_the_booklets_unless_a_printed_date_changed(project: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    before = _files(project)
    run = _print(project, capsys, today=TODAY + timedelta(days=3))  # a booklet prints no "today"
    assert (run.laid_out, run.written, run.imposed) == ([], [], [])
    assert _files(project) == before
    quarter = project / "quartiere" / "testviertel" / "quartier.yaml"
    quarter.write_text(quarter.read_text("utf-8").replace("stand: 2026-10-01", "stand: 2026-11-02"), "utf-8")
    run = _print(project, capsys, today=TODAY + timedelta(days=3))
    assert run.laid_out == ["testviertel"]  # its "Ausgabe vom" date
    assert "2.11.2026" in _text(project / "druck" / "testviertel-heft-a5.pdf").replace("02.11.", "2.11.")


def test_a_deleted_or_truncated_file_is_made_again(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    druck = project / "druck"
    pages = {q: len(PdfReader(druck / f"{q}-heft-a5.pdf").pages) for q in QUARTERS}
    (druck / "testviertel-heft-a5.pdf").unlink()
    sheets = druck / "nordviertel-druckbogen-a4.pdf"
    sheets.write_bytes(sheets.read_bytes()[:1000])
    # the manifest's temporary file as a run killed while writing it leaves it (core.cache.write_atomically)
    (druck / f".{booklet_cache.MANIFEST}-k1ll3d_").write_text("{", "utf-8")
    (druck / "notizen.txt").write_text("not ours", "utf-8")
    run = _print(project, capsys)
    assert not (druck / f".{booklet_cache.MANIFEST}-k1ll3d_").exists()
    assert (druck / "notizen.txt").exists()
    # the kept print view has the page numbers: the A5 booklet needs its one layout, the A4 sheets none
    assert (run.laid_out, run.written, run.imposed) == ([], ["testviertel-heft-a5.pdf"],
                                                        ["nordviertel-druckbogen-a4.pdf"])
    assert {q: len(PdfReader(druck / f"{q}-heft-a5.pdf").pages) for q in QUARTERS} == pages
    assert len(PdfReader(sheets).pages) == -(-pages["nordviertel"] // 4) * 2
    run = _print(project, capsys)
    assert (run.laid_out, run.written, run.imposed) == ([], [], [])


def test_a_file_the_manifest_does_not_vouch_for_is_made_again(project: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    druck = project / "druck"
    manifest = json.loads((druck / booklet_cache.MANIFEST).read_text("utf-8"))
    manifest["dateien"]["testviertel-heft-a5.pdf"]["sha256"] = "0" * 64  # a manifest written by mistake
    (druck / booklet_cache.MANIFEST).write_text(json.dumps(manifest), "utf-8")
    # a file replaced by other bytes of the same size (as a killed run could leave it, before its manifest)
    other = druck / "nordviertel-heft-a5.pdf"
    size = other.stat().st_size
    other.write_bytes((druck / "testviertel-heft-a5.pdf").read_bytes().ljust(size, b"\n")[:size])
    run = _print(project, capsys)
    assert sorted(run.written) == [f"{q}-heft-a5.pdf" for q in QUARTERS]
    assert "Spielkreis" in _text(other)
    assert _print(project, capsys).written == []


def test_a_moved_emergency_page_keeps_the_booklet_and_its_warning_points_to_the_new_line(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = project / "content" / "seiten" / "notfallnummern.md"
    page.write_text(page.read_text("utf-8").replace("druck: ja\n", "druck: ja\n# geprüft im November\n"), "utf-8")
    run = _print(project, capsys)
    assert (run.laid_out, run.written, run.imposed) == ([], [], [])
    warnings = [line for line in run.out.splitlines() if "Warnung" in line]
    assert len(warnings) == 2 and all(w.startswith("content/seiten/notfallnummern.md:6:") for w in warnings), warnings


def test_the_print_shop_edition_is_added_without_laying_the_booklets_out_again(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _files(project)
    run = _print(project, capsys, "--druckerei")
    assert run.laid_out == [] and run.imposed == []
    assert sorted(run.written) == [f"{q}-heft-a5-druckerei.pdf" for q in QUARTERS]
    after = _files(project)
    assert {name: after[name] for name in before if name != booklet_cache.MANIFEST} == \
        {name: state for name, state in before.items() if name != booklet_cache.MANIFEST}
    shop = PdfReader(project / "druck" / "nordviertel-heft-a5-druckerei.pdf")
    assert len(shop.pages) == len(PdfReader(project / "druck" / "nordviertel-heft-a5.pdf").pages)
    assert float(shop.pages[0].mediabox.width) > float(PdfReader(project / "druck" / "nordviertel-heft-a5.pdf")
                                                       .pages[0].mediabox.width)  # the bleed
    assert _print(project, capsys, "--druckerei").written == []
