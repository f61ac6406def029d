"""Putting a freshly built folder in place of the old one, and clearing what killed builds left behind.

The exchange is one ``renameat2(RENAME_EXCHANGE)`` where the kernel offers it, so there is no moment without
a site at the target (fallback: two renames). A target that is a mount point cannot be renamed: then the
build happens inside it and its entries are exchanged one by one.

Temporary folders carry the owning process's id and start time in their names
(``.site-bau-<pid>-<start>-<random>``, ``/dev/shm/wegweiser-suche-<pid>-<start>-<random>``): a later build
removes exactly those whose process is gone, whatever killed it.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from wegweiser.core import processes

SHM = Path("/dev/shm")
SHM_PREFIX = "wegweiser-suche-"
# Folders of versions that did not record their owner are removed once nothing touched them for a day.
UNOWNED_AGE = 24 * 3600

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def work_prefix(target: Path) -> str:
    return f".{target.name}-bau-"


def work_parent(target: Path) -> Path:
    """Where the temporary build folder goes: next to the target, or inside it when it is a mount point."""
    return target if os.path.ismount(target) else target.parent


def owned_temp_folder(prefix: str, parent: Path) -> Path:
    """A new temporary folder whose name records this process (id and start time)."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-{processes.start_time(os.getpid())}-", dir=parent))


def owner_running(name: str, prefix: str) -> bool | None:
    """Whether the process that ``owned_temp_folder`` recorded in ``name`` (made with ``prefix``) still runs; None
    when the name records no owner."""
    found = re.match(re.escape(prefix) + r"(\d+)-(\d+)-", name)
    return None if found is None else processes.alive(int(found.group(1)), found.group(2))


def remove_leftovers(parent: Path, prefix: str) -> list[Path]:
    """Remove the temporary folders ``parent/prefix*`` of processes that no longer run; returns them."""
    owned = re.compile(re.escape(prefix) + r"(\d+)-(\d+)-")
    removed = []
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return []
    for path in candidates:
        try:
            info = path.lstat()
        except OSError:
            continue
        getuid = getattr(os, "getuid", None)  # not on Windows, where the user's own folder is the check
        if (getuid and info.st_uid != getuid()) or not path.is_dir() or path.is_symlink():
            continue
        found = owned.match(path.name)
        old = time.time() - info.st_mtime >= UNOWNED_AGE
        if found and sys.platform == "win32":
            if not old:
                continue
        elif found:
            if processes.alive(int(found.group(1)), found.group(2)):
                continue
        elif not old:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the kernel or file system cannot."""
    renameat2 = getattr(processes.libc(), "renameat2", None)
    if renameat2 is None:  # not Linux (or a C library without it)
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_folder(new: Path, target: Path, work: Path) -> None:
    """Put ``new`` (inside ``work``) where ``target`` is. What was there ends up inside ``work`` for removal."""
    if not target.exists():
        new.rename(target)
        return
    if not os.path.ismount(target):
        try:
            if _exchange(new, target):
                return
            old = work / "alt"
            target.rename(old)
        except OSError as exc:
            if exc.errno != errno.EBUSY:  # a mount point that ismount() missed (a bind mount)
                raise
        else:
            try:
                new.rename(target)
            except BaseException:
                if not target.exists():
                    old.rename(target)
                raise
            return
    _replace_entries(new, target, work)


def _replace_entries(new: Path, target: Path, work: Path) -> None:
    """Exchange the target's entries one by one (for a mount point); the start page comes last."""
    old = work / "alt"
    old.mkdir(exist_ok=True)
    entries = sorted(new.iterdir(), key=lambda p: (p.name == "index.html", p.name))
    names = {p.name for p in entries}
    for entry in entries:
        place = target / entry.name
        if not os.path.lexists(place):
            entry.rename(place)
        elif not _exchange(entry, place):
            place.rename(old / entry.name)
            entry.rename(place)
    keep = {work.name, "lost+found", *names}
    for stale in target.iterdir():
        # Only what the previous build wrote is here (the output guard made sure); a concurrent build's folder stays.
        if stale.name not in keep and not stale.name.startswith(work_prefix(target)):
            stale.rename(old / stale.name)


