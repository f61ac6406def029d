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
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from wegweiser import leichte_sprache
from wegweiser.fields import INVALID, FieldSpec, check_markdown, language_names
from wegweiser.loader import YList, YMap, YNode, YScalar
from wegweiser.model import Eintrag, Kategorie, Quartier, Seite, Site, content_fields
from wegweiser.problems import Loc, Problem, Problems
from wegweiser.sprachen import BEKANNT, UEBERSETZBAR, VORLAGE, Sprache, TextWert, fingerabdruck, sprachen, vermutlich

if TYPE_CHECKING:
    from wegweiser.content import Content, _ContentLoader

Status = Literal["uebersetzt", "veraltet", "fehlt"]
Key = tuple[str, str, str]  # (art, key, code): art as in UEBERSETZBAR, key as in ``Fassung.status``

ART_NAMEN = {"eintrag": "Einträge", "seite": "Seiten", "quartier": "Quartiere", "kategorie": "Kategorien",
             "site": "Website-Texte"}
_NAME = re.compile(r"(?P<base>[^.]+)\.(?P<code>[^.]+)\.(?P<ext>md|yaml|yml)")
_VORLAGE = re.compile(r"[0-9a-f]{12}")


@dataclass(frozen=True)
class Datei:
    """A file whose name looks like a translation (``<name>.<code>.<suffix>``), as the loader found it."""

    path: Path
    shown: str
    art: str  # eintrag, quartier, seite, site, kategorie (a kategorien.<code>.yaml holds all categories)
    base: str  # the original's name without suffix: an entry's or page's slug, "quartier", "site", "kategorien"
    code: str  # the language code as written in the name
    typ: str | None = None  # entries: the type folder
    quartier: str | None = None  # entries: the quarter (None: region-wide); quarters: the quarter's slug


@dataclass
class Uebersetzung:
    """One object's translation into one language: the translated text and where it stands."""

    art: str
    key: str  # entry ``.key``, quarter/page/category slug, or "site"
    sprache: str  # code
    source: str  # display path of the translation file
    texte: dict[str, Any] = field(default_factory=dict)  # field -> translated value (str or list[str])
    vorlage: str | None = None  # fingerprint of the original's text the translation was made from
    loc: Loc = Loc("")  # where the translation starts (a category's slug in kategorien.<code>.yaml)
    locs: dict[str, Loc] = field(default_factory=dict)


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

def originaltexte(art: str, obj: Any) -> dict[str, TextWert]:
    """The translatable text of an original (what ``fingerabdruck`` covers): the fields of ``UEBERSETZBAR[art]``
    it has; a page's body counts as ``beschreibung``; ``barrierefrei`` only when it is text."""
    result: dict[str, TextWert] = {}
    for name in UEBERSETZBAR[art]:
        value = obj.text if art == "seite" and name == "beschreibung" else getattr(obj, name, None)
        if isinstance(value, str) or (isinstance(value, list) and value):
            result[name] = value
    return result


def quelle(obj: Any) -> str:
    """The display path of an original's file (categories have none of their own: content/kategorien.yaml)."""
    return getattr(obj, "source", "") or "content/kategorien.yaml"


def aktuelle_vorlage(art: str, obj: Any) -> str:
    """The fingerprint a translation made from the original as it is now carries as ``vorlage``."""
    return fingerabdruck(originaltexte(art, obj))


def originale(content: Content) -> dict[tuple[str, str], Any]:
    """Every translatable object by (art, key)."""
    found: dict[tuple[str, str], Any] = {("eintrag", e.key): e for e in content.eintraege}
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

def lade(loader: _ContentLoader, dateien: list[Datei]) -> None:
    """Read and check the translation files the loader found; store them in ``Content.uebersetzungen``.
    Many files are read on several cores, like the entries (each file on its own; the originals are known)."""
    from wegweiser.content import PARALLEL_FROM
    from wegweiser.swap import fork_context

    objects = originale(loader.content)
    found: list[Uebersetzung] = []
    workers = os.cpu_count() or 1
    context = fork_context()
    if workers > 1 and len(dateien) >= PARALLEL_FROM and context is not None:
        global _WORKER
        _WORKER = (loader, dateien, objects)
        size = -(-len(dateien) // (workers * 4))
        ranges = [(start, min(start + size, len(dateien))) for start in range(0, len(dateien), size)]
        try:
            with context.Pool(workers) as pool:
                for read, problems in pool.imap(_read_range, ranges):
                    found.extend(read)
                    loader.problems.items.extend(problems)
        finally:
            _WORKER = None
    else:
        found = _read_files(loader, loader.content, dateien, objects)
    for uebersetzung in found:
        _store(loader.content, uebersetzung, loader.problems)


_WORKER: tuple[_ContentLoader, list[Datei], dict[tuple[str, str], Any]] | None = None


def _read_range(bounds: tuple[int, int]) -> tuple[list[Uebersetzung], list[Problem]]:
    from wegweiser.content import _ContentLoader

    assert _WORKER is not None
    parent, dateien, objects = _WORKER
    reader = _ContentLoader(parent.root, Problems())  # its own problems; the originals are the parent's
    return _read_files(reader, parent.content, dateien[bounds[0]:bounds[1]], objects), reader.problems.items


def _read_files(reader: _ContentLoader, content: Content, dateien: list[Datei],
                objects: dict[tuple[str, str], Any]) -> list[Uebersetzung]:
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


def _original(datei: Datei, content: Content, objects: dict[tuple[str, str], Any],
              problems: Problems) -> tuple[str, Any]:
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


def _read_categories(reader: _ContentLoader, content: Content, datei: Datei,
                     objects: dict[tuple[str, str], Any]) -> list[Uebersetzung]:
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


def _store(content: Content, uebersetzung: Uebersetzung, problems: Problems) -> None:
    key = (uebersetzung.art, uebersetzung.key, uebersetzung.sprache)
    first = content.uebersetzungen.get(key)
    if first is not None:
        problems.error(uebersetzung.loc, f"Diese Übersetzung gibt es schon: {first.source}.",
                       "Jedes Original hat je Sprache eine Übersetzung; löschen Sie eine der beiden Dateien.")
        return
    content.uebersetzungen[key] = uebersetzung


def _read(datei: Datei, key: str, original: Any, data: YMap, body: str | None, body_loc: Loc, problems: Problems,
          start: Loc | None = None) -> Uebersetzung:
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
        value = specs[name].type.convert(node, problems)
        if value is INVALID:
            continue
        if name == "barrierefrei" and not isinstance(value, str):
            problems.error(node.loc, "„barrierefrei“ ist im Original eine Beschreibung; die Übersetzung muss "
                           "auch eine sein, nicht „ja“ oder „nein“.")
            continue
        if _take(result, name, value, node.loc, have, original, problems) and datei.code == "leicht":
            for item in node.items if isinstance(node, YList) else [node]:
                if isinstance(item, YScalar):
                    leichte_sprache.pruefe(item.text, item.loc_in_text, problems, name)
    if body is not None and "beschreibung" not in data.entries:
        text = check_markdown(body, _locator(body, body_loc), problems)
        if text is not INVALID and text and _take(result, "beschreibung", text, body_loc, have, original, problems) \
                and datei.code == "leicht":
            leichte_sprache.pruefe(body, _locator(body, body_loc), problems)
    return result


_SPECS: dict[type, dict[str, FieldSpec]] = {}


def _specs(cls: type) -> dict[str, FieldSpec]:
    if cls not in _SPECS:
        _SPECS[cls] = dict(content_fields(cls))
    return _SPECS[cls]


def _take(result: Uebersetzung, name: str, value: Any, loc: Loc, have: dict[str, TextWert], original: Any,
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


def _not_translatable(name: str, loc: Loc, art: str, original: Any, problems: Problems) -> None:
    allowed = [n for n in UEBERSETZBAR[art] if n in originaltexte(art, original) or n in
               _specs(type(original)) or art == "seite"]
    close = difflib.get_close_matches(name.lower(), allowed, n=1, cutoff=0.75)
    if close:
        hint = f"Meinten Sie „{close[0]}“?"
    else:
        hint = (f"Übersetzt werden nur {', '.join(allowed)}; alle anderen Angaben (Adresse, Telefon, Zeiten, Alter, "
                f"Verweise …) kommen immer aus dem Original {quelle(original)}.")
    problems.error(loc, f"Das Feld „{name}“ gehört nicht in eine Übersetzung.", hint)


def _locator(body: str, start: Loc) -> Any:
    def locate(offset: int) -> Loc:
        before = body[:offset]
        return Loc(start.path, start.line + before.count("\n"), len(before) - before.rfind("\n"))

    return locate


# --- status and the content as one language shows it ------------------------------------------------

def status(content: Content, art: str, key: str, code: str, original: Any | None = None) -> Status:
    """Whether an object is translated into ``code``, outdated (the original's text changed since), or missing."""
    uebersetzung = content.uebersetzungen.get((art, key, code))
    if uebersetzung is None:
        return "fehlt"
    if uebersetzung.vorlage is None:
        return "uebersetzt"
    if original is None:
        original = originale(content).get((art, key))
    if original is not None and uebersetzung.vorlage != aktuelle_vorlage(art, original):
        return "veraltet"
    return "uebersetzt"


def abhaengigkeit(art: str, key: str, code: str) -> str:
    """The key a page records in ``Page.deps`` for "this object's translation into ``code``" (present or not)."""
    return f"uebersetzung:{code}:{art}:{key}"


class Fassung:
    """The content as one language shows it: translated text where a translation exists, the main language's
    elsewhere (same keys, slugs and order as the original); facts always from the original."""

    def __init__(self, content: Content, sprache: Sprache, haupt: Sprache, original: Content) -> None:
        self.content = content
        self.sprache = sprache
        self.haupt = haupt
        self._original = original
        self._status: dict[tuple[str, str], Status] = {}
        self._originale: dict[tuple[str, str], Any] | None = None

    def status(self, art: str, key: str) -> Status:
        if self.sprache.code == self.haupt.code:
            return "uebersetzt"
        if (art, key) not in self._status:
            if self._originale is None:
                self._originale = originale(self._original)
            self._status[art, key] = status(self._original, art, key, self.sprache.code,
                                            self._originale.get((art, key)))
        return self._status[art, key]

    def uebersetzung(self, art: str, key: str) -> Uebersetzung | None:
        if self.sprache.code == self.haupt.code:
            return None
        return self._original.uebersetzungen.get((art, key, self.sprache.code))

    def herkunft(self, art: str, key: str, feld: str) -> Sprache:
        """The language the displayed value of ``feld`` is in (facts and untranslated text: the main language)."""
        if self.sprache.code == self.haupt.code:
            return self.haupt
        uebersetzung = self.uebersetzung(art, key)
        return self.sprache if uebersetzung is not None and feld in uebersetzung.texte else self.haupt

    def datei(self, art: str, key: str) -> str | None:
        """The display path of the translation file the object's text comes from, if any."""
        uebersetzung = self.uebersetzung(art, key)
        return uebersetzung.source if uebersetzung else None

    def deps(self, art: str, key: str) -> set[str]:
        """What a page of this language records for the object's translation (``Page.deps``): the translation's
        key (it changes when a translation file comes, goes or changes) and its file."""
        if self.sprache.code == self.haupt.code:
            return set()
        found = self.datei(art, key)
        return {abhaengigkeit(art, key, self.sprache.code), *([found] if found else [])}


def hauptsprache(content: Content) -> Sprache:
    return sprachen(content.site.sprachen if content.site else ["de"])[0]


def fassung(content: Content, sprache: Sprache) -> Fassung:
    """The content as ``sprache`` shows it. For the main language: the content itself, every status "uebersetzt"."""
    haupt = hauptsprache(content)
    if sprache.code == haupt.code:
        return Fassung(content, sprache, haupt, content)
    code = sprache.code
    own = {(art, key): u for (art, key, c), u in content.uebersetzungen.items() if c == code}
    if not own:
        return Fassung(content, sprache, haupt, content)

    def translated(art: str, key: str, obj: Any) -> Any:
        uebersetzung = own.get((art, key))
        if uebersetzung is None or not uebersetzung.texte:
            return obj
        values = dict(uebersetzung.texte)
        if art == "seite" and "beschreibung" in values:
            values["text"] = values.pop("beschreibung")
        return replace(obj, **values)

    site = translated("site", "site", content.site) if content.site is not None else None
    shown = replace(
        content,
        site=site,
        kategorien={slug: translated("kategorie", slug, k) for slug, k in content.kategorien.items()},
        seiten=[translated("seite", p.slug, p) for p in content.seiten],
        quartiere={slug: translated("quartier", slug, q) for slug, q in content.quartiere.items()},
        eintraege=[translated("eintrag", e.key, e) for e in content.eintraege],
    )
    return Fassung(shown, sprache, haupt, content)


# --- for check and the preview ---------------------------------------------------------------------

@dataclass
class Stand:
    """Counts of one language: per art (eintrag, seite, quartier, …) how many are translated, missing, outdated."""

    sprache: Sprache
    zahlen: dict[str, dict[Status, int]]
    veraltet: list[Uebersetzung]


GEZAEHLT = ("eintrag", "seite", "quartier")


def stand(content: Content) -> list[Stand]:
    """Per language other than the main one: the translation status of entries, pages and quarters (and of
    categories and the site texts, not printed), with the outdated translations in file order."""
    if content.site is None:
        return []
    result = []
    objects = originale(content)
    for sprache in sprachen(content.site.sprachen)[1:]:
        zahlen: dict[str, dict[Status, int]] = {art: {"uebersetzt": 0, "fehlt": 0, "veraltet": 0}
                                                for art in UEBERSETZBAR}
        veraltet = []
        for (art, key), obj in objects.items():
            state = status(content, art, key, sprache.code, obj)
            zahlen[art][state] += 1
            if state == "veraltet":
                veraltet.append(content.uebersetzungen[art, key, sprache.code])
        veraltet.sort(key=lambda u: (u.source, u.loc))
        result.append(Stand(sprache, zahlen, veraltet))
    return result


def _zahlen(zahlen: dict[Status, int]) -> str:
    missing = zahlen["fehlt"]
    return (f"{zahlen['uebersetzt']} übersetzt, {missing} {'fehlt' if missing == 1 else 'fehlen'}, "
            f"{zahlen['veraltet']} veraltet")


def zusammenfassung(content: Content) -> list[str]:
    """What ``check`` prints about translations: one line per language, then the outdated translations as
    located hints (they are published, with a notice; they do not fail the check). Nothing for one language."""
    states = stand(content)
    if not states:
        return []
    lines = ["", "Übersetzungen (übersetzt, fehlt, veraltet):"]
    for state in states:
        parts = [f"{ART_NAMEN[art]} {_zahlen(state.zahlen[art])}" for art in GEZAEHLT]
        lines.append(f"  {state.sprache.eigenname} ({state.sprache.code}): {'; '.join(parts)}")
    objects = originale(content)
    for state in states:
        for uebersetzung in state.veraltet:
            original = objects[uebersetzung.art, uebersetzung.key]
            loc = uebersetzung.locs.get(VORLAGE, uebersetzung.loc)
            lines.append(f"{loc}: Hinweis: Die Übersetzung ({state.sprache.eigenname}) ist veraltet: das Original "
                         f"{quelle(original)} wurde seither geändert. Sie wird mit dem Hinweis auf die neuere Fassung "
                         "veröffentlicht.")
    return lines


def thema(content: Content) -> tuple[Any, ...]:
    """What the translations add to the theme's shells (the preview builds anew when it changes): the translated
    site texts and page titles (the navigation of each language)."""
    found = []
    for (art, key, code), uebersetzung in sorted(content.uebersetzungen.items()):
        if art == "site":
            found.append((code, art, key, tuple(sorted(uebersetzung.texte.items()))))
        elif art == "seite" and "titel" in uebersetzung.texte:
            found.append((code, art, key, uebersetzung.texte["titel"]))
    return tuple(found)


def aenderungen(old: Content, new: Content) -> set[str]:
    """For the preview: the ``Page.deps`` keys and files a change of translations reaches (a translation came,
    went or changed; the pages showing the original are reached as well)."""
    from wegweiser.site_pages import Deps

    changed: set[str] = set()
    objects = [(old, originale(old)), (new, originale(new))] if old.uebersetzungen or new.uebersetzungen else []
    for key in old.uebersetzungen.keys() | new.uebersetzungen.keys():
        was, now = old.uebersetzungen.get(key), new.uebersetzungen.get(key)
        if was == now:
            continue
        art, slug, code = key
        changed.add(abhaengigkeit(art, slug, code))
        changed.update(u.source for u in (was, now) if u)
        for content, index in objects:
            original = index.get((art, slug))
            if original is not None:
                changed.add(quelle(original))
                if isinstance(original, Eintrag):
                    changed |= {Deps.ENTRIES, *Deps.lists_of(original, content)}
                elif isinstance(original, Kategorie):
                    changed |= {Deps.category(slug), Deps.CATEGORIES}
                elif isinstance(original, (Seite, Site)):
                    changed.add(Deps.PAGES if isinstance(original, Seite) else Deps.SITE)
                elif isinstance(original, Quartier):
                    changed.add(Deps.QUARTERS)
    return changed
