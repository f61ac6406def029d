"""``wegweiser pruefliste`` on the demo content at a fixed Stichtag: the due entries, their groups, the
letters and their ``mailto:`` links, CSV for Excel and escaped HTML."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from wegweiser.cli import main
from wegweiser.content.translation_files import kandidat
from wegweiser.editors.review_list import months_before

from conftest import ROOT

STICHTAG = date(2027, 3, 15)
TYPES = ["angebote", "kontakte", "spielplaetze", "kitas", "schulen"]


def _fields(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---\n")[1]
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _entry_files() -> list[Path]:
    files = [p for typ in TYPES for p in sorted((ROOT / "content" / typ).glob("*.*"))]
    files += [p for typ in TYPES for p in sorted(ROOT.glob(f"quartiere/*/{typ}/*.*"))]
    # translations (slug.en.md) hold only text; the review list is about the originals
    return [p for p in files if p.suffix in (".yaml", ".md") and not kandidat(p.name, (".yaml", ".md"))]


def _expected() -> dict[str, str]:
    """Due entry file → whom to ask, computed from the YAML itself: stand more than 12 months before the
    Stichtag (15.03.2026), or gueltig_bis within the next 8 weeks or past; traeger, else the kontakt's name, else
    a Kontakt itself, else "ohne Ansprechperson"."""
    due = {}
    for path in _entry_files():
        data = _fields(path)
        ends = data.get("gueltig_bis")
        if not (data["stand"] < date(2026, 3, 15) or (ends and ends <= STICHTAG + timedelta(weeks=8))):
            continue
        rel = path.relative_to(ROOT)
        if data.get("traeger"):
            who = data["traeger"]
        elif data.get("kontakt"):
            local = path.parent.parent / "kontakte" / f"{data['kontakt']}.yaml"
            who = _fields(local if local.is_file() else ROOT / "content" / "kontakte" / f"{data['kontakt']}.yaml")["name"]
        elif rel.parts[-2] == "kontakte":
            who = data["name"]
        else:
            who = "ohne Ansprechperson"
        due[rel.as_posix()] = who
    return due


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["pruefliste", str(ROOT), "--stichtag", STICHTAG.isoformat(), *args]) == 0
    return capsys.readouterr().out


def test_csv_lists_exactly_the_due_entries_grouped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _expected()
    assert len(expected) >= 3  # the demo dates make this a real test: old stands and one expiring entry
    target = tmp_path / "pruefliste.csv"
    _run(capsys, "--format", "csv", "-o", str(target))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert {row["Datei"]: row["Ansprechperson"] for row in rows} == expected
    expiring = [row for row in rows if row["Gültig bis"] and "läuft" in row["Grund"]]
    assert [row["Datei"] for row in expiring] == ["quartiere/altstadt/angebote/babysitterkurs-altstadt.md"]


def test_markdown_letters_and_mailto(capsys: pytest.CaptureFixture[str]) -> None:
    expected = _expected()
    out = _run(capsys)
    headings = re.findall(r"^## (.+)$", out, re.MULTILINE)
    assert sorted(headings, key=str.casefold) == sorted(set(expected.values()) - {"ohne Ansprechperson"},
                                                        key=str.casefold) + (
        ["ohne Ansprechperson"] if "ohne Ansprechperson" in expected.values() else [])
    # The babysitter course's provider: its letter as a mailto link that decodes to the letter shown.
    section = out.split("## Familienbüro Altstadt\n")[1].split("\n## ")[0]
    link = re.search(r"\(<(mailto:[^>]+)>\)", section)
    assert link
    mailto = link[1]
    assert re.fullmatch(r"mailto:[A-Za-z0-9.\-_@]+\?subject=[A-Za-z0-9%.\-_~]+&body=[A-Za-z0-9%.\-_~]+", mailto)
    parts = urlsplit(mailto)
    contact = _fields(ROOT / "quartiere/altstadt/kontakte/familienbuero-altstadt.yaml")
    assert parts.path == contact["email"]
    query = parse_qs(parts.query)
    letter = section.split("```text\n")[1].split("\n```")[0]
    body = query["body"][0]
    assert body.replace("\r\n", "\n").rstrip("\n") == letter
    assert "\n" not in body.replace("\r\n", "")  # line ends are CRLF (RFC 6068)
    assert query["subject"][0] == re.search(r"^Betreff: (.+)$", section, re.MULTILINE)[1]  # type: ignore[index]
    course = _fields(ROOT / "quartiere/altstadt/angebote/babysitterkurs-altstadt.md")
    assert contact["anrede"].startswith("Herr ")  # the demo contact names its person: "Lieber Herr …"
    assert letter.startswith(f"Lieber {contact['anrede']},\n")
    assert "Sie" in letter and "Vielen Dank" in letter
    for value in (course["name"], course["adresse"]["strasse"], "30.04.2027", f"{course['stand']:%d.%m.%Y}"):
        assert value in letter


def test_check_counts_due_entries(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(ROOT), "--stichtag", STICHTAG.isoformat()])
    out = capsys.readouterr().out
    assert f"{len(_expected())} Einträge sind zur Prüfung fällig – siehe wegweiser pruefliste" in out


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_content(scratch: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = scratch("quartiere/testviertel/angebote/treff.yaml",
                   'name: "<script>alert(1)</script> Treff"\ntraeger: "<img src=x onerror=alert(2)> & Co"\n'
                   "email: treff@example.org\nstand: 2024-01-01\n")
    assert main(["pruefliste", str(root), "--stichtag", "2026-11-21", "--format", "html"]) == 0
    html = capsys.readouterr().out
    parser = _Collect()
    parser.feed(html)
    assert not [tag for tag, _ in parser.tags if tag in ("script", "img")]
    text = "".join(parser.text)
    assert "<script>alert(1)</script> Treff" in text
    assert "<img src=x onerror=alert(2)> & Co" in text
    mail = [attrs["href"] for tag, attrs in parser.tags if tag == "a" and (attrs.get("href") or "").startswith(
        "mailto:treff@example.org?")]
    assert len(mail) == 1
    assert "<script>alert(1)</script> Treff" in parse_qs(urlsplit(mail[0] or "").query)["body"][0]


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2027, 3, 31), 1, date(2027, 2, 28)),
    (date(2028, 3, 31), 1, date(2028, 2, 29)),
    (date(2027, 1, 15), 12, date(2026, 1, 15)),
    (date(2027, 1, 15), 13, date(2025, 12, 15)),
])
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_output_file_that_cannot_be_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "fehlt" / "liste.md"
    assert main(["pruefliste", str(ROOT), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "Traceback" not in err


def test_grouped_by_contact_when_no_traeger(scratch: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """The mini project: the Elterncafé names the contact „koordination“ and has no traeger; the contact
    itself has none either, so both go to the contact, with its phone number; without an e-mail address
    there is a letter but no mailto link."""
    root: Path = scratch.root  # type: ignore[attr-defined]
    assert main(["pruefliste", str(root), "--stichtag", "2027-11-01", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert sorted((r["Ansprechperson"], r["Telefon"], r["Datei"]) for r in rows) == [
        ("Netzwerkbüro Testviertel", "030 23125-100", "quartiere/testviertel/angebote/elterncafe.yaml"),
        ("Netzwerkbüro Testviertel", "030 23125-100", "quartiere/testviertel/kontakte/koordination.yaml"),
    ]
    assert main(["pruefliste", str(root), "--stichtag", "2027-11-01"]) == 0
    out = capsys.readouterr().out
    assert "mailto:" not in out and "Keine E-Mail-Adresse bekannt" in out
    # 13 months: the entries (stand 01.10.2026) are not due yet.
    assert main(["pruefliste", str(root), "--stichtag", "2027-11-01", "--monate", "13", "--format", "csv"]) == 0
    assert capsys.readouterr().out.lstrip("\ufeff").count("\n") == 1  # the header row only
