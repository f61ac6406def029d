"""Every example of docs/felder.md passes ``check`` as written (issue 27, deliver 9): each is put, as it stands in
the guide, into a file of a scratch project of the kind its section names."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from wegweiser.check.validate import load_and_validate

from conftest import ROOT, TODAY

FELDER = ROOT / "docs" / "felder.md"
# A count of free places needs the day it was counted (a Termin's rule in check, issue 28).
_NEEDS = {"plaetze_frei": "plaetze_stand"}
_ROW = re.compile(r"^\| `(?P<field>[a-z_.]+)` \|.*\| (?P<required>ja)? \|.*\| `(?P<example>[^`]+)` \|$")


def _sections() -> dict[str, list[tuple[str, str, bool]]]:
    """Section heading -> (field with parents, example line, required), read from the guide."""
    sections: dict[str, list[tuple[str, str, bool]]] = {}
    heading = ""
    for line in FELDER.read_text("utf-8").split("\n"):
        if line.startswith("## "):
            heading = line[3:]
            sections[heading] = []
        match = _ROW.match(line)
        if match:
            sections[heading].append((match["field"], match["example"], bool(match["required"])))
    return sections


def _nested(field: str, example: str) -> str:
    """The example line under its parents (``adresse.plz`` → ``adresse:`` / ``  plz: …``)."""
    parents = field.split(".")[:-1]
    lines = [f"{'  ' * depth}{parent}:" for depth, parent in enumerate(parents)]
    return "\n".join([*lines, "  " * len(parents) + example])


def _siblings(rows: list[tuple[str, str, bool]], field: str) -> str:
    """The required examples beside a nested field (``geo.lat`` needs ``lon``), indented under the same parent."""
    if "." not in field:
        return ""
    parent = field.rsplit(".", 1)[0]
    depth = field.count(".")
    return "".join(f"\n{'  ' * depth}{e}" for f, e, required in rows
                   if required and f != field and f.rsplit(".", 1)[0] == parent and f.count(".") == depth)


def _file(rows: list[tuple[str, str, bool]], extra: tuple[str, str]) -> str:
    """The required examples of ``rows`` (top level ones) and ``extra``, each field once."""
    chosen = {field: example for field, example, required in rows if required and "." not in field}
    top = extra[0].split(".")[0]
    chosen = {f: e for f, e in chosen.items() if f != top}
    return "\n".join([*chosen.values(), _nested(*extra) + _siblings(rows, extra[0])]) + "\n"


def test_every_example_of_felder_md_passes_check(scratch: Callable[..., Path]) -> None:
    sections = _sections()
    common = sections["Felder aller Einträge"]
    assert len(common) > 20 and len(sections) >= 9  # the guide was read
    root = scratch("content/kategorien.yaml", "fruehe-hilfen:\n  name: Frühe Hilfen\nelternbildung:\n  name: "
                   "Elternbildung\nsprache:\n  name: Sprache\n")
    for slug in ("frau-beispiel", "netzwerkbuero"):  # the contacts the examples name, for every quarter
        scratch(f"content/kontakte/{slug}.yaml", f"name: {slug}\nquartiere: alle\nstand: 2026-10-01\n")
    for slug in ("brunnenstrassenviertel", "heissen"):
        scratch(f"quartiere/{slug}/quartier.yaml", f"name: {slug}\nort: Teststadt\nstand: 2026-10-01\n")
    scratch("content/bilder/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n')
    from io import BytesIO

    from PIL import Image

    jpeg = BytesIO()
    Image.new("RGB", (20, 10), (30, 90, 140)).save(jpeg, "JPEG")
    scratch("content/bilder/titel.jpg", jpeg.getvalue())
    written: list[str] = []
    types = {"angebote": common}
    for heading, rows in sections.items():
        found = re.search(r"\(`(\w+)/`\)", heading)
        if found:
            types[found[1]] = common + rows
    for typ, rows in types.items():
        for number, (field, example, _required) in enumerate(rows):
            region = field == "quartiere"  # only in content/<typ>/
            folder = f"content/{typ}" if region else f"quartiere/testviertel/{typ}"
            text = _file(rows, (field, example))
            if field in _NEEDS:  # an example that check accepts only with another field beside it
                text += next(e for f, e, _ in rows if f == _NEEDS[field]) + "\n"
            if region:
                text += "kontakt: netzwerkbuero\n" if typ == "angebote" else ""
            written.append(f"{folder}/beispiel-{number}.yaml")
            scratch(written[-1], text)
    for number, (field, example, _required) in enumerate(sections["Quartier (`quartiere/<quartier>/quartier.yaml`)"]):
        written.append(f"quartiere/beispiel-{number}/quartier.yaml")
        scratch(written[-1], _file(sections["Quartier (`quartiere/<quartier>/quartier.yaml`)"], (field, example)))
    page_rows = sections["Allgemeine Seite (`content/seiten/*.md`, Front Matter)"]
    for number, (field, example, _required) in enumerate(page_rows):
        written.append(f"content/seiten/beispiel-{number}.md")
        scratch(written[-1], "---\n" + _file(page_rows, (field, example)) + "---\nText.\n")
    category_rows = sections["Kategorie (`content/kategorien.yaml`, je Kürzel)"]
    categories = (root / "content/kategorien.yaml").read_text("utf-8")
    for number, (field, example, _required) in enumerate(category_rows):
        body = _file(category_rows, (field, example))
        categories += f"beispiel-{number}:\n" + "".join(f"  {line}\n" for line in body.splitlines())
    scratch("content/kategorien.yaml", categories)
    site_rows = sections["Wegweiser (`content/site.yaml`)"]
    site = (root / "content/site.yaml").read_text("utf-8")
    for number, (field, example, _required) in enumerate(site_rows):
        # site.yaml is one file: each example replaces the field (or its parent) in a copy of it, checked alone
        top = field.split(".")[0]
        kept = re.sub(rf"(?m)^{top}:.*\n(?:[ ].*\n)*", "", site)
        block = _nested(field, example) + _siblings(site_rows, field)
        written.append(f"content/site.yaml#{number}")
        scratch("content/site.yaml", kept + block + "\n")
        errors = [p.format() for p in load_and_validate(root, TODAY)[1].errors if p.loc.path == "content/site.yaml"]
        assert not errors, (field, example, errors)
    scratch("content/site.yaml", site)
    errors = [p.format() for p in load_and_validate(root, TODAY)[1].errors]
    assert not errors, "\n".join(errors)
    assert len(written) > 100
