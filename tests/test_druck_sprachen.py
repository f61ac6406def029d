"""Booklets per language (issue 11, item 7): one print of the multilingual fixture, read back with poppler.

Expected values come from the fixture's translation files (`<name>.<code>.md|yaml`), from the issue (BCP 47 tags,
file names, right-bound Arabic booklets) and from the geometry of a folded sheet – not from the implementation.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from wegweiser.i18n.catalogue import texte
from wegweiser.i18n.languages import sprache
from wegweiser.printing.imposition import sheet_sides

from conftest import ROOT, TODAY, differing_pages, whole_layout

FIXTURE = ROOT / "tests" / "fixtures" / "sprachen"
CODES = ["de", "leicht", "en", "ar"]  # sprachen in the fixture's site.yaml, the main language first
# PDF /Lang and HTML lang: BCP 47; Leichte Sprache is German with a private-use subtag.
BCP47 = {"de": "de", "leicht": "de-x-ls", "en": "en", "ar": "ar"}
ENTRY_TYPES = ("angebote", "kontakte", "spielplaetze", "kitas", "schulen")
NOTICE = "Nur auf Deutsch verfügbar"
# What each booklet prints, in its own language (a German fallback in a translated booklet fails).
NOTICES = {"leicht": "Diesen Text gibt es noch nicht in Leichter Sprache.", "en": "Only available in German",
           "ar": "متوفر بالألمانية فقط"}
HEADINGS = {"de": ("Inhalt", "Meine Kontakte", "Impressum"), "leicht": ("Inhalt", "Meine Kontakte", "Impressum"),
            "en": ("Contents", "My contacts", "Legal notice (Impressum)"),
            "ar": ("المحتويات", "جهات اتصالي", "بيانات الناشر (Impressum)")}
ARTEFAKTE = ROOT / "tests" / "artefakte" / "druck"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def _vergleichbar(text: str) -> str:
    """Text as pdftotext gives it back, comparable with the source: no bidi controls or Arabic vowel marks (which
    poppler sets apart), no punctuation (quotes are mirrored in right-to-left lines), and lam-alef in one order
    (poppler reverses the two letters of the lam-alef ligature)."""
    text = unicodedata.normalize("NFC", text).translate(_BIDI_CONTROLS)
    text = re.sub("[\u064b-\u065f\u0670]", "", text)
    text = re.sub("ل([اأإآ])", r"\1ل", text)
    text = "".join(c if c.isalnum() or c.isspace() else " " for c in text)
    return _norm(text).casefold()


def _front_matter(path: Path) -> dict[str, object]:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        raw = raw.split("---", 2)[1] if raw.startswith("---") else ""
    data = yaml.safe_load(raw) or {}
    assert isinstance(data, dict)
    return data


def _translation(original: Path, code: str) -> Path | None:
    """The translation file beside an original: `<name>.<code>.md` or `<name>.<code>.yaml`."""
    stem = original.name.split(".")[0]
    return next((p for p in original.parent.glob(f"{stem}.{code}.*") if p.suffix in (".md", ".yaml")), None)


def _is_original(path: Path) -> bool:
    return path.suffix in (".md", ".yaml") and path.name.count(".") == 1


@dataclass
class Eintrag:
    path: Path
    name: str  # German

    def name_in(self, code: str) -> str | None:
        """The translated name, or None where the language has no translation of the entry (or of its name)."""
        if code == "de":
            return self.name
        found = _translation(self.path, code)
        if not found:
            return None
        name = _front_matter(found).get("name")
        return str(name) if name else None

    def status(self, code: str) -> str:
        return "uebersetzt" if code == "de" or _translation(self.path, code) else "fehlt"


def _entries(quarter: str) -> list[Eintrag]:
    """The fixture's entries that appear in a quarter's booklet: its own and the region-wide ones for it."""
    found = []
    for typ in ENTRY_TYPES:
        for path in sorted((FIXTURE / "quartiere" / quarter / typ).glob("*")):
            if _is_original(path):
                found.append(Eintrag(path, str(_front_matter(path)["name"])))
        for path in sorted((FIXTURE / "content" / typ).glob("*")):
            if _is_original(path):
                data = _front_matter(path)
                where = data.get("quartiere")
                if where == "alle" or (isinstance(where, list) and quarter in where):
                    found.append(Eintrag(path, str(data["name"])))
    return found


def _printed_pages() -> list[Path]:
    return [p for p in sorted((FIXTURE / "content" / "seiten").glob("*.md"))
            if _is_original(p) and _front_matter(p).get("druck") in (True, "ja")]


QUARTERS = sorted(p.name for p in (FIXTURE / "quartiere").iterdir() if (p / "quartier.yaml").is_file())


def _text_in(path: Path, code: str, key: str) -> str:
    """A translated text of a YAML file (site.yaml, quartier.yaml) in a language, else the original's."""
    found = _translation(path, code) if code != "de" else None
    value = _front_matter(found).get(key) if found else None
    return str(value or _front_matter(path)[key])


def _pdftotext(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _suffix(code: str) -> str:
    return "" if code == "de" else f".{code}"


@dataclass
class Druck:
    out: Path
    stdout: str
    stderr: str

    def a5(self, quarter: str, code: str) -> Path:
        return self.out / f"{quarter}-heft-a5{_suffix(code)}.pdf"

    def a4(self, quarter: str, code: str) -> Path:
        return self.out / f"{quarter}-druckbogen-a4{_suffix(code)}.pdf"

    def view(self, quarter: str, code: str) -> Path:
        return self.out / f"{quarter}{_suffix(code)}.html"

    def text(self, quarter: str, code: str) -> str:
        return _norm(_pdftotext(self.a5(quarter, code)))


def _print(out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wegweiser", "print", str(FIXTURE), "-o", str(out), "--stichtag",
                           TODAY.isoformat(), *options], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def druck(tmp_path_factory: pytest.TempPathFactory) -> Druck:
    out = tmp_path_factory.mktemp("druck-sprachen") / "druck"
    result = _print(out)
    assert result.returncode == 0, result.stdout + result.stderr
    return Druck(out, result.stdout, result.stderr)


def test_fixture_has_what_the_tests_need() -> None:
    site = _front_matter(FIXTURE / "content" / "site.yaml")
    assert site["sprachen"] == CODES
    everything = [e for q in QUARTERS for e in _entries(q)]
    for code in CODES[1:]:  # each language has translated and untranslated entries
        assert {e.status(code) for e in everything} == {"uebersetzt", "fehlt"}, code
    assert any(e.name_in("ar") for e in everything)


def test_a_booklet_per_language_and_quarter(druck: Druck) -> None:
    for quarter in QUARTERS:
        for code in CODES:
            for path in (druck.a5(quarter, code), druck.a4(quarter, code), druck.view(quarter, code)):
                assert path.is_file(), path.name
    # the main language keeps today's names (printed links stay valid); no second German copy
    assert not list(druck.out.glob("*.de.*"))
    names = {p.name for p in druck.out.iterdir() if not p.name.startswith(".")}
    assert len(names) == len(QUARTERS) * len(CODES) * 3, sorted(names)
    lines = [line for line in druck.stdout.splitlines() if "Seiten A5" in line]
    assert len(lines) == len(QUARTERS) * len(CODES)


def test_booklet_text_is_in_its_language(druck: Druck) -> None:
    site = FIXTURE / "content" / "site.yaml"
    for quarter in QUARTERS:
        entries = _entries(quarter)
        for code in CODES:
            text = _vergleichbar(druck.text(quarter, code))
            assert _vergleichbar(_text_in(site, code, "titel")) in text, code
            quarter_file = FIXTURE / "quartiere" / quarter / "quartier.yaml"
            assert _vergleichbar(_text_in(quarter_file, code, "name")) in text, (quarter, code)
            for entry in entries:
                translated = entry.name_in(code)
                if translated:
                    assert _vergleichbar(translated) in text, (quarter, code, translated)
                    if translated != entry.name:  # the German name is not printed beside it
                        assert _vergleichbar(entry.name) not in text, (quarter, code, entry.name)
                elif entry.status(code) == "fehlt":  # shown in German, nothing left out
                    assert _vergleichbar(entry.name) in text, (quarter, code, entry.name)
            for heading in HEADINGS[code]:
                assert _vergleichbar(heading) in text, (code, heading)


def test_arabic_booklet_is_in_arabic_script(druck: Druck) -> None:
    for quarter in QUARTERS:
        raw = druck.text(quarter, "ar")
        arabic = sum(1 for c in raw if "\u0600" <= c <= "\u06ff")
        assert arabic >= 40, (quarter, arabic)
        for code in ("de", "leicht", "en"):
            assert not any("\u0600" <= c <= "\u06ff" for c in druck.text(quarter, code)), (quarter, code)
    name = str(_front_matter(FIXTURE / "quartiere" / "nordviertel" / "quartier.ar.yaml")["name"])
    assert _vergleichbar(name) in _vergleichbar(druck.text("nordviertel", "ar"))


def test_untranslated_entries_carry_the_notice(druck: Druck) -> None:
    for quarter in QUARTERS:
        for code in CODES:
            # Compared as pdftotext gives Arabic back (lam-alef reversed, vowel marks apart; see _vergleichbar).
            text = _vergleichbar(druck.text(quarter, code))
            notice = _vergleichbar(NOTICES.get(code, NOTICE))
            missing = [e for e in _entries(quarter) if e.status(code) == "fehlt"]
            pages = [p for p in _printed_pages() if code != "de" and not _translation(p, code)]
            if code == "de":
                assert notice not in text
            else:
                assert text.count(notice) == len(missing) + len(pages), (quarter, code)
    # the English German course was translated from an earlier German text (fixture: vorlage of another text)
    outdated = _norm(texte(sprache("en")).gettext("Es gibt eine neuere Fassung auf Deutsch."))
    assert druck.text("nordviertel", "en").count(outdated) == 1
    assert outdated not in druck.text("suedviertel", "en")


def _left_to_right(element: lxml_html.HtmlElement) -> bool:
    """German text reads left to right: the element says so, or (a block beside the QR code, which keeps the
    booklet's direction) all its text is in one child that says so."""
    children = list(element)
    return element.get("dir") == "ltr" or (not (element.text or "").strip() and len(children) == 1
                                            and children[0].get("dir") == "ltr" and not (children[0].tail or "").strip())


def test_fallback_markup_in_the_print_view(druck: Druck) -> None:
    for quarter in QUARTERS:
        for code in CODES:
            root = lxml_html.fromstring(druck.view(quarter, code).read_text(encoding="utf-8"))
            assert root.get("lang") == BCP47[code]
            assert root.get("dir") == ("rtl" if code == "ar" else "ltr")
            notice = texte(sprache(code, haupt=code == "de")).gettext(NOTICE)
            articles = {_norm(a.xpath("string(.//h3)")): a for a in root.xpath("//article")}
            for entry in _entries(quarter):
                if entry.status(code) == "fehlt":  # the German text marked German, the notice in the page's language
                    article = articles[_norm(entry.name)]
                    [heading] = article.xpath(".//h3")
                    assert heading.get("lang") == "de" and _left_to_right(heading), (code, entry.name)
                    assert article.get("lang") is None
                    [hint] = article.xpath(".//*[@class='hinweis-sprache']")
                    assert _norm(hint.text_content()) == notice and hint.get("lang") is None
                elif entry.name_in(code):
                    article = articles[_norm(entry.name_in(code) or "")]
                    assert article.xpath(".//h3")[0].get("lang") is None, (code, entry.name)
                    if code != "de":  # a text the translation leaves out is shown in German, marked German
                        for element in article.xpath(".//*[@lang]"):
                            assert element.get("lang") == "de" and _left_to_right(element)
            # QR codes lead to the pages in the booklet's language
            prefix = "https://familie.example.org/" + ("" if code == "de" else f"{code}/")
            urls = root.xpath("//@data-url")
            assert urls and all(url.startswith(prefix) for url in urls), (code, urls)
            assert all(("/en/" in url) == (code == "en") for url in urls)


def _struct_langs(pdf: Path) -> dict[str, set[str]]:
    """/Lang of the tagged structure elements, by structure type."""
    found: dict[str, set[str]] = {}

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject) and node.get("/Type") in ("/StructElem", "/StructTreeRoot"):
            if "/Lang" in node:
                found.setdefault(str(node["/S"]), set()).add(str(node["/Lang"]))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


def test_pdf_language_title_and_pdf_ua_per_language(druck: Druck) -> None:
    site = FIXTURE / "content" / "site.yaml"
    for quarter in QUARTERS:
        for code in CODES:
            reader = PdfReader(druck.a5(quarter, code))
            root = reader.trailer["/Root"]
            assert str(root["/Lang"]) == BCP47[code]
            assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
            xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
            assert re.search(r'pdfuaid:part(="1"|>1<)', xmp), "PDF/UA-1 identification"
            quarter_name = _text_in(FIXTURE / "quartiere" / quarter / "quartier.yaml", code, "name")
            assert reader.metadata and reader.metadata.title == f"{_text_in(site, code, 'titel')}: {quarter_name}"
            direction = root.get("/ViewerPreferences", {}).get("/Direction")
            assert (direction == "/R2L") == (code == "ar"), code
    # an untranslated German entry inside the Arabic booklet is tagged German (PDF/UA-1 7.2)
    langs = _struct_langs(druck.a5("nordviertel", "ar"))
    assert "de" in langs.get("/H3", set()), langs
    assert not _struct_langs(druck.a5("nordviertel", "de"))


def test_fonts_are_embedded_and_cover_every_script(druck: Druck) -> None:
    assert ".notdef" not in druck.stderr  # WeasyPrint warns for each character no font has
    for quarter in QUARTERS:
        for code in CODES:
            table = subprocess.run(["pdffonts", str(druck.a5(quarter, code))], capture_output=True, text=True,
                                   check=True).stdout.splitlines()[2:]
            assert table
            for row in table:
                emb, _sub, uni = row.split()[-5:-2]
                assert emb == "yes" and uni == "yes", (code, row)
                # WeasyPrint writes a "Custom" encoding only for a font with .notdef glyphs (tofu)
                assert "Custom" not in row, (code, row)
            fonts = " ".join(row.split()[0] for row in table)
            assert ("Arabic" in fonts) == (code == "ar"), (code, fonts)
            assert "DejaVu" in fonts


def test_arabic_imposition_is_mirrored_from_first_principles() -> None:
    """A booklet bound on the right, 8 pages on 2 sheets, printed duplex flipping on the short edge.

    Sheet 1, outside: the front cover (page 1) must sit on the LEFT half, so that folding puts the spine on its
    right edge; the back cover (page 8) on the right half. Sheet 1, inside: page 2 lies behind page 1 – flipping on
    the short edge puts it on the RIGHT half – and page 7 on the left. Sheet 2, outside: opening the cover to the
    left shows page 2 on the right and page 3 on the left, so page 3 is on its left half, page 6 on its right.
    Sheet 2, inside: page 4 behind page 3 (right half), page 5 on the left – the centre spread reads 4 then 5
    from right to left."""
    pages = [(1, 8), (7, 2), (3, 6), (5, 4)]  # (left, right) of: sheet 1 front, its back, sheet 2 front, its back
    assert sheet_sides(8, rechts_gebunden=True) == [(left - 1, right - 1) for left, right in pages]
    assert sheet_sides(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]  # left-bound stays as it was


def test_arabic_print_sheets_read_right_to_left_when_folded(druck: Druck) -> None:
    a5, a4 = druck.a5("nordviertel", "ar"), druck.a4("nordviertel", "ar")
    n = len(PdfReader(a5).pages)
    pages = [set(_vergleichbar(_pdftotext(a5, "-f", str(i), "-l", str(i))).split()) for i in range(1, n + 1)]
    reader = PdfReader(a4)
    total = -(-n // 4) * 4
    assert len(reader.pages) == total // 2

    def identify(side: int, half: int) -> int | None:
        width, height = float(reader.pages[side].mediabox.width), float(reader.pages[side].mediabox.height)
        words = set(_vergleichbar(_pdftotext(a4, "-f", str(side + 1), "-l", str(side + 1), "-x",
                                             str(int(half * width / 2)), "-y", "0", "-W", str(int(width / 2)),
                                             "-H", str(int(height)))).split())
        if not words:
            return None
        scores = [len(words & page) / max(1, len(words | page)) for page in pages]
        return max(range(n), key=scores.__getitem__)

    # Right-bound (see above): sheet s front = (left 2s, right N-1-2s), back = (left N-2-2s, right 2s+1).
    reading: list[int | None] = [None] * total
    for sheet in range(total // 4):
        front, back = 2 * sheet, 2 * sheet + 1
        reading[2 * sheet] = identify(front, 0)
        reading[total - 1 - 2 * sheet] = identify(front, 1)
        reading[total - 2 - 2 * sheet] = identify(back, 0)
        reading[2 * sheet + 1] = identify(back, 1)
    assert reading == [*range(n - 1), *[None] * (total - n), n - 1]


def _words_with_x(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, line position, x, word) of every word poppler finds, in the order it lists them."""
    found = []
    bbox = _pdftotext(pdf, "-bbox")
    for number, page in enumerate(bbox.split("<page ")[1:], start=1):
        for x, y, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page):
            found.append((number, round(float(y)), float(x), word))
    return found


def test_pages_are_those_of_a_whole_layout(druck: Druck, tmp_path: Path) -> None:
    """Issue 31: a right-to-left booklet and a left-to-right one keep the draft's layout up to the index; WeasyPrint's
    own whole layout of the print view (the finished HTML) must draw the same pages, left and right pages included."""
    for code in ("ar", "en"):
        whole = whole_layout(druck.view(QUARTERS[0], code).read_text("utf-8"), tmp_path / f"{code}.pdf")
        assert differing_pages(druck.a5(QUARTERS[0], code), whole) == [], code


def test_numbers_read_left_to_right_in_arabic(druck: Druck) -> None:
    """Phone numbers and times in a right-to-left line still read left to right: the bidi algorithm alone would
    show "116 117" as "117 116" and a family would dial a wrong number."""
    words = _words_with_x(druck.a5("nordviertel", "ar"))
    lines: dict[tuple[int, int], dict[str, float]] = {}
    for page, y, x, word in words:
        lines.setdefault((page, y), {})[word] = x
    # notfallnummern.ar.md: "116 117" and "0800 111 0 550" in Arabic sentences
    line = next(xs for xs in lines.values() if "116" in xs and "117" in xs)
    assert line["116"] < line["117"]
    line = next(xs for xs in lines.values() if "550" in xs and "0800" in xs)
    assert line["0800"] < line["111"] < line["550"]
    # elterncafe.md: oeffnungszeiten Tu 09:30-11:30, printed with the Arabic weekday name
    times = [word for *_, word in words if re.fullmatch(r"\d\d:\d\d–\d\d:\d\d", word)]
    assert "09:30–11:30" in times and "11:30–09:30" not in times


def test_number_runs_are_isolated_without_touching_markup() -> None:
    from wegweiser.printing.booklet import _whole_numbers

    html = 'Tel. 116 117, &#39;A5&#39; <a href="tel:08001110550">0800 111 0 550</a> 9–12 Uhr'
    assert _whole_numbers(html, rtl=True) == (
        'Tel. <span class="zahl" dir="ltr">116 117</span>, &#39;A5&#39; <a href="tel:08001110550"><span '
        'class="zahl" dir="ltr">0800 111 0 550</span></a> <span class="zahl" dir="ltr">9–12</span> Uhr')
    # left to right: kept whole only; a run longer than a phone number (a list) may break
    assert _whole_numbers("Fax 030 / 231 25-9 und 1 2 3 4 5 6 7 8 9 10 11") == (
        'Fax <span class="zahl">030 / 231 25-9</span> und 1 2 3 4 5 6 7 8 9 10 11')


def test_sprache_option_prints_only_those(tmp_path: Path) -> None:
    out = tmp_path / "druck"
    result = _print(out, "--sprache", "en", "--sprache", "ar", "--quartier", "nordviertel")
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert names == {f"nordviertel{end}" for end in ("-heft-a5.en.pdf", "-druckbogen-a4.en.pdf", ".en.html",
                                                       "-heft-a5.ar.pdf", "-druckbogen-a4.ar.pdf", ".ar.html")}


@pytest.mark.parametrize("code", ["tr", "xx", "DE"])
def test_unknown_or_unlisted_language_is_a_german_error(tmp_path: Path, code: str) -> None:
    result = _print(tmp_path / "druck", "--sprache", code)
    assert result.returncode == 2
    assert f"Die Sprache „{code}“" in result.stderr
    for valid in CODES:  # names the valid ones
        assert re.search(rf"\b{re.escape(valid)}\b", result.stderr.split("Möglich:")[1]), result.stderr
    assert "Traceback" not in result.stdout + result.stderr and not (tmp_path / "druck").exists()


def test_booklets_of_languages_no_longer_listed_are_removed(tmp_path: Path) -> None:
    from wegweiser.core.output_guard import Kind, mark
    from wegweiser.printing.booklet import _remove_stale

    mark(tmp_path, Kind.PRINT)
    keep = ["nordviertel-heft-a5.pdf", "nordviertel-heft-a5.en.pdf", "nordviertel.en.html", "notizen.txt"]
    gone = ["nordviertel-heft-a5.tr.pdf", "nordviertel-druckbogen-a4.tr.pdf", "nordviertel.tr.html",
            "nordviertel-heft-a5.en.pdf.tmp", "altviertel-heft-a5.en.pdf"]
    for name in keep + gone:
        (tmp_path / name).write_text("x", encoding="utf-8")
    _remove_stale(tmp_path, ["nordviertel"], [sprache(c, haupt=c == "de") for c in CODES])
    assert {p.name for p in tmp_path.iterdir() if not p.name.startswith(".")} == set(keep)


def test_pages_are_written_as_artefacts(druck: Druck) -> None:
    """PNGs to look at (tests/artefakte/druck/, git-ignored): Arabic shaping, right-to-left layout, page order."""
    ARTEFAKTE.mkdir(parents=True, exist_ok=True)
    shots = [(druck.a5("nordviertel", "ar"), [1, 2, 3]), (druck.a4("nordviertel", "ar"), [1, 2]),
             (druck.a5("nordviertel", "en"), [1, 3]), (druck.a5("nordviertel", "leicht"), [3])]
    for pdf, numbers in shots:
        for number in numbers:
            stem = ARTEFAKTE / f"sprachen-{pdf.stem.replace('.', '-')}-{number:02d}"
            subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                            str(pdf), str(stem)], check=True)
            assert stem.with_suffix(".png").stat().st_size > 5000


# --- issue 24: characters the booklet fonts cannot draw ----------------------------------------------

EMOJI = "🎈😀✅👩\u200d👧❤\ufe0f🇩🇪"  # a ZWJ sequence, an emoji variation selector, a flag
CJK = "日本語のテキスト、カタカナ。中文文本。한국어"
SCRIPTS = "हिन्दी ትግርኛ עברית ไทย Ελληνικά Հայերեն ქართული தமிழ்"  # Hindi, Tigrinya, Hebrew, Thai …


def _mini(tmp_path: Path) -> Path:
    import shutil

    from conftest import MINI

    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    return root


def _pdf_fonts(pdf: Path) -> tuple[str, set[str]]:
    """What the PDF's fonts draw (their ToUnicode text, concatenated) and the text of the codes they map to glyph 0,
    .notdef (WeasyPrint writes a CMap /Encoding for a font with missing glyphs that sends them to CID 0)."""
    drawn, notdef = [], set()
    seen: set[int] = set()
    for page in PdfReader(pdf).pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            font = ref.get_object()
            texts = {}
            if "/ToUnicode" in font:
                cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
                for code, hexes in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", cmap.split("beginbfchar", 1)[-1]):
                    texts[int(code, 16)] = bytes.fromhex(hexes).decode("utf-16-be")
            encoding = font.get("/Encoding")
            zero = set()
            if encoding is not None and hasattr(encoding.get_object(), "get_data"):
                cids = encoding.get_object().get_data().decode("latin-1")
                zero = {int(code, 16) for code, cid in re.findall(r"<([0-9a-fA-F]+)>\s+(\d+)", cids) if cid == "0"}
            notdef |= {texts.get(code, "?") for code in zero}
            drawn += [text for code, text in texts.items() if code not in zero]
    return "".join(drawn), notdef


def _visible(text: str) -> set[str]:
    return {c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cf", "Mn")}


def test_emoji_cjk_and_other_scripts_are_drawn(tmp_path: Path) -> None:
    """Issue 24: emoji and Japanese/Chinese printed as empty boxes. With the fonts of the README's system packages
    (fonts-noto-cjk, fonts-noto-color-emoji, fonts-noto-core) every character is drawn: no .notdef in the PDF, each
    one in a font's text, and check has nothing to report."""
    from wegweiser.check.font_coverage import pruefen
    from wegweiser.check.validate import load_and_validate
    from wegweiser.printing.booklet import print_booklets

    root = _mini(tmp_path)
    (root / "quartiere/testviertel/angebote/schriften.yaml").write_text(
        f"name: Spielgruppe {EMOJI}\nkurz: {CJK}\nkosten: {SCRIPTS}\nstichworte: [{CJK[:3]}]\n"
        "kategorien: [fruehe-hilfen]\nstand: 2026-10-01\n", encoding="utf-8")
    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors
    assert pruefen(content, TODAY, problems) == 0, [p.format() for p in problems.items]
    [result] = print_booklets(content, TODAY, tmp_path / "druck")
    drawn, notdef = _pdf_fonts(result.a5)
    assert not notdef, f"leere Kästchen für {sorted(notdef)}: apt-get install fonts-noto-cjk fonts-noto-color-emoji"
    missing = _visible(EMOJI + CJK + SCRIPTS) - set(drawn)
    assert not missing, sorted(missing)


# PUA U+F0B7: the bullet Word's Symbol font leaves behind; U+1FAE9 (Unicode 16) is newer than every Debian 12 font.
def _unprintable_project(tmp_path: Path) -> Path:
    root = _mini(tmp_path)
    site = root / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "sprachen: [de, en]\n", encoding="utf-8")
    angebote = root / "quartiere/testviertel/angebote"
    (angebote / "symbol.yaml").write_text(
        "name: Krabbelgruppe\n"
        "kurz: Treffen \uf0b7 jeden Dienstag\n"  # line 2, column 15
        "kategorien: [fruehe-hilfen]\n"
        "adresse:\n"
        "  strasse: Weg 1\n"
        "  ort: Teststadt \U0001fae9\n"  # line 6, column 18: a part of the address
        "stichworte:\n"
        "  - Spielen\n"
        "  - Singen \uf0b7\n"  # line 9, column 12
        "beschreibung: Nicht im Heft \uf0b7\n"  # the website shows it with the reader's fonts: no warning
        "stand: 2026-10-01\n", encoding="utf-8")
    (angebote / "elterncafe.en.yaml").write_text("name: Parents' café\nkurz: |\n  Breakfast\n  for parents \ue000\n",
                                                  encoding="utf-8")  # line 4, column 15
    (root / "content/seiten/hinweise.md").write_text(
        "---\ntitel: Hinweise\ndruck: ja\n---\nErste Zeile.\n\nZweite Zeile mit \ue001.\n",  # line 7, column 18
        encoding="utf-8")
    (root / "content/seiten/intern.md").write_text("---\ntitel: Intern\n---\nNicht gedruckt \ue002.\n",
                                                    encoding="utf-8")
    return root


UNPRINTABLE = {  # (file, line, column) -> the character, from the files written above
    ("quartiere/testviertel/angebote/symbol.yaml", 2, 15): "\uf0b7",
    ("quartiere/testviertel/angebote/symbol.yaml", 6, 18): "\U0001fae9",
    ("quartiere/testviertel/angebote/symbol.yaml", 9, 12): "\uf0b7",
    ("quartiere/testviertel/angebote/elterncafe.en.yaml", 4, 15): "\ue000",
    ("content/seiten/hinweise.md", 7, 18): "\ue001",
}


def test_characters_no_font_has_are_reported_at_their_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) \
        -> None:
    """What no installed font can draw: check warns at the file, line and column of the character, print refuses
    with the same places as errors and writes no booklet (the old code printed empty boxes, without a word)."""
    from wegweiser.cli import main

    root = _unprintable_project(tmp_path)
    assert main(["check", str(root), "--stichtag", TODAY.isoformat()]) == 0  # warnings: the website is fine
    out = capsys.readouterr().out
    found = {(m[1], int(m[2]), int(m[3])): m[4] for m in re.finditer(
        r"^(\S+):(\d+):(\d+): Warnung: (?:Feld „\w+“|Text unter dem Front Matter): Keine Schrift auf diesem "
        r"Rechner enthält das Zeichen „(.)“",
        out, re.MULTILINE)}
    assert found == UNPRINTABLE, out
    assert "U+F0B7" in out and "Symbolschrift" in out  # what it is and what to do
    assert "U+E002" not in out  # a page that is not printed
    druck = tmp_path / "druck"
    assert main(["print", str(root), "-o", str(druck), "--stichtag", TODAY.isoformat()]) == 1
    out = capsys.readouterr().out
    assert {(m[1], int(m[2]), int(m[3])) for m in re.finditer(r"^(\S+):(\d+):(\d+): Fehler: .*Keine Schrift", out,
                                                               re.MULTILINE)} == set(UNPRINTABLE), out
    assert "Keine Hefte erstellt" in out and not list(druck.glob("*.pdf"))


def test_a_character_outside_the_content_stops_the_booklet(tmp_path: Path) -> None:
    """The last guard: a character no font has that check cannot see (a template, a catalogue text) stops the
    booklet instead of printing a box, and leaves no file behind."""
    from wegweiser.printing.booklet import Booklet, MissingGlyphs, write_pdf

    target = tmp_path / "heft.pdf"
    html = "<html lang='de'><body><p>Vorlage mit \uf0b7 und \U0001fae9.</p></body></html>"
    with pytest.raises(MissingGlyphs, match=r"U\+F0B7.*U\+1FAE9"):
        write_pdf(Booklet("x", html, [], {}), target, "Heft")
    assert list(tmp_path.iterdir()) == []


def _free_text(spec: object) -> bool:
    """A field an editor can write any character into (not a phone number, slug, postcode, address or date)."""
    from wegweiser.model.fields import BoolOrText, ListOf, Markdown, Text

    kind = getattr(spec, "type", None)
    if isinstance(kind, ListOf):
        kind = kind.item
    return (type(kind) is Text and kind.pattern is None) or isinstance(kind, Markdown | BoolOrText)


def test_check_looks_at_exactly_the_text_the_booklet_prints(tmp_path: Path) -> None:
    """Every free-text field of every kind of file and translation gets a character of its own that no font has;
    those check reports are exactly those in the booklets' text (so a field added to the booklet, or to the model,
    cannot slip past the check, and text the booklet does not print gives no warning)."""
    from wegweiser.check.font_coverage import pruefen
    from wegweiser.check.validate import load_and_validate
    from wegweiser.i18n.languages import UEBERSETZBAR
    from wegweiser.model.entries import (
        ENTRY_TYPES,
        Adresse,
        Impressum,
        Kategorie,
        Quartier,
        Seite,
        Site,
        content_fields,
    )
    from wegweiser.printing.booklet import BookletBuilder

    codes = iter(range(0xE100, 0xE900))  # private use: no font has them
    marks: dict[str, str] = {}

    def fields(cls: type, where: str, only: tuple[str, ...] | None = None) -> dict[str, object]:
        values: dict[str, object] = {}
        for name, spec in content_fields(cls):
            if _free_text(spec) and (only is None or name in only):
                char = chr(next(codes))
                marks[char] = f"{where}: {name}"
                text = f"Wort{ord(char):x} {char}"  # distinct words: the index shows variants of one word once
                values[name] = [text] if "ListOf" in type(spec.type).__name__ else text
        return values

    root = _mini(tmp_path)
    site = yaml.safe_load((root / "content/site.yaml").read_text(encoding="utf-8"))
    site.update(fields(Site, "site"), sprachen=["de", "en"], impressum={**site["impressum"], **fields(Impressum, "impressum")})
    files: dict[str, object] = {"content/site.yaml": site,
                                "content/site.en.yaml": fields(Site, "site.en", UEBERSETZBAR["site"])}
    files["content/kategorien.yaml"] = {"fruehe-hilfen": fields(Kategorie, "kategorie")}
    files["content/kategorien.en.yaml"] = {"fruehe-hilfen": fields(Kategorie, "kategorie.en", UEBERSETZBAR["kategorie"])}
    quarter = "quartiere/testviertel/"
    files[quarter + "quartier.yaml"] = {**fields(Quartier, "quartier"), "koordination": "kontakt", "stand": "2026-10-01"}
    files[quarter + "quartier.en.yaml"] = fields(Quartier, "quartier.en", UEBERSETZBAR["quartier"])
    for typ, cls in ENTRY_TYPES.items():
        slug = "kontakt" if typ == "kontakte" else "eintrag"
        entry = {**fields(cls, typ), "kategorien": ["fruehe-hilfen"], "kontakt": "kontakt", "stand": "2026-10-01",
                 "adresse": {**fields(Adresse, f"{typ}.adresse"), "plz": "59999"}}
        if typ == "termine":  # its one required field beyond name and stand
            entry["beginn"] = "2026-12-01 10:00"
        files[f"{quarter}{typ}/{slug}.yaml"] = entry
        files[f"{quarter}{typ}/{slug}.en.yaml"] = fields(cls, f"{typ}.en", UEBERSETZBAR["eintrag"])
    for name, druck in (("gedruckt", True), ("online", False)):
        page = fields(Seite, f"seite {name}")
        body = chr(next(codes))
        marks[body] = f"seite {name}: text"
        (root / f"content/seiten/{name}.md").write_text(
            f"---\n{yaml.safe_dump({**page, 'druck': druck}, allow_unicode=True)}---\nText {body}\n", encoding="utf-8")
        translated = fields(Seite, f"seite {name}.en", UEBERSETZBAR["seite"])
        body = chr(next(codes))
        marks[body] = f"seite {name}.en: text"
        (root / f"content/seiten/{name}.en.md").write_text(
            f"---\n{yaml.safe_dump(translated, allow_unicode=True)}---\nText {body}\n", encoding="utf-8")
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors, [p.format() for p in problems.errors]
    assert pruefen(content, TODAY, problems) > 10
    reported = {c for p in problems.warnings for c in p.message if c in marks}
    printed: set[str] = set()
    for code in ("de", "en"):
        # with the Termine section (print --termine-bis): check looks at what any print may show
        builder = BookletBuilder(content, TODAY, sprache(code, haupt=code == "de"), date(2027, 1, 31))
        html = builder.booklet("testviertel", builder.content.quartiere["testviertel"]).html
        printed |= {c for c in lxml_html.fromstring(html).body.text_content() if c in marks}
    assert printed, "the booklet shows some of them"
    assert {marks[c] for c in reported} == {marks[c] for c in printed}


def test_pasted_line_separators_print_as_spaces(tmp_path: Path) -> None:
    """U+2028, U+2029 and U+0085 come with text pasted from other programs: WeasyPrint drew empty boxes for two of
    them and stopped with an AssertionError at U+2029. The booklet prints each as a space (a line end in YAML)."""
    from wegweiser.check.font_coverage import pruefen
    from wegweiser.check.validate import load_and_validate
    from wegweiser.printing.booklet import print_booklets

    root = _mini(tmp_path)
    (root / "quartiere/testviertel/angebote/getrennt.yaml").write_text(
        "name: \"Spiel\\Lgruppe \\P am \\NMontag\"\nkurz: \"Mit\\LLiedern\"\nkategorien: [fruehe-hilfen]\n"
        "stand: 2026-10-01\n", encoding="utf-8")  # YAML escapes: \L U+2028, \P U+2029, \N U+0085
    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors and pruefen(content, TODAY, problems) == 0
    assert any(e.name == "Spiel\u2028gruppe \u2029 am \x85Montag" for e in content.eintraege)
    [result] = print_booklets(content, TODAY, tmp_path / "druck")
    assert not _pdf_fonts(result.a5)[1]
    assert "Spiel gruppe am Montag" in _norm(_pdftotext(result.a5))


def test_a_booklet_does_not_change_the_next_languages_booklet() -> None:
    """Language and direction are parameters of rendering, never shared state: an Arabic booklet set its Markdown
    filter (numbers wrapped left to right) on the site's shared template environment, and booklets of other
    languages made later in the same process wrapped their numbers too (the demo's Russian booklet differed between
    two runs)."""
    from wegweiser.check.validate import load_and_validate
    from wegweiser.printing.booklet import BookletBuilder

    content, _ = load_and_validate(FIXTURE, TODAY)
    alone = [b.html for b in BookletBuilder(content, TODAY, sprache("en")).booklets()]
    [b.html for b in BookletBuilder(content, TODAY, sprache("ar")).booklets()]
    after_arabic = [b.html for b in BookletBuilder(content, TODAY, sprache("en")).booklets()]
    assert after_arabic == alone
