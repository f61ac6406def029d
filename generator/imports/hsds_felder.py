"""Reading back an export of another Familienwegweiser (``opendata.hsds``): what it puts where HSDS has no field of
its own, the ``attribute`` rows of the taxonomy „Familienwegweiser-Felder“ (term ``code`` = the model's field name,
``value`` = the value as text: ja/nein, numbers, ISO dates, lists as JSON) and of the taxonomy „Themen“ (term
``code`` = the category's slug), and the machine forms of accessibility (``details``) and opening hours (``notes``).
Each value is read by the model's own field type, so it comes back as the entry had it."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date

from wegweiser.imports.records import REGION, Value, clean
from wegweiser.model.entries import ENTRY_TYPES, QUELLEN, ROLLSTUHL, Adresse, Quelle, content_fields
from wegweiser.model.fields import Bool, Date, FieldType, ListOf, Number, OneOfWords, parse_number
from wegweiser.opendata.hsds import FELDER_NAME, PLACE_TERMS, THEMEN_NAME, ZUGANG_WORDS
from wegweiser.opendata.schedules import NOTES_PREFIX

Json = dict[str, object]
_BAR = "barrierefrei: "


@dataclass
class Felder:
    """The attributes of one service by taxonomy: field name → text, and the topics' codes."""

    werte: dict[str, str] = field(default_factory=dict)
    themen: list[str] = field(default_factory=list)

    @property
    def ours(self) -> bool:
        """Whether the service comes from a Familienwegweiser (it says its entry type)."""
        return self.werte.get("eintragsart") in ENTRY_TYPES


def _dicts(value: object) -> list[Json]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def attributes(service: Json) -> Felder:
    found = Felder()
    for attribute in _dicts(service.get("attributes")):
        term = attribute.get("taxonomy_term")
        if not isinstance(term, dict) or not isinstance(term.get("code"), str):
            continue
        detail = term.get("taxonomy_detail")
        taxonomy = term.get("taxonomy") or (detail.get("name") if isinstance(detail, dict) else None)
        value = attribute.get("value")
        if taxonomy == FELDER_NAME and isinstance(value, str):
            found.werte[term["code"]] = value
        elif taxonomy == THEMEN_NAME:
            found.themen.append(term["code"])
    return found


def place(felder: Felder) -> tuple[str | None, str | None]:
    """(bereich, kuerzel): the quarter (REGION for a region-wide entry) and the file name in the source."""
    quarter = felder.werte.get("quartier")
    return (quarter or REGION), felder.werte.get("kuerzel") or None


def fields(felder: Felder, typ: str, where: str, notes: list[str]) -> dict[str, Value]:
    """The model fields the attributes carry, read by each field's type; a value that does not fit is reported."""
    specs = dict(content_fields(ENTRY_TYPES[typ]))
    result: dict[str, Value] = {}
    for code, text in felder.werte.items():
        if code in PLACE_TERMS or code.startswith("quelle."):
            continue
        head, _, part = code.partition(".")
        spec = specs.get(code) if not part else dict(content_fields(Adresse)).get(part) if head == "adresse" else None
        value = _typed(spec.type, text) if spec is not None else None
        if value is None:
            notes.append(f"{where}: Die Angabe „{code}“ („{text[:60]}“) passt nicht zu einem "
                         f"{ENTRY_TYPES[typ].kind.singular}; nicht übernommen.")
            continue
        result[code] = clean(value, where, code, notes) if isinstance(value, str) else value
    if felder.themen:
        result["kategorien"] = list(dict.fromkeys(felder.themen))
    return result


def _typed(kind: FieldType[object], text: str) -> Value | None:
    """``text`` as the exporter wrote a value of field type ``kind`` (``opendata.hsds._text``), or None."""
    if isinstance(kind, Bool):
        return {"ja": True, "nein": False}.get(text)
    if isinstance(kind, Number):
        number = parse_number(text, integer=False)
        return float(number) if number is not None and math.isfinite(number) else None
    if isinstance(kind, Date):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    if isinstance(kind, ListOf | OneOfWords) and text.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError:
            return None
        if isinstance(items, list) and all(isinstance(i, str) for i in items):
            return [str(i) for i in items]
        if isinstance(items, list) and all(isinstance(i, int | float) and not isinstance(i, bool) for i in items):
            return [float(i) for i in items]
        return None
    return text


def quelle(felder: Felder) -> dict[str, object] | None:
    """The entry's own ``quelle`` in the source guide (an entry it had imported itself), as the model has it."""
    given = {code.removeprefix("quelle."): text for code, text in felder.werte.items() if code.startswith("quelle.")}
    names = dict(content_fields(Quelle))
    if not given or any(name not in names for name in given) or \
            not all(spec.required is False or name in given for name, spec in names.items()):
        return None
    if given["art"] not in QUELLEN or any(len(text) > 200 or not text.isprintable() for text in given.values()) or \
            not given.get("lizenz_url", "https://").startswith(("https://", "http://")):
        return None  # not as our model writes it: this import's own source instead
    data: dict[str, object] = dict(given)
    try:
        data["abgerufen"] = date.fromisoformat(given["abgerufen"])
    except ValueError:
        return None
    return {name: data[name] for name in names if name in data}


def access(rows: list[Json]) -> tuple[dict[str, Value], list[Json]]:
    """``zugang`` from the row whose ``details`` are ``rollstuhl=teilweise; kinderwagen=ja; …`` and ``barrierefrei``
    from the row with ``details`` ``barrierefrei: ja|nein|Beschreibung``; the other rows (not ours) unread."""
    found: dict[str, Value] = {}
    rest: list[Json] = []
    for row in rows:
        details = row.get("details")
        description = row.get("description")
        pairs = [part.split("=", 1) for part in details.split("; ")] if isinstance(details, str) else []
        if pairs and all(len(p) == 2 and p[0] in ZUGANG_WORDS for p in pairs):
            for name, said in pairs:
                value: Value | None = said if name == "rollstuhl" and said in ROLLSTUHL else \
                    {"ja": True, "nein": False}.get(said) if name != "rollstuhl" else None
                if value is not None:
                    found[f"zugang.{name}"] = value
        elif details in (f"{_BAR}ja", f"{_BAR}nein"):
            found["barrierefrei"] = details == f"{_BAR}ja"
        elif details == f"{_BAR}Beschreibung" and isinstance(description, str):
            found["barrierefrei"] = description
        else:
            rest.append(row)
    return found, rest


def opening_hours(schedules: list[Json]) -> tuple[str | None, str | None, list[Json]]:
    """(oeffnungszeiten from a row's ``notes`` ``opening_hours=…``, zeiten from the row with only a description,
    the rows left)."""
    hours = next((str(s["notes"])[len(NOTES_PREFIX):] for s in schedules
                  if isinstance(s.get("notes"), str) and str(s["notes"]).startswith(NOTES_PREFIX)), None)
    words = [s for s in schedules if not s.get("notes") and isinstance(s.get("description"), str)
             and not s.get("byday") and not s.get("freq")]
    rest = [s for s in schedules if not (isinstance(s.get("notes"), str) and
                                         str(s["notes"]).startswith(NOTES_PREFIX)) and s not in words]
    return hours, (" ".join(str(s["description"]) for s in words) or None), rest
