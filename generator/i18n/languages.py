"""The site's languages: what a code from ``site.yaml`` means for HTML (``lang``, ``dir``), for CLDR data (Babel)
and for URLs; what a translation may hold; and the fingerprint that tells a current translation from an outdated one.

The main language is the first of ``sprachen`` (German unless a site says otherwise); it is served at ``/…``,
every other language at ``/<code>/…`` with the same slugs, so links and printed QR codes stay stable.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Richtung = Literal["ltr", "rtl"]


@dataclass(frozen=True)
class Sprache:
    code: str  # as in site.yaml and in file names (``slug.en.md``): de, leicht, en, tr, ar, uk, ru
    lang: str  # BCP 47 for ``lang`` attributes, the search index and the booklet's /Lang
    locale: str  # Babel/CLDR locale for dates, numbers, weekday names and plurals
    richtung: Richtung
    eigenname: str  # the language's name in itself, as the language switcher shows it
    pfad: str = ""  # URL prefix: "" for the main language, "<code>/" for the others

    @property
    def rtl(self) -> bool:
        return self.richtung == "rtl"

    def url(self, url: str) -> str:
        """A site-relative URL of the main language (``quartiere/x/``) as this language's URL."""
        return self.pfad + url


# code -> (lang, locale, direction, name in itself). Leichte Sprache is German with easy-language rules: its own
# `lang` (a private-use subtag) gives it its own search index with German stemming; its CLDR data is German.
BEKANNT: dict[str, tuple[str, str, Richtung, str]] = {
    "de": ("de", "de", "ltr", "Deutsch"),
    "leicht": ("de-x-ls", "de", "ltr", "Leichte Sprache"),
    "en": ("en", "en", "ltr", "English"),
    "tr": ("tr", "tr", "ltr", "Türkçe"),
    "ar": ("ar", "ar", "rtl", "العربية"),
    "uk": ("uk", "uk", "ltr", "Українська"),
    "ru": ("ru", "ru", "ltr", "Русский"),
    "pl": ("pl", "pl", "ltr", "Polski"),
    "fa": ("fa", "fa", "rtl", "فارسی"),
    "fr": ("fr", "fr", "ltr", "Français"),
    "es": ("es", "es", "ltr", "Español"),
    "it": ("it", "it", "ltr", "Italiano"),
    "ro": ("ro", "ro", "ltr", "Română"),
    "bg": ("bg", "bg", "ltr", "Български"),
    "ku": ("ku", "ku", "ltr", "Kurdî"),
    "sq": ("sq", "sq", "ltr", "Shqip"),
    "ti": ("ti", "ti", "ltr", "ትግርኛ"),
    "ps": ("ps", "ps", "rtl", "پښتو"),
}

DEUTSCH = Sprache("de", "de", "de", "ltr", "Deutsch")


def sprache(code: str, haupt: bool = False) -> Sprache:
    """The language of a code that ``site.yaml`` accepted (unknown codes are refused there)."""
    lang, locale, richtung, eigenname = BEKANNT[code]
    return Sprache(code, lang, locale, richtung, eigenname, "" if haupt else f"{code}/")


def sprachen(codes: Sequence[str]) -> list[Sprache]:
    """The site's languages in the order of ``sprachen``; the first is the main language."""
    return [sprache(code, haupt=number == 0) for number, code in enumerate(codes or ["de"])]


# What a translation may hold: the text families read. Facts (address, phone, opening hours, age, geo, dates,
# references) come from the original only. ``beschreibung`` of entries and pages is the Markdown body.
UEBERSETZBAR: dict[str, tuple[str, ...]] = {
    "eintrag": ("name", "kurz", "beschreibung", "zeiten", "kosten", "anmeldung", "barrierefrei", "stichworte",
                "funktion", "sprechzeiten", "mitbringen", "ermaessigung"),
    "quartier": ("name", "beschreibung"),
    "seite": ("titel", "kurz", "beschreibung"),
    "site": ("titel", "region", "willkommen", "kita_anmeldung"),
    "kategorie": ("name", "beschreibung"),
}
# The key in a translation file that holds the fingerprint of the original's text it was made from.
VORLAGE = "vorlage"
# The key that holds the original's text itself, field by field, as the translation was made from it (written with
# ``vorlage`` by ``wegweiser uebersetzen import``): an export shows translators the previous text of what changed.
ORIGINAL = "original"

TextWert = str | Sequence[str] | None


def fingerabdruck(texte: Mapping[str, TextWert]) -> str:
    """A short, stable fingerprint of an original's translatable text (12 hex digits).

    Only text counts: a changed phone number does not make a translation outdated, a changed ``beschreibung``
    does. Empty values and surrounding white space are ignored, so reformatting a file changes nothing."""
    canonical: dict[str, str | list[str]] = {}
    for key in sorted(texte):
        value = texte[key]
        if value is None:
            continue
        if isinstance(value, str):
            if value.strip():
                canonical[key] = value.strip()
        else:
            items = [str(item).strip() for item in value if str(item).strip()]
            if items:
                canonical[key] = items
    data = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def vermutlich(text: str) -> str | None:
    """The known code someone probably meant by ``text`` (``EN``, ``ara``, ``englisch``, ``leichte_sprache``), or
    None. Used for "Meinten Sie …?" hints in ``site.yaml`` and in translation file names."""
    import difflib

    from babel.core import get_global

    wort = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    if wort in BEKANNT:
        return wort
    alias = get_global("language_aliases").get(wort)
    if isinstance(alias, str) and alias in BEKANNT:
        return alias
    namen = _namen()
    if wort in namen:
        return namen[wort]
    close = difflib.get_close_matches(wort, list(BEKANNT), n=1, cutoff=0.6) or \
        difflib.get_close_matches(wort, list(namen), n=1, cutoff=0.75)
    if not close:
        return None
    return close[0] if close[0] in BEKANNT else namen[close[0]]


@functools.cache
def _namen() -> dict[str, str]:
    """Names of the known languages (in themselves, in German and English, also without umlauts) -> code."""
    from babel import Locale

    namen: dict[str, str] = {}
    for code, (_, _, _, eigenname) in BEKANNT.items():
        namen[eigenname.lower()] = code
        for sprache_ in ("de", "en"):
            name = Locale(sprache_).languages.get(code)
            if name:
                namen[name.lower()] = code
    namen["leichte sprache"] = namen["leicht"] = "leicht"
    umlaute = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
    namen.update({name.translate(umlaute): code for name, code in list(namen.items())})
    return namen
