""""Mein Kind" in Chromium (issue 28): the dates the page computes from a birth date against an independent
computation, no request carries the date, the .ics the browser writes parses, phones and Arabic."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest
from lxml import html as lxml_html
from meinkind_expected import birth_dates, expected

from conftest import TODAY, serve_folder

ROOT = Path(__file__).resolve().parent
SPRACHEN = ROOT / "fixtures" / "sprachen"
BIRTH = "2025-03-10"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wegweiser.site.build import build_site

    project = tmp_path_factory.mktemp("meinkind") / "projekt"
    shutil.copytree(SPRACHEN, project)
    out = project.parent / "site"
    build_site(project, out, TODAY)
    return out


@pytest.fixture(scope="module")
def origin(site: Path) -> Iterator[str]:
    yield from serve_folder(site)


def test_every_language_has_the_page_linked_from_home(site: Path) -> None:
    for prefix in ("", "leicht/", "en/", "ar/"):
        page = lxml_html.parse(str(site / prefix / "mein-kind" / "index.html")).getroot()
        assert page.xpath("//div[@class='ww-meinkind']"), prefix
        rows = page.xpath("//li[@data-regel]/@data-regel")
        assert rows[:10] == ["u2", "u3", "u4", "u5", "u6", "u7", "u7a", "u8", "u9", "j1"]
        assert {"geburtsanzeige", "elterngeld", "kindergeld", "kindernachversicherung", "kita"} <= set(rows)
        home = lxml_html.parse(str(site / prefix / "index.html")).getroot()
        assert "mein-kind/" in home.xpath("//a/@href"), prefix
        # no script or style from another host
        assert not [s for s in page.xpath("//script/@src|//link[@rel='stylesheet']/@href") if s.startswith(("http:", "https:", "//"))]
    de = lxml_html.parse(str(site / "mein-kind" / "index.html")).getroot()
    u7 = de.xpath("//li[@data-regel='u7']")[0].text_content()
    assert "21.–24. Lebensmonat" in u7 and "20.–27. Lebensmonat" in u7  # § 2 Kinder-Richtlinie, as ages
    kita = de.xpath("//li[@data-regel='kita']")[0]
    assert any("recht.nrw.de" in href for href in kita.xpath(".//a/@href"))  # the fixture is in NW: KiBiz § 5


def test_the_embedded_data_cannot_close_its_script(site: Path) -> None:
    text = (site / "mein-kind" / "index.html").read_text(encoding="utf-8")
    start = text.index('id="ww-meinkind-daten">')
    body = text[start:text.index("</script>", start)]
    assert "<" not in body.split(">", 1)[1]  # names with "</script>" are escaped as \u003c


def test_dates_ics_and_privacy_in_chromium(browser: Any, origin: str, tmp_path: Path) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.url} {r.post_data or ''} {r.headers.get('referer', '')}"))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{origin}/mein-kind/#geburt={BIRTH}")
    page.wait_for_function("document.querySelector('[data-regel=u2] [data-feld=zeitraum]').dataset.iso")
    assert page.input_value("#ww-geburt") == BIRTH
    shown = page.eval_on_selector("[data-regel=u9] [data-feld=zeitraum]", "e => e.dataset.iso")
    assert shown == "2030-02-10/2030-07-09"  # the known answer, as the page shows it
    assert page.eval_on_selector("[data-regel=u3] [data-feld=zeitraum]", "e => e.dataset.iso") == "2025-03-31/2025-04-13"
    dates = [date(2025, 3, 10), *birth_dates()]
    computed = page.evaluate("""(dates) => {
        const data = JSON.parse(document.getElementById('ww-meinkind-daten').textContent);
        const m = window.wegweiserMeinKind;
        return dates.map((d) => Object.fromEntries(m.compute(data, m.parseIso(d)).map((i) => [i.id,
            (i.von ? [i.von, i.bis, i.toleranzVon, i.toleranzBis] : [i.bis]).map(m.iso)])));
    }""", [d.isoformat() for d in dates])
    for birth, found in zip(dates, computed, strict=True):
        want = {key: [d.isoformat() for d in value] for key, value in expected(birth).items()}
        assert found == want, birth
    # remembered only when asked; forgotten on request
    assert page.evaluate("localStorage.getItem('ww-mein-kind')") is None
    page.check("#ww-merken")
    assert BIRTH in page.evaluate("localStorage.getItem('ww-mein-kind')")
    with page.expect_download() as download:
        page.click(".ww-meinkind__ics")
    path = tmp_path / "mein-kind.ics"
    download.value.save_as(path)
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert f"u2-{BIRTH}@mein-kind.familienwegweiser" in events  # stable: rule id + birth date
    u2 = events[f"u2-{BIRTH}@mein-kind.familienwegweiser"]
    assert u2.decoded("DTSTART") == date(2025, 3, 12) and u2.decoded("DTEND") == date(2025, 3, 20)  # all day
    assert all("DTSTAMP" in e for e in events.values())
    assert len(events) == 10 + 4 + 1  # U2-U9, J1; four deadlines with a date; the Kita report (NW)
    page.click(".ww-meinkind__vergessen")
    assert page.evaluate("localStorage.getItem('ww-mein-kind')") is None
    assert page.input_value("#ww-geburt") == ""
    assert errors == []
    leaked = [r for r in requests if BIRTH in r or BIRTH.replace("-", "") in r or "10.03.2025" in r]
    assert leaked == []
    context.close()


def test_arabic_on_a_phone(browser: Any, origin: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(f"{origin}/ar/mein-kind/#geburt={BIRTH}")
    page.wait_for_function("document.querySelector('[data-regel=u2] [data-feld=zeitraum]').dataset.iso")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    text = page.inner_text("[data-regel=u2] [data-feld=zeitraum]")
    assert "\u200f" not in text and "2025" in text  # the dates are an isolated left-to-right run
    page.close()
