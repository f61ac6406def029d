"""What changed since a day: entries added, removed and changed, from the record of published addresses
(``content/adressen.txt``) and the content files' history in git.

- Added: shown entries whose address was first published on or after the day (the record says when), or whose
  file was added in a commit since (for addresses recorded before the record kept days).
- Removed: entry files deleted in a commit since; entries still in the content whose ``gueltig_bis`` passed since
  (the site no longer shows them); without git, every recorded entry address whose entry is gone and did not move
  to another quarter (when, git would say). A file moved with git counts as removed there and added here.
- Changed: shown entries whose file or one of its translations was changed in a commit since, unless added.

Only committed changes count, by the committer's day. Authors are never read: the report names no editor.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from wegweiser.check.review_due import months_before
from wegweiser.content.address_record import ENTRY_URL, first_published
from wegweiser.content.records import Content
from wegweiser.model.entries import ENTRY_TYPES, Eintrag, Termin
from wegweiser.render import urls
from wegweiser.render.page_builder import Published

# An entry's file (or a translation beside it): quartiere/<quarter>/<type>/<slug>[.<code>].yaml|md or
# content/<type>/<slug>[.<code>].yaml|md.
_ENTRY_FILE = re.compile(r"(?:quartiere/(?P<quartier>[^/]+)|content)/(?P<typ>[^/]+)/(?P<slug>[^./]+)"
                         r"(?P<code>\.[a-z]+)?\.(?:yaml|md)")
_NAME = re.compile(r"^name:[ \t]*[\"']?(?P<name>.*?)[\"']?[ \t]*$", re.MULTILINE)
GIT_TIMEOUT = 120

Key = tuple[str | None, str, str]  # (quarter or None for region-wide, type folder, slug)


@dataclass(frozen=True)
class Change:
    name: str
    art: str  # "Angebot", "Kita" …
    where: str  # the quarter's name, or "ganze Region"
    day: date | None
    note: str  # how the report knows: "zuerst veröffentlicht", "Datei gelöscht" …


@dataclass
class Changes:
    since: date
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # German: what the report could not know, and why


@dataclass(frozen=True)
class Event:
    status: str  # A, M or D (git's letters)
    day: date
    commit: str
    path: str
    translation: bool


def _entry_key(path: str) -> tuple[Key, bool] | None:
    match = _ENTRY_FILE.fullmatch(path)
    if not match or match["typ"] not in ENTRY_TYPES:
        return None
    return (match["quartier"], match["typ"], match["slug"]), match["code"] is not None


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    return subprocess.run(["git", "-C", str(root), "-c", "core.quotePath=false", *args], capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=GIT_TIMEOUT, env=environment,
                          check=False)


@dataclass
class History:
    events: dict[Key, list[Event]]  # by entry, newest first
    read: bool  # False: git could not tell (``note`` says why)
    note: str | None = None


def history(root: Path, since: date) -> History:
    """The commits since ``since`` that touched entry files; or a German note why git could not tell."""
    unknown = ("Geänderte Einträge fehlen darum in diesem Bericht; als entfernt stehen dort veröffentlichte Adressen, "
               "deren Eintrag fehlt, ohne Datum.")
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
    except FileNotFoundError:
        return History({}, False, f"git ist auf diesem Rechner nicht installiert. {unknown}")
    except subprocess.TimeoutExpired:
        return History({}, False, f"git hat nicht rechtzeitig geantwortet. {unknown}")
    if inside.returncode != 0 or not inside.stdout.startswith("true"):
        return History({}, False, f"Der Ordner „{root}“ ist kein git-Repository: Seine Geschichte ist unbekannt. "
                                  f"{unknown}")
    # git reads a bare day as that day at the current time: ask from the day before, keep the days from ``since``.
    after = (since - timedelta(days=1)).isoformat()
    try:
        log = _git(root, "log", f"--since={after}T00:00:00", "--no-renames", "--name-status", "--relative",
                   "--format=@%H %cs", "--", "content", "quartiere")
    except subprocess.TimeoutExpired:
        return History({}, False, f"git hat nicht rechtzeitig geantwortet. {unknown}")
    if log.returncode != 0:
        return History({}, False, f"git konnte die Geschichte nicht lesen ({log.stderr.strip()[:200]}). {unknown}")
    events: dict[Key, list[Event]] = {}
    commit, day = "", since
    for line in log.stdout.splitlines():
        if line.startswith("@"):
            commit, _space, text = line[1:].partition(" ")
            day = date.fromisoformat(text)
            continue
        status, _tab, path = line.partition("\t")
        found = _entry_key(path)
        if found is None or day < since or status not in ("A", "M", "D"):
            continue
        events.setdefault(found[0], []).append(Event(status, day, commit, path, found[1]))
    shallow = inside.stdout.split()[1:2] == ["true"]
    return History(events, True, "Die git-Geschichte ist unvollständig (ein flacher Klon): Ältere Änderungen können "
                                 "fehlen." if shallow else None)


def _key(entry: Eintrag) -> Key:
    return entry.quartier, entry.typ, entry.slug


def _where(content: Content, quarter: str | None) -> str:
    if quarter is None:
        return "ganze Region"
    known = content.quartiere.get(quarter)
    return known.name if known else quarter


def _change(content: Content, entry: Eintrag, day: date | None, note: str) -> Change:
    return Change(entry.name, entry.kind.singular, _where(content, entry.quartier), day, note)


def _deleted_name(root: Path, event: Event) -> str | None:
    """The name the deleted file had (its last version, before the commit that deleted it)."""
    try:
        shown = _git(root, "show", f"{event.commit}^:./{event.path}")
    except subprocess.TimeoutExpired:
        return None
    match = _NAME.search(shown.stdout) if shown.returncode == 0 else None
    return match["name"] if match else None


def changes_since(content: Content, today: date, since: date) -> Changes:
    result = Changes(since)
    shown = Published.select(content, today).entries
    shown_urls = {urls.entry_url(entry) for entry in shown}
    by_key = {_key(entry): entry for entry in content.eintraege}
    first = first_published(content.root)
    known = history(content.root, since)
    events = known.events
    if known.note:
        result.notes.append(known.note)
    added: set[Key] = set()
    for entry in shown:
        day = first.get(urls.entry_url(entry))
        created = [e for e in events.get(_key(entry), []) if e.status == "A" and not e.translation]
        if day is not None and day >= since:
            result.added.append(_change(content, entry, day, "zuerst veröffentlicht"))
        elif day is None and created:
            result.added.append(_change(content, entry, created[0].day, "Datei angelegt"))
        else:
            continue
        added.add(_key(entry))
    for key, found in events.items():
        known_entry = by_key.get(key)
        deleted = next((e for e in found if e.status == "D" and not e.translation), None)
        if known_entry is None and deleted is not None:
            name = _deleted_name(content.root, deleted) or key[2]
            art = ENTRY_TYPES[key[1]].kind.singular
            result.removed.append(Change(name, art, _where(content, key[0]), deleted.day, "Datei gelöscht"))
        elif known_entry is not None and key not in added and urls.entry_url(known_entry) in shown_urls:
            touched = "Übersetzung geändert" if all(e.translation for e in found) else "Datei geändert"
            result.changed.append(_change(content, known_entry, found[0].day, touched))
    for entry in content.eintraege:
        gone = entry.gueltig_bis is not None and since <= entry.gueltig_bis < today
        if gone and not isinstance(entry, Termin) and urls.entry_url(entry) in first:
            result.removed.append(_change(content, entry, entry.gueltig_bis, "abgelaufen („gueltig_bis“)"))
    if not known.read:
        result.removed += _recorded_without_entry(content, first, by_key)
    for changes in (result.added, result.removed, result.changed):
        changes.sort(key=lambda c: (c.day or date.min, c.where, c.name.casefold()))
    return result


def _recorded_without_entry(content: Content, first: dict[str, date | None],
                            by_key: dict[Key, Eintrag]) -> list[Change]:
    """Without git: the recorded entry addresses whose entry is gone (not moved to another quarter)."""
    slugs = {(typ, slug) for _quarter, typ, slug in by_key}
    found = []
    for url in first:
        match = ENTRY_URL.fullmatch(url)
        if not match or match["typ"] not in ENTRY_TYPES:
            continue
        key = (match["quartier"], match["typ"], match["slug"])
        if key in by_key or (key[1], key[2]) in slugs:
            continue
        found.append(Change(key[2], ENTRY_TYPES[key[1]].kind.singular, _where(content, key[0]), None,
                            "Adresse veröffentlicht, Eintrag fehlt (seit wann, weiß nur git)"))
    return found


def default_since(today: date) -> date:
    """Without ``--seit``: the last twelve months."""
    return months_before(today, 12)
