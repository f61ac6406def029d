"""Characters that word processors put into pasted text: named, located and (``check --reparieren``) fixed.

Word, LibreOffice and web pages turn spaces into non-breaking ones, quotes into typographic ones and a hyphen
between numbers into a dash. In ordinary text these are correct typography and stay; where YAML needs a space
(indentation, after a field name's colon) or a field type needs a plain character (a postcode, opening hours,
a phone number), they break the file or the value, and the message names the character instead of the symptom.

The four classes, one message per class and place:

- spaces YAML does not read as spaces: every Unicode space separator (no-break, narrow no-break, figure, en/em,
  thin, ideographic …); fixed to " ";
- invisible characters: zero-width space, a byte-order mark inside the file, word joiner, soft hyphen; deleted.
  Zero-width joiner and non-joiner are not among them: Persian, Arabic and Indic text and emoji need them;
- typographic quotes „ “ ” ‚ ‘ ’ « » ‹ ›; fixed to straight ones (or deleted inside a quoted value);
- dashes and hyphen variants (‐ ‑ ‒ – — ― −); fixed to "-".
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Final


class Klasse(Enum):
    LEERZEICHEN = "geschütztes Leerzeichen"
    UNSICHTBAR = "unsichtbares Zeichen"
    ANFUEHRUNG = "typografische Anführungszeichen"
    STRICH = "Gedankenstrich"


# character -> (class, German name)
ZEICHEN: Final[dict[str, tuple[Klasse, str]]] = {
    "\u00a0": (Klasse.LEERZEICHEN, "geschütztes Leerzeichen"),
    "\u202f": (Klasse.LEERZEICHEN, "schmales geschütztes Leerzeichen"),
    "\u2007": (Klasse.LEERZEICHEN, "geschütztes Ziffernleerzeichen"),
    **{chr(code): (Klasse.LEERZEICHEN, "typografisches Leerzeichen") for code in range(0x2000, 0x200B)
       if code != 0x2007},
    "\u205f": (Klasse.LEERZEICHEN, "typografisches Leerzeichen"),
    "\u3000": (Klasse.LEERZEICHEN, "breites Leerzeichen"),
    "\u1680": (Klasse.LEERZEICHEN, "typografisches Leerzeichen"),
    "\u200b": (Klasse.UNSICHTBAR, "Leerzeichen ohne Breite"),
    "\ufeff": (Klasse.UNSICHTBAR, "Byte-Order-Mark"),
    "\u2060": (Klasse.UNSICHTBAR, "Wortverbinder"),
    "\u00ad": (Klasse.UNSICHTBAR, "weiches Trennzeichen"),
    "„": (Klasse.ANFUEHRUNG, "typografisches Anführungszeichen"),
    "“": (Klasse.ANFUEHRUNG, "typografisches Anführungszeichen"),
    "”": (Klasse.ANFUEHRUNG, "typografisches Anführungszeichen"),
    "«": (Klasse.ANFUEHRUNG, "Anführungszeichen"),
    "»": (Klasse.ANFUEHRUNG, "Anführungszeichen"),
    "‚": (Klasse.ANFUEHRUNG, "typografisches einfaches Anführungszeichen"),
    "‘": (Klasse.ANFUEHRUNG, "typografisches einfaches Anführungszeichen"),
    "’": (Klasse.ANFUEHRUNG, "typografischer Apostroph"),
    "‹": (Klasse.ANFUEHRUNG, "einfaches Anführungszeichen"),
    "›": (Klasse.ANFUEHRUNG, "einfaches Anführungszeichen"),
    "\u2010": (Klasse.STRICH, "typografischer Bindestrich"),
    "\u2011": (Klasse.STRICH, "geschützter Bindestrich"),
    "\u2012": (Klasse.STRICH, "Ziffernstrich"),
    "\u2013": (Klasse.STRICH, "Gedankenstrich"),
    "\u2014": (Klasse.STRICH, "langer Gedankenstrich"),
    "\u2015": (Klasse.STRICH, "Horizontalstrich"),
    "\u2212": (Klasse.STRICH, "Minuszeichen"),
}
MUSTER: Final = re.compile("[" + "".join(ZEICHEN) + "]")
LEERE: Final = "".join(c for c, (k, _) in ZEICHEN.items() if k in (Klasse.LEERZEICHEN, Klasse.UNSICHTBAR))
DOPPELT: Final = frozenset("„“”«»")  # typographic quotes that stand for a straight double quote
REPARIEREN: Final = "„wegweiser check --reparieren“ ersetzt es für Sie."


def klasse(char: str) -> Klasse:
    return ZEICHEN[char][0]


def gerade(char: str) -> str:
    """What a Word character stands for: " " for a space, "" for an invisible one, a straight quote, "-"."""
    kind = klasse(char)
    if kind is Klasse.LEERZEICHEN:
        return " "
    if kind is Klasse.UNSICHTBAR:
        return ""
    if kind is Klasse.STRICH:
        return "-"
    return '"' if char in DOPPELT else "'"


def benannt(char: str) -> str:
    """The character as a message names it: „–“ (Gedankenstrich, U+2013); an invisible one by name and code."""
    name = ZEICHEN[char][1]
    if klasse(char) in (Klasse.LEERZEICHEN, Klasse.UNSICHTBAR):
        return f"ein {name} (U+{ord(char):04X})" if not name.startswith("weiches") else \
            f"ein {name} (U+{ord(char):04X}, „bedingter Trennstrich“)"
    return f"„{char}“ ({name}, U+{ord(char):04X})"


def sichtbar(text: str) -> str:
    """``text`` for a message: invisible and space-like Word characters shown as [U+XXXX]."""
    return "".join(f"[U+{ord(c):04X}]" if c in LEERE else c for c in text)


def fix_hinweis(kind: Klasse, chars: list[str]) -> str:
    """What to write instead, for a class of Word characters (``chars``: the ones found, in order)."""
    if kind is Klasse.LEERZEICHEN:
        return "Ersetzen Sie es durch ein normales Leerzeichen. " + REPARIEREN
    if kind is Klasse.UNSICHTBAR:
        return "Löschen Sie es (es ist unsichtbar: löschen Sie die Zeichen um die Stelle und schreiben Sie sie " \
               "neu). " + REPARIEREN
    if kind is Klasse.STRICH:
        return f"Schreiben Sie den Bindestrich - statt {ZEICHEN[chars[0]][1]} {chars[0]}. " + REPARIEREN
    shown = "…".join(dict.fromkeys(chars)) if len(set(chars)) > 1 else chars[0] + "…"
    return f"Schreiben Sie gerade Anführungszeichen \"…\" statt {shown} (oder keine). " + REPARIEREN
