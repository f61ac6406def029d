"""Exchange files for translators: ``wegweiser uebersetzen export`` and ``wegweiser uebersetzen import``.

``export`` writes every translatable text of the originals whose translation into one language is missing,
outdated (its ``vorlage`` fingerprint differs from the original's) or incomplete (a field the original has is
missing) – or, with ``--alle``, of every original – as a gettext PO file or an XLIFF 2.0 file. Translation
agencies, Weblate, Poedit and OmegaT read both.

One unit per translatable field. Its id is the original's display path, ``#`` and the field
(``quartiere/lindenhof/angebote/elterncafe.md#kurz``); a category's id names its slug before the field
(``content/kategorien.yaml#fruehe-hilfen/name``). List fields (``stichworte``) are one unit per item
(``…#stichworte/2``, counted from 1): search words are short terms that translation memories match one by one,
and a translator cannot break the list apart by mistake. The source is the original's text, the target the
current translation's (outdated ones marked fuzzy in PO, ``state="initial" subState="wegweiser:veraltet"`` in
XLIFF – XLIFF 2.0 has no "needs-review" state – so that a translator revises them rather than starts anew).

``import`` reads such a file back and writes the translation files beside the originals
(``<name>.<code>.md|yaml``), keeping their comments, key order and quoting (ruamel.yaml round trip). It writes
``vorlage``: the fingerprint of the German text the file was made from, which is the original's current
fingerprint unless the original changed after the export (then the translation is taken but counts as outdated).
Empty targets and unsure ones (fuzzy, ``wegweiser:veraltet``) are skipped unless ``unsicher`` is set; units of
fields or list items the original does not have are skipped with a warning (a translation never grows beyond its
original). Every problem of the file is found before anything is written; then the files are written all or
nothing (``journal``: an import stopped by anything is completed or undone by the next command).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from xml.parsers import expat

from wegweiser.content.language_versions import status
from wegweiser.content.loading import outside_link
from wegweiser.content.records import Content, Status, Uebersetzbar
from wegweiser.content.translation_files import aktuelle_vorlage, originaltexte, vorher
from wegweiser.core.journal import Journal, digest, write_all
from wegweiser.core.problems import ContentError, Loc, Problems, display_path
from wegweiser.i18n.languages import BEKANNT, ORIGINAL, UEBERSETZBAR, VORLAGE, Sprache, fingerabdruck, sprache
from wegweiser.model.entries import content_fields
from wegweiser.model.fields import INVALID, FieldType, ListOf, Markdown, Text
from wegweiser.model.located_yaml import YScalar

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"  # the Translation Candidates module: XLIFF 1.2's <alt-trans>
VERALTET = "wegweiser:veraltet"  # XLIFF 2.0 subState of an outdated target
OHNE_NAME = "\0id:"  # a unit without name, known by its id only
MARKE = "wegweiser uebersetzen export"  # in every exported file: `-o` may replace only such a file

Text_ = str | list[str]

# Notes are short lines: Babel wraps longer comments in PO files mid-phrase.
_MARKDOWN_HINWEIS = ("Markdown-Text: **fett**, *kursiv*, [Linktext](Adresse), Listen,",
                     "Überschriften (#) und Leerzeilen wie im Original beibehalten.",
                     "Adressen, Telefonnummern und E-Mail-Adressen nicht übersetzen.")


class UebersetzenFehler(Exception):
    """Problems that stop export or import; nothing was written. ``problems`` holds located messages."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"{len(problems.errors)} Fehler")
        self.problems = problems


# --- the originals and their translations --------------------------------------------------------------------

@dataclass
class Original:
    """One object whose text can be translated: an entry, quarter, page, the site or a category."""

    art: str  # a key of UEBERSETZBAR
    key: str  # as Fassung.status takes it: entry key, quarter/page/category slug, "site"
    obj: Uebersetzbar  # the model object
    pfad: Path  # the original's file
    anzeige: str  # its display path
    slug: str | None  # a category's slug inside kategorien.yaml
    bezeichnung: str  # what it is, for translators ("Angebot „Elterncafé“")
    felder: dict[str, Text_]  # the translatable text (``originaltexte``), only non-empty values
    typen: dict[str, FieldType[object]]

    @property
    def objekt_id(self) -> str:
        return f"{self.anzeige}#{self.slug}/" if self.slug else f"{self.anzeige}#"

    @property
    def vorlage(self) -> str:
        return aktuelle_vorlage(self.art, self.obj)

    def neue_datei(self, code: str) -> Path:
        """Where a new translation into ``code`` goes: beside the original, with the original's suffix."""
        return self.pfad.with_name(f"{self.pfad.name.split('.')[0]}.{code}{self.pfad.suffix}")


@dataclass
class Bestand:
    """The existing translation of one original (as the content loader read and checked it)."""

    pfad: Path
    felder: dict[str, Text_]
    status: Status
    vorlage: str | None
    vorher: dict[str, Text_] | None = None  # the German text it was made from, if stored and sound (``vorher``)

    def vollstaendig(self, original: Original) -> bool:
        for name, value in original.felder.items():
            have = self.felder.get(name)
            if not have or (isinstance(value, list) and (not isinstance(have, list) or len(have) < len(value))):
                return False
        return True


def _text(value: object) -> Text_ | None:
    """A translatable value as text: a non-empty string or list of strings, stripped."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return [str(item).strip() for item in value]
    return None


def originale(content: Content) -> list[Original]:
    """Every translatable object of the content, in a stable order (site, categories, pages, quarters, entries)."""
    root = content.root
    found: list[Original] = []

    def add(art: str, key: str, source: str, slug: str | None, what: str, obj: Uebersetzbar) -> None:
        felder = {name: text for name, value in originaltexte(art, obj).items() if (text := _text(value)) is not None}
        typen = {name: spec.type for name, spec in content_fields(type(obj))}
        typen.setdefault("beschreibung", Markdown())  # a page's body
        found.append(Original(art, key, obj, root / source, source, slug, what, felder, typen))

    if content.site is not None:
        add("site", "site", content.site.source or "content/site.yaml", None, "Website", content.site)
    for slug, category in content.kategorien.items():
        add("kategorie", slug, "content/kategorien.yaml", slug, f"Thema „{category.name}“", category)
    for page in content.seiten:
        add("seite", page.slug, page.source, None, f"Allgemeine Seite „{page.titel}“", page)
    for slug, quarter in content.quartiere.items():
        add("quartier", slug, quarter.source, None, f"Quartier „{quarter.name}“", quarter)
    for entry in sorted(content.eintraege, key=lambda e: e.source):
        add("eintrag", entry.key, entry.source, None, f"{entry.kind.singular} „{entry.name}“", entry)
    return found


def bestaende(content: Content, originals: list[Original], code: str) -> dict[str, Bestand]:
    """The existing translations into ``code``, by ``Original.objekt_id``."""
    found: dict[str, Bestand] = {}
    for original in originals:
        have = content.uebersetzungen.get((original.art, original.key, code))
        if have is not None:
            felder = {name: text for name, value in have.texte.items() if (text := _text(value)) is not None}
            found[original.objekt_id] = Bestand(content.root / have.source, felder,
                                                status(content, original.art, original.key, code, original.obj),
                                                have.vorlage, vorher(have))
    return found


# --- units -------------------------------------------------------------------------------------------------

@dataclass
class Einheit:
    """One translatable text: a field of an original, or one item of a list field."""

    id: str
    quelle: str
    ziel: str
    unsicher: bool  # the target is an outdated translation: a translator should revise it
    hinweise: list[str]
    vorher: str | None = None  # the German text the target was made from, where it differs from ``quelle``


def _feld_hinweis(original: Original, name: str) -> str:
    kind = original.typen.get(name)
    if isinstance(kind, ListOf):
        kind = kind.item
    limit = f" Höchstens {kind.max_length} Zeichen." if isinstance(kind, Text) and kind.max_length else ""
    return f"Feld „{name}“.{limit}"


def einheiten(original: Original, bestand: Bestand | None) -> list[Einheit]:
    """The units of one original, with the current translation as targets. An outdated translation whose file
    stores the German text it was made from marks only the units whose German changed unsure, each with its previous
    German text; one without (older files) marks every translated unit unsure: which text changed is unknown."""
    veraltet = bestand is not None and bestand.status == "veraltet"
    before = bestand.vorher if bestand is not None and veraltet else None
    units = []
    for name, value in original.felder.items():
        notes = [original.bezeichnung, _feld_hinweis(original, name)]
        if isinstance(original.typen.get(name), Markdown):
            notes.extend(_MARKDOWN_HINWEIS)
        have = bestand.felder.get(name) if bestand else None
        old = before.get(name) if before is not None else None
        if isinstance(value, list):
            targets = have if isinstance(have, list) else []
            olds = old if isinstance(old, list) else []
            for number, item in enumerate(value, 1):
                target = targets[number - 1] if number <= len(targets) else ""
                previous = olds[number - 1] if number <= len(olds) else ""
                units.append(_einheit(f"{original.objekt_id}{name}/{number}", item, target, veraltet, before,
                                      previous, [*notes, f"Suchwort {number} von {len(value)}."]))
        else:
            target = have if isinstance(have, str) else ""
            previous = old if isinstance(old, str) else ""
            units.append(_einheit(f"{original.objekt_id}{name}", value, target, veraltet, before, previous, notes))
    return units


def _einheit(unit_id: str, quelle: str, ziel: str, veraltet: bool, before: dict[str, Text_] | None, previous: str,
             notes: list[str]) -> Einheit:
    if not ziel or not veraltet:
        return Einheit(unit_id, quelle, ziel, False, notes)
    if before is None:  # which text changed is unknown
        return Einheit(unit_id, quelle, ziel, True, notes)
    if previous.strip() == quelle.strip():
        return Einheit(unit_id, quelle, ziel, False, notes)
    return Einheit(unit_id, quelle, ziel, True, notes, previous.strip())


@dataclass
class Auswahl:
    """What an export holds, with counts for the editor."""

    sprache: Sprache
    einheiten: list[Einheit] = field(default_factory=list)
    fehlt: int = 0
    veraltet: int = 0
    unvollstaendig: int = 0
    aktuell: int = 0


def auswaehlen(originals: list[Original], bestand: dict[str, Bestand], ziel: Sprache, alle: bool) -> Auswahl:
    auswahl = Auswahl(ziel)
    for original in originals:
        if not original.felder:
            continue
        have = bestand.get(original.objekt_id)
        if have is None:
            auswahl.fehlt += 1
        elif have.status == "veraltet":
            auswahl.veraltet += 1
        elif not have.vollstaendig(original):
            auswahl.unvollstaendig += 1
        else:
            auswahl.aktuell += 1
            if not alle:
                continue
        auswahl.einheiten.extend(einheiten(original, have))
    return auswahl


# --- loading the project -------------------------------------------------------------------------------------

def inhalte(root: Path) -> Content:
    """The project's originals and translations; content errors stop export and import (as in ``check``)."""
    from wegweiser.check.validate import load_and_validate

    content, problems = load_and_validate(root, date.today())
    if problems.errors:
        raise ContentError(problems)
    return content


def zielsprache(content: Content, code: str, where: Loc | None = None) -> Sprache:
    """The language ``code`` if the site translates into it; else a located error."""
    codes = list(content.site.sprachen) if content.site else ["de"]
    main = codes[0]
    problems = Problems()
    site_loc = (content.site.locs.get("sprachen") or Loc(content.site.source)) if content.site else \
        Loc("content/site.yaml")
    loc = where or site_loc
    if code not in BEKANNT:
        problems.error(where or Loc("--sprache"), f"Die Sprache „{code}“ kennt wegweiser nicht.",
                       f"Bekannt sind: {', '.join(c for c in BEKANNT if c != main)}.")
    elif code == main:
        problems.error(loc, f"„{code}“ ist die Hauptsprache der Inhalte; übersetzt wird in die anderen Sprachen.",
                       f"In site.yaml stehen: {', '.join(codes)}." if codes else "")
    elif code not in codes:
        problems.error(loc, f"Die Sprache „{code}“ steht nicht in „sprachen“ in content/site.yaml.",
                       f"Dort stehen: {', '.join(codes)}. Ergänzen Sie die Sprache dort, wenn die Website sie "
                       "anbieten soll.")
    if problems.errors:
        raise UebersetzenFehler(problems)
    return sprache(code)


# --- export --------------------------------------------------------------------------------------------------

def dateiformat(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".po":
        return "po"
    if suffix in (".xlf", ".xliff"):
        return "xliff"
    raise UebersetzenFehler(_one(Loc(str(path)), f"Die Endung „{path.suffix or '(keine)'}“ ist kein "
                                 "Austauschformat für Übersetzungen.",
                                 "Verwenden Sie .po (gettext, z. B. für Poedit und Weblate) oder .xlf (XLIFF 2.0)."))


def _one(loc: Loc, message: str, hint: str = "") -> Problems:
    problems = Problems()
    problems.error(loc, message, hint)
    return problems


@dataclass(frozen=True)
class Projekt:
    """Who the exchange file is from: for its header."""

    titel: str = "Familienwegweiser"
    email: str = ""


def exportieren(root: Path, code: str, alle: bool = False) -> tuple[Auswahl, Projekt]:
    """What to send to translators into ``code``, and the project for the file's header."""
    content = inhalte(root)
    ziel = zielsprache(content, code)
    originals = originale(content)
    have = bestaende(content, originals, code)
    projekt = Projekt(content.site.titel, content.site.impressum.email) if content.site else Projekt()
    return auswaehlen(originals, have, ziel, alle), projekt


def po_datei(auswahl: Auswahl, projekt: Projekt) -> bytes:
    """The units as a gettext PO file (msgctxt: the unit's id, msgid: the German text)."""
    from babel import Locale
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import normalize, write_po

    ziel = auswahl.sprache
    redaktion = f"Redaktion <{projekt.email}>" if projekt.email else "Redaktion"
    catalog = Catalog(locale=Locale.parse(ziel.locale), project=projekt.titel, version=date.today().isoformat(),
                      charset="utf-8", fuzzy=False, last_translator=redaktion, msgid_bugs_address=projekt.email,
                      revision_date=datetime.now(UTC), language_team=ziel.eigenname,
                      header_comment=(f"# {projekt.titel}: Texte zum Übersetzen.\n"
                                      f"# Sprache: {ziel.code} ({ziel.eigenname})\n"
                                      f"# Erzeugt mit „{MARKE}“; zurück mit „wegweiser uebersetzen import“.\n"
                                      "# msgctxt nennt Datei und Feld des Originals; bitte nicht ändern."))
    for unit in auswahl.einheiten:
        message = catalog.add(unit.quelle, unit.ziel, auto_comments=unit.hinweise, context=unit.id,
                              flags=("fuzzy",) if unit.unsicher else ())
        message.flags.discard("python-format")  # "50 % sparen" is text, not a format string
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False)
    text = buffer.getvalue().decode("utf-8")
    # "#| msgid": the German text the fuzzy target was made from, as msgmerge writes it (Poedit: "Alter
    # Quelltext", Weblate: the source change, Lokalize: the difference). Written here, not by Babel: Babel wraps
    # it as a comment at 76 columns, inside its quotes, which no gettext tool can read then.
    for unit in auswahl.einheiten:
        if unit.vorher:
            context = f"\nmsgctxt {normalize(unit.id, width=0)}\n"  # at a line's start: not inside a text
            previous = "".join(f"#| {line}\n" for line in f"msgid {normalize(unit.vorher, width=0)}".split("\n"))
            text = text.replace(context, "\n" + previous + context[1:], 1)
    # Babel keeps no headers of its own: the code tells Leichte Sprache ("de-x-ls") from German.
    text = text.replace('"Generated-By:', f'"X-Wegweiser-Sprache: {ziel.code}\\n"\n"Generated-By:', 1)
    return text.encode("utf-8")


def _stable_id(name: str) -> str:
    return "u" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


def xliff_datei(auswahl: Auswahl, projekt: Projekt) -> bytes:
    """The units as XLIFF 2.0: one <unit> per text, its id in ``name``, notes for the translator."""
    ziel = auswahl.sprache
    # Tags without a prefix and the namespace as the default: ElementTree writes no "ns0:" prefixes then.
    root = ET.Element("xliff", {"xmlns": XLIFF_NS, "xmlns:mtc": MTC_NS, "version": "2.0", "srcLang": "de",
                                "trgLang": ziel.lang})
    datei = ET.SubElement(root, "file", {"id": f"wegweiser-{ziel.code}", "original": projekt.titel,
                                         "xml:space": "preserve"})
    notes = ET.SubElement(datei, "notes")
    ET.SubElement(notes, "note", {"category": "wegweiser"}).text = (
        f"{projekt.titel}: Texte zum Übersetzen, Zielsprache {ziel.eigenname} ({ziel.code}). Erzeugt mit „{MARKE}“; "
        "zurück mit „wegweiser uebersetzen import“. Der Name jeder Einheit nennt Datei und Feld des Originals.")
    for unit in auswahl.einheiten:
        element = ET.SubElement(datei, "unit", {"id": _stable_id(unit.id), "name": unit.id})
        if unit.vorher:  # the previous German text and its translation, as a candidate tools show with the change
            match = ET.SubElement(ET.SubElement(element, "mtc:matches"), "mtc:match",
                                  {"ref": "#s1", "type": "other", "origin": "wegweiser: bisherige Übersetzung"})
            ET.SubElement(match, "source").text = unit.vorher
            ET.SubElement(match, "target").text = unit.ziel
        unit_notes = ET.SubElement(element, "notes")
        for hint in unit.hinweise:
            ET.SubElement(unit_notes, "note").text = hint
        if unit.vorher:
            ET.SubElement(unit_notes, "note", {"category": "wegweiser:vorher"}).text = (
                f"Der deutsche Text wurde geändert. Bisher lautete er: {unit.vorher}")
        attributes = {"id": "s1"} if unit.vorher else {}  # the candidate's ref
        if unit.ziel:
            attributes |= {"state": "initial", "subState": VERALTET} if unit.unsicher else {"state": "translated"}
        segment = ET.SubElement(element, "segment", attributes)
        ET.SubElement(segment, "source").text = unit.quelle
        if unit.ziel:
            ET.SubElement(segment, "target").text = unit.ziel
    ET.indent(root, space=" ")  # adds white space between elements only: sources and targets stay exact
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' f"<!-- {MARKE} -->\n{body}\n").encode()


def ist_export(head: bytes) -> bool:
    """Whether an existing file is an earlier export (``-o`` may replace only such a file)."""
    return MARKE.encode() in head


# --- reading an exchange file --------------------------------------------------------------------------------

@dataclass
class Eingang:
    """One unit as read from an exchange file."""

    id: str
    quelle: str
    ziel: str
    unsicher: bool
    loc: Loc  # the unit
    ziel_loc: Loc  # its target


@dataclass
class Austausch:
    code: str | None
    sprache_loc: Loc
    einheiten: list[Eingang]


def _decode(path: Path, shown: str, problems: Problems) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(Loc(shown), f"Die Datei kann nicht gelesen werden ({exc.strerror}).")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[:exc.start]
        problems.error(Loc(shown, before.count(b"\n") + 1, exc.start - before.rfind(b"\n")),
                       "Die Datei ist nicht in UTF-8 kodiert.", "Speichern Sie sie im Übersetzungsprogramm als UTF-8.")
        return None


def _code_for(value: str, by: str) -> str | None:
    """The language code of a PO ``Language`` (``by="locale"``) or an XLIFF ``trgLang`` (``by="lang"``)."""
    wanted = value.strip().replace("_", "-").lower()
    for code, (lang, locale, _direction, _name) in BEKANNT.items():
        own = (lang if by == "lang" else locale).lower()
        if own == wanted and not (by == "locale" and code == "leicht"):
            return code
    if by == "locale":  # "tr-TR" for tr
        base = wanted.split("-")[0]
        return next((c for c, (_lang, loc, _d, _n) in BEKANNT.items() if loc == base and c != "leicht"), None)
    return None


def lies_po(path: Path, shown: str, problems: Problems) -> Austausch | None:
    from babel.messages.pofile import PoFileError, read_po, unescape

    text = _decode(path, shown, problems)
    if text is None:
        return None
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as exc:
        problems.error(Loc(shown, exc.lineno + 1), f"Die PO-Datei ist fehlerhaft: {_po_message(str(exc))}",
                       "Öffnen Sie die Datei in einem Übersetzungsprogramm (z. B. Poedit) oder prüfen Sie die Zeile.")
        return None
    except Exception as exc:  # Babel raises plain ValueErrors for some broken headers
        problems.error(Loc(shown, 1), f"Die PO-Datei ist fehlerhaft ({exc}).")
        return None
    lines = text.split("\n")
    header_line = next((n for n, line in enumerate(lines, 1) if line.startswith(('"Language:', '"X-Wegweiser'))), 1)
    # The code: our own header (Poedit keeps it), else the header comment (Babel keeps that), else Language.
    own = re.search(r'^"X-Wegweiser-Sprache:\s*([A-Za-z-]+)\s*\\n"', text, re.MULTILINE) or \
        re.search(r"^# Sprache: ([a-z]+)\b", catalog.header_comment or "", re.MULTILINE)
    code = own.group(1) if own else None
    language = catalog.locale_identifier
    if code is None and language:
        code = _code_for(str(language), "locale")
    elif code is not None and language and str(language).split("_")[0] != BEKANNT.get(code, ("", "?"))[1]:
        problems.error(Loc(shown, header_line), f"Die Kopfzeilen widersprechen sich: Language „{language}“, "
                       f"X-Wegweiser-Sprache „{code}“.", "Exportieren Sie neu und lassen Sie die Kopfzeilen stehen.")
    # Babel knows the line of each msgid only: find the msgctxt (the unit) and msgstr (its target) lines
    context_lines: dict[str, int] = {}
    target_lines: dict[str, int] = {}
    current = None
    for number, line in enumerate(lines, 1):
        if line.startswith("msgctxt "):
            current = unescape(line[8:].strip())
            context_lines.setdefault(current, number)
        elif line.startswith("msgstr") and current is not None:
            target_lines.setdefault(current, number)
            current = None
    units = []
    for message in catalog:
        if not message.id:
            continue
        if not isinstance(message.id, str) or not isinstance(message.string, str):
            problems.error(Loc(shown, message.lineno or 0), "Mehrzahlformen (msgid_plural) gibt es in dieser Datei "
                           "nicht.", "Exportieren Sie neu.")
            continue
        if not message.context:
            problems.error(Loc(shown, message.lineno or 0), f"Zu „{_kurz(message.id)}“ fehlt msgctxt: es ist "
                           "unklar, wohin die Übersetzung gehört.",
                           "msgctxt nennt Datei und Feld; exportieren Sie neu.")
            continue
        context = str(message.context)
        units.append(Eingang(context, message.id, message.string, message.fuzzy,
                             Loc(shown, context_lines.get(context, message.lineno or 0)),
                             Loc(shown, target_lines.get(context, message.lineno or 0))))
    return Austausch(code, Loc(shown, header_line), units)


def _po_message(text: str) -> str:
    text = re.sub(r" on \d+$", "", text)
    return {"Unknown or misformatted keyword": "unbekanntes oder falsch geschriebenes Schlüsselwort"}.get(text, text)


def _kurz(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def _parse_xml(text: str, shown: str, problems: Problems) -> tuple[ET.Element, dict[int, int]] | None:
    """The element tree and each element's line (by id()); DOCTYPE and entities are refused."""
    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")

    def start(name: str, attributes: dict[str, str]) -> None:
        tag = "{" + name if "}" in name else name
        attrs = {("{" + k if "}" in k else k): v for k, v in attributes.items()}
        element = builder.start(tag, attrs)
        lines[id(element)] = parser.CurrentLineNumber

    def refuse(*_args: object) -> None:
        raise _XmlRefused(parser.CurrentLineNumber, parser.CurrentColumnNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end("{" + name if "}" in name else name)
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        problems.error(Loc(shown, exc.lineno, exc.offset + 1), "Die XLIFF-Datei ist kein gültiges XML "
                       f"({expat.errors.messages[exc.code] if exc.code else exc}).",
                       "Öffnen Sie die Datei in einem Übersetzungsprogramm oder prüfen Sie die Stelle.")
        return None
    except _XmlRefused as exc:
        problems.error(Loc(shown, exc.line, exc.column + 1), "Die XLIFF-Datei enthält eine DOCTYPE- oder "
                       "Entity-Deklaration; das wird aus Sicherheitsgründen nicht gelesen.",
                       "Exportieren Sie die Datei im Übersetzungsprogramm erneut als XLIFF 2.0.")
        return None
    return builder.close(), lines


class _XmlRefused(Exception):
    def __init__(self, line: int, column: int) -> None:
        super().__init__("refused")
        self.line = line
        self.column = column


def lies_xliff(path: Path, shown: str, problems: Problems) -> Austausch | None:
    text = _decode(path, shown, problems)
    if text is None:
        return None
    parsed = _parse_xml(text, shown, problems)
    if parsed is None:
        return None
    root, lines = parsed

    def loc(element: ET.Element) -> Loc:
        return Loc(shown, lines.get(id(element), 0))

    def q(tag: str) -> str:
        return f"{{{XLIFF_NS}}}{tag}"

    if root.tag != q("xliff") or root.get("version", "").split(".")[0] != "2":
        problems.error(loc(root), "Das ist keine XLIFF-2.0-Datei (erwartet: <xliff version=\"2.0\" xmlns=\""
                       f"{XLIFF_NS}\">).", "XLIFF 1.2 wird nicht gelesen; exportieren Sie als XLIFF 2.0 oder PO.")
        return None
    trg = root.get("trgLang")
    code = _code_for(trg, "lang") if trg else None
    if trg and code is None:
        problems.error(loc(root), f"Die Zielsprache trgLang=„{trg}“ kennt wegweiser nicht.")
    units = []
    for unit in root.iter(q("unit")):
        name = unit.get("name")
        segments = unit.findall(q("segment"))
        if not name:  # a tool that dropped it: the id is a hash of the name, resolved against the content later
            name = OHNE_NAME + unit.get("id", "")
        if len(segments) != 1:
            problems.error(loc(unit), f"Die Einheit „{name}“ hat {len(segments)} Segmente statt einem.",
                           "Teilen oder verbinden Sie Segmente nicht; jede Einheit ist ein Feld.")
            continue
        segment = segments[0]
        source = segment.find(q("source"))
        target = segment.find(q("target"))
        if source is None:
            problems.error(loc(segment), f"In der Einheit „{name}“ fehlt <source>.")
            continue
        if len(source) or (target is not None and len(target)):
            problems.error(loc(segment), f"Die Einheit „{name}“ enthält Inline-Elemente (<ph>, <pc> …).",
                           "Die Texte sind reiner Text mit Markdown; schreiben Sie Auszeichnungen als Text.")
            continue
        state = segment.get("state")
        unsicher = segment.get("subState") == VERALTET and state in (None, "initial")
        units.append(Eingang(name, source.text or "", (target.text or "") if target is not None else "", unsicher,
                             loc(unit), loc(target if target is not None else segment)))
    return Austausch(code, loc(root), units)


# --- import --------------------------------------------------------------------------------------------------

@dataclass
class Plan:
    """What an import would write: each file's new text, and counts for the editor."""

    sprache: Sprache
    dateien: dict[Path, str] = field(default_factory=dict)
    gelesen: dict[Path, str | None] = field(default_factory=dict)  # each file's digest as read (None: absent)
    neu: int = 0
    texte: int = 0  # texts taken: each is in its translation file afterwards
    gleich: int = 0  # of these, the ones the file had already
    leer: int = 0
    unsicher: int = 0
    veraltet: list[str] = field(default_factory=list)  # display paths whose German changed after the export
    warnungen: Problems = field(default_factory=Problems)


def _stelle(unit_id: str, by_object: dict[str, Original]) -> tuple[Original | None, str, int | None]:
    head, sep, rest = unit_id.partition("#")
    if not sep:
        return None, "", None
    if "/" in rest and head.endswith("kategorien.yaml"):
        slug, _, rest = rest.partition("/")
        head = f"{head}#{slug}/"
    else:
        head += "#"
    name, _, number = rest.partition("/")
    if not number:
        return by_object.get(head), name, None
    if not re.fullmatch(r"[0-9]+", number) or not number.strip("0"):
        return by_object.get(head), name, -1
    # beyond any list when longer (and int() refuses numbers of more than 4,300 digits)
    return by_object.get(head), name, int(number) if len(number) <= 9 else 10**9


def planen(root: Path, datei: Path, unsicher: bool) -> Plan:
    """Read and check an exchange file against the content; every problem raises before anything is written."""
    problems = Problems()
    shown = datei.as_posix()
    form = dateiformat(datei)
    content = inhalte(root)
    exchange = (lies_po if form == "po" else lies_xliff)(datei, shown, problems)
    if exchange is None:
        raise UebersetzenFehler(problems)
    if exchange.code is None:
        problems.error(exchange.sprache_loc, "In der Datei steht keine Zielsprache.",
                       "Im PO-Kopf gehört „Language: tr“ (bzw. in XLIFF trgLang=\"tr\"); exportieren Sie neu.")
        raise UebersetzenFehler(problems)
    ziel = zielsprache(content, exchange.code, exchange.sprache_loc)
    originals = originale(content)
    by_object = {o.objekt_id: o for o in originals}
    have = bestaende(content, originals, ziel.code)
    plan = Plan(ziel)
    # unit texts per object: field -> text or {number: text}
    targets: dict[str, dict[str, Any]] = {}
    sources: dict[str, dict[str, Any]] = {}
    skipped: set[str] = set()
    beyond: dict[tuple[str, str], list[Eingang]] = {}  # units of fields or list items the original lacks
    seen: dict[str, Loc] = {}
    hashed = {_stable_id(unit_id): unit_id for o in originals for unit_id in _possible_ids(o)}
    for unit in exchange.einheiten:
        if unit.id.startswith(OHNE_NAME):
            found = hashed.get(unit.id[len(OHNE_NAME):])
            if found is None:
                problems.error(unit.loc, f"Der Einheit „{unit.id[len(OHNE_NAME):]}“ fehlt das Attribut name (Datei "
                               "und Feld des Originals).", "Exportieren Sie neu; das Übersetzungsprogramm muss name "
                               "erhalten.")
                continue
            unit.id = found
        if unit.id in seen:
            problems.error(unit.loc, f"Die Einheit „{unit.id}“ steht doppelt in der Datei (zuerst in Zeile "
                           f"{seen[unit.id].line}).")
            continue
        seen[unit.id] = unit.loc
        original, name, number = _stelle(unit.id, by_object)
        if original is None:
            problems.error(unit.loc, f"„{unit.id}“ gibt es in den Inhalten nicht (mehr).",
                           "Wurde die Datei umbenannt oder gelöscht? Exportieren Sie neu; msgctxt bzw. name der "
                           "Einheit dürfen nicht verändert werden.")
            continue
        if not _translatable(original, name, number, unit, problems):
            continue
        oid = original.objekt_id
        slot = sources.setdefault(oid, {})
        if number is None:
            slot[name] = unit.quelle
        else:
            slot.setdefault(name, {})[number] = unit.quelle
        if not unit.ziel.strip():
            plan.leer += 1
            continue
        if _beyond(original, name, number):
            beyond.setdefault((oid, name), []).append(unit)
            continue
        if unit.unsicher and not unsicher:
            plan.unsicher += 1
            skipped.add(oid)
            continue
        if not _typecheck(original, name, unit, problems) or not _length_ok(original, name, number, unit, problems):
            continue
        aim = targets.setdefault(oid, {})
        if number is None:
            aim[name] = unit.ziel.strip()
        else:
            aim.setdefault(name, {})[number] = unit.ziel.strip()
        plan.texte += 1
    if problems.errors:
        raise UebersetzenFehler(problems)
    for (oid, name), units in beyond.items():
        _not_taken(by_object[oid], name, units, plan.warnungen)
    for oid, aim in targets.items():
        original = by_object[oid]
        made_from = _vorlage_texte(original, sources.get(oid, {}))
        if fingerabdruck(made_from) != original.vorlage:
            plan.veraltet.append(original.objekt_id.rstrip("#/"))
        keep_old = oid in skipped  # some texts were not taken: the translation stays as outdated as it was
        _merge(plan, root, original, have.get(oid), aim, None if keep_old else made_from, problems)
    if problems.errors:
        raise UebersetzenFehler(problems)
    return plan


def _translatable(original: Original, name: str, number: int | None, unit: Eingang, problems: Problems) -> bool:
    """Whether a unit names a translatable field, with the number of an item for a list field (else reported)."""
    if name not in UEBERSETZBAR[original.art]:
        problems.error(unit.loc, f"„{unit.id}“: Das Feld „{name}“ wird nicht übersetzt.",
                       f"Übersetzt werden: {', '.join(UEBERSETZBAR[original.art])}.")
        return False
    listed = isinstance(original.typen.get(name), ListOf)
    if listed and (number is None or number == -1):
        problems.error(unit.loc, f"„{unit.id}“: „{name}“ ist eine Liste; nach „{name}/“ steht die Nummer des "
                       "Eintrags (1, 2, …).", "msgctxt bzw. name der Einheit dürfen nicht verändert werden; "
                       "exportieren Sie neu.")
        return False
    if not listed and number is not None:
        problems.error(unit.loc, f"„{unit.id}“: „{name}“ ist keine Liste.", "msgctxt bzw. name der Einheit dürfen "
                       "nicht verändert werden; exportieren Sie neu.")
        return False
    return True


def _beyond(original: Original, name: str, number: int | None) -> bool:
    """Whether a unit would give the translation a field, or a list item, that the original does not have."""
    have = original.felder.get(name)
    return have is None or (number is not None and number > len(have))


def _not_taken(original: Original, name: str, units: list[Eingang], warnings: Problems) -> None:
    """One warning for the units of a field (or list items) the original lacks: they are not taken."""
    first, last = units[0], units[-1]
    have = original.felder.get(name)
    which = f"„{first.id}“" if len(units) == 1 else \
        f"„{first.id}“ bis „{last.id}“ ({_zahl(len(units))} Einheiten)"
    if isinstance(have, list):
        what = f"Das Original hat nur {_zahl(len(have))} {'Eintrag' if len(have) == 1 else 'Einträge'} in „{name}“"
    else:
        what = f"Das Original hat kein „{name}“ (mehr)"
    warnings.warning(first.loc, f"{what}: {which} {'wird' if len(units) == 1 else 'werden'} nicht übernommen.",
                     f"Eine Übersetzung hat nur die Felder und Einträge des Originals ({original.anzeige}). Wurde "
                     "das Original nach dem Export geändert, exportieren Sie neu.")


# A translation may be longer than its original, by far for Leichte Sprache, but not by more than this: a target of
# megabytes is a tool that put the whole file into one field, not a translation.
LAENGE_FAKTOR = 10
LAENGE_MINDESTENS = 5000


def _length_ok(original: Original, name: str, number: int | None, unit: Eingang, problems: Problems) -> bool:
    have = original.felder[name]
    source = have[number - 1] if isinstance(have, list) and number is not None else str(have)
    limit = max(LAENGE_FAKTOR * len(source), LAENGE_MINDESTENS)
    length = len(unit.ziel.strip())
    if length <= limit:
        return True
    problems.error(unit.ziel_loc, f"„{unit.id}“: Die Übersetzung ist {_zahl(length)} Zeichen lang, das Original "
                   f"{_zahl(len(source))}; erlaubt sind höchstens {_zahl(limit)}.",
                   "Prüfen Sie, ob das Übersetzungsprogramm mehrere Texte in dieses Feld geschrieben hat.")
    return False


def _zahl(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _possible_ids(original: Original) -> Iterator[str]:
    for name, value in original.felder.items():
        if isinstance(value, list):
            for number in range(1, len(value) + 1):
                yield f"{original.objekt_id}{name}/{number}"
        else:
            yield f"{original.objekt_id}{name}"


def _typecheck(original: Original, name: str, unit: Eingang, problems: Problems) -> bool:
    kind = original.typen.get(name) or Text()
    if isinstance(kind, ListOf):
        kind = kind.item
    node = YScalar(unit.ziel.strip(), unit.ziel_loc, '"', 0, name)
    before = len(problems.errors)
    value = kind.convert(node, problems)
    return value is not INVALID and len(problems.errors) == before


def _vorlage_texte(original: Original, sources: dict[str, Any]) -> dict[str, Text_]:
    """The German text the file was made from, by field: its sources, the current text where absent; stripped and
    without empty values, as ``fingerabdruck`` counts it (the file stores it as ``original``)."""
    texts: dict[str, Text_] = dict(original.felder)
    for name, value in sources.items():
        have = original.felder.get(name)
        if have is None:
            continue  # a unit of a field the original lacks (not taken)
        if isinstance(value, dict):
            texts[name] = [value[n] for n in sorted(value) if n <= len(have)]  # not items it lacks either
        else:
            texts[name] = value
    clean: dict[str, Text_] = {}
    for name in UEBERSETZBAR[original.art]:
        value = texts.get(name)
        if isinstance(value, str) and value.strip():
            clean[name] = value.strip()
        elif isinstance(value, list) and (items := [item.strip() for item in value if item.strip()]):
            clean[name] = items
    return clean


def _merge(plan: Plan, root: Path, original: Original, bestand: Bestand | None, aim: dict[str, Any],
           vorlage: dict[str, Text_] | None, problems: Problems) -> None:
    """Put the new texts of one original into its translation file's new text (in ``plan.dateien``); ``vorlage``:
    the German text it is made from (None: keep ``vorlage`` and ``original`` as they are)."""
    path = bestand.pfad if bestand else original.neue_datei(plan.sprache.code)
    new: dict[str, Text_] = {}
    for name, value in aim.items():
        old = bestand.felder.get(name) if bestand else None
        if isinstance(value, dict):
            old_items = old if isinstance(old, list) else []
            count = len(original.felder.get(name) or [])
            items = [value.get(n) or (old_items[n - 1] if n <= len(old_items) else "") for n in range(1, count + 1)]
            new[name] = [item for item in items if item]
            plan.gleich += sum(n <= len(old_items) and old_items[n - 1] == text for n, text in value.items())
        else:
            new[name] = value
            plan.gleich += old == value
    gone = [name for name in UEBERSETZBAR[original.art] if name not in original.felder]
    if bestand is not None and all(bestand.felder.get(name) == value for name, value in new.items()) and \
            (vorlage is None or (bestand.vorher is not None and fingerabdruck(vorlage) == bestand.vorlage)) and \
            not any(name in bestand.felder for name in gone):
        return  # nothing changes: the file stays as it is, byte for byte
    try:
        text = plan.dateien.get(path)
        if text is None:
            text = _current(path, root, plan, problems)
            if text is None:
                return
            if not path.exists():
                plan.neu += 1
        plan.dateien[path] = _apply(text, path, original, new, gone, vorlage)
    except _Foreign as exc:
        problems.error(Loc(display_path(path, root), exc.line), f"„{display_path(path, root)}“ ist keine "
                       f"Übersetzungsdatei: das Feld „{exc.key}“ gehört nicht hinein.",
                       f"Eine Übersetzung enthält nur {', '.join(UEBERSETZBAR[original.art])} und {VORLAGE}; "
                       "es wurde nichts geschrieben.")


def _current(path: Path, root: Path, plan: Plan, problems: Problems) -> str | None:
    """The translation file's text (empty for a new file); its digest goes into ``plan.gelesen``."""
    shown = display_path(path, root)
    link = outside_link(path, root)
    if link is not None or (path.is_symlink()):
        problems.error(Loc(shown), f"„{shown}“ ist ein symbolischer Link; er wird nicht überschrieben.",
                       "Ersetzen Sie den Link durch eine Datei.")
        return None
    if path.exists() and not path.is_file():
        problems.error(Loc(shown), f"„{shown}“ ist keine Datei; es wurde nichts geschrieben.")
        return None
    if not path.exists():
        plan.gelesen[path] = None
        return ""
    try:
        raw = path.read_bytes()
        plan.gelesen[path] = digest(raw)
        return raw.decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(Loc(shown), f"Die Datei kann nicht gelesen werden ({exc}).")
        return None


class _Foreign(Exception):
    def __init__(self, key: str, line: int) -> None:
        super().__init__(key)
        self.key = key
        self.line = line


_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def _apply(text: str, path: Path, original: Original, new: dict[str, Text_], gone: list[str],
           vorlage: dict[str, Text_] | None) -> str:
    """The translation file's text with the new values; comments, key order and quoting stay as they were."""
    allowed = {*UEBERSETZBAR[original.art], VORLAGE, ORIGINAL}
    markdown = path.suffix == ".md"
    front, body = text, None
    if markdown:
        if text.startswith("---\n"):
            end = _FRONT_END.search(text, 4)
            front, body = (text[4:end.start()], text[end.end() + 1:]) if end else (text[4:], "")
        else:
            front, body = "", text
        if "beschreibung" in new:
            body = str(new.pop("beschreibung")).strip() + "\n"
        elif "beschreibung" in gone:
            body = ""
    yaml, data = _round_trip(front)
    scope = data
    if original.slug is not None:
        from ruamel.yaml.comments import CommentedMap

        for slug in data:
            if not isinstance(data[slug], dict):
                raise _Foreign(str(slug), _line(data, slug))
        if original.slug not in data:
            data[original.slug] = CommentedMap()
        scope = data[original.slug]
    for key in list(scope):
        if key not in allowed or (markdown and key == "beschreibung"):
            raise _Foreign(str(key), _line(scope, key))
    for name in gone:
        if name in scope:
            del scope[name]
    order = list(UEBERSETZBAR[original.art])
    for name, value in new.items():
        _set(scope, name, value, order)
    if vorlage is not None:
        scope[VORLAGE] = fingerabdruck(vorlage)  # updated in place, or added as the last key
        scope[ORIGINAL] = _original_block(vorlage, readable=True)
        if _read_back(yaml, data, original.slug) != vorlage:  # a text a literal block cannot hold as it is
            scope[ORIGINAL] = _original_block(vorlage, readable=False)
    buffer = io.StringIO()
    if len(data):
        yaml.dump(data, buffer)
    out = buffer.getvalue()
    if not markdown:
        return out
    return f"---\n{out}---\n{body or ''}"


def _original_block(texts: dict[str, Text_], readable: bool) -> Any:
    """``original``: the German text by field; several lines as a literal block when ``readable``, else every
    text double-quoted (YAML escapes: exact for any text)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    def scalar(text: str) -> object:
        if not readable:
            return DoubleQuotedScalarString(text)
        return LiteralScalarString(text) if "\n" in text else text  # "|-": exactly the text

    block = CommentedMap()
    for name, value in texts.items():
        block[name] = CommentedSeq(scalar(item) for item in value) if isinstance(value, list) else scalar(value)
    return block


def _read_back(yaml: Any, data: Any, slug: str | None) -> dict[str, Text_] | None:
    """``original`` as a reader of the written file gets it (stripped like ``fingerabdruck``)."""
    from ruamel.yaml import YAML

    buffer = io.StringIO()
    yaml.dump(data, buffer)
    loaded = YAML(typ="safe").load(buffer.getvalue())
    scope = loaded.get(slug) if slug is not None and isinstance(loaded, dict) else loaded
    block = scope.get(ORIGINAL) if isinstance(scope, dict) else None
    if not isinstance(block, dict):
        return None
    return {str(k): [str(i).strip() for i in v] if isinstance(v, list) else str(v).strip() for k, v in block.items()}


def _line(mapping: Any, key: object) -> int:
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except Exception:
        return 0


def _round_trip(text: str) -> tuple[Any, Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 100000  # never fold a long line
    sequence, offset = _sequence_indent(text)
    yaml.indent(mapping=_mapping_indent(text), sequence=sequence, offset=offset)
    data = yaml.load(text) if text.strip() else None
    return yaml, data if data is not None else CommentedMap()


def _mapping_indent(text: str) -> int:
    lines = text.split("\n")
    for before, line in itertools.pairwise(lines):
        stripped = line.lstrip(" ")
        if before.rstrip().endswith(":") and not before.lstrip().startswith(("#", "-")) and stripped and \
                not stripped.startswith(("-", "#")) and line != stripped:
            return len(line) - len(stripped)
    return 2


def _sequence_indent(text: str) -> tuple[int, int]:
    found = re.search(r"^( *)\S[^\n]*:[ \t]*\n(?:[ \t]*#[^\n]*\n)*( *)- ", text, re.MULTILINE)
    if found:
        offset = max(0, len(found.group(2)) - len(found.group(1)))
        return offset + 2, offset
    return 2, 0


def _insert(mapping: Any, key: str, value: object, order: list[str]) -> None:
    """Add ``key`` after the last existing key that comes before it in ``order`` (else first or last)."""
    rank = order.index(key) if key in order else len(order)
    position = 0
    for index, existing in enumerate(mapping):
        if existing in order and order.index(existing) < rank:
            position = index + 1
    keys = list(mapping)
    trailing = [keys.index(k) for k in (VORLAGE, ORIGINAL) if k in mapping]  # they stay last
    if trailing and position > min(trailing):
        position = min(trailing)
    if not any(existing in order for existing in mapping):
        position = min(trailing) if trailing else len(mapping)
    mapping.insert(position, key, value)


def _set(mapping: Any, name: str, value: Text_, order: list[str]) -> None:
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString, ScalarString

    old = mapping.get(name)
    if isinstance(value, list):
        if isinstance(old, CommentedSeq):
            old[:] = [_like(old[i] if i < len(old) else None, item) for i, item in enumerate(value)]
            del old[len(value):]
            return
        seq = CommentedSeq(value)
        if isinstance(old, str) or old is None:
            seq.fa.set_flow_style()
        if name in mapping:
            mapping[name] = seq
        else:
            _insert(mapping, name, seq, order)
        return
    if "\n" in value and not isinstance(old, ScalarString):
        new: object = LiteralScalarString(value + "\n")
    else:
        new = _like(old, value)
    if name in mapping:
        mapping[name] = new
    else:
        _insert(mapping, name, new, order)


def _like(old: object, text: str) -> object:
    """``text`` in the scalar style of ``old`` (double or single quotes, literal or folded block)."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString

    if isinstance(old, (LiteralScalarString, FoldedScalarString)):
        return type(old)(text if text.endswith("\n") else text + "\n")
    if isinstance(old, ScalarString):
        if "\n" in text:
            return LiteralScalarString(text + "\n")
        return type(old)(text)
    return text


# --- writing ------------------------------------------------------------------------------------------------

def vorbereiten(root: Path, plan: Plan) -> Journal | None:
    """Write every new translation file beside its target, and on disk; nothing is in place yet (``commit``).
    Stopped here, by anything, nothing has changed. ``TargetChanged``: a file was changed since it was read.
    None: there is nothing to write."""
    return Journal.prepare(root, _encoded(plan), plan.gelesen) if plan.dateien else None


def schreiben(root: Path, plan: Plan) -> None:
    """Write every file of the plan, all or nothing (see ``journal``)."""
    if plan.dateien:
        write_all(root, _encoded(plan), plan.gelesen)


def _encoded(plan: Plan) -> dict[Path, bytes]:
    return {path: text.encode("utf-8") for path, text in plan.dateien.items()}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def schreiben_export(data: bytes, path: Path) -> None:
    """Write an exchange file atomically (a half-written file never replaces an earlier export)."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".neu", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(name, 0o666 & ~_umask())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise

