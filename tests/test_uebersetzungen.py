"""Translation files (issue 11): found beside their originals, checked with located German messages, counted per
language, and shown by ``fassung`` – translated text where it exists, the main language's elsewhere.

Expected values come from the fixture files in ``tests/fixtures/sprachen/`` (counted by hand, see SPRACHEN_STAND),
from the issue's content contract, and from the file texts written here (lines and columns computed from them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from wegweiser.check.translation_status import stand, zusammenfassung
from wegweiser.check.validate import load_and_validate
from wegweiser.content.language_versions import fassung
from wegweiser.content.loading import load_content
from wegweiser.core.problems import Loc, Problems, Severity
from wegweiser.i18n.languages import DEUTSCH, fingerabdruck, sprache
from wegweiser.model.entries import Eintrag
from wegweiser.site.changes import translation_changes

from conftest import MINI, TODAY

SPRACHEN = Path(__file__).resolve().parent / "fixtures" / "sprachen"
NORD = "quartiere/nordviertel"
ELTERNCAFE = "nordviertel/angebote/elterncafe"


@pytest.fixture
def projekt(tmp_path: Path) -> Path:
    root = tmp_path / "projekt"
    shutil.copytree(SPRACHEN, root)
    return root


def _write(root: Path, relpath: str, text: str) -> str:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return relpath


def _problems(root: Path, severity: Severity = Severity.ERROR) -> list[tuple[str, int, int, str, str]]:
    _, problems = load_and_validate(root, TODAY)
    return [(p.loc.path, p.loc.line, p.loc.column, p.message, p.hint) for p in problems.items
            if p.severity is severity]


def _at(text: str, needle: str) -> tuple[int, int]:
    """Line and column (1-based) of ``needle`` in ``text``: computed from the file text, not by the program."""
    before = text[:text.index(needle)]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


# --- the fixture --------------------------------------------------------------------------------------

def test_fixture_is_clean_and_reads_every_translation() -> None:
    content, problems = load_and_validate(SPRACHEN, TODAY)
    assert problems.items == []
    files = sorted(str(p.relative_to(SPRACHEN)) for p in SPRACHEN.rglob("*.*.*"))
    assert sorted([*(u.source for u in content.uebersetzungen.values() if u.art != "kategorie"),
                   "content/kategorien.en.yaml"]) == files
    # translations are no entries: the seven originals, nothing more
    assert len(content.eintraege) == 7
    assert content.site is not None and content.site.sprachen == ["de", "leicht", "en", "ar"]


# Counted by hand from the fixture files: 7 entries (4 in the Nordviertel, 2 in the Südviertel, 1 region-wide),
# 4 pages, 2 quarters. en: netzwerkbuero, elterncafe (vorlage = current fingerprint), kita-regenbogen and
# schwangerenberatung translated; sprachkurs.en.yaml has a vorlage of another text (outdated); wasserspielplatz and
# grundschule-am-park missing. ar: only elterncafe. leicht: elterncafe and grundschule-am-park. Pages: notfallnummern
# in en, ar and leicht. Quarters: nordviertel in en and ar.
SPRACHEN_STAND = {
    "leicht": {"eintrag": (2, 5, 0), "seite": (1, 3, 0), "quartier": (0, 2, 0), "kategorie": (0, 3, 0),
               "site": (0, 1, 0)},
    "en": {"eintrag": (4, 2, 1), "seite": (1, 3, 0), "quartier": (1, 1, 0), "kategorie": (2, 1, 0),
           "site": (1, 0, 0)},
    "ar": {"eintrag": (1, 6, 0), "seite": (1, 3, 0), "quartier": (1, 1, 0), "kategorie": (0, 3, 0),
           "site": (0, 1, 0)},
}


def test_status_counts_of_the_fixture() -> None:
    content = load_content(SPRACHEN, Problems())
    found = {s.sprache.code: {art: (z["uebersetzt"], z["fehlt"], z["veraltet"]) for art, z in s.zahlen.items()}
             for s in stand(content)}
    assert found == SPRACHEN_STAND
    outdated = {s.sprache.code: [u.source for u in s.veraltet] for s in stand(content)}
    assert outdated == {"leicht": [], "en": [f"{NORD}/angebote/sprachkurs.en.yaml"], "ar": []}


def test_check_prints_a_line_per_language_and_the_outdated_file(projekt: Path) -> None:
    env = {**os.environ, "WEGWEISER_STICHTAG": TODAY.isoformat()}
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", str(projekt)], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "  English (en): Einträge 4 übersetzt, 2 fehlen, 1 veraltet; Seiten 1 übersetzt, 3 fehlen, 0 veraltet; " \
           "Quartiere 1 übersetzt, 1 fehlt, 0 veraltet" in lines
    assert "  Leichte Sprache (leicht): Einträge 2 übersetzt, 5 fehlen, 0 veraltet; Seiten 1 übersetzt, 3 fehlen, " \
           "0 veraltet; Quartiere 0 übersetzt, 2 fehlen, 0 veraltet" in lines
    assert "  العربية (ar): Einträge 1 übersetzt, 6 fehlen, 0 veraltet; Seiten 1 übersetzt, 3 fehlen, 0 veraltet; " \
           "Quartiere 1 übersetzt, 1 fehlt, 0 veraltet" in lines
    text = (SPRACHEN / NORD / "angebote/sprachkurs.en.yaml").read_text(encoding="utf-8")
    line, column = _at(text, "vorlage:")
    hint = [x for x in lines if "Hinweis" in x]
    assert len(hint) == 1 and hint[0].startswith(f"{NORD}/angebote/sprachkurs.en.yaml:{line}:{column}: Hinweis: "
                                                 "Die Übersetzung (English) ist veraltet")
    # an outdated translation is published with a notice: it fails neither check nor check --streng
    strict = subprocess.run([sys.executable, "-m", "wegweiser", "check", "--streng", str(projekt)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert strict.returncode == 0, strict.stdout


def test_changed_text_makes_a_translation_outdated_changed_facts_do_not(projekt: Path) -> None:
    original = projekt / NORD / "angebote/elterncafe.md"
    text = original.read_text(encoding="utf-8")
    original.write_text(text.replace("030 23125-100", "030 23125-101").replace("Marktstraße 4", "Marktstraße 6"),
                        encoding="utf-8")
    content = load_content(projekt, Problems())
    assert fassung(content, sprache("en")).status("eintrag", ELTERNCAFE) == "uebersetzt"
    original.write_text(text.replace("Offenes Frühstück", "Gemeinsames Frühstück"), encoding="utf-8")
    content = load_content(projekt, Problems())
    assert fassung(content, sprache("en")).status("eintrag", ELTERNCAFE) == "veraltet"
    # without vorlage a translation counts as current, whatever changed
    assert fassung(content, sprache("ar")).status("eintrag", ELTERNCAFE) == "uebersetzt"


def test_vorlage_is_the_fingerprint_of_the_original_text() -> None:
    """The fixture's elterncafe.en.md carries the fingerprint of the original's translatable text, computed here
    from the original's values with sprachen.fingerabdruck (the function ``import`` uses)."""
    content = load_content(SPRACHEN, Problems())
    entry = next(e for e in content.eintraege if e.key == ELTERNCAFE)
    texts = {"name": "Elterncafé Sonnenschein", "kurz": "Offenes Frühstück für Eltern mit Babys und Kleinkindern.",
             "kosten": "kostenlos", "anmeldung": "Ohne Anmeldung, einfach vorbeikommen.",
             "barrierefrei": "Eingang mit Rampe, Wickeltisch im Erdgeschoss", "beschreibung": entry.beschreibung}
    assert content.uebersetzungen["eintrag", ELTERNCAFE, "en"].vorlage == fingerabdruck(texts)


# --- fassung ------------------------------------------------------------------------------------------

def test_fassung_translates_where_a_translation_exists() -> None:
    content = load_content(SPRACHEN, Problems())
    english = fassung(content, sprache("en"))
    shown = english.content
    by_key = {e.key: e for e in shown.eintraege}
    assert by_key[ELTERNCAFE].name == "Sunshine parents' café"
    assert english.herkunft("eintrag", ELTERNCAFE, "name").code == "en"
    assert by_key[ELTERNCAFE].beschreibung is not None and by_key[ELTERNCAFE].beschreibung.startswith(
        "Every Tuesday, parents have breakfast")
    # missing: German text, and the language it is in is German
    assert by_key["nordviertel/spielplaetze/wasserspielplatz"].name == "Wasserspielplatz am Stadtgarten"
    assert english.status("eintrag", "nordviertel/spielplaetze/wasserspielplatz") == "fehlt"
    assert english.herkunft("eintrag", "nordviertel/spielplaetze/wasserspielplatz", "name") == DEUTSCH
    # facts always come from the original
    assert english.herkunft("eintrag", ELTERNCAFE, "adresse") == DEUTSCH
    assert by_key[ELTERNCAFE].adresse == next(e for e in content.eintraege if e.key == ELTERNCAFE).adresse
    # same keys, slugs and order as the original
    assert [e.key for e in shown.eintraege] == [e.key for e in content.eintraege]
    assert list(shown.quartiere) == list(content.quartiere) and list(shown.kategorien) == list(content.kategorien)
    assert [p.slug for p in shown.seiten] == [p.slug for p in content.seiten]
    # the original content is left as it was
    assert next(e for e in content.eintraege if e.key == ELTERNCAFE).name == "Elterncafé Sonnenschein"
    # pages, categories, quarters and the site texts
    page = next(p for p in shown.seiten if p.slug == "notfallnummern")
    assert page.titel == "Important phone numbers" and page.text.startswith("## In an emergency")
    assert shown.kategorien["fruehe-hilfen"].name == "Early help"
    assert shown.kategorien["freizeit"].name == "Spielen und Freizeit"
    assert english.status("kategorie", "freizeit") == "fehlt"
    assert shown.site is not None and shown.site.titel == "Family Guide Teststadt"
    assert shown.site.basis_url == "https://familie.example.org/"
    assert english.status("site", "site") == "uebersetzt"
    assert english.datei("eintrag", ELTERNCAFE) == f"{NORD}/angebote/elterncafe.en.md"
    assert english.datei("eintrag", "nordviertel/spielplaetze/wasserspielplatz") is None


def test_fassung_keeps_untranslated_fields_in_the_main_language() -> None:
    content = load_content(SPRACHEN, Problems())
    arabic = fassung(content, sprache("ar"))
    entry = next(e for e in arabic.content.eintraege if e.key == ELTERNCAFE)
    assert entry.name == "مقهى الآباء «شمس»"
    # elterncafe.ar.md has no barrierefrei: the German text is shown, and marked as German
    assert entry.barrierefrei == "Eingang mit Rampe, Wickeltisch im Erdgeschoss"
    assert arabic.herkunft("eintrag", ELTERNCAFE, "barrierefrei") == DEUTSCH
    assert arabic.herkunft("eintrag", ELTERNCAFE, "kurz") == sprache("ar")
    assert arabic.content.quartiere["nordviertel"].name == "الحي الشمالي"
    assert arabic.content.quartiere["suedviertel"].name == "Südviertel"
    assert arabic.status("quartier", "suedviertel") == "fehlt"


def test_fassung_of_the_main_language_is_the_content() -> None:
    content = load_content(SPRACHEN, Problems())
    german = fassung(content, sprache("de", haupt=True))
    assert german.content is content
    assert german.status("eintrag", "nordviertel/spielplaetze/wasserspielplatz") == "uebersetzt"
    assert german.herkunft("eintrag", ELTERNCAFE, "name").code == "de"


def test_outdated_translation_is_still_shown() -> None:
    content = load_content(SPRACHEN, Problems())
    english = fassung(content, sprache("en"))
    entry = next(e for e in english.content.eintraege if e.key == "nordviertel/angebote/sprachkurs")
    assert english.status("eintrag", entry.key) == "veraltet"
    assert entry.name == "German course for mothers with childcare"


# --- errors, each at its place ------------------------------------------------------------------------

def test_field_outside_the_translatable_text(projekt: Path) -> None:
    text = "---\nname: Sunshine café\ntelefon: 030 23125-100\n---\nEvery Tuesday.\n"
    shown = _write(projekt, f"{NORD}/angebote/elterncafe.en.md", text)
    errors = _problems(projekt)
    line, column = _at(text, "telefon")
    assert [e[:4] for e in errors] == [(shown, line, column, "Das Feld „telefon“ gehört nicht in eine Übersetzung.")]
    assert "kommen immer aus dem Original quartiere/nordviertel/angebote/elterncafe.md" in errors[0][4]


@pytest.mark.parametrize(("relpath", "text", "field"), [
    (f"{NORD}/quartier.en.yaml", "name: North\nstand: 2026-10-01\n", "stand"),
    ("content/seiten/notfallnummern.en.md", "---\ntitel: Phone numbers\nreihenfolge: 3\n---\nText.\n", "reihenfolge"),
    ("content/site.en.yaml", "titel: Family Guide\nbasis_url: https://example.org/\n", "basis_url"),
    ("content/kategorien.en.yaml", "freizeit:\n  name: Play\n  slug: spielen\n", "slug"),
])
def test_facts_are_no_translation(projekt: Path, relpath: str, text: str, field: str) -> None:
    _write(projekt, relpath, text)
    line, column = _at(text, f"{field}:")
    assert [e[:4] for e in _problems(projekt)] == [
        (relpath, line, column, f"Das Feld „{field}“ gehört nicht in eine Übersetzung.")]


def test_misspelt_field_gets_a_suggestion(projekt: Path) -> None:
    shown = _write(projekt, f"{NORD}/angebote/sprachkurs.en.yaml", "nmae: German course\n")
    assert [(e[0], e[1], e[2], e[4]) for e in _problems(projekt)] == [(shown, 1, 1, "Meinten Sie „name“?")]


def test_language_not_in_sprachen(projekt: Path) -> None:
    shown = _write(projekt, f"{NORD}/angebote/elterncafe.tr.md", "---\nname: Ebeveyn kafesi\n---\n")
    errors = _problems(projekt)
    assert [e[:4] for e in errors] == [(shown, 0, 0, "Die Sprache „tr“ (Türkçe) von „elterncafe.tr.md“ steht nicht "
                                                     "in „sprachen“ in content/site.yaml.")]
    assert "Ergänzen Sie „tr“ in content/site.yaml unter „sprachen“" in errors[0][4]


def test_site_without_sprachen_says_how_to_add_one(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    shown = _write(root, "quartiere/testviertel/angebote/elterncafe.en.yaml", "name: Parents' café\n")
    errors = _problems(root)
    assert [e[:4] for e in errors] == [(shown, 0, 0, "Die Sprache „en“ (English) von „elterncafe.en.yaml“ steht nicht "
                                                     "in „sprachen“ in content/site.yaml.")]
    assert "„sprachen: [de, en]“" in errors[0][4]


def test_site_without_sprachen_is_german_only_as_before(tmp_path: Path) -> None:
    content, problems = load_and_validate(MINI, TODAY)
    assert problems.items == []
    assert content.site is not None and content.site.sprachen == ["de"] and content.site.sprache == "de"
    assert content.uebersetzungen == {}
    assert stand(content) == [] and zusammenfassung(content) == []
    assert fassung(content, DEUTSCH).content is content
    env = {**os.environ, "WEGWEISER_STICHTAG": TODAY.isoformat()}
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", str(MINI)], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0 and "Übersetzung" not in result.stdout


@pytest.mark.parametrize(("name", "meant"), [
    ("elterncafe.EN.md", "elterncafe.en.md"),
    ("elterncafe.ara.md", "elterncafe.ar.md"),
    ("elterncafe.leichte_sprache.md", "elterncafe.leicht.md"),
    ("elterncafe.englisch.md", "elterncafe.en.md"),
])
def test_near_miss_language_codes(projekt: Path, name: str, meant: str) -> None:
    shown = _write(projekt, f"{NORD}/angebote/{name}", "---\nname: Café\n---\n")
    code = name.split(".")[1]
    assert _problems(projekt) == [(shown, 0, 0, f"„{code}“ im Dateinamen „{name}“ ist kein Sprachcode des "
                                                "Wegweisers.", f"Meinten Sie „{meant}“?")]


def test_a_name_with_a_dot_that_is_no_language_is_reported_as_before(projekt: Path) -> None:
    """``x.alt.yaml`` is no translation: the loader reports its file name as it always did; nothing vanishes."""
    shown = _write(projekt, f"{NORD}/spielplaetze/wasserspielplatz.alt.yaml", "name: Alt\nstand: 2026-10-01\n")
    messages = [(e[0], e[3]) for e in _problems(projekt)]
    assert (shown, "Der Dateiname „wasserspielplatz.alt.yaml“ ist nicht erlaubt.") in messages


def test_translation_without_original(projekt: Path) -> None:
    shown = _write(projekt, "quartiere/suedviertel/kitas/kita-regenbgen.en.yaml", "name: Rainbow day care\n")
    assert _problems(projekt) == [(shown, 0, 0, "Zur Übersetzung „kita-regenbgen.en.yaml“ gibt es kein Original "
                                   "„kita-regenbgen.yaml“ oder „kita-regenbgen.md“ in quartiere/suedviertel/kitas/.",
                                   "Meinten Sie „kita-regenbogen.en.yaml“?")]


def test_page_translation_without_original(projekt: Path) -> None:
    shown = _write(projekt, "content/seiten/notfall.en.md", "---\ntitel: Emergency\n---\nText.\n")
    assert [(e[0], e[3], e[4]) for e in _problems(projekt)] == [
        (shown, "Zur Übersetzung „notfall.en.md“ gibt es kein Original „notfall.yaml“ oder „notfall.md“ in "
                "content/seiten/.", "Meinten Sie „notfallnummern.en.md“?")]


def test_translation_into_the_main_language(projekt: Path) -> None:
    shown = _write(projekt, f"{NORD}/angebote/sprachkurs.de.yaml", "name: Deutschkurs\n")
    assert [e[:4] for e in _problems(projekt)] == [
        (shown, 0, 0, "„sprachkurs.de.yaml“ wäre eine Übersetzung in die Hauptsprache (Deutsch).")]


@pytest.mark.parametrize("value", ["zz", "5D41402ABC4B00", "[a, b]"])
def test_malformed_vorlage(projekt: Path, value: str) -> None:
    text = f"vorlage: {value}\nname: German course\n"
    shown = _write(projekt, f"{NORD}/angebote/sprachkurs.en.yaml", text)
    shown_value = "eine Liste" if value.startswith("[") else f"„{value}“"
    assert [e[:4] for e in _problems(projekt)] == [
        (shown, 1, 10, f"„vorlage“ ist {shown_value}, kein Fingerabdruck aus zwölf Zeichen 0–9 und a–f.")]


def test_barrierefrei_only_when_the_original_is_text(projekt: Path) -> None:
    original = projekt / NORD / "spielplaetze/wasserspielplatz.yaml"
    original.write_text(original.read_text(encoding="utf-8") + "barrierefrei: ja\n", encoding="utf-8")
    text = "name: Water playground\nbarrierefrei: Paths without steps\n"
    shown = _write(projekt, f"{NORD}/spielplaetze/wasserspielplatz.en.yaml", text)
    line, column = _at(text, "barrierefrei")
    assert [e[:4] for e in _problems(projekt)] == [
        (shown, line, column, "„barrierefrei“ ist im Original kein Text, sondern „ja“, „nein“ oder fehlt; übersetzt "
                              "wird nur eine Beschreibung.")]


def test_barrierefrei_translated_as_yes(projekt: Path) -> None:
    text = "name: Rainbow\nbarrierefrei: ja\n"
    shown = _write(projekt, "quartiere/suedviertel/kitas/kita-regenbogen.en.yaml", text)
    line, column = _at(text, "ja\n")
    assert [e[:3] for e in _problems(projekt)] == [(shown, line, column)]


def test_unknown_category_in_a_category_translation(projekt: Path) -> None:
    text = "fruehe-hilfen:\n  name: Early help\nfreizet:\n  name: Play and leisure\n"
    shown = _write(projekt, "content/kategorien.en.yaml", text)
    line, column = _at(text, "freizet")
    assert _problems(projekt) == [(shown, line, column, "Die Kategorie „freizet“ gibt es in content/kategorien.yaml "
                                                        "nicht.", "Meinten Sie „freizeit“?")]


def test_two_translations_of_one_entry_into_one_language(projekt: Path) -> None:
    _write(projekt, f"{NORD}/angebote/sprachkurs.en.md", "---\nname: German course\n---\n")
    errors = _problems(projekt)
    assert len(errors) == 1 and errors[0][3].startswith("Diese Übersetzung gibt es schon: ")
    assert {errors[0][0], errors[0][3].rsplit(" ", 1)[1].rstrip(".")} == {
        f"{NORD}/angebote/sprachkurs.en.md", f"{NORD}/angebote/sprachkurs.en.yaml"}


def test_translated_markdown_is_checked_like_the_original(projekt: Path) -> None:
    text = "---\nname: Café\n---\nSee [our page](javascript:alert(1)) for more.\n"
    shown = _write(projekt, f"{NORD}/angebote/elterncafe.en.md", text)
    line, column = _at(text, "](javascript")
    assert [e[:4] for e in _problems(projekt)] == [(shown, line, column,
                                                    "Links mit „javascript:“ sind nicht erlaubt.")]
    text = "name: North\nbeschreibung: |\n  Welcome <script>alert(1)</script>\n"
    shown = _write(projekt, f"{NORD}/quartier.en.yaml", text)
    line, column = _at(text, "<script>")
    assert (shown, line, column, "Feld „beschreibung“: Das HTML-Element „<script>“ ist im Text nicht erlaubt.") in \
        [e[:4] for e in _problems(projekt)]


def test_field_the_original_lacks_is_a_warning(projekt: Path) -> None:
    text = "name: Water playground\nkosten: free\n"
    shown = _write(projekt, f"{NORD}/spielplaetze/wasserspielplatz.en.yaml", text)
    assert _problems(projekt) == []
    line, column = _at(text, "free")
    assert [e[:4] for e in _problems(projekt, Severity.WARNING)] == [
        (shown, line, column, "Das Original hat kein „kosten“; die Übersetzung dieses Felds wird nicht gezeigt.")]
    content = load_content(projekt, Problems())
    entry = next(e for e in fassung(content, sprache("en")).content.eintraege if e.slug == "wasserspielplatz")
    assert entry.kosten is None and entry.name == "Water playground"


# --- site.yaml: sprachen --------------------------------------------------------------------------------

def _site(root: Path, old: str, new: str) -> str:
    path = root / "content/site.yaml"
    text = path.read_text(encoding="utf-8").replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


@pytest.mark.parametrize(("value", "hint"), [
    ("EN", "Meinten Sie „en“ (English)?"),
    ("ara", "Meinten Sie „ar“ (العربية)?"),
    ("leichte_sprache", "Meinten Sie „leicht“ (Leichte Sprache)?"),
])
def test_sprachen_near_miss(projekt: Path, value: str, hint: str) -> None:
    text = _site(projekt, "sprachen: [de, leicht, en, ar]", f"sprachen: [de, {value}]")
    line, column = _at(text, value)
    errors = _problems(projekt)
    assert (("content/site.yaml", line, column, f"Feld „sprachen“: „{value}“ ist kein Sprachcode, in dem der "
             "Wegweiser erscheinen kann.", hint)) in errors
    assert {e[0] for e in errors} <= {"content/site.yaml"} | {str(p.relative_to(projekt))
                                                                for p in projekt.rglob("*.*.*")}


def test_sprache_must_be_the_first_of_sprachen(projekt: Path) -> None:
    text = _site(projekt, "bundesland: NW\n", "bundesland: NW\nsprache: en\n")
    line, column = _at(text, "sprache: en")
    column += len("sprache: ")  # the value
    assert [e[:4] for e in _problems(projekt)] == [
        ("content/site.yaml", line, column, "„sprache“ (en) ist nicht die erste der „sprachen“ (de).")]
    _site(projekt, "sprache: en\n", "sprache: de\n")
    assert _problems(projekt) == []


def test_site_with_sprache_only_is_that_language(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    path = root / "content/site.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "sprache: tr\n", encoding="utf-8")
    content, problems = load_and_validate(root, TODAY)
    assert problems.errors == [] and content.site is not None and content.site.sprachen == ["tr"]


def test_empty_sprachen(projekt: Path) -> None:
    text = _site(projekt, "sprachen: [de, leicht, en, ar]", "sprachen: []")
    line, column = _at(text, "[]")
    assert ("content/site.yaml", line, column, "„sprachen“ ist leer.") in [e[:4] for e in _problems(projekt)]


# --- Leichte Sprache ---------------------------------------------------------------------------------------

def test_leichte_sprache_hints(projekt: Path) -> None:
    long_sentence = ("Das Eltern-Café ist ein Treffpunkt für alle Eltern mit Babys und kleinen Kindern aus dem "
                     "ganzen Viertel.")
    text = (f"---\nname: Eltern-Café\nkurz: Ein Frühstück, z. B. mit Brot.\n---\n{long_sentence}\n"
            "Es gibt zwanzig Plätze.\nDas kostet ca. 1 Euro.\nEs kommen zwölf Eltern.\n")
    shown = _write(projekt, f"{NORD}/angebote/elterncafe.leicht.md", text)
    assert _problems(projekt) == []
    warnings = _problems(projekt, Severity.WARNING)
    expected = [
        (*_at(text, "z. B."), "Feld „kurz“: Die Abkürzung „z. B.“ ist in Leichter Sprache schwer zu verstehen.",
         "Schreiben Sie „zum Beispiel“."),
        (*_at(text, "Das Eltern-Café"), "Der Satz hat 17 Wörter; in Leichter Sprache höchstens 15.",
         "Teilen Sie ihn in kürzere Sätze: eine Aussage pro Satz."),
        (*_at(text, "zwanzig"), "„zwanzig“: Zahlen über zwölf schreiben Sie in Leichter Sprache als Ziffern.",
         "Schreiben Sie 20."),
        (*_at(text, "ca."), "Die Abkürzung „ca.“ ist in Leichter Sprache schwer zu verstehen.",
         "Schreiben Sie „ungefähr“."),
    ]
    assert sorted((w[1], w[2], w[3], w[4]) for w in warnings if w[0] == shown) == sorted(expected)
    assert [w for w in warnings if w[0] != shown] == []
    env = {**os.environ, "WEGWEISER_STICHTAG": TODAY.isoformat()}
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", "--streng", str(projekt)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1 and "Mit --streng zählen Warnungen wie Fehler." in result.stdout


def test_leichte_sprache_hints_in_site_texts_only_for_leicht(projekt: Path) -> None:
    _write(projekt, "content/site.en.yaml", "titel: Family guide, e. g. for parents\nwillkommen: Twenty places.\n")
    text = "willkommen: |\n  Hallo!\n  Hier finden Sie Hilfe für Familien, usw.\n"
    shown = _write(projekt, "content/site.leicht.yaml", text)
    line, column = _at(text, "usw.")
    assert [w[:4] for w in _problems(projekt, Severity.WARNING)] == [
        (shown, line, column, "Feld „willkommen“: Die Abkürzung „usw.“ ist in Leichter Sprache schwer zu verstehen.")]


@pytest.mark.parametrize(("word", "value"), [
    ("dreizehn", 13), ("Zwanzig", 20), ("einundzwanzig", 21), ("hundert", 100), ("Tausend", 1000),
    ("zweihundertvierzig", 240), ("siebzehn", 17), ("sechzig", 60),
])
def test_number_words_above_twelve(word: str, value: int) -> None:
    from wegweiser.i18n.easy_language import zahlwert, zahlwort

    assert zahlwort(word) and zahlwert(word) == value


@pytest.mark.parametrize("word", ["zwölf", "elf", "zehn", "Acht", "einzig", "Leipzig", "eine", "und", "Achtung",
                                  "Tausende"])
def test_words_that_are_no_number_above_twelve(word: str) -> None:
    from wegweiser.i18n.easy_language import zahlwort

    assert not zahlwort(word)


# --- preview ----------------------------------------------------------------------------------------------

def test_preview_sees_a_new_translation(projekt: Path) -> None:
    before = load_content(projekt, Problems())
    _write(projekt, f"{NORD}/spielplaetze/wasserspielplatz.en.yaml", "name: Water playground\n")
    after = load_content(projekt, Problems())
    changed = translation_changes(before, after)
    english = fassung(after, sprache("en"))
    deps = english.deps("eintrag", "nordviertel/spielplaetze/wasserspielplatz")
    assert deps & changed == deps
    assert f"{NORD}/spielplaetze/wasserspielplatz.en.yaml" in deps
    assert fassung(before, sprache("en")).deps("eintrag", "nordviertel/spielplaetze/wasserspielplatz") <= changed
    assert translation_changes(after, load_content(projekt, Problems())) == set()


def test_translated_entries_are_copies_with_every_field() -> None:
    content = load_content(SPRACHEN, Problems())
    original = next(e for e in content.eintraege if e.key == ELTERNCAFE)
    shown = next(e for e in fassung(content, sprache("en")).content.eintraege if e.key == ELTERNCAFE)
    assert isinstance(shown, Eintrag) and type(shown) is type(original)
    differing = {f.name for f in fields(original) if getattr(original, f.name) != getattr(shown, f.name)}
    # ``kostenlos_original`` keeps the fact "free" of the original when ``kosten`` is translated
    assert differing == {"name", "kurz", "kosten", "anmeldung", "barrierefrei", "beschreibung", "kostenlos_original"}
    assert shown.kostenlos == original.kostenlos
    assert shown.source == original.source and shown.locs == original.locs
    assert Loc(original.source).path == f"{NORD}/angebote/elterncafe.md"


def test_translated_site_texts_and_page_titles_make_the_preview_build_anew(projekt: Path) -> None:
    """They are part of each language's theme (title bar, navigation), like site.yaml for the main language."""
    from wegweiser.site.changes import theme_inputs as _theme_inputs

    before = _theme_inputs(load_content(projekt, Problems()))
    _write(projekt, "content/site.en.yaml", "titel: Family Guide of Teststadt\n")
    after = _theme_inputs(load_content(projekt, Problems()))
    assert before != after
    page = projekt / "content/seiten/notfallnummern.en.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## In an emergency", "## Emergencies"),
                    encoding="utf-8")
    assert _theme_inputs(load_content(projekt, Problems())) == after  # the body is no part of the theme


def test_reading_on_several_cores_gives_the_same_result(projekt: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From PARALLEL_FROM files on, translations are read in forked workers: same translations, same problems."""
    import wegweiser.content.loading

    _write(projekt, f"{NORD}/angebote/elterncafe.tr.md", "---\nname: Kafe\n---\n")
    _write(projekt, f"{NORD}/angebote/sprachkurs.en.md", "---\nname: Course\ntelefon: 1\n---\n")
    serial = Problems()
    expected = load_content(projekt, serial)
    monkeypatch.setattr(wegweiser.content.loading, "PARALLEL_FROM", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    parallel = Problems()
    found = load_content(projekt, parallel)
    assert found.uebersetzungen == expected.uebersetzungen and len(found.uebersetzungen) == 16
    assert sorted(parallel.items, key=str) == sorted(serial.items, key=str) and len(serial.errors) == 3


def test_editor_schemas_fit_translation_files() -> None:
    """VS Code maps translation files to their own schema (not the entry schema, which requires ``stand``): the
    fixture's files validate, and a fact in a translation is refused in the editor as by check."""
    from test_schema_agrees import schema_errors, schema_for

    translations = sorted(p.relative_to(SPRACHEN).as_posix() for p in SPRACHEN.rglob("*.*.yaml"))
    assert len(translations) == 9
    for relpath in translations:
        assert schema_for(relpath) is not None and schema_for(relpath) is not schema_for(
            relpath.replace(".en.", ".").replace(".ar.", ".").replace(".leicht.", ".")), relpath
        assert schema_errors(relpath, (SPRACHEN / relpath).read_text(encoding="utf-8")) == [], relpath
    for original in sorted(SPRACHEN.rglob("*.yaml")):
        relpath = original.relative_to(SPRACHEN).as_posix()
        if relpath.count(".") == 1 and schema_for(relpath) is not None:
            assert schema_errors(relpath, original.read_text(encoding="utf-8")) == [], relpath
    assert schema_errors(f"{NORD}/angebote/sprachkurs.en.yaml", "name: Course\ntelefon: 030 23125-100\n") != []
    assert schema_errors(f"{NORD}/angebote/sprachkurs.en.yaml", "vorlage: zz\n") != []
    assert schema_errors("content/kategorien.en.yaml", "freizeit:\n  name: Play\n  vorlage: 5d41402abc4b\n") == []


def test_free_stays_free_in_every_language() -> None:
    """Whether an entry is free is a fact of the original: "free of charge" or "ücretsiz" in a translated
    ``kosten`` must not drop the „kostenlos“ badge and filter (the demo's Elterncafé Sonnenschein costs nothing)."""
    from conftest import ROOT

    content, problems = load_and_validate(ROOT, TODAY)
    assert not problems.errors
    key = "brunnenviertel/angebote/elterncafe-sonnenschein"
    original = next(e for e in content.eintraege if e.key == key)
    assert original.kosten == "kostenlos" and original.kostenlos
    for code in ("en", "tr", "ar", "uk", "ru", "leicht"):
        shown = next(e for e in fassung(content, sprache(code)).content.eintraege if e.key == key)
        assert shown.kosten != "kostenlos" or code == "leicht"  # the translated text is shown …
        assert shown.kostenlos, code  # … and it is still free
