"""Where imported entries come from (``Eintrag.quelle``): each source once, with its licence, for the page "Offene
Daten und Quellen" and the booklet's back cover (dl-de/by-2-0 and ODbL require naming the source)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wegweiser.model.entries import Eintrag


@dataclass(frozen=True)
class Datenquelle:
    """A source as the site names it: entries from it share name and licence (ids and dates differ)."""

    name: str
    lizenz: str
    lizenz_url: str | None


def data_sources(entries: Iterable[Eintrag]) -> list[Datenquelle]:
    """The distinct sources of ``entries``, by name (case-insensitive), then licence."""
    found = {Datenquelle(e.quelle.name, e.quelle.lizenz, e.quelle.lizenz_url) for e in entries if e.quelle}
    return sorted(found, key=lambda q: (q.name.casefold(), q.name, q.lizenz, q.lizenz_url or ""))
