"""What every reader of ``wegweiser import`` hands on: the source as the site names it, and one record per
entry with its fields as plain values at dotted paths (``adresse.plz``), cleaned of what breaks YAML or HTML."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

# A field's value as a reader gives it: text, number, ja/nein, a date, a list of words or numbers, or a small object
# (geo, alter).
Value = str | float | bool | date | list[str] | list[float] | dict[str, float]
# Where a record says it lives in its own guide (an export of another Familienwegweiser): the whole region.
REGION = ""

# Fields the model checks as short texts: a line break or a bidirectional control is refused there.
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
        value = "".join(c for c in value if c in "\n\t" or not _CONTROLS.fullmatch(c))
    else:
        value = re.sub(r"[\r\n\u2028\u2029]+", " ", value)
        found = _CONTROLS.findall(value.replace("\t", ""))
        value = _CONTROLS.sub("", value.replace("\t", " "))
    if found:
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
        notes.append(f"{where}: Im Feld „{what}“ wurden unsichtbare Steuerzeichen ({codes}) entfernt.")
    return re.sub(r"[ ]{2,}", " ", value).strip() if not multiline else value.strip()
