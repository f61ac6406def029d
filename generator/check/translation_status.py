"""How far each language is translated: counts per kind (entries, pages, quarters) for ``check`` and the
preview."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel.messages.pofile import read_po

from wegweiser.content.language_versions import status
from wegweiser.content.records import Content, Status, Uebersetzung
from wegweiser.content.translation_files import geaendert, originale, quelle
from wegweiser.core.problems import Loc
from wegweiser.i18n.catalogue import DOMAIN, LOCALE_DIR, Texte, po_path, texte
from wegweiser.i18n.languages import UEBERSETZBAR, VORLAGE, Sprache, sprachen
from wegweiser.model.entries import Eintrag, Kategorie, Quartier, Seite
from wegweiser.render import legal_pages, urls


@dataclass
class Stand:
    """Counts of one language: per art (eintrag, seite, quartier, …) how many are translated, missing, outdated."""

    sprache: Sprache
    zahlen: dict[str, dict[Status, int]]
    veraltet: list[Uebersetzung]


GEZAEHLT = ("eintrag", "seite", "quartier")


def stand(content: Content) -> list[Stand]:
    """Per language other than the main one: the translation status of entries, pages and quarters (and of
    categories and the site texts, not printed), with the outdated translations in file order."""
    if content.site is None:
        return []
    result = []
    objects = originale(content)
    for sprache in sprachen(content.site.sprachen)[1:]:
        zahlen: dict[str, dict[Status, int]] = {art: {"uebersetzt": 0, "fehlt": 0, "veraltet": 0}
                                                for art in UEBERSETZBAR}
        veraltet = []
        for (art, key), obj in objects.items():
            state = status(content, art, key, sprache.code, obj)
            zahlen[art][state] += 1
            if state == "veraltet":
                veraltet.append(content.uebersetzungen[art, key, sprache.code])
        veraltet.sort(key=lambda u: (u.source, u.loc))
        result.append(Stand(sprache, zahlen, veraltet))
    return result


def _zahlen(zahlen: dict[Status, int]) -> str:
    missing = zahlen["fehlt"]
    return (f"{zahlen['uebersetzt']} übersetzt, {missing} {'fehlt' if missing == 1 else 'fehlen'}, "
            f"{zahlen['veraltet']} veraltet")


@dataclass(frozen=True)
class Rueckfall:
    """A text of a language's chrome (title bar, navigation, footer) that its pages show in the main language."""

    wo: str  # "Navigation", "Fußzeile", "Titel der Website", "Programm"
    text: str
    grund: str  # why, located: "content/seiten/fruehe-hilfen.md:2:8 hat keine Übersetzung ar"


def _translated(content: Content, art: str, key: str, code: str, feld: str) -> bool:
    uebersetzung = content.uebersetzungen.get((art, key, code))
    return uebersetzung is not None and feld in uebersetzung.texte


def _where(loc: Loc | None, source: str) -> str:
    return str(loc) if loc is not None else source


def rueckfaelle(content: Content, sprache: Sprache) -> list[Rueckfall]:
    """What of the chrome ``sprache``'s pages show in the main language: the site's title, the titles of the pages
    in the navigation and the footer (a legal page's title comes from the catalogue), and the program's own
    words its catalogue lacks. The same rules as the pages' (``PageBuilder.general_pages``)."""
    words = texte(sprache)
    found: list[Rueckfall] = []
    site = content.site
    if site is not None and not _translated(content, "site", "site", sprache.code, "titel"):
        found.append(Rueckfall("Titel der Website", site.titel,
                               f"{_where(site.locs.get('titel'), site.source)} hat keine Übersetzung {sprache.code}"))
    for page in sorted(content.seiten, key=lambda p: (p.reihenfolge, p.titel)):
        found.extend(_page_fallback(content, page, sprache, words))
    present = {p.slug for p in content.seiten}
    for legal in legal_pages.RECHTSSEITEN:  # generated where the content lacks them, titled from the catalogue
        if legal.slug not in present and not any(legal_pages.rolle(p) is legal for p in content.seiten) \
                and not words.hat(legal.titel):
            found.append(Rueckfall("Fußzeile", legal.titel, f"{_po_shown(sprache)} übersetzt es nicht"))
    missing = _catalogue_gaps(sprache, words)
    if missing:
        found.append(Rueckfall("Programm", f"{missing} {'Text' if missing == 1 else 'Texte'} des Programms",
                               f"{_po_shown(sprache)} übersetzt {'ihn' if missing == 1 else 'sie'} nicht"))
    return found


def _page_fallback(content: Content, page: Seite, sprache: Sprache, words: Texte) -> list[Rueckfall]:
    if _translated(content, "seite", page.slug, sprache.code, "titel") or legal_pages.katalogtitel(page, words):
        return []
    return [Rueckfall("Fußzeile" if page.fusszeile else "Navigation", page.titel,
                      f"{_where(page.locs.get('titel'), page.source)} hat keine Übersetzung {sprache.code}")]


def _po_shown(sprache: Sprache) -> str:
    return f"Der Katalog {po_path(sprache.code).relative_to(LOCALE_DIR.parent.parent).as_posix()}"


@cache
def _msgids() -> tuple[tuple[str, str | None], ...]:
    """Every UI string of the program (the catalogue template, ``make i18n``) with its context; a plural by its
    singular."""
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as handle:
        catalog = read_po(handle)
    return tuple((m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id)


def _catalogue_gaps(sprache: Sprache, words: Texte) -> int:
    return sum(not words.hat(message, context) for message, context in _msgids())


def oberflaeche(content: Content) -> list[str]:
    """What ``check`` prints about the chrome: per language other than the main one whose pages still show some
    of it in the main language, one line naming each text and why (located); nothing when all is translated."""
    lines = []
    for sprache in sprachen(content.site.sprachen if content.site else [])[1:]:
        found = rueckfaelle(content, sprache)
        if found:
            count = f"{len(found)} {'Text' if len(found) == 1 else 'Texte'} der Oberfläche noch deutsch"
            items = "; ".join(f"{r.wo} „{r.text}“ ({r.grund})" for r in found)
            lines.append(f"  {sprache.code}: {count}: {items}")
    if lines:
        lines[:0] = ["", "Oberfläche in den Sprachen (Titel, Navigation, Fußzeile), wo sie noch deutsch ist – eine "
                         "Übersetzung mit „titel:“ neben dem Original behebt es:"]
    return lines


# ``check`` prints at most this many outdated translations; ``check --uebersetzungen`` lists all of them and the
# missing ones. A project of 10,000 entries in six languages may have tens of thousands: that is a list for the
# coordinator who asks for it, not for every check of every editor (and of CI).
HINWEISE_HOECHSTENS = 10


def zusammenfassung(content: Content) -> list[str]:
    """What ``check`` prints about translations: one line per language, then the outdated translations as
    located hints (they are published, with a notice; they do not fail the check), at most
    ``HINWEISE_HOECHSTENS``, and how to list them all. Nothing for one language."""
    states = stand(content)
    if not states:
        return []
    lines = ["", "Übersetzungen (übersetzt, fehlt, veraltet):"]
    for state in states:
        parts = [f"{ART_NAMEN[art]} {_zahlen(state.zahlen[art])}" for art in GEZAEHLT]
        lines.append(f"  {state.sprache.eigenname} ({state.sprache.code}): {'; '.join(parts)}")
    objects = originale(content)
    outdated = [(state.sprache, u) for state in states for u in state.veraltet]
    for sprache, uebersetzung in outdated[:HINWEISE_HOECHSTENS]:
        original = objects[uebersetzung.art, uebersetzung.key]
        loc = uebersetzung.locs.get(VORLAGE, uebersetzung.loc)
        changed = geaendert(uebersetzung.art, original, uebersetzung)
        fields = f" (geändert: {', '.join(changed)})" if changed else ""
        lines.append(f"{loc}: Hinweis: Die Übersetzung ({sprache.eigenname}) ist veraltet: das Original "
                     f"{quelle(original)} wurde seither geändert{fields}. Sie wird mit dem Hinweis auf die neuere "
                     "Fassung veröffentlicht.")
    if len(outdated) > HINWEISE_HOECHSTENS:
        more = len(outdated) - HINWEISE_HOECHSTENS
        lines.append(f"… und {more} weitere veraltete {'Übersetzung' if more == 1 else 'Übersetzungen'}.")
    if any(zahlen["fehlt"] or zahlen["veraltet"] for state in states for zahlen in state.zahlen.values()):
        lines.append("Was je Sprache fehlt oder veraltet ist, mit Datei und Adresse: wegweiser check --uebersetzungen "
                     "[SPRACHE]")
    return lines


# --- the full list: ``check --uebersetzungen [SPRACHE]`` ---------------------------------------------------

@dataclass(frozen=True)
class Offen:
    """One object whose translation into a language is missing or outdated, for the coordinator's list."""

    art: str
    status: Status
    gruppe: str  # entries: their quarter's name ("Ganze Region" for region-wide ones); else ""
    bezeichnung: str  # "Angebot „Elterncafé“"
    wo: Loc  # the original: where its name is, or the first changed field (outdated)
    url: str  # the page in that language
    uebersetzung: str | None  # the translation file (outdated ones)
    geaendert: list[str] | None  # the changed fields (None: the translation file does not say)


LISTE_ARTEN = ("site", "kategorie", "seite", "quartier", "eintrag")
REGION = "Ganze Region"


def offen(content: Content, sprache: Sprache) -> list[Offen]:
    """What is missing or outdated in ``sprache``: sorted by status (outdated first), kind, group and file."""
    base = content.site.basis_url.rstrip("/") + "/" if content.site and content.site.basis_url else ""
    found = []
    for (art, key), obj in originale(content).items():
        state = status(content, art, key, sprache.code, obj)
        if state == "uebersetzt":
            continue
        uebersetzung = content.uebersetzungen.get((art, key, sprache.code)) if state == "veraltet" else None
        changed = geaendert(art, obj, uebersetzung) if uebersetzung is not None else None
        locs: dict[str, Loc] = getattr(obj, "locs", {})
        first = next((locs[name] for name in changed or [] if name in locs), None)
        where = first or locs.get("titel" if art in ("seite", "site") else "name") or Loc(quelle(obj), 1, 1)
        found.append(Offen(art, state, _gruppe(content, obj), _bezeichnung(obj), where,
                           base + sprache.url(_url(obj, key)), uebersetzung.source if uebersetzung else None,
                           changed))
    found.sort(key=lambda o: (o.status != "veraltet", LISTE_ARTEN.index(o.art), o.gruppe != REGION, o.gruppe,
                              o.wo.path, o.wo.line))
    return found


def _url(obj: object, key: str) -> str:
    if isinstance(obj, Eintrag):
        return urls.entry_url(obj)
    if isinstance(obj, Quartier):
        return urls.quarter_url(key)
    if isinstance(obj, Seite):
        return urls.page_url(key)
    if isinstance(obj, Kategorie):
        return urls.category_url(key)
    return ""  # the site's texts: the home page


def _gruppe(content: Content, obj: object) -> str:
    if not isinstance(obj, Eintrag):
        return ""
    quarter = content.quartiere.get(obj.quartier) if obj.quartier else None
    return quarter.name if quarter is not None else REGION if not obj.quartier else obj.quartier


def _bezeichnung(obj: object) -> str:
    if isinstance(obj, Eintrag):
        return f"{obj.kind.singular} „{obj.name}“"
    if isinstance(obj, Quartier):
        return f"Quartier „{obj.name}“"
    if isinstance(obj, Seite):
        return f"Seite „{obj.titel}“"
    if isinstance(obj, Kategorie):
        return f"Thema „{obj.name}“"
    return "Texte der Website (Titel, Region, Willkommen)"


def liste(content: Content, code: str = "") -> list[str]:
    """``check --uebersetzungen [SPRACHE]``: per language (or only ``code``) every missing and outdated entry,
    page, quarter, category and the site's texts, grouped by status, kind and quarter; each line the original's
    file:line (terminals and editors open it), what it is and its page in that language."""
    lines: list[str] = []
    for sprache in sprachen(content.site.sprachen if content.site else [])[1:]:
        if code and sprache.code != code:
            continue
        items = offen(content, sprache)
        outdated = sum(o.status == "veraltet" for o in items)
        lines += ["", f"Übersetzungen ins {sprache.eigenname} ({sprache.code}): {len(items) - outdated} "
                      f"{'fehlt' if len(items) - outdated == 1 else 'fehlen'}, {outdated} veraltet"]
        heading: tuple[str, str, str] | None = None
        for item in items:
            if heading is None or heading[0] != item.status:
                lines.append("  Veraltet – das Original wurde seit der Übersetzung geändert:" if item.status ==
                             "veraltet" else "  Fehlt – die Seite zeigt den deutschen Text:")
                heading = (item.status, "", "")
            if heading[1:] != (item.art, item.gruppe):
                count = sum(o.status == item.status and o.art == item.art and o.gruppe == item.gruppe for o in items)
                lines.append(f"    {ART_NAMEN[item.art]}{f' – {item.gruppe}' if item.gruppe else ''} ({count}):")
                heading = (item.status, item.art, item.gruppe)
            lines.append(f"      {item.wo}  {item.bezeichnung}{_details(item)}  {item.url}")
        if not items:
            lines.append("  Alles übersetzt und aktuell.")
    return lines


def _details(item: Offen) -> str:
    if item.status != "veraltet":
        return ""
    changed = f"geändert: {', '.join(item.geaendert)}" if item.geaendert else \
        "welcher Text geändert wurde, sagt die Datei nicht (ohne „original“)"
    return f" ({changed}; Übersetzung {item.uebersetzung})"


ART_NAMEN = {"eintrag": "Einträge", "seite": "Seiten", "quartier": "Quartiere", "kategorie": "Kategorien",
             "site": "Website-Texte"}
