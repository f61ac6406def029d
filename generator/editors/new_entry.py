"""``wegweiser neu``: a new entry file, written from the model's field declarations.

The file holds the name, ``stand`` (and ``quartiere: alle`` for region-wide entries) as values; every
other field of the type is a comment with the field's description and example, taken from the same
``feld(...)`` declarations as the field reference, so the two cannot diverge.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from wegweiser.content.loading import ENTRY_SUFFIXES
from wegweiser.core.slug import slugify
from wegweiser.model.entries import ENTRY_TYPES, Eintrag, Obj, Termin, content_fields
from wegweiser.model.fields import FieldSpec

REGION = "region"


class NewEntryError(Exception):
    """A German message for the editor; nothing was written."""


@dataclass(frozen=True)
class Target:
    typ: str
    quarter: str | None  # None: region-wide (content/<typ>/)
    slug: str
    path: Path


def _hint(value: str, options: list[str]) -> str:
    close = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.5)
    return f" Meinten Sie „{close[0]}“?" if close else f" Möglich: {', '.join(options)}."


def quarters(root: Path) -> list[str]:
    """The quarter folders (those with a quartier.yaml)."""
    folder = root / "quartiere"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / "quartier.yaml").is_file())


def target(root: Path, typ: str, quarter: str, name: str) -> Target:
    """Where the new entry goes; raises NewEntryError for an unknown type or quarter or an unusable name."""
    if typ not in ENTRY_TYPES:
        raise NewEntryError(f"Die Art „{typ}“ gibt es nicht.{_hint(typ, list(ENTRY_TYPES))}")
    if not (root / "content").is_dir():
        raise NewEntryError(f"In „{root}“ gibt es keinen Ordner „content“. Rufen Sie den Befehl im Ordner mit "
                            "„content“ und „quartiere“ auf oder geben Sie diesen Ordner an.")
    known = quarters(root)
    if quarter != REGION and quarter not in known:
        raise NewEntryError(f"Das Quartier „{quarter}“ gibt es nicht.{_hint(quarter, [*known, REGION])}")
    if not name.strip():
        raise NewEntryError("Der Name ist leer. Schreiben Sie ihn in Anführungszeichen, z. B. "
                            "wegweiser neu angebote region \"Elterncafé am Markt\".")
    slug = slugify(name)
    if not slug:
        raise NewEntryError(f"Aus dem Namen „{name}“ lässt sich kein Dateiname bilden (er braucht Buchstaben "
                            "oder Ziffern).")
    folder = root / "content" / typ if quarter == REGION else root / "quartiere" / quarter / typ
    for suffix in ENTRY_SUFFIXES:
        existing = folder / f"{slug}{suffix}"
        if existing.exists():
            raise NewEntryError(f"Die Datei „{existing}“ gibt es schon; sie bleibt unverändert. Wählen Sie einen "
                                "anderen Namen oder bearbeiten Sie die vorhandene Datei.")
    return Target(typ, None if quarter == REGION else quarter, slug, folder / f"{slug}.yaml")


def _dump(key: str, value: object) -> str:
    """One ``key: value`` line, quoted only where YAML needs it (as an editor would write it)."""
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, width=10_000,
                          sort_keys=False).rstrip("\n")


def _commented(name: str, spec: FieldSpec) -> list[str]:
    """A field as comment lines: its description, then the field with its example (uncomment to use)."""
    lines = [f"# {line}" for line in spec.doc.splitlines()]
    example = spec.example
    if isinstance(spec.type, Obj) and not example:
        lines.append(f"#{name}:")
        for sub_name, sub_spec in content_fields(spec.type.cls):
            lines.append(f"#  {sub_name}: {sub_spec.example}".rstrip())
        return lines
    if " oder " in example or "…" in example:  # several forms or an abbreviation: shown, not a value
        lines.append(f"# Beispiel: {example}")
        example = ""
    lines.append(f"#{name}: {example}".rstrip())
    return lines


def _in_order(cls: type[Eintrag]) -> list[tuple[str, FieldSpec]]:
    """The fields in the order the file lists them: a Termin's dates, registration and places right after its name
    and short text (what an editor fills in first), then the fields every entry has."""
    fields = content_fields(cls)
    if cls is not Termin:
        return fields
    own = {name for name, _ in content_fields(Eintrag)}
    first = [item for item in fields if item[0] in ("name", "kurz")]
    return first + [item for item in fields if item[0] not in own] + \
        [item for item in fields if item[0] in own and item not in first]


def entry_text(typ: str, quarter: str | None, name: str, today: date) -> str:
    """The new file's text: values for name, stand (and quartiere), every other field as a comment."""
    cls = ENTRY_TYPES[typ]
    where = f"im Quartier „{quarter}“" if quarter else "für mehrere Quartiere (content/)"
    lines = [
        f"# Neuer Eintrag ({ENTRY_TYPES[typ].kind.label}) {where}, angelegt am {today:%d.%m.%Y} mit „wegweiser neu“.",
        "# Zeilen mit # am Anfang sind Kommentare. Um ein Feld auszufüllen, löschen Sie das Zeichen # direkt vor",
        "# dem Feldnamen und ersetzen das Beispiel. Nicht benötigte Kommentare dürfen Sie löschen.",
        "",
    ]
    for field_name, spec in _in_order(cls):
        if field_name == "name":
            lines.append(_dump("name", name.strip()))
        elif field_name == "stand":
            lines.append("# " + spec.doc)
            lines.append(f"stand: {today.isoformat()}")
        elif field_name == "quartiere":
            if quarter is None:
                lines.append("# " + spec.doc + " Zum Beispiel: quartiere: " + spec.example)
                lines.append("quartiere: alle")
                lines.append("")
            continue
        else:
            if spec.required:  # the file is not accepted until it is filled in: say so where it is
                lines.append(f"# Pflichtfeld: ohne „{field_name}“ meldet wegweiser check einen Fehler.")
            lines.extend(_commented(field_name, spec))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def create_entry(root: Path, typ: str, quarter: str, name: str, today: date) -> Path:
    """Write the new entry file and return its path; never overwrites (raises NewEntryError)."""
    place = target(root, typ, quarter, name)
    text = entry_text(place.typ, place.quarter, name, today)
    try:
        place.path.parent.mkdir(parents=True, exist_ok=True)
        with place.path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise NewEntryError(f"Die Datei „{place.path}“ gibt es schon; sie bleibt unverändert.") from None
    except OSError as exc:
        raise NewEntryError(f"„{place.path}“ kann nicht geschrieben werden ({exc.strerror}).") from None
    return place.path
