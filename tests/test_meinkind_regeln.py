""""Mein Kind" rules (issue 28): the known answers of the issue, 20 birth dates against an independent computation,
the rules file's located errors and the check date warning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from meinkind_expected import birth_dates, expected

from wegweiser.check.validate import check_child_rules
from wegweiser.core.problems import Problems, Severity
from wegweiser.model import child_dates
from wegweiser.model.child_dates import add_months, load_rules


def computed(birth: date, land: str = "NW") -> dict[str, tuple[date, ...]]:
    rules = load_rules()
    found: dict[str, tuple[date, ...]] = {}
    for check in rules.untersuchungen:
        found[check.id] = (*check.zeitraum.dates(birth), *check.toleranz.dates(birth))
    for deadline in rules.fristen:
        due = deadline.due(birth)
        if due:
            found[deadline.id] = (due,)
    kita = rules.kita.due(birth, land)
    if kita:
        found["kita"] = (kita,)
    return found


def test_known_answers_of_the_issue() -> None:
    found = computed(date(2025, 3, 10))
    assert found["u2"][:2] == (date(2025, 3, 12), date(2025, 3, 19))
    assert found["u3"][:2] == (date(2025, 3, 31), date(2025, 4, 13))
    assert found["u4"][:2] == (date(2025, 5, 10), date(2025, 7, 9))
    assert found["u9"][:2] == (date(2030, 2, 10), date(2030, 7, 9))
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


@pytest.mark.parametrize("birth", [date(2025, 3, 10), *birth_dates()], ids=str)
def test_twenty_birth_dates_against_an_independent_computation(birth: date) -> None:
    assert computed(birth) == expected(birth)


def test_every_rule_names_its_source_and_check_date() -> None:
    rules = load_rules()
    assert {c.id for c in rules.untersuchungen} == {"u2", "u3", "u4", "u5", "u6", "u7", "u7a", "u8", "u9", "j1"}
    assert {d.id for d in rules.fristen} >= {"geburtsanzeige", "elterngeld", "kindergeld", "kindernachversicherung",
                                             "krankenversicherung"}
    for rule in [*rules.untersuchungen, *rules.fristen, *rules.kita.laender.values()]:
        assert rule.quelle.url.startswith(("https://www.g-ba.de/", "https://www.gesetze-im-internet.de/",
                                           "https://recht.nrw.de/")), rule
        assert "§" in rule.quelle.titel or "Richtlinie" in rule.quelle.titel, rule
        assert rule.geprueft > date(2026, 1, 1)
    assert "1. Lebenstag" in rules.zaehlung and rules.zaehlung_quelle.url.startswith("https://www.g-ba.de/")
    # unclear rules say so (U4's "4 1/2. Lebensmonat")
    assert next(c for c in rules.untersuchungen if c.id == "u4").unklar


BROKEN = """\
geprueft: 2026-11-20
zaehlung:
  text: Der Tag der Geburt ist der 1. Lebenstag.
  quelle: {titel: Kinder-Richtlinie § 2, url: https://www.g-ba.de/richtlinien/15/}
untersuchungen:
  - id: u2
    name: U2
    zeitraum: {von: {lebenstag: 10}, bis: {lebenstag: 3}}
    toleranz: {von: {lebenstag: 3}, bis: {lebenstag: 14}}
    quelle: {titel: Kinder-Richtlinie § 2, url: https://www.g-ba.de/richtlinien/15/}
    geprueft: 2026-11-20
  - id: u3
    name: U3
    zeitraum: {von: {lebenswoche: 4}, bis: {lebensjahrzehnt: 5}}
    toleranz: {von: {lebenswoche: 3}, bis: {lebenswoche: 8}}
    quelle: {titel: Kinder-Richtlinie § 2, url: http://www.g-ba.de/}
    geprueft: 20.11.2026
fristen:
  - id: elterngeld
    name: Elterngeld beantragen
    bis: {lebensmonat: 0}
    was: Antrag stellen.
    quelle: {titel: BEEG § 7, url: https://www.gesetze-im-internet.de/beeg/__7.html}
    geprueft: 2026-11-20
kita:
  beginn: {lebensjahr: 2}
  bundesrecht: {titel: SGB VIII § 24, url: https://www.gesetze-im-internet.de/sgb_8/__24.html}
  laender:
    NW: {monate_vorher: sechs, was: x, quelle: {titel: KiBiz § 5, url: https://recht.nrw.de/}, geprueft: 2026-11-20}
"""


def test_rules_file_errors_are_located_and_german(tmp_path: Path) -> None:
    path = tmp_path / "fristen.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    problems = Problems()
    check_child_rules(problems, date(2026, 11, 21), path, "fristen.yaml")
    found = {(p.loc.line, p.message) for p in problems.items}
    assert all(p.severity is Severity.ERROR for p in problems.items)
    lines = {line for line, _ in found}
    assert 8 in lines  # zeitraum ends before it starts
    assert 14 in lines  # unknown unit
    assert 16 in lines  # a source without https
    assert 17 in lines  # a date without ISO form
    assert 21 in lines  # lebensmonat 0
    assert 29 in lines  # monate_vorher not a number
    messages = " ".join(m for _, m in found)
    assert "endet vor seinem Beginn" in messages and "lebensjahrzehnt" in messages and "https://" in messages


def test_check_warns_when_the_check_date_is_over_a_year_old() -> None:
    rules = load_rules()
    problems = Problems()
    check_child_rules(problems, rules.geprueft.replace(year=rules.geprueft.year + 1))
    assert problems.items == []  # exactly a year: still fine
    later = date.fromordinal(rules.geprueft.replace(year=rules.geprueft.year + 1).toordinal() + 1)
    check_child_rules(problems, later)
    (warning,) = problems.items
    assert warning.severity is Severity.WARNING
    assert warning.loc.path == child_dates.SHOWN and warning.loc.line == _line_of("geprueft:")
    assert "vor mehr als einem Jahr" in warning.message


def _line_of(prefix: str) -> int:
    lines = child_dates.RULES_FILE.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(prefix))
