"""The Giftnotruf data ``wegweiser init`` puts on a new guide's emergency-numbers page (issue 29): one centre for
each of the 16 Länder, the one the Land has named, with a number that dials, and the starter page shows it."""

from __future__ import annotations

import datetime
import re

import jinja2
import phonenumbers
import pytest
import yaml

from wegweiser.core.resources import data_file
from wegweiser.hours.holiday_calendar import BUNDESLAENDER

PROJEKT = data_file("projekt")
# Which Länder share a centre, from the centres' and ministries' pages (see giftnotruf.yaml's sources): seven centres
# since the Saarland moved to Mainz on 2021-04-01 (Homburg closed) and Bayern has only München (Nürnberg closed 2014).
CENTRES = {
    "Freiburg": {"BW"},
    "München": {"BY"},
    "Berlin": {"BE", "BB"},
    "Göttingen": {"HB", "HH", "NI", "SH"},
    "Mainz": {"HE", "RP", "SL"},
    "Erfurt": {"MV", "SN", "ST", "TH"},
    "Bonn": {"NW"},
}
NUMBERS = {"Freiburg": "0761 19240", "München": "089 19240", "Berlin": "030 19240", "Göttingen": "0551 19240",
           "Mainz": "06131 19240", "Erfurt": "0361 730730", "Bonn": "0228 19240"}


@pytest.fixture(scope="module")
def giftnotruf() -> dict[str, dict[str, object]]:
    data = yaml.safe_load((PROJEKT / "giftnotruf.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_every_land_has_its_centre(giftnotruf: dict[str, dict[str, object]]) -> None:
    assert set(giftnotruf) == set(BUNDESLAENDER)
    served = {land: centre for centre, laender in CENTRES.items() for land in laender}
    for land, entry in giftnotruf.items():
        assert entry["ort"] == served[land], land
        assert entry["telefon"] == NUMBERS[served[land]], land


def test_entries_dial_and_name_their_source(giftnotruf: dict[str, dict[str, object]]) -> None:
    for land, entry in giftnotruf.items():
        assert set(entry) == {"name", "ort", "telefon", "tel", "quelle", "geprueft"}, land
        assert entry["tel"] == re.sub(r"\D", "", str(entry["telefon"])), land
        number = phonenumbers.parse(str(entry["tel"]), "DE")
        assert phonenumbers.is_valid_number(number), land
        assert str(entry["quelle"]).startswith(("https://", "http://")), land
        assert isinstance(entry["geprueft"], datetime.date), land


@pytest.mark.parametrize("land", ["NW", "SL", "TH"])
def test_starter_page_shows_the_lands_giftnotruf(land: str, giftnotruf: dict[str, dict[str, object]]) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PROJEKT / "seiten"), undefined=jinja2.StrictUndefined)
    page = env.get_template("notfallnummern.md.j2").render(
        bundesland=str(BUNDESLAENDER[land]), giftnotruf=giftnotruf[land], region="Musterstadt", stand="2026-12-07")
    entry = giftnotruf[land]
    assert f"[{entry['telefon']}](tel:{entry['tel']})" in page
    others = {str(e["tel"]) for e in giftnotruf.values()} - {str(entry["tel"])}
    assert not any(other in page for other in others)
    assert "Lindenberg" not in page and "NRW" not in page
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["rolle"] == "notfallnummern" and front["druck"] == "ja"
