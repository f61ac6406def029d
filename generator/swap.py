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
import multiprocessing
import multiprocessing.context
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SHM = Path("/dev/shm")
SHM_PREFIX = "wegweiser-suche-"
# Folders of versions that did not record their owner are removed once nothing touched them for a day.
UNOWNED_AGE = 24 * 3600

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_PR_SET_PDEATHSIG = 1


def fork_context() -> multiprocessing.context.ForkContext | None:
    """The ``fork`` start method where the system has it (Linux, macOS), else None: then the work runs in this
    process. Our workers inherit the loaded content from the parent; with ``spawn`` (Windows) they would have to
    load it again, which costs more than it saves."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def quiet_worker() -> None:
    """Initialiser of pool workers: the command's SIGTERM handler (which raises to clean up) and Strg+C are the
    parent's business; a worker the pool terminates just ends, without a traceback."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def libc() -> ctypes.CDLL | None:
    """The C library of this process on POSIX systems; None on Windows, where ``CDLL(None)`` is a TypeError."""
    if sys.platform == "win32":
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):
        return None


def work_prefix(target: Path) -> str:
    return f".{target.name}-bau-"


def work_parent(target: Path) -> Path:
    """Where the temporary build folder goes: next to the target, or inside it when it is a mount point."""
    return target if os.path.ismount(target) else target.parent


def owned_temp_folder(prefix: str, parent: Path) -> Path:
    """A new temporary folder whose name records this process (id and start time)."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-{_start_time(os.getpid())}-", dir=parent))


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), "0" without /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return "0"
    return stat.rsplit(")", 1)[1].split()[19]


def _proc_available() -> bool:
    return Path("/proc/self/stat").exists()


def _alive(pid: int, start: str) -> bool:
    if _proc_available():
        return _start_time(pid) == start if start != "0" else Path(f"/proc/{pid}").exists()
    if sys.platform == "win32":
        # os.kill(pid, 0) would terminate the process on Windows: count it as alive, and let the folder's age
        # decide (see remove_leftovers).
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def owner_running(name: str, prefix: str) -> bool | None:
    """Whether the process that ``owned_temp_folder`` recorded in ``name`` (made with ``prefix``) still runs; None
    when the name records no owner."""
    found = re.match(re.escape(prefix) + r"(\d+)-(\d+)-", name)
    return None if found is None else _alive(int(found.group(1)), found.group(2))


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
            if _alive(int(found.group(1)), found.group(2)):
                continue
        elif not old:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def die_with_parent() -> Callable[[], None]:
    """A function for a child process (``preexec_fn``, or first thing in a forked worker): the kernel kills the
    child when this process dies, so that no orphan keeps writing into a folder a later build removes."""
    parent = os.getpid()
    prctl = getattr(libc(), "prctl", None)
    if prctl is None:  # not Linux
        return lambda: None

    def arm() -> None:
        prctl(_PR_SET_PDEATHSIG, 9)
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)
    return arm


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the kernel or file system cannot."""
    renameat2 = getattr(libc(), "renameat2", None)
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


def process_tag() -> str:
    """This process as ``<pid>-<start time>``, for the names of temporary files a later run may remove."""
    return f"{os.getpid()}-{_start_time(os.getpid())}"


def tag_alive(pid: str, start: str) -> bool:
    """Whether the process a :func:`process_tag` names (split into id and start time) still runs."""
    return _alive(int(pid), start)
