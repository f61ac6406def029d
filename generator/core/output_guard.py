"""Output paths: where a command may write, and how wegweiser recognises the folders it made itself.

Every command that writes (build, serve, print, demo-data) asks ``check_output`` before it writes anything.
A path is refused when it is an existing file; when it is the project folder, one of its parents, or is or
lies inside its ``content/``, ``quartiere/`` or ``templates/``; or when it is a non-empty folder that
wegweiser did not create. Folders wegweiser creates carry a marker file; folders built by versions before the
marker existed are recognised by their exact shape, conservatively (one unknown name and they are foreign).

Environment errors (disk full, read-only, no permission) become one German sentence naming the path.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Callable
from enum import Enum
from pathlib import Path

PROTECTED = ("content", "quartiere", "templates")


class Kind(Enum):
    """What a command writes; the value is the name of its marker file."""

    SITE = ".wegweiser-site"
    PRINT = ".wegweiser-druck"
    DEMO = ".wegweiser-demo"


_MARKER_TEXT = ("Diesen Ordner hat wegweiser angelegt ({what}). Er wird beim nächsten Lauf ersetzt: "
                "Legen Sie hier keine eigenen Dateien ab.\n")
_WHAT = {Kind.SITE: "die gebaute Website", Kind.PRINT: "die Druckhefte", Kind.DEMO: "erfundene Beispielinhalte"}

# The shape of a site built before the marker existed: only these names at the top, and the first four present.
_OLD_SITE_NAMES = {"index.html", "404.html", "sitemap.xml", "sitemap.xml.gz", "assets", "pagefind", "quartiere",
                   "region", "seiten", "suche", "themen", "druck", ".pagefind-alt", "merkliste",
                   "mein-kind", "termine", "offline", "sw.js", "neu.xml", "daten"}
_OLD_PRINT_FILE = re.compile(r"[a-z0-9-]+(-heft-a5\.pdf|-druckbogen-a4\.pdf|\.html)(\.tmp)?")
_OLD_DEMO_START = "titel: Familienwegweiser Musterstadt\nregion: Musterstadt\n"


class OutputRefused(Exception):
    """The output path would put files that are not ours at risk; the message is German and names the path."""


def expanded(path: Path) -> Path:
    """``path`` with "~" or "~user" expanded; OutputRefused when there is no such user or home folder."""
    try:
        return path.expanduser()
    except RuntimeError:
        raise OutputRefused(f"„{path}“: Den Benutzer „{path.parts[0]}“ (oder seinen Ordner) gibt es auf diesem "
                            "Rechner nicht. Geben Sie den Pfad ohne „~“ an. Es wurde nichts verändert.") from None


def check_output(out: Path, kind: Kind, root: Path | None = None) -> Path:
    """The absolute output path, if ``kind`` may be written (and later replaced) there; else OutputRefused.

    ``root`` is the project folder the command reads. Nothing is written or deleted here.
    """
    target = Path(os.path.abspath(expanded(out))).resolve()
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"Das Ziel „{target}“ ist eine Datei, kein Ordner. Geben Sie mit -o einen neuen "
                            "oder leeren Ordner an; die Datei bleibt unverändert.")
    projects = _projects_around(target, root)
    for project in projects:
        _refuse_project_paths(target, project)
    if target.is_dir() and not _may_replace(target, kind):
        if _is_project(target):
            raise OutputRefused(f"Der Ordner „{target}“ enthält Inhalte (content/ und quartiere/). wegweiser "
                                "schreibt nie in einen Inhaltsordner; geben Sie mit -o einen neuen oder leeren "
                                "Ordner an.")
        other = next((k for k in Kind if is_marked(target, k)), None)
        if other is not None:
            raise OutputRefused(f"Der Ordner „{target}“ enthält {_WHAT[other]}, nicht {_WHAT[kind]}; geben Sie "
                                "mit -o einen anderen Ordner an. Es wurde nichts verändert.")
        example = sorted(p.name for p in _entries(target))[0]
        raise OutputRefused(f"Der Ordner „{target}“ ist nicht leer (z. B. „{example}“) und wurde nicht von "
                            "wegweiser angelegt. wegweiser ersetzt nur Ordner, die es selbst angelegt hat; geben "
                            "Sie mit -o einen neuen oder leeren Ordner an. Es wurde nichts verändert.")
    return target


def _projects_around(target: Path, root: Path | None) -> list[Path]:
    """The project the command reads (``root``) and every project folder ``target`` lies in."""
    projects = [p for p in target.parents if _is_project(p)]
    if root is not None:
        projects.insert(0, root.resolve())
    return projects


def check_output_file(out: Path, ours: Callable[[bytes], bool], root: Path | None = None,
                      example: str = "pruefliste.md") -> Path:
    """The absolute path of a single output file (``pruefliste -o``), if it may be written there; else OutputRefused.

    Refused: a folder; anything in a project's ``content/``, ``quartiere/``, ``templates/`` or ``.git/``; an
    existing file whose first bytes ``ours`` does not recognise as an earlier output of the same command.
    ``example`` is the file name the message suggests for a folder.
    """
    target = Path(os.path.abspath(expanded(out))).resolve()
    if target.is_dir():
        raise OutputRefused(f"Das Ziel „{target}“ ist ein Ordner. Geben Sie mit -o den Namen einer Datei an, "
                            f"z. B. „{example}“.")
    projects = _projects_around(target, root)
    for project in projects:
        for name in (*PROTECTED, ".git"):
            if project / name in target.parents:
                raise OutputRefused(f"Das Ziel „{target}“ liegt im Ordner „{project / name}“ des Projekts. "
                                    "wegweiser schreibt nie zwischen Ihre Inhalte; geben Sie mit -o eine Datei "
                                    "außerhalb an. Es wurde nichts verändert.")
    if target.exists():
        try:
            with target.open("rb") as handle:
                head = handle.read(2048)
        except OSError:
            head = b""
        if not ours(head):
            raise OutputRefused(f"Die Datei „{target}“ gibt es schon, und wegweiser hat sie nicht geschrieben. "
                                "wegweiser ersetzt nur eine Datei, die derselbe Befehl angelegt hat; geben Sie mit "
                                "-o einen neuen Dateinamen an. Es wurde nichts verändert.")
    return target


def check_new_project(target_path: Path, staging: Path | None = None) -> Path:
    """The absolute path for a new project (``wegweiser init``), if one may be created there; else OutputRefused.

    Refused: an existing file; a folder that is not empty (a project already there, or anything else: init only
    ever fills a new or empty folder, so it cannot overwrite a thing); a place inside another project or inside a
    ``.git`` folder. Nothing is written or deleted here. ``staging``: init's own temporary folder inside an empty
    mount point, which does not count.
    """
    target = Path(os.path.abspath(expanded(target_path))).resolve()
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"„{target}“ ist eine Datei, kein Ordner. Geben Sie einen neuen oder leeren Ordner an; "
                            "die Datei bleibt unverändert.")
    if ".git" in target.parts:
        raise OutputRefused(f"„{target}“ liegt in einem .git-Ordner (dort verwaltet git seine Daten). Geben Sie "
                            "einen Ordner außerhalb an. Es wurde nichts verändert.")
    around = next((p for p in target.parents if _is_project(p)), None)
    if around is not None:
        raise OutputRefused(f"„{target}“ liegt im Familienwegweiser „{around}“. Ein neuer Wegweiser bekommt einen "
                            f"eigenen Ordner außerhalb, z. B. „{around.parent / target.name}“. Es wurde nichts "
                            "verändert.")
    if target.is_dir():
        try:
            entries = sorted(p.name for p in _entries(target) if staging is None or p != staging)
        except OSError as exc:
            raise OutputRefused(environment_message(exc, target) or str(exc)) from None
        if _is_project(target):
            raise OutputRefused(f"In „{target}“ gibt es schon einen Familienwegweiser (content/site.yaml). "
                                "„wegweiser init“ legt nur neue an und ändert keinen bestehenden: Bearbeiten Sie "
                                "ihn, oder geben Sie einen neuen Ordner an. Es wurde nichts verändert.")
        if entries:
            raise OutputRefused(f"Der Ordner „{target}“ ist nicht leer (z. B. „{entries[0]}“). „wegweiser init“ "
                                "schreibt nur in einen neuen oder leeren Ordner, damit nichts Fremdes überschrieben "
                                "wird. Geben Sie einen neuen Ordner an. Es wurde nichts verändert.")
    return target


def mark(folder: Path, kind: Kind, details: dict[str, str] | None = None) -> None:
    """Mark ``folder`` as made by wegweiser for ``kind``, so that a later run may replace it; ``details`` are
    lines ``name: value`` a later run reads back (``marked_details``)."""
    lines = "".join(f"{name}: {value}\n" for name, value in (details or {}).items())
    (folder / kind.value).write_text(_MARKER_TEXT.format(what=_WHAT[kind]) + lines, encoding="utf-8")


def marked_details(folder: Path, kind: Kind) -> dict[str, str]:
    """The ``details`` a run wrote into ``folder``'s marker (empty when there are none or no marker)."""
    try:
        text = (folder / kind.value).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    return dict(line.split(": ", 1) for line in text.splitlines()[1:] if ": " in line)


def is_marked(folder: Path, kind: Kind) -> bool:
    return (folder / kind.value).is_file()


def _refuse_project_paths(target: Path, project: Path) -> None:
    hint = f" Dort liegen Ihre Inhalte; geben Sie mit -o einen eigenen Ordner an, z. B. „{project / 'site'}“."
    if target == project:
        raise OutputRefused(f"Das Ziel „{target}“ ist der Projektordner selbst.{hint}")
    if target in project.parents:
        raise OutputRefused(f"Das Ziel „{target}“ enthält den Projektordner „{project}“.{hint}")
    for name in PROTECTED:
        folder = project / name
        if target == folder:
            raise OutputRefused(f"Das Ziel „{target}“ ist der Ordner „{name}/“ des Projekts.{hint}")
        if folder in target.parents:
            raise OutputRefused(f"Das Ziel „{target}“ liegt im Ordner „{folder}“ des Projekts.{hint}")


def _is_project(folder: Path) -> bool:
    return (folder / "content" / "site.yaml").is_file() or ((folder / "content").is_dir()
                                                             and (folder / "quartiere").is_dir())


def _entries(folder: Path) -> list[Path]:
    """The folder's entries; an empty file system's ``lost+found`` does not count."""
    found = list(folder.iterdir())
    if os.path.ismount(folder):
        found = [p for p in found if p.name != "lost+found"]
    return found


def _may_replace(folder: Path, kind: Kind) -> bool:
    if is_marked(folder, kind):
        return True
    entries = _entries(folder)
    if kind is Kind.SITE:
        # Booklets printed before the first build: a build carries druck/ over whole, so it loses nothing.
        entries = [p for p in entries if not (p.name == "druck" and p.is_dir())]
    if not entries:
        return True
    if kind is Kind.SITE:
        return _old_site(folder, {p.name for p in entries})
    if kind is Kind.PRINT:
        return all(p.is_file() and _OLD_PRINT_FILE.fullmatch(p.name) for p in entries)
    return _old_demo(folder, {p.name for p in entries})


def _old_site(folder: Path, names: set[str]) -> bool:
    """A site built before sites were marked: nothing but the names a build writes, and its core files."""
    if not names <= _OLD_SITE_NAMES | {n for n in names if n.startswith((".suche-neu-", ".site-bau-"))}:
        return False
    core = [folder / "index.html", folder / "sitemap.xml", folder / "pagefind" / "pagefind.js"]
    if not all(p.is_file() for p in core) or not (folder / "assets" / "wegweiser").is_dir():
        return False
    try:
        head = (folder / "index.html").read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return False
    return 'name="generator" content="mkdocs-' in head


def _old_demo(folder: Path, names: set[str]) -> bool:
    """Demo data written before it was marked: content/ and quartiere/ exactly as demo-data writes them."""
    if names != {"content", "quartiere"}:
        return False
    site = folder / "content" / "site.yaml"
    try:
        if not site.read_text(encoding="utf-8").startswith(_OLD_DEMO_START):
            return False
    except (OSError, UnicodeDecodeError):
        return False
    if not {p.name for p in (folder / "content").iterdir()} <= {"site.yaml", "kategorien.yaml", "seiten"}:
        return False
    return all(re.fullmatch(r"quartier-\d{3}", p.name) for p in (folder / "quartiere").iterdir())


# --- environment errors ------------------------------------------------------------------------------------

_CAUSES = {
    errno.ENOSPC: ("Der Datenträger ist voll", "Schaffen Sie Platz und starten Sie den Befehl erneut."),
    errno.EDQUOT: ("Ihr Speicherkontingent ist erschöpft", "Schaffen Sie Platz und starten Sie den Befehl erneut."),
    errno.EROFS: ("Das Dateisystem ist schreibgeschützt", "Wählen Sie {choose}einen beschreibbaren Ordner."),
    errno.EACCES: ("Keine Berechtigung", "Prüfen Sie die Rechte oder wählen Sie {choose}einen anderen Ordner."),
    errno.EPERM: ("Nicht erlaubt", "Prüfen Sie die Rechte oder wählen Sie {choose}einen anderen Ordner."),
    errno.EIO: ("Lese- oder Schreibfehler des Datenträgers", "Prüfen Sie den Datenträger."),
    errno.EMFILE: ("Zu viele offene Dateien", "Erhöhen Sie die Grenze (ulimit -n)."),
    errno.ENFILE: ("Zu viele offene Dateien im System", "Versuchen Sie es später erneut."),
    errno.ENAMETOOLONG: ("Der Pfad ist zu lang", "Wählen Sie einen kürzeren Zielordner."),
    errno.EBUSY: ("Der Ordner ist belegt", "Schließen Sie Programme, die ihn benutzen."),
}


def os_error_details(exc: OSError) -> tuple[int | None, str | None]:
    """The error number and the path of an OSError, also of the list that shutil.copytree raises."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        # copytree collects (source, destination, "[Errno 28] …") and raises them together.
        _source, destination, why = exc.args[0][0]
        found = re.search(r"\[Errno (\d+)\]", str(why))
        return (int(found.group(1)) if found else None), str(destination)
    return exc.errno, (os.fsdecode(exc.filename) if exc.filename is not None else None)


def environment_message(exc: OSError, fallback: Path | None = None, choose: str = "mit -o ") -> str | None:
    """One German sentence (path and cause) for an error of the machine rather than of wegweiser, else None.
    ``choose``: how the user names another folder ("mit -o " for build and print; "" for init's ORDNER)."""
    number, path = os_error_details(exc)
    if number not in _CAUSES:
        return None
    cause, hint = _CAUSES[number]
    hint = hint.format(choose=choose)
    where = path or (str(fallback) if fallback else None)
    return f"{cause}: „{where}“. {hint}" if where else f"{cause}. {hint}"
