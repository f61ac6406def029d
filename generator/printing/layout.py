"""A booklet's WeasyPrint layouts: the draft's, which finds the page of every entry for the index, and the finished
booklet's, which keeps every page of the draft's before its last part.

The last part (``heft.html``: "Mein Kind", the A–Z index, the back cover) begins a page (``.mein-kind { break-before:
page }``), and only the index differs between the draft (its index empty) and the finished booklet. So no page before
the last part changes: those pages of the draft's layout are the finished booklet's, and only the last part is laid
out again, as a document of its own that continues the draft's page numbers and sides. That saves most of a layout
per booklet. The table of contents before it names pages in the last part; each element id laid out again must land
on the page the draft's layout gave it, or the booklet is laid out whole, as it is where the last part does not begin
a page (a site's own ``heft.html``).

WeasyPrint is pinned exactly (pyproject.toml): a page's box tree and side are read from its ``Page`` objects;
tests/test_heft_layout.py and the print tests compare the pages with WeasyPrint's own whole layout."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    import weasyprint

AGAIN_FROM = "mein-kind"  # the id of the booklet's last part (heft.html), which holds the index
_FORCED_BREAKS = {"page", "left", "right", "recto", "verso"}
# What a PDF/UA booklet is laid out with; the layout that is written must have been made with the same options.
_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


@dataclass
class FirstLayout:
    """The draft laid out: the page of every element id, and the page its last part begins on after a forced break
    (``None`` where it does not, or there is none)."""

    document: weasyprint.Document
    anchors: dict[str, int]  # element id -> page number (1-based)
    again_from: int | None


def lay_out_draft(html: str, base_url: Path) -> FirstLayout:
    document = _html(html, base_url).render(**_OPTIONS)
    anchors = _anchors(document.pages)
    page = anchors.get(AGAIN_FROM)
    begins = page is not None and _begins_page(document.pages[page - 1], AGAIN_FROM)
    return FirstLayout(document, anchors, page if begins else None)


def lay_out_booklet(html: str, base_url: Path, first: FirstLayout | None = None,
                    stylesheets: Sequence[str] = ()) -> weasyprint.Document:
    """The finished booklet laid out: the pages before its last part from ``first`` (the draft's layout, made with
    no ``stylesheets``), the last part laid out here."""
    import weasyprint

    def whole() -> weasyprint.Document:
        sheets = [weasyprint.CSS(string=sheet) for sheet in stylesheets]
        return _html(html, base_url).render(stylesheets=sheets, **_OPTIONS)

    if first is None or first.again_from is None or stylesheets:
        return whole()
    page = first.again_from
    side = first.document.pages[page - 1]._page_box.page_type.side  # as the whole layout gives that page
    rest = _html(html, base_url)
    if not _keep_from(rest.etree_element, AGAIN_FROM):  # not the draft's template after all
        return whole()
    # The page counter goes on from the draft's; a counter set on a page is not also incremented there.
    go_on = weasyprint.CSS(string=f"html {{ break-before: {side}; }} @page :first {{ counter-reset: page {page}; }}")
    last_part = rest.render(stylesheets=[go_on], font_config=first.document.font_config, **_OPTIONS)
    if any(first.anchors.get(name, page + number - 1) != page + number - 1
           for name, number in _anchors(last_part.pages).items()):
        return whole()  # an id moved: the table of contents would name the draft's page for it
    return first.document.copy([*first.document.pages[:page - 1], *last_part.pages])


def _html(html: str, base_url: Path) -> weasyprint.HTML:
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(base_url))


def _anchors(pages: Sequence[weasyprint.Page]) -> dict[str, int]:
    """The page (1-based) of every element id; an element split over pages is listed on each: the first counts."""
    anchors: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for name in page.anchors:
            anchors.setdefault(name, number)
    return anchors


def _begins_page(page: weasyprint.Page, element_id: str) -> bool:
    """Whether the element ``element_id`` is on ``page`` after a forced break, so that nothing before it changes
    where it begins."""
    for box in page._page_box.descendants():
        element = getattr(box, "element", None)
        if element is not None and element.get("id") == element_id:
            return box.style["break_before"] in _FORCED_BREAKS
    return False


def _keep_from(root: Element, element_id: str) -> bool:
    """Cut the parsed document down to the element ``element_id`` and what follows it (the head stays). Each
    element around it continues from an earlier page, so it starts there without its top margin, padding and
    border (as WeasyPrint slices a box at a page break). WeasyPrint's wrapper reads the tree only when it renders."""
    path = _path_to(root, element_id)
    if path is None:
        return False
    for parent, child in itertools.pairwise(path):
        parent.text = None  # text before its first child
        for sibling in list(parent)[:list(parent).index(child)]:
            if sibling.tag != "head":
                parent.remove(sibling)  # with its tail, the text after it
        parent.set("style", f"{parent.get('style') or ''};margin-top:0;padding-top:0;border-top-width:0")
    return True


def _path_to(root: Element, element_id: str) -> list[Element] | None:
    if root.get("id") == element_id:
        return [root]
    for child in root:
        if isinstance(child.tag, str) and (path := _path_to(child, element_id)):
            return [root, *path]
    return None
