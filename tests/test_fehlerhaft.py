"""The bad-input corpus: every broken file is reported at its exact place with a German message."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wegweiser.problems import Severity
from wegweiser.validate import load_and_validate

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
    ("web-ohne-schema.yaml", ANGEBOTE, 2, 6, "„www.example.org“ ist keine vollständige Webadresse."),
    ("web-ftp.yaml", ANGEBOTE, 2, 6, "Webadressen mit „ftp:“ sind nicht erlaubt."),
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
    assert hints["feld-anderer-typ.yaml"] == "„plaetze“ gibt es nur bei Kitas."
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
