"""Shared fixtures: the repository's demo content and scratch copies of a minimal valid project."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import lxml.html
import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
CORPUS = Path(__file__).resolve().parent / "fehlerhaft"
# A fixed "today" keeps date warnings reproducible; the demo content is dated autumn 2026.
TODAY = date(2026, 11, 21)


def pytest_configure(config: pytest.Config) -> None:
    """The build cache of the whole run in a folder of its own (not the user's ~/.cache); commands started as
    subprocesses inherit it."""
    import tempfile

    os.environ["WEGWEISER_CACHE"] = tempfile.mkdtemp(prefix="wegweiser-test-cache-")


@pytest.fixture
def scratch(tmp_path: Path) -> Callable[..., Path]:
    """A fresh copy of the minimal project; ``write(relpath, text)`` adds or replaces files in it."""
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)

    def write(relpath: str, text: str | bytes) -> Path:
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return root

    write.root = root  # type: ignore[attr-defined]
    return write


@contextlib.contextmanager
def shared_per_run(factory: pytest.TempPathFactory, name: str) -> Iterator[Path]:
    """A folder of the test run's shared temporary folder (under pytest-xdist every worker's temporary folders
    share a parent), held under a lock: the first worker that asks makes what goes in it, the others wait on the
    lock and find it made. The lock is released when the file closes, even if the making raises."""
    import fcntl

    base = factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name
    folder.mkdir(exist_ok=True)
    with (folder / ".sperre").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo content, built once per test run with the real MkDocs and Pagefind (``shared_per_run``), instead of
    each worker building the same site again; every user only reads it."""
    from wegweiser.site.build import build_site

    with shared_per_run(tmp_path_factory, "demo") as shared:
        out = shared / "site"
        done = shared / "fertig"  # written after the whole build: a worker that failed to build leaves none
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)
            build_site(ROOT, out, TODAY)
            done.write_text("gebaut\n")
    return out


def index_files(bundle: Path) -> tuple[set[str], set[str]]:
    """The files of a site's search index (``pagefind/``) that its page lists name (and the page lists), and the ones
    that are there; checks that each page list has as many pages as ``pagefind-entry.json`` says."""
    import json

    from wegweiser.search.pagefind_format import _decoded

    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    named = set()
    for info in entry["languages"].values():
        meta = _decoded((bundle / f"pagefind.{info['hash']}.pf_meta").read_bytes())
        assert isinstance(meta, list)
        named |= {f"pagefind.{info['hash']}.pf_meta"}
        named |= {f"fragment/{name}.pf_fragment" for name, _count in meta[1]}
        named |= {f"index/{name}.pf_index" for _first, _last, name in meta[2]}
        named |= {f"filter/{name}.pf_filter" for _name, name in meta[3]}
        assert len(meta[1]) == info["page_count"]
        assert meta[2][0][:2] == ["", ""]  # the empty chunk first, for searches by filters alone
        assert all(first <= last for first, last, _name in meta[2][1:])
    present = {path.relative_to(bundle).as_posix() for folder in ("fragment", "index", "filter")
               for path in (bundle / folder).iterdir()} | {path.name for path in bundle.glob("*.pf_meta")}
    return named, present


def read_page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def parsed_page(site: Path, url: str) -> lxml.html.HtmlElement:
    """A built page as lxml reads it (from its bytes: the page's own charset declaration decides)."""
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


def element_text(element: lxml.html.HtmlElement) -> str:
    """An element's text as a reader sees it: every run of white space one space, none at either end."""
    return " ".join(element.text_content().split())


def whole_layout(html: str, target: Path) -> Path:
    """A booklet's HTML laid out whole by WeasyPrint itself, as a PDF/UA file: what the booklet's pages must be."""
    import weasyprint

    from wegweiser.render.page_builder import TEMPLATES

    weasyprint.HTML(string=html, base_url=str(TEMPLATES / "druck")).write_pdf(target, pdf_variant="pdf/ua-1",
                                                                               pdf_tags=True)
    return target


def differing_pages(first: Path, second: Path, dpi: int = 40) -> list[int]:
    """The page numbers where two PDFs look different when poppler draws them (and every page, if their numbers of
    pages differ)."""
    import tempfile

    from PIL import Image, ImageChops

    with tempfile.TemporaryDirectory() as folder:
        drawn = []
        for name, pdf in (("a", first), ("b", second)):
            subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{folder}/{name}"], check=True)
            drawn.append(sorted(Path(folder).glob(f"{name}-*.png")))
        if len(drawn[0]) != len(drawn[1]):
            return list(range(1, max(len(drawn[0]), len(drawn[1])) + 1))
        return [number for number, (a, b) in enumerate(zip(*drawn, strict=True), start=1)
                if ImageChops.difference(Image.open(a).convert("RGB"), Image.open(b).convert("RGB")).getbbox()]


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright. Under CI=true a missing browser fails instead of skipping."""
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed (apt-get install chromium; .ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        # The site's service worker (offline use) precaches half a megabyte at the first page of each context and
        # answers every request: tests of anything else run without it, tests/test_offline.py asks for it.
        for name in ("new_context", "new_page"):
            original = getattr(instance, name)

            def without_worker(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
                kwargs.setdefault("service_workers", "block")
                return _original(*args, **kwargs)

            setattr(instance, name, without_worker)
        yield instance
        instance.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for as long as the fixture using it lives; yields the origin."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def demo_server(demo_site: Path) -> Iterator[str]:
    """The built demo site served on 127.0.0.1 (a free port); yields the origin."""
    yield from serve_folder(demo_site)


class TileHandler(http.server.BaseHTTPRequestHandler):
    """A stand-in map tile server on 127.0.0.1 that records what the page asked for."""

    requested: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        from PIL import Image

        TileHandler.requested.append(self.path)
        buffer = io.BytesIO()
        Image.new("RGB", (256, 256), (200, 220, 200)).save(buffer, "PNG")
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(buffer.getvalue())

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def _form_context(browser: Any) -> Iterator[Any]:
    """One browser context (German) and one tab for all tests of the browser form on this worker."""
    context = browser.new_context(locale="de-DE")
    yield context, [context.new_page()]
    context.close()


def _origin(url: str) -> str:
    """``http://127.0.0.1:8000`` of ``http://127.0.0.1:8000/redaktion/#/…``; "" for about:blank and file: pages."""
    return "/".join(url.split("/", 3)[:3]) if url.startswith(("http://", "https://")) else ""


@pytest.fixture
def form_tab(_form_context: tuple[Any, list[Any]]) -> Iterator[Callable[..., Any]]:
    """``form_tab(width, height)``: the worker's one tab for the browser form, sized, as a new context would leave it.

    A new context starts a new renderer process, which compiles Decap's 5 MB bundle again: about 3 s CPU per test
    under load. A tab that stays keeps its process and, as one worker serves its forms on one port
    (test_redaktion.served_form), the code compiled for that address: about 1.2 s per test. What a test could leave
    behind is removed afterwards: its event listeners and routes, the cookies, and every store (local, session,
    IndexedDB, caches) of each origin the tab visited, so that the next test starts as in a new context (each
    test's "Anmelden" shows that the previous login is gone)."""
    context, tabs = _form_context
    page = tabs[0]
    added: list[tuple[str, Callable[..., Any]]] = []
    origins: set[str] = set()
    on, once = page.on, page.once

    def open_tab(width: int = 1280, height: int = 1000) -> Any:
        page.set_viewport_size({"width": width, "height": height})
        page.set_default_timeout(30000)
        page.set_default_navigation_timeout(30000)
        page.on = lambda event, handler: (added.append((event, handler)), on(event, handler))[1]
        page.once = lambda event, handler: (added.append((event, handler)), once(event, handler))[1]
        page.on("framenavigated", lambda frame: origins.add(_origin(frame.url)))
        return page

    yield open_tab
    vars(page).pop("on", None), vars(page).pop("once", None)  # the class's own again
    for event, handler in added:
        page.remove_listener(event, handler)
    context.unroute_all(behavior="ignoreErrors")

    def leave(dialog: Any) -> None:  # Decap asks before it leaves unsaved changes
        dialog.accept()

    page.on("dialog", leave)
    try:
        if _origin(page.url):
            page.evaluate("() => { sessionStorage.clear(); localStorage.clear(); }")
        page.goto("about:blank", timeout=15000)
        page.remove_listener("dialog", leave)
    except Exception:  # a tab in a broken state: the next test gets a new one
        page.close(run_before_unload=False)
        tabs[0] = context.new_page()
    session = context.new_cdp_session(tabs[0])
    for origin in origins - {""}:
        session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    session.detach()
    context.clear_cookies()
