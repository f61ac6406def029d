"""When an entry is due for review (``wegweiser pruefliste``, ``check``'s hint and the planning report's share):
its ``stand`` lies more than ``months`` calendar months before the Stichtag, its ``gueltig_bis`` falls within the
next eight weeks, or ``gueltig_bis`` has passed. A Termin whose last date is past is never due."""

from __future__ import annotations

from datetime import date, timedelta

from wegweiser.content.records import Content
from wegweiser.i18n.catalogue import texte
from wegweiser.model.entries import Eintrag, Termin
from wegweiser.model.occurrences import ended

EXPIRY_WINDOW = timedelta(weeks=8)


def date_text(value: date | None) -> str:
    """05.03.2026: the letter is German."""
    return texte().datum(value, "medium")


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day where it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # every month has a 28th


def months_dative(months: int) -> str:
    """"einem Monat", "2 Monaten": the number of months after "vor (mehr als)"."""
    return "einem Monat" if months == 1 else f"{months} Monaten"


def expired(entry: Eintrag, today: date) -> bool:
    """Whether ``gueltig_bis`` has passed: the site shows the entry's address as removed (``Published.select``)."""
    return entry.gueltig_bis is not None and entry.gueltig_bis < today


def reasons(entry: Eintrag, today: date, months: int = 12) -> list[str]:
    """Why the entry is due for review (empty: not due). An expired entry has one reason: whether it goes on
    matters, not how old its data are."""
    if isinstance(entry, Termin) and ended(entry, today):
        return []  # its last date is past: the site no longer shows it, nobody needs to confirm it
    if entry.gueltig_bis and expired(entry, today):
        return [f"„gueltig_bis“ ({date_text(entry.gueltig_bis)}) ist vorbei, der Eintrag wird nicht mehr "
                "veröffentlicht: gibt es das Angebot noch?"]
    found = []
    if entry.stand < months_before(today, months):
        found.append(f"zuletzt geprüft am {date_text(entry.stand)}, vor mehr als {months_dative(months)}")
    if entry.gueltig_bis and entry.gueltig_bis <= today + EXPIRY_WINDOW:
        found.append(f"läuft am {date_text(entry.gueltig_bis)} ab")
    return found


def due_entries(content: Content, today: date, months: int = 12) -> list[Eintrag]:
    return [e for e in content.eintraege if reasons(e, today, months)]
