"""Legal pages: Impressum, Datenschutz and Erklärung zur Barrierefreiheit always exist and are in every footer.

A page in ``content/seiten/`` with the slug (or the title) of a legal page is used as written. A missing one
is generated from ``site.yaml`` (publisher, address, e-mail, phone), with clearly marked placeholders
("Bitte ergänzen: …") for what only the editors can know, and ``check`` warns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wegweiser.content import Content
from wegweiser.model import Seite, Site
from wegweiser.problems import Loc, Problems


@dataclass(frozen=True)
class Rechtsseite:
    slug: str
    titel: str
    reihenfolge: int
    kurz: str


RECHTSSEITEN = (
    Rechtsseite("impressum", "Impressum", 900, "Wer diesen Familienwegweiser herausgibt und verantwortet."),
    Rechtsseite("datenschutz", "Datenschutz", 910, "Welche Daten beim Besuch dieser Website verarbeitet werden."),
    Rechtsseite("barrierefreiheit", "Erklärung zur Barrierefreiheit", 920,
                "Wie barrierefrei dieser Wegweiser ist und wie Sie uns Barrieren melden."),
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _md(text: str) -> str:
    """Site values as literal Markdown text: no formatting, no HTML (nh3 cleans the result as well)."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;").replace("<", "&lt;")


def _lines(text: str) -> str:
    return "  \n".join(_md(line.strip()) for line in text.strip().splitlines() if line.strip())


def _missing(content: Content) -> list[Rechtsseite]:
    present = {p.slug for p in content.seiten} | {p.titel.casefold() for p in content.seiten}
    return [r for r in RECHTSSEITEN if r.slug not in present and r.titel.casefold() not in present]


def _todo(what: str) -> str:
    return f"**[Bitte ergänzen: {what}]**"


def _contact(site: Site | None) -> str:
    impressum = site.impressum if site else None
    if not impressum:
        return _todo("Herausgeber, Anschrift, E-Mail")
    parts = [_md(impressum.herausgeber or ""), _lines(impressum.adresse or "")]
    if impressum.telefon:
        from wegweiser.render import tel_url

        parts.append(f"Telefon: [{_md(impressum.telefon)}]({tel_url(impressum.telefon)})")
    if impressum.email:
        parts.append(f"E-Mail: [{_md(impressum.email)}](mailto:{impressum.email})")
    return "  \n".join(p for p in parts if p)


def _text(page: Rechtsseite, site: Site | None) -> str:
    contact = _contact(site)
    if page.slug == "impressum":
        responsible = (_md(site.impressum.verantwortlich) if site and site.impressum and site.impressum.verantwortlich
                       else _todo("Name und Anschrift der verantwortlichen Person"))
        return (f"## Herausgeber\n\n{contact}\n\n"
                f"## Vertreten durch\n\n{_todo('Name und Funktion der vertretungsberechtigten Person')}\n\n"
                f"## Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV\n\n{responsible}\n\n"
                "## Haftung für Inhalte\n\nDie Angaben in diesem Wegweiser stammen von den Anbietern und werden "
                "regelmäßig geprüft. Für Richtigkeit, Vollständigkeit und Aktualität können wir keine Gewähr "
                "übernehmen.\n")
    if page.slug == "datenschutz":
        logs = _todo("Welche Daten der Webserver protokolliert, wie lange und auf welcher Rechtsgrundlage")
        return ("## Das Wichtigste in Kürze\n\n"
                "- Diese Website setzt keine Cookies und nutzt keine Analyse- oder Werbedienste.\n"
                "- Schriften, Programme und Suchindex liegen auf dem eigenen Server.\n"
                "- Die Altersauswahl wird nur in Ihrem Browser gespeichert (localStorage).\n"
                "- Karten werden erst nach einem Klick auf „Karte anzeigen“ vom Kartendienst geladen.\n\n"
                f"## Verantwortliche Stelle\n\n{contact}\n\n"
                f"## Datenschutzbeauftragte\n\n{_todo('Kontakt der oder des Datenschutzbeauftragten')}\n\n"
                f"## Server-Protokolle\n\n{logs}\n\n"
                "## Ihre Rechte\n\nSie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der "
                "Verarbeitung und Beschwerde bei der zuständigen Datenschutz-Aufsichtsbehörde.\n")
    return ("## Stand der Vereinbarkeit mit den Anforderungen\n\n"
            f"Diese Website ist mit den Anforderungen der WCAG 2.1 auf Stufe AA {_todo('vollständig / teilweise')} "
            "vereinbar.\n\n"
            f"## Nicht barrierefreie Inhalte\n\n{_todo('bekannte Barrieren')}\n\n"
            f"## Erstellung dieser Erklärung\n\nDiese Erklärung wurde am {_todo('Datum')} erstellt.\n\n"
            f"## Feedback und Kontakt\n\nSind Ihnen Barrieren aufgefallen? Schreiben Sie uns:\n\n{contact}\n\n"
            f"## Durchsetzungsverfahren\n\n{_todo('Kontaktdaten der Schlichtungs- oder Ombudsstelle Ihres Landes')}\n")


def fehlende_seiten(content: Content) -> list[Seite]:
    """The legal pages the content lacks, generated from site.yaml; linked in every footer."""
    return [Seite(titel=r.titel, reihenfolge=r.reihenfolge, kurz=r.kurz, fusszeile=True, slug=r.slug,
                  text=_text(r, content.site), source=content.site.source if content.site else "")
            for r in _missing(content)]


def check(content: Content, problems: Problems) -> None:
    """One warning per legal page the build has to generate."""
    for page in _missing(content):
        problems.warning(Loc("content/seiten/"),
                         f"Die Seite „{page.titel}“ fehlt: die Website erzeugt sie aus content/site.yaml, mit "
                         "Platzhaltern „Bitte ergänzen: …“.",
                         f"Legen Sie content/seiten/{page.slug}.md mit „fusszeile: ja“ an und füllen Sie die "
                         "Angaben vollständig aus.")
