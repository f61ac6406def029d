"""The typed content model: one declaration per field drives validation, JSON Schema and the docs.

Field names are German because editors write them. Each field's ``feld(...)`` carries its type
(``fields.py``), a German description for the field reference and an example.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, TypeVar

from wegweiser.fields import (
    INVALID,
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
    is_free,
    named,
    parse_number,
    spec_of,
)
from wegweiser.loader import YMap, YNode, YScalar
from wegweiser.problems import Loc, Problems


def feld(type_: FieldType, doc: str, example: str = "", required: bool = False, default: Any = None) -> Any:
    """Declare a content field: its type, German description and example."""
    spec = FieldSpec(type_, doc, example, required)
    if isinstance(default, list):
        return field(default_factory=list, metadata={"spec": spec})
    return field(default=default, metadata={"spec": spec})


def intern(default: Any = None) -> Any:
    """A value the loader sets (slug, type, source): not written by editors."""
    if isinstance(default, dict):
        return field(default_factory=dict, metadata={"intern": True}, repr=False)
    return field(default=default, metadata={"intern": True})


# --- small nested objects ------------------------------------------------------------------------

@dataclass(kw_only=True)
class Adresse:
    """Postanschrift."""

    strasse: str = feld(Text(), "Straße und Hausnummer.", "Brunnenstraße 12")
    plz: str = feld(Postcode(), "Postleitzahl, fünfstellig.", "44147")
    ort: str = feld(Text(), "Ort, bei Bedarf mit Ortsteil.", "Dortmund")


@dataclass(kw_only=True)
class Geo:
    """Lage auf der Karte (WGS 84, wie in OpenStreetMap)."""

    lat: float = feld(Number(-90, 90), "Breitengrad.", "51.5236", required=True)
    lon: float = feld(Number(-180, 180), "Längengrad.", "7.4637", required=True)


@dataclass(kw_only=True)
class Alter:
    """Altersspanne in Jahren; Dezimalzahlen sind erlaubt (0,5 = ein halbes Jahr)."""

    von: float = feld(Number(0, 99, unit=" Jahre"), "Ab diesem Alter (Jahre).", "0", required=True)
    bis: float = feld(Number(0, 99, unit=" Jahre"), "Bis zu diesem Alter (Jahre).", "6", required=True)


@dataclass(kw_only=True)
class Impressum:
    """Angaben für das Impressum der Website und die Rückseite des Hefts."""

    herausgeber: str = feld(Text(), "Wer den Wegweiser herausgibt.", "Familienbüro der Stadt Musterstadt",
                            required=True)
    adresse: str = feld(Text(), "Anschrift des Herausgebers (mehrzeilig möglich).",
                        "Rathausplatz 1, 44135 Musterstadt", required=True)
    email: str = feld(Email(), "E-Mail der Redaktion, auch für „Fehler melden“.", "familienbuero@example.org",
                      required=True)
    telefon: str = feld(Phone(), "Telefon der Redaktion.", "0231 555-0")
    verantwortlich: str = feld(Text(), "Verantwortlich im Sinne des § 18 MStV.", "Maria Muster")


@dataclass(kw_only=True)
class Farben:
    """Farben der Website (Hex-Werte)."""

    primaer: str = feld(Text(pattern=r"#[0-9a-fA-F]{6}", pattern_hint="Hex-Farbe, z. B. #1f5f8b.",
                                  pattern_error="„{}“ ist keine Farbe."),
                        "Hauptfarbe (Kopfzeile, Links).", "#1f5f8b")
    akzent: str = feld(Text(pattern=r"#[0-9a-fA-F]{6}", pattern_hint="Hex-Farbe, z. B. #c2410c.",
                                 pattern_error="„{}“ ist keine Farbe."),
                       "Akzentfarbe (Hervorhebungen).", "#c2410c")


@dataclass(kw_only=True)
class Karte:
    """Kartendienst für Karten, die erst nach Zustimmung geladen werden."""

    kacheln: str = feld(Text(pattern=r"https://[^\s]+\{z\}[^\s]*\{x\}[^\s]*\{y\}[^\s]*|http://127\.0\.0\.1[^\s]+",
                             pattern_error="„{}“ ist keine Kachel-Adresse.",
                             pattern_hint="Mit https:// und den Platzhaltern {z}, {x}, {y}, z. B. "
                                          "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
                        "Adresse der Kartenkacheln mit {z}, {x} und {y}.",
                        "https://tile.openstreetmap.org/{z}/{x}/{y}.png", required=True)
    anbieter: str = feld(Text(), "Name des Kartendienstes, wie er vor dem Laden genannt wird.", "OpenStreetMap",
                         required=True)
    namensnennung: str = feld(Text(), "Pflichtangabe der Kartendaten (Attribution).",
                              "© OpenStreetMap-Mitwirkende", required=True)


class Obj(FieldType):
    """A nested object (Adresse, Geo, …) converted field by field."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.label = cls.__name__

    def convert(self, node: YNode, problems: Problems) -> Any:
        if not isinstance(node, YMap):
            problems.error(node.loc, named(node, f"Erwartet wurden Unterfelder ({', '.join(field_names(self.cls))})."),
                           f"Schreiben Sie die Unterfelder eingerückt unter den Feldnamen, z. B.\n{_example(self.cls)}")
            return INVALID
        return convert_object(self.cls, node, problems)

    def json_schema(self) -> JSON:
        return object_schema(self.cls)

    def describe(self) -> str:
        return f"Unterfelder: {', '.join(field_names(self.cls))}"


JSON = dict[str, Any]


class AgeRange(Obj):
    """``{von: 0, bis: 6}`` or the shorthand ``"0-6"`` (also with an en dash)."""

    def __init__(self) -> None:
        super().__init__(Alter)

    def convert(self, node: YNode, problems: Problems) -> Any:
        if isinstance(node, YScalar):
            parts = node.text.replace("–", "-").split("-")
            numbers = [parse_number(p, integer=False) for p in parts] if len(parts) == 2 else []
            if len(numbers) != 2 or None in numbers:
                problems.error(node.loc, f"„{node.text}“ ist keine Altersangabe.",
                               "Schreiben Sie von-bis in Jahren, z. B. \"0-6\", oder von: 0 und bis: 6.")
                return INVALID
            value = Alter(von=float(numbers[0] or 0), bis=float(numbers[1] or 0))
            if not (0 <= value.von <= 99 and 0 <= value.bis <= 99):
                problems.error(node.loc, f"„{node.text}“ liegt außerhalb von 0 bis 99 Jahren.")
                return INVALID
        else:
            value = super().convert(node, problems)
            if value is INVALID:
                return INVALID
        if value.von > value.bis:
            problems.error(node.loc, f"Das Alter „von“ ({_years(value.von)}) ist größer als „bis“ "
                           f"({_years(value.bis)}).", "Tauschen Sie die beiden Werte.")
            return INVALID
        return value

    def json_schema(self) -> JSON:
        shorthand = {"type": "string", "pattern": r"^\d+([.,]\d+)?\s*[-–]\s*\d+([.,]\d+)?$"}
        return {"oneOf": [object_schema(Alter), shorthand]}

    def describe(self) -> str:
        return "von/bis in Jahren oder Kurzform \"0-6\""


def _years(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# --- content files -------------------------------------------------------------------------------

@dataclass(kw_only=True)
class Site:
    """Die Datei content/site.yaml: Angaben zum ganzen Wegweiser."""

    titel: str = feld(Text(max_length=80), "Titel der Website und der Hefte.", "Familienwegweiser Musterstadt",
                      required=True)
    region: str = feld(Text(), "Stadt, Kreis oder Netzwerk, für das der Wegweiser gilt.", "Musterstadt",
                       required=True)
    basis_url: str = feld(Url(), "Adresse, unter der die Website veröffentlicht wird (für QR-Codes im Heft).",
                          "https://familie.example.org/", required=True)
    impressum: Impressum = feld(Obj(Impressum), "Angaben für das Impressum.", required=True)
    stand: date = feld(Date(), "Datum der letzten Überarbeitung des Ganzen.", "2026-10-01", required=True)
    willkommen: str = feld(Markdown(), "Begrüßungstext für Startseite und Heft.", "Herzlich willkommen …")
    farben: Farben = feld(Obj(Farben), "Farben der Website.")
    sprache: str = feld(Language(), "Sprache der Inhalte.", "de", default="de")
    karte: Karte = feld(Obj(Karte), "Kartendienst; ohne diese Angabe zeigt die Website keine Karten.")

    source: str = intern("")
    locs: dict[str, Loc] = intern({})


@dataclass(kw_only=True)
class Kategorie:
    """Ein Eintrag in content/kategorien.yaml."""

    name: str = feld(Text(max_length=60), "Name des Themas, wie Familien es lesen.", "Frühe Hilfen", required=True)
    beschreibung: str = feld(Markdown(), "Ein, zwei Sätze zum Thema.", "Unterstützung rund um Geburt …")

    slug: str = intern("")
    locs: dict[str, Loc] = intern({})


@dataclass(kw_only=True)
class Seite:
    """Eine allgemeine Seite in content/seiten/ (Markdown mit Front Matter)."""

    titel: str = feld(Text(max_length=80), "Überschrift der Seite.", "Notfallnummern", required=True)
    reihenfolge: int = feld(Number(0, 10000, integer=True), "Position in der Navigation (kleiner = weiter oben).",
                            "10", default=100)
    kurz: str = feld(Text(max_length=300), "Ein Satz, worum es geht (für Übersichten und Suche).")
    druck: bool = feld(Bool(), "ja: die Seite kommt ins gedruckte Heft (z. B. Notfallnummern).", "ja",
                       default=False)
    fusszeile: bool = feld(Bool(), "ja: Link in der Fußzeile jeder Seite statt im Menü (Impressum, Datenschutz, "
                           "Barrierefreiheit).", "ja", default=False)
    stand: date = feld(Date(), "Datum der letzten Prüfung.", "2026-10-01")

    slug: str = intern("")
    text: str = intern("")
    body_line: int = intern(0)
    source: str = intern("")
    locs: dict[str, Loc] = intern({})


@dataclass(kw_only=True)
class Quartier:
    """Die Datei quartiere/<quartier>/quartier.yaml."""

    name: str = feld(Text(max_length=80), "Name des Quartiers.", "Brunnenstraßenviertel", required=True)
    ort: str = feld(Text(), "Stadt oder Gemeinde.", "Dortmund-Nordstadt", required=True)
    beschreibung: str = feld(Markdown(), "Vorstellung des Quartiers und des Netzwerks (Markdown).")
    koordination: str = feld(Slug(), "Kürzel des Kontakts, der das Netzwerk koordiniert.", "netzwerkbuero")
    stand: date = feld(Date(), "Datum der letzten Prüfung.", "2026-10-01", required=True)
    geo: Geo = feld(Obj(Geo), "Mittelpunkt des Quartiers für die Karte.")

    slug: str = intern("")
    source: str = intern("")
    locs: dict[str, Loc] = intern({})


@dataclass(kw_only=True)
class Eintrag:
    """Felder, die jeder Eintrag haben kann."""

    typ: ClassVar[str] = ""
    name: str = feld(Text(max_length=120), "Name, wie er auf Schild oder Flyer steht.", "Elterncafé Sonnenschein",
                     required=True)
    kurz: str = feld(Text(max_length=300), "Ein Satz: Was ist das, für wen?", "Offenes Frühstück für Eltern "
                     "mit Babys.")
    beschreibung: str = feld(Markdown(), "Ausführliche Beschreibung (Markdown). In .md-Dateien der Text unter "
                             "dem Front Matter.")
    kategorien: list[str] = feld(ListOf(Slug()), "Themen aus content/kategorien.yaml (Kürzel).",
                                 "[fruehe-hilfen, elternbildung]", default=[])
    alter: Alter = feld(AgeRange(), "Für Kinder welchen Alters (Jahre).", "{von: 0, bis: 3} oder \"0-3\"")
    schwangerschaft: bool = feld(Bool(), "ja: auch für werdende Eltern.", "ja", default=False)
    adresse: Adresse = feld(Obj(Adresse), "Wo es stattfindet.")
    geo: Geo = feld(Obj(Geo), "Lage für die Karte.", "{lat: 51.5236, lon: 7.4637}")
    oeffnungszeiten: str = feld(OpeningHours(), "Regelmäßige Zeiten im OpenStreetMap-Format; "
                                "Wochentage englisch: Mo Tu We Th Fr Sa Su; PH = Feiertag, SH = Schulferien.",
                                "Mo-Fr 08:00-12:00; Tu 15:00-17:00; PH off")
    zeiten: str = feld(Text(), "Zeiten in Worten, wenn sie nicht regelmäßig sind.", "in den Schulferien")
    kosten: str = feld(Text(), "Was es kostet; „kostenlos“ wird erkannt und ist als Filter suchbar.",
                       "kostenlos")
    anmeldung: str = feld(Text(), "Ob und wie man sich anmeldet.", "Ohne Anmeldung, einfach vorbeikommen.")
    sprachen: list[str] = feld(ListOf(Language()), "Sprachen, in denen beraten oder betreut wird "
                               "(ISO 639-1).", "[de, tr, ar]", default=[])
    barrierefrei: bool | str = feld(BoolOrText(), "ja, nein oder eine Beschreibung.",
                                    "Eingang mit Rampe, WC im Erdgeschoss")
    kontakt: str = feld(Slug(), "Kürzel eines Kontakts (zuerst kontakte/ des Quartiers, dann content/kontakte/).",
                        "frau-beispiel")
    telefon: str = feld(Phone(), "Telefonnummer mit Vorwahl.", "0231 555-1234")
    email: str = feld(Email(), "E-Mail-Adresse.", "elterncafe@example.org")
    web: str = feld(Url(), "Webseite (mit https://).", "https://www.example.org/elterncafe")
    traeger: str = feld(Text(), "Wer es anbietet oder trägt.", "Familienzentrum Haus der Generationen")
    stichworte: list[str] = feld(ListOf(Text()), "Weitere Suchwörter, die im Text nicht vorkommen.",
                                 "[Kita, Krabbelgruppe]", default=[])
    stand: date = feld(Date(), "Datum der letzten Prüfung der Angaben.", "2026-10-03", required=True)
    gueltig_bis: date = feld(Date(), "Danach wird der Eintrag nicht mehr veröffentlicht.", "2027-07-31")
    quartiere: str | list[str] = feld(OneOfWords("alle"), "Nur in content/<typ>/: Quartiere, in denen der "
                                      "Eintrag erscheint, oder „alle“.", "[brunnenstrassenviertel, heissen]")

    slug: str = intern("")
    quartier: str | None = intern(None)  # None: region-wide (content/<typ>/)
    source: str = intern("")
    locs: dict[str, Loc] = intern({})

    @property
    def kostenlos(self) -> bool:
        return bool(self.kosten) and is_free(self.kosten)

    @property
    def key(self) -> str:
        """Unique id of the entry: scope/typ/slug."""
        return f"{self.quartier or 'region'}/{self.typ}/{self.slug}"


@dataclass(kw_only=True)
class Angebot(Eintrag):
    """Ein Angebot: Elterncafé, Sprachkurs, Ferienspiele, Sprechstunde …"""

    typ: ClassVar[str] = "angebote"


@dataclass(kw_only=True)
class Kontakt(Eintrag):
    """Eine Beratungsstelle oder Ansprechperson."""

    typ: ClassVar[str] = "kontakte"
    funktion: str = feld(Text(), "Aufgabe oder Rolle.", "Netzwerkkoordination")
    organisation: str = feld(Text(), "Dienststelle oder Verein.", "Jugendamt, Frühe Hilfen")
    sprechzeiten: str = feld(Text(), "Sprechzeiten in Worten.", "Di und Do 9–12 Uhr und nach Vereinbarung")


@dataclass(kw_only=True)
class Spielplatz(Eintrag):
    """Ein Spielplatz."""

    typ: ClassVar[str] = "spielplaetze"
    ausstattung: list[str] = feld(ListOf(Text()), "Was es gibt.", "[Sandkasten, Schaukel, Rutsche]", default=[])
    eingezaeunt: bool = feld(Bool(), "ja: ganz eingezäunt.", "ja")


@dataclass(kw_only=True)
class Kita(Eintrag):
    """Eine Kindertageseinrichtung."""

    typ: ClassVar[str] = "kitas"
    plaetze: int = feld(Number(0, 1000, integer=True), "Anzahl der Plätze.", "75")
    u3: bool = feld(Bool(), "ja: nimmt Kinder unter drei Jahren auf.", "ja")
    familienzentrum: bool = feld(Bool(), "ja: zertifiziertes Familienzentrum.", "ja")
    betreuungszeiten: list[int] = feld(ListOf(Number(1, 60, integer=True, unit=" Stunden")),
                                       "Wöchentliche Betreuungsumfänge in Stunden.", "[25, 35, 45]", default=[])


@dataclass(kw_only=True)
class Schule(Eintrag):
    """Eine Schule."""

    typ: ClassVar[str] = "schulen"
    schulform: str = feld(Text(), "Schulform.", "Grundschule")
    ogs: bool = feld(Bool(), "ja: mit Offenem Ganztag (OGS).", "ja")
    schulnummer: str = feld(Text(pattern=r"\d{6}", pattern_error="„{}“ ist keine Schulnummer.",
                                 pattern_hint="Die amtliche Schulnummer hat sechs Ziffern."),
                            "Amtliche Schulnummer.", "123456")


ENTRY_TYPES: dict[str, type[Eintrag]] = {cls.typ: cls for cls in (Angebot, Kontakt, Spielplatz, Kita, Schule)}


# --- generic conversion --------------------------------------------------------------------------

T = TypeVar("T")


def content_fields(cls: type) -> list[tuple[str, FieldSpec]]:
    return [(f.name, spec) for f in dataclasses.fields(cls) if (spec := spec_of(f.metadata))]


def field_names(cls: type) -> list[str]:
    return [name for name, _ in content_fields(cls)]


def convert_object(cls: type[T], node: YMap, problems: Problems, skip: frozenset[str] = frozenset(),
                   known_elsewhere: dict[str, str] | None = None) -> T:
    """Build ``cls`` from a located map, reporting unknown keys, missing and invalid values.

    Invalid values are left at their defaults so that later checks still run; the problems list
    decides whether the build stops.
    """
    specs = {name: spec for name, spec in content_fields(cls) if name not in skip}
    values: dict[str, Any] = {}
    locs: dict[str, Loc] = {}
    for key, (key_loc, value_node) in node.entries.items():
        spec = specs.get(key)
        if spec is None:
            _unknown_key(key, key_loc, list(specs), problems, known_elsewhere or {})
            continue
        locs[key] = value_node.loc if not isinstance(value_node, YScalar) or not value_node.is_null else key_loc
        if isinstance(value_node, YScalar) and value_node.is_null:
            if spec.required:
                problems.error(key_loc, f"Das Pflichtfeld „{key}“ ist leer.",
                               f"Beispiel: {key}: {spec.example}" if spec.example else "")
            continue
        value = spec.type.convert(value_node, problems)
        if value is not INVALID:
            values[key] = value
    for name, spec in specs.items():
        if spec.required and name not in node.entries:
            problems.error(node.loc, f"Das Pflichtfeld „{name}“ fehlt.",
                           f"Ergänzen Sie z. B. „{name}: {spec.example}“." if spec.example else "")
    obj = cls(**values)
    if hasattr(obj, "locs"):
        obj.locs = locs
    return obj


def _unknown_key(key: str, loc: Loc, allowed: list[str], problems: Problems, elsewhere: dict[str, str]) -> None:
    if key in elsewhere:
        problems.error(loc, f"Das Feld „{key}“ ist hier unbekannt.", elsewhere[key])
        return
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    hint = f"Meinten Sie „{close[0]}“?" if close else f"Erlaubt sind: {', '.join(allowed)}."
    problems.error(loc, f"Das Feld „{key}“ ist unbekannt.", hint)


def object_schema(cls: type) -> JSON:
    properties: dict[str, JSON] = {}
    required = []
    for name, spec in content_fields(cls):
        schema = dict(spec.type.json_schema())
        schema["description"] = spec.doc
        if spec.example:
            schema["markdownDescription"] = f"{spec.doc}\n\nBeispiel: `{name}: {spec.example}`"
        properties[name] = schema
        if spec.required:
            required.append(name)
    result: JSON = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        result["required"] = required
    if cls.__doc__:
        result["description"] = cls.__doc__.strip()
    return result


def _example(cls: type) -> str:
    return "\n".join(f"  {name}: {spec.example}" for name, spec in content_fields(cls) if spec.example)
