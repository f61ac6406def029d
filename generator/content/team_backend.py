"""``redaktion.yml`` in the project folder: where the browser form on the website signs in and saves (Decap's
``backend`` block, GitHub or GitLab). ``check`` reports its mistakes with file and line; the form
(``editors.cms``) takes the block from here, so both read the file the same way.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from wegweiser.content.loading import outside_link, report_notes, symlink_message
from wegweiser.core.problems import Loc, Problems, display_path
from wegweiser.model.located_yaml import LoadError, YList, YMap, YNode, YScalar, load_yaml_file, read_text

FILE = "redaktion.yml"
GUIDE = "Anleitung: docs/redaktion.md, Abschnitt „Das Formular im Internet einrichten“."
# What init writes where only the person with admin rights at GitHub/GitLab knows the value (the legal pages'
# placeholders use the same words, render.legal_pages.PLACEHOLDER).
PLACEHOLDER = "Bitte ergänzen"
# The backends Decap CMS 3.16.3 registers (decap-cms-app/src/extensions.js)
BACKENDS = ("github", "gitlab", "gitea", "forgejo", "bitbucket", "azure", "git-gateway", "aws-cognito-github-proxy",
            "proxy", "test-repo")
NEEDS_REPO = ("github", "gitlab", "gitea", "forgejo", "bitbucket", "azure", "aws-cognito-github-proxy")
GITLAB_AUTH_TYPES = ("pkce", "implicit")  # anything else signs in through a Netlify-style OAuth service
FILLED_IN = {
    "repo": "das Repository der Inhalte, „Konto/Name“ wie in seiner Adresse",
    "base_url": "die Adresse des Anmeldedienstes (OAuth-Proxy), z. B. https://sveltia-cms-auth.IHR-NAME.workers.dev",
    "app_id": "die „Application ID“ der Anwendung, die Sie bei GitLab angelegt haben",
}


def read_team_backend(root: Path, problems: Problems) -> dict[str, object] | None:
    """The ``backend`` block of ``root``/redaktion.yml as Decap reads it; ``None`` without the file or when it has
    errors (reported to ``problems``, as are placeholders still to fill in)."""
    path = root / FILE
    if not path.is_file():
        return None
    shown = display_path(path, root)
    if (link := outside_link(path, root)) is not None:  # its backend block would be published in config.yml
        problems.error(Loc(shown), *symlink_message(shown, link))
        return None
    try:
        raw = path.read_bytes()
        plain = _plain(read_text(path, shown, raw))
        if plain is None:
            problems.error(Loc(shown, 1, 1), "Die Datei redaktion.yml ist leer.",
                           f"Sie braucht einen Abschnitt „backend:“ mit „name:“ und „repo:“. {GUIDE}")
            return None
        doc = load_yaml_file(path, shown, raw)
    except LoadError as exc:
        problems.error(exc.loc, exc.message, exc.hint, exc.fixes)
        return None
    except OSError as exc:
        problems.error(Loc(shown), f"Die Datei kann nicht gelesen werden ({exc.strerror}).")
        return None
    before = len(problems.errors)
    report_notes(doc, problems)
    backend = _backend(doc.data, problems)
    if backend is None or len(problems.errors) > before or not isinstance(plain, dict):
        return None
    block = plain.get("backend")
    return {str(key): value for key, value in block.items()} if isinstance(block, dict) else None


def _plain(text: str) -> object:
    """The file as Decap will get it (through config.yml); a syntax error is left to the located loader."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return ...


def _backend(data: YMap, problems: Problems) -> YMap | None:
    for key, (loc, _) in data.entries.items():
        if key != "backend":
            problems.warning(loc, f"„{key}“ wird in redaktion.yml nicht gelesen; das Formular liest nur „backend:“.")
    if "backend" not in data.entries:
        problems.error(Loc(data.loc.path, 1, 1), "In redaktion.yml fehlt der Abschnitt „backend:“.", GUIDE)
        return None
    loc, block = data.entries["backend"]
    if not isinstance(block, YMap):
        problems.error(block.loc if not isinstance(block, YScalar) or not block.is_null else loc,
                       "Unter „backend:“ werden eingerückte Felder erwartet („name:“, „repo:“ …).", GUIDE)
        return None
    name = _text(block, "name")
    if name is None:
        problems.error(loc, "In „backend:“ fehlt „name:“ (github oder gitlab).", GUIDE)
        return None
    if name.text not in BACKENDS:
        close = difflib.get_close_matches(name.text, BACKENDS, n=1)
        problems.error(name.loc, f"„{name.text}“ ist kein Anmeldeweg, den das Formular kennt.",
                       f"Meinten Sie „{close[0]}“?" if close else f"Möglich sind {', '.join(BACKENDS[:2])}. {GUIDE}")
        return None
    if name.text in NEEDS_REPO and _text(block, "repo") is None:
        problems.error(loc, "In „backend:“ fehlt „repo:“: das Repository der Inhalte („Konto/Name“).", GUIDE)
    auth_type = _text(block, "auth_type")
    if name.text == "gitlab" and auth_type is not None:
        if auth_type.text not in GITLAB_AUTH_TYPES:
            problems.error(auth_type.loc, f"„auth_type: {auth_type.text}“ kennt das Formular nicht.",
                           "Für GitLab ohne eigenen Anmeldedienst: „auth_type: pkce“.")
        elif _text(block, "app_id") is None:
            problems.error(loc, f"Mit „auth_type: {auth_type.text}“ braucht „backend:“ auch „app_id:“ "
                           f"({FILLED_IN['app_id']}).", GUIDE)
    _placeholders(block, problems)
    _addresses(block, problems)
    return block


# Addresses Decap opens or calls in the editors' browser: only https (a "javascript:" or http address there would
# run or travel outside TLS in the form's window).
ADDRESSES = ("base_url", "api_root", "auth_endpoint_url")


def _addresses(block: YMap, problems: Problems) -> None:
    for key in ADDRESSES:
        node = _text(block, key)
        if node is None or PLACEHOLDER.casefold() in node.text.casefold():
            continue
        parsed = urlsplit(node.text.strip())
        if parsed.scheme != "https" or not parsed.hostname or any(c.isspace() for c in node.text.strip()):
            problems.error(node.loc, f"„{key}: {node.text.strip()}“ ist keine https-Adresse.",
                           (f"Einzutragen ist {FILLED_IN[key]}. " if key in FILLED_IN else
                            "Erwartet wird eine Adresse, die mit https:// beginnt. ") + GUIDE)


def _text(block: YMap, key: str) -> YScalar | None:
    """The field's value if it is a non-empty text."""
    node = block.entries.get(key, (None, None))[1]
    return node if isinstance(node, YScalar) and not node.is_null else None


def _placeholders(node: YNode, problems: Problems) -> None:
    """A warning at every value that still holds "Bitte ergänzen", saying what to write instead."""
    if isinstance(node, YMap | YList):
        for value in node.items if isinstance(node, YList) else [value for _, value in node.entries.values()]:
            _placeholders(value, problems)
    elif isinstance(node, YScalar) and PLACEHOLDER.casefold() in node.text.casefold():
        what = FILLED_IN.get(node.key)
        problems.warning(node.loc, f"In redaktion.yml ist „{node.key}“ noch nicht ausgefüllt: Bis dahin kann sich "
                         "niemand im Formular im Internet anmelden.",
                         (f"Einzutragen ist {what}. " if what else "") + GUIDE)
