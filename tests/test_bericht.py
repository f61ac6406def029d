"""``wegweiser bericht``: the planning report on a small project with known gaps, every count against a table made
by hand from the fixture below (issue 30)."""

from __future__ import annotations

import csv
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from wegweiser.cli import main

from conftest import TODAY, element_text

ADDRESS = "adresse: {strasse: Teststraße 1, plz: '59999', ort: Teststadt}\n"
FILES = {
    "content/site.yaml": "titel: Familienwegweiser Teststadt\nregion: Teststadt\nbasis_url: https://familie.example.org/"
                         "\nstand: 2026-10-01\nbundesland: NW\nsprachen: [de, en]\nimpressum:\n  herausgeber: Büro\n"
                         "  adresse: Rathausplatz 1\n  email: redaktion@example.org\n",
    "content/kategorien.yaml": "fruehe-hilfen:\n  name: Frühe Hilfen\nsprache:\n  name: Sprache\nbewegung:\n"
                               "  name: Bewegung\n",
    "quartiere/nord/quartier.yaml": "name: Nordstadt\nort: Teststadt\nstand: 2026-10-01\n",
    # Testviertel
    "quartiere/testviertel/angebote/elterncafe.yaml": "name: Elterncafé\nkategorien: [fruehe-hilfen]\nalter: '0-3'\n"
        "kosten: kostenlos\nsprachen: [de, tr]\n" + ADDRESS + "zugang: {rollstuhl: ja}\nstand: 2026-10-01\n",
    "quartiere/testviertel/angebote/elterncafe.en.yaml": "name: Parents' café\n",
    "quartiere/testviertel/angebote/sprachkurs.yaml": "name: 'Sprach<script>alert(1)</script>kurs \"A\"'\n"
        "kategorien: [sprache]\nalter: {von: 3, bis: 10}\nkosten: 5 Euro\n" + ADDRESS + "stand: 2025-01-01\n",
    "quartiere/testviertel/angebote/geburt.yaml": "name: Geburtsvorbereitung\nkategorien: [fruehe-hilfen]\n"
        "schwangerschaft: ja\nalter: {bis: 1}\nkosten: kostenlos\nsprachen: [ar]\ngeo: {lat: 51.5, lon: 7.4}\n"
        "zugang: {kinderwagen: ja}\nstand: 2026-10-01\n",
    "quartiere/testviertel/angebote/alt.yaml": "name: Altes Turnen\nkategorien: [bewegung]\ngueltig_bis: 2026-11-01\n"
        "stand: 2026-10-01\n",
    "quartiere/testviertel/kontakte/koordination.yaml": "name: 'Netzwerkbüro <script>x</script>'\nstand: 2026-10-01\n",
    # region-wide
    "content/angebote/turnen.yaml": "name: Turnen für alle\nquartiere: alle\nkategorien: [bewegung, sprache]\n"
        "kosten: kostenlos\nsprachen: [de, en]\nstand: 2025-06-01\n",
    "content/angebote/nord-only.yaml": "name: Babytreff Nord\nquartiere: [nord]\nkategorien: [fruehe-hilfen]\n"
        "alter: {von: 1, bis: 1}\nsprachen: [uk]\n" + ADDRESS + "stand: 2026-10-01\n",
    # Nordstadt
    "quartiere/nord/angebote/jugend.yaml": "name: Jugendsport\nkategorien: [bewegung]\nalter: {von: 12}\n"
        "kosten: kostenlos\nstand: 2025-11-20\n",
    "quartiere/nord/angebote/jugend.en.yaml": "name: Youth sports\n",
    "quartiere/nord/termine/fest.yaml": "name: Sprachfest\nbeginn: 2026-12-05 14:00\nkategorien: [sprache]\n"
        "alter: '6-10'\nkosten: kostenlos\n" + ADDRESS + "zugang: {rollstuhl: teilweise}\nstand: 2025-11-21\n",
    "quartiere/nord/termine/treff-termin.yaml": "name: Babytreff im Dezember\nbeginn: 2026-12-10 10:00\n"
        "angebot: nord-only\nkategorien: [fruehe-hilfen]\nalter: '0-1'\nstand: 2026-10-01\n",
    "quartiere/nord/termine/vorbei.yaml": "name: Herbstfest\nbeginn: 2026-10-01 14:00\nkategorien: [sprache]\n"
        "stand: 2026-10-01\n",
}
BANDS = ["Schwangerschaft", "0–1 Jahre", "1–3 Jahre", "3–6 Jahre", "6–10 Jahre", "10–14 Jahre", "14–18 Jahre",
         "18–27 Jahre"]
LANGUAGES = ["de", "en", "ar", "tr", "uk"]  # the site's, then the entries' own by code
# By hand: (quarter, band, topic) -> offers, free, per language; every other cell is empty.
ALL_CHILD = BANDS[1:]
EXPECTED: dict[tuple[str, str, str], tuple[int, int, dict[str, int]]] = {
    ("Testviertel", "Schwangerschaft", "Frühe Hilfen"): (1, 1, {"ar": 1}),
    ("Testviertel", "0–1 Jahre", "Frühe Hilfen"): (2, 2, {"de": 1, "tr": 1, "ar": 1}),
    ("Testviertel", "1–3 Jahre", "Frühe Hilfen"): (1, 1, {"de": 1, "tr": 1}),
    **{("Testviertel", band, "Sprache"): (1, 1, {"de": 1, "en": 1}) for band in ALL_CHILD},
    ("Testviertel", "3–6 Jahre", "Sprache"): (2, 1, {"de": 2, "en": 1}),
    ("Testviertel", "6–10 Jahre", "Sprache"): (2, 1, {"de": 2, "en": 1}),
    **{("Testviertel", band, "Bewegung"): (1, 1, {"de": 1, "en": 1}) for band in ALL_CHILD},
    ("Nordstadt", "1–3 Jahre", "Frühe Hilfen"): (1, 0, {"uk": 1}),
    **{("Nordstadt", band, "Sprache"): (1, 1, {"de": 1, "en": 1}) for band in ALL_CHILD},
    ("Nordstadt", "6–10 Jahre", "Sprache"): (2, 2, {"de": 2, "en": 1}),
    **{("Nordstadt", band, "Bewegung"): (1, 1, {"de": 1, "en": 1}) for band in ALL_CHILD},
    **{("Nordstadt", band, "Bewegung"): (2, 2, {"de": 2, "en": 1}) for band in ("10–14 Jahre", "14–18 Jahre",
                                                                               "18–27 Jahre")},
}
GAPS = {f"Testviertel, {band}, Frühe Hilfen: kein Angebot" for band in BANDS[3:]} | {
    "Testviertel, Schwangerschaft, Sprache: kein Angebot", "Testviertel, Schwangerschaft, Bewegung: kein Angebot",
    "Nordstadt, Schwangerschaft, Sprache: kein Angebot", "Nordstadt, Schwangerschaft, Bewegung: kein Angebot"} | {
    f"Nordstadt, {band}, Frühe Hilfen: kein Angebot" for band in BANDS if band != "1–3 Jahre"}
# Quarter -> entries reviewed, due; shown, without English; venues, without access facts.
SHARES = {"Testviertel": ("6", "3", "5", "4", "3", "1"), "Nordstadt": ("5", "2", "5", "4", "2", "1")}


@pytest.fixture
def project(scratch: Callable[..., Path]) -> Path:
    for path, text in FILES.items():
        scratch(path, text)
    root: Path = scratch.root  # type: ignore[attr-defined]
    (root / "quartiere/testviertel/quartier.yaml").write_text("name: Testviertel\nort: Teststadt\nstand: 2026-10-01\n",
                                                              encoding="utf-8")
    return root


def _report(root: Path, out: Path, *options: str) -> int:
    return main(["bericht", str(root), "--stichtag", TODAY.isoformat(), "-o", str(out), *options])


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream, delimiter=";"))


def test_every_count_of_the_matrix_and_the_shares_is_the_hand_made_one(project: Path, tmp_path: Path) -> None:
    from wegweiser.check.validate import load_and_validate

    assert not load_and_validate(project, TODAY)[1].errors
    assert _report(project, tmp_path / "b.csv", "--seit", "2026-03-01") == 0
    rows = _rows(tmp_path / "b.csv")
    assert len(rows) == 2 * 8 * 3
    seen = {}
    for row in rows:
        key = (row["Quartier"], row["Altersgruppe"], row["Thema"])
        languages = {code: int(row[name]) for code in LANGUAGES
                     for name in row if name.endswith(f"({code})") and int(row[name])}
        seen[key] = (int(row["Angebote"]), int(row["davon kostenlos"]), languages)
        assert row["Lücke"] == ("nein" if key in EXPECTED else "ja")
    assert {key: value for key, value in seen.items() if value[0]} == EXPECTED
    assert [name.rsplit("(", 1)[1].rstrip(")") for name in rows[0] if name.startswith("Sprache ")] == LANGUAGES
    shares = {row["Quartier"]: (row["Einträge"], row["zur Prüfung fällig"], row["Einträge gezeigt"],
                                row["ohne Übersetzung Englisch (en)"], row["Orte"], row["Orte ohne Angaben zum Zugang"])
              for row in _rows(tmp_path / "b.anteile.csv")}
    assert shares == SHARES


def test_the_html_names_the_gaps_escapes_and_loads_nothing(project: Path, tmp_path: Path) -> None:
    assert _report(project, tmp_path / "b.html") == 0
    page = lxml.html.fromstring((tmp_path / "b.html").read_bytes())
    assert {element_text(item) for item in page.xpath("//h2[@id='luecken']/following::ul[1]/li")} == GAPS
    assert not page.xpath("//script") and "<script>" in page.text_content()  # the names, as text
    assert not page.xpath("//link|//img|//iframe|//object|//*[@src]")
    assert not [href for href in page.xpath("//@href") if not href.startswith("#")]
    style = page.xpath("string(//style)")
    assert "url(" not in style and "@import" not in style
    svgs = page.xpath("//svg")
    assert len(svgs) == 2
    for svg in svgs:
        assert svg.get("role") == "img" and svg.xpath("string(title)") and "0–1 Jahre" in svg.xpath("string(desc)")
    for table in page.xpath("//table"):
        assert table.xpath("caption") and table.xpath(".//th[@scope]")
    row = page.xpath("//h2[@id='quartier-testviertel']/following::table[1]//tr[th='Frühe Hilfen']")[0]
    assert [element_text(td) for td in row.xpath("td")] == [
        "1 1 kostenlos ar 1", "2 2 kostenlos ar 1 · tr 1", "1 1 kostenlos tr 1", *["0 Lücke"] * 5]


def test_the_pdf_text_is_readable(project: Path, tmp_path: Path) -> None:
    assert _report(project, tmp_path / "b.pdf") == 0
    text = subprocess.run(["pdftotext", str(tmp_path / "b.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    for heading in ("Planungsbericht: Familienwegweiser Teststadt", "Lücken", "Pflege der Einträge je Quartier"):
        assert heading in text
    assert "3 von 6 (50 %)" in text and "Nordstadt, Schwangerschaft, Bewegung: kein Angebot" in text


def _git(root: Path, *args: str, day: str = "2026-01-10") -> None:
    stamp = f"{day}T12:00:00+01:00"
    environment = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": "Erika Redakteurin",
                   "GIT_AUTHOR_EMAIL": "erika@example.org", "GIT_COMMITTER_NAME": "Erika Redakteurin",
                   "GIT_COMMITTER_EMAIL": "erika@example.org"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=environment)


RECORD = ("/quartiere/testviertel/angebote/elterncafe/ 2025-05-01\n/quartiere/testviertel/angebote/geburt/ 2026-07-01\n"
          "/quartiere/testviertel/angebote/alt/ 2025-05-01\n/quartiere/testviertel/angebote/weg/ 2025-05-01\n"
          "/region/angebote/turnen/\n")


def _changes(path: Path) -> dict[str, set[tuple[str, str, str]]]:
    found: dict[str, set[tuple[str, str, str]]] = {}
    for row in _rows(path):
        found.setdefault(row["Änderung"], set()).add((row["Tag"], row["Eintrag"], row["Woher"]))
    return found


def test_changes_since_a_day_from_the_record_and_git(project: Path, tmp_path: Path) -> None:
    (project / "content/adressen.txt").write_text(RECORD, encoding="utf-8")
    jugend = project / "quartiere/nord/angebote/jugend.yaml"
    kept = jugend.read_text(encoding="utf-8")
    jugend.unlink()
    weg = project / "quartiere/testviertel/angebote/weg.yaml"
    weg.write_text("name: Weggefallenes Angebot\nstand: 2025-05-01\n", encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "Anfang")
    jugend.write_text(kept, encoding="utf-8")
    weg.unlink()
    sprachkurs = project / "quartiere/testviertel/angebote/sprachkurs.yaml"
    sprachkurs.write_text(sprachkurs.read_text(encoding="utf-8").replace("5 Euro", "6 Euro"), encoding="utf-8")
    (project / "quartiere/testviertel/angebote/elterncafe.en.yaml").write_text("name: Parents' cafe\n")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "Juni", day="2026-06-01")
    assert _report(project, tmp_path / "b.csv", "--seit", "2026-03-01") == 0
    assert _changes(tmp_path / "b.aenderungen.csv") == {
        "neu": {("2026-07-01", "Geburtsvorbereitung", "zuerst veröffentlicht"),
                ("2026-06-01", "Jugendsport", "Datei angelegt")},
        "entfernt": {("2026-06-01", "Weggefallenes Angebot", "Datei gelöscht"),
                     ("2026-11-01", "Altes Turnen", "abgelaufen („gueltig_bis“)")},
        "geändert": {("2026-06-01", 'Sprach<script>alert(1)</script>kurs "A"', "Datei geändert"),
                     ("2026-06-01", "Elterncafé", "Übersetzung geändert")}}
    assert "Erika" not in (tmp_path / "b.aenderungen.csv").read_text(encoding="utf-8-sig")


def test_without_git_the_report_says_so(project: Path, tmp_path: Path) -> None:
    (project / "content/adressen.txt").write_text(RECORD, encoding="utf-8")
    assert _report(project, tmp_path / "b.csv", "--seit", "2026-03-01") == 0
    changes = _changes(tmp_path / "b.aenderungen.csv")
    assert changes["entfernt"] == {("", "weg", "Adresse veröffentlicht, Eintrag fehlt (seit wann, weiß nur git)"),
                                   ("2026-11-01", "Altes Turnen", "abgelaufen („gueltig_bis“)")}
    assert any("kein git-Repository" in name for _day, name, _how in changes["Hinweis"])


@pytest.mark.parametrize(("options", "message"), [
    (["--seit", "2026-13-01"], "„2026-13-01“ ist kein Datum"),
    (["-o", "{root}/content/b.html"], "liegt im Ordner"),
    (["-o", "{tmp}/fremd.html"], "hat sie nicht geschrieben"),
])
def test_bad_input_gets_a_german_message(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         options: list[str], message: str) -> None:
    (tmp_path / "fremd.html").write_text("<!DOCTYPE html><p>Meins</p>")
    arguments = ["bericht", str(project), *(o.format(root=project, tmp=tmp_path) for o in options)]
    try:
        code = main(arguments)
    except SystemExit as exc:
        code = exc.code  # type: ignore[assignment]
    error = capsys.readouterr().err
    assert code != 0 and message in error and "Traceback" not in error
    assert (tmp_path / "fremd.html").read_text() == "<!DOCTYPE html><p>Meins</p>"
    assert not (project / "content/b.html").exists()
