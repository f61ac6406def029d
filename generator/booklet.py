"""Print: an A5 booklet per quarter, rendered from Jinja2 templates with WeasyPrint.

The same HTML is published on the website as a print view; WeasyPrint turns it into a tagged PDF
(PDF/UA-1) with outline, real page numbers in the table of contents and the A–Z index.
"""

from __future__ import annotations

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
from wegweiser.model import ENTRY_TYPES, Eintrag, Quartier
from wegweiser.site_pages import TEMPLATES, Published, environment
from wegweiser.validate import contact_index, resolve_contact

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
    """One line of the A–Z index: a word and every entry it leads to (names and stichworte alike)."""

    word: str
    targets: list[tuple[str, str]]  # (element id, entry name)
    is_name: bool  # the word is an entry's own name


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
        self.contacts = contact_index(content)
        self.kalender = feiertage.kalender(content.site.bundesland if content.site else None)

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
        # Classic index: one line per word with all its page numbers, so that a stichwort shared by
        # many entries costs one line, not one per entry.
        lines: dict[str, IndexLine] = {}
        for e in entries:
            for word, is_name in [(e.name, True), *((w, False) for w in e.stichworte)]:
                line = lines.setdefault(word.casefold(), IndexLine(word, [], is_name))
                line.is_name = line.is_name or is_name
                if (_anchor(e), e.name) not in line.targets:
                    line.targets.append((_anchor(e), e.name))
        index = sorted(lines.values(), key=lambda line: _sort_key(line.word))
        letters: dict[str, list[IndexLine]] = {}
        for line in index:
            letter = _sort_key(line.word)[:1].upper()
            letters.setdefault(letter if letter.isalpha() else "#", []).append(line)
        numbers = [p for p in self.content.seiten if p.druck]
        coordination = resolve_contact(quarter.koordination, slug, self.contacts) if quarter.koordination else None
        # The stylesheet is ours, not content: inline it unescaped so the print view is one file.
        css = markupsafe.Markup((TEMPLATES / "druck" / "heft.css").read_text(encoding="utf-8"))
        html = self.env.get_template("heft.html").render(
            site=self.content.site, quarter=quarter, sections=sections, letters=letters, numbers=numbers,
            coordination=coordination, css=css,
            count=len(entries), stand=max([quarter.stand, *(e.stand for e in entries)]))
        return Booklet(slug, html, entries, qr_data)

    def _item(self, entry: Eintrag, url: str) -> dict[str, Any]:
        # today=None: a booklet is used for months, so it names no "next holiday"
        hours = oeffnungszeiten.tabelle(entry.oeffnungszeiten, self.kalender, None)
        return {"entry": entry, "id": _anchor(entry), "alter": render.age_text(entry.alter),
                "zeiten": "; ".join(filter(None, [_hours_line(hours), entry.zeiten or ""])),
                "qr": markupsafe.Markup(qr_svg(url)), "url": url}


def _hours_line(hours: oeffnungszeiten.Hours | None) -> str:
    """"Mo–Fr 09:00–12:00 Uhr (an Feiertagen in Nordrhein-Westfalen geschlossen)": the week and its notes."""
    if not hours or not hours.rows:
        return ""
    return hours.text + (f" ({'; '.join(hours.notes)})" if hours.notes else "")


def _anchor(entry: Eintrag) -> str:
    return "e-" + entry.key.replace("/", "-")


def _with_print_templates(loader: Any) -> Any:
    import jinja2

    return jinja2.ChoiceLoader([loader, jinja2.FileSystemLoader(str(TEMPLATES / "druck"))])


def write_pdf(booklet: Booklet, target: Path, title: str) -> int:
    """Render the booklet to a tagged A5 PDF (written atomically); returns the number of pages."""
    import weasyprint

    document = weasyprint.HTML(string=booklet.html, base_url=str(TEMPLATES / "druck")).render(
        pdf_variant="pdf/ua-1", pdf_tags=True)
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


def print_booklets(content: Content, today: date, out: Path, only: list[str] | None = None) -> list[PrintResult]:
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
        # The same HTML is the print view on the website.
        view = out / f"{booklet.slug}.html"
        view.with_suffix(".html.tmp").write_text(booklet.html, encoding="utf-8")
        view.with_suffix(".html.tmp").replace(view)
        results.append(PrintResult(booklet.slug, a5, a4, pages, time.perf_counter() - started))
    return results


