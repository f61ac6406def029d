"""Building blocks of the JSON Schemas that editors' tools read (VS Code with yaml-language-server).

The converter reads every scalar as text (``loader.py``), but an editor reads YAML 1.2 core types:
``plz: 44147`` is a number there, ``u3: true`` a boolean, ``lat: 51,41`` and ``u3: Ja`` are strings.
So each field's schema accepts every YAML 1.2 reading of a value that ``check`` accepts, and only
narrows where the reading decides it. Each leaf carries a German ``errorMessage`` (and
``patternErrorMessage`` on patterns), which yaml-language-server shows instead of its English text
or the raw regular expression. Patterns are written for both ECMAScript (with the ``u`` flag, as the
editor compiles them) and Python's ``re`` (as the tests do): ``[0-9]`` instead of ``\\d``, no inline flags.
Leaf types are always lists (``["string"]``): where two alternatives of an ``anyOf`` both fail on a single
type name, yaml-language-server merges them into its English "Incorrect type" and drops ``errorMessage``.
"""

from __future__ import annotations

from typing import TypeAlias

# A JSON value as json.dumps writes it; a schema (or any JSON object) is a JSON.
JSONValue: TypeAlias = "str | int | float | bool | list[JSONValue] | dict[str, JSONValue] | None"
JSON: TypeAlias = dict[str, JSONValue]

# What Python's float()/int() read after the converter's strip() and "," → "." (no nan/inf: not numbers
# an editor means). Underscores between digits are what float() allows.
_DIGITS = r"[0-9]+(?:_[0-9]+)*"
NUMBER_TEXT = rf"[-+]?(?:{_DIGITS}(?:[.,](?:{_DIGITS})?)?|[.,]{_DIGITS})(?:[eE][-+]?{_DIGITS})?"
INTEGER_TEXT = rf"[-+]?{_DIGITS}"


def whole(pattern: str) -> str:
    """Anchor a pattern the way the converter matches: the whole value, surrounding blanks ignored."""
    return rf"^\s*(?:{pattern})\s*$"


def any_case(word: str) -> str:
    """``ja`` → ``[jJ][aA]``: case-insensitive without inline flags, which ECMAScript lacks."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


def text(message: str = "Erwartet wird ein Text.") -> JSON:
    """A text field: YAML 1.2 may read ``kosten: 0`` or ``name: true`` as number or boolean; ``check`` reads text."""
    return {"type": ["string", "number", "boolean"], "errorMessage": message}


def matching(pattern: str, message: str) -> JSON:
    """A string that must match ``pattern`` (anchored with :func:`whole` by the caller or here)."""
    anchored = pattern if pattern.startswith("^") else whole(pattern)
    return {"type": ["string"], "pattern": anchored, "errorMessage": message, "patternErrorMessage": message}


def either(*alternatives: JSON) -> JSON:
    """``anyOf``, not ``oneOf``: overlapping alternatives would make the editor report "matches multiple".

    yaml-language-server shows the first alternative's message when none matches: put the most telling first.
    """
    return {"anyOf": list(alternatives)}
