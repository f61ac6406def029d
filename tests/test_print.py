"""The printed booklets: content, real page numbers, imposition, QR codes and accessibility metadata."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from wegweiser.check.validate import load_and_validate
from wegweiser.core import processes
from wegweiser.printing.booklet import BookletBuilder, build_index, print_booklets
from wegweiser.printing.imposition import padded_order, sheet_sides

from conftest import ROOT, TODAY, differing_pages, whole_layout

QUARTERS = ["brunnenviertel", "heide"]
MINI_ROOT = ROOT / "tests" / "fixtures" / "mini"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Printed:
    a5: Path
    a4: Path
    pages: list[str]  # normalised text of each A5 page
    print_shop: Path


@pytest.fixture(scope="session")
def _printed_and_laid_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Printed], dict[str, Any]]:
    """The main language's booklets printed (the other languages: tests/test_druck_sprachen.py), and the Booklet
    objects the print laid out and wrote (in this process: fork_context is None). Laying each
    out once more for the tests of the HTML, as BookletBuilder(content, TODAY).booklet() would, costs WeasyPrint a
    layout each and gives the same booklet."""
    content, _ = load_and_validate(ROOT, TODAY)
    out = tmp_path_factory.mktemp("druck")
    laid_out: dict[str, Any] = {}
    original = BookletBuilder.finish

    def keeping(self: BookletBuilder, draft: Any) -> Any:
        booklet = original(self, draft)
        assert self.sprache.code == "de" and self.termine is None  # as BookletBuilder(content, TODAY)
        laid_out[draft.slug] = booklet
        return booklet

    result = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BookletBuilder, "finish", keeping)
        patch.setattr(processes, "fork_context", lambda: None)  # laid out in this process, where `keeping` records
        for r in print_booklets(content, TODAY, out, QUARTERS, print_shop=True, nur_sprachen=["de"]):
            assert r.print_shop is not None
            result[r.slug] = Printed(r.a5, r.a4, [_norm(p.extract_text()) for p in PdfReader(r.a5).pages],
                                     r.print_shop)
    assert laid_out.keys() == set(QUARTERS)
    return result, laid_out


@pytest.fixture(scope="session")
def printed(_printed_and_laid_out: tuple[dict[str, Printed], dict[str, Any]]) -> dict[str, Printed]:
    return _printed_and_laid_out[0]


@pytest.fixture(scope="session")
def content() -> object:
    return load_and_validate(ROOT, TODAY)[0]


def test_every_published_entry_and_nothing_else(printed: dict[str, Printed], content: object) -> None:
    everything = " ".join(printed["heide"].pages)
    heide = BookletBuilder(content, TODAY).published.by_quarter["heide"]  # type: ignore[arg-type]
    assert len(heide) >= 12
    for entry in heide:
        if entry.typ != "termine":  # Termine only with print --termine-bis (tests/test_heft_termine.py)
            assert _norm(entry.name) in everything, entry.name
    assert "Erste Hilfe am Kind" not in everything  # a region-wide Termin: dates go stale in a booklet
    assert "Familienkompass Heide" not in everything  # expired (gueltig_bis 2026-06-30)
    assert "Ferienspiele Nordstadt" not in everything  # another quarter's entry
    assert "Schwangerschaftsberatung" in everything  # region-wide, quartiere: alle
    assert "Interdisziplinäre Frühförderung" not in everything  # region-wide, but not for Heide


def _toc_lines(pages: list[str]) -> list[tuple[str, int]]:
    page = next(p for p in pages if re.match(r"Inhalt (Wichtige Telefonnummern \.+ 2 )?Willkommen \.{3}", p))
    page = page.removeprefix("Inhalt ")
    return [(title.strip(), int(number)) for title, number in re.findall(r"([^\d.][^.]*?)\s*\.{3,}\s*(\d+)", page)]


def test_table_of_contents_page_numbers_are_true(printed: dict[str, Printed]) -> None:
    for booklet in printed.values():
        lines = _toc_lines(booklet.pages)
        assert len(lines) >= 8
        for title, number in lines:
            assert title in booklet.pages[number - 1], (title, number)
            if number > 1:  # the heading starts there, not earlier
                assert not booklet.pages[number - 2].endswith(title)


def _fold(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c) and c.isalnum())


def _variants(a: str, b: str) -> bool:
    """Same index word: case, umlauts, hyphens or a German plural ending apart (Kita/Kitas, Spielplatz/Spielplätze,
    Kita-Platz/Kitaplatz)."""
    x, y = sorted((_fold(a), _fold(b)), key=len)
    return x == y or (len(x) >= 4 and y[len(x):] in ("s", "n", "e", "en", "er") and y.startswith(x))


def _index_lines(html: str) -> list[tuple[str, list[int]]]:
    """(word, page numbers) of every line of the printed A–Z index, read from the booklet's HTML."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    lines = []
    for li in tree.xpath("//*[@id='register']//li"):
        numbers = [int(a.text_content()) for a in li.xpath(".//a")]
        word = _norm((li.text or "") + "".join(i.text_content() for i in li.xpath("./i")))
        lines.append((word, numbers))
    return lines


@pytest.fixture(scope="session")
def booklets(_printed_and_laid_out: tuple[dict[str, Printed], dict[str, Any]]) -> dict[str, Any]:
    """BookletBuilder(content, TODAY).booklet() of each of QUARTERS: the very booklets ``printed`` wrote."""
    return _printed_and_laid_out[1]


def test_index_page_numbers_are_true(printed: dict[str, Printed], booklets: dict[str, Any]) -> None:
    for slug, booklet in printed.items():
        lines = _index_lines(booklets[slug].html)
        assert len(lines) >= 20
        checked = 0
        for e in booklets[slug].entries:
            for word in [e.name, *e.stichworte]:
                line = next((ln for ln in lines if _variants(ln[0], word)), None)
                assert line, f"{word} fehlt im Register"
                # the entry stands on one of the pages the line names
                assert any(_norm(e.name)[:25] in booklet.pages[n - 1] for n in line[1]), (word, line)
                checked += 1
            for _word, numbers in lines:  # every number leads to a content page, never a cover or the last two
                # (page 2, the inside of the cover, holds the emergency numbers)
                assert all(1 < number < len(booklet.pages) - 1 for number in numbers), numbers
        assert checked >= 30
        for title in ("Wichtige Telefonnummern", "U-Untersuchungen", "Geld für Familien"):  # general pages
            [number] = next(numbers for word, numbers in lines if word == title)
            page = booklet.pages[number - 1]  # where the page starts, not where it ends
            assert title in page and "Stichwörter von A bis Z" not in page, (title, number)
            assert not booklet.pages[number - 2].endswith(title)


def test_index_lists_each_page_once_and_merges_variants(booklets: dict[str, Any]) -> None:
    for booklet in booklets.values():
        lines = _index_lines(booklet.html)
        for word, numbers in lines:
            assert numbers and numbers == sorted(set(numbers)), (word, numbers)  # "Kindergarten 11, 11" is wrong
        words = [word for word, _ in lines]
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                assert not _variants(a, b), (a, b)


def test_index_merges_the_issue_examples() -> None:
    # "Kindergarten 11, 11" → "Kindergarten 11"; case and singular/plural variants share one line.
    words = [("Kindergarten", False, "a"), ("Kindergarten", False, "b"), ("kindergarten", False, "c"),
             ("Kitas", False, "a"), ("Kita", False, "d"), ("Spielplätze", False, "e"), ("Spielplatz", False, "f"),
             ("Krabbelgruppen", False, "g"), ("Krabbelgruppe", False, "b"), ("Elterncafé Sonnenschein", True, "h"),
             ("Verein", False, "x"), ("Kita-Platz", False, "i"), ("Kitaplatz", False, "j")]
    pages = {"a": 11, "b": 11, "c": 12, "d": 4, "e": 7, "f": 7, "g": 5, "h": 3, "i": 7, "j": 4}
    index = build_index(words, pages)
    flat = {line.word: [n for n, _ in line.targets] for lines in index.values() for line in lines}
    assert flat == {"Kindergarten": [11, 12], "Kita": [4, 11], "Spielplatz": [7], "Krabbelgruppe": [5, 11],
                    "Elterncafé Sonnenschein": [3], "Kitaplatz": [4, 7]}
    assert list(index) == ["E", "K", "S"]


def test_page_numbers_and_layout(printed: dict[str, Printed]) -> None:
    for booklet in printed.values():
        pages = booklet.pages
        assert "Familienwegweiser Lindenberg" in pages[0] and "Ausgabe vom" in pages[0]
        assert "Impressum" in pages[-1] and "familienbuero@example.org" in pages[-1]
        for number, text in enumerate(pages[1:-1], start=2):  # every inner page shows its number
            assert re.search(rf"(^|\s){number}(\s|$)", text), (number, text[:80])
        # cover + … + the page to fill in by hand, then the last part ("Mein Kind", the index; issue 31) and the back
        kontakte = [i for i, text in enumerate(pages) if text.startswith("Meine Kontakte")]
        assert len(kontakte) == 1 and kontakte[0] < len(pages) - 2
        assert pages[kontakte[0] + 1].startswith("Mein Kind")  # the running head, then the heading
        assert "Stichwörter von A bis Z" in " ".join(pages[kontakte[0] + 1:-1])


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


def test_qr_codes_encode_the_entry_urls(booklets: dict[str, Any]) -> None:
    booklet = booklets["brunnenviertel"]
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
    from wegweiser.site.build import build_site

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
    from lxml import html as lxml_html

    root_element = lxml_html.fromstring(view)
    assert root_element.get("lang") == "de" and root_element.get("dir") == "ltr" and "Elterncafé" in view


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


# --- issue 10: what a family needs from the booklet ------------------------------------------------

def _entry_page(pages: list[str], name: str, kurz: str = "") -> str:
    """The page where an entry stands: its name as a heading, followed by its one-line description."""
    head = _norm(f"{name} {kurz}")[:len(_norm(name)) + 30]
    return next(p for p in pages[2:] if head in p and not p.startswith("Stichwörter"))


def test_every_entry_prints_how_to_reach_it_and_when(printed: dict[str, Printed], booklets: dict[str, Any],
                                                     content: Any) -> None:
    from wegweiser.check.validate import contact_index, resolve_contact

    contacts = contact_index(content)
    checked = {"telefon": 0, "email": 0, "kontakt": 0, "zeiten": 0}
    for slug, booklet in printed.items():
        for e in booklets[slug].entries:
            page = _entry_page(booklet.pages, e.name, e.kurz or "")
            if e.telefon:
                assert e.telefon in page, (e.name, e.telefon)
                checked["telefon"] += 1
            if e.email:
                assert e.email in page, (e.name, e.email)
                checked["email"] += 1
            if e.kontakt:  # the reference is followed: who, what they do, how to reach them
                person = resolve_contact(e.kontakt, e.quartier, contacts)
                assert person is not None
                for value in (person.name, getattr(person, "funktion", ""), person.telefon, person.email):
                    if value:
                        assert _norm(value) in page, (e.name, value)
                checked["kontakt"] += 1
            times = re.findall(r"\d\d:\d\d", e.oeffnungszeiten or "")
            for value in times or [getattr(e, "sprechzeiten", "") or e.zeiten or ""]:
                if value:
                    assert _norm(value) in page, (e.name, value)
                    checked["zeiten"] += 1
    assert all(count >= 5 for count in checked.values()), checked
    # the issue's example: the Elterncafé's contact is the Familienzentrum's Leitung (a kontakt reference)
    page = _entry_page(printed["brunnenviertel"].pages, "Elterncafé Sonnenschein", "Offenes Frühstück")
    assert "Familienzentrum Haus der Generationen: Leitung" in page
    assert "030 23125-102" in page and "hdg@example.org" in page and "09:30" in page


def test_largest_demo_quarter_fits_in_thirteen_a5_pages(printed: dict[str, Printed], content: Any) -> None:
    builder = BookletBuilder(content, TODAY)
    largest = max(content.quartiere, key=lambda slug: len(builder.published.by_quarter[slug]))
    assert largest == "brunnenviertel"
    # 12 until issue 26 gave the emergency numbers a page of their own and set facts in 10 pt; issue 28 added the
    # one "Mein Kind" page (U-check windows as ages, deadlines after a birth); issue 30 a line of access facts for
    # the venues that have them. The paper is what counts: 16 A5 pages at most, four A4 sheets.
    assert len(printed["brunnenviertel"].pages) <= 15
    assert len(PdfReader(printed["brunnenviertel"].a4).pages) <= 8
    assert len(printed["heide"].pages) <= 13


right_edges: list[tuple[float, str]] = []  # filled by _text_sizes: where each piece of text ends (CSS px)


def _text_sizes(html: str) -> list[tuple[float, str, str]]:
    """(font size in pt, classes of the enclosing elements, text) of every piece of text WeasyPrint lays out,
    page headers and page numbers included."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    from wegweiser.render.page_builder import TEMPLATES

    document = weasyprint.HTML(string=html, base_url=str(TEMPLATES / "druck")).render()
    found: list[tuple[float, str, str]] = []
    right_edges.clear()

    def walk(box: Any, classes: str) -> None:
        element = getattr(box, "element", None)
        if element is not None and getattr(element, "get", None):
            classes = f"{classes} {box.element_tag}.{element.get('class', '')}"
        if isinstance(box, boxes.TextBox) and box.text.strip():
            found.append((box.style["font_size"] * 0.75, classes, box.text))  # CSS px → pt
            right_edges.append((box.position_x + box.width, box.text))
        for child in getattr(box, "children", []):
            walk(child, classes)

    for page in document.pages:
        walk(page._page_box, "")
    return found


def test_type_sizes(booklets: dict[str, Any]) -> None:
    sizes = _text_sizes(booklets["brunnenviertel"].html)
    smallest = min(sizes)
    assert smallest[0] >= 8.5, smallest  # nothing under 8.5 pt: facts, index, fine print, page numbers
    assert any("register" in classes for _, classes, _ in sizes)
    assert any("klein" in classes for _, classes, _ in sizes)
    body = [(size, text) for size, classes, text in sizes
            if re.search(r"\.(eintrag__kurz|seite|einleitung|rueckseite)\b", classes) and " p." in classes
            and "klein" not in classes and "kasten" not in classes]
    assert len(body) >= 30
    assert min(body)[0] >= 10.5, min(body)
    facts = [size for size, classes, _ in sizes if "eintrag__fakten" in classes]
    assert facts and min(facts) >= 10  # phone, times, address: issue 26
    # nothing runs past the right margin (11 mm) of the A5 page, not even unbreakable phone numbers or e-mails
    limit = (148 - 11) / 25.4 * 96 + 0.5
    widest = max(right_edges)
    assert widest[0] <= limit, widest


def test_general_pages_marked_for_print_form_their_own_section(printed: dict[str, Printed], content: Any) -> None:
    marked = {p.titel for p in content.seiten if p.druck}
    assert marked == {"U-Untersuchungen", "Geld für Familien", "Wichtige Telefonnummern"}
    for booklet in printed.values():
        text = " ".join(booklet.pages)
        # the emergency numbers have the inside of the cover to themselves (issue 26); the others form the section
        inside = booklet.pages[1]
        assert inside.startswith("Wichtige Telefonnummern Im Notfall")  # its title and first heading
        for fact in ("116 117", "0228 19240", "116 016", "0800 111 0 550"):
            assert fact in inside, fact
        first = min((p for p in content.seiten if p.druck and p.slug != "notfallnummern"),
                    key=lambda p: p.reihenfolge).titel
        start = text.index(f"Gut zu wissen {first}")  # the section heading, then its first page's title
        section = text[start:text.index("Stichwörter von A bis Z", start)]
        for title in marked - {"Wichtige Telefonnummern"}:
            assert title in section, title
        assert "Wichtige Telefonnummern" not in section
        # their content, from the pages and the law
        for fact in ("U7a 34. bis 36. Lebensmonat", "J1 12 bis 14 Jahre", "259 Euro"):
            assert fact in section, fact
        assert "Datenschutz" not in section  # not marked for print


def test_pages_are_those_of_a_whole_layout(printed: dict[str, Printed], booklets: dict[str, Any],
                                            tmp_path: Path) -> None:
    """Issue 31: the A5 file keeps the draft's layout up to the index (wegweiser.printing.layout); WeasyPrint's own
    whole layout of the finished HTML must draw the same pages."""
    for slug, booklet in printed.items():
        whole = whole_layout(booklets[slug].html, tmp_path / f"{slug}.pdf")
        assert differing_pages(booklet.a5, whole) == [], slug


def test_meine_kontakte_page(printed: dict[str, Printed], booklets: dict[str, Any]) -> None:
    from lxml import html as lxml_html

    for slug, booklet in printed.items():
        page = next(text for text in booklet.pages if text.startswith("Meine Kontakte"))
        for label in ("Hebamme", "Kinderärztin / Kinderarzt", "Kita", "Familienbüro"):
            assert label in page
        tree = lxml_html.fromstring(booklets[slug].html)
        fields = tree.xpath("//*[@id='meine-kontakte']//*[contains(@class, 'feld__zeile')]")
        assert len(fields) >= 12  # name and phone lines for the four and a few empty ones


def test_back_cover_qr_code_leads_to_the_website(printed: dict[str, Printed], tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    pdf, last = printed["heide"].a5, len(printed["heide"].pages)
    url = "https://familie.lindenberg.example.org/"  # basis_url in content/site.yaml
    assert url in printed["heide"].pages[-1]  # printed beside the code
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", str(last), "-l", str(last), str(pdf),
                    str(tmp_path / "r")], check=True)
    image = Image.open(next(tmp_path.glob("r*.png")))
    codes = zxingcpp.read_barcodes(image)
    assert url in {code.text for code in codes}
    size = max(abs(c.position.top_right.x - c.position.top_left.x) for c in codes if c.text == url)
    assert size / (100 / 25.4) >= 35  # large: at least 35 mm of modules


def _image_xobjects(page: Any) -> list[Any]:
    resources = page.get("/Resources", {})
    xobjects = resources.get("/XObject", {})
    found = []
    for ref in xobjects.get_object().values() if xobjects else []:
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            found.append(obj)
        elif obj.get("/Subtype") == "/Form":
            found += _image_xobjects(obj)
    return found


def _mini_with_images(tmp_path: Path, lines: str) -> Path:
    import shutil

    from PIL import Image

    from conftest import MINI

    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    (root / "content/bilder").mkdir()
    Image.new("RGB", (60, 40), "#b45309").save(root / "content/bilder/logo.png")
    Image.new("RGB", (90, 50), "#2f7a45").save(root / "content/bilder/titel.jpg")
    (root / "content/bilder/falsch.png").write_text("kein Bild", encoding="utf-8")
    site = root / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + lines, encoding="utf-8")
    return root


def test_logo_and_cover_picture_from_site_yaml(tmp_path: Path, printed: dict[str, Printed],
                                               booklets: dict[str, Any]) -> None:
    root = _mini_with_images(tmp_path, "logo: bilder/logo.png\ntitelbild: bilder/titel.jpg\n"
                                       "farben:\n  primaer: \"#7a1f5c\"\n")
    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors, problems.errors
    [result] = print_booklets(content, TODAY, tmp_path / "out")
    images = _image_xobjects(PdfReader(result.a5).pages[0])
    assert sorted((int(i["/Width"]), int(i["/Height"])) for i in images) == [(60, 40), (90, 50)]
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(result.a5), str(tmp_path / "u")],
                   check=True)
    from PIL import Image

    cover = Image.open(next(tmp_path.glob("u*.png"))).convert("RGB")
    assert cover.getpixel((2, cover.height - 3)) == (0x7A, 0x1F, 0x5C)  # the cover takes the site's colour
    # without the fields: no picture on the cover
    plain, _ = load_and_validate(MINI_ROOT, TODAY)
    [result] = print_booklets(plain, TODAY, tmp_path / "plain")
    assert _image_xobjects(PdfReader(result.a5).pages[0]) == []
    # the demo's SVG logo and picture are inlined into the cover (the print view stays one file)
    from lxml import html as lxml_html

    cover = lxml_html.fromstring(booklets["heide"].html).xpath("//section[@class='umschlag']//img/@src")
    assert len(cover) == 2 and all(src.startswith("data:image/svg+xml;base64,") for src in cover)


@pytest.mark.parametrize(("lines", "message"), [
    ("logo: bilder/fehlt.svg\n", "Die Bilddatei „content/bilder/fehlt.svg“ gibt es nicht."),
    ("titelbild: bilder/titel.gif\n", "Feld „titelbild“: „bilder/titel.gif“ ist kein Bild im Format png, jpg oder svg."),
    ("logo: bilder/falsch.png\n", "Die Datei „content/bilder/falsch.png“ ist kein PNG-Bild."),
    ("logo: ../../geheim.png\n", "Das Bild „../../geheim.png“ liegt nicht im Ordner content/."),
])
def test_site_images_are_checked(tmp_path: Path, lines: str, message: str) -> None:
    from conftest import MINI

    root = _mini_with_images(tmp_path, lines)
    _, problems = load_and_validate(root, TODAY)
    found = [p for p in problems.errors if p.message == message]
    assert found, [p.message for p in problems.errors]
    appended_at = len((MINI / "content/site.yaml").read_text(encoding="utf-8").splitlines()) + 1
    assert found[0].loc.path.endswith("content/site.yaml") and found[0].loc.line == appended_at


def test_print_shop_edition_has_bleed_and_crop_marks(printed: dict[str, Printed], tmp_path: Path) -> None:
    from PIL import Image

    mm = 72 / 25.4
    bleed = 3 * mm
    reader = PdfReader(printed["heide"].print_shop)
    assert len(reader.pages) == len(printed["heide"].pages)  # same pages as the office edition
    for page in reader.pages:
        trim = [float(v) for v in page.trimbox]
        assert trim[2] - trim[0] == pytest.approx(148 * mm, abs=0.5)
        assert trim[3] - trim[1] == pytest.approx(210 * mm, abs=0.5)
        box = [float(v) for v in page.bleedbox]
        assert box == pytest.approx([trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed], abs=0.1)
        assert [float(v) for v in page.mediabox] == pytest.approx(box, abs=0.1)
    # the cover colour runs past the trimmed edge into the bleed
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", "1", "-l", "1", str(printed["heide"].print_shop),
                    str(tmp_path / "c")], check=True)
    image = Image.open(next(tmp_path.glob("c*.png"))).convert("RGB")
    assert image.getpixel((1, image.height // 2)) == (0x1F, 0x5F, 0x8B)
    assert image.getpixel((image.width - 2, image.height // 3)) == (0x1F, 0x5F, 0x8B)
    # the office edition has no bleed
    office = PdfReader(printed["heide"].a5).pages[0]
    assert [float(v) for v in office.mediabox] == pytest.approx([0, 0, 148 * mm, 210 * mm], abs=0.5)


PAGE_TYPES = {  # artefact name -> how to recognise the page
    "umschlag": lambda i, text, n: i == 0,
    "inhalt": lambda i, text, n: text.startswith("Inhalt"),
    "abschnitt": lambda i, text, n: "Angebote" in text and "Kosten" in text and i > 1,
    "notfallnummern": lambda i, text, n: i == 1,
    "gut-zu-wissen": lambda i, text, n: "Gut zu wissen U-Untersuchungen" in text,
    "register": lambda i, text, n: i > 1 and "Stichwörter von A bis Z" in text,
    "meine-kontakte": lambda i, text, n: text.startswith("Meine Kontakte"),
    "rueckseite": lambda i, text, n: i == n - 1,
}


def test_page_type_pngs_are_written_as_artefacts(printed: dict[str, Printed]) -> None:
    """PNGs of every booklet page type for people to look at (tests/artefakte/druck/, git-ignored)."""
    target = ROOT / "tests" / "artefakte" / "druck"
    target.mkdir(parents=True, exist_ok=True)
    booklet = printed["brunnenviertel"]
    for name, matches in PAGE_TYPES.items():
        number = next(i for i, text in enumerate(booklet.pages) if matches(i, text, len(booklet.pages))) + 1
        for pdf, suffix in ((booklet.a5, ""), (booklet.print_shop, "-druckerei")):
            if suffix and name not in ("umschlag", "rueckseite"):
                continue
            stem = target / f"brunnenviertel-{number:02d}-{name}{suffix}"
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                            str(pdf), str(stem)], check=True)
            assert stem.with_suffix(".png").stat().st_size > 5000


def test_print_view_fits_a_phone(printed: dict[str, Printed], browser: Any) -> None:
    """The same booklet as HTML on the website: no sideways scrolling at 360 px, pictures shown."""
    for slug, booklet in printed.items():
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto((booklet.a5.parent / f"{slug}.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        widths = page.evaluate("[...document.querySelectorAll('.umschlag img')].map(i => i.naturalWidth)")
        assert len(widths) == 2 and all(w > 0 for w in widths)
        page.close()


# --- issue 24: long words, addresses ---------------------------------------------------------------

MM = 72 / 25.4
LONG_NAME = ("Kinderbetreuungseinrichtungs" * 5)[:120]  # 120 letters, no space; German: hyphenation points
LONG_NAME_2 = "Xq" * 60  # 120 letters without a hyphenation point: broken anywhere
LONG_KURZ = ("Sonnenscheinfrühstück" * 15)[:300]
LONG_EMAIL = "vorname.nachname-mit-bindestrich@familienzentrum-sonnenschein.example.de"  # 72, parts up to 16
LONG_EMAIL_2 = "a" * 60 + "@example.org"  # 72: a part longer than any line
WORD = "Familienbildungsstättenanmeldungsformularausfüllhilfeberatung"  # 61 letters
LONG_URL = "https://familienwegweiser-der-stadt-lindenberg-an-der-lippe.beispiel-kommune.example.org/"


def _long_words_project(write: Any) -> Path:
    """The minimal project with a word without spaces in every element the booklet prints."""
    write("content/site.yaml", f"titel: {('Familienwegweiserlindenberg' * 3)[:80]}\nregion: {WORD}\n"
          f"basis_url: {LONG_URL}\nstand: 2026-10-01\nbundesland: NW\nwillkommen: |\n  Willkommen {WORD}{WORD}.\n"
          f"impressum:\n  herausgeber: {WORD}\n  adresse: {WORD}straße 1, 59999 {WORD}\n  email: {LONG_EMAIL}\n")
    write("content/kategorien.yaml", f"fruehe-hilfen:\n  name: {WORD[:60]}\n")
    write("quartiere/testviertel/quartier.yaml", f"name: {(WORD * 2)[:80]}\nort: {WORD}\nkoordination: koordination\n"
          "stand: 2026-10-01\n")
    write("quartiere/testviertel/kontakte/koordination.yaml", f"name: {WORD}\nfunktion: {WORD}\n"
          f"telefon: 030 23125-100\nemail: {LONG_EMAIL_2}\nstand: 2026-10-01\n")
    write("quartiere/testviertel/angebote/elterncafe.yaml", f"name: {LONG_NAME}\nkurz: {LONG_KURZ}\n"
          f"kategorien: [fruehe-hilfen]\nkosten: {WORD}\nzeiten: {WORD}\nkontakt: koordination\nemail: {LONG_EMAIL}\n"
          f"telefon: 030 23125-101\nstichworte: [{WORD}, {LONG_NAME_2[:60]}]\nadresse:\n  strasse: {WORD}straße 1\n  plz: 59999\n"
          f"  ort: {WORD}\nstand: 2026-10-01\n")
    write("quartiere/testviertel/angebote/zweites.yaml", f"name: {LONG_NAME_2}\nkurz: Kurz.\n"
          "kategorien: [fruehe-hilfen]\nstand: 2026-10-01\n")
    return write("content/seiten/lang.md", f"---\ntitel: {(WORD * 2)[:80]}\ndruck: ja\n---\n## {WORD}{WORD}\n\n"
                 f"Text {WORD}{WORD}{WORD} Ende.\n\n| Wer | {WORD} |\n|---|---|\n| {WORD}{WORD} | 0800 111 0 550 |\n")


@dataclass
class Word:
    page: int
    x_min: float
    y_min: float
    x_max: float
    text: str


def _words(pdf: Path) -> tuple[float, list[Word]]:
    """Page width and every word poppler finds, with its box in points, in reading order."""
    bbox = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox)[1])  # type: ignore[index]
    words = []
    for number, page in enumerate(bbox.split("<page ")[1:], start=1):
        for x_min, y_min, x_max, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page):
            words.append(Word(number, float(x_min), float(y_min), float(x_max), text))
    return width, words


@pytest.fixture(scope="module")
def long_words(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from conftest import MINI

    root = tmp_path_factory.mktemp("lang") / "projekt"
    shutil.copytree(MINI, root)

    def write(relpath: str, text: str) -> Path:
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text, encoding="utf-8")
        return root

    _long_words_project(write)
    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors, [p.format() for p in problems.errors]  # check accepts all of it
    [result] = print_booklets(content, TODAY, root / "druck")
    return result.a5


def test_long_words_stay_inside_the_type_area(long_words: Path) -> None:
    """Issue 24: a 120-letter name, a 300-character `kurz` and 72-character e-mails without spaces, and a long word in
    every other printed element, end inside the 11 mm margins on every page (they ended at x = 420 pt)."""
    width, words = _words(long_words)
    assert width == pytest.approx(148 * MM, abs=0.5)
    left, right = 11 * MM - 1, width - 11 * MM + 1  # a point for glyph side bearings
    outside = [(w.page, round(w.x_min), round(w.x_max), w.text[:30]) for w in words
               if w.x_min < left or w.x_max > right]
    assert not outside, outside
    # nothing is lost on the way: each long word is all there (WeasyPrint's hyphens are U+2010)
    text = re.sub(r"[\s\u2010]", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(long_words), "-"],
                                                     capture_output=True, text=True, check=True).stdout)
    for token in (LONG_NAME, LONG_NAME_2, LONG_KURZ, LONG_EMAIL, LONG_EMAIL_2, WORD * 3, LONG_URL):
        assert token in text, token[:40]


def test_the_index_keeps_long_words_in_their_column(long_words: Path) -> None:
    """The A–Z index has three columns of (126 mm - 2 × 4 mm) / 3: a long keyword stays in its own."""
    _, words = _words(long_words)
    # the section's heading, not its line in the table of contents (page 2) or a running head (in the top margin)
    heading = next(w for w in words if w.text == "Stichwörter" and w.page > 2 and w.y_min > 11 * MM)
    column = (126 - 2 * 4) / 3 * MM
    starts = [11 * MM + i * (column + 4 * MM) for i in range(3)]
    below = [w for w in words if w.page == heading.page and w.y_min > heading.y_min + 5 and w.text != str(w.page)]
    assert any(WORD[:8] in w.text for w in below) and any(w.text.startswith("XqXq") for w in below)
    for w in below:
        assert any(start - 1 <= w.x_min and w.x_max <= start + column + 1 for start in starts), (w.text, w.x_min)


def test_long_addresses_break_at_their_punctuation(long_words: Path) -> None:
    """A 72-character e-mail address is broken before its punctuation (. @ -), never inside a part and never with
    a hyphen added; its parts read in order."""
    _, words = _words(long_words)
    texts = [w.text for w in words]
    runs = [texts[i:j] for i in range(len(texts)) for j in range(i + 2, min(i + 6, len(texts)) + 1)
            if "".join(texts[i:j]) == LONG_EMAIL]
    assert len(runs) >= 2, "the address of the entry and of the imprint, each over two lines or more"
    for run in runs:
        assert all(part[0] in ".@-" for part in run[1:]), run
    assert not any("\u2010" in w.text and "@" in w.text for w in words)


def test_addresses_for_print_are_escaped_and_break_only_where_said() -> None:
    from lxml import html as lxml_html

    from wegweiser.printing.booklet import umbrechbar

    short = umbrechbar("hdg@example.org")
    assert short == '<span class="adresse nw" dir="ltr">hdg@example.org</span>'  # short: kept whole
    hostile = '"><script>alert(1)</script>@evil.example.org/&amp;x'
    html = str(umbrechbar(hostile))
    assert "<script>" not in html
    element = lxml_html.fragment_fromstring(html)
    assert element.text_content() == hostile  # what is shown is the address, escaped
    pieces = [span.text for span in element.xpath(".//span")]  # libxml2 does not know <wbr> is empty
    assert "".join(pieces) == hostile and len(element.xpath(".//wbr")) == len(pieces) - 1
    url = [s.text for s in lxml_html.fragment_fromstring(str(umbrechbar(LONG_URL))).xpath(".//span")]
    assert url[:2] == ["https://", "familienwegweiser"]  # after "//", before "-" and "."
    assert all(part[0] in "-./" for part in url[2:])
    assert all(len(part) <= 20 for part in url)


def test_only_elements_with_long_words_are_marked() -> None:
    """The marker for hyphenation (class "trennen") goes on the innermost element around a word of 21 characters or
    more, in the body only, and the HTML is otherwise unchanged (void elements, SVG, classes already there)."""
    from wegweiser.printing.booklet import _mark_long_words

    long = "Schwangerschaftskonfliktberatung"  # 32 letters
    html = (f'<html><head><title>{long}</title></head><body><h3 lang="de">{long}</h3><p class="x">kurz<br>'
            f'<b>fett</b> und {long}</p><svg><path d="M0 0h1"/></svg><p>Kinderbetreuung und Tagespflege</p>'
            f'<table><tr><td>Wer <b>{long}</b></td><td>0800 111 0 550</td></tr></table>'
            f'<p>{"&amp;" * 21} <i>kurz</i></p></body></html>')
    marked = _mark_long_words(html)
    assert marked == html.replace('<h3 lang="de">', '<h3 lang="de" class="trennen">').replace(
        '<p class="x">', '<p class="x trennen">').replace(f"<b>{long}", f'<b class="trennen">{long}').replace(
        "<p>&amp;", '<p class="trennen">&amp;')
