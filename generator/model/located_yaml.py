"""Reading content files into located YAML trees.

Every scalar stays text together with its file, line and column; the model decides what a value
means (``fields``). That sidesteps YAML 1.1's traps by construction: ``15:30`` is not 930, ``nein``
and ``on`` are not booleans, and the postcode ``01234`` stays "01234". Duplicate keys, aliases and
tags are reported instead of silently resolved.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml

from wegweiser.core.problems import Fix, Loc
from wegweiser.model import word_chars as wc

# libyaml's composer is about ten times faster than the pure-Python one and reports the same marks.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)



class _Mark(Protocol):
    """A place in the text, as both parsers (pure Python and libyaml) mark their events."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


def _marked(mark: _Mark | None) -> _Mark:
    """An event's mark: the parsers set every one (PyYAML's stubs allow None for events made by hand)."""
    assert mark is not None
    return mark


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
    key: str = ""  # the field this value belongs to ("" at the top of a file)

    @property
    def is_null(self) -> bool:
        """No value: an empty plain value or ``~``/``null``, or quoted or block text that is blank."""
        return self.text in _NULLS if self.style == "" else not self.text.strip()

    def loc_in_text(self, offset: int) -> Loc:
        """The location of character ``offset`` of the value (exact for plain, quoted and literal text)."""
        return self.locs_in_text([offset])[0]

    def locs_in_text(self, offsets: list[int]) -> list[Loc]:
        """``loc_in_text`` for ascending offsets, in one pass over the text (many parts stay linear)."""
        result = []
        newlines, last_newline, position = 0, -1, 0
        quote = 1 if self.style in ('"', "'") else 0
        for offset in offsets:
            found = self.text.rfind("\n", position, offset)
            if found >= 0:
                newlines += self.text.count("\n", position, offset)
                last_newline = found
            position = max(position, offset)
            if self.style in ("|", ">"):
                result.append(Loc(self.loc.path, self.loc.line + newlines + 1, self.indent + offset - last_newline))
            elif newlines:
                result.append(Loc(self.loc.path, self.loc.line + newlines, offset - last_newline))
            else:
                result.append(Loc(self.loc.path, self.loc.line, self.loc.column + quote + offset))
        return result


@dataclass(slots=True)
class YMap:
    loc: Loc
    # key -> (location of the key, value); insertion order is the file's order
    entries: dict[str, tuple[Loc, YNode]]
    key: str = ""


@dataclass(slots=True)
class YList:
    loc: Loc
    items: list[YNode]
    key: str = ""


YNode = YScalar | YMap | YList


class LoadError(Exception):
    """A file that cannot be read as content: the message is German and located."""

    def __init__(self, loc: Loc, message: str, hint: str = "", fixes: tuple[Fix, ...] = ()) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message
        self.hint = hint
        self.fixes = fixes  # what ``check --reparieren`` would change (Word's quotes that broke the file)


@dataclass(slots=True)
class Note:
    """Something the loader noticed while reading a file that did not stop it (e.g. text read as a comment)."""

    loc: Loc
    message: str
    hint: str = ""
    error: bool = False
    fixes: tuple[Fix, ...] = ()


@dataclass(slots=True)
class Document:
    """A loaded file: its fields, and for Markdown files the body after the front matter."""

    path: str
    data: YMap
    body: str | None = None
    body_line: int = 0
    duplicates: list[tuple[Loc, str, Loc]] | None = None  # (location, key, first location)
    notes: list[Note] = field(default_factory=list)


# Characters YAML does not allow in a file (YAML 1.1 "printable" set): C0 controls except tab and
# line ends, DEL, C1 controls except NEL, surrogates and the non-characters U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_NAMES = {0x00: "Nullbyte", 0x07: "Klingelzeichen", 0x08: "Rückschritt", 0x0B: "vertikaler Tabulator",
                  0x0C: "Seitenvorschub", 0x1B: "Escape", 0x7F: "Löschzeichen"}
UTF8_HINT = "Speichern Sie die Datei mit der Kodierung UTF-8 (im Editor: „Speichern unter“ → Kodierung UTF-8)."


def forbidden_character(text: str) -> int | None:
    """The code of the first character a content file may not hold (``read_text`` refuses it); None without one."""
    bad = _FORBIDDEN.search(text)
    return ord(bad.group()) if bad else None


def control_name(code: int) -> str:
    """"U+001B, Escape": a control character as the messages name it."""
    name = _CONTROL_NAMES.get(code)
    return f"U+{code:04X}" + (f", {name}" if name else "")


def _utf16(raw: bytes) -> bool:
    """A byte-order mark of UTF-16, or the NUL byte in every other place that UTF-16 gives plain text."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = raw[:2000]
    if len(sample) < 4:
        return False
    half = len(sample) // 2
    return sample[1::2].count(0) > half * 0.6 or sample[0::2].count(0) > half * 0.6


def read_text(path: Path, shown: str, raw: bytes | None = None) -> str:
    """Decode a file (its bytes ``raw`` if they were read already) as UTF-8 (with or without BOM), normalising line
    ends; a located error otherwise."""
    raw = path.read_bytes() if raw is None else raw
    if _utf16(raw):
        raise LoadError(Loc(shown, 1, 1), "Die Datei ist als UTF-16 gespeichert, bitte als UTF-8 speichern.",
                        UTF8_HINT)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        hint = UTF8_HINT
        try:
            raw.decode("cp1252")
            hint = "Die Datei ist vermutlich in Windows-1252 („ANSI“) gespeichert. " + hint
        except UnicodeDecodeError:
            pass
        raise LoadError(Loc(shown, line, column), "Die Datei ist nicht in UTF-8 kodiert.", hint) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _FORBIDDEN.search(text)
    if bad:
        before_text = text[: bad.start()]
        loc = Loc(shown, before_text.count("\n") + 1, bad.start() - (before_text.rfind("\n") + 1) + 1)
        code = ord(bad.group())
        what = control_name(code)
        if code == 0:
            raise LoadError(loc, f"Die Datei enthält ein Nullbyte ({what}) und ist wohl keine Textdatei.",
                            "Speichern Sie die Datei als reinen Text in UTF-8.")
        raise LoadError(loc, f"Die Datei enthält ein unsichtbares Steuerzeichen ({what}).",
                        "Löschen Sie es (es gerät oft beim Kopieren aus anderen Programmen hinein); "
                        "am einfachsten schreiben Sie die Stelle neu.")
    return text


def load_yaml_file(path: Path, shown: str, raw: bytes | None = None) -> Document:
    text = read_text(path, shown, raw)
    data, builder = _parse_mapping(text, shown, line_offset=0)
    return Document(shown, data, duplicates=builder.duplicates, notes=builder.notes)


_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def load_markdown_file(path: Path, shown: str, raw: bytes | None = None) -> Document:
    """A Markdown file whose YAML front matter (between ``---`` lines) holds the fields (its bytes ``raw`` if they
    were read already)."""
    text = read_text(path, shown, raw)
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
    data, builder = _parse_mapping(front, shown, line_offset=1)
    return Document(shown, data, body, body_line, builder.duplicates, builder.notes)


MAX_DEPTH = 20  # content needs four levels at most; deeper nesting is a mistake or an attack


def _parse_mapping(text: str, shown: str, line_offset: int) -> tuple[YMap, _Builder]:
    # Word's spaces where YAML needs a space: named, and read as spaces so that the rest of the file is checked.
    text, word_notes = _word_structure(text, shown, line_offset) if wc.MUSTER.search(text) else (text, [])
    builder = _Builder(text, shown, line_offset)
    builder.notes.extend(word_notes)
    try:
        tree = builder.run()
    except yaml.MarkedYAMLError as exc:
        if word_notes:  # the first Word space is the cause; what the parser says next is its symptom
            first = word_notes[0]
            raise LoadError(first.loc, first.message, first.hint, first.fixes) from None
        raise _quote_error(exc, text, shown, line_offset) or _syntax_error(exc, text, shown, line_offset) from None
    except yaml.YAMLError as exc:  # reader errors: located by character position where known
        raise _unmarked_error(exc, text, shown, line_offset) from None
    if tree is None or (isinstance(tree, YScalar) and tree.is_null and tree.style == ""):
        raise LoadError(Loc(shown, 1 + line_offset, 1), "Die Datei enthält keine Felder.",
                        "Jeder Eintrag braucht mindestens „name:“ und „stand:“.")
    if not isinstance(tree, YMap):
        raise LoadError(tree.loc, "Erwartet wurden Felder der Form „schlüssel: wert“.",
                        "Beginnen Sie jede Zeile mit einem Feldnamen, z. B. „name: Elterncafé“.")
    return tree, builder


# Where YAML needs a blank: the indentation, after "- ", after (and before) the colon of a field name at the start
# of a line or inside {…}. The key may not start with a quote or bracket.
_KEY_CHARS = r"[^\s#'\"\[\]{}:,|>][^:#\n]*?"
_SPACE_CLASS = "[" + wc.LEERE + "]"
_STRUCTURE = re.compile(rf"^([ \t{wc.LEERE}]*)((?:-[ \t{wc.LEERE}]+)*)(?:({_KEY_CHARS})({_SPACE_CLASS}*):"
                        rf"({_SPACE_CLASS}+))?")
_FLOW_KEY = re.compile(rf"[{{,][ \t]*{_KEY_CHARS}({_SPACE_CLASS}*):({_SPACE_CLASS}+)")
_BLOCK_HEADER = re.compile(r"(?:^|[:-][ \t]+)[|>][-+0-9]*[ \t]*(?:#.*)?$")


def _word_structure(text: str, shown: str, line_offset: int) -> tuple[str, list[Note]]:
    """Word's spaces and invisible characters where YAML needs a blank: one error per line and class, and the text
    with them read as blanks (removed if invisible), which the parser then reads."""
    lines = text.split("\n")
    notes: list[Note] = []
    block_indent: int | None = None  # inside a block text (| or >): its lines are text, not structure
    for number, line in enumerate(lines):
        lead = len(line) - len(line.lstrip(" \t" + wc.LEERE))
        if block_indent is not None:
            if not line.strip(" \t" + wc.LEERE) or line.startswith(" " * (block_indent + 1)):
                continue
            block_indent = None
        places: list[tuple[int, str]] = []  # (column, where)
        match = _STRUCTURE.match(line)
        assert match is not None  # every group is optional
        places += [(i, "Einrückung") for i in range(lead) if line[i] in wc.LEERE]
        if match.group(2):
            places += [(i, "nach dem Listenpunkt „-“") for i in range(match.start(2), match.end(2))
                       if line[i] in wc.LEERE]
        if match.group(3) is not None:
            key = match.group(3)
            places += [(i, f"vor dem Doppelpunkt nach „{key}“") for i in range(match.start(4), match.end(4))]
            places += [(i, f"nach „{key}:“") for i in range(match.start(5), match.end(5))]
        if "{" in line:
            for flow in _FLOW_KEY.finditer(line):
                places += [(i, "nach dem Doppelpunkt") for group in (1, 2)
                           for i in range(flow.start(group), flow.end(group))]
        if places:
            notes += _structure_notes(line, sorted(set(places)), Loc(shown, number + 1 + line_offset, 0))
            chars = list(line)
            for column, _where in places:
                chars[column] = " " if wc.klasse(line[column]) is wc.Klasse.LEERZEICHEN else ""
            lines[number] = line = "".join(chars)
        if _BLOCK_HEADER.search(line):
            block_indent = len(line) - len(line.lstrip(" "))
    return "\n".join(lines), notes


def _structure_notes(line: str, places: list[tuple[int, str]], at: Loc) -> list[Note]:
    """One note per class of Word character in a line's structure, at the first of its kind, fixing all."""
    notes = []
    for kind in (wc.Klasse.LEERZEICHEN, wc.Klasse.UNSICHTBAR):
        found = [(column, where) for column, where in places if wc.klasse(line[column]) is kind]
        if not found:
            continue
        column, where = found[0]
        count = f", {len(found)} solche Zeichen in dieser Zeile" if len(found) > 1 else ""
        instead = " statt eines normalen Leerzeichens" if kind is wc.Klasse.LEERZEICHEN else ""
        message = (f"Hier steht {wc.benannt(line[column])}{instead} ({where}{count}); YAML liest es nicht als "
                   "Leerzeichen.")
        fixes = tuple(Fix(at.line, c + 1, line[c], wc.gerade(line[c])) for c, _where in found)
        notes.append(Note(Loc(at.path, at.line, column + 1), message, wc.fix_hinweis(kind, [line[column]]), True,
                          fixes))
    return notes


# A value that starts with a typographic quote (what the editor meant as YAML's quotes), and one opened with a
# straight quote but closed with a typographic one.
_VALUE_START = r"^[ \t]*(?:-[ \t]+)*(?:[^\s#'\"\[\]{}][^:#\n]*?:[ \t]+)?"
_TYPO_OPENED = re.compile(_VALUE_START + r"([„“”‚‘’«»‹›])(.*?)([“”‘’«»‹›]?)[ \t]*$")
_STRAIGHT_OPENED = re.compile(_VALUE_START + r"([\"'])([^\"']*?)([“”‘’])[ \t]*$")


def _quote_error(exc: yaml.MarkedYAMLError, text: str, shown: str, line_offset: int) -> LoadError | None:
    """A syntax error in a line whose value Word's quotes enclose: named as such, with straight quotes as the fix."""
    lines = text.split("\n")
    for mark in (exc.context_mark, exc.problem_mark):
        if mark is None or mark.line >= len(lines):
            continue
        line = lines[mark.line]
        number = mark.line + 1 + line_offset
        typo = _TYPO_OPENED.match(line)
        if typo:
            inner = typo.group(2)
            straight = '"' if not {'"', "\\"} & set(inner) else "'" if "'" not in inner else ""
            fixes = [Fix(number, typo.start(1) + 1, typo.group(1), straight)] if straight else []
            if straight and typo.group(3):
                fixes.append(Fix(number, typo.start(3) + 1, typo.group(3), straight))
            chars = [typo.group(1)] + ([typo.group(3)] if typo.group(3) else [])
            return LoadError(Loc(shown, number, typo.start(1) + 1),
                             f"Der Wert steht in typografischen Anführungszeichen ({' '.join(chars)}); YAML "
                             "versteht nur gerade Anführungszeichen.", wc.fix_hinweis(wc.Klasse.ANFUEHRUNG, chars),
                             tuple(fixes) if len(fixes) == len(chars) else ())
        straight_opened = _STRAIGHT_OPENED.match(line)
        if straight_opened:
            opened, closed = straight_opened.group(1), straight_opened.group(3)
            return LoadError(Loc(shown, number, straight_opened.start(3) + 1),
                             f"Der Wert beginnt mit dem geraden Anführungszeichen {opened}, endet aber mit dem "
                             f"typografischen {closed}; so wird er nicht geschlossen.",
                             f"Schließen Sie ihn mit {opened}. " + wc.REPARIEREN,
                             (Fix(number, straight_opened.start(3) + 1, closed, opened),))
    return None


_COMMENT_AFTER = re.compile(r"[ \t]+#(.*)")
_COMMENT_INSTEAD = re.compile(r"[ \t]*#(.*)")


class _Builder:
    """Builds the located tree from libyaml's event stream, with an explicit stack.

    Composing from events (instead of ``yaml.compose``) keeps the depth under our control: libyaml's
    composer recurses once per level and overflows the C stack on deeply nested input.
    """

    def __init__(self, text: str, shown: str, line_offset: int) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.hash_lines = {number for number, line in enumerate(self.lines) if "#" in line}
        self.shown = shown
        self.line_offset = line_offset
        self.duplicates: list[tuple[Loc, str, Loc]] = []
        self.notes: list[Note] = []

    def block_indent(self, header_line: int) -> int:
        for line in self.lines[header_line + 1:]:
            if line.strip():
                return len(line) - len(line.lstrip(" "))
        return 0

    def loc(self, mark: _Mark | None) -> Loc:
        mark = _marked(mark)
        return Loc(self.shown, mark.line + 1 + self.line_offset, mark.column + 1)

    def run(self) -> YNode | None:
        loader = _Loader(self.text)
        try:
            return self._events(loader)
        except yaml.MarkedYAMLError as exc:
            # libyaml (PyYAML 6.0.4 on) stops at 1,000 open brackets while it looks ahead, before our own limit is
            # reached at MAX_DEPTH: the pure-Python parser reads the same text event by event and says where.
            if "maximum nesting depth" not in str(exc.problem) or _Loader is yaml.SafeLoader:
                raise
            pure = yaml.SafeLoader(self.text)
            try:
                return self._events(pure)
            finally:
                pure.dispose()
        finally:
            loader.dispose()

    def _events(self, loader: yaml.SafeLoader) -> YNode | None:
        # Each open collection: the node and, for a map, the key read so far (name, location) or None.
        stack: list[tuple[YMap | YList, tuple[str, Loc] | None]] = []
        root: YNode | None = None
        documents = 0
        while True:
            event: yaml.Event = loader.get_event()  # type: ignore[no-untyped-call]
            kind = type(event)
            if isinstance(event, yaml.ScalarEvent):  # (no event class has subclasses)
                self._check_tag(event)
                node: YNode | None = self._scalar(event, stack)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._check_tag(event)
                if len(stack) >= MAX_DEPTH:
                    raise LoadError(self.loc(event.start_mark),
                                    f"Die Angaben sind zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen).",
                                    "Inhalte brauchen höchstens drei, vier Ebenen; prüfen Sie Klammern und "
                                    "Einrückung.")
                key = self._key_of(event, stack)
                new: YMap | YList = (YMap(self.loc(event.start_mark), {}, key) if kind is yaml.MappingStartEvent
                                     else YList(self.loc(event.start_mark), [], key))
                stack.append((new, None))
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node = stack.pop()[0]
            elif kind is yaml.AliasEvent:
                raise LoadError(self.loc(event.start_mark), "Anker und Verweise (&name, *name) werden nicht "
                                "unterstützt.", "Schreiben Sie den Wert an jeder Stelle aus; ein Wert, der mit "
                                "* beginnt, muss in Anführungszeichen stehen.")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise LoadError(self.loc(event.start_mark), "Hier beginnt ein zweites YAML-Dokument.",
                                    "Eine Zeile „---“ trennt YAML-Dokumente; jede Datei enthält genau einen "
                                    "Eintrag. Löschen Sie die Zeile oder legen Sie eine zweite Datei an.")
                continue
            elif kind is yaml.StreamEndEvent:
                return root
            else:  # stream start, document end
                continue
            if not stack:
                root = node
            elif node is not None:
                self._attach(node, stack)

    def _check_tag(self, event: yaml.Event) -> None:
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
            shown_tag = tag.replace("tag:yaml.org,2002:", "!!")
            raise LoadError(self.loc(event.start_mark), f"Die Markierung „{shown_tag}“ wird nicht unterstützt.",
                            "Lassen Sie Angaben mit „!“ weg und schreiben Sie nur den Wert.")

    def _key_of(self, event: yaml.Event, stack: list[tuple[YMap | YList, tuple[str, Loc] | None]]) -> str:
        """The field a new value belongs to; a collection where a field name should stand is an error."""
        if not stack:
            return ""
        parent, key = stack[-1]
        if isinstance(parent, YList):
            return parent.key
        if key is None:
            if not isinstance(event, yaml.ScalarEvent):
                raise LoadError(self.loc(event.start_mark), "Ein Feldname muss ein einfacher Text sein.")
            return ""
        return key[0]

    def _scalar(self, event: yaml.ScalarEvent,
                stack: list[tuple[YMap | YList, tuple[str, Loc] | None]]) -> YScalar:
        style = event.style or ""
        start = _marked(event.start_mark)
        indent = self.block_indent(start.line) if style in ("|", ">") else 0
        key = self._key_of(event, stack)
        is_key = bool(stack) and isinstance(stack[-1][0], YMap) and stack[-1][1] is None
        node = YScalar(event.value, self.loc(start), style, indent, key)
        if not is_key and style == "" and stack:
            self._check_comment(node, event)
        return node

    def _check_comment(self, node: YScalar, event: yaml.ScalarEvent) -> None:
        """Text after `` #`` in a plain value is a comment for YAML: tell the editor what was lost."""
        if node.is_null:
            mark = _marked(event.start_mark)
            if mark.line not in self.hash_lines:
                return
            line = self.lines[mark.line]
            match = _COMMENT_INSTEAD.match(line, mark.column)
            if not match or not match.group(1).strip():
                return
            rest = match.group(1)
            where = Loc(self.shown, node.loc.line, match.start() + (len(match.group()) - len(rest)))
            field_name = f"„{node.key}“" if node.key else "Der Wert"
            quoted = f"{node.key}: \"#{rest.strip()}\"" if node.key else f"\"#{rest.strip()}\""
            if rest[:1] not in (" ", "\t"):  # "#1f5f8b", "#3": a value, not a comment
                self.notes.append(Note(where, f"{field_name} ist leer: „#{rest.strip()}“ wurde als Kommentar "
                                       "gelesen.", f"Setzen Sie den Wert in Anführungszeichen: {quoted}", True))
            else:
                self.notes.append(Note(where, f"{field_name} ist leer: „#{rest.rstrip()}“ wurde als Kommentar "
                                       "gelesen.", "Ist das ein Wert, setzen Sie ihn in Anführungszeichen."))
            return
        end = _marked(event.end_mark)
        if end.line not in self.hash_lines:
            return
        line = self.lines[end.line]
        match = _COMMENT_AFTER.match(line, end.column)
        if match and match.group(1).strip():
            field_name = f"„{node.key}“" if node.key else "dem Wert"
            self.notes.append(Note(
                Loc(self.shown, end.line + 1 + self.line_offset, end.column + len(match.group()) -
                    len(match.group(1))),
                f"Der Rest der Zeile nach {field_name} („#{match.group(1).strip()}“) wurde als Kommentar gelesen "
                "und fehlt im Wert.",
                f"Gehört er zum Wert, setzen Sie den ganzen Wert in Anführungszeichen: "
                f"\"{node.text} #{match.group(1).strip()}\"."))

    def _attach(self, node: YNode, stack: list[tuple[YMap | YList, tuple[str, Loc] | None]]) -> None:
        parent, key = stack[-1]
        if isinstance(parent, YList):
            parent.items.append(node)
            return
        if key is None:
            assert isinstance(node, YScalar)  # collections as keys are refused in _key_of
            if node.text == "<<" and not node.style:
                raise LoadError(node.loc, "Zusammenführen mit „<<“ wird nicht unterstützt.",
                                "Schreiben Sie die Felder aus.")
            stack[-1] = (parent, (node.text, node.loc))
            return
        name, key_loc = key
        stack[-1] = (parent, None)
        if name in parent.entries:
            # Kept as a problem, not an exception, so that every duplicate of a file is reported.
            self.duplicates.append((key_loc, name, parent.entries[name][0]))
            return
        parent.entries[name] = (key_loc, node)


def _runaway_quote(text: str, before_line: int) -> yaml.Mark | None:
    """The start of a quoted value that swallowed following lines (``kurz: "Text`` without its closing quote)."""
    found = None
    lines = text.split("\n")
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.line > before_line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line < token.end_mark.line):
                inner = lines[token.start_mark.line + 1: token.end_mark.line + 1]
                if any(_KEY_LINE.match(line) for line in inner):
                    found = token.start_mark
    except yaml.YAMLError:
        pass
    return found


_KEY_LINE = re.compile(r"\s*(?:-\s+)?[^\s#\"'][^:#]*:(?:\s|$)")

# libyaml's remaining problems, in German. Anything not listed gets a general German message.
_PROBLEMS = {
    "block sequence entries are not allowed": (
        "Ein Listenpunkt („- “) steht an einer Stelle, an der er nicht stehen darf.",
        "Schreiben Sie jeden Listenpunkt in eine eigene Zeile, eingerückt unter seinem Feld."),
    "did not find expected node content": (
        "Hier fehlt ein Wert.", "Prüfen Sie Kommas, Klammern und Listenpunkte in dieser Zeile."),
    "did not find expected <document start>": (
        "Nach dem Ende des Dokuments („...“) folgt weiterer Text.", "Löschen Sie die Zeile „...“."),
    "found unexpected end of stream": (
        "Die Datei endet mitten in einem Wert.", "Prüfen Sie Anführungszeichen und Klammern."),
    "found unexpected document indicator": (
        "Eine Zeile „---“ oder „...“ steht mitten in einem Wert.",
        "Schließen Sie vorher das Anführungszeichen, oder rücken Sie die Zeile ein."),
    "directive": ("Eine Zeile darf nicht mit „%“ beginnen.", "Setzen Sie den Wert in Anführungszeichen."),
    "anchor": ("Anker und Verweise (&name, *name) werden nicht unterstützt.",
               "Ein Wert, der mit & oder * beginnt, muss in Anführungszeichen stehen."),
    "alias": ("Anker und Verweise (&name, *name) werden nicht unterstützt.",
              "Ein Wert, der mit & oder * beginnt, muss in Anführungszeichen stehen."),
    "tag": ("Die Markierung mit „!“ wird nicht unterstützt.",
            "Lassen Sie Angaben mit „!“ weg; ein Wert, der mit ! beginnt, muss in Anführungszeichen stehen."),
    "block scalar": ("Der mehrzeilige Text nach „|“ oder „>“ ist nicht richtig eingerückt.",
                     "Rücken Sie alle Zeilen des Textes gleich weit ein, weiter als den Feldnamen."),
}


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, shown: str, line_offset: int) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    assert mark is not None

    def at(m: yaml.Mark) -> Loc:
        return Loc(shown, m.line + 1 + line_offset, m.column + 1)

    loc = at(mark)
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    char = _char_at(text, mark.line, mark.column)
    if "tab" in problem or char == "\t":
        return LoadError(loc, "Tabulatorzeichen sind in YAML nicht erlaubt.",
                         "Rücken Sie mit Leerzeichen ein (zwei pro Ebene).")
    if "escape" in problem or "hexdecimal" in problem:
        line = text.split("\n")[mark.line] if mark.line < len(text.split("\n")) else ""
        backslash = line.rfind("\\", 0, mark.column + 1)
        sequence = line[backslash: backslash + 2] if backslash >= 0 else "\\"
        where = Loc(shown, mark.line + 1 + line_offset, backslash + 1) if backslash >= 0 else loc
        return LoadError(where, f"In doppelten Anführungszeichen beginnt ein Backslash eine Escape-Sequenz; "
                         f"„{sequence}“ ist keine gültige.",
                         "Setzen Sie den Wert in einfache Anführungszeichen (pfad: 'C:\\Users\\x') "
                         "oder schreiben Sie jeden Backslash doppelt (\\\\).")
    runaway = _runaway_quote(text, mark.line)
    if runaway is not None and runaway.line < mark.line:
        return LoadError(at(runaway), "Ein Anführungszeichen wird nicht geschlossen.",
                         "Schließen Sie den Text mit demselben Anführungszeichen, mit dem er beginnt; bis dahin "
                         "wurden die folgenden Zeilen als Teil des Textes gelesen.")
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        return LoadError(at(exc.context_mark), "In dieser Zeile fehlt der Doppelpunkt nach dem Feldnamen.",
                         "Schreiben Sie „feld: wert“, mit Doppelpunkt und Leerzeichen; ein Text über mehrere "
                         "Zeilen muss eingerückt sein.")
    if "mapping values are not allowed" in problem:
        return LoadError(loc, "Ein Doppelpunkt steht an einer Stelle, an der er nicht stehen darf.",
                         "Enthält ein Wert „: “, setzen Sie ihn in Anführungszeichen: titel: \"Hinweis: …\". "
                         "Fehlt in der Zeile davor der Doppelpunkt nach dem Feldnamen?")
    if "quoted scalar" in context:
        return LoadError(at(exc.context_mark) if exc.context_mark else loc,
                         "Ein Anführungszeichen wird nicht geschlossen.",
                         "Schließen Sie den Text mit demselben Anführungszeichen, mit dem er beginnt.")
    if "undefined alias" in problem:
        return LoadError(loc, "Anker und Verweise (&name, *name) werden nicht unterstützt.",
                         "Ein Wert, der mit * beginnt, muss in Anführungszeichen stehen.")
    if "flow sequence" in context or "flow mapping" in context:
        if exc.context_mark is not None and exc.context_mark.line < mark.line:  # never closed: at the bracket
            loc = at(exc.context_mark)
        return LoadError(loc, "Eine Liste in [eckigen] oder {geschweiften} Klammern wird nicht geschlossen.",
                         "Prüfen Sie Kommas und die schließende Klammer.")
    if char == ":" and ("block mapping" in context or "expected key" in problem):
        return LoadError(loc, "Vor dem Doppelpunkt fehlt der Feldname.", "Schreiben Sie „feld: wert“.")
    if "block mapping" in context or "block collection" in context or "expected key" in problem:
        return LoadError(loc, "Die Einrückung stimmt nicht.",
                         "Felder derselben Ebene müssen genau untereinander beginnen; "
                         "Listenpunkte („- “) stehen eingerückt unter ihrem Feld.")
    if "cannot start any token" in problem:
        return LoadError(loc, f"Das Zeichen „{char}“ darf hier nicht am Anfang eines Wertes stehen.",
                         "Setzen Sie den Wert in Anführungszeichen.")
    if "directive" in problem or "directive" in context:
        loc = Loc(shown, loc.line, 1)
    for phrase, (message, hint) in _PROBLEMS.items():
        if phrase in problem or phrase in context:
            return LoadError(loc, message, hint)
    return LoadError(loc, "An dieser Stelle ist die Datei kein gültiges YAML.",
                     "Prüfen Sie in dieser Zeile Einrückung, Doppelpunkt und Anführungszeichen.")


def _unmarked_error(exc: yaml.YAMLError, text: str, shown: str, line_offset: int) -> LoadError:
    position = getattr(exc, "position", None)
    if isinstance(position, int) and 0 <= position <= len(text):
        before = text[:position]
        loc = Loc(shown, before.count("\n") + 1 + line_offset, position - (before.rfind("\n") + 1) + 1)
    else:
        loc = Loc(shown, 1 + line_offset, 1)
    return LoadError(loc, "An dieser Stelle ist die Datei kein gültiges YAML.",
                     "Prüfen Sie, ob die Datei reiner Text in UTF-8 ist.")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return "?"
