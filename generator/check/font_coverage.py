"""Which characters the printed booklets can draw, and where printed text has one they cannot.

WeasyPrint lays text out with Pango, and Pango takes every character from the first font fontconfig offers that has
it: the booklet asks for DejaVu Sans, anything else falls back to any installed font (Noto Sans Arabic, Noto Sans CJK,
Noto Color Emoji …). A character no installed font has is printed as an empty box (the font's .notdef glyph). So the
union of what fontconfig says the installed fonts cover is what a booklet can draw; it comes from fontconfig's cache
in milliseconds. ``check`` warns and ``print`` refuses where text the booklet prints has another character, at its
file and line, with the Debian package that brings a font for it (``booklet.write_pdf`` guards the rest: templates
and catalogue texts).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import unicodedata
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

from wegweiser.content.contacts import contact_index, resolve_contact
from wegweiser.content.records import Content
from wegweiser.core.problems import Loc, Problems
from wegweiser.model.entries import Eintrag, Termin

# The fields the booklet prints (templates/druck/heft.html, booklet.BookletBuilder), by kind of object; for a page
# "text" is its body (``beschreibung`` in a translation). tests/test_druck_sprachen.py compares them with the text of
# rendered booklets.
GEDRUCKT: dict[str, tuple[str, ...]] = {
    "eintrag": ("name", "kurz", "zeiten", "sprechzeiten", "kosten", "telefon", "email", "funktion", "stichworte"),
    # a Termin's own, in the booklet's Termine section (print --termine-bis; checked always: any print may ask for it)
    "termin": ("anmeldung", "mitbringen", "ermaessigung", "buchung"),
    "adresse": ("strasse", "plz", "ort"),
    "quartier": ("name", "ort", "beschreibung"),
    "kategorie": ("name",),
    "seite": ("titel", "text", "beschreibung"),
    "site": ("titel", "region", "willkommen", "basis_url"),
    "impressum": ("herausgeber", "adresse", "email", "telefon"),
}
# Characters Pango draws without a glyph, Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): soft
# hyphen, joiners, bidi marks, variation selectors, Hangul fillers, tags. Other format characters (U+0890, U+13430 …)
# need a font like any letter.
_IGNORABLE_RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
                     (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
                     (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
                     (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
# Line ends, and the line separators the booklet prints as spaces (booklet.LINE_SEPARATORS).
_BLANK = frozenset("\t\n\r \x85\u2028\u2029")
_SHOWN = 5  # characters named in one message


class _FontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


class Abdeckung:
    """The characters the installed fonts have: the union of every scalable font's charset in fontconfig."""

    def __init__(self, library: str) -> None:
        fc = ctypes.CDLL(library)
        fc.FcInit.restype = ctypes.c_int
        fc.FcConfigGetFonts.argtypes = [ctypes.c_void_p, ctypes.c_int]
        fc.FcConfigGetFonts.restype = ctypes.POINTER(_FontSet)
        fc.FcPatternGetCharSet.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                           ctypes.POINTER(ctypes.c_void_p)]
        fc.FcPatternGetBool.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
        fc.FcCharSetCreate.restype = ctypes.c_void_p
        fc.FcCharSetMerge.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        fc.FcCharSetHasChar.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
        if not fc.FcInit():
            raise OSError("FcInit failed")
        self._fc = fc
        self._union = ctypes.c_void_p(fc.FcCharSetCreate())
        self._known: set[str] = set()
        for set_name in (0, 1):  # FcSetSystem, FcSetApplication
            fonts = fc.FcConfigGetFonts(None, set_name)
            if not fonts:
                continue
            for index in range(fonts.contents.nfont):
                pattern = fonts.contents.fonts[index]
                scalable, charset = ctypes.c_int(1), ctypes.c_void_p()
                fc.FcPatternGetBool(pattern, b"scalable", 0, ctypes.byref(scalable))
                # Pango lays out with scalable fonts only (no bitmap fonts since Pango 1.44; colour emoji count).
                if scalable.value and fc.FcPatternGetCharSet(pattern, b"charset", 0, ctypes.byref(charset)) == 0:
                    fc.FcCharSetMerge(self._union, charset, None)

    def fehlende(self, text: str) -> list[str]:
        """The characters of ``text`` no font has, in the order they first occur."""
        candidates = set(text) - self._known
        if not candidates:
            return []
        missing = set()
        for char in candidates:
            if _ignorable(char) or self._fc.FcCharSetHasChar(self._union, ord(char)):
                self._known.add(char)
            else:
                missing.add(char)
        return sorted(missing, key=text.index)


def _ignorable(char: str) -> bool:
    code = ord(char)
    return char in _BLANK or any(low <= code <= high for low, high in _IGNORABLE_RANGES)


@cache
def abdeckung() -> Abdeckung | None:
    """The installed fonts' coverage (None without fontconfig: then WeasyPrint cannot print either)."""
    library = ctypes.util.find_library("fontconfig")
    if library is None:
        return None
    try:
        return Abdeckung(library)
    except (OSError, AttributeError):
        return None


# --- what the booklets print, and where it stands ---------------------------------------------------

Text = tuple[str, list[str], Loc]  # field name, its text (a list's items), where the field stands


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _fields(obj: object, art: str, locs: dict[str, Loc], fallback: Loc) -> Iterator[Text]:
    for name in GEDRUCKT[art]:
        texts = _texts(getattr(obj, name, None))
        if texts:
            yield name, texts, locs.get(name, fallback)


def gedruckte_texte(content: Content, today: date) -> Iterator[Text]:
    """Every text value a booklet prints, in any language, with the location of its field."""
    from wegweiser.render.page_builder import quarters_of

    site = content.site
    if site is not None:
        yield from _fields(site, "site", site.locs, Loc(site.source))
        yield from _fields(site.impressum, "impressum", {}, site.locs.get("impressum", Loc(site.source)))
    for quarter in content.quartiere.values():
        yield from _fields(quarter, "quartier", quarter.locs, Loc(quarter.source))
    for kategorie in content.kategorien.values():
        yield from _fields(kategorie, "kategorie", kategorie.locs, Loc("content/kategorien.yaml"))
    printed_pages = {page.slug for page in content.seiten if page.druck}
    for page in content.seiten:
        if page.slug in printed_pages:
            yield from _fields(page, "seite", {**page.locs, "text": Loc(page.source, page.body_line)},
                               Loc(page.source))
    # What Published.select puts into the booklets, also where content with errors has entries of a quarter that
    # did not load (check reports those; nothing here may fail on them).
    in_booklets = [entry for entry in content.eintraege if (not entry.gueltig_bis or entry.gueltig_bis >= today)
                   and any(quarter in content.quartiere for quarter in quarters_of(entry, content))]
    entries = _printed_entries(content, in_booklets)
    for entry in entries.values():
        yield from _fields(entry, "eintrag", entry.locs, Loc(entry.source))
        if isinstance(entry, Termin):
            yield from _fields(entry, "termin", entry.locs, Loc(entry.source))
        if entry.adresse is not None:
            yield from _fields(entry.adresse, "adresse", {}, entry.locs.get("adresse", Loc(entry.source)))
    for (art, key, _code), translation in content.uebersetzungen.items():
        if (art == "eintrag" and key in entries) or (art == "seite" and key in printed_pages) \
                or art in ("site", "quartier", "kategorie"):
            fallback = Loc(translation.source)
            printed = GEDRUCKT[art] + (GEDRUCKT["termin"] if art == "eintrag" and isinstance(entries[key], Termin)
                                       else ())
            for name, value in translation.texte.items():
                if name in printed and (texts := _texts(value)):
                    yield name, texts, translation.locs.get(name, fallback)


def _printed_entries(content: Content, published: list[Eintrag]) -> dict[str, Eintrag]:
    """The entries of the booklets and the contacts they and the quarters name (printed with them), by key."""
    contacts = contact_index(content)
    found = {entry.key: entry for entry in published}
    references = [(e.kontakt, e.quartier) for e in published if e.kontakt]
    references += [(q.koordination, slug) for slug, q in content.quartiere.items() if q.koordination]
    for slug, quarter in references:
        person = resolve_contact(slug, quarter, contacts)
        if person is not None:
            found.setdefault(person.key, person)
    return found


# --- the check ------------------------------------------------------------------------------------

def pruefen(content: Content, today: date, problems: Problems, fehler: bool = False) -> int:
    """Report every printed text that has characters no installed font has: warnings for ``check`` (the website
    shows them with the reader's fonts), errors for ``print`` (``fehler``). Returns how many were reported."""
    add = problems.error if fehler else problems.warning
    coverage = abdeckung()
    if coverage is None:
        add(Loc("content/"), "Ob die Hefte jedes Zeichen drucken können, lässt sich nicht prüfen: die Bibliothek "
            "fontconfig fehlt.", "Installieren Sie libfontconfig1 (Debian; kommt mit libpango-1.0-0).")
        return 1
    sources = _Sources(content.root)
    count = 0
    for name, texts, loc in gedruckte_texte(content, today):
        for text in texts:
            missing = coverage.fehlende(text)
            if missing:
                where = "Text unter dem Front Matter" if name == "text" else f"Feld „{name}“"
                hints = dict.fromkeys(_hint(char) for char in missing)  # each kind of character once, in order
                add(sources.locate(loc, missing[0]), f"{where}: {_message(missing)}", " ".join(hints))
                count += 1
    return count


def _shown(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"„{char}“ (U+{ord(char):04X}{', ' + name if name else ''})"


def _message(missing: list[str]) -> str:
    listed = ", ".join(_shown(c) for c in missing[:_SHOWN]) + (" …" if len(missing) > _SHOWN else "")
    which = f"das Zeichen {listed}" if len(missing) == 1 else f"die Zeichen {listed}"
    return (f"Keine Schrift auf diesem Rechner enthält {which}: im gedruckten Heft stünde dort ein leeres "
            "Kästchen.")


def _hint(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Co":
        return ("Das Zeichen stammt aus einer Symbolschrift (etwa Wingdings aus Word) und ist ohne sie unlesbar; "
                "ersetzen Sie es, z. B. durch „•“ oder „–“.")
    if category == "Cn":
        return ("Das Zeichen ist neuer als die Schriften auf diesem Rechner oder gar kein Zeichen; ersetzen Sie es "
                "oder installieren Sie neuere Schriften.")
    if _emoji(char):
        return "Installieren Sie eine Emoji-Schrift (Debian: fonts-noto-color-emoji) oder lassen Sie das Zeichen weg."
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return "Installieren Sie eine Schrift für Chinesisch, Japanisch und Koreanisch (Debian: fonts-noto-cjk)."
    return ("Installieren Sie eine Schrift, die es enthält (Debian: fonts-noto-core, für seltene Schriften "
            "fonts-noto-extra), oder ersetzen Sie das Zeichen.")


def _emoji(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char) in ("So", "Sk") and (0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF)


class _Sources:
    """Finds a character in its file: a field's location is where its value starts; the character may stand lines
    further down (Markdown, block text) or in a part of it (an address's street)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lines: dict[str, list[str] | None] = {}

    def locate(self, loc: Loc, char: str) -> Loc:
        lines = self._read(loc.path)
        for number in range(max(loc.line, 1), len(lines or []) + 1):
            column = (lines or [])[number - 1].find(char)
            if column >= 0:
                return Loc(loc.path, number, column + 1)
        return loc  # written as an escape ("\U0001F600"): the field's own place

    def _read(self, shown: str) -> list[str] | None:
        if shown not in self._lines:
            from wegweiser.model.located_yaml import LoadError, read_text

            try:
                self._lines[shown] = read_text(self.root / shown, shown).split("\n")
            except (OSError, LoadError):
                self._lines[shown] = None
        return self._lines[shown]
