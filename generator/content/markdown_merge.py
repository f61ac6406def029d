"""Merging a Markdown text from the form into the text it replaces, keeping the old line breaks.

Decap's Markdown editor writes each paragraph on one line; hand-written texts wrap them. Line breaks inside an
ordinary paragraph do not change what Markdown shows (a soft break is a space), so unchanged paragraphs keep their
old text and a changed one keeps the old breaks around the words that stayed: the diff shows the changed words'
lines only. Blocks are compared by what Markdown makes of them (so Decap's ``**a**`` for ``__a__`` is no change);
lists, headings, quotes, code and hard breaks are written as the form sends them where they changed.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import markdown

_SEPARATOR = re.compile(r"(\n(?:[ \t]*\n)+)")
# A line that starts a block of its own (list item, heading, quote, code fence, table, HTML, setext underline).
_BLOCK_START = re.compile(r"[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|#|>|```|~~~|\||<|=+[ \t]*$|-+[ \t]*$)")


def _blocks(text: str) -> list[tuple[str, str]]:
    """The blocks of ``text`` (separated by blank lines), each with the separator after it."""
    parts = _SEPARATOR.split(text)
    return list(zip(parts[0::2], [*parts[1::2], ""], strict=True))


def _ordinary(block: str) -> bool:
    """A paragraph whose line breaks are soft: no line starts a block or is indented, no hard break."""
    lines = block.rstrip("\n").split("\n")
    return all(line and not line[0].isspace() and not _BLOCK_START.match(line) and not line.endswith(("  ", "\\"))
               for line in lines)


_RENDERER = markdown.Markdown()


def _key(block: str) -> str:
    """What a block shows: its HTML, white space collapsed outside code (``__a__`` and ``**a**`` are the same, as
    are a line break and a space within a paragraph; Decap's editor writes the one for the other)."""
    html = _RENDERER.reset().convert(block)
    return html if "<pre" in html or "<code" in html else " ".join(html.split())


def same_markdown(a: str, b: str) -> bool:
    """Whether two Markdown texts show the same (line breaks within ordinary paragraphs and trailing blank lines
    aside)."""
    return [_key(x) for x, _ in _blocks(a.strip("\n")) if x.strip()] == \
        [_key(x) for x, _ in _blocks(b.strip("\n")) if x.strip()]


def _rewrap(old: str, new: str) -> str:
    """``new``'s words with ``old``'s line breaks where the words around them stayed."""
    old_words: list[tuple[str, bool]] = []  # (word, starts a line)
    for line in old.rstrip("\n").split("\n"):
        old_words += [(word, index == 0) for index, word in enumerate(line.split())]
    new_words = new.split()
    starts: set[int] = set()
    matcher = SequenceMatcher(None, [w for w, _ in old_words], new_words, autojunk=False)
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            starts |= {j1 + k for k in range(i2 - i1) if old_words[i1 + k][1]}
    lines: list[list[str]] = [[]]
    for index, word in enumerate(new_words):
        if index in starts and lines[-1]:
            lines.append([])
        lines[-1].append(word)
    tail = new[len(new.rstrip()):]
    return "\n".join(" ".join(line) for line in lines) + tail


def merge_markdown(old: str, new: str) -> str:
    """``new`` written with ``old``'s layout where it shows the same; ``same_markdown(result, new)`` holds."""
    if same_markdown(old, new):
        return old
    before, after = _blocks(old), _blocks(new)
    out: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, [_key(b) for b, _ in before], [_key(b) for b, _ in after], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += before[i1:i2]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for (old_block, _), (new_block, separator) in zip(before[i1:i2], after[j1:j2], strict=True):
                both = _ordinary(old_block) and _ordinary(new_block)
                out.append((_rewrap(old_block, new_block) if both else new_block, separator))
        else:
            out += after[j1:j2]
    merged = "".join(block + (separator or "\n\n") for block, separator in out)
    # the end of the text as the file has it: Decap's editor drops the final line break, which shows nothing
    merged = merged.rstrip("\n") + old[len(old.rstrip("\n")):]
    return merged if same_markdown(merged, new) else new
