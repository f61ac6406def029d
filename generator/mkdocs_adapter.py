"""The thin adapter to MkDocs + Material: the only module that imports MkDocs.

MkDocs renders the theme once per page *shape*, not once per page: each navigation page, plus one
placeholder page per URL depth for everything outside the navigation (entries, quarters, topics),
whose chrome differs only in title and URL. Those rendered pages become ``Shells`` with markers for
title, URL and body; every page of the site is then a string substitution. This keeps MkDocs' cost
constant (about 0.5 s) however many entries there are, and lets the preview re-render one page in
milliseconds. Replacing the engine means replacing this module.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import markupsafe
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from wegweiser.katalog import N_, texte
from wegweiser.model import Site
from wegweiser.resources import qrcode_js
from wegweiser.site_pages import LEAFLET, TEMPLATES, Page, map_library_available
from wegweiser.sprachen import DEUTSCH, Sprache

ASSET_DIR = "assets/wegweiser"
QRCODE_JS = qrcode_js()
MARK_TITLE = "WWTITELMARKE7Q"
# Material inserts its own <h1> when the content has none (partials/content.html); every page of ours
# brings its own h1, so the marker says it has one.
MARK_BODY = "<!--WW-INHALT-7Q <h1> -->"
SHELL_SEGMENT = "ww-rahmen-7q"
# Every value from content reaches the theme as a marker and is put in, escaped, after MkDocs has rendered:
# MkDocs' template environment does not autoescape, and Material writes the site name and the page titles
# unescaped into element text and attributes.
MARK_SITE_URL = "https://wwbasismarke7q.invalid/"
_MARKER = re.compile(r"WW[A-Z]+MARKE\d*7Q|https://wwbasismarke7q\.invalid/")
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)


def _marker(name: str, number: int | None = None) -> str:
    return f"WW{name}MARKE{'' if number is None else number}7Q"


class _Values:
    """Content values handed to the theme as markers; ``fill`` puts them in, escaped for HTML text and
    attributes (markupsafe escapes & < > " and ')."""

    def __init__(self) -> None:
        self.by_marker: dict[str, str] = {}

    def marker(self, name: str, value: str, number: int | None = None) -> str:
        mark = _marker(name, number)
        self.by_marker[mark] = str(markupsafe.escape(value))
        return mark

    def fill(self, html: str, where: str) -> str:
        for script in _SCRIPT.findall(html):
            # A marker inside <script> would need JavaScript escaping, which the theme does not get.
            if _MARKER.search(script):
                raise RuntimeError(f"Das Theme schreibt einen Inhaltswert in ein Skript ({where}).")
        html = _MARKER.sub(lambda m: self.by_marker.get(m.group(0), m.group(0)), html)
        if _MARKER.search(html.replace(MARK_TITLE, "")):
            raise RuntimeError(f"Das Theme hat einen Inhaltswert verändert ({where}).")
        return html


def _depth_url(depth: int) -> str:
    return "".join(f"{SHELL_SEGMENT}-{i}/" for i in range(depth))


class _ShellPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def __init__(self, stubs: dict[str, str], assets: dict[str, str | bytes]) -> None:
        self.stubs = stubs  # src_uri -> title
        self.assets = assets

    def on_files(self, files: Files, config: Any) -> Files:
        for uri, title in self.stubs.items():
            stub = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nhide: [toc]\n---\n"
            files.append(File.generated(config, uri, content=stub))
        for uri, data in self.assets.items():
            files.append(File.generated(config, uri, content=data))
        return files

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        # The skip link in templates/material/main.html jumps to #inhalt.
        return f'<div id="inhalt" tabindex="-1">{MARK_BODY}</div>'


@dataclass(frozen=True)
class Shell:
    before: str
    after: str
    placeholder: str  # URL path of the placeholder page, or "" for a navigation page

    def fill(self, page: Page) -> str:
        before = self.before
        if self.placeholder:
            before = before.replace(MARK_TITLE, str(markupsafe.escape(page.title))).replace(self.placeholder, page.url)
        return before + page.html + self.after


class Shells:
    """The theme's rendered page shapes; ``write`` puts any page into its shell."""

    def __init__(self, by_url: dict[str, Shell], by_depth: dict[int, Shell]) -> None:
        self.by_url = by_url
        self.by_depth = by_depth

    def render(self, page: Page) -> str:
        shell = self.by_url.get(page.url) or self.by_depth[page.url.count("/")]
        return shell.fill(page)

    def write(self, page: Page, out_dir: Path) -> None:
        target = out_dir / page.url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.render(page), encoding="utf-8")


# The theme's own words (templates/material/: skip link, header search, 404 page), as ``config.extra.texte``.
THEME_TEXTS = {
    "zum_inhalt": N_("Zum Inhalt springen"),
    "suchfeld": N_("Was suchen Sie?"),
    "suchfeld_platzhalter": N_("z. B. Kita, Elterncafé, Hebamme"),
    "suchen": N_("Suchen"),
    "merken": N_("Merken"),
    "gemerkt": N_("Gemerkt"),
    "nicht_gefunden": N_("Seite nicht gefunden"),
    "nicht_gefunden_text": N_("Diese Seite gibt es nicht (mehr). Vielleicht hilft die Suche – oder Sie beginnen "
                              "auf der Startseite."),
    "zur_startseite": N_("Zur Startseite"),
    "quartiere": N_("Quartiere"),
    "themen": N_("Themen"),
}


def theme_texts(sprache: Sprache) -> dict[str, str]:
    """The theme's words in ``sprache``, escaped for HTML text and attributes (MkDocs renders without autoescape)."""
    words = texte(sprache)
    values = {key: words.gettext(message) for key, message in THEME_TEXTS.items()}
    # "öffnet Di 09:30 Uhr" in the browser (wegweiser.js): the weekday names, Sunday first as JavaScript counts.
    values["wochentage"] = json.dumps([words.wochentag(6), *(words.wochentag(i) for i in range(6))],
                                      ensure_ascii=False)
    return {key: str(markupsafe.escape(value)) for key, value in values.items()}


def _colours(site: Site | None) -> str:
    primary = site.farben.primaer if site and site.farben and site.farben.primaer else "#1f5f8b"
    accent = site.farben.akzent if site and site.farben and site.farben.akzent else "#b45309"
    return (":root, [data-md-color-scheme=default] {\n"
            f"  --md-primary-fg-color: {primary};\n  --md-primary-fg-color--light: {primary};\n"
            f"  --md-primary-fg-color--dark: {primary};\n  --md-accent-fg-color: {accent};\n"
            f"  --md-typeset-a-color: {primary};\n}}\n")


_INDENTATION = re.compile(r">[ \t]*\n\s*<")


def _split(html: str, placeholder: str) -> Shell:
    # Material's templates are indented for reading; every page repeats that chrome. A run of blank space
    # with a line break between two tags renders as a single line break, so it becomes one (no <pre> here).
    html = _INDENTATION.sub(">\n<", html)
    before, marker, after = html.partition(MARK_BODY)
    if not marker:
        raise RuntimeError("Das Theme hat den Seiteninhalt nicht ausgegeben (Markierung fehlt).")
    return Shell(before, after, placeholder)


def build_theme(pages: Sequence[Page], site: Site | None, out_dir: Path, work_dir: Path,
                sprache: Sprache = DEUTSCH) -> Shells:
    """Run MkDocs once for the navigation pages and one placeholder per depth; write assets to ``out_dir``."""
    docs = work_dir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    nav_pages = sorted((p for p in pages if p.in_nav), key=lambda p: p.order)
    depths = sorted({p.url.count("/") for p in pages if not p.in_nav})
    values = _Values()
    nav_titles = {p.src_uri: values.marker("NAV", p.title, number) for number, p in enumerate(nav_pages)}
    stubs = dict(nav_titles)
    stubs.update({f"{_depth_url(d)}index.md": MARK_TITLE for d in depths})
    footer = [{"titel": values.marker("FUSS", p.title, number), "url": p.url}
              for number, p in enumerate(sorted((p for p in pages if p.footer), key=lambda p: p.order))]
    assets: dict[str, str | bytes] = {f"{ASSET_DIR}/{p.name}": p.read_bytes()
                                      for p in sorted((TEMPLATES / "assets").iterdir()) if p.is_file()}
    assets[f"{ASSET_DIR}/farben.css"] = _colours(site)
    if map_library_available():
        for path in [LEAFLET / "leaflet.js", LEAFLET / "leaflet.css", *sorted((LEAFLET / "images").glob("*.png"))]:
            assets[f"assets/leaflet/{path.relative_to(LEAFLET).as_posix()}"] = path.read_bytes()
    if QRCODE_JS.is_file():  # only the Merkliste loads it
        assets["assets/qrcode/qrcode.js"] = QRCODE_JS.read_bytes()
    impressum = site.impressum if site else None
    site_url = None
    if site and site.basis_url:
        site_url = MARK_SITE_URL
        values.by_marker[MARK_SITE_URL] = str(markupsafe.escape(site.basis_url.rstrip("/") + "/"))
    config = {
        "site_name": values.marker("SEITE", site.titel if site else "Familienwegweiser"),
        "site_url": site_url,
        "docs_dir": str(docs),
        "site_dir": str(out_dir),
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "de", "custom_dir": str(TEMPLATES / "material"),
                  "font": False, "palette": {"primary": "custom", "accent": "custom"},
                  "features": ["navigation.top"]},
        "plugins": [],  # no Material search: Pagefind indexes the entries
        "extra_css": [f"{ASSET_DIR}/farben.css", f"{ASSET_DIR}/wegweiser.css"],
        "extra_javascript": [{"path": f"{ASSET_DIR}/wegweiser.js", "defer": True}],
        "extra": {"generator": False, "texte": theme_texts(sprache),
                  "impressum": {"herausgeber": values.marker("HERAUSGEBER", impressum.herausgeber if impressum
                                                             and impressum.herausgeber else ""),
                                "email": values.marker("EMAIL", impressum.email if impressum and impressum.email
                                                       else "")},
                  "fusslinks": footer},
        "nav": [{nav_titles[p.src_uri]: p.src_uri} for p in nav_pages],
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"unrecognized_links": "ignore"}},
    }
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    cfg = load_config(io.StringIO(json.dumps(config)), config_file_path=str(work_dir / "mkdocs.yml"))
    cfg.plugins["wegweiser"] = _ShellPlugin(stubs, assets)
    build(cfg)

    def shell(folder: Path, placeholder: str) -> Shell:
        return _split(values.fill((folder / "index.html").read_text("utf-8"), folder.name), placeholder)

    by_url = {p.url: shell(out_dir / p.url, "") for p in nav_pages}
    by_depth = {depth: shell(out_dir / _depth_url(depth), _depth_url(depth)) for depth in depths}
    if depths:
        shutil.rmtree(out_dir / _depth_url(1), ignore_errors=True)
    not_found = out_dir / "404.html"
    if not_found.is_file():
        not_found.write_text(values.fill(not_found.read_text("utf-8"), not_found.name), encoding="utf-8")
    return Shells(by_url, by_depth)


def write_sitemap(urls: Iterable[str], site: Site | None, out_dir: Path) -> None:
    """MkDocs' sitemap lists only what it rendered; this one lists every page."""
    base = (site.basis_url if site else "/").rstrip("/") + "/"
    items = "".join(f"<url><loc>{xml_escape(base + url)}</loc></url>\n" for url in urls)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{items}</urlset>\n')
    (out_dir / "sitemap.xml").write_text(xml, encoding="utf-8")
    (out_dir / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))
