"""The state of a content file, as a build found it: what tells whether it changed since.

A file's state is its size, the times of the last change to its bytes and to the file, and its inode, as
``git status`` judges files (``stat_text``): a build, the entry cache and the preview compare states instead of
reading 10,000 files. A state stands for the bytes only when the file was not changed within the file system
clock's granularity of the moment the state was taken: a file changed so recently ("racily clean", as git calls it:
``racy``) may change again within the same tick, unseen in its state, and is judged by its bytes' hash as well.

``content_files`` takes the states of every file a build reads, before it reads them (``Inputs``): a file saved
while the build runs differs from its state afterwards, and the next build builds it.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

# A file changed this shortly before its state was taken may change again within the same tick of the file system's
# clock, unseen in its state (FAT keeps times to 2 s, some network mounts to 1 s; Linux stamps files from a clock that
# ticks every few milliseconds): such a file is "racily clean", as git calls it, and judged by its bytes.
RACY_NS = 2_000_000_000
UNREADABLE = "unlesbar"


def stat_text(status: os.stat_result) -> str:
    """A file's state as ``git status`` judges it: size, time of the last change to its bytes and of the last change
    to the file at all (ctime: set by every write, also one that sets the first time back), inode."""
    return f"{status.st_size} {status.st_mtime_ns} {status.st_ctime_ns} {status.st_ino}"


def racy(status: os.stat_result, moment_ns: int) -> bool:
    """Whether a change after ``moment_ns`` (``time.time_ns``) could leave the file's state ``status`` as it is: it
    was changed within the clock's granularity before (or its times lie in the future)."""
    return max(status.st_mtime_ns, status.st_ctime_ns) >= moment_ns - RACY_NS


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class Inputs:
    """Every file below ``content/``, ``quartiere/`` and ``templates/`` of a content folder (path relative to it), as
    a build found them before reading them (``content_files``). A file that changes after that differs from it."""

    stats: dict[str, str]  # ``stat_text``, or UNREADABLE
    digests: dict[str, str]  # the bytes' ``content_hash`` of the racy files and of those asked for
    racy: frozenset[str]  # the files whose state a change right after could leave as it is (``racy``)

    def states(self, by_content: Collection[str]) -> dict[str, str]:
        """Each file's state; those in ``by_content`` with their bytes' hash (where they could be read)."""
        wanted = frozenset(by_content)
        hashed = {path: digest for path, digest in self.digests.items() if path in wanted}
        return {path: f"{state} #{hashed[path]}" if path in hashed else state for path, state in self.stats.items()}

    def recorded(self) -> dict[str, str]:
        """The states a build records (the site's fingerprint, ``incremental.SiteState``): the racy files with their
        bytes' hash, the others by their state alone (a change to them changes that)."""
        return self.states(self.racy)


@dataclass(frozen=True)
class FileState:
    """A file as a command read or wrote it: its state (``stat_text``) and its bytes' hash."""

    state: str
    digest: str

    @classmethod
    def of(cls, status: os.stat_result, data: bytes) -> FileState:
        return cls(stat_text(status), content_hash(data))

    def recorded(self) -> str:
        """The file's state by its bytes, as ``Inputs.recorded`` gives a racy file's."""
        return f"{self.state} #{self.digest}"

    def matches(self, recorded: str | None) -> bool:
        """Whether this is the file as ``recorded`` (``Inputs.recorded``): the same state, and the same bytes where
        those were recorded."""
        state, _, digest = (recorded or "").partition(" #")
        return state == self.state and digest in ("", self.digest)


def current_state(path: str | Path, moment_ns: int) -> str | None:
    """The file's state as ``Inputs.recorded`` gives it, taken at ``moment_ns``: by its bytes as well if it is racy
    then (None: it cannot be read)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not racy(status, moment_ns):
        return stat_text(status)
    digest = file_digest(path, status)
    return None if digest is None else FileState(stat_text(status), digest).recorded()


def unchanged(recorded: str | None, path: str | Path) -> bool:
    """Whether the file at ``path`` is still as ``recorded`` (``Inputs.recorded``, ``current_state``): the same
    state, and the same bytes where those were recorded."""
    if recorded is None:
        return False
    state, _, digest = recorded.partition(" #")
    try:
        status = os.stat(path)
    except OSError:
        return False
    return stat_text(status) == state and (not digest or file_digest(path, status) == digest)


def content_files(root: Path, by_content: Collection[str] = ()) -> Inputs:
    """Every file below ``content/``, ``quartiere/`` and ``templates/`` of ``root`` with its state (``stat_text``);
    the bytes of the racy ones and of ``by_content`` (those an earlier build recorded by their bytes) are hashed."""
    moment = time.time_ns()
    wanted = frozenset(by_content)
    stats: dict[str, str] = {}
    digests: dict[str, str] = {}
    racy_files: set[str] = set()
    for folder in ("content", "quartiere", "templates"):
        for where, folders, names in os.walk(root / folder):
            folders.sort()
            for name in sorted(names):
                path = os.path.join(where, name)
                shown = os.path.relpath(path, root)
                try:
                    status = os.stat(path)
                except OSError:
                    stats[shown] = UNREADABLE
                    continue
                stats[shown] = stat_text(status)
                if racy(status, moment):
                    racy_files.add(shown)
                if shown in racy_files or shown in wanted:
                    digest = file_digest(path, status)
                    if digest is not None:  # else the build reports the file when it reads it (or ignores it)
                        digests[shown] = digest
    return Inputs(stats, digests, frozenset(racy_files))


def file_digest(path: str | Path, status: os.stat_result) -> str | None:
    """The ``content_hash`` of the regular file ``status`` describes (None: it cannot be read, or it is no regular
    file: a named pipe would block the build, a device never end)."""
    if not stat.S_ISREG(status.st_mode):
        return None
    digest = hashlib.blake2b(digest_size=16)
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(handle, "rb") as stream:
            now = os.fstat(stream.fileno())
            if not stat.S_ISREG(now.st_mode) or now.st_ino != status.st_ino:
                return None  # replaced since
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()
