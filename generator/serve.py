"""Live preview for editors: serve the built site on 127.0.0.1 and update it when a file changes."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path
from typing import ClassVar

from wegweiser.preview import Preview

WATCHED = ("content", "quartiere", "templates")
_IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~")


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


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
    """Serves extra folders (the browser form at /redaktion/) next to the built site."""

    mounts: ClassVar[dict[str, Path]] = {}
    extensions_map: ClassVar[dict[str, str]] = {**_Handler.extensions_map, ".yml": "text/yaml",  # type: ignore[misc]
                                                ".wasm": "application/wasm"}

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
          mounts: dict[str, Path] | None = None) -> None:
    """Serve ``preview.out`` and apply every change below content/, quartiere/ and templates/.

    ``mounts`` maps URL prefixes such as ``/redaktion/`` to further folders to serve."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    root = preview.root
    changes: set[Path] = set()
    lock = threading.Lock()
    arrived = threading.Event()

    class Collect(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write") or event.is_directory:
                return
            paths = [Path(str(event.src_path))]
            if getattr(event, "dest_path", ""):
                paths.append(Path(str(event.dest_path)))
            relevant = [p for p in paths if _relevant(p, root)]
            if relevant:
                with lock:
                    changes.update(relevant)
                arrived.set()

    handler_class = type("Mounted", (_MountHandler,), {"mounts": dict(mounts)}) if mounts else _Handler
    handler = functools.partial(handler_class, directory=str(preview.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    observer = Observer()
    for name in WATCHED:
        if (root / name).is_dir():
            observer.schedule(Collect(), str(root / name), recursive=True)
    observer.start()
    preview.say(f"Vorschau: http://127.0.0.1:{server.server_address[1]}/  (Beenden mit Strg+C)")
    stop = stop or threading.Event()
    try:
        while not stop.is_set():
            if arrived.wait(0.5):
                time.sleep(0.03)  # an editor's save is often several events in a row
                with lock:
                    batch = set(changes)
                    changes.clear()
                    arrived.clear()
                if batch:
                    preview.changed(batch)
            preview.poll()
    finally:
        observer.stop()
        observer.join()
        server.shutdown()
        server.server_close()
