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
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2
import jinja2.bccache
import markupsafe
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from wegweiser.core import processes
from wegweiser.core.resources import qrcode_js
from wegweiser.i18n.catalogue import N_, texte
from wegweiser.i18n.languages import DEUTSCH, Sprache
from wegweiser.model.entries import Site
from wegweiser.render.page_builder import LEAFLET, TEMPLATES, Page, map_library_available

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
# Where a page's language-neutral URL goes (language switcher, hreflang links); put in per page by ``Shell.fill``.
MARK_PAGE_PATH = "wwseitenpfad7q"
_HTML_TAG = re.compile(r'<html lang="[^"]*"')
_MARKER = re.compile(r"WW[A-Z]+MARKE\d*7Q|https://wwbasismarke7q\.invalid/")
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)


def _marker(name: str, number: int | None = None) -> str:
    return f"WW{name}MARKE{'' if number is None else number}7Q"


class _Values:
    """Content values handed to the theme as markers; ``fill`` puts them in, escaped for HTML text and
    attributes (markupsafe escapes & < > " and '). A value in another language than the page (an untranslated
    page's title in the navigation) is put into element text as ``<span lang dir>``; in attributes and in
    ``<title>``, which hold no markup, as plain text."""

    def __init__(self) -> None:
        self.by_marker: dict[str, str] = {}
        self.foreign: dict[str, str] = {}  # marker -> the value in a <span lang dir>

    def marker(self, name: str, value: str, number: int | None = None, sprache: Sprache | None = None) -> str:
        mark = _marker(name, number)
        self.by_marker[mark] = str(markupsafe.escape(value))
        if sprache is not None:
            self.foreign[mark] = str(markupsafe.Markup('<span lang="{}" dir="{}">{}</span>').format(
                sprache.lang, sprache.richtung, value))
        return mark

    def fill(self, html: str, where: str) -> str:
        for script in _SCRIPT.findall(html):
            # A marker inside <script> would need JavaScript escaping, which the theme does not get.
            if _MARKER.search(script):
                raise RuntimeError(f"Das Theme schreibt einen Inhaltswert in ein Skript ({where}).")
        html = _MARKER.sub(lambda m: self._value(m.group(0), html, m.start()), html)
        if _MARKER.search(html.replace(MARK_TITLE, "")):
            raise RuntimeError(f"Das Theme hat einen Inhaltswert verändert ({where}).")
        return html

    def _value(self, mark: str, html: str, at: int) -> str:
        if mark in self.foreign and _in_element_text(html, at):
            return self.foreign[mark]
        return self.by_marker.get(mark, mark)


def _in_element_text(html: str, at: int) -> bool:
    """Whether position ``at`` is in an element's text (not in a tag's attributes, not in ``<title>``)."""
    tag = html.rfind("<", 0, at)
    return html.rfind(">", 0, at) > tag and not html.startswith("<title", tag)


def _depth_url(depth: int) -> str:
    return "".join(f"{SHELL_SEGMENT}-{i}/" for i in range(depth))


class _CompiledTemplates(jinja2.BytecodeCache):
    """Material's templates compiled once per process, not once per language's MkDocs run (Jinja checks the
    source's checksum, so a changed template is compiled again)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class _ShellPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def __init__(self, stubs: dict[str, str], assets: dict[str, str | bytes], theme_files: bool = True,
                 sidebar: frozenset[str] = frozenset()) -> None:
        self.stubs = stubs  # src_uri -> title
        self.sidebar = sidebar  # src_uris that keep Material's left navigation (on wide screens)
        self.assets = assets
        self.theme_files = theme_files  # False: another language's run wrote Material's assets already

    def on_config(self, config: Any) -> Any:
        theme = config.theme
        make_env = theme.get_env

        def get_env() -> jinja2.Environment:
            env: jinja2.Environment = make_env()
            env.bytecode_cache = _COMPILED
            if not self.theme_files:  # listing Material's thousands of files only to drop them takes 0.3 s
                env.list_templates = lambda *args, **kwargs: []  # type: ignore[method-assign,unused-ignore]
            return env

        theme.get_env = get_env
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        if not self.theme_files:
            for file in [f for f in files if not f.is_documentation_page()]:
                files.remove(file)
        for uri, title in self.stubs.items():
            hide = "[toc]" if uri in self.sidebar else "[navigation, toc]"
            stub = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nhide: {hide}\n---\n"
            files.append(File.generated(config, uri, content=stub))
        for uri, data in self.assets.items():
            files.append(File.generated(config, uri, content=data))
        return files

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        # The skip link in templates/material/main.html jumps to #inhalt.
        return f'<div id="inhalt" tabindex="-1">{MARK_BODY}</div>'


def _put_title(html: str, page: Page) -> str:
    """A placeholder shell with the page's title: escaped, and where it stands in element text (the header's topic)
    in a ``<span lang dir>`` when it is in another language than the page (an untranslated entry's German name on
    /en/); ``<title>`` and attributes hold no markup and take it plain."""
    plain = str(markupsafe.escape(page.title))
    if page.title_sprache is None:
        return html.replace(MARK_TITLE, plain)
    marked = str(markupsafe.Markup('<span lang="{}" dir="{}">{}</span>').format(
        page.title_sprache.lang, page.title_sprache.richtung, page.title))
    parts = html.split(MARK_TITLE)
    out = [parts[0]]
    for part in parts[1:]:
        before = "".join(out)
        out.append((marked if _in_element_text(before, len(before)) else plain) + part)
    return "".join(out)


@dataclass(frozen=True)
class Shell:
    before: str
    after: str
    placeholder: str  # URL path of the placeholder page, or "" for a navigation page
    languages: bool = False  # the shell links the page in the site's other languages

    def fill(self, page: Page) -> str:
        before = self.before
        if self.placeholder:
            before = _put_title(before, page).replace(self.placeholder, page.url)
        if self.languages:
            before = before.replace(MARK_PAGE_PATH, str(markupsafe.escape(page.neutral_url)))
        return before + page.html + self.after


class Shells:
    """The theme's rendered page shapes, per language; ``write`` puts any page into its shell."""

    def __init__(self, by_url: dict[str, Shell], by_depth: dict[int, Shell],
                 languages: dict[str, Shells] | None = None) -> None:
        self.by_url = by_url  # navigation pages by their (full) URL
        self.by_depth = by_depth  # placeholder shells by URL depth
        self.languages = languages or {}  # the other languages' shells by code

    def of(self, sprache: Sprache) -> Shells:
        return self.languages.get(sprache.code, self)

    def has_shape(self, sprache: Sprache, url: str) -> bool:
        """Whether a page of ``sprache`` at ``url`` has a shell: its own or one of its depth."""
        shells = self.of(sprache)
        return url in shells.by_url or url.count("/") in shells.by_depth

    def render(self, page: Page) -> str:
        shells = self.of(page.sprache)
        shell = shells.by_url.get(page.url) or shells.by_depth[page.url.count("/")]
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
    "sprache_waehlen": N_("Sprache wählen"),
    "neu_feed": N_("Neu im Familienwegweiser"),  # the Atom feed's title (``render.feeds``), linked in every head
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


def _split(html: str, placeholder: str, languages: bool = False) -> Shell:
    # Material's templates are indented for reading; every page repeats that chrome. A run of blank space
    # with a line break between two tags renders as a single line break, so it becomes one (no <pre> here).
    html = _INDENTATION.sub(">\n<", html)
    before, marker, after = html.partition(MARK_BODY)
    if not marker:
        raise RuntimeError("Das Theme hat den Seiteninhalt nicht ausgegeben (Markierung fehlt).")
    return Shell(before, after, placeholder, languages)


def _html_language(html: str, sprache: Sprache) -> str:
    """Material writes its own UI language (``theme.language``) into ``<html lang>``: the page's is ours
    (``de-x-ls`` for Leichte Sprache, which uses Material's German), with ``dir``."""
    tag = markupsafe.Markup('<html lang="{}" dir="{}"').format(sprache.lang, sprache.richtung)
    return _HTML_TAG.sub(lambda _: str(tag), html, count=1)


def _material_language(sprache: Sprache) -> str:
    """Material's UI language for ``sprache``: its own when Material has one, else English."""
    theme = Path(str(__import__("material").__file__)).parent / "templates" / "partials" / "languages"
    return sprache.locale if (theme / f"{sprache.locale}.html").is_file() else "en"


def build_themes(pages: Sequence[Page], sites: dict[str, Site | None], sprachen: Sequence[Sprache], out_dir: Path,
                 work_dir: Path) -> Shells:
    """The shells of every language: MkDocs once per language (its own UI language, direction and navigation
    titles); Material's and our assets are written once, at the site root, by the main language's run. The other
    languages' runs write only pages (into their own folders, from which each keeps its ``404.html``); they run
    after the main one, whose compiled templates they reuse, in forked processes on both cores."""
    haupt, *others = sprachen or [DEUTSCH]
    own = [p for p in pages if p.sprache.code == haupt.code]
    shells = build_theme(own, sites.get(haupt.code), out_dir, work_dir, haupt, sprachen)
    _no_sitemap_per_alternate(out_dir)  # every page has an alternate link: the hreflang ones, the Atom feed's
    main_site = sites.get(haupt.code)
    jobs = [([p for p in pages if p.sprache.code == s.code], sites.get(s.code), work_dir / f"theme-{s.code}",
             work_dir, s, list(sprachen), _untranslated_title(main_site, sites.get(s.code), haupt)) for s in others]
    workers = min(len(jobs), os.cpu_count() or 1)
    context = processes.fork_context()
    if workers > 1 and context is not None:
        import concurrent.futures

        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context,
                                                    initializer=processes.quiet_worker) as pool:
            results = list(pool.map(_language_theme, jobs))
    else:
        results = [_language_theme(job) for job in jobs]
    for sprache, (language_shells, not_found) in zip(others, results, strict=True):
        shells.languages[sprache.code] = language_shells
        if not_found is not None:
            (out_dir / sprache.pfad).mkdir(parents=True, exist_ok=True)
            (out_dir / sprache.pfad / "404.html").write_text(not_found, encoding="utf-8")
    return shells


# Material fetches ``sitemap.xml`` below the address of every <link rel="alternate"> on a page (for its own language
# selector, which we do not use): with hreflang links (and the Atom feed's) on every page, up to seven requests a
# page, to the public host named in ``basis_url`` (another origin in a preview or on a mirror) or to addresses that
# do not exist. The one
# selector in its bundle is made to match nothing of ours; the build fails if a Material update changes it.
_MATERIAL_ALTERNATES = '"link[rel=alternate]"'
_NO_MATERIAL_ALTERNATES = '"link[rel=alternate][data-md-sprachwahl]"'


def _no_sitemap_per_alternate(out_dir: Path) -> None:
    bundles = sorted((out_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    for bundle in bundles:
        text = bundle.read_text("utf-8")
        if text.count(_MATERIAL_ALTERNATES) != 1:
            raise RuntimeError(f"Unbekannte Material-Version: {bundle.name} enthält {_MATERIAL_ALTERNATES} nicht "
                               "genau einmal (Sprachverweise würden fremde Adressen abfragen).")
        bundle.write_text(text.replace(_MATERIAL_ALTERNATES, _NO_MATERIAL_ALTERNATES), encoding="utf-8")
    if not bundles:
        raise RuntimeError("Das Theme hat kein Skript-Bündel geschrieben (assets/javascripts/bundle.*.min.js).")


_ThemeJob = tuple[list[Page], "Site | None", Path, Path, Sprache, list[Sprache], Sprache | None]


def _untranslated_title(main: Site | None, shown: Site | None, haupt: Sprache) -> Sprache | None:
    """``haupt`` when a language shows the main language's site title (no ``titel`` in its site.<code>.yaml)."""
    return haupt if main is not None and shown is not None and shown.titel == main.titel else None


def _language_theme(job: _ThemeJob) -> tuple[Shells, str | None]:
    """One language's shells and its 404 page (run in a worker: its folder is removed afterwards)."""
    pages, site, folder, work_dir, sprache, sprachen, title_sprache = job
    try:
        shells = build_theme(pages, site, folder, work_dir, sprache, sprachen, title_sprache)
        not_found = folder / "404.html"
        return shells, not_found.read_text("utf-8") if not_found.is_file() else None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def build_theme(pages: Sequence[Page], site: Site | None, out_dir: Path, work_dir: Path,
                sprache: Sprache = DEUTSCH, sprachen: Sequence[Sprache] = (),
                title_sprache: Sprache | None = None) -> Shells:
    """Run MkDocs once for the navigation pages and one placeholder per depth; write assets to ``out_dir``
    (only for the main language of a site with several: the others' runs share them). ``title_sprache``: the
    language of the site's title when it is not ``sprache`` (not translated)."""
    several = len(sprachen) > 1
    main = not several or sprache.code == sprachen[0].code
    docs = work_dir / f"docs-{sprache.code}" if several else work_dir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    nav_pages = sorted((p for p in pages if p.in_nav), key=lambda p: p.order)
    depths = sorted({p.url.count("/") for p in pages if not p.in_nav})
    prefix_depth = sprache.pfad.count("/")
    depths = [d for d in depths if d >= prefix_depth]

    def depth_url(depth: int) -> str:
        return sprache.pfad + _depth_url(depth - prefix_depth)
    values = _Values()
    nav_titles = {p.src_uri: values.marker("NAV", p.title, number, p.title_sprache)
                  for number, p in enumerate(nav_pages)}
    stubs = dict(nav_titles)
    stubs.update({f"{depth_url(d)}index.md": MARK_TITLE for d in depths})
    footer = [{"titel": values.marker("FUSS", p.title, number, p.title_sprache), "url": p.url}
              for number, p in enumerate(sorted((p for p in pages if p.footer), key=lambda p: p.order))]
    assets: dict[str, str | bytes] = {} if not main else {f"{ASSET_DIR}/{p.name}": p.read_bytes()
                                      for p in sorted((TEMPLATES / "assets").iterdir())
                                      if p.is_file() and (several or not p.name.startswith("sprachen."))}
    if main:
        assets[f"{ASSET_DIR}/farben.css"] = _colours(site)
    if main and map_library_available():
        for path in [LEAFLET / "leaflet.js", LEAFLET / "leaflet.css", *sorted((LEAFLET / "images").glob("*.png"))]:
            assets[f"assets/leaflet/{path.relative_to(LEAFLET).as_posix()}"] = path.read_bytes()
    if main and QRCODE_JS.is_file():  # only the Merkliste loads it
        assets["assets/qrcode/qrcode.js"] = QRCODE_JS.read_bytes()
    impressum = site.impressum if site else None
    site_main = sprachen[0] if sprachen else DEUTSCH
    publisher = impressum.herausgeber if impressum and impressum.herausgeber else ""
    site_url = None
    if site and site.basis_url:
        site_url = MARK_SITE_URL
        values.by_marker[MARK_SITE_URL] = str(markupsafe.escape(site.basis_url.rstrip("/") + "/"))
    site_name = values.marker("SEITE", site.titel if site else "Familienwegweiser", sprache=title_sprache)
    theme: dict[str, object] = {"name": "material", "language": "de", "custom_dir": str(TEMPLATES / "material"),
                                "font": False, "palette": {"primary": "custom", "accent": "custom"},
                                "features": ["navigation.top"]}
    extra_css = [f"{ASSET_DIR}/farben.css", f"{ASSET_DIR}/wegweiser.css"]
    # zeiten.js first: it turns the week rules into today's intervals, which wegweiser.js's "jetzt geöffnet" reads.
    extra_javascript: list[dict[str, object]] = [{"path": f"{ASSET_DIR}/zeiten.js", "defer": True},
                                                 {"path": f"{ASSET_DIR}/wegweiser.js", "defer": True}]
    extra: dict[str, object] = {
        "generator": False, "texte": theme_texts(sprache), **_language_extra(sprache, sprachen),
        # The publisher is a name from site.yaml, which has no translation: in the main language, marked so.
        "impressum": {"herausgeber": values.marker("HERAUSGEBER", publisher,
                                                   sprache=site_main if publisher and site_main.lang != sprache.lang
                                                   else None),
                      "email": values.marker("EMAIL", impressum.email if impressum and impressum.email else "")},
        "fusslinks": footer}
    if several:
        theme.update(language=_material_language(sprache), direction=sprache.richtung)
        extra_css.append(f"{ASSET_DIR}/sprachen.css")
        extra_javascript.append({"path": f"{ASSET_DIR}/sprachen.js", "defer": True})
        if not main:
            extra["homepage"] = sprache.pfad
    config: dict[str, object] = {
        "site_name": site_name,
        "site_url": site_url,
        "docs_dir": str(docs),
        "site_dir": str(out_dir),
        "use_directory_urls": True,
        "theme": theme,
        "plugins": [],  # no Material search: Pagefind indexes the entries
        "extra_css": extra_css,
        "extra_javascript": extra_javascript,
        "extra": extra,
        "nav": [{nav_titles[p.src_uri]: p.src_uri} for p in nav_pages],
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"unrecognized_links": "ignore"}},
    }
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    cfg = load_config(io.StringIO(json.dumps(config)), config_file_path=str(work_dir / "mkdocs.yml"))
    cfg.plugins["wegweiser"] = _ShellPlugin(stubs, assets, theme_files=main,
                                            sidebar=frozenset(p.src_uri for p in nav_pages if p.sidebar))
    build(cfg)

    def fill(html: str, where: str) -> str:
        html = values.fill(html, where)
        return _html_language(html, sprache) if several else html

    def shell(folder: Path, placeholder: str) -> Shell:
        return _split(fill((folder / "index.html").read_text("utf-8"), folder.name), placeholder, several)

    by_url = {p.url: shell(out_dir / p.url, "") for p in nav_pages}
    by_depth = {depth: shell(out_dir / depth_url(depth), depth_url(depth)) for depth in depths}
    if depths:
        shutil.rmtree(out_dir / depth_url(prefix_depth + 1), ignore_errors=True)
    not_found = out_dir / "404.html"
    if not_found.is_file():
        html = fill(not_found.read_text("utf-8"), not_found.name)
        not_found.write_text(html.replace(MARK_PAGE_PATH, "") if several else html, encoding="utf-8")
    return Shells(by_url, by_depth)


def _language_extra(sprache: Sprache, sprachen: Sequence[Sprache]) -> dict[str, object]:
    """What main.html needs for the language switcher and the hreflang links (nothing for one language)."""
    if len(sprachen) < 2:
        return {}
    return {"sprache": {"code": sprache.code, "lang": sprache.lang, "eigenname": sprache.eigenname,
                        "pfad": sprache.pfad},
            "seitenpfad": MARK_PAGE_PATH, "haupt": sprachen[0].code,
            "sprachen": [{"code": s.code, "lang": s.lang, "eigenname": s.eigenname, "pfad": s.pfad,
                          "richtung": s.richtung} for s in sprachen]}


def write_sitemap(urls: Iterable[str], site: Site | None, out_dir: Path, sprachen: Sequence[Sprache] = ()) -> None:
    """MkDocs' sitemap lists only what it rendered; this one lists every page of every language, each with its
    versions in the other languages (``xhtml:link``, as search engines read them) when there are several."""
    base = (site.basis_url if site else "/").rstrip("/") + "/"
    urls = list(urls)
    several = len(sprachen) > 1
    published = set(urls)
    items = []
    for url in urls:
        links = ""
        if several:
            neutral = next((url[len(s.pfad):] for s in sprachen if s.pfad and url.startswith(s.pfad)), url)
            versions = [(s.lang, s.pfad + neutral) for s in sprachen if s.pfad + neutral in published]
            if neutral in published:
                versions.append(("x-default", neutral))
            links = "".join(f'<xhtml:link rel="alternate" hreflang="{xml_escape(lang)}" '
                            f'href="{xml_escape(base + other)}"/>' for lang, other in versions)
        items.append(f"<url><loc>{xml_escape(base + url)}</loc>{links}</url>\n")
    namespaces = ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' if several else ""
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{namespaces}>\n{"".join(items)}</urlset>\n')
    (out_dir / "sitemap.xml").write_text(xml, encoding="utf-8")
    (out_dir / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))
