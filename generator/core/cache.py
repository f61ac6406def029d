"""The build cache: what earlier runs computed, kept in a folder across runs, keyed by a hash of its inputs.

Three things are kept:
- the templates, compiled (``template_cache``: Jinja's bytecode cache, keyed by each template's path and checked
  against its source);
- every entry file as parsed and checked (the entry, its problems), keyed by the file's bytes (or its state: size,
  times, inode), its place and the program (``EntryCache``): ``check`` and ``build`` parse only the files that
  changed;
- the fingerprint of everything a built site came from (``site_fingerprint``: every file of the content folder as
  the build found it before reading it, the program and its templates and catalogues, the theme, the date), written
  into the site: a build whose inputs did not change leaves the site as it is.

A file's state stands for its bytes only when the file was not changed within the file system clock's granularity
of the moment the state was taken (``file_states.racy``): a file changed so recently is judged by its bytes.

Where: the folder ``WEGWEISER_CACHE`` names (CI keeps it between runs), else the user's cache folder
(``$XDG_CACHE_HOME/wegweiser`` or ``~/.cache/wegweiser``), one subfolder per content folder. ``aus`` switches the
cache off. The cache is only ever an optimisation: a missing, stale, foreign or damaged cache file is ignored and
replaced, and a cache folder that cannot be written costs speed, never the build. Only the files named here are
written there, each replaced atomically; nothing else in the folder is touched.

The entries are stored with ``pickle``: whoever can write the cache folder can run code in the next build, as with
the program folder itself; the folder belongs to the user (or to the CI job) like the program does.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from wegweiser.core.file_states import content_hash, racy, stat_text
from wegweiser.core.resources import package_dir, templates_dir

CACHE_ENV = "WEGWEISER_CACHE"
OFF = "aus"
ENTRIES_FILE = "eintraege.pickle"
# The entries the last build's site shows, by key: kept when a later run (``check``, the preview) no longer uses them,
# since the next build compares them with the files as they are then (``incremental``).
PINNED_FILE = "eintraege-der-website.pickle"
# Bump when what is stored changes shape; the program's own files are hashed as well (see ``program_fingerprint``).
FORMAT = 1


def cache_base() -> Path | None:
    """The cache folder of all content folders (None: no cache)."""
    setting = os.environ.get(CACHE_ENV)
    if setting is not None and setting.strip().lower() in (OFF, "off", "0", ""):
        return None
    if setting:
        return Path(setting).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "wegweiser"


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, as an optimisation only: a folder that cannot be read or written costs
    the compiling (0.2-0.3 s per run that renders pages), never the run."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError):
            bucket.reset()
        if bucket.code is not None and not isinstance(bucket.code, types.CodeType):
            bucket.reset()  # a damaged file that still unmarshals (Jinja would fail on it later, on every run)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


class TemplateLoader(jinja2.FileSystemLoader):
    """Jinja's loader of template files, whose check that a loaded template is still its file (made before each use,
    in a process that renders again and again: the preview) cannot miss a save. Jinja's own check compares the file's
    time with the one it took after reading it (a save in between is never seen) and misses a save within one tick
    of a coarse clock; here a template read within the clock's granularity of its last change (``racy``) is compared
    by its text while it is that recent, and read again once it is older."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        contents, filename, _jinja_check = super().get_source(environment, template)
        moment = time.time_ns()
        try:
            status = os.stat(filename)
        except OSError:
            return contents, filename, lambda: False
        state = stat_text(status)
        if not racy(status, moment):  # unchanged for a while before it was read: its state stands for this text
            return contents, filename, lambda: _stat_text(filename) == state

        def still_this_text() -> bool:
            now = time.time_ns()
            try:
                current = os.stat(filename)
                if stat_text(current) != state or not racy(current, now):
                    return False  # changed, or old enough now to be read again and checked by its state
                with open(filename, encoding=self.encoding) as stream:  # as Jinja reads it
                    return stream.read() == contents
            except (OSError, ValueError):
                return False

        return contents, filename, still_this_text


def _stat_text(path: str) -> str | None:
    try:
        return stat_text(os.stat(path))
    except OSError:
        return None


def template_cache(sandboxed: bool) -> jinja2.BytecodeCache | None:
    """Where compiled templates are kept across runs (None: no cache). Sandboxed environments (content folders with
    templates of their own) keep theirs apart."""
    base = cache_base()
    if base is None:
        return None
    return _TemplateCache(str(base / ("vorlagen-sandbox" if sandboxed else "vorlagen")))


def cache_folder(root: Path) -> Path | None:
    """The cache folder for content folder ``root`` (None: no cache)."""
    base = cache_base()
    if base is None:
        return None
    name = hashlib.blake2b(str(root.resolve()).encode("utf-8"), digest_size=8).hexdigest()
    return base / f"{root.resolve().name or 'inhalt'}-{name}"


@functools.cache
def program_fingerprint() -> str:
    """A hash of the program: its modules, templates and catalogues, Python and the theme's packages' versions.
    A cache made by another version of any of them is not used."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT} {sys.version}".encode())
    for package in ("mkdocs", "mkdocs-material", "pagefind-bin", "PyYAML", "Markdown", "Jinja2", "Babel"):
        try:
            digest.update(f"{package} {importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(package.encode())
    here = package_dir()  # every subpackage, the catalogues and data files
    for folder in (here, templates_dir()):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix not in (".pyc", ".mo") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def site_fingerprint(today: date, extra: str, files: dict[str, str]) -> str:
    """A hash of everything a built site comes from: every file of the content folders as the build found them
    (``Inputs.states``), the program (``program_fingerprint``), the day it is built for (opening hours, expiry
    dates) and ``extra`` (what else the build depends on, e.g. whether the map library is installed)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{program_fingerprint()} {today.isoformat()} {extra}".encode())
    for path, state in sorted(files.items()):
        digest.update(f"\0{path}\0{state}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def file_key(data: bytes, *details: str | None) -> bytes:
    """The key of a file's parse: its bytes and what else the parse depends on (place, type, quarter)."""
    return _key(content_hash(data), *details)


def _key(digest: str, *details: str | None) -> bytes:
    key = hashlib.blake2b(digest.encode(), digest_size=16)
    for detail in details:
        key.update(b"\0" + (detail or "").encode("utf-8"))
    return key.digest()


def state_key(state: str, shown: str, typ: str, quarter: str | None) -> bytes:
    """The key of a file's parse by its state (``stat_text``; never that of a racy file), its place and type: the
    loader finds a parse by it without reading the file."""
    return file_key(state.encode(), shown, typ, quarter, "zustand")


def recorded_key(state: str, shown: str, typ: str, quarter: str | None) -> bytes:
    """The key of the parse of a file in the state a build recorded (``Inputs.recorded``): by its bytes' hash where
    it has one, else by its state. The incremental build finds by it the entry a site was built from; a file saved
    between the snapshot and the loading has its new parse under other keys (the next build sees it changed)."""
    plain, _, digest = state.partition(" #")
    return _key(digest, shown, typ, quarter) if digest else state_key(plain, shown, typ, quarter)


@dataclass
class EntryCache:
    """Parsed entry files by ``file_key``; ``save`` keeps the ones this run used (so deleted files drop out).

    Each parse is pickled when it is put in, before anything later in the run (translations, checks, rendering)
    adds to the objects."""

    folder: Path | None
    known: dict[bytes, bytes] = field(default_factory=dict)
    used: dict[bytes, bytes] = field(default_factory=dict)
    pinned: set[bytes] = field(default_factory=set)

    @classmethod
    def open(cls, folder: Path | None) -> EntryCache:
        cache = cls(folder)
        if folder is None:
            return cache
        try:
            with open(folder / ENTRIES_FILE, "rb") as stream:
                stored = pickle.load(stream)
            if isinstance(stored, dict) and stored.get("programm") == program_fingerprint():
                cache.known = stored["eintraege"]
        except FileNotFoundError:
            pass
        except Exception:
            cache.known = {}
        try:
            with open(folder / PINNED_FILE, "rb") as stream:
                pinned = pickle.load(stream)
            cache.pinned = pinned if isinstance(pinned, set) else set()
        except Exception:  # none, or damaged: nothing is pinned
            pass
        return cache

    def get(self, key: bytes) -> Any | None:
        """The value kept under ``key``, or None. Unpickled, so untyped: its type is what the caller put there."""
        found = self.known.get(key)
        if found is None:
            return None
        try:
            value = pickle.loads(found)
        except Exception:
            return None
        self.used[key] = found
        return value

    def put(self, keys: tuple[bytes, ...], value: object, pickled: bytes | None = None) -> None:
        """Keep ``value`` (``pickled`` already, if given) under each of ``keys`` (one pickle, shared)."""
        known = next((self.used[key] for key in keys if key in self.used), pickled)
        if keys and known is None:
            known = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        for key in keys:
            self.used[key] = known  # type: ignore[assignment]

    def save(self) -> None:
        """Write what this run used and what is pinned, if anything changed; a folder that cannot be written is left
        alone."""
        kept = {**{key: self.known[key] for key in self.pinned if key in self.known}, **self.used}
        if self.folder is None or kept.keys() == self.known.keys():
            return
        write_atomically(self.folder / ENTRIES_FILE,
                         pickle.dumps({"programm": program_fingerprint(), "eintraege": kept},
                                      protocol=pickle.HIGHEST_PROTOCOL))

    def pin(self, keys: set[bytes]) -> None:
        """Keep the parses of ``keys`` from now on, though later runs do not use them (only these)."""
        self.pinned = keys
        if self.folder is not None:
            write_atomically(self.folder / PINNED_FILE, pickle.dumps(keys, protocol=pickle.HIGHEST_PROTOCOL))


def write_atomically(target: Path, data: bytes) -> bool:
    """Replace ``target`` by ``data`` (a temporary file renamed over it); False when the folder is not writable."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return False
    return True
