"""The editors' JSON Schema agrees with `check`: what check accepts, the schema accepts, and every
pattern speaks German.

The schema side reads each file the way VS Code's YAML extension does. yaml-language-server parses with
eemeli/yaml in YAML 1.2 (its default ``yaml.yamlVersion``), core schema: ``44147`` and ``01234`` are
integers, ``51.41`` a float, ``true``/``False`` booleans, ``~``/``null``/empty null, and everything else a
string – ``Ja``, ``yes``, ``on``, ``51,41``, ``15:30`` and ``2026-10-01`` included. PyYAML's SafeLoader
implements YAML 1.1 instead (``on``/``no`` booleans, ``15:30`` = 930, dates as ``date``), which would test a
different editor; ``Yaml12Loader`` below replaces its implicit resolvers with the YAML 1.2.2 core schema
(section 10.3.2, the same regular expressions as eemeli/yaml's ``schema/core``).
"""

from __future__ import annotations

import fnmatch
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from wegweiser.content.translation_files import kandidat
from wegweiser.core.problems import Loc, Problems
from wegweiser.editors.schema_export import schemas
from wegweiser.model.fields import INVALID, Bool, Number
from wegweiser.model.located_yaml import YScalar

from conftest import MINI, ROOT, TODAY


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML with the YAML 1.2 core schema instead of YAML 1.1's implicit types."""


Yaml12Loader.yaml_implicit_resolvers = {}
_CORE = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                                r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
]
for _tag, _regex, _first in _CORE:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_regex), list(_first))
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])


def _int12(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    text = loader.construct_scalar(node)  # type: ignore[arg-type]
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text, 16) if text.startswith("0x") else int(text, 10)


def _float12(loader: yaml.SafeLoader, node: yaml.Node) -> float:
    text = str(loader.construct_scalar(node)).lower()  # type: ignore[arg-type]
    if text.endswith("nan"):
        return math.nan
    return float(text.replace(".inf", "inf"))


def _bool12(loader: yaml.SafeLoader, node: yaml.Node) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"  # type: ignore[arg-type]


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int12)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _float12)
Yaml12Loader.add_constructor("tag:yaml.org,2002:bool", _bool12)


def load12(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)


def test_loader_reads_yaml_1_2_like_the_editor() -> None:
    data = load12("a: 44147\nb: 01234\nc: 51,41\nd: Ja\ne: on\nf: no\ng: 15:30\nh: 2026-10-01\ni: 51.41\n"
                  "j: True\nk: ~\nl:\nm: 0o17\nn: .5\no: '44147'\n")
    assert data == {"a": 44147, "b": 1234, "c": "51,41", "d": "Ja", "e": "on", "f": "no", "g": "15:30",
                    "h": "2026-10-01", "i": 51.41, "j": True, "k": None, "l": None, "m": 15, "n": 0.5, "o": "44147"}


# --- which schema an editor applies to which file: the mapping VS Code reads ---------------------

SETTINGS = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
SCHEMAS = schemas()


def _glob_matches(relpath: str, glob: str) -> bool:
    return fnmatch.fnmatchcase(relpath, glob) and "/" in glob and glob.count("/") == relpath.count("/")


def schema_for(relpath: str) -> dict[str, Any] | None:
    for schema_path, globs in SETTINGS.items():
        patterns = [globs] if isinstance(globs, str) else globs  # "!…" excludes (translations beside entries)
        if any(_glob_matches(relpath, g) for g in patterns if not g.startswith("!")) \
                and not any(_glob_matches(relpath, g[1:]) for g in patterns if g.startswith("!")):
            return SCHEMAS[Path(schema_path).name]
    return None


def schema_errors(relpath: str, text: str) -> list[str]:
    schema = schema_for(relpath)
    assert schema is not None, relpath
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(load12(text))]


def _yaml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if schema_for(p.relative_to(root).as_posix()))


@pytest.mark.parametrize("root", [ROOT, MINI], ids=["demo", "mini"])
def test_every_accepted_file_validates(root: Path) -> None:
    # check accepts the demo and the mini fixture (test_check.test_demo_content_checks_clean and every
    # scratch test build on them), so their schemas must accept every file of them.
    files = _yaml_files(root)
    assert len(files) >= (80 if root == ROOT else 5)
    problems = {}
    for path in files:
        relpath = path.relative_to(root).as_posix()
        errors = schema_errors(relpath, path.read_text(encoding="utf-8"))
        if errors:
            problems[relpath] = errors
    assert problems == {}


def test_front_matter_of_accepted_markdown_entries_validates() -> None:
    checked = 0
    for path in sorted(ROOT.glob("quartiere/*/*/*.md")) + sorted(ROOT.glob("content/*/*.md")):
        relpath = path.relative_to(ROOT).as_posix()
        if schema_for(relpath.removesuffix(".md") + ".yaml") is None or kandidat(path.name, (".md",)):
            continue  # translations (slug.en.md) hold only text, checked by check, not by the entry schema
        front = path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n")
        assert schema_errors(relpath.removesuffix(".md") + ".yaml", front) == [], relpath
        checked += 1
    assert checked >= 1


# --- editor-typed values: check and the schema give the same verdict -----------------------------

JA, NEIN = True, False
ANGEBOT = "quartiere/testviertel/angebote"
KITA = "quartiere/testviertel/kitas"
SCHULE = "quartiere/testviertel/schulen"
SPIELPLATZ = "quartiere/testviertel/spielplaetze"
REGION = "content/angebote"

# (folder, lines added to a valid entry, accepted?) – the verdicts come from the field reference
# (docs/felder.md: "Postleitzahl, fünfstellig", "Zahl (Komma oder Punkt)", "ja/nein", "Datum (2026-10-03
# oder 03.10.2026)", "Webseite (mit https://)", …) and from the issue's list of values editors type.
VALUES: list[tuple[str, str, bool]] = [
    (ANGEBOT, "adresse:\n  plz: 44147", JA),
    (ANGEBOT, 'adresse:\n  plz: "01234"', JA),
    (ANGEBOT, "adresse:\n  plz: 01234", JA),  # YAML 1.2 reads 1234, check reads "01234"
    (ANGEBOT, 'adresse:\n  plz: "4414"', NEIN),
    (ANGEBOT, "adresse:\n  plz: 441470", NEIN),
    (ANGEBOT, "adresse:\n  plz: D-44147", NEIN),
    (ANGEBOT, 'adresse:\n  plz: "00999"', NEIN),  # no German postcode starts with 00
    (SCHULE, "schulnummer: 123456", JA),
    (SCHULE, 'schulnummer: "12-34"', NEIN),
    (SCHULE, "schulnummer: 1234567", NEIN),
    (ANGEBOT, "geo:\n  lat: 51,41\n  lon: 7,46", JA),
    (ANGEBOT, "geo:\n  lat: 51.41\n  lon: 7.46", JA),
    (ANGEBOT, "geo:\n  lat: 91\n  lon: 7", NEIN),
    (ANGEBOT, "geo:\n  lat: nördlich\n  lon: 7", NEIN),
    (ANGEBOT, "geo:\n  lat: 51.41", NEIN),  # lon is required
    (ANGEBOT, 'alter:\n  von: "0,5"\n  bis: 6', JA),
    (ANGEBOT, 'alter: "0-6"', JA),
    (ANGEBOT, "alter: 0,5-3", JA),
    (ANGEBOT, "alter: {von: 0, bis: 3}", JA),
    (ANGEBOT, "alter: Kleinkinder", NEIN),
    (KITA, "u3: Ja", JA),
    (KITA, "u3: true", JA),
    (KITA, "u3: nein", JA),
    (KITA, "u3: vielleicht", NEIN),
    (KITA, "u3: 1", NEIN),
    (KITA, "plaetze: 75", JA),
    (KITA, 'plaetze: "75"', JA),
    (KITA, "plaetze: viele", NEIN),
    (KITA, "plaetze: 7,5", NEIN),  # a whole number
    (KITA, "betreuungszeiten: [25, 35, 45]", JA),
    (KITA, "betreuungszeiten: [25, 70]", NEIN),  # 1 to 60 hours
    (ANGEBOT, "telefon: 0231 12345", JA),
    (ANGEBOT, 'telefon: "+49 231 12345"', JA),
    (ANGEBOT, "telefon: 023112345", JA),  # a number to YAML 1.2
    (ANGEBOT, "telefon: 0231 ELTERN", NEIN),
    (ANGEBOT, "web: www.example.de", NEIN),
    (ANGEBOT, "web: https://www.example.de/kita", JA),
    (ANGEBOT, "web: ftp://example.de/datei", NEIN),
    (ANGEBOT, "email: kita@example.org", JA),
    (ANGEBOT, "email: kita@", NEIN),
    (ANGEBOT, 'oeffnungszeiten: "Mo-Fr 08:00-12:00"', JA),
    (ANGEBOT, "oeffnungszeiten: Mo-Fr 08:00-12:00; PH off", JA),
    (ANGEBOT, "stand: 03.10.2026", JA),
    (ANGEBOT, "stand: 3. Oktober 2026", NEIN),
    (ANGEBOT, "gueltig_bis: 2027-07-31", JA),
    (ANGEBOT, "kosten: 0", JA),
    (ANGEBOT, "zeiten: 15:30", JA),
    (ANGEBOT, "anmeldung: nein", JA),
    (ANGEBOT, "barrierefrei: Eingang mit Rampe", JA),
    (ANGEBOT, "barrierefrei: ja", JA),
    (ANGEBOT, "schwangerschaft: on", NEIN),  # ja/nein; "on" is YAML 1.1's boolean, not German
    (ANGEBOT, "kategorien: [fruehe-hilfen, sprache]", JA),
    (ANGEBOT, "kategorien: fruehe-hilfen", JA),  # a single value is a list of one
    (ANGEBOT, "kategorien: [Frühe Hilfen]", NEIN),
    (ANGEBOT, "sprachen: [de, tr, ar]", JA),
    (ANGEBOT, "sprachen: [DE, tr]", JA),
    (ANGEBOT, "sprachen: [deutsch]", NEIN),
    (ANGEBOT, "kurz:", JA),  # an optional field may stay empty
    (ANGEBOT, "kurz: " + "x" * 301, NEIN),
    (ANGEBOT, "kontakt: Netzwerkbüro", NEIN),
    (ANGEBOT, "quartiere: [testviertel]", NEIN),  # only in content/<typ>/
    (ANGEBOT, "adrese:\n  ort: Teststadt", NEIN),
    (REGION, "quartiere: alle", JA),
    (REGION, "quartiere: [testviertel]", JA),
    (REGION, "quartiere: testviertel", JA),
    (REGION, "quartiere: Testviertel Nord", NEIN),
    (SPIELPLATZ, "ausstattung: [Sandkasten, Schaukel]\neingezaeunt: ja", JA),
    (SPIELPLATZ, "eingezaeunt: teilweise", NEIN),
]

# Values only check can judge: YAML has already lost the difference, or the rule needs a real parser or
# calendar. The schema accepts them (it must not reject what check accepts); check rejects them.
ONLY_CHECK: list[tuple[str, str, str]] = [
    (ANGEBOT, "adresse:\n  plz: 1234", "YAML 1.2 reads 01234 and 1234 as the same number"),
    (ANGEBOT, "oeffnungszeiten: Mo-Fr 8-12", "the opening-hours grammar needs the OSM parser"),
    (ANGEBOT, "stand: 2026-02-30", "a calendar check"),
    (ANGEBOT, "telefon: 12", "plausibility needs libphonenumber"),
    (ANGEBOT, 'geo:\n  lat: "91,5"\n  lon: 7', "the range of a number written with a comma"),
    (ANGEBOT, "kontakt: gibt-es-nicht", "a reference to another file"),
    (ANGEBOT, "alter: 0-120", "the range of the ages in the short form"),
]


def _entry(index: int, folder: str, lines: str) -> tuple[str, str]:
    base = {"name": f"Wert {index}", "stand": "2026-10-01"}
    if folder.startswith("content/"):
        base["quartiere"] = "alle"
    keys = {line.split(":", 1)[0] for line in lines.splitlines() if not line.startswith(" ")}
    head = "".join(f"{key}: {value}\n" for key, value in base.items() if key not in keys)
    return f"{folder}/wert-{index:03d}.yaml", head + lines + "\n"


@pytest.fixture(scope="module")
def check_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """One real `wegweiser check` over a copy of the mini project holding every table row as a file."""
    root = tmp_path_factory.mktemp("werte") / "projekt"
    shutil.copytree(MINI, root)
    for index, (folder, lines, _) in enumerate([*VALUES, *[(f, v, False) for f, v, _ in ONLY_CHECK]]):
        relpath, text = _entry(index, folder, lines)
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "wegweiser", "check", str(root), "--stichtag", TODAY.isoformat()],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    errors: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        match = re.match(r"(\S+?):\d+:\d+: Fehler: (.*)", line)
        if match:
            errors.setdefault(match[1], []).append(match[2])
    assert not [path for path in errors if "wert-" not in path], errors  # the fixture itself stays clean
    return errors


@pytest.mark.parametrize(("index", "folder", "lines", "accepted"),
                         [(i, *row) for i, row in enumerate(VALUES)], ids=[f"{row[0].rsplit('/', 1)[1]}: {row[1]}"[:60] for row in VALUES])
def test_check_and_schema_agree(check_verdicts: dict[str, list[str]], index: int, folder: str, lines: str,
                                accepted: bool) -> None:
    relpath, text = _entry(index, folder, lines)
    check_errors = check_verdicts.get(relpath, [])
    editor_errors = schema_errors(relpath, text)
    assert (not check_errors) == accepted, f"check: {check_errors}"
    assert (not editor_errors) == accepted, f"Schema: {editor_errors}"


@pytest.mark.parametrize(("index", "folder", "lines", "reason"),
                         [(len(VALUES) + i, *row) for i, row in enumerate(ONLY_CHECK)], ids=[r[2] for r in ONLY_CHECK])
def test_what_only_check_can_judge(check_verdicts: dict[str, list[str]], index: int, folder: str, lines: str,
                                   reason: str) -> None:
    relpath, text = _entry(index, folder, lines)
    assert check_verdicts.get(relpath), f"check should reject: {reason}"
    assert schema_errors(relpath, text) == [], reason


# --- the same, as VS Code shows it: the real yaml-language-server -----------------------------------

ENGLISH = re.compile(r"Incorrect type|Value is|String (?:does|is)|Property|Missing property|Matches|not accepted|"
                     r"Array|Object|pattern|\^")


@pytest.fixture(scope="module")
def editor() -> dict[str, list[str]]:
    """Diagnostics of yaml-language-server (npm, package.json) for every accepted file and every table row."""
    server = ROOT / "node_modules" / "yaml-language-server"
    assert server.is_dir(), "node_modules/yaml-language-server fehlt: make install führt npm install aus"
    documents = [[p.relative_to(root).as_posix(), p.read_text(encoding="utf-8")]
                 for root in (ROOT, MINI) for p in _yaml_files(root)]
    rows = [(folder, lines) for folder, lines, _ in VALUES] + [(folder, lines) for folder, lines, _ in ONLY_CHECK]
    documents += [list(_entry(index, folder, lines)) for index, (folder, lines) in enumerate(rows)]
    result = subprocess.run(["node", str(ROOT / "tests" / "yaml_editor.js"), str(ROOT)], input=json.dumps(documents),
                            capture_output=True, text=True, timeout=120, check=True)
    diagnostics: dict[str, list[str]] = json.loads(result.stdout)
    assert len(diagnostics) >= len(rows) + 80
    return diagnostics


def test_the_editor_agrees_with_check(editor: dict[str, list[str]]) -> None:
    accepted_files = {path: found for path, found in editor.items() if "wert-" not in path and found}
    assert accepted_files == {}
    disagree = []
    for index, (folder, lines, accepted) in enumerate(VALUES):
        found = editor[_entry(index, folder, lines)[0]]
        if (not found) != accepted:
            disagree.append((lines, found))
    for index, (folder, lines, _) in enumerate(ONLY_CHECK, start=len(VALUES)):
        if found := editor[_entry(index, folder, lines)[0]]:
            disagree.append((lines, found))
    assert disagree == []


def test_the_editor_speaks_german(editor: dict[str, list[str]]) -> None:
    messages = {message.split(": ", 1)[1] for found in editor.values() for message in found}
    assert len(messages) >= 12
    assert [m for m in messages if ENGLISH.search(m) or not GERMAN.match(m)] == []
    # the messages the issue asks for, at the values editors type
    rejected = {lines: editor[_entry(i, folder, lines)[0]] for i, (folder, lines, _) in enumerate(VALUES)}
    assert rejected["u3: vielleicht"] == ["3: Schreiben Sie ja oder nein."]
    assert rejected["web: www.example.de"] == ["3: Erwartet wird eine vollständige Webadresse mit https://, "
                                               "z. B. https://www.example.org/familienzentrum."]
    assert rejected["adrese:\n  ort: Teststadt"][0].startswith("3: Dieses Feld gibt es hier nicht. Erlaubt sind: name,")


# --- German messages instead of regular expressions ----------------------------------------------

def _nodes(schema: Any) -> list[dict[str, Any]]:
    if isinstance(schema, list):
        return [node for item in schema for node in _nodes(item)]
    if not isinstance(schema, dict):
        return []
    return [schema, *[node for value in schema.values() for node in _nodes(value)]]


GERMAN = re.compile(r"^(?=[A-ZÄÖÜ])[^\\^$]*\b(?:wird|werden|ist|sind|Sie|Der|Das|Erlaubt|lassen)\b[^\\^$]*$")


def test_every_pattern_has_a_german_message() -> None:
    patterns = 0
    for name in sorted(SCHEMAS):
        committed = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
        for node in _nodes(committed):
            if "pattern" in node:
                patterns += 1
                for key in ("errorMessage", "patternErrorMessage"):
                    assert GERMAN.match(node.get(key, "")), f"{name}: {key} fehlt oder ist nicht deutsch: {node}"
                    assert node["pattern"] not in node[key]
            if "type" in node or "enum" in node or "const" in node:
                # yaml-language-server shows errorMessage for a wrong type, enum or const value too
                assert GERMAN.match(node.get("errorMessage", "")), f"{name}: {node}"
            assert "oneOf" not in node, f"{name}: oneOf makes the editor report 'matches multiple schemas'"
    assert patterns >= 100


def test_patterns_compile_as_ecmascript_would() -> None:
    # The editor compiles patterns with new RegExp(p, "u"): no inline flags, no Python-only syntax.
    for name, schema in SCHEMAS.items():
        for node in _nodes(schema):
            if "pattern" in node:
                assert not re.search(r"\(\?[aiLmsux]|\(\?P|\\[AZz]", node["pattern"]), (name, node["pattern"])
                re.compile(node["pattern"])


# --- every text check reads as a number or a yes/no, the schema accepts as well -------------------


def _check_reads(field: Any, text: str) -> Any:
    return field.convert(YScalar(text, Loc("x.yaml", 1, 1), '"'), Problems())


@settings(deadline=None)  # the first example pays for imports; a slow machine must not fail the test
@given(st.text(alphabet="0123456789.,+-eE_ ", max_size=10), st.booleans())
def test_numbers_check_reads_are_numbers_to_the_schema(text: str, integer: bool) -> None:
    field = Number(integer=integer)
    value = _check_reads(field, text)
    if value is not INVALID and math.isfinite(value):
        # quoted in YAML ("0,5"), so a string to the editor
        jsonschema.validate(text, field.json_schema())


@settings(deadline=None)
@given(st.sampled_from(["ja", "nein", "true", "false", "yes", "no"]), st.data())
def test_yes_no_in_any_case_is_accepted_by_both(word: str, data: st.DataObject) -> None:
    typed = "".join(c.upper() if data.draw(st.booleans()) else c for c in word)
    assert _check_reads(Bool(), typed) is not INVALID
    jsonschema.validate(typed, Bool().json_schema())
