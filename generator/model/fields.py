"""Field types: how a located YAML value becomes a typed value, and how it is documented.

Each type converts a ``YNode`` (reporting located problems in German), describes itself as
JSON Schema for editors' tools, and names itself for the field reference. The model
(``model.py``) declares its fields with these types, so validation, JSON Schema and the
editors' documentation come from one place.
"""

from __future__ import annotations

import difflib
import html
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Final, Generic, Literal, TypeVar, cast, overload

from wegweiser.core.problems import Fix, Loc, Problem, Problems
from wegweiser.hours.holiday_calendar import BUNDESLAENDER
from wegweiser.model import json_schema as es
from wegweiser.model import word_chars as wc
from wegweiser.model.located_yaml import YList, YNode, YScalar


class Invalid:
    """Marks a value that could not be converted; the problem has been reported already."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = Invalid()

JSON = es.JSON

V_co = TypeVar("V_co", covariant=True)  # the value a field type produces (what the model's attribute holds)
V = TypeVar("V")
Item = TypeVar("Item")

# Bidirectional embeddings, overrides and isolates reorder what is shown: "\u202eevil.exe" displays as
# "exe.live" (the "trojan source" trick) in names, addresses and links. The marks U+200E, U+200F and U+061C only
# nudge neutral characters and stay allowed.
BIDI_CONTROLS: Final = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BIDI_NAMES: Final = {0x202A: "LEFT-TO-RIGHT EMBEDDING", 0x202B: "RIGHT-TO-LEFT EMBEDDING",
                      0x202C: "POP DIRECTIONAL FORMATTING", 0x202D: "LEFT-TO-RIGHT OVERRIDE",
                      0x202E: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE",
                      0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE",
                      0x2069: "POP DIRECTIONAL ISOLATE"}
BIDI_HINT: Final = ("Löschen Sie das unsichtbare Zeichen (es gerät oft beim Kopieren hinein): die Schreibrichtung "
                    "stellt der Wegweiser für jede Sprache selbst ein.")


def bidi_message(char: str, count: int) -> str:
    """The German message for ``count`` bidirectional control characters, the first of them ``char``."""
    code = ord(char)
    what = f"U+{code:04X} {_BIDI_NAMES[code]}"
    more = f" (und {count - 1} weitere)" if count > 1 else ""
    return f"Der Text enthält ein Steuerzeichen für die Schreibrichtung ({what}){more}."


# The same as HTML character references, which Markdown turns into the characters ("&#x202E;", "&#8238;").
BIDI_REFERENCES: Final = re.compile(r"&#(?:[xX]0*(?:202[a-eA-E]|206[6-9])|0*(?:823[4-8]|829[4-7]));?")


def bidi_controls(text: str, references: bool = False) -> list[tuple[int, str]]:
    """The bidirectional controls in ``text`` as (offset, control), in order; with ``references`` also those written
    as HTML character references ("&#x202E;"), which Markdown and HTML turn into the characters."""
    found = [(m.start(), m.group()) for m in BIDI_CONTROLS.finditer(text)]
    if references:
        found += [(m.start(), html.unescape(m.group().rstrip(";") + ";")) for m in BIDI_REFERENCES.finditer(text)]
    return sorted(found)


def without_bidi_controls(text: str) -> str:
    """``text`` (Markdown source or the HTML made of it) without bidirectional controls, as characters or as
    character references: what a page or booklet shows of a long text."""
    return BIDI_REFERENCES.sub("", BIDI_CONTROLS.sub("", text))


def named(node: YNode, message: str) -> str:
    """A message about a value, naming the field it belongs to (the loader records it with the value)."""
    return f"Feld „{node.key}“: {message}" if node.key else message


class FieldType(Generic[V_co]):
    """Base of all field types; ``V_co`` is the type of the converted value."""

    label: str = "Text"  # what the field reference says the type is
    short: bool = True  # a bidirectional control in the value is an error (in a long text only a warning)
    composite: bool = False  # made of other fields or items, which ``read`` looks at one by one

    def convert(self, node: YNode, problems: Problems) -> V_co | Invalid:
        raise NotImplementedError

    def json_schema(self) -> JSON:
        raise NotImplementedError

    def describe(self) -> str:
        return self.label

    # helpers shared by the scalar types
    def scalar(self, node: YNode, problems: Problems, expected: str) -> YScalar | None:
        """``node`` as a single value, or None after reporting why not. Every short value (names, addresses,
        links, numbers) passes here: a bidirectional control in it is an error (Markdown texts only warn)."""
        if isinstance(node, YScalar):
            controls = bidi_controls(node.text) if self.short else []
            if controls:
                start, char = controls[0]
                problems.error(node.loc_in_text(start), named(node, bidi_message(char, len(controls))), BIDI_HINT)
                return None
            return node
        found = "eine Liste" if isinstance(node, YList) else "Unterfelder"
        problems.error(node.loc, named(node, f"Erwartet wurde {expected}, gefunden wurde {found}."))
        return None


def read(ftype: FieldType[V], node: YNode, problems: Problems) -> V | Invalid:
    """``ftype.convert(node)``; where Word's characters (``word_chars``) are what breaks a single value, they are
    named instead, one message per class, with the fix ``check --reparieren`` makes. In a value they do not break
    (ordinary text) they stay, unnamed."""
    if ftype.composite or not isinstance(node, YScalar) or not wc.MUSTER.search(node.text):
        return ftype.convert(node, problems)
    first = Problems()
    value = ftype.convert(node, first)
    if not first.errors:
        problems.items += first.items
        return value
    plan = _word_plan(node)
    cleaned = YScalar("".join(new for _offset, _old, new, _in_file in plan), node.loc, node.style, node.indent,
                      node.key)
    again = Problems()
    ftype.convert(cleaned, again)
    if again.errors and _first(again.errors) <= _first(first.errors):
        problems.items += first.items  # something else stops the value first
        return value
    _report_word_chars(node, plan, cleaned.text, problems)
    problems.items += again.items
    return INVALID


def _first(found: list[Problem]) -> tuple[int, int]:
    return min((p.loc.line, p.loc.column) for p in found)


def _word_plan(node: YScalar) -> list[tuple[int, str, str, str | None]]:
    """Per character of the value: (offset, character, what the value reads instead, what the file gets instead;
    None where a quote cannot be fixed in the file). Quotes around the whole value become blanks in the value
    (the field types strip them) and YAML's quotes in the file (if the value is quoted already: nothing)."""
    text = node.text
    stripped = text.strip()
    start = len(text) - len(text.lstrip())
    ends = {start, start + len(stripped) - 1} if len(stripped) > 1 and stripped[0] in wc.ZEICHEN and \
        stripped[-1] in wc.ZEICHEN and wc.klasse(stripped[0]) is wc.klasse(stripped[-1]) is wc.Klasse.ANFUEHRUNG \
        else set()
    inner = stripped[1:-1] if ends else ""
    plan: list[tuple[int, str, str, str | None]] = []
    for offset, char in enumerate(text):
        if char not in wc.ZEICHEN:
            plan.append((offset, char, char, char))
            continue
        straight = wc.gerade(char)
        if offset in ends:
            if node.style:
                in_file: str | None = ""
            else:
                in_file = '"' if not {'"', "\\"} & set(inner) else "'" if "'" not in inner else None
            plan.append((offset, char, " ", in_file))
        elif wc.klasse(char) is wc.Klasse.ANFUEHRUNG and node.style in ('"', "'"):
            escaped = {'"': {'"': '\\"', "'": "'"}, "'": {'"': '"', "'": "''"}}[node.style][straight]
            plan.append((offset, char, straight, escaped))
        else:
            plan.append((offset, char, straight, straight))
    return plan


def _report_word_chars(node: YScalar, plan: list[tuple[int, str, str, str | None]], cleaned: str,
                       problems: Problems) -> None:
    """One error per class of Word character in ``node``, at its first, with the fixes of all of that class."""
    shown = wc.sichtbar(node.text.strip())
    for kind in wc.Klasse:
        found = [(offset, char, in_file) for offset, char, _new, in_file in plan
                 if char in wc.ZEICHEN and wc.klasse(char) is kind]
        if not found:
            continue
        locs = node.locs_in_text([offset for offset, _char, _in_file in found])
        # Where the value's text does not map one to one onto the file (escapes, folded text), nothing is fixed.
        fixes = () if any(in_file is None for _o, _c, in_file in found) or node.style == ">" else tuple(
            Fix(loc.line, loc.column, char, in_file or "") for loc, (_o, char, in_file) in zip(locs, found,
                                                                                                strict=True))
        chars = [char for _offset, char, _in_file in found]
        problems.error(locs[0], named(node, _word_message(kind, chars, shown)),
                       wc.fix_hinweis(kind, chars) if kind is not wc.Klasse.STRICH else
                       wc.fix_hinweis(kind, chars) + f" Richtig: „{cleaned.strip()}“.", fixes)


def _word_message(kind: wc.Klasse, chars: list[str], shown: str) -> str:
    count = f" ({len(chars)}-mal)" if len(chars) > 1 else ""
    if kind is wc.Klasse.ANFUEHRUNG:
        return (f"„{shown}“ enthält typografische Anführungszeichen ({' '.join(dict.fromkeys(chars))}); hier gelten "
                "nur gerade Anführungszeichen \" oder gar keine.")
    if kind is wc.Klasse.STRICH:
        return f"„{shown}“ enthält {wc.benannt(chars[0])}{count} statt eines Bindestrichs -."
    if kind is wc.Klasse.LEERZEICHEN:
        return f"„{shown}“ enthält {wc.benannt(chars[0])}{count} statt eines normalen Leerzeichens."
    return f"„{shown}“ enthält {wc.benannt(chars[0])}{count}, das den Wert unlesbar macht."


class Text(FieldType[str]):
    label = "Text"

    def __init__(self, max_length: int | None = None, pattern: str | None = None,
                 pattern_hint: str = "", pattern_error: str = "„{}“ hat nicht die erwartete Form.") -> None:
        self.max_length = max_length
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_hint = pattern_hint
        self.pattern_error = pattern_error

    def convert(self, node: YNode, problems: Problems) -> str | Invalid:
        scalar = self.scalar(node, problems, "ein Text")
        if scalar is None:
            return INVALID
        text = scalar.text.strip()
        if self.max_length is not None and len(text) > self.max_length:
            problems.error(scalar.loc, named(scalar, f"Der Text ist {len(text)} Zeichen lang, erlaubt sind "
                           f"höchstens {self.max_length}."), "Kürzen Sie auf einen Satz; Einzelheiten gehören in "
                           "„beschreibung“.")
            return INVALID
        if self.pattern and not self.pattern.fullmatch(text):
            problems.error(scalar.loc, named(scalar, self.pattern_error.format(text)), self.pattern_hint)
            return INVALID
        return text

    def json_schema(self) -> JSON:
        if self.pattern:
            message = " ".join(filter(None, [self.pattern_error.replace("„{}“", "Der Wert"), self.pattern_hint]))
            schema = es.matching(self.pattern.pattern, message)
            digits = re.fullmatch(r"\\d\{(\d+)\}", self.pattern.pattern)
            if digits:  # YAML 1.2 reads 123456 (and 012345) as a number; check reads the digits
                number = {"type": ["integer"], "minimum": 0, "maximum": 10 ** int(digits[1]) - 1,
                          "errorMessage": message}
                return es.either(schema, number)
            return schema
        if self.max_length:
            # A pattern, not maxLength: the editor shows no German text for maxLength and counts UTF-16 units.
            return {**es.text(f"Erwartet wird ein Text mit höchstens {self.max_length} Zeichen."),
                    "pattern": rf"^\s*[\s\S]{{0,{self.max_length}}}\s*$",
                    "patternErrorMessage": f"Der Text ist zu lang: erlaubt sind höchstens {self.max_length} Zeichen."}
        return es.text()

    def describe(self) -> str:
        return f"Text (höchstens {self.max_length} Zeichen)" if self.max_length else self.label


SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_HINT = "Nur Kleinbuchstaben a–z, Ziffern und Bindestriche, z. B. „fruehe-hilfen“."


class Slug(Text):
    label = "Kürzel"

    def __init__(self) -> None:
        super().__init__(pattern=SLUG_PATTERN, pattern_hint=SLUG_HINT, pattern_error="„{}“ ist kein gültiges Kürzel.")


# Links in Markdown: only these schemes may reach a page.
ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
# "^[ \t]*" rather than "^\s*": "\s" crosses line ends, and text of many empty lines was scanned quadratically.
_MD_LINK = re.compile(r"\]\(\s*<?\s*([A-Za-z][A-Za-z0-9+.\-]*):|^[ \t]*\[[^\]\n]+\]:\s*<?([A-Za-z][A-Za-z0-9+.\-]*):"
                      r"|<([A-Za-z][A-Za-z0-9+.\-]*):[^>\s]*>", re.MULTILINE)
_DANGEROUS_TAG = re.compile(
    r"<\s*(script|iframe|frame|object|embed|style|form|input|button|textarea|meta|link|base|svg|math)\b", re.IGNORECASE)
# Pictures: the sanitiser publishes no <img>, so they would vanish from the page without a word.
_IMAGE = re.compile(r"!\[[^\]\n]*\]\(|<img\b", re.IGNORECASE)
# A tag's text up to its ">" (or the end): matches never overlap, so the scan stays linear on "<a <a <a …".
_TAG = re.compile(r"<[a-z][^>]*", re.IGNORECASE)
# Before an attribute HTML parsers accept a blank, "/" or the quote that closed the previous value.
_EVENT_ATTRIBUTE = re.compile(r"[\s/\"'](on[a-z]+)\s*=", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"[\s/\"'](?:href|src|action|formaction)\s*=\s*[\"']?\s*([a-z]+):", re.IGNORECASE)


class Markdown(FieldType[str]):
    label = "Markdown-Text"
    short = False  # check_markdown warns of bidirectional controls

    def convert(self, node: YNode, problems: Problems) -> str | Invalid:
        scalar = self.scalar(node, problems, "ein Text")
        if scalar is None:
            return INVALID
        return check_markdown(scalar.text, scalar.loc_in_text, problems, scalar.key)

    def json_schema(self) -> JSON:
        return es.text("Erwartet wird ein Text (Markdown).")


def check_markdown(text: str, locate: Callable[[int], Loc], problems: Problems, key: str = "") -> str | Invalid:
    """Report links with a scheme other than http(s), mailto and tel, and HTML that could run code.

    ``locate`` maps a character offset of ``text`` to its ``Loc``; ``key`` names the field in messages.
    """
    ok = True

    def named(message: str) -> str:
        return f"Feld „{key}“: {message}" if key else message

    # A long text may quote mixed scripts: a warning, and pages and booklets drop the controls (markdown_text).
    # Written as HTML character references they become the same characters.
    found = bidi_controls(text, references=True)
    if found:
        start, char = found[0]
        problems.warning(locate(start), named(bidi_message(char, len(found))),
                         BIDI_HINT + " Website und Heft zeigen den Text ohne dieses Zeichen.")

    for match in _MD_LINK.finditer(text):
        scheme = next(g for g in match.groups() if g)
        if scheme.lower() not in ALLOWED_SCHEMES:
            ok = False
            problems.error(locate(match.start()), named(f"Links mit „{scheme}:“ sind nicht erlaubt."),
                           "Erlaubt sind Links mit https://, http://, mailto: und tel:.")
    html_hint = ("HTML mit Skripten, Formularen oder eingebetteten Seiten wird nie veröffentlicht. "
                 "Nutzen Sie Markdown für Links und Hervorhebungen.")
    for match in _DANGEROUS_TAG.finditer(text):
        ok = False
        tag = match.group(1).lower()
        problems.error(locate(match.start()), named(f"Das HTML-Element „<{tag}>“ ist im Text nicht erlaubt."),
                       html_hint)
    for match in _IMAGE.finditer(text):
        problems.warning(locate(match.start()), named("Bilder im Text werden nicht veröffentlicht."),
                         "Beschreiben Sie in Worten, was zu sehen ist, oder verlinken Sie das Bild mit [Text](https://…).")
    for tag in _TAG.finditer(text):
        for match in _EVENT_ATTRIBUTE.finditer(text, tag.start() + 2, tag.end()):
            ok = False
            problems.error(locate(match.start(1)),
                           named(f"Das Attribut „{match.group(1).lower()}“ ist im Text nicht erlaubt."), html_hint)
        for match in _SCRIPT_URL.finditer(text, tag.start() + 2, tag.end()):
            if match.group(1).lower() not in ALLOWED_SCHEMES:
                ok = False
                problems.error(locate(match.start(1)), named(f"Links mit „{match.group(1)}:“ sind nicht erlaubt."),
                               "Erlaubt sind Links mit https://, http://, mailto: und tel:.")
    return text.strip() if ok else INVALID


_TRUE = frozenset({"true", "ja", "yes"})
_FALSE = frozenset({"false", "nein", "no"})


class Bool(FieldType[bool]):
    label = "ja/nein"

    def convert(self, node: YNode, problems: Problems) -> bool | Invalid:
        scalar = self.scalar(node, problems, "ja oder nein")
        if scalar is None:
            return INVALID
        word = scalar.text.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        problems.error(scalar.loc, named(scalar, f"„{scalar.text}“ ist kein Ja/Nein-Wert."),
                       "Schreiben Sie ja oder nein.")
        return INVALID

    def json_schema(self) -> JSON:
        message = "Schreiben Sie ja oder nein."
        words = "|".join(es.any_case(word) for word in sorted(_TRUE | _FALSE))
        return es.either({"type": ["boolean"], "errorMessage": message}, es.matching(words, message))


class BoolOrText(FieldType[bool | str]):
    label = "ja/nein oder Text"

    def convert(self, node: YNode, problems: Problems) -> bool | str | Invalid:
        scalar = self.scalar(node, problems, "ja, nein oder ein Text")
        if scalar is None:
            return INVALID
        word = scalar.text.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        return scalar.text.strip()

    def json_schema(self) -> JSON:
        return es.text("Schreiben Sie ja, nein oder eine Beschreibung.")


class Number(FieldType[V]):
    label = "Zahl"

    @overload
    def __init__(self: Number[float], minimum: float | None = None, maximum: float | None = None,
                 integer: Literal[False] = False, unit: str = "") -> None: ...

    @overload
    def __init__(self: Number[int], minimum: float | None = None, maximum: float | None = None,
                 *, integer: Literal[True], unit: str = "") -> None: ...

    def __init__(self, minimum: float | None = None, maximum: float | None = None,
                 integer: bool = False, unit: str = "") -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.integer = integer
        self.unit = unit

    def convert(self, node: YNode, problems: Problems) -> V | Invalid:
        scalar = self.scalar(node, problems, "eine Zahl")
        if scalar is None:
            return INVALID
        value = parse_number(scalar.text, self.integer)
        if value is None:
            kind = "ganze Zahl" if self.integer else "Zahl"
            problems.error(scalar.loc, named(scalar, f"„{scalar.text}“ ist keine {kind}."),
                           "Schreiben Sie nur die Zahl, z. B. 12" + ("" if self.integer else " oder 2,5") + ".")
            return INVALID
        if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum):
            problems.error(scalar.loc, named(scalar, f"{scalar.text} liegt außerhalb des erlaubten Bereichs "
                           f"({_num(self.minimum)} bis {_num(self.maximum)}{self.unit})."))
            return INVALID
        # The overloads of __init__ tie V to ``integer``: int for integer=True, float otherwise.
        return cast(V, value)

    def json_schema(self) -> JSON:
        span = f" von {_num(self.minimum)} bis {_num(self.maximum)}{self.unit}"
        message = (f"Erwartet wird eine ganze Zahl{span}, z. B. 12." if self.integer
                   else f"Erwartet wird eine Zahl{span}, mit Komma oder Punkt, z. B. 2,5.")
        number: JSON = {"type": ["integer" if self.integer else "number"], "errorMessage": message}
        if self.minimum is not None:
            number["minimum"] = self.minimum
        if self.maximum is not None:
            number["maximum"] = self.maximum
        # "51,41" or "0,5" are strings to YAML; check reads them as numbers (the range is checked there).
        # The text comes first: for 91 the editor then shows its German type message, which names the range,
        # instead of the number's English "Value is above the maximum".
        return es.either(es.matching(es.INTEGER_TEXT if self.integer else es.NUMBER_TEXT, message), number)

    def describe(self) -> str:
        return "ganze Zahl" if self.integer else "Zahl (Komma oder Punkt)"


def parse_number(text: str, integer: bool) -> float | int | None:
    """A number as editors write it (comma or point); ``None`` for anything else, ``nan`` and ``inf`` included."""
    text = text.strip().replace(",", ".") if not integer else text.strip()
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _num(value: float | None) -> str:
    if value is None:
        return "…"
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
# 04.07. / 4.7 / 04.07. 10:00 / 4. Juli: a day and month written without the year, the commonest slip in dates.
NO_YEAR = re.compile(r"\d{1,2}\.\s*(?:\d{1,2}\.?|[A-Za-zÄÖÜäöü]+\.?)(?:(?:\s*,\s*|\s+)(?:um\s+)?\d{1,2}"
                     r"(?:[:.]\d{2})?(?:\s*Uhr)?)?", re.IGNORECASE)
NO_YEAR_HINT = "Schreiben Sie das Jahr dazu, z. B. 04.07.2026 – das Programm rät kein Jahr."


class Date(FieldType[date]):
    label = "Datum"

    def convert(self, node: YNode, problems: Problems) -> date | Invalid:
        scalar = self.scalar(node, problems, "ein Datum")
        if scalar is None:
            return INVALID
        text = scalar.text.strip()
        try:
            german = _GERMAN_DATE.fullmatch(text)
            if german:
                return date(int(german[3]), int(german[2]), int(german[1]))
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return date.fromisoformat(text)
        except ValueError:
            problems.error(scalar.loc, named(scalar, f"„{text}“ ist kein gültiges Datum (diesen Tag gibt es nicht)."))
            return INVALID
        if NO_YEAR.fullmatch(text):
            problems.error(scalar.loc, named(scalar, f"„{text}“ ist ein Datum ohne Jahr."), NO_YEAR_HINT)
            return INVALID
        problems.error(scalar.loc, named(scalar, f"„{text}“ ist kein Datum."),
                       "Schreiben Sie 2026-10-03 oder 03.10.2026.")
        return INVALID

    def json_schema(self) -> JSON:
        return es.matching(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}",
                           "Erwartet wird ein Datum: 2026-10-03 oder 03.10.2026.")

    def describe(self) -> str:
        return "Datum (2026-10-03 oder 03.10.2026)"


class ListOf(FieldType[list[Item]]):
    """A list; a single value is accepted as a list of one, which is what editors often write."""

    composite = True

    def __init__(self, item: FieldType[Item], unique: bool = True) -> None:
        self.item = item
        self.unique = unique

    def convert(self, node: YNode, problems: Problems) -> list[Item] | Invalid:
        items = node.items if isinstance(node, YList) else self.split(node, problems)
        values: list[Item] = []
        seen: set[object] = set()
        ok = True
        for item in items:
            if isinstance(item, YScalar) and item.is_null:
                problems.error(item.loc, named(item, "Ein Listenpunkt ist leer."),
                               "Entfernen Sie die Zeile „- “ ohne Wert.")
                ok = False
                continue
            value = read(self.item, item, problems)
            if isinstance(value, Invalid):
                ok = False
                continue
            if self.unique:
                marker = value if isinstance(value, (str, int, float)) else repr(value)
                if marker in seen:
                    problems.warning(item.loc, named(item, f"„{value}“ steht doppelt in der Liste."))
                    continue
                seen.add(marker)
            values.append(value)
        return values if ok else INVALID

    @staticmethod
    def split(node: YNode, problems: Problems) -> list[YNode]:
        """A single value; ``Kletterturm, Sandkasten`` (commas, no brackets) is read as a list, with a warning."""
        if not isinstance(node, YScalar) or node.style in ("|", ">") or "," not in node.text:
            return [node]
        texts = node.text.split(",")
        starts, offset = [], 0
        for part in texts:
            starts.append(offset + len(part) - len(part.lstrip()))
            offset += len(part) + 1
        parts: list[YNode] = [YScalar(part.strip(), loc, node.style, 0, node.key)
                              for part, loc in zip(texts, node.locs_in_text(starts), strict=True)]
        field_name = node.key or "liste"
        items = ", ".join(p.text for p in parts if isinstance(p, YScalar))
        problems.warning(node.loc, named(node, "Die durch Kommas getrennten Werte werden als Liste gelesen."),
                         f"Schreiben Sie eine Liste in eckigen Klammern, „{field_name}: [{items}]“, "
                         "oder jeden Wert in eine eigene Zeile mit „- “ darunter.")
        return parts

    def json_schema(self) -> JSON:
        item = self.item.json_schema()
        listed: JSON = {"type": ["array"], "items": item, "errorMessage": "Erwartet wird eine Liste, z. B. [a, b], "
                  "oder ein einzelner Wert."}
        return es.either(listed, item)

    def describe(self) -> str:
        return f"Liste ({self.item.describe()}; ein einzelner Wert genügt)"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """What the model says about one field: its type, its German documentation and an example."""

    type: FieldType[object]
    doc: str
    example: str = ""
    required: bool = False

    @property
    def yaml_example(self) -> str:
        """The example as it can be written after the field name: quoted where YAML would read something else (a
        comment for "#1f5f8b", a number for a postcode, which the guide says to quote)."""
        import json

        import yaml

        text = self.example
        try:
            read = yaml.safe_load(f"v: {text}")["v"] if text else text
        except yaml.YAMLError:
            read = None
        textual = not isinstance(self.type, (Number, Date, Bool, BoolOrText)) and not self.type.composite
        if read is None or (textual and not isinstance(read, (str, dict))) or (isinstance(read, str)
                                                                              and read != text.strip()):
            return json.dumps(text, ensure_ascii=False)
        return text


def spec_of(meta: Mapping[str, object] | None) -> FieldSpec | None:
    spec = meta.get("spec") if meta else None
    return spec if isinstance(spec, FieldSpec) else None


# --- concrete value types ------------------------------------------------------------------------

class Url(FieldType[str]):
    """A web address: http(s) only, a real host name, no character that could leave an HTML attribute.

    ``tiles=True``: a map tile address with the placeholders {z}, {x}, {y} (https; http only for a
    stand-in tile server on 127.0.0.1). ``base=True``: the address other addresses are appended to (the
    site's ``basis_url``), so without query and fragment.
    """

    label = "Webadresse"
    _TILE_PATTERN = r"https://[^\s]+\{z\}[^\s]*\{x\}[^\s]*\{y\}[^\s]*|http://127\.0\.0\.1[^\s]+"
    _TILE_PLACEHOLDER = re.compile(r"\{[a-z]\}")
    # Quotes, angle brackets and the rest would end an attribute or are not allowed in URLs (RFC 3986).
    _FORBIDDEN = frozenset('"\'<>\\^`{|}')
    _LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")

    def __init__(self, tiles: bool = False, base: bool = False) -> None:
        self.tiles = tiles
        self.base = base
        if tiles:
            self.label = "Text"

    def convert(self, node: YNode, problems: Problems) -> str | Invalid:
        scalar = self.scalar(node, problems, "eine Webadresse")
        if scalar is None:
            return INVALID
        text = scalar.text.strip()
        lead = len(scalar.text) - len(scalar.text.lstrip())
        example = "https://tile.openstreetmap.org/{z}/{x}/{y}.png" if self.tiles else \
            "https://www.example.org/familienzentrum"
        checked = self._TILE_PLACEHOLDER.sub("0", text) if self.tiles else text
        for offset, char in enumerate(checked):
            if char.isspace() or char in self._FORBIDDEN or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
                shown = char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
                problems.error(scalar.loc_in_text(lead + offset),
                               named(scalar, f"Die Webadresse „{self._visible(text)}“ enthält das Zeichen "
                                     f"„{shown}“, das in Webadressen nicht erlaubt ist."),
                               "Leerzeichen schreiben Sie als %20; Anführungszeichen, spitze Klammern und "
                               f"Steuerzeichen gehören nicht in eine Adresse. Beispiel: {example}")
                return INVALID
        scheme = text.split(":", 1)[0].lower() if ":" in text else ""
        if scheme not in ("http", "https"):
            if not scheme or scheme.startswith("www") or not re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme):
                problems.error(scalar.loc, named(scalar, f"„{text}“ ist keine vollständige Webadresse."),
                               f"Schreiben Sie sie mit https://, z. B. https://{text.removeprefix('//')}")
            else:
                problems.error(scalar.loc, named(scalar, f"Webadressen mit „{scheme}:“ sind nicht erlaubt."),
                               "Erlaubt sind Adressen, die mit https:// oder http:// beginnen.")
            return INVALID
        problem = self._problem(checked)
        if problem:
            problems.error(scalar.loc, named(scalar, f"„{text}“ ist keine gültige Webadresse: {problem}"),
                           f"Beispiel: {example}")
            return INVALID
        if self.tiles and not re.fullmatch(self._TILE_PATTERN, text):
            problems.error(scalar.loc, named(scalar, f"„{text}“ ist keine Kachel-Adresse."),
                           "Mit https:// und den Platzhaltern {z}, {x}, {y}, z. B. " + example)
            return INVALID
        return text

    def _problem(self, text: str) -> str:
        """What is wrong with an http(s) address made of allowed characters, or ""."""
        from urllib.parse import urlsplit

        parts = urlsplit(text)
        if not text.lower().startswith(f"{parts.scheme}://") or not parts.netloc:
            return "nach „https:“ fehlen „//“ und der Name des Servers."
        if "@" in parts.netloc:
            return "Benutzername oder Kennwort („…@“) gehören nicht in eine Webadresse."
        try:
            parts.port  # noqa: B018 (raises ValueError for a port that is not a number from 0 to 65535)
        except ValueError:
            return "die Portnummer nach dem Doppelpunkt ist ungültig."
        host = (parts.hostname or "").rstrip(".")
        if self.base and ("?" in text or "#" in text):
            return ("die Adresse der Website darf kein „?“ und kein „#“ enthalten, denn die Adressen aller Seiten "
                    "werden an sie angehängt.")
        if self.tiles and host == "127.0.0.1":
            return ""
        try:
            ascii_host = host.encode("idna").decode("ascii") if host else ""
        except UnicodeError:
            return f"„{host}“ ist kein gültiger Servername."
        labels = ascii_host.split(".")
        if len(labels) < 2 or not all(self._LABEL.fullmatch(label) for label in labels) \
                or not re.fullmatch(r"[a-z]{2,63}|xn--[a-z0-9-]+", labels[-1]):
            return f"„{host or parts.netloc}“ ist kein gültiger Servername (z. B. www.example.org)."
        return ""

    def json_schema(self) -> JSON:
        if self.tiles:
            return es.matching(self._TILE_PATTERN, "Erwartet wird die Adresse des Kartendienstes mit https:// und "
                               "den Platzhaltern {z}, {x} und {y}, z. B. https://tile.example.org/{z}/{x}/{y}.png.")
        return es.matching(r"[hH][tT][tT][pP][sS]?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?",
                           "Erwartet wird eine vollständige Webadresse mit https://, "
                           "z. B. https://www.example.org/familienzentrum.")

    @staticmethod
    def _visible(text: str) -> str:
        """``text`` with control and format characters shown as U+XXXX (for messages)."""
        return "".join(c if c == " " or (c.isprintable() and unicodedata.category(c) != "Cf") else f"U+{ord(c):04X}"
                       for c in text)


class Email(FieldType[str]):
    label = "E-Mail-Adresse"

    def convert(self, node: YNode, problems: Problems) -> str | Invalid:
        from email_validator import EmailNotValidError, validate_email

        scalar = self.scalar(node, problems, "eine E-Mail-Adresse")
        if scalar is None:
            return INVALID
        text = scalar.text.strip().removeprefix("mailto:")
        try:
            return validate_email(text, check_deliverability=False).normalized
        except EmailNotValidError:
            problems.error(scalar.loc, named(scalar, f"„{text}“ ist keine gültige E-Mail-Adresse."),
                           "Beispiel: familienbuero@example.org")
            return INVALID

    def json_schema(self) -> JSON:
        # No "format": the editor's e-mail check refuses addresses with umlauts in the domain, check does not.
        return es.matching(r"(?:mailto:)?[^\s@]+@[^\s@]+\.[^\s@]+",
                           "Erwartet wird eine E-Mail-Adresse, z. B. familienbuero@example.org.")


_TRUNK_ZERO = re.compile(r"^(\+\d{1,3})\s*\(0\)\s*")


class Phone(FieldType[str]):
    label = "Telefonnummer"

    def convert(self, node: YNode, problems: Problems) -> str | Invalid:
        import phonenumbers
        from phonenumbers import shortnumberinfo

        scalar = self.scalar(node, problems, "eine Telefonnummer")
        if scalar is None:
            return INVALID
        text = scalar.text.strip()
        if not re.fullmatch(r"\+?[\d\s/()\-]+", text):
            problems.error(scalar.loc, named(scalar, f"„{text}“ ist keine Telefonnummer."),
                           "Nur Ziffern, Leerzeichen, + / ( ) und -, z. B. 0231 555-1234.")
            return INVALID
        # "+49 (0)231 …": the "(0)" is the trunk prefix for callers within the country; dialled with
        # the country code it must go, or the number cannot be reached.
        text = _TRUNK_ZERO.sub(r"\1 ", text)
        try:
            number = phonenumbers.parse(text, "DE")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not (phonenumbers.is_valid_number(number)
                                  or shortnumberinfo.is_valid_short_number(number)):
            problems.error(scalar.loc, named(scalar, f"Die Telefonnummer „{text}“ ist nicht plausibel."),
                           "Mit Vorwahl schreiben, z. B. 0231 555-1234 oder +49 231 5551234.")
            return INVALID
        return text

    def json_schema(self) -> JSON:
        message = ("Erwartet wird eine Telefonnummer mit Vorwahl (Ziffern, Leerzeichen, + / ( ) und -), "
                   "z. B. 0231 555-1234.")
        # 023112345 is a number to YAML 1.2.
        return es.either(es.matching(r"\+?[0-9\s/()\-]+", message),
                         {"type": ["integer"], "minimum": 0, "errorMessage": message})


class Postcode(Text):
    label = "Postleitzahl"

    def __init__(self) -> None:
        super().__init__(pattern=r"\d{5}", pattern_error="„{}“ ist keine Postleitzahl.",
                         pattern_hint="Eine deutsche Postleitzahl hat fünf Ziffern, z. B. 44147.")

    def json_schema(self) -> JSON:
        message = "Erwartet wird eine deutsche Postleitzahl mit fünf Ziffern, z. B. 44147 oder \"01067\"."
        # 44147 and 01067 are numbers to YAML 1.2 (01067 → 1067); check reads the digits as written.
        return es.either(es.matching(r"(?!00|01000|99999)[0-9]{5}", message),
                         {"type": ["integer"], "minimum": 1001, "maximum": 99998, "errorMessage": message})

    def convert(self, node: YNode, problems: Problems) -> str | Invalid:
        value = super().convert(node, problems)
        if not isinstance(value, Invalid) and not ("01001" <= value <= "99998"):
            problems.error(node.loc, named(node, f"„{value}“ ist keine vergebene deutsche Postleitzahl."))
            return INVALID
        return value


class OpeningHours(FieldType[str]):
    label = "Öffnungszeiten (OSM)"
    _GERMAN_DAYS = re.compile(r"\b(Di|Mi|Do|So)\b")

    def convert(self, node: YNode, problems: Problems) -> str | Invalid:
        from wegweiser.hours import osm_hours

        scalar = self.scalar(node, problems, "Öffnungszeiten als Text")
        if scalar is None:
            return INVALID
        text = scalar.text.strip()
        try:
            osm_hours.parse(text)  # parsed once: the pages, JSON-LD and print reuse the result
        except Exception as exc:  # ParserError (missing from the package's stubs) or SyntaxError
            match = re.search(r"--> 1:(\d+)", str(exc))
            offset = int(match.group(1)) - 1 if match else 0
            offset += len(scalar.text) - len(scalar.text.lstrip())
            hints = ["Schreibweise wie bei OpenStreetMap, z. B. „Mo-Fr 08:00-12:00; Tu 14:00-16:00; PH off“."]
            if self._GERMAN_DAYS.search(text):
                hints.insert(0, "Wochentage werden englisch abgekürzt: Mo Tu We Th Fr Sa Su (Di → Tu, "
                                "Mi → We, Do → Th, So → Su).")
            if re.search(r"(?<![\d:])\d{1,2}(?::\d\d)?\s*-\s*\d{1,2}(?![\d:])", text):
                hints.insert(0, "Uhrzeiten immer mit Minuten schreiben: 08:00-12:00.")
            rest = scalar.text[offset:].split(";", 1)[0].strip()
            shown = (rest[:30] + "…" if len(rest) > 30 else rest) or "(Ende)"
            problems.error(scalar.loc_in_text(offset),
                           named(scalar, f"Die Öffnungszeiten „{text}“ sind nicht lesbar (ab „{shown}“)."),
                           " ".join(hints))
            return INVALID
        return text

    def json_schema(self) -> JSON:
        return {"type": ["string"], "examples": ["Mo-Fr 08:00-16:00", "Tu 15:00-17:00; PH off"],
                "errorMessage": "Erwartet werden Öffnungszeiten als Text, z. B. „Mo-Fr 08:00-12:00; PH off“."}

    def describe(self) -> str:
        return "Öffnungszeiten im OpenStreetMap-Format"


@cache
def language_names() -> dict[str, str]:
    """ISO 639-1 codes and their German names, from Babel's CLDR data."""
    from babel import Locale

    return {code: name for code, name in Locale("de").languages.items() if len(code) == 2}


class Language(FieldType[str]):
    label = "Sprachcode"

    def convert(self, node: YNode, problems: Problems) -> str | Invalid:
        import difflib

        scalar = self.scalar(node, problems, "ein Sprachcode")
        if scalar is None:
            return INVALID
        code = scalar.text.strip().lower()
        names = language_names()
        if code in names:
            return code
        by_name = {name.lower(): c for c, name in names.items()}
        if code in by_name:
            hint = f"Für {names[by_name[code]]} schreiben Sie „{by_name[code]}“."
        else:
            close = difflib.get_close_matches(code, list(by_name), n=1)
            hint = (f"Meinten Sie „{by_name[close[0]]}“ ({names[by_name[close[0]]]})?" if close
                    else "Zweibuchstabige Codes nach ISO 639-1, z. B. de, tr, ar, uk, en.")
        problems.error(scalar.loc, named(scalar, f"„{scalar.text}“ ist kein Sprachcode nach ISO 639-1."), hint)
        return INVALID

    def json_schema(self) -> JSON:
        message = "Erwartet wird ein Sprachcode nach ISO 639-1 (zwei Buchstaben), z. B. de, tr, ar, uk, en."
        codes = sorted(language_names())
        # The enum gives completion; the pattern accepts "DE" as check does (any case).
        return es.either({"enum": [*codes], "errorMessage": message},
                         es.matching("|".join(es.any_case(code) for code in codes), message))

    def describe(self) -> str:
        return "Sprachcode nach ISO 639-1 (de, tr, ar, …)"


class OneOfWords(FieldType[str | list[str]]):
    """Either a keyword (``alle``) or a list of slugs."""

    label = "„alle“ oder Liste von Kürzeln"
    composite = True

    def __init__(self, word: str) -> None:
        self.word = word
        self.items = ListOf(Slug())

    def convert(self, node: YNode, problems: Problems) -> str | list[str] | Invalid:
        if isinstance(node, YScalar) and node.text.strip().lower() == self.word:
            return self.word
        if isinstance(node, YList) and len(node.items) == 1 and isinstance(node.items[0], YScalar) \
                and node.items[0].text.strip().lower() == self.word:
            return self.word  # [alle], as the browser form's multiple select writes it
        if isinstance(node, YList):
            for item in node.items:
                if isinstance(item, YScalar) and item.text.strip().lower() == self.word:
                    problems.error(item.loc, f"„{self.word}“ steht zusammen mit weiteren Kürzeln in der Liste.",
                                   f"Schreiben Sie entweder nur „{self.word}“ oder nur die einzelnen Kürzel.")
                    return INVALID
        return self.items.convert(node, problems)

    def json_schema(self) -> JSON:
        message = f"Schreiben Sie „{self.word}“ oder eine Liste von Kürzeln, z. B. [nordstadt, heide]."
        return es.either({"const": self.word, "errorMessage": message},
                         es.matching(es.any_case(self.word), message), self.items.json_schema())


class Word(FieldType[str]):
    """One of a few words the program knows (e.g. a page's ``rolle``); any other is an error naming them all."""

    label = "Wort"

    def __init__(self, words: dict[str, str]) -> None:
        self.words = words  # word -> what it means (for the hint and the field reference)

    def convert(self, node: YNode, problems: Problems) -> str | Invalid:
        scalar = self.scalar(node, problems, "ein Wort")
        if scalar is None:
            return INVALID
        word = scalar.text.strip().lower()
        if word in self.words:
            return word
        problems.error(scalar.loc, named(scalar, f"„{scalar.text.strip()}“ ist unbekannt."),
                       f"Bekannt {'ist' if len(self.words) == 1 else 'sind'}: {self._known()}.")
        return INVALID

    def _known(self) -> str:
        return ", ".join(f"{word} ({meaning})" for word, meaning in self.words.items())

    def json_schema(self) -> JSON:
        message = f"Bekannt {'ist' if len(self.words) == 1 else 'sind'}: {self._known()}."
        return es.either({"enum": list(self.words), "errorMessage": message},
                         es.matching("|".join(es.any_case(word) for word in self.words), message))

    def describe(self) -> str:
        return "eins von: " + ", ".join(self.words)


_FREE = re.compile(r"(?:0(?:[,.]0{1,2})?\s*(?:€|eur|euro)?|gratis|frei|umsonst|kostenfrei|gebührenfrei"
                   r"|eintritt frei|kostenlos)[.!]?")


def is_free(kosten: str) -> bool:
    """Whether a ``kosten`` value says "free": „kostenlos“ anywhere, or just 0, 0 €, 0,00 €, gratis, frei …"""
    text = " ".join(kosten.lower().split())
    return "kostenlos" in text or "kostenfrei" in text or bool(_FREE.fullmatch(text))


def only_free(kosten: str) -> bool:
    """Whether a ``kosten`` value says nothing but "free" (kostenlos, gratis, 0 € …): a fact, which every language
    can say in its own word ("kostenlos, Spende erwünscht" says more, and stays as written)."""
    return bool(_FREE.fullmatch(" ".join(kosten.lower().split())))


class SiteLanguage(FieldType[str]):
    """A language the site is published in (``site.yaml`` ``sprachen``): a code of ``sprachen.BEKANNT``, written
    exactly so (it becomes part of file names and URLs: ``/en/…``, ``elterncafe.en.md``)."""

    label = "Sprachcode der Website"

    def convert(self, node: YNode, problems: Problems) -> str | Invalid:
        from wegweiser.i18n.languages import BEKANNT, vermutlich

        scalar = self.scalar(node, problems, "ein Sprachcode")
        if scalar is None:
            return INVALID
        code = scalar.text.strip()
        if code in BEKANNT:
            return code
        meant = vermutlich(code)
        hint = (f"Meinten Sie „{meant}“ ({BEKANNT[meant][3]})?" if meant
                else f"Möglich sind: {', '.join(BEKANNT)} (leicht = Leichte Sprache).")
        problems.error(scalar.loc, named(scalar, f"„{code}“ ist kein Sprachcode, in dem der Wegweiser erscheinen "
                                                 "kann."), hint)
        return INVALID

    def json_schema(self) -> JSON:
        from wegweiser.i18n.languages import BEKANNT

        return {"enum": list(BEKANNT), "errorMessage": "Erwartet wird einer der Sprachcodes "
                f"{', '.join(BEKANNT)} (leicht = Leichte Sprache), klein geschrieben."}

    def describe(self) -> str:
        return "Sprachcode (de, leicht, en, tr, ar, uk, ru, …)"


class Bundesland(FieldType[str]):
    """A Bundesland as its ISO 3166-2:DE code (NW, BY, …)."""

    label = "Bundesland (Kürzel)"

    def convert(self, node: YNode, problems: Problems) -> str | Invalid:
        scalar = self.scalar(node, problems, "ein Bundesland-Kürzel")
        if scalar is None:
            return INVALID
        text = scalar.text.strip()
        if text in BUNDESLAENDER:  # exactly the codes the JSON Schema lists, so both agree
            return text
        code = text.upper().removeprefix("DE-")
        by_name = {name.casefold(): c for c, name in BUNDESLAENDER.items()}
        by_name.update({"nrw": "NW"})
        found = (code if code in BUNDESLAENDER else None) or by_name.get(text.casefold()) or next(iter(
            [by_name[m] for m in difflib.get_close_matches(text.casefold(), list(by_name), n=1, cutoff=0.75)]
            + difflib.get_close_matches(code, list(BUNDESLAENDER), n=1)), None)
        hint = (f"Meinten Sie „{found}“ ({BUNDESLAENDER[found]})?" if found else
                "Kürzel nach ISO 3166-2:DE: " + ", ".join(f"{c} ({n})" for c, n in BUNDESLAENDER.items()) + ".")
        problems.error(scalar.loc, f"„{text}“ ist kein Bundesland-Kürzel.", hint)
        return INVALID

    def json_schema(self) -> JSON:
        return {"enum": list(BUNDESLAENDER),
                "errorMessage": "Erwartet wird ein Bundesland-Kürzel nach ISO 3166-2:DE, "
                                "z. B. NW für Nordrhein-Westfalen."}

    def describe(self) -> str:
        return "Bundesland-Kürzel nach ISO 3166-2:DE (BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH)"
