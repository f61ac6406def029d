"""The answers for ``wegweiser init``: from flags, from German questions in a terminal, else the defaults.

Every answer passes the same field type that ``check`` uses for it later (a title, an e-mail address, a
Bundesland, a language code), so a typo is caught at once, with the same German message and hint, and a
bidirectional control character in a short answer is refused as everywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from wegweiser.core.problems import Loc, Problems
from wegweiser.core.slug import slugify
from wegweiser.model.fields import INVALID, Bundesland, Email, FieldType, Postcode, SiteLanguage, Text, Url
from wegweiser.model.located_yaml import YScalar, control_name, forbidden_character
from wegweiser.project.answers import HOSTINGS, REPO, Answers, Hosting, Quartier

_HOSTING_WORDS = {"github": "GitHub Pages", "gitlab": "GitLab Pages", "server": "eigener Webserver"}


class AnswerRefused(Exception):
    """An answer is not usable; the message is German and names the question."""


@dataclass(frozen=True)
class Given:
    """What the flags said; None: not given."""

    titel: str | None = None
    region: str | None = None
    bundesland: str | None = None
    quartiere: list[str] | None = None
    sprachen: str | None = None
    herausgeber: str | None = None
    anschrift: str | None = None
    email: str | None = None
    hosting: str | None = None
    repo: str | None = None
    basis_url: str | None = None


def _refuse_invisible(text: str, question: str) -> None:
    """A character ``check`` refuses in any content file, and NEL, which YAML reads as a line break (the value
    would change on its way through site.yaml), are refused here, before a file is written."""
    code = forbidden_character(text)
    code = ord("\x85") if code is None and "\x85" in text else code
    if code is None:
        return
    if 0xD800 <= code <= 0xDFFF:  # Python's stand-in for a byte that is not UTF-8 (a terminal in Latin-1, …)
        raise AnswerRefused(f"{question}: Die Eingabe enthält Zeichen, die kein UTF-8 sind. Stellen Sie das "
                            "Terminal auf UTF-8 um, oder schreiben Sie die Stelle neu.")
    raise AnswerRefused(f"{question}: Die Angabe enthält ein unsichtbares Steuerzeichen ({control_name(code)}). "
                        "Löschen Sie es (es gerät oft beim Kopieren hinein); am einfachsten schreiben Sie die Stelle "
                        "neu.")


def _value(ftype: FieldType[object], text: str, question: str) -> object:
    """``text`` through the field type ``check`` uses for it; AnswerRefused with its message otherwise."""
    _refuse_invisible(text, question)
    problems = Problems()
    value = ftype.convert(YScalar(text, Loc("Eingabe", 1, 1), '"'), problems)
    if value is INVALID or problems.errors:
        first = problems.errors[0]
        hint = f" {first.hint}" if first.hint else ""
        raise AnswerRefused(f"{question}: {first.message}{hint}")
    return value


def _text(text: str, question: str, max_length: int | None = None) -> str:
    value = _value(Text(max_length=max_length) if max_length else Text(), text.strip(), question)
    assert isinstance(value, str)
    if not value:
        raise AnswerRefused(f"{question}: Die Angabe fehlt.")
    return value


def _anschrift(text: str) -> str:
    lines = [_text(line, "Anschrift", 120) for line in text.replace("\\n", "\n").split("\n") if line.strip()]
    if not lines:
        raise AnswerRefused("Anschrift: Die Angabe fehlt.")
    return "\n".join(lines)


def quarter(text: str) -> Quartier:
    """One quarter: "Name", or "Name=PLZ,PLZ" (postcodes; streets are added in quartier.yaml later)."""
    name, _, codes = text.partition("=")
    name = _text(name, "Quartier", 80)
    if not slugify(name):
        raise AnswerRefused(f"Quartier „{name}“: Der Name braucht mindestens einen Buchstaben oder eine Ziffer.")
    plz = tuple(str(_value(Postcode(), code.strip(), f"Postleitzahl im Quartier „{name}“"))
                for code in codes.split(",") if code.strip())
    return Quartier(name, plz=plz)


def quarters(texts: list[str]) -> tuple[Quartier, ...]:
    found = tuple(quarter(text) for text in texts if text.strip())
    if not found:
        raise AnswerRefused("Quartiere: Nennen Sie mindestens ein Quartier.")
    slugs = [q.slug for q in found]
    twice = sorted({s for s in slugs if slugs.count(s) > 1})
    if twice:
        raise AnswerRefused(f"Quartiere: Zwei Quartiere ergäben denselben Ordner quartiere/{twice[0]}/; "
                            "geben Sie ihnen verschiedene Namen.")
    return found


def languages(text: str) -> tuple[str, ...]:
    codes = [code.strip() for code in re.split(r"[,\s]+", text) if code.strip()]
    found = tuple(str(_value(SiteLanguage(), code, "Sprachen")) for code in codes)
    if not found or found[0] != "de":
        raise AnswerRefused("Sprachen: Die erste Sprache ist die Hauptsprache, in der jeder Eintrag geschrieben "
                            "wird: de (Deutsch). Zum Beispiel: de, en, tr, ar")
    if len(set(found)) != len(found):
        raise AnswerRefused("Sprachen: Eine Sprache steht doppelt in der Liste.")
    return found


def hosting(text: str) -> Hosting:
    word = text.strip().lower()
    for choice in HOSTINGS:
        if word == choice:
            return choice
    raise AnswerRefused(f"Veröffentlichen: „{text}“ kenne ich nicht. Möglich sind: github (GitHub Pages), gitlab "
                        "(GitLab Pages), server (eigener Webserver).")


def repo(text: str) -> str:
    value = text.strip().strip("/")
    if not REPO.fullmatch(value):
        raise AnswerRefused(f"Projekt „{text}“: Erwartet wird Konto/Name des Projekts, z. B. "
                            "familiennetz-musterstadt/familienwegweiser.")
    return value


def address(text: str) -> str:
    value = _value(Url(base=True), text.strip(), "Adresse der Website")
    assert isinstance(value, str)
    return value


def default_repo(region: str) -> str:
    return f"familiennetz-{slugify(region) or 'musterstadt'}/familienwegweiser"


def from_flags(given: Given, base: Answers | None = None) -> Answers:
    """The answers the flags give, the defaults (or ``base``) for the rest."""
    answers = base or Answers()
    if given.titel is not None:
        answers = replace(answers, titel=_text(given.titel, "Titel", 80))
    if given.region is not None:
        region = _text(given.region, "Region")
        answers = replace(answers, region=region, repo=default_repo(region))
        if given.titel is None:
            answers = replace(answers, titel=_text(f"Familienwegweiser {region}", "Titel", 80))
    if given.bundesland is not None:
        answers = replace(answers, bundesland=str(_value(Bundesland(), given.bundesland.strip(), "Bundesland")))
    if given.quartiere is not None:
        answers = replace(answers, quartiere=quarters(given.quartiere))
    if given.sprachen is not None:
        answers = replace(answers, sprachen=languages(given.sprachen))
    if given.herausgeber is not None:
        answers = replace(answers, herausgeber=_text(given.herausgeber, "Herausgeber", 120))
    if given.anschrift is not None:
        answers = replace(answers, anschrift=_anschrift(given.anschrift))
    if given.email is not None:
        answers = replace(answers, email=str(_value(Email(), given.email.strip(), "E-Mail")))
    if given.hosting is not None:
        answers = replace(answers, hosting=hosting(given.hosting))
    if given.repo is not None:
        answers = replace(answers, repo=repo(given.repo))
    if given.basis_url is not None:
        answers = replace(answers, basis_url=address(given.basis_url))
    if answers.hosting == "github" and answers.repo.count("/") > 1:  # GitLab has subgroups, GitHub has not
        raise AnswerRefused(f"Projekt „{answers.repo}“: Bei GitHub heißt ein Repository „Konto/Name“, ohne weitere "
                            "„/“. Untergruppen gibt es nur bei GitLab (--hosting gitlab).")
    return answers


def with_valid_address(answers: Answers) -> Answers:
    """``answers`` if the site's address derived from the project at the host is one ``check`` accepts (a GitHub
    account "familien_netz" makes no host name); AnswerRefused otherwise. The questions ask the address anyway."""
    if not answers.basis_url:
        try:
            address(answers.address)
        except AnswerRefused as exc:
            raise AnswerRefused(f"{exc}. Sie folgt aus dem Projekt „{answers.repo}“; geben Sie die Adresse der "
                                "Website mit --basis-url an.") from None
    return answers


Ask = Callable[[str], str]


def ask_all(given: Given, ask: Ask, say: Callable[[str], None]) -> Answers:
    """Ask in German for what the flags left open; Enter takes the default in brackets. A refused answer is
    explained and asked again."""
    answers = from_flags(given)

    def question(label: str, default: str, take: Callable[[str], Answers]) -> Answers:
        while True:
            text = ask(f"{label} [{default}]: " if default else f"{label}: ").strip() or default
            try:
                return take(text)
            except AnswerRefused as exc:
                say(f"  {exc}")

    say("Ein neuer Familienwegweiser. Drücken Sie die Eingabetaste, um den Vorschlag in Klammern zu übernehmen.")
    if given.region is None:
        answers = question("Stadt, Kreis oder Netzwerk", answers.region, lambda t: from_flags(Given(region=t), answers))
    if given.titel is None:
        answers = question("Titel der Website und der Hefte", answers.titel,
                           lambda t: from_flags(Given(titel=t), answers))
    if given.bundesland is None:
        answers = question("Bundesland (Kürzel, z. B. NW, BY, BE)", answers.bundesland,
                           lambda t: from_flags(Given(bundesland=t), answers))
    if given.quartiere is None:
        answers = question("Quartiere (Namen, mit Komma getrennt)", ", ".join(q.name for q in answers.quartiere),
                           lambda t: from_flags(Given(quartiere=t.split(",")), answers))
        answers = replace(answers, quartiere=tuple(_ask_quarter(q, ask, say) for q in answers.quartiere))
    if given.sprachen is None:
        answers = question("Sprachen der Website (de zuerst; leicht = Leichte Sprache)", ", ".join(answers.sprachen),
                           lambda t: from_flags(Given(sprachen=t), answers))
    if given.herausgeber is None:
        answers = question("Herausgeber (für Impressum und Heft)", answers.herausgeber,
                           lambda t: from_flags(Given(herausgeber=t), answers))
    if given.anschrift is None:
        answers = question("Anschrift des Herausgebers (Zeilen mit „ / “ trennen)",
                           answers.anschrift.replace("\n", " / "),
                           lambda t: from_flags(Given(anschrift=re.sub(r"\s+/\s+", "\n", t)), answers))
    if given.email is None:
        answers = question("E-Mail-Adresse für Familien und Anbieter", answers.email,
                           lambda t: from_flags(Given(email=t), answers))
    if given.hosting is None:
        say("Wo wird die Website veröffentlicht? github = GitHub Pages, gitlab = GitLab Pages, server = eigener "
            "Webserver")
        answers = question("Veröffentlichen mit", answers.hosting, lambda t: from_flags(Given(hosting=t), answers))
    if answers.hosting != "server" and given.repo is None:
        answers = question(f"Projekt bei {_HOSTING_WORDS[answers.hosting].split()[0]} (Konto/Name)", answers.repo,
                           lambda t: from_flags(Given(repo=t), answers))
    if given.basis_url is None:
        answers = question("Adresse der Website", answers.address, lambda t: from_flags(Given(basis_url=t), answers))
    return answers


def _ask_quarter(found: Quartier, ask: Ask, say: Callable[[str], None]) -> Quartier:
    while True:
        text = ask(f"  Postleitzahlen in {found.name} (mit Komma getrennt, leer: später) [{', '.join(found.plz)}]: ")
        try:
            plz = quarter(f"{found.name}={text or ','.join(found.plz)}").plz
            break
        except AnswerRefused as exc:
            say(f"  {exc}")
    streets = ask(f"  Straßen in {found.name} (mit Komma getrennt, leer: später): ")
    try:
        strassen = tuple(_text(s, f"Straße in {found.name}", 80) for s in streets.split(",") if s.strip())
    except AnswerRefused as exc:
        say(f"  {exc} Die Straßen können Sie später in quartier.yaml eintragen.")
        strassen = ()
    return replace(found, plz=plz, strassen=strassen)
