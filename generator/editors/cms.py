"""The editors' browser form (Decap CMS at /redaktion/), configured from the content model.

Every collection field comes from the same ``feld(...)`` declarations that drive validation, the JSON
Schemas and docs/felder.md, so the form cannot drift from what ``wegweiser check`` accepts. Decap CMS
itself is copied from node_modules (npm registry) into the served folder: nothing loads from another host. With
``serve --redaktion`` the form saves through the preview's own local backend (``cms_backend``); no Node.js runs.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import yaml

from wegweiser.content.team_backend import read_team_backend
from wegweiser.core.problems import Problems
from wegweiser.core.resources import npm_file, templates_dir
from wegweiser.editors.form_backend import MEDIA_FOLDER
from wegweiser.i18n.languages import BEKANNT, UEBERSETZBAR
from wegweiser.model.entries import ENTRY_TYPES, AgeRange, Kategorie, Obj, Quartier, content_fields
from wegweiser.model.event_fields import MOMENT_HINT, RULE_HINT, Moment, Rule
from wegweiser.model.fields import (
    Bool,
    BoolOrText,
    Date,
    Email,
    FieldSpec,
    FieldType,
    Language,
    ListOf,
    Markdown,
    Number,
    OneOfWords,
    OpeningHours,
    Phone,
    Postcode,
    Slug,
    Text,
    Url,
    Word,
    language_names,
)

DECAP_DIST = npm_file("decap-cms/dist")
# The OpenStreetMap opening-hours grammar for the browser (UMD build; it takes SunCalc from window)
OPENING_HOURS_JS = (npm_file("opening_hours/build/opening_hours.js"), npm_file("suncalc/suncalc.cjs"))
REGION = "region"
MD_SUFFIX = "_md"  # collection <quartier>_<typ>_md: the folder's .md entries
QUARTERS, CATEGORIES = "quartiere", "themen"  # without "_": never a <quartier>_<typ> collection

# German labels for the form; the hints come from the field docs in model.py.
LABELS = {
    "name": "Name", "kurz": "Kurzbeschreibung", "beschreibung": "Beschreibung", "kategorien": "Themen",
    "alter": "Alter", "von": "von (Jahre)", "bis": "bis (Jahre)", "schwangerschaft": "Auch für werdende Eltern",
    "adresse": "Adresse", "strasse": "Straße und Hausnummer", "plz": "Postleitzahl", "ort": "Ort",
    "geo": "Lage auf der Karte", "lat": "Breitengrad", "lon": "Längengrad",
    "oeffnungszeiten": "Öffnungszeiten", "zeiten": "Zeiten in Worten", "kosten": "Kosten",
    "anmeldung": "Anmeldung", "sprachen": "Sprachen", "barrierefrei": "Barrierefrei", "kontakt": "Kontakt",
    "telefon": "Telefon", "email": "E-Mail", "web": "Webseite", "traeger": "Träger", "stichworte": "Stichworte",
    "stand": "Stand (zuletzt geprüft)", "gueltig_bis": "Gültig bis", "quartiere": "Quartiere",
    "funktion": "Funktion", "organisation": "Organisation", "sprechzeiten": "Sprechzeiten",
    "ausstattung": "Ausstattung", "eingezaeunt": "Eingezäunt", "plaetze": "Plätze", "u3": "Unter drei Jahren (U3)",
    "familienzentrum": "Familienzentrum", "betreuungszeiten": "Betreuungsumfänge (Stunden pro Woche)",
    "schulform": "Schulform", "ogs": "Offener Ganztag (OGS)", "schulnummer": "Schulnummer",
    "anrede": "Anrede im Anschreiben (Prüfliste)",
    "koordination": "Koordination", "strassen": "Straßen",
    # Termine
    "beginn": "Beginn", "ende": "Ende", "wiederholung": "Wiederholung (Regel)", "daten": "Weitere Tage",
    "ausnahmen": "Ausnahmen (fällt aus am)", "anmeldung_ab": "Anmeldung ab", "anmeldung_bis": "Anmeldung bis",
    "buchung": "Link zur Anmeldung", "plaetze_frei": "Freie Plätze", "plaetze_stand": "Freie Plätze gezählt am",
    "mitbringen": "Mitbringen", "ermaessigung": "Ermäßigung", "bildung_und_teilhabe": "Bildung und Teilhabe (BuT)",
    "angebot": "Gehört zum Angebot",
    # Zugang
    "zugang": "Zugang (Rollstuhl, Kinderwagen, Wickeltisch)", "rollstuhl": "Mit dem Rollstuhl erreichbar",
    "kinderwagen": "Mit dem Kinderwagen erreichbar", "wickeltisch": "Wickeltisch",
    "wc_stufenlos": "Toilette ohne Stufen",
}


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def collection_name(quarter: str, typ: str) -> str:
    """Underscore never occurs in a slug, so ``<quartier>_<typ>`` cannot collide."""
    return f"{quarter}_{typ}"


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # `wegweiser check` reports the file; the form just shows the slug


def quarters(root: Path) -> dict[str, str]:
    """Quarter slug → its name, sorted by name."""
    found: dict[str, str] = {}
    folder = root / "quartiere"
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_dir() and not path.name.startswith((".", "_")):
            data = _read_yaml(path / "quartier.yaml")
            name = data.get("name") if isinstance(data, dict) else None
            found[path.name] = str(name) if name else path.name
    return dict(sorted(found.items(), key=lambda item: item[1].lower()))


def categories(root: Path) -> list[dict[str, str]]:
    data = _read_yaml(root / "content" / "kategorien.yaml")
    if not isinstance(data, dict):
        return []
    options = []
    for slug, value in data.items():
        name = value.get("name") if isinstance(value, dict) else None
        options.append({"label": str(name or slug), "value": str(slug)})
    return options


class _Context:
    def __init__(self, root: Path, quarter: str) -> None:
        self.root = root
        self.quarter = quarter
        self.quarters = quarters(root)
        self.categories = categories(root)


def _hint(spec: FieldSpec, widget: str) -> str:
    """The field doc; examples in file notation ([a, b], {von: 0}, ja) only where the editor types text."""
    hint = spec.doc
    if widget == "list":
        hint += " Mehrere Werte mit Komma trennen."
    moment = spec.type.item if isinstance(spec.type, ListOf) else spec.type
    if isinstance(moment, Moment):  # the forms check accepts, with examples
        return f"{hint} {MOMENT_HINT}" + (" Beim Ende genügt die Uhrzeit (16:00), wenn es am selben Tag endet."
                                          if moment.time_alone else "")
    if isinstance(spec.type, Rule):
        return f"{hint} {RULE_HINT}"
    if spec.example and widget in ("string", "number"):
        hint += f" Beispiel: {spec.example}"
    return hint


def _pattern(regex: str, message: str) -> list[str]:
    return [f"^(?:{regex})$", message]


def _widget(type_: FieldType[object], name: str, context: _Context, required: bool = False) -> dict[str, object]:
    """The Decap widget for one field type (without name, label, hint and required)."""
    if isinstance(type_, AgeRange):
        # "alter" (templates/redaktion/alter.js): von/bis as the object widget shows them, for the short form
        # ("0-6", "ab 6") too, written back in the form the file had.
        return {"widget": "alter", "collapsed": False, "fields": _fields(type_.cls, context, within=required)}
    if isinstance(type_, Obj):
        # Decap demands an optional object's required subfields even when the object stays empty:
        # there they are optional in the form and `check` reports a half-filled object.
        return {"widget": "object", "collapsed": False, "fields": _fields(type_.cls, context, within=required)}
    if isinstance(type_, ListOf):
        item = type_.item
        if isinstance(item, Slug) and name == "kategorien":
            return {"widget": "select", "multiple": True, "options": context.categories}
        if isinstance(item, Language):
            return {"widget": "select", "multiple": True, "options": _languages()}
        if isinstance(item, Number):
            return {"widget": "list", "field": {"name": "wert", "label": "Wert", **_widget(item, "wert", context)}}
        if isinstance(item, (Date, Moment)):  # ausnahmen, daten of a Termin: one date per row
            return {"widget": "list", "label_singular": "Tag" if name == "ausnahmen" else "weiteren Tag",
                    "field": {"name": "datum", "label": "Datum", **_widget(item, "datum", context)}}
        return {"widget": "list", "allow_add": True}
    if isinstance(type_, OneOfWords):  # quartiere of a region-wide entry
        options = [{"label": "Alle Quartiere", "value": type_.word}]  # saved as [alle], which check accepts
        options += [{"label": title, "value": slug} for slug, title in context.quarters.items()]
        return {"widget": "select", "multiple": True, "options": options}
    if isinstance(type_, Slug) and name == "angebot":
        # a Termin's offer: the quarter's offers, then the region's, in the order content.contacts.resolve_offer looks
        return {"widget": "kontakt", "collection": collection_name(context.quarter, "angebote"),
                "region_collection": collection_name(REGION, "angebote"),
                "value_field": "{{slug}}", "search_fields": ["name"], "display_fields": ["name"]}
    if isinstance(type_, Slug) and name in ("kontakt", "koordination"):
        # "kontakt" (templates/redaktion/formular.js): Decap's relation widget, offering the quarter's contacts and
        # then the region-wide ones, in the order `check` looks them up.
        return {"widget": "kontakt", "collection": collection_name(context.quarter, "kontakte"),
                "region_collection": collection_name(REGION, "kontakte"),
                "value_field": "{{slug}}", "search_fields": ["name"], "display_fields": ["name"]}
    if isinstance(type_, Word):
        return {"widget": "select", "options": [{"label": f"{word} ({meaning})", "value": word}
                                                for word, meaning in type_.words.items()]}
    if isinstance(type_, Markdown):
        return {"widget": "markdown", "buttons": ["bold", "italic", "link", "heading-three", "bulleted-list",
                                                  "numbered-list"], "editor_components": []}
    if isinstance(type_, Date):
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD.MM.YYYY", "time_format": False}
    if isinstance(type_, Bool):
        return {"widget": "boolean"}
    if isinstance(type_, (Moment, Rule)):
        # Text, not Decap's datetime widget: that cannot write a whole day, an end as a time alone ("16:00") or
        # the German "04.07.2027 10:00" check accepts, and it rewrites what it cannot parse
        schema = type_.json_schema()
        return {"widget": "string", "pattern": [str(schema["pattern"]), str(schema["patternErrorMessage"])]}
    if isinstance(type_, Number):
        widget: dict[str, object] = {"widget": "number", "value_type": "int" if type_.integer else "float"}
        if type_.minimum is not None:
            widget["min"] = type_.minimum
        if type_.maximum is not None:
            widget["max"] = type_.maximum
        if not type_.integer:
            widget["step"] = 0.5 if type_.unit.strip() == "Jahre" else 0.0001
        return widget
    if isinstance(type_, Postcode):
        return {"widget": "string", "pattern": _pattern(r"\d{5}", "Fünf Ziffern, z. B. 44147.")}
    if isinstance(type_, Email):
        return {"widget": "string", "pattern": _pattern(r"[^@\s]+@[^@\s]+\.[^@\s]+",
                                                        "Eine E-Mail-Adresse, z. B. familienbuero@example.org.")}
    if isinstance(type_, Phone):
        return {"widget": "string", "pattern": _pattern(r"\+?[\d\s/()\-]+", "Nur Ziffern, Leerzeichen, + / ( ) "
                                                        "und -, z. B. 0231 555-1234.")}
    if isinstance(type_, Url):
        return {"widget": "string", "pattern": _pattern(r"https?://\S+", "Eine Adresse mit https://.")}
    if isinstance(type_, Text) and type_.pattern is not None:
        return {"widget": "string", "pattern": _pattern(type_.pattern.pattern, type_.pattern_hint
                                                        or "Das hat nicht die erwartete Form.")}
    if isinstance(type_, Text) and type_.max_length:
        return {"widget": "string", "pattern": [rf"^[\s\S]{{0,{type_.max_length}}}$",
                                                f"Höchstens {type_.max_length} Zeichen."]}
    if isinstance(type_, OpeningHours):
        # pruefung_oeffnungszeiten.js checks it in the browser when no local backend checks the save (Decap keeps
        # unknown keys on a field and hands them to the widget)
        return {"widget": "string", "ww_pruefung": "oeffnungszeiten"}
    if isinstance(type_, (Text, BoolOrText)):
        return {"widget": "string"}
    return {"widget": "string"}


def _languages() -> list[dict[str, str]]:
    names = language_names()
    return [{"label": f"{name} ({code})", "value": code} for code, name in sorted(names.items(),
                                                                                  key=lambda item: item[1])]


def _fields(cls: type, context: _Context, skip: frozenset[str] = frozenset(),
            within: bool = True) -> list[dict[str, object]]:
    fields = []
    for name, spec in content_fields(cls):
        if name in skip:
            continue
        widget = _widget(spec.type, name, context, spec.required and within)
        # a list with a "field" has a row per value (no commas): only a plain list's hint says how to separate
        kind = "rows" if "field" in widget else str(widget["widget"])
        field = {"name": name, "label": label(name), "hint": _hint(spec, kind),
                 "required": spec.required and within, **widget}
        if isinstance(spec.type, Date) and field["required"]:
            field["default"] = "{{now}}"  # a new entry is checked today
        fields.append(field)
    return fields


def _collection(root: Path, quarter: str, typ: str, title: str, markdown: bool = False) -> dict[str, object]:
    """The form for the ``.yaml`` entries of a folder, or (``markdown``) for its ``.md`` entries: YAML front
    matter with the description as the body after ``---``, the shape of a hand-written ``.md`` entry."""
    context = _Context(root, quarter)
    folder = f"content/{typ}" if quarter == REGION else f"quartiere/{quarter}/{typ}"
    # ``quelle`` is written by ``wegweiser import`` only; the form keeps it as it is (the backend splices)
    fields = _fields(ENTRY_TYPES[typ], context, frozenset({"quelle"}) if quarter == REGION
                     else frozenset({"quartiere", "quelle"}))
    if quarter == REGION:
        for field in fields:
            if field["name"] == "quartiere":
                field["required"] = True
    translations = translation_field(root, typ)
    if translations is not None:  # first: the entry's translations, beside its original (uebersetzungen.js)
        fields.insert(0, translations)
    name, kind, extension, fmt = collection_name(quarter, typ), "", "yaml", "yaml"
    if markdown:
        # Decap keeps the field named "body" out of the front matter and writes it after the closing ---.
        for field in fields:
            if field["name"] == "beschreibung":
                field["name"] = "body"
        name, kind, extension, fmt = f"{name}{MD_SUFFIX}", " (Markdown-Dateien)", "md", "frontmatter"
    return {
        "name": name,
        "label": f"{title}: {ENTRY_TYPES[typ].kind.label}{kind}",
        "label_singular": f"{ENTRY_TYPES[typ].kind.singular} ({title})",
        "description": f"{'.md-' if markdown else ''}Dateien im Ordner {folder}/",
        "folder": folder,
        "create": True,
        "delete": True,
        "extension": extension,
        "format": fmt,
        "identifier_field": "name",
        "slug": "{{slug}}",
        "summary": "{{name}}",
        "sortable_fields": ["name", "stand"],
        "fields": fields,
    }


TRANSLATIONS_WIDGET = "uebersetzungen"
TRANSLATION_NAME = re.compile(r"[^.]+\.[A-Za-z_]+\.(?:md|ya?ml)")  # <slug>.<language>.<suffix>, as the form hides it
JS_YAML = npm_file("js-yaml/dist/js-yaml.min.js")  # Decap's own front-matter parser (gray-matter) uses it


def translation_field(root: Path, typ: str) -> dict[str, object] | None:
    """The translation view of an entry (widget ``uebersetzungen``): the site's other languages and the fields a
    translation of this type may hold, in the order of ``UEBERSETZBAR``; None for a site in one language. It has no
    value of its own: Decap never writes it into the entry."""
    site = _read_yaml(root / "content" / "site.yaml")
    codes = site.get("sprachen") if isinstance(site, dict) else None
    if not isinstance(codes, list) or len(codes) < 2:
        return None
    languages = [{"code": str(code), "name": BEKANNT[str(code)][3], "dir": BEKANNT[str(code)][2]}
                 for code in codes[1:] if str(code) in BEKANNT]
    model = dict(content_fields(ENTRY_TYPES[typ]))
    fields = [{"name": name, "label": label(name),
               "kind": "markdown" if isinstance(model[name].type, Markdown)
               else "list" if isinstance(model[name].type, ListOf) else "text"}
              for name in UEBERSETZBAR["eintrag"] if name in model]
    return {"name": TRANSLATIONS_WIDGET, "label": "Übersetzungen", "widget": TRANSLATIONS_WIDGET, "required": False,
            "hint": "Jede Übersetzung ist eine eigene Datei neben diesem Eintrag. Sie enthält nur Texte; Adresse, "
                    "Zeiten, Telefon und alle anderen Angaben kommen immer aus dem deutschen Eintrag.",
            "sprachen": languages, "felder": fields}


def _has_markdown(root: Path, quarter: str, typ: str) -> bool:
    folder = root / "content" / typ if quarter == REGION else root / "quartiere" / quarter / typ
    # "<slug>.en.md" is a translation, shown in its original's form, never an entry (as uebersetzungen.js lists)
    return folder.is_dir() and any(not TRANSLATION_NAME.fullmatch(path.name) for path in folder.glob("*.md"))


def _quarter_collection(root: Path) -> dict[str, object] | None:
    """Each quarter's ``quartier.yaml`` (name, description, streets, …) as a file of one collection; a quarter
    is added as a folder (see docs/redaktion.md), then it appears here (``serve --redaktion`` rewrites the
    configuration when a quarter or a category changes)."""
    files = []
    for slug, title in quarters(root).items():
        if not (root / "quartiere" / slug / "quartier.yaml").is_file():
            continue  # `wegweiser check` reports the folder without its quartier.yaml
        fields = _fields(Quartier, _Context(root, slug))
        for field in fields:
            if field["name"] == "plz":
                field["label"] = "Postleitzahlen"
        files.append({"name": slug, "label": title, "file": f"quartiere/{slug}/quartier.yaml", "fields": fields})
    if not files:
        return None
    return {"name": QUARTERS, "label": "Quartiere", "label_singular": "Quartier",
            "description": "Name, Beschreibung, Straßen und Postleitzahlen jedes Quartiers "
                           "(quartiere/<quartier>/quartier.yaml)",
            "delete": False, "files": files}


def _category_collection(root: Path) -> dict[str, object] | None:
    """content/kategorien.yaml: one group of fields per theme, named by its key (which entries use and which
    stays as it is). A new theme is added in the file (docs/redaktion.md)."""
    themes = categories(root)
    if not themes:
        return None
    context = _Context(root, REGION)
    fields = [{"name": theme["value"], "label": theme["label"], "hint": f"Kürzel in den Einträgen: {theme['value']}",
               "required": True, "widget": "object", "collapsed": False, "fields": _fields(Kategorie, context)}
              for theme in themes]
    return {"name": CATEGORIES, "label": "Themen", "label_singular": "Thema",
            "description": "Die Themen, nach denen Familien suchen (content/kategorien.yaml)", "delete": False,
            "files": [{"name": "kategorien", "label": "Alle Themen", "file": "content/kategorien.yaml",
                       "fields": fields}]}


def cms_config(root: Path, local_backend: str | None = None,
               backend: dict[str, object] | None = None) -> dict[str, object]:
    """The Decap CMS configuration for the content folder ``root``: a collection per quarter and type, then
    one per type for region-wide entries (content/<typ>/). ``local_backend``: the address of the preview's local
    backend (with its session secret), which Decap uses instead of ``backend`` on 127.0.0.1; a form for a website
    has none."""
    collections = [_collection(root, quarter, typ, title)
                   for quarter, title in quarters(root).items() for typ in ENTRY_TYPES]
    collections += [_collection(root, REGION, typ, "Ganze Region") for typ in ENTRY_TYPES]
    # Entries written by hand as Markdown with front matter: one collection per folder that holds any.
    collections += [_collection(root, quarter, typ, title, markdown=True)
                    for quarter, title in [*quarters(root).items(), (REGION, "Ganze Region")]
                    for typ in ENTRY_TYPES if _has_markdown(root, quarter, typ)]
    collections += [c for c in (_quarter_collection(root), _category_collection(root)) if c is not None]
    config: dict[str, object] = {
        "locale": "de",
        "backend": backend or {"name": "git-gateway", "branch": "main"},
    }
    if local_backend:
        config["local_backend"] = {"url": local_backend, "allowed_hosts": ["127.0.0.1"]}
    return config | {
        "load_config_file": False,
        "media_folder": MEDIA_FOLDER,
        "public_folder": "/medien",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }


def config_yaml(config: dict[str, object]) -> str:
    head = ("# Erzeugt von „wegweiser cms“ aus dem Inhaltsmodell – bitte nicht von Hand ändern.\n"
            "# Das Team-Backend (GitHub oder GitLab) steht in redaktion.yml im Projektordner.\n")
    return head + yaml.safe_dump({k: v for k, v in config.items() if k != "load_config_file"},
                                 allow_unicode=True, sort_keys=False, width=120)


_INDEX = """<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Redaktion</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
{backend}</head>
<body>
<script src="decap-cms.js"></script>
<script src="suncalc.js"></script>
<script src="opening_hours.js"></script>
{scripts}
</body>
</html>
"""


def form_scripts() -> list[Path]:
    """Our scripts for the form (``templates/redaktion/*.js``), one per concern, loaded after Decap CMS in the
    order of their names: they register widgets, event hooks and texts before Decap starts."""
    return sorted((templates_dir() / "redaktion").glob("*.js"))


def team_backend(root: Path, strict: bool = True) -> dict[str, object] | None:
    """The ``backend`` block of ``redaktion.yml`` in the project folder (GitHub/GitLab for a team), if any.
    ``strict``: a file with errors raises ``TeamBackendInvalid`` (a website's form would not start); the preview
    saves through its local backend and leaves the report to its check."""
    problems = Problems()
    backend = read_team_backend(root, problems)
    if strict and problems.errors:
        raise TeamBackendInvalid("\n".join(problem.format() for problem in problems.errors))
    return backend


def write_cms(root: Path, out: Path, local_backend: str | None = None) -> list[Path]:
    """Write the /redaktion/ folder: index.html, config.yml and Decap CMS copied from node_modules.
    ``local_backend``: see ``cms_config``."""
    if not (DECAP_DIST / "decap-cms.js").is_file():
        raise CmsMissing(f"Decap CMS fehlt in {DECAP_DIST}. Installieren Sie es mit „make install“ "
                         "(npm install); ein Rad (wheel) des Programms enthält es, wenn es nach „npm install“ "
                         "gebaut wurde.")
    if not all(path.is_file() for path in OPENING_HOURS_JS):
        raise CmsMissing(f"opening_hours fehlt: {OPENING_HOURS_JS[0]}. Installieren Sie es mit „make install“ "
                         "(npm install).")
    config = cms_config(root, local_backend, team_backend(root, strict=local_backend is None))
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.yml").write_text(config_yaml(config), encoding="utf-8")
    scripts = form_scripts()
    tags = "\n".join(f'<script src="{path.name}"></script>' for path in scripts)
    # With the local backend the preview checks every save itself; the browser checks only without it.
    backend = '<meta name="ww-backend" content="lokal">\n' if local_backend else ""
    (out / "index.html").write_text(_INDEX.format(scripts=tags, backend=backend), encoding="utf-8")
    written = [out / "config.yml", out / "index.html"]
    for source, name in zip(OPENING_HOURS_JS, ("opening_hours.js", "suncalc.js"), strict=True):
        shutil.copyfile(source, out / name)
        written.append(out / name)
    for path in scripts:
        shutil.copyfile(path, out / path.name)
        written.append(out / path.name)
    if JS_YAML.is_file():  # read by uebersetzungen.js to parse translation files as the loader does
        shutil.copyfile(JS_YAML, out / JS_YAML.name)
        written.append(out / JS_YAML.name)
    for path in sorted(DECAP_DIST.iterdir()):
        if path.name == "decap-cms.js" or path.name.endswith((".decap-cms.js", ".wasm")):
            shutil.copyfile(path, out / path.name)
            written.append(out / path.name)
    return written


def shapes_form(path: Path, root: Path) -> bool:
    """Whether a change at ``path`` can change the form's collections: a quarter folder or its quartier.yaml,
    content/kategorien.yaml, or an .md entry (a folder's first gets a collection of its own)."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    if parts[:1] == ("quartiere",):
        return len(parts) <= 2 or parts[2:] == ("quartier.yaml",) or path.suffix == ".md"
    return parts == ("content", "kategorien.yaml") or (parts[:1] == ("content",) and path.suffix == ".md")


def refresh_config(root: Path, out: Path, local_backend: str | None = None) -> bool:
    """Rewrite ``out``/config.yml if the content now asks for other collections (a new quarter, a renamed
    category); ``True`` if it changed. Atomic: a form loading meanwhile reads the old or the new file whole."""
    text = config_yaml(cms_config(root, local_backend, team_backend(root, strict=local_backend is None)))
    target = out / "config.yml"
    try:
        if target.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    temporary = out / ".config.yml.neu"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)
    return True


class CmsMissing(Exception):
    """Decap CMS is not installed."""


class TeamBackendInvalid(Exception):
    """``redaktion.yml`` has errors: the message lists them with file and line."""
