"""Applying new YAML values to an old YAML text by splicing: only the text of changed values is replaced.

Both texts are composed into node trees (PyYAML's pure-Python composer, whose marks are character offsets). Values
are compared as the model reads them (scalar text; plain numbers and ja/nein words by meaning), and each changed
value's text is replaced in the old text, in the old style: quoting, flow ``[a, b]`` or block lists, block text.
Everything else (comments, key order, blank lines, wrapping) stays byte for byte. ``Unspliceable`` says the text
cannot be patched in place (anchors, a shape this module does not edit); the caller decides what to write then.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from wegweiser.content.markdown_merge import merge_markdown, same_markdown

Path = tuple[str, ...]
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_TRUE = frozenset({"true", "ja", "yes"})
_FALSE = frozenset({"false", "nein", "no"})
_STR = "tag:yaml.org,2002:str"
_NOT_TEXT_12 = re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+"
                          r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|null|Null|NULL|~|")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


class Unspliceable(Exception):
    """The old text cannot be patched in place; the message says why (for the log and tests)."""


@dataclass(frozen=True)
class Schema:
    """What the model says about a path of keys: the order of its fields (for new keys), whether it is Markdown
    (compared paragraph by paragraph, whitespace aside) and whether a new value is written in flow notation."""

    order: Callable[[Path], list[str] | None] = lambda path: None
    markdown: Callable[[Path], bool] = lambda path: False
    flow: Callable[[Path], bool] = lambda path: False


_FAST: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str, marks: bool = True) -> Node | None:
    """The node tree of ``text``; raises yaml.YAMLError. With ``marks`` the pure-Python composer, whose marks are
    character offsets; without, libyaml (values only, about ten times faster)."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader if marks else _FAST)
    except RecursionError:  # thousands of nested brackets: the composers recurse per level
        raise yaml.YAMLError("zu tief verschachtelt") from None


def expanded_size(node: Node | None, limit: int) -> int:
    """How many nodes the tree has with every alias written out, counted up to just above ``limit``: ten nested
    aliases of nine (a "billion laughs") are a tiny text but a billion values for everything that walks the tree."""
    sizes: dict[int, int] = {}

    def size(current: Node) -> int:
        known = sizes.get(id(current))
        if known is not None:
            return known
        total = 1
        children = current.value if isinstance(current, SequenceNode) else \
            [part for pair in current.value for part in pair] if isinstance(current, MappingNode) else []
        for child in children:
            total = min(total + size(child), limit + 1)
        sizes[id(current)] = total
        return total

    return 0 if node is None else size(node)


def has_aliases(text: str) -> bool:
    """Anchors or aliases: a node shared by several places cannot be patched in one of them."""
    loader = yaml.SafeLoader(text)
    try:
        while (event := loader.get_event()) is not None:  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return True
            if isinstance(event, yaml.StreamEndEvent):
                return False
    finally:
        loader.dispose()
    return False


# --- values as the model reads them ------------------------------------------------------------------

Canon = tuple[object, ...]


def _scalar_canon(node: ScalarNode) -> Canon:
    text = str(node.value)
    if not node.style:  # plain (libyaml says "", PyYAML None)
        if text in _NULLS:
            return ("null",)
        if _NUMBER.fullmatch(text):
            try:
                return ("n", Decimal(text).normalize())
            except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
                pass
        if text in ("true", "false"):  # what Decap writes for a yes/no field
            return ("b", text == "true")
        return ("s", text)
    return ("null",) if not text.strip() else ("s", text)


def canon(node: Node | None, schema: Schema = Schema(), path: Path = ()) -> Canon:
    """A comparable form of a value: what the model would read from it."""
    if node is None:
        return ("null",)
    if isinstance(node, ScalarNode):
        value = _scalar_canon(node)
        if value[0] == "s" and schema.markdown(path):
            return ("md", " ".join(str(value[1]).split()))
        return value
    if isinstance(node, SequenceNode):
        return ("list", *(canon(item, schema, path) for item in node.value))
    assert isinstance(node, MappingNode)
    return ("map", *sorted((str(k.value), canon(v, schema, (*path, str(k.value)))) for k, v in node.value))


def _same_scalar(a: ScalarNode, b: ScalarNode, schema: Schema, path: Path) -> bool:
    if schema.markdown(path):
        return same_markdown(str(a.value), str(b.value))
    one, other = _scalar_canon(a), _scalar_canon(b)
    if {one[0], other[0]} == {"b", "s"}:  # ja/nein as the file has it, true/false as the form sends it
        truth, word = (one[1], str(other[1]).lower()) if one[0] == "b" else (other[1], str(one[1]).lower())
        return word in (_TRUE if truth else _FALSE)
    return one == other


def same(a: Node | None, b: Node | None, schema: Schema = Schema(), path: Path = ()) -> bool:
    """Whether the model reads the same from both (Markdown: the same paragraphs, line breaks within them aside;
    a yes/no field: ja/nein as the file writes it or true/false as the form does)."""
    if isinstance(a, ScalarNode) and isinstance(b, ScalarNode):
        return _same_scalar(a, b, schema, path)
    if isinstance(a, SequenceNode) and isinstance(b, SequenceNode):
        return len(a.value) == len(b.value) and all(same(x, y, schema, path)
                                                    for x, y in zip(a.value, b.value, strict=True))
    if isinstance(a, MappingNode) and isinstance(b, MappingNode):
        left = {str(k.value): v for k, v in a.value}
        right = {str(k.value): v for k, v in b.value}
        return len(left) == len(a.value) and len(right) == len(b.value) and left.keys() == right.keys() and \
            all(same(value, right[key], schema, (*path, key)) for key, value in left.items())
    return canon(a, schema, path) == canon(b, schema, path)


# --- writing values --------------------------------------------------------------------------------

def _double(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code <= 0x9F or char in "\u2028\u2029\ufeff":
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _reads_as(text: str, target: ScalarNode, flow: bool) -> bool:
    """Whether ``text``, written as a value, reads back as ``target``."""
    probe = f"[{text}]" if flow else f"k: {text}\n"
    try:
        node = compose(probe, marks=False)
    except yaml.YAMLError:
        return False
    if flow:
        got = node.value[0] if isinstance(node, SequenceNode) and len(node.value) == 1 else None
    else:
        got = node.value[0][1] if isinstance(node, MappingNode) and len(node.value) == 1 else None
    if not isinstance(got, ScalarNode) or _scalar_canon(got) != _scalar_canon(target):
        return False
    # Text the form sent quoted stays text for every reader: YAML 1.1 (PyYAML: 012 is 10) and 1.2 (Decap: 1e3)
    return bool(got.style) or not target.style or (got.tag == _STR and not _NOT_TEXT_12.fullmatch(text))


def scalar_inline(target: ScalarNode, prefer: str, flow: bool = False, word: str = "") -> str | None:
    """One-line text for a scalar: in the ``prefer``red style ("" plain, ' or "), else plain, else double-quoted;
    None for text with line breaks (block text). ``word``: the old ja/nein word kept for a changed truth value."""
    text = str(target.value)
    if "\n" in text and not flow:
        return None
    if _UNSAFE.search(text):  # characters other tools take for line breaks or cannot show: escaped only
        return _double(text)
    if word.lower() in ("ja", "nein") and not target.style and text in ("true", "false"):
        text = "ja" if text == "true" else "nein"  # the file's words for yes and no
    candidates: list[str] = []
    for style in (prefer, "", '"'):
        if style == "" and "\t" in text:  # libyaml reads a tab in plain text, PyYAML does not
            continue
        if style == "":
            candidates.append(text)
        elif style == "'":
            candidates.append("'" + text.replace("'", "''") + "'")
        elif style == '"':
            candidates.append(_double(text))
    for candidate in candidates:
        if _reads_as(candidate, ScalarNode(_STR, text, style=target.style), flow):
            return candidate
    return _double(text)


def literal(text: str, indent: int) -> tuple[str, list[str]]:
    """A block text ``|`` for ``text``: its header and its lines (indented by ``indent``)."""
    chomp = "" if text.endswith("\n") and not text.endswith("\n\n") else ("+" if text.endswith("\n") else "-")
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    first = next((line for line in lines if line.strip()), "")
    indicator = "2" if first.startswith(" ") else ""
    return "|" + indicator + chomp, [" " * indent + line if line else "" for line in lines]


def _own(node: ScalarNode) -> str:
    """A scalar's one-line style: "" plain, ' or \" quoted (block text counts as plain)."""
    return node.style if node.style in ("'", '"') else ""


def inline(node: Node, schema: Schema, path: Path, prefer: str | None = None, flow: bool = False) -> str | None:
    """``node`` on one line (a flow list or map of one-line values), or None."""
    if isinstance(node, ScalarNode):
        return scalar_inline(node, _own(node) if prefer is None else prefer, flow)
    if isinstance(node, SequenceNode):
        items = [inline(item, schema, path, flow=True) for item in node.value]
        return None if None in items else "[" + ", ".join(str(i) for i in items) + "]"
    assert isinstance(node, MappingNode)
    pairs = []
    for key, value in node.value:
        text = inline(value, schema, (*path, str(key.value)), flow=True)
        if text is None or not isinstance(key, ScalarNode):
            return None
        pairs.append(f"{key.value}: {text}")
    return "{" + ", ".join(pairs) + "}"


def block(node: Node, indent: int, schema: Schema, path: Path) -> list[str]:
    """Lines for a value written under its key (block notation), each indented by ``indent``."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(node, SequenceNode):
        for item in node.value:
            head, rest = value_text(item, indent + 2, schema, path)
            if not head and rest:  # a map or list as an item: its first line after the dash
                lines.append(f"{pad}- {rest[0].lstrip(' ')}")
                lines += rest[1:]
            else:
                lines.append(f"{pad}-{head}")
                lines += rest
        return lines
    assert isinstance(node, MappingNode)
    for key, value in node.value:
        head, rest = value_text(value, indent + 2, schema, (*path, str(key.value)))
        lines.append(f"{pad}{key.value}:{head}")
        lines += rest
    return lines


def value_text(node: Node, indent: int, schema: Schema, path: Path, prefer: str | None = None) -> tuple[str, list[str]]:
    """A value after ``key:`` or ``-``: the rest of that line (with its leading space) and the lines below."""
    if isinstance(node, ScalarNode):
        text = scalar_inline(node, _own(node) if prefer is None else prefer)
        if text is not None:
            return " " + text, []
        header, lines = literal(str(node.value), indent)
        return " " + header, lines
    if not node.value:
        return " " + ("[]" if isinstance(node, SequenceNode) else "{}"), []
    if isinstance(node, SequenceNode) or schema.flow(path):
        one_line = inline(node, schema, path)
        if one_line is not None and len(one_line) + indent < 110:
            return " " + one_line, []
    return "", block(node, indent, schema, path)


# --- patching the old text ---------------------------------------------------------------------------

@dataclass
class Splice:
    """The old text and the edits (start, end, replacement) collected against it."""

    text: str
    schema: Schema
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    inserts: dict[int, list[str]] = field(default_factory=dict)  # offset → texts, in the order they go there

    def __post_init__(self) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    # lines
    def line_start(self, line: int) -> int:
        return self.starts[line] if line < len(self.starts) else len(self.text)

    def line_end(self, line: int) -> int:
        """The offset after the line's line break (or the end of the text)."""
        return self.line_start(line + 1)

    def line(self, number: int) -> str:
        return self.text[self.line_start(number):self.line_end(number)].rstrip("\n")

    def result(self) -> str:
        out, last = self.text, len(self.text) + 1
        edits = self.edits + [(offset, offset, "".join(texts)) for offset, texts in self.inserts.items()]
        for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            if end > last:
                raise Unspliceable("overlapping edits")
            out = out[:start] + new + out[end:]
            last = start
        return out

    # where values are
    def last_line(self, node: Node) -> int:
        """The last line that holds part of ``node`` (comments after it belong to what follows)."""
        if isinstance(node, ScalarNode):
            end = node.end_mark
            if node.style in ("|", ">"):
                last = end.line - 1 if end.column == 0 else end.line
                while last > node.start_mark.line and not self.line(last).strip():
                    last -= 1
                return last
            return int(end.line)
        assert isinstance(node, (MappingNode, SequenceNode))
        if node.flow_style or not node.value:
            return int(node.end_mark.line)
        last = node.value[-1]
        return self.last_line(last[1] if isinstance(node, MappingNode) else last)

    def comments_above(self, line: int, indent: int) -> int:
        """The first line of the comment lines directly above ``line`` at ``indent`` (they belong to it); a comment
        block at the top of the text is the file's own and stays."""
        first = line
        while first > 0 and self.line(first - 1).startswith(" " * indent + "#"):
            first -= 1
        return line if first == 0 else first

    def own_line(self, node: Node, opener: str = "") -> bool:
        """Whether only indentation (and ``opener``, e.g. ``-``) stands before ``node`` on its line."""
        start = self.line_start(node.start_mark.line)
        before = self.text[start:node.start_mark.index].strip()
        return before == opener

    def eol(self, offset: int) -> int:
        """The offset of the line break ending the line that holds ``offset`` (or the end of the text)."""
        found = self.text.find("\n", offset)
        return len(self.text) if found < 0 else found

    def value_span(self, key: Node, value: Node) -> tuple[int, int]:
        """The characters of a value after its key: from its first character, or right after the colon for an
        empty value or one written below its key."""
        if (isinstance(value, ScalarNode) and not value.style and value.value == "") or \
                (isinstance(value, (MappingNode, SequenceNode)) and not value.flow_style and value.value):
            start = self.text.index(":", key.end_mark.index) + 1
            if not value.value:
                return start, start
            return start, self.eol(self.line_start(self.last_line(value)))
        if isinstance(value, ScalarNode) and value.style in ("|", ">"):
            return value.start_mark.index, self.eol(self.line_start(self.last_line(value)))
        return value.start_mark.index, value.end_mark.index

    def new_value(self, old: Node, new: Node, indent: int, path: Path) -> tuple[str, list[str]]:
        """The text for ``new`` replacing ``old``, in ``old``'s style where it has one."""
        if isinstance(old, ScalarNode) and isinstance(new, ScalarNode):
            if not new.style and str(new.value) in ("true", "false"):
                return " " + str(scalar_inline(new, _own(old), word=str(old.value))), []
            if self.schema.markdown(path):
                new = ScalarNode(_STR, merge_markdown(str(old.value), str(new.value)), style=new.style)
            if old.style in ("|", ">") and "\n" in str(new.value):
                header, lines = literal(str(new.value), self._block_indent(old, indent))
                return " " + header, lines
            return value_text(new, indent + 2, self.schema, path, _own(old))
        if isinstance(old, (SequenceNode, MappingNode)) and old.flow_style and type(old) is type(new):
            one_line = inline(new, self.schema, path)
            if one_line is not None:
                return " " + one_line, []
        return value_text(new, indent + 2, self.schema, path)

    def replace_value(self, key: Node, old: Node, new: Node, indent: int, path: Path) -> None:
        start, end = self.value_span(key, old)
        head, lines = self.new_value(old, new, indent, path)
        after_colon = start == self.text.index(":", key.end_mark.index) + 1
        if not after_colon:
            head = head.lstrip(" ")
        if not lines:
            self.edits.append((start, end, head if head or not after_colon else ""))
            return
        tail = ""
        if end < self.eol(end):  # the old value was on the key's line: what followed it (a comment) stays there
            tail = self.text[end:self.eol(end)]
            if tail.strip() and not tail.lstrip().startswith("#"):
                raise Unspliceable("text after a value")
            tail = tail if tail.strip() else ""
            end = self.eol(end)
        self.edits.append((start, end, head + tail + "\n" + "\n".join(lines)))

    def _block_indent(self, node: ScalarNode, key_indent: int) -> int:
        for number in range(node.start_mark.line + 1, self.last_line(node) + 1):
            line = self.line(number)
            if line.strip():
                return len(line) - len(line.lstrip(" "))
        return key_indent + 2

    def delete_lines(self, first: int, last: int) -> None:
        self.edits.append((self.line_start(first), self.line_end(last), ""))

    def insert_lines(self, at_line: int, lines: list[str]) -> None:
        position = self.line_start(at_line)
        text = "\n".join(lines) + "\n"
        if position == len(self.text) and self.text and not self.text.endswith("\n"):
            text = "\n" + text.rstrip("\n")
        self.inserts.setdefault(position, []).append(text)

    def patch(self, old: Node, new: Node, path: Path = ()) -> None:
        if same(old, new, self.schema, path):
            return
        if isinstance(old, MappingNode) and isinstance(new, MappingNode) and not old.flow_style:
            self.patch_mapping(old, new, path)
        elif isinstance(old, SequenceNode) and isinstance(new, SequenceNode) and not old.flow_style:
            self.patch_sequence(old, new, path)
        else:
            raise Unspliceable("the document's top changed its kind")

    def patch_mapping(self, old: MappingNode, new: MappingNode, path: Path) -> None:
        keys = [str(k.value) for k, _ in old.value]
        if len(set(keys)) != len(keys) or not old.value:
            raise Unspliceable("duplicate keys")
        indent = old.value[0][0].start_mark.column
        wanted = {str(k.value): (k, v) for k, v in new.value}
        for key, value in old.value:
            name = str(key.value)
            if not self.own_line(key):
                raise Unspliceable("a key that does not start its line")
            if name not in wanted:
                self.delete_lines(self.comments_above(key.start_mark.line, indent), self.last_line(value))
                continue
            target = wanted[name][1]
            if same(value, target, self.schema, (*path, name)):
                continue
            if isinstance(value, MappingNode) and isinstance(target, MappingNode) and not value.flow_style and \
                    value.value:
                self.patch_mapping(value, target, (*path, name))
            elif isinstance(value, SequenceNode) and isinstance(target, SequenceNode) and not value.flow_style \
                    and value.value and target.value:
                self.patch_sequence(value, target, (*path, name))
            else:
                self.replace_value(key, value, target, indent, (*path, name))
        self._insert_keys(old, new, path, indent)

    def _insert_keys(self, old: MappingNode, new: MappingNode, path: Path, indent: int) -> None:
        """New keys go after the key that precedes them in the model's order (else in the form's order)."""
        present = {str(k.value): v for k, v in old.value}
        new_keys = [str(k.value) for k, _ in new.value]
        kept = [k for k in new_keys if k in present]
        order = self.schema.order(path) or []
        ranked = order + [k for k in new_keys if k not in order]
        added = sorted((name for name in new_keys if name not in present), key=ranked.index)
        values = {str(k.value): v for k, v in new.value}
        for name in added:
            if name in order:
                before = [k for k in kept if k in order and order.index(k) < order.index(name)]
                anchor = max(before, key=order.index) if before else None
            else:
                before = [k for k in new_keys[:new_keys.index(name)] if k in present]
                anchor = before[-1] if before else None
            if anchor is not None:
                at = self.last_line(present[anchor]) + 1
            else:
                at = self.comments_above(old.value[0][0].start_mark.line, indent)
            head, lines = value_text(values[name], indent + 2, self.schema, (*path, name))
            self.insert_lines(at, [" " * indent + f"{name}:{head}", *lines])

    def patch_sequence(self, old: SequenceNode, new: SequenceNode, path: Path) -> None:
        for item in old.value:
            if not self.own_line(item, "-"):
                raise Unspliceable("a list item that does not start its line")
        first_line = self.line(old.value[0].start_mark.line)
        indent = len(first_line) - len(first_line.lstrip(" "))
        before = [canon(item, self.schema, path) for item in old.value]
        after = [canon(item, self.schema, path) for item in new.value]
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1 and all(isinstance(old.value[i], ScalarNode)
                                                               for i in range(i1, i2)):
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    self._replace_item(old.value[i], new.value[j], indent, path)
                continue
            if i1 < len(old.value):
                at = self.comments_above(old.value[i1].start_mark.line, indent)
            else:
                at = self.last_line(old.value[-1]) + 1
            if i2 > i1:
                self.delete_lines(at, self.last_line(old.value[i2 - 1]))
            if j2 > j1:
                lines = block(SequenceNode("tag:yaml.org,2002:seq", new.value[j1:j2]), indent, self.schema, path)
                self.insert_lines(at, lines)

    def _replace_item(self, old: ScalarNode, new: Node, indent: int, path: Path) -> None:
        head, lines = value_text(new, indent + 2, self.schema, path, _own(old))
        if lines or old.style in ("|", ">") or (not old.style and old.value == ""):
            first = old.start_mark.line
            self.delete_lines(first, self.last_line(old))
            self.insert_lines(first, [" " * indent + "-" + head, *lines])
            return
        self.edits.append((old.start_mark.index, old.end_mark.index, head.lstrip(" ")))


def splice(old_text: str, old: Node, new: Node, schema: Schema) -> str:
    """``old_text`` (whose tree is ``old``) with the values of ``new``; raises Unspliceable."""
    work = Splice(old_text, schema)
    work.patch(old, new)
    return work.result()
