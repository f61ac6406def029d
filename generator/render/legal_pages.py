"""Legal pages: Impressum, Datenschutz and Erklärung zur Barrierefreiheit always exist and are in every footer.

A page in ``content/seiten/`` with the slug (or the title) of a legal page is used as written. A missing one
is generated from ``site.yaml`` (publisher, address, e-mail, phone), with clearly marked placeholders
("Bitte ergänzen: …") for what only the editors can know, and ``check`` warns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from wegweiser.content.records import Content
from wegweiser.core.problems import Loc, Problems
from wegweiser.i18n.catalogue import N_, Texte, texte
from wegweiser.model.entries import Seite, Site
from wegweiser.render.links import tel_url


@dataclass(frozen=True)
class Rechtsseite:
    slug: str
    titel: str  # German msgid; also what a page in content/seiten/ may be called instead
    reihenfolge: int
    kurz: str


RECHTSSEITEN = (
    Rechtsseite("impressum", N_("Impressum"), 900, N_("Wer diesen Familienwegweiser herausgibt und verantwortet.")),
    Rechtsseite("datenschutz", N_("Datenschutz"), 910,
                N_("Welche Daten beim Besuch dieser Website verarbeitet werden.")),
    Rechtsseite("barrierefreiheit", N_("Erklärung zur Barrierefreiheit"), 920,
                N_("Wie barrierefrei dieser Wegweiser ist und wie Sie uns Barrieren melden.")),
)

# What editors replace; `check` warns while it stands in a page (validate.PLACEHOLDER).
PLACEHOLDER = "Bitte ergänzen"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def markdown_literal(text: str) -> str:
    """Site values as literal Markdown text: no formatting, no HTML (nh3 cleans the result as well)."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;").replace("<", "&lt;")


def _lines(text: str) -> str:
    return "  \n".join(markdown_literal(line.strip()) for line in text.strip().splitlines() if line.strip())


def _missing(content: Content) -> list[Rechtsseite]:
    present = {p.slug for p in content.seiten} | {p.titel.casefold() for p in content.seiten}
    return [r for r in RECHTSSEITEN if r.slug not in present and r.titel.casefold() not in present]


def rolle(seite: Seite) -> Rechtsseite | None:
    """The legal page a page of content/seiten/ is (by its slug or its title, as ``_missing`` finds them)."""
    return next((r for r in RECHTSSEITEN if seite.slug == r.slug or seite.titel.casefold() == r.titel.casefold()),
                None)


def katalogtitel(seite: Seite, words: Texte) -> str | None:
    """The title a legal page has in the catalogue of ``words``' language ("Imprint", "بيانات الناشر"), for the
    navigation and the heading where the page itself is not translated; None for other pages, or when the
    catalogue lacks that language's word."""
    found = rolle(seite)
    return words.gettext(found.titel) if found is not None and words.hat(found.titel) else None


def _todo(what: str) -> str:
    # For the editors, in their language in every edition: ``check`` and editors search for "Bitte ergänzen".
    return f"**[{PLACEHOLDER}: {what}]**"


def _contact(site: Site | None, words: Texte) -> str:
    impressum = site.impressum if site else None
    if not impressum:
        return _todo("Herausgeber, Anschrift, E-Mail")
    parts = [markdown_literal(impressum.herausgeber or ""), _lines(impressum.adresse or "")]
    if impressum.telefon:
        phone = markdown_literal(impressum.telefon)
        parts.append(f"{words.gettext('Telefon')}: [{phone}]({tel_url(impressum.telefon)})")
    if impressum.email:
        parts.append(f"{words.gettext('E-Mail')}: [{markdown_literal(impressum.email)}](mailto:{impressum.email})")
    return "  \n".join(p for p in parts if p)


def _section(heading: str, *paragraphs: str) -> str:
    return f"## {heading}\n\n" + "\n\n".join(paragraphs) + "\n"


def _text(page: Rechtsseite, site: Site | None, words: Texte) -> str:
    """The page's Markdown: headings and sentences from the catalogue (one msgid each, so that a translator
    sees whole statements), the site's values escaped, the placeholders for the editors in German."""
    _ = words.gettext
    contact = _contact(site, words)
    if page.slug == "impressum":
        named = site.impressum.verantwortlich if site and site.impressum else None
        responsible = (markdown_literal(named) if named
                       else _todo("Name und Anschrift der verantwortlichen Person"))
        return "\n".join([
            _section(_("Herausgeber"), contact),
            _section(_("Vertreten durch"), _todo("Name und Funktion der vertretungsberechtigten Person")),
            _section(_("Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV"), responsible),
            _section(_("Haftung für Inhalte"),
                     _("Die Angaben in diesem Wegweiser stammen von den Anbietern und werden regelmäßig geprüft. "
                       "Für Richtigkeit, Vollständigkeit und Aktualität können wir keine Gewähr übernehmen.")),
        ])
    if page.slug == "datenschutz":
        logs = _todo("Welche Daten der Webserver protokolliert, wie lange und auf welcher Rechtsgrundlage")
        points = [
            _("Diese Website setzt keine Cookies und nutzt keine Analyse- oder Werbedienste."),
            _("Schriften, Programme und Suchindex liegen auf dem eigenen Server."),
            _("Die Altersauswahl wird nur in Ihrem Browser gespeichert (localStorage)."),
            _("Karten werden erst nach einem Klick auf „Karte anzeigen“ vom Kartendienst geladen."),
        ]
        return "\n".join([
            _section(_("Das Wichtigste in Kürze"), "\n".join(f"- {point}" for point in points)),
            _section(_("Verantwortliche Stelle"), contact),
            _section(_("Datenschutzbeauftragte"), _todo("Kontakt der oder des Datenschutzbeauftragten")),
            _section(_("Server-Protokolle"), logs),
            _section(_("Ihre Rechte"),
                     _("Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung "
                       "und Beschwerde bei der zuständigen Datenschutz-Aufsichtsbehörde.")),
        ])
    return "\n".join([
        _section(_("Stand der Vereinbarkeit mit den Anforderungen"),
                 _("Diese Website ist mit den Anforderungen der WCAG 2.1 auf Stufe AA %(stand)s vereinbar.",
                   stand=_todo("vollständig / teilweise"))),
        _section(_("Nicht barrierefreie Inhalte"), _todo("bekannte Barrieren")),
        _section(_("Erstellung dieser Erklärung"),
                 _("Diese Erklärung wurde am %(datum)s erstellt.", datum=_todo("Datum"))),
        _section(_("Feedback und Kontakt"), _("Sind Ihnen Barrieren aufgefallen? Schreiben Sie uns:"), contact),
        _section(_("Durchsetzungsverfahren"), _todo("Kontaktdaten der Schlichtungs- oder Ombudsstelle Ihres Landes")),
    ])


def fehlende_seiten(content: Content, sprache: Texte | None = None) -> list[Seite]:
    """The legal pages the content lacks, generated from site.yaml in the page's language; in every footer."""
    words = sprache or texte()
    return [Seite(titel=words.gettext(r.titel), reihenfolge=r.reihenfolge, kurz=words.gettext(r.kurz),
                  fusszeile=True, slug=r.slug, text=_text(r, content.site, words),
                  source=content.site.source if content.site else "")
            for r in _missing(content)]


def page_file(page: Rechtsseite, site: Site, words: Texte) -> str:
    """The page as a file of content/seiten/ (front matter and Markdown), for ``wegweiser init``: the same text the
    build would generate, now the editors' to complete; ``check`` warns while a placeholder stands in it."""
    front = yaml.safe_dump({"titel": words.gettext(page.titel), "reihenfolge": page.reihenfolge, "fusszeile": True,
                            "kurz": words.gettext(page.kurz)}, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n{_text(page, site, words)}"


def check(content: Content, problems: Problems) -> None:
    """One warning per legal page the build has to generate."""
    for page in _missing(content):
        problems.warning(Loc("content/seiten/"),
                         f"Die Seite „{page.titel}“ fehlt: die Website erzeugt sie aus content/site.yaml, mit "
                         "Platzhaltern „Bitte ergänzen: …“.",
                         f"Legen Sie content/seiten/{page.slug}.md mit „fusszeile: ja“ an und füllen Sie die "
                         "Angaben vollständig aus.")
