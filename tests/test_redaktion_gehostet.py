"""Issue 29, deliver 3: the hosted browser form. ``init`` writes ``redaktion.yml`` for GitHub (OAuth through a small
proxy at ``base_url``) or GitLab (PKCE with the Application ID, no server); the built form signs in that way;
``check`` warns at every value still to fill in and reports a broken file with its line."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from wegweiser.check.validate import load_and_validate
from wegweiser.core.problems import Problem
from wegweiser.editors import cms
from wegweiser.project.answers import Answers
from wegweiser.project.cms_backend import redaktion_file

from conftest import MINI, TODAY, serve_folder

WEGWEISER = Path(os.environ.get("VIRTUAL_ENV", Path(__file__).resolve().parent.parent / ".venv")) / "bin" / "wegweiser"
REPO = "familiennetz-lindenberg/wegweiser"
# What an admin fills in (docs/redaktion.md): the proxy's address (GitHub) or GitLab's Application ID
FILLED = {"github": ("base_url", "https://anmeldung.example.org"), "gitlab": ("app_id", "abc123def456")}


def _file(hosting: str, filled: bool) -> str:
    file = redaktion_file(Answers(hosting=hosting, repo=REPO))  # type: ignore[arg-type]
    assert file is not None and file.path.as_posix() == "redaktion.yml"
    key, value = FILLED[hosting]
    lines = file.text.splitlines(keepends=True)
    if filled:
        lines = [f"  {key}: {value}\n" if line.startswith(f"  {key}:") else line for line in lines]
    return "".join(lines)


def _line_of(text: str, start: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(start))


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mini project's form built twice, for GitHub and for GitLab with the admin's values filled in, on one
    local server: /github/redaktion/ and /gitlab/redaktion/."""
    site = tmp_path_factory.mktemp("gehostet")
    for hosting in FILLED:
        root = site / f"projekt-{hosting}"
        shutil.copytree(MINI, root)
        (root / "redaktion.yml").write_text(_file(hosting, filled=True), encoding="utf-8")
        cms.write_cms(root, site / hosting / "redaktion")
    yield from serve_folder(site)


def _open(browser: Any, address: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("response", lambda answer: errors.append(f"{answer.status} {answer.url}") if answer.status >= 400
            else None)
    page.goto(address)
    page.wait_for_selector("button", timeout=30000)
    return context, page, errors


def _config_errors(errors: list[str]) -> list[str]:
    # Chromium's own request for /favicon.ico is the one 404 a form without an icon gets (no response event).
    return [e for e in errors if not e.startswith("Failed to load resource: the server responded with a status of 404")]


@pytest.mark.parametrize("hosting", ["github", "gitlab"])
def test_the_form_signs_in_with_the_hosts_account(browser: Any, forms: str, hosting: str) -> None:
    """Decap accepts the configuration (no config error, no script error) and shows one German button for the
    host; the button starts the flow the file names: GitHub through the proxy at base_url, GitLab directly with
    PKCE, the Application ID and the form's own address as redirect URI."""
    address = f"{forms}/{hosting}/redaktion/"
    context, page, errors = _open(browser, address)
    started: list[str] = []
    context.route("https://anmeldung.example.org/**", lambda route: (started.append(route.request.url),
                                                                     route.abort()))
    context.route("https://gitlab.com/**", lambda route: (started.append(route.request.url), route.abort()))
    buttons = [text.strip() for text in page.locator("button").all_inner_texts()]
    assert buttons == [{"github": "Mit GitHub anmelden", "gitlab": "Mit GitLab anmelden"}[hosting]]
    assert "Fehler in der Einrichtung" not in page.content() and "Config Errors" not in page.content()
    config = yaml.safe_load(_served_config(forms, hosting))
    key, value = FILLED[hosting]
    assert config["backend"]["name"] == hosting and config["backend"]["repo"] == REPO
    assert config["backend"]["branch"] == "main" and config["backend"][key] == value
    assert "local_backend" not in config
    page.locator("button").click()
    page.wait_for_timeout(200)
    deadline = 50
    while not started and deadline:
        page.wait_for_timeout(100)
        deadline -= 1
    assert started, "the button started no sign-in"
    url = urlsplit(started[0])
    query = {name: values[0] for name, values in parse_qs(url.query).items()}
    if hosting == "github":  # Decap's NetlifyAuthenticator: <base_url>/auth?provider=github&site_id=…&scope=repo
        assert (url.netloc, url.path) == ("anmeldung.example.org", "/auth")
        assert query["provider"] == "github" and query["scope"] == "repo"
    else:  # GitLab's authorization endpoint with PKCE (S256), redirect back to the form
        assert (url.netloc, url.path) == ("gitlab.com", "/oauth/authorize")
        assert query["client_id"] == value and query["response_type"] == "code"
        assert query["code_challenge_method"] == "S256" and query["code_challenge"]
        assert query["redirect_uri"] == address and query["scope"] == "api"
    assert _config_errors(errors) == [], errors
    context.close()


def _served_config(forms: str, hosting: str) -> str:
    import urllib.request

    with urllib.request.urlopen(f"{forms}/{hosting}/redaktion/config.yml") as answer:
        return str(answer.read().decode("utf-8"))


def _redaktion_problems(root: Path) -> list[Problem]:
    _, problems = load_and_validate(root, TODAY)
    return [p for p in problems.items if p.loc.path == "redaktion.yml"]


@pytest.mark.parametrize("hosting", ["github", "gitlab"])
def test_check_warns_at_each_value_still_to_fill_in(scratch: Any, hosting: str) -> None:
    text = _file(hosting, filled=False)
    root = scratch("redaktion.yml", text)
    key, _ = FILLED[hosting]
    found = _redaktion_problems(root)
    assert [(p.severity.value, p.loc.line) for p in found] == [("Warnung", _line_of(text, f"  {key}:"))]
    assert f"„{key}“ noch nicht ausgefüllt" in found[0].message
    # filled in: no word about the file
    scratch("redaktion.yml", _file(hosting, filled=True))
    assert _redaktion_problems(root) == []


def test_an_own_server_gets_no_redaktion_file() -> None:
    assert redaktion_file(Answers(hosting="server")) is None


@pytest.mark.parametrize(("text", "line", "words"), [
    ("backend:\n  name: github\n  repo: [netzwerk/wegweiser\n", 3, "Klammern"),
    ("backend:\n  name: githbu\n  repo: netzwerk/wegweiser\n", 2, "„github“"),
    ("# Anmeldung\nbackend: github\n", 2, "eingerückte Felder"),
    ("backend:\n  name: gitlab\n  repo: netzwerk/wegweiser\n  auth_type: pkce\n", 1, "app_id"),
    # the proxy's address is opened in the editors' browser: only https (a javascript: address would run there)
    ("backend:\n  name: github\n  repo: netzwerk/wegweiser\n  base_url: javascript:alert(1)//\n", 4, "https"),
    ("backend:\n  name: github\n  repo: netzwerk/wegweiser\n  base_url: http://anmeldung.example\n", 4, "https"),
    ("backend:\n  name: gitlab\n  repo: g/p\n  auth_type: pkce\n  app_id: 1\n  api_root: gitlab.example/api\n",
     6, "https"),
])
def test_a_broken_file_is_an_error_at_its_line(scratch: Any, tmp_path: Path, text: str, line: int,
                                               words: str) -> None:
    """check reports it (so the build stops before publishing a form that cannot start); the form is not
    written, with the same message and no traceback."""
    root = scratch("redaktion.yml", text)
    found = _redaktion_problems(root)
    assert [(p.severity.value, p.loc.line) for p in found] == [("Fehler", line)], found
    assert words in found[0].format()
    out = tmp_path / "formular"
    done = subprocess.run([str(WEGWEISER), "cms", str(root), "-o", str(out)], capture_output=True, text=True,
                          env={**os.environ, "CI": "true"}, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"redaktion.yml:{line}:" in done.stderr and "nicht geschrieben" in done.stderr
    assert not out.exists()
