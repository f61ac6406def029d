"""Reading content files into located YAML trees.

Every scalar stays text together with its file, line and column; the model decides what a value
means (``fields``). That sidesteps YAML 1.1's traps by construction: ``15:30`` is not 930, ``nein``
and ``on`` are not booleans, and the postcode ``01234`` stays "01234". Duplicate keys, aliases and
tags are reported instead of silently resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from wegweiser.problems import Loc

# libyaml's composer is about ten times faster than the pure-Python one and reports the same marks.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


@dataclass(slots=True)
class YScalar:
    text: str
    loc: Loc
    style: str  # "" plain, '"' or "'" quoted, "|" or ">" block
    indent: int = 0  # for block scalars: the indentation of the content lines

    @property
    def is_null(self) -> bool:
        return self.style == "" and self.text in _NULLS

    def loc_in_text(self, offset: int) -> Loc:
        """The location of character ``offset`` of the value (exact for plain, quoted and literal text)."""
        before = self.text[:offset]
        if self.style in ("|", ">"):
            line_offset = before.count("\n") + 1
            return Loc(self.loc.path, self.loc.line + line_offset, self.indent + len(before) - before.rfind("\n"))
        if "\n" in before:
            return Loc(self.loc.path, self.loc.line + before.count("\n"), len(before) - before.rfind("\n"))
        quote = 1 if self.style in ('"', "'") else 0
        return Loc(self.loc.path, self.loc.line, self.loc.column + quote + offset)


@dataclass(slots=True)
class YMap:
    loc: Loc
    # key -> (location of the key, value); insertion order is the file's order
    entries: dict[str, tuple[Loc, YNode]]


@dataclass(slots=True)
class YList:
    loc: Loc
    items: list[YNode]


YNode = YScalar | YMap | YList


class LoadError(Exception):
    """A file that cannot be read as content: the message is German and located."""

    def __init__(self, loc: Loc, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message
        self.hint = hint


@dataclass(slots=True)
class Document:
    """A loaded file: its fields, and for Markdown files the body after the front matter."""

    path: str
    data: YMap
    body: str | None = None
    body_line: int = 0
    duplicates: list[tuple[Loc, str, Loc]] | None = None  # (location, key, first location)


def read_text(path: Path, shown: str) -> str:
    """Decode a file as UTF-8 (with or without BOM), normalising line ends; a located error otherwise."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        hint = "Speichern Sie die Datei mit der Kodierung UTF-8 (im Editor: „Speichern unter“ → Kodierung UTF-8)."
        try:
            raw.decode("cp1252")
            hint = "Die Datei ist vermutlich in Windows-1252 („ANSI“) gespeichert. " + hint
        except UnicodeDecodeError:
            pass
        raise LoadError(Loc(shown, line, column), "Die Datei ist nicht in UTF-8 kodiert.", hint) from None
    if "\x00" in text:
        raise LoadError(Loc(shown, 1, 1), "Die Datei enthält Nullbytes und ist wohl keine Textdatei.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml_file(path: Path, shown: str) -> Document:
    text = read_text(path, shown)
    data, duplicates = _parse_mapping(text, shown, line_offset=0)
    return Document(shown, data, duplicates=duplicates)


_ALIAS = re.compile(r"(?:^|:\s+|-\s+|[\[{,]\s*)(\*[A-Za-z0-9_-]+)\s*(?:$|[,\]}#])")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def load_markdown_file(path: Path, shown: str) -> Document:
    """A Markdown file whose YAML front matter (between ``---`` lines) holds the fields."""
    text = read_text(path, shown)
    if not text.startswith("---\n") and text.strip() != "---":
        raise LoadError(
            Loc(shown, 1, 1),
            "Die Markdown-Datei beginnt nicht mit einem Front-Matter-Block.",
            "Die erste Zeile muss „---“ sein, dann folgen die Felder (name: …, stand: …), dann wieder „---“.",
        )
    end = _FRONT_MATTER_END.search(text, 4)
    if end is None:
        raise LoadError(
            Loc(shown, 1, 1),
            "Der Front-Matter-Block wird nicht mit „---“ abgeschlossen.",
            "Setzen Sie nach dem letzten Feld eine Zeile „---“; danach folgt die Beschreibung.",
        )
    front = text[4 : end.start()]
    body = text[end.end() + 1 :]
    body_line = text[: end.end()].count("\n") + 2
    data, duplicates = _parse_mapping(front, shown, line_offset=1)
    return Document(shown, data, body, body_line, duplicates)


def _parse_mapping(text: str, shown: str, line_offset: int) -> tuple[YMap, list[tuple[Loc, str, Loc]]]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, shown, line_offset) from None
    except yaml.YAMLError as exc:  # errors without a mark are rare; keep them located at the file
        raise LoadError(Loc(shown, 1, 1), f"Die Datei ist kein gültiges YAML ({exc}).") from None
    if node is None:
        raise LoadError(Loc(shown, 1 + line_offset, 1), "Die Datei enthält keine Felder.",
                        "Jeder Eintrag braucht mindestens „name:“ und „stand:“.")
    builder = _Builder(text, shown, line_offset)
    tree = builder.build(node)
    if not isinstance(tree, YMap):
        raise LoadError(tree.loc, "Erwartet wurden Felder der Form „schlüssel: wert“.",
                        "Beginnen Sie jede Zeile mit einem Feldnamen, z. B. „name: Elterncafé“.")
    return tree, builder.duplicates


class _Builder:
    def __init__(self, text: str, shown: str, line_offset: int) -> None:
        self.lines = text.split("\n")
        self.shown = shown
        self.line_offset = line_offset
        self.seen: set[int] = set()
        self.duplicates: list[tuple[Loc, str, Loc]] = []

    def block_indent(self, header_line: int) -> int:
        for line in self.lines[header_line + 1:]:
            if line.strip():
                return len(line) - len(line.lstrip(" "))
        return 0

    def alias_loc(self) -> Loc | None:
        for number, line in enumerate(self.lines):
            match = _ALIAS.search(line)
            if match:
                return Loc(self.shown, number + 1 + self.line_offset, match.start(1) + 1)
        return None

    def loc(self, node: yaml.Node) -> Loc:
        mark = node.start_mark
        return Loc(self.shown, mark.line + 1 + self.line_offset, mark.column + 1)

    def build(self, node: yaml.Node) -> YNode:
        if id(node) in self.seen:
            # The composer hands out the anchored node again; report where the alias (*name) stands.
            raise LoadError(self.alias_loc() or self.loc(node),
                            "Anker und Verweise (&name, *name) werden nicht unterstützt.",
                            "Schreiben Sie den Wert an jeder Stelle aus.")
        self.seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise LoadError(self.loc(node), f"Die Markierung „{tag}“ wird nicht unterstützt.",
                            "Lassen Sie Angaben mit „!“ weg und schreiben Sie nur den Wert.")
        if isinstance(node, yaml.ScalarNode):
            style = node.style or ""
            indent = self.block_indent(node.start_mark.line) if style in ("|", ">") else 0
            return YScalar(node.value, self.loc(node), style, indent)
        if isinstance(node, yaml.SequenceNode):
            return YList(self.loc(node), [self.build(item) for item in node.value])
        assert isinstance(node, yaml.MappingNode)
        entries: dict[str, tuple[Loc, YNode]] = {}
        for key_node, value_node in node.value:
            key_loc = self.loc(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise LoadError(key_loc, "Ein Feldname muss ein einfacher Text sein.")
            key = key_node.value
            if key == "<<" and not key_node.style:
                raise LoadError(key_loc, "Zusammenführen mit „<<“ wird nicht unterstützt.",
                                "Schreiben Sie die Felder aus.")
            value = self.build(value_node)
            if key in entries:
                # Kept as a problem, not an exception, so that every duplicate of a file is reported.
                self.duplicates.append((key_loc, key, entries[key][0]))
                continue
            entries[key] = (key_loc, value)
        return YMap(self.loc(node), entries)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, shown: str, line_offset: int) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    assert mark is not None
    loc = Loc(shown, mark.line + 1 + line_offset, mark.column + 1)
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    char = _char_at(text, mark.line, mark.column)
    if "tab" in problem or char == "\t":
        return LoadError(loc, "Tabulatorzeichen sind in YAML nicht erlaubt.",
                         "Rücken Sie mit Leerzeichen ein (zwei pro Ebene).")
    if "mapping values are not allowed" in problem:
        return LoadError(loc, "Ein Doppelpunkt steht an einer Stelle, an der er nicht stehen darf.",
                         "Enthält ein Wert „: “, setzen Sie ihn in Anführungszeichen: titel: \"Hinweis: …\". "
                         "Fehlt in der Zeile davor der Doppelpunkt nach dem Feldnamen?")
    if "quoted scalar" in context:
        return LoadError(Loc(shown, exc.context_mark.line + 1 + line_offset, exc.context_mark.column + 1)
                         if exc.context_mark else loc,
                         "Ein Anführungszeichen wird nicht geschlossen.",
                         "Schließen Sie den Text mit demselben Anführungszeichen, mit dem er beginnt.")
    if "undefined alias" in problem:
        return LoadError(loc, "Anker und Verweise (&name, *name) werden nicht unterstützt.",
                         "Ein Wert, der mit * beginnt, muss in Anführungszeichen stehen.")
    if "flow sequence" in context or "flow mapping" in context:
        return LoadError(loc, "Eine Liste in [eckigen] oder {geschweiften} Klammern wird nicht geschlossen.",
                         "Prüfen Sie Kommas und die schließende Klammer.")
    if "block mapping" in context or "block collection" in context or "expected key" in problem:
        return LoadError(loc, "Die Einrückung stimmt nicht.",
                         "Felder derselben Ebene müssen genau untereinander beginnen; "
                         "Listenpunkte („- “) stehen eingerückt unter ihrem Feld.")
    if "cannot start any token" in problem:
        return LoadError(loc, f"Das Zeichen „{char}“ darf hier nicht am Anfang eines Wertes stehen.",
                         "Setzen Sie den Wert in Anführungszeichen.")
    return LoadError(loc, f"Die Datei ist kein gültiges YAML: {exc.problem or exc.context}.")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return "?"
