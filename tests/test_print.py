"""The printed booklets: content, real page numbers, imposition, QR codes and accessibility metadata."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from wegweiser.booklet import BookletBuilder, print_booklets
from wegweiser.impose import padded_order, sheet_sides
from wegweiser.validate import load_and_validate

from conftest import ROOT, TODAY

QUARTERS = ["brunnenviertel", "heide"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Printed:
    a5: Path
    a4: Path
    pages: list[str]  # normalised text of each A5 page


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    content, _ = load_and_validate(ROOT, TODAY)
    out = tmp_path_factory.mktemp("druck")
    result = {}
    for r in print_booklets(content, TODAY, out, QUARTERS):
        result[r.slug] = Printed(r.a5, r.a4, [_norm(p.extract_text()) for p in PdfReader(r.a5).pages])
    return result


@pytest.fixture(scope="session")
def content() -> object:
    return load_and_validate(ROOT, TODAY)[0]


def test_every_published_entry_and_nothing_else(printed: dict[str, Printed], content: object) -> None:
    everything = " ".join(printed["heide"].pages)
    heide = BookletBuilder(content, TODAY).published.by_quarter["heide"]  # type: ignore[arg-type]
    assert len(heide) >= 12
    for entry in heide:
        assert _norm(entry.name) in everything, entry.name
    assert "Familienkompass Heide" not in everything  # expired (gueltig_bis 2026-06-30)
    assert "Ferienspiele Nordstadt" not in everything  # another quarter's entry
    assert "Schwangerschaftsberatung" in everything  # region-wide, quartiere: alle
    assert "Interdisziplinäre Frühförderung" not in everything  # region-wide, but not for Heide


def _toc_lines(pages: list[str]) -> list[tuple[str, int]]:
    page = next(p for p in pages if p.startswith("Inhalt Willkommen ...")).removeprefix("Inhalt ")
    return [(title.strip(), int(number)) for title, number in re.findall(r"([^\d.][^.]*?)\s*\.{3,}\s*(\d+)", page)]


def test_table_of_contents_page_numbers_are_true(printed: dict[str, Printed]) -> None:
    for booklet in printed.values():
        lines = _toc_lines(booklet.pages)
        assert len(lines) >= 8
        for title, number in lines:
            assert title in booklet.pages[number - 1], (title, number)
            if number > 1:  # the heading starts there, not earlier
                assert not booklet.pages[number - 2].endswith(title)


def test_index_page_numbers_are_true(printed: dict[str, Printed], content: object) -> None:
    builder = BookletBuilder(content, TODAY)  # type: ignore[arg-type]
    for slug, booklet in printed.items():
        entries = builder.published.by_quarter[slug]
        words: dict[str, set[str]] = {}  # index word -> names of the entries it leads to
        for e in entries:
            for word in [e.name, *e.stichworte]:
                words.setdefault(word, set()).add(e.name)
        start = next(i for i, p in enumerate(booklet.pages) if p.startswith("Stichwörter von A bis Z"))
        text = " ".join(booklet.pages[start:-1])
        checked = 0
        for word, names in words.items():
            match = re.search(rf"(?<!\w){re.escape(_norm(word))} (\d+(?:, \d+)*)(?!\d)", text)
            assert match, f"{word} fehlt im Register"
            for number in map(int, match.group(1).split(", ")):
                page = booklet.pages[number - 1]
                assert any(_norm(name)[:25] in page for name in names), (word, number)
                checked += 1
        assert checked >= 30


def test_page_numbers_and_layout(printed: dict[str, Printed]) -> None:
    for booklet in printed.values():
        pages = booklet.pages
        assert "Familienwegweiser Lindenberg" in pages[0] and "Ausgabe Stand" in pages[0]
        assert "Impressum" in pages[-1] and "familienbuero@example.org" in pages[-1]
        for number, text in enumerate(pages[1:-1], start=2):  # every inner page shows its number
            assert re.search(rf"(^|\s){number}(\s|$)", text), (number, text[:80])
        # the index is the last section before the back cover: cover + … + index + back
        assert any("Stichwörter von A bis Z" in p for p in pages[-3:-1])


def _half_texts(a4: Path) -> list[tuple[str, str]]:
    """Text of the left and right half of every A4 side, cut out by poppler's pdftotext."""
    reader = PdfReader(a4)
    halves = []
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        texts = []
        for x in (0, width / 2):
            result = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-x", str(int(x)), "-y", "0",
                                     "-W", str(int(width / 2)), "-H", str(int(height)), str(a4), "-"],
                                    capture_output=True, text=True, check=True)
            texts.append(_norm(result.stdout))
        halves.append((texts[0], texts[1]))
    return halves


def _identify(half: str, pages: list[str]) -> int | None:
    """Which A5 page a half sheet shows (by shared words), or None for a blank."""
    words = set(half.split())
    if not words:
        return None
    scores = [len(words & set(p.split())) / max(1, len(words | set(p.split()))) for p in pages]
    return max(range(len(pages)), key=scores.__getitem__)


def test_a4_print_file_reads_in_order_when_folded(printed: dict[str, Printed]) -> None:
    for booklet in printed.values():
        n = len(booklet.pages)
        total = -(-n // 4) * 4
        halves = _half_texts(booklet.a4)
        assert len(halves) == total // 2
        # Reconstruct the folded stack: sheet s front = (p[N-1-2s], p[2s]), back = (p[2s+1], p[N-2-2s]).
        reading: list[int | None] = [None] * total
        for sheet in range(total // 4):
            front, back = halves[2 * sheet], halves[2 * sheet + 1]
            reading[total - 1 - 2 * sheet] = _identify(front[0], booklet.pages)
            reading[2 * sheet] = _identify(front[1], booklet.pages)
            reading[2 * sheet + 1] = _identify(back[0], booklet.pages)
            reading[total - 2 - 2 * sheet] = _identify(back[1], booklet.pages)
        blanks = total - n
        assert reading == [*range(n - 1), *[None] * blanks, n - 1]


@pytest.mark.parametrize("pages", range(1, 41))
def test_imposition_order(pages: int) -> None:
    order = padded_order(pages)
    assert len(order) % 4 == 0 and len(order) - pages < 4
    assert [p for p in order if p is not None] == list(range(pages))
    if pages > 1:
        assert order[-1] == pages - 1  # back cover stays last
    sides = sheet_sides(len(order))
    positions = sorted(pos for side in sides for pos in side)
    assert positions == list(range(len(order)))  # every page printed exactly once
    for sheet in range(len(order) // 4):  # the two sides of a sheet hold facing pairs that add up
        (a, b), (c, d) = sides[2 * sheet], sides[2 * sheet + 1]
        assert a + b == c + d == len(order) - 1


def test_qr_codes_encode_the_entry_urls(content: object) -> None:
    builder = BookletBuilder(content, TODAY)  # type: ignore[arg-type]
    booklet = builder.booklet("brunnenviertel", builder.content.quartiere["brunnenviertel"])
    for entry in booklet.entries:
        url = booklet.qr_data[entry.key]
        scope = f"quartiere/{entry.quartier}" if entry.quartier else "region"
        assert url == f"https://familie.lindenberg.example.org/{scope}/{entry.typ}/{entry.slug}/"
        block = re.search(rf'data-url="{re.escape(url)}"[^>]*>(.*?)</div>', booklet.html, re.S)
        assert block and "<svg" in block.group(1), entry.name


def test_qr_codes_decode_from_the_pdf(printed: dict[str, Printed], tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    pdf = printed["brunnenviertel"].a5
    page = next(i for i, p in enumerate(printed["brunnenviertel"].pages) if "Elterncafé Sonnenschein" in p
                and "Offenes Frühstück" in p) + 1
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", str(page), "-l", str(page), str(pdf), str(tmp_path / "s")],
                   check=True)
    image = Image.open(next(tmp_path.glob("s*.png")))
    found = {code.text for code in zxingcpp.read_barcodes(image)}
    assert ("https://familie.lindenberg.example.org/quartiere/brunnenviertel/angebote/elterncafe-sonnenschein/"
            in found), found
    # at least 15 mm: the QR SVG is laid out 16 mm wide
    widths = [code.position for code in zxingcpp.read_barcodes(image)]
    assert widths
    px_per_mm = 200 / 25.4
    for pos in widths:
        assert abs(pos.top_right.x - pos.top_left.x) / px_per_mm >= 12  # modules only; the quiet zone adds the rest


def test_pdf_is_tagged_with_language_title_and_outline(printed: dict[str, Printed]) -> None:
    reader = PdfReader(printed["heide"].a5)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower().startswith("de")
    assert reader.metadata and reader.metadata.title == "Familienwegweiser Lindenberg: Heide"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Inhalt" in outline and "Kitas" in outline and "Stichwörter von A bis Z" in outline


def test_quarter_page_links_print_files_and_build_keeps_them(tmp_path: Path) -> None:
    from wegweiser.build import build_site

    from conftest import MINI, read_page

    root = tmp_path / "projekt"
    import shutil

    shutil.copytree(MINI, root)
    content, _ = load_and_validate(root, TODAY)
    out = root / "site"
    print_booklets(content, TODAY, out / "druck")
    build_site(root, out, TODAY)  # the atomic swap must carry the booklets over
    html = read_page(out, "quartiere/testviertel/")
    for name in ("testviertel-heft-a5.pdf", "testviertel-druckbogen-a4.pdf", "testviertel.html"):
        assert f'href="../../druck/{name}"' in html
        assert (out / "druck" / name).is_file(), name
    view = (out / "druck" / "testviertel.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in view and "Elterncafé" in view


def test_print_command_errors_are_german(tmp_path: Path) -> None:
    import shutil
    import sys

    from conftest import MINI

    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    run = [sys.executable, "-m", "wegweiser", "print", str(root), "-o", str(tmp_path / "out")]
    result = subprocess.run([*run, "--quartier", "testvirtel"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Das Quartier „testvirtel“ gibt es nicht. Meinten Sie „testviertel“?" in result.stderr
    (root / "quartiere/testviertel/angebote/kaputt.yaml").write_text("name: X\nstand: bald\n", encoding="utf-8")
    result = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "„bald“ ist kein Datum." in result.stdout
    assert "Traceback" not in result.stdout + result.stderr and not (tmp_path / "out").exists()
