"""The ``wegweiser`` command: German for editors, never a traceback for bad content."""

from __future__ import annotations

import argparse
import errno
import gc
import os
import shlex
import signal
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from wegweiser import __version__
from wegweiser.check import translation_status
from wegweiser.core.journal import TargetChanged, signals_deferred
from wegweiser.core.output_guard import Kind, OutputRefused, check_output, environment_message, mark
from wegweiser.core.problems import Problems
from wegweiser.editors.translator_exchange import Plan, vorbereiten
from wegweiser.printing.booklet import MissingGlyphs
from wegweiser.site.old_urls import Recorded

if TYPE_CHECKING:
    from wegweiser.content.records import Content
    from wegweiser.editors.preview import Preview


# argparse's own texts in German: it looks each up through its module's ``_`` and ``ngettext`` (gettext) when it
# prints, so these cover usage, headings, -h and every error, in whatever wording the Python version has.
_ARGPARSE_DEUTSCH = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Argumente",
    "options": "Optionen",
    "optional arguments": "Optionen",
    "show this help message and exit": "diese Hilfe anzeigen und beenden",
    "show program's version number and exit": "Versionsnummer anzeigen und beenden",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "Angabe %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "diese Angaben fehlen: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "unbekannte Auswahl %(value)r (möglich sind: %(choices)s)",
    "invalid %(type)s value: %(value)r": "%(value)r ist kein gültiger Wert (erwartet: %(type)s)",
    "expected one argument": "hier fehlt ein Wert",
    "expected at most one argument": "höchstens ein Wert erlaubt",
    "expected at least one argument": "mindestens ein Wert nötig",
    "expected %s argument": "%s Wert erwartet",
    "expected %s arguments": "%s Werte erwartet",
    "ambiguous option: %(option)s could match %(matches)s": "mehrdeutige Option %(option)s: gemeint sein könnte "
                                                             "%(matches)s",
    "not allowed with argument %s": "nicht zusammen mit %s erlaubt",
    "one of the arguments %s is required": "eine dieser Angaben ist nötig: %s",
    "ignored explicit argument %r": "überflüssiger Wert %r",
    "unexpected option string: %s": "unerwartete Option: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "unbekannter Befehl %(parser_name)r (möglich sind: "
                                                              "%(choices)s)",
    "can't open '%(filename)s': %(error)s": "„%(filename)s“ lässt sich nicht öffnen: %(error)s",
}


def _deutsch(message: str) -> str:
    return _ARGPARSE_DEUTSCH.get(message, message)


def _deutsch_plural(singular: str, plural: str, count: int) -> str:
    return _deutsch(singular if count == 1 else plural)


class _Parser(argparse.ArgumentParser):
    """argparse with German headings and error messages."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False  # argparse's own -h text is English
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", help="diese Hilfe anzeigen und beenden")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: Fehler: {message}\n")


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: object, groups: object, prefix: str | None = None) -> None:
        # argparse passes "" when it builds a subcommand's name from the usage: keep that empty.
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)  # type: ignore[arg-type]


def _today(value: str | None) -> date:
    text = value or os.environ.get("WEGWEISER_STICHTAG")
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"wegweiser: Fehler: Der Stichtag „{text}“ ist kein Datum (JJJJ-MM-TT).") from None


_WARNED_VERSION: set[Path] = set()


def _root(path: str) -> Path:
    from wegweiser.project.version_pin import version_warning

    root = Path(path).resolve()
    if not root.is_dir():
        raise SystemExit(f"wegweiser: Fehler: Der Ordner „{path}“ existiert nicht.")
    if root not in _WARNED_VERSION:
        _WARNED_VERSION.add(root)
        warning = version_warning(root)
        if warning:
            print(f"wegweiser: Warnung: {warning}", file=sys.stderr)
    return root


def cmd_check(args: argparse.Namespace) -> int:
    from wegweiser.check import font_coverage
    from wegweiser.check.report import format_problems, safe_lines, summary
    from wegweiser.check.validate import load_and_validate

    if args.reparieren and not _repair(_root(args.path), _today(args.stichtag)):
        return 1
    started = time.perf_counter()
    content, problems = load_and_validate(_root(args.path), _today(args.stichtag))  # the collector held back there
    font_coverage.pruefen(content, _today(args.stichtag), problems)  # what the booklets could not print
    seconds = time.perf_counter() - started
    for line in format_problems(problems, args.format):
        print(line)
    if problems.items:
        print()
    for line in summary(content, problems, seconds):
        print(line)
    listed = _translation_list(content, args.uebersetzungen)
    if listed is None:
        return 2
    for line in listed:
        print(safe_lines(line))
    for line in translation_status.oberflaeche(content):
        print(safe_lines(line))
    _print_due(content, _today(args.stichtag))
    if problems.errors:
        return 1
    if args.streng and problems.warnings:
        print("Mit --streng zählen Warnungen wie Fehler.")
        return 1
    return 0


def _translation_list(content: Content, code: str | None) -> list[str] | None:
    """The translation status ``check`` prints: the summary, or with ``--uebersetzungen [SPRACHE]`` the full list
    (None: SPRACHE is not one of the site's languages, said on stderr)."""
    if code is None:
        return translation_status.zusammenfassung(content)
    codes = content.site.sprachen[1:] if content.site else []
    if code and code not in codes:
        print(f"wegweiser: Fehler: „{code}“ ist keine Sprache, in die die Website übersetzt wird "
              f"({', '.join(codes) or 'nur eine Sprache in content/site.yaml'}). Den Ordner schreiben Sie vor "
              "--uebersetzungen: wegweiser check ORDNER --uebersetzungen SPRACHE", file=sys.stderr)
        return None
    return translation_status.liste(content, code)


def _repair(root: Path, today: date) -> bool:
    """``check --reparieren``: the Word characters ``check`` names, replaced in the files (all or nothing) and
    listed; False if nothing could be written."""
    from wegweiser.check.validate import load_and_validate
    from wegweiser.core.journal import TargetChanged
    from wegweiser.editors.word_repair import NotRepaired, OtherLineBreaks, describe, repair

    _content, problems = load_and_validate(root, today)
    try:
        changes = repair(root, problems)
    except OtherLineBreaks as exc:
        print(f"wegweiser: Fehler: Nichts repariert: {exc}", file=sys.stderr)
        return False
    except (NotRepaired, TargetChanged) as exc:
        print(f"wegweiser: Fehler: Nichts repariert: {exc} hat sich seit der Prüfung geändert oder passt nicht. "
              "Rufen Sie „wegweiser check --reparieren“ noch einmal auf.", file=sys.stderr)
        return False
    for change in changes:
        print(describe(change))
    files = len({change.shown for change in changes})
    print(f"Repariert: {len(changes)} Zeichen in {files} {'Datei' if files == 1 else 'Dateien'}." if changes
          else "Repariert: nichts (keine Zeichen aus Word gefunden, die einen Wert stören).")
    print()
    return True


def _print_due(content: Content, today: date) -> None:
    from wegweiser.editors.review_list import due_entries

    due = len(due_entries(content, today))
    if due:
        print(f"{due} {'Eintrag ist' if due == 1 else 'Einträge sind'} zur Prüfung fällig – siehe wegweiser pruefliste")


def cmd_pruefliste(args: argparse.Namespace) -> int:
    from wegweiser.check.validate import load_and_validate
    from wegweiser.core.output_guard import check_output_file
    from wegweiser.editors.review_list import is_review, render_review, review_list, write_review

    if args.monate < 1:
        print("wegweiser: Fehler: --monate muss mindestens 1 sein.", file=sys.stderr)
        return 2
    root = _root(args.path)
    content, problems = load_and_validate(root, _today(args.stichtag))
    if problems.errors:
        print(f"Hinweis: Die Inhalte haben {len(problems.errors)} Fehler (siehe wegweiser check); Dateien mit "
              "Fehlern fehlen in der Prüfliste.", file=sys.stderr)
    review = review_list(content, _today(args.stichtag), args.monate)
    data = render_review(review, args.format)
    if not args.output:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    target = Path(args.output)
    check_output_file(target, is_review, root)
    try:
        write_review(data, target)
    except OSError as exc:
        return _not_written(exc, target, target)
    print(f"Prüfliste: {review.summary()} → {target}")
    return 0


def _not_written(exc: OSError, shown: Path, path: Path) -> int:
    """An output file ``-o`` named (``shown`` as given, ``path`` where it goes) could not be written: say why in
    German and end with exit code 2."""
    message = environment_message(exc, path) or (
        f"„{shown}“ kann nicht geschrieben werden: Den Ordner „{path.parent}“ gibt es nicht."
        if exc.errno == errno.ENOENT else f"„{shown}“ kann nicht geschrieben werden (Fehler {exc.errno}).")
    print(f"wegweiser: Fehler: {message}", file=sys.stderr)
    return 2


def cmd_bericht(args: argparse.Namespace) -> int:
    from wegweiser.check.validate import load_and_validate
    from wegweiser.core.output_guard import check_output_file
    from wegweiser.planning.changes import default_since
    from wegweiser.planning.output import FORMATS, is_report, output_files, write_all
    from wegweiser.planning.report import build_report

    if args.monate < 1:
        print("wegweiser: Fehler: --monate muss mindestens 1 sein.", file=sys.stderr)
        return 2
    root = _root(args.path)
    today = _today(args.stichtag)
    since = args.seit or default_since(today)
    if since > today:
        print(f"wegweiser: Fehler: --seit {since:%Y-%m-%d} liegt nach dem Stichtag ({today:%d.%m.%Y}); Änderungen "
              "gibt es nur aus der Vergangenheit.", file=sys.stderr)
        return 2
    suffix = Path(args.output).suffix.lstrip(".").lower() if args.output else ""
    fmt = args.format or (suffix if suffix in FORMATS else "html")
    target = Path(args.output) if args.output else Path(f"bericht.{fmt}")
    args.ziel = check_output_file(target, is_report(target), root, example=f"bericht.{fmt}")
    content, problems = load_and_validate(root, today)
    if problems.errors:
        print(f"Hinweis: Die Inhalte haben {len(problems.errors)} Fehler (siehe wegweiser check); Dateien mit "
              "Fehlern fehlen im Bericht.", file=sys.stderr)
    report = build_report(content, today, since, args.monate)
    files = output_files(report, fmt, args.ziel)
    for path in files:
        check_output_file(path, is_report(path), root)  # the CSV tables beside the matrix
    try:
        write_all(files)
    except OSError as exc:
        return _not_written(exc, target, args.ziel)
    gaps, changes = len(report.matrix.gaps()), report.changes
    print(f"Bericht: {len(report.matrix.quarters)} Quartiere, {gaps} {'Lücke' if gaps == 1 else 'Lücken'}; seit "
          f"{since:%d.%m.%Y} {len(changes.added)} neu, {len(changes.removed)} entfernt, {len(changes.changed)} "
          f"geändert → {', '.join(str(path) for path in files)}")
    for note in changes.notes:
        print(f"Hinweis: {note}", file=sys.stderr)
    return 0


def _print_problems(problems: Problems, fmt: str = "text") -> None:
    from wegweiser.check.report import format_problems

    for line in format_problems(problems, fmt):
        print(line)


def _progress(enabled: bool) -> Callable[[str], None]:
    def show(message: str) -> None:
        if enabled:
            print(f"  {message}", flush=True)
    return show


def _build_once(root: Path, out: Path, today: date, verbose: bool) -> bool:
    from wegweiser.core.problems import ContentError
    from wegweiser.site.build import build_site

    try:
        report = build_site(root, out, today, _progress(verbose))
    except ContentError as exc:
        _print_problems(exc.problems)
        print(f"\nNicht gebaut: {len(exc.problems.errors)} Fehler. Die bisherige Website bleibt unverändert.")
        return False
    warnings = len(report.problems.warnings)
    if warnings:
        _print_problems(report.problems)
    took = f"{report.seconds['gesamt']:.1f}".replace(".", ",")
    if report.unchanged:
        print(f"Website unverändert: seit dem letzten Bau hat sich nichts geändert ({report.pages} Seiten, geprüft "
              f"in {took} s) → {report.out_dir}" + (f" ({warnings} Warnungen)" if warnings else ""))
        return True
    recorded = _record_addresses(root, report.urls, today)
    if recorded is not None:
        from wegweiser.site.build import after_recording_addresses

        after_recording_addresses(root, report, today, recorded)
    if report.written < report.pages:
        print(f"Website aktualisiert: {report.written} von {report.pages} Seiten neu geschrieben, samt Suchindex, in "
              f"{took} s → {report.out_dir}" + (f" ({warnings} Warnungen)" if warnings else ""))
    else:
        print(f"Website gebaut: {report.pages} Seiten in {took} s → {report.out_dir}"
              + (f" ({warnings} Warnungen)" if warnings else ""))
    return True


def _record_addresses(root: Path, urls: list[str], today: date) -> Recorded | None:
    """Remember every published address (content/adressen.txt), so later builds can redirect moved ones; what was
    read and written when the record was written."""
    from wegweiser.site.old_urls import RECORD, RecordNotUpdated, update_record

    try:
        recorded = update_record(root, urls, today)
        if recorded is not None:
            print(f"Veröffentlichte Adressen ergänzt: {RECORD} (bitte mit den Inhalten speichern)")
            return recorded
    except RecordNotUpdated as exc:
        print(f"wegweiser: Warnung: {exc}", file=sys.stderr)
    except OSError as exc:
        print(f"wegweiser: Warnung: {root / RECORD} kann nicht geschrieben werden ({exc.strerror}); alte Adressen "
              "dieses Builds bekommen später keine Weiterleitung.", file=sys.stderr)
    return None


def _interactive() -> bool:
    return sys.stdout.isatty() and not os.environ.get("CI")


def _output(args: argparse.Namespace, kind: Kind, root: Path | None, default: Path | None) -> Path:
    """The checked output path of a command (refused paths raise OutputRefused, reported with exit 2)."""
    given = Path(args.output) if args.output else default
    assert given is not None
    args.ziel = given  # named in a message if the machine fails while writing
    out = check_output(given, kind, root)
    args.ziel = out
    return out


def cmd_build(args: argparse.Namespace) -> int:
    root = _root(args.path)
    out = _output(args, Kind.SITE, root, root / "site")
    ok = _build_once(root, out, _today(args.stichtag), _interactive())
    if ok and args.redaktion:
        _write_cms(root, out / "redaktion")
    if ok:
        # Not the file:// address: a browser opens folder listings there and blocks the search (CORS).
        print(f"Ansehen: wegweiser serve {shlex.quote(args.path)} – dann http://127.0.0.1:8000/ im Browser öffnen.")
    return 0 if ok else 1


def cmd_init(args: argparse.Namespace) -> int:
    from wegweiser.project.init import create_project
    from wegweiser.project.questions import AnswerRefused, Given, ask_all, from_flags, with_valid_address
    from wegweiser.project.version_pin import DIST, PIN_FILE, names_program, requirement

    given = Given(titel=args.titel, region=args.region, bundesland=args.bundesland, quartiere=args.quartier,
                  sprachen=args.sprachen, herausgeber=args.herausgeber, anschrift=args.anschrift, email=args.email,
                  hosting=args.hosting, repo=args.repo, basis_url=args.basis_url)
    try:
        asking = sys.stdin.isatty() and not args.ohne_fragen
        answers = ask_all(given, input, print) if asking else with_valid_address(from_flags(given))
    except AnswerRefused as exc:
        print(f"wegweiser: Fehler: {exc}", file=sys.stderr)
        return 2
    except EOFError:
        print("\nAbgebrochen: keine Eingabe mehr. Es wurde nichts angelegt.", file=sys.stderr)
        return 130
    pin = requirement()
    if args.programm is not None:
        from dataclasses import replace

        if "\n" in args.programm.strip() or "\r" in args.programm or not names_program(args.programm):
            print(f"wegweiser: Fehler: --programm „{args.programm}“: Erwartet wird eine Zeile, die {DIST} "
                  f"installiert, z. B. {DIST}=={__version__} oder {DIST} @ git+https://…@v{__version__}.",
                  file=sys.stderr)
            return 2
        pin = replace(pin, line=args.programm.strip(), reachable=True)
    args.ziel = Path(args.ordner)
    try:
        folder = create_project(Path(args.ordner), answers, _today(args.stichtag), pin)
    except OSError as exc:  # what the environment messages do not name (a folder in /proc, …): still German
        if environment_message(exc) is not None:
            raise
        print(f"wegweiser: Fehler: Der Ordner „{args.ordner}“ lässt sich nicht anlegen ({exc.strerror or exc}). "
              "Es wurde nichts angelegt.", file=sys.stderr)
        return 2
    where = shlex.quote(str(Path(args.ordner)))
    print(f"Neuer Familienwegweiser „{answers.titel}“ in {folder}")
    print(f"  Quartiere: {', '.join(q.name for q in answers.quartiere)}; Sprachen: {', '.join(answers.sprachen)}")
    print(f"  Veröffentlichen: {answers.address}")
    if not pin.reachable:
        print("  Hinweis: Dieses Programm ist aus einem Ordner oder einer Datei auf diesem Rechner installiert. "
              f"{PIN_FILE} nennt „{pin.line}“; damit die Veröffentlichung es findet, tragen Sie dort die Quelle "
              f"ein, aus der es installiert werden kann (z. B. familienwegweiser @ git+https://…@v{__version__}) "
              "oder geben Sie sie mit --programm an.")
    print("Als Nächstes:")
    print(f"  1. cd {where} && wegweiser check .   (zeigt, was noch zu ergänzen ist)")
    print("  2. wegweiser serve .   (Vorschau unter http://127.0.0.1:8000/)")
    print("  3. LIESMICH.md lesen: Einträge anlegen, Impressum ergänzen, veröffentlichen.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from wegweiser.editors.preview import Preview
    from wegweiser.editors.serve import serve

    root = _root(args.path)
    out = _output(args, Kind.SITE, root, root / "site")
    preview = Preview(root, out, _today(args.stichtag), lambda line: print(line, flush=True))
    if not preview.full() and not out.is_dir():
        print("Es gibt noch keine Website zum Anzeigen. Beheben Sie die Fehler; die Vorschau baut dann neu.")
        out.mkdir(parents=True, exist_ok=True)
    _unused_backend_port(args)
    if not args.redaktion:
        serve(preview, args.port)
        return 0
    return _serve_with_cms(root, preview, args.port)


def _unused_backend_port(args: argparse.Namespace) -> None:
    if args.redaktion_port is not None:
        print("wegweiser: Hinweis: --redaktion-port wird nicht mehr gebraucht: Das Formular speichert über die "
              "Vorschau selbst (Port -p).", file=sys.stderr)


def _serve_with_cms(root: Path, preview: Preview, port: int) -> int:
    """The preview plus the browser form at /redaktion/ and its local backend, both on the preview's port."""
    import tempfile

    from wegweiser.editors.cms import refresh_config, shapes_form
    from wegweiser.editors.form_backend import LocalBackend
    from wegweiser.editors.serve import serve

    backend = LocalBackend(root, today=lambda: preview.today)  # a new secret for each session; `stand` as --stichtag
    # mkdtemp: readable only by the user (config.yml holds the secret), removed at the end
    with tempfile.TemporaryDirectory(prefix="wegweiser-redaktion-") as folder:
        address: list[str] = []

        def listening(origin: str) -> None:
            address.append(origin + backend.path)
            _write_cms(root, Path(folder), address[0])
            print(f"Redaktion im Browser: {origin}/redaktion/", flush=True)

        def changed(paths: set[Path]) -> None:
            # A new quarter or category gets its collections at once; the open form shows them after a reload.
            if address and any(shapes_form(path, root) for path in paths):
                try:
                    if refresh_config(root, Path(folder), address[0]):
                        print("Redaktion: Quartiere oder Themen geändert – laden Sie das Formular neu (F5), um "
                              "sie zu sehen.", flush=True)
                except OSError as exc:
                    print(f"wegweiser: Fehler: Das Formular ließ sich nicht anpassen ({exc.strerror}).",
                          file=sys.stderr, flush=True)

        previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
        try:
            serve(preview, port, mounts={"/redaktion/": Path(folder)}, backend=backend, on_listen=listening,
                  on_change=changed)
        except OSError as exc:
            print(f"wegweiser: Fehler: Die Vorschau ließ sich auf 127.0.0.1:{port} nicht starten ({exc.strerror}); "
                  "wählen Sie einen anderen Port mit -p.", file=sys.stderr)
            return 2
        finally:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # clean up (the form's folder with the session's secret) as after Strg+C


def _write_cms(root: Path, out: Path, local_backend: str | None = None) -> None:
    from wegweiser.editors.cms import CmsMissing, TeamBackendInvalid, write_cms

    try:
        write_cms(root, out, local_backend)
    except CmsMissing as exc:
        raise SystemExit(f"wegweiser: Fehler: {exc}") from None
    except TeamBackendInvalid as exc:
        print(exc, file=sys.stderr)
        raise SystemExit("wegweiser: Das Formular wurde nicht geschrieben: redaktion.yml hat Fehler.") from None
    except OSError as exc:
        print(f"wegweiser: Fehler: „{exc.filename or out}“ lässt sich nicht schreiben ({exc.strerror}).",
              file=sys.stderr)
        raise SystemExit(2) from None


def cmd_cms(args: argparse.Namespace) -> int:
    root = _root(args.path)
    out = Path(args.output) if args.output else root / "site" / "redaktion"
    if out.is_file() or (out.is_dir() and any(out.iterdir()) and not (out / "decap-cms.js").is_file()):
        print(f"wegweiser: Fehler: „{out}“ ist kein leerer Ordner und kein früheres Formular; wählen Sie mit -o "
              "einen neuen Ordner.", file=sys.stderr)
        return 2
    _unused_backend_port(args)
    _write_cms(root, out)
    print(f"Redaktion (Decap CMS) geschrieben: {out / 'config.yml'} und {out / 'index.html'}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    import difflib

    from wegweiser.check import font_coverage
    from wegweiser.check.report import safe_text
    from wegweiser.check.validate import load_and_validate
    from wegweiser.printing.booklet import print_booklets
    from wegweiser.render.page_builder import site_sprachen

    root = _root(args.path)
    out = _output(args, Kind.PRINT, root, root / "site" / "druck")
    today = _today(args.stichtag)
    if args.termine_bis and args.termine_bis < today:
        print(f"wegweiser: Fehler: --termine-bis {args.termine_bis:%Y-%m-%d} liegt vor dem Drucktag "
              f"({today:%d.%m.%Y}): Das Heft kann nur kommende Termine nennen. Geben Sie einen späteren Tag an, "
              "z. B. das Ende des Quartals.", file=sys.stderr)
        return 2
    content, problems = load_and_validate(root, today)
    font_coverage.pruefen(content, today, problems, fehler=True)  # never a booklet with empty boxes for characters
    if problems.errors:
        _print_problems(problems)
        print(f"\nKeine Hefte erstellt: {len(problems.errors)} Fehler.")
        return 1
    for slug in args.quartier or []:
        if slug not in content.quartiere:
            close = difflib.get_close_matches(slug, list(content.quartiere), n=1)
            hint = f" Meinten Sie „{close[0]}“?" if close else f" Vorhanden: {', '.join(content.quartiere)}."
            print(f"wegweiser: Fehler: Das Quartier „{slug}“ gibt es nicht.{hint}", file=sys.stderr)
            return 2
    languages = site_sprachen(content)
    codes = [s.code for s in languages]
    for code in args.sprache or []:
        if code not in codes:
            valid = ", ".join(f"{s.code} ({s.eigenname})" for s in languages)
            print(f"wegweiser: Fehler: Die Sprache „{code}“ steht nicht in „sprachen“ in content/site.yaml. "
                  f"Möglich: {valid}.", file=sys.stderr)
            return 2
    out.mkdir(parents=True, exist_ok=True)
    mark(out, Kind.PRINT)
    try:
        results = print_booklets(content, today, out, args.quartier, print_shop=args.druckerei,
                                 nur_sprachen=args.sprache, termine_bis=args.termine_bis)
    except MissingGlyphs as exc:
        print(f"wegweiser: Fehler: {exc}", file=sys.stderr)
        return 1
    warnings = Problems([problem for result in results for problem in result.warnings])
    if warnings.items:
        _print_problems(warnings)
    for result in results:
        took = f"{result.seconds:.1f}".replace(".", ",")
        sheets = -(-result.pages // 4)
        shop = f", {result.print_shop.name}" if result.print_shop else ""
        language = f" ({result.sprache.eigenname})" if len(languages) > 1 else ""
        how = "unverändert, behalten" if result.behalten else f"in {took} s"
        print(f"{safe_text(content.quartiere[result.slug].name)}{language}: {result.pages} Seiten A5, "
              f"{sheets * 2} Seiten A4 ({sheets} Bögen) {how} → {result.a5.name}, {result.a4.name}{shop}")
    return 0


def _date_argument(text: str) -> date:
    """``--termine-bis``, ``--seit``: a date (argparse prints the message after "Angabe --…:")."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist kein Datum. Schreiben Sie es als JJJJ-MM-TT, z. B. "
                                         "2027-03-31.") from None


def cmd_demo_data(args: argparse.Namespace) -> int:
    from wegweiser.content.demo_data import generate

    out = _output(args, Kind.DEMO, None, None)
    quarters = args.quartiere or max(1, args.entries // 200)
    codes = tuple(code.strip() for code in (args.sprachen or "").split(",") if code.strip())
    from wegweiser.i18n.languages import BEKANNT

    unknown = [code for code in codes if code not in BEKANNT or code == "de"]
    if unknown:
        print(f"Fehler: unbekannte Sprache {', '.join(unknown)} in --sprachen (möglich: "
              f"{', '.join(code for code in BEKANNT if code != 'de')}).", file=sys.stderr)
        return 2
    generate(out, args.entries, quarters, args.seed, codes)
    print(f"{args.entries} Beispiel-Einträge in {quarters} Quartieren → {out}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from wegweiser.editors.schema_export import write_schemas

    args.ziel = Path(args.output)
    written = write_schemas(Path(args.output))
    if args.doku:
        from wegweiser.editors.schema_export import field_reference

        doc = Path(args.doku)
        doc.parent.mkdir(parents=True, exist_ok=True)
        doc.write_text(field_reference(), encoding="utf-8")
        written.append(doc)
    for path in written:
        print(f"geschrieben: {path}")
    return 0


def cmd_neu(args: argparse.Namespace) -> int:
    from wegweiser.editors.new_entry import NewEntryError, create_entry

    root = _root(args.path)
    try:
        path = create_entry(root, args.typ, args.quartier, args.name, _today(args.stichtag))
    except NewEntryError as exc:
        print(f"wegweiser: Fehler: {exc}", file=sys.stderr)
        return 2
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    print(f"Angelegt: {shown}")
    print("Ergänzen Sie die Angaben (Kommentare mit # zeigen jedes Feld mit Beispiel) und prüfen Sie mit "
          "„wegweiser check“.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from wegweiser.core.journal import TargetChanged
    from wegweiser.imports.records import ImportFehler
    from wegweiser.imports.run import Auftrag, prepare, report, write

    numbers = tuple(n.strip() for n in (args.schulnummern or "").split(",") if n.strip())
    job = Auftrag(args.art, Path(args.quelle), Path(args.path), args.probe, args.quartier, numbers, args.lizenz,
                  args.lizenz_url)
    try:
        result = prepare(job, _today(args.stichtag))
    except ImportFehler as exc:
        print(f"wegweiser: Fehler: {exc} Nichts übernommen, keine Datei wurde verändert.", file=sys.stderr)
        return 2
    if not args.probe and result.dateien:
        args.ziel = job.ordner
        try:
            write(job, result)
        except TargetChanged as exc:
            print(f"wegweiser: Fehler: „{exc.path.name}“ wurde während des Imports geändert. Nichts übernommen; "
                  "rufen Sie den Befehl noch einmal auf.", file=sys.stderr)
            return 1
    print("\n".join(report(result, args.probe)))
    return 0


def cmd_uebersetzen_export(args: argparse.Namespace) -> int:
    from wegweiser.core.output_guard import check_output_file
    from wegweiser.core.problems import ContentError
    from wegweiser.editors.translator_exchange import (
        UebersetzenFehler,
        dateiformat,
        exportieren,
        ist_export,
        po_datei,
        schreiben_export,
        xliff_datei,
    )

    root = _root(args.path)
    target = Path(args.output)
    try:
        form = dateiformat(target)
        auswahl, projekt = exportieren(root, args.sprache, args.alle)
    except (ContentError, UebersetzenFehler) as exc:
        _print_problems(exc.problems)
        print(f"\nNichts exportiert: {len(exc.problems.errors)} Fehler.")
        return 1
    args.ziel = check_output_file(target, ist_export, root)
    data = po_datei(auswahl, projekt) if form == "po" else xliff_datei(auswahl, projekt)
    try:
        schreiben_export(data, args.ziel)
    except OSError as exc:
        return _not_written(exc, target, args.ziel)
    name = f"{auswahl.sprache.eigenname} ({auswahl.sprache.code})"
    if not auswahl.einheiten:
        print(f"Nichts Neues zu übersetzen ins {name}: alle {auswahl.aktuell} Texte sind aktuell übersetzt "
              f"(--alle exportiert trotzdem alles). Leere Datei → {target}")
        return 0
    counts = ((auswahl.fehlt, "ohne Übersetzung"), (auswahl.veraltet, "veraltet"),
              (auswahl.unvollstaendig, "unvollständig"), (auswahl.aktuell if args.alle else 0, "aktuell"))
    parts = ", ".join(f"{count} {label}" for count, label in counts if count)
    objects = sum(count for count, _label in counts)
    print(f"Zum Übersetzen ins {name}: {len(auswahl.einheiten)} Texte aus {objects} "
          f"{'Objekt' if objects == 1 else 'Objekten'} ({parts}) → {target}")
    print(f"Zurück mit: wegweiser uebersetzen import {args.path} {target}")
    return 0


def cmd_uebersetzen_import(args: argparse.Namespace) -> int:
    from wegweiser.core.problems import ContentError
    from wegweiser.editors.translator_exchange import UebersetzenFehler, planen

    root = _root(args.path)
    source = Path(args.datei)
    if not source.is_file():
        print(f"wegweiser: Fehler: Die Datei „{args.datei}“ gibt es nicht.", file=sys.stderr)
        return 2
    try:
        plan = planen(root, source, args.unsicher_uebernehmen)
    except (ContentError, UebersetzenFehler) as exc:
        _print_problems(exc.problems)
        print(f"\nNichts übernommen: {len(exc.problems.errors)} Fehler. Keine Datei wurde verändert.")
        return 1
    args.ziel = root
    try:
        prepared = vorbereiten(root, plan)  # stopped until here, nothing has changed
    except TargetChanged as exc:
        print(f"wegweiser: Fehler: „{exc.path.relative_to(root).as_posix()}“ wurde während der Übernahme geändert. "
              "Nichts übernommen, keine Datei wurde verändert; rufen Sie den Befehl noch einmal auf.", file=sys.stderr)
        return 1
    with signals_deferred():  # all files in place, then the report: a stop request waits for both
        if prepared is not None:
            prepared.commit()
        _report_import(plan, root)
    return 0


def _report_import(plan: Plan, root: Path) -> None:
    if plan.warnungen.items:
        _print_problems(plan.warnungen)
    name = f"{plan.sprache.eigenname} ({plan.sprache.code})"
    same = f" (davon {plan.gleich} unverändert)" if plan.gleich else ""
    print(f"Übernommen ins {name}: {plan.texte} Texte{same} in {len(plan.dateien)} Dateien ({plan.neu} neu).")
    for path in sorted(plan.dateien):
        print(f"  {path.relative_to(root).as_posix()}")
    if plan.leer:
        print(f"{plan.leer} Texte ohne Übersetzung übersprungen.")
    if plan.unsicher:
        print(f"{plan.unsicher} unsichere Texte (in Bearbeitung, „fuzzy“) übersprungen; --unsicher-uebernehmen "
              "übernimmt sie.")
    for shown in plan.veraltet:
        print(f"Hinweis: {shown} wurde nach dem Export geändert; die Übersetzung gilt als veraltet.")


def _content_arguments(parser: argparse.ArgumentParser, verb: str, output: str | None) -> None:
    """The arguments every command on a content folder shares."""
    parser.add_argument("path", nargs="?", default=".", metavar="ORDNER",
                        help="Ordner mit content/ und quartiere/ (Standard: aktueller Ordner)")
    if output:
        parser.add_argument("-o", "--output", metavar="ZIEL", help=f"Zielordner (Standard: {output})")
    parser.add_argument("--stichtag", metavar="DATUM", help=f"so {verb}, als wäre heute DATUM (JJJJ-MM-TT)")


def _entry_types() -> list[str]:
    from wegweiser.model.entries import ENTRY_TYPES

    return list(ENTRY_TYPES)


def build_parser() -> argparse.ArgumentParser:
    argparse._ = _deutsch  # type: ignore[attr-defined]
    argparse.ngettext = _deutsch_plural  # type: ignore[attr-defined]
    parser = _Parser(prog="wegweiser", description="Familienwegweiser: Inhalte prüfen, Website und Hefte bauen.")
    parser.add_argument("--version", action="version", version=f"wegweiser {__version__}",
                        help="Versionsnummer anzeigen und beenden")
    commands = parser.add_subparsers(dest="command", title="Befehle", metavar="BEFEHL", parser_class=_Parser)
    _add_init(commands)
    _add_check(commands)
    _add_build(commands)
    _add_serve(commands)
    _add_cms(commands)
    _add_print(commands)
    _add_demo_data(commands)
    _add_neu(commands)
    _add_pruefliste(commands)
    _add_bericht(commands)
    _add_uebersetzen(commands)
    _add_import(commands)
    _add_schema(commands)
    return parser


def _add_init(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser init``."""
    init = commands.add_parser(
        "init", help="Einen neuen Familienwegweiser anlegen (nur Inhalte, mit Dateien zum Veröffentlichen).",
        description="Legt in ORDNER einen neuen Familienwegweiser an: content/site.yaml, Themen, je Quartier einen "
                    "Ordner, Impressum und Datenschutz zum Ergänzen, LIESMICH.md und die Dateien, mit denen GitHub, "
                    "GitLab oder ein eigener Server die Website veröffentlicht. Im Terminal fragt es nach allem, "
                    "was nicht als Option angegeben ist; ohne Terminal gelten die Vorschläge (Musterstadt, "
                    "GitHub Pages). ORDNER muss neu oder leer sein.")
    init.add_argument("ordner", metavar="ORDNER", help="neuer oder leerer Ordner für den Wegweiser")
    init.add_argument("--hosting", metavar="ORT", help="wo veröffentlicht wird: github (GitHub Pages, Standard), "
                                                      "gitlab (GitLab Pages) oder server (eigener Webserver)")
    init.add_argument("--titel", help="Titel der Website und der Hefte (Standard: Familienwegweiser REGION)")
    init.add_argument("--region", help="Stadt, Kreis oder Netzwerk (Standard: Musterstadt)")
    init.add_argument("--bundesland", metavar="KÜRZEL", help="Bundesland, z. B. NW, BY, BE (Standard: NW)")
    init.add_argument("--quartier", action="append", metavar="NAME[=PLZ,…]",
                      help="ein Quartier, mit Postleitzahlen nach =; mehrmals angeben für mehrere "
                           "(Standard: Nordstadt und Südstadt)")
    init.add_argument("--sprachen", metavar="de,en,…", help="Sprachen der Website, de zuerst "
                                                           "(Standard: de, leicht, en, tr, ar, uk, ru)")
    init.add_argument("--herausgeber", help="wer den Wegweiser herausgibt (für Impressum und Heft)")
    init.add_argument("--anschrift", help="Anschrift des Herausgebers; Zeilen mit \\n trennen")
    init.add_argument("--email", help="E-Mail-Adresse der Redaktion")
    init.add_argument("--repo", metavar="KONTO/NAME", help="das Projekt bei GitHub oder GitLab "
                                                          "(Standard: familiennetz-REGION/familienwegweiser)")
    init.add_argument("--basis-url", metavar="ADRESSE", help="Adresse der Website (Standard: die Pages-Adresse "
                                                            "des Projekts)")
    init.add_argument("--programm", metavar="ANFORDERUNG",
                      help="wie die Veröffentlichung dieses Programm installiert, als Zeile für requirements.txt "
                           "(Standard: die Quelle, aus der es installiert ist)")
    init.add_argument("--ohne-fragen", action="store_true", help="nicht fragen, sondern die Vorschläge nehmen")
    init.add_argument("--stichtag", metavar="DATUM", help="so anlegen, als wäre heute DATUM (JJJJ-MM-TT)")
    init.set_defaults(func=cmd_init)


def _add_check(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser check``."""
    check = commands.add_parser("check", help="Inhalte prüfen und jeden Fehler mit Datei und Zeile melden.",
                                description="Prüft alle Inhalte und meldet jeden Fehler mit Datei und Zeile.")
    _content_arguments(check, "prüfen", None)
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="github: Meldungen als Anmerkungen für GitHub Actions")
    check.add_argument("--streng", action="store_true", help="Warnungen wie Fehler behandeln (Exit-Code 1)")
    check.add_argument("--uebersetzungen", nargs="?", const="", metavar="SPRACHE",
                       help="je Sprache (oder nur SPRACHE) alle fehlenden und veralteten Übersetzungen auflisten, "
                            "mit Datei:Zeile des Originals und Adresse der Seite")
    check.add_argument("--reparieren", action="store_true",
                       help="Zeichen aus Word (geschützte Leerzeichen, typografische Anführungszeichen und "
                            "Gedankenstriche, wo sie einen Wert stören) in den Dateien ersetzen, dann prüfen")
    check.set_defaults(func=cmd_check)


def _add_build(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser build``."""
    build = commands.add_parser("build", help="Website bauen (MkDocs Material und Pagefind-Suche).",
                                description="Prüft die Inhalte und baut die Website. Bei Fehlern bleibt die "
                                            "bisherige Website unverändert.")
    _content_arguments(build, "bauen", "ORDNER/site")
    build.add_argument("--redaktion", action="store_true",
                       help="auch das Formular zum Bearbeiten im Browser nach ZIEL/redaktion/ legen")
    build.set_defaults(func=cmd_build)


def _add_serve(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser serve``."""
    serve = commands.add_parser("serve", help="Vorschau auf 127.0.0.1, die bei Änderungen neu baut.",
                                description="Baut die Website, zeigt sie unter http://127.0.0.1:PORT/ und baut "
                                            "neu, sobald sich eine Datei in content/, quartiere/ oder "
                                            "templates/ ändert.")
    _content_arguments(serve, "bauen", "ORDNER/site")
    serve.add_argument("-p", "--port", type=int, default=8000, help="Port (Standard: 8000)")
    serve.add_argument("--redaktion", action="store_true",
                       help="auch das Formular zum Bearbeiten im Browser unter /redaktion/ anbieten")
    serve.add_argument("--redaktion-port", type=int, help=argparse.SUPPRESS)  # decap-server's port until issue 24
    serve.set_defaults(func=cmd_serve)


def _add_cms(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser cms``."""
    cms = commands.add_parser("cms", help="Formular zum Bearbeiten im Browser (Decap CMS) aus dem Modell erzeugen.",
                              description="Schreibt config.yml und index.html für das Formular unter /redaktion/: "
                                          "für jedes Quartier und jede Art eine Sammlung mit allen Feldern.")
    cms.add_argument("path", nargs="?", default=".", metavar="ORDNER",
                     help="Ordner mit content/ und quartiere/ (Standard: aktueller Ordner)")
    cms.add_argument("-o", "--output", metavar="ZIEL", help="Zielordner (Standard: ORDNER/site/redaktion)")
    cms.add_argument("--redaktion-port", type=int, help=argparse.SUPPRESS)  # decap-server's port until issue 24
    cms.set_defaults(func=cmd_cms)


def _add_print(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser print``."""
    printing = commands.add_parser("print", help="Gedruckte Wegweiser-Hefte (A5) und Druckbögen (A4) erstellen.",
                                   description="Erstellt für jedes Quartier ein A5-Heft als PDF, einen A4-Druckbogen "
                                               "für den Broschürendruck und eine Druckansicht für den Browser.")
    _content_arguments(printing, "drucken", "ORDNER/site/druck")
    printing.add_argument("--quartier", action="append", metavar="KÜRZEL",
                          help="nur dieses Quartier (mehrfach möglich)")
    printing.add_argument("--druckerei", action="store_true",
                          help="zusätzlich eine Ausgabe für die Druckerei: A5 mit 3 mm Beschnitt und Schnittmarken "
                               "(<quartier>-heft-a5-druckerei.pdf)")
    printing.add_argument("--sprache", action="append", metavar="CODE",
                          help="nur diese Sprache aus „sprachen“ in site.yaml (mehrfach möglich; Standard: alle). "
                               "Hefte der Hauptsprache heißen <quartier>-heft-a5.pdf, die anderen "
                               "<quartier>-heft-a5.<code>.pdf")
    printing.add_argument("--termine-bis", type=_date_argument, metavar="JJJJ-MM-TT",
                          help="zusätzlich einen Abschnitt „Termine“ mit den Terminen des Quartiers und der ganzen "
                               "Region vom Drucktag bis zu diesem Tag (Standard: keine Termine, denn ein Heft wird "
                               "monatelang verteilt)")
    printing.set_defaults(func=cmd_print)


def _add_demo_data(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser demo-data``."""
    demo = commands.add_parser("demo-data", help="Erfundene Beispielinhalte beliebiger Größe erzeugen (für Tests).",
                               description="Erzeugt einen Inhaltsordner mit erfundenen Einträgen aller Arten; "
                                           "gleiche Angaben ergeben immer dieselben Dateien.")
    demo.add_argument("--entries", type=int, default=1000, metavar="N", help="Anzahl der Einträge (Standard: 1000)")
    demo.add_argument("--quartiere", type=int, default=0, metavar="Q", help="Anzahl der Quartiere (Standard: N/200)")
    demo.add_argument("--seed", type=int, default=7, help="Startwert des Zufalls (Standard: 7)")
    demo.add_argument("--sprachen", metavar="CODES", help="Übersetzungen jedes Eintrags in diese Sprachen, "
                                                          "z. B. en,tr (Standard: nur Deutsch)")
    demo.add_argument("-o", "--output", required=True, metavar="ZIEL",
                      help="Zielordner: neu, leer oder von demo-data angelegt")
    demo.set_defaults(func=cmd_demo_data)


def _add_neu(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser neu``."""
    neu = commands.add_parser("neu", help="Einen neuen Eintrag mit allen Feldern als Vorlage anlegen.",
                              description="Legt eine neue Eintragsdatei an: Dateiname aus dem Namen, heutiges "
                                          "Datum als „stand“, alle weiteren Felder als Kommentare mit Beispiel. "
                                          "Eine vorhandene Datei wird nie überschrieben.")
    neu.add_argument("typ", metavar="ART", help=f"Art des Eintrags: {', '.join(_entry_types())}")
    neu.add_argument("quartier", metavar="QUARTIER",
                     help="Kürzel des Quartiers (Ordner in quartiere/) oder „region“ für content/<art>/")
    neu.add_argument("name", metavar="NAME", help="Name des Eintrags, in Anführungszeichen")
    _content_arguments(neu, "anlegen", None)
    neu.set_defaults(func=cmd_neu)


def _add_pruefliste(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser pruefliste``."""
    review = commands.add_parser("pruefliste", help="Einträge, die zur Prüfung fällig sind, mit fertigen Anschreiben.",
                                 description="Listet die Einträge, deren „stand“ älter als MONATE ist oder deren "
                                             "„gueltig_bis“ in den nächsten 8 Wochen liegt oder vorbei ist, nach "
                                             "Träger oder Kontakt gruppiert, mit Telefon, E-Mail und den "
                                             "Anschreiben je Träger.")
    _content_arguments(review, "prüfen", None)
    review.add_argument("--monate", type=int, default=12, metavar="MONATE",
                        help="fällig, wenn „stand“ älter ist als so viele Monate (Standard: 12)")
    review.add_argument("--format", choices=["md", "csv", "html"], default="md",
                        help="md (Standard), csv (für Excel) oder html")
    review.add_argument("-o", "--output", metavar="DATEI", help="in diese Datei schreiben (Standard: Ausgabe)")
    review.set_defaults(func=cmd_pruefliste)


def _add_bericht(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser bericht``."""
    report = commands.add_parser("bericht", help="Planungsbericht für das Netzwerk: Angebote, Lücken, Pflege und "
                                 "Änderungen je Quartier.",
                                 description="Zählt die Angebote je Quartier, Altersgruppe und Thema (mit kostenlosen "
                                             "und Angeboten je Familiensprache), nennt die Lücken, den Anteil der "
                                             "fälligen, unübersetzten Einträge und der Orte ohne Angaben zum "
                                             "Zugang und was seit einem Tag neu, entfernt oder geändert ist.")
    _content_arguments(report, "zählen", None)
    report.add_argument("--seit", type=_date_argument, metavar="JJJJ-MM-TT",
                        help="Änderungen seit diesem Tag (Standard: die letzten 12 Monate)")
    report.add_argument("--monate", type=int, default=12, metavar="MONATE",
                        help="zur Prüfung fällig, wenn „stand“ älter ist als so viele Monate (Standard: 12)")
    report.add_argument("--format", choices=["html", "csv", "pdf"],
                        help="html (Standard: eine Datei mit Diagrammen), csv (für Excel: die Matrix, daneben "
                             "DATEI.anteile.csv und DATEI.aenderungen.csv) oder pdf (für Sitzungen); ohne Angabe "
                             "nach der Endung von -o")
    report.add_argument("-o", "--output", metavar="DATEI",
                        help="in diese Datei schreiben (Standard: bericht.html, .csv oder .pdf im aktuellen Ordner)")
    report.set_defaults(func=cmd_bericht)


def _add_import(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser import``."""
    importing = commands.add_parser(
        "import", help="Einträge aus anderen Quellen übernehmen (Schuldaten NRW, OpenStreetMap, HSDS).",
        description="Legt Einträge aus einer Quelle an und bringt sie beim nächsten Aufruf auf deren Stand: "
                    "geändert werden nur Felder, die die Redaktion nicht geändert hat; alles andere wird gemeldet. "
                    "Jeder Eintrag nennt Quelle und Lizenz. Mit --probe zeigt der Befehl nur, was er täte.")
    importing.add_argument("art", metavar="ART", choices=["schulen-nrw", "osm", "hsds"],
                           help="schulen-nrw (schuldaten.csv des Schulministeriums), osm (Spielplätze als GeoJSON "
                                "oder .osm) oder hsds (Ordner eines Open-Referral-Exports)")
    importing.add_argument("quelle", metavar="QUELLE", help="Datei oder Ordner der Quelle")
    _content_arguments(importing, "übernehmen", None)
    importing.add_argument("--probe", action="store_true", help="nur zeigen, was sich ändern würde; nichts schreiben")
    importing.add_argument("--quartier", metavar="QUARTIER",
                           help="alle neuen Einträge in dieses Quartier (sonst nach Postleitzahl oder Lage)")
    importing.add_argument("--schulnummern", metavar="LISTE",
                           help="nur diese Schulen, z. B. 112586,123456 (sonst alle mit den Postleitzahlen der "
                                "Quartiere)")
    importing.add_argument("--lizenz", metavar="LIZENZ",
                           help="Lizenz der Daten, wenn der HSDS-Export keine nennt, z. B. \"CC BY 4.0\"")
    importing.add_argument("--lizenz-url", metavar="URL", help="Adresse des Lizenztexts zu --lizenz")
    importing.set_defaults(func=cmd_import)


def _add_uebersetzen(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser uebersetzen (export, import)``."""
    translate = commands.add_parser("uebersetzen", help="Texte für Übersetzer exportieren und Übersetzungen "
                                    "übernehmen (PO oder XLIFF 2.0).",
                                    description="Tauscht Texte mit Übersetzungsbüros und -programmen (Weblate, "
                                                "Poedit, OmegaT) aus: export schreibt, was neu oder geändert ist, "
                                                "import schreibt die Übersetzungsdateien neben die Originale.")
    steps = translate.add_subparsers(dest="schritt", title="Schritte", metavar="SCHRITT", parser_class=_Parser,
                                     required=True)
    export = steps.add_parser("export", help="Texte zum Übersetzen in eine PO- oder XLIFF-Datei schreiben.",
                              description="Schreibt alle Texte, deren Übersetzung fehlt, veraltet oder "
                                          "unvollständig ist, in DATEI: .po (gettext) oder .xlf (XLIFF 2.0).")
    export.add_argument("path", nargs="?", default=".", metavar="ORDNER",
                        help="Ordner mit content/ und quartiere/ (Standard: aktueller Ordner)")
    export.add_argument("--sprache", required=True, metavar="CODE", help="Zielsprache, z. B. tr, en, ar, leicht")
    export.add_argument("-o", "--output", required=True, metavar="DATEI",
                        help="Ausgabedatei; die Endung bestimmt das Format: .po oder .xlf/.xliff")
    export.add_argument("--alle", action="store_true", help="alle Texte, auch die aktuell übersetzten")
    export.set_defaults(func=cmd_uebersetzen_export)
    importing = steps.add_parser("import", help="Übersetzte PO- oder XLIFF-Datei übernehmen.",
                                 description="Prüft DATEI vollständig und schreibt dann die Übersetzungsdateien "
                                             "(<name>.<sprache>.md/.yaml) neben die Originale; bei einem Fehler "
                                             "wird nichts geschrieben.")
    importing.add_argument("path", nargs="?", default=".", metavar="ORDNER",
                           help="Ordner mit content/ und quartiere/ (Standard: aktueller Ordner)")
    importing.add_argument("datei", metavar="DATEI", help="die übersetzte .po- oder .xlf-Datei")
    importing.add_argument("--unsicher-uebernehmen", action="store_true",
                           help="auch als unsicher markierte Texte übernehmen (fuzzy bzw. wegweiser:veraltet)")
    importing.set_defaults(func=cmd_uebersetzen_import)


def _add_schema(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``wegweiser schema``."""
    schema = commands.add_parser("schema", help="JSON-Schemas der Inhaltsdateien für Editoren schreiben.",
                                 description="Schreibt JSON-Schemas, mit denen Editoren (z. B. VS Code) "
                                             "Felder vorschlagen und erklären.")
    schema.add_argument("-o", "--output", default="schema", metavar="ORDNER", help="Zielordner (Standard: schema)")
    schema.add_argument("--doku", metavar="DATEI", help="auch die Feldreferenz (Markdown) schreiben")
    schema.set_defaults(func=cmd_schema)


class _Terminated(BaseException):
    """SIGTERM (CI cancellation, systemd) or SIGHUP (the terminal was closed): raised so that temporary folders are
    removed on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated(signum)


def _on_stop_signals() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    hangup = getattr(signal, "SIGHUP", None)  # not on Windows
    if hangup is not None and signal.getsignal(hangup) is signal.SIG_DFL:  # under nohup it stays ignored
        signal.signal(hangup, _terminate)


# Commands on a content folder: first they complete or undo an import of translations that was stopped.
CONTENT_COMMANDS = ("check", "build", "serve", "cms", "print", "neu", "pruefliste", "bericht", "uebersetzen", "import")


def _recover(path: str) -> None:
    from wegweiser.core.journal import recover

    root = Path(path)
    if not root.is_dir():
        return  # the command says so
    try:
        done = recover(root.resolve())
    except OSError as exc:
        print(f"wegweiser: Warnung: Eine abgebrochene Übernahme von Übersetzungen lässt sich nicht abschließen "
              f"({exc.strerror}: {exc.filename}); „wegweiser check“ nennt die übrigen Dateien.", file=sys.stderr)
        return
    for item in done:
        if item.finished:
            files = "1 Datei ist" if item.files == 1 else f"{item.files} Dateien sind"
            print(f"Hinweis: Eine abgebrochene Übernahme von Übersetzungen wurde abgeschlossen: {files} übernommen.",
                  file=sys.stderr)
        else:
            print(f"Hinweis: Eine abgebrochene Übernahme von Übersetzungen wurde rückgängig gemacht: keine der "
                  f"{item.files} Dateien wurde verändert. Rufen Sie „wegweiser uebersetzen import“ noch einmal auf.",
                  file=sys.stderr)


def _environment_error(exc: OSError, args: argparse.Namespace) -> int | None:
    """Disk full, read-only, no permission …: a German message naming the path, exit 2; None for anything else."""
    message = environment_message(exc, getattr(args, "ziel", None), "" if args.command == "init" else "mit -o ")
    if message is None:
        return None
    if args.command in ("build", "serve"):
        message += " Die bisherige Website bleibt unverändert."
    print(f"wegweiser: Fehler: {message}", file=sys.stderr)
    return 2


# Commands that load the content once and end. The garbage collector is off for them: its rounds over the loaded
# entries (millions of objects, none of them garbage) took 0.7-0.9 s of the 3 s that one changed entry takes at
# 10,000 entries. A full build calls it itself where memory matters (before Pagefind writes); its peak was the same
# with it off (903 against 898 MB, measured).
ONE_SHOT = ("build", "check")


def run() -> int:
    """The command (``wegweiser``, ``python -m wegweiser``): ``main``, then out without the interpreter's last full
    garbage collection over everything the command loaded (0.3 s at 10,000 entries); the objects are freed with
    the process."""
    if sys.argv[1:2] and sys.argv[1] in ONE_SHOT:
        gc.disable()
    code = main()
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    _on_stop_signals()
    try:
        if args.command in CONTENT_COMMANDS:
            _recover(args.path)
        result: int = args.func(args)
        return result
    except BrokenPipeError:  # e.g. `wegweiser check | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("\nAbgebrochen.", file=sys.stderr)
        return 130
    except _Terminated as exc:
        print(f"\nAbgebrochen ({exc.name}).", file=sys.stderr)
        return 128 + exc.signum  # 143 for SIGTERM, 129 for SIGHUP, as the shell counts
    except OutputRefused as exc:
        print(f"wegweiser: Fehler: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        code = _environment_error(exc, args)
        if code is None:
            return _internal_error(exc)
        return code
    except Exception as exc:
        return _internal_error(exc)


def _internal_error(exc: Exception) -> int:
    # Content problems never get here (they are reported with file and line); this is a bug in wegweiser.
    if os.environ.get("WEGWEISER_DEBUG"):
        raise exc
    print(f"wegweiser: interner Fehler ({type(exc).__name__}: {exc}). Das ist ein Fehler im Programm, "
          "nicht in Ihren Inhalten. Bitte melden Sie ihn; Details zeigt WEGWEISER_DEBUG=1.", file=sys.stderr)
    return 3


if __name__ == "__main__":
    sys.exit(main())
