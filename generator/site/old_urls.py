"""Old addresses keep working: a record of every published URL, redirects for moved entries, and a
friendly page for removed ones.

``content/adressen.txt`` lists every page URL the site has ever published with ``wegweiser build``
(one per line, sorted, so that a commit shows only what changed), each added since issue 28 with the date it was
first published (``/quartiere/a/angebote/b/ 2026-11-21``: the Atom feed "Neu im Familienwegweiser" lists entries by
it; lines recorded before have no date). Each build compares it with the
pages it publishes now. A recorded entry URL whose entry moved – the same type and file name (slug)
now in another quarter or region-wide – gets a redirect page (meta refresh, canonical link, a visible
link, ``noindex``) and a line in ``_redirects`` (Netlify, Cloudflare Pages); so does a big topic's page for a
quarter that is gone (to the topic's page). Every other recorded URL
that is gone gets a page in the site's theme: "Dieses Angebot gibt es nicht mehr", with links to its
quarter and the search. Only ``wegweiser build`` adds to the record; the preview reads it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from wegweiser.content.address_record import ENTRY_URL, SEGMENT, read_days

# Read in content/ (the planning report reads it too); the old names stay importable from here.
from wegweiser.content.address_record import RECORD as RECORD
from wegweiser.content.address_record import first_published as first_published
from wegweiser.content.address_record import read_record as read_record
from wegweiser.content.records import Content
from wegweiser.core.file_states import FileState
from wegweiser.core.problems import Problems
from wegweiser.i18n.catalogue import N_, Texte, texte
from wegweiser.i18n.languages import Sprache
from wegweiser.model.entries import ENTRY_TYPES, Eintrag
from wegweiser.render import urls
from wegweiser.render.page_builder import Deps, Page, environment, quarters_of, site_sprachen

if TYPE_CHECKING:
    from wegweiser.site.mkdocs_adapter import Shells

REDIRECTS_FILE = "_redirects"
_HEADER = (
    "# Alle Adressen, die der Wegweiser je veröffentlicht hat. „wegweiser build“ ergänzt diese Datei;\n"
    "# bitte nicht von Hand ändern und zusammen mit den Inhalten speichern (Commit). Für jede Adresse,\n"
    "# die es nicht mehr gibt, baut der Wegweiser eine Weiterleitung oder eine Hinweisseite statt „404“.\n"
)
_URL = re.compile(rf"/(?:{SEGMENT}/)*")
_ENTRY_URL = ENTRY_URL
# A big topic's page for one quarter (``site_pages.TOPIC_PAGE_LIMIT``): gone when the topic shrinks or the quarter
# has no entries of it any more; the topic's page lists them then.
_TOPIC_QUARTER_URL = re.compile(rf"themen/(?P<thema>{SEGMENT})/{SEGMENT}/")
_NOINDEX = '<meta name="robots" content="noindex">'
_ALTERNATE = re.compile(r'\s*<link rel="alternate" hreflang="[^"]*" href="[^"]*">')

# The heading of the page left at a removed general page's address (an entry's: ``EntryKind.gone``).
_GONE_PAGE = N_("Diese Seite gibt es nicht mehr")


class RecordNotUpdated(Exception):
    """The record has lines the build cannot read; it is left as it is (the build reported them)."""


@dataclass(frozen=True)
class Recorded:
    """The record as ``update_record`` read it (None: there was none) and as it wrote it (None: replaced by someone
    else at once)."""

    read: FileState | None
    written: FileState | None


def update_record(root: Path, published: list[str], today: date | None = None) -> Recorded | None:
    """Add the URLs published now to the record, with ``today`` as the day they were first published; write only
    when something is new (None: nothing written).

    Raises RecordNotUpdated when the record has unreadable lines: a hand-edited file is never overwritten.
    """
    problems = Problems()
    recorded, read = read_days(root, problems)
    if problems.items and (root / RECORD).exists():
        raise RecordNotUpdated(f"{RECORD} hat Zeilen, die keine Adressen sind (siehe Warnungen), und wird "
                               "darum nicht ergänzt. Korrigieren oder löschen Sie diese Zeilen.")
    if set(published) <= recorded.keys() and (root / RECORD).exists():
        return None
    days = {**{url: today for url in published}, **recorded}
    lines = [f"/{url} {day.isoformat()}" if day else f"/{url}" for url, day in sorted(days.items())]
    data = (_HEADER + "".join(f"{line}\n" for line in lines)).encode("utf-8")
    path = root / RECORD
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(data)
        ours = os.stat(temporary)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    status = os.stat(path)  # after the rename, which sets its ctime
    mine = (status.st_ino, status.st_dev, status.st_size) == (ours.st_ino, ours.st_dev, len(data))
    return Recorded(read, FileState.of(status, data) if mine else None)


@dataclass
class OldAddresses:
    """What the build writes for recorded URLs that it does not publish any more."""

    content: Content
    redirects: dict[str, Eintrag] = field(default_factory=dict)  # old URL -> the moved entry
    topics: dict[str, str] = field(default_factory=dict)  # old URL of a topic's page for a quarter -> the topic's
    gone: list[str] = field(default_factory=list)

    def targets(self) -> list[tuple[str, str, str]]:
        """Every redirect as (old URL, new URL, the name its page shows), sorted by old URL."""
        moved = [(old, language_of(old, self.content)[0].url(urls.entry_url(entry)), entry.name)
                 for old, entry in self.redirects.items()]
        for old, slug in self.topics.items():
            sprache = language_of(old, self.content)[0]
            topic = self.content.kategorien.get(slug)
            moved.append((old, sprache.url(urls.category_url(slug)), topic.name if topic else slug))
        return sorted(moved)

    def deps(self) -> set[str]:
        """What the pages of ``files`` show besides the addresses (``Page.deps``): the entries redirected to (their
        names), the topics (their names) and the quarters (a removed entry's page links its quarter by name)."""
        found = {entry.source for entry in self.redirects.values()}
        found |= {Deps.category(slug) for slug in self.topics.values()}
        if self.gone:
            found |= {Deps.QUARTERS, *(quarter.source for quarter in self.content.quartiere.values())}
        return found

    def stubs(self) -> list[Page]:
        """The removed pages as the theme must know them (their URL depths need shells)."""
        return [Page(url, texte(sprache).gettext("Nicht mehr im Wegweiser"), "", sprache=sprache)
                for url, sprache in ((url, language_of(url, self.content)[0]) for url in self.gone)]

    def write(self, shells: Shells, site_dir: Path) -> None:
        """Write the redirect pages, ``_redirects`` and the themed pages for removed URLs into ``site_dir``."""
        for path, text in self.files(shells).items():
            if path == REDIRECTS_FILE:
                (site_dir / path).write_text(text, encoding="utf-8")
            else:
                _write_new(site_dir / path, text)

    def files(self, shells: Shells) -> dict[str, str]:
        """What ``write`` writes, by path in the site: the redirect pages, ``_redirects`` (when there is something to
        say) and the themed pages for removed URLs."""
        found: dict[str, str] = {}
        env = environment(self.content.root)
        site = self.content.site
        base = site.basis_url.rstrip("/") + "/" if site else "/"
        moved = self.targets()
        for old, new, name in moved:
            found[f"{old}index.html"] = env.get_template("umgezogen.html").render(
                site=site, **texte(language_of(old, self.content)[0]).jinja(), name=name,
                target="../" * old.count("/") + new,
                canonical=base + new)
        prefix = "/" + urlsplit(base).path.strip("/")
        prefix = prefix.rstrip("/") + "/"
        # Each language's own "Seite nicht gefunden" below its folder (Netlify serves only the root 404.html by
        # itself; Cloudflare Pages finds the nearest one anyway). A 404 rule never hides an existing file.
        not_found = [f"{prefix}{s.pfad}* {prefix}{s.pfad}404.html 404" for s in site_sprachen(self.content)[1:]]
        if moved or not_found:
            lines = [f"{prefix}{old} {prefix}{new} 301" for old, new, _name in moved]
            found[REDIRECTS_FILE] = (
                "# Weiterleitungen verschobener Einträge (erzeugt von wegweiser build aus content/adressen.txt)\n"
                + "".join(f"{line}\n" for line in lines)
                + ("# Seite nicht gefunden, in der Sprache der Adresse\n" if not_found else "")
                + "".join(f"{line}\n" for line in not_found))
        for url in self.gone:
            sprache, neutral = language_of(url, self.content)
            html = env.get_template("entfallen.html").render(site=site, root="../" * url.count("/"),
                                                             urls=urls.SprachUrls(sprache.pfad),
                                                             **texte(sprache).jinja(),
                                                             **self._gone_context(neutral, texte(sprache)))
            page = shells.render(Page(url, texte(sprache).gettext("Nicht mehr im Wegweiser"), html, sprache=sprache))
            page = _ALTERNATE.sub("", page)  # a page that is gone has no versions in other languages
            found.setdefault(f"{url}index.html", page.replace("</head>", f"{_NOINDEX}\n</head>", 1))
        return found

    def _gone_context(self, url: str, sprache: Texte) -> dict[str, object]:
        match = _ENTRY_URL.fullmatch(url)
        typ = match["typ"] if match and match["typ"] in ENTRY_TYPES else None
        quarter = match["quartier"] if match else None
        words = match["slug"].replace("-", " ") if match else ""
        return {"heading": sprache.gettext(ENTRY_TYPES[typ].kind.gone if typ else _GONE_PAGE),
                "quarter": self.content.quartiere.get(quarter) if quarter else None, "quarter_slug": quarter,
                "query": words}


def language_of(url: str, content: Content) -> tuple[Sprache, str]:
    """The language of a site-relative URL (by its first segment) and the URL without that prefix."""
    found = site_sprachen(content)
    for sprache in found[1:]:
        if url.startswith(sprache.pfad):
            return sprache, url[len(sprache.pfad):]
    return found[0], url


def _write_new(path: Path, html: str) -> None:
    """A page for an old address never replaces a page the build wrote."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def plan(content: Content, published_urls: list[str], entries: list[Eintrag], problems: Problems) -> OldAddresses:
    """Compare the record with what is published now: which old URLs redirect, which are gone."""
    result = OldAddresses(content)
    now = set(published_urls)
    by_identity: dict[tuple[str, str], list[Eintrag]] = {}
    for entry in entries:
        by_identity.setdefault((entry.typ, entry.slug), []).append(entry)
    for old in sorted(read_record(content.root, problems) - now):
        sprache, neutral = language_of(old, content)
        match = _ENTRY_URL.fullmatch(neutral)
        successor = _successor(match["quartier"], by_identity.get((match["typ"], match["slug"]), []), content) \
            if match else None
        topic = _TOPIC_QUARTER_URL.fullmatch(neutral)
        if successor is not None:
            result.redirects[old] = successor
        elif topic is not None and sprache.url(urls.category_url(topic["thema"])) in now:
            result.topics[old] = topic["thema"]
        else:
            result.gone.append(old)
    return result


def _successor(old_quarter: str | None, candidates: list[Eintrag], content: Content) -> Eintrag | None:
    """The entry an old URL moved to: a region-wide one that covers the old quarter, else the only one."""
    for entry in candidates:
        if entry.quartier is None and old_quarter in quarters_of(entry, content):
            return entry
    return candidates[0] if len(candidates) == 1 else None
