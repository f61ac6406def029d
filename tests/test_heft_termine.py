"""The booklet's Termine (issue 28, deliver 5): never an ordinary entry section; with ``print --termine-bis`` a
section of the dates from the print date to that day, in the booklet's language; German messages for bad values."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from conftest import MINI, TODAY

WEGWEISER = Path(sys.executable).parent / "wegweiser"
UNTIL = date(2027, 1, 31)  # --termine-bis of these tests

# A weekly series on Wednesdays with two exceptions in the Christmas holidays, running past UNTIL.
SERIES = """name: Spielkreis Mittwoch
kurz: Spielen und Singen für Kleinkinder.
beginn: 2026-11-04 15:00
ende: 16:30
wiederholung: FREQ=WEEKLY;BYDAY=WE;UNTIL=2027-03-31
ausnahmen: [2026-12-23, 2026-12-30]
anmeldung_ab: 2026-10-01
anmeldung_bis: 2026-11-04
plaetze: 12
kosten: 2 Euro
ermaessigung: Geschwister frei
mitbringen: Hausschuhe
kontakt: koordination
stand: 2026-11-01
"""
# A one-off date inside the range and one after it.
INSIDE = "name: Laternenfest im Park\nbeginn: 2026-12-05 17:00\nende: 19:00\nstand: 2026-11-01\n"
AFTER = "name: Frühlingsfest am Teich\nbeginn: 2027-04-10\nstand: 2026-11-01\n"


def expected_series_days() -> list[date]:
    """From the rule as written: every 7th day from the first Wednesday, up to UNTIL, without the exceptions, from
    the print date on (the 4th, 11th and 18th of November lie before it)."""
    days, day = [], date(2026, 11, 4)
    while day <= UNTIL:
        if day >= TODAY and day not in (date(2026, 12, 23), date(2026, 12, 30)):
            days.append(day)
        day += timedelta(days=7)
    return days


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("heft-termine") / "projekt"
    shutil.copytree(MINI, root)
    folder = root / "quartiere" / "testviertel" / "termine"
    folder.mkdir()
    (folder / "spielkreis.yaml").write_text(SERIES, encoding="utf-8")
    (folder / "laternenfest.yaml").write_text(INSIDE, encoding="utf-8")
    (folder / "fruehlingsfest.yaml").write_text(AFTER, encoding="utf-8")
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "sprachen: [de, ar]\n", encoding="utf-8")
    return root


def _booklets(root: Path, termine_bis: date | None, code: str = "de") -> Any:
    from wegweiser.check.validate import load_and_validate
    from wegweiser.i18n.languages import sprache
    from wegweiser.printing.booklet import BookletBuilder

    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors, [str(p) for p in problems.errors]
    [booklet] = BookletBuilder(content, TODAY, sprache(code, haupt=code == "de"), termine_bis).booklets()
    return lxml_html.fromstring(booklet.html)


def _with_class(element: Any, name: str, tag: str = "*") -> list[Any]:
    return list(element.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"))


def _days_in(article: Any) -> list[str]:
    return [" ".join(t.text_content().split()) for t in _with_class(article, "termin__tag")]


def test_without_the_flag_no_termin_is_printed(project: Path) -> None:
    """A booklet is handed out for months: Termine are not an ordinary section (they were, as soon as the model knew
    the type), and no Termin's name appears anywhere, not even in the index."""
    page = _booklets(project, None)
    assert not page.xpath("//*[@id='abschnitt-termine']") and not _with_class(page, "termin", "article")
    text = page.text_content()
    for name in ("Spielkreis Mittwoch", "Laternenfest im Park", "Frühlingsfest am Teich"):
        assert name not in text
    assert "Elterncafé" in text  # the ordinary entries are still there


def test_termine_bis_lists_exactly_the_dates_in_the_range(project: Path) -> None:
    page = _booklets(project, UNTIL)
    [section] = page.xpath("//section[@id='abschnitt-termine']")
    assert section.xpath(".//h1")[0].text_content().strip() == "Termine"
    assert "21. November 2026" in section.text_content() and "31. Januar 2027" in section.text_content()
    articles = {a.xpath(".//h3")[0].text_content().strip(): a for a in _with_class(section, "termin", "article")}
    assert list(articles) == ["Spielkreis Mittwoch", "Laternenfest im Park"]  # by first date in range (25.11., 5.12.); April out
    series = articles["Spielkreis Mittwoch"]
    printed = _days_in(series)
    expected = expected_series_days()
    assert len(printed) == len(expected) == 8
    for text, day in zip(printed, expected, strict=True):
        assert f"{day.day}. " in text and text.startswith("Mi."), (text, day)
    assert "2026" in printed[0] and "2027" in printed[expected.index(date(2027, 1, 6))]  # year where it changes
    assert not any(re.search(r"\b(23|30)\. Dez", t) for t in printed)  # the exceptions are left out
    facts = " ".join(series.text_content().split())
    assert "jeden Mittwoch" in facts and "15:00–16:30 Uhr" in facts and "31. März 2027" in facts
    assert "vom 1. Oktober 2026 bis 4. November 2026" in facts and "Plätze: 12" in facts
    assert "2 Euro" in facts and "Geschwister frei" in facts and "Hausschuhe" in facts
    assert "Netzwerkbüro Testviertel" in facts  # the contact
    one = " ".join(articles["Laternenfest im Park"].text_content().split())
    assert "Sa., 5. Dez. 2026, 17:00–19:00 Uhr" in one
    # in the table of contents and the index, on its own page
    assert page.xpath("//nav//a[@href='#abschnitt-termine']")


def test_the_section_speaks_the_booklets_language(project: Path) -> None:
    page = _booklets(project, UNTIL, "ar")
    [section] = page.xpath("//section[@id='abschnitt-termine']")
    heading = section.xpath(".//h1")[0].text_content()
    assert heading.strip() != "Termine" and re.search("[\u0600-\u06ff]", heading)
    series = next(a for a in _with_class(section, "termin", "article") if "Spielkreis" in a.text_content())
    assert len(_days_in(series)) == len(expected_series_days())
    words = _with_class(series, "termin__wann")[0].text_content()
    assert "jede Woche" not in words and "Mittwoch" not in words and re.search("[\u0600-\u06ff]", words)
    assert ", " not in words and "\u060c" in words  # the Arabic comma between its parts
    # untranslated German texts are marked as German
    assert [e.get("lang") for e in series.iter() if "Hausschuhe" in (e.text or "")] == ["de"]


def test_print_writes_the_section_into_the_pdf(project: Path, tmp_path: Path) -> None:
    """The real command: pypdf reads the dates back from the A5 booklet; the A4 sheet has every page."""
    from pypdf import PdfReader

    out = tmp_path / "druck"
    done = subprocess.run([str(WEGWEISER), "print", str(project), "--stichtag", TODAY.isoformat(), "--sprache", "de",
                           "--termine-bis", UNTIL.isoformat(), "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    reader = PdfReader(out / "testviertel-heft-a5.pdf")
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    [where] = [i for i, text in enumerate(pages) if "Spielkreis Mittwoch" in text and "Mi., 25. Nov." in text]
    text = pages[where] + " " + (pages[where + 1] if where + 1 < len(pages) else "")
    for day in expected_series_days():
        assert f"Mi., {day.day}. " in text
    assert "23. Dez" not in text and "30. Dez" not in text
    a4 = PdfReader(out / "testviertel-druckbogen-a4.pdf")
    assert len(a4.pages) * 2 == -(-len(reader.pages) // 4) * 4  # two A5 pages a side, padded to whole sheets


@pytest.mark.parametrize(("value", "message"), [
    ("31.01.2027", "„31.01.2027“ ist kein Datum. Schreiben Sie es als JJJJ-MM-TT"),
    ("2027-02-30", "„2027-02-30“ ist kein Datum"),
    ("2026-11-20", "--termine-bis 2026-11-20 liegt vor dem Drucktag (21.11.2026)"),
])
def test_bad_termine_bis_gets_a_german_message(tmp_path: Path, value: str, message: str) -> None:
    done = subprocess.run([str(WEGWEISER), "print", str(MINI), "--stichtag", TODAY.isoformat(), "--termine-bis",
                           value, "-o", str(tmp_path / "druck")], capture_output=True, text=True)
    assert done.returncode == 2
    assert message in done.stderr and "Fehler" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "druck").exists()  # nothing printed


def test_a_long_series_is_cut_after_thirty_dates_and_the_rest_counted(scratch: Any) -> None:
    """A daily holiday programme over a long range would fill pages of the A5 booklet."""
    root = scratch("quartiere/testviertel/termine/taeglich.yaml", "name: Ferienbetreuung\nbeginn: 2026-12-01\n"
                   "wiederholung: FREQ=DAILY;COUNT=45\nstand: 2026-11-01\n")
    [article] = _with_class(_booklets(root, date(2027, 3, 1)), "termin", "article")
    days = _days_in(article)
    assert len(days) == 31 and days[0].startswith("Di., 1. Dez. 2026") and days[29].startswith("Mi., 30. Dez.")
    assert days[30] == "und 15 weitere Tage"  # 45 dates in the range, 30 printed
