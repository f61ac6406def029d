"""What ``wegweiser import`` last took from a source, per record and field: ``content/importe/<art>.yaml``,
committed with the content. A second run compares the source with it (did the source change?) and the entry with
it (did the editor change the field?)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from wegweiser.imports.records import ImportFehler, Value

FOLDER = "importe"
HEAD = ("# Was „wegweiser import {art}“ zuletzt aus der Quelle übernommen hat, je Datensatz (Kennung in der Quelle)\n"
        "# und Feld. So erkennt der nächste Import, was sich in der Quelle geändert hat und was die Redaktion\n"
        "# geändert hat. Die Datei gehört ins Repository; bitte nicht von Hand ändern.\n")


@dataclass
class Stand:
    """One record's last import: the entry file it went to, the file or folder it was read from and the values
    taken."""

    datei: str
    quelle: str
    werte: dict[str, Value]


def path(root: Path, art: str) -> Path:
    return root / "content" / FOLDER / f"{art}.yaml"


def read(root: Path, art: str) -> dict[str, Stand]:
    file = path(root, art)
    if not file.is_file():
        return {}
    shown = f"content/{FOLDER}/{art}.yaml"
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ImportFehler(f"{shown}{line}: Die Datei lässt sich nicht lesen. Stellen Sie sie aus dem Repository "
                           "wieder her (git checkout); sie wird nicht von Hand geändert.") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ImportFehler(f"{shown}: Unerwarteter Inhalt; stellen Sie die Datei aus dem Repository wieder her.")
    states: dict[str, Stand] = {}
    for key, value in data.items():
        if not isinstance(value, dict) or not isinstance(value.get("datei"), str) or \
                not isinstance(value.get("werte"), dict):
            raise ImportFehler(f"{shown}: Der Datensatz „{key}“ ist unvollständig; stellen Sie die Datei aus dem "
                               "Repository wieder her.")
        states[str(key)] = Stand(value["datei"], str(value.get("quelle", "")), value["werte"])
    return states


def text(art: str, states: dict[str, Stand]) -> str:
    body = {key: {"datei": stand.datei, "quelle": stand.quelle, "werte": dict(sorted(stand.werte.items()))}
            for key, stand in sorted(states.items())}
    return HEAD.format(art=art) + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=120,
                                                 default_flow_style=False)
