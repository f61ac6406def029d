"""The loader keeps positions and sidesteps YAML 1.1's traps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from wegweiser.model.located_yaml import MAX_DEPTH, LoadError, YList, YMap, YScalar, load_markdown_file, load_yaml_file


def _load(tmp_path: Path, text: str | bytes, name: str = "e.yaml") -> YMap:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    loader = load_markdown_file if name.endswith(".md") else load_yaml_file
    return loader(path, name).data


def _scalar(data: YMap, key: str) -> YScalar:
    node = data.entries[key][1]
    assert isinstance(node, YScalar)
    return node


@pytest.mark.parametrize(("line", "key", "text"), [
    ("zeit: 15:30", "zeit", "15:30"),       # YAML 1.1 sexagesimal: would be 930
    ("kosten: nein", "kosten", "nein"),     # YAML 1.1 boolean: would be False
    ("antwort: NO", "antwort", "NO"),
    ("licht: on", "licht", "on"),
    ("plz: 01234", "plz", "01234"),         # YAML 1.1 octal: would be 668
    ("nummer: 0x1F", "nummer", "0x1F"),
    ("datum: 2026-10-03", "datum", "2026-10-03"),
    ("kosten: 1_000", "kosten", "1_000"),
])
def test_scalars_stay_text(tmp_path: Path, line: str, key: str, text: str) -> None:
    assert _scalar(_load(tmp_path, line + "\n"), key).text == text


def test_positions_are_one_based(tmp_path: Path) -> None:
    data = _load(tmp_path, "name: Kita\nadresse:\n  plz: \"44147\"\nsprachen: [de, tr]\n")
    assert data.entries["name"][0].line == 1
    plz = data.entries["adresse"][1]
    assert isinstance(plz, YMap)
    assert (plz.entries["plz"][1].loc.line, plz.entries["plz"][1].loc.column) == (3, 8)
    langs = data.entries["sprachen"][1]
    assert isinstance(langs, YList)
    assert [(i.loc.line, i.loc.column) for i in langs.items] == [(4, 12), (4, 16)]


def test_crlf_and_bom_are_handled(tmp_path: Path) -> None:
    data = _load(tmp_path, "\ufeffname: Kita\r\nkurz: Gut.\r\nstand: 2026-10-01\r\n".encode())
    assert _scalar(data, "name").text == "Kita"
    assert _scalar(data, "stand").loc.line == 3
    assert _scalar(data, "kurz").text == "Gut."


def test_cp1252_file_is_located(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        _load(tmp_path, "name: ok\nkurz: Fr\xfchst\xfcck\n".encode("latin-1"))
    assert (info.value.loc.line, info.value.loc.column) == (2, 9)
    assert "Windows-1252" in info.value.hint


def test_duplicate_keys_are_all_kept_as_findings(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("name: a\nname: b\nkurz: x\nkurz: y\n", encoding="utf-8")
    doc = load_yaml_file(path, "d.yaml")
    assert [(loc.line, key, first.line) for loc, key, first in doc.duplicates or []] == [(2, "name", 1), (4, "kurz", 3)]
    assert _scalar(doc.data, "name").text == "a"  # the first value wins, and the editor is told


def test_markdown_body_and_front_matter_lines(tmp_path: Path) -> None:
    path = tmp_path / "e.md"
    path.write_text("---\nname: Kita\nstand: 2026-10-01\n---\nErster Absatz.\n", encoding="utf-8")
    doc = load_markdown_file(path, "e.md")
    assert _scalar(doc.data, "stand").loc.line == 3
    assert doc.body == "Erster Absatz.\n"
    assert doc.body_line == 5


# Words of libyaml's English messages: none may reach an editor.
_ENGLISH = re.compile(r"\b(expected|found|while|could not|scanning|parsing|allowed|character|mapping|stream)\b")


@pytest.mark.parametrize(("text", "line", "column"), [
    ("name: x\nkurz Text\nstand: 1\n", 2, 1),                # missing colon: at its own line, not the next
    ("name: x\n---\nname: y\n", 2, 1),                       # a second document
    ("name: x\nkurz: a\x07b\n", 2, 8),                        # a control character at its real place
    ("name: x\nkurz: \"C:\\Users\\x\"\n", 2, 10),             # an invalid escape, at its backslash
    ("a: - b\n", 1, 4),
    ("a: [b\n", 1, 4),                                       # an unclosed bracket, at the bracket
    ("%TAG x\n", 1, 1),
    ("a: |\n  x\n y: 1\n", 3, 2),
    ("a: b\n...\nc: d\n", 3, 1),
    ("a: 'x\n", 1, 4),
    ("name: x\n: y\n", 2, 1),                                 # a colon without a field name                                       # an unclosed quote, at the quote
])
def test_yaml_errors_are_german_and_located(tmp_path: Path, text: str, line: int, column: int) -> None:
    with pytest.raises(LoadError) as info:
        _load(tmp_path, text)
    assert (info.value.loc.line, info.value.loc.column) == (line, column), info.value.message
    assert not _ENGLISH.search(info.value.message + " " + info.value.hint), info.value.message


def test_utf16_is_named(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        _load(tmp_path, "name: Kita\nstand: 2026-10-01\n".encode("utf-16"))
    assert info.value.message == "Die Datei ist als UTF-16 gespeichert, bitte als UTF-8 speichern."


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["[", "{a: ", "- "]), min_size=MAX_DEPTH + 1, max_size=3000))
def test_deep_nesting_is_a_located_error(tmp_path_factory: pytest.TempPathFactory, openers: list[str]) -> None:
    """Any nesting deeper than the limit, in brackets or list markers, is refused where it gets too deep."""
    closers = {"[": "]", "{a: ": "}", "- ": ""}
    lines = ["name: x", "stichworte:"]
    flow = any(o != "- " for o in openers)
    if flow:  # brackets on one line; list markers inside brackets are not YAML, so use brackets only
        openers = ["[" if o == "- " else o for o in openers]
        lines.append("  " + "".join(openers) + "x" + "".join(closers[o] for o in reversed(openers)))
    else:
        lines.append("  " + "".join(openers) + "x")
    path = tmp_path_factory.mktemp("t") / "e.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_yaml_file(path, "e.yaml")
    assert info.value.message == f"Die Angaben sind zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen)."
    assert info.value.loc.line == 3


def test_blank_quoted_text_is_no_value(tmp_path: Path) -> None:
    data = _load(tmp_path, "a: \"\"\nb: '   '\nc: \"0\"\nd: |\n\ne: x\n")
    assert [_scalar(data, k).is_null for k in "abcde"] == [True, True, False, True, False]


def test_comments_in_values_are_noted(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text("kurz: Raum#3 #5 Treff\nprimaer: #1f5f8b\ntelefon:  # kommt noch\nweb: x # ok?\n"
                    "name: \"A #1\" # Kommentar nach Anführungszeichen\nliste:\n  - a # b\n", encoding="utf-8")
    doc = load_yaml_file(path, "e.yaml")
    assert _scalar(doc.data, "kurz").text == "Raum#3"
    assert [(n.loc.line, n.loc.column, n.error) for n in doc.notes] == [
        (1, 14, False), (2, 10, True), (3, 11, False), (4, 8, False), (7, 7, False)]


# Random text, and random YAML-looking text built from YAML's own punctuation: the loader either
# returns a tree or raises its own located LoadError, never anything else.
_yamlish = st.lists(st.sampled_from(["name", ":", " ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "\"", "'", "#",
                                     "&a", "*a", "!!str", "!x", "|", ">", "\t", "---", "...", "? ", "%YAML 1.1",
                                     "ä", "\ufeff", "\r\n", "15:30", "0x", "@", "`", "\\", "\x00"]),
                    max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), _yamlish))
def test_loader_never_raises_anything_else(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("h") / "e.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        doc = load_yaml_file(path, "e.yaml")
    except LoadError as exc:
        assert exc.loc.path == "e.yaml"
        assert exc.loc.line >= 1
        assert exc.message and not exc.message.startswith("Traceback")
        assert not _ENGLISH.search(exc.message + " " + exc.hint), exc.message
    else:
        assert isinstance(doc.data, YMap)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=120))
def test_loader_on_random_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("b") / "e.md"
    path.write_bytes(b"---\n" + data)
    try:
        load_markdown_file(path, "e.md")
    except LoadError as exc:
        assert exc.loc.line >= 1


def test_pyyaml_itself_would_fall_into_the_traps() -> None:
    """Guards the premise of the loader: plain PyYAML really does convert these."""
    assert yaml.safe_load("a: 15:30\nb: no\nc: 01234\nd: on\n") == {"a": 930, "b": False, "c": 668, "d": True}
