"""``wegweiser neu``: a new entry file per type, named by the slug of its name, accepted by ``check``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml

from wegweiser.check.validate import load_and_validate
from wegweiser.cli import main
from wegweiser.core.problems import Problems
from wegweiser.model.entries import ENTRY_TYPES, content_fields, convert_object, field_names
from wegweiser.model.located_yaml import load_yaml_file

from conftest import TODAY

STICHTAG = "2026-11-21"
# A field line, as a value ("name: …") or as a comment ("#kurz: …", "#  strasse: …" below "#adresse:").
FIELD_LINE = re.compile(r"^#?(?P<indent>(?: {2})?)(?P<key>[a-z][a-z0-9_]*):")


def _new(root: Path, typ: str, quarter: str, name: str, *extra: str) -> int:
    return main(["neu", typ, quarter, name, str(root), *extra])


def _top_level_keys(text: str) -> set[str]:
    return {m["key"] for line in text.splitlines() if (m := FIELD_LINE.match(line)) and not m["indent"]}


@pytest.mark.parametrize("quarter", ["testviertel", "region"])
@pytest.mark.parametrize("typ", list(ENTRY_TYPES))
def test_new_entry_of_every_type_passes_check_and_shows_every_field(
        typ: str, quarter: str, scratch: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root: Path = scratch.root  # type: ignore[attr-defined]
    assert _new(root, typ, quarter, "Spielplatz am Weiß-Teich", "--stichtag", STICHTAG) == 0
    folder = root / "content" / typ if quarter == "region" else root / "quartiere" / quarter / typ
    path = folder / "spielplatz-am-weiss-teich.yaml"  # the slug the issue names for this name
    assert path.is_file()
    assert str(path.relative_to(root)) in capsys.readouterr().out

    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)  # a plain YAML file for any YAML tool
    assert data["name"] == "Spielplatz am Weiß-Teich"
    assert data["stand"] == date(2026, 11, 21)
    if quarter == "region":
        assert data["quartiere"] == "alle"
    else:
        assert "quartiere" not in data

    # Every field the model declares for the type is in the file, as a value or as a comment.
    expected = set(field_names(ENTRY_TYPES[typ]))
    if quarter != "region":
        expected.discard("quartiere")  # not allowed in a quarter's folder
    assert _top_level_keys(text) == expected

    content, problems = load_and_validate(root, TODAY)
    shown = str(path.relative_to(root))
    # Only the editor knows a Termin's date (issue 28): no date is invented, check asks for it in this file.
    required = sorted(name for name, spec in content_fields(ENTRY_TYPES[typ]) if spec.required
                      and name not in ("name", "stand", "quartiere"))
    assert [p.message for p in problems.items if p.loc.path == shown] == \
        [f"Das Pflichtfeld „{name}“ fehlt." for name in required]
    if required:
        return
    assert not problems.errors
    assert any(e.source == shown for e in content.eintraege)


@pytest.mark.parametrize("typ", list(ENTRY_TYPES))
def test_uncommented_examples_are_valid_values(typ: str, scratch: Callable[..., Path]) -> None:
    """The commented examples come from the model: with every # removed, the model accepts each value."""
    root: Path = scratch.root  # type: ignore[attr-defined]
    assert _new(root, typ, "testviertel", "Familientreff", "--stichtag", STICHTAG) == 0
    path = root / "quartiere" / "testviertel" / typ / "familientreff.yaml"
    uncommented = "\n".join(line[1:] if FIELD_LINE.match(line) and line.startswith("#") else line
                            for line in path.read_text(encoding="utf-8").splitlines())
    path.write_text(uncommented, encoding="utf-8")
    problems = Problems()
    doc = load_yaml_file(path, path.name)
    entry = convert_object(ENTRY_TYPES[typ], doc.data, problems, frozenset({"quartiere"}))
    assert problems.items == []
    assert entry is not None
    assert set(doc.data.entries) == set(field_names(ENTRY_TYPES[typ])) - {"quartiere"}


def test_names_that_need_quotes_and_the_environment_stichtag(
        scratch: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root: Path = scratch.root  # type: ignore[attr-defined]
    monkeypatch.setenv("WEGWEISER_STICHTAG", "2026-05-04")
    name = "Treff: Eltern & Kinder #1"
    assert _new(root, "angebote", "testviertel", name) == 0
    path = root / "quartiere" / "testviertel" / "angebote" / "treff-eltern-kinder-1.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["name"] == name
    assert data["stand"] == date(2026, 5, 4)
    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors
    assert [e.name for e in content.eintraege if e.slug == "treff-eltern-kinder-1"] == [name]


def test_refuses_to_overwrite(scratch: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root: Path = scratch.root  # type: ignore[attr-defined]
    existing = root / "quartiere" / "testviertel" / "angebote" / "elterncafe.yaml"
    before = existing.read_bytes()
    assert _new(root, "angebote", "testviertel", "Elterncafé") == 2
    assert existing.read_bytes() == before
    err = capsys.readouterr().err
    assert "gibt es schon" in err and "Traceback" not in err
    # A Markdown file of the same name counts too.
    (root / "content" / "angebote").mkdir(parents=True)
    (root / "content" / "angebote" / "ferien.md").write_text("---\nname: Ferien\n---\n", encoding="utf-8")
    assert _new(root, "angebote", "region", "Ferien") == 2
    assert not (root / "content" / "angebote" / "ferien.yaml").exists()


@pytest.mark.parametrize(("typ", "quarter", "hint"), [
    ("spielplatz", "testviertel", "Meinten Sie „spielplaetze“?"),
    ("kitas", "testvirtel", "Meinten Sie „testviertel“?"),
])
def test_unknown_type_or_quarter(typ: str, quarter: str, hint: str, scratch: Callable[..., Path],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    root: Path = scratch.root  # type: ignore[attr-defined]
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    assert _new(root, typ, quarter, "Neu") == 2
    assert hint in capsys.readouterr().err
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_name_without_letters(scratch: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root: Path = scratch.root  # type: ignore[attr-defined]
    assert _new(root, "angebote", "testviertel", "–?!") == 2
    assert "Dateiname" in capsys.readouterr().err
