"""Adversarial content: no script from content reaches a page, a PDF, a log or the build machine (issue 9).

One test per defect class of the issue ("Script on every page", "Code from content runs on the build machine",
"Injected CI commands", symlinks out of the tree), then a property-based test that puts hostile strings into
every text field and builds, prints and checks. Every built page is parsed, never substring-matched.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import icalendar
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import MINI, TODAY, TileHandler

# --- every page of a built site, parsed -----------------------------------------------------------

# What the site may run: Material's bundle and two inline snippets, our own scripts; nothing else.
_OWN_SCRIPT_SRC = re.compile(r"(\.\./)*(\./)?/?assets/(javascripts/bundle\.[0-9a-f]+\.min\.js|"
                             r"wegweiser/(wegweiser|suche|zeiten|termine|meinkind)\.js)")
_MATERIAL_INLINE = ("__md_scope=new URL(", "var target=document.getElementById(location.hash.slice(1));")
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
_FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


@dataclass
class ParsedPage:
    path: Path
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    handlers: list[tuple[str, str]] = field(default_factory=list)
    script_urls: list[tuple[str, str]] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=dict)  # tag -> text of each element (h1, title)
    links: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)


class _PageParser(HTMLParser):
    TEXT_OF: ClassVar[set[str]] = {"h1", "title", "strong"}

    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.script: list[Any] | None = None
        self.open_text: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.page.handlers.append((tag, f"{name}={value}"))
            if name in _URL_ATTRIBUTES and value is not None:
                compact = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
                if compact.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.page.script_urls.append((tag, value))
        if tag in _FORBIDDEN_ELEMENTS or (tag == "meta" and dict(attrs).get("http-equiv", "")):
            self.page.forbidden.append(tag)
        if tag == "script":
            self.script = [dict(attrs), ""]
            self.page.scripts.append((self.script[0], ""))
        if tag in ("a", "link"):
            self.page.links.append((tag, dict(attrs)))
        if tag in self.TEXT_OF:
            self.open_text.append([tag, ""])

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script[1] += data
        for item in self.open_text:
            item[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.page.scripts[-1] = (self.script[0], self.script[1])
            self.script = None
        if self.open_text and self.open_text[-1][0] == tag:
            name, text = self.open_text.pop()
            self.page.texts.setdefault(name, []).append(" ".join(text.split()))


def parse_page(path: Path) -> ParsedPage:
    page = ParsedPage(path)
    parser = _PageParser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return page


def site_pages(site: Path) -> list[ParsedPage]:
    pages = [parse_page(path) for path in sorted(site.rglob("*.html"))]
    assert len(pages) >= 8, f"zu wenige Seiten in {site}"
    return pages


def assert_no_script_from_content(site: Path, hostile: list[str]) -> list[ParsedPage]:
    """Every page: only our own scripts, JSON that stays JSON, no handler attribute, no script URL."""
    pages = site_pages(site)
    for page in pages:
        where = page.path.relative_to(site)
        assert page.handlers == [], (where, page.handlers)
        assert page.script_urls == [], (where, page.script_urls)
        assert page.forbidden == [], (where, page.forbidden)
        for attrs, text in page.scripts:
            kind = attrs.get("type")
            if attrs.get("src") is not None:
                assert _OWN_SCRIPT_SRC.fullmatch(attrs["src"] or ""), (where, attrs)
                assert text.strip() == "", (where, text)
            elif kind in ("application/ld+json", "application/json"):
                json.loads(text)  # data, and still valid data
                assert not re.search(r"[<>\u2028\u2029]", text), (where, text[:200])
            else:
                assert kind is None and text.startswith(_MATERIAL_INLINE), (where, attrs, text[:120])
                assert not any(value in text for value in hostile if len(value) > 3), (where, text[:200])
    return pages


def build(root: Path) -> Path:
    from wegweiser.site.build import build_site

    out = root.parent / f"{root.name}-site"
    build_site(root, out, TODAY)
    return out


def run_cli(*args: str) -> tuple[int, str]:
    """The real command (in this process, to keep the tests fast): exit code and everything it printed."""
    from wegweiser.cli import main

    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, output.getvalue()


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid ones): every character arrives as written."""
    return json.dumps(value)


def project(tmp: Path, files: dict[str, str]) -> Path:
    root = tmp / "projekt"
    if not root.exists():
        shutil.copytree(MINI, root)
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def site_yaml(titel: str = "Familienwegweiser Teststadt", herausgeber: str = "Familienbüro Teststadt",
              basis_url: str = "https://familie.example.org/", extra: str = "", **more: str) -> str:
    lines = [f"titel: {yaml_text(titel)}", f"region: {yaml_text(more.get('region', 'Teststadt'))}",
             f"basis_url: {yaml_text(basis_url)}", "stand: 2026-10-01", "impressum:",
             f"  herausgeber: {yaml_text(herausgeber)}",
             f"  adresse: {yaml_text(more.get('adresse', 'Rathausplatz 1, 59999 Teststadt'))}",
             "  email: redaktion@example.org"]
    if "willkommen" in more:
        lines.append(f"willkommen: {yaml_text(more['willkommen'])}")
    return "\n".join(lines) + "\n" + extra


# --- "Script on every page": the theme shell -----------------------------------------------------

TITLE = "WW<script>alert(1)</script>"
PUBLISHER = 'H<script>alert("herausgeber")</script>'
NAV_PAGE = "N<img src=x onerror=alert(5)>"
FOOTER_PAGE = 'S"><script>alert(4)</script>'
ENTRY = "E</script><script>alert(6)</script>\u2028 & {{ 7*7 }}"
SHELL_HOSTILE = [TITLE, PUBLISHER, NAV_PAGE, FOOTER_PAGE, ENTRY]


@pytest.fixture(scope="module")
def shell_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build with a hostile value in every place the theme shell shows (and a base URL with "&")."""
    root = project(tmp_path_factory.mktemp("schale"), {
        "content/site.yaml": site_yaml(TITLE, PUBLISHER, "https://familie.example.org/a&b/"),
        "content/seiten/info.md": f"---\ntitel: {yaml_text(NAV_PAGE)}\n---\nText.\n",
        "content/seiten/impressum.md": f"---\ntitel: {yaml_text(FOOTER_PAGE)}\nfusszeile: ja\n---\nText.\n",
        "quartiere/testviertel/angebote/elterncafe.yaml":
            (MINI / "quartiere/testviertel/angebote/elterncafe.yaml").read_text("utf-8").replace(
                "name: Elterncafé", f"name: {yaml_text(ENTRY)}"),
    })
    return build(root)


def _header_title(page: ParsedPage) -> str:
    return page.texts["title"][0]


def test_site_title_is_text_on_every_page(shell_site: Path) -> None:
    pages = assert_no_script_from_content(shell_site, SHELL_HOSTILE)
    for page in pages:
        assert _header_title(page).endswith(TITLE), page.path  # "<page> - <site>" or the site alone
        assert TITLE in page.texts["strong"], page.path  # footer


def test_publisher_is_text_in_every_footer(shell_site: Path) -> None:
    for page in assert_no_script_from_content(shell_site, SHELL_HOSTILE):
        footer = page.path.read_text("utf-8").rsplit('<footer class="md-footer ww-fuss">', 1)[1]
        text = _text_of(footer)
        assert f"{TITLE} · {PUBLISHER}" in text, page.path


def test_general_page_titles_are_text_in_navigation_and_footer(shell_site: Path) -> None:
    for page in assert_no_script_from_content(shell_site, SHELL_HOSTILE):
        html = page.path.read_text("utf-8")
        nav = _text_of(html.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0])
        assert NAV_PAGE in nav, page.path
        footer_links = [_text_of(a) for a in re.findall(r"<a [^>]*>.*?</a>", html.rsplit("<footer", 1)[1], re.S)]
        assert FOOTER_PAGE in footer_links, page.path
    info = parse_page(shell_site / "seiten" / "info" / "index.html")
    assert info.texts["h1"] == [NAV_PAGE]
    assert _header_title(info) == f"{NAV_PAGE} - {TITLE}"


def test_base_url_is_escaped_in_canonical_links(shell_site: Path) -> None:
    info = parse_page(shell_site / "seiten" / "info" / "index.html")
    canonical = [attrs for tag, attrs in info.links if tag == "link" and attrs.get("rel") == "canonical"]
    assert canonical == [{"rel": "canonical", "href": "https://familie.example.org/a&b/seiten/info/"}]
    assert 'href="https://familie.example.org/a&amp;b/seiten/info/"' in info.path.read_text("utf-8")


def test_json_in_script_stays_json(shell_site: Path) -> None:
    page = parse_page(shell_site / "quartiere" / "testviertel" / "angebote" / "elterncafe" / "index.html")
    ld = [text for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"]
    assert len(ld) == 1 and json.loads(ld[0])["name"] == ENTRY
    assert page.texts["h1"] == [" ".join(ENTRY.split())]  # shown as written: "{{ 7*7 }}" is not 49


@pytest.mark.parametrize(("relpath", "text", "line", "message"), [
    ("content/site.yaml", site_yaml(basis_url='https://familie.example.org/"><script>alert(2)</script>'), 3,
     "enthält das Zeichen „\"“, das in Webadressen nicht erlaubt ist"),
    ("content/site.yaml", site_yaml(basis_url="javascript:alert(1)//familie.example.org/"), 3,
     "Webadressen mit „javascript:“ sind nicht erlaubt"),
    ("content/site.yaml", site_yaml(basis_url="https://familie example.org/"), 3,
     "enthält das Zeichen „U+0020“"),
    ("content/site.yaml", site_yaml(basis_url="https://localhost/"), 3, "ist kein gültiger Servername"),
    ("content/site.yaml", site_yaml(extra="karte:\n  kacheln: \"https://t.example.org/{z}/{x}/{y}.png'onerror=x\"\n"
                                          "  anbieter: T\n  namensnennung: T\n"), 10,
     "enthält das Zeichen „'“"),
    ("quartiere/testviertel/angebote/elterncafe.yaml",
     (MINI / "quartiere/testviertel/angebote/elterncafe.yaml").read_text("utf-8")
     + "web: \"https://www.example.org/x\\\" onmouseover=\\\"alert(1)\"\n", 12, "enthält das Zeichen „\"“"),
])
def test_urls_are_validated_strictly(tmp_path: Path, relpath: str, text: str, line: int, message: str) -> None:
    root = project(tmp_path, {relpath: text})
    code, output = run_cli("check", str(root))
    assert code == 1
    assert re.search(rf"^{re.escape(relpath)}:{line}:\d+: Fehler: .*{re.escape(message)}", output, re.M), output


# --- the map attribution is text -----------------------------------------------------------------

ATTRIBUTION = '<img src=x onerror="window.__eingeschleust=1;alert(7)"> © Test'


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def map_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tiles = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TileHandler)
    threading.Thread(target=tiles.serve_forever, daemon=True).start()
    karte = (f"karte:\n  kacheln: http://127.0.0.1:{tiles.server_address[1]}/{{z}}/{{x}}/{{y}}.png\n"
             f"  anbieter: Testkacheln\n  namensnennung: {yaml_text(ATTRIBUTION)}\n")
    entry = (MINI / "quartiere/testviertel/angebote/elterncafe.yaml").read_text("utf-8")
    root = project(tmp_path_factory.mktemp("karte"), {
        "content/site.yaml": site_yaml(extra=karte),
        "quartiere/testviertel/angebote/elterncafe.yaml": entry + "geo: {lat: 51.5, lon: 7.46}\n"})
    out = build(root)
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=site.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{site.server_address[1]}"
    site.shutdown()
    tiles.shutdown()


@pytest.mark.browser
def test_map_attribution_is_text_not_html(browser: Any, map_origin: str) -> None:
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(map_origin + "/quartiere/testviertel/angebote/elterncafe/")
        page.get_by_role("button", name=re.compile("Karte anzeigen")).click()  # the visitor agrees
        page.wait_for_selector(".leaflet-tile-loaded")
        attribution = page.locator(".leaflet-control-attribution")
        attribution.wait_for()
        page.wait_for_load_state("networkidle")
        assert ATTRIBUTION in attribution.inner_text()  # shown literally
        assert attribution.locator("img").count() == 0
        assert page.evaluate("window.__eingeschleust") is None
        assert dialogs == []
    finally:
        context.close()


# --- "Code from content runs on the build machine" -------------------------------------------------

def test_content_templates_run_in_a_sandbox(tmp_path: Path) -> None:
    proof = tmp_path / "ausgefuehrt"
    template = ("<h1>{{ site.titel }}</h1>\n"
                f"{{{{ cycler.__init__.__globals__.os.popen(\"touch {proof}\").read() }}}}\n")
    root = project(tmp_path, {"templates/site/start.html": template})
    code, output = run_cli("build", str(root), "-o", str(tmp_path / "site"))
    assert not proof.exists()  # the command did not run
    assert code == 1
    assert re.search(r"^templates/site/start\.html:2:1: Fehler: Die Vorlage greift auf Programminterna zu "
                     r"\(„__init__“\)", output, re.M), output
    assert "Traceback" not in output and "interner Fehler" not in output
    assert not (tmp_path / "site").exists()


def test_content_templates_may_still_override(tmp_path: Path) -> None:
    root = project(tmp_path, {"templates/site/start.html": "<h1>Eigene Startseite: {{ site.titel }}</h1>\n"})
    out = build(root)
    assert parse_page(out / "index.html").texts["h1"] == ["Eigene Startseite: Familienwegweiser Teststadt"]


@pytest.mark.parametrize(("template", "line", "message"), [
    ("<h1>{{ site.titel }}</h1>\n{% if quarter %}\n<p>x</p>\n", 2, "Der Block „{% if %}“ in dieser Zeile wird nicht "
     "geschlossen: „{% endif %}“ fehlt"),
    ("<h1>\n{{ quarter.name }</h1>\n", 2, "Syntaxfehler in der Vorlage"),
    ("{% frobnicate %}\n", 1, "Unbekannter Befehl „frobnicate“"),
])
def test_check_reports_template_syntax_errors(tmp_path: Path, template: str, line: int, message: str) -> None:
    root = project(tmp_path, {"templates/site/quartier.html": template})
    code, output = run_cli("check", str(root))
    assert code == 1
    assert re.search(rf"^templates/site/quartier\.html:{line}:1: Fehler: .*{re.escape(message)}", output, re.M), \
        output


# --- "Injected CI commands" ---------------------------------------------------------------------

QUARTER = "Heide\n::error file=README.md,line=1::x\n::stop-commands::y"
_OWN_COMMAND = re.compile(r"::(error|warning) file=[^\s:,]+,line=\d+,col=\d+::\S.*")


def _injection_project(tmp_path: Path) -> Path:
    quarter = (MINI / "quartiere/testviertel/quartier.yaml").read_text("utf-8").replace(
        "name: Testviertel", f"name: {yaml_text(QUARTER)}")
    entry = (MINI / "quartiere/testviertel/angebote/elterncafe.yaml").read_text("utf-8")
    return project(tmp_path, {
        "quartiere/testviertel/quartier.yaml": quarter + "geo: {lat: \"5\\r\\n::error::lat\", lon: 7}\n",
        "quartiere/testviertel/angebote/elterncafe.yaml":
            entry + "telefon: \"##[error]x %0A\\n::warning file=a,line=1::y\"\n",
    })


def test_github_annotations_cannot_be_injected(tmp_path: Path) -> None:
    from wegweiser.check.validate import load_and_validate

    root = _injection_project(tmp_path)
    code, output = run_cli("check", str(root), "--format", "github")
    assert code == 1
    commands = [line for line in output.splitlines() if line.lstrip().startswith("::")]
    assert all(_OWN_COMMAND.fullmatch(line) for line in commands), commands
    problems = load_and_validate(root, TODAY)[1].items
    assert len(problems) >= 2  # the bad latitude and the bad phone number
    assert len(commands) == len(problems)
    assert {re.search(r"file=([^,]+)", line)[1] for line in commands} <= {  # type: ignore[index]
        "quartiere/testviertel/quartier.yaml", "quartiere/testviertel/angebote/elterncafe.yaml"}
    assert not any("##[" in line for line in output.splitlines() if not _OWN_COMMAND.fullmatch(line))
    assert "%0A" in output and "%25" in output  # line breaks and % in data are escaped as the runner expects


def test_text_output_starts_no_line_with_content(tmp_path: Path) -> None:
    root = _injection_project(tmp_path)
    code, output = run_cli("check", str(root))
    assert code == 1
    assert [line for line in output.splitlines() if line.lstrip().startswith("::")] == []
    assert not any("##[" in line for line in output.splitlines())
    assert not re.search(r"[\r\x1b\u202e]", output)
    assert r"Heide\n::error file=README.md,line=1::x\n::stop-commands::y" in output  # the name, on one line


def test_github_properties_are_escaped() -> None:
    from wegweiser.check.report import format_github
    from wegweiser.core.problems import Loc, Problem, Severity

    line = format_github(Problem(Loc("quartiere/a,b:c%\n.yaml", 3, 4), Severity.WARNING, "100% \r\nneu", "x"))
    assert line == "::warning file=quartiere/a%2Cb%3Ac%25%0A.yaml,line=3,col=4::100%25 %0D%0Aneu – x"


# --- symlinks that leave the content tree ----------------------------------------------------------

def test_symlinks_out_of_the_content_tree_are_errors(tmp_path: Path) -> None:
    outside = tmp_path / "geheim"
    outside.mkdir()
    (outside / "passwort.md").write_text("---\ntitel: Geheim\n---\nKennwort: hunter2\n", "utf-8")
    (outside / "eintrag.yaml").write_text("name: Geheim\nstand: 2026-10-01\n", "utf-8")
    root = project(tmp_path, {"content/seiten/intern.md": "---\ntitel: Intern\n---\nText.\n"})
    (root / "content" / "seiten" / "passwort.md").symlink_to(outside / "passwort.md")
    (root / "content" / "seiten" / "auch-intern.md").symlink_to(root / "content" / "seiten" / "intern.md")
    (root / "quartiere" / "testviertel" / "spielplaetze").symlink_to(outside, target_is_directory=True)
    code, output = run_cli("check", str(root))
    assert code == 1
    assert re.search(r"^content/seiten/passwort\.md: Fehler: „content/seiten/passwort\.md“ ist ein symbolischer "
                     r"Link auf „.*/geheim/passwort\.md“ außerhalb", output, re.M), output
    assert len(re.findall(r"^quartiere/testviertel/spielplaetze: Fehler: .*symbolischer Link", output, re.M)) == 1, \
        output  # once for the linked folder, not once per file in it
    assert "auch-intern" not in output  # a link inside the tree is fine
    code, output = run_cli("build", str(root), "-o", str(tmp_path / "site"))
    assert code == 1 and not (tmp_path / "site").exists()


# --- property: hostile strings in every text field ---------------------------------------------------

ATOMS = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '" onmouseover="alert(3)', "' onfocus='x",
         "javascript:alert(4)", "\r\n::error file=README.md,line=1::x", "\n::stop-commands::y", "##[error]z",
         "{{ 7*7 }}", "{% if 1 %}", "</script>", "&amp;", "<!--", "\u2028", "%0A", "`${x}`"]
# A bidi override is no hostile-but-valid short text any more: check refuses it (issue 24, tests/test_bidi.py); in
# Markdown texts it is a warning, and the pages and the booklet drop it.
PLAIN = ["Kita", "Ä ß", "a,b: c", "100 %"]
MARKDOWN_SAFE = ["{{ 7*7 }}", "\u202eevil", '" onmouseover="alert(3)', "&amp;", "%0A", "::error::x", "##[error]z"]


def _text(atoms: list[str], limit: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(atoms + PLAIN), min_size=1, max_size=3).map(lambda parts: ("W " + "".join(
        parts))[:limit].rstrip())


@dataclass
class Hostile:
    values: dict[str, str]

    def files(self) -> dict[str, str]:
        v = self.values
        entry = "\n".join([
            f"name: {yaml_text(v['name'])}", f"kurz: {yaml_text(v['kurz'])}", "kategorien: [fruehe-hilfen]",
            'alter: "0-3"', "oeffnungszeiten: Tu 09:30-11:30", "kontakt: koordination",
            f"zeiten: {yaml_text(v['zeiten'])}", f"kosten: {yaml_text(v['kosten'])}",
            f"anmeldung: {yaml_text(v['anmeldung'])}", f"traeger: {yaml_text(v['traeger'])}",
            f"barrierefrei: {yaml_text(v['barrierefrei'])}", f"stichworte: [{yaml_text(v['stichwort'])}]",
            f"beschreibung: {yaml_text(v['beschreibung'])}",
            "adresse:", f"  strasse: {yaml_text(v['strasse'])}", "  plz: 59999", f"  ort: {yaml_text(v['ort'])}",
            "stand: 2026-10-01", ""])
        contact = "\n".join([
            f"name: {yaml_text(v['kontakt'])}", f"funktion: {yaml_text(v['funktion'])}",
            f"organisation: {yaml_text(v['organisation'])}", f"sprechzeiten: {yaml_text(v['sprechzeiten'])}",
            "telefon: 030 23125-100", "stand: 2026-10-01", ""])
        return {
            "content/site.yaml": site_yaml(v["titel"], v["herausgeber"], region=v["region"], adresse=v["adresse"],
                                           willkommen=v["willkommen"]),
            "content/kategorien.yaml": f"fruehe-hilfen:\n  name: {yaml_text(v['kategorie'])}\n"
                                       f"  beschreibung: {yaml_text(v['kategorie_text'])}\n",
            "content/seiten/hinweis.md": f"---\ntitel: {yaml_text(v['seite'])}\nkurz: {yaml_text(v['seite_kurz'])}\n"
                                         f"druck: ja\n---\n{v['seite_text'].replace(chr(13), '')}\n",
            "content/seiten/impressum.md": f"---\ntitel: {yaml_text(v['fuss'])}\nfusszeile: ja\n---\nText.\n",
            "quartiere/testviertel/quartier.yaml": f"name: {yaml_text(v['quartier'])}\nort: {yaml_text(v['quartier_ort'])}"
                                                   f"\nkoordination: koordination\nstand: 2026-10-01\n",
            "quartiere/testviertel/angebote/elterncafe.yaml": entry,
            "quartiere/testviertel/kontakte/koordination.yaml": contact,
            # issue 28: a Termin's own text fields, on its page, the Termine lists, the home page and its calendar
            "quartiere/testviertel/termine/fest.yaml": "\n".join([
                f"name: {yaml_text(v['termin'])}", f"kurz: {yaml_text(v['termin_kurz'])}", "beginn: 2026-11-25 15:00",
                "ende: 17:00", "anmeldung_bis: 2026-11-24", "plaetze: 10", "plaetze_frei: 3", "plaetze_stand: 2026-11-20",
                f"mitbringen: {yaml_text(v['mitbringen'])}", f"ermaessigung: {yaml_text(v['ermaessigung'])}",
                "angebot: elterncafe", "stand: 2026-10-01", ""]),
        }


_FIELDS = {"titel": 80, "herausgeber": 200, "region": 200, "adresse": 200, "kategorie": 60, "seite": 80,
           "seite_kurz": 300, "fuss": 80, "quartier": 80, "quartier_ort": 200, "name": 120, "kurz": 300,
           "zeiten": 200, "kosten": 200, "anmeldung": 200, "traeger": 200, "barrierefrei": 200, "stichwort": 200,
           "strasse": 200, "ort": 200, "kontakt": 120, "funktion": 200, "organisation": 200, "sprechzeiten": 200,
           "termin": 120, "termin_kurz": 300, "mitbringen": 200, "ermaessigung": 200}
_MARKDOWN_FIELDS = ["willkommen", "kategorie_text", "seite_text", "beschreibung"]

hostile_content = st.builds(Hostile, st.fixed_dictionaries({
    **{name: _text(ATOMS, limit) for name, limit in _FIELDS.items()},
    **{name: _text(MARKDOWN_SAFE, 500) for name in _MARKDOWN_FIELDS}}))


def _squeeze(text: str) -> str:
    """Text without blanks and hyphens: pdftotext joins lines and takes the hyphen of a word broken at "-", or the
    hyphen (U+2010) the booklet adds where it hyphenates a long word (issue 24)."""
    return re.sub(r"[\s\u2028\u2029\u202e\u00ad\u2010-]+", "", text)


_ISSUE_EXAMPLE = Hostile({**{name: f"W{ATOMS[i % len(ATOMS)]}"[:limit] for i, (name, limit) in enumerate(_FIELDS.items())},
                          **{name: "W {{ 7*7 }} \u202eevil" for name in _MARKDOWN_FIELDS},
                          "quartier": QUARTER, "titel": TITLE})


@settings(max_examples=7, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@example(_ISSUE_EXAMPLE)
@given(hostile_content)
def test_hostile_strings_in_every_text_field(content: Hostile) -> None:
    from wegweiser.check.validate import load_and_validate
    from wegweiser.printing.booklet import print_booklets

    with tempfile.TemporaryDirectory() as tmp:
        root = project(Path(tmp), content.files())
        code, output = run_cli("check", str(root), "--format", "github")
        commands = [line for line in output.splitlines() if line.lstrip().startswith("::")]
        assert all(_OWN_COMMAND.fullmatch(line) for line in commands), commands
        assert not any("##[" in line for line in output.splitlines() if line not in commands)
        assert code == 0, output  # hostile, but valid content: it is published, escaped

        site = build(root)
        hostile = list(content.values.values())
        assert_no_script_from_content(site, hostile)
        entry = parse_page(site / "quartiere" / "testviertel" / "angebote" / "elterncafe" / "index.html")
        assert entry.texts["h1"] == [" ".join(content.values["name"].split())]  # as written, never rendered
        quarter = parse_page(site / "quartiere" / "testviertel" / "index.html")
        assert quarter.texts["h1"] == [" ".join(content.values["quartier"].split())]
        assert _header_title(quarter).endswith(" ".join(content.values["titel"].split()))

        # the Termin's calendar: hostile text stays inside its property (no line or property of its own)
        calendar = icalendar.Calendar.from_ical((site / "quartiere/testviertel/termine/fest/termin.ics").read_bytes())
        events = calendar.walk("VEVENT")
        assert len(events) == 1 and len(calendar.walk("VCALENDAR")) == 1
        assert set(events[0]) <= {"SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "UID", "DESCRIPTION", "LOCATION", "URL",
                                  "CATEGORIES"}, set(events[0])
        assert " ".join(str(events[0]["SUMMARY"]).split()) == " ".join(content.values["termin"].split())

        loaded, _ = load_and_validate(root, TODAY)
        result = print_booklets(loaded, TODAY, Path(tmp) / "druck")[0]
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(result.a5), "-"], capture_output=True, text=True,
                              check=True).stdout
        for name in ("name", "quartier", "kontakt"):
            value = content.values[name]
            assert _squeeze(value) in _squeeze(text), (name, value)  # markup shown as text, not applied
        assert "\u202e" not in text  # the Markdown texts' overrides are dropped in print too


def _text_of(html: str) -> str:
    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())
