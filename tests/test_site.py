"""The built website: facts in the HTML of each page type, publishing rules, safety and atomic builds."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import cbor2
import pytest

from wegweiser.check.validate import load_and_validate
from wegweiser.core.problems import ContentError
from wegweiser.hours import holiday_calendar
from wegweiser.hours.osm_hours import Hours, tabelle
from wegweiser.model.entries import ENTRY_TYPES
from wegweiser.render.markdown_text import markdown_html
from wegweiser.search.bundle import BundleCopy
from wegweiser.site.build import build_site

from conftest import ROOT, TODAY, read_page


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_home_page(demo_site: Path) -> None:
    html = read_page(demo_site, "")
    assert '<html lang="de"' in html
    assert re.search(r'action="(\./)?suche/"', html) and 'name="q"' in html
    for quarter in ("Brunnenviertel", "Hafenquartier", "Heide", "Märchensiedlung", "Altstadt", "Auental"):
        assert f"<strong>{quarter}</strong>" in html
    assert 'href="themen/fruehe-hilfen/"' in html
    assert 'href="seiten/notfallnummern/"' in html  # the page marked druck: ja is the phone-number page


def test_quarter_page_lists_own_and_region_entries(demo_site: Path) -> None:
    html = read_page(demo_site, "quartiere/brunnenviertel/")
    text = _text(html)
    assert "Das Brunnenviertel liegt in der Nordstadt" in text
    assert "Ansprechperson im Quartier" in text and "Netzwerkbüro Brunnenviertel" in text
    assert 'href="../../quartiere/brunnenviertel/angebote/elterncafe-sonnenschein/"' in html
    assert "Di 09:30–11:30 Uhr" in text and "0–3 Jahre" in text
    # region-wide: "alle" and a list that names this quarter
    assert "Schwangerschaftsberatung" in text
    assert "Interdisziplinäre Frühförderung" in text
    heide = _text(read_page(demo_site, "quartiere/heide/"))
    assert "Schwangerschaftsberatung" in heide
    assert "Interdisziplinäre Frühförderung" not in heide  # not named in its quartiere list
    assert "Ferienspiele Nordstadt" not in heide  # another quarter's entry


def test_entry_page_shows_every_field_readably(demo_site: Path) -> None:
    html = read_page(demo_site, "quartiere/brunnenviertel/angebote/elterncafe-sonnenschein/")
    text = _text(html)
    assert "<h1" in html and "Elterncafé Sonnenschein" in text
    for fact in ("0–3 Jahre", "Di 09:30–11:30 Uhr", "an Feiertagen in Nordrhein-Westfalen geschlossen", "kostenlos",
                 "Ohne Anmeldung, einfach vorbeikommen.", "Familienzentrum Haus der Generationen",
                 "Deutsch, Türkisch, Arabisch, Bulgarisch", "Stand: 12.09.2026", "Eingang ebenerdig"):
        assert fact in text, fact
    assert 'href="https://www.openstreetmap.org/directions?to=' in html
    assert re.search(r'href="tel:\+?\d+"', html)
    assert "<strong>Hebamme</strong>" in html  # Markdown description rendered
    assert "Krabbelgruppe" in text  # stichworte are on the page and indexed


def test_kita_and_contact_fields(demo_site: Path) -> None:
    kita = _text(read_page(demo_site, "quartiere/brunnenviertel/kitas/kita-haus-der-generationen/"))
    assert "Plätze 105" in kita and "25, 35, 45 Stunden" in kita and "Mo–Fr 07:00–16:30 Uhr" in kita
    contact = read_page(demo_site, "region/kontakte/schwangerschaftsberatung/")
    assert 'href="mailto:schwangerschaftsberatung@example.org"' in contact
    assert "alle Quartiere" in _text(contact)


def test_category_and_general_pages(demo_site: Path) -> None:
    category = _text(read_page(demo_site, "themen/sprache/"))
    assert "Sprachcafé Deutsch für Eltern" in category and "Brunnenviertel" in category
    page = read_page(demo_site, "seiten/u-untersuchungen/")
    assert "<table>" in page and "U7a" in page


def test_expired_entries_are_not_published(demo_site: Path) -> None:
    assert not (demo_site / "region/angebote/ferienfreizeit-2025").exists()
    assert not (demo_site / "quartiere/heide/angebote/familienkompass-heide").exists()
    all_html = " ".join(p.read_text(encoding="utf-8") for p in demo_site.rglob("*.html"))
    assert "Ferienfreizeit an der Nordsee" not in all_html
    assert "Familienkompass Heide (Heft)" not in all_html


def test_every_published_entry_has_a_page(demo_site: Path) -> None:
    content, _ = load_and_validate(ROOT, TODAY)
    live = [e for e in content.eintraege if not e.gueltig_bis or e.gueltig_bis >= TODAY]
    # an entry's page is <scope>/<type>/<slug>/index.html (quartiere/<q>/termine/index.html is a list)
    pages = [p for p in demo_site.rglob("index.html") if p.parent.parent.name in ENTRY_TYPES]
    assert len(live) == len(content.eintraege) - 2  # two have expired in the demo
    assert content.site is not None
    codes = content.site.sprachen  # every language has a page for every entry, translated or not
    by_language = {code: 0 for code in codes}
    for page in pages:
        first = page.relative_to(demo_site).parts[0]
        by_language[first if first in codes[1:] else codes[0]] += 1
    assert by_language == dict.fromkeys(codes, len(live))


@pytest.mark.parametrize("path", ["", "quartiere/heide/", "quartiere/brunnenviertel/angebote/elterncafe-sonnenschein/",
                                  "region/kontakte/schwangerschaftsberatung/", "seiten/impressum/", "suche/"])
def test_exactly_one_h1_per_page(demo_site: Path, path: str) -> None:
    html = read_page(demo_site, path)
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert "WWTITELMARKE" not in html and "ww-rahmen" not in html and "WW-INHALT" not in html


def test_navigation_never_lists_entries(demo_site: Path) -> None:
    html = read_page(demo_site, "quartiere/brunnenviertel/angebote/elterncafe-sonnenschein/")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.S)
    assert nav
    links = re.findall(r'class="md-nav__link', nav.group(0))
    # Start, Quartiere, Themen, four general pages, Suche (Material may repeat a link for the active page)
    assert len(links) <= 12
    assert "elterncafe-sonnenschein" not in nav.group(0)


def test_pages_load_nothing_from_other_hosts(demo_site: Path) -> None:
    for path in demo_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for tag, attr in re.findall(r"<(script|link|img|iframe|source)\b[^>]*?\b(?:src|href)=\"([^\"]+)\"", html):
            if tag == "link" and not re.search(rf'<link[^>]*rel="(stylesheet|preload|icon|modulepreload)"[^>]*{re.escape(attr)}', html):
                continue
            assert not re.match(r"(https?:)?//", attr), f"{path}: {tag} {attr}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def _filters(html: str) -> list[tuple[str, str]]:
    """The page's Pagefind filters as (name, value), from ``data-pagefind-filter="name:value"``."""
    found = [a["data-pagefind-filter"] or "" for tag, a in _parts(html).tags if "data-pagefind-filter" in a]
    return [(text.partition(":")[0], text.partition(":")[2]) for text in found]


def test_search_index_and_filters_exist(demo_site: Path) -> None:
    """Issue 11: filter names and values are stable slugs, the same in every language (labels come with the
    search page)."""
    assert (demo_site / "pagefind" / "pagefind.js").is_file()
    entry = read_page(demo_site, "quartiere/heide/kitas/kita-heidezwerge/")
    assert 'data-pagefind-body' in entry
    filters = _filters(entry)
    assert ("quartier", "heide") in filters and ("typ", "kitas") in filters
    assert ("alter", "0-3") in filters and ("alter", "3-6") in filters
    region = _filters(read_page(demo_site, "region/kontakte/schwangerschaftsberatung/"))
    assert {("alter", "schwanger"), ("kosten", "kostenlos"), ("sprache", "fa")} <= set(region)
    assert len([f for f in region if f[0] == "quartier"]) == 6


def _pagefind_file(path: Path) -> bytes:
    """A Pagefind file's content: gzip, then the signature ``pagefind_dcd``, then CBOR or JSON."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd"), path
    return data[len(b"pagefind_dcd"):]


def _indexed(site: Path, lang: str = "de") -> dict[str, set[str]]:
    """The words Pagefind's index holds for each page (by URL), read from the index files themselves: the page list
    (``*.pf_meta``: page number → result file), the result files (→ URL) and the word index chunks (word → page
    numbers, delta-encoded)."""
    folder = site / "pagefind"
    meta = cbor2.loads(_pagefind_file(next(folder.glob(f"pagefind.{lang}_*.pf_meta"))))
    urls = [json.loads(_pagefind_file(folder / "fragment" / f"{page[0]}.pf_fragment"))["url"] for page in meta[1]]
    words: dict[str, set[str]] = {url: set() for url in urls}
    for chunk in folder.glob(f"index/{lang}_*.pf_index"):
        for word, pages, variants in cbor2.loads(_pagefind_file(chunk))[0]:
            for form, listed in [(word, pages), *variants]:
                number = 0
                for page in listed:
                    number += page[0]
                    words[urls[number]].add(form)
    return words


def test_search_indexes_what_families_look_for_not_contact_lines(demo_site: Path) -> None:
    """Name, street and description are searchable; phone numbers, e-mail and web addresses and the "Route planen"
    link are not words anyone searches for, and each would add a word of its own to the index."""
    indexed = _indexed(demo_site)
    words = indexed["/quartiere/brunnenviertel/angebote/eltern-kind-turnen-brunnen/"]
    # the index holds stems (German Snowball): "Kinder" → "kind", "Turnen" → "turn", "Kielstraße" → "kielstrass"
    assert {"kind", "turn", "29"} <= words and any(w.startswith("kielstra") for w in words)
    assert not any("example" in w or w.startswith("rout") or w.startswith("plan") for w in words), words
    assert not any("23125" in w for w in indexed["/quartiere/brunnenviertel/angebote/hausaufgabenhilfe-nordmarkt/"])
    entries = set().union(*(words for url, words in indexed.items() if url.startswith(("/quartiere/", "/region/"))))
    assert not any("example" in w or w.startswith("http") for w in entries)
    assert "112" in indexed["/seiten/notfallnummern/"]  # numbers that are the content stay searchable
    assert len(indexed) >= 80  # every entry and page of the demo is indexed


def test_result_files_carry_what_the_search_page_shows_not_the_page_text(demo_site: Path) -> None:
    """A result file is downloaded per result shown: it keeps address, title and the facts the result card shows,
    not the page's whole text (Pagefind keeps it for excerpts, which the search page does not show)."""
    results = [json.loads(_pagefind_file(path)) for path in (demo_site / "pagefind" / "fragment").glob("*")]
    assert len(results) >= 80
    for result in results:
        assert result["content"] == "" and "filters" not in result
        assert result["url"].startswith("/") and result["meta"]["title"]
    turnen = next(r for r in results if r["url"] == "/quartiere/brunnenviertel/angebote/eltern-kind-turnen-brunnen/")
    assert turnen["meta"]["title"] == "Eltern-Kind-Turnen" and turnen["meta"]["kurz"] and turnen["meta"]["geo"]


def test_result_files_are_named_by_page_number_each_page_has_one(demo_site: Path) -> None:
    """Pagefind names result files by a 7-digit hash, which the page list (loaded by every first search) repeats for
    each page, incompressible; they are renamed ``<language's index>-<page number in hex>``. Every page of every
    language's list has its file, and no file is left over. The page lists are named by their new content (so a
    browser that kept an old one never asks for word chunks that are gone), as pagefind-entry.json says."""
    folder = demo_site / "pagefind"
    entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
    metas = sorted(folder.glob("pagefind.*.pf_meta"))
    assert len(metas) == 7  # de, leicht, en, tr, ar, uk, ru
    assert sorted(f"pagefind.{info['hash']}.pf_meta" for info in entry["languages"].values()) == [m.name for m in metas]
    named: set[str] = set()
    for path in metas:
        own = path.name.removeprefix("pagefind.").removesuffix(".pf_meta")
        content = _pagefind_file(path)
        assert own.rsplit("_", 1)[1] == hashlib.blake2b(b"pagefind_dcd" + content, digest_size=8).hexdigest()[:10]
        pages = cbor2.loads(content)[1]
        prefixes = {name.rsplit("-", 1)[0] for name, _words in pages}
        assert len(prefixes) == 1 and prefixes.pop().startswith(own.rsplit("_", 1)[0] + "_")
        assert [name.rsplit("-", 1)[1] for name, _words in pages] == [f"{n:x}" for n in range(len(pages))]
        named.update(name for name, _words in pages)
        for _first, _last, chunk in cbor2.loads(content)[2]:  # every word chunk the page list names is there
            assert (folder / "index" / f"{chunk}.pf_index").is_file(), chunk
    assert len(named) == sum(len(cbor2.loads(_pagefind_file(path))[1]) for path in metas)  # no name twice
    assert {path.name.removesuffix(".pf_fragment") for path in (folder / "fragment").iterdir()} == named


def test_a_page_list_of_another_form_is_copied_as_it_is(tmp_path: Path) -> None:
    """The renaming reads Pagefind 1.x's page list; a file of another form (another Pagefind) is left as it is,
    its result files keep their names, and the search keeps working."""
    bundle = tmp_path / "bundle"
    (bundle / "fragment").mkdir(parents=True)
    odd = gzip.compress(b"pagefind_dcd" + cbor2.dumps(["9.0", {"pages": ["de_1234567"]}]))
    (bundle / "pagefind.de_abc.pf_meta").write_bytes(odd)
    fragment = gzip.compress(b'pagefind_dcd{"url":"/a/","content":"Text","meta":{"title":"A"}}')
    (bundle / "fragment" / "de_1234567.pf_fragment").write_bytes(fragment)
    copy = BundleCopy(tmp_path / "site")
    copy.add(bundle)
    copy.finish_language("de")
    copy.finish()
    assert copy.languages["de"]["hash"] == "de_abc"  # nothing renamed
    assert _pagefind_file(tmp_path / "site" / "pagefind.de_abc.pf_meta") == _pagefind_file(
        bundle / "pagefind.de_abc.pf_meta")
    assert json.loads(_pagefind_file(tmp_path / "site" / "fragment" / "de_1234567.pf_fragment"))["url"] == "/a/"


def test_the_site_ships_pagefinds_search_api_not_its_unused_interfaces(demo_site: Path) -> None:
    """The search page loads pagefind.js only: Pagefind's own interfaces (460 KB) are not in the site, and no page
    refers to them."""
    folder = demo_site / "pagefind"
    assert (folder / "pagefind.js").is_file() and (folder / "pagefind-entry.json").is_file()
    assert not [p.name for p in folder.iterdir() if "-ui." in p.name or p.name == "pagefind-highlight.js"]
    unused = {"pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-component-ui.js",
              "pagefind-highlight.js"}

    class Loads(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.files: set[str] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            for name, value in attrs:
                if tag in ("script", "link") and name in ("src", "href") and value:
                    self.files.add(value.rsplit("/", 1)[-1])

    for page in demo_site.rglob("*.html"):
        loads = Loads()
        loads.feed(page.read_text("utf-8"))
        assert not loads.files & unused, page


def test_the_largest_search_files_are_valid_gzip_and_smaller_than_pagefinds(demo_site: Path) -> None:
    """The page list and the search program are compressed again (zopfli): still gzip that unpacks to Pagefind's
    file, and smaller than Pagefind's own compression of the same content at its best level."""
    folder = demo_site / "pagefind"
    for path in [*folder.glob("*.pf_meta"), *folder.glob("wasm.*.pagefind")]:
        content = _pagefind_file(path)
        assert path.stat().st_size < len(gzip.compress(b"pagefind_dcd" + content, 9)), path.name


def test_search_page_labels_the_filter_slugs(demo_site: Path) -> None:
    search = read_page(demo_site, "suche/")
    data = json.loads(html.unescape(re.search(r"data-filter='([^']*)'", search).group(1)))
    by_name = {f["name"]: f for f in data}
    # issue 28: Termine are found by whether one can register and by the month they take place in
    # issue 30: venue access ("zugang"), the demo's venues have some
    assert sorted(by_name) == sorted(["quartier", "typ", "thema", "alter", "kosten", "sprache", "zugang", "anmeldung",
                                      "monat"])
    assert list(by_name)[:6] == ["quartier", "typ", "thema", "alter", "kosten", "sprache"]
    assert ["termine", "Termin"] in by_name["typ"]["werte"]
    assert [label for _slug, label in by_name["alter"]["werte"]] == ["0–3 Jahre", "3–6 Jahre", "6–10 Jahre",
                                                                     "10–18 Jahre", "18–27 Jahre", "Schwangerschaft"]
    assert ["heide", "Heide"] in by_name["quartier"]["werte"] and ["fa", "Persisch"] in by_name["sprache"]["werte"]
    assert ["kitas", "Kita"] in by_name["typ"]["werte"] and ["seite", "Information"] in by_name["typ"]["werte"]
    assert (by_name["thema"]["label"], by_name["typ"]["label"]) == ("Thema", "Art")
    # addresses bookmarked before the slugs name the filter as it was called then
    assert by_name["alter"]["frueher"] == "Alter" and by_name["thema"]["frueher"] == "Kategorie"


def test_user_text_is_escaped_and_markdown_sanitised(scratch: Callable[..., Path], tmp_path: Path) -> None:
    root = scratch("quartiere/testviertel/angebote/boese.yaml",
                   'name: "Café <b>Test</b> & Co"\nkurz: "<script>alert(1)</script>"\n'
                   'traeger: "<img src=x>"\nbeschreibung: "Text mit <u>HTML</u> und [Link](https://example.org)"\n'
                   "stand: 2026-10-01\n")
    out = tmp_path / "out"
    build_site(root, out, TODAY)
    html = read_page(out, "quartiere/testviertel/angebote/boese/")
    assert "Café &lt;b&gt;Test&lt;/b&gt; &amp; Co" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "<u>" not in html  # not in the allow-list
    assert '<a href="https://example.org" rel="noopener">Link</a>' in html


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>", '<a href="javascript:alert(1)">x</a>', "[x](javascript:alert(1))",
    '<img src="x" onerror="alert(1)">', '<iframe src="https://evil.example"></iframe>',
    '<p onclick="alert(1)">x</p>', '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
])
def test_markdown_html_never_runs_code(source: str) -> None:
    html = markdown_html(source)
    assert not re.search(r"<script|<iframe|\son\w+=|javascript:|data:text", html, re.I), html


def opening_hours(expression: str) -> Hours:
    """The week table in German, with the holidays of no Land."""
    hours = tabelle(expression, holiday_calendar.kalender(None), None)
    assert hours is not None
    return hours


def test_opening_hours_in_german() -> None:
    assert opening_hours("Mo-Fr 08:00-12:00,13:00-16:30; PH off").text == "Mo–Fr 08:00–12:00, 13:00–16:30 Uhr"
    assert opening_hours("Tu,Th 09:00-11:30").text == "Di 09:00–11:30 Uhr; Do 09:00–11:30 Uhr"
    assert opening_hours("Mo-Th 09:00-12:00; Fr 09:00-13:00; SH off").notes == ["in den Schulferien geschlossen"]


def test_failed_build_keeps_previous_site(scratch: Callable[..., Path], tmp_path: Path) -> None:
    root = scratch("quartiere/testviertel/angebote/neu.yaml", "name: Erstes Angebot\nstand: 2026-10-01\n")
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    before = read_page(out, "quartiere/testviertel/angebote/neu/")
    scratch("quartiere/testviertel/angebote/neu.yaml", "name: Zweites Angebot\nstand: 2026-13-01\n")
    with pytest.raises(ContentError):
        build_site(root, out, TODAY)
    assert read_page(out, "quartiere/testviertel/angebote/neu/") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-bau-")] == []


def test_interrupted_build_keeps_previous_site(scratch: Callable[..., Path], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = scratch.root  # type: ignore[attr-defined]
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    index = (out / "index.html").read_text(encoding="utf-8")

    def broken(index: object, site_dir: Path) -> None:
        raise KeyboardInterrupt  # as if Ctrl+C arrived while the search index is being written

    monkeypatch.setattr("wegweiser.site.build.SearchIndex.write", broken)
    with pytest.raises(KeyboardInterrupt):
        build_site(root, out, TODAY, reuse=False)  # built again although nothing changed
    assert (out / "index.html").read_text(encoding="utf-8") == index
    assert sorted(p.name for p in tmp_path.iterdir()) == ["projekt", "site"]  # no temporary folder left


def test_build_command_refuses_bad_content(scratch: Callable[..., Path], tmp_path: Path) -> None:
    root = scratch("quartiere/testviertel/angebote/neu.yaml", "name: Neu\nstand: morgen\n")
    result = subprocess.run([sys.executable, "-m", "wegweiser", "build", str(root), "-o", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "quartiere/testviertel/angebote/neu.yaml:2:8: Fehler: Feld „stand“: „morgen“ ist kein Datum." in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


class _Parts(HTMLParser):
    """Tags, attributes and visible text of a page (text inside <script> and hidden elements left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._stack: list[str] = []
        self._hidden = 0
        self._svg_tags: set[str] = set()
        self._in_svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if self._in_svg:
            self._svg_tags.add(tag)
        if tag == "svg":
            self._in_svg += 1
        if tag in ("br", "input", "meta", "link", "img", "path", "hr"):
            return
        self._stack.append(tag)
        if "hidden" in a or tag in ("script", "style"):
            self._hidden += 1
            self._stack[-1] = "!" + tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_svg -= 1
        while self._stack:
            top = self._stack.pop()
            if top.startswith("!"):
                self._hidden -= 1
            if top.lstrip("!") == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "!script":
            self.scripts.append(data)
        elif not self._hidden:
            self.text.append(data)


def _parts(html: str) -> _Parts:
    parser = _Parts()
    parser.feed(html)
    return parser


def _pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if not p.relative_to(site).as_posix().startswith(("druck/", "assets/"))]


def test_one_search_box_per_page(demo_site: Path) -> None:
    pages = _pages(demo_site)
    assert len(pages) >= 100
    for path in pages:
        boxes = [a for tag, a in _parts(path.read_text("utf-8")).tags if tag == "input" and a.get("type") == "search"]
        assert len(boxes) == 1, (path, boxes)


def test_icons_are_inline_shapes_only(demo_site: Path) -> None:
    parts = _parts(read_page(demo_site, "themen/"))
    assert sum(1 for tag, a in parts.tags if tag == "svg" and "ww-icon" in (a.get("class") or "")) >= 10
    assert parts._svg_tags <= {"path"}  # nothing but shapes inside the icons: no script, no link, no style
    assert not any(tag in ("img", "use") for tag, _ in parts.tags)


def test_german_404_page(demo_site: Path) -> None:
    html = (demo_site / "404.html").read_text("utf-8")
    parts = _parts(html)
    text = " ".join(" ".join(parts.text).split())
    assert "Seite nicht gefunden" in text and "Not found" not in text
    assert any(tag == "form" and (a.get("action") or "").endswith("/suche/") for tag, a in parts.tags)
    assert any(tag == "a" and a.get("href") == "/" and "ww-knopf" in (a.get("class") or "") for tag, a in parts.tags)
    assert '<html lang="de"' in html


def test_line_breaks_in_addresses_are_kept(demo_site: Path) -> None:
    impressum = read_page(demo_site, "seiten/impressum/")
    assert re.search(r"Rathausplatz 1\s*<br\s*/?>\s*59999 Lindenberg", impressum)
    entry = read_page(demo_site, "quartiere/brunnenviertel/angebote/elterncafe-sonnenschein/")
    # Each line isolated left to right (right-to-left pages keep its order), the break between them kept.
    assert re.search(r'<address><bdi dir="ltr">Brunnenstraße 26</bdi><br>\s*<bdi dir="ltr">59991 Lindenberg</bdi></address>',
                     entry)


def test_lines_html_escapes_and_keeps_breaks() -> None:
    from wegweiser.render.markdown_text import lines_html

    assert str(lines_html("Mo <b>9</b>\nDi 10")) == "Mo &lt;b&gt;9&lt;/b&gt;<br>\nDi 10"


def test_opening_hours_are_shown_once(demo_site: Path) -> None:
    text = " ".join(" ".join(_parts(read_page(demo_site, "quartiere/altstadt/kontakte/familienbuero-altstadt/")).text)
                    .split())
    # "oeffnungszeiten: Mo-Th 09:00-12:00" and "sprechzeiten: Mo bis Do 9–12 Uhr und nach Vereinbarung"
    assert text.count("09:00–12:00") == 1 and "Mo bis Do 9–12 Uhr" not in text
    assert "auch nach Vereinbarung" in text and "Sprechzeiten" not in text
    # words that say more than the table stay: an open consultation hour inside longer opening hours
    other = " ".join(_parts(read_page(demo_site, "quartiere/altstadt/kontakte/erziehungsberatung-altstadt/")).text)
    assert "offene Sprechstunde Mi 14–16 Uhr" in other


def test_school_number_only_for_machines(demo_site: Path) -> None:
    parts = _parts(read_page(demo_site, "quartiere/hafenquartier/schulen/grundschule-am-hafen/"))
    text = " ".join(parts.text)
    assert "199002" not in text and "Schulnummer" not in text
    data = json.loads(next(s for s in parts.scripts if '"@context"' in s))
    assert data["identifier"]["value"] == "199002"


def test_entries_without_age_count_for_every_age(demo_site: Path) -> None:
    parts = _parts(read_page(demo_site, "quartiere/brunnenviertel/angebote/sprachcafe-deutsch/"))
    ages = [a for tag, a in parts.tags if tag == "span" and (a.get("data-pagefind-filter") or "").startswith("alter:")]
    # the search's age groups (the issue of the age filter): 0–3, 3–6, 6–10, 10–18, 18–27
    assert [a["data-pagefind-filter"] for a in ages] == ["alter:0-3", "alter:3-6", "alter:6-10", "alter:10-18",
                                                          "alter:18-27"]
    assert "für alle Altersgruppen" in " ".join(parts.text)
