"""Saving a form's entry into the file it replaces, changing only the lines whose values changed.

Decap CMS sends the whole file as it serialises it (its key order, quoting, list style, no comments). ``merge``
applies what changed to the file on disk instead (``yaml_splice``: the old text with only the changed values'
text replaced; ``markdown_merge`` for a Markdown body), so that a save is a small, honest diff (issue 27):
comments, key order, quoting, list style, wrapping, a byte-order mark and CRLF line ends stay. ``stand`` becomes
today on every save that changes something (originals only: a translation has no ``stand``); a save that changes
nothing leaves the file byte for byte. Whatever is written reads back as the values the form sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from wegweiser.content.file_schema import schema_for
from wegweiser.content.markdown_merge import merge_markdown, same_markdown
from wegweiser.content.translation_files import kandidat
from wegweiser.content.yaml_splice import (
    Schema,
    Unspliceable,
    block,
    compose,
    expanded_size,
    has_aliases,
    same,
    splice,
)

STAND = "stand"
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)  # as the loader reads front matter
_BOM = "\ufeff"
# Nodes a file may have with its aliases written out; an entry has a few hundred, the longest street list some
# thousands. Beyond it the comparison and writing would run for hours (check refuses aliases anyway).
MAX_NODES = 100_000


class MergeRefused(Exception):
    """The file on disk cannot be read, so the form's text would replace what the form never saw (German)."""


@dataclass
class _Parts:
    """A file's text as merge handles it: front matter (or the whole YAML), the Markdown body, and the wrapping."""

    front: str
    body: str | None = None
    opening: str = ""  # "---\n" before the front matter
    closing: str = ""  # the closing "---" line with its line break


def _split(text: str, markdown: bool) -> _Parts | None:
    if not markdown:
        return _Parts(text)
    if not text.startswith("---\n"):
        return None
    end = _FRONT_MATTER_END.search(text, 4)
    if end is None:
        return None
    closing = text[end.start():end.end() + 1]
    return _Parts(text[4:end.start()], text[end.end() + 1:], "---\n", closing)


def _join(parts: _Parts) -> str:
    return parts.opening + parts.front + parts.closing + (parts.body or "")


# Fields the form does not show (cms.py leaves them out): a save keeps them as the file has them, as the form never
# saw them to remove them. ``quelle`` is written by ``wegweiser import`` alone.
FORM_HIDDEN = ("quelle",)


def _keep_hidden(old: Node | None, new: MappingNode) -> None:
    if not isinstance(old, MappingNode):
        return
    for key, value in old.value:
        if isinstance(key, ScalarNode) and key.value in FORM_HIDDEN and _value(new, key.value) is None:
            new.value.append((key, value))


def _value(tree: MappingNode, key: str) -> Node | None:
    return next((value for name, value in tree.value if name.value == key), None)


def _stamp(new: MappingNode, today: date) -> None:
    """``stand: today`` in ``new``: a save that changes something is a check of the entry today (the form may
    still hold the date it loaded before an earlier save)."""
    for index, (name, _) in enumerate(new.value):
        if name.value == STAND:
            new.value[index] = (name, ScalarNode("tag:yaml.org,2002:timestamp", today.isoformat()))


def _fresh(form: _Parts, tree: MappingNode, schema: Schema) -> str:
    """A new file in the notation of a hand-written one (flow lists, no wrapped lines); the form's text if that
    would not read back the same."""
    front = "\n".join(block(tree, 0, schema, ())) + "\n"
    if not _reads_as(front, tree, schema):
        front = form.front
    return _join(_Parts(front, form.body, form.opening, form.closing))


def _refused(path: str, why: str) -> MergeRefused:
    return MergeRefused(f"„{path}“ lässt sich nicht lesen ({why}). Das Formular überschreibt die Datei nicht, "
                        "damit nichts verloren geht: bitte die Stelle in der Datei beheben (wegweiser check zeigt "
                        "sie) und das Formular neu laden.")


def _problem(error: yaml.YAMLError, first_line: int) -> str:
    """Where the YAML breaks, in lines of the file (``first_line``: the line the YAML starts on)."""
    mark = getattr(error, "problem_mark", None)
    return f"YAML-Fehler in Zeile {mark.line + first_line}" if mark is not None else "YAML-Fehler"


def _reads_as(text: str, tree: MappingNode, schema: Schema) -> bool:
    try:
        return same(compose(text, marks=False), tree, schema)
    except yaml.YAMLError:
        return False


def _front(old: _Parts, old_tree: Node | None, new: _Parts, tree: MappingNode, schema: Schema) -> str:
    """The front matter (or YAML file) to write: the old text patched, else the form's text with ``stand``."""
    for text, base in ((old.front, old_tree), (new.front, None)):
        try:
            if base is None:
                base = compose(text)
            if isinstance(base, MappingNode) and not has_aliases(text):
                patched = splice(text, base, tree, schema)
                if _reads_as(patched, tree, schema):
                    return patched
        except (Unspliceable, yaml.YAMLError, ValueError, IndexError):  # a shape the splicer does not edit
            pass
    # the form's own serialisation as PyYAML writes the tree: its values, nothing else
    return str(yaml.serialize(tree, allow_unicode=True, width=120))


def merge(old: str | None, new: str, path: str, today: date) -> str:
    """The text to write for ``path``: ``new`` (the form's text) applied to ``old`` (the file's text, ``None`` for a
    new file). Raises MergeRefused when the old file cannot be read (the form never saw what it holds)."""
    name = PurePosixPath(path).name
    markdown = name.endswith(".md")
    translation = kandidat(name, (".md", ".yaml", ".yml")) is not None
    schema = schema_for(path)
    form = _split(new, markdown)
    try:
        tree = compose(form.front) if form is not None else None
    except yaml.YAMLError:
        tree = None
    if form is None or not isinstance(tree, MappingNode) or expanded_size(tree, MAX_NODES) > MAX_NODES:
        return new  # not what Decap writes: check_save judges it as it is
    if old is None:  # a new entry: `stand` as the form has it (its default is today)
        return _fresh(form, tree, schema)
    bom = old.startswith(_BOM)
    crlf = "\r\n" in old
    text = old.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")
    parts = _split(text, markdown)
    if parts is None:
        raise _refused(path, "der Front-Matter-Block zwischen zwei Zeilen „---“ fehlt")
    try:
        old_tree = compose(parts.front)
    except yaml.YAMLError as error:
        raise _refused(path, _problem(error, 2 if markdown else 1)) from None
    if old_tree is not None and not isinstance(old_tree, MappingNode):
        raise _refused(path, "keine Felder der Form „schlüssel: wert“")
    if expanded_size(old_tree, MAX_NODES) > MAX_NODES:
        raise _refused(path, "Anker und Verweise (&name, *name) ergeben zu viele Werte")
    _keep_hidden(old_tree, tree)
    body_same = not markdown or same_markdown(parts.body or "", form.body or "")
    if body_same and old_tree is not None and same(old_tree, tree, schema):
        return old  # nothing changed: the file stays byte for byte
    if not translation and _value(tree, STAND) is not None:  # (a form without `stand` is refused by check)
        _stamp(tree, today)
    front = _front(parts, old_tree, form, tree, schema)
    result = _Parts(front, None if not markdown else
                    parts.body if body_same else merge_markdown(parts.body or "", form.body or ""),
                    parts.opening, parts.closing)
    written = _join(result)
    if crlf:
        written = written.replace("\n", "\r\n")
    return _BOM + written if bom else written
