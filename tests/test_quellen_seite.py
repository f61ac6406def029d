"""Issue 30: the site names where imported entries come from and under which licence (dl-de/by-2-0 and ODbL require
attribution), and a footer page "Offene Daten und Quellen" leads to the open data and its licence.

One small multilingual build per module: the minimal project in all seven site languages, with two playgrounds from
the same source (hostile name and licence text) and one school from a source without a licence address."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest

from conftest import MINI, TODAY, element_text, parsed_page

LANGUAGES = ["de", "leicht", "en", "tr", "ar", "uk", "ru"]
HOSTILE_NAME = "OSM-<script>alert(\"x\")</script>-Mitwirkende 'Zitat' „x“"
HOSTILE_LICENCE = 'ODbL 1.0 <b>"fett"</b>'
LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/?a=1&b=2"
SCHOOLS = "Ministerium für Schule und Bildung NRW"
DATA_LICENCE, DATA_LICENCE_URL = "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.de"
PLAYGROUND = "quartiere/testviertel/spielplaetze/am-teich"
# The open data files the page must lead to (opendata.publish, issue 30 "Deliver" 2).
DATA_FILES = {"daten/hsds/index.json", "daten/hsds/services/index.json", "daten/hsds/datapackage.json"}
# The script each non-Latin language is written in (its letters must appear in its texts).
ARTICLE = "//article[contains(@class, 'ww-offene-daten')]"
SCRIPTS = {"ar": r"[\u0600-\u06FF]", "uk": r"[\u0400-\u04FF]", "ru": r"[\u0400-\u04FF]"}


def _quelle(number: int, name: str, lizenz: str, url: str | None, day: str, art: str = "osm") -> str:
    fields = {"art": art, "id": f"node/{number}", "name": name, "lizenz": lizenz, "abgerufen": day}
    if url:
        fields["lizenz_url"] = url
    return "quelle:\n" + "".join(f"  {key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items())


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("quellen") / "projekt"
    shutil.copytree(MINI, root)
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text("utf-8") + f"sprachen: [{', '.join(LANGUAGES)}]\ndatenlizenz: {DATA_LICENCE}\n"
                    f"datenlizenz_url: {DATA_LICENCE_URL}\n", "utf-8")
    places = root / "quartiere" / "testviertel" / "spielplaetze"
    places.mkdir()
    (places / "am-teich.yaml").write_text("name: Spielplatz am Teich\nstand: 2026-10-01\n"
                                          + _quelle(1, HOSTILE_NAME, HOSTILE_LICENCE, LICENCE_URL, "2026-10-02"),
                                          "utf-8")
    (places / "am-bach.yaml").write_text("name: Spielplatz am Bach\nstand: 2026-10-01\n"
                                         + _quelle(2, HOSTILE_NAME, HOSTILE_LICENCE, LICENCE_URL, "2026-10-05"),
                                         "utf-8")
    schools = root / "quartiere" / "testviertel" / "schulen"
    schools.mkdir()
    (schools / "lindenschule.yaml").write_text("name: Lindenschule\nstand: 2026-10-01\n"
                                               + _quelle(3, SCHOOLS, "dl-de/by-2-0", None, "2026-10-03", "schulen-nrw"),
                                               "utf-8")
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    from wegweiser.site.build import build_site

    out = project.parent / "site"
    build_site(project, out, TODAY)
    return out



def _prefix(code: str) -> str:
    return "" if code == "de" else f"{code}/"


def test_an_imported_entry_names_its_source_and_licence_with_a_link(site: Path) -> None:
    page = parsed_page(site, PLAYGROUND)
    [line] = page.xpath("//p[contains(@class, 'ww-quelle')]")
    text = element_text(line)
    # the hostile strings are text, not markup: the whole name and licence come back as written
    assert text == f"Quelle: {HOSTILE_NAME} · Lizenz: {HOSTILE_LICENCE} · abgerufen am 02.10.2026"
    [link] = line.xpath(".//a")
    assert link.get("href") == LICENCE_URL and element_text(link) == HOSTILE_LICENCE
    assert "license" in link.get("rel").split()
    assert not page.xpath("//script[contains(., 'alert')][not(@type='application/ld+json')]")
    assert not page.xpath("//b[contains(., 'fett')]")
    # an entry the editors wrote has no source line
    assert not parsed_page(site, "quartiere/testviertel/angebote/elterncafe").xpath("//p[contains(@class, 'ww-quelle')]")


def test_a_source_without_licence_address_is_named_without_link(site: Path) -> None:
    [line] = parsed_page(site, "quartiere/testviertel/schulen/lindenschule").xpath("//p[contains(@class, 'ww-quelle')]")
    assert element_text(line) == f"Quelle: {SCHOOLS} · Lizenz: dl-de/by-2-0 · abgerufen am 03.10.2026"
    assert not line.xpath(".//a")


def test_json_ld_names_the_data_set_and_its_licence(site: Path) -> None:
    page = parsed_page(site, PLAYGROUND)
    [script] = page.xpath("//script[@type='application/ld+json']")
    assert "</script" not in script.text.lower() and "<" not in script.text
    data = json.loads(script.text)
    based = data["mainEntityOfPage"]
    assert based["@type"] == "WebPage" and based["url"] == data["url"]
    assert based["isBasedOn"] == {"@type": "Dataset", "name": HOSTILE_NAME, "license": LICENCE_URL,
                                  "identifier": "node/1"}
    school = json.loads(parsed_page(site, "quartiere/testviertel/schulen/lindenschule")
                        .xpath("//script[@type='application/ld+json']")[0].text)
    assert school["mainEntityOfPage"]["isBasedOn"]["license"] == {"@type": "CreativeWork", "name": "dl-de/by-2-0"}
    elterncafe = parsed_page(site, "quartiere/testviertel/angebote/elterncafe")
    assert "mainEntityOfPage" not in json.loads(elterncafe.xpath("//script[@type='application/ld+json']")[0].text)


def test_the_open_data_page_gives_the_licence_and_each_source_once(site: Path) -> None:
    page = parsed_page(site, "daten")
    [article] = page.xpath(ARTICLE)
    assert element_text(article.xpath(".//h1")[0]) == "Offene Daten und Quellen"
    [licence] = article.xpath(".//a[contains(@rel, 'license')][@href=$url]", url=DATA_LICENCE_URL)
    assert element_text(licence) == DATA_LICENCE
    sources = [element_text(item) for item in article.xpath(".//ul[contains(@class, 'ww-quellen')]/li")]
    # two playgrounds from one source: named once; sorted by name
    assert sources == [f"{SCHOOLS} · Lizenz: dl-de/by-2-0", f"{HOSTILE_NAME} · Lizenz: {HOSTILE_LICENCE}"]
    [link] = article.xpath(".//ul[contains(@class, 'ww-quellen')]//a")
    assert link.get("href") == LICENCE_URL
    assert "HSDS" in element_text(article)
    # not in the navigation (only in the footer)
    assert not page.xpath("//nav[contains(@class, 'md-nav')]//a[contains(@href, 'daten/')]")


def _target(site: Path, page_url: str, href: str) -> Path:
    """The file a link of the page at ``page_url`` (relative to the site root) leads to, on a site at the root of
    its host (the mini project's basis_url)."""
    path = urlsplit(urljoin("https://familie.example.org/" + page_url, href)).path
    path = posixpath.normpath(unquote(path)).lstrip("/")
    return site / path / "index.html" if href.endswith("/") else site / path


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_link_of_the_open_data_page_leads_to_a_file(site: Path, code: str) -> None:
    url = f"{_prefix(code)}daten/"
    [article] = parsed_page(site, url).xpath(ARTICLE)
    own = [a.get("href") for a in article.xpath(".//a") if not urlsplit(a.get("href")).scheme]
    assert all(not href.startswith("/") for href in own), own  # relative: works under any base path and offline
    targets = {_target(site, url, href) for href in own}
    assert {site / name for name in DATA_FILES} <= targets
    missing = [t for t in targets if not t.is_file()]
    assert not missing, missing


def _html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts and "druck" not in p.parts)


def test_every_page_links_the_open_data_page_in_its_footer(site: Path) -> None:
    pages = _html_pages(site)
    assert len(pages) > 100
    for path in pages:
        url = path.relative_to(site).parent.as_posix() + "/"
        url = "" if url == "./" else url
        code = url.split("/")[0] if url.split("/")[0] in LANGUAGES else "de"
        links = lxml.html.fromstring(path.read_bytes()).xpath("//footer//a")
        targets = {_target(site, url if path.name == "index.html" else url + path.name, a.get("href")) for a in links}
        assert site / _prefix(code) / "daten" / "index.html" in targets, path


@pytest.mark.parametrize("code", LANGUAGES[1:])
def test_the_sources_are_named_in_every_language(site: Path, code: str) -> None:
    german_page = element_text(parsed_page(site, "daten").xpath(ARTICLE)[0])
    german_line = element_text(parsed_page(site, PLAYGROUND).xpath("//p[contains(@class, 'ww-quelle')]")[0])
    page = parsed_page(site, f"{_prefix(code)}daten")
    assert page.get("lang", "").split("-")[0] == ("de" if code == "leicht" else code)
    text = element_text(page.xpath(ARTICLE)[0])
    assert text != german_page and HOSTILE_NAME in text and SCHOOLS in text
    [line] = parsed_page(site, f"{_prefix(code)}{PLAYGROUND}").xpath("//p[contains(@class, 'ww-quelle')]")
    line_text = element_text(line)
    assert line_text != german_line and HOSTILE_NAME in line_text and HOSTILE_LICENCE in line_text
    assert "2026" in line_text
    footer = {element_text(a) for a in page.xpath("//footer//a[contains(@href, 'daten/')]")}
    assert len(footer) == 1
    if code != "leicht":  # Leichte Sprache is German: its title may stay the same
        assert "Offene Daten und Quellen" not in text and "abgerufen am" not in line_text
        assert footer != {"Offene Daten und Quellen"}
    if code in SCRIPTS:
        for shown in (text, line_text, *footer):
            assert re.search(SCRIPTS[code], shown), (code, shown)
    if code == "en":
        assert line_text.startswith("Source: ") and "Licence: " in line_text and "Oct" in line_text


def test_without_a_data_licence_the_page_says_none_is_given() -> None:
    from wegweiser.check.validate import load_and_validate
    from wegweiser.render.page_builder import PageBuilder

    content, problems = load_and_validate(MINI, TODAY)
    assert not problems.errors
    page = PageBuilder(content, TODAY).open_data_page()
    assert page.footer and not page.in_nav and page.url == "daten/"
    article = lxml.html.fromstring(page.html).xpath(ARTICLE)[0]
    assert "keine Lizenz angegeben" in element_text(article)
    assert not article.xpath(".//a[contains(@rel, 'license')]")
    assert "Alle Einträge hat die Redaktion selbst erfasst." in element_text(article)


def _pdf_text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_booklet_names_each_source_with_its_licence(project: Path, tmp_path: Path) -> None:
    from wegweiser.check.validate import load_and_validate
    from wegweiser.printing.booklet import print_booklets

    content, problems = load_and_validate(project, TODAY)
    assert not problems.errors
    results = {r.sprache.code: r for r in print_booklets(content, TODAY, tmp_path / "druck", nur_sprachen=["de", "en"])}
    for code, label in (("de", "Daten aus anderen Quellen"), ("en", "Data from other sources")):
        result = results[code]
        # on the back cover, the last page: the whole booklet still ends there. pdftotext joins a word broken at a
        # hyphen ("dl-" + "de/by-2-0"), and the booklet sets quotation marks as its language does: compared
        # without spaces and hyphens, the hostile name up to its quotation marks
        last = _pdf_text(result.a5, "-f", str(result.pages), "-l", str(result.pages))
        assert label in " ".join(last.split()), last
        flat = _flat(last)
        for value in (HOSTILE_NAME.split("„")[0], HOSTILE_LICENCE, LICENCE_URL, SCHOOLS, "dl-de/by-2-0"):
            assert _flat(value) in flat, (value, last)
        assert flat.count(_flat(HOSTILE_NAME.split("„")[0])) == 1  # two playgrounds, one source


def _flat(text: str) -> str:
    return re.sub(r"[\s-]", "", text)
