"""The Atom feeds "Neu im Familienwegweiser" (RFC 4287): what is new on the site, per language (``neu.xml`` beside
the language's home page) and per quarter (beside the quarter's page), newest first.

"New" is by the day an entry's page was first published, which ``content/adressen.txt`` records
(``site.old_urls.first_published``); a page not yet recorded is published by this build, so its day is the build's.
Pages recorded before the record kept days have none and are not new. Ids are the pages' absolute addresses: they
stay the same from build to build, and a feed reader shows each entry once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Final
from xml.etree import ElementTree

from wegweiser.i18n.catalogue import N_
from wegweiser.model.entries import Eintrag
from wegweiser.model.occurrences import ZONE
from wegweiser.render import urls
from wegweiser.render.calendars import site_base
from wegweiser.render.page_builder import PageBuilder

ATOM: Final = "http://www.w3.org/2005/Atom"
XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
# The newest entries a feed lists: readers fetch it again and again, and what is older they have seen.
LIMIT: Final = 50
FEED_TITLE: Final = N_("Neu im Familienwegweiser")

ElementTree.register_namespace("", ATOM)


def feed_files(builder: PageBuilder, first: Mapping[str, date | None]) -> dict[str, bytes]:
    """Every feed of ``builder``'s language by path in the site; nothing without an address (``basis_url``), since
    Atom wants absolute ones. ``first``: ``first_published``'s days by site-relative URL."""
    base = site_base(builder)
    if not base:
        return {}
    where, title = builder.urls, builder.texte.gettext(FEED_TITLE)
    region = builder.site.region if builder.site else ""
    files = {where.feed(): atom(builder, builder.published.entries, first, f"{title} – {region}", where.HOME)}
    for slug, quarter in builder.content.quartiere.items():
        url = where.quarter_url(slug)
        files[where.feed(url)] = atom(builder, builder.published.by_quarter.get(slug, []), first,
                                      f"{title} – {quarter.name}", url)
    return files


def first_day(builder: PageBuilder, entry: Eintrag, first: Mapping[str, date | None]) -> date | None:
    """When the entry's page was first published: the day recorded for this language's address or (a translation
    added later is not new) the main language's, the build's day when neither is recorded, None when recorded
    without a day."""
    own, main = builder.urls.entry_url(entry), urls.entry_url(entry)
    days = [first[url] for url in (own, main) if url in first]
    if not days:
        return builder.today
    known = [day for day in days if day is not None]
    return min(known) if known else None


def atom(builder: PageBuilder, entries: list[Eintrag], first: Mapping[str, date | None], title: str,
         page_url: str) -> bytes:
    base = site_base(builder)
    # newest first; on one day by name, as the lists (``Published`` sorts the entries by name: the sort is stable)
    dated = sorted(((day, entry) for entry in entries if (day := first_day(builder, entry, first)) is not None),
                   key=lambda item: -item[0].toordinal())[:LIMIT]
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {XML_LANG: builder.sprache.lang})
    _text(feed, "id", base + builder.urls.feed(page_url))
    _text(feed, "title", title)
    _text(feed, "updated", _stamp(dated[0][0] if dated else builder.today))
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", builder.site.impressum.herausgeber if builder.site else title)
    _link(feed, base + builder.urls.feed(page_url), "self", "application/atom+xml")
    _link(feed, base + page_url, "alternate", "text/html")
    for day, entry in dated:
        item = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        url = base + builder.urls.entry_url(entry)
        _text(item, "id", url)
        _text(item, "title", entry.name)
        _text(item, "published", _stamp(day))
        _text(item, "updated", _stamp(day))
        _link(item, url, "alternate", "text/html")
        label = builder.texte.gettext(entry.kind.one)
        ElementTree.SubElement(item, f"{{{ATOM}}}category", {"term": entry.typ, "label": label})
        _text(item, "summary", entry.kurz or label)
    ElementTree.indent(feed)
    data: bytes = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _stamp(day: date) -> str:
    """Midnight in Germany of ``day`` as an RFC 3339 date-time (Atom's form)."""
    return datetime.combine(day, time(0), ZONE).isoformat()


def _text(parent: ElementTree.Element, name: str, value: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}{name}").text = value


def _link(parent: ElementTree.Element, href: str, rel: str, kind: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "type": kind, "href": href})
