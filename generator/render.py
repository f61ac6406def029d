"""Rendering single values for families: safe Markdown, ages, opening hours, dates, links."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import markdown
import markupsafe
import nh3

from wegweiser import feiertage, oeffnungszeiten
from wegweiser.feiertage import Kalender
from wegweiser.fields import ALLOWED_SCHEMES, language_names
from wegweiser.katalog import Texte, texte
from wegweiser.model import Adresse, Alter, Eintrag
from wegweiser.oeffnungszeiten import Hours as Hours
from wegweiser.oeffnungszeiten import HoursRow as HoursRow
from wegweiser.texts import AGE_GROUPS

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr", "small",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


# One parser, reset per text: building a Markdown instance per call was a third of page generation.
_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


_HARD_BREAK = re.compile(r"\\\r?\n")


@lru_cache(maxsize=4096)
def markdown_html(text: str) -> str:
    """Markdown → HTML that cannot run code: sanitised with nh3 (ammonia) after rendering.

    ``wegweiser check`` already rejects scripts and foreign link schemes; this is the second wall.
    """
    # A line ending in a backslash keeps its line break (as in CommonMark): addresses, phone and e-mail lines.
    html = _MARKDOWN.reset().convert(_HARD_BREAK.sub("  \n", text))
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, url_schemes=set(ALLOWED_SCHEMES),
                     link_rel="noopener")


def lines_html(text: str | None) -> markupsafe.Markup:
    """A plain multi-line field (address, times, registration) escaped, its line breaks kept as <br>."""
    return markupsafe.Markup("<br>\n").join(markupsafe.escape(line) for line in (text or "").strip().splitlines())


def german_number(value: float) -> str:
    return texte().zahl(value)


def age_text(alter: Alter | None, sprache: Texte | None = None) -> str:
    """0–6 Jahre, ab 6 Jahren, bis 3 Jahre; under one year in months ("6–12 Monate", "bis 6 Monate")."""
    if alter is None:
        return ""
    words = sprache or texte()
    von, bis = alter.von, alter.bis
    if von is not None and bis is not None:
        if bis < 1:
            months = round(bis * 12)
            return words.ngettext("%(von)s–%(bis)s Monate", "%(von)s–%(bis)s Monate", months,
                                  von=words.zahl(round(von * 12)), bis=words.zahl(months))
        return words.ngettext("%(von)s–%(bis)s Jahre", "%(von)s–%(bis)s Jahre", _plural_n(bis),
                              von=words.zahl(von), bis=words.zahl(bis))
    if von is not None:
        return _open_age(words, von, upper=False)
    if bis is not None:
        return _open_age(words, bis, upper=True)
    return ""


def _plural_n(value: float) -> int:
    # Plural forms choose by whole numbers; 1,5 reads like 2 in the languages of the site ("1,5 Jahre").
    return int(value) if float(value).is_integer() else 2


def _open_age(words: Texte, years: float, upper: bool) -> str:
    """"ab 6 Jahren", "ab 1 Jahr", "bis 6 Monate": one bound, in months below one year."""
    if 0 < years < 1:
        months = round(years * 12)
        if upper:
            return words.ngettext("bis %(zahl)s Monat", "bis %(zahl)s Monate", months, zahl=words.zahl(months))
        return words.ngettext("ab %(zahl)s Monat", "ab %(zahl)s Monaten", months, zahl=words.zahl(months))
    if upper:
        return words.ngettext("bis %(zahl)s Jahr", "bis %(zahl)s Jahre", _plural_n(years), zahl=words.zahl(years))
    return words.ngettext("ab %(zahl)s Jahr", "ab %(zahl)s Jahren", _plural_n(years), zahl=words.zahl(years))


def age_range_code(alter: Alter | None) -> str:
    """schema.org ``typicalAgeRange``: "0-6", "6-" (ab 6), "-3" (bis 3); empty without an age."""
    if alter is None or (alter.von is None and alter.bis is None):
        return ""
    return "-".join("" if value is None else f"{value:g}" for value in (alter.von, alter.bis))


def age_groups(entry: Eintrag, sprache: Texte | None = None) -> list[str]:
    """The age filter's groups an entry falls into: every group its range overlaps ("ab 6" has no upper end,
    "bis 3" starts at 0)."""
    words = sprache or texte()
    groups = []
    if entry.alter:
        low_end, high_end = entry.alter.lowest, entry.alter.highest
        groups = [words.gettext(name) for name, low, high in AGE_GROUPS if (low_end < high and high_end > low)
                  or (low_end == high_end and low <= low_end < high)]
    if entry.schwangerschaft:
        groups.append(words.gettext("Schwangerschaft"))
    return groups


def german_date(value: date | None, sprache: Texte | None = None) -> str:
    """05.03.2026 in German: CLDR's medium date of the language."""
    return (sprache or texte()).datum(value, "medium")


def language_list(codes: list[str]) -> list[str]:
    names = language_names()
    return [names.get(code, code) for code in codes]


def route_url(adresse: Adresse | None, lat: float | None = None, lon: float | None = None) -> str:
    """A link to OpenStreetMap's route planner (a link only: nothing is loaded until it is followed)."""
    if lat is not None and lon is not None:
        return f"https://www.openstreetmap.org/directions?to={lat:.5f}%2C{lon:.5f}"
    if adresse and adresse.strasse:
        query = ", ".join(x for x in (adresse.strasse, f"{adresse.plz or ''} {adresse.ort or ''}".strip()) if x)
        return f"https://www.openstreetmap.org/search?query={quote(query)}"
    return ""


def entry_route(entry: Eintrag) -> str:
    """The route-planner link for an entry: to its coordinates, else to its address, else none."""
    if not entry.adresse and not entry.geo:
        return ""
    return route_url(entry.adresse, entry.geo.lat if entry.geo else None, entry.geo.lon if entry.geo else None)


def tel_url(number: str) -> str:
    digits = re.sub(r"[^\d+]", "", number)
    return f"tel:{digits}"


# --- opening hours (parsed once, in oeffnungszeiten.py; these names stay for callers of render) ---------

def weekly_intervals(expression: str) -> dict[int, list[tuple[str, str]]]:
    """Open intervals per weekday (0 = Monday) of an ordinary week, as ("08:00", "12:00")."""
    return oeffnungszeiten.woche(oeffnungszeiten.parse(expression))


def upcoming_intervals(expression: str, today: date, days: int = oeffnungszeiten.WINDOW_DAYS,
                       kalender: Kalender | None = None) -> dict[str, Any]:
    """Open intervals from ``today`` on, with the holidays of ``kalender`` (default: Germany-wide)."""
    return oeffnungszeiten.offene_zeiten(oeffnungszeiten.parse(expression), kalender or feiertage.kalender(None),
                                         today, days)


def opening_hours(expression: str, kalender: Kalender | None = None, today: date | None = None) -> Hours:
    """The weekly pattern of an OSM opening_hours expression in German, with holiday notes."""
    return oeffnungszeiten.wochentabelle(oeffnungszeiten.parse(expression), kalender or feiertage.kalender(None),
                                         today)
