"""The open data (``opendata.publish``: the HSDS export under ``daten/hsds/``), written into the site by every kind
of build: into the new site by a full build, file by file (each replaced at once) by the in-place update and the
preview, which also remove the export's files that the content no longer makes (an organization renamed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from wegweiser.content.records import Content
from wegweiser.opendata.publish import FOLDER, hsds_files
from wegweiser.site.subscriptions import replace_file


def write_open_data(site: Path, content: Content, today: date) -> int:
    """Write the export into ``site``; the number of files written."""
    files = hsds_files(content, today)
    for path, data in files.items():
        replace_file(site / path, data)
    folder = site / FOLDER
    if folder.is_dir():  # ours: the export's files and what a killed write left (".name-…")
        for old in folder.rglob("*"):
            ours = old.suffix in (".json", ".csv") or old.name.startswith(".")
            if old.is_file() and ours and old.relative_to(site).as_posix() not in files:
                old.unlink()
    return len(files)
