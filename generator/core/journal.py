"""Writing many files all or nothing, whatever stops the process: SIGKILL, a closed terminal, a power cut.

``Journal.prepare`` writes every new text into a hidden file beside its target,
``.<name>.<token>.neu`` (beside it: the same folder and file system, so the rename cannot fail for lack of
room or rights where the writing did not); ``commit`` renames them into place. A journal records which, in a
folder of its own at the project's root, ``.wegweiser-uebernahme-<pid>-<start>-<random>/journal`` (the token is
the folder's name): first in the state ``schreiben``, listing the targets before the first temporary file
exists, then ``umbenennen`` once every temporary file is complete and on disk – the decision to go ahead.

If the process dies, ``recover`` (every command that reads the content calls it) finds the journal of the dead
process by the id and start time in its folder's name, and finishes the renames (``umbenennen``) or removes the
temporary files (``schreiben``): the targets are either all old or all new, and nothing is left behind.
Strg+C, SIGTERM and SIGHUP during the writing undo it at once; during the renames they wait until these are done
(``signals_deferred``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from wegweiser.core.folder_swap import owned_temp_folder, owner_running
from wegweiser.core.processes import libc

PREFIX = ".wegweiser-uebernahme-"
WINDOWS_AGE = 3600  # an import writes and renames for seconds: older journals are of stopped ones
JOURNAL = "journal"
WRITING = "schreiben"
RENAMING = "umbenennen"
# Folders a journal may name targets in: translations lie beside their originals.
_TARGET_FOLDERS = ("content", "quartiere")
# A temporary file of an import: ".<target>.<token>.neu"; the token is a journal folder's name (without the dot)
# or, from versions before the journal, eight random characters (tempfile.mkstemp).
_TEMPORARY = re.compile(r"\.(?P<target>.+\.(?:md|yaml|yml))\.(?P<token>[A-Za-z0-9_-]+)\.neu")


def digest(data: bytes) -> str:
    """What ``prepare`` compares a target with: it must still be as the caller read it."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class TargetChanged(Exception):
    """A target was changed by someone else after the caller read it; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


@dataclass(frozen=True)
class Recovered:
    """What ``recover`` did with the journal of an import that was stopped."""

    finished: bool  # True: the renames were completed; False: the temporary files were removed
    files: int  # the files replaced (finished) or the files the import was writing (undone)


def temporary_name(target: Path, token: str) -> Path:
    return target.with_name(f".{target.name}.{token}.neu")


class Journal:
    """One all-or-nothing write of several files below ``root``."""

    def __init__(self, root: Path, folder: Path, targets: list[Path]) -> None:
        self.root = root
        self.folder = folder
        self.targets = targets
        self.token = folder.name[1:]  # unique: the temporary files with it in their names are ours

    @property
    def pairs(self) -> list[tuple[Path, Path]]:
        return [(temporary_name(target, self.token), target) for target in self.targets]

    @classmethod
    def prepare(cls, root: Path, files: Mapping[Path, bytes],
                expected: Mapping[Path, str | None] | None = None) -> Journal:
        """Write every new text to its temporary file and on disk; targets stay untouched. ``expected``: the
        ``digest`` of each target as the caller read it (None: it did not exist); a target that differs now raises
        ``TargetChanged``. Every exception (also Strg+C and SIGTERM) removes what was written and passes on."""
        folder = owned_temp_folder(PREFIX, root)
        journal = cls(root, folder, list(files))
        try:
            _sync_folders({root})  # the journal's folder survives a power cut if its temporary files do
            journal._record(WRITING)  # before the first temporary file: a recovery knows them all
            for temporary, target in journal.pairs:
                _write_new(temporary, files[target], target)
            _flush([temporary for temporary, _target in journal.pairs])
            for target, wanted in (expected or {}).items():
                if _digest_of(target) != wanted:
                    raise TargetChanged(target)
        except BaseException:
            journal.abort()
            raise
        return journal

    def commit(self) -> None:
        """Put every file in place. Call it inside ``signals_deferred``: a stop request waits until it is done."""
        self._record(RENAMING)  # the decision: from here on a recovery completes the renames
        for temporary, target in self.pairs:
            os.replace(temporary, target)
        _sync_folders({target.parent for target in self.targets})
        self._remove()

    def abort(self) -> None:
        for temporary, _target in self.pairs:
            temporary.unlink(missing_ok=True)
        self._remove()

    def _record(self, state: str) -> None:
        """Write the journal in ``state`` atomically and on disk."""
        names = [target.relative_to(self.root).as_posix() for target in self.targets]
        text = json.dumps({"zustand": state, "ziele": names}, ensure_ascii=False)
        fresh = self.folder / f"{JOURNAL}.neu"
        with fresh.open("w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(fresh, self.folder / JOURNAL)
        _sync_folders({self.folder})

    def _remove(self) -> None:
        (self.folder / JOURNAL).unlink(missing_ok=True)  # first: a folder without journal holds nothing of value
        shutil.rmtree(self.folder, ignore_errors=True)


def write_all(root: Path, files: Mapping[Path, bytes], expected: Mapping[Path, str | None] | None = None) -> None:
    """Write ``files`` (path below ``root``: content) all or nothing."""
    journal = Journal.prepare(root, files, expected)
    with signals_deferred():
        journal.commit()


def _write_new(temporary: Path, data: bytes, target: Path) -> None:
    """A new file with ``data``, with the target's permissions (a new target's: as the umask gives)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(temporary, flags, 0o666)
    try:
        try:
            mode = os.stat(target, follow_symlinks=False).st_mode & 0o7777
        except FileNotFoundError:
            mode = None
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(handle, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    finally:
        os.close(handle)


def _digest_of(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError:  # a folder now, or unreadable: not as it was read
        return "?"


def _flush(paths: list[Path]) -> None:
    """Put the files' data on disk: one ``syncfs`` per file system where the system has it (Linux; writing 1,500
    small files with an fsync each took 2.8 s on ext4, writing them and one syncfs 1.2 s), else an fsync of each."""
    if _syncfs(list({os.stat(path).st_dev: path for path in paths}.values())):
        return
    for path in paths:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _syncfs(paths: list[Path]) -> bool:
    """``syncfs`` on the file system of each path; False where it is missing or fails."""
    syncfs = getattr(libc(), "syncfs", None)
    if syncfs is None:
        return False
    for path in paths:
        handle = os.open(path, os.O_RDONLY)
        try:
            if syncfs(handle) != 0:
                return False
        finally:
            os.close(handle)
    return True


def _sync_folders(folders: set[Path]) -> None:
    """Put the folders' entries (new names, renames) on disk."""
    for folder in sorted(folders):
        try:
            handle = os.open(folder, os.O_RDONLY)
        except OSError:  # Windows opens no folders: there the renames are durable as they are
            continue
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


# --- after a stop ---------------------------------------------------------------------------------------------

def recover(root: Path) -> list[Recovered]:
    """Complete or undo the writes of processes that were stopped (their journal folders at ``root``)."""
    return [_recover(root, folder) for folder in stopped_journals(root)]


def stopped_journals(root: Path) -> list[Path]:
    """The journal folders at ``root`` of processes that no longer run."""
    return [folder for folder in _journal_folders(root) if _stopped(folder)]


def _stopped(folder: Path) -> bool:
    if sys.platform == "win32":  # no process can be looked up there (see swap._alive): an old journal is stopped
        try:
            return time.time() - folder.stat().st_mtime > WINDOWS_AGE
        except OSError:
            return False
    return owner_running(folder.name, PREFIX) is False


def _journal_folders(root: Path) -> list[Path]:
    getuid = getattr(os, "getuid", None)
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError:
        return []
    found = []
    for entry in entries:
        try:
            if entry.name.startswith(PREFIX) and entry.is_dir(follow_symlinks=False) and \
                    (getuid is None or entry.stat(follow_symlinks=False).st_uid == getuid()):
                found.append(Path(entry.path))
        except OSError:
            continue
    return found


def _recover(root: Path, folder: Path) -> Recovered:
    token = folder.name[1:]
    state, targets = _read_journal(root, folder)
    replaced = 0
    for target in targets:
        temporary = temporary_name(target, token)
        if state == RENAMING:
            with contextlib.suppress(FileNotFoundError):  # renamed before the stop
                os.replace(temporary, target)
                replaced += 1
        else:
            temporary.unlink(missing_ok=True)
    if state == RENAMING:
        _sync_folders({target.parent for target in targets})
    (folder / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    return Recovered(state == RENAMING, replaced if state == RENAMING else len(targets))


def _read_journal(root: Path, folder: Path) -> tuple[str, list[Path]]:
    """The journal's state and its targets; a missing or unreadable journal is one of a process that stopped
    before its first temporary file (nothing to do)."""
    try:
        data = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
        state, names = data["zustand"], data["ziele"]
    except (OSError, ValueError, KeyError, TypeError):
        return "", []
    if state not in (WRITING, RENAMING) or not isinstance(names, list):
        return "", []
    return state, [target for name in names if isinstance(name, str) and (target := _ours(root, name)) is not None]


# What an import writes: translation files, ``<name>.<language>.yaml|md`` (``elterncafe.tr.md``, ``site.en.yaml``).
_TRANSLATION_FILE = re.compile(r"[^./]+\.[a-z]+(?:-[a-z0-9]+)*\.(?:ya?ml|md)")
# What ``wegweiser import`` writes: entry files named by their slug one folder down (``content/<typ>/``,
# ``quartiere/<quartier>/<typ>/``) and its record ``content/importe/<art>.yaml`` – never site.yaml,
# kategorien.yaml or a quartier.yaml, which lie higher up.
_SLUG_FILE = re.compile(r"[a-z0-9][a-z0-9-]*\.yaml")


def _ours(root: Path, name: str) -> Path | None:
    """A journal's target only where an import may write: a translation file in content/ or quartiere/ or an
    entry file of ``wegweiser import`` (``_SLUG_FILE``), not
    through ``..`` or a link out of them, not itself a link (the journal lies in the project: it might have been
    planted, and ``check`` must not replace ``site.yaml`` or the address record on its word)."""
    parts = name.split("/")
    entry = _SLUG_FILE.fullmatch(parts[-1]) is not None and len(parts) == (3 if parts[0] == "content" else 4)
    if len(parts) < 2 or parts[0] not in _TARGET_FOLDERS or any(p in ("", ".", "..") for p in parts) or \
            not (_TRANSLATION_FILE.fullmatch(parts[-1]) or entry):
        return None
    target = root.joinpath(*parts)
    folder = os.path.realpath(target.parent)
    allowed = [os.path.realpath(root / part) for part in _TARGET_FOLDERS]
    if not any(folder == top or folder.startswith(top + os.sep) for top in allowed) or target.is_symlink():
        return None
    return target


# --- what check reports --------------------------------------------------------------------------------------

def leftover(name: str) -> str | None:
    """For a file name in a content folder: the name of the target it is a temporary file of, when no running
    import writes it (a leftover of an import that was stopped before the journal, or whose journal is gone);
    else None."""
    found = _TEMPORARY.fullmatch(name)
    if found is None or (owner_running("." + found["token"], PREFIX) and sys.platform != "win32"):
        return None
    return found["target"]


# --- signals -------------------------------------------------------------------------------------------------

_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Strg+C, SIGTERM and SIGHUP wait until the block is done, then act as they would have."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    replaced = {}
    for number in _STOP_SIGNALS:
        handler = signal.getsignal(number)
        if handler not in (signal.SIG_IGN, None):
            replaced[number] = handler
            signal.signal(number, note)
    try:
        yield
    finally:
        for number, handler in replaced.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(caught):
            signal.raise_signal(number)

