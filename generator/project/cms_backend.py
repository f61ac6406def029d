"""``redaktion.yml`` for a new project: the sign-in of the browser form on the published website.

What Decap CMS 3.16.3 offers (read in node_modules/decap-cms-backend-*/src/AuthenticationPage.js): the GitLab
backend signs in from the browser alone with ``auth_type: pkce`` and the Application ID (no server, no secret);
the GitHub backend has only the OAuth flow through a small service that holds the app's secret (``base_url``,
e.g. sveltia-cms-auth on Cloudflare Workers). For an own web server there is no file: where its repository
lives (GitHub, GitLab, Gitea, …) is not asked, and a template that does nothing would look configured; the guide
shows both blocks to copy (docs/redaktion.md).
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from wegweiser.content.team_backend import FILE, PLACEHOLDER
from wegweiser.project.answers import REPO, Answers
from wegweiser.project.files import ProjectFile

_HEAD = """\
# Das Formular der Redaktion im Internet: {address}redaktion/
# Hier steht, wo es die Inhalte speichert und wie sich die Redaktion anmeldet.
# Einmal einrichten, mit Admin-Rechten bei {host}: Schritt für Schritt in der Anleitung für die
# Redaktion des Familienwegweisers (docs/redaktion.md), Abschnitt „Das Formular im Internet einrichten“.
# Solange hier noch „{placeholder}“ steht, meldet „wegweiser check“ die Stelle als Warnung.
"""

_GITHUB = """\
backend:
  name: github
  # Das Repository dieses Projekts auf GitHub: „Konto/Name“, wie in seiner Adresse github.com/Konto/Name.
  repo: {repo}
  branch: main
  # Die Adresse des Anmeldedienstes (OAuth-Proxy), den Sie für die OAuth-App eingerichtet haben,
  # z. B. https://sveltia-cms-auth.IHR-NAME.workers.dev (ohne „/“ am Ende). GitHub verlangt für die
  # Anmeldung einen solchen Dienst, weil er das Geheimnis (Client Secret) der OAuth-App verwahrt.
  base_url: {placeholder}
"""

_GITLAB = """\
backend:
  name: gitlab
  # Das Projekt auf GitLab: „Gruppe/Projekt“, wie in seiner Adresse gitlab.com/Gruppe/Projekt.
  repo: {repo}
  branch: main
  # Anmeldung direkt im Browser (PKCE): kein eigener Dienst, kein Geheimnis nötig.
  auth_type: pkce
  # Die „Application ID“ der Anwendung, die Sie bei GitLab angelegt haben (Einstellungen → Applications;
  # Scope: api; „Confidential“ nicht angekreuzt), mit dieser Redirect URI:
  # {address}redaktion/
  app_id: {placeholder}
"""


def redaktion_file(answers: Answers) -> ProjectFile | None:
    """``redaktion.yml`` for GitHub or GitLab hosting, with the values only an admin there knows to fill in."""
    if answers.hosting == "server":
        return None
    body = _GITHUB if answers.hosting == "github" else _GITLAB
    host = "GitHub" if answers.hosting == "github" else "GitLab"
    address = " ".join(answers.address.split())  # one comment line, whatever was typed
    values = {"address": address, "host": host, "placeholder": PLACEHOLDER,
              "repo": _yaml_text(answers.repo) if answers.repo else PLACEHOLDER}
    return ProjectFile(PurePosixPath(FILE), (_HEAD + body).format(**values))


def _yaml_text(value: str) -> str:
    """``value`` as a YAML scalar: plain for an ordinary "account/name", else double-quoted (JSON is YAML)."""
    return value if REPO.fullmatch(value) else json.dumps(value, ensure_ascii=False)
