"""Links a page offers besides its own: phone numbers (``tel:``), route planners (OpenStreetMap) and the phone's
maps app (``geo:``). Links only: nothing is loaded until a visitor follows one."""

from __future__ import annotations

import re
from urllib.parse import quote

from wegweiser.model.entries import Adresse, Eintrag


def tel_url(number: str) -> str:
    digits = re.sub(r"[^\d+]", "", number)
    return f"tel:{digits}"


def address_line(adresse: Adresse | None) -> str:
    """An address on one line: "Brunnenstraße 12, 44147 Dortmund" (the parts there are)."""
    if adresse is None:
        return ""
    return ", ".join(x for x in (adresse.strasse or "", f"{adresse.plz or ''} {adresse.ort or ''}".strip()) if x)


def route_url(adresse: Adresse | None, lat: float | None = None, lon: float | None = None) -> str:
    """A link to OpenStreetMap's route planner (a link only: nothing is loaded until it is followed)."""
    if lat is not None and lon is not None:
        return f"https://www.openstreetmap.org/directions?to={lat:.5f}%2C{lon:.5f}"
    if adresse and adresse.strasse:
        return f"https://www.openstreetmap.org/search?query={quote(address_line(adresse))}"
    return ""


def entry_route(entry: Eintrag) -> str:
    """The route-planner link for an entry: to its coordinates, else to its address, else none."""
    if not entry.adresse and not entry.geo:
        return ""
    return route_url(entry.adresse, entry.geo.lat if entry.geo else None, entry.geo.lon if entry.geo else None)


def geo_uri(entry: Eintrag) -> str:
    """A ``geo:`` link (RFC 5870) the phone's maps app opens; the page offers it on phones, the web link elsewhere."""
    if entry.geo:
        return f"geo:{entry.geo.lat:.5f},{entry.geo.lon:.5f}?q={entry.geo.lat:.5f},{entry.geo.lon:.5f}"
    if entry.adresse and entry.adresse.strasse:
        return f"geo:0,0?q={quote(address_line(entry.adresse))}"
    return ""
