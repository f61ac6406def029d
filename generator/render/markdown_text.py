"""Text that editors write, made safe for pages and booklets: Markdown (Python-Markdown, then nh3) and plain
multi-line fields (addresses, times) with their line breaks."""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import markupsafe
import nh3

from wegweiser.model.fields import ALLOWED_SCHEMES, without_bidi_controls

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr", "small",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


# One parser, reset per text: building a Markdown instance per call was a third of page generation.
_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


_HARD_BREAK = re.compile(r"\\\r?\n")


@lru_cache(maxsize=4096)
def markdown_html(text: str) -> str:
    """Markdown → HTML that cannot run code: sanitised with nh3 (ammonia) after rendering.

    ``wegweiser check`` already rejects scripts and foreign link schemes; this is the second wall.
    """
    # A line ending in a backslash keeps its line break (as in CommonMark): addresses, phone and e-mail lines.
    # Bidirectional controls could show a link or name reversed; check warns of them, the page drops them.
    # Character references ("&#x202E;") become the characters only now: they are dropped from the result as well.
    html = _MARKDOWN.reset().convert(_HARD_BREAK.sub("  \n", without_bidi_controls(text)))
    return without_bidi_controls(nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                                           url_schemes=set(ALLOWED_SCHEMES), link_rel="noopener"))


def lines_html(text: str | None) -> markupsafe.Markup:
    """A plain multi-line field (address, times, registration) escaped, its line breaks kept as <br>."""
    return markupsafe.Markup("<br>\n").join(markupsafe.escape(line) for line in (text or "").strip().splitlines())
