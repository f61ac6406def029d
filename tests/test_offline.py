"""Offline where it matters (issue 28, deliver 4): after one visit the emergency numbers, the Merkliste, "Mein Kind"
and the pages a family opened load without a connection; a page never opened shows the offline page in the
family's language; a new build replaces the old cache; nothing is fetched from or kept for another host; the
precache stays small; the editors' preview runs without a worker.

One small scratch project (German and Arabic), built once for the module; Chromium counts http://127.0.0.1 as a
secure context, so the worker runs as it does over https."""

from __future__ import annotations

import json
import re
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wegweiser.editors.preview import Preview
from wegweiser.editors.serve import serve
from wegweiser.i18n.catalogue import texte
from wegweiser.i18n.languages import sprache
from wegweiser.site.build import build_site

from conftest import MINI, TODAY, serve_folder

NUMBERS_TITLE = "Wichtige Telefonnummern"
NUMBERS = """---
titel: Wichtige Telefonnummern
rolle: notfallnummern
stand: 2026-10-01
---
| Wer | Nummer |
|---|---|
| Notruf | [112](tel:112) |
"""
NEW_NUMBER = "0800 1110111"
ENTRY = "quartiere/testviertel/angebote/elterncafe/"
ENTRY_NAME = "Elterncafé"  # tests/fixtures/mini
NEVER_OPENED = "quartiere/testviertel/"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(content folder, built site): the minimal project in German and Arabic, with an emergency numbers page."""
    base = tmp_path_factory.mktemp("offline")
    root = base / "projekt"
    shutil.copytree(MINI, root)
    site_yaml = root / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text("utf-8") + "sprachen: [de, ar]\n", encoding="utf-8")
    (root / "content" / "seiten" / "notfallnummern.md").write_text(NUMBERS, encoding="utf-8")
    out = base / "site"
    build_site(root, out, TODAY)
    return root, out


@pytest.fixture(scope="module")
def origin(project: tuple[Path, Path]) -> Iterator[str]:
    yield from serve_folder(project[1])


def _worker_data(site: Path) -> dict[str, Any]:
    text = (site / "sw.js").read_text("utf-8")
    match = re.search(r"^const DATEN = (.*);$", text, re.MULTILINE)
    assert match, "sw.js carries no data"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def _cache_name(origin: str, site: Path) -> str:
    return f"ww-offline:{origin}/:{_worker_data(site)['version']}"


_ACTIVE = """navigator.serviceWorker.ready.then((registration) => {
  const worker = registration.active;
  if (worker.state === "activated") return true;
  return new Promise((resolve) => worker.addEventListener("statechange", () => {
    if (worker.state === "activated") resolve(true);
  }));
})"""
_CACHED_URLS = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) found.push(request.url);
  }
  return found;
}"""
_WAIT_FOR_CACHES = """async ([wanted, gone]) => {
  for (let i = 0; i < 300; i++) {
    const names = await caches.keys();
    if (names.includes(wanted) && !names.includes(gone)) return names;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return await caches.keys();
}"""


def _h1(page: Any) -> str:
    return str(page.locator("h1").first.inner_text()).strip()


def test_precache_lists_own_files_per_language_and_stays_small(project: tuple[Path, Path]) -> None:
    from wegweiser.check.validate import load_and_validate
    from wegweiser.site.offline import precache

    root, site = project
    data = _worker_data(site)
    pages = {folder: entry["seiten"] for folder, entry in data["sprachen"].items()}
    # the issue: per language the home page, the emergency numbers and the Merkliste (and the offline page)
    for folder in ("", "ar/"):
        for url in (folder, f"{folder}seiten/notfallnummern/", f"{folder}merkliste/"):
            assert url in pages[folder]
        assert f"{folder}offline/" in data["dateien"]
    for path in [*data["dateien"], *(url for urls in pages.values() for url in urls)]:
        assert "://" not in path and not path.startswith("/"), path
        assert (site / path / "index.html" if path == "" or path.endswith("/") else site / path).is_file(), path
    # the stylesheets and scripts the pages load
    assert any(path.endswith("wegweiser.css") for path in data["dateien"])
    assert any(path.endswith("wegweiser.js") for path in data["dateien"])
    assert not any(path.startswith(("pagefind/", "druck/")) or path.endswith(".pdf") for path in data["dateien"])
    content, _ = load_and_validate(root, TODAY)
    sizes = precache(site, content, ["", "ar/"]).sizes(site)
    assert set(sizes) == {"", "ar/"}
    assert all(100_000 < size < 1_000_000 for size in sizes.values()), sizes


def test_offline_after_one_visit_and_a_new_build_replaces_the_cache(browser: Any, project: tuple[Path, Path],
                                                                   origin: str) -> None:
    root, site = project
    context = browser.new_context(service_workers="allow")
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.new_page()
        page.goto(f"{origin}/")
        assert page.evaluate(_ACTIVE)
        page.goto(f"{origin}/{ENTRY}")  # a page the family opens
        assert _h1(page) == ENTRY_NAME
        mein_kind = (site / "mein-kind" / "index.html").is_file()

        context.set_offline(True)
        page.goto(f"{origin}/seiten/notfallnummern/")
        assert _h1(page) == NUMBERS_TITLE
        assert page.locator('a[href="tel:112"]').count() == 1
        page.goto(f"{origin}/merkliste/")
        assert _h1(page) == "Merkliste"
        page.goto(f"{origin}/{ENTRY}?wann=jetzt")  # a filter in the address is the same page
        assert _h1(page) == ENTRY_NAME
        if mein_kind:
            page.goto(f"{origin}/mein-kind/")
            assert page.locator("h1").count() == 1

        # never opened: the offline page, in German, linking what is kept (its links lead from any address)
        page.goto(f"{origin}/{NEVER_OPENED}")
        assert _h1(page) == texte(sprache("de")).gettext("Keine Internetverbindung")
        assert page.locator("html").get_attribute("lang") == "de"
        links = page.locator(".ww-offline a").evaluate_all("links => links.map(a => [a.href, a.textContent])")
        hrefs = {href for href, _text in links}
        assert {f"{origin}/", f"{origin}/seiten/notfallnummern/", f"{origin}/merkliste/"} <= hrefs
        # and the pages this device kept, by their titles
        page.locator(".ww-offline__besucht:not([hidden])").wait_for()
        assert page.locator(f'.ww-offline__liste a[href="{origin}/{ENTRY}"]').inner_text() == ENTRY_NAME
        # never opened, in Arabic: the offline page in Arabic, right to left
        page.goto(f"{origin}/ar/{NEVER_OPENED}")
        arabic = texte(sprache("ar")).gettext("Keine Internetverbindung")
        assert arabic != "Keine Internetverbindung"
        assert _h1(page) == arabic
        assert page.locator("html").get_attribute("dir") == "rtl"

        cached = page.evaluate(_CACHED_URLS)
        assert cached and all(url.startswith(f"{origin}/") for url in cached), cached
        assert not any("/pagefind/" in url or url.endswith(".pdf") for url in cached)
        assert all(url.startswith(f"{origin}/") for url in requested if url.startswith("http")), requested

        # a new build with a changed emergency page: the new worker's cache replaces the old one
        context.set_offline(False)
        old = _cache_name(origin, site)
        page_file = root / "content" / "seiten" / "notfallnummern.md"
        page_file.write_text(NUMBERS + f"| Neue Beratung | {NEW_NUMBER} |\n", encoding="utf-8")
        build_site(root, site, TODAY)
        new = _cache_name(origin, site)
        assert new != old
        page.goto(f"{origin}/")
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        names = page.evaluate(_WAIT_FOR_CACHES, [new, old])
        assert new in names and old not in names, names
        context.set_offline(True)
        page.goto(f"{origin}/seiten/notfallnummern/")
        assert NEW_NUMBER in page.locator("article, main").first.inner_text()
        assert all(url.startswith(f"{origin}/") for url in requested if url.startswith("http")), requested
    finally:
        context.close()


def test_the_preview_serves_no_worker_and_removes_an_old_one(browser: Any, project: tuple[Path, Path],
                                                             tmp_path: Path) -> None:
    """A built site served at an address, then the preview at the same one: the preview's pages remove the site's
    worker and its cache, register none, and sw.js is not served. (And the preview's whole build of the unchanged
    project writes the same worker: an unchanged build keeps the families' cache.)"""
    root, site = project
    context = browser.new_context(service_workers="allow")
    stop = threading.Event()
    try:
        served = serve_folder(site)
        origin = next(served)
        page = context.new_page()
        page.goto(f"{origin}/")
        assert page.evaluate(_ACTIVE)
        next(served, None)  # the site's server stops
        preview = Preview(root, tmp_path / "vorschau", TODAY, lambda _message: None)
        assert preview.full()
        # the preview built the unchanged project whole again: the same worker, so families keep their cache
        assert (tmp_path / "vorschau" / "sw.js").read_bytes() == (site / "sw.js").read_bytes()
        listening = threading.Event()
        port = int(origin.rsplit(":", 1)[1])
        thread = threading.Thread(target=serve, args=(preview, port, stop),
                                  kwargs={"on_listen": lambda _origin: listening.set()}, daemon=True)
        thread.start()
        assert listening.wait(30)
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(f"{origin}/sw.js", timeout=5)
        assert answer.value.code == 404
        page.goto(f"{origin}/")
        page.locator("#ww-vorschau-fehler").wait_for(state="attached")
        # The old worker still controls this page until it is left (and may keep its files again): the next page is
        # the preview's alone.
        page.goto(f"{origin}/merkliste/")
        page.locator("#ww-vorschau-fehler").wait_for(state="attached")
        left = page.evaluate("""async () => {
          for (let i = 0; i < 100; i++) {
            const registrations = await navigator.serviceWorker.getRegistrations();
            const names = (await caches.keys()).filter((name) => name.startsWith("ww-offline:"));
            if (!registrations.length && !names.length) return [];
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          return [(await navigator.serviceWorker.getRegistrations()).length, await caches.keys()];
        }""")
        assert left == []
    finally:
        stop.set()
        context.close()
