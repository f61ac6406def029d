"""Legal pages always exist: Impressum, Datenschutz and Erklärung zur Barrierefreiheit are generated from
site.yaml when the content lacks them, `check` warns, and every page's footer links all three."""

from __future__ import annotations

import html.parser
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import MINI, ROOT, TODAY, read_page

LEGAL = {"impressum": "Impressum", "datenschutz": "Datenschutz", "barrierefreiheit": "Erklärung zur Barrierefreiheit"}
PUBLISHER = "Familienbüro <b>Test</b> *Stadt*"  # markup in site.yaml is shown as written, never rendered


class _Page(html.parser.HTMLParser):
    """The links inside <footer>, the <article>'s text and every <script>'s presence."""

    def __init__(self) -> None:
        super().__init__()
        self.footer_links: list[str] = []
        self.article: list[str] = []
        self._footer = 0
        self._article = 0
        self.bold_in_article = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "footer":
            self._footer += 1
        if tag == "article":
            self._article += 1
        if tag == "b" and self._article:
            self.bold_in_article = True
        if tag == "a" and self._footer:
            self.footer_links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "footer":
            self._footer -= 1
        if tag == "article":
            self._article -= 1

    def handle_data(self, data: str) -> None:
        if self._article:
            self.article.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _without_legal_pages(base: Path) -> Path:
    root = base / "projekt"
    shutil.copytree(MINI, root)
    for slug in LEGAL:
        (root / "content" / "seiten" / f"{slug}.md").unlink()
    site = root / "content" / "site.yaml"
    text = site.read_text(encoding="utf-8").replace("herausgeber: Familienbüro Teststadt",
                                                    f'herausgeber: "{PUBLISHER}"')
    site.write_text(text + "  telefon: 0231 555-1234\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def legal_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from wegweiser.site.build import build_site

    base = tmp_path_factory.mktemp("rechtliches")
    root = _without_legal_pages(base)
    build_site(root, base / "site", TODAY)
    return root, base / "site"


def test_generated_legal_pages_exist_with_placeholders(legal_site: tuple[Path, Path]) -> None:
    site = legal_site[1]
    for slug, title in LEGAL.items():
        page = _parse(site / "seiten" / slug / "index.html")
        text = " ".join("".join(page.article).split())
        assert text.startswith(title), (slug, text[:80])
        assert "Bitte ergänzen:" in text, slug
        assert PUBLISHER in text and "Rathausplatz 1, 59999 Teststadt" in text, slug
        assert "redaktion@example.org" in text and "0231 555-1234" in text, slug
        assert not page.bold_in_article or "<b>Test</b>" in text  # the <b> of site.yaml stays text
    impressum = read_page(site, "seiten/impressum/")
    assert 'href="mailto:redaktion@example.org"' in impressum
    assert re.search(r'href="tel:(\+49|0)2315551234"', impressum)  # the phone number from site.yaml, dialable


def test_every_footer_links_all_three(legal_site: tuple[Path, Path]) -> None:
    """Every HTML page, the 404 page included, resolved as a browser would at the site's basis_url."""
    site = legal_site[1]
    base = "https://familie.example.org/"  # basis_url of the mini fixture
    pages = [p for p in site.rglob("*.html") if "druck" not in p.parts]
    assert len(pages) >= 10
    for path in pages:
        url = urljoin(base, path.relative_to(site).as_posix())
        targets = {urljoin(url, link) for link in _parse(path).footer_links}
        for slug in LEGAL:
            assert f"{base}seiten/{slug}/" in targets, (path, slug, targets)


def test_check_warns_once_per_generated_page(tmp_path: Path) -> None:
    root = _without_legal_pages(tmp_path)
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", str(root), "--stichtag", TODAY.isoformat()],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
    lines = sorted(line for line in result.stdout.splitlines() if ": Warnung: " in line)
    assert "0 Fehler, 3 Warnungen" in result.stdout
    assert lines == sorted(f"content/seiten/: Warnung: Die Seite „{title}“ fehlt: die Website erzeugt sie aus "
                     f"content/site.yaml, mit Platzhaltern „Bitte ergänzen: …“. – Legen Sie content/seiten/{slug}.md "
                     "mit „fusszeile: ja“ an und füllen Sie die Angaben vollständig aus."
                     for slug, title in LEGAL.items())


def test_only_missing_pages_are_generated(tmp_path: Path) -> None:
    from wegweiser.check.validate import load_and_validate
    from wegweiser.render import legal_pages

    root = _without_legal_pages(tmp_path)
    (root / "content" / "seiten" / "impressum.md").write_text(
        "---\ntitel: Impressum\nfusszeile: ja\n---\nEigenes Impressum.\n", encoding="utf-8")
    content, problems = load_and_validate(root, TODAY)
    assert [p.slug for p in legal_pages.fehlende_seiten(content)] == ["datenschutz", "barrierefreiheit"]
    assert len([w for w in problems.warnings if w.loc.path == "content/seiten/"]) == 2


def test_demo_keeps_its_own_legal_pages(demo_site: Path) -> None:
    from wegweiser.check.validate import load_and_validate
    from wegweiser.render import legal_pages

    content, _ = load_and_validate(ROOT, TODAY)
    assert legal_pages.fehlende_seiten(content) == []
    text = " ".join("".join(_parse(demo_site / "seiten" / "impressum" / "index.html").article).split())
    assert "Wenn Ihnen ein Fehler auffällt" in text  # a sentence only the demo's own page has
