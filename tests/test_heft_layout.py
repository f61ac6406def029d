"""Issue 31: the finished booklet keeps the draft's layout up to its last part, which holds the index
(wegweiser.printing.layout). Its pages must be exactly what a whole layout of its HTML gives: page numbers, left and
right pages, the running head, the margins of the boxes around the last part, and the table of contents' numbers;
a booklet whose last part does not begin a page is laid out whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wegweiser.printing.layout import AGAIN_FROM, lay_out_booklet, lay_out_draft

from conftest import differing_pages

# Left and right pages differ (margins, the head on the outer side), the page number is in the footer, the last part
# sits in a box with a top margin and a border, and the index's lines are what the draft leaves empty. The contents
# name pages of the last part: the index's, and that of a section after it, which a longer index moves.
CSS = """
@page { size: A6; margin: 10mm; @bottom-center { content: counter(page); } }
@page :left { margin-left: 16mm; @top-left { content: string(head); } }
@page :right { margin-right: 16mm; @top-right { content: string(head); } }
h1 { string-set: head content(); }
.toc a::after { content: " " target-counter(attr(href), page); }
.main { margin-top: 9mm; padding-top: 3mm; border-top: 2px solid #000; }
#last { break-before: page; }
#register { margin-top: 5mm; }
#register ul { columns: 2; }
"""


def _html(lines: int, paragraphs: int, direction: str = "ltr", forced: bool = True, after: bool = False) -> str:
    body = "".join(f"<p>Absatz {n}: {'Wort ' * (n % 17 + 5)}</p>" for n in range(paragraphs))
    words = "".join(f"<li>Stichwort {n} <a href='#p'>{n % 9 + 2}</a></li>" for n in range(lines))
    css = CSS.replace("#last", f"#{AGAIN_FROM}") if forced else CSS
    toc = "<li><a href='#register'>Register</a></li>" + ("<li><a href='#hinten'>Hinten</a></li>" if after else "")
    return (f"<!DOCTYPE html><html lang='de' dir='{direction}'><head><style>{css}</style></head><body>"
            f"<h1>Anfang</h1><ul class='toc'>{toc}</ul><div class='main'><h1 id='p'>Teil</h1>{body}"
            f"<section id='{AGAIN_FROM}'><h1>Zuletzt</h1><p>Eine Tabelle, die Fristen.</p></section>"
            f"<section id='register'><h1>Register</h1><ul>{words}</ul></section></div>"
            + ("<section id='hinten'><h1>Hinten</h1></section>" if after else "")
            + "<section><h1>Rückseite</h1><p>Impressum</p></section></body></html>")


def _same_as_whole(tmp_path: Path, draft: str, finished: str) -> tuple[int, int]:
    """Lays the draft out, then the finished HTML with it, and whole; both must draw the same pages. The number of
    pages of each."""
    first = lay_out_draft(draft, tmp_path)
    lay_out_booklet(finished, tmp_path, first).write_pdf(tmp_path / "kept.pdf")
    whole = lay_out_booklet(finished, tmp_path)
    whole.write_pdf(tmp_path / "whole.pdf")
    assert differing_pages(tmp_path / "kept.pdf", tmp_path / "whole.pdf", dpi=60) == []
    return len(first.document.pages), len(whole.pages)


@pytest.mark.parametrize(("paragraphs", "direction"), [(40, "ltr"), (41, "ltr"), (52, "rtl"), (40, "rtl")])
def test_the_finished_pages_are_those_of_a_whole_layout(tmp_path: Path, paragraphs: int, direction: str) -> None:
    first = lay_out_draft(_html(0, paragraphs, direction), tmp_path)
    assert first.again_from is not None and first.again_from > 2
    drafted, finished = _same_as_whole(tmp_path, _html(0, paragraphs, direction), _html(60, paragraphs, direction))
    assert finished > drafted  # the index filled pages of its own


def test_a_section_the_index_moves_is_named_with_its_page(tmp_path: Path) -> None:
    """The contents name the page of a section after the index; a long index moves it, and the booklet is laid out
    whole rather than keep the draft's contents page."""
    _same_as_whole(tmp_path, _html(0, 40, after=True), _html(120, 40, after=True))


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    import weasyprint

    laid_out: list[int] = []
    render = weasyprint.HTML.render

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        document = render(self, *args, **kwargs)
        laid_out.append(len(document.pages))
        return document

    monkeypatch.setattr(weasyprint.HTML, "render", counting)
    return laid_out


def test_only_the_last_part_is_laid_out_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    laid_out = _counted(monkeypatch)
    first = lay_out_draft(_html(0, 40), tmp_path)
    finished = lay_out_booklet(_html(60, 40), tmp_path, first)
    assert first.again_from is not None
    assert laid_out == [len(first.document.pages), len(finished.pages) - (first.again_from - 1)]


def test_a_last_part_that_does_not_begin_a_page_is_laid_out_whole(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    first = lay_out_draft(_html(0, 40, forced=False), tmp_path)
    assert first.again_from is None and AGAIN_FROM in first.anchors
    laid_out = _counted(monkeypatch)
    finished = lay_out_booklet(_html(60, 40, forced=False), tmp_path, first)
    assert laid_out == [len(finished.pages)]
    _same_as_whole(tmp_path, _html(0, 40, forced=False), _html(60, 40, forced=False))
