"""Synthetic, deterministic content for benchmarks and tests: N entries of all five types over Q quarters.

``wegweiser demo-data --entries 10000 --quartiere 50 -o /tmp/inhalt [--seed 7] [--sprachen en,tr]``; the result
is a content folder that ``wegweiser check`` accepts without errors. With ``--sprachen`` every entry and quarter gets
a translation per language (``<name>.<code>.md``): German sentences of the same vocabulary, word for word in real
words of that language (``translate``); the German files are the same as without it, so both builds compare the same
entries.
"""

from __future__ import annotations

import functools
import json
import random
import re
import shutil
from pathlib import Path

from wegweiser.core.resources import data_file

TYPES = ["angebote"] * 50 + ["kontakte"] * 12 + ["spielplaetze"] * 15 + ["kitas"] * 15 + ["schulen"] * 8
CATEGORIES = {
    "fruehe-hilfen": "Frühe Hilfen",
    "sprache": "Sprache",
    "bewegung-sport": "Bewegung und Sport",
    "beratung": "Beratung",
    "betreuung": "Betreuung",
    "freizeit-kultur": "Freizeit und Kultur",
    "elternbildung": "Elternbildung",
    "gesundheit": "Gesundheit",
    "schule-lernen": "Schule und Lernen",
    "treffpunkte": "Treffpunkte",
}
NAMES = [
    "Elterncafé",
    "Krabbelgruppe",
    "Sprachcafé",
    "Hausaufgabenhilfe",
    "Ferienspiele",
    "Eltern-Kind-Turnen",
    "Babytreff",
    "Familienfrühstück",
    "Vorlesestunde",
    "Musikgarten",
    "Beratungsstelle",
    "Spielplatz",
    "Kita",
    "Grundschule",
    "Familienzentrum",
    "Offene Tür",
    "Schwimmkurs",
    "Elternkurs",
    "Stillcafé",
    "Bürgergarten",
]
HOURS = [
    "Mo-Fr 08:00-16:00; PH off",
    "Tu 09:30-11:30",
    "Mo,We 14:00-16:00; SH off",
    "Th 15:00-17:00",
    "Mo-Th 09:00-12:00; Fr 09:00-13:00; PH off",
    "Sa 10:00-13:00",
    "Mo-Fr 07:00-16:30; PH off",
]
LANGS = ["de", "tr", "ar", "uk", "ru", "pl", "en", "bg", "ro", "fa"]


_STEMS = [
    "Familien",
    "Kinder",
    "Eltern",
    "Baby",
    "Schul",
    "Sprach",
    "Sport",
    "Spiel",
    "Lern",
    "Musik",
    "Garten",
    "Koch",
    "Lese",
    "Mal",
    "Tanz",
    "Schwimm",
    "Wald",
    "Natur",
    "Kreativ",
    "Bewegungs",
    "Ferien",
    "Nachbarschafts",
    "Mütter",
    "Väter",
    "Jugend",
    "Hausaufgaben",
    "Gesundheits",
    "Erziehungs",
    "Stadtteil",
    "Bücherei",
]
_ENDINGS = [
    "gruppe",
    "kurs",
    "treff",
    "café",
    "angebot",
    "beratung",
    "förderung",
    "stunde",
    "werkstatt",
    "zeit",
    "fest",
    "nachmittag",
    "projekt",
    "runde",
    "hilfe",
    "programm",
    "frühstück",
    "ausflug",
]
_PLAIN = [
    "und",
    "mit",
    "für",
    "von",
    "im",
    "in",
    "am",
    "zum",
    "zur",
    "auf",
    "bei",
    "nach",
    "vor",
    "über",
    "gemeinsam",
    "regelmäßig",
    "kostenlos",
    "offen",
    "freundlich",
    "Anmeldung",
    "Termin",
    "Woche",
    "Monat",
    "Samstag",
    "Dienstag",
    "Vormittag",
    "Nachmittag",
    "Abend",
    "Raum",
    "Haus",
    "Hof",
    "Platz",
    "Bus",
    "lernen",
    "spielen",
    "singen",
    "basteln",
    "kochen",
    "lesen",
    "erzählen",
    "turnen",
    "malen",
    "ausprobieren",
    "entdecken",
    "treffen",
    "fragen",
    "Fachkraft",
    "Ehrenamt",
    "Team",
    "Leitung",
    "Quartier",
    "Nachbarn",
    "Freunde",
    "Großeltern",
    "Geschwister",
    "Sprache",
    "Deutsch",
]
# A Zipf-like vocabulary: a few very common words, many rare ones, as in real descriptions.
VOCABULARY = [*_PLAIN, *(stem + ending for stem in _STEMS for ending in _ENDINGS)]
_WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]


ZUGANG = ["zugang: {rollstuhl: ja, kinderwagen: ja, wickeltisch: ja, wc_stufenlos: ja}",
          "zugang: {rollstuhl: teilweise, kinderwagen: ja}", "zugang: {rollstuhl: nein, wickeltisch: ja}",
          "zugang: {kinderwagen: nein, wc_stufenlos: nein}"]


def sentence(rnd: random.Random, k: int) -> str:
    text = " ".join(rnd.choices(VOCABULARY, weights=_WEIGHTS, k=k))
    return text[:1].upper() + text[1:] + "."


def entry_yaml(rnd: random.Random, typ: str, index: int, quarter: str, contacts: list[str]) -> str:
    name = f"{rnd.choice(NAMES)} {rnd.choice(VOCABULARY[60:])} {index}"
    lines = [f"name: {name}", f"kurz: {sentence(rnd, 12)}"]
    cats = rnd.sample(list(CATEGORIES), rnd.randint(1, 3))
    lines.append(f"kategorien: [{', '.join(cats)}]")
    low = rnd.choice([0, 0, 1, 3, 6, 10])
    lines.append(f'alter: "{low}-{low + rnd.choice([3, 4, 6, 8])}"')
    if rnd.random() < 0.6:
        lines.append(f'oeffnungszeiten: "{rnd.choice(HOURS)}"')
    else:
        lines.append("zeiten: in den Schulferien, nach Absprache")
    lines.append(f"kosten: {rnd.choice(['kostenlos', 'kostenlos', '2 Euro pro Termin', '15 Euro im Monat'])}")
    lines.append(f"sprachen: [{', '.join(rnd.sample(LANGS, rnd.randint(1, 3)))}]")
    lines.append(f"telefon: 030 23125-{rnd.randint(100, 999)}")
    lines.append(f"email: eintrag{index}@example.org")
    if contacts and typ != "kontakte" and rnd.random() < 0.5:
        lines.append(f"kontakt: {rnd.choice(contacts)}")
    lines += [
        "adresse:",
        f"  strasse: {rnd.choice(['Brunnenstraße', 'Hafenweg', 'Lindenallee'])} {rnd.randint(1, 120)}",
        f'  plz: "{rnd.randint(40000, 59999)}"',
        "  ort: Musterstadt",
        f"geo: {{lat: {51 + rnd.random():.4f}, lon: {7 + rnd.random():.4f}}}",
    ]
    lines.append(f"stichworte: [{', '.join(sorted(set(rnd.choices(VOCABULARY[60:], k=2))))}]")
    if typ != "kontakte" and index % 5 < 2:
        # Access facts for two venues in five (by number: the random sequence, and so all other content, stays
        # as it was); the others have none, as most venues have until someone checks.
        lines.append(ZUGANG[index % len(ZUGANG)])
    lines.append(f"stand: 2026-{rnd.randint(1, 10):02d}-{rnd.randint(1, 28):02d}")
    if typ == "kitas":
        lines += [
            f"plaetze: {rnd.randint(20, 120)}",
            "u3: ja",
            f"familienzentrum: {rnd.choice(['ja', 'nein'])}",
            "betreuungszeiten: [25, 35, 45]",
        ]
    elif typ == "schulen":
        lines += ["schulform: Grundschule", "ogs: ja", f'schulnummer: "{100000 + index}"']
    elif typ == "spielplaetze":
        lines += ["ausstattung: [Sandkasten, Schaukel, Rutsche]", f"eingezaeunt: {rnd.choice(['ja', 'nein'])}"]
    elif typ == "kontakte":
        lines += ["funktion: Beratung", "organisation: Jugendamt", "sprechzeiten: Di und Do 9–12 Uhr"]
    body = "\n\n".join(sentence(rnd, 40) for _ in range(2))
    lines += [
        "beschreibung: |",
        *("  " + line for line in f"{body}\n\n- **{sentence(rnd, 4)}**\n- {sentence(rnd, 5)}".split("\n")),
    ]
    return "\n".join(lines) + "\n"


# Synthetic translations: German sentences of the same Zipf-like vocabulary with each word replaced by a real word of
# the language, rank for rank: the German word of rank r becomes the language's r-th most frequent word in the demo's
# own translations (``data/demo_woerter.json``, written by ``bench/woerter.py``). So each language's index holds real
# words, which its stemmer treats as in real texts, in the frequencies of the German texts. Words beyond the list (the
# rarest) and words outside the vocabulary (names, labels) are written in the language's alphabet instead, letter for
# letter. Leichte Sprache keeps the German words.
LATIN = "abcdefghijklmnopqrstuvwxyzäöüß"
ALPHABETS: dict[str, str | list[str]] = {
    "en": [*"nopqrstuvwxyzabcdefghijklm", "nr", "br", "hr", "ff"],  # ROT13; umlauts and ß as two letters
    "tr": "çdefgğhıijklmnoöprsştuüvyzabcx",
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهويةى",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщ",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщыэю",
}
_WORD = re.compile(r"[^\W\d_]+")


def relabel(code: str, text: str) -> str:
    """``text`` with each letter replaced by its counterpart in language ``code``'s alphabet (others unchanged)."""
    table = ALPHABETS.get(code)
    if table is None:
        return text
    lower = dict(zip(LATIN, table, strict=True))
    return "".join(lower.get(ch, lower.get(ch.lower(), ch)) for ch in text)


@functools.cache
def _words(code: str) -> dict[str, str]:
    """German vocabulary word → the language's word of the same rank."""
    listed: dict[str, list[str]] = json.loads(data_file("demo_woerter.json").read_text("utf-8"))
    own = listed.get(code, [])
    return {german: word for german, word in zip(VOCABULARY, own, strict=False)}


def translate(code: str, text: str) -> str:
    """``text`` (German words of ``VOCABULARY`` and others) in language ``code``, as the synthetic translations are."""
    if code not in ALPHABETS:
        return text
    words = _words(code)

    def word(match: re.Match[str]) -> str:
        german = match.group()
        found = words.get(german) or words.get(german[:1].lower() + german[1:])  # also at a sentence's start
        return found or relabel(code, german)

    return _WORD.sub(word, text)


def _translated(rnd: random.Random, code: str, k: int) -> str:
    return translate(code, sentence(rnd, k))


def translation_md(rnd: random.Random, code: str, index: int) -> str:
    """A translation of an entry: only text families read (name, kurz, stichworte, the body)."""
    body = "\n\n".join(_translated(rnd, code, 40) for _ in range(2))
    keywords = sorted({translate(code, word) for word in rnd.choices(VOCABULARY[60:], k=2)})
    return (f"---\nname: {translate(code, rnd.choice(NAMES))} {_translated(rnd, code, 1)[:-1]} {index}\n"
            f"kurz: {_translated(rnd, code, 12)}\nstichworte: [{', '.join(keywords)}]\n---\n{body}\n")


def generate(out: Path, entries: int, quarters: int, seed: int = 7, sprachen: tuple[str, ...] = ()) -> None:
    """Write the content into ``out``: a new or empty folder, or one demo-data wrote before (it is replaced).
    Anything else raises OutputRefused and nothing is touched."""
    from wegweiser.core.output_guard import Kind, check_output, mark

    out = check_output(out, Kind.DEMO)
    rnd = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "content" / "seiten").mkdir(parents=True)
    mark(out, Kind.DEMO)
    (out / "content" / "site.yaml").write_text(
        "titel: Familienwegweiser Musterstadt\nregion: Musterstadt\nbasis_url: https://familie.example.org/\n"
        "stand: 2026-10-01\nimpressum:\n  herausgeber: Familienbüro Musterstadt\n  adresse: Rathausplatz 1\n"
        "  email: redaktion@example.org\n"
        + (f"sprachen: [de, {', '.join(sprachen)}]\n" if sprachen else ""),
        encoding="utf-8",
    )
    # Translations draw from their own random stream: the German files stay the same with or without them.
    other = random.Random(seed + 1)
    (out / "content" / "kategorien.yaml").write_text(
        "".join(f"{slug}:\n  name: {name}\n  beschreibung: {sentence(rnd, 10)}\n" for slug, name in CATEGORIES.items()),
        encoding="utf-8",
    )
    (out / "content" / "seiten" / "notfallnummern.md").write_text(
        "---\ntitel: Wichtige Telefonnummern\nreihenfolge: 10\ndruck: ja\n---\nNotruf: [112](tel:112)\n",
        encoding="utf-8",
    )
    slugs = [f"quartier-{i + 1:03d}" for i in range(quarters)]
    per_quarter = [entries // quarters + (1 if i < entries % quarters else 0) for i in range(quarters)]
    index = 0
    for slug, count in zip(slugs, per_quarter, strict=True):
        folder = out / "quartiere" / slug
        folder.mkdir(parents=True)
        kinds = sorted(rnd.choice(TYPES) for _ in range(count))
        contacts = [f"kontakt-{index + i}" for i, k in enumerate(kinds) if k == "kontakte"]
        first = contacts[0] if contacts else ""
        (folder / "quartier.yaml").write_text(
            f"name: Quartier {slug[-3:]}\nort: Musterstadt\nstand: 2026-09-01\n"
            + (f"koordination: {first}\n" if first else "")
            + f"beschreibung: |\n  {sentence(rnd, 30)}\n",
            encoding="utf-8",
        )
        for code in sprachen:
            (folder / f"quartier.{code}.yaml").write_text(
                f"name: {_translated(other, code, 1)[:-1]} {slug[-3:]}\nbeschreibung: {_translated(other, code, 20)}\n",
                encoding="utf-8")
        for i, typ in enumerate(kinds):
            (folder / typ).mkdir(exist_ok=True)
            name = f"kontakt-{index}" if typ == "kontakte" else f"eintrag-{index}"
            (folder / typ / f"{name}.yaml").write_text(entry_yaml(rnd, typ, index, slug, contacts), encoding="utf-8")
            for code in sprachen:
                (folder / typ / f"{name}.{code}.md").write_text(translation_md(other, code, index), encoding="utf-8")
            index += 1
            del i
