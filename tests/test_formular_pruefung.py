"""Issue 27, deliver 1: the form refuses what ``wegweiser check`` refuses, before saving, with check's German message at
the field and a German summary that names the field; no client can write a file check would refuse."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import test_redaktion
from test_redaktion import WEGWEISER, _backend_url, _call, _choose, _persist, _publish, _tree

from conftest import TODAY

redaktion = test_redaktion.redaktion  # the served mini project (fixture)

SHOTS = Path("/work/notes/shots")
FOLDER = "quartiere/testviertel/angebote"
# the file of an entry check accepts (the mini project's category and contact)
_GUT = ("name: Spielgruppe\nkategorien: [fruehe-hilfen]\noeffnungszeiten: Mo 09:00-11:00\nkontakt: koordination\n"
        "stand: 2026-10-01\n")


def _form(form_tab: Any, origin: str, width: int = 1280) -> Any:
    page = form_tab(width, 1000)
    page.set_default_timeout(15000)
    page.goto(f"{origin}/redaktion/")
    page.get_by_role("button", name="Anmelden").click()
    return page


def _new_entry(page: Any, name: str) -> None:
    page.get_by_text("Testviertel: Angebote").first.click()
    page.get_by_text("Angebot (Testviertel)").click()  # „Neu: Angebot“
    page.locator("[id^='name-field-']").fill(name)


def _field_errors(page: Any, field: str) -> str:
    """The messages the form shows at ``field`` (the list beside its label)."""
    errors = page.locator(f"label[for^='{field}-field-'] + ul")
    errors.first.wait_for(timeout=15000)
    return str(errors.first.text_content())  # as written (Decap shows it in capitals)


def _summary(page: Any) -> str:
    box = page.locator("#ww-pruefung")
    box.wait_for(timeout=15000)
    return str(box.inner_text())


def _refused(page: Any, tmp_path: Path, before: dict[str, str], field: str, label: str, *words: str) -> str:
    """Publishing is refused: the message at ``field``, ``label`` in the summary, nothing written."""
    _publish(page)
    shown = _field_errors(page, field)
    summary = _summary(page)
    for word in words:
        assert word in shown, shown
    assert f"„{label}“" in summary and "Nicht gespeichert" in summary, summary
    assert "Oops" not in page.content()
    time.sleep(0.5)  # a save under way would have written by now
    assert _tree(tmp_path) == before
    return shown


def test_the_form_refuses_invalid_opening_hours_at_the_field(form_tab: Any, redaktion: tuple[str, Path],
                                                            tmp_path: Path) -> None:
    """The issue's case: "Di 9-11 Uhr" was saved as published. Now check's message (with file and line) stands at
    the field, the summary names „Öffnungszeiten“, and no file changes; corrected, the entry saves and passes check."""
    origin, root = redaktion
    page = _form(form_tab, origin)
    _new_entry(page, "Spielgruppe")
    _choose(page, "kategorien", "Frühe Hilfen")
    page.locator("[id^='oeffnungszeiten-field-']").fill("Di 9-11 Uhr")
    before = _tree(tmp_path)
    shown = _refused(page, tmp_path, before, "oeffnungszeiten", "Öffnungszeiten",
                     "Die Öffnungszeiten „Di 9-11 Uhr“ sind nicht lesbar", f"{FOLDER}/spielgruppe.yaml:")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "27-pruefung-oeffnungszeiten-1280.png"))
    assert "Fehler:" in shown
    hours = page.locator("[id^='oeffnungszeiten-field-']")
    hours.fill("")
    hours.fill("Tu 09:00-11:00")
    from playwright.sync_api import expect

    expect(hours).to_have_value("Tu 09:00-11:00")
    _publish(page)
    saved = root / FOLDER / "spielgruppe.yaml"
    deadline = time.monotonic() + 15
    while not saved.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert saved.is_file()
    check = subprocess.run([str(WEGWEISER), "check", str(root)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    page.locator("#ww-pruefung").wait_for(state="detached", timeout=15000)  # the summary goes with the errors


def test_the_form_refuses_a_category_removed_meanwhile(form_tab: Any, redaktion: tuple[str, Path],
                                                      tmp_path: Path) -> None:
    """The form offers the categories it loaded; one removed on disk since (by a colleague, by git pull) is
    unknown to check: refused with check's message at „Themen“."""
    origin, root = redaktion
    page = _form(form_tab, origin, width=360)
    _new_entry(page, "Sprachkurs")
    _choose(page, "kategorien", "Sprache")
    categories = root / "content" / "kategorien.yaml"
    categories.write_text(categories.read_text(encoding="utf-8").split("sprache:")[0], encoding="utf-8")
    before = _tree(tmp_path)
    _refused(page, tmp_path, before, "kategorien", "Themen", "Die Kategorie „sprache“ gibt es nicht.")
    page.screenshot(path=str(SHOTS / "27-pruefung-kategorie-360.png"))


def test_the_form_refuses_a_contact_removed_meanwhile(form_tab: Any, redaktion: tuple[str, Path],
                                                     tmp_path: Path) -> None:
    origin, root = redaktion
    page = _form(form_tab, origin)
    _new_entry(page, "Babymassage")
    _choose(page, "kontakt", "Netzwerkbüro Testviertel")
    (root / "quartiere/testviertel/kontakte/koordination.yaml").unlink()
    (root / FOLDER / "elterncafe.yaml").unlink()  # it names the contact too: its error is not the save's
    before = _tree(tmp_path)
    _refused(page, tmp_path, before, "kontakt", "Kontakt", "Den Kontakt „koordination“ gibt es nicht.")


def test_the_form_refuses_a_missing_required_value(form_tab: Any, redaktion: tuple[str, Path], tmp_path: Path) -> None:
    """A map position needs both values; the form leaves an optional group's fields optional, check demands
    „lon“ once „lat“ is given."""
    origin, _ = redaktion
    page = _form(form_tab, origin)
    _new_entry(page, "Waldspielgruppe")
    page.locator("[id^='lat-field-']").fill("51.5")
    before = _tree(tmp_path)
    _refused(page, tmp_path, before, "geo", "Lage auf der Karte", "Das Pflichtfeld „lon“ fehlt.")


_REFUSED = [  # (text a client sends, check's message): each refused, by whatever client
    (_GUT.replace("Mo 09:00-11:00", "Di 9-11 Uhr"), "Die Öffnungszeiten „Di 9-11 Uhr“ sind nicht lesbar"),
    (_GUT.replace("fruehe-hilfen", "gibt-es-nicht"), "Die Kategorie „gibt-es-nicht“ gibt es nicht."),
    (_GUT.replace("kontakt: koordination", "kontakt: niemand"), "Den Kontakt „niemand“ gibt es nicht."),
    (_GUT.replace("name: Spielgruppe\n", ""), "Das Pflichtfeld „name“ fehlt."),
]


def test_a_direct_post_of_a_refused_file_writes_nothing(redaktion: tuple[str, Path], tmp_path: Path) -> None:
    """Not only the form: any client's save that check would refuse gets 422 with the messages per field, and
    nothing is written; validateEntry answers the same without writing. (One server for the four cases.)"""
    origin, root = redaktion
    url = _backend_url(origin)
    before = _tree(tmp_path)
    for raw, message in _REFUSED:
        for action in ("validateEntry", "persistEntry"):
            status, body, _ = _call(url, {**_persist(f"{FOLDER}/neu.yaml", raw), "action": action}, origin)
            answer = json.loads(body)
            assert status == 422, (message, answer)
            assert message in answer["error"] and any(message in item["meldung"] for item in answer["felder"])
            assert _tree(tmp_path) == before, message
    status, body, _ = _call(url, _persist(f"{FOLDER}/neu.yaml", _GUT), origin)
    assert status == 200, body
    check = subprocess.run([str(WEGWEISER), "check", str(root)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_check_save_fields_and_unrelated_errors(scratch: Any) -> None:
    """In the process: each message names its top-level field; an error the project already had elsewhere does not
    block a correct save, a new one the save causes elsewhere does."""
    from wegweiser.editors.form_check import SaveRefused, check_save

    root = scratch("quartiere/testviertel/angebote/kaputt.yaml", "name: [\n")  # broken before the save
    target = root / FOLDER / "neu.yaml"
    check_save(root, {target: _GUT}, today=TODAY)  # accepted despite kaputt.yaml
    with pytest.raises(SaveRefused) as refused:
        check_save(root, {target: _GUT.replace("kontakt: koordination", "kontakt: niemand")
                          .replace("stand: 2026-10-01", "geo:\n  lat: 51.5\nstand: 2026-10-01")}, today=TODAY)
    assert [field for field, _ in refused.value.messages] == ["kontakt", "geo"]
    assert refused.value.messages[0][1].startswith(f"{FOLDER}/neu.yaml:4:10: Fehler: Den Kontakt „niemand“")
    # a second file with the slug of an existing one: the error lands on the other file
    with pytest.raises(SaveRefused) as refused:
        check_save(root, {root / FOLDER / "elterncafe.md": "---\n" + _GUT + "---\nText.\n"}, today=TODAY)
    assert any("Das Kürzel „elterncafe“ gibt es schon" in message for _, message in refused.value.messages)
    assert not (root / FOLDER / "neu.yaml").exists() and not (root / FOLDER / "elterncafe.md").exists()
    # the private copy links the project's files: a checked text replaces its link, never writes through it
    existing = root / FOLDER / "elterncafe.yaml"
    before = existing.read_bytes()
    with pytest.raises(SaveRefused):
        check_save(root, {existing: before.decode().replace("kontakt: koordination", "kontakt: niemand")},
                   today=TODAY)
    assert existing.read_bytes() == before


def test_deleting_a_contact_entries_still_name_is_refused(redaktion: tuple[str, Path], tmp_path: Path) -> None:
    """Deleting is writing too: without the contact, check fails on every entry that names it (the mini project's
    elterncafe.yaml names „koordination“), so the file stays; a contact nobody names may go."""
    origin, root = redaktion
    url = _backend_url(origin)
    before = _tree(tmp_path)
    status, body, _ = _call(url, {"action": "deleteFile",
                                  "params": {"path": "quartiere/testviertel/kontakte/koordination.yaml"}}, origin)
    answer = json.loads(body)
    assert status == 422, answer
    assert answer["error"].startswith("Nicht gelöscht:")
    assert "Den Kontakt „koordination“ gibt es nicht." in answer["error"]
    assert _tree(tmp_path) == before
    (root / "quartiere/testviertel/kontakte/niemand.yaml").write_text(
        "name: Niemand\nquartiere: [testviertel]\nstand: 2026-10-01\n", encoding="utf-8")
    status, body, _ = _call(url, {"action": "deleteFile",
                                  "params": {"path": "quartiere/testviertel/kontakte/niemand.yaml"}}, origin)
    assert status == 200, body
    assert not (root / "quartiere/testviertel/kontakte/niemand.yaml").exists()
