"""Worker processes and the identity of a process: the fork context and pool initialiser that loading, rendering
and indexing share, a worker that dies with its parent, a forked worker's ``OSError`` handed to its parent, and a
tag (pid and start time) that names the owner of a temporary file or folder so that a later run removes exactly
what a killed one left."""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

# Below this many files, starting worker processes costs more than it saves (loading entries and translations).
PARALLEL_FROM = 1000


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


def pass_on_os_error(failed: Any, exc: OSError) -> NoReturn:
    """In a forked worker: hand an ``OSError`` (disk full, no permission) to the parent through ``failed`` (a
    ``SimpleQueue``), which reports it with its path (``raise_failure``), and end without a traceback."""
    failed.put((exc.errno, exc.strerror, exc.filename))
    raise SystemExit(1) from None


def raise_failure(process: Any, failed: Any, name: str) -> None:
    """In the parent, once ``process`` has ended: the ``OSError`` it passed on as the parent's own, or that it ended
    with an error (``name`` says which process, in German)."""
    if process.exitcode == 0:
        return
    if failed is not None and not failed.empty():
        number, text, filename = failed.get()
        raise OSError(number, text, filename)
    raise RuntimeError(f"{name} ist mit Code {process.exitcode} abgebrochen.")


def libc() -> ctypes.CDLL | None:
    """The C library of this process on POSIX systems; None on Windows, where ``CDLL(None)`` is a TypeError."""
    if sys.platform == "win32":
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):
        return None


def start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), "0" without /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return "0"
    return stat.rsplit(")", 1)[1].split()[19]


def _proc_available() -> bool:
    return Path("/proc/self/stat").exists()


def alive(pid: int, start: str) -> bool:
    if _proc_available():
        return start_time(pid) == start if start != "0" else Path(f"/proc/{pid}").exists()
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


def process_tag() -> str:
    """This process as ``<pid>-<start time>``, for the names of temporary files a later run may remove."""
    return f"{os.getpid()}-{start_time(os.getpid())}"


def tag_alive(pid: str, start: str) -> bool:
    """Whether the process a :func:`process_tag` names (split into id and start time) still runs."""
    return alive(int(pid), start)
