"""The browser form's local backend: the API of Decap's decap-server (file-system mode), served by the preview.

decap-server (Node.js) wrote, read and deleted any file of the project for any request (a Makefile, Git hooks,
``.git/config``), granted CORS to every ``http://localhost:*`` page and answered any ``Host``. This backend

- reads, writes and deletes only below ``content/``, ``quartiere/`` and the media folder: each path is checked as
  given (no absolute path, no ``..``, no hidden name such as ``.git``, no backslash, colon or control character)
  and then by its real path (a link may not lead out);
- is reached only at an address holding a secret made for each ``serve`` session, and only from the form's own
  origin at the preview's own host name: ``serve.py`` checks the request before it calls :meth:`LocalBackend.answer`;
- writes atomically: a temporary file beside the target, renamed over it (the preview sees the rename and rebuilds).

Actions are those decap-server knows in file-system mode; the editorial workflow's are unknown there too (422).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import re
import secrets
import stat
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from wegweiser.core.processes import process_tag, tag_alive
from wegweiser.editors import roundtrip
from wegweiser.editors.form_check import SaveRefused, check_save

AREAS = ("content", "quartiere")  # below these the form may read, write and delete
MEDIA_FOLDER = "content/medien"  # Decap's media_folder (cms.py), also an area
API = "/redaktion/api/"  # the API lives at API + <secret> + "/v1"
MAX_BODY = 50 * 1024 * 1024  # decap-server's limit (express.json)
MAX_DEPTH = 20  # folder levels listed at most (a link inside the areas may point to its own folder)

Json = dict[str, object] | list[object] | str | None


class Refused(Exception):
    """A request the backend does not carry out; ``status`` and the German ``message`` go to the form."""

    def __init__(self, status: int, message: str, fields: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or []  # a save check refused: (field, German message) for the form to show there


def _shown(given: str) -> str:
    """A path from a request, safe to repeat in a message."""
    text = "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in given)
    return text if len(text) <= 120 else text[:119] + "…"


def _name_refused(part: str) -> bool:
    """A path component the form never writes: empty, ``.``/``..``, hidden (``.git``, our temporary files), or
    holding a character that means something else on another system or to the kernel."""
    return not part or part.startswith(".") or any(c in "\\:" or not c.isprintable() for c in part)


def _inside(real: str, areas: list[str], itself: bool = False) -> bool:
    """Whether the real path ``real`` lies below one of ``areas`` (``itself``: or is one of them)."""
    return any(real.startswith(area + os.sep) or (itself and real == area) for area in areas)


_TEMPORARY = re.compile(r"\.formular-(\d+)-(\d+)-[0-9a-f]+\.neu")


def remove_leftovers(folder: Path) -> None:
    """Remove the temporary files in ``folder`` of form backends that were killed while writing."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        found = _TEMPORARY.fullmatch(name)
        if found and not tag_alive(found.group(1), found.group(2)):
            with contextlib.suppress(OSError):  # not a file after all, or gone meanwhile: not ours to force
                (folder / name).unlink()


def replace_file(target: Path, data: bytes) -> None:
    """Replace ``target`` by ``data``: a temporary file beside it (hidden, so the preview and ``check`` ignore it;
    named for this process, so a later save removes it if the process is killed meanwhile), flushed to disk and
    renamed over it, keeping the old file's permissions."""
    remove_leftovers(target.parent)
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    temporary = target.with_name(f".formular-{process_tag()}-{secrets.token_hex(6)}.neu")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)  # replaces a link itself, never the file it points to
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _refusal(messages: list[tuple[str, str]], done: str = "gespeichert") -> str:
    """The German summary of a refused save (or deletion), for Decap's message (our form shows each message at its
    field)."""
    fields = list(dict.fromkeys(field for field, _ in messages if field))
    named = f" (Felder: {', '.join(f'„{field}“' for field in fields)})" if fields else ""
    return (f"Nicht {done}: „wegweiser check“ fände {len(messages)} Fehler{named}. "
            + " ".join(message for _, message in messages))


def _fields_json(messages: list[tuple[str, str]]) -> list[object]:
    return [{"feld": field, "meldung": message} for field, message in messages]


class LocalBackend:
    """The file-system actions of Decap's proxy backend, confined to the content folders of ``root``."""

    def __init__(self, root: Path, secret: str | None = None, media_folder: str = MEDIA_FOLDER,
                 today: Callable[[], date] = date.today) -> None:
        self.root = root
        self.today = today
        self.secret = secret or secrets.token_urlsafe(32)
        self.path = f"{API}{self.secret}/v1"
        self.folders = (*AREAS, media_folder)
        # the preview answers requests in threads: a save is checked against the files as they are, so no other
        # save may write between its check and its writing (two new entries with one slug would both pass)
        self._writing = threading.Lock()
        self._actions: dict[str, Callable[[dict[str, object]], Json]] = {
            "info": self._info, "entriesByFolder": self._entries_by_folder, "entriesByFiles": self._entries_by_files,
            "getEntry": self._get_entry, "persistEntry": self._persist_entry, "getMedia": self._get_media,
            "getMediaFile": self._get_media_file, "persistMedia": self._persist_media,
            "deleteFile": self._delete_file, "deleteFiles": self._delete_files,
            "getDeployPreview": lambda params: None,
            "validateEntry": self._validate_entry,  # ours: persistEntry's check without writing
        }

    # --- the request ------------------------------------------------------------------------------
    def answer(self, body: bytes) -> tuple[int, Json]:
        """The HTTP status and the JSON answer to a request body (``{"action": …, "params": {…}}``)."""
        try:
            request = json.loads(body)
        except (ValueError, RecursionError):
            return 422, {"error": "Die Anfrage ist kein gültiges JSON."}
        if not isinstance(request, dict):
            return 422, {"error": "Die Anfrage ist kein JSON-Objekt."}
        action, params = request.get("action"), request.get("params", {})
        handler = self._actions.get(action) if isinstance(action, str) else None
        if handler is None:
            return 422, {"error": f"Das Formular kennt die Aktion „{_shown(str(action))}“ nicht."}
        if params is None:
            params = {}
        if not isinstance(params, dict):
            return 422, {"error": "„params“ ist kein JSON-Objekt."}
        try:
            return 200, handler(params)
        except Refused as refused:
            if refused.fields:  # "error" for Decap, "felder" for our form (templates/redaktion/pruefung.js)
                return refused.status, {"error": refused.message, "felder": _fields_json(refused.fields)}
            return refused.status, {"error": refused.message}
        except OSError as exc:
            where = f" ({_shown(str(exc.filename))})" if exc.filename else ""
            return 500, {"error": f"Die Datei ließ sich nicht bearbeiten{where}: {exc.strerror or exc}."}

    # --- paths ------------------------------------------------------------------------------------
    def _areas(self) -> list[str]:
        """The real paths of the folders the form may use: each exactly where it stands in the project. A folder
        that is a link, or lies below one (``content/medien`` → ``../.git``, ``content`` → ``..``), is none: a link
        can be committed, and would open whatever it points to."""
        root = os.path.realpath(self.root)
        found = []
        for folder in self.folders:
            where = os.path.join(root, *folder.split("/"))
            if os.path.realpath(where) == where:
                found.append(where)
        return found

    def locate(self, given: object, what: str = "path", folder: bool = False) -> Path:
        """The real path of ``given`` (relative to the project, with ``/``), if it lies below one of the folders
        (``folder``: or is one of them); else :class:`Refused` (403)."""
        if not isinstance(given, str) or not given:
            raise Refused(422, f"„{what}“ fehlt oder ist kein Text.")
        parts = (given[:-1] if folder and given.endswith("/") else given).split("/")
        refused = [part for part in parts if _name_refused(part)]
        areas = self._areas()
        if refused == [parts[-1]] and parts[-1].strip(".") and not folder and \
                _inside(os.path.realpath(os.path.join(self.root, *parts[:-1])), areas, itself=True):
            # e.g. the name ".NET-Kurs" made the file name ".net-kurs.yaml", which the loader skips as hidden
            raise Refused(403, f"„{_shown(parts[-1])}“: Eine Datei, deren Name mit einem Punkt beginnt (der "
                               "Wegweiser liest sie nicht) oder Zeichen wie \\ oder : enthält, speichert das "
                               "Formular nicht. Ändern Sie den Namen.")
        real = "" if refused else os.path.realpath(os.path.join(self.root, *parts))
        if not real or not _inside(real, areas, itself=folder):
            *first, last = [f"{name}/" for name in dict.fromkeys(self.folders)]
            raise Refused(403, f"„{_shown(given)}“ liegt außerhalb von {', '.join(first)} und {last}; dort liest, "
                               "schreibt und löscht das Formular nichts.")
        return Path(real)

    # --- reading ----------------------------------------------------------------------------------
    def _info(self, params: dict[str, object]) -> Json:
        return {"repo": os.path.basename(os.path.realpath(self.root)), "publish_modes": ["simple"],
                "type": "local_fs"}

    def _entry(self, real: Path, shown: str, label: object = None) -> dict[str, object]:
        try:
            data: bytes | None = real.read_bytes()
        except OSError:
            data = None
        file: dict[str, object] = {"path": shown, "id": hashlib.sha256(data).hexdigest() if data is not None else None}
        if isinstance(label, str):
            file["label"] = label
        return {"data": data.decode("utf-8", "replace") if data is not None else None, "file": file}

    def _get_entry(self, params: dict[str, object]) -> Json:
        return self._entry(self.locate(params.get("path")), str(params.get("path")))

    def _entries_by_files(self, params: dict[str, object]) -> Json:
        files = params.get("files")
        if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
            raise Refused(422, "„files“ ist keine Liste von Dateien.")
        located = [(self.locate(f.get("path")), str(f.get("path")), f.get("label")) for f in files]  # all, then read
        entries: list[object] = [self._entry(real, shown, label) for real, shown, label in located]
        return entries

    def _entries_by_folder(self, params: dict[str, object]) -> Json:
        extension, depth = params.get("extension"), params.get("depth")
        if not isinstance(extension, str) or not isinstance(depth, int) or isinstance(depth, bool):
            raise Refused(422, "„extension“ oder „depth“ fehlt.")
        entries: list[object] = [self._entry(real, shown)
                                 for real, shown in self._listing(params.get("folder"), extension, depth)]
        return entries

    def _listing(self, given: object, extension: str, depth: int) -> list[tuple[Path, str]]:
        """The files in folder ``given`` and its subfolders down to ``depth`` levels whose names end with
        ``extension`` (as decap-server lists them): their real paths and their paths relative to the project as the
        form names them. Links leading out and hidden files are left out."""
        folder = self.locate(given, "folder", folder=True)
        areas = self._areas()
        found: list[tuple[Path, str]] = []
        seen: set[str] = set()  # two links to a parent would otherwise make 2^depth folders to walk

        def walk(shown: str, real: str, levels: int) -> None:
            if levels <= 0 or real in seen:
                return
            seen.add(real)
            try:
                entries = sorted(os.scandir(real), key=lambda entry: entry.name)
            except OSError:
                return
            for entry in entries:
                # below a real folder inside the areas only a link can lead elsewhere
                path = os.path.realpath(entry.path) if entry.is_symlink() else entry.path
                if _name_refused(entry.name) or not _inside(path, areas):
                    continue
                if os.path.isdir(path):
                    walk(f"{shown}/{entry.name}", path, levels - 1)
                elif f"{shown}/{entry.name}".endswith(extension):
                    found.append((Path(path), f"{shown}/{entry.name}"))

        walk(str(given).rstrip("/"), str(folder), min(depth, MAX_DEPTH))
        return found

    def _media_file(self, real: Path, shown: str) -> dict[str, object]:
        content = real.read_bytes()
        return {"id": hashlib.sha256(content).hexdigest(), "content": base64.b64encode(content).decode("ascii"),
                "encoding": "base64", "path": shown, "name": shown.rsplit("/", 1)[-1]}

    def _get_media(self, params: dict[str, object]) -> Json:
        files: list[object] = [self._media_file(real, shown)
                               for real, shown in self._listing(params.get("mediaFolder"), "", 1)]
        return files

    def _get_media_file(self, params: dict[str, object]) -> Json:
        return self._media_file(self.locate(params.get("path")), str(params.get("path")))

    # --- writing and deleting ---------------------------------------------------------------------
    def _write(self, target: Path, data: bytes) -> None:
        if target.is_dir():
            raise Refused(422, f"„{_shown(str(target.name))}“ ist ein Ordner, keine Datei.")
        target.parent.mkdir(parents=True, exist_ok=True)  # the missing folders lie below the checked real path
        replace_file(target, data)

    def _asset(self, asset: object) -> tuple[Path, bytes]:
        if not isinstance(asset, dict) or asset.get("encoding") != "base64" or \
                not isinstance(asset.get("content"), str):
            raise Refused(422, "Eine Datei kommt nicht base64-kodiert.")
        target = self.locate(asset.get("path"))
        media = os.path.join(os.path.realpath(self.root), *self.folders[-1].split("/"))
        if not _inside(str(target), [media]):  # elsewhere check would read it, unchecked: an entry, site.yaml
            raise Refused(403, f"„{_shown(str(asset.get('path')))}“: Bilder und Dateien speichert das Formular nur "
                               f"in {self.folders[-1]}/.")
        try:
            return target, base64.b64decode(str(asset["content"]), validate=True)
        except (binascii.Error, ValueError):
            raise Refused(422, f"„{_shown(str(asset.get('path')))}“ ist nicht gültig base64-kodiert.") from None

    def _persist_entry(self, params: dict[str, object]) -> Json:
        with self._writing:
            return self._persist_checked(params)

    def _persist_checked(self, params: dict[str, object]) -> Json:
        texts, moved = self._checked_texts(params)
        assets = params.get("assets", [])
        assert isinstance(assets, list)
        writes = [(target, text.encode("utf-8")) for target, text in texts.items()]
        writes += [self._asset(asset) for asset in assets]
        for target, data in writes:
            self._write(target, data)
        written = {target for target, _ in writes}
        for source in moved:
            if source not in written:
                source.unlink(missing_ok=True)
        return {"message": "entry persisted"}

    def _validate_entry(self, params: dict[str, object]) -> Json:
        """What persistEntry would answer about the files, without writing anything: ``{"felder": []}`` if it would
        save them, else a 422 with the messages."""
        self._checked_texts(params)
        return {"felder": []}

    def _checked_texts(self, params: dict[str, object]) -> tuple[dict[Path, str], list[Path]]:
        """The texts a save would write (real path → text) and the files it would move away, after the paths'
        checks and ``check``'s (:class:`Refused` if any fails)."""
        files = params.get("dataFiles", [params.get("entry")])
        assets = params.get("assets", [])
        if not isinstance(files, list) or not files or not isinstance(assets, list):
            raise Refused(422, "„dataFiles“ oder „assets“ fehlt.")
        texts: dict[Path, str] = {}
        moved: list[Path] = []
        for file in files:  # every path checked before anything is written
            if not isinstance(file, dict) or not isinstance(file.get("raw"), str):
                raise Refused(422, "Ein Eintrag kommt ohne Inhalt („raw“).")
            source = self.locate(file.get("path"))
            target = self.locate(file.get("newPath"), "newPath") if file.get("newPath") else source
            if target != source:  # renamed (decap-server moves the file after writing it)
                if target.exists():  # another entry's file: a rename never replaces it
                    raise Refused(422, f"„{_shown(str(file.get('newPath')))}“ gibt es schon: Das Formular "
                                       "überschreibt beim Umbenennen keinen anderen Eintrag. Wählen Sie einen "
                                       "anderen Namen.")
                moved.append(source)
            if target.is_dir():
                raise Refused(422, f"„{_shown(str(target.name))}“ ist ein Ordner, keine Datei.")
            try:
                texts[target] = roundtrip.merge(self._old_text(source), str(file["raw"]), str(file.get("path")),
                                                self.today())
            except roundtrip.MergeRefused as refused:
                raise Refused(422, str(refused)) from None
        try:
            check_save(self.root, texts, [source for source in moved if source not in texts], self.today())
        except SaveRefused as refused:
            raise Refused(422, _refusal(refused.messages), refused.messages) from None
        return texts, moved

    @staticmethod
    def _old_text(path: Path) -> str | None:
        """The text of the file a save replaces, line ends as they are; ``None`` for a new file (or one that is not
        text)."""
        try:
            return path.read_bytes().decode("utf-8")
        except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
            return None

    def _persist_media(self, params: dict[str, object]) -> Json:
        asset = params.get("asset")
        target, data = self._asset(asset)
        self._write(target, data)
        assert isinstance(asset, dict)
        return self._media_file(target, str(asset.get("path")))

    def _delete(self, paths: list[object]) -> None:
        with self._writing:
            self._delete_checked(paths)

    def _delete_checked(self, paths: list[object]) -> None:
        targets = [self.locate(path) for path in paths]  # every path checked before anything is deleted
        for target in targets:
            if target.is_dir():
                raise Refused(422, f"„{_shown(target.name)}“ ist ein Ordner; das Formular löscht nur Dateien.")
        try:  # a contact or category other files still name: check would refuse the project without it
            check_save(self.root, {}, targets, self.today())
        except SaveRefused as refused:
            raise Refused(422, _refusal(refused.messages, "gelöscht"), refused.messages) from None
        for target in targets:
            target.unlink(missing_ok=True)

    def _delete_file(self, params: dict[str, object]) -> Json:
        self._delete([params.get("path")])
        return {"message": f"deleted file {params.get('path')}"}

    def _delete_files(self, params: dict[str, object]) -> Json:
        paths = params.get("paths")
        if not isinstance(paths, list) or not paths:
            raise Refused(422, "„paths“ ist keine Liste von Dateien.")
        self._delete(paths)
        return {"message": f"deleted files {', '.join(map(str, paths))}"}
