"""Bidirectional controls (issue 24, "trojan source"): U+202A–U+202E and U+2066–U+2069 reorder what is shown, so
"\u202eexe.live" reads as "evil.exe". In names, links and other short texts they are a located error; in long
(Markdown) texts a warning, and the page and booklet show the text without them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from wegweiser.check.validate import load_and_validate

from conftest import TODAY

CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
ENTRY = "quartiere/testviertel/angebote/neu.yaml"
TRANSLATION = "quartiere/testviertel/angebote/elterncafe.en.yaml"

# (file, text before the value, text after it, line of the value): one place for each kind of short text.
SHORT = {
    "name": (ENTRY, "name: Café ", "\nstand: 2026-10-01\n", 1),
    "kurz": (ENTRY, "name: Café\nkurz: Ein Satz ", "\nstand: 2026-10-01\n", 2),
    "kosten": (ENTRY, "name: Café\nstand: 2026-10-01\nkosten: 1 ", " Euro\n", 3),
    "anmeldung (in Anführungszeichen)": (ENTRY, "name: Café\nstand: 2026-10-01\nanmeldung: \"Ohne ", "\"\n", 3),
    "stichworte": (ENTRY, "name: Café\nstand: 2026-10-01\nstichworte: [Frühstück, Baby", "]\n", 3),
    "strasse": (ENTRY, "name: Café\nstand: 2026-10-01\nadresse:\n  strasse: Teststraße ", " 1\n", 4),
    "web": (ENTRY, "name: Café\nstand: 2026-10-01\nweb: https://example.org/", "exe\n", 3),
    "email": (ENTRY, "name: Café\nstand: 2026-10-01\nemail: info", "@example.org\n", 3),
    "telefon": (ENTRY, "name: Café\nstand: 2026-10-01\ntelefon: 030 ", "1234\n", 3),
    "oeffnungszeiten": (ENTRY, "name: Café\nstand: 2026-10-01\noeffnungszeiten: Mo 09:00-", "12:00\n", 3),
    "Themenname": ("content/kategorien.yaml", "fruehe-hilfen:\n  name: Frühe ", "Hilfen\nsprache:\n  name: S\n", 2),
    "Quartiersname": ("quartiere/testviertel/quartier.yaml", "name: Test", "viertel\nort: Teststadt\n"
                      "koordination: koordination\nstand: 2026-10-01\n", 1),
    "Straße des Quartiers": ("quartiere/testviertel/quartier.yaml", "name: Testviertel\nort: Teststadt\n"
                             "koordination: koordination\nstand: 2026-10-01\nstrassen: [Teststr", "aße]\n", 5),
    "Seitentitel": ("content/seiten/hilfe.md", "---\ntitel: Hil", "fe\n---\nText.\n", 2),
    "Übersetzung: name": (TRANSLATION, "name: Parents' ", "café\n", 1),
}

LONG = {
    "beschreibung": (ENTRY, "name: Café\nstand: 2026-10-01\nbeschreibung: Ein langer ", " Text.\n", 3),
    "Text einer .md-Datei": ("quartiere/testviertel/angebote/neu.md", "---\nname: Café\nstand: 2026-10-01\n---\n"
                             "Erste Zeile.\nZweite ", " Zeile.\n", 6),
    "Themenbeschreibung": ("content/kategorien.yaml", "fruehe-hilfen:\n  name: Frühe Hilfen\n  beschreibung: Rund ",
                           " um Geburt.\nsprache:\n  name: Sprache\n", 3),
}


def _problems(scratch: Callable[..., Path], path: str, text: str) -> tuple[list[tuple[str, int, str]], ...]:
    if path == TRANSLATION:
        site = scratch.root / "content/site.yaml"  # type: ignore[attr-defined]
        scratch("content/site.yaml", site.read_text("utf-8") + "sprachen: [de, en]\n")
    root = scratch(path, text)
    _, problems = load_and_validate(root, TODAY)
    located = tuple([(p.loc.path, p.loc.line, p.message) for p in found] for found in (problems.errors,
                                                                                        problems.warnings))
    return located


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("field", SHORT)
def test_bidi_control_in_short_text_is_a_located_error(scratch: Callable[..., Path], field: str,
                                                       control: str) -> None:
    path, before, after, line = SHORT[field]
    errors, _ = _problems(scratch, path, before + control + after)
    code = f"U+{ord(control):04X}"
    assert [(p, n) for p, n, m in errors if code in m and "Schreibrichtung" in m] == [(path, line)], errors


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("field", LONG)
def test_bidi_control_in_long_text_is_a_located_warning(scratch: Callable[..., Path], field: str,
                                                        control: str) -> None:
    path, before, after, line = LONG[field]
    errors, warnings = _problems(scratch, path, before + control + after)
    code = f"U+{ord(control):04X}"
    assert errors == []
    assert [(p, n) for p, n, m in warnings if code in m and "Schreibrichtung" in m] == [(path, line)], warnings


def test_marks_that_only_nudge_stay_allowed(scratch: Callable[..., Path]) -> None:
    """U+200E, U+200F and U+061C (Arabic letter mark) are how RTL text keeps numbers in place: no problem."""
    errors, warnings = _problems(scratch, ENTRY, "name: Café \u200f1\u200e \u061c2\nstand: 2026-10-01\n")
    assert errors == [] and warnings == []


def test_count_of_further_controls_is_named(scratch: Callable[..., Path]) -> None:
    errors, _ = _problems(scratch, ENTRY, "name: \u202eexe.live\u202c \u2067x\u2069\nstand: 2026-10-01\n")
    assert [(p, n, m) for p, n, m in errors if "Schreibrichtung" in m] == [
        (ENTRY, 1, "Feld „name“: Der Text enthält ein Steuerzeichen für die Schreibrichtung "
                   "(U+202E RIGHT-TO-LEFT OVERRIDE) (und 3 weitere).")]


def test_built_page_shows_no_bidi_control(scratch: Callable[..., Path], tmp_path: Path) -> None:
    """A long text with controls builds (with a warning), and neither the page nor its search text keeps them."""
    from wegweiser.site.build import build_site

    root = scratch(ENTRY, "name: Café Rückwärts\nstand: 2026-10-01\nbeschreibung: |\n  Mehr unter "
                          "[\u202eexe.live\u202c](https://example.org/) und \u2067عربي\u2069.\n")
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    pages = list(out.rglob("*.html"))
    assert pages
    shown = [page for page in pages if "Rückwärts" in page.read_text("utf-8")]
    assert shown, "the entry's page was not built"
    for page in pages:
        text = page.read_text("utf-8")
        assert not any(c in text for c in CONTROLS), page
    links = [a for page in shown for a in lxml.html.fromstring(page.read_text("utf-8")).iter("a")
             if a.get("href") == "https://example.org/"]
    assert links and all(a.text_content() == "exe.live" for a in links)


@pytest.mark.parametrize("reference", ["&#x202E;", "&#x202e;", "&#8238;", "&#x2067;", "&#8295;", "&#x0202E;"])
def test_bidi_control_as_character_reference_in_long_text(scratch: Callable[..., Path], tmp_path: Path,
                                                          reference: str) -> None:
    """Attack on issue 24: Markdown turns "&#x202E;" into the character itself, which passed check and reversed the
    text on the page and in the booklet. It is a located warning, and the built page holds no control."""
    from wegweiser.site.build import build_site

    errors, warnings = _problems(scratch, ENTRY, f"name: Café\nstand: 2026-10-01\nbeschreibung: Mehr {reference}exe"
                                                 ".live hier.\n")
    assert errors == []
    assert [(p, n) for p, n, m in warnings if "Schreibrichtung" in m] == [(ENTRY, 3)]
    out = tmp_path / "site"
    build_site(scratch.root, out, TODAY)  # type: ignore[attr-defined]
    page = next(p for p in out.rglob("index.html") if "exe.live" in p.read_text("utf-8"))
    text = page.read_text("utf-8")
    assert not any(c in text for c in CONTROLS) and reference.lower() not in text.lower()


def test_bidi_control_in_a_content_template_is_a_located_error(scratch: Callable[..., Path]) -> None:
    """A content folder's own template is code that runs on every page: a bidi control there is the trojan-source
    trick itself (attack on issue 24)."""
    scratch("templates/site/seite.html", "{% extends \"seite.html\" %}\n<p>ok</p>\n<p>x\u202ey</p>\n")
    errors, _ = _problems(scratch, ENTRY, "name: Café\nstand: 2026-10-01\n")
    assert [(p, n) for p, n, m in errors if "U+202E" in m] == [("templates/site/seite.html", 3)]
