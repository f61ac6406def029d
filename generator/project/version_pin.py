"""The program version a guide is built with: ``requirements.txt`` in the project names it, and every command
warns when the running program is another version.

A guide's output can change with a new release (templates, booklet layout, checks), so a network pins the
version it publishes with and upgrades on purpose: it edits the one line in ``requirements.txt`` in a pull
request, the check and the preview run with the new version, and it merges. The publishing files install
exactly this line (``pip install -r requirements.txt``).
"""

from __future__ import annotations

import contextlib
import errno
import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from wegweiser import __version__

PIN_FILE = "requirements.txt"
DIST = "familienwegweiser"

# A requirement line naming the program, and the version it pins: "==X", a git tag "@vX" or "@X", or a wheel's
# file name "familienwegweiser-X-py3-none-any.whl". The name ends where a longer one ("familienwegweiser-extra")
# would go on; the old "#egg=familienwegweiser" names it at the end of a URL.
_NAMED = re.compile(rf"^\s*{DIST}(?![-_.]?[A-Za-z0-9])|#egg={DIST}(?![-_.]?[A-Za-z0-9])", re.IGNORECASE)
_EXACT = re.compile(r"===?\s*v?([0-9][0-9A-Za-z.+!-]*)")
_TAG = re.compile(r"@v?([0-9]+(?:\.[0-9]+)+[0-9A-Za-z.+-]*)\s*(?:#.*)?$")
_WHEEL = re.compile(rf"{DIST}-([0-9][0-9A-Za-z.+!]*)-py3", re.IGNORECASE)
_MOST = 1 << 20  # bytes read of a requirements file: a pin stands in its first lines
_INCLUDE = re.compile(r"^\s*(?:-r|--requirement)(?:\s+|=)(\S+)")


def _requirement(raw: str) -> str:
    """The line without its comment (pip: "#" at the start or after whitespace)."""
    return re.split(r"(?:^|\s)#", raw, maxsplit=1)[0].strip()


def names_program(line: str) -> bool:
    """Whether a requirement line installs the program (by name, or a wheel file of it)."""
    text = _requirement(line)
    return bool(text) and bool(_NAMED.search(text) or _WHEEL.search(text))


def _release(version: str) -> str:
    """A release number as PEP 440 compares it: "0.1" and "0.1.0" are the same, so are "01.2" and "1.2"."""
    if not re.fullmatch(r"[0-9]+(?:\.[0-9]+)*", version):
        return version.lower()
    parts = [str(int(part)) for part in version.split(".")]
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    return ".".join(parts)


@dataclass(frozen=True)
class Pin:
    version: str | None  # None: no version (a branch, an unpinned name, no line naming the program at all)
    line: int  # 0: no line names the program
    text: str  # the line, or why the file cannot be read
    file: Path


def _lines(path: Path, seen: tuple[Path, ...] = ()) -> list[tuple[Path, int, str]]:
    """The lines of a requirements file and of the files it includes (``-r``), as pip reads them: a BOM skipped,
    bytes that are not UTF-8 replaced (pip falls back to the locale; a comment in Latin-1 must not hide the pin)."""
    if not path.is_file():  # a folder, a FIFO, /dev/zero through a link: nothing to read, nothing to wait for
        raise IsADirectoryError(errno.EISDIR, "keine Datei", str(path))
    with path.open("rb") as handle:
        raw = handle.read(_MOST)
    found: list[tuple[Path, int, str]] = []
    for number, line in enumerate(raw.decode("utf-8-sig", errors="replace").splitlines(), start=1):
        include = _INCLUDE.match(line)
        if include:
            other = (path.parent / include.group(1)).resolve()
            if other not in seen and other != path.resolve():
                with contextlib.suppress(OSError):  # pip stops there; the warning says that none is pinned
                    found += _lines(other, (*seen, path.resolve()))
            continue
        found.append((path, number, line))
    return found


def pinned(root: Path) -> Pin | None:
    """The line of the project's requirements.txt (or of a file it includes) that names the program; a Pin without
    a version when no line does or the file cannot be read; None without the file (e.g. the program's own
    repository, whose demo is always built with the checkout)."""
    path = root / PIN_FILE
    if not path.exists():
        return None
    try:
        lines = _lines(path)
    except OSError as exc:
        why = "keine Berechtigung" if exc.errno in (errno.EACCES, errno.EPERM) else (exc.strerror or str(exc))
        return Pin(None, 0, why, path)
    for where, number, raw in lines:
        if not names_program(raw):
            continue
        text = _requirement(raw)
        found = _EXACT.search(text) or _TAG.search(text) or _WHEEL.search(text)
        return Pin(found.group(1) if found else None, number, text, where)
    return Pin(None, 0, "", path)


def version_warning(root: Path, running: str = __version__) -> str | None:
    """A German warning when the project pins another version than the one running; None when they agree."""
    pin = pinned(root)
    if pin is None:
        return None
    if pin.version is None:
        if pin.line:
            where = f"{pin.file}, Zeile {pin.line}: „{pin.text}“"
        elif pin.text:
            where = f"{pin.file} lässt sich nicht lesen: {pin.text}"
        else:
            where = f"{pin.file} nennt {DIST} nicht"
        return (f"Dieser Wegweiser nennt keine feste Programmversion ({where}); es läuft Version "
                f"{running}. Tragen Sie eine Version ein (z. B. {DIST}=={running}), damit jeder Bau gleich ausfällt.")
    if _release(pin.version) == _release(running):
        return None
    return (f"Dieser Wegweiser ist für Version {pin.version} eingerichtet ({pin.file}, Zeile {pin.line}), es läuft "
            f"aber Version {running}. Die Ausgabe kann sich unterscheiden. Installieren Sie Version {pin.version} – "
            f"oder stellen Sie bewusst um: Zeile in {PIN_FILE} ändern, prüfen, Vorschau ansehen, dann "
            "veröffentlichen.")


@dataclass(frozen=True)
class Requirement:
    line: str  # for requirements.txt
    reachable: bool  # False: a local install (a wheel file, a checkout) that a CI machine cannot install from


def requirement() -> Requirement:
    """The requirement line that installs the running program again, from where it came (PEP 610)."""
    try:
        origin = metadata.distribution(DIST).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        origin = None
    data = json.loads(origin) if origin else {}
    url = data.get("url", "") if isinstance(data, dict) else ""
    vcs = data.get("vcs_info") if isinstance(data, dict) else None
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        if isinstance(vcs, dict) and vcs.get("vcs") == "git":
            revision = vcs.get("requested_revision") or vcs.get("commit_id")
            return Requirement(f"{DIST} @ git+{url}@{revision}", True)
        if "vcs_info" not in data and "dir_info" not in data:
            return Requirement(f"{DIST} @ {url}", True)
    # From a package index (no direct_url.json), or from a local file or checkout: the index name, which a CI
    # machine finds on PyPI or through its own index settings (PIP_INDEX_URL, PIP_FIND_LINKS).
    return Requirement(f"{DIST}=={__version__}", not url)
