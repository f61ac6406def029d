"""The files of a new, content-only project: what ``wegweiser init`` writes, as text, before anything is written.

The program is not copied into the project: the project names the version it is built with
(``requirements.txt``) and installs it from there. Values from the answers go into YAML through ``yaml``
(a JSON string is a YAML scalar that any value survives), into Markdown through ``md`` (escaped), so an odd
title cannot change the files' structure.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import PurePosixPath

import jinja2
import yaml

from wegweiser import __version__
from wegweiser.core.resources import data_file
from wegweiser.editors.schema_export import EDITOR_EXTENSIONS, editor_settings, schemas
from wegweiser.hours.holiday_calendar import BUNDESLAENDER
from wegweiser.i18n.catalogue import texte
from wegweiser.model.entries import Impressum, Site
from wegweiser.project.answers import Answers
from wegweiser.project.cms_backend import redaktion_file
from wegweiser.project.files import ProjectFile
from wegweiser.project.hosting import publishing_files
from wegweiser.project.version_pin import DIST, PIN_FILE, Requirement
from wegweiser.render.legal_pages import RECHTSSEITEN, markdown_literal, page_file

STARTER = data_file("projekt")

GITIGNORE = """\
# Was wegweiser baut und zwischenspeichert: nicht ins Repository.
/site/
/public/
/.cache/
__pycache__/
.venv/
*.tmp
"""


def _yaml(value: object) -> str:
    """One YAML value on one line: a JSON string or number, which YAML reads back unchanged."""
    return json.dumps(value, ensure_ascii=False)


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(STARTER), autoescape=False,
                                     undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    environment.filters.update(yaml=_yaml, yaml_comment=_one_line,
                               md=lambda value: markdown_literal(_one_line(value)))
    return environment


def _giftnotruf(bundesland: str) -> dict[str, str]:
    data = yaml.safe_load((STARTER / "giftnotruf.yaml").read_text(encoding="utf-8"))
    found = data[bundesland] if isinstance(data, dict) else None
    if not isinstance(found, dict):
        raise KeyError(bundesland)
    return {str(key): str(value) for key, value in found.items()}


def _site(answers: Answers, today: date) -> Site:
    return Site(titel=answers.titel, region=answers.region, basis_url=answers.address, stand=today,
                impressum=Impressum(herausgeber=answers.herausgeber, adresse=answers.anschrift, email=answers.email))


def _requirements(requirement: Requirement) -> str:
    return (
        "# Das Programm, mit dem dieser Familienwegweiser gebaut wird – in genau dieser Version.\n"
        "# Eine neue Version bewusst übernehmen: diese Zeile in einem Pull Request ändern, Prüfung und Vorschau\n"
        "# ansehen, dann zusammenführen (siehe LIESMICH.md).\n"
        f"{requirement.line}\n"
    )


def project_files(answers: Answers, today: date, requirement: Requirement) -> list[ProjectFile]:
    environment = _environment()
    # ``answers`` for the YAML templates (through ``yaml``); the plain names, escaped, for the Markdown ones.
    context = {"answers": answers, "today": today.isoformat(), "version": __version__, "dist": DIST,
               "titel": markdown_literal(_one_line(answers.titel)),
               "region": markdown_literal(_one_line(answers.region)),
               "hosting": answers.hosting, "address": answers.address, "repo": answers.repo,  # URL-safe; <autolinks>
               "sprachen": list(answers.sprachen), "bundesland": BUNDESLAENDER[answers.bundesland],
               "stand": today.isoformat()}

    def render(name: str, **more: object) -> str:
        return environment.get_template(name).render(**context, **more)

    files = [
        ProjectFile(PurePosixPath("content/site.yaml"), render("site.yaml.j2")),
        ProjectFile(PurePosixPath("LIESMICH.md"), render("LIESMICH.md.j2")),
        ProjectFile(PurePosixPath(".gitignore"), GITIGNORE),
        ProjectFile(PurePosixPath(PIN_FILE), _requirements(requirement)),
        ProjectFile(PurePosixPath(".vscode/settings.json"),
                    json.dumps(editor_settings(), ensure_ascii=False, indent=2) + "\n"),
        ProjectFile(PurePosixPath(".vscode/extensions.json"), json.dumps(EDITOR_EXTENSIONS) + "\n"),
    ]
    for name, schema in schemas().items():
        files.append(ProjectFile(PurePosixPath("schema") / name, json.dumps(schema, ensure_ascii=False, indent=2)
                                 + "\n"))
    for code in answers.sprachen:
        name = "kategorien.yaml" if code == "de" else f"kategorien.{code}.yaml"
        source = STARTER / "kategorien" / name
        if source.is_file():
            files.append(ProjectFile(PurePosixPath("content") / name, source.read_text(encoding="utf-8")))
    for quartier in answers.quartiere:
        files.append(ProjectFile(PurePosixPath("quartiere") / quartier.slug / "quartier.yaml",
                                 render("quartier.yaml.j2", quartier=quartier, ort=answers.region)))
    site = _site(answers, today)
    for page in RECHTSSEITEN:
        files.append(ProjectFile(PurePosixPath("content/seiten") / f"{page.slug}.md", page_file(page, site, texte())))
    giftnotruf = _giftnotruf(answers.bundesland)
    for name in ("notfallnummern.md", "u-untersuchungen.md"):
        files.append(ProjectFile(PurePosixPath("content/seiten") / name,
                                 render(f"seiten/{name}.j2", giftnotruf=giftnotruf)))
    files.extend(publishing_files(answers))
    form = redaktion_file(answers)
    if form is not None:
        files.append(form)
    return files


