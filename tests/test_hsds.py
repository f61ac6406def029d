"""The open data under daten/hsds/: valid against the official HSDS 3.0 schemas (vendored in fixtures/hsds/, read
offline) and accepted by frictionless; ids stable; as many services as the content has; opening hours as rows."""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import frictionless
import jsonschema
import pytest
import yaml
from referencing import Registry, Resource

from wegweiser.check.validate import load_and_validate
from wegweiser.opendata.publish import hsds_file_items

from conftest import MINI, ROOT, TODAY

SPEC = Path(__file__).parent / "fixtures" / "hsds"
BASE = "https://hsds.invalid/schema/"  # the per-object schemas refer to each other by file name: resolved here


def _strict(schema: Any) -> Any:
    """As the specification's own example check does (``--set-additional-properties-false-everywhere``): no field
    beyond the schema's, so a misspelt one fails."""
    if isinstance(schema, dict):
        schema = {key: _strict(value) for key, value in schema.items()}
        if "properties" in schema:
            schema["additionalProperties"] = False
    elif isinstance(schema, list):
        schema = [_strict(item) for item in schema]
    return schema


def _retrieve(uri: str) -> Resource[Any]:
    name = uri.removeprefix(BASE)
    if name == uri or "/" in name:
        raise LookupError(f"nicht vorhanden (kein Netz): {uri}")
    return Resource.opaque(_strict(json.loads((SPEC / "schema" / name).read_text("utf-8"))))


FORMATS = jsonschema.FormatChecker(formats=())
FORMATS.checks("uuid", raises=ValueError)(lambda value: not isinstance(value, str) or bool(uuid.UUID(value)))
FORMATS.checks("date", raises=ValueError)(lambda value: not isinstance(value, str) or bool(date.fromisoformat(value)))
FORMATS.checks("email")(lambda value: not isinstance(value, str) or re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", value))
FORMATS.checks("uri")(lambda value: not isinstance(value, str) or bool(urlsplit(value).scheme and
                                                                       urlsplit(value).netloc))


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """``service`` (compiled), ``service_list`` (compiled), ``page`` (the OpenAPI's) or a per-object schema."""
    if name in ("service", "service_list"):
        file = SPEC / ("service_with_definitions.json" if name == "service" else "service_list.json")
        schema = _strict(json.loads(file.read_text("utf-8")))
    elif name == "page":
        openapi = json.loads((SPEC / "openapi.json").read_text("utf-8"))
        schema = {**openapi["components"]["schemas"]["Page"], "required": [
            "total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"]}
    else:
        schema = {"$ref": f"{BASE}{name}.json"}
    return jsonschema.Draft202012Validator(schema, registry=Registry(retrieve=_retrieve),  # type: ignore[call-arg]
                                           format_checker=FORMATS)


def _valid(name: str, data: object, where: str) -> None:
    errors = [f"{where}: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(data)]
    assert not errors, errors[:5]


def _json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def check_export(folder: Path) -> dict[str, Any]:
    """Every file of an export against the official schemas; the services by id."""
    root = _json(folder / "index.json")
    assert (root["version"], root["openapi_url"]) == ("3.0", "https://raw.githubusercontent.com/openreferral/"
                                                     "specification/3.0/schema/openapi.json")
    services: dict[str, Any] = {}
    for kind, item in (("services", "service_list"), ("organizations", "organization")):
        listed = []
        first = _json(folder / kind / "index.json")
        for number in range(1, first["total_pages"] + 1):
            name = "index.json" if number == 1 else f"page-{number}.json"
            page = _json(folder / kind / name)
            _valid("page", page, f"{kind}/{name}")
            assert (page["page_number"], page["size"], page["first_page"], page["last_page"]) == (
                number, len(page["contents"]), number == 1, number == first["total_pages"])
            for entry in page["contents"]:
                _valid(item, entry, f"{kind}/{name}")
            listed += [entry["id"] for entry in page["contents"]]
        assert not (folder / kind / f"page-{first['total_pages'] + 1}.json").exists()
        assert len(listed) == len(set(listed)) == first["total_items"]
        files = {path.stem: path for path in (folder / kind).glob("*.json") if not re.fullmatch(
            r"index|page-\d+", path.stem)}
        assert set(files) == set(listed)
        for stem, path in files.items():
            data = _json(path)
            _valid("service" if kind == "services" else "organization", data, path.name)
            if kind == "services":
                services[stem] = data
    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    return services


def _official_tables() -> list[dict[str, Any]]:
    keep = ("name", "type", "format", "constraints")
    return [{"name": r["name"], "path": r["path"], "fields": [{k: f[k] for k in keep if k in f}
                                                             for f in r["schema"]["fields"]],
             "keys": [r["schema"].get("primaryKey"), r["schema"].get("foreignKeys")]}
            for r in _json(SPEC / "datapackage.json")["resources"]]


def _front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text("utf-8")
    if path.suffix == ".md":
        text = text.split("---", 2)[1]
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _entry_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(key, file) of every entry in the content, Termine excepted, translations (name.<code>.yaml) skipped."""
    for folder in [*sorted((root / "quartiere").glob("*/*")), *sorted((root / "content").glob("*"))]:
        if not folder.is_dir() or folder.name not in ("angebote", "kontakte", "kitas", "schulen", "spielplaetze"):
            continue
        scope = folder.parent.name if folder.parent.parent.name == "quartiere" else "region"
        for file in sorted(folder.iterdir()):
            if file.suffix in (".yaml", ".md") and "." not in file.stem:
                yield f"{scope}/{folder.name}/{file.stem}", file


def _expected_id(basis_url: str, kind: str, key: str) -> str:
    return str(uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, basis_url), f"{kind}:{key}"))


def test_the_demos_export_is_valid_hsds_with_a_service_for_every_published_entry(demo_site: Path) -> None:
    services = check_export(demo_site / "daten" / "hsds")
    basis = _front_matter(ROOT / "content" / "site.yaml")["basis_url"]
    expected = {_expected_id(basis, "service", key): key for key, file in _entry_files(ROOT)
                if (_front_matter(file).get("gueltig_bis") or date.max) >= TODAY}
    assert len(expected) > 50
    assert set(services) == set(expected)
    for service_id, key in expected.items():  # the entry's page on the site
        scope, typ, slug = key.split("/")
        assert services[service_id]["url"] == basis + (scope if scope == "region" else f"quartiere/{scope}") + \
            f"/{typ}/{slug}/"
        assert (demo_site / urlsplit(services[service_id]["url"]).path.lstrip("/") / "index.html").is_file()
    ours = [{"name": r["name"], "path": r["path"], "fields": r["schema"]["fields"],
             "keys": [r["schema"].get("primaryKey"), r["schema"].get("foreignKeys")]}
            for r in _json(demo_site / "daten" / "hsds" / "datapackage.json")["resources"]]
    assert ours == _official_tables()


MINI_ENTRY = "quartiere/testviertel/angebote/elterncafe.yaml"
HOSTILE = '<script>alert("x")</script> & \'Zitat\' „Öffnung“'


@pytest.fixture
def project(scratch: Callable[..., Path]) -> Path:
    """The minimal project with a second Angebot of hostile text, odd hours, access facts and an imported source."""
    root: Path = scratch("quartiere/testviertel/angebote/spieltreff.yaml", f"""\
name: {json.dumps(HOSTILE, ensure_ascii=False)}
kurz: "Zeile mit ; Semikolon, Komma und \\"Anführung\\""
traeger: Verein "Spiel & Spaß" e. V.
oeffnungszeiten: Mo-Fr 08:30-12:30; Th 14:00-17:00; PH off
zeiten: nach Absprache
kosten: 2 Euro
sprachen: [de, tr]
zugang: {{rollstuhl: teilweise, wickeltisch: ja}}
geo: {{lat: 51.5, lon: 7.4}}
telefon: 030 1234-5
stand: 2026-10-01
quelle: {{art: osm, id: node/42, name: OpenStreetMap-Mitwirkende, lizenz: ODbL 1.0, abgerufen: 2026-10-01}}
""")
    scratch("quartiere/testviertel/angebote/sommer.yaml", "name: Sommertreff\noeffnungszeiten: Apr-Oct Sa 10:00-12:00"
            "\nstand: 2026-10-01\n")
    return root


def _export(root: Path, tmp: Path, page_size: int = 2) -> Path:
    content, problems = load_and_validate(root, TODAY)
    assert not problems.errors, problems.errors
    for path, data in hsds_file_items(content, TODAY, page_size):
        (tmp / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp / path).write_bytes(data)
    return tmp / "daten" / "hsds"


def test_a_small_export_pages_validates_keeps_hostile_text_as_data_and_says_hours_as_rows(
        project: Path, tmp_path: Path) -> None:
    folder = _export(project, tmp_path / "a")
    services = check_export(folder)
    assert _json(folder / "services" / "index.json")["total_pages"] == 2  # four services, two to a page
    by_name = {service["name"]: service for service in services.values()}
    assert set(by_name) == {"Elterncafé", "Netzwerkbüro Testviertel", "Sommertreff", HOSTILE}
    hostile = by_name[HOSTILE]
    assert hostile["organization"]["name"] == 'Verein "Spiel & Spaß" e. V.'
    rows = {(s.get("byday"), s.get("opens_at"), s.get("closes_at")): s for s in
            hostile["service_at_locations"][0]["schedules"]}
    # a later rule for Thursday replaces the morning (OpenStreetMap's rule order)
    assert set(rows) == {("MO,TU,WE,FR", "08:30:00", "12:30:00"), ("TH", "14:00:00", "17:00:00"),
                         (None, None, None)}
    assert rows["TH", "14:00:00", "17:00:00"]["description"] == "An Feiertagen geschlossen."
    assert rows[None, None, None]["description"] == "nach Absprache"
    summer = by_name["Sommertreff"]["schedules"]
    assert [s.get("freq") for s in summer] == [None] and "Apr-Oct Sa 10:00-12:00" in summer[0]["description"]
    access = hostile["service_at_locations"][0]["location"]["accessibility"][0]
    assert access["details"] == "rollstuhl=teilweise; wickeltisch=ja"
    values = {a["taxonomy_term"]["code"]: a.get("value") for a in hostile["attributes"]}
    assert values["quelle.lizenz"] == "ODbL 1.0" and values["kurz"] == 'Zeile mit ; Semikolon, Komma und "Anführung"'
    assert {"name": "OpenStreetMap-Mitwirkende", "license": "ODbL 1.0"} in _json(folder / "index.json")["sources"]
    with (folder / "services.csv").open(encoding="utf-8", newline="") as stream:
        assert HOSTILE in [row["name"] for row in csv.DictReader(stream)]
    # the same content exported again: the same files, byte for byte
    again = _export(project, tmp_path / "b")
    assert {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == \
        {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert _expected_id("https://familie.example.org/", "service", "testviertel/angebote/elterncafe") in services


def test_an_updated_site_has_the_export_of_its_content(scratch: Callable[..., Path], tmp_path: Path) -> None:
    from wegweiser.site.build import build_site

    root = scratch(MINI_ENTRY, (MINI / MINI_ENTRY).read_text("utf-8") + "traeger: Alter Träger\n")
    site = tmp_path / "site"
    first = build_site(root, site, TODAY)
    folder = site / "daten" / "hsds"
    before = {p.name for p in (folder / "organizations").glob("*.json")}
    # issue 31: the update replaces only the files whose bytes change; the other service's file stays the same file
    others = {p: p.stat().st_ino for p in (folder / "services").glob("*.json")
              if json.loads(p.read_text("utf-8")).get("name") == "Netzwerkbüro Testviertel"}
    assert len(others) == 1
    entry = root / MINI_ENTRY
    entry.write_text(entry.read_text("utf-8").replace("name: Elterncafé", "name: Elterncafé Morgenrot")
                     .replace("Alter Träger", "Neuer Träger"), "utf-8")
    updated = build_site(root, site, TODAY)
    assert updated.written < first.pages  # in place
    services = check_export(folder)  # every service and organization file listed, every listed one there
    assert sorted(s["name"] for s in services.values()) == ["Elterncafé Morgenrot", "Netzwerkbüro Testviertel"]
    after = {p.name for p in (folder / "organizations").glob("*.json")}
    assert len(after) == len(before) and after != before  # the old Träger's file is gone
    assert "Morgenrot" in (folder / "services.csv").read_text("utf-8")
    assert {p: p.stat().st_ino for p in others} == others


def test_a_full_disk_while_the_export_is_written_fails_the_build_and_keeps_the_old_site(
        scratch: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The full build writes the export in a process of its own beside the pages (issue 31): a write that fails
    there fails the build with the German message and the path, and the site built before stays as it was."""
    from pathlib import Path as RealPath

    from wegweiser.cli import main

    root = scratch(MINI_ENTRY, (MINI / MINI_ENTRY).read_text("utf-8"))
    site = tmp_path / "site"
    assert main(["build", str(root), "-o", str(site), "--stichtag", TODAY.isoformat()]) == 0
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    entry = root / MINI_ENTRY
    entry.write_text(entry.read_text("utf-8").replace("name: Elterncafé", "name: Elterncafé Voll"), "utf-8")
    real_write = RealPath.write_bytes

    def disk_full(path: RealPath, data: bytes) -> int:
        if path.suffix == ".csv":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_write(path, data)

    capsys.readouterr()
    monkeypatch.setenv("WEGWEISER_CACHE", "aus")  # no state of the site to update: a full build
    monkeypatch.setattr(RealPath, "write_bytes", disk_full)
    assert main(["build", str(root), "-o", str(site), "--stichtag", TODAY.isoformat()]) != 0
    monkeypatch.undo()
    message = capsys.readouterr().err
    assert "Traceback" not in message and "Datenträger ist voll" in message and f"„{site}“" in message, message
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
    assert "Elterncafé Voll" not in (site / "daten" / "hsds" / "services.csv").read_text("utf-8")
