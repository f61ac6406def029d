"""Translation status per entry (issue 27, deliver 5): the translator's round trip after one German text changed
(only that unit fuzzy, with its previous German text; updating it makes the translation current) and the
coordinator's list of what is missing or outdated per language (``check --uebersetzungen``)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from babel.messages.pofile import read_po, write_po
from test_uebersetzen import (
    ENTRY,
    ENTRY_TEXT,
    ENTRY_TEXTS,
    ENTRY_TR,
    SPRACHEN,
    XLIFF,
    _fill_po,
    _fill_xliff,
    _load,
    _run,
    _yaml_fields,
)

from wegweiser.check.translation_status import HINWEISE_HOECHSTENS, stand
from wegweiser.i18n.languages import fingerabdruck

MTC = "urn:oasis:names:tc:xliff:matches:2.0"
OLD_KURZ = ENTRY_TEXTS["kurz"]
NEW_KURZ = "Frühstück für Eltern mit Babys und Kleinkindern."
ENTRY_UNITS = {f"{ENTRY}#name", f"{ENTRY}#kurz", f"{ENTRY}#beschreibung", f"{ENTRY}#stichworte/1",
               f"{ENTRY}#stichworte/2"}


@pytest.fixture
def projekt(scratch: Callable[..., Path]) -> Path:
    """The minimal project with the café of test_uebersetzen and Turkish among its languages."""
    root = scratch(ENTRY, ENTRY_TEXT)
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "sprachen: [de, tr]\n", encoding="utf-8")
    return root


def _translated_then_changed(projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Everything translated into Turkish through one round trip; then the German "kurz" of the entry changes."""
    po = tmp_path / "erst.po"
    assert _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(po))[0] == 0
    _fill_po(po)
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(po))
    assert code == 0, out
    (projekt / ENTRY).write_text(ENTRY_TEXT.replace(OLD_KURZ, NEW_KURZ), encoding="utf-8")
    assert _status(projekt) == "veraltet"


def _status(projekt: Path) -> str:
    tr = next(s for s in stand(_load(projekt)) if s.sprache.code == "tr")
    if tr.veraltet:
        return "veraltet"
    return "uebersetzt" if tr.zahlen["eintrag"]["fehlt"] == 0 else "fehlt"


def test_po_round_trip_marks_only_the_changed_unit_and_updating_it_makes_the_translation_current(
        projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _translated_then_changed(projekt, tmp_path, capsys)
    po = tmp_path / "tr.po"
    code, out = _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(po))
    assert code == 0, out
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    with po.open("rb") as handle:
        catalog = read_po(handle)
    units = {str(m.context): m for m in catalog if m.id}
    assert set(units) == ENTRY_UNITS  # the outdated entry, all its units: the rest stays as it was
    fuzzy = {key for key, message in units.items() if message.fuzzy}
    assert fuzzy == {f"{ENTRY}#kurz"}
    changed = units[f"{ENTRY}#kurz"]
    assert (changed.id, changed.string) == (NEW_KURZ, "TR " + OLD_KURZ)
    # Babel does not read "#|"; GNU gettext does: the fuzzy units with their previous msgid, as Poedit shows them
    only_fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-wrap", str(po)], capture_output=True,
                                text=True, check=True).stdout
    previous = [line for line in only_fuzzy.splitlines() if line.startswith("#|")]
    assert previous == [f'#| msgid "{OLD_KURZ}"'], only_fuzzy
    assert f'msgctxt "{ENTRY}#kurz"' in only_fuzzy and only_fuzzy.count("\nmsgctxt ") == 1

    # As the guide says: the translator updates the changed text only and sends the file back.
    changed.string = "TR " + NEW_KURZ
    changed.flags.discard("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog)
    before = {name: value for name, value in _yaml_fields(projekt / ENTRY_TR).items() if name != "kurz"}
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(po))
    assert code == 0, out
    assert "übersprungen" not in out and "veraltet" not in out
    fields = _yaml_fields(projekt / ENTRY_TR)
    assert fields["kurz"] == "TR " + NEW_KURZ
    current = dict(ENTRY_TEXTS, kurz=NEW_KURZ)
    assert fields["vorlage"] == fingerabdruck(current)
    assert {k: v for k, v in fields.items() if k not in ("kurz", "vorlage", "original")} == \
        {k: v for k, v in before.items() if k not in ("vorlage", "original")}  # nothing else lost or changed
    assert _status(projekt) == "uebersetzt"
    code, out = _run(capsys, "check", str(projekt))
    assert code == 0 and "veraltet:" not in out and "0 veraltet" in out, out
    again = tmp_path / "nochmal.po"
    assert _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(again))[0] == 0
    with again.open("rb") as handle:
        assert not [m for m in read_po(handle) if m.id]


def test_xliff_round_trip_carries_the_previous_text_as_a_candidate(
        projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _translated_then_changed(projekt, tmp_path, capsys)
    xlf = tmp_path / "tr.xlf"
    assert _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(xlf))[0] == 0
    units = {u.get("name"): u for u in ET.parse(xlf).getroot().iter(f"{{{XLIFF}}}unit")}
    assert set(units) == ENTRY_UNITS
    unsure = {name for name, unit in units.items()
              if unit.find(f"{{{XLIFF}}}segment").get("subState") == "wegweiser:veraltet"}  # type: ignore[union-attr]
    assert unsure == {f"{ENTRY}#kurz"}
    unit = units[f"{ENTRY}#kurz"]
    match = unit.find(f"{{{MTC}}}matches/{{{MTC}}}match")
    assert match is not None
    segment = unit.find(f"{{{XLIFF}}}segment")
    assert segment is not None and match.get("ref") == "#" + str(segment.get("id"))
    assert (match.findtext(f"{{{XLIFF}}}source"), match.findtext(f"{{{XLIFF}}}target")) == \
        (OLD_KURZ, "TR " + OLD_KURZ)
    assert any(OLD_KURZ in (note.text or "") for note in unit.iter(f"{{{XLIFF}}}note"))
    assert next(iter(unit)).tag == f"{{{MTC}}}matches"  # modules come before <notes> in a unit (XLIFF 2.0 core)
    _fill_xliff(xlf)
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(xlf))
    assert code == 0, out
    assert _status(projekt) == "uebersetzt"
    assert _yaml_fields(projekt / ENTRY_TR)["vorlage"] == fingerabdruck(dict(ENTRY_TEXTS, kurz=NEW_KURZ))


def test_a_hand_edited_original_block_falls_back_to_marking_every_text(
        projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``original`` no longer the text ``vorlage`` fingerprints: which text changed is unknown, as in older files."""
    _translated_then_changed(projekt, tmp_path, capsys)
    path = projekt / ENTRY_TR
    path.write_text(path.read_text(encoding="utf-8").replace("  name: Elterncafé", "  name: Elterncafe"),
                    encoding="utf-8")
    po = tmp_path / "tr.po"
    assert _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(po))[0] == 0
    with po.open("rb") as handle:
        units = {str(m.context): m for m in read_po(handle) if m.id}
    assert {key for key, m in units.items() if m.fuzzy} == ENTRY_UNITS
    assert not any(m.previous_id for m in units.values())


def test_a_broken_original_block_is_a_located_error(projekt: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (projekt / ENTRY_TR).write_text("name: Ebeveyn Kafesi\nvorlage: 000000000000\noriginal:\n  - Elterncafé\n",
                                    encoding="utf-8")
    code, out = _run(capsys, "check", str(projekt))
    assert code == 1
    assert f"{ENTRY_TR}:4:3: Fehler: „original“ hat keine Unterfelder" in out, out


# --- the coordinator's list -------------------------------------------------------------------------------

NORD = "quartiere/nordviertel"


def _name_line(path: Path, key: str = "name") -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(f"{key}:"))


def test_check_lists_what_is_missing_or_outdated_per_language(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """English in the shared fixture (tests/fixtures/sprachen): the language course is outdated (its vorlage is
    from an earlier German text), the playground, the school, the Südviertel and three legal pages have no English
    file, nor the category "freizeit"."""
    root = tmp_path / "projekt"
    shutil.copytree(SPRACHEN, root)
    code, out = _run(capsys, "check", str(root), "--uebersetzungen", "en")
    assert code == 0, out
    start = out.index("Übersetzungen ins English (en): 7 fehlen, 1 veraltet")
    listed = out[start:].split("\n\n")[0].splitlines()
    assert not any("Leichte Sprache" in line or "(ar)" in line for line in out.splitlines())  # only English
    base = "https://familie.example.org/en/"
    course = root / NORD / "angebote/sprachkurs.yaml"

    entries = {line.split()[0].rsplit(":", 2)[0]: line for line in listed if line.startswith("      ")}
    assert set(entries) == {f"{NORD}/angebote/sprachkurs.yaml", f"{NORD}/spielplaetze/wasserspielplatz.yaml",
                            "quartiere/suedviertel/schulen/grundschule-am-park.yaml",
                            "quartiere/suedviertel/quartier.yaml", "content/seiten/impressum.md",
                            "content/seiten/datenschutz.md", "content/seiten/barrierefreiheit.md",
                            "content/kategorien.yaml"}
    outdated = entries[f"{NORD}/angebote/sprachkurs.yaml"]
    assert outdated.split()[0].startswith(f"{NORD}/angebote/sprachkurs.yaml:{_name_line(course)}:")
    assert f"Übersetzung {NORD}/angebote/sprachkurs.en.yaml" in outdated
    assert outdated.endswith(f"  {base}quartiere/nordviertel/angebote/sprachkurs/")
    playground = entries[f"{NORD}/spielplaetze/wasserspielplatz.yaml"]
    assert "Wasserspielplatz am Stadtgarten" in playground
    assert playground.endswith(f"  {base}quartiere/nordviertel/spielplaetze/wasserspielplatz/")
    assert entries["content/seiten/impressum.md"].endswith(f"  {base}seiten/impressum/")
    assert entries["quartiere/suedviertel/quartier.yaml"].endswith(f"  {base}quartiere/suedviertel/")
    assert entries["content/kategorien.yaml"].endswith(f"  {base}themen/freizeit/")
    # grouped: outdated before missing, entries under their quarter's name
    headings = [line.strip() for line in listed if line.startswith("  ") and not line.startswith("      ")]
    assert headings.index("Veraltet – das Original wurde seit der Übersetzung geändert:") < \
        headings.index("Fehlt – die Seite zeigt den deutschen Text:")
    assert "Einträge – Nordviertel (1):" in headings and "Einträge – Südviertel (1):" in headings

    # After the German text of the course changes in a file that stores its original, the list names the field.
    (root / NORD / "angebote/sprachkurs.en.yaml").unlink()
    po = tmp_path / "en.po"
    assert _run(capsys, "uebersetzen", "export", str(root), "--sprache", "en", "-o", str(po))[0] == 0
    _fill_po(po, lambda german: "EN " + german)
    assert _run(capsys, "uebersetzen", "import", str(root), str(po))[0] == 0
    course.write_text(course.read_text(encoding="utf-8").replace("1 € pro Termin", "2 € pro Termin"),
                      encoding="utf-8")
    code, out = _run(capsys, "check", str(root), "--uebersetzungen", "en")
    line = next(x for x in out.splitlines() if "sprachkurs.yaml" in x)
    assert line.split()[0].startswith(f"{NORD}/angebote/sprachkurs.yaml:{_name_line(course, 'kosten')}:")
    assert "geändert: kosten;" in line


def test_default_check_keeps_the_outdated_hints_short(projekt: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Twelve outdated translations: the default check names ten and says how to list them all."""
    entries = [f"quartiere/testviertel/angebote/cafe-{n}.yaml" for n in range(12)]
    for path in entries:
        (projekt / path).write_text(ENTRY_TEXT, encoding="utf-8")
        (projekt / path.replace(".yaml", ".tr.yaml")).write_text(
            f"name: Kafe\nvorlage: {fingerabdruck(dict(ENTRY_TEXTS, kurz='früher'))}\n", encoding="utf-8")
    code, out = _run(capsys, "check", str(projekt))
    assert code == 0, out
    hints = [line for line in out.splitlines() if "Hinweis: Die Übersetzung (Türkçe) ist veraltet" in line]
    assert len(hints) == HINWEISE_HOECHSTENS
    assert f"… und {12 - HINWEISE_HOECHSTENS} weitere veraltete Übersetzungen." in out
    assert "wegweiser check --uebersetzungen [SPRACHE]" in out
    code, out = _run(capsys, "check", str(projekt), "--uebersetzungen", "tr")
    assert code == 0
    listed = [line for line in out.splitlines() if line.startswith("      quartiere/testviertel/angebote/cafe-")]
    assert len(listed) == 12 and all("Übersetzung quartiere/testviertel/angebote/cafe-" in x for x in listed)


def test_check_refuses_a_language_the_site_does_not_have(projekt: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "check", str(projekt), "--uebersetzungen", "xx")
    assert code == 2 and "„xx“ ist keine Sprache" in out
