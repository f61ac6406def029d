"""Dates, numbers, weekday and month names and plural categories per language, from Babel's CLDR data.

A Turkish weekday name comes from here (``wochentag(0, "tr")`` is "Pzt"); the words around it come from the
gettext catalogues (``katalog.py``). Every function takes the CLDR locale (``Sprache.locale``) as a parameter:
nothing is global, nothing calls ``locale.setlocale``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

from babel import Locale
from babel.dates import format_date, format_skeleton, get_day_names, get_month_names
from babel.lists import format_list
from babel.numbers import format_decimal

Breite = Literal["wide", "abbreviated", "short", "narrow"]
Monatsbreite = Literal["wide", "abbreviated", "narrow"]  # CLDR has no "short" month names
# "long": 5. März 2026; "medium": 05.03.2026 (German lists and "Stand"); "short": 05.03.26;
# "tag_monat": the day and month only (05.03.), for the start of a range whose end names the year.
Datumsformat = Literal["full", "long", "medium", "short", "tag_monat"]


@lru_cache(maxsize=8192)
def datum(value: date | datetime | None, locale: str, format: Datumsformat | str = "long") -> str:
    """A date as the language writes it; empty for none."""
    if value is None:
        return ""
    if format == "tag_monat":
        return str(format_skeleton("MMdd", value, locale=locale))
    return str(format_date(value, format=format, locale=locale))


@lru_cache(maxsize=4096)
def zahl(value: float, locale: str) -> str:
    """A number as the language writes it: 1,5 in German, 1.5 in English, ١٫٥ is not used (Latin digits)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(format_decimal(value, locale=locale))


@lru_cache(maxsize=256)
def _days(locale: str, breite: Breite) -> tuple[str, ...]:
    names = get_day_names(breite, context="stand-alone", locale=locale)
    return tuple(str(names[i]) for i in range(7))


def wochentag(index: int, locale: str, breite: Breite = "abbreviated") -> str:
    """The name of a weekday (0 = Monday) on its own, as in a week table: "Mo", "Pzt", "пн"."""
    return _days(locale, breite)[index]


def wochentage(locale: str, breite: Breite = "abbreviated") -> list[str]:
    """All seven, Monday first."""
    return list(_days(locale, breite))


@lru_cache(maxsize=256)
def _months(locale: str, breite: Monatsbreite) -> tuple[str, ...]:
    names = get_month_names(breite, context="stand-alone", locale=locale)
    return tuple(str(names[i]) for i in range(1, 13))


def monat(index: int, locale: str, breite: Monatsbreite = "wide") -> str:
    """The name of a month (1 = January) on its own: "März", "Mart", "березень"."""
    return _months(locale, breite)[index - 1]


@lru_cache(maxsize=64)
def _language_names(locale: str) -> dict[str, str]:
    return {code: str(name) for code, name in Locale.parse(locale).languages.items()}


def sprachname(code: str, locale: str) -> str:
    """A language's name in the page's language: "Persisch" in German, "Persian" in English (CLDR)."""
    return _language_names(locale).get(code, code)


def sprachnamen(codes: list[str], locale: str) -> list[str]:
    return [sprachname(code, locale) for code in codes]


def aufzaehlung(items: list[str], locale: str) -> str:
    """Items as the language lists them (CLDR): "Türkisch, Arabisch und Bulgarisch", "… وArabisch وBulgarisch"
    (a Latin comma in an Arabic sentence is wrong)."""
    return format_list(items, style="standard", locale=locale) if items else ""


# Quotation marks per language: CLDR's delimiters (quotationStart/End; Babel does not ship them). Arabic takes «…»,
# as the catalogue's translators write it, rather than CLDR's ”…“: one style on a page.
_ANFUEHRUNG: dict[str, tuple[str, str]] = {
    "de": ("„", "“"), "en": ("“", "”"), "tr": ("“", "”"), "ar": ("«", "»"), "uk": ("«", "»"), "ru": ("«", "»"),
    "pl": ("„", "”"), "ro": ("„", "”"), "bg": ("„", "“"), "fa": ("«", "»"), "fr": ("«", "»"), "es": ("«", "»"),
    "it": ("«", "»"), "ps": ("«", "»"), "ku": ("“", "”"), "sq": ("«", "»"), "ti": ("«", "»"),
}


def anfuehrungszeichen(locale: str) -> tuple[str, str]:
    """The opening and closing quotation marks of a language ("de": „ and “); English ones where CLDR's are not
    listed here."""
    return _ANFUEHRUNG.get(re.split(r"[_-]", locale, maxsplit=1)[0], ("“", "”"))
