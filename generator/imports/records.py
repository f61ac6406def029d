"""What every reader of ``wegweiser import`` hands on: the source as the site names it, and one record per
entry with its fields as plain values at dotted paths (``adresse.plz``), cleaned of what breaks YAML or HTML."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# A field's value as a reader gives it: text, number, ja/nein, a date, a list of words or numbers, or a small object
# (geo, alter).
Value = str | float | bool | date | list[str] | list[float] | dict[str, float]
# Where a record says it lives in its own guide (an export of another Familienwegweiser): the whole region.
REGION = ""

# Fields the model checks as short texts: a line break or a bidirectional control is refused there.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


class ImportFehler(Exception):
    """The source cannot be read as a whole (German, with file and line); nothing was written."""


@dataclass(frozen=True)
class Herkunft:
    """The source as entries and the site name it (``quelle`` without the record's id)."""

    art: str
    name: str
    lizenz: str
    lizenz_url: str | None


@dataclass
class Datensatz:
    """One record of the source, mapped to an entry's fields."""

    id: str
    typ: str
    felder: dict[str, Value]
    ort: str  # where in the source: "schuldaten.csv:12", for messages
    plz: str | None = None  # for choosing the quarter
    geo: tuple[float, float] | None = None
    name_erfunden: bool = False  # the source has no name: the importer made one up (kept once written)
    # What another Familienwegweiser's export says besides the fields (``imports.hsds_felder``):
    bereich: str | None = None  # its quarter's slug, REGION for a region-wide entry; None: not said
    kuerzel: str | None = None  # its file name there (kept as the file name here when free)
    stand: date | None = None  # when the source last checked it (a new entry's ``stand``; today if not said)
    quelle: dict[str, object] | None = None  # its own ``quelle`` there: the original source (kept, see plan)


@dataclass
class Gelesen:
    """What a reader found: the source, its records and what it had to leave out or clean (German)."""

    herkunft: Herkunft
    datensaetze: list[Datensatz] = field(default_factory=list)
    hinweise: list[str] = field(default_factory=list)


def clean(text: object, where: str, what: str, notes: list[str], multiline: bool = False) -> str:
    """``text`` as a value the model accepts: invisible controls (bidirectional overrides, C0/C1 controls) removed
    and reported; line breaks in a one-line field become spaces. Quotes and ``<script>`` stay text: the YAML
    writer quotes, the site escapes."""
    value = unicodedata.normalize("NFC", str(text))
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        found = _CONTROLS.findall(value.replace("\n", "").replace("\t", ""))
        value = _CONTROLS.sub("", value)  # the pattern leaves out \n and \t
    else:
        value = re.sub(r"[\r\n\u2028\u2029]+", " ", value)
        found = _CONTROLS.findall(value.replace("\t", ""))
        value = _CONTROLS.sub("", value.replace("\t", " "))
    if found:
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
        notes.append(f"{where}: Im Feld „{what}“ wurden unsichtbare Steuerzeichen ({codes}) entfernt.")
    return re.sub(r"[ ]{2,}", " ", value).strip() if not multiline else value.strip()


def read_json(path: Path, shown: str, what: str = "JSON") -> object:
    """The JSON document at ``path``; ImportFehler (German, with file and line) for anything a hostile or broken
    file holds that is no data: bad syntax, not UTF-8, nesting deeper than the parser goes, a number with more
    digits than Python converts (4300), half of a UTF-16 pair (``\\ud800``: no character, not writable as UTF-8)."""
    try:
        data = json.loads(path.read_bytes())
    except json.JSONDecodeError as exc:
        raise ImportFehler(f"{shown}:{exc.lineno}: Kein gültiges {what} ({exc.msg}, Spalte {exc.colno}).") from None
    except UnicodeDecodeError:
        raise ImportFehler(f"{shown}: Die Datei ist nicht UTF-8; {what} ist immer UTF-8.") from None
    except RecursionError:
        raise ImportFehler(f"{shown}: Die Daten sind zu tief verschachtelt, um sie zu lesen.") from None
    except ValueError:
        raise ImportFehler(f"{shown}: Eine Zahl hat zu viele Ziffern, um sie zu lesen.") from None
    except OSError as exc:
        raise ImportFehler(f"{shown}: Die Datei lässt sich nicht lesen ({exc.strerror}).") from None
    half = _lone_surrogate(data)
    if half is not None:
        escape = f"\\u{ord(half):04x}"
        text = path.read_bytes().decode("utf-8", errors="replace").lower()
        line = text[:text.find(escape)].count("\n") + 1 if escape in text else 1
        raise ImportFehler(f"{shown}:{line}: „{escape}“ ist die Hälfte eines Zeichens (UTF-16-Ersatzzeichen) ohne "
                           "die andere; so ein Zeichen gibt es nicht. Die Quelle muss das berichtigen.")
    return data


def _lone_surrogate(data: object) -> str | None:
    """The first lone surrogate in any text or key of ``data`` (walked without recursion: the nesting is the
    source's)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if (found := _SURROGATE.search(item)) is not None:
                return found[0]
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            stack += item
    return None
