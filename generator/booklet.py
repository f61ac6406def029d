"""Print: an A5 booklet per quarter, rendered from Jinja2 templates with WeasyPrint.

The same HTML is published on the website as a print view; WeasyPrint turns it into a tagged PDF
(PDF/UA-1) with outline, real page numbers in the table of contents and the A–Z index.
"""

from __future__ import annotations

import base64
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import markupsafe
import segno

from wegweiser import feiertage, oeffnungszeiten, render, urls
from wegweiser.content import Content
from wegweiser.katalog import texte
from wegweiser.kontakte import contact_index, resolve_contact
from wegweiser.model import ENTRY_TYPES, Eintrag, Quartier
from wegweiser.site_pages import TEMPLATES, Published, environment
from wegweiser.validate import site_image

QR_SIZE_MM = 16  # scanned reliably by phone cameras at arm's length; the issue asks for at least 15 mm


def entry_web_url(content: Content, entry: Eintrag) -> str:
    base = content.site.basis_url if content.site else ""
    return base.rstrip("/") + "/" + urls.entry_url(entry)


def qr_svg(data: str) -> str:
    """An inline SVG QR code; sized by CSS so that it prints at QR_SIZE_MM."""
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


# Endings that turn a German singular into a plural (or an inflected form) often enough for an index:
# Kita/Kitas, Krabbelgruppe/Krabbelgruppen, Kurs/Kurse, Kind/Kinder, Spielplatz/Spielplätze (umlauts fold).
_PLURAL_ENDINGS = ("en", "er", "n", "e", "s")
_MIN_STEM = 4


def index_groups(words: list[str]) -> dict[str, str]:
    """For each word, the key of its index line: case, umlaut, hyphen and singular/plural variants share one line."""
    folded = {w: re.sub(r"[\W_]+", "", _sort_key(w)) or _sort_key(w) for w in words}  # Kita-Platz = Kitaplatz
    keys = set(folded.values())

    def stem(key: str) -> str:
        for ending in _PLURAL_ENDINGS:
            base = key.removesuffix(ending)
            if base != key and len(base) >= _MIN_STEM and base in keys:
                return stem(base)
        return key

    return {w: stem(k) for w, k in folded.items()}


def build_index(words: list[tuple[str, bool, str]], pages: dict[str, int]) -> dict[str, list[IndexLine]]:
    """The A–Z index from (word, is_name, anchor) triples and the page each anchor landed on, by letter."""
    groups = index_groups([w for w, _, _ in words])
    lines: dict[str, IndexLine] = {}
    spellings: dict[str, list[str]] = {}
    for word, is_name, anchor in words:
        page = pages.get(anchor)
        if page is None:
            continue
        key = groups[word]
        line = lines.setdefault(key, IndexLine(word, [], is_name))
        spellings.setdefault(key, []).append(word)
        if is_name and not line.is_name:
            line.word, line.is_name = word, True
        if page not in (number for number, _ in line.targets):
            line.targets.append((page, anchor))
    for key, line in lines.items():
        line.targets.sort()
        if not line.is_name:  # the shortest spelling is the singular; capitalised nouns before lower case
            line.word = min(spellings[key], key=lambda w: (len(w), not w[:1].isupper()))
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


class BookletBuilder:
    def __init__(self, content: Content, today: date) -> None:
        self.content = content
        self.published = Published.select(content, today)
        self.env = environment(content.root)
        self.env.loader = _with_print_templates(self.env.loader)
        self.texte = texte()  # the booklet's language (German for now)
        self.contacts = contact_index(content)
        self.kalender = feiertage.kalender(content.site.bundesland if content.site else None)
        self.images = {field: _data_uri(path) if (path := site_image(content, field)) and path.is_file() else ""
                       for field in ("logo", "titelbild")}

    def booklets(self, only: list[str] | None = None) -> Iterator[Booklet]:
        for slug, quarter in self.content.quartiere.items():
            if not only or slug in only:
                yield self.booklet(slug, quarter)

    def booklet(self, slug: str, quarter: Quartier) -> Booklet:
        entries = self.published.by_quarter[slug]
        qr_data = {e.key: entry_web_url(self.content, e) for e in entries}
        sections = []
        for typ in ENTRY_TYPES:
            of_type = [e for e in entries if e.typ == typ]
            if not of_type:
                continue
            by_cat: dict[str, list[dict[str, Any]]] = {}
            for entry in of_type:
                first = next((c for c in entry.kategorien if c in self.content.kategorien), "")
                by_cat.setdefault(first, []).append(self._item(entry, qr_data[entry.key]))
            groups = [(self.content.kategorien[c].name if c else "", by_cat[c])
                      for c in [*self.content.kategorien, ""] if c in by_cat]
            sections.append({"id": f"abschnitt-{typ}", "typ": typ, "groups": groups})
        general: list[dict[str, Any]] = [
            {"page": p, "id": f"seite-{p.slug}", "html": _demote_headings(render.markdown_html(p.text))}
            for p in sorted(self.content.seiten, key=lambda p: p.reihenfolge) if p.druck]
        coordination = resolve_contact(quarter.koordination, slug, self.contacts) if quarter.koordination else None
        base = self.content.site.basis_url if self.content.site else ""
        # The stylesheet is ours, not content: inline it unescaped so the print view is one file.
        css = markupsafe.Markup((TEMPLATES / "druck" / "heft.css").read_text(encoding="utf-8"))
        context: dict[str, Any] = dict(
            **self.texte.jinja(), site=self.content.site, quarter=quarter, sections=sections, general=general,
            letters={},
            coordination=coordination, css=css, images=self.images, site_qr=markupsafe.Markup(qr_svg(base)),
            count=len(entries), stand=max([quarter.stand, *(e.stand for e in entries)]))
        # Classic index with real page numbers, each page once per word: lay the booklet out once to learn
        # where every entry landed (the index comes after all entries, so it cannot move them), then write
        # the numbers into the index.
        template = self.env.get_template("heft.html")
        pages = anchor_pages(template.render(**context))
        words = [(word, is_name, _anchor(e)) for e in entries
                 for word, is_name in [(e.name, True), *((w, False) for w in e.stichworte)]]
        words += [(g["page"].titel, True, g["id"]) for g in general]
        context["letters"] = build_index(words, pages)
        return Booklet(slug, template.render(**context), entries, qr_data)

    def _item(self, entry: Eintrag, url: str) -> dict[str, Any]:
        person = resolve_contact(entry.kontakt, entry.quartier, self.contacts) if entry.kontakt else None
        a = entry.adresse
        where = ", ".join(filter(None, [a.strasse or "", f"{a.plz or ''} {a.ort or ''}".strip()])) if a else ""
        return {"entry": entry, "id": _anchor(entry), "alter": render.age_text(entry.alter, self.texte),
                "zeiten": self._when(entry), "wo": where, "kontakt": person,
                "qr": markupsafe.Markup(qr_svg(url)), "url": url}

    def _when(self, entry: Eintrag) -> str:
        """When an entry is open or can be reached, once: opening hours with their holiday notes, else
        consulting hours, plus `zeiten`. today=None: a booklet is used for months, so it names no "next holiday"."""
        hours = _hours_line(oeffnungszeiten.tabelle(entry.oeffnungszeiten, self.kalender, None, land=False,
                                                    sprache=self.texte))
        return "; ".join(filter(None, [hours or getattr(entry, "sprechzeiten", "") or "", entry.zeiten or ""]))


def _hours_line(hours: oeffnungszeiten.Hours | None) -> str:
    """"Mo–Fr 09:00–12:00 Uhr (an Feiertagen in Nordrhein-Westfalen geschlossen)": the week and its notes."""
    if not hours or not hours.rows:
        return ""
    return hours.text + (f" ({'; '.join(hours.notes)})" if hours.notes else "")


def anchor_pages(html: str) -> dict[str, int]:
    """Lay the HTML out as the booklet and return the page number (1-based) of every element id."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=str(TEMPLATES / "druck")).render()
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:  # an element split over pages is listed on each: keep the first
            pages.setdefault(name, number)
    return pages


def _demote_headings(html: str) -> markupsafe.Markup:
    """A general page sits under its own h2 in the booklet: its ## headings become h3 and so on."""
    # Our own sanitised Markdown output: only the heading tags are renamed.
    return markupsafe.Markup(re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html))


_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def _data_uri(path: Path) -> str:
    """The image inlined, so that the print view on the website stays one file."""
    return f"data:{_MIME[path.suffix.lower()]};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _anchor(entry: Eintrag) -> str:
    return "e-" + entry.key.replace("/", "-")


def _with_print_templates(loader: Any) -> Any:
    import jinja2

    return jinja2.ChoiceLoader([loader, jinja2.FileSystemLoader(str(TEMPLATES / "druck"))])


# The print-shop edition: the same A5 pages with 3 mm bleed and crop marks; backgrounds run into the bleed.
PRINT_SHOP_CSS = "@page { bleed: 3mm; marks: crop; }"


def write_pdf(booklet: Booklet, target: Path, title: str, print_shop: bool = False) -> int:
    """Render the booklet to a tagged A5 PDF (written atomically); returns the number of pages."""
    import weasyprint

    stylesheets = [weasyprint.CSS(string=PRINT_SHOP_CSS)] if print_shop else []
    document = weasyprint.HTML(string=booklet.html, base_url=str(TEMPLATES / "druck")).render(
        stylesheets=stylesheets, pdf_variant="pdf/ua-1", pdf_tags=True)
    document.metadata.title = title
    document.metadata.lang = "de"
    tmp = target.with_suffix(".pdf.tmp")
    document.write_pdf(tmp, pdf_variant="pdf/ua-1", pdf_tags=True)
    tmp.replace(target)
    return len(document.pages)


@dataclass
class PrintResult:
    slug: str
    a5: Path
    a4: Path
    pages: int
    seconds: float
    print_shop: Path | None = None


def print_booklets(content: Content, today: date, out: Path, only: list[str] | None = None,
                   print_shop: bool = False) -> list[PrintResult]:
    from wegweiser.impose import impose_saddle_stitch

    out.mkdir(parents=True, exist_ok=True)
    results = []
    for booklet in BookletBuilder(content, today).booklets(only):
        started = time.perf_counter()
        quarter = content.quartiere[booklet.slug]
        a5 = out / f"{booklet.slug}-heft-a5.pdf"
        a4 = out / f"{booklet.slug}-druckbogen-a4.pdf"
        title = f"{content.site.titel if content.site else 'Familienwegweiser'}: {quarter.name}"
        pages = write_pdf(booklet, a5, title)
        impose_saddle_stitch(a5, a4)
        shop = None
        if print_shop:
            shop = out / f"{booklet.slug}-heft-a5-druckerei.pdf"
            write_pdf(booklet, shop, title, print_shop=True)
        # The same HTML is the print view on the website.
        view = out / f"{booklet.slug}.html"
        view.with_suffix(".html.tmp").write_text(booklet.html, encoding="utf-8")
        view.with_suffix(".html.tmp").replace(view)
        results.append(PrintResult(booklet.slug, a5, a4, pages, time.perf_counter() - started, shop))
    _remove_stale(out, list(content.quartiere))
    return results


# Every file print_booklets writes (and its temporary name while writing).
_BOOKLET_FILE = re.compile(r"[a-z0-9-]+(-heft-a5\.pdf|-druckbogen-a4\.pdf|-heft-a5-druckerei\.pdf|\.html)(\.tmp)?")


def _remove_stale(out: Path, quarters: list[str]) -> None:
    """In a booklet folder print made: remove half-written files of killed runs and the booklets of quarters
    that are gone (build publishes this folder, and their names and phone numbers are no longer meant to be)."""
    from wegweiser.output_guard import Kind, is_marked

    if not is_marked(out, Kind.PRINT):
        return
    current = {f"{q}{end}" for q in quarters
               for end in ("-heft-a5.pdf", "-druckbogen-a4.pdf", "-heft-a5-druckerei.pdf", ".html")}
    for path in out.iterdir():
        if _BOOKLET_FILE.fullmatch(path.name) and path.name not in current and path.is_file():
            path.unlink()
