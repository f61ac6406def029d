"""Issue 27, part diffs: saving through the form changes only the lines whose values changed.

The browser tests edit a hand-written .yaml entry (comments, quoting, a block list, block text) and a .md entry
through Decap CMS, six typical edits each (phone, a list item, the description, age, opening hours, a new
category), each on the hand-written file, and compare each save's diff with the lines that edit must change. The
unit tests give ``roundtrip.merge`` odd input directly, and every demo entry goes through load → change → merge.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_redaktion import WEGWEISER, _choose, _publish, served_form

from tests.conftest import MINI, ROOT
from wegweiser.editors.roundtrip import MergeRefused, merge

STICHTAG = date(2026, 11, 20)  # serve --stichtag: the date a save writes as `stand` (not the machine's date)
STAND = STICHTAG.isoformat()

ENTRY_YAML = """\
# Familientreff Lindenhof – gepflegt vom Netzwerkbüro (bitte Frau Beispiel fragen)
name: Familientreff Lindenhof
kurz: 'Offener Treff für Familien mit Kindern bis zehn Jahre, mit Spielecke, Beratung und einem günstigen Mittagessen am Donnerstag.'
beschreibung: |
  Im Familientreff ist immer jemand da, der zuhört. Es gibt eine **Spielecke**,
  Bücher zum Ausleihen und mittwochs eine offene Sprechstunde zu Anträgen.

  Mehr über den Verein steht auf seiner Webseite.
kategorien: [fruehe-hilfen]   # Themen aus kategorien.yaml
alter: {von: 0, bis: 10}
oeffnungszeiten: "Tu-Th 09:00-12:00; PH off"
kosten: kostenlos
kontakt: koordination
telefon: "0231 555-1234"  # Zentrale, nicht die Durchwahl
stichworte:
  - Frühstück
  - Spielgruppe
  - Beratung
adresse:
  strasse: Teststraße 5
  plz: "59999"
  ort: Teststadt
# zuletzt am Telefon bestätigt
stand: 2026-10-01
"""

ENTRY_MD = """\
---
# Angaben der Hebamme vom Oktober
name: Stillcafé am Markt
kurz: Treffpunkt zum Stillen und Austauschen.
kategorien: [fruehe-hilfen]
alter: {von: 0, bis: 1}
oeffnungszeiten: 'We 10:00-12:00'
kontakt: koordination
telefon: '0231 555-2000'   # Handy der Hebamme
stichworte: [Stillen, Beikost, Hebamme]
stand: 2026-10-01
---
Jeden **Mittwoch** treffen sich Mütter mit Babys im Stillcafé. Eine Hebamme
beantwortet Fragen zum Stillen, zur Beikost und zum Schlafen.

Bitte bringen Sie den Mutterpass mit.
"""


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines a diff removes and adds (what `git diff --numstat` counts)."""
    old, new = before.splitlines(), after.splitlines()
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if "#" in line and not line.lstrip().startswith("Jeden")]


# --- six edits through the form ----------------------------------------------------------------------

@dataclass
class Edit:
    name: str
    do: Callable[[Any], None]
    removed: list[str]  # the hand-written file's lines this edit must change (besides `stand`) ...
    added: list[str]  # ... and what they become


def _fill(field: str, value: str) -> Callable[[Any], None]:
    return lambda page: page.locator(f"[id^='{field}-field-']").fill(value)


def _append_to_text(anchor: str, words: str) -> Callable[[Any], None]:
    """Type ``words`` at the end of the Markdown editor's text (its last paragraph)."""
    def do(page: Any) -> None:
        text = page.get_by_text(anchor)
        box = text.bounding_box()
        text.click(position={"x": box["width"] - 1, "y": box["height"] / 2})  # the caret after the last word
        page.keyboard.type(words)
    return do


def _add_category(label: str) -> Callable[[Any], None]:
    return lambda page: _choose(page, "kategorien", label)


YAML_EDITS = [
    Edit("Telefon", _fill("telefon", "0231 555-9876"),
         ['telefon: "0231 555-1234"  # Zentrale, nicht die Durchwahl'],
         ['telefon: "0231 555-9876"  # Zentrale, nicht die Durchwahl']),
    Edit("Listeneintrag", _fill("stichworte", "Frühstück, Krabbelgruppe, Beratung"),
         ["  - Spielgruppe"], ["  - Krabbelgruppe"]),
    Edit("Beschreibung", _append_to_text("Mehr über den Verein", " Dort stehen auch die Termine."),
         ["  Mehr über den Verein steht auf seiner Webseite."],
         ["  Mehr über den Verein steht auf seiner Webseite. Dort stehen auch die Termine."]),
    Edit("Alter", _fill("bis", "12"), ["alter: {von: 0, bis: 10}"], ["alter: {von: 0, bis: 12}"]),
    Edit("Öffnungszeiten", _fill("oeffnungszeiten", "Tu-Fr 09:00-12:00; PH off"),
         ['oeffnungszeiten: "Tu-Th 09:00-12:00; PH off"'], ['oeffnungszeiten: "Tu-Fr 09:00-12:00; PH off"']),
    Edit("Neue Kategorie", _add_category("Sprache"),
         ["kategorien: [fruehe-hilfen]   # Themen aus kategorien.yaml"],
         ["kategorien: [fruehe-hilfen, sprache]   # Themen aus kategorien.yaml"]),
]

MD_EDITS = [
    Edit("Telefon", _fill("telefon", "0231 555-2001"),
         ["telefon: '0231 555-2000'   # Handy der Hebamme"], ["telefon: '0231 555-2001'   # Handy der Hebamme"]),
    Edit("Listeneintrag", _fill("stichworte", "Stillen, Brei, Hebamme"),
         ["stichworte: [Stillen, Beikost, Hebamme]"], ["stichworte: [Stillen, Brei, Hebamme]"]),
    Edit("Beschreibung", _append_to_text("Bitte bringen Sie", " Danke!"),
         ["Bitte bringen Sie den Mutterpass mit."], ["Bitte bringen Sie den Mutterpass mit. Danke!"]),
    Edit("Alter", _fill("bis", "2"), ["alter: {von: 0, bis: 1}"], ["alter: {von: 0, bis: 2}"]),
    Edit("Öffnungszeiten", _fill("oeffnungszeiten", "We 10:00-12:30"),
         ["oeffnungszeiten: 'We 10:00-12:00'"], ["oeffnungszeiten: 'We 10:00-12:30'"]),
    Edit("Neue Kategorie", _add_category("Sprache"),
         ["kategorien: [fruehe-hilfen]"], ["kategorien: [fruehe-hilfen, sprache]"]),
]

YAML_PATH = "quartiere/testviertel/angebote/familientreff.yaml"
MD_PATH = "quartiere/testviertel/angebote/stillcafe.md"


@pytest.fixture
def formular(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The mini project with both hand-written entries, served with --redaktion --stichtag."""
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    (root / YAML_PATH).write_text(ENTRY_YAML, encoding="utf-8")
    (root / MD_PATH).write_text(ENTRY_MD, encoding="utf-8")
    with served_form(root, tmp_path / "serve.log", "--stichtag", STAND) as origin:
        yield origin, root


def _edit_each(form_tab: Any, origin: str, file: Path, collection: str, slug: str, original: str,
               loaded: tuple[str, str], edits: list[Edit]) -> list[tuple[str, list[str], list[str], str]]:
    """Each edit on the hand-written file, saved through the form: (name, removed, added, text written)."""
    page = form_tab(1280, 1000)
    page.set_default_timeout(15000)
    from playwright.sync_api import expect

    login = page.get_by_role("button", name="Anmelden")

    def leave(dialog: Any) -> None:
        # The file is written, but the form may not have its answer yet and asks before the list opens: leaving
        # drops only the form's copy of what is on disk already (any other question is refused, as by default).
        if dialog.message.startswith("Möchten Sie das Formular wirklich verlassen?"):
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", leave)
    results = []
    for edit in edits:
        file.write_text(original, encoding="utf-8")
        # from the list into the editor, which so reads the file again (an editor opened from another one shows
        # what that one loaded)
        page.goto(f"{origin}/redaktion/#/collections/{collection}")
        page.locator(f"a[href$='/entries/{slug}']").or_(login).first.wait_for()
        if login.is_visible():
            login.click()
        page.goto(f"{origin}/redaktion/#/collections/{collection}/entries/{slug}")
        field = page.locator(f"[id^='{loaded[0]}-field-']")
        # typing before the entry has loaded would be overwritten by the load
        expect(field).to_have_value(loaded[1])
        edit.do(page)
        _publish(page)
        deadline = time.monotonic() + 15
        while file.read_text(encoding="utf-8") == original and time.monotonic() < deadline:
            time.sleep(0.1)
        text = file.read_text(encoding="utf-8")
        results.append((edit.name, *changed_lines(original, text), text))
    return results


def _check_edits(results: list[tuple[str, list[str], list[str], str]], edits: list[Edit], original: str) -> None:
    """Each save changed exactly its value's lines and `stand`, and every comment survived (the edited one
    changed with its line)."""
    for name, removed, added, _ in results:
        print(f"{name}: +{len(added)} -{len(removed)}")
    for (name, removed, added, text), edit in zip(results, edits, strict=True):
        expected = (sorted([*edit.removed, "stand: 2026-10-01"]), sorted([*edit.added, f"stand: {STAND}"]))
        assert (sorted(removed), sorted(added)) == expected, name
        kept = [edit.added[0] if line == edit.removed[0] else line for line in comments(original)]
        assert comments(text) == kept, name


@pytest.mark.browser
def test_six_edits_through_the_form_change_only_their_lines(form_tab: Any, formular: tuple[str, Path]) -> None:
    """Phone, list item, description, age, opening hours, new category: on a commented .yaml entry and on a .md
    entry, each save changes its value's line and `stand` (the preview's --stichtag), nothing else."""
    origin, root = formular
    for path, collection, slug, original, phone, edits in [
            (YAML_PATH, "testviertel_angebote", "familientreff", ENTRY_YAML, "0231 555-1234", YAML_EDITS),
            (MD_PATH, "testviertel_angebote_md", "stillcafe", ENTRY_MD, "0231 555-2000", MD_EDITS)]:
        results = _edit_each(form_tab, origin, root / path, collection, slug, original, ("telefon", phone), edits)
        _check_edits(results, edits, original)
    check = subprocess.run([str(WEGWEISER), "check", str(root)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


# --- merge() on its own: odd input ---------------------------------------------------------------------

TODAY = date(2027, 3, 4)
ENTRY = "quartiere/testviertel/angebote/familientreff.yaml"


class _Yaml12(yaml.SafeLoader):
    """YAML as Decap's parser reads it (YAML 1.2): a time like 16:00 is text, not YAML 1.1's base-60 number 960."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:int"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Yaml12.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789"))


def _decap_load(text: str) -> Any:
    return yaml.load(text, Loader=_Yaml12)  # a SafeLoader subclass: builds plain values only


def _form(text: str, **changes: object) -> str:
    """What Decap would send for ``text`` with ``changes``: block lists, wrapped lines, no comments."""
    data = _decap_load(text.lstrip("\ufeff"))
    data.update(changes)
    return yaml.safe_dump({k: v for k, v in data.items() if v is not None}, sort_keys=False, allow_unicode=True,
                          width=80)


def test_an_unchanged_save_leaves_the_file_byte_for_byte() -> None:
    for old in (ENTRY_YAML, ENTRY_YAML.replace("\n", "\r\n"), "\ufeff" + ENTRY_YAML):
        assert merge(old, _form(old), ENTRY, TODAY) == old
    assert merge(ENTRY_MD, ENTRY_MD.replace("# Angaben der Hebamme vom Oktober\n", ""), MD_PATH, TODAY) == ENTRY_MD


def test_a_change_keeps_crlf_and_the_byte_order_mark() -> None:
    old = "\ufeff" + ENTRY_YAML.replace("\n", "\r\n")
    written = merge(old, _form(old, kosten="2 Euro"), ENTRY, TODAY)
    assert written.startswith("\ufeff#") and written.count("\r\n") == old.count("\r\n")
    assert changed_lines(old, written) == (["kosten: kostenlos\r", "stand: 2026-10-01\r"],
                                           ["kosten: 2 Euro\r", f"stand: {TODAY}\r"]) or \
        changed_lines(old, written) == (["kosten: kostenlos", "stand: 2026-10-01"], ["kosten: 2 Euro", f"stand: {TODAY}"])


@pytest.mark.parametrize(("before", "value", "line"), [
    ("kosten: kostenlos", "Mo: 10 Uhr # nicht", 'kosten: "Mo: 10 Uhr # nicht"'),  # plain would be a key and a comment
    ("kosten: kostenlos", "- 3 Euro", 'kosten: "- 3 Euro"'),  # plain would be a list
    ("kosten: kostenlos", "12", 'kosten: "12"'),  # text stays text: the form sent a string
    ("kosten: kostenlos", "2\u00a0Euro", "kosten: 2\u00a0Euro"),  # a non-breaking space stays what it is
    ("kosten: kostenlos", "Tab\there", 'kosten: "Tab\\there"'),  # a tab made visible
    ("kosten: 'kostenlos'", "Mo: 10 Uhr # nicht", "kosten: 'Mo: 10 Uhr # nicht'"),  # the file's quoting kept
    ("kosten: 'kostenlos'", "Peter's Café", "kosten: 'Peter''s Café'"),
    ("kosten: 'kostenlos'", "Zeile\u2028zwei", 'kosten: "Zeile\\u2028zwei"'),  # only escaped it is safe
    ("kosten: \"kostenlos\"", "ja", 'kosten: "ja"'),
    ("kosten: kostenlos", "Zeile eins\nZeile zwei\n", "kosten: |"),
    ("kosten: kostenlos  # Stand Mai", "Zeile eins\nZeile zwei", "kosten: |-  # Stand Mai"),
])
def test_a_changed_value_reads_back_as_sent(before: str, value: str, line: str) -> None:
    old = ENTRY_YAML.replace("kosten: kostenlos", before)
    written = merge(old, _form(old, kosten=value), ENTRY, TODAY)
    assert yaml.safe_load(written)["kosten"] == value
    assert line in written.splitlines()
    assert written.startswith("# Familientreff Lindenhof") and "# zuletzt am Telefon bestätigt" in written
    assert len(changed_lines(old, written)[0]) == 2  # the value's line and `stand`


def test_block_text_list_items_and_nested_keys_change_their_lines_only() -> None:
    beschreibung = yaml.safe_load(ENTRY_YAML)["beschreibung"].replace("zu Anträgen", "zu Anträgen und Briefen")
    form = _form(ENTRY_YAML, beschreibung=beschreibung, stichworte=["Frühstück", "Beratung", "Spielen"],
                 adresse={"strasse": "Teststraße 7", "plz": "59999", "ort": "Teststadt"})
    removed, added = changed_lines(ENTRY_YAML, merge(ENTRY_YAML, form, ENTRY, TODAY))
    assert removed == ["  Bücher zum Ausleihen und mittwochs eine offene Sprechstunde zu Anträgen.", "  - Spielgruppe",
                       "  strasse: Teststraße 5", "stand: 2026-10-01"]
    assert added == ["  Bücher zum Ausleihen und mittwochs eine offene Sprechstunde zu Anträgen und Briefen.",
                     "  - Spielen", "  strasse: Teststraße 7", f"stand: {TODAY}"]


def test_new_keys_go_in_the_models_order_and_removed_keys_take_their_comments() -> None:
    old = ENTRY_YAML.replace("kosten: kostenlos\n", "# nur für Mitglieder\nkosten: kostenlos\n")
    data = yaml.safe_load(old)
    data["adresse"] = {"strasse": "Teststraße 5", "ort": "Teststadt"}
    old = old.replace('  plz: "59999"\n', "")
    form = _form(old, kosten=None, email="treff@example.org", adresse={**data["adresse"], "plz": "59999"},
                 alter="0-6")
    written = merge(old, form, ENTRY, TODAY)
    lines = written.splitlines()
    assert "# nur für Mitglieder" not in written and "kosten" not in written
    assert lines[lines.index('telefon: "0231 555-1234"  # Zentrale, nicht die Durchwahl') + 1] == \
        "email: treff@example.org"  # the model: telefon, email, web
    assert lines[lines.index("  strasse: Teststraße 5") + 1] == "  plz: '59999'"
    assert "alter: 0-6" in lines or "alter: '0-6'" in lines
    assert yaml.safe_load(written) == {**yaml.safe_load(form), "stand": TODAY}


def test_a_new_file_is_written_as_by_hand() -> None:
    form = "name: Neu\nkurz: " + "lang " * 30 + "\nkategorien:\n  - fruehe-hilfen\n  - sprache\nalter:\n  von: 0\n" \
           "  bis: 3\nadresse:\n  plz: '59999'\nstand: 2026-01-01\n"
    written = merge(None, form, ENTRY, TODAY)
    assert written.splitlines() == ["name: Neu", "kurz: " + ("lang " * 30).strip(), "kategorien: [fruehe-hilfen, sprache]",
                                    "alter: {von: 0, bis: 3}", "adresse:", "  plz: '59999'", "stand: 2026-01-01"]


def test_a_translation_gets_no_stand() -> None:
    old = "---\nname: Family café\nkurz: A café.\n---\nText.\n"
    form = "---\nname: Family café\nkurz: A café for families.\n---\nText.\n"
    written = merge(old, form, "quartiere/testviertel/angebote/stillcafe.en.md", TODAY)
    assert written == form


def test_anchors_are_written_out() -> None:
    old = "name: A\nkurz: &k Kurz\nkosten: *k\nstand: 2026-10-01\n"
    written = merge(old, "name: B\nkurz: Kurz\nkosten: Kurz\nstand: 2026-10-01\n", ENTRY, TODAY)
    assert yaml.safe_load(written) == {"name": "B", "kurz": "Kurz", "kosten": "Kurz", "stand": TODAY}
    assert "&" not in written and "*" not in written


@pytest.mark.parametrize(("old", "where"), [
    ("name: A\nkurz: [offen\nstand: 2026-10-01\n", "Zeile 3"),
    ("name: A\nadresse:\n\tort: X\nstand: 2026-10-01\n", "Zeile 3"),  # a tab as indentation
    ("- name: A\n", "keine Felder"),
])
def test_a_file_that_cannot_be_read_is_not_overwritten(old: str, where: str) -> None:
    with pytest.raises(MergeRefused) as refused:
        merge(old, "name: A\nstand: 2026-10-01\n", ENTRY, TODAY)
    assert where in str(refused.value) and ENTRY in str(refused.value)
    with pytest.raises(MergeRefused) as refused:  # the same in a .md file's front matter: lines of the file
        merge(f"---\n{old}---\nText\n", "---\nname: A\nstand: 2026-10-01\n---\nText\n", MD_PATH, TODAY)
    line = int(where.split()[1]) + 1 if where.startswith("Zeile") else None
    assert (f"Zeile {line}" if line else where) in str(refused.value) and MD_PATH in str(refused.value)


def test_a_markdown_body_keeps_its_wrapping() -> None:
    body = ENTRY_MD.split("---\n", 2)[2]
    joined = body.replace("Hebamme\nbeantwortet", "Hebamme beantwortet").replace("Schlafen.", "Schlafen und Trösten.")
    form = ENTRY_MD.split("---\n", 2)[1].replace("# Angaben der Hebamme vom Oktober\n", "")
    written = merge(ENTRY_MD, "---\n" + form + "---\n" + joined.rstrip("\n"), MD_PATH, TODAY)
    assert changed_lines(ENTRY_MD, written) == (
        ["stand: 2026-10-01", "beantwortet Fragen zum Stillen, zur Beikost und zum Schlafen."],
        [f"stand: {TODAY}", "beantwortet Fragen zum Stillen, zur Beikost und zum Schlafen und Trösten."])


def _demo_entries() -> list[Path]:
    folders = [*ROOT.glob("quartiere/*/*"), *ROOT.glob("content/*")]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.iterdir()
                  if p.suffix in (".yaml", ".md") and p.parent.name not in ("bilder",))


def test_every_demo_entry_round_trips_a_small_change() -> None:
    """load → change `kurz` (or add it) and add a phone number → merge → what is read equals what the form sent,
    and only those lines and `stand` change."""
    entries = _demo_entries()
    assert len(entries) > 100
    for path in entries:
        shown = path.relative_to(ROOT).as_posix()
        old = path.read_text(encoding="utf-8")
        front, body = (old, "") if path.suffix == ".yaml" else (old.split("---\n", 2)[1], old.split("---\n", 2)[2])
        data = _decap_load(front)
        field = "titel" if "titel" in data else "kurz"
        changed = {field: f"{data.get(field) or 'Neu'} (geändert)"}
        if "stand" in data:
            changed["telefon"] = "0231 555-0000"
        form = _form(front, **changed)
        written = merge(old, form if path.suffix == ".yaml" else f"---\n{form}---\n{body}", shown, TODAY)
        if path.suffix == ".md":
            assert written.split("---\n", 2)[2] == body, shown
            written = written.split("---\n", 2)[1]
        expected = {**_decap_load(form), **({"stand": TODAY} if "stand" in data else {})}
        assert _decap_load(written) == expected, shown
        removed, added = changed_lines(front, written)
        most = (field in data) + ("telefon" in data and "telefon" in changed) + ("stand" in data)
        assert len(removed) <= most and len(added) <= 2 + ("stand" in data), (shown, removed, added)


def test_decaps_rewritten_markdown_is_no_change() -> None:
    """Decap's editor writes __a__ as **a** and joins wrapped lines: a paragraph that shows the same keeps its text."""
    old = ENTRY_MD.replace("Jeden **Mittwoch**", "Jeden __Mittwoch__")
    front = old.split("---\n", 2)[1]
    body = ("Jeden **Mittwoch** treffen sich Mütter mit Babys im Stillcafé. Eine Hebamme beantwortet Fragen zum "
            "Stillen, zur Beikost und zum Schlafen.\n\nBitte bringen Sie den Mutterpass mit.")
    assert merge(old, f"---\n{front}---\n{body}", MD_PATH, TODAY) == old
    written = merge(old, f"---\n{front}---\n{body.replace('Mutterpass', 'Impfpass')}", MD_PATH, TODAY)
    assert changed_lines(old, written) == (["stand: 2026-10-01", "Bitte bringen Sie den Mutterpass mit."],
                                           [f"stand: {TODAY}", "Bitte bringen Sie den Impfpass mit."])
