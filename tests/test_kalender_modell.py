"""Termine in the model (issue 28, deliver 2): every mistake the issue names is located by ``wegweiser check``, and a
series with exceptions gives exactly the dates a wall calendar shows."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from wegweiser.check.validate import load_and_validate
from wegweiser.model.entries import Termin
from wegweiser.model.occurrences import dates

from conftest import TODAY

FOLDER = "quartiere/testviertel/termine"
STAND = "stand: 2026-11-01\n"
# One file per mistake; the line each message must name (counted in the text below) and what it must say.
BROKEN = {
    "ende-vor-beginn.yaml": ("name: Ende vor Beginn\nbeginn: 2027-03-02 10:00\nende: 09:00\n" + STAND,
                             "error", 3, "Das Ende (09:00) liegt vor dem Beginn (02.03.2027 10:00)."),
    "ende-tag-davor.yaml": ("name: Ende am Vortag\nbeginn: 2027-07-19\nende: 2027-07-18\n" + STAND,
                            "error", 3, "Das Ende (18.07.2027) liegt vor dem Beginn (19.07.2027)."),
    "anmeldung-zu-spaet.yaml": ("name: Anmeldung zu spät\nbeginn: 2027-03-02 10:00\nanmeldung_ab: 2027-02-01\n"
                                "anmeldung_bis: 2027-03-05\n" + STAND, "error", 4,
                                "Die Anmeldung schließt am 05.03.2027, nach dem Beginn am 02.03.2027."),
    "einunddreissigster-februar.yaml": ("name: Unmöglich\nbeginn: 2027-02-28\n"
                                        "wiederholung: FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31;COUNT=3\n" + STAND,
                                        "error", 3, "ergibt keinen einzigen Tag"),
    "regel-unbekannt.yaml": ("name: Alle zwei Wochen\nbeginn: 2027-03-02 10:00\n"
                             "wiederholung: FREQ=FORTNIGHTLY;COUNT=3\n" + STAND, "error", 3,
                             "FREQ=FORTNIGHTLY gibt es nicht"),
    "beginn-passt-nicht.yaml": ("name: Mittwochs\nbeginn: 2027-03-02 10:00\n"
                                "wiederholung: FREQ=WEEKLY;BYDAY=WE;COUNT=4\n" + STAND, "error", 3,
                                "Der Beginn (Dienstag, 02.03.2027) passt nicht zur Regel"),
    "ohne-jahr.yaml": ('name: Ohne Jahr\nbeginn: "04.07."\n' + STAND, "error", 2, "„04.07.“ ist ein Datum ohne Jahr."),
    "ende-ohne-jahr.yaml": ('name: Ende ohne Jahr\nbeginn: 2027-07-04 10:00\nende: "5.7. 12 Uhr"\n' + STAND,
                            "error", 3, "„5.7. 12 Uhr“ ist ein Datum ohne Jahr."),
    "ohne-ende.yaml": ("name: Ohne Ende\nbeginn: 2027-03-02 10:00\nwiederholung: FREQ=WEEKLY;BYDAY=TU\n" + STAND,
                       "error", 3, "Die Reihe (wöchentlich am Dienstag) hat kein Ende."),
    "vorbei.yaml": ("name: Vorbei\nbeginn: 2026-01-06 10:00\nende: 11:00\n"
                    "wiederholung: FREQ=WEEKLY;BYDAY=TU;UNTIL=2026-03-31\n" + STAND, "warning", 4,
                    "Alle Tage dieser Reihe liegen in der Vergangenheit (zuletzt am 31.03.2026)"),
    "ende-vor-beginn-der-reihe.yaml": ("name: Endet vorher\nbeginn: 2027-03-02 10:00\n"
                                       "wiederholung: FREQ=WEEKLY;BYDAY=TU;UNTIL=2027-02-01\n" + STAND, "error", 3,
                                       "Die Reihe endet (UNTIL 01.02.2027) vor ihrem Beginn (02.03.2027)."),
}


@pytest.fixture(scope="module")
def check_output(tmp_path_factory: pytest.TempPathFactory) -> str:
    """``wegweiser check`` once over a project holding every mistake in a file of its own."""
    import shutil

    from conftest import MINI

    root = tmp_path_factory.mktemp("kalender-fehler") / "projekt"
    shutil.copytree(MINI, root)
    (root / FOLDER).mkdir(parents=True)
    for name, (text, *_rest) in BROKEN.items():
        (root / FOLDER / name).write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", "--format", "github", "--stichtag",
                             TODAY.isoformat(), str(root)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_mistake_is_named_with_file_and_line(check_output: str, name: str) -> None:
    _text, severity, line, message = BROKEN[name]
    found = [row for row in check_output.splitlines() if row.startswith(f"::{severity} file={FOLDER}/{name},")]
    assert found, f"nothing said about {name}:\n{check_output}"
    assert any(f",line={line}," in row and message in row for row in found), found


def test_no_mistake_is_reported_twice_or_for_a_good_file(check_output: str) -> None:
    rows = [row for row in check_output.splitlines() if row.startswith("::")]
    named = [row.split("file=")[1].split(",")[0] for row in rows]
    assert sorted(named) == sorted(f"{FOLDER}/{name}" for name in BROKEN)


def _event(scratch: Callable[..., Path], text: str) -> Termin:
    root = scratch(f"{FOLDER}/reihe.yaml", text)
    content, problems = load_and_validate(root, TODAY)
    assert problems.errors == [] and problems.warnings == []
    [event] = [e for e in content.eintraege if isinstance(e, Termin)]
    return event


def test_weekly_series_with_two_exceptions_gives_the_calendars_dates(scratch: Callable[..., Path]) -> None:
    """Every Tuesday from 2 March to 27 April 2027, 10:00-11:30, but not in the Easter holidays (30 March, 6 April);
    the clocks go forward on 28 March and the time of day stays 10:00."""
    event = _event(scratch, "name: Krabbelgruppe\nbeginn: 2027-03-02 10:00\nende: 11:30\n"
                            "wiederholung: FREQ=WEEKLY;BYDAY=TU;UNTIL=2027-04-27\n"
                            "ausnahmen: [2027-03-30, 2027-04-06]\n" + STAND)
    expected = ["2027-03-02", "2027-03-09", "2027-03-16", "2027-03-23", "2027-04-13", "2027-04-20", "2027-04-27"]
    found = dates(event)
    assert [o.start for o in found] == [datetime.fromisoformat(f"{d} 10:00") for d in expected]
    assert [o.end for o in found] == [datetime.fromisoformat(f"{d} 11:30") for d in expected]
    assert [o.day for o in dates(event, date(2027, 3, 20), date(2027, 4, 15))] == \
        [date(2027, 3, 23), date(2027, 4, 13)]


def test_monthly_series_on_the_first_saturday_with_listed_dates(scratch: Callable[..., Path]) -> None:
    """The first Saturday of four months (2027: 6 Feb, 6 Mar, 3 Apr, 1 May), the one in April cancelled, and an
    extra date on Sunday 16 May at 15:00."""
    event = _event(scratch, "name: Familienfrühstück\nbeginn: 2027-02-06 09:00\nende: 11:00\n"
                            "wiederholung: FREQ=MONTHLY;BYDAY=1SA;COUNT=4\nausnahmen: [2027-04-03]\n"
                            "daten: [2027-05-16 15:00]\n" + STAND)
    assert [(o.start, o.end) for o in dates(event)] == [
        (datetime(2027, 2, 6, 9), datetime(2027, 2, 6, 11)), (datetime(2027, 3, 6, 9), datetime(2027, 3, 6, 11)),
        (datetime(2027, 5, 1, 9), datetime(2027, 5, 1, 11)), (datetime(2027, 5, 16, 15), datetime(2027, 5, 16, 17))]
