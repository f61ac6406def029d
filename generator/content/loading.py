"""Loading a content folder (``content/`` and ``quartiere/``) into model objects.

Problems are collected, not raised: an editor sees every mistake of a run at once.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import gc
import os
import pickle
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from wegweiser.content.glossary_files import glossary_files, load_glossaries
from wegweiser.content.records import Content, Datei, Uebersetzbar
from wegweiser.content.translation_files import kandidat, originale, pruefe_site, read_files, store
from wegweiser.core.cache import EntryCache, cache_folder, file_key, state_key
from wegweiser.core.file_states import racy, stat_text
from wegweiser.core.journal import leftover, recover, stopped_journals
from wegweiser.core.problems import Loc, Problem, Problems, display_path
from wegweiser.core.processes import PARALLEL_FROM, fork_context, quiet_worker
from wegweiser.core.slug import slugify
from wegweiser.model.entries import (
    ENTRY_TYPES,
    Eintrag,
    Kategorie,
    Quartier,
    Seite,
    Site,
    convert_object,
    field_names,
)
from wegweiser.model.fields import SLUG_PATTERN, Invalid, ListOf, check_markdown
from wegweiser.model.located_yaml import Document, LoadError, YList, YMap, YScalar, load_markdown_file, load_yaml_file

if TYPE_CHECKING:
    from wegweiser.content.records import Uebersetzung

YAML_SUFFIXES = (".yaml", ".yml")
ENTRY_SUFFIXES = (*YAML_SUFFIXES, ".md")
_SLUG = re.compile(SLUG_PATTERN)

# Files and folders that are not content and may lie anywhere: hidden files (.gitkeep, .DS_Store),
# editor backups, notes for editors, and images (kept for a logo or later use).
_IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico"})
_NOTES = frozenset({"README", "LIESMICH"})
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})
_IMAGE_FOLDERS = frozenset({"bilder", "medien"})  # medien: the browser form's uploads (editors.cms)


def harmless(path: Path) -> bool:
    """Whether a file the loader does not read may stay without a message (it cannot be lost content)."""
    name = path.name
    if name.startswith(".") or name.endswith("~") or name.lower() in _SYSTEM_FILES:
        return True
    if path.is_dir():
        return name.lower() in _IMAGE_FOLDERS
    return path.suffix.lower() in _IMAGE_SUFFIXES or path.stem.upper() in _NOTES


def _meant(name: str, options: list[str], cutoff: float = 0.6) -> str:
    """A "Meinten Sie …?" hint for a name, matched without regard to case; "" if nothing is close."""
    lowered = {option.lower(): option for option in options}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=cutoff)
    return f"Meinten Sie „{lowered[close[0]]}“?" if close else ""


def _entry_file_name(name: str) -> str:
    """The entry file name someone probably meant (``x.YAML`` → ``x.yaml``, ``x.yaml.txt`` → ``x.yaml``)."""
    match = re.match(r"(.+?)\.(ya?ml|md)(?:\..*)?$", name, re.IGNORECASE)
    return f"{match.group(1)}.{match.group(2).lower()}" if match else ""


def load_content(root: Path, problems: Problems, cache: EntryCache | None = None) -> Content:
    """Load the content folder ``root``; with ``cache``, entry files parsed by an earlier run are not parsed again."""
    loader = ContentLoader(root, problems, cache)
    return loader.load()


def load_cached(root: Path, problems: Problems, cache: EntryCache | None = None) -> Content:
    """``load_content`` with the build cache of ``root`` (see ``cache``; none with ``WEGWEISER_CACHE=aus``), or the
    one given (opened by the caller, who may want to look up more in it afterwards)."""
    cache = cache if cache is not None else EntryCache.open(cache_folder(root))
    content = load_content(root, problems, cache)
    cache.save()
    return content


# Words editors use for a folder the loader names otherwise ("Veranstaltungen" are what the guide calls Termine).
_FOLDER_WORDS = {"veranstaltungen": "termine", "events": "termine", "kalender": "termine", "termin": "termine",
                 "angebot": "angebote", "kontakt": "kontakte", "spielplatz": "spielplaetze", "schule": "schulen"}


def _dative_plural(label: str) -> str:
    """"bei Terminen", "bei Kitas": German plurals take -n in the dative unless they end in -n or -s."""
    return label if label.endswith(("n", "s")) else label + "n"


@functools.cache
def _hints_for_other_types() -> dict[str, dict[str, str]]:
    """For each type: fields that exist only in other types, with a hint that says where."""
    common = set(field_names(Eintrag))
    owners: dict[str, list[str]] = {}
    for cls in ENTRY_TYPES.values():
        for name in field_names(cls):
            if name not in common:
                owners.setdefault(name, []).append(_dative_plural(cls.kind.label))
    return {typ: {name: f"„{name}“ gibt es nur bei {' und '.join(where)}."
                  for name, where in owners.items() if name not in field_names(cls)}
            for typ, cls in ENTRY_TYPES.items()}


class ContentLoader:
    def __init__(self, root: Path, problems: Problems, cache: EntryCache | None = None) -> None:
        self.root = root
        self.problems = problems
        self.cache = cache
        self.content = Content(root)
        self.elsewhere = _hints_for_other_types()
        self.jobs: list[tuple[Path, str, str | None]] = []
        self.translations: list[Datei] = []  # files named like translations; read after the originals
        self.read: dict[Path, bytes] = {}  # entry files read to look them up in the cache, to be parsed from these
        self.moment = 0  # when the entry files' states were taken (``time.time_ns``), see ``cached``

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def document(self, path: Path, data: bytes | None = None) -> Document | None:
        link = outside_link(path, self.root)
        if link is not None:
            if not any(p.loc == Loc(self.shown(link)) for p in self.problems.items):  # a linked folder: once
                self.problems.error(Loc(self.shown(link)), *symlink_message(self.shown(link), link))
            return None
        try:
            doc = load_markdown_file(path, self.shown(path), data) if path.suffix == ".md" else \
                load_yaml_file(path, self.shown(path), data)
        except LoadError as exc:
            self.problems.error(exc.loc, exc.message, exc.hint, exc.fixes)
            return None
        except OSError as exc:
            self.problems.error(Loc(self.shown(path)), f"Die Datei kann nicht gelesen werden ({exc.strerror}).")
            return None
        report_notes(doc, self.problems)
        return doc

    def leftover(self, path: Path) -> bool:
        """A temporary file of an import of translations that was stopped (see ``journal``): reported, not read."""
        target = leftover(path.name)
        if target is None:
            return False
        self.problems.warning(Loc(self.shown(path)), f"„{path.name}“ ist eine übrig gebliebene Zwischendatei einer "
                              f"abgebrochenen Übernahme von Übersetzungen (zu „{target}“); sie wird nicht gelesen.",
                              "Löschen Sie sie; sie gehört nicht ins Repository. Fehlt in der Übersetzung etwas, "
                              "übernehmen Sie sie noch einmal mit „wegweiser uebersetzen import“.")
        return True

    def recover(self) -> None:
        """Complete or undo an import of translations that was stopped (the command line does it first; the
        preview runs on meanwhile); report what cannot be."""
        with contextlib.suppress(OSError):
            recover(self.root)
        for folder in stopped_journals(self.root):
            self.problems.warning(Loc(self.shown(folder) + "/"), "Eine abgebrochene Übernahme von Übersetzungen "
                                  "ließ sich nicht abschließen.", "Prüfen Sie, ob Sie die Dateien in content/ und "
                                  "quartiere/ ändern dürfen, und rufen Sie den Befehl noch einmal auf.")

    def load(self) -> Content:
        _real_folder.cache_clear()  # a folder may have become a link since the last load (the preview runs on)
        self.recover()
        content_dir = self.root / "content"
        quarters_dir = self.root / "quartiere"
        if not content_dir.is_dir():
            self.problems.error(Loc("content/"), "Der Ordner „content“ fehlt.",
                                "Rufen Sie den Befehl im Ordner auf, der „content“ und „quartiere“ enthält, "
                                "oder geben Sie diesen Ordner an.")
            return self.content
        self.load_site(content_dir / "site.yaml")
        self.load_categories(content_dir / "kategorien.yaml")
        site = self.content.site
        self.content.glossar = load_glossaries(self, content_dir, site.sprachen if site else None)
        self.load_pages(content_dir / "seiten")
        for typ in ENTRY_TYPES:
            self.load_entries(content_dir / typ, typ, None)
        # importe/: what ``wegweiser import`` last took from each source (its own bookkeeping, not content)
        self.check_folder(content_dir, {"site.yaml", "kategorien.yaml", "seiten", *_IMAGE_FOLDERS, "adressen.txt",
                                        "importe",
                                        *ENTRY_TYPES, *(p.name for p in glossary_files(content_dir))}, "content",
                          {"site": "site", "kategorien": "kategorie"})
        if not quarters_dir.is_dir():
            self.problems.error(Loc("quartiere/"), "Der Ordner „quartiere“ fehlt.",
                                "Legen Sie für jedes Quartier einen Unterordner mit einer quartier.yaml an.")
            self.parse_entries()
            lade(self, self.translations)
            return self.content
        for folder in sorted(quarters_dir.iterdir()):
            if folder.is_dir() and not folder.name.startswith("."):
                self.load_quarter(folder)
            elif not harmless(folder):
                meant = _entry_file_name(folder.name)
                self.problems.error(Loc(self.shown(folder)), f"Die Datei „{folder.name}“ in „quartiere“ wird "
                                    "nicht gelesen.", "In „quartiere“ gehört für jedes Quartier ein Ordner mit "
                                    "einer quartier.yaml" + (f", z. B. „quartiere/{meant.rsplit('.', 1)[0]}/"
                                                            "quartier.yaml“." if meant else "."))
        self.parse_entries()
        lade(self, self.translations)
        return self.content

    def translation(self, path: Path, art: str, base: str | None, suffixes: tuple[str, ...],
                    typ: str | None = None, quarter: str | None = None) -> bool:
        """Note a file named like a translation of ``base`` (any name for entries and pages: ``None``)."""
        found = kandidat(path.name, suffixes)
        if found is None or (base is not None and found[0] != base) or not path.is_file():
            return False
        self.translations.append(Datei(path, self.shown(path), art, found[0], found[1], typ, quarter))
        return True

    def check_folder(self, folder: Path, known: set[str], where: str, originals: dict[str, str] | None = None,
                     quarter: str | None = None) -> None:
        """Everything in ``folder`` that is not read is an error (content must not vanish in silence).
        ``originals``: file stem -> kind of the files whose translations lie here (``site`` -> ``site``)."""
        folders = sorted(k for k in known if "." not in k)
        for path in sorted(folder.iterdir()):
            name = path.name
            read = name in known and name.lower() not in _IMAGE_FOLDERS  # a folder the loader reads reports its link
            link = outside_link(path, self.root) if not read and path.is_symlink() else None
            if link is not None:  # even an image folder: the browser form writes there (content/medien → .git)
                self.problems.error(Loc(self.shown(path)), *symlink_message(self.shown(path), link))
                continue
            if name in known or self.leftover(path) or harmless(path):
                continue
            if any(self.translation(path, art, stem, YAML_SUFFIXES, quarter=quarter)
                   for stem, art in (originals or {}).items()):
                continue
            if path.is_dir():
                synonym = _FOLDER_WORDS.get(name.lower())
                hint = _meant(name, folders) or (
                    f"Meinten Sie „{synonym}“? " if synonym in folders else "") + (
                    f"Gelesen werden nur die Ordner {', '.join(folders)}.")
                self.problems.error(Loc(self.shown(path)), f"Der Ordner „{name}“ in „{where}“ wird nicht gelesen; "
                                    "was darin liegt, erscheint nirgends.", hint)
                continue
            hint = _meant(name, sorted(k for k in known if "." in k), cutoff=0.8)
            if not hint and _entry_file_name(name):
                hint = (f"Einträge liegen in einem Unterordner nach ihrem Typ, z. B. „{where}/angebote/"
                        f"{_entry_file_name(name)}“ (Ordner: {', '.join(sorted(ENTRY_TYPES))}).")
            self.problems.error(Loc(self.shown(path)), f"Die Datei „{name}“ in „{where}“ wird nicht gelesen.",
                                hint or f"Hier gehören nur {', '.join(sorted(known))} hin.")

    def load_site(self, path: Path) -> None:
        if not path.is_file():
            self.problems.error(Loc(self.shown(path)), "Die Datei content/site.yaml fehlt.",
                                "Sie enthält titel, region, basis_url, impressum und stand.")
            return
        doc = self.document(path)
        if doc:
            site = convert_object(Site, doc.data, self.problems)
            if site is not None:  # else a required value was missing or invalid (reported)
                site.source = doc.path
                pruefe_site(site, doc.data, self.problems)
                self.content.site = site

    def load_categories(self, path: Path) -> None:
        if not path.is_file():
            self.problems.error(Loc(self.shown(path)), "Die Datei content/kategorien.yaml fehlt.")
            return
        doc = self.document(path)
        if not doc:
            return
        for slug, (key_loc, node) in doc.data.entries.items():
            if not _SLUG.fullmatch(slug):
                self.problems.error(key_loc, f"„{slug}“ ist als Kürzel nicht erlaubt.",
                                    f"Schreiben Sie z. B. „{slugify(slug)}“.")
                continue
            if not isinstance(node, YMap):
                self.problems.error(node.loc, f"Zur Kategorie „{slug}“ fehlen die Unterfelder name und beschreibung.")
                continue
            category = convert_object(Kategorie, node, self.problems)
            if category is None:
                self.content.defekt.add(("kategorie", None, slug))
                continue
            category.slug = slug
            self.content.kategorien[slug] = category

    def load_pages(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        for path in sorted(folder.iterdir()):
            if self.translation(path, "seite", None, (".md",)):
                continue
            if path.suffix != ".md" or not path.is_file():
                if not self.leftover(path) and not harmless(path):
                    meant = _entry_file_name(path.name)
                    self.problems.error(Loc(self.shown(path)), f"„{path.name}“ wird nicht gelesen: nur .md-Dateien "
                                        "werden als Seiten verwendet.",
                                        f"Meinten Sie „{meant.rsplit('.', 1)[0]}.md“?" if meant else
                                        "Eine Seite ist eine .md-Datei mit Front Matter (titel: …).")
                continue
            doc = self.document(path)
            if not doc:
                continue
            page = convert_object(Seite, doc.data, self.problems)
            if page is None:
                continue
            page.slug = self.slug_of(path)
            page.source = doc.path
            text = check_markdown(doc.body or "", _body_locator(doc), self.problems)
            page.text = "" if isinstance(text, Invalid) else text
            # check_markdown strips leading blank lines; keep line numbers true for later warnings
            page.body_line = doc.body_line + (len(doc.body or "") - len((doc.body or "").lstrip("\n")))
            self.content.seiten.append(page)
        self.check_roles()

    def check_roles(self) -> None:
        """A role (``rolle``) names one page: two pages with the same role are an error at the second one."""
        first: dict[str, Seite] = {}
        for page in self.content.seiten:
            if page.rolle is None:
                continue
            if page.rolle in first:
                other = first[page.rolle]
                self.problems.error(page.locs.get("rolle", Loc(page.source)),
                                    f"Auch die Seite „{other.source}“ hat „rolle: {page.rolle}“.",
                                    "Eine Aufgabe hat nur eine Seite: löschen Sie die Zeile „rolle“ in einer der "
                                    "beiden Dateien.")
            else:
                first[page.rolle] = page

    def slug_of(self, path: Path) -> str:
        stem = path.stem
        if not _SLUG.fullmatch(stem):
            self.problems.error(Loc(self.shown(path)), f"Der Dateiname „{path.name}“ ist nicht erlaubt.",
                                f"Benennen Sie die Datei um in „{slugify(stem) or 'eintrag'}{path.suffix}“ "
                                "(Kleinbuchstaben, Ziffern, Bindestriche; er wird Teil der Webadresse).")
        return stem

    def load_quarter(self, folder: Path) -> None:
        slug = self.slug_of(folder)
        path = folder / "quartier.yaml"
        if not path.is_file():
            self.problems.error(Loc(self.shown(path)), f"Im Quartier „{folder.name}“ fehlt die Datei quartier.yaml.",
                                "Sie enthält name, ort, beschreibung, koordination und stand.")
        else:
            doc = self.document(path)
            quarter = convert_object(Quartier, doc.data, self.problems) if doc else None
            if doc and quarter is not None:
                quarter.slug = slug
                quarter.source = doc.path
                self.content.quartiere[slug] = quarter
            else:  # reported; references to it are not reported again
                self.content.defekt.add(("quartier", None, slug))
        for typ in ENTRY_TYPES:
            self.load_entries(folder / typ, typ, slug)
        self.check_folder(folder, {"quartier.yaml", *ENTRY_TYPES}, f"quartiere/{folder.name}",
                          {"quartier": "quartier"}, slug)

    def load_entries(self, folder: Path, typ: str, quarter: str | None) -> None:
        """List a type folder's entry files; they are parsed later, in parallel (``parse_entries``)."""
        if not folder.is_dir():
            return
        seen: dict[str, str] = {}
        base = self.shown(folder) + "/"
        for item in sorted(os.scandir(folder), key=lambda item: item.name):
            name = item.name
            stem, dot, suffix = name.partition(".")
            # The common case without a Path and its system calls (the folder listing knows files from folders):
            # a plain entry file such as "elterncafe.yaml" (one dot, so not a translation).
            if (dot and f".{suffix}" in ENTRY_SUFFIXES and stem not in seen and _SLUG.fullmatch(stem)
                    and item.is_file()):
                seen[stem] = base + name
                self.jobs.append((folder / name, typ, quarter))
                continue
            path = folder / name
            if self.translation(path, "eintrag", None, ENTRY_SUFFIXES, typ, quarter):
                continue
            if path.suffix not in ENTRY_SUFFIXES or not path.is_file():
                if self.leftover(path) or harmless(path):
                    continue
                if path.is_dir():
                    self.problems.error(Loc(self.shown(path)), f"Der Ordner „{path.name}“ wird nicht gelesen: "
                                        "Einträge liegen direkt im Ordner ihres Typs.",
                                        f"Verschieben Sie die Dateien nach „{self.shown(folder)}/“.")
                    continue
                meant = _entry_file_name(path.name)
                self.problems.error(Loc(self.shown(path)), f"Die Datei „{path.name}“ wird nicht gelesen.",
                                    f"Meinten Sie „{meant}“? Einträge sind Dateien mit der Endung .yaml oder .md "
                                    "(klein geschrieben)." if meant else "Einträge sind .yaml- oder .md-Dateien.")
                continue
            slug = self.slug_of(path)
            if slug in seen:
                self.problems.error(Loc(self.shown(path)), f"Das Kürzel „{slug}“ gibt es schon: {seen[slug]}.",
                                    "Jeder Eintrag braucht einen eigenen Dateinamen; löschen oder "
                                    "benennen Sie eine der Dateien um.")
                continue
            seen[slug] = self.shown(path)
            self.jobs.append((path, typ, quarter))

    def parse_entry(self, path: Path, typ: str, quarter: str | None, data: bytes | None = None) -> Eintrag | None:
        """The entry of file ``path`` (its bytes ``data`` if they were read already); None if it has errors."""
        cls = ENTRY_TYPES[typ]
        skip = frozenset({"quartiere"}) if quarter else frozenset()
        elsewhere = dict(self.elsewhere[typ])
        if quarter:
            elsewhere["quartiere"] = ("„quartiere“ gilt nur für Einträge in content/<typ>/, die in mehreren "
                                      "Quartieren erscheinen; ein Eintrag in quartiere/ gehört zu seinem Ordner.")
        slug = path.stem
        doc = self.document(path, data)
        entry = convert_object(cls, doc.data, self.problems, skip, elsewhere) if doc else None
        if doc is not None and not quarter:
            self.check_quarters_given(doc.data)
        if doc is None or entry is None:  # reported; references to it are not reported again
            self.content.defekt.add((typ, quarter, slug))
            return None
        self.locate_items(entry, doc.data)
        if doc.body is not None:
            if "beschreibung" in doc.data.entries:
                self.problems.error(doc.data.entries["beschreibung"][0],
                                    "„beschreibung“ steht im Front Matter und als Text darunter.",
                                    "In .md-Dateien ist der Text unter dem Front Matter die Beschreibung.")
            else:
                text = check_markdown(doc.body, _body_locator(doc), self.problems)
                entry.beschreibung = text if not isinstance(text, Invalid) and text else None
        entry.slug = slug
        entry.quartier = quarter
        entry.source = doc.path
        return entry

    @staticmethod
    def locate_items(entry: Eintrag, data: YMap) -> None:
        """Record where each listed category and quarter stands, so that a message points at its own line."""
        for key in ("kategorien", "quartiere"):
            node = data.entries.get(key, (None, None))[1]
            if isinstance(node, YList):
                for item in node.items:
                    if isinstance(item, YScalar):
                        entry.locs.setdefault(f"{key}/{item.text.strip()}", item.loc)
            elif isinstance(node, YScalar) and "," in node.text:
                for item in ListOf.split(node, Problems()):
                    if isinstance(item, YScalar):
                        entry.locs.setdefault(f"{key}/{item.text}", item.loc)
        for key in ("ausnahmen", "daten"):  # dates of a Termin, by position (their text has many spellings)
            node = data.entries.get(key, (None, None))[1]
            if isinstance(node, YList):
                for number, item in enumerate(node.items):
                    entry.locs.setdefault(f"{key}/{number}", item.loc)

    def check_quarters_given(self, data: YMap) -> None:
        """``quartiere: []`` or an empty ``quartiere:`` would publish a region-wide entry nowhere."""
        key_loc, node = data.entries.get("quartiere", (None, None))
        if key_loc is None or node is None:
            return
        if (isinstance(node, YList) and not node.items) or (isinstance(node, YScalar) and node.is_null):
            self.problems.error(node.loc if isinstance(node, YList) else key_loc,
                                "„quartiere“ ist leer: der Eintrag erschiene in keinem Quartier.",
                                "Schreiben Sie „quartiere: alle“ oder eine Liste, z. B. „quartiere: [heissen]“.")

    def parse_entries(self) -> None:
        """Parse the listed entry files (those the cache does not know); on several cores when there are many
        (YAML and checks are CPU-bound)."""
        results: list[Parsed | None] = [None] * len(self.jobs)
        keys: list[tuple[bytes, ...]] = [()] * len(self.jobs)
        if self.cache is not None:
            self.moment = time.time_ns()
            # Unpickling makes many objects at once, which starts the garbage collector's rounds over and over
            # (half the time of reading 10,000 entries); nothing here can form a cycle to collect.
            with collector_paused():
                for number, (path, typ, quarter) in enumerate(self.jobs):
                    results[number], keys[number] = self.cached(path, typ, quarter)
        missing = [number for number, result in enumerate(results) if result is None]
        blobs: dict[int, bytes] = {}
        workers = os.cpu_count() or 1
        context = fork_context()
        if workers > 1 and len(missing) >= PARALLEL_FROM and context is not None:
            global _WORKER_LOADER
            _WORKER_LOADER = self
            size = -(-len(missing) // (workers * 4))
            parts = [missing[start:start + size] for start in range(0, len(missing), size)]
            try:
                with context.Pool(workers, initializer=quiet_worker) as pool:
                    for part, parsed in zip(parts, pool.imap(_parse_jobs, parts), strict=True):
                        for number, blob in zip(part, parsed, strict=True):
                            # pickled by the worker once: to send it here and to keep it in the cache
                            results[number] = pickle.loads(blob)
                            blobs[number] = blob
            finally:
                _WORKER_LOADER = None
        else:
            for number in missing:
                results[number] = self.parse_job(number)
        self.read = {}
        # A link to a folder outside is reported once, not once per file in it
        seen = {(p.loc, p.message) for p in self.problems.items}
        for number, result in enumerate(results):
            assert result is not None
            entry, problems, defekt = result
            if self.cache is not None:
                self.cache.put(keys[number], result, blobs.get(number))
            for problem in problems:
                if (problem.loc, problem.message) not in seen:
                    seen.add((problem.loc, problem.message))
                    self.problems.items.append(problem)
            if defekt is not None:
                self.content.defekt.add(defekt)
            if entry is not None:
                self.content.eintraege.append(entry)

    def cached(self, path: Path, typ: str, quarter: str | None) -> tuple[Parsed | None, tuple[bytes, ...]]:
        """An entry file's parse from the cache, if it has it, and the keys to keep it under.

        First by the file's state (``cache.stat_text``: nothing is read, as ``git status`` judges files), unless it
        changed too recently for its state to show a further change (``cache.racy``); then by its bytes (a fresh
        clone in CI has new times but the same bytes). A file the cache does not know is parsed from the bytes read
        here: a parse is never kept under the key of other bytes (the file may be saved meanwhile). No keys for a
        file that cannot be read or is a link out of the content folders: it is parsed as always, which reports it."""
        assert self.cache is not None
        if outside_link(path, self.root) is not None:
            return None, ()
        # The place as seen from the content folder (as messages name it), whichever way the folder was given
        where, base = str(path), str(self.root) + os.sep
        shown = where[len(base):] if where.startswith(base) else where
        try:
            status = os.stat(path)
            by_state = () if racy(status, self.moment) else (state_key(stat_text(status), shown, typ, quarter),)
            found = self.cache.get(by_state[0]) if by_state else None
            if found is not None:
                return found, by_state
            data = path.read_bytes()
        except OSError:
            return None, ()
        by_bytes = file_key(data, shown, typ, quarter)
        found = self.cache.get(by_bytes)
        if found is None:
            self.read[path] = data
        return found, (*by_state, by_bytes)

    def parse_job(self, number: int) -> Parsed:
        """Parse one listed entry file alone: the entry, the problems it has, and whether it is defective."""
        path, typ, quarter = self.jobs[number]
        single = ContentLoader(self.root, Problems())
        entry = single.parse_entry(path, typ, quarter, self.read.get(path))
        return entry, single.problems.items, next(iter(single.content.defekt), None)


# What parsing one entry file gives: the entry (None if it has errors), its problems, its "defekt" key.
Parsed = tuple[Eintrag | None, list[Problem], tuple[str, str | None, str] | None]
_WORKER_LOADER: ContentLoader | None = None


def _parse_jobs(numbers: list[int]) -> list[bytes]:
    parent = _WORKER_LOADER
    assert parent is not None
    return [pickle.dumps(parent.parse_job(number), protocol=pickle.HIGHEST_PROTOCOL) for number in numbers]


def _body_locator(doc: Document) -> Callable[[int], Loc]:
    body = doc.body or ""

    def locate(offset: int) -> Loc:
        before = body[:offset]
        return Loc(doc.path, doc.body_line + before.count("\n"), len(before) - before.rfind("\n"))

    return locate


# --- symbolic links: nothing outside content/, quartiere/ and templates/ is read ------------------

CONTENT_FOLDERS = ("content", "quartiere", "templates")


def outside_link(path: Path, root: Path) -> Path | None:
    """The symbolic link on the way from ``root`` to ``path`` that leads out of the content folders, if any.

    A link inside them is fine; one to ``.git/config`` or ``/etc/passwd`` would publish that file.
    """
    # The folder resolved once for all its files: a file that is not itself a link lies where its folder does.
    resolved = os.path.realpath(path) if os.path.islink(path) else os.path.join(_real_folder(str(path.parent)),
                                                                                   path.name)
    allowed = _allowed_folders(str(root))
    if any(resolved == folder or resolved.startswith(folder + os.sep) for folder in allowed):
        return None
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return path
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current
    return None  # not a link: a content folder that is itself outside (not ours to judge)


def symlink_message(shown: str, link: Path) -> tuple[str, str]:
    target = os.path.realpath(link)
    return (f"„{shown}“ ist ein symbolischer Link auf „{target}“ außerhalb von content/, quartiere/ und "
            "templates/; er wird nicht gelesen.",
            "Kopieren Sie die Datei in den Inhaltsordner, statt auf sie zu verweisen.")


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


@functools.cache
def _allowed_folders(root: str) -> tuple[str, ...]:
    return tuple(os.path.realpath(os.path.join(root, name)) for name in CONTENT_FOLDERS)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector held back: loading allocates millions of objects that all stay (10,000 entries), and
    its rounds over them find nothing (0.1-0.3 s of the second a load takes with the cache). What cycles there are
    get collected by the next round after it; a collector that was off stays off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def lade(loader: ContentLoader, dateien: list[Datei]) -> None:
    """Read and check the translation files the loader found; store them in ``Content.uebersetzungen``.
    Many files are read on several cores, like the entries (each file on its own; the originals are known)."""
    from wegweiser.core.processes import PARALLEL_FROM

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
            with context.Pool(workers, initializer=quiet_worker) as pool:
                for read, problems in pool.imap(_read_range, ranges):
                    found.extend(read)
                    loader.problems.items.extend(problems)
        finally:
            _WORKER = None
    else:
        found = read_files(loader, loader.content, dateien, objects)
    for uebersetzung in found:
        store(loader.content, uebersetzung, loader.problems)


_WORKER: tuple[ContentLoader, list[Datei], dict[tuple[str, str], Uebersetzbar]] | None = None


def _read_range(bounds: tuple[int, int]) -> tuple[list[Uebersetzung], list[Problem]]:
    from wegweiser.content.loading import ContentLoader

    assert _WORKER is not None
    parent, dateien, objects = _WORKER
    reader = ContentLoader(parent.root, Problems())  # its own problems; the originals are the parent's
    return read_files(reader, parent.content, dateien[bounds[0]:bounds[1]], objects), reader.problems.items


def report_notes(doc: Document, problems: Problems) -> None:
    """What the loader noticed in a file that did not stop it, and fields written twice."""
    for note in doc.notes:
        (problems.error if note.error else problems.warning)(note.loc, note.message, note.hint, note.fixes)
    for loc, key, first in doc.duplicates or []:
        problems.error(loc, f"Das Feld „{key}“ steht doppelt in dieser Datei (zuerst in Zeile {first.line}).",
                       "Löschen Sie eine der beiden Zeilen; sonst ginge ein Wert verloren.")
