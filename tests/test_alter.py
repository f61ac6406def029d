"""Ages with one bound: `alter: {von: 6}` is "ab 6 Jahren", `alter: {bis: 3}` is "bis 3 Jahre".

Shown that way on the entry page, in the search's age filter, in JSON-LD and in the printed booklet; the
"Wie alt ist Ihr Kind?" choice shows "ab 6" for ages 6 and up and "bis 3" for ages 0 to 3.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from wegweiser.check.validate import load_and_validate
from wegweiser.printing.booklet import print_booklets
from wegweiser.site.build import build_site

from conftest import MINI, TODAY

ANGEBOTE = "quartiere/testviertel/angebote"
# The age filter's groups (alter.ALTERSGRUPPEN, by slug as the search filters them): "ab 6" overlaps every group
# from six on, "bis 3" only the first.
AB_6_GROUPS = {"6-10", "10-18", "18-27"}
BIS_3_GROUPS = {"0-3"}


@dataclass
class Built:
    site: Path
    booklet_text: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("alter") / "projekt"
    shutil.copytree(MINI, root)
    cafe = root / ANGEBOTE / "elterncafe.yaml"
    cafe.write_text(re.sub(r"(?m)^alter: .*$", "alter: {von: 6}", cafe.read_text("utf-8")), encoding="utf-8")
    (root / ANGEBOTE / "krabbelgruppe.yaml").write_text(
        "name: Krabbelgruppe\nkurz: Spielen und Krabbeln.\nalter: {bis: 3}\nstand: 2026-10-01\n", encoding="utf-8")
    site = root / "site"
    build_site(root, site, TODAY)
    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors
    [result] = print_booklets(content, TODAY, site / "druck", ["testviertel"])
    text = subprocess.run(["pdftotext", "-layout", str(result.a5), "-"], capture_output=True, text=True,
                          check=True).stdout
    return Built(site, " ".join(text.split()))


class _Page(HTMLParser):
    """The facts list (<dt>/<dd>), the Pagefind filter values and the JSON-LD of an entry page."""

    def __init__(self) -> None:
        super().__init__()
        self.facts: dict[str, str] = {}
        self.filters: dict[str, set[str]] = {}
        self.json_ld: list[Any] = []
        self._dt = ""
        self._in: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("dt", "dd") or (tag == "script" and attributes.get("type") == "application/ld+json"):
            self._in, self._text = tag, ""
        elif attributes.get("data-pagefind-filter"):
            # name:value, as the search filters by slugs (issue 11)
            name, _colon, value = (attributes["data-pagefind-filter"] or "").partition(":")
            self.filters.setdefault(name, set()).add(value)

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._in == "dt" and tag == "dt":
            self._dt = self._text.strip()
        elif self._in == "dd" and tag == "dd":
            self.facts[self._dt] = " ".join(self._text.split())
        elif self._in == "script" and tag == "script":
            self.json_ld.append(json.loads(self._text))
        else:
            return
        self._in = None


def _entry_page(site: Path, slug: str) -> _Page:
    parser = _Page()
    parser.feed((site / ANGEBOTE / slug / "index.html").read_text("utf-8"))
    return parser


@pytest.mark.parametrize(("slug", "shown", "groups", "age_range"), [
    ("elterncafe", "ab 6 Jahren", AB_6_GROUPS, "6-"),
    ("krabbelgruppe", "bis 3 Jahre", BIS_3_GROUPS, "-3"),
])
def test_one_bound_on_page_in_filter_and_json_ld(built: Built, slug: str, shown: str, groups: set[str],
                                                 age_range: str) -> None:
    page = _entry_page(built.site, slug)
    assert page.facts["Alter"] == shown
    assert page.filters["alter"] == groups
    [data] = page.json_ld
    assert data["typicalAgeRange"] == age_range


def test_one_bound_in_the_booklet(built: Built) -> None:
    assert "Alter: ab 6 Jahren" in built.booklet_text
    assert "Alter: bis 3 Jahre" in built.booklet_text
    assert "None" not in built.booklet_text


class _Cards(HTMLParser):
    """(data-alter-von, data-alter-bis) of each card, by the card's title."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, tuple[str | None, str | None]] = {}
        self._bounds: tuple[str | None, str | None] | None = None
        self._title: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "ww-karte" in (attributes.get("class") or "").split():
            self._bounds = (attributes.get("data-alter-von"), attributes.get("data-alter-bis"))
        elif "ww-karte__titel" in (attributes.get("class") or "").split():
            self._title = ""

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._title is not None and self._bounds is not None:
            self.cards[self._title.strip()] = self._bounds
            self._title = None


def _number(text: str | None) -> float | None:
    return float(text) if text else None


def test_one_bound_on_the_quarter_cards(built: Built) -> None:
    parser = _Cards()
    parser.feed((built.site / "quartiere/testviertel/index.html").read_text("utf-8"))
    bounds = {title: (_number(von), _number(bis)) for title, (von, bis) in parser.cards.items()}
    assert bounds["Elterncafé"] == (6, None)
    assert bounds["Krabbelgruppe"] == (None, 3)
    assert bounds["Netzwerkbüro Testviertel"] == (None, None)


@pytest.fixture(scope="module")
def server(built: Built) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
@pytest.mark.parametrize(("choice", "visible"), [
    ("0–3 Jahre", {"Krabbelgruppe"}),
    ("3–6 Jahre", set()),
    ("6–10 Jahre", {"Elterncafé"}),
    ("18–27 Jahre", {"Elterncafé"}),
])
def test_age_choice_on_the_quarter_page(browser: Any, server: str, choice: str, visible: set[str]) -> None:
    context = browser.new_context(locale="de-DE")
    try:
        tab = context.new_page()
        tab.goto(f"{server}/quartiere/testviertel/")
        tab.get_by_text("ändern", exact=True).click()  # the choice is behind "Gezeigt für: … · ändern"
        tab.get_by_role("radio", name=choice, exact=True).check()
        cards = tab.locator(".ww-karte").filter(has=tab.locator(".ww-karte__titel"))
        shown = {card.locator(".ww-karte__titel").inner_text() for card in cards.all() if card.is_visible()}
        # the coordination contact has no age: it is shown whatever the choice
        assert shown - {"Netzwerkbüro Testviertel"} == visible, shown
        assert " ".join(tab.locator(".ww-alter-gezeigt summary").inner_text().split()) == \
            f"Gezeigt für: {choice} · ändern"
    finally:
        context.close()


@pytest.mark.browser
def test_the_age_chosen_on_the_home_page_carries_over_and_says_so(browser: Any, server: str) -> None:
    """Issue 26: lists show the age chosen on the home page ("Gezeigt für: 0–3 Jahre · ändern"), with a count."""
    context = browser.new_context(locale="de-DE")
    try:
        tab = context.new_page()
        tab.goto(f"{server}/")
        tab.get_by_role("radio", name="0–3 Jahre", exact=True).check()
        for url, visible, total in [("quartiere/testviertel/", {"Krabbelgruppe", "Netzwerkbüro Testviertel"}, 3),
                                    ("themen/fruehe-hilfen/", set(), 1)]:  # the Elterncafé is for ages 6 and up
            tab.goto(f"{server}/{url}")
            line = " ".join(tab.locator(".ww-alter-gezeigt summary").inner_text().split())
            assert line == "Gezeigt für: 0–3 Jahre · ändern", (url, line)
            cards = tab.locator(".ww-karte")
            shown = {card.locator(".ww-karte__titel").inner_text() for card in cards.all() if card.is_visible()}
            assert shown == visible, (url, shown)
            status = tab.locator(".ww-alterwahl__status").inner_text()
            assert status == f"{len(visible)} von {total} Einträgen passen zum gewählten Alter.", (url, status)
            # the jump links count what their sections show now, and a section left empty loses its link
            jumps = [(link.get_attribute("href"), link.inner_text()) for link in tab.locator(".ww-sprung a").all()
                     if link.is_visible()]
            numbers = [int(re.search(r"\((\d+)\)", text).group(1)) for _href, text in jumps]  # type: ignore[union-attr]
            assert sum(numbers) == len(visible) and all(numbers), (url, jumps)
    finally:
        context.close()


@pytest.mark.parametrize(("written", "von", "bis", "shown"), [
    ("{von: 6}", 6, None, "ab 6 Jahren"),
    ("{bis: 3}", None, 3, "bis 3 Jahre"),
    ("{von: 1}", 1, None, "ab 1 Jahr"),
    ('{bis: "0,5"}', None, 0.5, "bis 6 Monate"),
    ('"ab 6"', 6, None, "ab 6 Jahren"),
    ('"Ab 6 Jahren"', 6, None, "ab 6 Jahren"),
    ('"bis 3 Jahre"', None, 3, "bis 3 Jahre"),
    ('"6-"', 6, None, "ab 6 Jahren"),
    ('"0-3"', 0, 3, "0–3 Jahre"),
    ('"0,5 – 1,5"', 0.5, 1.5, "0,5–1,5 Jahre"),
])
def test_written_forms_of_one_bound(tmp_path: Path, written: str, von: float | None, bis: float | None,
                                    shown: str) -> None:
    from wegweiser.render.ages import age_text

    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    cafe = root / ANGEBOTE / "elterncafe.yaml"
    cafe.write_text(re.sub(r"(?m)^alter: .*$", f"alter: {written}", cafe.read_text("utf-8")), encoding="utf-8")
    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors, [p.message for p in problems.errors]
    [entry] = [e for e in content.eintraege if e.slug == "elterncafe"]
    assert entry.alter is not None
    assert (entry.alter.von, entry.alter.bis) == (von, bis)
    assert age_text(entry.alter) == shown
