"""The record of published addresses, ``content/adressen.txt``, as it is read: every page URL the site has
published with ``wegweiser build``, each (since issue 28) with the day it was first published. ``site.old_urls``
writes it and builds redirects from it; the planning report reads it for what is new. One line is
``/quartiere/a/angebote/b/ 2026-11-21``; lines recorded before the record kept days have no day.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from wegweiser.core.file_states import FileState
from wegweiser.core.problems import Loc, Problems

RECORD = "content/adressen.txt"
SEGMENT = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_DATED = re.compile(rf"(?P<url>/(?:{SEGMENT}/)*)(?:[ \t]+(?P<tag>\d{{4}}-\d{{2}}-\d{{2}}))?")
# An entry's page in the main language: quarter (or region), type folder, file name.
ENTRY_URL = re.compile(rf"(?:quartiere/(?P<quartier>{SEGMENT})|region)/(?P<typ>{SEGMENT})/"
                       rf"(?P<slug>{SEGMENT})/")


def read_record(root: Path, problems: Problems) -> set[str]:
    """The recorded URLs (relative to the site root, "" for the home page); bad lines become warnings."""
    return set(read_days(root, problems)[0])


def first_published(root: Path) -> dict[str, date | None]:
    """The recorded URLs and the day each was first published (None: recorded before the record kept days)."""
    return read_days(root, Problems())[0]


def read_days(root: Path, problems: Problems) -> tuple[dict[str, date | None], FileState | None]:
    """The recorded URLs with their first day, and the file as it was read (None: there is none, or it cannot be
    read)."""
    path = root / RECORD
    try:
        with open(path, "rb") as stream:
            status = os.fstat(stream.fileno())
            raw = stream.read()
        text = raw.decode("utf-8")
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "kein UTF-8"
        problems.warning(Loc(RECORD), f"Die Liste der veröffentlichten Adressen kann nicht gelesen werden ({reason}).",
                         "Alte Adressen bekommen in diesem Build keine Weiterleitung.")
        return {}, None
    found: dict[str, date | None] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _DATED.fullmatch(line)
        day = _day(match["tag"]) if match and match["tag"] else None
        if not match or (match["tag"] and day is None):
            problems.warning(Loc(RECORD, number, 1), f"„{line}“ ist keine Adresse dieser Website und wird ignoriert.",
                             "Jede Zeile ist ein Pfad wie /quartiere/altstadt/angebote/stillcafe/, dahinter "
                             "vielleicht das Datum der ersten Veröffentlichung (2026-11-21).")
            continue
        url = match["url"][1:]
        known = found.get(url)
        found[url] = min(known, day) if known and day else known or day
    return found, FileState.of(status, raw)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


