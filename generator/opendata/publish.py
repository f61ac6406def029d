"""The HSDS export as files of the built site, under ``daten/hsds/`` (the site writes them, ``site/open_data.py``):

- ``index.json``: the API's root in the shape of the HSDS 3.0 OpenAPI (``version``, ``profile``, ``openapi_url``),
  with the title, publisher, licence and sources besides;
- ``services/index.json`` (page 1), ``services/page-2.json`` …: the services, ``PAGE_SIZE`` to a page, each page in
  the OpenAPI's ``Page`` shape (``total_items``, ``total_pages``, ``page_number``, ``size``, ``first_page``,
  ``last_page``, ``empty``, ``contents``) with the one-to-one fields of each service (``service_list``);
- ``services/<id>.json``: one service with everything nested (HSDS ``service``);
- ``organizations/index.json``, ``organizations/page-2.json`` …, ``organizations/<id>.json`` likewise;
- ``datapackage.json`` and one CSV per HSDS table (``services.csv``, ``locations.csv`` …): the Tabular Data Package.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources

from wegweiser.content.records import Content
from wegweiser.opendata.hsds import TABLES, Export, Record, export

FOLDER = "daten/hsds/"
PAGE_SIZE = 100
HSDS_VERSION = "3.0"
PROFILE = "https://github.com/openreferral/specification/tree/3.0"
OPENAPI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
NO_LICENCE = "keine Angabe"

# Which rows nest into an object: property → (table, the column that points at the parent's id).
CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "service": {"phones": ("phone", "service_id"), "schedules": ("schedule", "service_id"),
                "service_at_locations": ("service_at_location", "service_id"), "languages": ("language", "service_id"),
                "cost_options": ("cost_option", "service_id"), "contacts": ("contact", "service_id"),
                "attributes": ("attribute", "link_id")},
    "service_at_location": {"schedules": ("schedule", "service_at_location_id")},
    "location": {"addresses": ("address", "location_id"), "accessibility": ("accessibility", "location_id")},
    "contact": {"phones": ("phone", "contact_id")},
    "organization": {"phones": ("phone", "organization_id")},
}


@dataclass(frozen=True)
class _Nest:
    """The rows of an export by the ids they point at, to nest them without searching."""

    by_link: dict[tuple[str, str, object], list[Record]]
    by_id: dict[tuple[str, object], Record]

    @classmethod
    def of(cls, result: Export) -> _Nest:
        by_link: dict[tuple[str, str, object], list[Record]] = {}
        links = {(table, column) for children in CHILDREN.values() for table, column in children.values()}
        for table, column in links:
            for row in result.tables[table]:
                if column in row:
                    by_link.setdefault((table, column, row[column]), []).append(row)
        by_id = {(table, row["id"]): row for table in TABLES for row in result.tables[table]}
        return cls(by_link, by_id)

    def full(self, table: str, row: Record) -> Record:
        nested = dict(row)
        for name, (child, column) in CHILDREN.get(table, {}).items():
            nested[name] = [self.full(child, item) for item in self.by_link.get((child, column, row["id"]), [])]
        if table == "service":
            nested["organization"] = dict(self.by_id[("organization", row["organization_id"])])
        if table == "service_at_location":
            nested["location"] = self.full("location", self.by_id[("location", row["location_id"])])
        if table == "attribute":
            nested["taxonomy_term"] = self.term(row["taxonomy_term_id"])
        return nested

    def term(self, term_id: object) -> Record:
        term = dict(self.by_id[("taxonomy_term", term_id)])
        taxonomy = self.by_id.get(("taxonomy", term.get("taxonomy_id")))
        if taxonomy is not None:
            term["taxonomy_detail"] = dict(taxonomy)
        return term


def hsds_file_items(content: Content, today: date, page_size: int = PAGE_SIZE) -> Iterator[tuple[str, bytes]]:
    """Every file of the export with its path in the site (none without ``site.yaml``), one at a time: the export
    of 100,000 entries is 1.8 GB of files, which are never all in memory at once."""
    result = export(content, today)
    if result is None:
        return
    nest = _Nest.of(result)
    yield FOLDER + "index.json", _json(root(result, page_size))
    # The pages and one file per record, for programs: compact, which the C encoder writes (indented JSON goes
    # through Python's: a third of the export's time at 3,000 entries, and 0.9 s of the pages at 10,000)
    for folder, contents in (("services", _service_list(result, nest)),
                             ("organizations", result.tables["organization"])):
        for path, page in pages(folder, contents, page_size).items():
            yield FOLDER + path, _json(page, compact=True)
    for table, folder in (("service", "services"), ("organization", "organizations")):
        for row in result.tables[table]:
            yield f"{FOLDER}{folder}/{row['id']}.json", _json(nest.full(table, row), compact=True)
    for path, data in tabular(result).items():
        yield FOLDER + path, data


def _service_list(result: Export, nest: _Nest) -> list[Record]:
    """The services as a list shows them: their own fields and their organization's (``service_list``)."""
    return [{**row, "organization": nest.by_id[("organization", row["organization_id"])]} for row in result.services]


def page_name(folder: str, number: int) -> str:
    return f"{folder}/index.json" if number == 1 else f"{folder}/page-{number}.json"


def pages(folder: str, contents: list[Record], size: int) -> dict[str, Record]:
    """``contents`` in pages of ``size`` (the OpenAPI's ``Page``); one empty page when there is nothing."""
    total = max(1, math.ceil(len(contents) / size))
    found: dict[str, Record] = {}
    for number in range(1, total + 1):
        part = contents[(number - 1) * size:number * size]
        found[page_name(folder, number)] = {
            "total_items": len(contents), "total_pages": total, "page_number": number, "size": len(part),
            "first_page": number == 1, "last_page": number == total, "empty": not contents, "contents": part}
    return found


def root(result: Export, page_size: int) -> Record:
    """The API's root: what the OpenAPI's ``/`` names, and what a reader needs to know about the data."""
    site = result.site
    licence: Record = {"name": site.datenlizenz or NO_LICENCE}
    if site.datenlizenz_url:
        licence["url"] = site.datenlizenz_url
    return {"version": HSDS_VERSION, "profile": PROFILE, "openapi_url": OPENAPI, "title": site.titel,
            "description": f"Angebote für Familien im {site.titel} als Open-Referral-Daten (HSDS 3.0), in der "
                           f"Hauptsprache der Website ({site.sprache}). Nur lesbar, als Dateien: services/index.json "
                           f"ist die erste Seite der Angebote (je {page_size}), die weiteren services/page-2.json …; "
                           "services/<id>.json ein Angebot mit allen Angaben; datapackage.json die Tabellen (CSV).",
            "language": site.sprache, "publisher": {"name": site.impressum.herausgeber, "email": site.impressum.email,
                                                     "url": site.basis_url},
            "license": licence, "sources": [_source(source) for source in result.sources],
            "services_url": "services/index.json", "organizations_url": "organizations/index.json",
            "datapackage_url": "datapackage.json", "page_size": page_size}


def _source(source: dict[str, str]) -> Record:
    return {"name": source["title"], "license": source["lizenz"], **({"url": source["path"]} if "path" in source
                                                                    else {})}


# --- the Tabular Data Package ------------------------------------------------------------------------------------

def table_resources() -> list[Record]:
    """The resources of the HSDS 3.0 Tabular Data Package (names, paths, fields, keys), as the specification's
    ``datapackage.json`` has them (``data/hsds_tabellen.json``)."""
    text = resources.files("wegweiser.data").joinpath("hsds_tabellen.json").read_text(encoding="utf-8")
    found = json.loads(text)["resources"]
    assert isinstance(found, list)
    return [dict(item) for item in found]


def tabular(result: Export) -> dict[str, bytes]:
    site = result.site
    descriptor: Record = {
        "profile": "tabular-data-package", "name": "hsds", "title": f"{site.titel}: Angebote für Familien (HSDS 3.0)",
        "description": f"Open-Referral-Daten (HSDS 3.0) des {site.titel}, herausgegeben von "
                       f"{site.impressum.herausgeber}. Lizenz: {site.datenlizenz or NO_LICENCE}.",
        "homepage": site.basis_url,
        "contributors": [{"title": site.impressum.herausgeber, "email": site.impressum.email, "role": "publisher"}]}
    if site.datenlizenz:
        descriptor["licenses"] = [{"title": site.datenlizenz, "path": site.datenlizenz_url}
                                  if site.datenlizenz_url else {"title": site.datenlizenz, "name": "other"}]
    if result.sources:
        descriptor["sources"] = [{"title": f"{s['title']} ({s['lizenz']})", **({"path": s["path"]} if "path" in s
                                                                              else {})} for s in result.sources]
    tables = table_resources()
    files: dict[str, bytes] = {}
    for resource in tables:
        resource["encoding"] = "utf-8"
        schema = resource["schema"]
        assert isinstance(schema, dict)
        columns = [str(item["name"]) for item in schema["fields"]]
        files[str(resource["path"])] = _csv(columns, result.tables[str(resource["name"])])
    descriptor["resources"] = tables
    files["datapackage.json"] = _json(descriptor)
    return files


def _csv(columns: list[str], rows: list[Record]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(row.get(column)) for column in columns] for row in rows)
    return out.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _json(data: object, compact: bool = False) -> bytes:
    if compact:
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

