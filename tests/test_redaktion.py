"""The browser form (Decap CMS at /redaktion/): generated from the model, saving files that `check` accepts."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import MINI, ROOT

WEGWEISER = Path(sys.executable).parent / "wegweiser"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# --- the configuration covers the model -----------------------------------------------------------

def _model_fields(cls: type) -> dict[str, Any]:
    """Field name → nested field names, read from the dataclasses directly (independent of cms.py)."""
    result: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        spec = f.metadata.get("spec")
        if spec is None:
            continue
        nested = getattr(spec.type, "cls", None)
        result[f.name] = _model_fields(nested) if nested is not None else None
    return result


def _config_fields(fields: list[dict[str, Any]]) -> dict[str, Any]:
    return {f["name"]: _config_fields(f["fields"]) if f.get("widget") == "object" else None for f in fields}


def _flat(fields: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for f in fields:
        yield f
        yield from _flat(f.get("fields", []))


def test_config_covers_every_field_of_every_type(tmp_path: Path) -> None:
    from wegweiser import model

    out = tmp_path / "redaktion"
    result = subprocess.run([str(WEGWEISER), "cms", str(ROOT), "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == "de"
    collections = {c["name"]: c for c in config["collections"]}
    quarters = sorted(p.name for p in (ROOT / "quartiere").iterdir() if (p / "quartier.yaml").is_file())
    types = {"angebote": model.Angebot, "kontakte": model.Kontakt, "spielplaetze": model.Spielplatz,
             "kitas": model.Kita, "schulen": model.Schule}
    assert set(types) == set(model.ENTRY_TYPES)  # a new type must be added here and to the form
    expected_names = {f"{q}_{t}" for q in quarters for t in types} | {f"region_{t}" for t in types}
    # .md entries (front matter, description as the body) get their own collection per folder holding any
    md_folders = sorted({p.parent.relative_to(ROOT).as_posix() for p in ROOT.glob("quartiere/*/*/*.md")}
                        | {p.parent.relative_to(ROOT).as_posix() for p in ROOT.glob("content/*/*.md")
                           if p.parent.name in types})
    assert "content/angebote" in md_folders  # the demo's zahnprophylaxe.md
    markdown = {n: c for n, c in collections.items() if n.endswith("_md")}
    assert sorted(c["folder"] for c in markdown.values()) == md_folders
    for collection in markdown.values():
        assert collection["extension"] == "md" and collection["format"] == "frontmatter"
    assert set(collections) - set(markdown) == expected_names
    for name, collection in collections.items():
        quarter, typ, *md = name.split("_")
        fields = _model_fields(types[typ])
        if md:
            fields = {("body" if k == "beschreibung" else k): v for k, v in fields.items()}
        if quarter != "region":
            del fields["quartiere"]  # only region-wide entries name their quarters
            assert collection["folder"] == f"quartiere/{quarter}/{typ}"
        else:
            assert collection["folder"] == f"content/{typ}"
        # same fields, same order (the order Decap writes them in)
        assert _config_fields(collection["fields"]) == fields
        assert list(_config_fields(collection["fields"])) == list(fields)
        for field in _flat(collection["fields"]):
            assert field["label"] and field["hint"], field["name"]
            assert isinstance(field["required"], bool)
        by_name = {f["name"]: f for f in collection["fields"]}
        assert by_name["name"]["required"] is True and by_name["stand"]["required"] is True
        assert by_name["kurz"]["required"] is False
        description = by_name["body" if md else "beschreibung"]
        assert description["widget"] == "markdown" and description["label"] == "Beschreibung"
        assert collection["extension"] == ("md" if md else "yaml")
        assert by_name["kategorien"]["widget"] == "select" and by_name["kategorien"]["multiple"] is True
        categories = yaml.safe_load((ROOT / "content" / "kategorien.yaml").read_text(encoding="utf-8"))
        assert [o["value"] for o in by_name["kategorien"]["options"]] == list(categories)
        assert {"de", "tr", "ar", "uk"} <= {o["value"] for o in by_name["sprachen"]["options"]}
        assert by_name["kontakt"]["widget"] == "kontakt"  # Decap's relation, quarter then region
        assert by_name["kontakt"]["collection"] == f"{quarter}_kontakte"
        assert by_name["kontakt"]["region_collection"] == "region_kontakte"
        assert by_name["stichworte"]["widget"] == "list"
        plz = next(f for f in by_name["adresse"]["fields"] if f["name"] == "plz")
        assert plz["widget"] == "string" and plz["pattern"][1]  # text with a German message, never a number
        assert by_name["stand"]["format"] == "YYYY-MM-DD"
        if quarter == "region":
            assert by_name["quartiere"]["required"] is True
            assert {o["value"] for o in by_name["quartiere"]["options"]} == set(quarters) | {"alle"}
    # no script or style from another host
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "http" not in index and (out / "decap-cms.js").is_file()


def test_build_includes_the_form_with_the_team_backend(tmp_path: Path) -> None:
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    (root / "redaktion.yml").write_text("backend:\n  name: gitlab\n  repo: netzwerk/wegweiser\n", encoding="utf-8")
    out = tmp_path / "site"
    result = subprocess.run([str(WEGWEISER), "build", str(root), "-o", str(out), "--redaktion"],
                            capture_output=True, text=True, env={**os.environ, "CI": "true"})
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((out / "redaktion" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {"name": "gitlab", "repo": "netzwerk/wegweiser"}
    assert [c["label"] for c in config["collections"]][:2] == ["Testviertel: Angebote", "Testviertel: Kontakte"]
    index = (out / "redaktion" / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', index)
    assert scripts == ["decap-cms.js", "wegweiser-redaktion.js"]
    assert all((out / "redaktion" / name).is_file() for name in scripts)
    # the bundle's chunks are there too, so nothing is fetched from a CDN
    assert len(list((out / "redaktion").glob("*.decap-cms.js"))) > 10


def test_cms_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "notizen.txt").write_text("wichtig", encoding="utf-8")
    result = subprocess.run([str(WEGWEISER), "cms", str(MINI), "-o", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2 and "-o" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notizen.txt"]
    # an earlier form is replaced
    out = tmp_path / "redaktion"
    for _ in range(2):
        result = subprocess.run([str(WEGWEISER), "cms", str(MINI), "-o", str(out)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_serve_redaktion_reports_a_busy_port(tmp_path: Path) -> None:
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = subprocess.run([str(WEGWEISER), "serve", str(root), "-p", str(_free_port()), "--redaktion",
                                 "--redaktion-port", str(busy.getsockname()[1])], capture_output=True, text=True,
                                timeout=60, env={**os.environ, "CI": "true"})
    assert result.returncode == 2
    assert "--redaktion-port" in result.stderr and "Traceback" not in result.stderr


# --- end to end in Chromium ------------------------------------------------------------------------

@pytest.fixture
def redaktion(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, Path]]:
    """The mini project served with --redaktion; indirect parameters add files (path → text) first."""
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    for name, text in getattr(request, "param", {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    port, backend_port = _free_port(), _free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen([str(WEGWEISER), "serve", str(root), "-p", str(port), "--redaktion",
                                "--redaktion-port", str(backend_port)], stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "CI": "true"})
    origin = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{origin}/redaktion/config.yml", timeout=2).close()
            urllib.request.urlopen(urllib.request.Request(
                f"http://127.0.0.1:{backend_port}/api/v1", data=b'{"action":"info"}',
                headers={"Content-Type": "application/json"}), timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("serve --redaktion did not start: " + (tmp_path / "serve.log").read_text())
            time.sleep(0.3)
    yield origin, root
    process.terminate()
    process.wait(10)
    log.close()
    # the local backend stops with the preview
    with pytest.raises(OSError):
        urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{backend_port}/api/v1", data=b'{"action":"info"}',
            headers={"Content-Type": "application/json"}), timeout=2)


def test_the_form_is_never_reloaded_by_the_preview(redaktion: tuple[str, Path]) -> None:
    """Site pages get the preview's banner and reload script; the form must not: a reload after any saved file would
    throw away what an editor is typing."""
    origin, _ = redaktion
    with urllib.request.urlopen(f"{origin}/redaktion/", timeout=10) as response:
        form = response.read().decode("utf-8")
    with urllib.request.urlopen(f"{origin}/", timeout=10) as response:
        site = response.read().decode("utf-8")
    assert "/.vorschau/vorschau.js" in site and "ww-vorschau-fehler" in site  # what a site page gets
    assert "/.vorschau/" not in form and "ww-vorschau-fehler" not in form


def _publish(page: Any) -> None:
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen").click()


def _choose(page: Any, field: str, text: str) -> None:
    """Pick ``text`` in a react-select (select and relation widgets)."""
    control = page.locator(f"[id^='{field}-field-']").first
    control.click()
    page.keyboard.type(text)
    page.get_by_text(text, exact=True).last.click()


def test_create_and_edit_an_entry_in_the_browser(browser: Any, redaktion: tuple[str, Path]) -> None:
    origin, root = redaktion
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    started = time.monotonic()
    page.goto(f"{origin}/redaktion/")
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Testviertel: Angebote").first.click()
    page.get_by_text("Angebot (Testviertel)").click()  # „Neu: Angebot“
    page.locator("[id^='name-field-']").fill("Krabbelgruppe Sonnenblume")
    page.locator("[id^='von-field-']").fill("0")
    page.locator("[id^='bis-field-']").fill("3")
    page.locator("[id^='oeffnungszeiten-field-']").fill("Mo 09:00-11:00")
    _choose(page, "kategorien", "Frühe Hilfen")
    _choose(page, "kontakt", "Netzwerkbüro Testviertel")
    page.locator("[id^='plz-field-']").fill("44147")
    page.locator("[id^='ort-field-']").fill("Teststadt")
    _publish(page)
    saved = root / "quartiere" / "testviertel" / "angebote" / "krabbelgruppe-sonnenblume.yaml"
    deadline = time.monotonic() + 15
    while not saved.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    elapsed = time.monotonic() - started
    print(f"\nNeuer Eintrag über das Formular: {elapsed:.1f} s (Playwright, ohne Denkzeit)")
    assert saved.is_file(), sorted(p.name for p in saved.parent.iterdir())
    text = saved.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["name"] == "Krabbelgruppe Sonnenblume"
    assert data["alter"] == {"von": 0, "bis": 3}
    assert data["oeffnungszeiten"] == "Mo 09:00-11:00"
    assert data["kategorien"] == ["fruehe-hilfen"]
    assert data["kontakt"] == "koordination"
    assert data["adresse"]["plz"] == "44147"  # stays text, as a hand-written file would have it
    assert data["stand"] == date.today()
    # the same shape as a hand-written file: the postcode quoted, the date plain, nothing empty
    assert '  plz: "44147"\n' in text and f"stand: {date.today().isoformat()}\n" in text
    assert "gueltig_bis" not in data and "''" not in text and '""' not in text
    keys = list(data)
    from wegweiser.model import Angebot, field_names
    assert keys == [name for name in field_names(Angebot) if name in data]  # the model's order
    check = subprocess.run([str(WEGWEISER), "check", str(root)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # the preview picks the new file up: its page appears without a restart
    page_url = f"{origin}/quartiere/testviertel/angebote/krabbelgruppe-sonnenblume/"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(page_url, timeout=2) as answer:
                assert "Krabbelgruppe Sonnenblume" in answer.read().decode("utf-8")
                break
        except urllib.error.HTTPError:
            assert time.monotonic() < deadline, "the preview did not show the new entry"
            time.sleep(0.2)

    # edit it again through the form
    page.get_by_text("Zurück zu allen", exact=False).click()
    page.get_by_text("Krabbelgruppe Sonnenblume").first.click()
    # The editor fills its fields once the entry has loaded; typing earlier would be overwritten by the load
    # (and "Veröffentlichen" would then stay disabled: nothing changed).
    from playwright.sync_api import expect

    expect(page.locator("[id^='oeffnungszeiten-field-']")).to_have_value("Mo 09:00-11:00", timeout=15000)
    page.locator("[id^='oeffnungszeiten-field-']").fill("Mo 09:00-12:00")
    page.locator("[id^='kosten-field-']").fill("kostenlos")
    page.locator("[id^='kosten-field-']").fill("")  # typed and cleared: left out, as by hand
    _publish(page)
    deadline = time.monotonic() + 15
    while "09:00-12:00" not in saved.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.1)
    edited = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert edited["oeffnungszeiten"] == "Mo 09:00-12:00"
    assert "kosten" not in edited
    assert {k: v for k, v in edited.items() if k != "oeffnungszeiten"} == \
        {k: v for k, v in data.items() if k != "oeffnungszeiten"}
    check = subprocess.run([str(WEGWEISER), "check", str(root)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr

    hosts = {url.split("/")[2] for url in requests if url.startswith("http")}
    assert requests and all(host.startswith("127.0.0.1:") for host in hosts), hosts
    assert not [url for url in requests if not url.startswith(("http://127.0.0.1:", "data:", "blob:"))]
    context.close()


@pytest.mark.parametrize(("quartiere", "ok"), [("[alle]", True), ("[alle, testviertel]", False)])
def test_region_wide_entry_from_the_form_may_name_all_quarters(tmp_path: Path, quartiere: str, ok: bool) -> None:
    """The form's multiple select writes „alle“ as the list [alle]; check reads it as „quartiere: alle“."""
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    (root / "content" / "angebote").mkdir()
    (root / "content" / "angebote" / "hebammen.yaml").write_text(
        f"name: Hebammensprechstunde\nkategorien: [fruehe-hilfen]\nquartiere: {quartiere}\nstand: 2026-10-01\n",
        encoding="utf-8")
    result = subprocess.run([str(WEGWEISER), "check", str(root)], capture_output=True, text=True,
                            env={**os.environ, "CI": "true"})
    output = result.stdout + result.stderr
    assert (result.returncode == 0) is ok, output
    if not ok:
        assert "hebammen.yaml:3:13: Fehler: „alle“ steht zusammen mit weiteren Kürzeln" in output
    else:
        from wegweiser.content import load_content
        from wegweiser.problems import Problems

        entries = [e for e in load_content(root, Problems()).eintraege if e.name == "Hebammensprechstunde"]
        assert [e.quartiere for e in entries] == ["alle"]


_MD_BODY = "Jeden **Dienstag** treffen sich Eltern mit Babys.\n\nEine Hebamme ist dabei.\n"
_MD_ENTRY = ("---\nname: Stillcafé\nkurz: Treffpunkt zum Stillen.\nkategorien: [fruehe-hilfen]\n"
             "stand: 2026-10-01\n---\n" + _MD_BODY)


@pytest.mark.parametrize("redaktion", [{"quartiere/testviertel/angebote/stillcafe.md": _MD_ENTRY,
                                        "content/kontakte/jugendamt.yaml": "name: Jugendamt Teststadt\n"
                                                                            "quartiere: alle\nstand: 2026-10-01\n"}],
                         indirect=True)
def test_edit_a_markdown_entry_in_the_browser(browser: Any, redaktion: tuple[str, Path]) -> None:
    """A hand-written .md entry is listed, and saving it keeps the shape: front matter, then the body."""
    origin, root = redaktion
    saved = root / "quartiere" / "testviertel" / "angebote" / "stillcafe.md"
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{origin}/redaktion/")
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Testviertel: Angebote (Markdown-Dateien)").first.click()
    page.get_by_text("Stillcafé").first.click()
    page.locator("[id^='kurz-field-']").fill("Treffpunkt für stillende Mütter.")
    # a region-wide contact is offered too (the search matches its name, the label names the region)
    page.locator("[id^='kontakt-field-']").first.click()
    page.keyboard.type("Jugendamt")
    page.get_by_text("Jugendamt Teststadt (ganze Region)", exact=True).last.click()
    _publish(page)
    deadline = time.monotonic() + 15
    while "stillende" not in saved.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.1)
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("---\n"), text
    front, body = text[4:].split("\n---\n", 1)
    assert body.strip() == _MD_BODY.strip()  # the description stays the body, unchanged
    data = yaml.safe_load(front)
    assert data == {"name": "Stillcafé", "kurz": "Treffpunkt für stillende Mütter.",
                    "kategorien": ["fruehe-hilfen"], "kontakt": "jugendamt", "stand": date(2026, 10, 1)}
    assert list(data) == ["name", "kurz", "kategorien", "kontakt", "stand"]  # the model's order
    assert "stand: 2026-10-01\n" in front + "\n" and "body" not in data and "beschreibung" not in data
    check = subprocess.run([str(WEGWEISER), "check", str(root)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
