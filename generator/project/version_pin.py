"""The program version a guide is built with: ``requirements.txt`` in the project names it, and every command
warns when the running program is another version.

A guide's output can change with a new release (templates, booklet layout, checks), so a network pins the
version it publishes with and upgrades on purpose: it edits the one line in ``requirements.txt`` in a pull
request, the check and the preview run with the new version, and it merges. The publishing files install
exactly this line (``pip install -r requirements.txt``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from wegweiser import __version__

PIN_FILE = "requirements.txt"
DIST = "familienwegweiser"

# A requirement line naming the program, and the version it pins: "==X", a git tag "@vX" or "@X", or a wheel's
# file name "familienwegweiser-X-py3-none-any.whl".
_NAMED = re.compile(rf"^\s*{DIST}\b", re.IGNORECASE)
_EXACT = re.compile(r"===?\s*([0-9][0-9A-Za-z.+!-]*)")
_TAG = re.compile(r"@v?([0-9]+(?:\.[0-9]+)+[0-9A-Za-z.+-]*)\s*(?:#.*)?$")
_WHEEL = re.compile(rf"{DIST}-([0-9][0-9A-Za-z.+!]*)-py3", re.IGNORECASE)


def names_program(line: str) -> bool:
    """Whether a requirement line installs the program (by name, or a wheel file of it)."""
    text = line.split(" #", 1)[0].strip()
    return bool(text) and not text.startswith("#") and bool(_NAMED.match(text) or _WHEEL.search(text))


@dataclass(frozen=True)
class Pin:
    version: str | None  # None: the line names the program but no version (a branch, an unpinned name)
    line: int
    text: str


def pinned(root: Path) -> Pin | None:
    """The line of the project's requirements.txt that names the program; None without one (e.g. the program's own
    repository, whose demo is always built with the checkout)."""
    try:
        lines = (root / PIN_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, raw in enumerate(lines, start=1):
        if not names_program(raw):
            continue
        text = raw.split(" #", 1)[0].strip()
        found = _EXACT.search(text) or _TAG.search(text) or _WHEEL.search(text)
        return Pin(found.group(1) if found else None, number, text)
    return None


def version_warning(root: Path, running: str = __version__) -> str | None:
    """A German warning when the project pins another version than the one running; None when they agree."""
    pin = pinned(root)
    if pin is None:
        return None
    where = f"{root / PIN_FILE}, Zeile {pin.line}"
    if pin.version is None:
        return (f"Dieser Wegweiser nennt keine feste Programmversion ({where}: „{pin.text}“); es läuft Version "
                f"{running}. Tragen Sie eine Version ein (z. B. {DIST}=={running}), damit jeder Bau gleich ausfällt.")
    if pin.version == running:
        return None
    return (f"Dieser Wegweiser ist für Version {pin.version} eingerichtet ({where}), es läuft aber Version "
            f"{running}. Die Ausgabe kann sich unterscheiden. Installieren Sie Version {pin.version} – oder "
            f"stellen Sie bewusst um: Zeile in {PIN_FILE} ändern, prüfen, Vorschau ansehen, dann veröffentlichen.")


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
