"""An imported entry as YAML in the hand-written style (flow lists and {lat, lon}, ja/nein, fields in the model's
order) and the check that the model accepts each value before anything is written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from wegweiser.content.file_schema import schema_for
from wegweiser.content.yaml_splice import block, compose
from wegweiser.core.problems import Problems
from wegweiser.imports.records import Herkunft, Value
from wegweiser.model.entries import ENTRY_TYPES, Eintrag, content_fields, convert_object
from wegweiser.model.located_yaml import LoadError, load_yaml_file

Data = dict[str, object]
_BOOL = "tag:yaml.org,2002:bool"
_FLOAT = "tag:yaml.org,2002:float"


def nested(values: dict[str, Value]) -> Data:
    """Dotted paths (``adresse.plz``) as nested maps."""
    data: Data = {}
    for key, value in values.items():
        head, _, rest = key.partition(".")
        if rest:
            inner = data.setdefault(head, {})
            assert isinstance(inner, dict)
            inner[rest] = value
        else:
            data[key] = value
    return data


def quelle(source: Herkunft, record_id: str, today: date) -> Data:
    data: Data = {"art": source.art, "id": record_id, "name": source.name, "lizenz": source.lizenz}
    if source.lizenz_url:
        data["lizenz_url"] = source.lizenz_url
    data["abgerufen"] = today
    return data


_LAST = ("stand", "quelle")


def ordered(typ: str, data: Data) -> Data:
    """``data`` in the order a hand-written entry has: name and short text, the type's own fields, the fields every
    entry has, ``stand`` and ``quelle`` last."""
    cls = ENTRY_TYPES[typ]
    common = [name for name, _ in content_fields(Eintrag)]
    own = [name for name, _ in content_fields(cls) if name not in common]
    order = ["name", "kurz", *own, *(n for n in common if n not in ("name", "kurz", *_LAST)), *_LAST]
    rank = {name: index for index, name in enumerate(order)}
    return dict(sorted(data.items(), key=lambda item: rank.get(item[0], len(order))))


def yaml_text(relpath: str, data: Data) -> str:
    """The YAML of ``data`` as a hand-written file would have it (the same writer as the form's new entries)."""
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    tree = compose(dumped)
    assert isinstance(tree, MappingNode)
    hand_written(tree)
    return "\n".join(block(tree, 0, schema_for(relpath), ())) + "\n"


def hand_written(node: Node) -> None:
    """Values as the project's files write them: ja/nein, "59989" in double quotes, 2 rather than 2.0."""
    if isinstance(node, ScalarNode):
        if node.tag == _BOOL:
            node.value = "ja" if node.value == "true" else "nein"
        elif node.tag == _FLOAT and node.value.endswith(".0"):
            node.value = node.value[:-2]
        elif node.style == "'":
            node.style = '"'
    elif isinstance(node, SequenceNode):
        for item in node.value:
            hand_written(item)
    elif isinstance(node, MappingNode):
        for _key, value in node.value:
            hand_written(value)


def new_entry(relpath: str, typ: str, fields: dict[str, Value], source: Herkunft, origin: Data,
              today: date, stand: date) -> str:
    """``origin``: the entry's ``quelle``; ``stand``: when the source last checked it."""
    data = ordered(typ, {**nested(fields), "quelle": origin, "stand": stand})
    head = (f"# Übernommen mit „wegweiser import {source.art}“ am {today:%d.%m.%Y} aus: {source.name} "
            f"(Lizenz {source.lizenz}).\n"
            "# Der nächste Import ändert nur Felder, die Sie nicht geändert haben; Ihre Änderungen bleiben.\n")
    return head + yaml_text(relpath, data)


def problems_of(relpath: str, typ: str, fields: dict[str, Value], today: date) -> dict[str, str]:
    """The fields (top-level names) the model refuses, with the first message for each."""
    data = ordered(typ, {**nested(fields), "stand": today})
    text = yaml_text(relpath, data)
    found = Problems()
    try:
        doc = load_yaml_file(Path(relpath), relpath, text.encode("utf-8"))
    except LoadError as exc:
        return {"*": exc.message}
    convert_object(ENTRY_TYPES[typ], doc.data, found)
    refused: dict[str, str] = {}
    lines = text.split("\n")
    for problem in found.errors:
        key = _key_at(lines, problem.loc.line)
        refused.setdefault(key, problem.message)
    return refused


def _key_at(lines: list[str], line: int) -> str:
    """The top-level key whose value holds line ``line`` (1-based)."""
    for number in range(min(line, len(lines)), 0, -1):
        text = lines[number - 1]
        if text and not text.startswith((" ", "-", "#")) and ":" in text:
            return text.split(":", 1)[0]
    return "*"
