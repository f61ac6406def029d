"""CSV cells that spreadsheet programs open as text (the review list and the planning report write them)."""

from __future__ import annotations

from wegweiser.model.fields import without_bidi_controls

# A cell starting with one of these is a formula to Excel and LibreOffice ("CSV injection"): content could
# run a command or leak data on the editor's machine. A leading apostrophe makes such a cell text. Blanks before
# the sign and the full-width signs (which some Excel versions read as formulas too) count as well.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_cell(value: str) -> str:
    """``value`` safe for a CSV cell that Excel or LibreOffice opens: without bidirectional controls, and text
    where it would start a formula."""
    value = without_bidi_controls(value)
    return "'" + value if value.lstrip(" \u00a0").startswith(_FORMULA_START) else value
