"""The publishing files `wegweiser init` writes validate with real linters and work: every script in them runs here.

Projects come from `wegweiser init` of the built wheel, outside the repository (``rad``). The scripts run with
these substitutions, and no others:
- pip installs the program from the local wheel (PIP_NO_INDEX=1, PIP_FIND_LINKS=<the wheel's folder>); its
  dependencies come from this checkout's .venv through a .pth line of the fresh environment (``rad``);
- `sudo` runs the command; `apt-get update` does nothing and `apt-get install` only checks with dpkg-query that
  each named package exists (is installed here), so nothing is installed on the test machine;
- GitHub: the workspace is the project folder (`${{ github.workspace }}` in the workflow's env), actions/checkout
  and actions/setup-python are the project folder and the fresh environment first on PATH, actions/cache is not
  run (its path is checked to be the folder the program caches in), and the upload and deploy actions copy
  site/ to a folder; GitLab: $CI_PROJECT_DIR is the project folder, the published folder is the job's public/;
- the server script: the one-time `python3 -m venv .venv` is the fresh environment; rsync is real, to a folder;
- the GitLab project loses init's redaktion.yml, so that its build takes the branch without the browser form.
The GitHub project has init's defaults but one language (`--sprachen de`: a booklet per language would only cost
time here) and is built and printed once; the GitLab and server projects also have one quarter (`--quartier
Nordstadt`), which their scripts build the same way.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import lxml.html
import pypdf
import pytest
import yaml

from wegweiser.project.answers import HOSTINGS, Answers
from wegweiser.project.hosting import publishing_files

from conftest import ROOT
from rad import fresh_environment, install_wheel, shared_wheel

TITLE = "Familienwegweiser Musterstadt"  # init's default title (issue 29)
PACKAGES = {"libpango-1.0-0", "libpangoft2-1.0-0", "fonts-noto-core", "fonts-dejavu-core"}  # issue 29 / README
BIN = Path(sys.executable).parent

APT_GET = """#!/bin/sh
# update: nothing; install: every named package must exist (dpkg-query), nothing is installed
for word in "$@"; do [ "$word" = update ] && exit 0; done
echo "apt-get $*" >> "$APT_LOG"
packages=""
for word in "$@"; do case "$word" in -*|install) ;; *) packages="$packages $word" ;; esac; done
exec dpkg-query -W $packages > /dev/null
"""
SUDO = '#!/bin/sh\nexec "$@"\n'


@dataclass(frozen=True)
class Rad:
    dist: Path  # the wheel's folder
    wegweiser: Path  # from the wheel, for init
    tmp: Path


@pytest.fixture(scope="module")
def rad(tmp_path_factory: pytest.TempPathFactory) -> Rad:
    tmp = tmp_path_factory.mktemp("veroeffentlichen")
    wheel = shared_wheel(tmp_path_factory)
    python = fresh_environment(tmp / "init-umgebung")
    install_wheel(python, wheel)
    shims = tmp / "shims"
    shims.mkdir()
    for name, text in (("apt-get", APT_GET), ("sudo", SUDO)):
        (shims / name).write_text(text, encoding="utf-8")
        (shims / name).chmod(0o755)
    return Rad(wheel.parent, python.parent / "wegweiser", tmp)


def _plain_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}


def _init(rad: Rad, name: str, *flags: str) -> Path:
    project = rad.tmp / name
    done = subprocess.run([str(rad.wegweiser), "init", str(project), *flags], capture_output=True, text=True,
                          cwd=rad.tmp, env=_plain_env(), stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return project


def _script_env(rad: Rad, environment: Path, **more: str) -> dict[str, str]:
    """The substitutions of the module docstring: the shims, then the environment the scripts install into."""
    env = _plain_env()
    env.update(PATH=f"{rad.tmp / 'shims'}:{environment / 'bin'}:{env['PATH']}", PIP_NO_INDEX="1",
               PIP_FIND_LINKS=str(rad.dist), PIP_DISABLE_PIP_VERSION_CHECK="1", APT_LOG=str(rad.tmp / "apt.log"))
    env.update(more)
    return env


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """As GitHub runs a `run:` script (shell bash: --noprofile --norc -eo pipefail)."""
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=600)


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    found = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert isinstance(found, dict)
    return found


def _assert_published(folder: Path, quarters: dict[str, str]) -> None:
    """The published folder holds the guide's start page and a booklet per quarter (slug: name), both readable."""
    page = lxml.html.parse(str(folder / "index.html")).getroot()
    assert TITLE in page.findtext(".//title", ""), page.findtext(".//title")
    for slug, name in quarters.items():
        reader = pypdf.PdfReader(folder / "druck" / f"{slug}-heft-a5.pdf")
        assert len(reader.pages) > 0
        assert name in reader.pages[0].extract_text()


def test_publishing_files_per_host() -> None:
    expected = {"github": {".github/workflows/pruefen.yml": False, ".github/workflows/veroeffentlichen.yml": False},
                "gitlab": {".gitlab-ci.yml": False}, "server": {"veroeffentlichen.sh": True}}
    for hosting in HOSTINGS:
        files = publishing_files(Answers(hosting=hosting))
        assert {str(f.path): f.executable for f in files} == expected[hosting]
        assert all(isinstance(f.path, PurePosixPath) and f.text.startswith("#") for f in files)


@pytest.fixture(scope="module")
def github(rad: Rad) -> Path:
    return _init(rad, "github", "--sprachen", "de")  # the defaults (GitHub Pages, Musterstadt, two quarters) in German


@pytest.fixture(scope="module")
def gitlab(rad: Rad) -> Path:
    return _init(rad, "gitlab", "--hosting", "gitlab", "--quartier", "Nordstadt", "--sprachen", "de")


@pytest.fixture(scope="module")
def server(rad: Rad) -> Path:
    return _init(rad, "server", "--hosting", "server", "--quartier", "Nordstadt", "--sprachen", "de")


def _offline() -> dict[str, str]:
    """check-jsonschema with every web request going to a closed port: the schemas must be the ones it ships."""
    env = _plain_env()
    for key in ("no_proxy", "NO_PROXY"):
        env.pop(key, None)
    env.update(HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9", http_proxy="http://127.0.0.1:9",
               https_proxy="http://127.0.0.1:9")
    return env


def _lint(command: list[str], **kwargs: Any) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    assert done.returncode == 0, done.stdout + done.stderr


def test_github_workflows_validate(github: Path) -> None:
    workflows = sorted((github / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["pruefen.yml", "veroeffentlichen.yml"]
    if not shutil.which("shellcheck"):
        pytest.fail("shellcheck fehlt (README, System packages): actionlint prüft damit die Skripte")
    # actionlint runs shellcheck on every run: script (-verbose would say "Rule shellcheck was disabled" otherwise)
    checked = subprocess.run([str(BIN / "actionlint"), "-verbose", *map(str, workflows)], capture_output=True,
                             text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "shellcheck" not in checked.stderr, checked.stderr
    for workflow in workflows:
        _lint([str(ROOT / "node_modules" / ".bin" / "action-validator"), str(workflow)])
    _lint([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, workflows)],
          env=_offline())


def test_gitlab_ci_and_server_script_validate(gitlab: Path, server: Path) -> None:
    _lint([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(gitlab / ".gitlab-ci.yml")],
          env=_offline())
    ci = _load(gitlab / ".gitlab-ci.yml")
    lines = [*ci["default"]["before_script"], *ci["pruefen"]["script"], *ci["pages"]["script"]]
    _lint(["shellcheck", "--shell=bash", "-"], input="\n".join(lines) + "\n")
    _lint(["shellcheck", str(server / "veroeffentlichen.sh")])
    assert os.access(server / "veroeffentlichen.sh", os.X_OK)
    assert stat.S_IMODE((server / "veroeffentlichen.sh").stat().st_mode) & 0o022 == 0


def test_github_nightly_after_german_midnight_with_german_today(github: Path) -> None:
    workflow = _load(github / ".github" / "workflows" / "veroeffentlichen.yml")
    triggers = _triggers(workflow)
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    _minute, hour, *rest = triggers["schedule"][0]["cron"].split()
    assert rest == ["*", "*", "*"]
    for offset in (1, 2):  # CET, CEST: the run starts between midnight and 6 a.m. German time
        assert 0 <= (int(hour) + offset) % 24 < 6
    assert workflow["env"]["TZ"] == "Europe/Berlin"
    # contents: write only for the commit of content/adressen.txt (test_github_scripts_publish_the_site_and_booklets)
    assert workflow["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}
    assert "pull_request" in _triggers(_load(github / ".github" / "workflows" / "pruefen.yml"))


def _github_steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_github_scripts_publish_the_site_and_booklets(rad: Rad, github: Path) -> None:
    workflows = github / ".github" / "workflows"
    publish = _load(workflows / "veroeffentlichen.yml")
    check = _load(workflows / "pruefen.yml")
    environment = rad.tmp / "github-umgebung"
    fresh_environment(environment)  # actions/setup-python: a Python without the program
    workflow_env = {key: str(value).replace("${{ github.workspace }}", str(github))
                    for key, value in publish["env"].items()}
    assert not any("${{" in value for value in workflow_env.values()), workflow_env
    env = _script_env(rad, environment, **workflow_env)
    # actions/checkout: a git repository with the project committed (no remote: the push of adressen.txt fails)
    git = ["git", "-c", "user.name=Redaktion", "-c", "user.email=redaktion@example.org"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "init"]):
        subprocess.run([*git, *command], cwd=github, check=True, capture_output=True)
    published = rad.tmp / "github-pages"
    uses: list[str] = []
    said: list[str] = []
    for step in _github_steps(publish):
        if "run" in step:
            assert "${{" not in step["run"]  # expressions in scripts: none (no injection from titles or branches)
            done = _bash(step["run"], github, env)
            assert done.returncode == 0, f"{step.get('name')}:\n{done.stdout}{done.stderr}"
            said.append(done.stdout)
            continue
        action = step["uses"].split("@")[0]
        uses.append(action)
        if action == "actions/cache":
            assert step["with"]["path"] == "${{ env.WEGWEISER_CACHE }}"
            assert step["with"]["key"].startswith(step["with"]["restore-keys"])  # the last run's cache is found
        elif action == "actions/upload-pages-artifact":
            shutil.copytree(github / step["with"]["path"], published)
    # The addresses the first build published are committed for the next run; the failed push is a warning.
    last = subprocess.run(["git", "show", "--name-only", "--format=%s", "HEAD"], cwd=github, capture_output=True,
                          text=True, check=True).stdout.split("\n")
    assert last[0].startswith("Veröffentlichte Adressen") and "content/adressen.txt" in last, last
    assert "/quartiere/nordstadt/" in (github / "content" / "adressen.txt").read_text(encoding="utf-8")
    assert any(line.startswith("::warning file=content/adressen.txt::") for out in said for line in out.splitlines())
    assert uses == ["actions/checkout", "actions/setup-python", "actions/cache", "actions/upload-pages-artifact",
                    "actions/deploy-pages"]
    assert (environment / "bin" / "wegweiser").is_file()  # pip installed the program from requirements.txt
    if (github / "redaktion.yml").is_file():  # init writes it for GitHub: the build step's --redaktion branch ran
        form = yaml.safe_load((published / "redaktion" / "config.yml").read_text(encoding="utf-8"))
        assert form["backend"]["name"] == "github"
    _assert_published(published, {"nordstadt": "Nordstadt", "suedstadt": "Südstadt"})
    assert any(Path(workflow_env["WEGWEISER_CACHE"]).rglob("*.pickle"))  # something for the next run to restore

    # The pull-request check: the same installation (again, a no-op), then the check as GitHub annotations.
    out = ""
    for step in _github_steps(check):
        if "run" in step:
            done = _bash(step["run"], github, _script_env(rad, environment))
            assert done.returncode == 0, done.stdout + done.stderr
            out += done.stdout
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert annotations, out  # the new project's legal pages still need completing: warnings at their lines
    assert all(re.match(r"::(warning|error|notice) file=[^,]+,line=\d+", line) for line in annotations), annotations
    installs = [line.split() for line in (rad.tmp / "apt.log").read_text().splitlines()]
    assert all(set(words) >= PACKAGES for words in installs) and len(installs) >= 2


def test_gitlab_scripts_publish_the_site_and_booklets(rad: Rad, gitlab: Path) -> None:
    ci = _load(gitlab / ".gitlab-ci.yml")
    assert ci["default"]["image"].startswith("python:3.12-slim-bookworm")
    assert ci["pages"]["artifacts"]["paths"] == ["public"]
    assert {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"} in ci["pages"]["rules"]
    variables = {key: str(value).replace("$CI_PROJECT_DIR", str(gitlab)) for key, value in ci["variables"].items()}
    assert variables["TZ"] == "Europe/Berlin"
    cached = {str(gitlab / path) for path in ci["default"]["cache"]["paths"]}
    assert {variables["WEGWEISER_CACHE"], variables["PIP_CACHE_DIR"]} <= cached
    # Without the browser form, so that the build's other branch runs here (GitHub's project has the form).
    (gitlab / "redaktion.yml").unlink(missing_ok=True)
    environment = rad.tmp / "gitlab-umgebung"
    fresh_environment(environment)  # the image's Python, without the program
    env = _script_env(rad, environment, CI_PROJECT_DIR=str(gitlab), **variables)
    for job in ("pruefen", "pages"):  # in stage order; each job runs the before_script, as GitLab does
        script = "\n".join([*ci["default"]["before_script"], *ci[job]["script"]])
        done = _bash(script, gitlab, env)
        assert done.returncode == 0, f"{job}:\n{done.stdout}{done.stderr}"
        if job == "pruefen":
            assert re.search(r"^content/seiten/impressum\.md:\d+", done.stdout, re.MULTILINE), done.stdout
    _assert_published(gitlab / "public", {"nordstadt": "Nordstadt"})


def test_server_script_publishes_with_rsync(rad: Rad, server: Path) -> None:
    script = server / "veroeffentlichen.sh"
    elsewhere = rad.tmp / "cron"  # cron starts it from the home folder, not the project
    elsewhere.mkdir()
    target = rad.tmp / "webserver"
    target.mkdir()
    (target / "alt.html").write_text("eine Seite, die es nicht mehr gibt", encoding="utf-8")
    env = _script_env(rad, server / ".venv")
    env.pop("WEGWEISER_ZIEL", None)

    unset = subprocess.run([str(script)], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60)
    assert unset.returncode == 2 and "WEGWEISER_ZIEL ist nicht gesetzt" in unset.stderr, unset.stderr
    env["WEGWEISER_ZIEL"] = f"{target}/"
    no_venv = subprocess.run([str(script)], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60)
    assert no_venv.returncode == 2 and "python3 -m venv .venv" in no_venv.stderr, no_venv.stderr
    fresh_environment(server / ".venv")  # the one-time setup step
    # A folder with files of others: rsync would delete them, so the script refuses before building.
    foreign = subprocess.run([str(script)], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60)
    assert foreign.returncode == 2 and "enthält keinen Familienwegweiser" in foreign.stderr, foreign.stderr
    assert not (server / "site").exists() and sorted(p.name for p in target.iterdir()) == ["alt.html"]

    (target / ".wegweiser-site").touch()  # as an earlier run of the script left it
    done = subprocess.run([str(script)], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    _assert_published(target, {"nordstadt": "Nordstadt"})
    assert not (target / "alt.html").exists()  # what the site no longer has is gone
    assert (target / ".wegweiser-site").is_file()  # the next run may publish here again
    assert not [p for p in target.rglob("*") if p.name.startswith(".~tmp~")]  # rsync's staging folders
