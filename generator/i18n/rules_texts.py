"""The texts of ``data/fristen.yaml`` ("Mein Kind") that families read, for the catalogue: ``make i18n`` adds them
to ``wegweiser.pot`` like the UI strings, so each language's ``.po`` translates them (the rules stay in one file)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from wegweiser.core.resources import data_file

# Fields whose text families read; ``name`` only where it is words (a deadline), not a code such as "U2".
TEXT_FIELDS = ("was", "unklar", "text")


def rules_texts(path: Path | None = None) -> Iterator[tuple[int, str]]:
    """(line, text) of each text of the rules file, whitespace folded as ``model.child_dates`` reads it."""
    node = yaml.compose((path or data_file("fristen.yaml")).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if isinstance(value, yaml.ScalarNode) and isinstance(key, yaml.ScalarNode):
                    words = key.value in TEXT_FIELDS or (key.value == "name" and " " in value.value)
                    if words:
                        yield value.start_mark.line + 1, " ".join(value.value.split())
                else:
                    stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
