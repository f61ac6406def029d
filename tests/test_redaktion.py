"""The browser form (Decap CMS at /redaktion/): generated from the model, saving files that `check` accepts."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
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
    return {f["name"]: _config_fields(f["fields"]) if f.get("widget") in ("object", "alter") else None for f in fields}


def _flat(fields: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for f in fields:
        yield f
        yield from _flat(f.get("fields", []))


def test_config_covers_every_field_of_every_type(tmp_path: Path) -> None:
    from wegweiser.model import entries

    out = tmp_path / "redaktion"
    result = subprocess.run([str(WEGWEISER), "cms", str(ROOT), "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == "de"
    collections = {c["name"]: c for c in config["collections"] if "folder" in c}  # quarters, themes: see test_formular_deutsch
    quarters = sorted(p.name for p in (ROOT / "quartiere").iterdir() if (p / "quartier.yaml").is_file())
    types = {"angebote": entries.Angebot, "kontakte": entries.Kontakt, "spielplaetze": entries.Spielplatz,
             "kitas": entries.Kita, "schulen": entries.Schule, "termine": entries.Termin}
    assert set(types) == set(entries.ENTRY_TYPES)  # a new type must be added here and to the form
    expected_names = {f"{q}_{t}" for q in quarters for t in types} | {f"region_{t}" for t in types}
    # .md entries (front matter, description as the body) get their own collection per folder holding any
    md_folders = sorted({p.parent.relative_to(ROOT).as_posix() for p in ROOT.glob("quartiere/*/*/*.md")
                         if p.name.count(".") == 1}  # "<slug>.<code>.md" is a translation, not an entry
                        | {p.parent.relative_to(ROOT).as_posix() for p in ROOT.glob("content/*/*.md")
                           if p.parent.name in types and p.name.count(".") == 1})
    assert "content/angebote" in md_folders  # the demo's zahnprophylaxe.md
    markdown = {n: c for n, c in collections.items() if n.endswith("_md")}
    assert sorted(c["folder"] for c in markdown.values()) == md_folders
    for collection in markdown.values():
        assert collection["extension"] == "md" and collection["format"] == "frontmatter"
    assert set(collections) - set(markdown) == expected_names
    for name, collection in collections.items():
        # the first field is the entry's translations (tests/test_formular_uebersetzungen.py), not a model field
        assert collection["fields"][0]["widget"] == "uebersetzungen"
        collection["fields"] = collection["fields"][1:]
        quarter, typ, *md = name.split("_")
        fields = _model_fields(types[typ])
        if md:
            fields = {("body" if k == "beschreibung" else k): v for k, v in fields.items()}
        del fields["quelle"]  # written by `wegweiser import` only; the form leaves it as it is
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
    assert scripts[0] == "decap-cms.js" and "formular.js" in scripts  # Decap first, then our widgets and hooks
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
        result = subprocess.run([str(WEGWEISER), "serve", str(root), "-p", str(busy.getsockname()[1]), "--redaktion"],
                                capture_output=True, text=True, timeout=60, env={**os.environ, "CI": "true"})
    assert result.returncode == 2
    assert " -p" in result.stderr and "Traceback" not in result.stderr


# --- end to end in Chromium ------------------------------------------------------------------------

def _backend_url(origin: str) -> str:
    """The local backend's address, as the served form's configuration gives it to Decap."""
    with urllib.request.urlopen(f"{origin}/redaktion/config.yml", timeout=5) as answer:
        url: str = yaml.safe_load(answer.read())["local_backend"]["url"]
    return url


def _call(url: str, payload: object, origin: str | None, host: str | None = None,
          method: str = "POST") -> tuple[int, bytes, dict[str, str]]:
    """One request to the local backend as a page with ``origin`` sends it (None: no Origin header); ``host`` forges
    the Host header (DNS rebinding)."""
    parts = urllib.parse.urlsplit(url)
    headers = {"Content-Type": "application/json"}
    if origin is not None:
        headers["Origin"] = origin
    if host is not None:
        headers["Host"] = host
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request(method, parts.path, body=json.dumps(payload).encode("utf-8") if method == "POST" else None,
                           headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


_FORM_PORTS: dict[str, int] = {}  # "last": the port of the previous form this worker served
_PORTS_IN_USE: set[int] = set()


def _form_port() -> int:
    """The port of the previous form if it is free again, else a free one. Chromium keeps the code it compiled
    for a script under its address: the tab that form_tab (tests/conftest.py) shares between tests compiles Decap's
    5 MB bundle once, not once per test (about 1 s CPU each)."""
    port = _FORM_PORTS.get("last")
    if port is not None and port not in _PORTS_IN_USE:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the preview's server binds
            try:
                probe.bind(("127.0.0.1", port))
                return port
            except OSError:
                pass  # another program has it now
    port = _free_port()
    _FORM_PORTS["last"] = port
    return port


def _start_form(root: Path, port: int, log: Path, options: tuple[str, ...], path: str | None) -> Any:
    """The preview with the form on ``port``, once its local backend answers; None if it ended before (the port
    taken meanwhile, or an error: the log says which)."""
    with log.open("w") as out:
        env = {**os.environ, "CI": "true", **({"PATH": path} if path is not None else {})}
        process = subprocess.Popen([str(WEGWEISER), "serve", str(root), "-p", str(port), "--redaktion", *options],
                                   stdout=out, stderr=subprocess.STDOUT, env=env)
    origin = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if _call(_backend_url(origin), {"action": "info"}, origin)[0] == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            return None
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("serve --redaktion did not start: " + log.read_text())
        time.sleep(0.3)


@contextlib.contextmanager
def served_form(root: Path, log: Path, *options: str, path: str | None = None) -> Iterator[str]:
    """``wegweiser serve root --redaktion`` on a free port, until its local backend answers; yields the origin and
    stops the preview afterwards. ``options``: more arguments (``--stichtag …``); ``path``: PATH for the process."""
    port = _form_port()
    _PORTS_IN_USE.add(port)
    try:
        process = _start_form(root, port, log, options, path)
        if process is None:  # once more on a new port: the previous one may have been taken since the probe
            _FORM_PORTS.pop("last", None)
            _PORTS_IN_USE.discard(port)
            port = _form_port()
            _PORTS_IN_USE.add(port)
            process = _start_form(root, port, log, options, path)
        if process is None:
            pytest.fail("serve --redaktion did not start: " + log.read_text())
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(60)  # a rebuild the test's setup started finishes first (all or nothing); slow under load
    finally:
        _PORTS_IN_USE.discard(port)


@pytest.fixture
def redaktion(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, Path]]:
    """The mini project served with --redaktion; indirect parameters add files (path → text) first.

    PATH holds only the program's own folder: serving the form needs no Node.js."""
    root = tmp_path / "projekt"
    shutil.copytree(MINI, root)
    for name, text in getattr(request, "param", {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    with served_form(root, tmp_path / "serve.log", path=str(WEGWEISER.parent)) as origin:
        backend = _backend_url(origin)
        yield origin, root
    # the local backend stops with the preview
    with pytest.raises(OSError):
        _call(backend, {"action": "info"}, origin)


@pytest.fixture(scope="module")
def redaktion_geteilt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The mini project served with --redaktion once for this file's tests that need no files of their own and
    leave no change another of them would see (one serve start instead of one per test)."""
    top = tmp_path_factory.mktemp("redaktion-geteilt")
    root = top / "projekt"
    shutil.copytree(MINI, root)
    with served_form(root, top / "serve.log", path=str(WEGWEISER.parent)) as origin:
        yield origin, root


_TOKEN = "ghp_2ZmGeheimerZugangsschluessel"
_OUTSIDE = {  # files outside content/, quartiere/ and the media folder (path → text)
    ".git/config": f'[remote "origin"]\n\turl = https://x-access-token:{_TOKEN}@github.com/netzwerk/wegweiser.git\n',
    ".git/hooks/pre-commit.sample": "#!/bin/sh\nexit 0\n",
    "notizen.txt": "Wichtige Notizen der Redaktion\n",
    "templates/seite.html": "{{ inhalt }}\n",
}
_SECRETS = (_TOKEN, "Wichtige Notizen", "draussen-geheim")


def _tree(top: Path) -> dict[str, str]:
    """Every file, folder and link below ``top`` with its content's hash or its target (the built site and the
    folder a rebuild stages it in excepted: the preview writes them, and a test's own setup, such as a new
    ``templates/`` folder, starts a rebuild that may be under way while the tree is read)."""
    found: dict[str, str] = {}
    for folder, folders, files in os.walk(top):
        folders[:] = [f for f in folders if Path(folder, f) != top / "projekt" / "site"
                      and not (Path(folder) == top / "projekt" and f.startswith(".site-bau-"))]
        for name in folders + files:
            path = Path(folder, name)
            key = path.relative_to(top).as_posix()
            if path.is_symlink():
                found[key] = "-> " + os.readlink(path)
            elif path.is_dir():
                found[key] = "folder"
            else:
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return {k: v for k, v in found.items() if k != "serve.log"}


def _persist(path: str, raw: str = "name: Gepflanzt\nstand: 2026-10-01\n", new_path: str = "") -> dict[str, object]:
    data_file: dict[str, str] = {"slug": "gepflanzt", "path": path, "raw": raw}
    if new_path:
        data_file["newPath"] = new_path
    return {"action": "persistEntry", "params": {
        "branch": "main", "dataFiles": [data_file], "assets": [],
        "options": {"collectionName": "testviertel_angebote", "commitMessage": "Neu", "useWorkflow": False,
                    "status": "draft"}}}


def _attacks(root: Path, outside: Path) -> dict[str, dict[str, object]]:
    """Requests for writes, reads and deletes outside the content folders (name → request body)."""
    def action(name: str, **params: object) -> dict[str, object]:
        return {"action": name, "params": {"branch": "main", **params}}

    message = {"commitMessage": "Löschen"}
    elterncafe = (root / "quartiere/testviertel/angebote/elterncafe.yaml").read_text(encoding="utf-8")
    b64 = base64.b64encode(b"all:\n\ttouch gehackt\n").decode("ascii")
    return {
        "Makefile schreiben": _persist("Makefile", "all:\n\ttouch gehackt\n"),
        "Git-Hook schreiben": _persist(".git/hooks/post-checkout", "#!/bin/sh\ntouch gehackt\n"),
        "Git-Hook, Großbuchstaben": _persist(".GIT/hooks/post-checkout", "#!/bin/sh\ntouch gehackt\n"),
        "Makefile, Großbuchstaben": _persist("MAKEFILE", "all:\n"),
        "neuer Ordner Content/": _persist("Content/angebote/x.yaml"),
        "Vorlage schreiben": _persist("templates/seite.html", "{{ 7 * 7 }}\n"),
        "Makefile als Bild": action("persistMedia", asset={"path": "Makefile", "content": b64, "encoding": "base64"},
                                    options={"commitMessage": "Bild"}),
        "Umbenennen zum Makefile": _persist("quartiere/testviertel/angebote/elterncafe.yaml", elterncafe,
                                            new_path="Makefile"),
        ".git/config lesen": action("getEntry", path=".git/config"),
        ".git/config als Liste": action("entriesByFiles", files=[{"path": ".git/config"}]),
        ".git/config als Bild": action("getMediaFile", path=".git/config"),
        ".git als Ordner": action("entriesByFolder", folder=".git", extension="config", depth=1),
        ".git als Medienordner": action("getMedia", mediaFolder=".git"),
        "Notizen löschen": action("deleteFile", path="notizen.txt", options=message),
        "Notizen löschen (Liste)": action("deleteFiles", paths=["notizen.txt"], options=message),
        "../ schreiben": _persist("../draussen/gepflanzt.txt"),
        "content/../Makefile": _persist("content/../Makefile"),
        "quartiere/../.git/hooks": _persist("quartiere/../.git/hooks/post-checkout", "#!/bin/sh\n"),
        "../ lesen": action("getEntry", path="content/../../draussen/geheim.txt"),
        "absoluter Pfad schreiben": _persist(str(root / "Makefile")),
        "absoluter Pfad in content": _persist(str(root / "content" / "absolut.yaml")),
        "absoluter Pfad lesen": action("getEntry", path=str(outside / "geheim.txt")),
        "Backslash": _persist("content\\..\\Makefile"),
        "NUL-Byte": _persist("quartiere/testviertel/angebote/x.yaml\x00/../../../../Makefile"),
        "Link nach draußen schreiben": _persist("content/raus/gepflanzt.txt"),
        "Link nach draußen lesen": action("getEntry", path="content/raus/geheim.txt"),
        "Link nach draußen auflisten": action("entriesByFolder", folder="content/raus", extension="txt", depth=1),
        "Link nach draußen löschen": action("deleteFile", path="content/raus/geheim.txt", options=message),
        "Dateilink überschreiben": _persist("quartiere/testviertel/angebote/link.yaml"),
        "Dateilink lesen": action("getEntry", path="quartiere/testviertel/angebote/link.yaml"),
    }


@pytest.mark.parametrize("redaktion", [_OUTSIDE], indirect=True)
def test_the_backend_writes_reads_and_deletes_only_the_content(redaktion: tuple[str, Path], tmp_path: Path) -> None:
    """Issue 24: decap-server wrote a Makefile and Git hooks, deleted files and returned .git/config. Every request
    outside content/, quartiere/ and the media folder is refused with 403, and nothing changes on disk."""
    origin, root = redaktion
    outside = tmp_path / "draussen"
    outside.mkdir()
    (outside / "geheim.txt").write_text("draussen-geheim\n", encoding="utf-8")
    (root / "content" / "raus").symlink_to(outside, target_is_directory=True)
    (root / "quartiere/testviertel/angebote/link.yaml").symlink_to(root / "notizen.txt")
    url = _backend_url(origin)
    before = _tree(tmp_path)
    failures = []
    for name, payload in _attacks(root, outside).items():
        status, body, _ = _call(url, payload, origin)
        after = _tree(tmp_path)
        leaked = [secret for secret in _SECRETS if secret.encode() in body]
        if status != 403 or after != before or leaked:
            changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            failures.append(f"{name}: {status}, geändert: {changed}, verraten: {leaked}")
            before = after
    assert not failures, "\n".join(failures)
    # the same backend saves, reads and deletes an entry in the content folders (the requests above were well formed)
    entry = "quartiere/testviertel/angebote/neu.yaml"
    status, body, headers = _call(url, _persist(entry), origin)
    assert status == 200, body
    assert (root / entry).read_text(encoding="utf-8") == "name: Gepflanzt\nstand: 2026-10-01\n"
    assert "access-control-allow-origin" not in headers  # no other origin may read the answers
    status, body, _ = _call(url, {"action": "getEntry", "params": {"branch": "main", "path": entry}}, origin)
    assert status == 200 and json.loads(body)["data"] == "name: Gepflanzt\nstand: 2026-10-01\n"
    status, body, _ = _call(url, {"action": "deleteFile", "params": {"branch": "main", "path": entry,
                                                                     "options": {"commitMessage": "weg"}}}, origin)
    assert status == 200 and not (root / entry).exists()


def test_a_linked_media_folder_opens_nothing_outside(redaktion: tuple[str, Path], tmp_path: Path) -> None:
    """Attack on issue 24's backend: a committed link ``content/medien`` → ``../.git`` made the media folder an area,
    so the form read .git/config (with the token) and wrote a core.fsmonitor that ran on the next ``git status``.
    A linked area is no area: every media action there is refused, nothing is read or written. (One server for the
    three links: the link is replaced between them.)"""
    origin, root = redaktion
    (root / ".git" / "hooks").mkdir(parents=True)
    (root / ".git" / "config").write_text("[remote]\n\turl = https://token-geheim@example.org/x.git\n", "utf-8")
    (root / ".git" / "hooks" / "post-checkout").write_text("#!/bin/sh\n", "utf-8")
    (root / "templates").mkdir(exist_ok=True)
    url = _backend_url(origin)
    planted = base64.b64encode(b"[core]\n\tfsmonitor = touch /tmp/gepflanzt; false\n").decode()
    for link in ["../.git", "../.git/hooks", "../templates"]:
        medien = root / "content" / "medien"
        if medien.is_symlink():
            medien.unlink()
        medien.symlink_to(link, target_is_directory=True)
        before = _tree(tmp_path)
        for payload in [{"action": "getMedia", "params": {"branch": "main", "mediaFolder": "content/medien"}},
                        {"action": "getMediaFile", "params": {"branch": "main", "path": "content/medien/config"}},
                        {"action": "getMediaFile", "params": {"branch": "main", "path": "content/medien/post-checkout"}},
                        {"action": "persistMedia", "params": {"branch": "main", "asset": {
                            "path": "content/medien/config", "encoding": "base64", "content": planted}}},
                        {"action": "deleteFile", "params": {"branch": "main", "path": "content/medien/config"}}]:
            status, body, _ = _call(url, payload, origin)
            assert status == 403, (link, payload["action"], status, body)
            assert b"token-geheim" not in body and b"#!/bin/sh" not in body, (link, payload["action"])
        assert _tree(tmp_path) == before, link


def test_the_backend_answers_only_the_form(redaktion_geteilt: tuple[str, Path]) -> None:
    """Issue 24: decap-server granted CORS to any http://localhost:* page, answered a forged Host (DNS rebinding) and
    needed no secret. A save and a read with a foreign Origin, a foreign Host or without the session's secret: 403,
    nothing written, nothing read."""
    origin, root = redaktion_geteilt
    tmp_path = root.parent  # the project and the serve log, as the redaktion fixture lays them out
    url = _backend_url(origin)
    port = urllib.parse.urlsplit(url).port
    own_port = urllib.parse.urlsplit(origin).port
    entry = "quartiere/testviertel/angebote/fremd.yaml"
    save = _persist(entry)
    read = {"action": "getEntry", "params": {"branch": "main", "path": "quartiere/testviertel/angebote/elterncafe.yaml"}}
    secret = re.sub(r"^.*/api/(.*)/v1$", r"\1", urllib.parse.urlsplit(url).path)
    without_secret = [re.sub(r"/api/.*/v1$", "/api/v1", url), re.sub(r"/api/.*/v1$", "/api/falsch/v1", url),
                      url.replace(secret, secret.swapcase()) if secret != secret.swapcase() else url + "x",
                      url + "/", re.sub(r"/v1$", "", url) + "x/v1"]
    cases: list[tuple[str, str, str | None, str | None]] = [  # (what, url, Origin, Host)
        ("Seite von localhost:3000", url, "http://localhost:3000", None),
        ("Seite von 127.0.0.1 auf einem anderen Port", url, f"http://127.0.0.1:{own_port + 1}", None),
        ("Seite unter localhost", url, f"http://localhost:{own_port}", None),
        ("https statt http", url, f"https://127.0.0.1:{own_port}", None),
        ("Origin null", url, "null", None),
        ("ohne Origin", url, None, None),
        ("fremder Host (DNS-Rebinding)", url, f"http://angreifer.example:{port}", f"angreifer.example:{port}"),
        ("fremder Host, eigene Origin", url, origin, f"angreifer.example:{port}"),
        ("Host localhost", url, origin, f"localhost:{port}"),
        ("Host ohne Port", url, origin, "127.0.0.1"),
        *[(f"ohne Geheimnis: {u}", u, origin, None) for u in without_secret],
    ]
    before = _tree(tmp_path)
    failures = []
    for what, target, page, host in cases:
        for payload in (save, read):
            status, body, headers = _call(target, payload, page, host)
            after = _tree(tmp_path)
            if status != 403 or after != before or b"Elterncaf" in body or "access-control-allow-origin" in headers:
                failures.append(f"{what} ({payload['action']}): {status} {body[:80]!r}")
                before = after
    # the form's configuration (with the secret) is not given to a page under another host name either
    status, body, _ = _call(f"{origin}/redaktion/config.yml", None, None, f"angreifer.example:{own_port}", "GET")
    if status != 403 or secret.encode() in body:
        failures.append(f"config.yml für einen fremden Host: {status}")
    status, body, _ = _call(url, None, origin, None, "GET")
    if status in (200, 204):
        failures.append(f"GET auf den Speicherdienst: {status}")
    # the configuration: for no other origin, not in a frame, never from a cache (it holds this session's secret)
    status, body, headers = _call(f"{origin}/redaktion/config.yml", None, None, None, "GET")
    if status != 200 or secret.encode() not in body or "access-control-allow-origin" in headers or \
            headers.get("x-frame-options") != "DENY" or headers.get("cache-control") != "no-store":
        failures.append(f"config.yml: {status} {headers}")
    # the preview under localhost (the same machine) sends the browser on to 127.0.0.1, where the form works
    status, _, headers = _call(f"{origin}/redaktion/", None, None, f"localhost:{own_port}", "GET")
    if status != 308 or headers.get("location") != f"{origin}/redaktion/":
        failures.append(f"localhost: {status} {headers.get('location')}")
    assert not failures, "\n".join(failures)
    assert _tree(tmp_path) == before
    # a form left open from an earlier session (another secret) tells the editor what to do
    status, body, _ = _call(without_secret[1], save, origin)
    assert status == 403 and "Laden Sie die Seite neu" in json.loads(body)["error"]
    assert urllib.parse.urlsplit(url).netloc == urllib.parse.urlsplit(origin).netloc  # the preview's own origin
    status, body, _ = _call(url, save, origin)  # the form itself may save
    assert status == 200, body
    assert (root / entry).is_file()


def _answer(backend: Any, action: str, **params: object) -> tuple[int, Any]:
    return backend.answer(json.dumps({"action": action, "params": {"branch": "main", **params}}).encode())


_NEU = "name: Neu\nstand: 2026-10-01\n"  # entries that pass check (the backend refuses others, issue 27)
_UMBENANNT = "name: Umbenannt\nquartiere: alle\nstand: 2026-10-01\n"


def test_the_backend_saves_atomically_and_keeps_what_it_does_not_own(scratch: Any, tmp_path: Path) -> None:
    """In the process, without HTTP: saving replaces a file in one step (permissions kept, no temporary file left,
    a killed save's leftover removed by the next one), a rename moves only the entry, media round-trip byte for byte,
    and a link that makes content/ the project folder itself opens nothing."""
    from wegweiser.core.processes import process_tag
    from wegweiser.editors.form_backend import LocalBackend

    root = scratch.root
    backend = LocalBackend(root)
    folder = root / "quartiere/testviertel/angebote"
    entry = folder / "elterncafe.yaml"
    entry.chmod(0o640)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = folder / f".formular-{dead.pid}-12345-abc123.neu"  # of a killed session
    running = folder / f".formular-{process_tag()}-def456.neu"  # of a save still being written
    for path in (leftover, running):
        path.write_text("halb", encoding="utf-8")
    status, answer = _answer(backend, "persistEntry", dataFiles=[{"slug": "elterncafe", "path": "quartiere/testviertel/"
                                                                  "angebote/elterncafe.yaml", "raw": _NEU}],
                             assets=[], options={"commitMessage": "x", "useWorkflow": False, "status": "draft"})
    assert status == 200, answer
    today = date.today().isoformat()  # an edit is a check of the entry: `stand` becomes today (issue 27)
    assert entry.read_text(encoding="utf-8") == _NEU.replace("2026-10-01", today)
    assert entry.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in folder.iterdir()) == sorted(["elterncafe.yaml", running.name])
    # a rename (Decap's newPath) writes the new file and removes the old one, and nothing else
    (folder / "nachbar.yaml").write_text("name: Nachbar\n", encoding="utf-8")
    status, _ = _answer(backend, "persistEntry", dataFiles=[{
        "slug": "x", "path": "quartiere/testviertel/angebote/elterncafe.yaml", "raw": _UMBENANNT,
        "newPath": "content/angebote/elterncafe.yaml"}], assets=[], options={"commitMessage": "x"})
    assert status == 200
    assert not entry.exists() and (folder / "nachbar.yaml").is_file()
    assert yaml.safe_load((root / "content/angebote/elterncafe.yaml").read_text(encoding="utf-8")) == \
        yaml.safe_load(_UMBENANNT.replace("2026-10-01", today))
    # listing: the folder's entries in order, no hidden files
    status, listed = _answer(backend, "entriesByFolder", folder="quartiere/testviertel/angebote", extension="yaml",
                             depth=1)
    assert status == 200 and [e["file"]["path"] for e in listed] == ["quartiere/testviertel/angebote/nachbar.yaml"]
    assert listed[0]["data"] == "name: Nachbar\n"
    assert listed[0]["file"]["id"] == hashlib.sha256(b"name: Nachbar\n").hexdigest()
    # media: every byte survives
    image = bytes(range(256)) * 3
    status, media = _answer(backend, "persistMedia", asset={"path": "content/medien/bild.png", "encoding": "base64",
                                                            "content": base64.b64encode(image).decode()},
                            options={"commitMessage": "x"})
    assert status == 200 and (root / "content/medien/bild.png").read_bytes() == image
    assert base64.b64decode(media["content"]) == image and media["name"] == "bild.png"
    status, media = _answer(backend, "getMedia", mediaFolder="content/medien")
    assert status == 200 and [m["path"] for m in media] == ["content/medien/bild.png"]
    # a folder is not overwritten, the editorial workflow is unknown (as in decap-server's file-system mode)
    status, answer = _answer(backend, "persistEntry", dataFiles=[{"slug": "x", "path": "content/angebote",
                                                                  "raw": "x"}], assets=[], options={})
    assert status == 422 and (root / "content/angebote").is_dir()
    assert _answer(backend, "unpublishedEntries")[0] == 422
    # a name starting with a dot (".NET-Kurs") would make a hidden file, which the loader skips: refused, with why
    status, answer = _answer(backend, "persistEntry", dataFiles=[{"slug": ".net-kurs", "raw": "name: .NET-Kurs\n",
                                                                  "path": "content/angebote/.net-kurs.yaml"}],
                             assets=[], options={})
    assert status == 403 and "Punkt" in answer["error"] and not (root / "content/angebote/.net-kurs.yaml").exists()
    assert backend.answer(b"{kein json")[0] == 422 and backend.answer(b"[1]")[0] == 422
    # content/ made a link to the project folder: nothing there is the form's
    project = tmp_path / "verlinkt"
    project.mkdir()
    (project / "content").symlink_to(project, target_is_directory=True)
    (project / "notizen.txt").write_text("Notizen\n", encoding="utf-8")
    linked = LocalBackend(project)
    before = _tree(project)
    assert _answer(linked, "getEntry", path="content/notizen.txt")[0] == 403
    assert _answer(linked, "persistEntry", dataFiles=[{"slug": "x", "path": "content/Makefile", "raw": "all:\n"}],
                   assets=[], options={})[0] == 403
    assert _tree(project) == before


def test_the_form_is_never_reloaded_by_the_preview(redaktion_geteilt: tuple[str, Path]) -> None:
    """Site pages get the preview's banner and reload script; the form must not: a reload after any saved file would
    throw away what an editor is typing."""
    origin, _ = redaktion_geteilt
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


def test_create_and_edit_an_entry_in_the_browser(form_tab: Any, redaktion: tuple[str, Path]) -> None:
    origin, root = redaktion
    page = form_tab(1280, 1000)
    page.set_default_timeout(15000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    started = time.monotonic()
    page.goto(f"{origin}/redaktion/")
    page.get_by_role("button", name="Anmelden").click()
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
    from wegweiser.model.entries import Angebot, field_names
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
    page.get_by_text("Zurück zur Übersicht", exact=False).click()
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
    assert hosts == {origin.split("/")[2]}, hosts  # the form and its backend: the preview's own origin, nothing else
    assert not [url for url in requests if not url.startswith(("http://127.0.0.1:", "data:", "blob:"))]


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
        from wegweiser.content.loading import load_content
        from wegweiser.core.problems import Problems

        entries = [e for e in load_content(root, Problems()).eintraege if e.name == "Hebammensprechstunde"]
        assert [e.quartiere for e in entries] == ["alle"]


_MD_BODY = "Jeden **Dienstag** treffen sich Eltern mit Babys.\n\nEine Hebamme ist dabei.\n"
_MD_ENTRY = ("---\nname: Stillcafé\nkurz: Treffpunkt zum Stillen.\nkategorien: [fruehe-hilfen]\n"
             "stand: 2026-10-01\n---\n" + _MD_BODY)


@pytest.mark.parametrize("redaktion", [{"quartiere/testviertel/angebote/stillcafe.md": _MD_ENTRY,
                                        "content/kontakte/jugendamt.yaml": "name: Jugendamt Teststadt\n"
                                                                            "quartiere: alle\nstand: 2026-10-01\n"}],
                         indirect=True)
def test_edit_a_markdown_entry_in_the_browser(form_tab: Any, redaktion: tuple[str, Path]) -> None:
    """A hand-written .md entry is listed, and saving it keeps the shape: front matter, then the body."""
    origin, root = redaktion
    saved = root / "quartiere" / "testviertel" / "angebote" / "stillcafe.md"
    page = form_tab(1280, 1000)
    page.set_default_timeout(15000)
    page.goto(f"{origin}/redaktion/")
    page.get_by_role("button", name="Anmelden").click()
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
                    "kategorien": ["fruehe-hilfen"], "kontakt": "jugendamt", "stand": date.today()}  # checked today
    assert list(data) == ["name", "kurz", "kategorien", "kontakt", "stand"]  # the model's order
    assert f"stand: {date.today().isoformat()}\n" in front + "\n" and "body" not in data and "beschreibung" not in data
    check = subprocess.run([str(WEGWEISER), "check", str(root)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
