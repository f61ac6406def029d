"""The family glossary's files: the one the program ships (``generator/data/glossar/<code>.yaml``) and a network's own
(``content/glossar.yaml`` for German words, ``content/glossar.<code>.yaml`` for another language's)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Protocol

from wegweiser.core.problems import Loc, Problems
from wegweiser.core.resources import data_file
from wegweiser.i18n.languages import BEKANNT
from wegweiser.model.glossary import Begriff, read_glossary
from wegweiser.model.located_yaml import Document, LoadError, load_yaml_file


class Reader(Protocol):
    """What reads a content file and reports its problems (``ContentLoader``)."""

    problems: Problems

    def shown(self, path: Path) -> str: ...

    def document(self, path: Path, data: bytes | None = None) -> Document | None: ...

# The language of a glossary file without a code: its words are German, as the entries' own words.
MAIN = "de"
_NAME = re.compile(r"glossar(?:\.([^./]+))?\.ya?ml", re.IGNORECASE)

Glossar = dict[str, list[Begriff]]  # language code -> its terms


def is_glossary_file(shown: str) -> bool:
    """Whether a file (as messages name it: ``content/glossar.en.yaml``) is one of a network's glossary files."""
    folder, _, name = shown.rpartition("/")
    return folder == "content" and _NAME.fullmatch(name) is not None


def glossary_files(folder: Path) -> list[Path]:
    """The files in ``folder`` named like a glossary (``glossar.yaml``, ``glossar.en.yaml``)."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if _NAME.fullmatch(path.name) and path.is_file())


def load_glossaries(loader: Reader, folder: Path, codes: list[str] | None) -> Glossar:
    """A network's glossary files in ``folder`` (``content/``), checked; ``codes``: the site's languages (a file for
    another language has no effect, which is said), None if ``site.yaml`` could not be read."""
    found: Glossar = {}
    for path in glossary_files(folder):
        match = _NAME.fullmatch(path.name)
        assert match is not None
        code = (match.group(1) or MAIN).lower()
        shown = loader.shown(path)
        if match.group(1) and code == MAIN:
            loader.problems.error(Loc(shown), f"„{path.name}“: deutsche Suchwörter stehen in content/glossar.yaml.",
                                  "Verschieben Sie die Zeilen dorthin und löschen Sie diese Datei.")
            continue
        if code not in BEKANNT:
            loader.problems.error(Loc(shown), f"„{path.name}“: „{match.group(1)}“ ist kein Sprachkürzel, das der "
                                  "Wegweiser kennt.", "Möglich sind glossar.yaml (deutsche Wörter) und "
                                  f"glossar.<sprache>.yaml mit {', '.join(k for k in BEKANNT if k != MAIN)}.")
            continue
        if codes is not None and code != MAIN and code not in codes:
            loader.problems.warning(Loc(shown), f"Die Website erscheint nicht auf {BEKANNT[code][3]}; "
                                    f"„{path.name}“ wirkt daher nicht.",
                                    "Nehmen Sie die Sprache in „sprachen“ in content/site.yaml auf oder löschen "
                                    "Sie die Datei.")
        if _without_terms(path):
            loader.problems.error(Loc(shown, 1, 1), f"„{path.name}“ enthält keine Suchbegriffe.",
                                  "Schreiben Sie je Zeile einen Begriff mit seinen Suchwörtern, z. B. „Kita: [Krippe, "
                                  "U3]“, oder löschen Sie die Datei.")
            continue
        doc = loader.document(path)
        if doc is not None:
            found.setdefault(code, []).extend(read_glossary(doc.data, loader.problems))
    return found


def _without_terms(path: Path) -> bool:
    """Whether a glossary file is empty or holds only comments (the loader would say so with the hint for entries,
    "name:" and "stand:"). A file that cannot be read or decoded is left to the loader, which says why."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


@functools.cache
def shipped_glossary() -> Glossar:
    """The glossary the program carries, per language. Its files are checked by the tests; a mistake in one would be
    the program's, so it is raised, not reported."""
    found: Glossar = {}
    for path in sorted((data_file("glossar")).glob("*.yaml")):
        problems = Problems()
        try:
            doc = load_yaml_file(path, f"glossar/{path.name}")
        except LoadError as exc:
            raise RuntimeError(f"{exc.loc}: {exc.message}") from None
        found[path.stem] = read_glossary(doc.data, problems)
        if problems.items:
            raise RuntimeError("\n".join(p.format() for p in problems.items))
    return found


def merged(own: Glossar) -> Glossar:
    """The shipped glossary with a network's own lines added (a network's line for a term adds to the shipped one)."""
    result = {code: list(terms) for code, terms in shipped_glossary().items()}
    for code, terms in own.items():
        result.setdefault(code, []).extend(terms)
    return result
