"""Termine in the browser form (issue 28): the collections offer the event fields with widgets that write what
`check` accepts; a Termin created in the form passes `check`, and editing a hand-written one keeps its dates as
written (quoted or not, a flow list stays a flow list)."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_redaktion import WEGWEISER, _choose, _publish, served_form

from conftest import MINI, ROOT, TODAY

SHOTS = Path("/work/notes/shots")
# A hand-written Termin: beginn quoted, ende not, the exceptions as a flow list.
HAND_WRITTEN = """name: Babytreff am Donnerstag
beginn: "2026-11-26 10:00"
ende: 11:30
wiederholung: FREQ=WEEKLY;BYDAY=TH;COUNT=10
ausnahmen: [2026-12-24, 2026-12-31]
kosten: kostenlos
stand: 2026-11-01
"""


def _collections() -> dict[str, Any]:
    from wegweiser.editors.cms import cms_config

    config = cms_config(ROOT)
    return {str(c["name"]): c for c in config["collections"] if "folder" in c}  # type: ignore[attr-defined]


def test_the_termine_collections_offer_the_event_fields() -> None:
    from wegweiser.model.event_fields import RULE_HINT

    collections = _collections()
    assert {"brunnenviertel_termine", "region_termine"} <= set(collections)
    fields = {f["name"]: f for f in collections["brunnenviertel_termine"]["fields"]}
    assert fields["beginn"]["required"] is True and fields["beginn"]["label"] == "Beginn"
    # text with check's own pattern, never Decap's datetime widget (no whole days, no "16:00" alone)
    begin = re.compile(fields["beginn"]["pattern"][0])
    for accepted in ("2027-07-04 14:00", "04.07.2027 10:00", "2027-07-04", "4.7.2027 um 10 Uhr"):
        assert fields["beginn"]["widget"] == "string" and begin.match(accepted), accepted
    for refused in ("04.07.", "morgen", "16:00"):
        assert not begin.match(refused), refused
    end = re.compile(fields["ende"]["pattern"][0])
    assert end.match("16:00") and end.match("2027-07-05") and not end.match("04.07.")
    assert fields["ende"]["required"] is False
    rule = fields["wiederholung"]
    assert rule["widget"] == "string" and RULE_HINT in rule["hint"]
    assert re.match(rule["pattern"][0], "FREQ=WEEKLY;BYDAY=WE;UNTIL=2027-07-10")
    assert not re.match(rule["pattern"][0], "jeden Mittwoch")
    # the exceptions: one date per row (Decap's date picker, written as 2026-12-23), no "separate with commas"
    exceptions = fields["ausnahmen"]
    assert exceptions["widget"] == "list" and exceptions["field"]["widget"] == "datetime"
    assert exceptions["field"]["format"] == "YYYY-MM-DD" and exceptions["field"]["time_format"] is False
    assert "Komma" not in exceptions["hint"]
    assert fields["daten"]["field"]["widget"] == "string"  # dates with or without a time
    for name in ("anmeldung_ab", "anmeldung_bis", "plaetze_stand"):
        assert fields[name]["widget"] == "datetime" and fields[name]["format"] == "YYYY-MM-DD"
    assert fields["plaetze_frei"]["widget"] == "number" and fields["plaetze_frei"]["value_type"] == "int"
    assert fields["bildung_und_teilhabe"]["widget"] == "boolean"
    assert fields["angebot"]["widget"] == "kontakt"  # the quarter's offers, then the region's
    assert fields["angebot"]["collection"] == "brunnenviertel_angebote"
    assert fields["angebot"]["region_collection"] == "region_angebote"
    assert fields["ermaessigung"]["label"] == "Ermäßigung" and fields["anmeldung_bis"]["label"] == "Anmeldung bis"
    assert {"mitbringen", "ermaessigung"} <= {f["name"] for f in fields["uebersetzungen"]["felder"]}


def test_a_termin_from_the_form_passes_check_and_keeps_hand_written_dates(form_tab: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    folder = root / "quartiere" / "testviertel" / "termine"
    folder.mkdir()
    (folder / "babytreff.yaml").write_text(HAND_WRITTEN, encoding="utf-8")
    with served_form(root, tmp_path / "serve.log", "--stichtag", TODAY.isoformat()) as origin:
        page = form_tab(1280, 1000)
        page.set_default_timeout(15000)
        page.goto(f"{origin}/redaktion/")
        page.get_by_role("button", name="Anmelden").click()
        page.get_by_text("Testviertel: Termine").first.click()
        page.get_by_text("Termin (Testviertel)").click()  # "Neu: Termin"
        page.locator("[id^='name-field-']").fill("Laternenbasteln")
        page.locator("[id^='beginn-field-']").fill("2026-11-28 15:00")
        page.locator("[id^='ende-field-']").fill("17:00")
        page.locator("[id^='wiederholung-field-']").fill("FREQ=WEEKLY;BYDAY=SA;COUNT=3")
        page.locator("[id^='mitbringen-field-']").fill("Schere und Kleber")
        _choose(page, "angebot", "Elterncafé")
        page.get_by_role("button", name="tag hinzufügen", exact=True).click()  # Decap: "<label_singular> hinzufügen"
        page.locator("[id^='ausnahmen-field-'] input[type='date']").fill("2026-12-05")
        page.locator("[id^='beginn-field-']").scroll_into_view_if_needed()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "28-heft-formular-termin-1280.png"), full_page=False)
        _publish(page)
        saved = folder / "laternenbasteln.yaml"
        deadline = time.monotonic() + 15
        while not saved.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert saved.is_file(), (tmp_path / "serve.log").read_text()
        text = saved.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        assert data["name"] == "Laternenbasteln" and data["angebot"] == "elterncafe"
        assert "beginn: 2026-11-28 15:00\n" in text  # as an editor writes it
        assert data["wiederholung"] == "FREQ=WEEKLY;BYDAY=SA;COUNT=3"
        assert [str(d) for d in data["ausnahmen"]] == ["2026-12-05"]
        check = subprocess.run([str(WEGWEISER), "check", str(root), "--stichtag", TODAY.isoformat()],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        # no warning about its dates either (the exception is one of its days); the form's "stand" is the machine's
        # today, which may lie after the Stichtag
        assert not [line for line in check.stdout.splitlines() if "laternenbasteln" in line and "stand" not in line]

        # edit the hand-written one: only "kosten" changes, its dates stay as written
        page.get_by_text("Zurück zur Übersicht", exact=False).click()
        page.get_by_text("Babytreff am Donnerstag").first.click()
        expect(page.locator("[id^='kosten-field-']")).to_have_value("kostenlos", timeout=15000)
        page.locator("[id^='kosten-field-']").fill("1 Euro")
        _publish(page)
        edited = folder / "babytreff.yaml"
        deadline = time.monotonic() + 15
        while "1 Euro" not in edited.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.1)
        after = edited.read_text(encoding="utf-8")
        assert "kosten: 1 Euro\n" in after
        for line in ('beginn: "2026-11-26 10:00"\n', "ende: 11:30\n", "ausnahmen: [2026-12-24, 2026-12-31]\n",
                     "wiederholung: FREQ=WEEKLY;BYDAY=TH;COUNT=10\n"):
            assert line in after, after


@pytest.mark.parametrize("value", ["2026-11-27 10:00", "27.11.2026 10:00"])
def test_hand_written_forms_of_a_moment_pass_the_save_check(tmp_path: Path, value: str) -> None:
    """What the form's pattern lets through, the save check (form_check) accepts too; an end before the start is
    refused with check's located message."""
    from wegweiser.editors.form_check import save_problems

    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    path = root / "quartiere" / "testviertel" / "termine" / "kurs.yaml"
    path.parent.mkdir()
    good = f"name: Kurs\nbeginn: {value}\nende: 12:00\nstand: 2026-11-01\n"
    assert save_problems(root, {path: good}, [], TODAY) == []
    [(field, message)] = save_problems(root, {path: good.replace("ende: 12:00", "ende: 09:00")}, [], TODAY)
    assert field == "ende" and "kurs.yaml:3:" in message and "liegt vor dem Beginn" in message
