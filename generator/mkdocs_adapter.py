"""The thin adapter to MkDocs + Material: the only module that imports MkDocs.

It hands the pages from ``site_pages`` to MkDocs as generated files and swaps in their HTML after
MkDocs' own Markdown step, so MkDocs only does what the theme needs: navigation, layout, assets.
Replacing the engine means replacing this module.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from wegweiser.model import Site
from wegweiser.site_pages import LEAFLET, TEMPLATES, Page, map_library_available
from wegweiser.texts import DE

ASSET_DIR = "assets/wegweiser"


class _WegweiserPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def __init__(self, pages: Sequence[Page], assets: dict[str, str | bytes]) -> None:
        self.pages = {page.src_uri: page for page in pages}
        self.assets = assets

    def on_files(self, files: Files, config: Any) -> Files:
        for page in self.pages.values():
            # A stub with the title; the body is swapped in by on_page_content.
            stub = f"---\ntitle: {json.dumps(page.title, ensure_ascii=False)}\nhide: [toc]\n---\n"
            files.append(File.generated(config, page.src_uri, content=stub))
        for uri, data in self.assets.items():
            files.append(File.generated(config, uri, content=data))
        return files

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        ours = self.pages.get(page.file.src_uri)
        # The skip link in templates/material/main.html jumps here.
        return f'<div id="inhalt" tabindex="-1">{ours.html}</div>' if ours else html


def _colours(site: Site | None) -> str:
    primary = site.farben.primaer if site and site.farben and site.farben.primaer else "#1f5f8b"
    accent = site.farben.akzent if site and site.farben and site.farben.akzent else "#b45309"
    return (":root, [data-md-color-scheme=default] {\n"
            f"  --md-primary-fg-color: {primary};\n  --md-primary-fg-color--light: {primary};\n"
            f"  --md-primary-fg-color--dark: {primary};\n  --md-accent-fg-color: {accent};\n"
            f"  --md-typeset-a-color: {primary};\n}}\n")


def build_with_mkdocs(pages: Sequence[Page], site: Site | None, out_dir: Path, work_dir: Path) -> None:
    """Render ``pages`` with Material into ``out_dir``."""
    docs = work_dir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    nav_pages = sorted((p for p in pages if p.in_nav), key=lambda p: p.order)
    nav = [{p.title: p.src_uri} for p in nav_pages]
    footer = [{"titel": p.title, "url": p.url} for p in sorted(pages, key=lambda p: p.order) if p.footer]
    assets: dict[str, str | bytes] = {f"{ASSET_DIR}/{p.name}": p.read_bytes()
                                      for p in sorted((TEMPLATES / "assets").iterdir()) if p.is_file()}
    assets[f"{ASSET_DIR}/farben.css"] = _colours(site)
    if map_library_available():
        for path in [LEAFLET / "leaflet.js", LEAFLET / "leaflet.css", *sorted((LEAFLET / "images").glob("*.png"))]:
            assets[f"assets/leaflet/{path.relative_to(LEAFLET).as_posix()}"] = path.read_bytes()
    config = {
        "site_name": site.titel if site else "Familienwegweiser",
        "site_url": site.basis_url if site else None,
        "docs_dir": str(docs),
        "site_dir": str(out_dir),
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "de", "custom_dir": str(TEMPLATES / "material"),
                  "font": False, "palette": {"primary": "custom", "accent": "custom"},
                  "features": ["navigation.top"]},
        "plugins": [],  # no Material search: Pagefind indexes the built site
        "extra_css": [f"{ASSET_DIR}/farben.css", f"{ASSET_DIR}/wegweiser.css"],
        "extra_javascript": [{"path": f"{ASSET_DIR}/wegweiser.js", "defer": True}],
        "extra": {"generator": False, "texte": DE,
                  "impressum": {"herausgeber": site.impressum.herausgeber if site and site.impressum else "",
                                "email": site.impressum.email if site and site.impressum else ""},
                  "fusslinks": footer},
        "nav": nav,
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"unrecognized_links": "ignore"}},
    }
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    cfg = load_config(io.StringIO(json.dumps(config)), config_file_path=str(work_dir / "mkdocs.yml"))
    cfg.plugins["wegweiser"] = _WegweiserPlugin(pages, assets)
    build(cfg)
