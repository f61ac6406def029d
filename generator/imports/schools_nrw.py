"""Reading the NRW school master data (``schuldaten.csv`` of the Ministerium für Schule und Bildung NRW).

The official file starts with a line ``sep=;``, then the header: Schulnummer;Schulform;Schulbezeichnung_1;
Schulbezeichnung_2;Schulbezeichnung_3;Kurzbezeichnung;Bezirksregierung;PLZ;Ort;Strasse;Telefonvorwahl;Telefon;
Faxvorwahl;Fax;E-Mail;Homepage;Rechtsform;Traegernummer;Gemeindeschluessel;Schulbetriebsschluessel;
Schulbetriebsdatum;EPSG;UTMRechtswert;UTMHochwert. Coordinates are UTM zone 32 (ETRS89, EPSG:25832).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from pathlib import Path

from wegweiser.imports.records import Datensatz, Gelesen, Herkunft, ImportFehler, Value, clean

HERKUNFT = Herkunft("schulen-nrw", "Ministerium für Schule und Bildung NRW", "dl-de/by-2-0",
                    "https://www.govdata.de/dl-de/by-2-0")
NEEDED = ("Schulnummer", "Schulform", "Schulbezeichnung_1", "PLZ", "Ort", "Strasse")
# The official key list key_schulformschluessel of the ministry's open data.
SCHULFORMEN = {"02": "Grundschule", "04": "Hauptschule", "06": "Volksschule", "08": "Förderschule",
               "10": "Realschule", "13": "Primus-Schule", "14": "Sekundarschule", "15": "Gesamtschule",
               "16": "Gemeinschaftsschule", "17": "Waldorfschule", "18": "Hiberniaschule",
               "19": "Freie Waldorfförderschule", "20": "Gymnasium", "25": "Weiterbildungskolleg",
               "30": "Berufskolleg"}
_UTM = "EPSG:25832"


def decode(raw: bytes, shown: str, notes: list[str]) -> str:
    """UTF-8 (with or without byte-order mark) as the ministry publishes it; older downloads saved by Excel are
    Windows-1252, read as such with a note."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFehler(f"{shown}:{line}: Die Datei ist weder UTF-8 noch Windows-1252 (Byte "
                               f"0x{raw[exc.start]:02X}). Laden Sie schuldaten.csv noch einmal herunter, ohne sie "
                               "in Excel zu speichern.") from None
        notes.append(f"{shown}: nicht UTF-8 (ab Zeile {line}); als Windows-1252 gelesen.")
        return text


def utm_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """(lat, lon) of a point given in EPSG:25832."""
    from pyproj import Transformer

    transformer = Transformer.from_crs(_UTM, "EPSG:4326", always_xy=True)
    lon, lat = transformer.transform(easting, northing)
    return round(lat, 6), round(lon, 6)


def _rows(text: str, shown: str) -> tuple[int, list[str], csv.DictReader[str]]:
    """The separator, header and reader; the first line may be Excel's ``sep=;``."""
    lines = io.StringIO(text, newline="")
    first = lines.readline()
    offset = 1
    separator = ";"
    if first.lower().startswith("sep="):
        separator = first.strip()[4:5] or ";"
    else:
        lines.seek(0)
        offset = 0
    reader = csv.DictReader(lines, delimiter=separator)
    line = offset + 1
    try:
        header = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error as exc:  # a field longer than the csv module's limit (128 KiB)
        raise ImportFehler(f"{shown}:{line}: Die Kopfzeile lässt sich nicht lesen ({exc}).") from None
    reader.fieldnames = header
    if len(header) <= 1 and any(sep in "".join(header) for sep in ",\t"):
        raise ImportFehler(f"{shown}:{line}: Die Spalten sind nicht mit „;“ getrennt (gefunden: "
                           f"„{''.join(header)[:60]}“). Nehmen Sie die Datei schuldaten.csv so, wie das "
                           "Schulministerium sie veröffentlicht (erste Zeile „sep=;“).")
    missing = [name for name in NEEDED if name not in header]
    if missing:
        raise ImportFehler(f"{shown}:{line}: In der Kopfzeile fehlen die Spalten {', '.join(missing)}. Ist das die "
                           "Datei schuldaten.csv des Schulministeriums NRW?")
    return offset, header, reader


def read(path: Path, plz: Collection[str], numbers: Collection[str]) -> Gelesen:
    """The schools with a postcode in ``plz`` or a number in ``numbers`` (whichever is given)."""
    shown = path.name
    found = Gelesen(HERKUNFT)
    text = decode(path.read_bytes(), shown, found.hinweise)
    offset, _header, reader = _rows(text, shown)
    seen: set[str] = set()
    try:
        for row in reader:
            line = reader.line_num + offset
            if None in row:
                raise ImportFehler(f"{shown}:{line}: Die Zeile hat mehr Spalten als die Kopfzeile.")
            values = {key: (value or "").strip() for key, value in row.items()}
            number = values["Schulnummer"]
            if (numbers and number not in numbers) or (not numbers and values["PLZ"] not in plz):
                continue
            if number in seen:
                found.hinweise.append(f"{shown}:{line}: Schulnummer {number} steht zweimal in der Datei; die "
                                      "zweite Zeile wird nicht übernommen.")
                continue
            seen.add(number)
            record = _school(values, f"{shown}:{line}", found.hinweise)
            if record is not None:
                found.datensaetze.append(record)
    except csv.Error as exc:
        raise ImportFehler(f"{shown}:{reader.line_num + offset}: Die Zeile lässt sich nicht lesen ({exc}).") from None
    for number in sorted(set(numbers) - seen):
        found.hinweise.append(f"{shown}: Die Schulnummer {number} steht nicht in der Datei.")
    return found


def _school(values: dict[str, str], where: str, notes: list[str]) -> Datensatz | None:
    number = values["Schulnummer"]
    name = clean(" ".join(values.get(f"Schulbezeichnung_{n}", "") for n in (1, 2, 3)), where, "name", notes)
    if not name:
        notes.append(f"{where}: Schule {number} ohne Namen (Schulbezeichnung_1); nicht übernommen.")
        return None
    fields: dict[str, Value] = {"name": name, "schulnummer": number}
    form = values["Schulform"].zfill(2)
    if form in SCHULFORMEN:
        fields["schulform"] = SCHULFORMEN[form]
    else:
        notes.append(f"{where}: Der Schulform-Schlüssel „{values['Schulform']}“ ist unbekannt; „schulform“ bleibt "
                     "leer.")
    for key, column in (("adresse.strasse", "Strasse"), ("adresse.plz", "PLZ"), ("adresse.ort", "Ort"),
                        ("email", "E-Mail")):
        if values.get(column):
            fields[key] = clean(values[column], where, key, notes)
    phone = " ".join(part for part in (values.get("Telefonvorwahl", ""), values.get("Telefon", "")) if part)
    if phone:
        fields["telefon"] = clean(phone, where, "telefon", notes)
    web = clean(values.get("Homepage", ""), where, "web", notes)
    if web:
        fields["web"] = web if "://" in web else "http://" + web
    geo = _geo(values, where, notes)
    if geo is not None:
        fields["geo"] = {"lat": geo[0], "lon": geo[1]}
    return Datensatz(number, "schulen", fields, where, plz=values["PLZ"] or None, geo=geo)


def _geo(values: dict[str, str], where: str, notes: list[str]) -> tuple[float, float] | None:
    east, north = values.get("UTMRechtswert", ""), values.get("UTMHochwert", "")
    if not east or not north:
        return None
    system = values.get("EPSG", "") or _UTM
    if system not in (_UTM, "null"):  # "null" occurs in the file for schools in EPSG:25832
        notes.append(f"{where}: Koordinaten in „{system}“ statt {_UTM}; „geo“ bleibt leer.")
        return None
    try:
        east_m, north_m = float(east.replace(",", ".")), float(north.replace(",", "."))
    except ValueError:
        notes.append(f"{where}: Die Koordinaten „{east}“/„{north}“ sind keine Zahlen; „geo“ bleibt leer.")
        return None
    if not (100_000 <= east_m <= 900_000 and 4_000_000 <= north_m <= 9_400_000):  # EPSG:25832's area of use
        notes.append(f"{where}: Die Koordinaten {east}/{north} liegen nicht in UTM-Zone 32; „geo“ bleibt leer.")
        return None
    return utm_to_wgs84(east_m, north_m)
