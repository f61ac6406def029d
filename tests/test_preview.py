"""The preview never lies: an edit reaches every page that shows it, deleted files disappear, the preview refuses
what the build refuses, and the errors are shown in the browser until they are fixed.

`wegweiser serve` runs on a copy of the minimal project with a second quarter, a region-wide contact and a
region-wide entry added. Which pages must change is worked out from the content files, not from the program.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from wegweiser.editors.preview import Preview

from conftest import MINI, TODAY

TYPES = ("angebote", "kontakte", "spielplaetze", "kitas", "schulen")

EXTRA = {
    "content/kontakte/familienbuero.yaml": "name: Familienbüro Teststadt\nfunktion: Beratung\n"
                                           "telefon: 030 23125-200\nquartiere: alle\nstand: 2026-10-01\n",
    "content/angebote/hebammensprechstunde.yaml": "name: Hebammensprechstunde\nkategorien: [fruehe-hilfen]\n"
                                                  "kontakt: familienbuero\nquartiere: [testviertel, nordviertel]\n"
                                                  "stand: 2026-10-01\n",
    "quartiere/nordviertel/quartier.yaml": "name: Nordviertel\nort: Teststadt\nkoordination: familienbuero\n"
                                           "stand: 2026-10-01\n",
    "quartiere/nordviertel/angebote/sprachtreff.yaml": "name: Sprachtreff Nord\nkategorien: [sprache]\n"
                                                       "kontakt: familienbuero\nstand: 2026-10-01\n",
    "quartiere/testviertel/angebote/babytreff.yaml": "name: Babytreff\nkategorien: [fruehe-hilfen, sprache]\n"
                                                     "kontakt: koordination\nstand: 2026-10-01\n",
    "quartiere/testviertel/spielplaetze/wiese.yaml": "name: Spielwiese am Bach\nstand: 2026-10-01\n",
}


def make_project(root: Path) -> Path:
    shutil.copytree(MINI, root)
    for relpath, text in EXTRA.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text, encoding="utf-8")
    return root


# --- reading the content the way the README describes it (not through the program) -----------------

@dataclass
class Entry:
    path: str  # relative to the project
    typ: str
    slug: str
    quarter: str | None  # None: region-wide
    data: dict[str, Any]

    @property
    def url(self) -> str:
        return f"{f'quartiere/{self.quarter}' if self.quarter else 'region'}/{self.typ}/{self.slug}/"


def entries(root: Path) -> list[Entry]:
    found = []
    for path in sorted(root.glob("content/*/*")) + sorted(root.glob("quartiere/*/*/*")):
        parts = path.relative_to(root).parts
        if path.suffix not in (".yaml", ".md") or parts[-2] not in TYPES:
            continue
        text = path.read_text("utf-8")
        data = yaml.safe_load(text.split("---")[1] if path.suffix == ".md" else text)
        quarter = parts[1] if parts[0] == "quartiere" else None
        found.append(Entry(path.relative_to(root).as_posix(), parts[-2], path.stem, quarter, data))
    return found


def quarters(root: Path) -> dict[str, dict[str, Any]]:
    return {p.parent.name: yaml.safe_load(p.read_text("utf-8")) for p in sorted(root.glob("quartiere/*/quartier.yaml"))}


def quarters_named(entry: Entry, root: Path) -> list[str]:
    if entry.quarter:
        return [entry.quarter]
    named = entry.data.get("quartiere")
    return list(quarters(root)) if named == "alle" else list(named)


def contact_of(slug: str, quarter: str | None, root: Path) -> Entry | None:
    """README: a Kontakt slug is looked up in the same quarter's kontakte/ first, then in content/kontakte/."""
    contacts = {(e.quarter, e.slug): e for e in entries(root) if e.typ == "kontakte"}
    return contacts.get((quarter, slug)) or contacts.get((None, slug))


def shown_with(contact: str, root: Path) -> tuple[list[Entry], list[str]]:
    """The entries whose `kontakt` resolves to the file ``contact``, and the quarters it coordinates."""
    def resolves(slug: str | None, quarter: str | None) -> bool:
        found = contact_of(slug, quarter, root) if slug else None
        return found is not None and found.path == contact

    referencing = [e for e in entries(root) if resolves(e.data.get("kontakt"), e.quarter)]
    coordinated = [q for q, data in quarters(root).items() if resolves(data.get("koordination"), q)]
    return referencing, coordinated


# --- reading pages ---------------------------------------------------------------------------------

class Html(HTMLParser):
    """Links (href, text), headings and the text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.headings: list[str] = []
        self.text = ""
        self._open: list[tuple[str, str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "h1", "h2", "h3", "h4"):
            self._open.append((tag, dict(attrs).get("href") or "", []))

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            name, href, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if name == "a":
                self.links.append((href, text))
            else:
                self.headings.append(text)
            if self._open:
                self._open[-1][2].append(text)

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._open:
            self._open[-1][2].append(data)

    def link_texts(self) -> set[str]:
        return {text for _, text in self.links}

    def targets(self) -> set[str]:
        """Link targets as site paths ("quartiere/x/angebote/y/"), relative links resolved."""
        return {re.sub(r"^(\.\./)+", "", href) for href, _ in self.links}


def parse(html: str) -> Html:
    page = Html()
    page.feed(html)
    return page


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"nach {timeout} s noch nicht: {what}")


# --- the running preview ---------------------------------------------------------------------------

class Server:
    def __init__(self, root: Path, out: Path) -> None:
        self.root = root
        self.lines: list[str] = []
        env = {**os.environ, "WEGWEISER_STICHTAG": TODAY.isoformat(), "PYTHONUNBUFFERED": "1"}
        env.pop("WEGWEISER_DEBUG", None)
        self.process = subprocess.Popen([sys.executable, "-m", "wegweiser", "serve", str(root), "-p", "0", "-o",
                                         str(out)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env=env)
        threading.Thread(target=self._read, daemon=True).start()
        wait_for(lambda: any("http://127.0.0.1:" in line for line in self.lines), "Adresse der Vorschau", 120)
        match = re.search(r"http://127\.0\.0\.1:\d+", next(line for line in self.lines if "http://127" in line))
        assert match
        self.origin = match.group(0)

    def _read(self) -> None:
        assert self.process.stdout
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def page(self, url: str) -> Html:
        status, html = fetch(f"{self.origin}/{url}")
        assert status == 200, (url, status)
        return parse(html)

    def status(self) -> dict[str, Any]:
        return dict(json.loads(fetch(f"{self.origin}/.vorschau/status.json")[1]))

    def write(self, relpath: str, text: str) -> None:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def wait_ok(self) -> None:
        wait_for(lambda: not self.status()["titel"], "Vorschau ohne Fehler")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("vorschau")
    running = Server(make_project(base / "projekt"), base / "site")
    try:
        yield running
        assert running.process.poll() is None, "the preview ended:\n" + "\n".join(running.lines)
        assert not any("Traceback" in line for line in running.lines), "\n".join(running.lines)
    finally:
        running.process.terminate()
        running.process.wait(timeout=20)


def check_errors(root: Path) -> list[tuple[str, str]]:
    """What the build refuses: `wegweiser check`'s error lines as (file:line:column, message)."""
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", str(root), "--stichtag", TODAY.isoformat()],
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stdout
    errors = []
    for line in result.stdout.splitlines():
        match = re.match(r"(\S+): Fehler: (.*)$", line)
        if match:
            errors.append((match.group(1), match.group(2)))
    assert errors
    return errors


# --- tests -----------------------------------------------------------------------------------------

def test_a_browser_that_leaves_in_the_middle_of_an_answer_is_no_error(server: Server) -> None:
    """A page left while it loads closes the connection before or while the preview answers (seen in CI: a
    BrokenPipeError traceback in the preview's output). The client is gone; the preview says nothing and serves
    on."""
    host, port = "127.0.0.1", int(server.origin.rsplit(":", 1)[1])
    for path in ("/.vorschau/vorschau.js", "/", "/.vorschau/status.json") * 7:
        with socket.create_connection((host, port)) as connection:
            # close with a reset, as a tab that is closed does, instead of waiting for the answer
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.sendall(f"GET {path} HTTP/1.0\r\nHost: {host}:{port}\r\n\r\n".encode("ascii"))
    time.sleep(1)
    assert not any("Traceback" in line or "Exception" in line for line in server.lines), "\n".join(server.lines)
    assert server.page("").headings  # and it still answers


def test_contact_edit_reaches_every_referencing_page(server: Server) -> None:
    contact = "quartiere/testviertel/kontakte/koordination.yaml"
    text = (server.root / contact).read_text("utf-8")
    server.write(contact, text.replace("name: Netzwerkbüro Testviertel", "name: Quartiersbüro Nord-Ost")
                 .replace("telefon: 030 23125-100", "telefon: 030 23125-777"))
    referencing, coordinated = shown_with(contact, server.root)
    assert len(referencing) >= 2 and coordinated
    urls = [e.url for e in referencing] + [f"quartiere/{q}/" for q in coordinated]
    contact_url = "quartiere/testviertel/kontakte/koordination/"

    def shows_new_contact(url: str) -> bool:
        page = server.page(url)
        return (("Quartiersbüro Nord-Ost" in {t for h, t in page.links if h.endswith(contact_url)})
                and "030 23125-777" in {t for h, t in page.links if h.startswith("tel:")}
                and "Netzwerkbüro Testviertel" not in page.text and "030 23125-100" not in page.text)

    for url in urls:
        wait_for(lambda url=url: shows_new_contact(url), f"neuer Kontakt auf {url}")
    assert "Quartiersbüro Nord-Ost" in server.page(contact_url).headings


def test_region_wide_entry_edit_shows_in_every_quarter_it_names(server: Server) -> None:
    path = "content/angebote/hebammensprechstunde.yaml"
    entry = next(e for e in entries(server.root) if e.path == path)
    server.write(path, (server.root / path).read_text("utf-8").replace("Hebammensprechstunde", "Hebammen-Treff"))
    named = quarters_named(entry, server.root)
    assert len(named) >= 2
    for quarter in named:
        wait_for(lambda q=quarter: "Hebammen-Treff" in server.page(f"quartiere/{q}/").link_texts(),
                 f"geänderter Name im Quartier {quarter}")
    assert "Hebammen-Treff" in server.page(entry.url).headings

    # named in one quarter less: gone from that quarter's page, still in the other's
    server.write(path, (server.root / path).read_text("utf-8").replace(f"[{', '.join(named)}]", f"[{named[1]}]"))
    wait_for(lambda: entry.url not in server.page(f"quartiere/{named[0]}/").targets(),
             f"Eintrag nicht mehr in {named[0]}")
    assert entry.url in server.page(f"quartiere/{named[1]}/").targets()


def test_category_rename_shows_on_its_pages(server: Server) -> None:
    server.write("content/kategorien.yaml", (server.root / "content/kategorien.yaml").read_text("utf-8")
                 .replace("name: Sprache", "name: Sprache und Lesen"))
    wait_for(lambda: "Sprache und Lesen" in server.page("themen/sprache/").headings, "neuer Name der Themenseite")
    tagged = [e for e in entries(server.root) if "sprache" in e.data.get("kategorien", [])]
    assert tagged
    for entry in tagged:
        wait_for(lambda e=entry: "Sprache und Lesen" in server.page(e.url).text, f"Thema auf {entry.url}")
    assert "Sprache und Lesen" in server.page("themen/").text


def test_deleted_entry_disappears(server: Server) -> None:
    entry = next(e for e in entries(server.root) if e.slug == "babytreff")
    quarter_page = f"quartiere/{entry.quarter}/"
    assert entry.url in server.page(quarter_page).targets()
    (server.root / entry.path).unlink()
    wait_for(lambda: fetch(f"{server.origin}/{entry.url}")[0] == 404, "404 für den gelöschten Eintrag")
    # the preview removes the entry's page first and rewrites the lists right after it (issue 27): wait for them
    wait_for(lambda: entry.url not in server.page(quarter_page).targets(), "Eintrag aus der Quartiersseite entfernt")
    for category in entry.data["kategorien"]:
        assert entry.url not in server.page(f"themen/{category}/").targets()

    # ... and from the search index, once it has been rebuilt in the background
    def indexed_urls() -> set[str]:
        found = set()
        for fragment in (server.root.parent / "site" / "pagefind" / "fragment").glob("*.pf_fragment"):
            try:
                data = gzip.decompress(fragment.read_bytes())
            except (OSError, EOFError):
                continue
            found.add(json.loads(data[data.index(b"{"):])["url"].strip("/") + "/")
        return found

    wait_for(lambda: indexed_urls() and entry.url not in indexed_urls(), "Eintrag aus dem Suchindex entfernt")
    assert "quartiere/testviertel/angebote/elterncafe/" in indexed_urls()


def _banner(page: Any) -> Any:
    return page.locator("#ww-vorschau-fehler")


def test_duplicate_slug_is_refused_and_shown_in_the_browser(server: Server, browser: Any) -> None:
    entry = next(e for e in entries(server.root) if e.slug == "elterncafe")
    name = entry.data["name"]
    page = browser.new_page()
    try:
        page.goto(f"{server.origin}/{entry.url}")
        assert not _banner(page).is_visible()
        duplicate = entry.path.removesuffix(".yaml") + ".md"
        server.write(duplicate, "---\nname: Doppeltes Elterncafé\nstand: 2026-10-01\n---\nText.\n")
        refused = check_errors(server.root)  # the build refuses this
        # the open page shows the errors without being reloaded
        page.wait_for_selector("#ww-vorschau-fehler:not([hidden])", timeout=30_000)
        shown = _banner(page).inner_text()
        for where, message in refused:
            assert where in shown and message in shown, (where, message, shown)
        page.reload()
        assert _banner(page).is_visible() and refused[0][0] in _banner(page).inner_text()
        assert page.locator("h1").first.inner_text() == name  # the last good page stays
        assert "Doppeltes Elterncafé" not in page.content()

        (server.root / duplicate).unlink()
        page.wait_for_selector("#ww-vorschau-fehler[hidden]", state="attached", timeout=30_000)
        page.reload()
        assert not _banner(page).is_visible()
    finally:
        page.close()
    server.wait_ok()


def test_broken_file_shows_file_and_line_until_fixed(server: Server, browser: Any) -> None:
    entry = next(e for e in entries(server.root) if e.slug == "elterncafe")
    original = (server.root / entry.path).read_text("utf-8")
    page = browser.new_page()
    try:
        page.goto(f"{server.origin}/{entry.url}")
        server.write(entry.path, original.replace("kurz: Frühstück für Eltern mit Babys.", "kurz: [Frühstück"))
        refused = check_errors(server.root)
        assert any(where.startswith(entry.path + ":") for where, _ in refused)
        page.wait_for_selector("#ww-vorschau-fehler:not([hidden])", timeout=30_000)
        shown = _banner(page).inner_text()
        for where, message in refused:
            assert where in shown and message in shown, (where, message, shown)
        assert re.search(re.escape(entry.path) + r":\d+:\d+", shown)

        server.write(entry.path, original.replace(f"name: {entry.data['name']}", "name: Elterncafé am Markt"))
        page.wait_for_selector("#ww-vorschau-fehler[hidden]", state="attached", timeout=30_000)
        wait_for(lambda: "Elterncafé am Markt" in server.page(entry.url).headings, "reparierte Seite")
        page.reload()
        assert page.locator("h1").first.inner_text() == "Elterncafé am Markt"
        assert not _banner(page).is_visible()
    finally:
        page.close()
    server.wait_ok()


def test_error_text_is_escaped_in_the_banner(server: Server) -> None:
    entry = next(e for e in entries(server.root) if e.slug == "wiese")
    original = (server.root / entry.path).read_text("utf-8")
    server.write(entry.path, original.replace("stand: 2026-10-01", 'stand: "<script>alert(1)</script>"'))
    try:
        wait_for(lambda: bool(server.status()["titel"]), "Fehler gemeldet")
        status, html = fetch(f"{server.origin}/{entry.url}")
        assert status == 200
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
        assert all(not re.match(r"(https?:)?//", src) for src in scripts)  # nothing from another host
    finally:
        server.write(entry.path, original)
    server.wait_ok()


def test_input_that_crashed_the_program_does_not_end_the_preview(server: Server) -> None:
    """Issue 9: lists nested 1,000 deep crashed the program ("interner Fehler"). Whether the loader reports such
    input or fails on it, the preview goes on, shows a banner and serves the last good page."""
    entry = next(e for e in entries(server.root) if e.slug == "wiese")
    original = (server.root / entry.path).read_text("utf-8")
    nested = "[" * 1000 + "]" * 1000
    server.write(entry.path, original.replace("name: Spielwiese am Bach", f"name: Nie gezeigt\nstichworte: {nested}"))
    try:
        wait_for(lambda: bool(server.status()["titel"]), "Fehler gemeldet")
        assert server.process.poll() is None
        assert "Nie gezeigt" not in server.page(entry.url).headings
    finally:
        server.write(entry.path, original)
    server.wait_ok()


def test_template_error_keeps_serving(server: Server) -> None:
    """An exception while rendering (here from a region's own template) is reported in German with the
    template's file and line; the preview goes on serving the last pages and recovers when it is removed."""
    template = "templates/site/kategorie.html"
    before = server.page("themen/sprache/").headings
    server.write(template, "<h1>Thema</h1>\n{{ category.gibt_es_nicht.auch_nicht }}\n")
    try:
        wait_for(lambda: bool(server.status()["titel"]), "Fehler gemeldet")
        assert any(item["ort"].startswith(f"{template}:2") for item in server.status()["fehler"]), server.status()
        assert server.page("themen/sprache/").headings == before
    finally:
        (server.root / template).unlink()
    server.wait_ok()
    assert server.process.poll() is None


def test_open_page_reloads_itself_after_a_save_and_only_then(server: Server, browser: Any) -> None:
    """Issue 12: the browser reloads by itself after a save; a page nobody changed is left alone."""
    entry = next(e for e in entries(server.root) if e.slug == "sprachtreff")
    original = (server.root / entry.path).read_text("utf-8")
    server.wait_ok()
    # whatever an earlier test left to be applied has been applied: the counter of updates stands still
    def settled() -> bool:
        before = server.status()["stand"]
        time.sleep(1)
        return bool(server.status()["stand"] == before)

    wait_for(settled, "keine Aktualisierung mehr unterwegs", 30)
    page = browser.new_page()
    try:
        page.goto(f"{server.origin}/{entry.url}")
        assert page.locator("h1").first.inner_text() == entry.data["name"]
        page.evaluate("window.__marker = 1")
        time.sleep(3)  # three rounds of the page asking for the state, nothing saved
        assert page.evaluate("window.__marker") == 1, "page reloaded without a change"

        server.write(entry.path, original.replace(f"name: {entry.data['name']}", "name: Sprachcafé Nord"))
        # neither reload() nor goto(): the page must load the new version by itself
        page.wait_for_function("document.querySelector('h1') && "
                               "document.querySelector('h1').textContent.trim() === 'Sprachcafé Nord'",
                               timeout=30_000)
        assert page.evaluate("typeof window.__marker") == "undefined"  # a new document, not a patched one
        assert not _banner(page).is_visible()
    finally:
        page.close()
        server.write(entry.path, original)
    server.wait_ok()


# --- exactly the pages an edit reaches (in-process) ---------------------------------------------------

@pytest.fixture
def preview(tmp_path: Path) -> tuple[Preview, list[str]]:
    said: list[str] = []
    preview = Preview(make_project(tmp_path / "projekt"), tmp_path / "site", TODAY, said.append)
    assert preview.full()
    return preview, said


def _stamps(site: Path) -> dict[str, tuple[int, int]]:
    return {p.parent.relative_to(site).as_posix() + "/": (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in site.rglob("index.html") if "pagefind" not in p.parts}


def test_an_edit_rewrites_exactly_the_pages_it_reaches(preview: tuple[Preview, list[str]]) -> None:
    preview, said = preview
    root, site = preview.root, preview.out
    before = _stamps(site)
    contact = "content/kontakte/familienbuero.yaml"
    (root / contact).write_text((root / contact).read_text("utf-8").replace("030 23125-200", "030 23125-201"),
                                encoding="utf-8")
    preview.changed({root / contact})
    after = _stamps(site)
    rewritten = {url for url in before if after.get(url) != before[url]}
    entries_shown, quarters_shown = shown_with(contact, root)
    referencing = {e.url for e in entries_shown}
    coordinated = {f"quartiere/{q}/" for q in quarters_shown}
    assert referencing and coordinated
    assert referencing | coordinated <= rewritten
    unrelated = {e.url for e in entries(root) if e.url not in referencing and e.path != contact}
    assert unrelated and not unrelated & rewritten, unrelated & rewritten
    assert sum("Website gebaut" in line for line in said) == 1  # no full build
    for url in referencing:
        assert "030 23125-201" in (site / url / "index.html").read_text("utf-8")


def test_a_category_rename_rewrites_only_pages_that_show_the_category(preview: tuple[Preview, list[str]]) -> None:
    preview, said = preview
    root, site = preview.root, preview.out
    before = _stamps(site)
    categories = root / "content/kategorien.yaml"
    categories.write_text(categories.read_text("utf-8").replace("name: Sprache", "name: Sprache und Lesen"),
                          encoding="utf-8")
    preview.changed({categories})
    after = _stamps(site)
    rewritten = {url for url in before if after.get(url) != before[url]}
    tagged = {e.url for e in entries(root) if "sprache" in e.data.get("kategorien", [])}
    untagged = {e.url for e in entries(root)} - tagged
    assert tagged and untagged
    assert tagged | {"themen/sprache/", "themen/"} <= rewritten
    assert not untagged & rewritten, untagged & rewritten
    assert "themen/fruehe-hilfen/" not in rewritten
    assert sum("Website gebaut" in line for line in said) == 1
    for url in tagged:
        assert "Sprache und Lesen" in (site / url / "index.html").read_text("utf-8")


def test_a_new_contact_in_the_quarter_takes_over(preview: tuple[Preview, list[str]]) -> None:
    """README: the quarter's kontakte/ comes first. A new file there must reach pages that showed the region's."""
    preview, _ = preview
    root = preview.root
    local = root / "quartiere/nordviertel/kontakte/familienbuero.yaml"
    local.parent.mkdir(parents=True)
    local.write_text("name: Stadtteilbüro Nord\ntelefon: 030 23125-300\nstand: 2026-10-01\n", encoding="utf-8")
    preview.changed({local})
    for entry in entries(root):
        if entry.quarter == "nordviertel" and entry.data.get("kontakt") == "familienbuero":
            assert "Stadtteilbüro Nord" in (preview.out / entry.url / "index.html").read_text("utf-8")
    assert "Stadtteilbüro Nord" in (preview.out / "quartiere/nordviertel/index.html").read_text("utf-8")
    region_entry = next(e for e in entries(root) if e.slug == "hebammensprechstunde")
    assert "Familienbüro Teststadt" in (preview.out / region_entry.url / "index.html").read_text("utf-8")


def test_an_error_while_rendering_keeps_the_preview(preview: tuple[Preview, list[str]],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from wegweiser.render.page_builder import PageBuilder

    preview, said = preview
    path = preview.root / "quartiere/testviertel/spielplaetze/wiese.yaml"
    page = preview.out / "quartiere/testviertel/spielplaetze/wiese/index.html"

    def broken(self: PageBuilder, entry: Any) -> Any:
        raise RuntimeError("kaputt")

    monkeypatch.setattr(PageBuilder, "entry_page", broken)
    path.write_text(path.read_text("utf-8").replace("Spielwiese am Bach", "Spielwiese Neu"), encoding="utf-8")
    preview.changed({path})  # does not raise
    assert any("Interner Fehler in der Vorschau" in line for line in said)
    assert preview.status.failure and "Spielwiese am Bach" in page.read_text("utf-8")
    monkeypatch.undo()
    preview.changed({path})
    assert preview.status.ok and "Spielwiese Neu" in page.read_text("utf-8")


@pytest.mark.parametrize("old_times", [False, True])
def test_a_file_saved_during_a_full_build_is_not_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      old_times: bool) -> None:
    """The first build of a large folder takes a while; a file saved meanwhile was read before (or not at all)
    and must be applied afterwards: also one saved with the time stamp it had (same size, see issue 24)."""
    import wegweiser.editors.preview as module

    root = make_project(tmp_path / "projekt")
    entry = root / "quartiere/testviertel/spielplaetze/wiese.yaml"
    hour_ago = time.time() - 3600
    os.utime(entry, (hour_ago, hour_ago))  # saved long before the build
    real = module.build_site

    def saving_meanwhile(*args: Any, **kwargs: Any) -> Any:
        report = real(*args, **kwargs)
        before = entry.stat()
        entry.write_text(entry.read_text("utf-8").replace("Spielwiese am Bach", "Wiesenweg am Teich"), "utf-8")
        if old_times:
            os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))
            assert (entry.stat().st_size, entry.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
        return report

    monkeypatch.setattr(module, "build_site", saving_meanwhile)
    preview = Preview(root, tmp_path / "site", TODAY, lambda line: None)
    assert preview.full()
    page = preview.out / "quartiere/testviertel/spielplaetze/wiese/index.html"
    assert "Wiesenweg am Teich" not in page.read_text("utf-8")
    preview.poll()
    assert "Wiesenweg am Teich" in page.read_text("utf-8")


def test_a_recorded_address_that_goes_gets_the_builds_page(preview: tuple[Preview, list[str]], tmp_path: Path) -> None:
    """With content/adressen.txt the build answers a removed entry's address with a page, not 404: so must the
    preview."""
    from wegweiser.site.build import build_site

    preview, _ = preview
    root = preview.root
    entry = next(e for e in entries(root) if e.slug == "babytreff")
    (root / "content/adressen.txt").write_text(f"/{entry.url}\n", encoding="utf-8")
    preview.changed({root / "content/adressen.txt"})
    (root / entry.path).unlink()
    preview.changed({root / entry.path})
    built = tmp_path / "gebaut"
    build_site(root, built, TODAY)
    expected = parse((built / entry.url / "index.html").read_text("utf-8"))
    shown = parse((preview.out / entry.url / "index.html").read_text("utf-8"))
    assert expected.headings and shown.headings == expected.headings
    assert entry.url not in parse((preview.out / f"quartiere/{entry.quarter}/index.html").read_text("utf-8")).targets()


def test_the_update_counter_counts_written_pages_only(preview: tuple[Preview, list[str]]) -> None:
    """Open pages reload when ``stand`` changes: not for a save without changes, not while the content has errors,
    once when the error is fixed."""
    preview, _ = preview
    path = preview.root / "quartiere/testviertel/spielplaetze/wiese.yaml"
    original = path.read_text("utf-8")
    stand = preview.status.stand
    path.write_text(original, encoding="utf-8")  # saved again, unchanged
    preview.changed({path})
    assert preview.status.stand == stand
    path.write_text(original.replace("stand: 2026-10-01", "stand: [kaputt"), encoding="utf-8")
    preview.changed({path})
    assert preview.status.errors and preview.status.stand == stand
    path.write_text(original.replace("Spielwiese am Bach", "Spielwiese Neu"), encoding="utf-8")
    preview.changed({path})
    assert preview.status.ok and preview.status.stand == stand + 1
    # every page of the build is still there (the Merkliste was taken for a page that had gone)
    assert (preview.out / "merkliste" / "index.html").is_file()


def test_after_edits_every_page_is_the_one_the_build_writes(preview: tuple[Preview, list[str]],
                                                             tmp_path: Path) -> None:
    """The preview takes shortcuts for speed: the saved entry's page is written before anything else, and a type
    folder's listing is kept while its time stamp says that no file came or went. After an edit, a new file in a
    folder whose listing was kept, and a new file in a folder changed too recently to trust its time stamp, every
    page must be byte for byte the page a build of the same files writes."""
    from wegweiser.site.build import build_site

    preview, said = preview
    root = preview.root
    hour_ago = time.time() - 3600
    for folder in [root / "content", *(root / "content").rglob("*"), root / "quartiere",
                   *(root / "quartiere").rglob("*")]:
        if folder.is_dir():
            os.utime(folder, (hour_ago, hour_ago))
    assert preview.full()  # lists the folders again, now old enough to be kept
    angebote = root / "quartiere/testviertel/angebote"
    assert str(angebote) in preview.listings

    entry = next(e for e in entries(root) if e.slug == "babytreff")
    (root / entry.path).write_text((root / entry.path).read_text("utf-8").replace("name: Babytreff",
                                                                                  "name: Babycafé"), "utf-8")
    preview.changed({root / entry.path})
    new = angebote / "stillcafe.yaml"
    new.write_text("name: Stillcafé\nkategorien: [fruehe-hilfen]\nstand: 2026-10-01\n", encoding="utf-8")
    preview.changed({new})
    assert str(angebote) not in preview.listings  # changed just now: not kept
    # a file added within the same tick of a coarse file system clock leaves the folder's time stamp as it was
    stamp = angebote.stat()
    newer = angebote / "krabbelgruppe.yaml"
    newer.write_text("name: Krabbelgruppe\nstand: 2026-10-01\n", encoding="utf-8")
    os.utime(angebote, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    preview.changed({newer})
    assert sum("Website gebaut" in line for line in said) == 2  # the fixture's and the one above: no others

    built = tmp_path / "gebaut"
    build_site(root, built, TODAY)
    expected = {p.relative_to(built).as_posix(): p.read_bytes() for p in built.rglob("index.html")}
    shown = {p.relative_to(preview.out).as_posix(): p.read_bytes() for p in preview.out.rglob("index.html")}
    assert "quartiere/testviertel/angebote/krabbelgruppe/index.html" in expected
    assert set(shown) == set(expected)
    assert [url for url in expected if shown[url] != expected[url]] == []
