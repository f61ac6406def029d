"""An independent computation of the "Mein Kind" windows for the tests: the G-BA Kinder-Richtlinie § 2 table and
the deadlines' laws written out here (not read from the rules file), with dateutil's month arithmetic (a day the
target month lacks becomes its last), not the program's."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

# (id, regular window, tolerance) as written in § 2 Kinder-Richtlinie / the J1 guideline: (unit, from, to).
TABLE = [
    ("u2", ("tag", 3, 10), ("tag", 3, 14)),
    ("u3", ("woche", 4, 5), ("woche", 3, 8)),
    ("u4", ("monat", 3, 4), ("monat", 2, 4.5)),
    ("u5", ("monat", 6, 7), ("monat", 5, 8)),
    ("u6", ("monat", 10, 12), ("monat", 9, 14)),
    ("u7", ("monat", 21, 24), ("monat", 20, 27)),
    ("u7a", ("monat", 34, 36), ("monat", 33, 38)),
    ("u8", ("monat", 46, 48), ("monat", 43, 50)),
    ("u9", ("monat", 60, 64), ("monat", 58, 66)),
    ("j1", ("jahr", 14, 14), ("jahr", 13, 15)),  # between the completed 13th and the completed 14th year, ±12 months
]


def _window(birth: date, unit: str, first: float, last: float) -> tuple[date, date]:
    # Day 1 of life is the birthday; the N-th month of life runs from birth + (N-1) months to the day before birth + N.
    if unit == "tag":
        return birth + timedelta(days=first - 1), birth + timedelta(days=last - 1)
    if unit == "woche":
        return birth + timedelta(days=7 * (first - 1)), birth + timedelta(days=7 * last - 1)
    if unit == "jahr":
        return birth + relativedelta(years=int(first) - 1), birth + relativedelta(years=int(last)) - timedelta(days=1)
    start = birth + relativedelta(months=int(first) - 1)
    if last != int(last):  # "4 1/2. Lebensmonat": the 15th day of the 5th month of life
        return start, birth + relativedelta(months=int(last)) + timedelta(days=14)
    return start, birth + relativedelta(months=int(last)) - timedelta(days=1)


def expected(birth: date, land: str = "NW") -> dict[str, tuple[date, ...]]:
    """rule id -> (from, to, tolerance from, tolerance to) for checks, (due,) for deadlines."""
    found: dict[str, tuple[date, ...]] = {}
    for ident, regular, tolerance in TABLE:
        found[ident] = (*_window(birth, *regular), *_window(birth, *tolerance))
    found["geburtsanzeige"] = (birth + timedelta(days=7),)  # PStG § 18: within a week (BGB § 188 Abs. 2)
    found["kindernachversicherung"] = (birth + relativedelta(months=2),)  # VVG § 198: two months after the birthday
    found["elterngeld"] = (birth + relativedelta(months=4) - timedelta(days=1),)  # BEEG § 7: within the 4th month
    six = birth.replace(day=1) + relativedelta(months=7)
    found["kindergeld"] = (six - timedelta(days=1),)  # EStG § 66 Abs. 3: by the end of the 6th month after
    if land == "NW":  # KiBiz § 5: six months before a start on the first birthday
        found["kita"] = (birth + relativedelta(years=1) - relativedelta(months=6),)
    return found


def birth_dates() -> list[date]:
    """20 birth dates: month ends, the 31st, 29 February, the 28th/30th, year ends (generated, fixed)."""
    dates = [date(2024, 1, 31), date(2024, 2, 29), date(2025, 1, 31), date(2023, 12, 31), date(2024, 3, 31),
             date(2024, 5, 31), date(2024, 8, 31), date(2024, 10, 31), date(2025, 2, 28), date(2028, 2, 29),
             date(2027, 12, 30), date(2024, 4, 30), date(2025, 6, 30), date(2026, 1, 29), date(2026, 1, 30),
             date(2025, 11, 30), date(2025, 8, 1), date(2024, 12, 31), date(2031, 7, 31), date(2032, 2, 29)]
    assert len(set(dates)) == 20
    return dates
