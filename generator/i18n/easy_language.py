"""Hints for texts in Leichte Sprache (``*.leicht.md``, ``*.leicht.yaml``, ``site.leicht.yaml``).

Three rules a program can check reliably (Netzwerk Leichte Sprache, DIN SPEC 33429): short sentences (at most
15 words), no abbreviations ("z. B." → "zum Beispiel"), numbers above twelve as digits ("20", not "zwanzig").
Each finding is a located warning: the text is published anyway; ``check --streng`` fails on it, so a network that
promises Leichte Sprache can keep it in its CI. Rules that need a reader (one statement per sentence, hard words
explained) stay with the editors; ``docs/redaktion.md`` names them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from wegweiser.core.problems import Loc, Problems

HOECHSTENS_WOERTER = 15

# Abbreviations and what to write instead; spaces inside are optional ("z.B." and "z. B.").
ABKUERZUNGEN = {
    "z. B.": "zum Beispiel", "d. h.": "das heißt", "u. a.": "unter anderem", "u. U.": "unter Umständen",
    "z. T.": "zum Teil", "o. Ä.": "oder Ähnliches", "bzw.": "beziehungsweise", "usw.": "und so weiter",
    "ca.": "ungefähr", "ggf.": "wenn nötig", "evtl.": "vielleicht", "etc.": "und so weiter",
    "bzgl.": "zu", "inkl.": "mit", "zzgl.": "und dazu", "vgl.": "siehe", "Nr.": "Nummer", "Tel.": "Telefon",
    "Std.": "Stunden", "Min.": "Minuten", "Jh.": "Jahrhundert",
}


@cache
def _abkuerzung() -> re.Pattern[str]:
    parts = []
    for short in sorted(ABKUERZUNGEN, key=len, reverse=True):
        pieces = [re.escape(piece) for piece in short.split(" ")]
        pattern = r"\s?".join(pieces)
        parts.append(f"(?:{pattern[0].upper()}{pattern[1:]}|{pattern})" if pattern[0].islower() else pattern)
    return re.compile(r"(?<![\w.])(?:" + "|".join(parts) + r")(?!\w)")


def _normal(short: str) -> str:
    """The list's spelling of an abbreviation as found (``Z.B.`` → ``z. B.``)."""
    squeezed = short.replace(" ", "").lower()
    return next(key for key in ABKUERZUNGEN if key.replace(" ", "").lower() == squeezed)


# Number words: a word made only of these parts is a number; above twelve it should be written in digits.
_EINER = {"ein": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "fuenf": 5, "sechs": 6, "sech": 6,
          "sieben": 7, "sieb": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwoelf": 12}
_ZEHNER = {"zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "fuenfzig": 50,
           "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90}
_STUFEN = {"hundert": 100, "tausend": 1000, "million": 10**6, "millionen": 10**6, "milliarde": 10**9,
           "milliarden": 10**9}
_TEILE = sorted([*_EINER, *_ZEHNER, *_STUFEN, "und"], key=len, reverse=True)
_WORT = re.compile(r"[^\W\d_]+", re.UNICODE)


def zahlwert(word: str) -> int | None:
    """The value of a number written as a German word (``dreizehn`` → 13, ``zweihundertvierzig`` → 240), or None
    when ``word`` is not one."""
    lowered = word.lower()
    parts = _zerlegen(lowered)
    if parts is None or parts == ["und"]:
        return None
    total = current = 0
    for part in parts:
        if part in _EINER or part in _ZEHNER:
            current += _EINER.get(part) or _ZEHNER[part]
        elif part == "hundert":
            current = (current or 1) * 100
        elif part in _STUFEN:
            total += (current or 1) * _STUFEN[part]
            current = 0
    return total + current


@cache
def _zerlegen(word: str) -> list[str] | None:
    if not word:
        return []
    for part in _TEILE:
        if word.startswith(part):
            rest = _zerlegen(word[len(part):])
            if rest is not None:
                return [part, *rest]
    return None


def zahlwort(word: str) -> bool:
    """Whether ``word`` is a number written as a word above twelve (dreizehn, zwanzig, hundert, Tausend …)."""
    value = zahlwert(word) if len(word) >= 4 else None
    return value is not None and value > 12


# A Markdown block starts with a blank line, a heading, a list item, a table row or a quote.
_BLOCK_START = re.compile(r"[ \t]*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|\||>)")
_SATZENDE = re.compile(r"[.!?]+(?=\s|$)")
# What is not read aloud: link targets, autolinks and HTML tags are blanked (offsets stay the same).
_UNGELESEN = re.compile(r"\]\([^)\n]*\)|<[^>\n]*>")
_TOKEN = re.compile(r"\d[\d \t./:–-]*\d|\d|[^\W\d_][\w'’·-]*")


def _saetze(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: Markdown blocks split at sentence ends; lines of a paragraph belong together."""
    result = []
    start = 0
    offset = 0
    for line in [*text.split("\n"), ""]:
        if not line.strip() or _BLOCK_START.match(line):
            if offset > start:
                result.extend(_split(text, start, offset))
            start = offset
        offset += len(line) + 1
    return result


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    for match in _SATZENDE.finditer(text, start, end):
        spans.append((start, match.end()))
        start = match.end()
    if text[start:end].strip():
        spans.append((start, end))
    return spans


def pruefe(text: str, locate: Callable[[int], Loc], problems: Problems, feld: str = "") -> None:
    """Warn about long sentences, abbreviations and number words above twelve in a text in Leichte Sprache.
    ``locate`` maps an offset of ``text`` to its place in the file."""
    named = (lambda message: f"Feld „{feld}“: {message}") if feld else (lambda message: message)
    masked = _UNGELESEN.sub(lambda m: " " * len(m[0]), text)
    for start, end in _saetze(masked):
        words = _TOKEN.findall(masked, start, end)
        if len(words) > HOECHSTENS_WOERTER:
            lead = len(masked[start:end]) - len(masked[start:end].lstrip(" \t\n#>*+-|"))
            problems.warning(locate(start + lead), named(f"Der Satz hat {len(words)} Wörter; in Leichter Sprache "
                             f"höchstens {HOECHSTENS_WOERTER}."),
                             "Teilen Sie ihn in kürzere Sätze: eine Aussage pro Satz.")
    for match in _abkuerzung().finditer(masked):
        short = _normal(match[0])
        problems.warning(locate(match.start()), named(f"Die Abkürzung „{match[0]}“ ist in Leichter Sprache schwer "
                         "zu verstehen."), f"Schreiben Sie „{ABKUERZUNGEN[short]}“.")
    for match in _WORT.finditer(masked):
        if zahlwort(match[0]):
            problems.warning(locate(match.start()), named(f"„{match[0]}“: Zahlen über zwölf schreiben Sie in "
                             "Leichter Sprache als Ziffern."), f"Schreiben Sie {zahlwert(match[0])}.")
