"""The bad-input corpus: every broken file is reported at its exact place with a German message."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from wegweiser.check.validate import load_and_validate
from wegweiser.core.problems import Loc, Problems, Severity
from wegweiser.render.links import tel_url

from conftest import CORPUS, MINI, TODAY

ANGEBOTE = "quartiere/testviertel/angebote"


def _col(corpus_file: str, line: int, needle: str) -> int:
    """Column (1-based) of ``needle`` in a corpus file's line: computed from the file, not from the program."""
    text = (CORPUS / corpus_file).read_bytes().decode("utf-8", "replace").split("\n")[line - 1]
    return text.index(needle) + 1


# (corpus file, folder it goes to, line, column, exact message)
CASES = [
    ("tab-einrueckung.yaml", ANGEBOTE, 3, 1, "Tabulatorzeichen sind in YAML nicht erlaubt."),
    ("doppelpunkt-im-wert.yaml", ANGEBOTE, 2, 14, "Ein Doppelpunkt steht an einer Stelle, an der er nicht stehen darf."),
    ("anfuehrungszeichen-offen.yaml", ANGEBOTE, 2, 7, "Ein Anführungszeichen wird nicht geschlossen."),
    ("einrueckung-falsch.yaml", ANGEBOTE, 4, 3, "Die Einrückung stimmt nicht."),
    ("doppelter-schluessel.yaml", ANGEBOTE, 4, 1, "Das Feld „name“ steht doppelt in dieser Datei (zuerst in Zeile 1)."),
    ("unbekannter-schluessel.yaml", ANGEBOTE, 2, 1, "Das Feld „adrese“ ist unbekannt."),
    ("feld-anderer-typ.yaml", ANGEBOTE, 2, 1, "Das Feld „plaetze“ ist hier unbekannt."),
    ("pflichtfeld-fehlt.yaml", ANGEBOTE, 1, 1, "Das Pflichtfeld „stand“ fehlt."),
    ("pflichtfeld-leer.yaml", ANGEBOTE, 1, 1, "Das Pflichtfeld „name“ ist leer."),
    ("plz-vierstellig.yaml", ANGEBOTE, 4, 8, "Feld „plz“: „1234“ ist keine Postleitzahl."),
    ("bool-falsch.yaml", "quartiere/testviertel/kitas", 2, 5, "Feld „u3“: „vielleicht“ ist kein Ja/Nein-Wert."),
    ("datum-ungueltig.yaml", ANGEBOTE, 2, 8, "Feld „stand“: „2026-02-30“ ist kein gültiges Datum (diesen Tag gibt es nicht)."),
    ("datum-format.yaml", ANGEBOTE, 2, 8, "Feld „stand“: „3. Oktober 2026“ ist kein Datum."),
    ("oeffnungszeiten-deutsch.yaml", ANGEBOTE, 2, _col("oeffnungszeiten-deutsch.yaml", 2, "Di"),
     "Feld „oeffnungszeiten“: Die Öffnungszeiten „Mo 09:00-11:00; Di 15:00-17:00“ sind nicht lesbar (ab „Di 15:00-17:00“)."),
    ("oeffnungszeiten-ohne-minuten.yaml", ANGEBOTE, 3, _col("oeffnungszeiten-ohne-minuten.yaml", 3, "8-12"),
     "Feld „oeffnungszeiten“: Die Öffnungszeiten „Mo-Fr 8-12“ sind nicht lesbar (ab „8-12“)."),
    ("alter-umgekehrt.yaml", ANGEBOTE, 2, 8, "Das Alter „von“ (10) ist größer als „bis“ (6)."),
    ("alter-text.yaml", ANGEBOTE, 2, 8, "„Kleinkinder“ ist keine Altersangabe."),
    ("kategorie-unbekannt.yaml", ANGEBOTE, 2, _col("kategorie-unbekannt.yaml", 2, "sprachen"), "Die Kategorie „sprachen“ gibt es nicht."),
    ("kontakt-unbekannt.yaml", ANGEBOTE, 3, 10, "Den Kontakt „koordinaton“ gibt es nicht."),
    ("quartier-unbekannt.yaml", "content/kontakte", 2, _col("quartier-unbekannt.yaml", 2, "testvirtel"), "Das Quartier „testvirtel“ gibt es nicht."),
    ("region-ohne-quartiere.yaml", "content/kontakte", 1, 1, "Bei Einträgen in content/ fehlt „quartiere“."),
    ("quartiere-im-quartier.yaml", ANGEBOTE, 3, 1, "Das Feld „quartiere“ ist hier unbekannt."),
    ("link-javascript.md", ANGEBOTE, 7, 10, "Links mit „javascript:“ sind nicht erlaubt."),
    ("script-tag.yaml", ANGEBOTE, 4, 3, "Feld „beschreibung“: Das HTML-Element „<script>“ ist im Text nicht erlaubt."),
    ("onclick-attribut.md", ANGEBOTE, 5, _col("onclick-attribut.md", 5, "onclick"),
     "Das Attribut „onclick“ ist im Text nicht erlaubt."),
    ("web-ohne-schema.yaml", ANGEBOTE, 2, 6, "Feld „web“: „www.example.org“ ist keine vollständige Webadresse."),
    ("web-ftp.yaml", ANGEBOTE, 2, 6, "Feld „web“: Webadressen mit „ftp:“ sind nicht erlaubt."),
    ("email-falsch.yaml", ANGEBOTE, 2, 8, "Feld „email“: „elterncafe@“ ist keine gültige E-Mail-Adresse."),
    ("telefon-falsch.yaml", ANGEBOTE, 2, 10, "Feld „telefon“: Die Telefonnummer „12“ ist nicht plausibel."),
    ("telefon-buchstaben.yaml", ANGEBOTE, 2, 10, "Feld „telefon“: „0231 ELTERN“ ist keine Telefonnummer."),
    ("sprache-falsch.yaml", ANGEBOTE, 2, _col("sprache-falsch.yaml", 2, "deutsch"), "Feld „sprachen“: „deutsch“ ist kein Sprachcode nach ISO 639-1."),
    ("kurz-zu-lang.yaml", ANGEBOTE, 2, 7, "Feld „kurz“: Der Text ist 307 Zeichen lang, erlaubt sind höchstens 300."),
    ("liste-statt-text.yaml", ANGEBOTE, 1, 7, "Feld „name“: Erwartet wurde ein Text, gefunden wurde eine Liste."),
    ("nicht-utf8.yaml", ANGEBOTE, 1, 16, "Die Datei ist nicht in UTF-8 kodiert."),
    ("front-matter-offen.md", ANGEBOTE, 1, 1, "Der Front-Matter-Block wird nicht mit „---“ abgeschlossen."),
    ("ohne-front-matter.md", ANGEBOTE, 1, 1, "Die Markdown-Datei beginnt nicht mit einem Front-Matter-Block."),
    ("doppelte-beschreibung.md", ANGEBOTE, 3, 1, "„beschreibung“ steht im Front Matter und als Text darunter."),
    ("Südstraße.yaml", "quartiere/testviertel/spielplaetze", 0, 0, "Der Dateiname „Südstraße.yaml“ ist nicht erlaubt."),
    ("anker-alias.yaml", ANGEBOTE, 2, 7, "Anker und Verweise (&name, *name) werden nicht unterstützt."),
    ("python-tag.yaml", ANGEBOTE, 1, 7, "Die Markierung „!!python/object/apply:os.system“ wird nicht unterstützt."),
    ("leere-datei.yaml", ANGEBOTE, 1, 1, "Die Datei enthält keine Felder."),
    ("liste-oben.yaml", ANGEBOTE, 1, 1, "Erwartet wurden Felder der Form „schlüssel: wert“."),
    ("plaetze-text.yaml", "quartiere/testviertel/kitas", 2, 10, "Feld „plaetze“: „viele“ ist keine ganze Zahl."),
    ("geo-ausserhalb.yaml", "quartiere/testviertel/spielplaetze", 3, 8,
     "Feld „lat“: 123.5 liegt außerhalb des erlaubten Bereichs (-90 bis 90)."),
    ("schulnummer-falsch.yaml", "quartiere/testviertel/schulen", 2, 14, "Feld „schulnummer“: „12-34“ ist keine Schulnummer."),
    # issue 9: values that used to crash, vanish or be misreported
    ("geo-nan.yaml", "quartiere/testviertel/spielplaetze", 3, 8, "Feld „lat“: „nan“ ist keine Zahl."),
    ("geo-inf.yaml", "quartiere/testviertel/spielplaetze", 4, 8, "Feld „lon“: „inf“ ist keine Zahl."),
    ("zahl-nan.yaml", "quartiere/testviertel/kitas", 2, 10, "Feld „plaetze“: „.nan“ ist keine ganze Zahl."),
    ("name-leer-anfuehrungszeichen.yaml", ANGEBOTE, 1, 1, "Das Pflichtfeld „name“ ist leer."),
    ("name-nur-leerzeichen.yaml", ANGEBOTE, 1, 1, "Das Pflichtfeld „name“ ist leer."),
    ("quartiere-leer.yaml", "content/kontakte", 2, 12, "„quartiere“ ist leer: der Eintrag erschiene in keinem Quartier."),
    ("verschachtelt-1000.yaml", ANGEBOTE, 2, _col("verschachtelt-1000.yaml", 2, "[") + 19,
     "Die Angaben sind zu tief verschachtelt (mehr als 20 Ebenen)."),
    ("kategorie-blockliste.yaml", ANGEBOTE, 4, 5, "Die Kategorie „sprachen“ gibt es nicht."),
    ("adresse-als-text.yaml", ANGEBOTE, 2, 10, "Feld „adresse“: Erwartet wurden Unterfelder (strasse, plz, ort)."),
    ("doppelpunkt-fehlt.yaml", ANGEBOTE, 2, 1, "In dieser Zeile fehlt der Doppelpunkt nach dem Feldnamen."),
    ("zweites-dokument.yaml", ANGEBOTE, 3, 1, "Hier beginnt ein zweites YAML-Dokument."),
    ("anfuehrungszeichen-zeile5.yaml", ANGEBOTE, 5, 7, "Ein Anführungszeichen wird nicht geschlossen."),
    ("backslash-in-anfuehrungszeichen.yaml", ANGEBOTE, 2, _col("backslash-in-anfuehrungszeichen.yaml", 2, "\\U"),
     "In doppelten Anführungszeichen beginnt ein Backslash eine Escape-Sequenz; „\\U“ ist keine gültige."),
]


def _place(root: Path, corpus_file: str, folder: str, name: str | None = None) -> str:
    target = root / folder / (name or corpus_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / corpus_file, target)
    return f"{folder}/{name or corpus_file}"


def _errors(root: Path) -> list[tuple[str, int, int, str]]:
    _, problems = load_and_validate(root, TODAY)
    return [(p.loc.path, p.loc.line, p.loc.column, p.message) for p in problems.items if p.severity is Severity.ERROR]


def test_corpus_is_large_enough() -> None:
    assert len({case[0] for case in CASES}) >= 30
    assert {case[0] for case in CASES} <= {p.name for p in CORPUS.iterdir()}


def test_minimal_project_is_clean(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    assert _errors(root) == []


@pytest.mark.parametrize(("corpus_file", "folder", "line", "column", "message"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_reported_exactly(tmp_path: Path, corpus_file: str, folder: str, line: int, column: int,
                                      message: str) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    shown = _place(root, corpus_file, folder)
    errors = _errors(root)
    assert (shown, line, column, message) in errors, errors
    # Only this file is wrong: nothing else may be reported as an error.
    assert {e[0] for e in errors} == {shown}, errors


def test_duplicate_slug_yaml_and_md(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    _place(root, "doppelt.md", ANGEBOTE)
    shown = _place(root, "doppelt.yaml", ANGEBOTE)
    assert _errors(root) == [(shown, 0, 0, f"Das Kürzel „doppelt“ gibt es schon: {ANGEBOTE}/doppelt.md.")]


def test_unknown_coordination(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    shown = _place(root, "koordination-unbekannt.yaml", "quartiere/testviertel", "quartier.yaml")
    assert _errors(root) == [(shown, 3, 15, "Den Kontakt „netzwerkbuero“ gibt es nicht.")]


def test_hints_name_the_fix(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    for name in ("unbekannter-schluessel.yaml", "sprache-falsch.yaml", "kontakt-unbekannt.yaml",
                 "feld-anderer-typ.yaml", "oeffnungszeiten-deutsch.yaml"):
        _place(root, name, ANGEBOTE)
    _place(root, "Südstraße.yaml", "quartiere/testviertel/spielplaetze")
    _, problems = load_and_validate(root, TODAY)
    hints = {p.loc.path.rsplit("/", 1)[1]: p.hint for p in problems.errors}
    assert hints["unbekannter-schluessel.yaml"] == "Meinten Sie „adresse“?"
    assert hints["sprache-falsch.yaml"] == "Für Deutsch schreiben Sie „de“."
    assert hints["kontakt-unbekannt.yaml"] == "Meinten Sie „koordination“?"
    assert hints["feld-anderer-typ.yaml"] == "„plaetze“ gibt es nur bei Kitas und Terminen."
    assert "Di → Tu" in hints["oeffnungszeiten-deutsch.yaml"]
    assert "suedstrasse.yaml" in hints["Südstraße.yaml"]


def test_cli_reports_whole_corpus_without_traceback(tmp_path: Path) -> None:
    """All broken files at once: every one is reported, sorted, and the exit code is 1."""
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    expected = []
    for corpus_file, folder, line, column, message in CASES:
        shown = _place(root, corpus_file, folder)
        where = f"{shown}:{line}:{column}" if line else shown
        expected.append(f"{where}: Fehler: {message}")
    env = {**os.environ, "WEGWEISER_STICHTAG": TODAY.isoformat()}
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", str(root)], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    for line in expected:
        assert any(out.startswith(line) for out in lines), line
    assert f"{len(problem_lines := [x for x in lines if ': Fehler: ' in x])} Fehler" in result.stdout
    assert len(problem_lines) >= len(CASES)


# --- issue 9: nothing is dropped in silence ---------------------------------------------------------

ENTRY_TEXT = "name: Elterncafé\nkurz: Frühstück.\nstand: 2026-10-01\n"
ALL_TYPES = "angebote, kitas, kontakte, schulen, spielplaetze, termine"


@pytest.mark.parametrize(("placed", "reported", "message", "hint"), [
    ("quartiere/testviertel/Kitas/regenbogen.yaml", "quartiere/testviertel/Kitas",
     "Der Ordner „Kitas“ in „quartiere/testviertel“ wird nicht gelesen; was darin liegt, erscheint nirgends.",
     "Meinten Sie „kitas“?"),
    ("quartiere/testviertel/spielplatz/park.yaml", "quartiere/testviertel/spielplatz",
     "Der Ordner „spielplatz“ in „quartiere/testviertel“ wird nicht gelesen; was darin liegt, erscheint nirgends.",
     "Meinten Sie „spielplaetze“?"),
    ("quartiere/testviertel/veranstaltungen/fest.yaml", "quartiere/testviertel/veranstaltungen",
     "Der Ordner „veranstaltungen“ in „quartiere/testviertel“ wird nicht gelesen; was darin liegt, erscheint "
     "nirgends.", f"Meinten Sie „termine“? Gelesen werden nur die Ordner {ALL_TYPES}."),
    ("content/veranstaltungen/fest.yaml", "content/veranstaltungen",
     "Der Ordner „veranstaltungen“ in „content“ wird nicht gelesen; was darin liegt, erscheint nirgends.",
     "Meinten Sie „termine“? Gelesen werden nur die Ordner angebote, bilder, importe, kitas, kontakte, medien, "
     "schulen, seiten, spielplaetze, termine."),
    ("quartiere/testviertel/fest.yaml", "quartiere/testviertel/fest.yaml",
     "Die Datei „fest.yaml“ in „quartiere/testviertel“ wird nicht gelesen.",
     "Einträge liegen in einem Unterordner nach ihrem Typ, z. B. „quartiere/testviertel/angebote/fest.yaml“ "
     f"(Ordner: {ALL_TYPES})."),
    ("quartiere/testviertel/Quartier.yml", "quartiere/testviertel/Quartier.yml",
     "Die Datei „Quartier.yml“ in „quartiere/testviertel“ wird nicht gelesen.", "Meinten Sie „quartier.yaml“?"),
    ("quartiere/testviertel/angebote/fest.YAML", "quartiere/testviertel/angebote/fest.YAML",
     "Die Datei „fest.YAML“ wird nicht gelesen.",
     "Meinten Sie „fest.yaml“? Einträge sind Dateien mit der Endung .yaml oder .md (klein geschrieben)."),
    ("quartiere/testviertel/angebote/fest.yaml.txt", "quartiere/testviertel/angebote/fest.yaml.txt",
     "Die Datei „fest.yaml.txt“ wird nicht gelesen.",
     "Meinten Sie „fest.yaml“? Einträge sind Dateien mit der Endung .yaml oder .md (klein geschrieben)."),
    ("quartiere/testviertel/angebote/sommer/fest.yaml", "quartiere/testviertel/angebote/sommer",
     "Der Ordner „sommer“ wird nicht gelesen: Einträge liegen direkt im Ordner ihres Typs.",
     "Verschieben Sie die Dateien nach „quartiere/testviertel/angebote/“."),
    ("quartiere/neu.yaml", "quartiere/neu.yaml", "Die Datei „neu.yaml“ in „quartiere“ wird nicht gelesen.",
     "In „quartiere“ gehört für jedes Quartier ein Ordner mit einer quartier.yaml, z. B. "
     "„quartiere/neu/quartier.yaml“."),
    ("content/seiten/kontakt.MD", "content/seiten/kontakt.MD",
     "„kontakt.MD“ wird nicht gelesen: nur .md-Dateien werden als Seiten verwendet.", "Meinten Sie „kontakt.md“?"),
], ids=["Kitas", "spielplatz", "veranstaltungen", "content-veranstaltungen", "im-quartier", "Quartier.yml",
        "YAML", "yaml.txt", "unterordner", "datei-in-quartiere", "MD"])
def test_unread_file_is_an_error(tmp_path: Path, placed: str, reported: str, message: str, hint: str) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    target = root / placed
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(ENTRY_TEXT if not placed.endswith(".MD") else "---\ntitel: Kontakt\n---\nText\n",
                      encoding="utf-8")
    _, problems = load_and_validate(root, TODAY)
    assert [(p.loc.path, p.message, p.hint) for p in problems.errors] == [(reported, message, hint)]


def test_harmless_files_are_ignored(tmp_path: Path) -> None:
    """Hidden files, backups, notes for editors and images are no content: no message, nothing lost."""
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    for name in ("quartiere/testviertel/angebote/.gitkeep", "quartiere/testviertel/angebote/elterncafe.yaml~",
                 "content/README.md", "quartiere/testviertel/LIESMICH.txt", "quartiere/.DS_Store",
                 "quartiere/testviertel/bilder/logo.png", "content/logo.svg", "content/seiten/foto.jpg"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    _, problems = load_and_validate(root, TODAY)
    assert problems.errors == []
    assert [p for p in problems.warnings if "gelesen" in p.message] == []


@pytest.mark.parametrize(("name", "message"), [
    ("[Heide]", "Feld „name“: Erwartet wurde ein Text, gefunden wurde eine Liste."),
    ("H" * 81, "Feld „name“: Der Text ist 81 Zeichen lang, erlaubt sind höchstens 80."),
    ('""', "Das Pflichtfeld „name“ ist leer."),
])
def test_invalid_quarter_name_is_located(tmp_path: Path, name: str, message: str) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    quarter = root / "quartiere/testviertel/quartier.yaml"
    quarter.write_text(quarter.read_text(encoding="utf-8").replace("name: Testviertel", f"name: {name}"),
                       encoding="utf-8")
    column = 1 if name == '""' else 7
    assert _errors(root) == [("quartiere/testviertel/quartier.yaml", 1, column, message)]
    env = {**os.environ, "WEGWEISER_STICHTAG": TODAY.isoformat()}
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", str(root)], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"quartiere/testviertel/quartier.yaml:1:{column}: Fehler: {message}" in result.stdout
    assert "interner Fehler" not in result.stdout + result.stderr and "Traceback" not in result.stderr


def _load_entry(tmp_path: Path, text: str, folder: str = ANGEBOTE) -> tuple[Any, Problems]:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    (root / folder).mkdir(parents=True, exist_ok=True)
    (root / folder / "neu.yaml").write_text(text, encoding="utf-8")
    content, problems = load_and_validate(root, TODAY)
    return next(e for e in content.eintraege if e.slug == "neu"), problems


def test_text_after_hash_is_reported(tmp_path: Path) -> None:
    entry, problems = _load_entry(tmp_path, "name: Treff\nkurz: Raum#3 #5 Treff\nstand: 2026-10-01\n")
    assert entry.kurz == "Raum#3"  # what YAML reads; the editor must be told about the rest
    shown = f"{ANGEBOTE}/neu.yaml"
    assert [(p.loc, p.message) for p in problems.warnings if p.loc.path == shown] == [
        (Loc(shown, 2, 14), "Der Rest der Zeile nach „kurz“ („#5 Treff“) wurde als Kommentar gelesen und fehlt im "
                            "Wert.")]
    assert problems.errors == []


def test_colour_read_as_comment_is_an_error(tmp_path: Path) -> None:
    """``primaer: #1f5f8b`` as in the field reference: YAML reads a comment and the colour would vanish."""
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    site = root / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "farben:\n  primaer: #1f5f8b\n", encoding="utf-8")
    line = site.read_text(encoding="utf-8").split("\n").index("  primaer: #1f5f8b") + 1
    _, problems = load_and_validate(root, TODAY)
    assert [(p.loc, p.message, p.hint) for p in problems.errors] == [
        (Loc("content/site.yaml", line, 12), "„primaer“ ist leer: „#1f5f8b“ wurde als Kommentar gelesen.",
         'Setzen Sie den Wert in Anführungszeichen: primaer: "#1f5f8b"')]


@pytest.mark.parametrize(("kosten", "free"), [
    ("0", True), ("0 €", True), ("0,00 €", True), ("0.00 EUR", True), ("gratis", True), ("frei", True),
    ("Eintritt frei", True), ("kostenlos", True), ("Kostenlos für alle", True),
    ("10 €", False), ("0,50 €", False), ("5 Euro, Kinder 0 €", False), ("20", False), ("nach Absprache", False),
])
def test_free_is_recognised(tmp_path: Path, kosten: str, free: bool) -> None:
    entry, _ = _load_entry(tmp_path, f"name: Treff\nkosten: \"{kosten}\"\nstand: 2026-10-01\n")
    assert entry.kostenlos is free


@pytest.mark.parametrize(("telefon", "link"), [
    ("+49 (0)231 12345", "tel:+4923112345"),
    ("+49(0)231 555-1234", "tel:+492315551234"),
    ("0231 555-1234", "tel:02315551234"),
])
def test_phone_with_trunk_zero_dials(tmp_path: Path, telefon: str, link: str) -> None:
    entry, problems = _load_entry(tmp_path, f"name: Treff\ntelefon: \"{telefon}\"\nstand: 2026-10-01\n")
    assert problems.errors == []
    assert tel_url(entry.telefon) == link


def test_comma_separated_list_is_split_with_warning(tmp_path: Path) -> None:
    entry, problems = _load_entry(tmp_path, "name: Park\nausstattung: Kletterturm, Sandkasten\n"
                                            "stand: 2026-10-01\n", "quartiere/testviertel/spielplaetze")
    assert entry.ausstattung == ["Kletterturm", "Sandkasten"]
    shown = "quartiere/testviertel/spielplaetze/neu.yaml"
    warnings = [(p.loc, p.message, p.hint) for p in problems.warnings if p.loc.path == shown]
    assert warnings == [(Loc(shown, 2, 14), "Feld „ausstattung“: Die durch Kommas getrennten Werte werden als "
                         "Liste gelesen.", "Schreiben Sie eine Liste in eckigen Klammern, „ausstattung: "
                         "[Kletterturm, Sandkasten]“, oder jeden Wert in eine eigene Zeile mit „- “ darunter.")]


def test_comma_separated_categories_are_located_each(tmp_path: Path) -> None:
    _, problems = _load_entry(tmp_path, "name: Treff\nkategorien: fruehe-hilfen, sprachen\nstand: 2026-10-01\n")
    assert [(p.loc.line, p.loc.column, p.message) for p in problems.errors] == [
        (2, 28, "Die Kategorie „sprachen“ gibt es nicht.")]
