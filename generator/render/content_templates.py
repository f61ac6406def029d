"""Templates from a content folder (``ORDNER/templates/site/``): sandboxed, checked, their errors located.

Whoever can commit content can write these templates, and the build runs them on the build machine (in CI).
So every template runs in Jinja2's ``SandboxedEnvironment``: no attribute that starts with "_", no access to
Python internals, nothing that reaches ``os``. ``check`` parses them and reports syntax errors with file and
line; an error while a page is rendered becomes a located content error, not a traceback.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypedDict, Unpack

import jinja2
import jinja2.exceptions
import jinja2.sandbox

from wegweiser.content.loading import outside_link, symlink_message
from wegweiser.core.cache import TemplateLoader, template_cache
from wegweiser.core.problems import ContentError, Loc, Problems, display_path
from wegweiser.core.resources import templates_dir
from wegweiser.model.fields import bidi_controls, bidi_message

BUILTIN = templates_dir()


class EnvironmentOptions(TypedDict, total=False):
    """The options of ``jinja2.Environment`` the site's templates set."""

    trim_blocks: bool
    lstrip_blocks: bool
    undefined: type[jinja2.Undefined]
    extensions: Sequence[str]


def content_template_dir(root: Path | None) -> Path | None:
    """``ORDNER/templates/site`` when it exists and is not the project's own template folder."""
    if root is None:
        return None
    folder = root / "templates" / "site"
    if folder.is_dir() and (root / "templates").resolve() != BUILTIN:
        return folder
    return None


def template_environment(root: Path | None, builtin: Path, **options: Unpack[EnvironmentOptions]) -> jinja2.Environment:
    """Autoescaping templates from ``builtin``, overridden one by one by the content folder's own.

    With templates from the content folder every template runs sandboxed (they can include and extend each
    other); without them the project's own templates keep the plain environment, which renders pages about
    a third faster.
    """
    own = content_template_dir(root)
    if own is None:
        return jinja2.Environment(loader=TemplateLoader([builtin]), autoescape=True,
                                  bytecode_cache=template_cache(sandboxed=False), **options)
    return jinja2.sandbox.SandboxedEnvironment(loader=TemplateLoader([own, builtin]), autoescape=True,
                                               bytecode_cache=template_cache(sandboxed=True), **options)


def check_templates(root: Path, problems: Problems) -> None:
    """Report content templates that cannot be read or parsed, and links that leave the content folders."""
    folder = content_template_dir(root)
    if folder is None:
        return
    parser = jinja2.sandbox.SandboxedEnvironment(autoescape=True)
    for path in sorted(folder.rglob("*")):
        shown = display_path(path, root)
        link = outside_link(path, root)
        if link is not None:
            if link == path:
                problems.error(Loc(shown), *symlink_message(shown, link))
            continue
        if not path.is_file() or path.suffix != ".html":
            continue
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.error(Loc(shown), "Die Vorlage ist nicht in UTF-8 gespeichert.",
                           "Speichern Sie sie in Ihrem Editor als UTF-8.")
            continue
        except OSError as exc:
            problems.error(Loc(shown), f"Die Vorlage kann nicht gelesen werden ({exc.strerror}).")
            continue
        controls = bidi_controls(source, references=True)
        if controls:  # the trojan-source trick: code that reads other than it runs or shows
            start, char = controls[0]
            before = source[:start]
            problems.error(Loc(shown, before.count("\n") + 1, start - before.rfind("\n")),
                           bidi_message(char, len(controls)),
                           "Löschen Sie das unsichtbare Zeichen; die Schreibrichtung eines Abschnitts setzen Sie "
                           "mit dir=\"rtl\" oder <bdi>.")
        try:
            parser.parse(source, path.name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            problems.error(Loc(shown, exc.lineno or 0, 1), *_syntax_message(exc.message or ""))


_SYNTAX: list[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[str, str]]]] = [
    (re.compile(r"unexpected end of template.*?'(end\w+)'", re.S | re.I),
     lambda m: (f"Der Block „{{% {m[1].removeprefix('end')} %}}“ in dieser Zeile wird nicht geschlossen: "
                f"„{{% {m[1]} %}}“ fehlt.",
                "Jedes {% if %}, {% for %} und {% block %} braucht sein {% endif %}, {% endfor %} bzw. "
                "{% endblock %}.")),
    (re.compile(r"unexpected end of template", re.I),
     lambda m: ("Die Vorlage endet mitten in einem Ausdruck oder Block.",
                "Prüfen Sie, ob jedes {{ mit }} und jedes {% mit %} geschlossen ist.")),
    (re.compile(r"Encountered unknown tag '([^']*)'"),
     lambda m: (f"Unbekannter Befehl „{m[1]}“ in {{% … %}}.",
                "Erlaubt sind u. a. if, elif, else, endif, for, endfor, set, block, extends, include, macro.")),
    (re.compile(r"expected token '([^']*)', got '([^']*)'"),
     lambda m: (f"Hier wird „{m[1]}“ erwartet, es steht aber „{m[2]}“ da.", "")),
    (re.compile(r"unexpected char '(.)'"),
     lambda m: (f"Das Zeichen „{m[1]}“ ist an dieser Stelle nicht erlaubt.", "")),
    (re.compile(r"unexpected '([^']*)'"),
     lambda m: (f"„{m[1]}“ ist an dieser Stelle nicht erlaubt.",
                "Prüfen Sie die Klammern {{ }}, {% %} und {# #} in dieser Zeile.")),
]


def _syntax_message(english: str) -> tuple[str, str]:
    for pattern, message in _SYNTAX:
        match = pattern.search(english)
        if match:
            text, hint = message(match)
            return f"Syntaxfehler in der Vorlage: {text}", hint
    return ("Syntaxfehler in der Vorlage.", "Prüfen Sie die Klammern {{ }}, {% %} und {# #} in dieser Zeile.")


def render_located(render: Callable[[], str], root: Path | None) -> str:
    """``render()``; an error raised in a content template becomes a ``ContentError`` at its file and line."""
    try:
        return render()
    except Exception as exc:
        folder = content_template_dir(root)
        if folder is None or root is None:
            raise
        located = _template_frame(exc, folder.resolve())
        if located is None:
            raise
        path, line = located
        problems = Problems()
        problems.error(Loc(display_path(path, root.resolve()), line, 1), *_runtime_message(exc))
        raise ContentError(problems) from exc


def _template_frame(exc: BaseException, folder: Path) -> tuple[Path, int] | None:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(folder) and frame.lineno:
            return path, frame.lineno
    return None


def _runtime_message(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, jinja2.exceptions.SecurityError):
        name = re.search(r"attribute '([^']*)'", str(exc))
        what = f" („{name[1]}“)" if name else ""
        return (f"Die Vorlage greift auf Programminterna zu{what}; das ist in Vorlagen aus dem Inhaltsordner "
                "nicht erlaubt, die Seite wird nicht erzeugt.",
                "Vorlagen dürfen nur die übergebenen Inhalte anzeigen, keine Python-Objekte untersuchen.")
    if isinstance(exc, jinja2.UndefinedError):
        name = re.search(r"'([^']*)' is undefined", str(exc))
        what = f"„{name[1]}“" if name else "Ein Name"
        return (f"{what} ist in dieser Vorlage nicht definiert.",
                "Prüfen Sie die Schreibweise; verfügbar sind die Werte der gleichnamigen Vorlage in templates/site/.")
    return (f"Die Vorlage bricht beim Erzeugen der Seite ab ({type(exc).__name__}).",
            "Prüfen Sie die Ausdrücke in dieser Zeile.")
