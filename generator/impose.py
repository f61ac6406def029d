"""Saddle-stitch imposition: A5 pages two-up on A4 landscape sheets, in the order a folded stack reads.

Printed duplex (flip on the short edge), stacked and folded in the middle, the sheets read 1, 2, 3, …
Blank pages pad the booklet to a multiple of four; they go before the back cover, which stays last.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

A4_LANDSCAPE = (841.89, 595.28)  # points


def padded_order(pages: int) -> list[int | None]:
    """Page indices of the booklet in reading order, with ``None`` for blanks inserted before the back cover."""
    total = -(-pages // 4) * 4
    blanks = total - pages
    if pages <= 1:
        return [*range(pages), *[None] * blanks]
    return [*range(pages - 1), *[None] * blanks, pages - 1]


def sheet_sides(total: int) -> list[tuple[int, int]]:
    """For each printed side, the (left, right) positions in reading order: front of sheet s, then its back."""
    sides = []
    for sheet in range(total // 4):
        sides.append((total - 1 - 2 * sheet, 2 * sheet))  # front: outer pages
        sides.append((2 * sheet + 1, total - 2 - 2 * sheet))  # back: inner pages
    return sides


def impose_saddle_stitch(source: Path, target: Path) -> int:
    """Write the A4 print file for ``source`` (an A5 PDF); returns the number of A4 pages."""
    reader = PdfReader(source)
    order = padded_order(len(reader.pages))
    writer = PdfWriter()
    width, height = A4_LANDSCAPE
    for left, right in sheet_sides(len(order)):
        side = PageObject.create_blank_page(width=width, height=height)
        for slot, position in enumerate((left, right)):
            index = order[position]
            if index is None:
                continue
            page = reader.pages[index]
            box = page.mediabox
            # Centre each A5 page in its half of the sheet.
            dx = slot * width / 2 + (width / 2 - float(box.width)) / 2 - float(box.left)
            dy = (height - float(box.height)) / 2 - float(box.bottom)
            side.merge_transformed_page(page, Transformation().translate(dx, dy))
        writer.add_page(side)
    writer.add_metadata({"/Title": f"Druckbogen: {reader.metadata.title if reader.metadata else source.stem}"})
    tmp = target.with_suffix(".pdf.tmp")
    with tmp.open("wb") as handle:
        writer.write(handle)
    tmp.replace(target)
    return len(writer.pages)
