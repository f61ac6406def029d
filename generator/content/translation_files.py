"""Translations of content: files beside their originals, checked like the originals, and the text each language
shows (``fassung``).

A translation is named like its original with the language code before the suffix – ``elterncafe.en.md`` next to
``elterncafe.yaml``, ``quartier.ar.yaml``, ``content/seiten/notfall.leicht.md``, ``content/site.en.yaml``,
``content/kategorien.tr.yaml`` (``slug: {name, beschreibung, vorlage}``). It holds only the text families read
(``sprachen.UEBERSETZBAR``) and, optionally, ``vorlage``: the fingerprint of the original's text it was made from.
Facts (address, phone, opening hours, age, geo, dates, references) always come from the original.

The loader (``content.py``) hands over the files whose names look like translations; ``lade`` reads and checks
them after the originals are loaded and stores them in ``Content.uebersetzungen``. ``fassung`` gives the content
as one language shows it, with the status of every object and the language each displayed text is really in.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from wegweiser.content.records import Content, Datei, Uebersetzbar, Uebersetzung
from wegweiser.core.problems import Loc, Problems
from wegweiser.i18n import easy_language
from wegweiser.i18n.languages import (
    BEKANNT,
    ORIGINAL,
    UEBERSETZBAR,
    VORLAGE,
    TextWert,
    fingerabdruck,
    vermutlich,
)
from wegweiser.model.entries import Seite, Site, content_fields
from wegweiser.model.fields import FieldSpec, Invalid, check_markdown, language_names, read
from wegweiser.model.located_yaml import Document, YList, YMap, YNode, YScalar


class DocumentReader(Protocol):
    """What reading a translation file needs of the content loader: its located documents and its problems."""

    problems: Problems

    def document(self, path: Path) -> Document | None: ...


_NAME = re.compile(r"(?P<base>[^.]+)\.(?P<code>[^.]+)\.(?P<ext>md|yaml|yml)")
_VORLAGE = re.compile(r"[0-9a-f]{12}")


def kandidat(name: str, suffixes: Iterable[str]) -> tuple[str, str] | None:
    """(original name, code) when a file name is meant as a translation: ``<name>.<code>.<suffix>`` with a known
    code, one close to a known code (``EN``, ``ara``, ``englisch``) or another ISO 639-1 code; else None."""
    match = _NAME.fullmatch(name)
    if not match or f".{match['ext']}" not in suffixes:
        return None
    code = match["code"]
    if code in BEKANNT or vermutlich(code) or (len(code) == 2 and code.lower() in language_names()):
        return match["base"], code
    return None


# --- the original's text -------------------------------------------------------------------------

def originaltexte(art: str, obj: Uebersetzbar) -> dict[str, TextWert]:
    """The translatable text of an original (what ``fingerabdruck`` covers): the fields of ``UEBERSETZBAR[art]``
    it has; a page's body counts as ``beschreibung``; ``barrierefrei`` only when it is text."""
    result: dict[str, TextWert] = {}
    for name in UEBERSETZBAR[art]:
        value = obj.text if art == "seite" and name == "beschreibung" and isinstance(obj, Seite) \
            else getattr(obj, name, None)
        if isinstance(value, str) or (isinstance(value, list) and value):
            result[name] = value
    return result


def quelle(obj: Uebersetzbar) -> str:
    """The display path of an original's file (categories have none of their own: content/kategorien.yaml)."""
    return getattr(obj, "source", "") or "content/kategorien.yaml"


def aktuelle_vorlage(art: str, obj: Uebersetzbar) -> str:
    """The fingerprint a translation made from the original as it is now carries as ``vorlage``."""
    return fingerabdruck(originaltexte(art, obj))


def vorher(uebersetzung: Uebersetzung) -> dict[str, str | list[str]] | None:
    """The original's text the translation was made from, by field, when the file stores it (``original``) and
    it is the text ``vorlage`` fingerprints; else None (older files, or one of the two edited by hand)."""
    stored = uebersetzung.original
    if stored is None or uebersetzung.vorlage is None or fingerabdruck(stored) != uebersetzung.vorlage:
        return None
    return stored


def _same(old: TextWert, new: TextWert) -> bool:
    """Whether two texts are the same for ``fingerabdruck`` (surrounding white space and empty items ignored)."""
    def canonical(value: TextWert) -> str | list[str]:
        if isinstance(value, str):
            return value.strip()
        return [item.strip() for item in value or [] if item.strip()]

    return canonical(old) == canonical(new)


def geaendert(art: str, obj: Uebersetzbar, uebersetzung: Uebersetzung) -> list[str] | None:
    """The fields whose text changed in the original since the translation was made (in ``UEBERSETZBAR`` order);
    None when the translation file does not store the text it was made from."""
    before = vorher(uebersetzung)
    if before is None:
        return None
    now = originaltexte(art, obj)
    return [name for name in UEBERSETZBAR[art] if not _same(before.get(name), now.get(name))]


def originale(content: Content) -> dict[tuple[str, str], Uebersetzbar]:
    """Every translatable object by (art, key)."""
    found: dict[tuple[str, str], Uebersetzbar] = {("eintrag", e.key): e for e in content.eintraege}
    found.update((("quartier", slug), q) for slug, q in content.quartiere.items())
    found.update((("seite", p.slug), p) for p in content.seiten)
    found.update((("kategorie", slug), k) for slug, k in content.kategorien.items())
    if content.site is not None:
        found["site", "site"] = content.site
    return found


# --- site.yaml -----------------------------------------------------------------------------------

def pruefe_site(site: Site, data: YMap, problems: Problems) -> None:
    """``sprachen`` and ``sprache`` agree, and a site without ``sprachen`` has a language the site can speak."""
    node = data.entries.get("sprachen", (None, None))[1]
    if node is not None:
        if (isinstance(node, YList) and not node.items) or (isinstance(node, YScalar) and node.is_null):
            problems.error(site.locs["sprachen"], "„sprachen“ ist leer.",
                           "Schreiben Sie die Sprachen der Website, die Hauptsprache zuerst, z. B. "
                           "„sprachen: [de, leicht, en]“, oder löschen Sie die Zeile.")
        elif "sprache" in site.locs and site.sprache != site.sprachen[0]:
            problems.error(site.locs["sprache"], f"„sprache“ ({site.sprache}) ist nicht die erste der „sprachen“ "
                           f"({site.sprachen[0]}).", "Die erste Sprache in „sprachen“ ist die Hauptsprache; löschen "
                           "Sie die Zeile „sprache“ oder gleichen Sie beide an.")
    elif site.sprache not in BEKANNT:
        problems.error(site.locs.get("sprache", Loc(site.source)), f"In der Sprache „{site.sprache}“ kann der "
                       "Wegweiser nicht erscheinen.", f"Möglich sind: {', '.join(BEKANNT)}.")
    if not all(code in BEKANNT for code in site.sprachen):  # reported: keep the rest of the program working
        site.sprachen = [code for code in site.sprachen if code in BEKANNT] or ["de"]


# --- loading -------------------------------------------------------------------------------------


def read_files(reader: DocumentReader, content: Content, dateien: list[Datei],
                objects: dict[tuple[str, str], Uebersetzbar]) -> list[Uebersetzung]:
    problems = reader.problems
    site = content.site
    codes = site.sprachen if site is not None else ["de"]
    found: list[Uebersetzung] = []
    for datei in dateien:
        if not _language_ok(datei, site, codes, problems):
            continue
        if datei.art == "kategorie":
            found.extend(_read_categories(reader, content, datei, objects))
            continue
        key, original = _original(datei, content, objects, problems)
        if original is None:
            continue
        doc = reader.document(datei.path)
        if doc is None:
            continue
        body_loc = Loc(doc.path, doc.body_line)
        found.append(_read(datei, key, original, doc.data, doc.body, body_loc, problems))
    return found


def _language_ok(datei: Datei, site: Site | None, codes: list[str], problems: Problems) -> bool:
    code, name = datei.code, datei.path.name
    if code not in BEKANNT:
        meant = vermutlich(code)
        renamed = name.replace(f".{code}.", f".{meant}.", 1) if meant else ""
        problems.error(Loc(datei.shown), f"„{code}“ im Dateinamen „{name}“ ist kein Sprachcode des Wegweisers.",
                       f"Meinten Sie „{renamed}“?" if meant else
                       f"Möglich sind: {', '.join(BEKANNT)} (leicht = Leichte Sprache).")
        return False
    if site is None:
        return False  # site.yaml is missing or broken (reported): which languages exist is unknown
    eigenname = BEKANNT[code][3]
    if code == codes[0]:
        problems.error(Loc(datei.shown), f"„{name}“ wäre eine Übersetzung in die Hauptsprache ({eigenname}).",
                       "Das Original ist schon in dieser Sprache: ändern Sie das Original und löschen Sie diese "
                       "Datei.")
        return False
    if code not in codes:
        if "sprachen" in site.locs:
            hint = (f"Die Website erscheint in: {', '.join(codes)}. Ergänzen Sie „{code}“ in content/site.yaml "
                    "unter „sprachen“ oder löschen Sie die Datei.")
        else:
            hint = (f"Die Website erscheint bisher nur in einer Sprache. Ergänzen Sie in content/site.yaml die Zeile "
                    f"„sprachen: [{codes[0]}, {code}]“ (die Hauptsprache zuerst).")
        problems.error(Loc(datei.shown), f"Die Sprache „{code}“ ({eigenname}) von „{name}“ steht nicht in "
                       "„sprachen“ in content/site.yaml.", hint)
        return False
    return True


def _original(datei: Datei, content: Content, objects: dict[tuple[str, str], Uebersetzbar],
              problems: Problems) -> tuple[str, Uebersetzbar | None]:
    """The translated object's key and the original (None: missing, reported unless reported already)."""
    if datei.art == "site":
        return "site", content.site
    if datei.art == "quartier":  # a missing or broken quartier.yaml is reported by the loader
        return datei.quartier or "", content.quartiere.get(datei.quartier or "")
    if datei.art == "seite":
        key = datei.base
    else:
        key = f"{datei.quartier or 'region'}/{datei.typ}/{datei.base}"
        if (datei.typ or "", datei.quartier, datei.base) in content.defekt:
            return key, None  # the original is there but broken (reported)
    original = objects.get((datei.art, key))
    if original is None:
        if datei.art == "seite":
            siblings = [p.slug for p in content.seiten]
            where = "content/seiten/"
        else:
            siblings = [e.slug for e in content.eintraege if e.quartier == datei.quartier and e.typ == datei.typ]
            where = datei.shown.rsplit("/", 1)[0] + "/"
        suffix = datei.path.name.split(".", 1)[1]
        close = difflib.get_close_matches(datei.base, siblings, n=1, cutoff=0.6)
        problems.error(Loc(datei.shown), f"Zur Übersetzung „{datei.path.name}“ gibt es kein Original "
                       f"„{datei.base}.yaml“ oder „{datei.base}.md“ in {where}.",
                       f"Meinten Sie „{close[0]}.{suffix}“?" if close else
                       "Eine Übersetzung liegt neben ihrem Original und heißt wie dieses, mit dem Sprachcode vor der "
                       "Endung (elterncafe.en.md zu elterncafe.yaml).")
    return key, original


def _read_categories(reader: DocumentReader, content: Content, datei: Datei,
                     objects: dict[tuple[str, str], Uebersetzbar]) -> list[Uebersetzung]:
    problems = reader.problems
    found: list[Uebersetzung] = []
    if not content.kategorien and not any(kind == "kategorie" for kind, _, _ in content.defekt):
        return found  # kategorien.yaml is missing or empty (reported)
    doc = reader.document(datei.path)
    if doc is None:
        return found
    for slug, (key_loc, node) in doc.data.entries.items():
        original = objects.get(("kategorie", slug))
        if original is None:
            if ("kategorie", None, slug) in content.defekt:
                continue
            close = difflib.get_close_matches(slug, list(content.kategorien), n=1, cutoff=0.6)
            problems.error(key_loc, f"Die Kategorie „{slug}“ gibt es in content/kategorien.yaml nicht.",
                           f"Meinten Sie „{close[0]}“?" if close else
                           "Übersetzt werden die Kategorien, die in content/kategorien.yaml stehen, mit ihrem Kürzel.")
            continue
        if not isinstance(node, YMap):
            problems.error(node.loc, f"Zur Kategorie „{slug}“ fehlen die Unterfelder name und beschreibung.",
                           f"Zum Beispiel:\n{slug}:\n  name: …\n  beschreibung: …")
            continue
        found.append(_read(datei, slug, original, node, None, key_loc, problems, key_loc))
    return found


def store(content: Content, uebersetzung: Uebersetzung, problems: Problems) -> None:
    key = (uebersetzung.art, uebersetzung.key, uebersetzung.sprache)
    first = content.uebersetzungen.get(key)
    if first is not None:
        problems.error(uebersetzung.loc, f"Diese Übersetzung gibt es schon: {first.source}.",
                       "Jedes Original hat je Sprache eine Übersetzung; löschen Sie eine der beiden Dateien.")
        return
    content.uebersetzungen[key] = uebersetzung


def _read(datei: Datei, key: str, original: Uebersetzbar, data: YMap, body: str | None, body_loc: Loc,
          problems: Problems, start: Loc | None = None) -> Uebersetzung:
    """The translation of one object from its fields (and an .md file's body): only translatable text, each value
    checked with the original field's type (Markdown like the original's)."""
    art = datei.art
    allowed = UEBERSETZBAR[art]
    specs = _specs(type(original))
    have = originaltexte(art, original)
    result = Uebersetzung(art, key, datei.code, datei.shown, loc=start or Loc(datei.shown, 1, 1))
    for name, (key_loc, node) in data.entries.items():
        if name == VORLAGE:
            result.vorlage = _vorlage(node, problems)
            result.locs[VORLAGE] = key_loc
            continue
        if name == ORIGINAL:
            result.original = _stored_original(node, allowed, problems)
            result.locs[ORIGINAL] = key_loc
            continue
        if name not in allowed or (name not in specs and not (art == "seite" and name == "beschreibung")):
            _not_translatable(name, key_loc, art, original, problems)
            continue
        if (art == "seite" and name == "beschreibung") or (body is not None and name == "beschreibung"):
            problems.error(key_loc, "„beschreibung“ steht im Front Matter." if body is None else
                           "„beschreibung“ steht im Front Matter und als Text darunter.",
                           "In .md-Dateien ist der Text unter dem Front Matter die Beschreibung.")
            continue
        if isinstance(node, YScalar) and node.is_null:
            continue
        if name == "barrierefrei" and not isinstance(getattr(original, name, None), str):
            problems.error(key_loc, "„barrierefrei“ ist im Original kein Text, sondern „ja“, „nein“ oder fehlt; "
                           "übersetzt wird nur eine Beschreibung.", "Löschen Sie die Zeile: „ja“ und „nein“ zeigt "
                           "die Website in jeder Sprache selbst an.")
            continue
        value = read(specs[name].type, node, problems)
        if isinstance(value, Invalid):
            continue
        if name == "barrierefrei" and not isinstance(value, str):
            problems.error(node.loc, "„barrierefrei“ ist im Original eine Beschreibung; die Übersetzung muss "
                           "auch eine sein, nicht „ja“ oder „nein“.")
            continue
        if not isinstance(value, str | list):  # every translatable field is text or a list of texts
            continue
        if _take(result, name, value, node.loc, have, original, problems) and datei.code == "leicht":
            for item in node.items if isinstance(node, YList) else [node]:
                if isinstance(item, YScalar):
                    easy_language.pruefe(item.text, item.loc_in_text, problems, name)
    if body is not None and "beschreibung" not in data.entries:
        text = check_markdown(body, _locator(body, body_loc), problems)
        if not isinstance(text, Invalid) and text \
                and _take(result, "beschreibung", text, body_loc, have, original, problems) and datei.code == "leicht":
            easy_language.pruefe(body, _locator(body, body_loc), problems)
    return result


_SPECS: dict[type, dict[str, FieldSpec]] = {}


def _specs(cls: type) -> dict[str, FieldSpec]:
    if cls not in _SPECS:
        _SPECS[cls] = dict(content_fields(cls))
    return _SPECS[cls]


def _take(result: Uebersetzung, name: str, value: str | list[str], loc: Loc, have: dict[str, TextWert],
          original: Uebersetzbar,
          problems: Problems) -> bool:
    if name not in have:
        problems.warning(loc, f"Das Original hat kein „{name}“; die Übersetzung dieses Felds wird nicht gezeigt.",
                         f"Ergänzen Sie „{name}“ im Original ({quelle(original)}) oder löschen Sie es hier.")
        return False
    result.texte[name] = value
    result.locs[name] = loc
    return True


def _vorlage(node: YNode, problems: Problems) -> str | None:
    text = node.text.strip() if isinstance(node, YScalar) else ""
    if _VORLAGE.fullmatch(text):
        return text
    shown = f"„{text}“" if isinstance(node, YScalar) else "eine Liste" if hasattr(node, "items") else "Unterfelder"
    problems.error(node.loc, f"„vorlage“ ist {shown}, kein Fingerabdruck aus zwölf Zeichen 0–9 und a–f.",
                   "„vorlage“ schreibt „wegweiser uebersetzen import“. Haben Sie die Übersetzung von Hand angelegt, "
                   "löschen Sie die Zeile: dann gilt sie als aktuell.")
    return None


def _stored_original(node: YNode, allowed: tuple[str, ...], problems: Problems) -> dict[str, str | list[str]] | None:
    """``original``: per translatable field the original's text (a text, or a list of texts)."""
    hint = ("„original“ schreibt „wegweiser uebersetzen import“: der Text des Originals, aus dem übersetzt wurde. "
            "Ist er beschädigt, löschen Sie „original“ mit allen Zeilen darunter.")
    if not isinstance(node, YMap):
        problems.error(node.loc, "„original“ hat keine Unterfelder (name, kurz, …).", hint)
        return None
    found: dict[str, str | list[str]] = {}
    for name, (key_loc, value) in node.entries.items():
        if name not in allowed:
            problems.error(key_loc, f"„original“ enthält „{name}“, das nicht übersetzt wird.", hint)
            return None
        if isinstance(value, YScalar) and not value.is_null:
            found[name] = value.text
        elif isinstance(value, YList) and all(isinstance(item, YScalar) for item in value.items):
            found[name] = [item.text for item in value.items if isinstance(item, YScalar)]
        else:
            problems.error(value.loc, f"„original“ → „{name}“ ist weder ein Text noch eine Liste von Texten.", hint)
            return None
    return found


def _not_translatable(name: str, loc: Loc, art: str, original: Uebersetzbar, problems: Problems) -> None:
    allowed = [n for n in UEBERSETZBAR[art] if n in originaltexte(art, original) or n in
               _specs(type(original)) or art == "seite"]
    close = difflib.get_close_matches(name.lower(), allowed, n=1, cutoff=0.75)
    if close:
        hint = f"Meinten Sie „{close[0]}“?"
    else:
        hint = (f"Übersetzt werden nur {', '.join(allowed)}; alle anderen Angaben (Adresse, Telefon, Zeiten, Alter, "
                f"Verweise …) kommen immer aus dem Original {quelle(original)}.")
    problems.error(loc, f"Das Feld „{name}“ gehört nicht in eine Übersetzung.", hint)


def _locator(body: str, start: Loc) -> Callable[[int], Loc]:
    def locate(offset: int) -> Loc:
        before = body[:offset]
        return Loc(start.path, start.line + before.count("\n"), len(before) - before.rfind("\n"))

    return locate


# --- status and the content as one language shows it ------------------------------------------------


# --- for check and the preview ---------------------------------------------------------------------


def thema(content: Content) -> tuple[object, ...]:
    """What the translations add to the theme's shells (the preview builds anew when it changes): the translated
    site texts and page titles (the navigation of each language)."""
    found: list[tuple[object, ...]] = []
    for (art, key, code), uebersetzung in sorted(content.uebersetzungen.items()):
        if art == "site":
            found.append((code, art, key, tuple(sorted(uebersetzung.texte.items()))))
        elif art == "seite" and "titel" in uebersetzung.texte:
            found.append((code, art, key, uebersetzung.texte["titel"]))
    return tuple(found)
