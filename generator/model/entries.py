"""The typed content model: one declaration per field drives validation, JSON Schema and the docs.

Field names are German because editors write them. Each field's ``feld(...)`` carries its type
(``fields.py``), a German description for the field reference and an example.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, Literal, TypeVar, overload

from wegweiser.core.problems import Loc, Problems
from wegweiser.i18n.catalogue import N_
from wegweiser.model import json_schema as es
from wegweiser.model.event_fields import Moment, Regel, Rule, Zeitpunkt
from wegweiser.model.fields import (
    INVALID,
    Bool,
    BoolOrText,
    Bundesland,
    Date,
    Email,
    FieldSpec,
    FieldType,
    Invalid,
    Language,
    ListOf,
    Markdown,
    Number,
    OneOfWords,
    OpeningHours,
    Phone,
    Postcode,
    SiteLanguage,
    Slug,
    Text,
    Url,
    Word,
    is_free,
    named,
    parse_number,
    read,
    spec_of,
)
from wegweiser.model.located_yaml import YList, YMap, YNode, YScalar

V = TypeVar("V")
Obj_T = TypeVar("Obj_T")


@overload
def feld(type_: FieldType[V], doc: str, example: str = "", *, required: Literal[True]) -> V: ...


@overload
def feld(type_: FieldType[V], doc: str, example: str = "", *, default: V) -> V: ...


@overload
def feld(type_: FieldType[V], doc: str, example: str = "") -> V | None: ...


def feld(type_: FieldType[object], doc: str, example: str = "", *, required: bool = False,
         default: object = None) -> object:
    """Declare a content field: its type, German description and example.

    The attribute's type follows from the field type: a required field always holds a value
    (``convert_object`` builds no object without it), one with a default holds at least that, and
    any other field is ``… | None``.
    """
    spec = FieldSpec(type_, doc, example, required)
    if required:
        return field(metadata={"spec": spec})
    if isinstance(default, list):
        return field(default_factory=list, metadata={"spec": spec})
    return field(default=default, metadata={"spec": spec})


@overload
def intern(default: dict[str, Loc]) -> dict[str, Loc]: ...


@overload
def intern(default: V) -> V: ...


def intern(default: object) -> object:
    """A value the loader sets (slug, type, source): not written by editors."""
    if isinstance(default, dict):
        return field(default_factory=dict, metadata={"intern": True}, repr=False)
    return field(default=default, metadata={"intern": True})


# --- small nested objects ------------------------------------------------------------------------

@dataclass(kw_only=True)
class Adresse:
    """Postanschrift."""

    strasse: str | None = feld(Text(), "Straße und Hausnummer.", "Brunnenstraße 12")
    plz: str | None = feld(Postcode(), "Postleitzahl, fünfstellig.", "44147")
    ort: str | None = feld(Text(), "Ort, bei Bedarf mit Ortsteil.", "Dortmund")


@dataclass(kw_only=True)
class Geo:
    """Lage auf der Karte (WGS 84, wie in OpenStreetMap)."""

    lat: float = feld(Number(-90, 90), "Breitengrad.", "51.5236", required=True)
    lon: float = feld(Number(-180, 180), "Längengrad.", "7.4637", required=True)


@dataclass(kw_only=True)
class Alter:
    """Altersspanne in Jahren; Dezimalzahlen sind erlaubt (0,5 = ein halbes Jahr).

    Nur „von“: ab diesem Alter (ab 6 Jahren); nur „bis“: bis zu diesem Alter (bis 3 Jahre).
    """

    von: float | None = feld(Number(0, 99, unit=" Jahre"), "Ab diesem Alter (Jahre); allein: „ab 6 Jahren“.", "0")
    bis: float | None = feld(Number(0, 99, unit=" Jahre"), "Bis zu diesem Alter (Jahre); allein: „bis 3 Jahre“.",
                             "6")

    @property
    def lowest(self) -> float:
        """The youngest age the range includes (0 when only ``bis`` is given)."""
        return self.von if self.von is not None else 0.0

    @property
    def highest(self) -> float:
        """The oldest age the range includes (infinite when only ``von`` is given)."""
        return self.bis if self.bis is not None else math.inf


# Wheelchair access in the three steps OpenStreetMap uses (wheelchair=yes|limited|no).
ROLLSTUHL = {"ja": "stufenlos erreichbar, auch drinnen", "teilweise": "erreichbar, aber nicht alles (z. B. eine "
             "Stufe am Eingang mit Hilfe, ein Raum oben)", "nein": "nicht mit dem Rollstuhl erreichbar"}


@dataclass(kw_only=True)
class Zugang:
    """Was Familien mit Kinderwagen oder Rollstuhl zuerst fragen. Was nicht geprüft ist, bleibt weg."""

    rollstuhl: str | None = feld(Word(ROLLSTUHL), "Mit dem Rollstuhl erreichbar: ja, teilweise oder nein.",
                                 "teilweise")
    kinderwagen: bool | None = feld(Bool(), "ja: mit dem Kinderwagen ohne Stufen erreichbar.", "ja")
    wickeltisch: bool | None = feld(Bool(), "ja: es gibt einen Wickeltisch.", "ja")
    wc_stufenlos: bool | None = feld(Bool(), "ja: eine Toilette ohne Stufen.", "nein")

    @property
    def known(self) -> bool:
        """Whether any fact is given (an empty ``zugang:`` tells families nothing)."""
        return any(value is not None for value in (self.rollstuhl, self.kinderwagen, self.wickeltisch,
                                                   self.wc_stufenlos))


# Where an imported entry came from (``wegweiser import``): the kind of source, the record's id there and the
# licence the site names.
QUELLEN = {"schulen-nrw": "Schuldaten NRW (Schulministerium)", "osm": "OpenStreetMap",
           "hsds": "Open-Referral-Export (HSDS) eines anderen Netzwerks"}


@dataclass(kw_only=True)
class Quelle:
    """Woher ein übernommener Eintrag stammt; schreibt „wegweiser import“, Redaktionen ändern es nicht."""

    art: str = feld(Word(QUELLEN), "Art der Quelle.", "osm", required=True)
    id: str = feld(Text(max_length=200), "Kennung des Datensatzes in der Quelle.", "node/123456", required=True)
    name: str = feld(Text(max_length=200), "Name der Quelle, wie die Website ihn nennt.",
                     "OpenStreetMap-Mitwirkende", required=True)
    lizenz: str = feld(Text(max_length=120), "Lizenz der Daten, wie die Website sie nennt.", "ODbL 1.0",
                       required=True)
    lizenz_url: str | None = feld(Url(), "Adresse des Lizenztexts.",
                                  "https://opendatacommons.org/licenses/odbl/1-0/")
    abgerufen: date = feld(Date(), "Wann die Quelle zuletzt gelesen wurde.", "2026-12-07", required=True)


@dataclass(kw_only=True)
class Impressum:
    """Angaben für das Impressum der Website und die Rückseite des Hefts."""

    herausgeber: str = feld(Text(), "Wer den Wegweiser herausgibt.", "Familienbüro der Stadt Musterstadt",
                            required=True)
    adresse: str = feld(Text(), "Anschrift des Herausgebers (mehrzeilig möglich).",
                        "Rathausplatz 1, 44135 Musterstadt", required=True)
    email: str = feld(Email(), "E-Mail der Redaktion, auch für „Fehler melden“.", "familienbuero@example.org",
                      required=True)
    telefon: str | None = feld(Phone(), "Telefon der Redaktion.", "0231 555-0")
    verantwortlich: str | None = feld(Text(), "Verantwortlich im Sinne des § 18 MStV.", "Maria Muster")


@dataclass(kw_only=True)
class Farben:
    """Farben der Website (Hex-Werte)."""

    primaer: str | None = feld(Text(pattern=r"#[0-9a-fA-F]{6}", pattern_hint="Hex-Farbe, z. B. #1f5f8b.",
                                  pattern_error="„{}“ ist keine Farbe."),
                        "Hauptfarbe (Kopfzeile, Links).", "#1f5f8b")
    akzent: str | None = feld(Text(pattern=r"#[0-9a-fA-F]{6}", pattern_hint="Hex-Farbe, z. B. #c2410c.",
                                 pattern_error="„{}“ ist keine Farbe."),
                       "Akzentfarbe (Hervorhebungen).", "#c2410c")


@dataclass(kw_only=True)
class Karte:
    """Kartendienst für Karten, die erst nach Zustimmung geladen werden."""

    kacheln: str = feld(Url(tiles=True),
                        "Adresse der Kartenkacheln mit {z}, {x} und {y}.",
                        "https://tile.openstreetmap.org/{z}/{x}/{y}.png", required=True)
    anbieter: str = feld(Text(), "Name des Kartendienstes, wie er vor dem Laden genannt wird.", "OpenStreetMap",
                         required=True)
    namensnennung: str = feld(Text(), "Pflichtangabe der Kartendaten (Attribution).",
                              "© OpenStreetMap-Mitwirkende", required=True)


class Obj(FieldType[Obj_T]):
    """A nested object (Adresse, Geo, …) converted field by field."""

    composite = True

    def __init__(self, cls: type[Obj_T]) -> None:
        self.cls = cls
        self.label = cls.__name__

    def convert(self, node: YNode, problems: Problems) -> Obj_T | Invalid:
        if not isinstance(node, YMap):
            problems.error(node.loc, named(node, f"Erwartet wurden Unterfelder ({', '.join(field_names(self.cls))})."),
                           f"Schreiben Sie die Unterfelder eingerückt unter den Feldnamen, z. B.\n{_example(self.cls)}")
            return INVALID
        value = convert_object(self.cls, node, problems)
        return INVALID if value is None else value

    def json_schema(self) -> JSON:
        return object_schema(self.cls)

    def describe(self) -> str:
        return f"Unterfelder: {', '.join(field_names(self.cls))}"


JSON = es.JSON

_AGE_MAX = 99
_AGE_SHORTHAND = re.compile(r"\s*(?:(?P<von>[^-–]*?)\s*[-–]\s*(?P<bis>[^-–]*?)|ab\s+(?P<ab>\S+?)(?:\s+Jahren?)?"
                            r"|bis\s+(?P<bis_nur>\S+?)(?:\s+Jahren?)?)\s*", re.IGNORECASE)
_AGE_HINT = ("Schreiben Sie von und bis in Jahren, z. B. alter: {von: 0, bis: 6} oder \"0-6\"; nur von: "
             "„ab 6 Jahren“ (alter: {von: 6}), nur bis: „bis 3 Jahre“ (alter: {bis: 3}).")


class AgeRange(Obj[Alter]):
    """``{von: 0, bis: 6}``, ``{von: 6}`` (ab 6), ``{bis: 3}`` (bis 3) or the shorthand ``"0-6"``, ``"ab 6"``,
    ``"bis 3"`` (also with an en dash)."""

    composite = False  # the shorthand is a single value

    def __init__(self) -> None:
        super().__init__(Alter)

    def convert(self, node: YNode, problems: Problems) -> Alter | Invalid:
        if isinstance(node, YScalar):
            return self._shorthand(node, problems)
        if not isinstance(node, YMap):
            return super().convert(node, problems)
        bounds: dict[str, float] = {}
        ok = True
        for key, (key_loc, value_node) in node.entries.items():
            if key not in ("von", "bis"):
                comma = {key: "In {…} trennt das Komma die Felder: schreiben Sie 0.5 oder \"0,5\"."} \
                    if key.isdigit() else {}
                _unknown_key(key, key_loc, ["von", "bis"], problems, comma)
                ok = False
            elif isinstance(value_node, YScalar) and value_node.is_null:
                continue
            elif not isinstance(value_node, YScalar):
                problems.error(value_node.loc, f"Beim Alter „{key}“ wurde eine Zahl erwartet, gefunden wurden "
                               f"{'eine Liste' if isinstance(value_node, YList) else 'Unterfelder'}.", _AGE_HINT)
                ok = False
            else:
                number = _age_number(value_node.text)
                if number is None:
                    problems.error(value_node.loc, f"Das Alter „{key}“ („{value_node.text.strip()}“) ist keine Zahl.",
                                   _AGE_HINT)
                    ok = False
                elif not 0 <= number <= _AGE_MAX:
                    problems.error(value_node.loc, f"Das Alter „{key}“ ({_years(number)}) liegt außerhalb von 0 bis "
                                   f"{_AGE_MAX} Jahren.", "Ohne obere Grenze lassen Sie „bis“ weg: alter: {von: 6} "
                                   "heißt „ab 6 Jahren“.")
                    ok = False
                else:
                    bounds[key] = number
        if not ok:
            return INVALID
        if not bounds:
            problems.error(node.loc, "Beim Alter fehlen „von“ und „bis“; mindestens eins von beiden ist nötig.",
                           _AGE_HINT)
            return INVALID
        return self._checked(Alter(von=bounds.get("von"), bis=bounds.get("bis")), node, problems)

    def _shorthand(self, node: YScalar, problems: Problems) -> Alter | Invalid:
        match = _AGE_SHORTHAND.fullmatch(node.text)
        texts: list[str | None] = [None, None]
        if match:
            texts = [match["von"] or match["ab"] or None, match["bis"] or match["bis_nur"] or None]
        numbers = [None if text is None else _age_number(text) for text in texts]
        if texts == [None, None] or any(n is None and text is not None for n, text in zip(numbers, texts,
                                                                                            strict=True)):
            problems.error(node.loc, f"„{node.text}“ ist keine Altersangabe.", _AGE_HINT)
            return INVALID
        if any(n is not None and not 0 <= n <= _AGE_MAX for n in numbers):
            problems.error(node.loc, f"„{node.text}“ liegt außerhalb von 0 bis {_AGE_MAX} Jahren.")
            return INVALID
        return self._checked(Alter(von=numbers[0], bis=numbers[1]), node, problems)

    @staticmethod
    def _checked(value: Alter, node: YNode, problems: Problems) -> Alter | Invalid:
        if value.von is not None and value.bis is not None and value.von > value.bis:
            problems.error(node.loc, f"Das Alter „von“ ({_years(value.von)}) ist größer als „bis“ "
                           f"({_years(value.bis)}).", "Tauschen Sie die beiden Werte.")
            return INVALID
        return value

    def json_schema(self) -> JSON:
        # Each side is what check reads as a number; a sign "-" would split the text, so only "+" is allowed.
        side = es.NUMBER_TEXT.replace("[-+]", "[+]")
        years = rf"(?:\s+{es.any_case('jahre')}n?)?"
        shorthand = es.matching(rf"\s*(?:(?:{side})?\s*[-–]\s*(?:{side})?|{es.any_case('ab')}\s+{side}{years}"
                                rf"|{es.any_case('bis')}\s+{side}{years})\s*",
                                "Erwartet wird von-bis in Jahren, z. B. \"0-6\", „ab 6“ oder „bis 3“, "
                                "oder die Unterfelder von und bis (eins davon genügt).")
        schema = object_schema(Alter)
        schema["minProperties"] = 1
        return es.either(shorthand, schema)  # the editor shows the first one's message

    def describe(self) -> str:
        return "von/bis in Jahren (eins davon genügt) oder Kurzform \"0-6\", \"ab 6\", \"bis 3\""


def _age_number(text: str) -> float | None:
    """A finite number of years, or None (``nan``, ``inf`` and words are not ages)."""
    value = parse_number(text, integer=False)
    return float(value) if value is not None and math.isfinite(value) else None


def _years(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# --- content files -------------------------------------------------------------------------------

# Images for the booklet cover (site.yaml logo/titelbild); validate.py checks that the file exists.
IMAGE_PATH = r"[^/\\\s][^\\]*\.(png|jpg|jpeg|svg|PNG|JPG|JPEG|SVG)"
IMAGE_ERROR = "„{}“ ist kein Bild im Format png, jpg oder svg."
IMAGE_HINT = "Geben Sie den Pfad relativ zu content/ an, z. B. „bilder/logo.svg“."


@dataclass(kw_only=True)
class Site:
    """Die Datei content/site.yaml: Angaben zum ganzen Wegweiser."""

    titel: str = feld(Text(max_length=80), "Titel der Website und der Hefte.", "Familienwegweiser Musterstadt",
                      required=True)
    region: str = feld(Text(), "Stadt, Kreis oder Netzwerk, für das der Wegweiser gilt.", "Musterstadt",
                       required=True)
    basis_url: str = feld(Url(base=True), "Adresse, unter der die Website veröffentlicht wird (für QR-Codes im Heft).",
                          "https://familie.example.org/", required=True)
    impressum: Impressum = feld(Obj(Impressum), "Angaben für das Impressum.", required=True)
    stand: date = feld(Date(), "Datum der letzten Überarbeitung des Ganzen.", "2026-10-01", required=True)
    willkommen: str | None = feld(Markdown(), "Begrüßungstext für Startseite (unter den Auswahlfeldern und Kacheln) "
                                  "und Heft.", "Herzlich willkommen …")
    farben: Farben | None = feld(Obj(Farben), "Farben der Website.")
    sprache: str = feld(Language(), "Sprache der Inhalte.", "de", default="de")
    sprachen: list[str] = feld(ListOf(SiteLanguage()), "Sprachen der Website; die erste ist die Hauptsprache, in der "
                               "es jeden Eintrag gibt. leicht = Leichte Sprache. Ohne diese Angabe erscheint die "
                               "Website nur in der Sprache aus „sprache“ (Deutsch).",
                               "[de, leicht, en, tr, ar, uk, ru]", default=[])
    karte: Karte | None = feld(Obj(Karte), "Kartendienst; ohne diese Angabe zeigt die Website keine Karten.")
    kita_anmeldung: str | None = feld(Text(max_length=300), "Wie Familien einen Kita-Platz bekommen: steht auf "
                                      "jeder Kita-Seite (übersetzbar in site.<sprache>.yaml).",
                                      "Kita-Plätze vergibt die Stadt über den Kita-Navigator.")
    kita_anmeldung_web: str | None = feld(Url(), "Webseite, auf der Familien einen Kita-Platz anmelden (z. B. der "
                                          "Kita-Navigator der Stadt): als Link auf jeder Kita-Seite.",
                                          "https://www.example.org/kita-navigator")
    bundesland: str | None = feld(Bundesland(), "Bundesland (Kürzel nach ISO 3166-2:DE): bestimmt die Feiertage "
                                  "(PH) und Schulferien (SH) in den Öffnungszeiten.", "NW")
    logo: str | None = feld(Text(pattern=IMAGE_PATH, pattern_error=IMAGE_ERROR, pattern_hint=IMAGE_HINT),
                     "Logo für den Umschlag des Hefts: Pfad relativ zu content/ (png, jpg oder svg).",
                     "bilder/logo.svg")
    titelbild: str | None = feld(Text(pattern=IMAGE_PATH, pattern_error=IMAGE_ERROR, pattern_hint=IMAGE_HINT),
                          "Bild für den Umschlag des Hefts: Pfad relativ zu content/ (png, jpg oder svg).",
                          "bilder/titel.jpg")

    datenlizenz: str | None = feld(Text(max_length=120), "Lizenz der offenen Daten unter daten/hsds/ (Open Referral "
                                   "HSDS): so genannt in den Datendateien und auf der Seite „Offene Daten und "
                                   "Quellen“. Ohne Angabe steht dort „keine Angabe“ bzw. „keine Lizenz angegeben“.",
                                   "CC BY 4.0")
    datenlizenz_url: str | None = feld(Url(), "Adresse des Lizenztexts der offenen Daten.",
                                       "https://creativecommons.org/licenses/by/4.0/deed.de")

    source: str = intern("")
    locs: dict[str, Loc] = intern({})

    def __post_init__(self) -> None:
        if not self.sprachen:  # a site without ``sprachen`` is published in ``sprache`` only, as before
            self.sprachen = [self.sprache]


@dataclass(kw_only=True)
class Kategorie:
    """Ein Eintrag in content/kategorien.yaml."""

    name: str = feld(Text(max_length=60), "Name des Themas, wie Familien es lesen.", "Frühe Hilfen", required=True)
    beschreibung: str | None = feld(Markdown(), "Ein, zwei Sätze zum Thema.", "Unterstützung rund um Geburt …")

    slug: str = intern("")
    locs: dict[str, Loc] = intern({})


# Roles a page can declare (``rolle``): the program links the page that has it from where it is needed.
NOTFALLNUMMERN = "notfallnummern"
SEITENROLLEN = {NOTFALLNUMMERN: "die Notfallnummern: verlinkt auf jeder Startseite und im Heft"}


@dataclass(kw_only=True)
class Seite:
    """Eine allgemeine Seite in content/seiten/ (Markdown mit Front Matter)."""

    titel: str = feld(Text(max_length=80), "Überschrift der Seite.", "Notfallnummern", required=True)
    reihenfolge: int = feld(Number(0, 10000, integer=True), "Position auf der Startseite unter „Gut zu wissen“ und "
                            "in der Navigation (kleiner = weiter oben).",
                            "10", default=100)
    kurz: str | None = feld(Text(max_length=300), "Ein Satz, worum es geht (für Übersichten und Suche).")
    druck: bool = feld(Bool(), "ja: die Seite kommt ins gedruckte Heft (z. B. Notfallnummern).", "ja",
                       default=False)
    rolle: str | None = feld(Word(SEITENROLLEN), "Aufgabe der Seite: „notfallnummern“ = die Seite, auf die jede "
                             "Startseite und das Heft als Notfallnummern verweisen (höchstens eine Seite; ohne "
                             "Angabe die Seite notfallnummern.md).", "notfallnummern")
    fusszeile: bool = feld(Bool(), "ja: Link in der Fußzeile jeder Seite statt im Menü (Impressum, Datenschutz, "
                           "Barrierefreiheit).", "ja", default=False)
    stand: date | None = feld(Date(), "Datum der letzten Prüfung.", "2026-10-01")

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
    beschreibung: str | None = feld(Markdown(), "Vorstellung des Quartiers und des Netzwerks (Markdown).")
    koordination: str | None = feld(Slug(), "Kürzel des Kontakts, der das Netzwerk koordiniert.", "netzwerkbuero")
    stand: date = feld(Date(), "Datum der letzten Prüfung.", "2026-10-01", required=True)
    geo: Geo | None = feld(Obj(Geo), "Mittelpunkt des Quartiers für die Karte.")
    strassen: list[str] = feld(ListOf(Text(max_length=80)), "Straßen im Quartier: „Wo wohnen Sie?“ findet das "
                               "Quartier zu einer Straße.", "[Brunnenstraße, Kielstraße]", default=[])
    plz: list[str] = feld(ListOf(Postcode()), "Postleitzahlen im Quartier (für „Wo wohnen Sie?“).", '["44147"]',
                          default=[])

    slug: str = intern("")
    source: str = intern("")
    locs: dict[str, Loc] = intern({})


# ``anrede``: the letter writes "Liebe Frau …"/"Lieber Herr …" when it starts with the word Frau or Herr, else
# "Guten Tag …". Refused: the word alone (no name to address), in small letters, the accusative "Herrn",
# abbreviations and a greeting written into the field, which would each make a wrong first line; a comma would end
# it early.
ANREDE_PATTERN = (r"(?!(?:Frau|Herr)\s*$)"
                  r"(?!(?:frau|herr|[Hh]errn|[Ff]r\.|[Hh]r\.|[Ll]iebe|[Ll]ieber|[Ss]ehr|[Gg]uten|[Hh]allo)(?:\s|$))[^,;\n]+")
ANREDE_HINT = ("Schreiben Sie „Frau“ oder „Herr“ mit dem Nachnamen (Frau Dr. Yılmaz, Herr Muster) oder, wenn Sie die "
               "Anrede nicht kennen, Vor- und Nachname (Aylin Beispiel) – ohne „Liebe“ und ohne Komma.")


@dataclass(frozen=True)
class EntryKind:
    """What the program says about one type of entry besides its fields, in one place (a sixth type is one more
    record): the words editors and families read, its icon and its schema.org type. ``N_`` strings are msgids,
    translated where they are shown."""

    label: str  # the type folder in editors' words: messages, tables, schema titles ("Spielplätze")
    singular: str  # one entry in editors' words: the form, the translator exchange ("Spielplatz")
    one: str  # N_: what one entry is for families, the search's "Art" ("Beratung und Kontakt")
    heading: str  # N_: the heading of a list of them on pages and in booklets ("Kontakte und Beratung")
    gone: str  # N_: the heading of the page left at a removed entry's address
    icon: str  # from the icon sets Material for MkDocs ships
    schema_type: str  # schema.org type (a school refines it by its ``schulform``, see render.structured_data)


@dataclass(kw_only=True)
class Eintrag:
    """Felder, die jeder Eintrag haben kann."""

    typ: ClassVar[str] = ""
    kind: ClassVar[EntryKind]
    name: str = feld(Text(max_length=120), "Name, wie er auf Schild oder Flyer steht.", "Elterncafé Sonnenschein",
                     required=True)
    kurz: str | None = feld(Text(max_length=300), "Ein Satz: Was ist das, für wen?", "Offenes Frühstück für Eltern "
                     "mit Babys.")
    beschreibung: str | None = feld(Markdown(), "Ausführliche Beschreibung (Markdown). In .md-Dateien der Text unter "
                             "dem Front Matter.")
    kategorien: list[str] = feld(ListOf(Slug()), "Themen aus content/kategorien.yaml (Kürzel).",
                                 "[fruehe-hilfen, elternbildung]", default=[])
    alter: Alter | None = feld(AgeRange(), "Für Kinder welchen Alters (Jahre). Nur „von“: ab diesem Alter; nur „bis“: "
                                 "bis zu diesem Alter.",
                                 "{von: 0, bis: 3}")
    schwangerschaft: bool = feld(Bool(), "ja: auch für werdende Eltern.", "ja", default=False)
    adresse: Adresse | None = feld(Obj(Adresse), "Wo es stattfindet.")
    geo: Geo | None = feld(Obj(Geo), "Lage für die Karte.", "{lat: 51.5236, lon: 7.4637}")
    oeffnungszeiten: str | None = feld(OpeningHours(), "Regelmäßige Zeiten im OpenStreetMap-Format; "
                                "Wochentage englisch: Mo Tu We Th Fr Sa Su; PH = Feiertag, SH = Schulferien.",
                                "Mo-Fr 08:00-12:00; Tu 15:00-17:00; PH off")
    zeiten: str | None = feld(Text(), "Zeiten in Worten, wenn sie nicht regelmäßig sind.", "in den Schulferien")
    kosten: str | None = feld(Text(), "Was es kostet; „kostenlos“ wird erkannt und ist als Filter suchbar.",
                       "kostenlos")
    anmeldung: str | None = feld(Text(), "Ob und wie man sich anmeldet.", "Ohne Anmeldung, einfach vorbeikommen.")
    sprachen: list[str] = feld(ListOf(Language()), "Sprachen, in denen beraten oder betreut wird "
                               "(ISO 639-1).", "[de, tr, ar]", default=[])
    barrierefrei: bool | str | None = feld(BoolOrText(), "ja, nein oder eine Beschreibung.",
                                    "Eingang mit Rampe, WC im Erdgeschoss")
    zugang: Zugang | None = feld(Obj(Zugang), "Zugang für Rollstuhl und Kinderwagen, Wickeltisch, Toilette ohne "
                                 "Stufen (was nicht geprüft ist, weglassen).",
                                 "{rollstuhl: teilweise, kinderwagen: ja, wickeltisch: ja, wc_stufenlos: nein}")
    kontakt: str | None = feld(Slug(), "Kürzel eines Kontakts (zuerst kontakte/ des Quartiers, dann "
                               "content/kontakte/).", "frau-beispiel")
    telefon: str | None = feld(Phone(), "Telefonnummer mit Vorwahl.", "0231 555-1234")
    email: str | None = feld(Email(), "E-Mail-Adresse.", "elterncafe@example.org")
    web: str | None = feld(Url(), "Webseite (mit https://).", "https://www.example.org/elterncafe")
    traeger: str | None = feld(Text(), "Wer es anbietet oder trägt.", "Familienzentrum Haus der Generationen")
    stichworte: list[str] = feld(ListOf(Text()), "Weitere Suchwörter, die im Text nicht vorkommen.",
                                 "[Kita, Krabbelgruppe]", default=[])
    stand: date = feld(Date(), "Datum der letzten Prüfung der Angaben.", "2026-10-03", required=True)
    gueltig_bis: date | None = feld(Date(), "Danach wird der Eintrag nicht mehr veröffentlicht.", "2027-07-31")
    quartiere: str | list[str] | None = feld(OneOfWords("alle"), "Nur in content/<typ>/: Quartiere, in denen der "
                                      "Eintrag erscheint, oder „alle“.", "[brunnenstrassenviertel, heissen]")
    quelle: Quelle | None = feld(Obj(Quelle), "Nur bei übernommenen Einträgen (wegweiser import): woher sie "
                                 "stammen. Nicht von Hand ändern.")

    slug: str = intern("")
    quartier: str | None = intern(None)  # None: region-wide (content/<typ>/)
    source: str = intern("")
    locs: dict[str, Loc] = intern({})
    # Whether it is free is a fact of the original: a translated ``kosten`` ("free of charge", "ücretsiz") keeps it.
    kostenlos_original: bool | None = intern(None)

    @property
    def kostenlos(self) -> bool:
        if self.kostenlos_original is not None:
            return self.kostenlos_original
        return self.kosten is not None and is_free(self.kosten)

    @property
    def key(self) -> str:
        """Unique id of the entry: scope/typ/slug."""
        return f"{self.quartier or 'region'}/{self.typ}/{self.slug}"


@dataclass(kw_only=True)
class Angebot(Eintrag):
    """Ein Angebot: Elterncafé, Sprachkurs, Ferienspiele, Sprechstunde …"""

    typ: ClassVar[str] = "angebote"
    kind: ClassVar[EntryKind] = EntryKind("Angebote", "Angebot", N_("Angebot"), N_("Angebote"),
                                          N_("Dieses Angebot gibt es nicht mehr"), "material/calendar-heart", "Service")


@dataclass(kw_only=True)
class Kontakt(Eintrag):
    """Eine Beratungsstelle oder Ansprechperson."""

    typ: ClassVar[str] = "kontakte"
    kind: ClassVar[EntryKind] = EntryKind("Kontakte", "Kontakt", N_("Beratung und Kontakt"),
                                          N_("Kontakte und Beratung"), N_("Diesen Kontakt gibt es nicht mehr"),
                                          "material/account-heart", "ContactPoint")
    funktion: str | None = feld(Text(), "Aufgabe oder Rolle.", "Netzwerkkoordination")
    organisation: str | None = feld(Text(), "Dienststelle oder Verein.", "Jugendamt, Frühe Hilfen")
    sprechzeiten: str | None = feld(Text(), "Sprechzeiten in Worten.", "Di und Do 9–12 Uhr und nach Vereinbarung")
    anrede: str | None = feld(Text(max_length=80, pattern=ANREDE_PATTERN, pattern_hint=ANREDE_HINT,
                                   pattern_error="„{}“ passt nicht als Anrede."),
                              "Wie die Ansprechperson im Anschreiben der Prüfliste angesprochen wird: mit „Frau“ oder "
                              "„Herr“ vorn („Liebe Frau …“, „Lieber Herr …“), sonst Vor- und Nachname („Guten Tag "
                              "…“). Ohne Angabe: „Sehr geehrte Damen und Herren“. Erscheint nicht auf der Website.",
                              "Frau Dr. Yılmaz")


@dataclass(kw_only=True)
class Spielplatz(Eintrag):
    """Ein Spielplatz."""

    typ: ClassVar[str] = "spielplaetze"
    kind: ClassVar[EntryKind] = EntryKind("Spielplätze", "Spielplatz", N_("Spielplatz"), N_("Spielplätze"),
                                          N_("Diesen Spielplatz gibt es nicht mehr"), "material/slide", "Playground")
    ausstattung: list[str] = feld(ListOf(Text()), "Was es gibt.", "[Sandkasten, Schaukel, Rutsche]", default=[])
    eingezaeunt: bool | None = feld(Bool(), "ja: ganz eingezäunt.", "ja")


@dataclass(kw_only=True)
class Kita(Eintrag):
    """Eine Kindertageseinrichtung."""

    typ: ClassVar[str] = "kitas"
    kind: ClassVar[EntryKind] = EntryKind("Kitas", "Kita", N_("Kita"), N_("Kitas"),
                                          N_("Diese Kita gibt es nicht mehr im Wegweiser"), "material/teddy-bear",
                                          "ChildCare")
    plaetze: int | None = feld(Number(0, 1000, integer=True), "Anzahl der Plätze.", "75")
    u3: bool | None = feld(Bool(), "ja: nimmt Kinder unter drei Jahren auf.", "ja")
    familienzentrum: bool | None = feld(Bool(), "ja: zertifiziertes Familienzentrum.", "ja")
    betreuungszeiten: list[int] = feld(ListOf(Number(1, 60, integer=True, unit=" Stunden")),
                                       "Wöchentliche Betreuungsumfänge in Stunden.", "[25, 35, 45]", default=[])


@dataclass(kw_only=True)
class Schule(Eintrag):
    """Eine Schule."""

    typ: ClassVar[str] = "schulen"
    kind: ClassVar[EntryKind] = EntryKind("Schulen", "Schule", N_("Schule"), N_("Schulen"),
                                          N_("Diese Schule gibt es nicht mehr im Wegweiser"), "material/school",
                                          "School")
    schulform: str | None = feld(Text(), "Schulform.", "Grundschule")
    ogs: bool | None = feld(Bool(), "ja: mit Offenem Ganztag (OGS).", "ja")
    schulnummer: str | None = feld(Text(pattern=r"\d{6}", pattern_error="„{}“ ist keine Schulnummer.",
                                 pattern_hint="Die amtliche Schulnummer hat sechs Ziffern."),
                            "Amtliche Schulnummer.", "123456")


@dataclass(kw_only=True)
class Termin(Eintrag):
    """Ein Termin: ein Fest, Ferienspiele, ein Kurs an festen Tagen oder eine Reihe (jeden Mittwoch).

    Zeiten gelten in Deutschland (Europe/Berlin). Was sich aus den Feldern ergibt (die einzelnen Tage einer Reihe,
    Fehler wie ein Ende vor dem Beginn), berechnet ``model.occurrences``."""

    typ: ClassVar[str] = "termine"
    kind: ClassVar[EntryKind] = EntryKind("Termine", "Termin", N_("Termin"), N_("Termine"),
                                          N_("Diesen Termin gibt es nicht mehr"), "material/calendar-star", "Event")
    beginn: Zeitpunkt = feld(Moment(), "Wann es (zum ersten Mal) beginnt; ohne Uhrzeit ganztägig.",
                             "2027-07-04 14:00", required=True)
    ende: Zeitpunkt | None = feld(Moment(time_alone=True), "Wann es endet: Datum und Uhrzeit, nur das Datum "
                                  "(mehrtägig, ganztägig) oder nur die Uhrzeit (am selben Tag).", "18:00")
    wiederholung: Regel | None = feld(Rule(), "Für eine Reihe: wie sich der Termin wiederholt (RFC 5545 RRULE: "
                                      "FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH und UNTIL oder COUNT). Jede Reihe "
                                      "braucht ein Ende (UNTIL oder COUNT).", "FREQ=WEEKLY;BYDAY=SU;UNTIL=2027-08-29")
    daten: list[Zeitpunkt] = feld(ListOf(Moment()), "Weitere einzelne Tage (mit Uhrzeit, wenn sie anders ist als "
                                  "beim Beginn).", "[2027-07-11, 2027-07-18]", default=[])
    ausnahmen: list[date] = feld(ListOf(Date()), "Tage, an denen eine Reihe ausfällt (z. B. in den Ferien).",
                                 "[2026-12-23, 2026-12-30]", default=[])
    anmeldung_ab: date | None = feld(Date(), "Ab wann man sich anmelden kann.", "2027-05-02")
    anmeldung_bis: date | None = feld(Date(), "Bis wann man sich anmelden kann (spätestens am Tag des Beginns).",
                                      "2027-06-15")
    buchung: str | None = feld(Url(), "Link zur Anmeldung oder Buchung (mit https://).",
                               "https://www.example.org/ferienspiele")
    plaetze: int | None = feld(Number(1, 100_000, integer=True), "Wie viele Plätze es insgesamt gibt.", "40")
    plaetze_frei: int | None = feld(Number(0, 100_000, integer=True), "Wie viele Plätze noch frei sind. Wird eine "
                                    "Woche nach „plaetze_stand“ nicht mehr gezeigt.", "12")
    plaetze_stand: date | None = feld(Date(), "Wann „plaetze_frei“ zuletzt gezählt wurde.", "2027-06-01")
    mitbringen: str | None = feld(Text(), "Was man mitbringen soll.", "Trinkflasche, Sonnenhut, Turnschuhe")
    ermaessigung: str | None = feld(Text(), "Ermäßigungen, z. B. für Geschwister.", "Geschwister zahlen die Hälfte")
    bildung_und_teilhabe: bool | None = feld(Bool(), "ja: die Kosten übernimmt das Bildungs- und Teilhabepaket "
                                             "(BuT) für Familien mit Bürgergeld, Wohngeld oder Kinderzuschlag.", "ja")
    angebot: str | None = feld(Slug(), "Kürzel des Angebots, zu dem der Termin gehört (zuerst im Quartier, dann in "
                               "content/angebote/).", "elterncafe")


ENTRY_TYPES: dict[str, type[Eintrag]] = {cls.typ: cls for cls in (Angebot, Kontakt, Spielplatz, Kita, Schule,
                                                                   Termin)}


# --- generic conversion --------------------------------------------------------------------------

T = TypeVar("T")


def content_fields(cls: type) -> list[tuple[str, FieldSpec]]:
    return [(f.name, spec) for f in dataclasses.fields(cls) if (spec := spec_of(f.metadata))]


def field_names(cls: type) -> list[str]:
    return [name for name, _ in content_fields(cls)]


def convert_object(cls: type[T], node: YMap, problems: Problems, skip: frozenset[str] = frozenset(),
                   known_elsewhere: dict[str, str] | None = None) -> T | None:
    """Build ``cls`` from a located map, reporting unknown keys, missing and invalid values.

    Every field is converted and every problem reported. Invalid optional values are left at their
    defaults so that later checks still run; when a required value is missing or invalid, there is no
    object (None): the model's types promise that required fields hold a value.
    """
    specs = {name: spec for name, spec in content_fields(cls) if name not in skip}
    values: dict[str, object] = {}
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
        value = read(spec.type, value_node, problems)
        if value is not INVALID:
            values[key] = value
    for name, spec in specs.items():
        if spec.required and name not in node.entries:
            problems.error(node.loc, f"Das Pflichtfeld „{name}“ fehlt.",
                           f"Ergänzen Sie z. B. „{name}: {spec.example}“." if spec.example else "")
    if any(spec.required and name not in values for name, spec in specs.items()):
        return None  # each missing or invalid required value has been reported above
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
    properties: JSON = {}
    required: list[es.JSONValue] = []
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
