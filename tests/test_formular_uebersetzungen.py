"""Translations in the browser form (issue 27, deliver 2): never listed as entries, shown beside their original with
their status, created and edited with exactly the fields a translation may have."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.test_redaktion import WEGWEISER, _choose, _publish, served_form

SPRACHEN = Path(__file__).resolve().parent / "fixtures" / "sprachen"
# What a translation of an entry may hold (docs/redaktion.md, „Was übersetzt wird – und was nicht“), and its fingerprint
TRANSLATABLE = {"name", "kurz", "beschreibung", "zeiten", "kosten", "anmeldung", "barrierefrei", "stichworte",
                "funktion", "sprechzeiten", "mitbringen", "ermaessigung"}  # the last two: Termine (issue 28)


# --- the configuration ---------------------------------------------------------------------------------

def test_config_shows_translations_in_the_original_and_no_collection_of_translations() -> None:
    from wegweiser.editors.cms import cms_config

    config = cms_config(ROOT)
    collections: list[dict[str, Any]] = config["collections"]  # type: ignore[assignment]
    site = yaml.safe_load((ROOT / "content" / "site.yaml").read_text(encoding="utf-8"))
    for collection in [c for c in collections if "folder" in c]:  # entries (quarters and topics are files)
        folder = ROOT / collection["folder"]
        # a "(Markdown-Dateien)" collection only where the folder holds a .md entry, not just translations
        # (the demo's quartiere/brunnenviertel/kitas has only *.<code>.md translations)
        if collection["extension"] == "md":
            assert any(p.name.count(".") == 1 for p in folder.glob("*.md")), collection["folder"]
        first = collection["fields"][0]
        assert first["widget"] == "uebersetzungen" and first["required"] is False, collection["name"]
        assert [language["code"] for language in first["sprachen"]] == site["sprachen"][1:]
        names = {f["name"] for f in collection["fields"][1:]} | {"beschreibung"}
        offered = [f["name"] for f in first["felder"]]
        assert set(offered) <= TRANSLATABLE and set(offered) <= names, offered
        assert "stand" not in offered and "telefon" not in offered
    assert {c["folder"] for c in collections if c.get("extension") == "md"} >= {"quartiere/hafenquartier/angebote"}
    assert "quartiere/brunnenviertel/kitas" not in {c["folder"] for c in collections if c.get("extension") == "md"}
    kontakte = next(c for c in collections if c["name"] == "hafenquartier_kontakte")
    assert {"funktion", "sprechzeiten"} <= {f["name"] for f in kontakte["fields"][0]["felder"]}


def test_a_site_in_one_language_has_no_translation_view(tmp_path: Path) -> None:
    from tests.conftest import MINI
    from wegweiser.editors.cms import cms_config

    collections: list[dict[str, Any]] = cms_config(MINI)["collections"]  # type: ignore[assignment]
    fields = [f for c in collections for f in c.get("fields", [])]
    fields += [f for c in collections for file in c.get("files", []) for f in file["fields"]]
    assert fields and all(f["widget"] != "uebersetzungen" for f in fields)


# --- the fingerprint in the browser is the one `check` computes ----------------------------------------

def test_the_form_computes_the_fingerprint_check_computes(browser: Any, tmp_path: Path) -> None:
    """Every entry of the demo: the browser's fingerprint of the original (read from the file as the form reads it)
    equals ``aktuelle_vorlage`` – else the form would call current translations outdated, or the reverse."""
    from wegweiser.content.loading import load_content
    from wegweiser.content.translation_files import aktuelle_vorlage
    from wegweiser.core.problems import Problems
    from wegweiser.core.resources import templates_dir
    from wegweiser.editors.cms import JS_YAML, translation_field

    content = load_content(ROOT, Problems())
    cases = [{"path": entry.source, "raw": (ROOT / entry.source).read_text(encoding="utf-8"),
              "fields": translation_field(ROOT, entry.typ)["felder"],  # type: ignore[index]
              "expected": aktuelle_vorlage("eintrag", entry)} for entry in content.eintraege]
    assert len(cases) > 50 and any(c["path"].endswith(".md") for c in cases)
    page_file = tmp_path / "seite.html"
    shutil.copyfile(JS_YAML, tmp_path / "js-yaml.min.js")
    shutil.copyfile(templates_dir() / "redaktion" / "uebersetzungen.js", tmp_path / "uebersetzungen.js")
    page_file.write_text('<!doctype html><meta charset="utf-8"><script>window.CMS = {getBackend: function () {}, '
                         'registerWidget: function () {}}; window.createClass = function (spec) { return spec; };'
                         '</script><script src="js-yaml.min.js"></script><script src="uebersetzungen.js"></script>',
                         encoding="utf-8")
    page = browser.new_page()
    page.goto(page_file.as_uri())
    got = page.evaluate("""cases => Promise.all(cases.map(c => {
        const u = window.wegweiserUebersetzungen;
        return u.fingerprint(u.originalTexts(u.parse(window.jsyaml, c.path, c.raw), c.fields));
    }))""", cases)
    page.close()
    wrong = [(c["path"], c["expected"], g) for c, g in zip(cases, got, strict=True) if c["expected"] != g]
    assert not wrong, wrong


# --- in Chromium, through the form ----------------------------------------------------------------------

@pytest.fixture
def formular(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The multilingual test project (de, leicht, en, ar) served with --redaktion."""
    root = tmp_path / "projekt"
    shutil.copytree(SPRACHEN, root)
    with served_form(root, tmp_path / "serve.log") as origin:
        yield origin, root


def _login(form_tab: Any, origin: str, width: int = 1280) -> Any:
    page = form_tab(width, 1000)
    page.set_default_timeout(15000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{origin}/redaktion/")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Nordviertel: Angebote").first.wait_for()
    page.errors = errors
    return page


def test_no_translation_is_listed_as_an_entry(form_tab: Any, formular: tuple[str, Path]) -> None:
    """Every collection of the form lists exactly the folder's entries: the originals, none of the
    ``<slug>.<code>.<suffix>`` files beside them (the fixture has .md and .yaml translations in several folders)."""
    origin, root = formular
    # a name with two dots that is no translation (Decap makes "st.-marien" of „St. Marien“): listed, so that the
    # editors see the file `check` refuses
    misnamed = root / "quartiere" / "nordviertel" / "angebote" / "st.-marien.yaml"
    misnamed.write_text("name: St. Marien\nstand: 2026-10-01\n", encoding="utf-8")
    config = yaml.safe_load(_get(f"{origin}/redaktion/config.yml"))
    page = _login(form_tab, origin)
    translations_beside = 0
    for collection in [c for c in config["collections"] if "folder" in c]:  # entries, not quarters or topics
        folder = root / collection["folder"]
        suffix = "." + collection["extension"]
        expected = sorted(p.name.split(".")[0] for p in folder.glob(f"*{suffix}")
                          if p.name.count(".") == 1) if folder.is_dir() else []
        if folder == misnamed.parent and suffix == ".yaml":
            expected = sorted([*expected, "st.-marien"])
        translations_beside += len([p for p in folder.glob(f"*.*{suffix}") if p.name.count(".") > 1]) \
            if folder.is_dir() else 0
        page.goto(f"{origin}/redaktion/#/collections/{collection['name']}")
        links = page.locator(f"a[href^='#/collections/{collection['name']}/entries/']")
        if expected:
            links.nth(len(expected) - 1).wait_for()
        else:
            page.get_by_text("Noch keine Einträge").first.wait_for()
        time.sleep(0.2)  # a listing is rendered at once; nothing more comes
        slugs = sorted(str(link.get_attribute("href")).rsplit("/", 1)[1] for link in links.all())
        assert slugs == expected, (collection["name"], slugs)
    assert translations_beside >= 8  # the check above saw translations to leave out
    assert not page.errors, page.errors


def _get(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as answer:
        text: str = answer.read().decode("utf-8")
        return text


def _row_status(page: Any, code: str) -> str:
    text: str = page.locator(f".ww-uebersetzungen tr[data-sprache='{code}'] .ww-uebersetzung-status").inner_text()
    return text


def _wait_for(condition: Any, what: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def _check(root: Path) -> str:
    result = subprocess.run([str(WEGWEISER), "check", str(root)], capture_output=True, text=True,
                            env={**os.environ, "CI": "true"})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _translation_keys(path: Path) -> tuple[dict[str, Any], str | None]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        assert text.startswith("---\n"), text
        front, body = text[4:].split("\n---\n", 1)
        return yaml.safe_load(front), body
    return yaml.safe_load(text), None


def test_create_and_edit_an_english_translation(form_tab: Any, formular: tuple[str, Path]) -> None:
    origin, root = formular
    folder = root / "quartiere" / "nordviertel" / "spielplaetze"
    original = folder / "wasserspielplatz.yaml"
    with original.open("a", encoding="utf-8") as out:  # a description, which a .md translation holds as its body
        out.write("beschreibung: |\n  Eine Pumpe, eine **Matschrinne** und ein Sandkasten.\n\n  Im Sommer mit Wasser.\n")
    before = original.read_bytes()
    german = yaml.safe_load(before)
    translation = folder / "wasserspielplatz.en.md"
    assert not translation.exists()
    page = _login(form_tab, origin)
    page.goto(f"{origin}/redaktion/#/collections/nordviertel_spielplaetze/entries/wasserspielplatz")
    page.locator(".ww-uebersetzungen tr[data-sprache='en']").wait_for()
    assert _row_status(page, "en") == "fehlt" and _row_status(page, "leicht") == "fehlt"
    page.get_by_role("button", name="Anlegen: English").click()
    # the German text stands beside each field; only text fields are offered, never facts
    editor = page.locator(".ww-uebersetzung[data-sprache='en']")
    assert german["name"] in editor.inner_text()
    assert page.locator("#uebersetzung-en-name").count() == 1
    assert page.locator("[id^='uebersetzung-en-stand'], [id^='uebersetzung-en-oeffnungszeiten']").count() == 0
    page.locator("#uebersetzung-en-name").fill("Water playground: \"splash\" #1")
    page.locator("#uebersetzung-en-beschreibung").fill("Water pumps, channels and a **sand pit**.\n\n"
                                                       "Open: May to September # not a comment & \"free\".")
    page.screenshot(path=str(Path(os.environ.get("SHOTS", "/tmp")) / "27-uebersetzungen-anlegen.png"))
    page.get_by_role("button", name="Übersetzung speichern").click()
    _wait_for(translation.is_file, "the translation was not saved")
    page.get_by_text("English: Übersetzung gespeichert").wait_for()
    assert _row_status(page, "en") == "aktuell"
    data, body = _translation_keys(translation)
    from wegweiser.content.loading import load_content
    from wegweiser.content.translation_files import aktuelle_vorlage
    from wegweiser.core.problems import Problems

    content = load_content(root, Problems())
    entry = next(e for e in content.eintraege if e.slug == "wasserspielplatz")
    assert set(data) <= TRANSLATABLE | {"vorlage", "original"} and "stand" not in data, data
    assert data["name"] == "Water playground: \"splash\" #1"
    assert data["vorlage"] == aktuelle_vorlage("eintrag", entry)  # made from the German text as it is now
    # and that text itself, field by field (as `uebersetzen import` writes it), for a later export's previous text
    assert data["original"] == {"name": german["name"], "kurz": german["kurz"],
                                "beschreibung": german["beschreibung"].strip()}
    assert body is not None and "**sand pit**" in body and "Open: May to September # not a comment & \"free\"." in body
    assert original.read_bytes() == before  # the original is untouched
    output = _check(root)
    assert "wasserspielplatz.en.md" not in output  # neither an error nor "veraltet"

    # edit it: the form reads the file back into the fields
    page.reload()
    page.locator(".ww-uebersetzungen tr[data-sprache='en']").wait_for()
    page.get_by_role("button", name="Bearbeiten: English").click()
    from playwright.sync_api import expect

    expect(page.locator("#uebersetzung-en-name")).to_have_value("Water playground: \"splash\" #1")
    page.locator("#uebersetzung-en-name").fill("Water playground")
    page.get_by_role("button", name="Übersetzung speichern").click()
    _wait_for(lambda: _translation_keys(translation)[0]["name"] == "Water playground", "the edit was not saved")
    edited, edited_body = _translation_keys(translation)
    assert set(edited) <= TRANSLATABLE | {"vorlage", "original"} and edited["vorlage"] == data["vorlage"]
    assert edited["original"] == data["original"]
    assert edited_body == body
    assert original.read_bytes() == before
    _check(root)

    # deleting the entry in the form takes its translation along: no translation is left without its original
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("[Ll]ösch")).first.click()
    _wait_for(lambda: not original.exists() and not translation.exists(), "the entry or its translation is left")
    assert (root / "quartiere" / "nordviertel" / "angebote" / "elterncafe.en.md").is_file()  # others stay
    _check(root)
    assert not page.errors, page.errors


def test_an_outdated_translation_edited_beside_the_current_german_text_is_current(
        form_tab: Any, formular: tuple[str, Path]) -> None:
    """sprachkurs.en.yaml was made from an earlier German text (``check``: veraltet). Edited in the form, with the
    German text as it is now beside it, it gets that text's fingerprint: current; its facts stay in the original."""
    origin, root = formular
    folder = root / "quartiere" / "nordviertel" / "angebote"
    original, translation = folder / "sprachkurs.yaml", folder / "sprachkurs.en.yaml"
    before = original.read_bytes()
    assert "sprachkurs.en.yaml:2:1: Hinweis: Die Übersetzung (English) ist veraltet" in _check(root)
    # a translation that is no valid YAML: named in its row, and the form offers no way to write over it
    broken = folder / "sprachkurs.ar.yaml"
    broken.write_text("name: [دورة\nkurz: x\n", encoding="utf-8")
    page = _login(form_tab, origin)
    page.goto(f"{origin}/redaktion/#/collections/nordviertel_angebote/entries/sprachkurs")
    page.locator(".ww-uebersetzungen tr[data-sprache='en']").wait_for()
    assert _row_status(page, "en") == "veraltet"
    assert _row_status(page, "leicht") == "fehlt"
    assert _row_status(page, "ar") == "Datei fehlerhaft"
    assert "sprachkurs.ar.yaml ist kein gültiges YAML" in page.locator("tr[data-sprache='ar']").inner_text()
    assert page.locator("tr[data-sprache='ar'] button").count() == 0
    broken.unlink()
    page.get_by_role("button", name="Bearbeiten: English").click()
    page.get_by_text("Der deutsche Text wurde geändert").wait_for()
    page.locator(".ww-uebersetzung").scroll_into_view_if_needed()
    page.screenshot(path=str(Path(os.environ.get("SHOTS", "/tmp")) / "27-uebersetzungen-veraltet.png"))
    page.locator("#uebersetzung-en-kosten").fill("1 euro per session")
    page.get_by_role("button", name="Übersetzung speichern").click()
    _wait_for(lambda: "1 euro per session" in translation.read_text(encoding="utf-8"), "not saved")
    page.get_by_text("English: Übersetzung gespeichert").wait_for()
    assert _row_status(page, "en") == "aktuell"
    data, _ = _translation_keys(translation)
    assert set(data) <= TRANSLATABLE | {"vorlage", "original"}
    assert data["original"]["kosten"] == yaml.safe_load(before)["kosten"]  # the German text it was made from
    assert data["name"] == "German course for mothers with childcare"  # untouched fields kept
    assert original.read_bytes() == before
    assert "veraltet: das Original" not in _check(root)
    assert not page.errors, page.errors


def test_a_new_entry_in_a_multilingual_project_opens_and_saves(form_tab: Any, formular: tuple[str, Path]) -> None:
    """A new entry has no file yet: the translation view says translations come after the first save, and the form
    stays usable (it once reloaded the view on every update, and React replaced the whole form with an error)."""
    origin, root = formular
    page = _login(form_tab, origin)
    page.goto(f"{origin}/redaktion/#/collections/nordviertel_angebote/new")
    page.get_by_text("Übersetzungen legen Sie an, sobald der Eintrag gespeichert ist.").wait_for()
    page.locator("[id^='name-field-']").fill("Babyschwimmen")
    _choose(page, "kategorien", next(iter(yaml.safe_load(
        (root / "content" / "kategorien.yaml").read_text(encoding="utf-8")).values()))["name"])
    _publish(page)
    saved = root / "quartiere" / "nordviertel" / "angebote" / "babyschwimmen.yaml"
    _wait_for(saved.is_file, "the new entry was not saved")
    page.locator(".ww-uebersetzungen tr[data-sprache='en']").wait_for()  # now it has a file: the languages
    assert _row_status(page, "en") == "fehlt"
    assert not page.errors, page.errors
