"""``wegweiser bericht``: the network's planning report, gathered from the content as the site shows it on a day.

Nothing personal goes in beyond what the site publishes: entries' names, quarters and facts; no ``anrede``, no
editors (git's authors are never read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wegweiser.content.records import Content
from wegweiser.i18n import formats
from wegweiser.planning.changes import Changes, changes_since
from wegweiser.planning.matrix import Matrix, build_matrix
from wegweiser.planning.shares import QuarterShares, quarter_shares


@dataclass
class Report:
    title: str  # the site's title
    today: date
    months: int  # due for review after this many months
    matrix: Matrix
    shares: list[QuarterShares]
    site_languages: list[str]  # the codes the site is translated into (besides the main language)
    changes: Changes

    def language_name(self, code: str) -> str:
        """German: "Türkisch"; Leichte Sprache by its name."""
        return "Leichte Sprache" if code == "leicht" else formats.sprachname(code, "de")


def build_report(content: Content, today: date, since: date, months: int = 12) -> Report:
    title = content.site.titel if content.site else "Familienwegweiser"
    return Report(title, today, months, build_matrix(content, today), quarter_shares(content, today, months),
                  (content.site.sprachen if content.site else [])[1:], changes_since(content, today, since))
