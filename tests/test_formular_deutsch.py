"""The browser form as a German editor expects it (issue 27, deliver 7): short-form ages shown as they are and
kept, German texts only, quarters and themes editable, a new quarter in the form without a restart."""

from __future__ import annotations

import re
import shutil
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_redaktion import _publish, redaktion  # noqa: F401  (the fixture: the mini project served --redaktion)

from tests.conftest import MINI

ENTRY = "quartiere/testviertel/angebote/elterncafe.yaml"
_ELTERNCAFE = (MINI / ENTRY).read_text(encoding="utf-8")
_AGES = {  # a file per form of `alter` the model accepts (model.entries.AgeRange) → what von and bis show
    ENTRY: (_ELTERNCAFE.replace('alter: "0-3"', 'alter: "0-6"'), "0", "6"),
    "quartiere/testviertel/angebote/lesestunde.yaml": ("name: Lesestunde\nalter: ab 6 Jahren\nstand: 2026-10-01\n",
                                                       "6", ""),
    "quartiere/testviertel/angebote/krabbeln.yaml": ("name: Krabbeln\nalter: \"bis 1,5\"\nstand: 2026-10-01\n",
                                                     "", "1.5"),
    "quartiere/testviertel/angebote/turnen.yaml": ("name: Turnen\nalter: {von: 3, bis: 10}\nstand: 2026-10-01\n",
                                                   "3", "10"),
}

# Decap's English (its German file leaves keys out, and these show in English then) and its clumsy German.
_ENGLISH = {"login", "logout", "log", "delete", "save", "saved", "publish", "published", "unpublished", "entries",
            "entry", "media", "search", "oops", "expand", "collapse", "close", "upload", "choose", "field", "loading",
            "new", "back", "draft", "toggle", "changes", "add", "remove", "sort", "view", "grid", "notes", "account",
            "dropdown", "option", "collections", "quick", "now", "clear", "assets", "images", "files"}
_CLUMSY = ("Lösche ", "Beitrag", "Allen Inhaltstypen", "..", "Oops")


def _open(form_tab: Any, origin: str, width: int = 1280) -> Any:
    page = form_tab(width, 900)
    page.set_default_timeout(15000)
    page.goto(f"{origin}/redaktion/")
    page.get_by_role("button", name="Anmelden").click()
    return page


def _wait(check: Callable[[], bool], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _entry(page: Any, origin: str, collection: str, title: str, field: str) -> None:
    """Open an entry from its list and wait until its fields hold the file's values (typing earlier is
    overwritten)."""
    page.goto(f"{origin}/redaktion/#/collections/{collection}")
    page.get_by_text(title, exact=True).first.click()
    page.locator(f"[id^='{field}-field-']").first.wait_for()
    page.wait_for_timeout(300)


@pytest.mark.parametrize("redaktion", [{name: text for name, (text, _, _) in _AGES.items()}], indirect=True)
def test_short_form_ages_are_shown_and_kept(form_tab: Any, redaktion: tuple[str, Path]) -> None:  # noqa: F811
    from playwright.sync_api import expect

    origin, root = redaktion
    page = _open(form_tab, origin)
    for name, (text, von, bis) in _AGES.items():
        _entry(page, origin, "testviertel_angebote", yaml.safe_load(text)["name"], "von")
        expect(page.locator("[id^='von-field-']"), name).to_have_value(von)
        expect(page.locator("[id^='bis-field-']"), name).to_have_value(bis)

    # saved with another field changed, the age stays as the file had it
    saved = root / ENTRY
    _entry(page, origin, "testviertel_angebote", "Elterncafé", "kurz")
    page.locator("[id^='kurz-field-']").fill("Frühstück für Eltern mit Babys und Kleinkindern.")
    _publish(page)
    assert _wait(lambda: "Kleinkindern" in saved.read_text(encoding="utf-8"))
    assert yaml.safe_load(saved.read_text(encoding="utf-8"))["alter"] == "0-6"
    # changed, it is written in the same (short) form: one line changes, not three
    page.wait_for_timeout(500)
    page.locator("[id^='bis-field-']").fill("10")
    _publish(page)
    assert _wait(lambda: yaml.safe_load(saved.read_text(encoding="utf-8"))["alter"] != "0-6")
    assert yaml.safe_load(saved.read_text(encoding="utf-8"))["alter"] == "0-10"
    # "von" greater than "bis": refused at the field, in German, the file unchanged
    page.wait_for_timeout(500)
    page.locator("[id^='von-field-']").fill("12")
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen").click()
    expect(page.get_by_text("„von“ (12) ist größer als „bis“ (10): Tauschen Sie die beiden Werte.", exact=True)
           ).to_be_visible()  # at the field (the form's summary names the field: "Alter: …")
    assert yaml.safe_load(saved.read_text(encoding="utf-8"))["alter"] == "0-10"


def _words(page: Any) -> tuple[str, set[str]]:
    """What an editor reads on the page: its visible text, tooltips and the names a screen reader gives."""
    shown = page.evaluate("""() => [document.body.innerText, document.title,
        ...[...document.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap(e =>
            [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('placeholder')])
        ].filter(Boolean).join('\\n')""")
    words = re.findall(r"[A-Za-zÄÖÜäöüß]+", re.sub(r"\S*/\S*", " ", shown))  # not in file paths (content/…)
    return shown, {word.lower() for word in words}


def _german(page: Any, screen: str) -> None:
    text, words = _words(page)
    found = words & _ENGLISH
    assert not found, (screen, sorted(found), [line for line in text.split("\n")
                                               if {w.lower() for w in re.findall(r"[A-Za-z]+", line)} & found])
    assert not [c for c in _CLUMSY if c in text], (screen, text)


def test_the_screens_speak_german(form_tab: Any, redaktion: tuple[str, Path]) -> None:  # noqa: F811
    from playwright.sync_api import expect

    origin, _ = redaktion
    page = form_tab(1280, 900)
    page.set_default_timeout(15000)
    questions: list[str] = []  # Decap's confirm() before leaving a changed entry

    def answer(dialog: Any) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.goto(f"{origin}/redaktion/")
    login = page.get_by_role("button", name="Anmelden")
    login.wait_for()
    _german(page, "Anmeldung")
    login.click()
    page.get_by_text("Testviertel: Angebote").first.click()
    page.get_by_text("Elterncafé").first.wait_for()
    _german(page, "Liste")
    page.get_by_text("Elterncafé").first.click()
    plz = page.locator("[id^='plz-field-']")
    expect(plz).to_have_value("59999")
    _german(page, "Eintrag")
    # a wrong value: the message at the field in ordinary letters, one period
    plz.fill("123")
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen").click()
    error = page.get_by_text("Fünf Ziffern, z. B. 44147.", exact=True)
    expect(error).to_be_visible()
    assert error.evaluate("e => getComputedStyle(e).textTransform") == "none"
    assert error.inner_text() == "Fünf Ziffern, z. B. 44147."
    _german(page, "Eintrag mit Fehler")
    page.goto(f"{origin}/redaktion/#/collections/testviertel_angebote/new")
    page.locator("[id^='name-field-']").wait_for()
    _german(page, "Neuer Eintrag")
    page.goto(f"{origin}/redaktion/#/collections/testviertel_angebote")
    page.get_by_text("Bilder und Dateien", exact=True).first.click()
    page.get_by_text("Hochladen").first.wait_for()
    _german(page, "Bilder und Dateien")
    assert questions and not [q for q in questions if {w.lower() for w in re.findall(r"[A-Za-z]+", q)} & _ENGLISH]


def _config(origin: str) -> str:
    with urllib.request.urlopen(f"{origin}/redaktion/config.yml", timeout=5) as answer:
        text: str = answer.read().decode("utf-8")
        return text


def test_quarters_and_themes_in_the_form(form_tab: Any, redaktion: tuple[str, Path]) -> None:  # noqa: F811
    """A quarter added as a folder appears without a restart of `serve --redaktion` (after a reload the form
    asks for); a quarter's and a theme's fields are edited and saved through the form."""
    from playwright.sync_api import expect

    origin, root = redaktion
    page = _open(form_tab, origin)
    page.get_by_text("Testviertel: Angebote").first.wait_for()
    assert page.get_by_text("Nordhafen: Angebote").count() == 0
    folder = root / "quartiere" / "nordhafen"
    folder.mkdir()
    (folder / "quartier.yaml").write_text("name: Nordhafen\nort: Teststadt\nstand: 2026-10-01\n", encoding="utf-8")
    assert _wait(lambda: "quartiere/nordhafen/quartier.yaml" in _config(origin)), "config.yml not rewritten"
    # the open form says so, and its button reloads it
    expect(page.locator("#ww-neu-laden")).to_contain_text("Quartiere oder Themen haben sich geändert")
    page.goto(f"{origin}/redaktion/#/collections/quartiere")
    page.get_by_role("button", name="Formular neu laden").click()
    page.get_by_text("Nordhafen: Angebote").first.wait_for()
    page.get_by_text("Nordhafen", exact=True).first.wait_for()  # its quartier.yaml in „Quartiere“

    page.get_by_text("Testviertel", exact=True).first.click()
    expect(page.locator("[id^='ort-field-']")).to_have_value("Teststadt")
    page.wait_for_timeout(300)
    page.locator("[id^='ort-field-']").fill("Teststadt-Nord")
    page.locator("[id^='strassen-field-']").fill("Teststraße, Hafenweg")
    _publish(page)
    quarter = root / "quartiere" / "testviertel" / "quartier.yaml"
    assert _wait(lambda: "Hafenweg" in quarter.read_text(encoding="utf-8"))
    data = yaml.safe_load(quarter.read_text(encoding="utf-8"))
    assert data["ort"] == "Teststadt-Nord" and data["strassen"] == ["Teststraße", "Hafenweg"]
    assert data["name"] == "Testviertel" and data["koordination"] == "koordination"  # the rest kept

    page.goto(f"{origin}/redaktion/#/collections/themen")
    page.get_by_text("Alle Themen").first.click()
    names = page.locator("[id^='name-field-']")
    expect(names.first).to_have_value("Frühe Hilfen")
    page.wait_for_timeout(300)
    names.first.fill("Frühe Hilfen und Geburt")
    _publish(page)
    themes = root / "content" / "kategorien.yaml"
    assert _wait(lambda: "Geburt\n" in themes.read_text(encoding="utf-8"))
    assert yaml.safe_load(themes.read_text(encoding="utf-8")) == {
        "fruehe-hilfen": {"name": "Frühe Hilfen und Geburt", "beschreibung": "Rund um Geburt und die ersten Jahre."},
        "sprache": {"name": "Sprache"}}
    # the new name reaches the entries' choice of themes
    assert _wait(lambda: "label: Frühe Hilfen und Geburt" in _config(origin))
    expect(page.get_by_role("button", name="Formular neu laden")).to_be_visible()
    shutil.rmtree(folder)  # removed again: its collections go
    assert _wait(lambda: "nordhafen" not in _config(origin))


def test_quarters_and_themes_have_the_model_fields(tmp_path: Path) -> None:
    """Both collections come from the model's field declarations, as the entries' do."""
    import dataclasses

    from wegweiser.editors.cms import cms_config
    from wegweiser.model.entries import Kategorie, Quartier

    def names(cls: type) -> list[str]:
        return [f.name for f in dataclasses.fields(cls) if f.metadata.get("spec") is not None]

    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    (root / "quartiere" / "ohne-datei").mkdir()  # a folder without quartier.yaml is no file of the form
    collections = {c["name"]: c for c in cms_config(root)["collections"]}
    quarters = collections["quartiere"]["files"]
    assert [(f["name"], f["file"]) for f in quarters] == [("testviertel", "quartiere/testviertel/quartier.yaml")]
    assert [f["name"] for f in quarters[0]["fields"]] == names(Quartier)
    by_name = {f["name"]: f for f in quarters[0]["fields"]}
    assert by_name["koordination"]["collection"] == "testviertel_kontakte"  # a contact of the quarter or region
    assert by_name["name"]["required"] and by_name["stand"]["required"] and not by_name["beschreibung"]["required"]
    (themes,) = collections["themen"]["files"]
    assert themes["file"] == "content/kategorien.yaml"
    assert [(f["name"], f["label"]) for f in themes["fields"]] == [("fruehe-hilfen", "Frühe Hilfen"),
                                                                  ("sprache", "Sprache")]
    assert all([g["name"] for g in f["fields"]] == names(Kategorie) for f in themes["fields"])
    alter = next(f for f in collections["testviertel_angebote"]["fields"] if f["name"] == "alter")
    assert alter["widget"] == "alter" and [f["name"] for f in alter["fields"]] == ["von", "bis"]
