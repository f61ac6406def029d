"""`wegweiser uebersetzen export|import`: the round trip through real PO and XLIFF 2.0 files, as a translator's
tool would fill them, and the refusals that keep content safe."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from babel.messages.pofile import read_po, write_po

from wegweiser.check.translation_status import stand
from wegweiser.cli import main
from wegweiser.content.language_versions import fassung
from wegweiser.content.records import Content
from wegweiser.i18n.languages import fingerabdruck, sprache

from conftest import MINI, TODAY

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
ENTRY = "quartiere/testviertel/angebote/elterncafe.yaml"
ENTRY_TR = "quartiere/testviertel/angebote/elterncafe.tr.yaml"

# The German original of the test entry: the expected fingerprint is computed from these texts.
ENTRY_TEXT = """name: Elterncafé
kurz: Frühstück für Eltern mit Babys.
kategorien: [fruehe-hilfen]
alter: "0-3"
oeffnungszeiten: Tu 09:30-11:30
kontakt: koordination
stichworte: [Frühstück, Krabbelgruppe]
adresse:
  strasse: Teststraße 1
  plz: 59999
  ort: Teststadt
stand: 2026-10-01
beschreibung: |
  Jeden **Dienstag** gibt es Frühstück.

  - Kaffee und Tee
  - 50 % sparen mit dem Familienpass
"""
ENTRY_TEXTS = {"name": "Elterncafé", "kurz": "Frühstück für Eltern mit Babys.",
               "stichworte": ["Frühstück", "Krabbelgruppe"],
               "beschreibung": "Jeden **Dienstag** gibt es Frühstück.\n\n- Kaffee und Tee\n"
                               "- 50 % sparen mit dem Familienpass"}


@pytest.fixture
def projekt(scratch: Callable[..., Path]) -> Path:
    scratch(ENTRY, ENTRY_TEXT)
    root: Path = scratch.root  # type: ignore[attr-defined]
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "sprachen: [de, leicht, tr, uk]\n", encoding="utf-8")
    return root


def _load(root: Path) -> Content:
    from wegweiser.check.validate import load_and_validate

    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors, problems.errors
    return content


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _translate(text: str) -> str:
    """What a translator writes: here the German text with a Turkish marker, keeping Markdown and lines."""
    return "\n".join(f"TR {line}" if line.strip() and not line.startswith("- ") else
                     (f"- TR {line[2:]}" if line.startswith("- ") else line) for line in text.split("\n"))


def _fill_po(path: Path, translate: Callable[[str], str] = _translate) -> None:
    """Fill every msgstr with Babel, as Poedit or Weblate would save it (fuzzy cleared when revised)."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id:
            message.string = translate(message.id)
            message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog)


def _po_units(path: Path) -> dict[str, tuple[str, str, bool]]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {m.context: (m.id, m.string, m.fuzzy) for m in catalog if m.id}


def _fill_xliff(path: Path) -> None:
    """Fill every target and confirm it (state="translated"), as a CAT tool does."""
    ET.register_namespace("", XLIFF)
    tree = ET.parse(path)
    for segment in tree.iter(f"{{{XLIFF}}}segment"):
        source = segment.find(f"{{{XLIFF}}}source")
        assert source is not None
        target = segment.find(f"{{{XLIFF}}}target")
        if target is None:
            target = ET.SubElement(segment, f"{{{XLIFF}}}target")
        target.text = _translate(source.text or "")
        segment.set("state", "translated")
        segment.attrib.pop("subState", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def _yaml_fields(path: Path) -> dict[str, object]:
    import yaml

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        _, front, body = text.split("---\n", 2)
        data = yaml.safe_load(front) or {}
        data["beschreibung"] = body.strip()
        return data
    loaded: dict[str, object] = yaml.safe_load(text)
    return loaded


def test_po_round_trip(projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = tmp_path / "tr.po"
    code, out = _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(po))
    assert code == 0, out
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    units = _po_units(po)
    # one unit per field; list items one unit each; the German text is the source; nothing translated yet
    assert units[f"{ENTRY}#kurz"] == ("Frühstück für Eltern mit Babys.", "", False)
    assert units[f"{ENTRY}#stichworte/1"][0] == "Frühstück"
    assert units[f"{ENTRY}#stichworte/2"][0] == "Krabbelgruppe"
    assert units[f"{ENTRY}#beschreibung"][0] == ENTRY_TEXTS["beschreibung"]
    assert units["content/kategorien.yaml#fruehe-hilfen/name"][0] == "Frühe Hilfen"
    assert units["content/seiten/impressum.md#titel"][0] == "Impressum"
    assert not any(key.endswith(("#telefon", "#oeffnungszeiten", "#stand", "#adresse")) for key in units)
    text = po.read_text(encoding="utf-8")
    assert re.search(r'^"Language: tr\\n"$', text, re.MULTILINE)
    # CLDR as Babel 2.19 ships it: Turkish cardinals have "one" and "other"
    assert re.search(r'^"Plural-Forms: nplurals=2; plural=\(n != 1\);\\n"$', text, re.MULTILINE)
    assert "Markdown" in text and "python-format" not in text  # "50 %" is no format string

    _fill_po(po)
    before = _tree(projekt)
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(po))
    assert code == 0, out
    written = {k for k, v in _tree(projekt).items() if before.get(k) != v}
    assert ENTRY_TR in written and "content/kategorien.tr.yaml" in written
    assert "content/seiten/impressum.tr.md" in written and "content/site.tr.yaml" in written
    assert all(".tr." in name for name in written)  # no original was touched

    fields = _yaml_fields(projekt / ENTRY_TR)
    assert fields["kurz"] == "TR Frühstück für Eltern mit Babys."
    assert fields["stichworte"] == ["TR Frühstück", "TR Krabbelgruppe"]
    assert fields["beschreibung"].strip() == (  # type: ignore[union-attr]
        "TR Jeden **Dienstag** gibt es Frühstück.\n\n- TR Kaffee und Tee\n- TR 50 % sparen mit dem Familienpass")
    assert fields["vorlage"] == fingerabdruck(ENTRY_TEXTS)
    # only text families read, and the German text they were made from (for the previous text of a later export)
    assert set(fields) == {"name", "kurz", "stichworte", "beschreibung", "vorlage", "original"}
    assert fields["original"] == {name: value.strip() if isinstance(value, str) else value
                                  for name, value in ENTRY_TEXTS.items()}
    page = _yaml_fields(projekt / "content/seiten/impressum.tr.md")
    assert page["titel"] == "TR Impressum"
    assert str(page["beschreibung"]).startswith("TR Familienbüro Teststadt")

    code, out = _run(capsys, "check", str(projekt))
    assert code == 0, out
    # the Turkish pages show the translated text (fassung: what the per-language site renders)
    content = _load(projekt)
    turkish = fassung(content, sprache("tr"))
    entry = next(e for e in turkish.content.eintraege if e.slug == "elterncafe")
    assert entry.kurz == "TR Frühstück für Eltern mit Babys." and entry.telefon is None
    assert entry.oeffnungszeiten == "Tu 09:30-11:30"  # facts from the original
    assert turkish.status("eintrag", entry.key) == "uebersetzt"
    assert turkish.content.kategorien["fruehe-hilfen"].name == "TR Frühe Hilfen"

    again = tmp_path / "nochmal.po"
    code, out = _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(again))
    assert code == 0, out
    assert _po_units(again) == {}
    assert "Nichts Neues" in out


def test_xliff_round_trip(projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlf = tmp_path / "tr.xlf"
    code, out = _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(xlf))
    assert code == 0, out
    root = ET.parse(xlf).getroot()
    assert root.tag == f"{{{XLIFF}}}xliff" and root.get("version") == "2.0"
    assert root.get("srcLang") == "de" and root.get("trgLang") == "tr"
    units = {u.get("name"): u for u in root.iter(f"{{{XLIFF}}}unit")}
    ids = [u.get("id") for u in units.values()]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[A-Za-z_][\w.-]*", i or "") for i in ids)
    kurz = units[f"{ENTRY}#kurz"]
    assert kurz.findtext(f"{{{XLIFF}}}segment/{{{XLIFF}}}source") == "Frühstück für Eltern mit Babys."
    assert kurz.find(f"{{{XLIFF}}}segment/{{{XLIFF}}}target") is None
    notes = [n.text or "" for n in units[f"{ENTRY}#beschreibung"].iter(f"{{{XLIFF}}}note")]
    assert any("Angebot" in n for n in notes) and any("Markdown" in n for n in notes)
    assert (units[f"{ENTRY}#beschreibung"].findtext(f"{{{XLIFF}}}segment/{{{XLIFF}}}source")
            == ENTRY_TEXTS["beschreibung"])  # line breaks of the Markdown kept exactly

    _fill_xliff(xlf)
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(xlf))
    assert code == 0, out
    fields = _yaml_fields(projekt / ENTRY_TR)
    assert fields["kurz"] == "TR Frühstück für Eltern mit Babys."
    assert fields["vorlage"] == fingerabdruck(ENTRY_TEXTS)
    code, out = _run(capsys, "check", str(projekt))
    assert code == 0, out
    again = tmp_path / "nochmal.xlf"
    assert _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(again))[0] == 0
    assert list(ET.parse(again).getroot().iter(f"{{{XLIFF}}}unit")) == []


EXISTING = """# Übersetzt von Ayşe, bitte Rückfragen an sie.
kurz: "Bebekli ebeveynler için kahvaltı."   # kurz halten
name: 'Ebeveyn Kafesi'
stichworte:
    - Kahvaltı
    - Emekleme grubu
vorlage: 000000000000
"""


def test_changed_original_is_exported_fuzzy_and_import_keeps_formatting(
        projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (projekt / ENTRY_TR).write_text(EXISTING.replace("000000000000", fingerabdruck(ENTRY_TEXTS)), encoding="utf-8")
    entry = projekt / ENTRY
    entry.write_text(ENTRY_TEXT.replace("mit Babys.", "mit Babys und Kleinkindern."), encoding="utf-8")
    po = tmp_path / "tr.po"
    code, out = _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(po))
    assert code == 0, out
    units = _po_units(po)
    objects = {key.split("#")[0] for key in units}
    assert ENTRY in objects  # outdated …
    assert "content/kategorien.yaml" in objects  # … and missing ones (nothing else is translated)
    ours = {k: v for k, v in units.items() if k.startswith(ENTRY)}
    # the old translation is the target, marked fuzzy, beside the new German text
    assert ours[f"{ENTRY}#kurz"] == ("Frühstück für Eltern mit Babys und Kleinkindern.",
                                     "Bebekli ebeveynler için kahvaltı.", True)
    assert ours[f"{ENTRY}#stichworte/2"] == ("Krabbelgruppe", "Emekleme grubu", True)
    assert ours[f"{ENTRY}#beschreibung"] == (ENTRY_TEXTS["beschreibung"], "", False)  # never translated
    assert "#, fuzzy" in po.read_text(encoding="utf-8")

    # Only the entry is sent back: the translator revised "kurz" and left the rest (fuzzy stays skipped).
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in list(catalog):
        if message.id and not str(message.context).startswith(ENTRY):
            catalog.delete(message.id, message.context)
    revised = catalog.get("Frühstück für Eltern mit Babys und Kleinkindern.", f"{ENTRY}#kurz")
    revised.string = "Bebekli ve küçük çocuklu ebeveynler için kahvaltı."
    revised.flags.discard("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog)
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(po))
    assert code == 0, out
    assert "--unsicher-uebernehmen" in out
    text = (projekt / ENTRY_TR).read_text(encoding="utf-8")
    assert text.startswith("# Übersetzt von Ayşe, bitte Rückfragen an sie.\n")
    assert '"Bebekli ve küçük çocuklu ebeveynler için kahvaltı."' in text  # double quotes kept
    assert "# kurz halten" in text and "name: 'Ebeveyn Kafesi'" in text
    assert "    - Kahvaltı\n    - Emekleme grubu\n" in text  # list style and indentation kept
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z]+:", line)]
    assert keys == ["kurz", "name", "stichworte", "vorlage"]  # key order kept
    # other texts of the object were skipped as unsure: the translation stays outdated
    assert f"vorlage: {fingerabdruck(ENTRY_TEXTS)}" in text

    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(po), "--unsicher-uebernehmen")
    assert code == 0, out
    current = dict(ENTRY_TEXTS, kurz="Frühstück für Eltern mit Babys und Kleinkindern.")
    fields = _yaml_fields(projekt / ENTRY_TR)
    assert fields["vorlage"] == fingerabdruck(current)
    assert fields["stichworte"] == ["Kahvaltı", "Emekleme grubu"]
    again = tmp_path / "nochmal.po"
    assert _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(again))[0] == 0
    remaining = _po_units(again)
    # current now, but incomplete: "beschreibung" was never translated, so the entry is exported again, unfuzzy
    assert remaining[f"{ENTRY}#beschreibung"] == (ENTRY_TEXTS["beschreibung"], "", False)
    assert remaining[f"{ENTRY}#kurz"] == (current["kurz"], "Bebekli ve küçük çocuklu ebeveynler için kahvaltı.", False)


def _exported(projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str = ".po") -> Path:
    path = tmp_path / f"tr{suffix}"
    code, out = _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(path))
    assert code == 0, out
    return path


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize("damage, message", [
    ("unknown", "gibt es in den Inhalten nicht"),
    ("language", "Hauptsprache"),
    ("contradiction", "Die Kopfzeilen widersprechen sich"),
    ("syntax", "Die PO-Datei ist fehlerhaft"),
    ("too_long", "erlaubt sind höchstens 300"),
    ("script", "„<script>“ ist im Text nicht erlaubt"),
])
def test_bad_po_files_give_located_errors_and_write_nothing(
        projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str, message: str) -> None:
    po = _exported(projekt, tmp_path, capsys)
    _fill_po(po)
    text = po.read_text(encoding="utf-8")
    if damage == "unknown":
        text = text.replace(f'msgctxt "{ENTRY}#kurz"', 'msgctxt "quartiere/testviertel/angebote/weg.yaml#kurz"')
        needle = "weg.yaml#kurz"
    elif damage == "language":
        text = text.replace('"Language: tr\\n"', '"Language: de\\n"').replace('"X-Wegweiser-Sprache: tr\\n"\n', "")
        text = text.replace("# Sprache: tr", "#")
        needle = '"Language: de'
    elif damage == "contradiction":
        text = text.replace('"Language: tr\\n"', '"Language: uk\\n"')
        needle = '"Language: uk'
    elif damage == "syntax":
        text = text.replace(f'msgctxt "{ENTRY}#name"', f'msgctxt "{ENTRY}#name"\nmsgkaputt "x"')
        needle = "msgkaputt"
    elif damage == "too_long":
        text = text.replace('msgstr "TR Frühstück für Eltern mit Babys."', f'msgstr "{"sehr lang " * 40}"')
        needle = "sehr lang"
    else:
        text = text.replace('msgstr "TR Rund um Geburt und die ersten Jahre."', 'msgstr "Hallo <script>x</script>"')
        needle = "<script>"
    po.write_text(text, encoding="utf-8")
    line = _line_of(po, needle)
    before = _tree(projekt)
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(po))
    assert code == 1, out
    assert message in out
    assert re.search(rf"{re.escape(po.as_posix())}:{line}(:\d+)?: Fehler: ", out), out
    assert "Traceback" not in out
    assert _tree(projekt) == before  # all or nothing: not even the good units were written


def test_bad_xliff_files_give_located_errors(projekt: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    xlf = _exported(projekt, tmp_path, capsys, ".xlf")
    _fill_xliff(xlf)
    good = xlf.read_text(encoding="utf-8")
    before = _tree(projekt)
    broken = good.replace("</source>", "</sourcex>", 1)
    xlf.write_text(broken, encoding="utf-8")
    line = _line_of(xlf, "</sourcex>")
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(xlf))
    assert code == 1 and re.search(rf"{re.escape(xlf.as_posix())}:{line}:\d+: Fehler: .*kein gültiges XML", out), out
    xlf.write_text(good.replace('trgLang="tr"', 'trgLang="xx"'), encoding="utf-8")
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(xlf))
    assert code == 1 and "trgLang" in out, out
    doctype = good.replace("<xliff ", '<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<xliff ', 1)
    xlf.write_text(doctype, encoding="utf-8")
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(xlf))
    assert code == 1 and "DOCTYPE" in out, out
    assert _tree(projekt) == before


def test_import_never_overwrites_a_file_that_is_not_a_translation(
        projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = _exported(projekt, tmp_path, capsys)
    _fill_po(po)
    (projekt / ENTRY_TR).write_text("name: Kafe\ntelefon: 0231 1234\n", encoding="utf-8")
    before = _tree(projekt)
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(po))
    assert code == 1, out
    assert f"{ENTRY_TR}:2:1: Fehler: Das Feld „telefon“ gehört nicht in eine Übersetzung" in out
    assert _tree(projekt) == before


def test_export_output_is_guarded(projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(projekt)
    for target in (projekt / "content" / "tr.po", projekt / "quartiere" / "x.xlf"):
        code, out = _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(target))
        assert code == 2 and "Es wurde nichts verändert" in out, out
    foreign = tmp_path / "notizen.po"
    foreign.write_text("meine Notizen\n", encoding="utf-8")
    code, out = _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(foreign))
    assert code == 2 and foreign.read_text(encoding="utf-8") == "meine Notizen\n"
    code, out = _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o", str(tmp_path / "x.txt"))
    assert code == 1 and ".po" in out
    code, out = _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "de", "-o", str(tmp_path / "de.po"))
    assert code == 1 and "Hauptsprache" in out
    assert _tree(projekt) == before
    # an earlier export may be replaced
    first = _exported(projekt, tmp_path, capsys)
    assert _exported(projekt, tmp_path, capsys) == first


def test_alle_exports_current_translations_too(projekt: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    po = _exported(projekt, tmp_path, capsys)
    _fill_po(po)
    assert _run(capsys, "uebersetzen", "import", str(projekt), str(po))[0] == 0
    everything = tmp_path / "alle.po"
    code, out = _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "--alle", "-o",
                     str(everything))
    assert code == 0, out
    units = _po_units(everything)
    assert units[f"{ENTRY}#kurz"] == ("Frühstück für Eltern mit Babys.", "TR Frühstück für Eltern mit Babys.", False)
    assert set(units) == set(_po_units(po))


def test_missing_field_of_a_current_translation_is_exported(projekt: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (projekt / ENTRY_TR).write_text(f"name: Ebeveyn Kafesi\nvorlage: {fingerabdruck(ENTRY_TEXTS)}\n",
                                    encoding="utf-8")
    units = _po_units(_exported(projekt, tmp_path, capsys))
    assert units[f"{ENTRY}#name"] == ("Elterncafé", "Ebeveyn Kafesi", False)  # current, so not fuzzy
    assert units[f"{ENTRY}#kurz"] == ("Frühstück für Eltern mit Babys.", "", False)



def test_leichte_sprache_is_told_apart_from_german(projekt: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    po = tmp_path / "leicht.po"
    assert _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "leicht", "-o", str(po))[0] == 0
    text = po.read_text(encoding="utf-8")
    # CLDR data of Leichte Sprache is German (plural forms, Language), the code says which German it is
    assert '"Language: de\\n"' in text and '"X-Wegweiser-Sprache: leicht\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    _fill_po(po, lambda german: "Leicht: " + german)
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(po))
    assert code == 0, out
    assert _yaml_fields(projekt / "quartiere/testviertel/angebote/elterncafe.leicht.yaml")["kurz"] == \
        "Leicht: Frühstück für Eltern mit Babys."
    xlf = tmp_path / "leicht.xlf"
    (projekt / "quartiere/testviertel/angebote/elterncafe.yaml").write_text(
        ENTRY_TEXT.replace("Babys.", "Babys!"), encoding="utf-8")
    assert _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "leicht", "-o", str(xlf))[0] == 0
    assert ET.parse(xlf).getroot().get("trgLang") == "de-x-ls"


def test_unit_without_name_is_found_by_its_id(projekt: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    xlf = _exported(projekt, tmp_path, capsys, ".xlf")
    _fill_xliff(xlf)
    text = re.sub(r' name="[^"]*"', "", xlf.read_text(encoding="utf-8"))  # a tool that dropped the names
    xlf.write_text(text, encoding="utf-8")
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(xlf))
    assert code == 0, out
    assert _yaml_fields(projekt / ENTRY_TR)["kurz"] == "TR Frühstück für Eltern mit Babys."


def test_import_does_not_follow_a_link_out_of_the_project(projekt: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    po = _exported(projekt, tmp_path, capsys)
    _fill_po(po)
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: draußen\n", encoding="utf-8")
    (projekt / ENTRY_TR).symlink_to(outside)
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(po))
    assert code == 1 and "symbolischer Link" in out, out
    assert outside.read_text(encoding="utf-8") == "name: draußen\n"


def test_export_into_a_missing_folder_says_so(projekt: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "uebersetzen", "export", str(projekt), "--sprache", "tr", "-o",
                     str(tmp_path / "fehlt" / "tr.po"))
    assert code == 2 and "gibt es nicht" in out and "interner Fehler" not in out, out


SPRACHEN = Path(__file__).resolve().parent / "fixtures" / "sprachen"


def test_round_trip_on_the_multilingual_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """English in the shared fixture: some translations current, some outdated, some missing. After one round trip
    every entry, page and quarter is translated and current."""
    root = tmp_path / "projekt"
    shutil.copytree(SPRACHEN, root)
    before = {s.sprache.code: s.zahlen for s in stand(_load(root))}
    assert before["en"]["eintrag"]["fehlt"] > 0  # the fixture leaves some out, so there is something to do
    po = tmp_path / "en.po"
    code, out = _run(capsys, "uebersetzen", "export", str(root), "--sprache", "en", "-o", str(po))
    assert code == 0, out
    units = _po_units(po)
    objects = {key.split("#")[0] + ("#" + key.split("#")[1].split("/")[0] if "kategorien" in key else "")
               for key in units}
    # what has no English file, and the language course whose "vorlage" is from an earlier German text;
    # not the café (current) nor the categories with an English text
    assert objects == {"quartiere/nordviertel/angebote/sprachkurs.yaml",
                       "quartiere/nordviertel/spielplaetze/wasserspielplatz.yaml",
                       "quartiere/suedviertel/schulen/grundschule-am-park.yaml", "quartiere/suedviertel/quartier.yaml",
                       "content/seiten/impressum.md", "content/seiten/datenschutz.md",
                       "content/seiten/barrierefreiheit.md", "content/kategorien.yaml#freizeit"}
    course = "quartiere/nordviertel/angebote/sprachkurs.yaml#"
    assert units[course + "kurz"][1:] == ("Learn German while your children are looked after next door.", True)
    assert units[course + "name"][1:] == ("German course for mothers with childcare", True)
    _fill_po(po, lambda german: "EN " + german)
    code, out = _run(capsys, "uebersetzen", "import", str(root), str(po))
    assert code == 0, out
    assert _run(capsys, "check", str(root))[0] == 0
    after = {s.sprache.code: s.zahlen for s in stand(_load(root))}
    for art in ("eintrag", "seite", "quartier", "kategorie", "site"):
        assert after["en"][art]["fehlt"] == 0 and after["en"][art]["veraltet"] == 0, (art, after["en"][art])
    assert after["ar"] == before["ar"]  # other languages untouched
    again = tmp_path / "nochmal.po"
    assert _run(capsys, "uebersetzen", "export", str(root), "--sprache", "en", "-o", str(again))[0] == 0
    assert _po_units(again) == {}


def test_xliff_outdated_targets_are_skipped_until_confirmed(projekt: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (projekt / ENTRY_TR).write_text(EXISTING.replace("000000000000", fingerabdruck(ENTRY_TEXTS)), encoding="utf-8")
    (projekt / ENTRY).write_text(ENTRY_TEXT.replace("mit Babys.", "mit Babys und Kleinkindern."), encoding="utf-8")
    xlf = _exported(projekt, tmp_path, capsys, ".xlf")
    segment = next(u for u in ET.parse(xlf).getroot().iter(f"{{{XLIFF}}}unit") if u.get("name") == f"{ENTRY}#kurz")
    assert segment.find(f"{{{XLIFF}}}segment").attrib == {"state": "initial", "subState": "wegweiser:veraltet"}
    before = _tree(projekt)
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(xlf))  # sent back unrevised
    assert code == 0, out
    assert _tree(projekt) == before and "--unsicher-uebernehmen" in out
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(xlf), "--unsicher-uebernehmen")
    assert code == 0, out
    current = dict(ENTRY_TEXTS, kurz="Frühstück für Eltern mit Babys und Kleinkindern.")
    assert _yaml_fields(projekt / ENTRY_TR)["vorlage"] == fingerabdruck(current)


# --- an import stopped at any moment: all or nothing ---------------------------------------------------------

# The issue killed an import of 1,507 files; 250 leave both phases room enough to be hit (each kill checks that it
# was), and ten imports of them take 15 s.
KILL_ENTRIES = 250


def _many_entries(tmp_path: Path, count: int) -> Path:
    """The minimal project with ``count`` more offers, every second one with an (older) English translation."""
    root = tmp_path / "viele"
    shutil.copytree(MINI, root)
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "sprachen: [de, en]\n", encoding="utf-8")
    folder = root / "quartiere/testviertel/angebote"
    for number in range(count):
        (folder / f"angebot-{number:04d}.yaml").write_text(
            f"name: Angebot {number}\nkurz: Ein Angebot für Familien, Nummer {number}.\nkategorien: [fruehe-hilfen]\n"
            "kontakt: koordination\nstichworte: [Spielen, Lernen]\nstand: 2026-10-01\n", encoding="utf-8")
        if number % 2 == 0:
            (folder / f"angebot-{number:04d}.en.yaml").write_text(f"name: Old offer {number}\n", encoding="utf-8")
    return root


def _restore(root: Path, tree: dict[str, bytes]) -> None:
    """Put the files of ``root`` back as in ``tree`` (after an import, or one killed)."""
    for journal in root.glob(".wegweiser-uebernahme-*"):
        shutil.rmtree(journal)
    for name in set(_tree(root)) - set(tree):
        (root / name).unlink()
    for name, data in tree.items():
        if (root / name).read_bytes() != data:
            (root / name).write_bytes(data)


def _wegweiser(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "wegweiser", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _temporary(folder: Path) -> int:
    return sum(1 for entry in os.scandir(folder) if entry.name.endswith(".neu"))


@dataclass(frozen=True)
class _Moment:
    phase: str  # "schreiben": temporary files being written; "umbenennen": being renamed into place
    share: float  # how far into the phase, by the number of temporary files written or renamed


def _stop_at(process: subprocess.Popen[str], folder: Path, moment: _Moment, count: int) -> bool:
    """Poll ``folder``'s temporary files until the import reaches ``moment``, then stop it (SIGSTOP, so that the state
    can be read as it is when SIGKILL comes). False when the import ended first."""
    peak = 0
    while process.poll() is None:
        found = _temporary(folder)
        peak = max(peak, found)
        if moment.phase == "schreiben":
            reached = found >= max(1, round(moment.share * count))
        else:
            reached = peak >= count and found <= round((1 - moment.share) * count)
        if reached:
            os.kill(process.pid, signal.SIGSTOP)
            os.waitpid(process.pid, os.WUNTRACED)
            return True
    return False


def _translations(root: Path) -> dict[str, bytes]:
    return {name: data for name, data in _tree(root).items() if ".en." in name}


@dataclass
class _Viele:
    """A project of many offers with an exchange file that translates them all, and the project's files before
    and after the import."""

    root: Path
    po: Path
    old: dict[str, bytes]
    new: dict[str, bytes]

    def copy(self, where: Path) -> Path:
        shutil.copytree(self.root, where)
        return where

    @property
    def changed(self) -> set[str]:
        return {name for name in self.new if self.old.get(name) != self.new[name]}


@pytest.fixture(scope="module")
def viele(tmp_path_factory: pytest.TempPathFactory) -> _Viele:
    folder = tmp_path_factory.mktemp("viele")
    root = _many_entries(folder, KILL_ENTRIES)
    po = folder / "en.po"
    assert main(["uebersetzen", "export", str(root), "--sprache", "en", "-o", str(po)]) == 0
    _fill_po(po, lambda german: "EN " + german)
    done = folder / "fertig"
    shutil.copytree(root, done)
    assert main(["uebersetzen", "import", str(done), str(po)]) == 0
    found = _Viele(root, po, _tree(root), _tree(done))
    assert len(found.changed) >= KILL_ENTRIES and all(".en." in name for name in found.changed)
    return found


def test_import_killed_at_six_moments_is_all_or_nothing_after_the_next_command(
        viele: _Viele, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """SIGKILL while the temporary files are written and while they are renamed, found by watching the folder:
    the next command (check, export) finishes or undoes the import; every file is then old or every file new, and
    no temporary file or journal is left."""
    root = viele.copy(tmp_path / "projekt")
    moments = [_Moment("schreiben", share) for share in (0.02, 0.5, 1.0)] + \
        [_Moment("umbenennen", share) for share in (0.02, 0.5, 0.9)]  # the start, middle and end of each phase
    outcomes = []
    for number, moment in enumerate(moments):
        process, seen = _import_stopped_at(root, viele, moment)
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
        following = ("check", str(root)) if number % 3 else \
            ("uebersetzen", "export", str(root), "--sprache", "en", "-o", str(tmp_path / "danach.po"))
        code, out = _run(capsys, *following)
        assert code == 0 and "Traceback" not in out, out
        state = _tree(root)
        assert state in (viele.old, viele.new), (moment, seen, sorted(set(state) - set(viele.new))[:3],
                                                 sum(state.get(name) == viele.new[name] for name in viele.changed))
        # before the journal is complete the import is undone, after it it is completed
        assert state == (viele.new if seen.decided else viele.old), (moment, seen)
        assert "abgebrochene Übernahme" in out, out
        outcomes.append("neu" if seen.decided else "alt")
        _restore(root, viele.old)
    assert outcomes.count("alt") >= 2 and outcomes[3:] == ["neu"] * 3, outcomes


@dataclass(frozen=True)
class _Seen:
    """The state of a stopped import."""

    renamed: int  # translation files in place
    left: int  # temporary files
    decided: bool  # the journal says the renames go ahead

    def at(self, moment: _Moment, files: int) -> bool:
        if moment.phase == "schreiben":
            return self.renamed == 0 and self.left > 0
        return 0 < self.renamed < files and self.left > 0


def _import_stopped_at(root: Path, viele: _Viele, moment: _Moment) -> tuple[subprocess.Popen[str], _Seen]:
    """An import of ``viele.po`` into ``root``, stopped (SIGSTOP) at ``moment``, with what it had done then. An
    import that outran the watcher is killed, undone, and started again."""
    folder = root / "quartiere/testviertel/angebote"
    for _attempt in range(6):
        process = _wegweiser("uebersetzen", "import", str(root), str(viele.po))
        if _stop_at(process, folder, moment, KILL_ENTRIES):
            translations = _translations(root)
            seen = _Seen(sum(translations.get(name) == viele.new[name] for name in viele.changed),
                         _temporary(folder), _journal_state(root) == "umbenennen")
            if seen.at(moment, len(viele.changed)):
                return process, seen
            os.kill(process.pid, signal.SIGKILL)
        process.communicate()
        _restore(root, viele.old)
    pytest.fail(f"moment {moment} not reached")


@pytest.mark.parametrize("stop, moment, code", [
    (signal.SIGTERM, _Moment("schreiben", 0.5), 143),
    (signal.SIGHUP, _Moment("umbenennen", 0.5), 129),  # the terminal was closed (Strg+C takes the same way)
], ids=["SIGTERM", "SIGHUP"])
def test_import_stopped_by_a_signal_undoes_or_completes_it_before_it_ends(
        viele: _Viele, tmp_path: Path, stop: signal.Signals, moment: _Moment, code: int) -> None:
    """While writing, a stop request undoes the import at once; while renaming it waits until every file is in
    place. Either way nothing is left behind, without help from a later command."""
    root = viele.copy(tmp_path / "projekt")
    process, _seen = _import_stopped_at(root, viele, moment)
    os.kill(process.pid, stop)
    os.kill(process.pid, signal.SIGCONT)
    out, err = process.communicate()
    assert process.returncode == code, (out, err)
    assert "Abgebrochen" in err and "Traceback" not in err, err
    assert _tree(root) == (viele.old if moment.phase == "schreiben" else viele.new)
    if moment.phase == "umbenennen":
        assert f"Texte in {len(viele.changed)} Dateien" in out  # the report of what was done comes first


def _journal_state(root: Path) -> str | None:
    """The state of the import's journal (see ``journal``); None without one."""
    found = list(root.glob(".wegweiser-uebernahme-*/journal"))
    return json.loads(found[0].read_text(encoding="utf-8"))["zustand"] if found else None


# --- what an import takes, and counts ------------------------------------------------------------------------

KONTAKT = "quartiere/testviertel/kontakte/koordination.yaml"


def _texts_in(path: Path) -> int:
    """How many translated texts a translation file holds: one per field, one per list item."""
    def count(fields: dict[str, object]) -> int:
        return sum(len(value) if isinstance(value, list) else count(value) if isinstance(value, dict) else 1
                   for name, value in fields.items() if name not in ("vorlage", "original") and value)

    return count(_yaml_fields(path))  # kategorien.<code>.yaml: one mapping per category


def _po_unit(context: str, source: str, target: str) -> str:
    return f'\nmsgctxt "{context}"\nmsgid "{source}"\nmsgstr "{target}"\n'


def test_units_the_original_lacks_are_not_taken_nor_counted(projekt: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's file: 100,000 units of a list of two search words, and a 19 MB description for a contact that
    has none. Neither grows the translation; the count is of the texts written."""
    po = _exported(projekt, tmp_path, capsys)
    _fill_po(po)
    wanted = len(_po_units(po))  # every unit of the export is filled, each a field or item the original has
    extra = "".join(_po_unit(f"{ENTRY}#stichworte/{n}", f"Wort {n}", f"Kelime {n}") for n in range(3, 100001))
    po.write_text(po.read_text(encoding="utf-8") + extra + _po_unit(f"{KONTAKT}#beschreibung", "Beschreibung",
                                                                    "x" * 19_000_000), encoding="utf-8")
    first_extra, description = _line_of(po, "#stichworte/3"), _line_of(po, f"{KONTAKT}#beschreibung")
    before = _tree(projekt)
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(po))
    assert code == 0, out[-2000:]
    assert f"Übernommen ins Türkçe (tr): {wanted} Texte in " in out
    assert re.search(rf"{re.escape(po.as_posix())}:{first_extra}(:\d+)?: Warnung: Das Original hat nur 2 Einträge "
                     rf"in „stichworte“: „{ENTRY}#stichworte/3“ bis „{ENTRY}#stichworte/100000“ \(99\.998 Einheiten\)"
                     " werden nicht übernommen", out), out[-3000:]
    assert re.search(rf"{re.escape(po.as_posix())}:{description}(:\d+)?: Warnung: Das Original hat kein "
                     "„beschreibung“", out), out[-3000:]
    written = {name for name, data in _tree(projekt).items() if before.get(name) != data}
    assert sum(_texts_in(projekt / name) for name in written) == wanted
    assert _yaml_fields(projekt / ENTRY_TR)["stichworte"] == ["TR Frühstück", "TR Krabbelgruppe"]
    contact = projekt / "quartiere/testviertel/kontakte/koordination.tr.yaml"
    assert "beschreibung" not in _yaml_fields(contact) and contact.stat().st_size < 1000
    code, out = _run(capsys, "check", str(projekt))
    assert code == 0 and "wird nicht gezeigt" not in out, out


def test_a_target_far_longer_than_its_original_is_refused(projekt: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    po = _exported(projekt, tmp_path, capsys)
    _fill_po(po, lambda german: "LANG" if german == ENTRY_TEXTS["beschreibung"] else _translate(german))
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "LANG"', f'msgstr "{"y" * 19_000_000}"'),
                  encoding="utf-8")  # Babel would take minutes to wrap it
    line = _line_of(po, "yyyyyyyy")
    before = _tree(projekt)
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(po))
    assert code == 1, out[-2000:]
    assert re.search(rf"{re.escape(po.as_posix())}:{line}(:\d+)?: Fehler: „{ENTRY}#beschreibung“: Die Übersetzung "
                     r"ist 19\.000\.000 Zeichen lang, das Original \d+; erlaubt sind höchstens 5\.000", out), out[-2000:]
    assert _tree(projekt) == before


@pytest.mark.parametrize("number", ["²", "0", "9" * 5000])
def test_odd_list_numbers_in_unit_names(projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        number: str) -> None:
    po = _exported(projekt, tmp_path, capsys)
    _fill_po(po)
    po.write_text(po.read_text(encoding="utf-8") + _po_unit(f"{ENTRY}#stichworte/{number}", "Wort", "Kelime"),
                  encoding="utf-8")
    line = _line_of(po, f"#stichworte/{number}")
    code, out = _run(capsys, "uebersetzen", "import", str(projekt), str(po))
    assert "Traceback" not in out and "interner Fehler" not in out, out[-2000:]
    severity = "Warnung" if number.isascii() and number != "0" else "Fehler"
    assert re.search(rf"{re.escape(po.as_posix())}:{line}(:\d+)?: {severity}: ", out), out[-2000:]
    assert code == (0 if severity == "Warnung" else 1)


# --- leftovers, planted journals, files changed meanwhile ----------------------------------------------------

def test_check_reports_temporary_files_no_running_import_explains(projekt: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The debris the issue found (``.<name>.<random>.neu`` of imports killed before the journal) and files of an
    import whose process is gone are located warnings; a running import's are not reported."""
    from wegweiser.core.processes import start_time as _start_time

    folder = projekt / "quartiere/testviertel/angebote"
    old_style = folder / ".elterncafe.tr.yaml.k2j4h1a9.neu"
    orphan = projekt / "content" / ".site.tr.yaml.wegweiser-uebernahme-999999-0-abcd1234.neu"
    running = folder / f".elterncafe.uk.yaml.wegweiser-uebernahme-{os.getpid()}-{_start_time(os.getpid())}-x1.neu"
    for path in (old_style, orphan, running):
        path.write_text("name: halb\n", encoding="utf-8")
    code, out = _run(capsys, "check", str(projekt))
    assert code == 0, out
    for path, target in ((old_style, "elterncafe.tr.yaml"), (orphan, "site.tr.yaml")):
        shown = path.relative_to(projekt).as_posix()
        assert f"{shown}: Warnung: „{path.name}“ ist eine übrig gebliebene Zwischendatei einer abgebrochenen " \
               f"Übernahme von Übersetzungen (zu „{target}“)" in out, out
    assert running.name not in out
    assert _run(capsys, "check", str(projekt), "--streng")[0] == 1
    assert old_style.exists() and orphan.exists()  # whose they are is not certain: the editor deletes them


def test_a_planted_journal_reaches_nothing_outside_the_content_folders(
        projekt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A journal of a process that is gone (it might come with a repository) renames only into content/ and
    quartiere/, never through ``..`` or a link, and never writes a target's temporary file name it made up."""
    token = "wegweiser-uebernahme-999999-0-abcd1234"
    journal = projekt / f".{token}"
    journal.mkdir()
    outside = tmp_path / "draussen.yaml"
    outside.write_text("meins\n", encoding="utf-8")
    (projekt / "content" / "link").symlink_to(tmp_path)
    (projekt / "Makefile").write_text("all:\n", encoding="utf-8")
    targets = ["../draussen.yaml", "Makefile", "content/../Makefile", "content/link/draussen.yaml", ENTRY_TR]
    for name in ("../draussen.yaml", "Makefile", ENTRY_TR):
        (projekt / name).with_name(f".{Path(name).name}.{token}.neu").write_text("fremd\n", encoding="utf-8")
    (tmp_path / f".draussen.yaml.{token}.neu").write_text("fremd\n", encoding="utf-8")
    (journal / "journal").write_text(json.dumps({"zustand": "umbenennen", "ziele": targets}), encoding="utf-8")
    _code, out = _run(capsys, "check", str(projekt))
    assert "abgeschlossen" in out
    assert outside.read_text(encoding="utf-8") == "meins\n"
    assert (projekt / "Makefile").read_text(encoding="utf-8") == "all:\n"
    assert (projekt / ENTRY_TR).read_text(encoding="utf-8") == "fremd\n"  # inside: as if the import had written it
    assert not journal.exists()


def test_a_planted_journal_replaces_no_original_and_counts_what_it_replaced(
        projekt: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Attack on issue 24: a planted journal made ``check`` replace ``content/site.yaml`` and the address record
    (originals, not translations) and said "alle 3 Dateien" where 2 were replaced. Only translation files are
    targets, and the note counts the files replaced."""
    token = "wegweiser-uebernahme-999999-1-abc"
    journal = projekt / f".{token}"
    journal.mkdir()
    site = (projekt / "content" / "site.yaml").read_text(encoding="utf-8")
    targets = ["content/site.yaml", "content/adressen.txt", "quartiere/testviertel/quartier.yaml", ENTRY_TR]
    for name in ("content/site.yaml", "content/adressen.txt", ENTRY_TR):
        (projekt / name).with_name(f".{Path(name).name}.{token}.neu").write_text("titel: GEPFLANZT\n", "utf-8")
    (journal / "journal").write_text(json.dumps({"zustand": "umbenennen", "ziele": targets}), encoding="utf-8")
    _code, out = _run(capsys, "check", str(projekt))
    assert (projekt / "content" / "site.yaml").read_text(encoding="utf-8") == site
    assert not (projekt / "content" / "adressen.txt").exists()
    assert (projekt / ENTRY_TR).read_text(encoding="utf-8") == "titel: GEPFLANZT\n"
    assert re.search(r"\b1 Datei\b", out) and "3 Dateien" not in out and "4 Dateien" not in out, out


def test_a_translation_saved_during_the_import_is_not_overwritten(projekt: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from wegweiser.core.journal import TargetChanged
    from wegweiser.editors.translator_exchange import planen, schreiben

    (projekt / ENTRY_TR).write_text("name: Kafe\n", encoding="utf-8")
    po = _exported(projekt, tmp_path, capsys)
    _fill_po(po)
    plan = planen(projekt, po, False)
    (projekt / ENTRY_TR).write_text("name: Ebeveyn Kafesi\n", encoding="utf-8")  # an editor saves meanwhile
    before = _tree(projekt)
    with pytest.raises(TargetChanged):
        schreiben(projekt, plan)
    assert _tree(projekt) == before
