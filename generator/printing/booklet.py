"""Print: an A5 booklet per quarter and language, rendered from Jinja2 templates with WeasyPrint.

The same HTML is published on the website as a print view; WeasyPrint turns it into a tagged PDF
(PDF/UA-1) with outline, real page numbers in the table of contents and the A–Z index. Each language of
``sprachen`` gets its own booklet: the main language's files keep their names (``<quartier>-heft-a5.pdf``), the
others carry the language code before the extension (``<quartier>-heft-a5.en.pdf``, ``urls.booklet_files``).
Text comes from the language's ``fassung`` (untranslated entries in the main language, marked with its ``lang``
and a notice); right-to-left booklets are laid out right to left and bound on the right.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import logging
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypedDict

import markupsafe
import segno

from wegweiser.check.validate import site_image
from wegweiser.content.contacts import contact_index, resolve_contact
from wegweiser.content.language_versions import fassung
from wegweiser.content.records import Content, Status
from wegweiser.core import processes
from wegweiser.core.problems import Loc, Problem, Severity
from wegweiser.hours import holiday_calendar
from wegweiser.i18n.catalogue import texte
from wegweiser.i18n.languages import DEUTSCH, Sprache
from wegweiser.i18n.quotes import localize_quotes
from wegweiser.model.child_dates import rules as child_rules
from wegweiser.model.entries import ENTRY_TYPES, NOTFALLNUMMERN, Eintrag, Quartier, Seite, Termin
from wegweiser.model.occurrences import Vorkommen
from wegweiser.printing import booklet_cache, booklet_events
from wegweiser.printing.layout import FirstLayout, lay_out_booklet, lay_out_draft
from wegweiser.render import child_page, fact_values, urls, venue_access
from wegweiser.render.ages import age_text
from wegweiser.render.data_sources import data_sources
from wegweiser.render.links import address_line
from wegweiser.render.markdown_text import markdown_html
from wegweiser.render.opening import when_open
from wegweiser.render.page_builder import TEMPLATES, Published, environment, site_sprachen

if TYPE_CHECKING:
    import jinja2

QR_SIZE_MM = 16  # scanned reliably by phone cameras at arm's length; the issue asks for at least 15 mm


def entry_web_url(content: Content, entry: Eintrag, sprache: Sprache = DEUTSCH) -> str:
    """The entry's page in the booklet's language: a QR code leads a family to the page they can read."""
    return _web_root(content, sprache) + urls.entry_url(entry)


def _web_root(content: Content, sprache: Sprache) -> str:
    base = content.site.basis_url if content.site else ""
    return base.rstrip("/") + "/" + sprache.pfad


# Where a QR code goes in a draft (BookletBuilder.draft): drawing a code takes longer than rendering the rest of the
# booklet, and the code is a function of its address, so a draft (and the key it is kept by) names the address and
# the codes are drawn only for a layout. Content is escaped, so it cannot write this tag.
_QR_PLACE = re.compile(r'<wegweiser-qr n="(\d+)"></wegweiser-qr>')


@functools.lru_cache(maxsize=4096)
def qr_svg(data: str) -> str:
    """An inline SVG QR code; sized by CSS so that it prints at QR_SIZE_MM. Kept: a booklet draws each code for both
    of its layouts (the first one finds the index's page numbers), and the site's code is on every booklet's back."""
    return str(segno.make(data, error="m", micro=False).svg_inline(scale=1, border=2, dark="#000", light="#fff",
                                                                   omitsize=True))


def _sort_key(text: str) -> str:
    # German phone-book order is close enough: umlauts sort with their base letter.
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


@dataclass
class IndexLine:
    """One line of the A–Z index: a word and the pages it leads to, each page once."""

    word: str
    targets: list[tuple[int, str]]  # (page number, element id of the first target on that page), by page
    is_name: bool  # the word is an entry's or a page's own name
    lang: str = ""  # the word's language when it differs from the booklet's (an untranslated entry's name)


# Endings that turn a German singular into a plural (or an inflected form) often enough for an index:
# Kita/Kitas, Krabbelgruppe/Krabbelgruppen, Kurs/Kurse, Kind/Kinder, Spielplatz/Spielplätze (umlauts fold).
_PLURAL_ENDINGS = ("en", "er", "n", "e", "s")
_MIN_STEM = 4


def index_groups(words: list[str], deutsch: bool = True) -> dict[str, str]:
    """For each word, the key of its index line: case, umlaut, hyphen and (German) singular/plural variants share
    one line. ``deutsch=False``: no German plural endings (an English "Kurs" is no "Kurse")."""
    folded = {w: re.sub(r"[\W_]+", "", _sort_key(w)) or _sort_key(w) for w in words}  # Kita-Platz = Kitaplatz
    keys = set(folded.values())

    def stem(key: str) -> str:
        for ending in _PLURAL_ENDINGS if deutsch else ():
            base = key.removesuffix(ending)
            if base != key and len(base) >= _MIN_STEM and base in keys:
                return stem(base)
        return key

    return {w: stem(k) for w, k in folded.items()}


def build_index(words: list[tuple[str, bool, str]], pages: dict[str, int], deutsch: bool = True,
                langs: dict[tuple[str, str], str] | None = None) -> dict[str, list[IndexLine]]:
    """The A–Z index from (word, is_name, anchor) triples and the page each anchor landed on, by letter.

    ``langs``: the language of a (word, anchor), where it is not the booklet's (untranslated text)."""
    langs = langs or {}
    groups = index_groups([w for w, _, _ in words], deutsch)
    lines: dict[str, IndexLine] = {}
    spellings: dict[str, list[tuple[str, str]]] = {}
    for word, is_name, anchor in words:
        page = pages.get(anchor)
        if page is None:
            continue
        key = groups[word]
        lang = langs.get((word, anchor), "")
        line = lines.setdefault(key, IndexLine(word, [], is_name, lang))
        spellings.setdefault(key, []).append((word, lang))
        if is_name and not line.is_name:
            line.word, line.is_name, line.lang = word, True, lang
        if page not in (number for number, _ in line.targets):
            line.targets.append((page, anchor))
    for key, line in lines.items():
        line.targets.sort()
        if not line.is_name:  # the shortest spelling is the singular; capitalised nouns before lower case
            line.word, line.lang = min(spellings[key], key=lambda w: (len(w[0]), not w[0][:1].isupper()))
    letters: dict[str, list[IndexLine]] = {}
    for line in sorted(lines.values(), key=lambda line: _sort_key(line.word)):
        letter = _sort_key(line.word)[:1].upper()
        letters.setdefault(letter if letter.isalpha() else "#", []).append(line)
    return letters


@dataclass
class Booklet:
    slug: str
    html: str
    entries: list[Eintrag]
    qr_data: dict[str, str]  # entry key -> URL encoded in its QR code
    warnings: list[Problem] = field(default_factory=list)
    notfall: tuple[int, int] | None = None  # the pages of the emergency numbers when they run over one page
    # the draft's layout, whose pages before the last part are this booklet's (write_pdf uses it, _lay_out drops it)
    first_layout: FirstLayout | None = field(default=None, compare=False, repr=False)


@dataclass
class Draft:
    """A booklet before its layout (``BookletBuilder.draft``)."""

    slug: str
    quarter: Quartier
    html: str  # without the index's page numbers
    entries: list[Eintrag]
    qr_data: dict[str, str]
    render: Callable[[], str]  # the HTML from ``context`` as it is then
    context: dict[str, object]
    words: list[tuple[str, bool, str]]  # the index's words (word, is_name, anchor)
    langs: dict[tuple[str, str], str]
    notfall: Seite | None
    qr_urls: list[str]  # the address of each QR code, by its place in ``html``

    def identity(self) -> str:
        """Everything the finished booklet comes from: the first HTML, the addresses of its QR codes and the index's
        words (a keyword appears only in the index, which the first HTML leaves empty)."""
        index = json.dumps([self.qr_urls, self.words, sorted([*key, lang] for key, lang in self.langs.items())],
                           ensure_ascii=False)
        return f"{index}\n{self.html}"

    def with_qr(self, html: str) -> str:
        """The draft's HTML with its QR codes drawn."""
        drawn = [qr_svg(url) for url in self.qr_urls]
        return _QR_PLACE.sub(lambda place: drawn[int(place.group(1))], html)


class _GeneralPage(TypedDict):
    """A general page (``content/seiten/``) as the booklet prints it."""

    page: Seite
    id: str
    html: markupsafe.Markup
    fehlt: bool
    veraltet: bool
    lang: dict[str, str]


class _Pdf(Protocol):
    """What the booklet changes in WeasyPrint's PDF before it is written (pydyf's ``PDF``)."""

    @property
    def catalog(self) -> MutableMapping[str, MutableMapping[str, object]]: ...


EMERGENCY_END = "notfallnummern-ende"  # the id after the emergency page's last line (heft.html)


def emergency_page(content: Content) -> Seite | None:
    """The page with the emergency numbers (``rolle: notfallnummern``), printed on the inside of the cover whether
    or not it says ``druck``."""
    return content.page_with_role(NOTFALLNUMMERN)


class BookletBuilder:
    def __init__(self, content: Content, today: date, sprache: Sprache | None = None,
                 termine_bis: date | None = None) -> None:
        # Termine only on request and for a named range: a booklet is handed out for months (booklet_events)
        self.termine = booklet_events.Zeitraum(today, termine_bis) if termine_bis else None
        self.haupt = site_sprachen(content)[0]
        self.sprache = sprache or self.haupt
        self.fassung = fassung(content, self.sprache)
        content = self.fassung.content  # this language's text where translated, the main language's elsewhere
        self.content = content
        self.published = Published.select(content, today)
        shared = environment(content.root)
        # An overlay of the site's shared environment: the print templates and this language's filters belong to
        # this booklet, never to the site or to another language's booklet (an Arabic booklet's Markdown filter,
        # set on the shared environment, wrapped numbers in later booklets of other languages).
        self.env = shared.overlay(loader=_with_print_templates(shared.loader))
        self.env.filters = {**shared.filters, "umbrechbar": umbrechbar}
        self.texte = texte(self.sprache)
        # numbers in Markdown texts (welcome, quarter) stay whole, and read left to right in a right-to-left booklet
        self.env.filters["markdown"] = lambda text: self._numbers(markdown_html(text)) if text else ""
        self.contacts = contact_index(content)
        self.kalender = holiday_calendar.kalender(content.site.bundesland if content.site else None)
        self.images = {field: _data_uri(path) if (path := site_image(content, field)) and path.is_file() else ""
                       for field in ("logo", "titelbild")}

    def booklets(self, only: list[str] | None = None) -> Iterator[Booklet]:
        for slug, quarter in self.content.quartiere.items():
            if not only or slug in only:
                yield self.booklet(slug, quarter)

    def booklet(self, slug: str, quarter: Quartier) -> Booklet:
        return self.finish(self.draft(slug, quarter))

    def draft(self, slug: str, quarter: Quartier) -> Draft:
        """The booklet before its layout: its first HTML (without the index's page numbers) decides everything
        that follows (booklet_cache), and costs a fraction of a layout to make."""
        self._qr_urls: list[str] = []
        quarter_entries = self.published.by_quarter[slug]
        events = booklet_events.in_range(quarter_entries, self.termine) if self.termine else []
        entries = [e for e in quarter_entries if not isinstance(e, Termin)] + [event for event, _ in events]
        qr_data = {e.key: entry_web_url(self.content, e, self.sprache) for e in entries}
        sections = []
        for typ in ENTRY_TYPES:
            if typ == Termin.typ:
                continue  # printed in their own section, with their dates in a range (termine below)
            of_type = [e for e in entries if e.typ == typ]
            if not of_type:
                continue
            by_cat: dict[str, list[dict[str, object]]] = {}
            for entry in of_type:
                first = next((c for c in entry.kategorien if c in self.content.kategorien), "")
                by_cat.setdefault(first, []).append(self._item(entry, qr_data[entry.key]))
            groups = [(self.content.kategorien[c].name if c else "", self._lang("kategorie", c, "name") if c else "",
                       by_cat[c]) for c in [*self.content.kategorien, ""] if c in by_cat]
            sections.append({"id": f"abschnitt-{typ}", "typ": typ, "groups": groups})
        notfall = emergency_page(self.content)
        general = [self._general(p) for p in sorted(self.content.seiten, key=lambda p: p.reihenfolge)
                   if p.druck and p is not notfall]
        inside_cover = self._general(notfall, heading=1) if notfall else None
        coordination = resolve_contact(quarter.koordination, slug, self.contacts) if quarter.koordination else None
        base = _web_root(self.content, self.sprache)
        # The stylesheet is ours, not content: inline it unescaped so the print view is one file.
        css = markupsafe.Markup((TEMPLATES / "druck" / "heft.css").read_text(encoding="utf-8"))
        context: dict[str, object] = dict(
            **self.texte.jinja(), site=self.content.site, quarter=quarter, sections=sections, general=general,
            notfall=inside_cover, letters={},
            coordination=coordination, css=css, images=self.images, site_qr=self._qr(base),
            count=len(entries), stand=max([quarter.stand, *(e.stand for e in entries)]), site_url=base,
            haupt=self.haupt, herkunft=self._lang, mein_kind=self._mein_kind(base),
            termine=self._events(events, qr_data), quellen=data_sources(entries))
        # Classic index with real page numbers, each page once per word: lay the booklet out once to learn
        # where every entry landed (the index comes after all entries, so it cannot move them), then write
        # the numbers into the index.
        template = self.env.get_template("heft.html")

        def render() -> str:
            return _for_print(_localize_quotes(template.render(**context), self.sprache))

        printed = [*general, *([inside_cover] if inside_cover else [])]
        words = [(word, is_name, _anchor(e)) for e in entries
                 for word, is_name in [(e.name, True), *((w, False) for w in e.stichworte)]]
        words += [(g["page"].titel, True, g["id"]) for g in printed]
        langs = {(word, _anchor(e)): self._lang("eintrag", e.key, "name" if is_name else "stichworte")
                 for e in entries for word, is_name in [(e.name, True), *((w, False) for w in e.stichworte)]}
        langs |= {(g["page"].titel, g["id"]): g["lang"]["titel"] for g in printed}
        return Draft(slug, quarter, render(), entries, qr_data, render, context, words, langs, notfall,
                     self._qr_urls)

    def _qr(self, url: str) -> markupsafe.Markup:
        """The place of the QR code of ``url`` in the draft (``Draft.with_qr``)."""
        self._qr_urls.append(url)
        return markupsafe.Markup('<wegweiser-qr n="{}"></wegweiser-qr>').format(len(self._qr_urls) - 1)

    def finish(self, draft: Draft) -> Booklet:
        """Lay the draft out once to learn the page of every entry, and render it with the index's numbers."""
        first = lay_out_draft(draft.with_qr(draft.html), TEMPLATES / "druck")
        pages = first.anchors
        draft.context["letters"] = build_index(draft.words, pages, self.sprache.locale == "de", draft.langs)
        spread = self._emergency_pages(draft.notfall, pages) if draft.notfall else None
        warnings = self.emergency_warning(draft.notfall, spread, draft.quarter) if draft.notfall and spread else []
        return Booklet(draft.slug, draft.with_qr(draft.render()), draft.entries, draft.qr_data, warnings, spread,
                       first)

    def _mein_kind(self, base: str) -> dict[str, object]:
        """The "Mein Kind" page: the U-checks' windows as ages and the deadlines as periods after the birth, with
        their sources (the booklet does not know the child; the site's page gives the dates)."""
        rules = child_rules()
        checks, deadlines = child_page.rows(rules, self.texte)
        kita = rules.kita.laender.get(self.content.site.bundesland or "" if self.content.site else "")
        return {"checks": checks, "deadlines": deadlines, "kita": kita,
                "kita_frist": child_page.kita_label(self.texte, kita.monate_vorher) if kita else "",
                "bundesrecht": rules.kita.bundesrecht, "url": base + urls.MEIN_KIND_URL,
                "geprueft": rules.geprueft,
                # the sources' titles are German law names: marked as such in other languages' booklets
                "quelle_lang": DEUTSCH.lang if self.sprache.lang != DEUTSCH.lang else ""}

    @staticmethod
    def _emergency_pages(page: Seite, pages: dict[str, int]) -> tuple[int, int] | None:
        """The first and last page of the emergency numbers when they run over more than their one page."""
        first, last = pages.get(f"seite-{page.slug}"), pages.get(EMERGENCY_END)
        if first is None or last is None or first == last:
            return None
        return first, last

    def emergency_warning(self, page: Seite, spread: tuple[int, int], quarter: Quartier) -> list[Problem]:
        """A located warning when the emergency numbers run over more than their one page: a family looking for
        the poison hotline should not have to turn the page, and nothing splits them silently. Made from the
        content as it is (a kept booklet's warning points to the page's current line)."""
        first, last = spread
        translation = self.fassung.uebersetzung("seite", page.slug)
        where = translation.locs.get("beschreibung", translation.loc) if translation and "beschreibung" in \
            translation.texte else None
        loc = where or Loc(page.source, page.body_line)
        return [Problem(loc, Severity.WARNING,
                        f"Die Notfallnummern passen im Heft „{quarter.name}“ ({self.sprache.eigenname}) nicht auf "
                        f"eine Seite, sie stehen auf den Seiten {first} bis {last}.",
                        "Kürzen Sie die Seite (weniger Zeilen oder kürzere Texte), damit alle Nummern auf der "
                        "Innenseite des Umschlags auf einen Blick zu sehen sind.")]

    def _general(self, p: Seite, heading: int = 2) -> _GeneralPage:
        """A general page under a heading of this level: its own ## headings one below."""
        return {"page": p, "id": f"seite-{p.slug}", "html": self._markdown(p.text, heading - 1),
                "fehlt": self._fehlt("seite", p.slug), "veraltet": self._status("seite", p.slug) == "veraltet",
                "lang": {feld: self._lang("seite", p.slug, feld) for feld in ("titel", "beschreibung")}}

    def _item(self, entry: Eintrag, url: str) -> dict[str, object]:
        person = resolve_contact(entry.kontakt, entry.quartier, self.contacts) if entry.kontakt else None
        where = address_line(entry.adresse)
        lang = {feld: self._lang("eintrag", entry.key, feld) for feld in ("name", "kurz")}
        # "free" untranslated is a fact, said in the booklet's words; "25 Euro, mit Pass kostenlos" stays text
        cost = fact_values.kosten(entry, self.fassung.herkunft("eintrag", entry.key, "kosten"), self.texte)
        return {"entry": entry, "id": _anchor(entry), "alter": age_text(entry.alter, self.texte),
                "fehlt": self._fehlt("eintrag", entry.key),
                "kosten": cost.text if cost else entry.kosten,
                "lang": {**lang, "kosten": cost.lang.lang if cost and cost.lang else ""},
                "kontakt_lang": self._lang("eintrag", person.key, "name") if person else "",
                "veraltet": self._status("eintrag", entry.key) == "veraltet",
                "zeiten": self._when(entry), "wo": where, "kontakt": person,
                "zugang": venue_access.facts(entry.zugang, self.texte),
                "qr": self._qr(url), "url": url}

    def _events(self, events: list[tuple[Termin, list[Vorkommen]]],
                qr_data: dict[str, str]) -> dict[str, object] | None:
        """The Termine section's context: the range in words and each Termin as an entry with its dates."""
        if self.termine is None:
            return None
        items = []
        for event, found in events:
            item = self._item(event, qr_data[event.key])
            when = booklet_events.event_dates(self.texte, event, found)
            item |= {"worte": self._plain_numbers(when.words), "uhrzeit": self._plain_numbers(when.time),
                     "tage": [self._plain_numbers(day) for day in when.days],
                     "anmeldefrist": self._plain_numbers(booklet_events.registration_text(self.texte, event)),
                     "termin_lang": {feld: self._lang("eintrag", event.key, feld)
                                     for feld in ("anmeldung", "mitbringen", "ermaessigung")}}
            items.append(item)
        return {"id": "abschnitt-termine", "items": items, "komma": booklet_events.komma(self.texte),
                "von": self.texte.datum(self.termine.von, "long"), "bis": self.texte.datum(self.termine.bis, "long")}

    def _status(self, art: str, key: str) -> Status:
        return self.fassung.status(art, key)  # "uebersetzt" throughout in the main language

    def _fehlt(self, art: str, key: str) -> bool:
        """No translation: the object is printed in the main language, marked as such, with a notice."""
        return self._status(art, key) == "fehlt"

    def _lang(self, art: str, key: str, feld: str) -> str:
        """The ``lang`` of a displayed text value when it is not the booklet's language (else "")."""
        herkunft = self.fassung.herkunft(art, key, feld)
        return herkunft.lang if herkunft.code != self.sprache.code else ""

    def _when(self, entry: Eintrag) -> str:
        """When an entry is open or can be reached, once: opening hours with their holiday notes, else
        consulting hours, plus `zeiten`. today=None: a booklet is used for months, so it names no "next holiday"."""
        return self._plain_numbers(when_open(entry, self.kalender, None, self.texte, land=False).full())

    def _plain_numbers(self, text: str) -> markupsafe.Markup:
        """Plain text (escaped here) with its number runs whole and, in a right-to-left booklet, left to right."""
        return self._numbers(str(markupsafe.escape(text)))

    def _markdown(self, text: str, demote: int = 1) -> markupsafe.Markup:
        return self._numbers(_demote_headings(markdown_html(text), demote))

    def _numbers(self, html: str) -> markupsafe.Markup:
        return _whole_numbers(html, self.sprache.rtl)


# A run of digits with single separators between them: a phone number ("0800 111 0 550"), a time or time range
# ("09:30–11:30"), a date, a postcode; " / " counts as one separator ("030 / 231 25").
_NUMBER_RUN = re.compile(r"(?<![#\w])\+?[0-9](?:[0-9]|[ /.:–-](?=[0-9])| / (?=[0-9]))*")  # not in "&#39;" or "A5"
_TEXT_NODE = re.compile(r">([^<]+)<")
# A number run up to this long never breaks ("0800 40 40 020", "08:30–12:30"): it fits the narrowest column it
# stands in (a table cell of a general page, about 30 mm at 10.5 pt). A longer run is a list, free to break.
WHOLE_UP_TO = 20


def _whole_numbers(html: str, rtl: bool = False) -> markupsafe.Markup:
    """Every number run stays on one line (a phone number broken as "0800 40 40 / 020" is dialled wrong); in a
    right-to-left booklet it also reads left to right, isolated from the words around it: without this the bidi
    algorithm shows "116 117" as "117 116" and "09:30–11:30" as "11:30–09:30".
    ``html`` is our own escaped or sanitised HTML; only its text between tags is touched."""
    direction = ' dir="ltr"' if rtl else ""

    def span(run: re.Match[str]) -> str:
        whole = ' class="zahl"' if len(run.group(0)) <= WHOLE_UP_TO else ""
        return f"<span{whole}{direction}>{run.group(0)}</span>" if whole or direction else run.group(0)

    def wrap(text: re.Match[str]) -> str:
        return ">" + _NUMBER_RUN.sub(span, text.group(1)) + "<"

    return markupsafe.Markup(_TEXT_NODE.sub(wrap, f">{html}<")[1:-1])


# An e-mail or web address up to this many characters stays in one piece; a longer one breaks before its punctuation,
# and where a part between two is longer than STUECK, every STUECK characters. Both fit the narrowest line an address
# stands on (108 mm beside a QR code, 119 mm in a box) even in its widest letters (about 1 em: "m", "W", "@") at the
# size it is printed in: 30 at 10.5 pt; 24 at the back cover's 12 pt bold; 20 (88 mm) anywhere.
GANZ_BIS = 30
STUECK = 20
# Chicago Manual of Style 14.18: a line may start with these (so that none ends looking like a hyphenation), with
# "/" except in "//"; it may end after ":" and "//".
_BEFORE = frozenset(".@-_~?#%&=,")


def umbrechbar(address: str, ganz_bis: int = GANZ_BIS) -> markupsafe.Markup:
    """A displayed e-mail or web address: whole up to ``ganz_bis`` characters, else with break opportunities
    (``<wbr>``) at its punctuation and in parts longer than a line could hold. Never a hyphen added, never broken
    elsewhere (``.adresse`` in heft.css: WeasyPrint's ``overflow-wrap: anywhere`` would break "@exa|mple" rather
    than at the ``<wbr>`` before it). Escaped here: the address is content."""
    if len(address) <= ganz_bis:
        return markupsafe.Markup('<span class="adresse nw" dir="ltr">{}</span>').format(address)
    cuts = [i for i in range(1, len(address) - 1)  # the last character never stands alone on a line
            if (address[i] in _BEFORE or (address[i] == "/" and address[i - 1] not in "/:")
                or (address[i - 1] == ":" and address[i] != "/") or (address[i - 2:i] == "//" and address[i] != "/"))]
    parts = [address[start:end] for start, end in zip([0, *cuts], [*cuts, len(address)], strict=True)]
    pieces = [part[i:i + STUECK] for part in parts for i in range(0, len(part), STUECK)]
    # Each piece unbreakable: the line breaker would also break after a "-" (UAX #14), leaving a line that ends
    # like a hyphenation.
    inner = markupsafe.Markup("<wbr>").join(markupsafe.Markup('<span class="nw">{}</span>').format(piece)
                                            for piece in pieces)
    return markupsafe.Markup('<span class="adresse adresse--lang" dir="ltr">{}</span>').format(inner)


# Line and paragraph separators pasted into a text: WeasyPrint draws U+0085 and U+2028 as empty boxes and stops with
# an AssertionError at U+2029. In running text they are what a line end in the YAML is: a space.
LINE_SEPARATORS = {0x85: " ", 0x2028: " ", 0x2029: " "}


def _for_print(html: str) -> str:
    """The booklet's HTML with pasted line separators as spaces and the elements with long words marked."""
    return _mark_long_words(html.translate(LINE_SEPARATORS))


# A word this long (an entity counts as one character) may not fit its line or table column. The element around it gets
# class="trennen" (heft.css): hyphenated where needed and measured as breakable. Only such elements: WeasyPrint looks
# for hyphenation points of every following word at every line break, a tenth of the layout time for all text.
_LONG_WORD = re.compile(r"(?:&#?\w+;|[^\s&<>]){21,}")
_TOKEN = re.compile(r"<(/?)([a-zA-Z][\w:-]*)([^>]*)>|([^<]+)|<")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})


def _mark_long_words(html: str) -> str:
    """Our own well-formed HTML with class="trennen" on the innermost element around each long word in the body."""
    head, body_tag, body = html.partition("<body>")
    open_tags: list[tuple[str, int]] = []  # (name, position of "<") of the elements around the current place
    marked: set[int] = set()
    for token in _TOKEN.finditer(body):
        closing, name, rest, text = token.groups()
        if text is not None:
            if open_tags and _LONG_WORD.search(text):
                marked.add(open_tags[-1][1])
        elif name is None or name.lower() in _VOID or rest.endswith("/"):
            continue
        elif not closing:
            open_tags.append((name.lower(), token.start()))
        else:
            while open_tags and open_tags.pop()[0] != name.lower():
                pass
    pieces, done = [head, body_tag], 0
    for start in sorted(marked):  # one pass: a booklet of thousands of entries has thousands of long words
        end = body.index(">", start)
        tag = body[start:end]
        quoted = re.search(r'\sclass="([^"]*)"', tag)
        pieces += [body[done:start],
                   (tag[:quoted.end(1)] + " trennen" + tag[quoted.end(1):]) if quoted else tag + ' class="trennen"']
        done = end
    pieces.append(body[done:])
    return "".join(pieces)


_LANG_ATTR = re.compile(r'\slang="([^"]*)"')


def _localize_quotes(html: str, sprache: Sprache) -> str:
    """Our own well-formed HTML with German „…“ in the text of the booklet's language in that language's marks
    (i18n.quotes); text in another language (an untranslated German entry, ``lang="de"``) keeps its own."""
    if sprache.locale == "de" or "\u201e" not in html:
        return html
    own = sprache.lang
    open_langs: list[tuple[str, str]] = []  # (element name, language inside it)
    pending = False
    pieces = []
    for token in _TOKEN.finditer(html):
        closing, name, rest, text = token.groups()
        if text is not None and (open_langs[-1][1] if open_langs else own) == own:
            localized, pending = localize_quotes(text, sprache.locale, pending)
            pieces.append(localized)
            continue
        pieces.append(token.group(0))
        if name is None or name.lower() in _VOID or rest.endswith("/"):
            continue
        if not closing:
            lang = _LANG_ATTR.search(rest)
            open_langs.append((name.lower(), lang.group(1) if lang else (open_langs[-1][1] if open_langs else own)))
        else:
            while open_langs and open_langs.pop()[0] != name.lower():
                pass
    return "".join(pieces)


def _demote_headings(html: str, by: int = 1) -> markupsafe.Markup:
    """A general page sits under its own h2 in the booklet: its ## headings become h3 and so on (``by`` levels;
    at most h6)."""
    # Our own sanitised Markdown output: only the heading tags are renamed.
    return markupsafe.Markup(re.sub(r"<(/?)h([1-6])\b",
                                    lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + by, 6)}", html))


_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def _data_uri(path: Path) -> str:
    """The image inlined, so that the print view on the website stays one file."""
    return f"data:{_MIME[path.suffix.lower()]};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _anchor(entry: Eintrag) -> str:
    return "e-" + entry.key.replace("/", "-")


def _with_print_templates(loader: jinja2.BaseLoader | None) -> jinja2.BaseLoader:
    import jinja2

    assert loader is not None  # environment() gives every environment its loader
    return jinja2.ChoiceLoader([loader, jinja2.FileSystemLoader(str(TEMPLATES / "druck"))])


# The print-shop edition: the same A5 pages with 3 mm bleed and crop marks; backgrounds run into the bleed.
PRINT_SHOP_CSS = "@page { bleed: 3mm; marks: crop; }"


def write_pdf(booklet: Booklet, target: Path, title: str, print_shop: bool = False,
              sprache: Sprache = DEUTSCH) -> int:
    """Render the booklet to a tagged A5 PDF (written atomically); returns the number of pages.

    ``/Lang`` is the booklet's BCP 47 tag (``de-x-ls`` for Leichte Sprache); a right-to-left booklet also asks
    viewers to show its spreads right to left (``/ViewerPreferences /Direction /R2L``)."""
    _declare_language_changes()
    document = lay_out_booklet(booklet.html, TEMPLATES / "druck", booklet.first_layout,
                               [PRINT_SHOP_CSS] if print_shop else [])
    document.metadata.title = title
    document.metadata.lang = sprache.lang

    def finish(_document: object, pdf: _Pdf) -> None:
        if sprache.rtl:
            pdf.catalog["ViewerPreferences"]["Direction"] = "/R2L"

    tmp = target.with_suffix(".pdf.tmp")
    with _notdef_watch() as missing:
        document.write_pdf(tmp, pdf_variant="pdf/ua-1", pdf_tags=True, finisher=finish)
    if missing:
        tmp.unlink()
        shown = ", ".join(f"„{char}“ (U+{ord(char):04X})" for char in sorted(missing))
        raise MissingGlyphs(f"{target.name} enthielte leere Kästchen statt {shown}: keine Schrift auf diesem Rechner "
                            "kann diese Zeichen drucken. Im Inhalt meldet wegweiser check solche Zeichen mit Datei "
                            "und Zeile; diese stehen vermutlich in einer Vorlage oder einem Sprachkatalog.")
    tmp.replace(target)
    return len(document.pages)


class MissingGlyphs(Exception):
    """A booklet would show empty boxes for characters no installed font has (``schriften`` finds those in the
    content before printing; this catches the rest: templates, catalogue texts)."""


@contextlib.contextmanager
def _notdef_watch() -> Iterator[set[str]]:
    """The characters WeasyPrint draws as .notdef meanwhile: it logs a warning for each one."""
    found: set[str] = set()

    class Watch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            args = record.args
            if str(record.msg).startswith(".notdef glyph") and isinstance(args, tuple) and len(args) == 2 \
                    and isinstance(args[1], int):
                found.add(chr(args[1]))

    logger = logging.getLogger("weasyprint")
    level = logger.level
    if not logger.isEnabledFor(logging.WARNING):
        logger.setLevel(logging.WARNING)
    watch = Watch(logging.WARNING)
    logger.addHandler(watch)
    try:
        yield found
    finally:
        logger.removeHandler(watch)
        logger.setLevel(level)


def _declare_language_changes() -> None:
    """PDF/UA-1 (7.2): a passage in another language than the document's declares it on its structure element, so
    that a screen reader reads an untranslated German entry in an Arabic booklet with a German voice. WeasyPrint 70
    writes only the catalogue's /Lang; this wraps its tag-tree builder (once per process) to copy an element's
    ``lang`` attribute into /Lang. tests/test_druck_sprachen.py fails if a WeasyPrint update breaks it."""
    import pydyf  # type: ignore[import-untyped]
    from weasyprint.pdf import tags  # type: ignore[import-untyped]

    build = tags._build_box_tree
    if getattr(build, "wegweiser_lang", False):
        return

    def with_lang(box: object, *args: object) -> Iterator[MutableMapping[str, object]]:
        node = getattr(box, "element", None)
        lang = node.get("lang") if node is not None and getattr(box, "element_tag", None) not in ("html", "body") \
            else None
        for element in build(box, *args):
            if lang and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    with_lang.wegweiser_lang = True  # type: ignore[attr-defined]
    tags._build_box_tree = with_lang


@dataclass
class PrintResult:
    slug: str
    a5: Path
    a4: Path
    pages: int
    seconds: float
    print_shop: Path | None = None
    sprache: Sprache = DEUTSCH
    warnings: list[Problem] = field(default_factory=list)  # located, about the content (booklet.warnings)
    behalten: bool = False  # every file was kept as it was: nothing it shows changed (booklet_cache)


def print_booklets(content: Content, today: date, out: Path, only: list[str] | None = None,
                   print_shop: bool = False, nur_sprachen: list[str] | None = None,
                   termine_bis: date | None = None) -> list[PrintResult]:
    """Every quarter's booklet (or those in ``only``) in every language of the site (or those in ``nur_sprachen``,
    codes the caller checked against ``site_sprachen``), with a section of the Termine up to ``termine_bis`` if given
    (a date the caller checked is not before ``today``). A booklet whose files are what it would be now is kept
    (booklet_cache). The booklets are laid out side by side on every core, one (language, quarter) at a time: each
    keeps one core busy for seconds, and a site of one language may have many quarters."""
    from wegweiser.render.content_templates import content_template_dir

    out.mkdir(parents=True, exist_ok=True)
    languages = site_sprachen(content)
    chosen = [s for s in languages if not nur_sprachen or s.code in nur_sprachen]
    tasks = [(sprache, slug) for sprache in chosen for slug in content.quartiere if not only or slug in only]
    manifest = booklet_cache.load(out)
    environment_key = booklet_cache.environment_key(content.root, content_template_dir(content.root))
    job = _PrintJob(content, today, out, print_shop, termine_bis, environment_key, dict(manifest))
    results: dict[int, PrintResult] = {}
    for number, result, records in _run(job, tasks):
        results[number] = result
        if any(manifest.get(name) != record for name, record in records.items()):
            manifest |= records
            booklet_cache.save(out, manifest)  # after the files it names were written
    _remove_stale(out, list(content.quartiere), languages)
    present = {name: record for name, record in manifest.items() if (out / name).is_file()}
    if present != manifest:
        booklet_cache.save(out, present)
    return [results[number] for number in sorted(results)]


@dataclass
class _PrintJob:
    """One print run: what every booklet's task needs (forked workers inherit it, see ``_run``)."""

    content: Content
    today: date
    out: Path
    print_shop: bool
    termine_bis: date | None
    environment: str  # booklet_cache.environment_key
    manifest: dict[str, booklet_cache.Record]  # as the run found it
    builder: BookletBuilder | None = None  # the last language's (the tasks come language by language)

    def builder_for(self, sprache: Sprache) -> BookletBuilder:
        if self.builder is None or self.builder.sprache.code != sprache.code:
            self.builder = BookletBuilder(self.content, self.today, sprache, self.termine_bis)
        return self.builder


_Task = tuple[int, tuple[Sprache, str]]
_Done = tuple[int, PrintResult, dict[str, booklet_cache.Record]]
# The run's job while it runs: forked workers inherit it rather than receiving the content pickled with each task.
_JOB: _PrintJob | None = None


def _run(job: _PrintJob, tasks: list[tuple[Sprache, str]]) -> Iterator[_Done]:
    """Each task's result as it is done, on every core where the system can fork."""
    global _JOB
    context = processes.fork_context()
    workers = min(len(tasks), os.cpu_count() or 1)
    _JOB = job
    try:
        if context is None or workers < 2:
            yield from map(_run_task, enumerate(tasks))
        else:
            with context.Pool(workers, initializer=processes.quiet_worker) as pool:
                yield from pool.imap_unordered(_run_task, enumerate(tasks), chunksize=1)
    finally:
        _JOB = None


def _run_task(task: _Task) -> _Done:
    assert _JOB is not None  # set by _run before the workers start
    number, (sprache, slug) = task
    result, records = _print_booklet(_JOB, sprache, slug)
    return number, result, records


def _print_booklet(job: _PrintJob, sprache: Sprache, slug: str) -> tuple[PrintResult, dict[str, booklet_cache.Record]]:
    """One booklet's files, each laid out again only when what it shows changed; their manifest records."""
    from wegweiser.printing.imposition import impose_saddle_stitch

    started = time.perf_counter()
    builder = job.builder_for(sprache)
    quarter = builder.content.quartiere[slug]
    draft = builder.draft(slug, quarter)
    files = {kind: job.out / Path(name).name for kind, name in urls.booklet_files(slug, sprache).items()}
    site = builder.content.site
    title = f"{site.titel if site else 'Familienwegweiser'}: {quarter.name}"
    sheet_title = builder.texte.gettext("Druckbogen")
    key = booklet_cache.booklet_key(job.environment, draft.identity(), title, sprache.lang, str(sprache.rtl),
                                    sheet_title)
    kinds = ["html", "a5", "a4", *(["druckerei"] if job.print_shop else [])]
    keys = {kind: booklet_cache.file_key(key, kind) for kind in kinds}
    kept = {kind: booklet_cache.verified(job.out, files[kind].name, keys[kind], job.manifest) for kind in kinds}
    known = next((record for record in kept.values() if record), None)
    if known and all(kept.values()):
        pages, spread = known.seiten, known.notfall
    else:
        pages, spread = _lay_out(builder, draft, files, kept, title, job.print_shop, sprache)
        if not kept["a4"]:  # from the A5 file as it is now (kept or new: the same layout)
            impose_saddle_stitch(files["a5"], files["a4"], rechts_gebunden=sprache.rtl, titel=sheet_title)
    records = {files[kind].name: kept[kind] or booklet_cache.record_of(files[kind], keys[kind], pages, spread)
               for kind in kinds}
    warnings = builder.emergency_warning(draft.notfall, spread, quarter) if draft.notfall and spread else []
    result = PrintResult(slug, files["a5"], files["a4"], pages, time.perf_counter() - started,
                         files["druckerei"] if job.print_shop else None, sprache, warnings,
                         behalten=all(kept.values()))
    return result, {name: record for name, record in records.items() if record is not None}


def _lay_out(builder: BookletBuilder, draft: Draft, files: dict[str, Path],
             kept: dict[str, booklet_cache.Record | None], title: str, print_shop: bool,
             sprache: Sprache) -> tuple[int, tuple[int, int] | None]:
    """Write the booklet's files that are not kept (the A4 sheets aside); its A5 page count and emergency pages."""
    view = kept["html"]
    if view is not None:  # the finished HTML is the print view kept on disk: no layout for the page numbers
        booklet = Booklet(draft.slug, files["html"].read_bytes().decode("utf-8"), draft.entries, draft.qr_data,
                          notfall=view.notfall)
    else:
        booklet = builder.finish(draft)
    pages = kept["a5"].seiten if kept["a5"] else write_pdf(booklet, files["a5"], title, sprache=sprache)
    booklet.first_layout = None  # its pages are written: the memory goes back before the next booklet
    if print_shop and not kept["druckerei"]:
        write_pdf(booklet, files["druckerei"], title, print_shop=True, sprache=sprache)
    if view is None:  # the same HTML is the print view on the website
        temporary = files["html"].with_suffix(".html.tmp")
        temporary.write_bytes(booklet.html.encode("utf-8"))
        temporary.replace(files["html"])
    return pages, booklet.notfall


# Every file print_booklets writes (and its temporary name while writing), in any language.
_BOOKLET_FILE = re.compile(r"[a-z0-9-]+((-heft-a5|-druckbogen-a4|-heft-a5-druckerei)(\.[a-z]+)?\.pdf|(\.[a-z]+)?\.html)"
                           r"(\.tmp)?")


# The manifest's temporary file while it is written (core.cache.write_atomically), left by a killed run.
_MANIFEST_LEFTOVER = re.compile(r"\." + re.escape(booklet_cache.MANIFEST) + r"-[A-Za-z0-9_]+")


def _remove_stale(out: Path, quarters: list[str], languages: list[Sprache]) -> None:
    """In a booklet folder print made: remove half-written files of killed runs and the booklets of quarters
    (or languages) that are gone (build publishes this folder, and their names and phone numbers are no longer
    meant to be). Booklets of a language left out with ``--sprache`` stay."""
    from wegweiser.core.output_guard import Kind, is_marked

    if not is_marked(out, Kind.PRINT):
        return
    current = {Path(name).name for q in quarters for sprache in languages
               for name in urls.booklet_files(q, sprache).values()}
    for path in out.iterdir():
        ours = (_BOOKLET_FILE.fullmatch(path.name) and path.name not in current) or \
            _MANIFEST_LEFTOVER.fullmatch(path.name)
        if ours and path.is_file():
            path.unlink()
