"""The Atom feeds "Neu im Familienwegweiser" (issue 28 deliver 3): read by feedparser as a feed reader does, the
elements RFC 4287 requires checked, entries by the day they were first published (``content/adressen.txt``), a new
entry at the top; the record keeps that day; an in-place build brings calendars and feeds up to date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import feedparser
import pytest
from icalendar import Calendar
from lxml import etree
from test_kalender_ics import bilingual_project

from wegweiser.core.problems import Problems
from wegweiser.site.build import build_site
from wegweiser.site.old_urls import RECORD, first_published, read_record, update_record

from conftest import TODAY

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://familie.example.org/"
Q = "quartiere/testviertel"
# The record as earlier builds left it: the Kontakt before the record kept days, the Angebot first published on
# 1 October; the Termin and the region-wide Angebot are new in this build.
RECORD_TEXT = (f"# Kopf\n/\n/{Q}/\n/{Q}/kontakte/koordination/\n/{Q}/angebote/elterncafe/ 2026-10-01\n"
               f"/en/{Q}/angebote/elterncafe/ 2026-11-10\n")
FILES = {
    f"{Q}/termine/laternenfest.yaml": "name: Laternenfest\nkurz: Mit Liedern durchs Viertel.\n"
    "beginn: 2026-12-04 17:00\nende: 19:00\nstand: 2026-11-01\n",
    "content/angebote/bibliothek.yaml": "name: Stadtbibliothek\nkurz: Bücher für Kinder.\nquartiere: alle\n"
    "stand: 2026-11-01\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = bilingual_project(tmp_path_factory.mktemp("feed") / "projekt", {**FILES, RECORD: RECORD_TEXT})
    out = root.parent / "site"
    build_site(root, out, TODAY, reuse=False)
    return out


def _parsed(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.mark.parametrize("path", ["neu.xml", f"{Q}/neu.xml", "en/neu.xml", f"en/{Q}/neu.xml"])
def test_feeds_parse_and_have_what_rfc_4287_requires(site: Path, path: str) -> None:
    parsed = _parsed(site / path)
    assert parsed.feed.id == BASE + path and parsed.feed.title.startswith(
        "Neu im Familienwegweiser" if not path.startswith("en/") else "New")
    assert parsed.feed.author == "Familienbüro Teststadt"
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [BASE + path]
    feed = etree.parse(str(site / path)).getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == ("en" if path.startswith("en/") else "de")
    for name in ("id", "title", "updated"):  # exactly one each (RFC 4287 4.1.1)
        assert len(feed.findall(f"{ATOM}{name}")) == 1
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1
        alternate = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert len(alternate) == 1 and alternate[0].get("href").startswith(BASE)
    for entry in parsed.entries:
        assert entry.id == entry.link and entry.link.startswith(BASE)


def test_entries_by_first_publication_newest_first(site: Path) -> None:
    parsed = _parsed(site / "neu.xml")
    found = [(entry.title, entry.published[:10]) for entry in parsed.entries]
    # New in this build (21 November) first, by name; then the Angebot of 1 October; the Kontakt has no day.
    assert found == [("Laternenfest", "2026-11-21"), ("Stadtbibliothek", "2026-11-21"), ("Elterncafé", "2026-10-01")]
    assert parsed.entries[0].summary == "Mit Liedern durchs Viertel."
    assert parsed.entries[0].link == f"{BASE}{Q}/termine/laternenfest/"
    assert parsed.feed.updated.startswith("2026-11-21")
    quarter = _parsed(site / f"{Q}/neu.xml")
    assert [entry.title for entry in quarter.entries] == ["Laternenfest", "Stadtbibliothek", "Elterncafé"]
    english = _parsed(site / "en/neu.xml")
    assert [(e.title, e.published[:10]) for e in english.entries][-1] == ("Elterncafé", "2026-10-01")
    assert english.entries[-1].link == f"{BASE}en/{Q}/angebote/elterncafe/"


def _target(site: Path, page: str, href: str) -> Path:
    return (site / page).parent.joinpath(href).resolve()


def test_pages_link_their_feed_and_calendars(site: Path) -> None:
    """Every page names its language's feed in the head (feed readers find it); the home and quarter pages link
    their feeds, the event page and the Termine lists their calendars; every link reaches a file the build wrote."""
    from lxml import html

    for page, feed in (("index.html", "neu.xml"), (f"{Q}/index.html", "neu.xml"), ("en/index.html", "en/neu.xml"),
                       (f"en/{Q}/termine/laternenfest/index.html", "en/neu.xml")):
        head = html.parse(str(site / page)).xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]')
        assert [_target(site, page, link.get("href")) for link in head] == [(site / feed).resolve()], page
        assert head[0].get("title") == ("New in the family guide" if page.startswith("en/") else
                                        "Neu im Familienwegweiser")
    for page, feed in (("index.html", "neu.xml"), (f"{Q}/index.html", f"{Q}/neu.xml"),
                       (f"en/{Q}/index.html", f"en/{Q}/neu.xml")):
        body = html.parse(str(site / page)).xpath('//a[@class="ww-abo__link"]/@href')
        assert [_target(site, page, href) for href in body] == [(site / feed).resolve()], page
    for page, calendar in ((f"en/{Q}/termine/laternenfest/index.html", f"en/{Q}/termine/laternenfest/termin.ics"),
                           (f"{Q}/termine/index.html", f"{Q}/termine/kalender.ics"),
                           ("termine/index.html", "termine/kalender.ics")):
        links = html.parse(str(site / page)).xpath('//a[@type="text/calendar"]/@href')
        assert [_target(site, page, href) for href in links] == [(site / calendar).resolve()], page
        assert (site / calendar).is_file()


def test_record_keeps_the_day_an_address_was_first_published(scratch: Callable[..., Path]) -> None:
    root = scratch(RECORD, RECORD_TEXT)
    assert update_record(root, ["", f"{Q}/kontakte/koordination/", f"{Q}/neu/", "en/"], TODAY) is not None
    days = first_published(root)
    assert days[f"{Q}/neu/"] == days["en/"] == TODAY
    assert days[f"{Q}/angebote/elterncafe/"] == date(2026, 10, 1)  # kept, not moved to today
    assert days[f"{Q}/kontakte/koordination/"] is None  # recorded before days were kept: stays without one
    problems = Problems()
    assert f"{Q}/neu/" in read_record(root, problems) and not problems.items
    text = (root / RECORD).read_text(encoding="utf-8")
    assert f"/{Q}/neu/ 2026-11-21\n" in text and f"/{Q}/kontakte/koordination/\n" in text
    assert update_record(root, [f"{Q}/neu/"], TODAY + timedelta(days=3)) is None  # known: nothing written


def test_bad_day_in_the_record_is_a_located_warning(scratch: Callable[..., Path]) -> None:
    root = scratch(RECORD, "# Kopf\n/a/ 2026-13-01\n/b/ 2026-11-01\n")
    problems = Problems()
    assert read_record(root, problems) == {"b/"}
    assert [(p.loc.path, p.loc.line) for p in problems.warnings] == [(RECORD, 2)]


def test_in_place_build_updates_calendars_and_feeds(scratch: Callable[..., Path], tmp_path: Path) -> None:
    """A changed Termin and a new entry reach the calendars and the feed when only entry files changed (the build
    updates the site in place then, instead of building it whole)."""
    event = f"{Q}/termine/laternenfest.yaml"
    root = scratch(event, FILES[event])
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    scratch(event, FILES[event].replace("17:00", "18:00").replace("19:00", "20:00"))
    scratch(f"{Q}/angebote/spielkreis.yaml", "name: Spielkreis\nstand: 2026-11-01\n")
    report = build_site(root, out, TODAY)
    assert 0 < report.written < report.pages  # updated in place, not built whole
    [vevent] = Calendar.from_ical((out / f"{Q}/termine/laternenfest/termin.ics").read_bytes()).walk("VEVENT")
    assert vevent.decoded("DTSTART").hour == 18
    [listed] = [e for e in Calendar.from_ical((out / "termine/kalender.ics").read_bytes()).walk("VEVENT")]
    assert listed.decoded("DTSTART").hour == 18
    assert "Spielkreis" in [entry.title for entry in _parsed(out / "neu.xml").entries]


def test_demo_feeds_parse_and_link_existing_pages(demo_site: Path) -> None:
    feeds = sorted(demo_site.rglob("neu.xml"))
    assert len(feeds) == 7 * 7  # seven languages: the site's feed and six quarters' each
    for path in feeds:
        parsed = _parsed(path)
        days = [entry.published for entry in parsed.entries]
        assert days == sorted(days, reverse=True)
        for entry in parsed.entries:
            page = demo_site / entry.link.removeprefix("https://familie.lindenberg.example.org/") / "index.html"
            assert page.is_file(), entry.link


def test_preview_keeps_calendars_and_feeds_as_a_build_writes_them(tmp_path: Path) -> None:
    """A Termin saved in the running preview gets its calendar and reaches the lists' calendars and the feed at
    once; deleted, its calendar goes with its page; each time the files are those of a fresh build."""
    from wegweiser.editors.preview import Preview

    event = f"{Q}/termine/laternenfest.yaml"
    root = bilingual_project(tmp_path / "projekt", {event: FILES[event]})
    preview = Preview(root, tmp_path / "vorschau", TODAY, lambda _message: None)
    assert preview.full()

    def subscriptions(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.suffix == ".ics"
                or p.name == "neu.xml"}

    def same_as_a_fresh_build(step: str) -> dict[str, bytes]:
        built = build_site(root, tmp_path / f"frisch-{step}", TODAY, reuse=False).out_dir
        shown = subscriptions(preview.out)
        assert shown == subscriptions(built), step
        return shown

    second = f"{Q}/termine/flohmarkt.yaml"
    (root / second).write_text("name: Kinderflohmarkt\nbeginn: 2026-12-12 10:00\nende: 13:00\nstand: 2026-11-01\n",
                               encoding="utf-8")
    preview.changed({root / second})
    assert preview.status.ok, preview.status
    shown = same_as_a_fresh_build("neu")
    assert f"{Q}/termine/flohmarkt/termin.ics" in shown and f"en/{Q}/termine/flohmarkt/termin.ics" in shown
    assert b"SUMMARY:Kinderflohmarkt" in shown["termine/kalender.ics"]
    (root / second).unlink()
    preview.changed({root / second})
    assert preview.status.ok, preview.status
    shown = same_as_a_fresh_build("geloescht")
    assert not (preview.out / f"{Q}/termine/flohmarkt").exists()
    assert b"Kinderflohmarkt" not in shown["termine/kalender.ics"]
