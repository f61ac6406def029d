"""Offline where it matters: the service worker and what it keeps on the device before any page asks for it.

The build writes ``sw.js`` at the site's root (``templates/offline/sw.js`` with this build's data) and, per
language, the page the worker shows offline for a page it has not kept (``<code>/offline/``, not published).
The precache is small on purpose: per language the home page, the emergency numbers, "Mein Kind" and the
Merkliste, once a page of that language is opened; every language's offline page; and the files those pages load
from the site itself (found in their HTML and in the stylesheets they load). Everything else is kept as the family
opens it. Never: other hosts, the search index (``pagefind/``, no use in pieces), the booklets (``druck/``, large
PDFs) and the search page (offline it shows the offline page).

The worker's cache name carries a version, a hash of the precached files' contents: an unchanged build keeps the
families' caches, a changed one replaces them.
"""

from __future__ import annotations

import hashlib
import html.parser
import json
import os
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from wegweiser.content.records import Content
from wegweiser.model.entries import NOTFALLNUMMERN
from wegweiser.render.page_builder import TEMPLATES, PageBuilder
from wegweiser.render.urls import MEIN_KIND_URL, MERKLISTE_URL, OFFLINE_URL, PRINT_DIR, SEARCH_URL, page_url
from wegweiser.site.mkdocs_adapter import Shells

WORKER = "sw.js"
WORKER_TEMPLATE = TEMPLATES / "offline" / WORKER
_DATA_MARK = "/*WW-DATEN*/null"
# Where the worker keeps nothing (below the site root or a language's folder); the search page needs the index.
NEVER_KEPT = ("pagefind/", PRINT_DIR, "redaktion/", SEARCH_URL)
# The Merkliste draws its QR codes with this script, which it loads itself (no tag in its HTML).
_LOADED_BY_SCRIPT = {MERKLISTE_URL: ("assets/qrcode/qrcode.js",)}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_HERE = "https://ww-seite.invalid/"  # a stand-in origin to resolve the pages' relative links against


@dataclass(frozen=True)
class Precache:
    """What the worker keeps before any page asks: the shared files, and each language's pages (by folder)."""

    files: tuple[str, ...]  # addresses relative to the site root (a page's ends in "/")
    pages: dict[str, tuple[str, ...]]  # language folder ("" for the main language) -> its pages' addresses
    version: str

    def sizes(self, site: Path) -> dict[str, int]:
        """Bytes a family downloads for the precache in each language (its pages and the shared files)."""
        shared = sum((site / _file(path)).stat().st_size for path in self.files)
        return {folder: shared + sum((site / _file(url)).stat().st_size for url in urls)
                for folder, urls in self.pages.items()}

    def largest(self, site: Path, count: int = 5) -> list[tuple[str, int]]:
        every = {_file(path) for path in [*self.files, *(url for urls in self.pages.values() for url in urls)]}
        return sorted(((path, (site / path).stat().st_size) for path in every), key=lambda item: -item[1])[:count]


def language_pages(content: Content, folder: str, site: Path) -> list[str]:
    """A language's precached pages that the site has, by address (as the worker asks for them: ``en/merkliste/``);
    ``folder``: the language's folder, "" for the main one."""
    urls = [folder, folder + MERKLISTE_URL, folder + MEIN_KIND_URL]
    numbers = content.page_with_role(NOTFALLNUMMERN)
    if numbers is not None:
        urls.insert(1, folder + page_url(numbers.slug))
    return [url for url in urls if (site / url / "index.html").is_file()]


def _file(address: str) -> str:
    """The file of an address of the site (a page's address is its folder)."""
    return f"{address}index.html" if address == "" or address.endswith("/") else address


class _Loads(html.parser.HTMLParser):
    """The files a page loads: stylesheets, icons, scripts and images, as written (relative or absolute)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("href") and \
                {"stylesheet", "icon", "modulepreload", "preload"} & set((values.get("rel") or "").lower().split()):
            self.found.append(values["href"] or "")
        elif tag in ("script", "img") and values.get("src"):
            self.found.append(values["src"] or "")


def _own_file(site: Path, base: str, reference: str) -> str | None:
    """``reference`` (as written in the file at ``base``) as a path of the site, if it is a file of the site."""
    target = urlsplit(urljoin(_HERE + base, reference.strip()))
    if f"{target.scheme}://{target.netloc}/" != _HERE:
        return None  # another host (or a data: address): never precached
    path = posixpath.normpath(target.path.lstrip("/"))
    if path.startswith("..") or not (site / path).is_file():
        return None
    return path


def _loaded(site: Path, pages: Iterable[str]) -> list[str]:
    """The site's own files that ``pages`` load, and what their stylesheets load in turn (fonts, images)."""
    found: dict[str, None] = {}
    for page in pages:
        parser = _Loads()
        parser.feed((site / page).read_text("utf-8"))
        for reference in parser.found:
            if (path := _own_file(site, page, reference)) is not None:
                found[path] = None
        for url, scripts in _LOADED_BY_SCRIPT.items():
            for extra in scripts if page.endswith(f"{url}index.html") else ():
                if (site / extra).is_file():
                    found[extra] = None
    for sheet in [path for path in found if path.endswith(".css")]:
        for reference in _CSS_URL.findall((site / sheet).read_text("utf-8")):
            if (path := _own_file(site, sheet, reference)) is not None:
                found[path] = None
    return list(found)


def precache(site: Path, content: Content, folders: Sequence[str]) -> Precache:
    """The precache of the site in ``site`` (built, with its offline pages): ``folders`` are the languages'."""
    pages = {folder: tuple(language_pages(content, folder, site)) for folder in folders}
    # Every language's offline page (10-12 KB each): a page in a language not opened before still says "offline"
    # in that language.
    offline = [folder + OFFLINE_URL for folder in folders]
    loaded = _loaded(site, [_file(url) for url in [*offline, *(url for urls in pages.values() for url in urls)]])
    files = tuple(sorted({*offline, *loaded}))
    digest = hashlib.sha256(WORKER_TEMPLATE.read_bytes())
    for path in sorted({*files, *(url for urls in pages.values() for url in urls)}):
        digest.update(path.encode("utf-8") + b"\0" + hashlib.sha256((site / _file(path)).read_bytes()).digest())
    return Precache(files, pages, digest.hexdigest()[:16])


def worker_script(cache: Precache) -> str:
    """The worker with this build's data (JSON; ``<`` escaped, though no browser parses a worker as HTML)."""
    data = {"version": cache.version, "dateien": list(cache.files), "nie": list(NEVER_KEPT),
            "sprachen": {folder: {"seiten": list(paths), "offline": folder + OFFLINE_URL}
                         for folder, paths in cache.pages.items()}}
    text = WORKER_TEMPLATE.read_text("utf-8")
    if text.count(_DATA_MARK) != 1:
        raise RuntimeError(f"{WORKER_TEMPLATE} enthält {_DATA_MARK} nicht genau einmal.")
    return text.replace(_DATA_MARK, json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))


def write_worker(site: Path, content: Content, folders: Sequence[str]) -> Precache:
    """``sw.js`` into ``site`` (beside it first, then renamed over the old one: a site is never without one)."""
    cache = precache(site, content, folders)
    temporary = site / f".{WORKER}.neu"
    try:
        temporary.write_text(worker_script(cache), encoding="utf-8")
        os.replace(temporary, site / WORKER)
    finally:
        temporary.unlink(missing_ok=True)
    return cache


def write_offline(site: Path, content: Content, builders: Sequence[PageBuilder], shells: Shells) -> Precache:
    """A full build's offline pages (one per language, in the theme's shell) and its worker."""
    for builder in builders:
        shells.write(builder.offline_page(), site)
    return write_worker(site, content, [builder.sprache.pfad for builder in builders])
