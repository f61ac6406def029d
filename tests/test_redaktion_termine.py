"""Termine in the editors' command-line tools (issue 28): ``wegweiser neu termine`` and the Prüfliste."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from wegweiser.check.validate import load_and_validate
from wegweiser.editors.new_entry import entry_text
from wegweiser.editors.review_list import entry_lines, reasons

from conftest import TODAY

OLD = "stand: 2025-01-10\n"  # more than 12 months before TODAY: due, unless the Termin is over


def test_neu_termine_lists_the_dates_first_and_says_what_is_required() -> None:
    text = entry_text("termine", "testviertel", "Laternenumzug", TODAY)
    lines = text.splitlines()
    position = {line.split(":")[0].lstrip("#"): n for n, line in enumerate(lines) if ":" in line and
                not line.startswith("# ")}
    assert position["kurz"] < position["beginn"] < position["ende"] < position["wiederholung"] < position["adresse"]
    assert lines[position["beginn"]].startswith("#beginn: ")  # still a comment: no invented date
    assert "Pflichtfeld" in lines[position["beginn"] - 2]
    assert "Pflichtfeld" not in text.replace(lines[position["beginn"] - 2], "")  # only there
    assert entry_text("angebote", "testviertel", "Kurs", TODAY).index("#kurz") < \
        entry_text("angebote", "testviertel", "Kurs", TODAY).index("#oeffnungszeiten")  # other types unchanged


def test_a_termin_that_is_over_is_not_due_and_a_coming_one_shows_its_dates(scratch: Callable[..., Path]) -> None:
    root = scratch("quartiere/testviertel/termine/vorbei.yaml", "name: Herbstfest\nbeginn: 2026-10-03 14:00\n" + OLD)
    scratch("quartiere/testviertel/termine/reihe.yaml",
            "name: Babytreff\nbeginn: 2026-11-26 10:00\nende: 11:30\nwiederholung: FREQ=WEEKLY;BYDAY=TH;COUNT=8\n"
            "ausnahmen: [2026-12-24, 2026-12-31]\nangebot: elterncafe\n" + OLD)
    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors, [p.format() for p in problems.errors]
    by_name = {e.name: e for e in content.eintraege}
    assert reasons(by_name["Herbstfest"], TODAY) == []  # over: nobody needs to confirm it
    assert reasons(by_name["Herbstfest"], date(2026, 10, 1))  # before it, it is due like any entry
    assert reasons(by_name["Babytreff"], TODAY)
    lines = dict(entry_lines(by_name["Babytreff"], content, None))
    assert lines["Beginn"] == "26.11.2026 10:00 Uhr" and lines["Ende"] == "11:30 Uhr"
    assert lines["Fällt aus am"] == "24.12.2026, 31.12.2026"
    assert "Donnerstag" in lines["Wiederholung"] and "FREQ=WEEKLY;BYDAY=TH;COUNT=8" in lines["Wiederholung"]
    assert lines["Gehört zum Angebot"] == "Elterncafé"  # the offer's name, not its slug
