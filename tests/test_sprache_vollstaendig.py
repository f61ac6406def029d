"""Every language complete, right to left without seams (issue 26, items 6 and 7).

A translated page shows its chrome (footer, navigation, legal pages' headings, fact values) in its language wherever
a translation or a catalogue string exists; where neither does, the German text stays, marked ``lang="de"``, and
``check`` lists it per language. Expected strings come from the catalogues (``generator/locale/<code>/…/*.po``, read
with Babel) and from the content's translation files, never from the code under test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import lxml.html
import pytest
import yaml
from babel.messages.pofile import read_po

from conftest import ROOT, TODAY, serve_folder

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "sprachen"
LOCALE = ROOT / "generator" / "locale"
# The legal pages and their German titles (the footer the issue names: "Impressum · Datenschutz · Erklärung zur
# Barrierefreiheit"); a project without them gets them generated.
LEGAL = {"impressum": "Impressum", "datenschutz": "Datenschutz", "barrierefreiheit": "Erklärung zur Barrierefreiheit"}


@cache
def _po(code: str) -> dict[str, str]:
    """msgid -> msgstr of a language's catalogue (singular messages; untranslated ones left out)."""
    with (LOCALE / code / "LC_MESSAGES" / "wegweiser.po").open("rb") as handle:
        catalog = read_po(handle)
    return {m.id: m.string for m in catalog if isinstance(m.id, str) and isinstance(m.string, str) and m.string}


def _front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else yaml.safe_load(text)
    return data if isinstance(data, dict) else {}


@cache
def _expected_title(content: Path, slug: str, code: str) -> tuple[str, bool]:
    """A page's title on ``code``'s pages, and whether it is in that language: the translation's, else the
    catalogue's (a legal page), else the German one."""
    translation = content / "seiten" / f"{slug}.{code}.md"
    if translation.is_file() and "titel" in _front_matter(translation):
        return str(_front_matter(translation)["titel"]), True
    original = content / "seiten" / f"{slug}.md"
    german = str(_front_matter(original)["titel"]) if original.is_file() else LEGAL[slug]
    if slug in LEGAL and german in _po(code):
        return _po(code)[german], True
    return german, False


def _lang_of(element: Any) -> str:
    for node in (element, *element.iterancestors()):
        if node.get("lang"):
            return str(node.get("lang"))
    return ""


def _pages(site: Path, code: str) -> Iterator[tuple[str, Any]]:
    for path in sorted((site / code).rglob("index.html")):
        yield path.relative_to(site).as_posix(), lxml.html.fromstring(path.read_bytes())


_SEITE = re.compile(r"seiten/([a-z0-9-]+)/$")


def _chrome_problems(site: Path, project: Path) -> list[str]:
    """Every page of every translated language, parsed: footer links, the publisher, the navigation's page links
    and the legal pages' headings against what the catalogues and the translations say."""
    content = project / "content"
    settings = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))
    publisher = settings["impressum"]["herausgeber"]
    problems: list[str] = []
    for code in settings["sprachen"][1:]:
        lang = "de-x-ls" if code == "leicht" else code
        for url, tree in _pages(site, code):
            links = [*tree.xpath("//footer//a"), *tree.xpath("//nav[contains(@class, 'md-nav--primary')]//a")]
            for link in links:
                found = _SEITE.search(link.get("href") or "")
                if not found:
                    continue
                text = " ".join(link.text_content().split())
                expected, own = _expected_title(content, found.group(1), code)
                if text != expected:
                    problems.append(f"{url}: Link „{text}“, erwartet „{expected}“")
                inner = link.xpath(".//*[@lang]")
                shown_lang = _lang_of(inner[0]) if inner else _lang_of(link)
                if (own and shown_lang != lang) or (not own and shown_lang != "de"):
                    problems.append(f"{url}: Link „{text}“ hat lang={shown_lang!r}")
            owner = [p for p in tree.xpath("//footer//p") if publisher in p.text_content()]
            marked = [e for p in owner for e in p.iter() if (e.text or "").strip() == publisher]
            if not marked or _lang_of(marked[0]) != "de":
                problems.append(f"{url}: Herausgeber „{publisher}“ nicht als Deutsch ausgezeichnet")
            page = re.fullmatch(rf"{code}/seiten/([a-z-]+)/index\.html", url)
            if page and page.group(1) in LEGAL:
                heading = tree.xpath("//article/h1")[0]
                expected, _own = _expected_title(content, page.group(1), code)
                if " ".join(heading.text_content().split()) != expected or _lang_of(heading) != lang:
                    problems.append(f"{url}: Überschrift „{heading.text_content()}“ ({_lang_of(heading)})")
    return problems


def test_no_german_chrome_where_a_translation_exists(demo_site: Path) -> None:
    """The demo in all its languages: footer, publisher, navigation and legal headings, page by page."""
    problems = _chrome_problems(demo_site, ROOT)
    assert not problems, f"{len(problems)} Stellen, z. B.: " + "\n".join(problems[:12])


# --- a small project: generated legal pages, a page without translations, `check` -------------------------------

ELTERNKURSE = "Elternkurse im Überblick"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The language fixture (de, leicht, en, ar) without its legal pages (generated then), with a page nobody
    translated and an entry whose cost is a plain "kostenlos" without an Arabic translation."""
    root = tmp_path_factory.mktemp("vollstaendig") / "projekt"
    shutil.copytree(FIXTURE, root)
    for slug in LEGAL:
        (root / "content" / "seiten" / f"{slug}.md").unlink()
    (root / "content" / "seiten" / "elternkurse.md").write_text(
        f"---\ntitel: {ELTERNKURSE}\nreihenfolge: 30\n---\nKurse für Eltern.\n", encoding="utf-8")
    (root / "quartiere" / "nordviertel" / "angebote" / "babytreff.yaml").write_text(
        "name: Babytreff am Markt\nkurz: Eltern mit Babys treffen sich.\nkategorien: [sprache]\n"
        "oeffnungszeiten: Tu 09:00-11:00\nkosten: kostenlos\nstand: 2026-10-01\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project_site(project: Path) -> Path:
    from wegweiser.site.build import build_site

    out = project.parent / "site"
    build_site(project, out, TODAY)
    return out


def test_small_site_has_no_german_chrome_where_a_translation_exists(project: Path, project_site: Path) -> None:
    problems = _chrome_problems(project_site, project)
    assert not problems, "\n".join(problems[:12])


@pytest.mark.parametrize("code", ["en", "ar", "leicht"])
def test_generated_legal_pages_are_in_the_page_language(project_site: Path, code: str) -> None:
    """Generated from site.yaml in the page's language: not marked German, no "only in German" notice."""
    tree = lxml.html.fromstring((project_site / code / "seiten" / "impressum" / "index.html").read_bytes())
    heading = tree.xpath("//article/h1")[0]
    assert heading.text_content() == _po(code)["Impressum"]
    assert not tree.xpath("//article//*[@lang='de']"), "generated text marked German"
    assert not tree.xpath("//*[contains(@class, 'ww-sprachhinweis')]")
    assert _po(code)["Herausgeber"] in [h.text_content() for h in tree.xpath("//article//h2")]


def test_untranslated_nav_title_stays_german_marked(project_site: Path) -> None:
    tree = lxml.html.fromstring((project_site / "ar" / "index.html").read_bytes())
    [link] = [a for a in tree.xpath("//nav[contains(@class, 'md-nav--primary')]//a")
              if (a.get("href") or "").endswith("seiten/elternkurse/")]
    [span] = link.xpath(".//span[@lang]")
    assert (span.text, span.get("lang"), span.get("dir")) == (ELTERNKURSE, "de", "ltr")
    title = tree.xpath("//title")[0].text  # <title> holds no markup: the marker's plain text there
    assert "<span" not in title


def test_plain_kostenlos_is_a_fact_in_the_page_language(project_site: Path) -> None:
    def cost(code: str, slug: str) -> Any:
        tree = lxml.html.fromstring((project_site / code / "quartiere" / "nordviertel" / "angebote" / slug
                                     / "index.html").read_bytes())
        [dd] = [dt.getnext() for dt in tree.xpath("//dt") if dt.text_content().strip() == _po(code)["Kosten"]]
        return dd

    free = cost("ar", "babytreff")
    assert (free.text_content().strip(), _lang_of(free)) == (_po("ar")["kostenlos"], "ar")
    other = cost("ar", "sprachkurs")  # says more than "free": as written, marked German
    assert (other.text_content().strip(), _lang_of(other)) == ("1 € pro Termin", "de")


def test_check_lists_the_german_chrome_per_language(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", str(project), "--stichtag",
                             TODAY.isoformat()], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = {line.split(":", 1)[0].strip(): line for line in result.stdout.splitlines() if line.startswith("  ")}
    source = "content/seiten/elternkurse.md:2:8"  # where the title stands (file, line, column)
    for code in ("leicht", "en", "ar"):
        assert f"Navigation „{ELTERNKURSE}“ ({source} hat keine Übersetzung {code})" in lines[code], result.stdout
    # The fixture translates the site's title into English only: the others show the German one.
    assert "Titel der Website „Familienwegweiser Teststadt“" in lines["ar"]
    assert "Titel der Website" not in lines["en"]
    # Translated page titles and the legal pages (catalogue) are not listed.
    for code in ("leicht", "en", "ar"):
        assert "Notfall" not in lines[code] and "Impressum" not in lines[code]
    assert re.search(r"ar: 2 Texte der Oberfläche noch deutsch", lines["ar"])


# --- right to left ---------------------------------------------------------------------------------------------

_COUNT_SPLIT = re.compile(r"\d[ \t\n]+[^\W\d_]")  # a count, a breakable space, a word
_COUNT_BOUND = re.compile(r"\d\u00a0[^\W\d_]")


def test_counts_stay_with_their_nouns_in_every_language(demo_site: Path) -> None:
    """Tiles say "18 بندًا", "18 Einträge": no line break possible between the count and its noun."""
    seen = 0
    for code in ("", "leicht", "en", "tr", "ar", "uk", "ru"):
        for path in [demo_site / code / "index.html", demo_site / code / "quartiere" / "index.html",
                     demo_site / code / "themen" / "index.html"]:
            tree = lxml.html.fromstring(path.read_bytes())
            for span in tree.xpath("//ul[contains(@class, 'ww-kacheln')]/li/a/span"):
                text = span.text_content()
                assert _COUNT_BOUND.search(text) and not _COUNT_SPLIT.search(text), (path, text)
                seen += 1
    assert seen > 50


@pytest.fixture(scope="module")
def demo_origin(demo_site: Path) -> Iterator[str]:
    yield from serve_folder(demo_site)


_BLOCKS = """() => [...document.querySelectorAll('.ww-karte')].filter(card => card.offsetParent).flatMap(card =>
  [...card.querySelectorAll(':scope > p, :scope > a')].filter(el => el.offsetParent && el.textContent.trim())
  .map(el => {
    const style = getComputedStyle(el), range = document.createRange();
    range.selectNodeContents(el);
    const right = Math.max(...[...range.getClientRects()].map(r => r.right));
    const box = el.getBoundingClientRect();
    return {text: el.textContent.trim().slice(0, 40), align: style.textAlign, direction: style.direction,
            lang: el.closest('[lang]').lang, gap: box.right - parseFloat(style.paddingRight) - right};
  }))"""


@pytest.mark.parametrize("path", ["ar/quartiere/brunnenviertel/", "ar/themen/fruehe-hilfen/", "ar/themen/betreuung/"])
def test_arabic_cards_align_to_the_page(browser: Any, demo_origin: str, path: str) -> None:
    """Every block of every card, German-named ones included, lines up at the right (the page's start), next to
    its icon: computed text-align right (or start in a right-to-left block) and its text ending at the right."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        page.goto(f"{demo_origin}/{path}", wait_until="networkidle")
        blocks = page.evaluate(_BLOCKS)
    finally:
        page.close()
    assert any(b["lang"] == "de" for b in blocks), "no German-named card on the page: the test would prove nothing"
    wrong = [b for b in blocks if not (b["align"] == "right" or (b["align"] in ("start", "-webkit-auto")
                                       and b["direction"] == "rtl")) or b["gap"] > 3]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize(("code", "expected"), [
    # CLDR's delimiters (quotationStart, quotationEnd) per language; Arabic as the catalogue writes it («…»).
    ("de", "„Merken“"), ("leicht", "„Merken“"), ("en", "“Merken”"), ("tr", "“Merken”"), ("uk", "«Merken»"),
    ("ru", "«Merken»"), ("ar", "«<bdi>Merken</bdi>»"),
])
def test_quote_filter_uses_the_language_s_quotation_marks(code: str, expected: str) -> None:
    from wegweiser.i18n.catalogue import texte
    from wegweiser.i18n.languages import DEUTSCH, sprache
    from wegweiser.render.page_builder import environment

    words = texte(DEUTSCH if code == "de" else sprache(code))
    env: jinja2.Environment = environment()
    assert env.from_string("{{ name | quote }}").render(**words.jinja(), name="Merken") == expected
    assert env.from_string("{{ name | quote }}").render(**words.jinja(), name="<b>") .count("&lt;b&gt;") == 1
    assert words.zitat("x") == expected.replace("<bdi>", "").replace("</bdi>", "").replace("Merken", "x")


# The languages whose quotation marks are not the German „…“ (CLDR; Arabic «…»): text in them never shows „.
_OWN_MARKS = {"en": "“", "tr": "“", "ar": "«", "uk": "«", "ru": "«"}


def test_translated_text_uses_its_language_s_quotation_marks(demo_site: Path) -> None:
    """A translator who keeps the original's „…“ („Familie im Brunnenviertel“ in the Arabic quarter text) gets the
    language's marks on every page: text in the page's language (not inside ``lang="de"``) has no „."""
    found: list[tuple[str, str]] = []
    converted = 0
    for code, opening in _OWN_MARKS.items():
        for url, page in _pages(demo_site, code):
            for element in page.iter():
                if not isinstance(element.tag, str) or element.tag in ("script", "style", "title"):
                    continue
                own = [element.text or ""] + [child.tail or "" for child in element]
                if not any("„" in text or opening in text for text in own):
                    continue
                lang = next((e.get("lang") for e in element.iterancestors() if e.get("lang")), None)
                lang = element.get("lang") or lang
                if lang is not None and lang.split("-")[0] == "de":
                    continue
                converted += sum(text.count(opening) for text in own)
                found += [(url, text.strip()[:80]) for text in own if "„" in text]
    assert found == [], found[:10]
    assert converted > 0  # the demo's translations do quote: the check looked at something
