"""Legal pages: Impressum, Datenschutz and Erklärung zur Barrierefreiheit always exist and are in every footer.

A page in ``content/seiten/`` with the slug (or the title) of a legal page is used as written. A missing one
is generated from ``site.yaml`` (publisher, address, e-mail, phone), with clearly marked placeholders
("Bitte ergänzen: …") for what only the editors can know, and ``check`` warns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wegweiser.content import Content
from wegweiser.katalog import N_, Texte, texte
from wegweiser.model import Seite, Site
from wegweiser.problems import Loc, Problems


@dataclass(frozen=True)
class Rechtsseite:
    slug: str
    titel: str
    reihenfolge: int
    kurz: str


# Titles and summaries are German msgids (N_ marks them for extraction); fehlende_seiten translates them.
RECHTSSEITEN = (
    Rechtsseite("impressum", N_("Impressum"), 900, N_("Wer diesen Familienwegweiser herausgibt und verantwortet.")),
    Rechtsseite("datenschutz", N_("Datenschutz"), 910,
                N_("Welche Daten beim Besuch dieser Website verarbeitet werden.")),
    Rechtsseite("barrierefreiheit", N_("Erklärung zur Barrierefreiheit"), 920,
                N_("Wie barrierefrei dieser Wegweiser ist und wie Sie uns Barrieren melden.")),
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


def _todo(words: Texte, what: str) -> str:
    text = _md(words.gettext("Bitte ergänzen: %(was)s", was=what))
    return f"**\\[{text}\\]**"


def _contact(site: Site | None, words: Texte) -> str:
    impressum = site.impressum if site else None
    if not impressum:
        return _todo(words, words.gettext("Herausgeber, Anschrift, E-Mail"))
    parts = [_md(impressum.herausgeber or ""), _lines(impressum.adresse or "")]
    if impressum.telefon:
        from wegweiser.render import tel_url

        label = _md(words.gettext("Telefon"))
        parts.append(f"{label}: [{_md(impressum.telefon)}]({tel_url(impressum.telefon)})")
    if impressum.email:
        label = _md(words.gettext("E-Mail"))
        parts.append(f"{label}: [{_md(impressum.email)}](mailto:{impressum.email})")
    return "  \n".join(p for p in parts if p)


def _with_todo(words: Texte, message: str, name: str, todo: str) -> str:
    """A translated sentence with a placeholder marker at ``%(name)s``: the sentence escaped, the marker not."""
    return todo.join(_md(part) for part in words.gettext(message, **{name: "\x00"}).split("\x00"))


_HAFTUNG = N_("Die Angaben in diesem Wegweiser stammen von den Anbietern und werden regelmäßig geprüft. Für "
              "Richtigkeit, Vollständigkeit und Aktualität können wir keine Gewähr übernehmen.")
_RECHTE = N_("Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung und "
             "Beschwerde bei der zuständigen Datenschutz-Aufsichtsbehörde.")
_DATENSCHUTZ_KURZ = (N_("Diese Website setzt keine Cookies und nutzt keine Analyse- oder Werbedienste."),
                     N_("Schriften, Programme und Suchindex liegen auf dem eigenen Server."),
                     N_("Die Altersauswahl wird nur in Ihrem Browser gespeichert (localStorage)."),
                     N_("Karten werden erst nach einem Klick auf „Karte anzeigen“ vom Kartendienst geladen."))


def _page(words: Texte, *sections: tuple[str, str]) -> str:
    """Markdown of (German heading msgid, body) pairs, the headings translated and escaped."""
    return "\n".join(f"## {_md(words.gettext(heading))}\n\n{body}\n" for heading, body in sections)


def _text(page: Rechtsseite, site: Site | None, words: Texte) -> str:
    """The page's Markdown in the language of ``words``: every sentence a German msgid, escaped as text."""
    def g(message: str) -> str:
        return _md(words.gettext(message))

    def todo(what: str) -> str:
        return _todo(words, what)

    contact = _contact(site, words)
    if page.slug == "impressum":
        responsible = (_md(site.impressum.verantwortlich) if site and site.impressum and site.impressum.verantwortlich
                       else todo(words.gettext("Name und Anschrift der verantwortlichen Person")))
        representative = todo(words.gettext("Name und Funktion der vertretungsberechtigten Person"))
        return _page(words, (N_("Herausgeber"), contact),
                     (N_("Vertreten durch"), representative),
                     (N_("Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV"), responsible),
                     (N_("Haftung für Inhalte"), g(_HAFTUNG)))
    if page.slug == "datenschutz":
        logs = todo(words.gettext("Welche Daten der Webserver protokolliert, wie lange und auf welcher "
                                  "Rechtsgrundlage"))
        officer = todo(words.gettext("Kontakt der oder des Datenschutzbeauftragten"))
        points = "\n".join(f"- {g(point)}" for point in _DATENSCHUTZ_KURZ)
        return _page(words, (N_("Das Wichtigste in Kürze"), points),
                     (N_("Verantwortliche Stelle"), contact),
                     (N_("Datenschutzbeauftragte"), officer),
                     (N_("Server-Protokolle"), logs),
                     (N_("Ihre Rechte"), g(_RECHTE)))
    compliance = _with_todo(words, N_("Diese Website ist mit den Anforderungen der WCAG 2.1 auf Stufe AA %(stand)s "
                                      "vereinbar."), "stand", todo(words.gettext("vollständig / teilweise")))
    created = _with_todo(words, N_("Diese Erklärung wurde am %(datum)s erstellt."), "datum",
                         todo(words.gettext("Datum")))
    feedback = g(N_("Sind Ihnen Barrieren aufgefallen? Schreiben Sie uns:"))
    return _page(words, (N_("Stand der Vereinbarkeit mit den Anforderungen"), compliance),
                 (N_("Nicht barrierefreie Inhalte"), todo(words.gettext("bekannte Barrieren"))),
                 (N_("Erstellung dieser Erklärung"), created),
                 (N_("Feedback und Kontakt"), f"{feedback}\n\n{contact}"),
                 (N_("Durchsetzungsverfahren"),
                  todo(words.gettext("Kontaktdaten der Schlichtungs- oder Ombudsstelle Ihres Landes"))))


def fehlende_seiten(content: Content, sprache: Texte | None = None) -> list[Seite]:
    """The legal pages the content lacks, generated from site.yaml in the language of ``sprache`` (German by
    default); linked in every footer."""
    words = sprache or texte()
    return [Seite(titel=words.gettext(r.titel), reihenfolge=r.reihenfolge, kurz=words.gettext(r.kurz),
                  fusszeile=True, slug=r.slug, text=_text(r, content.site, words),
                  source=content.site.source if content.site else "")
            for r in _missing(content)]


def check(content: Content, problems: Problems) -> None:
    """One warning per legal page the build has to generate."""
    for page in _missing(content):
        problems.warning(Loc("content/seiten/"),
                         f"Die Seite „{page.titel}“ fehlt: die Website erzeugt sie aus content/site.yaml, mit "
                         "Platzhaltern „Bitte ergänzen: …“.",
                         f"Legen Sie content/seiten/{page.slug}.md mit „fusszeile: ja“ an und füllen Sie die "
                         "Angaben vollständig aus.")
