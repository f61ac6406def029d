"""Quotation marks that follow the language: „…“ in German, “…” in English, «…» in Arabic, Russian, Ukrainian.

Translators often keep the German marks of the text they translate from („Nummer gegen Kummer“ in an Arabic
sentence); in a right-to-left line those print reversed (neither „ nor “ is mirrored by the bidi algorithm).
Babel 2.19 carries no CLDR delimiters, so the marks are listed here (CLDR's quotationStart/End; Arabic, Persian
and Pashto take the guillemets of their typesetting tradition, which the bidi algorithm mirrors and so never reverses).
"""

from __future__ import annotations

from wegweiser.i18n.formats import anfuehrungszeichen

GERMAN_OPEN, GERMAN_CLOSE = "\u201e", "\u201c"  # „ “


def localize_quotes(text: str, locale: str, pending: bool = False) -> tuple[str, bool]:
    """German „…“ pairs in a text of another language in that language's marks. ``pending``: a „ earlier in the
    same passage (another text node) still waits for its “. Returns the text and whether one still waits.
    A “ without a „ before it is left alone: in English it is the opening mark."""
    opening, closing = anfuehrungszeichen(locale)
    if (opening, closing) == (GERMAN_OPEN, GERMAN_CLOSE) or (GERMAN_OPEN not in text and not pending):
        return text, pending
    out = []
    for char in text:
        if char == GERMAN_OPEN:
            out.append(opening)
            pending = True
        elif char == GERMAN_CLOSE and pending:
            out.append(closing)
            pending = False
        else:
            out.append(char)
    return "".join(out), pending
