"""Which booklets ``print`` keeps: a booklet is laid out again only when something it shows changed.

A booklet's first HTML (before the index's page numbers, ``BookletBuilder.draft``) decides everything that follows,
given the same program, layout libraries and fonts: its entries, contacts, pages, texts, stylesheet and images
(inlined as data URIs) and every date it prints are in it. Each output file is keyed by a hash of that HTML and of
``environment_key`` (the program with its templates, the content folder's own templates, WeasyPrint and the
libraries it lays out and writes with, the installed fonts) and what else goes into that file (title, language,
print-shop edition).

The print folder keeps a manifest (``MANIFEST``): per file its key, size and SHA-256, the booklet's page count and
where its emergency numbers landed (their warning is made again from the content as it is now, so its line number is
current). A file is kept only when its key matches and the file on disk has the recorded size and SHA-256: the
booklets are written before the manifest names them, so a killed run leaves files the manifest does not vouch for,
and those are laid out again. Today's date is not in the key: a booklet prints no "today", only its Stand and the
range of its Termine, which are in the HTML.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from wegweiser.core.cache import program_fingerprint, write_atomically

MANIFEST = ".hefte.json"
FORMAT = 1
# The libraries between our HTML and the PDF's bytes: QR codes (a draft names their addresses), parsing, styling,
# layout, hyphenation, fonts, writing, imposing.
LAYOUT_PACKAGES = ("segno", "weasyprint", "pydyf", "pypdf", "fonttools", "pyphen", "tinycss2", "cssselect2",
                   "tinyhtml5", "Pillow")
# Where fonts are found when fontconfig's own list cannot be read (fontconfig's usual folders).
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")
FONT_CONFIG = ("/etc/fonts", "~/.config/fontconfig")


@dataclass(frozen=True)
class Record:
    """One output file as the manifest knows it."""

    schluessel: str
    bytes: int
    sha256: str
    seiten: int  # the booklet's A5 pages
    notfall: tuple[int, int] | None = None  # first and last page of the emergency numbers when they run over


def environment_key(content_root: Path | None, template_folder: Path | None) -> str:
    """What every booklet's layout depends on besides its HTML (computed once per run, before the workers start)."""
    digest = hashlib.sha256(f"{FORMAT} {program_fingerprint()}".encode())
    for package in LAYOUT_PACKAGES:
        try:
            digest.update(f"\0{package} {importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"\0{package} -".encode())
    for library in _TEXT_LIBRARIES:
        digest.update(f"\0{library} {text_library_version(library)}".encode())
    digest.update(b"\0" + fonts_identity().encode())
    if template_folder is not None:  # the content folder's own templates may replace the booklet's
        for path in sorted(template_folder.rglob("*")):
            if path.is_file():
                digest.update(b"\0" + path.relative_to(template_folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


# The libraries WeasyPrint lays text out with, by the names WeasyPrint loads them by (weasyprint/text/ffi.py), and
# the function that tells each one's version: a new Pango breaks lines differently, a new HarfBuzz shapes glyphs
# differently. Asked through ctypes: importing WeasyPrint's cffi bindings to ask took 2.3 of the 3.7 seconds of a
# print of the demo with nothing changed (issue 31).
_TEXT_LIBRARIES = {
    "pango": (("libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0", "libpango-1.0.dylib",
               "libpango-1.0-0.dll"), "pango_version_string"),
    "harfbuzz": (("libharfbuzz-0", "harfbuzz", "harfbuzz-0.0", "libharfbuzz.so.0", "libharfbuzz.0.dylib",
                  "libharfbuzz-0.dll"), "hb_version_string"),
}


def text_library_version(library: str) -> str:
    """The version of Pango or HarfBuzz as the library itself tells it; "-" where it cannot be loaded."""
    import ctypes

    names, function = _TEXT_LIBRARIES[library]
    for name in names:
        try:
            loaded = ctypes.CDLL(name)
        except OSError:
            continue
        version = getattr(loaded, function, None)
        if version is None:
            return "-"
        version.restype = ctypes.c_char_p
        answer = version()
        return answer.decode("ascii", "replace") if isinstance(answer, bytes) else "-"
    return "-"


def fonts_identity() -> str:
    """The installed fonts as fontconfig finds them: every font file with its size and time of change, and the
    configuration that chooses among them. A font installed, removed or updated changes it."""
    try:
        listed = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, timeout=120,
                                check=False).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        listed = []
    files = sorted(set(listed)) or sorted(str(p) for folder in FONT_FOLDERS
                                          for p in _files(Path(folder).expanduser()))
    config = sorted(str(p) for folder in FONT_CONFIG for p in _files(Path(folder).expanduser()))
    digest = hashlib.sha256()
    for name in (*files, "", *config):
        digest.update(f"{name}\0{_state(Path(name)) if name else ''}\n".encode("utf-8", "surrogateescape"))
    for variable in ("FONTCONFIG_FILE", "FONTCONFIG_PATH"):
        digest.update(f"{variable}={os.environ.get(variable, '')}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.rglob("*") if p.is_file()]
    except OSError:
        return []


def _state(path: Path) -> str:
    try:
        status = path.stat()
    except OSError:
        return "-"
    return f"{status.st_size} {status.st_mtime_ns}"


def booklet_key(environment: str, first_html: str, *details: str) -> str:
    """The key of a booklet's layout: its first HTML, the environment and the details its files share."""
    digest = hashlib.sha256(environment.encode())
    for detail in details:
        digest.update(b"\0" + detail.encode("utf-8", "surrogateescape"))
    digest.update(b"\0" + first_html.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def file_key(booklet: str, kind: str) -> str:
    return f"{booklet}-{kind}"


def digest_of(path: Path) -> tuple[int, str] | None:
    """The file's size and SHA-256 (None: no such file)."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
                size += len(block)
    except OSError:
        return None
    return size, digest.hexdigest()


def record_of(path: Path, key: str, pages: int, notfall: tuple[int, int] | None) -> Record:
    """The record of a file just written."""
    found = digest_of(path)
    assert found is not None, path  # written a moment ago by this process
    return Record(key, found[0], found[1], pages, notfall)


def verified(out: Path, name: str, key: str, manifest: dict[str, Record]) -> Record | None:
    """The manifest's record of ``name`` when it is for ``key`` and the file is what the record says it is."""
    record = manifest.get(name)
    if record is None or record.schluessel != key:
        return None
    try:
        if (out / name).stat().st_size != record.bytes:  # cheap first: a truncated file needs no hashing
            return None
    except OSError:
        return None
    return record if digest_of(out / name) == (record.bytes, record.sha256) else None


def load(out: Path) -> dict[str, Record]:
    """The manifest of the print folder; missing, damaged or of another format: empty (everything is laid out)."""
    try:
        stored = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = stored.get("dateien") if isinstance(stored, dict) and stored.get("format") == FORMAT else None
        if not isinstance(files, dict):
            return {}
        return {name: _record(value) for name, value in files.items() if _valid(name, value)}
    except (OSError, ValueError, TypeError):
        return {}


def _valid(name: object, value: object) -> bool:
    if not isinstance(name, str) or "/" in name or not isinstance(value, dict):
        return False
    notfall = value.get("notfall")
    return (isinstance(value.get("schluessel"), str) and isinstance(value.get("sha256"), str)
            and type(value.get("bytes")) is int and type(value.get("seiten")) is int
            and (notfall is None or (isinstance(notfall, list) and len(notfall) == 2
                                     and all(type(n) is int for n in notfall))))


def _record(value: dict[str, object]) -> Record:
    notfall = value.get("notfall")
    return Record(str(value["schluessel"]), int(str(value["bytes"])), str(value["sha256"]), int(str(value["seiten"])),
                  (int(str(notfall[0])), int(str(notfall[1]))) if isinstance(notfall, list) else None)


def save(out: Path, manifest: dict[str, Record]) -> None:
    """Write the manifest atomically (after the files it names: see the module's docstring)."""
    data = {"format": FORMAT, "dateien": {name: asdict(record) for name, record in sorted(manifest.items())}}
    write_atomically(out / MANIFEST, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
