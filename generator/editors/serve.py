"""Live preview for editors: serve the built site on 127.0.0.1 and update it when a file changes.

While the content has errors, every HTML page is sent with a banner that lists them (file:line:column and the
German message); a small script of the preview itself (``/.vorschau/``, same origin) asks for the current state
every second and updates or removes the banner, so an open page shows when an error appears or is fixed. When
pages were written again (``stand`` counts the updates) and there is no error, the script reloads the page and
keeps its scroll position.

The preview answers only requests addressed to itself (``Host: 127.0.0.1:<port>``): a page of another site whose
name was made to point at 127.0.0.1 (DNS rebinding) gets neither pages nor the browser form's configuration. With
``serve --redaktion`` it also serves the form's local backend (``cms_backend``) at an address holding the session's
secret, for requests from the form's own origin only.
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import html
import http.server
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from wegweiser.editors.form_backend import MAX_BODY, LocalBackend
from wegweiser.editors.preview import WATCHED, Preview, Status
from wegweiser.site.offline import WORKER

_IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~")

OWN = "/.vorschau/"  # the preview's own files (no page of the site starts with a dot); also in _SCRIPT
BANNER_ID = "ww-vorschau-fehler"  # also in _SCRIPT and _STYLE
SETTLE_S = 0.03  # the longest wait for the rest of a save's events (where the system does not report closing)
SHOWN_AT_MOST = 10  # errors listed in the banner; the terminal has all of them

_SCRIPT = """(function () {
  "use strict";
  var shown = document.getElementById("ww-vorschau-fehler");
  if (!shown) { return; }
  // No service worker in the preview (the site's script registers none here, /sw.js is not served): one left at
  // this address by a built site served here earlier would show kept pages once the preview has stopped.
  if (navigator.serviceWorker) {
    navigator.serviceWorker.getRegistrations().then(function (all) {
      all.forEach(function (registration) { registration.unregister(); });
    }).catch(function () {});
  }
  if (window.caches) {
    caches.keys().then(function (names) {
      names.forEach(function (name) { if (name.indexOf("ww-offline:") === 0) { caches.delete(name); } });
    }).catch(function () {});
  }
  var place = "ww-vorschau-scroll:" + location.pathname;
  var scrolled = sessionStorage.getItem(place);
  if (scrolled !== null) {
    sessionStorage.removeItem(place);
    window.scrollTo(0, Number(scrolled));
  }
  function reload(state) {
    if (state.titel || String(state.stand) === shown.getAttribute("data-stand")) { return false; }
    sessionStorage.setItem(place, String(window.scrollY));
    location.reload();
    return true;
  }
  function show(state) {
    if (String(state.version) === shown.getAttribute("data-version")) { return; }
    shown.setAttribute("data-version", String(state.version));
    shown.replaceChildren();
    shown.hidden = !state.titel;
    if (!state.titel) { return; }
    var title = document.createElement("p");
    title.className = "ww-vorschau-titel";
    title.textContent = state.titel;
    shown.appendChild(title);
    if (state.fehler.length) {
      var list = document.createElement("ul");
      state.fehler.forEach(function (item) {
        var li = document.createElement("li");
        var where = document.createElement("code");
        where.textContent = item.ort;
        li.appendChild(where);
        li.appendChild(document.createTextNode(" " + item.meldung));
        list.appendChild(li);
      });
      shown.appendChild(list);
    }
    if (state.weitere) {
      var more = document.createElement("p");
      more.textContent = state.weitere;
      shown.appendChild(more);
    }
  }
  function ask() {
    fetch("/.vorschau/status.json", {cache: "no-store"})
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (state) {
        if (state && reload(state)) { return true; }
        if (state) { show(state); }
        return false;
      })
      .catch(function () { return false; })
      .then(function (leaving) { if (!leaving) { setTimeout(ask, 1000); } });
  }
  setTimeout(ask, 1000);
})();
"""

_STYLE = """#ww-vorschau-fehler { position: fixed; z-index: 10000; left: 0; right: 0; bottom: 0; max-height: 45vh;
  overflow: auto; margin: 0; padding: 0.8rem 1.2rem; background: #fff4f2; color: #3d0a00;
  border-top: 0.3rem solid #b3261e; font: 0.85rem/1.45 system-ui, sans-serif;
  box-shadow: 0 -0.2rem 0.8rem rgba(0, 0, 0, 0.25); }
#ww-vorschau-fehler[hidden] { display: none; }
#ww-vorschau-fehler .ww-vorschau-titel { font-weight: bold; margin: 0 0 0.4rem; }
#ww-vorschau-fehler ul { margin: 0; padding-left: 1.2rem; }
#ww-vorschau-fehler code { font-weight: bold; overflow-wrap: anywhere; }
"""

_MISSING = ('<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Seite nicht gefunden – Vorschau</title>'
            '</head><body><h1>Diese Seite gibt es nicht.</h1><p>Vielleicht wurde die Datei gelöscht oder umbenannt. '
            '<a href="/">Zur Startseite</a></p></body></html>')


def status_data(status: Status) -> dict[str, object]:
    """The banner's content: a title (empty when all is well), the first errors, and how many more there are."""
    if status.failure:
        return {"version": status.version, "stand": status.stand, "titel": status.failure, "fehler": [],
                "weitere": ""}
    if not status.errors:
        return {"version": status.version, "stand": status.stand, "titel": "", "fehler": [], "weitere": ""}
    count = len(status.errors)
    title = (f"{count} Fehler im Inhalt – die Vorschau zeigt den letzten fehlerfreien Stand, bis "
             + ("er behoben ist." if count == 1 else "sie behoben sind."))
    items = [{"ort": str(p.loc), "meldung": f"{p.message} – {p.hint}" if p.hint else p.message}
             for p in status.errors[:SHOWN_AT_MOST]]
    more = f"… und {count - SHOWN_AT_MOST} weitere (alle im Terminal)." if count > SHOWN_AT_MOST else ""
    return {"version": status.version, "stand": status.stand, "titel": title, "fehler": items, "weitere": more}


def banner(status: Status) -> str:
    """The banner as HTML (every value escaped), with the preview's stylesheet and script."""
    data = status_data(status)
    inner = ""
    if data["titel"]:
        inner = f'<p class="ww-vorschau-titel">{html.escape(str(data["titel"]))}</p>'
        items = data["fehler"]
        assert isinstance(items, list)
        if items:
            inner += "<ul>" + "".join(f"<li><code>{html.escape(i['ort'])}</code> {html.escape(i['meldung'])}</li>"
                                      for i in items) + "</ul>"
        if data["weitere"]:
            inner += f'<p>{html.escape(str(data["weitere"]))}</p>'
    hidden = "" if inner else " hidden"
    return (f'<link rel="stylesheet" href="{OWN}vorschau.css">'
            f'<div id="{BANNER_ID}" role="alert" data-version="{status.version}" data-stand="{status.stand}"{hidden}>'
            f'{inner}</div>'
            f'<script src="{OWN}vorschau.js" defer></script>')


def with_banner(page: str, status: Status) -> str:
    """Put the banner at the end of the page's body."""
    end = page.rfind("</body>")
    if end < 0:
        return page + banner(status)
    return page[:end] + banner(status) + page[end:]


class _Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview
    own_answer = False  # the preview's own answer (_send_body), not a file; one request per handler (HTTP/1.0)
    timeout = 60  # seconds a request may stall (a connection that never sends its body holds a thread)

    def __init__(self, *args: object, preview: Preview, **kwargs: object) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        # A browser that leaves a page while it loads closes the connection in the middle of an answer: the
        # client is gone, which is no error of the preview (socketserver would print a traceback for it).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def own_host(self) -> str:
        address = self.server.server_address
        assert isinstance(address, tuple)
        return f"127.0.0.1:{address[1]}"

    def parse_request(self) -> bool:
        """Answer only requests for the preview's own address: a foreign ``Host`` (DNS rebinding) gets 403 before any
        method runs; ``localhost`` (the same machine) is sent on to 127.0.0.1, where the browser form works."""
        if not super().parse_request():
            return False
        own = self.own_host()
        hosts = self.headers.get_all("Host") or []
        if hosts == [own]:
            return True
        if len(hosts) == 1 and hosts[0].lower() == own.replace("127.0.0.1", "localhost") and \
                self.command in ("GET", "HEAD"):
            self.send_response(308)
            self.send_header("Location", f"http://{own}{self.path if self.path.startswith('/') else '/'}")
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
            return False
        self._refuse(403, f"Diese Vorschau antwortet nur unter http://{own}/.")
        return False

    def _refuse(self, code: int, message: str) -> None:
        body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
        self.send_response(code)
        self.send_header("Connection", "close")
        self._send_body(body, "application/json; charset=utf-8")

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path.startswith(OWN):
            self._own(path[len(OWN):])
            return
        if path == f"/{WORKER}":  # the site's service worker: none in the preview (see _SCRIPT)
            self.send_error(404)
            return
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not path.endswith("/"):
                super().do_GET()  # redirects to the address with "/"
                return
            file = file / "index.html"
        if file.suffix != ".html" and not path.endswith("/"):
            super().do_GET()
            return
        status = self.preview.status  # before the page: a page newer than its stand reloads once more, never less
        try:
            text, code = file.read_text("utf-8"), 200
        except (OSError, UnicodeDecodeError):  # a page that is gone (or not built yet): say so, with the errors
            text, code = _MISSING, 404
        self._send(with_banner(text, status).encode("utf-8"), "text/html; charset=utf-8", code)

    def _own(self, name: str) -> None:
        if name == "status.json":
            body = json.dumps(status_data(self.preview.status), ensure_ascii=False).encode("utf-8")
            self._send(body, "application/json; charset=utf-8")
        elif name == "vorschau.js":
            self._send(_SCRIPT.encode("utf-8"), "text/javascript; charset=utf-8")
        elif name == "vorschau.css":
            self._send(_STYLE.encode("utf-8"), "text/css; charset=utf-8")
        else:
            self.send_error(404)

    def _send(self, body: bytes, kind: str, code: int = 200) -> None:
        self.send_response(code)
        self._send_body(body, kind)

    def _send_body(self, body: bytes, kind: str) -> None:
        self.own_answer = True
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _relevant(path: Path, root: Path) -> bool:
    name = path.name
    if name.startswith((".", "#")) or name.endswith(_IGNORED_SUFFIXES):
        return False
    try:
        top = path.relative_to(root).parts[0]
    except (ValueError, IndexError):
        return False
    return top in WATCHED


class _MountHandler(_Handler):
    """Serves extra folders (the browser form at /redaktion/) next to the built site, and the form's local backend."""

    mounts: ClassVar[dict[str, Path]] = {}
    backend: ClassVar[LocalBackend | None] = None
    extensions_map: ClassVar[dict[str, str]] = {**_Handler.extensions_map, ".yml": "text/yaml",  # type: ignore[misc]
                                                ".wasm": "application/wasm"}

    def end_headers(self) -> None:
        if any(getattr(self, "path", "").startswith(prefix) for prefix in self.mounts):
            # The form and its configuration (which holds the backend's secret): not readable by another site's
            # page (no CORS, no embedding as a script or image), not framed (clickjacking), never from a cache (a
            # configuration from an earlier session holds an old secret).
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
            self.send_header("X-Frame-Options", "DENY")
            self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
            if not self.own_answer:
                self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_POST(self) -> None:
        """The local backend: only at its address with the secret, only from the form's own origin."""
        backend = self.backend
        if backend is None or not hmac.compare_digest(self.path.encode("utf-8", "surrogateescape"),
                                                      backend.path.encode("utf-8")):
            # most likely a form still open from an earlier session (each has its own secret)
            self._refuse(403, "Das Formular ist nicht mehr gültig: „wegweiser serve --redaktion“ wurde neu "
                              "gestartet. Laden Sie die Seite neu (F5) und speichern Sie noch einmal.")
            return
        origin = f"http://{self.own_host()}"
        if self.headers.get_all("Origin") != [origin] or \
                self.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
            self._refuse(403, f"Der Speicherdienst nimmt nur Anfragen des Formulars unter {origin}/redaktion/ an.")
            return
        if self.headers.get_content_type() != "application/json":
            self._refuse(415, "Der Speicherdienst nimmt nur JSON an.")
            return
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > MAX_BODY:
            self._refuse(413, f"Die Anfrage ist zu groß (höchstens {MAX_BODY // 1024 // 1024} MB) oder ohne Länge.")
            return
        try:
            body = self.rfile.read(int(length))
        except (TimeoutError, ConnectionError):
            body = b""
        if len(body) < int(length):
            self.close_connection = True
            return  # the browser went away (or stalled) before it sent the whole request: nothing done
        status, answer = backend.answer(body)
        with contextlib.suppress(ConnectionError):  # the browser went away meanwhile; the answer is lost, the work done
            self._send(json.dumps(answer, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8",
                       status)

    def do_GET(self) -> None:
        # The browser form gets neither the error banner nor the script that reloads a page once the preview wrote
        # pages again: reloading it while an editor fills in a form would throw away what they typed.
        if any(unquote(urlsplit(self.path).path).startswith(prefix) for prefix in self.mounts):
            http.server.SimpleHTTPRequestHandler.do_GET(self)
            return
        super().do_GET()

    def translate_path(self, path: str) -> str:
        for prefix, folder in self.mounts.items():
            if path.split("?", 1)[0].split("#", 1)[0].startswith(prefix):
                rest = path[len(prefix):]
                base = self.directory
                self.directory = str(folder)
                try:
                    return super().translate_path("/" + rest)
                finally:
                    self.directory = base
        return super().translate_path(path)


def serve(preview: Preview, port: int, stop: threading.Event | None = None,
          mounts: dict[str, Path] | None = None, backend: LocalBackend | None = None,
          on_listen: Callable[[str], None] | None = None,
          on_change: Callable[[set[Path]], None] | None = None) -> None:
    """Serve ``preview.out`` and apply every change below content/, quartiere/ and templates/.

    ``mounts`` maps URL prefixes such as ``/redaktion/`` to further folders to serve; ``backend`` answers the browser
    form; ``on_listen`` is called with the preview's origin (``http://127.0.0.1:<port>``) once the port is bound,
    before the first request is answered; ``on_change`` is called with each batch of changed paths before the preview
    rebuilds (the browser form's configuration follows new quarters and categories)."""
    from watchdog import events
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    # Only what is acted on (a folder's "modified" only repeats its files' events). By default inotify also reports
    # every file opened and closed after reading, and the preview's own reading (site.yaml, every quartier.yaml, …)
    # then kept the observer's threads busy while it worked on a change, slowing it by a third.
    kinds: list[type[FileSystemEvent]] = [
        events.FileModifiedEvent, events.FileCreatedEvent, events.FileDeletedEvent, events.FileMovedEvent,
        events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]

    root = preview.root
    changes: set[Path] = set()
    writing: set[Path] = set()  # files written to and not yet closed (where the system reports closing)
    lock = threading.Lock()
    arrived = threading.Event()

    class Collect(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:  # of the ``kinds`` only
            paths = [Path(str(event.src_path))]
            if getattr(event, "dest_path", ""):
                paths.append(Path(str(event.dest_path)))
            relevant = [p for p in paths if _relevant(p, root)]
            if relevant:
                with lock:
                    changes.update(relevant)
                    if event.event_type in ("modified", "created") and not event.is_directory:
                        writing.update(relevant)
                    else:  # closed after writing, moved (a finished file renamed into place), deleted
                        writing.difference_update(relevant)
                arrived.set()

    handler_class = type("Mounted", (_MountHandler,), {"mounts": dict(mounts or {}), "backend": backend}) \
        if mounts or backend else _Handler
    handler = functools.partial(handler_class, directory=str(preview.out), preview=preview)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    if on_listen is not None:
        try:
            on_listen(f"http://127.0.0.1:{server.server_address[1]}")
        except BaseException:
            server.server_close()
            raise
    threading.Thread(target=server.serve_forever, daemon=True).start()
    observer = Observer()
    watched: set[str] = set()

    def watch(name: str) -> None:
        if name not in watched and (root / name).is_dir():
            observer.schedule(Collect(), str(root / name), recursive=True, event_filter=kinds)
            watched.add(name)

    class Appear(FileSystemEventHandler):
        """The project folder itself, not recursively: a templates/ (or content/) created later is watched too."""

        def on_any_event(self, event: FileSystemEvent) -> None:
            target = Path(str(getattr(event, "dest_path", "") or event.src_path))
            if event.event_type in ("created", "moved") and target.parent == root and target.name in WATCHED:
                watch(target.name)
                with lock:
                    changes.add(target)
                arrived.set()

    for name in WATCHED:
        watch(name)
    observer.schedule(Appear(), str(root), recursive=False, event_filter=[
        events.DirCreatedEvent, events.FileCreatedEvent, events.DirMovedEvent, events.FileMovedEvent])
    observer.start()
    preview.say(f"Vorschau: http://127.0.0.1:{server.server_address[1]}/  (Beenden mit Strg+C)")
    stop = stop or threading.Event()
    try:
        while not stop.is_set():
            if arrived.wait(0.5):
                # An editor's save is often several events in a row: wait until the file is closed (Linux says so
                # at once), else up to 30 ms, so that a half-written file is not read.
                settled = time.monotonic() + SETTLE_S
                while time.monotonic() < settled:
                    with lock:
                        if not writing:
                            break
                    time.sleep(0.002)
                with lock:
                    batch = set(changes)
                    changes.clear()
                    writing.clear()
                    arrived.clear()
                if batch and on_change is not None:
                    on_change(batch)
                if batch:
                    preview.changed(batch)  # never raises: errors are shown, the last pages stay
            preview.poll()
    finally:
        observer.stop()
        observer.join()
        server.shutdown()
        server.server_close()
