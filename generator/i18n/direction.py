"""Right-to-left text: numbers that must keep their order (times, ranges, phone numbers) inside Arabic text.

In a right-to-left paragraph the Unicode bidi algorithm lays out "09:30–11:30" as "11:30–09:30" and "0–3 Jahre" as
"3–0": the dash and the spaces between two numbers take the paragraph's direction. Each such run of numbers is
isolated left to right (``<bdi dir="ltr" class="ww-nummer">``, kept on one line), on right-to-left pages only;
the same text on left-to-right pages is left unchanged. ``templates/assets/wegweiser.js`` (the Merkliste) and
``suche.js`` (the results) do the same in the browser (``NUMMERN``).
"""

from __future__ import annotations

import re

import jinja2
import markupsafe

from wegweiser.i18n.formats import anfuehrungszeichen

# Two or more numbers joined by a dash, slash, colon, dot or spaces: "09:30–11:30", "0–3", "030 23125-100".
NUMMERN = re.compile(r"\d+(?:[.:,]\d+)*(?:(?:[ \u00a0]*[–\-/][ \u00a0]*|[ \u00a0]+)\d+(?:[.:,]\d+)*)+")


def zahlen_ltr(text: str | markupsafe.Markup) -> markupsafe.Markup:
    """``text`` (escaped unless it is Markup already) with each run of several numbers in ``<bdi dir="ltr">``."""
    html = str(markupsafe.escape(text))
    return markupsafe.Markup(NUMMERN.sub(lambda m: f'<bdi dir="ltr" class="ww-nummer">{m.group(0)}</bdi>', html))


@jinja2.pass_context
def ltr_filter(context: jinja2.runtime.Context, text: str | markupsafe.Markup | None) -> markupsafe.Markup | str:
    """``{{ value | ltr }}``: isolates runs of numbers on right-to-left pages (the page's ``texte`` says which)."""
    if not text:
        return ""
    words = context.get("texte")
    if words is None or not words.sprache.rtl:
        return markupsafe.escape(text)
    return zahlen_ltr(text)


@jinja2.pass_context
def quote_filter(context: jinja2.runtime.Context, text: str | markupsafe.Markup | None) -> markupsafe.Markup | str:
    """``{{ name | quote }}``: ``name`` in the quotation marks of the page's language („…“, “…”, «…»). On
    right-to-left pages the quoted text is isolated (``<bdi>``): a German name and its own „…“ keep their order
    and cannot turn the page's marks around."""
    if not text:
        return ""
    words = context.get("texte")
    start, end = anfuehrungszeichen(words.locale if words is not None else "de")
    inner = markupsafe.escape(text)
    if words is not None and words.sprache.rtl:
        inner = markupsafe.Markup("<bdi>{}</bdi>").format(inner)
    return markupsafe.escape(start) + inner + markupsafe.escape(end)
