"""Live preview for editors: serve the built site on 127.0.0.1 and rebuild when a file changes."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable
from pathlib import Path

WATCHED = ("content", "quartiere", "templates")


def snapshot(root: Path) -> dict[Path, float]:
    """Modification times of every watched file (polling: no extra dependency, fine for thousands of files)."""
    stamps: dict[Path, float] = {}
    for name in WATCHED:
        folder = root / name
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    try:
                        stamps[path] = path.stat().st_mtime
                    except OSError:
                        continue
    return stamps


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(root: Path, site_dir: Path, rebuild: Callable[[], bool], port: int, interval: float = 0.5,
          stop: threading.Event | None = None) -> None:
    """Serve ``site_dir`` and call ``rebuild`` whenever a watched file changes, until ``stop`` is set."""
    handler = functools.partial(_Handler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"Vorschau: http://127.0.0.1:{server.server_address[1]}/  (Beenden mit Strg+C)", flush=True)
    stop = stop or threading.Event()
    seen = snapshot(root)
    try:
        while not stop.wait(interval):
            now = snapshot(root)
            if now != seen:
                time.sleep(0.1)  # let an editor finish writing
                seen = snapshot(root)
                print("Änderung erkannt – baue neu …", flush=True)
                rebuild()
    finally:
        server.shutdown()
        server.server_close()
