"""Icons for types and topics, from the icon sets Material for MkDocs ships (``material/.icons/``).

Each icon is read once, parsed as XML and rebuilt from its ``viewBox`` and path data only, so nothing but a
shape reaches the page (no script, no style, no link); the SVG is inlined at build time, nothing is loaded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import markupsafe

from wegweiser.model.entries import ENTRY_TYPES

# Icon per entry type and per topic slug (the demo's and common ones); other topics get TOPIC_DEFAULT.
# The icon of a general page (an entry type's: ``EntryKind.icon``).
PAGE_ICON = "material/information-outline"
# The first keyword found in a topic's slug picks its icon.
TOPIC_ICONS = [
    ("frueh", "material/baby-carriage"), ("baby", "material/baby-carriage"), ("sprach", "material/translate"),
    ("sport", "material/run"), ("bewegung", "material/run"), ("beratung", "material/chat-outline"),
    ("betreuung", "material/teddy-bear"), ("kita", "material/teddy-bear"), ("freizeit", "material/palette"),
    ("kultur", "material/palette"), ("eltern", "material/human-male-female-child"), ("gesund", "material/heart-pulse"),
    ("schule", "material/school"), ("lernen", "material/book-open-variant"), ("treff", "material/coffee"),
    ("geld", "material/currency-eur"),
]
TOPIC_DEFAULT = "material/tag-outline"
# Icons that point in the reading direction: mirrored on right-to-left pages (``.ww-icon--richtung`` in the CSS).
IN_LESERICHTUNG = re.compile(r"^material/(run|.*arrow-(left|right).*|chevron-(left|right).*)$")

_PATH_DATA = re.compile(r"^[0-9MmLlHhVvCcSsQqTtAaZzEe.,+\-\s]*$")
_VIEWBOX = re.compile(r"^[0-9.\-\s]+$")
_SVG = "{http://www.w3.org/2000/svg}"


def icon_folder() -> Path:
    import material

    return Path(material.__file__).resolve().parent / "templates" / ".icons"


@cache
def svg(name: str) -> markupsafe.Markup:
    """The icon ``set/name`` as inline, decorative SVG (hidden from screen readers: text says the same)."""
    root = ET.fromstring((icon_folder() / f"{name}.svg").read_bytes())
    view_box = root.get("viewBox", "0 0 24 24")
    paths = [p.get("d", "") for p in root.iter(f"{_SVG}path")]
    if not _VIEWBOX.match(view_box) or not paths or not all(_PATH_DATA.match(d) for d in paths):
        raise ValueError(f"Symbol {name} enthält mehr als Pfade")
    body = "".join(f'<path d="{markupsafe.escape(d)}"/>' for d in paths)
    mirrored = " ww-icon--richtung" if IN_LESERICHTUNG.match(name) else ""
    return markupsafe.Markup(f'<svg class="ww-icon{mirrored}" viewBox="{markupsafe.escape(view_box)}" width="20" '
                             f'height="20" aria-hidden="true" '
                             f'focusable="false">{body}</svg>')


def type_icon(typ: str) -> markupsafe.Markup:
    """An entry type's icon, a general page's ("seite"), else the topics' default."""
    cls = ENTRY_TYPES.get(typ)
    return svg(cls.kind.icon if cls else PAGE_ICON if typ == "seite" else TOPIC_DEFAULT)


def topic_icon(slug: str) -> markupsafe.Markup:
    return svg(next((icon for key, icon in TOPIC_ICONS if key in slug), TOPIC_DEFAULT))
