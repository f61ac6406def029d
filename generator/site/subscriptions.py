"""What families subscribe to: the Termine's calendars (``render.calendars``) and the Atom feeds
(``render.feeds``), written into the site by every kind of build (the full build into the new site, which is swapped
in whole; the in-place update and the preview's refresh file by file, each replaced at once).

Static hosts serve ``.ics`` as ``text/calendar`` and ``.xml`` as XML by the file name; nothing needs configuring.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from wegweiser.render.calendars import calendar_files
from wegweiser.render.feeds import feed_files
from wegweiser.render.page_builder import PageBuilder
from wegweiser.site.old_urls import first_published


def subscription_files(builders: Iterable[PageBuilder]) -> dict[str, bytes]:
    """Every language's calendars and feeds by path in the site."""
    files: dict[str, bytes] = {}
    first = None
    for builder in builders:
        if first is None:
            first = first_published(builder.content.root)
        files.update(calendar_files(builder))
        files.update(feed_files(builder, first))
    return files


def write_subscriptions(site: Path, builders: Iterable[PageBuilder]) -> int:
    """Write them into ``site``, each file replaced at once (a calendar program never reads half of one); the number
    of files written."""
    files = subscription_files(builders)
    for path, data in files.items():
        replace_file(site / path, data)
    return len(files)


def replace_file(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # as the pages: mkstemp makes it readable by its owner only
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
