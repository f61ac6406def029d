"""Reading OpenStreetMap playgrounds (``leisure=playground``) from a local GeoJSON export (Overpass turbo,
osmtogeojson) or an ``.osm`` XML file. An area's point is the centroid of its outline; equipment mapped as points
of their own inside it (``playground=swing``) counts for the playground around them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from wegweiser.imports.records import Datensatz, Gelesen, Herkunft, ImportFehler, Value, clean, read_json

HERKUNFT = Herkunft("osm", "© OpenStreetMap-Mitwirkende", "ODbL 1.0", "https://opendatacommons.org/licenses/odbl/1-0/")
ROLLSTUHL = {"yes": "ja", "limited": "teilweise", "no": "nein"}
JA_NEIN = {"yes": True, "no": False}
# playground=* values (the OSM wiki's list) in the words the demo's entries use.
AUSSTATTUNG = {"swing": "Schaukel", "basketswing": "Nestschaukel", "baby_swing": "Babyschaukel",
               "slide": "Rutsche", "sandpit": "Sandkasten", "climbingframe": "Klettergerüst",
               "climbing_frame": "Klettergerüst", "climbingwall": "Kletterwand", "seesaw": "Wippe",
               "springy": "Federwippe", "roundabout": "Karussell", "playhouse": "Spielhaus",
               "structure": "Spielkombination", "balancebeam": "Balancierbalken", "zipwire": "Seilbahn",
               "trampoline": "Trampolin", "water": "Wasserspiel", "sand_digger": "Sandbagger",
               "horizontal_bar": "Reck", "rope_traverse": "Hangelseil", "splash_pad": "Wasserspielplatz",
               "table": "Spieltisch", "tunnel_tube": "Kriechtunnel", "aerialrotator": "Drehkarussell"}
BODEN = {"sand": "Sandboden", "grass": "Rasen", "woodchips": "Holzschnitzel", "rubber": "Fallschutzboden",
         "tartan": "Fallschutzboden", "gravel": "Kies", "pebblestone": "Kies", "bark_mulch": "Rindenmulch"}
_ID = re.compile(r"(?:https?://(?:www\.)?openstreetmap\.org/)?(node|way|relation)[/ ]?(\d+)")
Point = tuple[float, float]  # (lat, lon)


def read(path: Path) -> Gelesen:
    found = Gelesen(HERKUNFT)
    features = list(_osm_xml(path) if path.suffix.lower() == ".osm" else _geojson(path))
    equipment = [(tags, point) for _id, tags, point, _ring, _where in features
                 if tags.get("leisure") != "playground" and "playground" in tags and point is not None]
    for osm_id, tags, point, ring, where in features:
        if tags.get("leisure") != "playground":
            continue
        if point is None:
            found.hinweise.append(f"{where}: Spielplatz {osm_id} ohne Lage (Geometrie fehlt); nicht übernommen.")
            continue
        inside = [item for item, spot in equipment if ring and _inside(spot, ring)]
        found.datensaetze.append(_playground(osm_id, tags, point, inside, where, found.hinweise))
    skipped = sum(1 for _id, tags, *_rest in features if tags and tags.get("leisure") != "playground" and
                  "playground" not in tags)
    if skipped:
        found.hinweise.append(f"{path.name}: {skipped} Objekte ohne leisure=playground übersprungen.")
    return found


def _playground(osm_id: str, tags: dict[str, str], point: Point, inside: list[dict[str, str]], where: str,
                notes: list[str]) -> Datensatz:
    fields: dict[str, Value] = {}
    name = clean(tags.get("name", ""), where, "name", notes)
    street = clean(tags.get("addr:street", ""), where, "adresse.strasse", notes)
    made_up = not name
    if made_up:
        name = f"Spielplatz {street}" if street else "Spielplatz"
    fields["name"] = name[:120]
    if street:
        number = clean(tags.get("addr:housenumber", ""), where, "adresse.strasse", notes)
        fields["adresse.strasse"] = f"{street} {number}".strip()
    for key, tag in (("adresse.plz", "addr:postcode"), ("adresse.ort", "addr:city")):
        if tags.get(tag):
            fields[key] = clean(tags[tag], where, key, notes)
    alter = _ages(tags, where, notes)
    if alter:
        fields["alter"] = alter
    if tags.get("wheelchair") in ROLLSTUHL:
        fields["zugang.rollstuhl"] = ROLLSTUHL[tags["wheelchair"]]
    if tags.get("changing_table") in JA_NEIN:
        fields["zugang.wickeltisch"] = JA_NEIN[tags["changing_table"]]
    things = _equipment([tags, *inside], where, notes)
    if tags.get("surface") in BODEN:
        things.append(BODEN[tags["surface"]])
    if things:
        fields["ausstattung"] = list(dict.fromkeys(things))
    if tags.get("opening_hours"):
        fields["oeffnungszeiten"] = clean(tags["opening_hours"], where, "oeffnungszeiten", notes)
    if tags.get("fee") == "no":
        fields["kosten"] = "kostenlos"
    fields["geo"] = {"lat": round(point[0], 7), "lon": round(point[1], 7)}
    return Datensatz(osm_id, "spielplaetze", fields, where, plz=tags.get("addr:postcode"), geo=point,
                     name_erfunden=made_up)


def _ages(tags: dict[str, str], where: str, notes: list[str]) -> dict[str, float]:
    ages: dict[str, float] = {}
    for key, tag in (("von", "min_age"), ("bis", "max_age")):
        text = tags.get(tag, "").strip().replace(",", ".")
        if not text:
            continue
        try:
            ages[key] = float(text)
        except ValueError:
            notes.append(f"{where}: {tag}=„{text}“ ist keine Zahl; nicht übernommen.")
    if "von" in ages and "bis" in ages and ages["von"] > ages["bis"]:
        notes.append(f"{where}: min_age ist größer als max_age; „alter“ nicht übernommen.")
        return {}
    if any(not 0 <= value <= 99 for value in ages.values()):
        notes.append(f"{where}: Alter außerhalb von 0 bis 99 Jahren; „alter“ nicht übernommen.")
        return {}
    return ages


def _equipment(all_tags: list[dict[str, str]], where: str, notes: list[str]) -> list[str]:
    words: list[str] = []
    for tags in all_tags:
        for value in tags.get("playground", "").split(";"):
            value = value.strip()
            if not value:
                continue
            word = AUSSTATTUNG.get(value)
            if word is None:
                notes.append(f"{where}: playground={value} kennt die Übersetzungstabelle nicht; nicht übernommen.")
            else:
                words.append(word)
    return words


# --- GeoJSON -----------------------------------------------------------------------------------------------

Feature = tuple[str, dict[str, str], Point | None, list[Point], str]  # id, tags, point, outline, where


def _geojson(path: Path) -> Iterator[Feature]:
    shown = path.name
    data = read_json(path, shown, "GeoJSON")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or \
            not isinstance(data.get("features"), list):
        raise ImportFehler(f"{shown}:1: Erwartet wird eine GeoJSON-FeatureCollection "
                           "(„type“: „FeatureCollection“ mit „features“), z. B. der Export von Overpass turbo.")
    for number, feature in enumerate(data["features"], 1):
        where = f"{shown}, Objekt {number}"
        if not isinstance(feature, dict):
            raise ImportFehler(f"{where}: kein GeoJSON-Feature.")
        raw = feature.get("properties") or {}
        if not isinstance(raw, dict):
            raise ImportFehler(f"{where}: „properties“ ist kein Objekt.")
        nested = raw.get("tags")  # Overpass JSON keeps the tags apart; osmtogeojson spreads them
        source = nested if isinstance(nested, dict) else raw
        tags = {str(k): str(v) for k, v in source.items() if isinstance(v, str | int | float)}
        osm_id = _osm_id(feature.get("id"), raw)
        if osm_id is None:
            if tags.get("leisure") == "playground":
                raise ImportFehler(f"{where}: Der Spielplatz hat keine OpenStreetMap-Kennung (id „node/…“ oder "
                                   "„way/…“); ohne sie lässt er sich beim nächsten Import nicht wiederfinden.")
            continue
        point, ring = _geometry(feature.get("geometry"), where)
        yield osm_id, tags, point, ring, where


def _osm_id(value: object, properties: dict[str, object]) -> str | None:
    for candidate in (value, properties.get("@id"), properties.get("id")):
        if isinstance(candidate, str) and (match := _ID.fullmatch(candidate.strip())):
            return f"{match[1]}/{match[2]}"
    if isinstance(properties.get("type"), str) and isinstance(properties.get("id"), int):  # Overpass JSON style
        return f"{properties['type']}/{properties['id']}"
    return None


def _geometry(geometry: object, where: str) -> tuple[Point | None, list[Point]]:
    if not isinstance(geometry, dict):
        return None, []
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    try:
        if kind == "Point" and isinstance(coords, list):
            return _point(coords), []
        if kind == "Polygon" and isinstance(coords, list) and coords:
            ring = [_point(c) for c in coords[0]]
            return _centroid(ring), ring
        if kind == "MultiPolygon" and isinstance(coords, list) and coords:
            rings = [[_point(c) for c in polygon[0]] for polygon in coords]
            biggest = max(rings, key=lambda r: abs(_area(r)))
            return _centroid(biggest), biggest
        if kind == "LineString" and isinstance(coords, list) and coords:
            ring = [_point(c) for c in coords]
            return _centroid(ring), ring if ring[0] == ring[-1] else []
    except _OffEarth as exc:
        raise ImportFehler(f"{where}: Der Punkt {exc.args[0]} liegt nicht auf der Erde: GeoJSON schreibt Länge, "
                           "Breite (Länge −180 bis 180, Breite −90 bis 90). Sind die Werte vertauscht oder in einem "
                           "anderen Koordinatensystem (z. B. UTM)?") from None
    except (TypeError, ValueError, IndexError):
        raise ImportFehler(f"{where}: Die Koordinaten der Geometrie ({kind}) sind keine Zahlenpaare.") from None
    raise ImportFehler(f"{where}: Die Geometrie „{kind}“ wird nicht gelesen (Point, Polygon, MultiPolygon, "
                       "LineString).")


class _OffEarth(ValueError):
    """Numbers that are no longitude and latitude (the message names them)."""


def _point(pair: object) -> Point:
    if not isinstance(pair, list) or len(pair) < 2:
        raise ValueError(pair)
    lon, lat = float(pair[0]), float(pair[1])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _OffEarth(f"[{pair[0]}, {pair[1]}]")
    return lat, lon


# --- geometry on small areas (a playground): plane coordinates in degrees are exact enough ---------------------

def _area(ring: list[Point]) -> float:
    return sum(a[1] * b[0] - b[1] * a[0] for a, b in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _centroid(ring: list[Point]) -> Point:
    """The centroid of a closed outline (shoelace formula); the mean of the points for a line or a degenerate
    outline."""
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    area = _area(points) if len(points) >= 3 else 0.0
    if abs(area) < 1e-14:
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    lat = lon = 0.0
    for a, b in zip(points, points[1:] + points[:1], strict=True):
        cross = a[1] * b[0] - b[1] * a[0]
        lon += (a[1] + b[1]) * cross
        lat += (a[0] + b[0]) * cross
    return lat / (6 * area), lon / (6 * area)


def _inside(point: Point, ring: list[Point]) -> bool:
    """Ray casting: whether ``point`` lies inside the outline."""
    lat, lon = point
    result = False
    for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
        if (a[0] > lat) != (b[0] > lat) and lon < (b[1] - a[1]) * (lat - a[0]) / (b[0] - a[0]) + a[1]:
            result = not result
    return result


# --- .osm XML ----------------------------------------------------------------------------------------------

def _osm_xml(path: Path) -> Iterator[Feature]:
    shown = path.name
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        line, column = exc.position
        raise ImportFehler(f"{shown}:{line}: Keine gültige OSM-XML-Datei (Fehler in Spalte {column + 1}).") from None
    if root.tag != "osm":
        raise ImportFehler(f"{shown}:1: Erwartet wird eine OSM-XML-Datei (<osm>), gefunden wurde <{root.tag}>.")
    nodes: dict[str, Point] = {}
    for node in root.iter("node"):
        try:
            nodes[node.get("id", "")] = (float(node.get("lat", "")), float(node.get("lon", "")))
        except ValueError:
            raise ImportFehler(f"{shown}: Der Knoten {node.get('id')} hat keine gültigen lat/lon.") from None
    for element in root:
        if element.tag not in ("node", "way", "relation"):
            continue
        tags = {tag.get("k", ""): tag.get("v", "") for tag in element.iter("tag")}
        osm_id = f"{element.tag}/{element.get('id')}"
        where = f"{shown}, {osm_id}"
        if element.tag == "node":
            yield osm_id, tags, nodes.get(element.get("id", "")), [], where
        elif element.tag == "way":
            refs = [nd.get("ref", "") for nd in element.iter("nd")]
            ring = [nodes[ref] for ref in refs if ref in nodes]
            if len(ring) < len(refs):
                if tags.get("leisure") == "playground":
                    raise ImportFehler(f"{where}: Der Weg nennt Knoten, die nicht in der Datei stehen; exportieren "
                                       "Sie mit „(._;>;);“ (Overpass), damit die Knoten dabei sind.")
                continue
            yield osm_id, tags, _centroid(ring) if ring else None, ring if ring and ring[0] == ring[-1] else [], where
        else:
            yield osm_id, tags, None, [], where
