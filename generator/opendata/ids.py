"""Stable HSDS ids: UUIDs (version 5) derived from the site's address and what a record is, so that every build of
the same content gives the same ids, and two guides never share one.

``namespace = uuid5(NAMESPACE_URL, basis_url)``; a record's id is ``uuid5(namespace, "<kind>:<key>")``, for example
``service:region/angebote/elterncafe`` (the entry's ``key``), ``organization:<name of the Träger>``,
``location:<entry key>``, ``schedule:<entry key>/<n>``, ``taxonomy_term:themen/<slug>`` (``hsds.Export`` names
every kind it uses)."""

from __future__ import annotations

import uuid


class Ids:
    def __init__(self, basis_url: str) -> None:
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, basis_url)

    def __call__(self, kind: str, key: str) -> str:
        return str(uuid.uuid5(self.namespace, f"{kind}:{key}"))
