"""The Prüfliste's letters as a provider reads them (issue 27, deliver 8): an expired entry gets its own letter,
the greeting follows the contact's ``anrede``, opening hours keep their holidays, German plurals, quarter names
in the CSV, and names that could reorder or run something are made harmless. On the small scratch project."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from wegweiser.check.validate import load_and_validate
from wegweiser.cli import main
from wegweiser.editors.review_list import render_review, review_list

STICHTAG = "2027-11-01"  # the mini project's entries (stand 01.10.2026) are more than 12 months old then
BASIS = "https://familie.example.org/"  # tests/fixtures/mini/content/site.yaml


def _contact(anrede: str | None, email: str | None = "koordination@example.org") -> str:
    return ("name: Netzwerkbüro Testviertel\nfunktion: Koordination\ntelefon: 030 23125-100\n"
            + (f"email: {email}\n" if email else "") + (f"anrede: {anrede}\n" if anrede else "")
            + "stand: 2027-10-01\n")


def _offer(name: str, *, stand: str = "2027-10-01", extra: str = "") -> str:
    return f"name: {name}\nkontakt: koordination\n{extra}stand: {stand}\n"


class _Letters(HTMLParser):
    """The HTML list's letters (``pre.brief``), their subjects and their mailto links, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.letters: list[str] = []
        self.subjects: list[str] = []
        self.mailtos: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "pre" and found.get("class") == "brief":
            self._in = "pre"
            self.letters.append("")
        elif tag == "p":
            self._in = "p"
        elif tag == "a" and (found.get("href") or "").startswith("mailto:") and "?" in (found.get("href") or ""):
            self.mailtos.append(found["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        self._in = None if tag in ("pre", "p") else self._in

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in == "pre":
            self.letters[-1] += data
        elif self._in == "p" and data.startswith("Betreff: "):
            self.subjects.append(data.removeprefix("Betreff: "))


def _html(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> _Letters:
    assert main(["pruefliste", str(root), "--stichtag", STICHTAG, "--format", "html", *args]) == 0
    parser = _Letters()
    parser.feed(capsys.readouterr().out)
    return parser


def _csv(root: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    assert main(["pruefliste", str(root), "--stichtag", STICHTAG, "--format", "csv"]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff"), newline=""),
                               delimiter=";"))


# --- expired entries ------------------------------------------------------------------------------

def test_expired_entry_gets_its_own_letter(scratch: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """An offer whose gueltig_bis has passed is not on the site any more (its address says it is gone): the
    letter asks whether it goes on, says what to send back, and neither claims families find it nor links to it.
    It is due even though its stand is recent; the provider's current offer gets the usual letter."""
    scratch("quartiere/testviertel/kontakte/koordination.yaml", _contact("Frau Dr. Yılmaz"))
    scratch("quartiere/testviertel/angebote/elterncafe.yaml", _offer("Elterncafé", stand="2026-10-01"))
    root = scratch("quartiere/testviertel/angebote/sommerkurs.yaml",
                   _offer("Sommerkurs Schwimmen", extra="gueltig_bis: 2027-08-31\n"))
    page = _html(root, capsys)
    gone_url = BASIS + "quartiere/testviertel/angebote/sommerkurs/"
    assert len(page.letters) == 2
    current, expired = page.letters
    assert "Sommerkurs" not in current and "Elterncafé" in current
    assert BASIS + "quartiere/testviertel/angebote/elterncafe/" in current
    assert page.subjects[1] == "Familienwegweiser Teststadt: Gibt es das Angebot noch?"
    assert "Sommerkurs Schwimmen" in expired and "31.08.2027" in expired  # gueltig_bis, German date
    assert "Gibt es das Angebot noch" in expired
    assert "bis wann" in expired and "Gibt es nicht mehr" in expired  # what to send back in either case
    assert "finden Familien" not in expired and gone_url not in expired and "Im Internet" not in expired
    # Each letter has its own e-mail draft, and the draft is the letter shown.
    bodies = [parse_qs(urlsplit(link).query)["body"][0].replace("\r\n", "\n") for link in page.mailtos]
    assert bodies == page.letters
    assert gone_url not in "".join(page.text)


def test_expired_and_current_need_no_old_stand(scratch: Callable[..., Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The CSV names why: an expired entry with a fresh stand is listed with its end date."""
    scratch("quartiere/testviertel/angebote/elterncafe.yaml", _offer("Elterncafé", extra="gueltig_bis: 2027-10-15\n"))
    root = scratch("quartiere/testviertel/kontakte/koordination.yaml", _contact(None))
    rows = _csv(root, capsys)
    assert [(row["Eintrag"], row["Gültig bis"]) for row in rows] == [("Elterncafé", "2027-10-15")]
    assert "15.10.2027" in rows[0]["Grund"] and "vorbei" in rows[0]["Grund"]


# --- greeting -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("anrede", "greeting"), [
    ("Frau Dr. Yılmaz", "Liebe Frau Dr. Yılmaz,"),
    ("Herr Muster", "Lieber Herr Muster,"),
    ("Aylin Beispiel", "Guten Tag Aylin Beispiel,"),  # nothing guessed from the first name
    ("Frauke Meier", "Guten Tag Frauke Meier,"),  # "Frau" only as a word of its own
    (None, "Sehr geehrte Damen und Herren,"),
])
def test_greeting_follows_anrede(scratch: Callable[..., Path], capsys: pytest.CaptureFixture[str],
                                 anrede: str | None, greeting: str) -> None:
    root = scratch("quartiere/testviertel/kontakte/koordination.yaml", _contact(anrede))
    scratch("quartiere/testviertel/angebote/elterncafe.yaml", _offer("Elterncafé", stand="2026-10-01"))
    assert main(["check", str(root), "--stichtag", STICHTAG]) == 0, capsys.readouterr().out
    capsys.readouterr()
    page = _html(root, capsys)
    assert [letter.split("\n", 1)[0] for letter in page.letters] == [greeting]


def test_greeting_goes_with_the_address(scratch: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """A letter to the offer's own address (the contact has none) does not greet the contact's person: the
    greeting belongs to the one the e-mail goes to."""
    scratch("quartiere/testviertel/kontakte/koordination.yaml", _contact("Herr Muster", email=None))
    root = scratch("quartiere/testviertel/angebote/elterncafe.yaml",
                   _offer("Elterncafé", stand="2026-10-01", extra="traeger: Verein Testviertel\n"
                          "email: cafe@example.org\n"))
    page = _html(root, capsys)
    assert [urlsplit(link).path for link in page.mailtos] == ["cafe@example.org"]
    assert page.letters[0].startswith("Sehr geehrte Damen und Herren,\n")


@pytest.mark.parametrize("anrede", ["Frau", "Herrn Muster", "Liebe Frau Muster", "Fr. Muster", "Muster, Aylin",
                                    "frau Muster"])
def test_anrede_that_makes_a_wrong_greeting_is_refused(scratch: Callable[..., Path],
                                                       capsys: pytest.CaptureFixture[str], anrede: str) -> None:
    root = scratch("quartiere/testviertel/kontakte/koordination.yaml", _contact(f'"{anrede}"'))
    assert main(["check", str(root), "--stichtag", STICHTAG]) == 1
    out = capsys.readouterr().out
    line = _contact(f'"{anrede}"').splitlines().index(f'anrede: "{anrede}"') + 1
    assert re.search(rf"quartiere/testviertel/kontakte/koordination\.yaml:{line}:\d+: .*Feld „anrede“: "
                     rf"„{re.escape(anrede)}“ passt nicht als Anrede", out), out
    assert "Frau“ oder „Herr“ mit dem Nachnamen" in out  # the hint says what to write
    assert "Traceback" not in out


# --- times, plurals, quarters ---------------------------------------------------------------------

def test_holidays_stay_in_the_times(scratch: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """"PH off" and "SH off" are part of the opening hours: the letter says them as the site does."""
    scratch("quartiere/testviertel/kontakte/koordination.yaml", _contact(None))
    root = scratch("quartiere/testviertel/angebote/elterncafe.yaml",
                   _offer("Elterncafé", stand="2026-10-01",
                          extra='oeffnungszeiten: "Mo-Fr 08:00-16:00; PH off"\n'))
    scratch("quartiere/testviertel/angebote/musik.yaml",
            _offer("Musikgarten", stand="2026-10-01", extra='oeffnungszeiten: "Mo 16:00-16:45; SH off; PH off"\n'))
    letter = _html(root, capsys).letters[0]
    hours = re.findall(r"^ {3}Öffnungszeiten: (.+)$", letter, re.MULTILINE)
    assert hours == ["Mo–Fr 08:00–16:00 Uhr (an Feiertagen geschlossen)",
                     "Mo 16:00–16:45 Uhr (an Feiertagen geschlossen; in den Schulferien geschlossen)"]


@pytest.mark.parametrize(("months", "words"), [(1, "vor mehr als einem Monat"), (2, "vor mehr als 2 Monaten"),
                                               (12, "vor mehr als 12 Monaten")])
def test_months_in_german(scratch: Callable[..., Path], capsys: pytest.CaptureFixture[str],
                          months: int, words: str) -> None:
    root: Path = scratch.root  # type: ignore[attr-defined]
    assert main(["pruefliste", str(root), "--stichtag", STICHTAG, "--monate", str(months)]) == 0
    out = capsys.readouterr().out
    assert out.count(words) == 3  # the introduction and each of the two entries' reasons
    assert "1 Monaten" not in out


def test_summary_counts_in_german(scratch: Callable[..., Path], capsys: pytest.CaptureFixture[str],
                                  tmp_path: Path) -> None:
    root = scratch("quartiere/testviertel/kontakte/koordination.yaml", _contact(None))  # stand 2027: not due
    assert main(["pruefliste", str(root), "--stichtag", STICHTAG, "-o", str(tmp_path / "liste.md")]) == 0
    assert "Prüfliste: 1 Eintrag in 1 Gruppe →" in capsys.readouterr().out


def test_csv_names_quarters_and_opens_in_excel(scratch: Callable[..., Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Quarter names as families know them, not folder names; region-wide entries say where they appear. The
    file is what German Excel opens by double-click: UTF-8 with BOM, semicolons, CRLF."""
    scratch("quartiere/testviertel/quartier.yaml",
            "name: Viertel am Kanal\nort: Teststadt\nkoordination: koordination\nstand: 2026-10-01\n")
    scratch("quartiere/hafen/quartier.yaml", "name: Hafenquartier Süd\nort: Teststadt\nstand: 2026-10-01\n")
    scratch("content/angebote/ferien.yaml", "name: Ferienspiele\ntraeger: Stadt\nquartiere: alle\nstand: 2026-01-01\n")
    root = scratch("content/angebote/sprechstunde.yaml",
                   "name: Sprechstunde\ntraeger: Stadt\nquartiere: [hafen, testviertel]\nstand: 2026-01-01\n")
    assert main(["pruefliste", str(root), "--stichtag", STICHTAG, "--format", "csv"]) == 0
    data = capsys.readouterr().out
    assert data.startswith("\ufeffAnsprechperson;Telefon;E-Mail;")
    assert "\r\n" in data and "\n" not in data.replace("\r\n", "")
    rows = list(csv.DictReader(io.StringIO(data.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert {row["Eintrag"]: row["Quartier"] for row in rows} == {
        "Elterncafé": "Viertel am Kanal", "Netzwerkbüro Testviertel": "Viertel am Kanal",
        "Ferienspiele": "alle Quartiere", "Sprechstunde": "Hafenquartier Süd, Viertel am Kanal"}


# --- escaping -------------------------------------------------------------------------------------

def test_csv_cells_never_formulas(scratch: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """A cell Excel would run (= + - @) starts with an apostrophe; quotes and semicolons stay inside their cell."""
    scratch("quartiere/testviertel/angebote/elterncafe.yaml",
            "name: '=HYPERLINK(\"https://example.org/x\";\"Klick\")'\ntraeger: '@SUMME(1;2)'\n"
            "telefon: +49 30 23125-100\nstand: 2026-10-01\n")
    root = scratch("quartiere/testviertel/angebote/treff.yaml",
                   "name: 'Treff \"Am Kanal\"; mit Garten'\ntraeger: '-Verein'\nstand: 2026-10-01\n")
    rows = {row["Datei"].rsplit("/", 1)[1]: row for row in _csv(root, capsys)}
    cafe, treff = rows["elterncafe.yaml"], rows["treff.yaml"]
    assert cafe["Eintrag"] == "'=HYPERLINK(\"https://example.org/x\";\"Klick\")"
    assert cafe["Ansprechperson"] == "'@SUMME(1;2)" and cafe["Eintrag Telefon"] == "'+49 30 23125-100"
    assert treff["Eintrag"] == 'Treff "Am Kanal"; mit Garten' and treff["Ansprechperson"] == "'-Verein"


def test_bidi_controls_never_reach_a_letter(scratch: Callable[..., Path]) -> None:
    """``check`` refuses bidirectional controls in names; should one reach the list anyway (a file loaded with
    errors), no output carries it: "\u202e" would show the rest of the line reversed to the provider."""
    root = scratch("quartiere/testviertel/kontakte/koordination.yaml", _contact(None))
    content, problems = load_and_validate(root, date(2027, 11, 1))
    assert not problems.errors
    for entry in content.eintraege:
        entry.name = "Elterncafé \u202efdp.exe\u2066"
        if entry.typ == "kontakte":
            setattr(entry, "anrede", "Herr \u202eretsuM")  # noqa: B010 (the letter's greeting)
    review = review_list(content, date(2027, 11, 1))
    assert review.count == 1
    for fmt in ("md", "html", "csv"):
        text = render_review(review, fmt).decode("utf-8-sig")
        assert "Elterncafé fdp.exe" in text and not re.search("[\u202a-\u202e\u2066-\u2069]", text), fmt


def test_markdown_letter_block_cannot_be_closed_by_a_name(scratch: Callable[..., Path],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = scratch("quartiere/testviertel/angebote/elterncafe.yaml",
                   "name: 'Café ``` Ende'\nkontakt: koordination\nstand: 2026-10-01\n")
    assert main(["pruefliste", str(root), "--stichtag", STICHTAG]) == 0
    out = capsys.readouterr().out
    block = re.search(r"^(`{4,})text\n(.*?)^\1$", out, re.MULTILINE | re.DOTALL)
    assert block and "Café ``` Ende" in block[2] and "Mit freundlichen Grüßen" in block[2]
