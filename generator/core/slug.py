"""The one slug function: German-aware, so „Südstraße“ becomes ``suedstrasse``."""

from __future__ import annotations

import re
import unicodedata

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "Ss"})


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens; umlauts are spelled out, other accents dropped."""
    text = unicodedata.normalize("NFC", text).translate(_GERMAN)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
