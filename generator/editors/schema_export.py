"""JSON Schemas for editors' tools and the German field reference, both derived from the model."""

from __future__ import annotations

import json
from pathlib import Path

from wegweiser.i18n.languages import ORIGINAL, UEBERSETZBAR, VORLAGE
from wegweiser.model import json_schema as es
from wegweiser.model.entries import (
    ENTRY_TYPES,
    Eintrag,
    Kategorie,
    Kontakt,
    Obj,
    Quartier,
    Seite,
    Site,
    content_fields,
    object_schema,
)
from wegweiser.model.fields import SLUG_HINT, SLUG_PATTERN, FieldType
from wegweiser.model.json_schema import JSON, JSONValue

SCHEMA_URI = "http://json-schema.org/draft-07/schema#"


def _object(value: JSONValue) -> JSON:
    """A part of a schema that is an object (``properties``, a field's schema)."""
    assert isinstance(value, dict), value
    return value


def _array(value: JSONValue) -> list[JSONValue]:
    """A part of a schema that is a list (``required``, ``anyOf``)."""
    assert isinstance(value, list), value
    return value


def _copied(schema: JSON) -> JSON:
    """A deep copy of ``schema``, through JSON text."""
    copy: JSON = json.loads(json.dumps(schema))  # json.loads is untyped; it returns what json.dumps wrote
    return copy


def schemas() -> dict[str, JSON]:
    """File name → schema. Entries in quarters must not name ``quartiere``; region-wide ones must."""
    result: dict[str, JSON] = {}
    for typ, cls in ENTRY_TYPES.items():
        schema = object_schema(cls)
        local = _copied(schema)
        del _object(local["properties"])["quartiere"]
        result[f"{typ}.schema.json"] = _titled(local, f"{cls.kind.label} eines Quartiers")
        region = _copied(schema)
        region["required"] = [*_array(region.get("required", [])), "quartiere"]
        result[f"{typ}-region.schema.json"] = _titled(region, f"{cls.kind.label} für mehrere Quartiere")
    result["quartier.schema.json"] = _titled(object_schema(Quartier), "Quartier")
    result["site.schema.json"] = _titled(object_schema(Site), "Wegweiser (site.yaml)")
    slug_message = f"Das Kürzel der Kategorie ist ungültig. {SLUG_HINT}"
    result["kategorien.schema.json"] = {
        "$schema": SCHEMA_URI, "title": "Kategorien (kategorien.yaml)", "type": "object",
        "propertyNames": {"pattern": f"^{SLUG_PATTERN}$", "errorMessage": slug_message,
                          "patternErrorMessage": slug_message},
        "additionalProperties": _for_editors(object_schema(Kategorie)),
        "errorMessage": "Erwartet werden Kategorien: je ein Kürzel mit den Unterfeldern name und beschreibung.",
    }
    result.update(translation_schemas(slug_message))
    return result


def _translation(cls: type, art: str, *more: type) -> JSON:
    """A translation of ``cls`` (and of ``more`` types sharing its file form): only their translatable text
    (``UEBERSETZBAR``), nothing required, and ``vorlage``."""
    schema = object_schema(cls)
    properties: JSON = {name: prop for other in (cls, *more)
                        for name, prop in _object(object_schema(other)["properties"]).items()
                        if name in UEBERSETZBAR[art]}
    schema["properties"] = properties
    properties[VORLAGE] = {
        **es.matching("[0-9a-f]{12}", "Erwartet wird der Fingerabdruck aus zwölf Zeichen 0–9 und a–f, den "
                      "„wegweiser uebersetzen import“ schreibt."),
        "description": "Fingerabdruck des Originaltexts, aus dem die Übersetzung entstand (schreibt „wegweiser "
                       "uebersetzen import“; ohne ihn gilt die Übersetzung als aktuell)."}
    properties[ORIGINAL] = {
        "type": "object", "additionalProperties": False,
        "properties": {name: {"anyOf": [{"type": "string", "errorMessage": _ORIGINAL_TEXT},
                                        {"type": "array", "items": {"type": "string", "errorMessage": _ORIGINAL_TEXT},
                                         "errorMessage": _ORIGINAL_TEXT}]}
                       for name in UEBERSETZBAR[art]},
        "description": "Der Text des Originals, aus dem übersetzt wurde, Feld für Feld (schreibt „wegweiser "
                       "uebersetzen import“ mit „vorlage“; ein späterer Export zeigt damit den bisherigen Text)."}
    schema.pop("required", None)
    schema["description"] = ("Übersetzung: nur Text, den Familien lesen. Adresse, Telefon, Zeiten, Alter und "
                             "Verweise kommen immer aus dem Original.")
    return schema


_ORIGINAL_TEXT = ("Erwartet wird der deutsche Text, aus dem übersetzt wurde; „wegweiser uebersetzen import“ "
                  "schreibt ihn.")


def translation_schemas(slug_message: str) -> dict[str, JSON]:
    """Schemas for translation files (``<name>.<code>.yaml`` beside the original, see uebersetzungen.py)."""
    return {
        "uebersetzung-eintrag.schema.json": _titled(_translation(Kontakt, "eintrag", *ENTRY_TYPES.values()),
                                                     "Übersetzung eines Eintrags"),
        "uebersetzung-quartier.schema.json": _titled(_translation(Quartier, "quartier"),
                                                     "Übersetzung eines Quartiers"),
        "uebersetzung-site.schema.json": _titled(_translation(Site, "site"),
                                                 "Übersetzung der Website-Texte (site.<code>.yaml)"),
        "uebersetzung-kategorien.schema.json": {
            "$schema": SCHEMA_URI, "title": "Übersetzung der Kategorien (kategorien.<code>.yaml)", "type": "object",
            "propertyNames": {"pattern": f"^{SLUG_PATTERN}$", "errorMessage": slug_message,
                              "patternErrorMessage": slug_message},
            "additionalProperties": _for_editors(_translation(Kategorie, "kategorie")),
            "errorMessage": "Erwartet werden Kategorien: je ein Kürzel aus kategorien.yaml mit name und beschreibung.",
        },
    }


def _titled(schema: JSON, title: str) -> JSON:
    return {"$schema": SCHEMA_URI, "title": title, **_for_editors_object(schema)}


def _for_editors(schema: JSONValue) -> JSONValue:
    """:func:`_for_editors_object` in every object of a schema's value (lists and objects, recursively)."""
    if isinstance(schema, list):
        return [_for_editors(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    return _for_editors_object(schema)


def _for_editors_object(schema: JSON) -> JSON:
    """What check does beyond the field types, in every object of the schema (recursively).

    An optional field left empty (``web:``, or ``primaer: #1f5f8b``, where YAML reads a comment) is
    accepted by check, so it may be null. An object says in German which fields it needs and allows:
    yaml-language-server shows an object's ``errorMessage`` for unknown, missing and mistyped fields.
    """
    result = {key: _for_editors(value) for key, value in schema.items()}
    properties = result.get("properties")
    if isinstance(properties, dict):
        required = [str(name) for name in _array(result.get("required", []))]
        for name, prop in properties.items():
            if name not in required:
                properties[name] = _nullable(_object(prop))
        needed = f" Pflichtfelder: {', '.join(required)}." if required else ""
        result["errorMessage"] = f"Erwartet werden Felder der Form „feld: wert“.{needed}"
        if result.pop("additionalProperties", True) is False:
            # Unknown fields: propertyNames, so that the editor names the allowed fields at the wrong one.
            result["propertyNames"] = {"enum": [*properties], "errorMessage": "Dieses Feld gibt es hier nicht. "
                                       f"Erlaubt sind: {', '.join(properties)}."}
    return result


def _nullable(prop: JSON) -> JSON:
    empty: JSON = {"type": ["null"], "errorMessage": "Leer lassen oder einen Wert eintragen."}
    if "anyOf" in prop:
        return {**prop, "anyOf": [*_array(prop["anyOf"]), empty]}
    docs: JSON = {key: prop[key] for key in ("description", "markdownDescription") if key in prop}
    inner = {key: value for key, value in prop.items() if key not in docs}
    if "properties" in inner:  # a nested object: keep its own message for its fields
        return {**docs, "anyOf": [inner, empty]}
    types = inner.get("type")
    if types is not None:
        return {**prop, "type": [*(types if isinstance(types, list) else [types]), "null"]}
    return {**docs, "anyOf": [inner, empty]}


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _rows(cls: type, prefix: str = "") -> list[str]:
    rows = []
    for name, spec in content_fields(cls):
        required = "ja" if spec.required else ""
        example = f"`{name}: {spec.yaml_example}`" if spec.example else ""
        rows.append(f"| `{prefix}{name}` | {_describe(spec.type)} | {required} | {spec.doc} | {example} |")
        if isinstance(spec.type, Obj):
            rows.extend(_rows(spec.type.cls, f"{prefix}{name}."))
    return rows


def _describe(type_: FieldType[object]) -> str:
    return type_.describe().replace("|", "\\|")


def _table(cls: type, fields: list[str] | None = None) -> list[str]:
    head = ["| Feld | Art | Pflicht | Bedeutung | Beispiel |", "|---|---|---|---|---|"]
    rows = _rows(cls)
    if fields is not None:
        rows = [r for r in rows if r.split("`")[1].split(".")[0] in fields]
    return head + rows


def field_reference() -> str:
    """The field reference for the editors' guide (docs/felder.md), generated from the model."""
    common = {name for name, _ in content_fields(Eintrag)}
    parts = [
        "# Feldreferenz",
        "",
        "Diese Seite wird aus dem Programm erzeugt (`wegweiser schema --doku docs/felder.md`); "
        "bitte nicht von Hand ändern.",
        "",
        "## Felder aller Einträge",
        "",
        "Gilt für Angebote, Kontakte, Spielplätze, Kitas und Schulen.",
        "",
        *_table(Eintrag),
    ]
    for typ, cls in ENTRY_TYPES.items():
        extra = [name for name, _ in content_fields(cls) if name not in common]
        if extra:
            parts += ["", f"## Zusätzliche Felder: {cls.kind.label} (`{typ}/`)", "", *_table(cls, extra)]
    parts += ["", "## Quartier (`quartiere/<quartier>/quartier.yaml`)", "", *_table(Quartier)]
    parts += ["", "## Wegweiser (`content/site.yaml`)", "", *_table(Site)]
    parts += ["", "## Kategorie (`content/kategorien.yaml`, je Kürzel)", "", *_table(Kategorie)]
    parts += ["", "## Allgemeine Seite (`content/seiten/*.md`, Front Matter)", "", *_table(Seite)]
    return "\n".join(parts) + "\n"


def editor_settings() -> JSON:
    """VS Code's workspace settings for a content project (``.vscode/settings.json``): each content file mapped to
    its schema for the YAML extension (Red Hat), UTF-8, LF and two-space indents. The program's own repository
    keeps the same file for its demo."""
    mapping: JSON = {}
    for typ in ENTRY_TYPES:
        mapping[f"./schema/{typ}.schema.json"] = [f"quartiere/*/{typ}/*.yaml", f"!quartiere/*/{typ}/*.*.yaml"]
    for typ in ENTRY_TYPES:
        mapping[f"./schema/{typ}-region.schema.json"] = [f"content/{typ}/*.yaml", f"!content/{typ}/*.*.yaml"]
    mapping.update({
        "./schema/quartier.schema.json": "quartiere/*/quartier.yaml",
        "./schema/site.schema.json": "content/site.yaml",
        "./schema/kategorien.schema.json": "content/kategorien.yaml",
        "./schema/uebersetzung-eintrag.schema.json": ["quartiere/*/*/*.*.yaml", "content/*/*.*.yaml"],
        "./schema/uebersetzung-quartier.schema.json": "quartiere/*/quartier.*.yaml",
        "./schema/uebersetzung-site.schema.json": "content/site.*.yaml",
        "./schema/uebersetzung-kategorien.schema.json": "content/kategorien.*.yaml",
    })
    return {"yaml.schemas": mapping, "yaml.customTags": [], "files.encoding": "utf8", "files.eol": "\n",
            "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2}}


EDITOR_EXTENSIONS: JSON = {"recommendations": ["redhat.vscode-yaml"]}
