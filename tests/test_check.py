"""Validation across files, warnings, the model's conversions and the `check` command on the demo."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from wegweiser.check.validate import load_and_validate
from wegweiser.core.slug import slugify
from wegweiser.editors.schema_export import field_reference, schemas
from wegweiser.model.entries import Alter, Kita

from conftest import ROOT, TODAY

ENTRY = "quartiere/testviertel/angebote/neu.yaml"


def _warnings(root: Path, today: date = TODAY) -> list[tuple[str, int, str]]:
    _, problems = load_and_validate(root, today)
    assert problems.errors == []
    return [(p.loc.path, p.loc.line, p.message) for p in problems.warnings]


def test_stale_future_and_expired_entries_warn(scratch: Callable[..., Path]) -> None:
    scratch("quartiere/testviertel/angebote/alt.yaml", "name: Alt\nstand: 2025-11-20\n")
    scratch("quartiere/testviertel/angebote/zukunft.yaml", "name: Zukunft\nstand: 2026-12-24\n")
    root = scratch("quartiere/testviertel/angebote/vorbei.yaml", "name: Vorbei\nstand: 2026-10-01\ngueltig_bis: 20.11.2026\n")
    warnings = _warnings(root)
    assert ("quartiere/testviertel/angebote/alt.yaml", 2,
            "Die Angaben wurden zuletzt am 20.11.2025 geprüft, vor mehr als 12 Monaten.") in warnings
    assert ("quartiere/testviertel/angebote/zukunft.yaml", 2, "„stand“ (24.12.2026) liegt in der Zukunft.") in warnings
    assert ("quartiere/testviertel/angebote/vorbei.yaml", 3,
            "„gueltig_bis“ (20.11.2026) ist vorbei: der Eintrag wird nicht mehr veröffentlicht.") in warnings
    assert len(warnings) == 3


def test_exactly_twelve_months_is_not_stale(scratch: Callable[..., Path]) -> None:
    root = scratch(ENTRY, "name: Grenzfall\nstand: 2025-11-21\n")
    assert _warnings(root) == []


def test_likely_duplicate_across_files(scratch: Callable[..., Path]) -> None:
    text = "name: Elterncafé\nadresse:\n  strasse: Teststraße 1\n  plz: \"59999\"\n  ort: Teststadt\nstand: 2026-10-01\n"
    root = scratch("quartiere/testviertel/angebote/zweites-elterncafe.yaml", text)
    warnings = _warnings(root)
    assert warnings == [("quartiere/testviertel/angebote/zweites-elterncafe.yaml", 1,
                         "Wahrscheinlich doppelt: gleicher Name und gleiche Adresse wie "
                         "quartiere/testviertel/angebote/elterncafe.yaml.")]


def test_region_entry_reaches_named_quarters(scratch: Callable[..., Path]) -> None:
    scratch("quartiere/nordviertel/quartier.yaml", "name: Nordviertel\nort: Teststadt\nstand: 2026-10-01\n")
    scratch("quartiere/nordviertel/spielplaetze/park.yaml", "name: Park\nstand: 2026-10-01\n")
    root = scratch("content/kontakte/beratung.yaml", "name: Beratung\nquartiere: [nordviertel]\nstand: 2026-10-01\n")
    # A quarter entry may name a region-wide contact; the quarter's own contacts come first.
    scratch(ENTRY, "name: Neu\nkontakt: beratung\nstand: 2026-10-01\n")
    content, problems = load_and_validate(root, TODAY)
    assert problems.errors == []
    region = next(e for e in content.eintraege if e.slug == "beratung")
    assert region.quartier is None
    assert region.quartiere == ["nordviertel"]


def test_model_conversions(scratch: Callable[..., Path]) -> None:
    root = scratch("quartiere/testviertel/kitas/kita.yaml",
                   "name: Kita\nalter: \"0,5–6\"\nu3: ja\nfamilienzentrum: Nein\nplaetze: 75\n"
                   "betreuungszeiten: [25, 35, 45]\nkosten: Kostenlos für alle\nstand: 03.10.2026\n"
                   "zeiten: 15:30\nanmeldung: nein\nsprachen: [DE, tr]\n")
    content, problems = load_and_validate(root, TODAY)
    assert problems.errors == []
    kita = next(e for e in content.eintraege if e.slug == "kita")
    assert isinstance(kita, Kita)
    assert kita.alter == Alter(von=0.5, bis=6)
    assert (kita.u3, kita.familienzentrum, kita.plaetze) == (True, False, 75)
    assert kita.betreuungszeiten == [25, 35, 45]
    assert kita.stand == date(2026, 10, 3)
    assert kita.kostenlos is True
    assert kita.zeiten == "15:30" and kita.anmeldung == "nein"  # text stays text
    assert kita.sprachen == ["de", "tr"]
    assert kita.key == "testviertel/kitas/kita"


def test_demo_content_checks_clean() -> None:
    env = {**os.environ, "WEGWEISER_STICHTAG": TODAY.isoformat()}
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", str(ROOT)], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout
    assert "0 Fehler" in result.stdout
    content, _ = load_and_validate(ROOT, TODAY)
    assert len(content.quartiere) >= 5
    assert len(content.eintraege) >= 80
    assert len(content.kategorien) >= 8
    assert {e.typ for e in content.eintraege} == {"angebote", "kontakte", "spielplaetze", "kitas", "schulen",
                                                  "termine"}
    total_line = next(line for line in result.stdout.splitlines() if line.startswith("Gesamt"))
    assert total_line.split()[-1] == str(len(content.eintraege))


def test_demo_has_no_real_contact_data() -> None:
    content, _ = load_and_validate(ROOT, TODAY)
    for entry in content.eintraege:
        if entry.email:
            assert entry.email.endswith("@example.org"), entry.source
        if entry.web:
            assert "example.org" in entry.web, entry.source
        if entry.telefon:
            # Numbers reserved by the Bundesnetzagentur for fiction (030 23125 xxx).
            assert entry.telefon.startswith("030 23125"), entry.source


def test_github_format(scratch: Callable[..., Path]) -> None:
    root = scratch(ENTRY, "name: Neu\nstand: 2026-13-01\n")
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", "--format", "github", str(root)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"::error file={ENTRY},line=2,col=8::Feld „stand“: „2026-13-01“ ist kein gültiges Datum" in result.stdout


def test_missing_folder_is_a_german_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", str(tmp_path / "gibtsnicht")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "existiert nicht" in result.stderr and "Traceback" not in result.stderr


def test_strict_mode_fails_on_warnings(scratch: Callable[..., Path]) -> None:
    root = scratch(ENTRY, "name: Alt\nstand: 2020-01-01\n")
    env = {**os.environ, "WEGWEISER_STICHTAG": TODAY.isoformat()}
    run = [sys.executable, "-m", "wegweiser", "check", str(root)]
    assert subprocess.run(run, capture_output=True, env=env, timeout=60).returncode == 0
    assert subprocess.run([*run, "--streng"], capture_output=True, env=env, timeout=60).returncode == 1


@pytest.mark.parametrize(("text", "slug"), [
    ("Südstraße", "suedstrasse"),
    ("Spielplatz am Weiß-Teich", "spielplatz-am-weiss-teich"),
    ("  Kita „Regenbogen“ ", "kita-regenbogen"),
    ("Café Ölmühle", "cafe-oelmuehle"),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_committed_schemas_match_the_model() -> None:
    for name, schema in schemas().items():
        committed = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
        assert committed == schema, f"schema/{name} ist veraltet: make schema"


def test_field_reference_is_generated_and_complete() -> None:
    doc = (ROOT / "docs" / "felder.md").read_text(encoding="utf-8")
    assert doc == field_reference(), "docs/felder.md ist veraltet: make schema"
    for field in dataclasses.fields(Kita):
        if not field.metadata.get("intern"):
            assert f"`{field.name}`" in doc, f"Feld {field.name} ist nicht dokumentiert"


def test_every_field_has_a_description() -> None:
    for name, schema in schemas().items():
        props = schema.get("properties") or schema["additionalProperties"]["properties"]
        for field_name, prop in props.items():
            assert len(prop.get("description", "")) > 5, f"{name}: {field_name}"


def test_schema_rejects_what_check_rejects() -> None:
    schema = schemas()["angebote.schema.json"]
    jsonschema.validate({"name": "A", "stand": "2026-10-01", "alter": {"von": 0, "bis": 3}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "A", "stand": "2026-10-01", "adrese": {}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "A"}, schema)


def test_vscode_maps_every_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = {Path(path).name for path in settings["yaml.schemas"]}
    assert mapped == set(schemas())
    # the settings `wegweiser init` writes into a new project are the demo's: one mapping, not two to keep in step
    from wegweiser.editors.schema_export import editor_settings

    assert editor_settings() == settings


@pytest.mark.parametrize("command", ["init", "check", "build", "serve", "print", "schema", "demo-data"])
def test_help_is_german(command: str) -> None:
    result = subprocess.run([sys.executable, "-m", "wegweiser", command, "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith(f"Aufruf: wegweiser {command} ")
    assert "usage" not in result.stdout and "show this help" not in result.stdout
    assert "diese Hilfe anzeigen und beenden" in result.stdout and "Optionen:" in result.stdout


def test_an_image_uploaded_with_the_form_is_no_error_but_a_linked_media_folder_is(scratch: Callable[..., Path],
                                                                                  tmp_path: Path) -> None:
    """The browser form saves images in content/medien (editors.cms); check knew no such folder and failed. A
    ``content/medien`` that is a link leading out of the project (attack on issue 24: → ../.git) is an error."""
    root = scratch("content/medien/bild.png", b"\x89PNG\r\n")
    _, problems = load_and_validate(root, TODAY)
    assert problems.errors == []
    shutil.rmtree(root / "content" / "medien")
    (tmp_path / "git").mkdir()
    (root / "content" / "medien").symlink_to(tmp_path / "git", target_is_directory=True)
    _, problems = load_and_validate(root, TODAY)
    assert [(p.loc.path, p.message.split(" ist ")[0]) for p in problems.errors] == [
        ("content/medien", "„content/medien“")]
