"""Reading another network's Open Referral export (HSDS 3.0) in the ORUK shape of a static API:
``index.json`` (version, licence), ``services/index.json`` (a page of services: total_pages, contents, …) and
``services/<id>.json`` (a full service as schema/compiled/service.json of openreferral/specification describes it).

Further pages are read from ``services/page-<n>.json`` (as ``opendata.publish`` writes them) or
``services/index-<n>.json``; every ``services/<id>.json`` beside them counts too, so a differently paged export still
reads completely. A single file with a service list (``contents``) or one service works as well.

An export of another Familienwegweiser (``opendata.hsds``) is read back exactly: ``hsds_felder`` reads what it puts
into the attributes „Familienwegweiser-Felder“ and „Themen“ and the machine forms of accessibility and opening
hours."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from wegweiser.core.problems import Loc, Problems
from wegweiser.imports import hsds_felder
from wegweiser.imports.records import Datensatz, Gelesen, Herkunft, ImportFehler, Value, clean, read_json
from wegweiser.model.entries import ENTRY_TYPES
from wegweiser.model.fields import INVALID, check_markdown

_DAYS = {"MO": "Mo", "TU": "Tu", "WE": "We", "TH": "Th", "FR": "Fr", "SA": "Sa", "SU": "Su"}
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_KURZ = 300
# Words a taxonomy term or attribute may carry for an entry type (the type folders and the kinds' names).
_TYPE_WORDS = {**{typ: typ for typ in ENTRY_TYPES},
               **{cls.kind.singular.lower(): typ for typ, cls in ENTRY_TYPES.items()},
               **{cls.kind.label.lower(): typ for typ, cls in ENTRY_TYPES.items()}}


def _load(path: Path, root: Path) -> object:
    return read_json(path, path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name)


def herkunft(root: Path, lizenz: str | None, lizenz_url: str | None) -> Herkunft:
    """The licence from the export's ``index.json`` (license/licence/lizenz, text or {name, url}) or its
    ``datapackage.json`` (licenses); else the one given on the command line; else a German error."""
    name, found, url = root.name, None, None
    for candidate in (root / "index.json", root / "datapackage.json"):
        data = _load(candidate, root) if candidate.is_file() else None
        if not isinstance(data, dict):
            continue
        for key in ("publisher", "title", "name"):
            value = data.get(key)
            if isinstance(value, dict):
                value = value.get("name")
            if isinstance(value, str) and value.strip():
                name = value.strip()
                break
        licence = next((data[k] for k in ("license", "licence", "lizenz", "licenses") if k in data), None)
        if isinstance(licence, list) and licence:
            licence = licence[0]
        if isinstance(licence, dict):
            url = next((str(licence[k]) for k in ("url", "path", "uri") if isinstance(licence.get(k), str)), None)
            licence = licence.get("title") or licence.get("name")
        if isinstance(licence, str) and licence.strip():
            found = licence.strip()
            break
    if lizenz:
        found, url = lizenz, lizenz_url or None
    if not found:
        raise ImportFehler(f"{root.name}: Der Export nennt keine Lizenz (index.json „license“ oder datapackage.json "
                           "„licenses“). Fragen Sie das andere Netzwerk und geben Sie sie an, z. B. "
                           "--lizenz \"CC BY 4.0\" --lizenz-url https://creativecommons.org/licenses/by/4.0/")
    return Herkunft("hsds", name[:200], found[:120], url)


def services(source: Path) -> tuple[Path, list[tuple[dict[str, object], str]]]:
    """The export's folder and its full service objects with where each was read."""
    if source.is_file():
        data = _load(source, source.parent)
        items = data.get("contents") if isinstance(data, dict) and "contents" in data else [data]
        if not isinstance(items, list):
            raise ImportFehler(f"{source.name}: „contents“ ist keine Liste von Angeboten (HSDS).")
        return source.parent, [(_service(item, source.name), source.name) for item in items]
    folder = source / "services"
    listing = folder / "index.json"
    if not listing.is_file():
        raise ImportFehler(f"{source}: Hier fehlt „services/index.json“. Geben Sie den Ordner eines HSDS-Exports an "
                           "(z. B. daten/hsds einer anderen Wegweiser-Website).")
    found: dict[str, tuple[dict[str, object], str]] = {}
    page: object = _load(listing, source)
    number = 1
    while True:
        shown = f"services/{listing.name}"
        if not isinstance(page, dict) or not isinstance(page.get("contents"), list):
            raise ImportFehler(f"{shown}: Keine Seite einer HSDS-Liste (es fehlt „contents“ mit den Angeboten).")
        for item in page["contents"]:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                full = folder / f"{_safe_id(item['id'], shown)}.json"
                where = f"services/{full.name}" if full.is_file() else shown
                found[item["id"]] = (_service(_load(full, source) if full.is_file() else item, where), where)
        total = page.get("total_pages")
        number += 1
        if not isinstance(total, int) or number > total:
            break
        listing = next((p for p in (folder / f"page-{number}.json", folder / f"index-{number}.json")
                        if p.is_file()), folder / f"page-{number}.json")
        if not listing.is_file():
            raise ImportFehler(f"services/index.json: Seite {number} von {total} fehlt (services/page-{number}.json "
                               f"oder services/index-{number}.json).")
        page = _load(listing, source)
    for path in sorted(folder.glob("*.json")):
        if path.stem not in found and not path.stem.startswith(("index", "page-")):
            found[path.stem] = (_service(_load(path, source), f"services/{path.name}"), f"services/{path.name}")
    return source, list(found.values())


def _safe_id(value: str, shown: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,200}", value) or value.startswith("."):
        raise ImportFehler(f"{shown}: Die Kennung „{value[:60]}“ taugt nicht als Dateiname.")
    return value


def _service(data: object, shown: str) -> dict[str, object]:
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("name"), str):
        raise ImportFehler(f"{shown}: Kein HSDS-Angebot (es fehlen „id“ und „name“, die HSDS 3.0 verlangt).")
    return data


def read(source: Path, lizenz: str | None, lizenz_url: str | None) -> Gelesen:
    root, items = services(source)
    found = Gelesen(herkunft(root, lizenz, lizenz_url))
    publisher = _publisher(root)
    for service, where in items:
        status = service.get("status", "active")
        if status != "active":
            found.hinweise.append(f"{where}: „{service['name']}“ hat den Status „{status}“; nicht übernommen.")
            continue
        found.datensaetze.append(_entry(service, where, found.hinweise, publisher))
    return found


def _publisher(root: Path) -> str | None:
    """The publisher's name in ``index.json``: our export's services without a Träger belong to it."""
    data = _load(root / "index.json", root) if (root / "index.json").is_file() else None
    named = data.get("publisher") if isinstance(data, dict) else None
    name = named.get("name") if isinstance(named, dict) else None
    return name.strip() if isinstance(name, str) else None


def _dicts(value: object) -> list[dict[str, object]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(data: dict[str, object], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _entry(service: dict[str, object], where: str, notes: list[str], publisher: str | None) -> Datensatz:
    """One service as an entry. A service from another Familienwegweiser (its attributes „Familienwegweiser-Felder“
    say its entry type) is read back exactly (``hsds_felder``); any other by the generic HSDS fields."""
    felder = hsds_felder.attributes(service)
    fields: dict[str, Value] = {"name": clean(service["name"], where, "name", notes)[:120]}
    typ = str(felder.werte["eintragsart"]) if felder.ours else _type(service)
    if typ == "termine":
        typ = "angebote"  # not exported by us; a foreign word for it still has no dates
    description = clean(_text(service, "description"), where, "beschreibung", notes, multiline=True)
    if felder.ours:
        _description(felder, description, fields)
    elif description and len(description) <= _KURZ and "\n" not in description:
        fields["kurz"] = description
    elif description:
        fields["beschreibung"] = description.replace("<", "&lt;")  # text, not HTML
    for key, hsds in (("web", "url"), ("email", "email"), ("anmeldung", "application_process")):
        if _text(service, hsds) and not (felder.ours and key == "web"):  # ours: url is the guide's page
            fields[key] = clean(_text(service, hsds), where, key, notes)
    organization = service.get("organization")
    if isinstance(organization, dict) and _text(organization, "name") and \
            not (felder.ours and _text(organization, "name") == publisher):  # ours: no Träger → the publisher
        fields["traeger"] = clean(_text(organization, "name"), where, "traeger", notes)
    ages = {k: float(v) for k, v in (("von", service.get("minimum_age")), ("bis", service.get("maximum_age")))
            if isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 99}
    if ages and not ("von" in ages and "bis" in ages and ages["von"] > ages["bis"]):
        fields["alter"] = ages
    languages = [str(lang["code"]).lower() for lang in _dicts(service.get("languages"))
                 if isinstance(lang.get("code"), str) and re.fullmatch(r"[a-zA-Z]{2}", str(lang["code"]))]
    if languages:
        fields["sprachen"] = list(dict.fromkeys(languages))
    kosten = _text(service, "fees_description") if felder.ours else _costs(service)
    if kosten:
        fields["kosten"] = clean(kosten, where, "kosten", notes)
    links = _dicts(service.get("service_at_locations"))
    places = [loc for loc in (sal.get("location") for sal in links) if isinstance(loc, dict)]
    if len(places) > 1:
        notes.append(f"{where}: „{fields['name']}“ hat {len(places)} Orte; übernommen wird der erste.")
    plz, geo = _location(places[0] if places else {}, fields, where, notes, felder.ours)
    phones = _dicts(service.get("phones")) + [p for loc in places[:1] for p in _dicts(loc.get("phones"))]
    number = next((_text(p, "number") for p in phones if _text(p, "number")), "")
    if number:
        fields["telefon"] = clean(number.strip('"'), where, "telefon", notes)
    rows = _dicts(service.get("schedules")) + [s for sal in links[:1] for s in _dicts(sal.get("schedules"))] + \
        [s for loc in places[:1] for s in _dicts(loc.get("schedules"))]
    exact, words, rows = hsds_felder.opening_hours(rows) if felder.ours else (None, None, rows)
    hours, times = _schedules(rows)
    if exact or hours:
        fields["oeffnungszeiten"] = exact or hours
    if words or times:
        fields["zeiten"] = clean(" ".join(t for t in (words, times) if t), where, "zeiten", notes)
    record = Datensatz(str(service["id"]), typ, fields, where, plz=plz, geo=geo, stand=_date(service))
    if felder.ours:
        fields.update(hsds_felder.fields(felder, typ, where, notes))
        record.bereich, record.kuerzel = hsds_felder.place(felder)
        record.quelle = hsds_felder.quelle(felder)
    return record


def _description(felder: hsds_felder.Felder, description: str, fields: dict[str, Value]) -> None:
    """Our description is ``kurz`` + blank line + ``beschreibung`` (Markdown as written), ``kurz`` also an
    attribute. The Markdown stays as it is where the model accepts it (the site sanitises Markdown with nh3);
    HTML the model refuses (a script) stays as visible text."""
    kurz = felder.werte.get("kurz", "").strip()
    body = description[len(kurz):].strip() if kurz and description.startswith(kurz) else description
    if body:
        fields["beschreibung"] = body if check_markdown(body, lambda _: Loc(""), Problems()) is not INVALID \
            else body.replace("<", "&lt;")


def _date(service: dict[str, object]) -> date | None:
    """``assured_date`` (when the source last checked the service), if it is a date."""
    try:
        return date.fromisoformat(_text(service, "assured_date"))
    except ValueError:
        return None


def _type(service: dict[str, object]) -> str:
    """The entry type a taxonomy term or attribute names (code or name: kitas, Kita, …); else Angebot. A Termin
    needs dates HSDS does not carry: it becomes an Angebot too."""
    terms = [a.get("taxonomy_term") for a in _dicts(service.get("attributes"))]
    terms += _dicts(service.get("taxonomy_terms"))
    for term in terms:
        if not isinstance(term, dict):
            continue
        for key in ("code", "name"):
            typ = _TYPE_WORDS.get(_text(term, key).lower())
            if typ is not None and typ != "termine":
                return typ
    return "angebote"


def _costs(service: dict[str, object]) -> str:
    options = _dicts(service.get("cost_options"))
    if any(option.get("amount") == 0 for option in options):
        return "kostenlos"
    fees = _text(service, "fees_description")
    if fees:
        return fees
    parts = [" ".join(str(option[k]) for k in ("option", "amount", "currency", "amount_description")
                      if option.get(k) not in (None, "")) for option in options]
    return "; ".join(part for part in parts if part)


def _location(place: dict[str, object], fields: dict[str, Value], where: str, notes: list[str],
              ours: bool) -> tuple[str | None, tuple[float, float] | None]:
    address = next(iter(_dicts(place.get("addresses"))), {})
    for key, hsds in (("adresse.strasse", "address_1"), ("adresse.plz", "postal_code"), ("adresse.ort", "city")):
        if _text(address, hsds):
            fields[key] = clean(_text(address, hsds), where, key, notes)
    lat, lon = place.get("latitude"), place.get("longitude")
    geo = None
    if isinstance(lat, int | float) and isinstance(lon, int | float) and -90 <= lat <= 90 and -180 <= lon <= 180:
        geo = (float(lat), float(lon))
        fields["geo"] = {"lat": geo[0], "lon": geo[1]}
    rows = _dicts(place.get("accessibility"))
    if ours:
        facts, rows = hsds_felder.access(rows)
        fields.update({k: clean(v, where, k, notes) if isinstance(v, str) else v for k, v in facts.items()})
    access = [clean(_text(a, "description"), where, "barrierefrei", notes) for a in rows if _text(a, "description")]
    if access:
        fields["barrierefrei"] = " ".join(access)
    plz = _text(address, "postal_code") or None
    return plz, geo


def _schedules(schedules: list[dict[str, object]]) -> tuple[str, str]:
    """Weekly opening times as OSM opening hours where HSDS says them exactly (freq WEEKLY, byday, opens_at,
    closes_at); descriptions of the rest as words."""
    rules, words = [], []
    for schedule in schedules:
        days = [_DAYS.get(day.strip().upper()[-2:]) for day in _text(schedule, "byday").split(",") if day.strip()]
        opens, closes = _TIME.match(_text(schedule, "opens_at")), _TIME.match(_text(schedule, "closes_at"))
        if _text(schedule, "freq").upper() == "WEEKLY" and days and None not in days and opens and closes:
            rules.append(f"{','.join(d for d in days if d)} {opens[0]}-{closes[0]}")
        elif _text(schedule, "description"):
            words.append(_text(schedule, "description"))
    return "; ".join(rules), " ".join(words)
