"""Former home of single-value rendering, kept so that older imports work. Each concern has its own module now:

- ``markdown_text.py``: safe Markdown and multi-line fields;
- ``alter.py``: ages in words, ``typicalAgeRange``, the age groups of the search;
- ``oeffnungszeiten.py``: opening hours (week table, "jetzt geöffnet", holidays);
- ``formate.py``: dates, numbers, weekday, month and language names (CLDR);
- ``links.py``: ``tel:``, route-planner and ``geo:`` links.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wegweiser import feiertage, formate, oeffnungszeiten
from wegweiser.alter import age_range_code as age_range_code
from wegweiser.alter import age_text as age_text
from wegweiser.feiertage import Kalender
from wegweiser.katalog import Texte, texte
from wegweiser.links import entry_route as entry_route
from wegweiser.links import route_url as route_url
from wegweiser.links import tel_url as tel_url
from wegweiser.markdown_text import lines_html as lines_html
from wegweiser.markdown_text import markdown_html as markdown_html
from wegweiser.oeffnungszeiten import Hours as Hours
from wegweiser.oeffnungszeiten import HoursRow as HoursRow


def german_number(value: float) -> str:
    return formate.zahl(value, "de")


def german_date(value: date | None, sprache: Texte | None = None) -> str:
    """05.03.2026 in German: CLDR's medium date of the language."""
    return (sprache or texte()).datum(value, "medium")


def language_list(codes: list[str], sprache: Texte | None = None) -> list[str]:
    """Language codes as names in the page's language ("Persisch", "Persian")."""
    return formate.sprachnamen(codes, (sprache or texte()).locale)


def weekly_intervals(expression: str) -> dict[int, list[tuple[str, str]]]:
    """Open intervals per weekday (0 = Monday) of an ordinary week, as ("08:00", "12:00")."""
    return oeffnungszeiten.woche(oeffnungszeiten.parse(expression))


def upcoming_intervals(expression: str, today: date, days: int = oeffnungszeiten.WINDOW_DAYS,
                       kalender: Kalender | None = None) -> dict[str, Any]:
    """Open intervals from ``today`` on, with the holidays of ``kalender`` (default: Germany-wide)."""
    return oeffnungszeiten.offene_zeiten(oeffnungszeiten.parse(expression), kalender or feiertage.kalender(None),
                                         today, days)


def opening_hours(expression: str, kalender: Kalender | None = None, today: date | None = None,
                  sprache: Texte | None = None) -> Hours:
    """The weekly pattern of an OSM opening_hours expression in words, with holiday notes (German by default)."""
    return oeffnungszeiten.wochentabelle(oeffnungszeiten.parse(expression), kalender or feiertage.kalender(None),
                                         today, True, sprache)
