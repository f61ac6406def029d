"""Index: Pagefind (the real binary, from the pagefind-bin package) fed page by page while pages are rendered.

Pagefind runs as its indexing service (``pagefind --service``) from the start of a build; every page that carries
``data-pagefind-body`` is handed to it as soon as it is rendered, so Pagefind indexes on one core while the pages
are rendered on the other, and nothing is written twice or read back. It gets only the page's searchable part (the
``<article>``), never the theme's chrome, which is three quarters of every page's bytes.

The protocol is Pagefind's own (the one its Python and Node wrappers speak): each message is base64-encoded JSON
followed by a comma, on stdin and stdout. We talk it directly because the Python wrapper polls every 0.1 s and
waits for each page before sending the next (17 minutes for 10,000 pages); here messages stream and the responses
are counted by a reader thread.

Languages: each search document carries its page's language as ``<html lang>`` (``Sprache.lang``: ``de``,
``de-x-ls``, ``en``, ``tr``, ``ar``, ``uk``, ``ru``). Pagefind builds one index per distinct ``lang`` value and stems
by its first subtag (``de-x-ls`` is its own index, stemmed as German; ``uk`` has no stemmer in Pagefind). In the
browser Pagefind picks the index named by the search page's own ``<html lang>`` (exact, else the first subtag, else
the largest index), so ``/en/suche/`` searches the English pages only. A page shown in the main language because it
is not translated is indexed in the language of the site it belongs to (its root ``lang``), so it is found there.
"""

from __future__ import annotations

import base64
import contextlib
import html as html_module
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from wegweiser import swap
from wegweiser.search_bundle import BundleCopy, written
from wegweiser.sprachen import DEUTSCH

# Pagefind reads message ids as 32-bit numbers; each sender (the build and its workers) gets its own range, split
# by language, so that an answer tells which language's index it belongs to.
IDS_PER_SENDER = 100_000_000
IDS_PER_LANGUAGE = 1_000_000
# Pagefind 1.5 allocates with jemalloc, which keeps freed memory for 10 s by default. Writing an index frees and
# allocates a lot; handing freed pages back after 0.2 s lowered Pagefind's peak for 10,000 pages from 887 to 727 MB
# and what it keeps after writing one language from 379 to 191 MB, at the same CPU time (measured here). A setting
# of the user's own wins (the environment is applied over this); an allocator that is not jemalloc ignores it.
ALLOCATOR = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:200,muzzy_decay_ms:0"}


class SearchIndexError(Exception):
    pass


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def indexable(html: str) -> bool:
    return "data-pagefind-body" in html


def searchable_part(html: str) -> str:
    """The element marked ``data-pagefind-body`` (an <article>): all that Pagefind reads of a page."""
    start = html.find("<article", max(0, html.find("data-pagefind-body") - 200))
    end = html.find("</article>", start)
    return html[start:end + len("</article>")] if start >= 0 and end >= 0 else html


def search_document(html: str, lang: str = DEUTSCH.lang) -> str:
    """What Pagefind reads of a page: its searchable part in a document whose ``lang`` names the index it joins."""
    return (f'<!DOCTYPE html><html lang="{html_module.escape(lang)}"><head><meta charset="utf-8"></head>'
            f"<body>{searchable_part(html)}</body></html>")


def _encode(message_id: int, payload: dict[str, object]) -> bytes:
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")) + b","


class PageMessages:
    """Encodes pages for the index; a forked worker has its own (``sender``) and hands the bytes to the build,
    which passes them on unchanged (``SearchIndex.send_encoded``)."""

    def __init__(self, index_ids: dict[str, int], sender: int) -> None:
        self.index_ids = index_ids  # Pagefind's index of each language (``Sprache.lang``)
        self.numbers = {lang: number for number, lang in enumerate(index_ids)}
        self.counts = dict.fromkeys(index_ids, 0)
        self.sender = sender

    def add(self, url: str, html: str, lang: str) -> bytes:
        """The message that adds a page (``url`` relative to the site root, as ``Page.url``) in language ``lang``."""
        self.counts[lang] += 1
        message_id = (self.sender + 1) * IDS_PER_SENDER + self.numbers[lang] * IDS_PER_LANGUAGE + self.counts[lang]
        return _encode(message_id, {"type": "AddFile", "index_id": self.index_ids[lang], "url": "/" + url,
                                    "file_contents": search_document(html, lang)})


class SearchIndex:
    """One Pagefind service process building a site's index: one index per language (``Sprache.lang``), each
    written and dropped as soon as its pages are in, so that Pagefind holds one language's index at a time while
    writing (at 10,000 entries in three languages: 0.9 GB instead of 2.7 GB)."""

    def __init__(self, langs: list[str], site_dir: Path | None = None) -> None:
        """``site_dir``: where the site is made, known in advance: each language's bundle is copied there as soon as
        it is written (the build's thread that writes them does it while the workers render the next language)."""
        import pagefind_bin

        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - Pagefind's stderr, open until close()
        # Pagefind dies with the build, so a killed build leaves no writer behind (not with threads: preexec_fn is
        # unsafe there, and only the preview has threads). Windows has no preexec_fn: there the build stops it.
        arm = swap.die_with_parent() if threading.active_count() == 1 and os.name == "posix" else None
        self.process = subprocess.Popen([str(pagefind_bin.get_executable()), "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self._errors, preexec_fn=arm,
                                        env={**ALLOCATOR, **os.environ})
        self._stdin: IO[bytes] = self.process.stdin  # type: ignore[assignment]
        self._lock = threading.Lock()  # the build and its threads all send
        self._done = threading.Condition()
        self._sent = [0] * len(langs)  # AddFile messages sent, per language
        self._answered = [0] * len(langs)  # and answered
        self._replies: dict[int, dict[str, object]] = {}  # answers to the requests we wait for, by id
        self._failures: list[str] = []
        self._requests = 0  # NewIndex, WriteFiles, DeleteIndex: ids below the senders' ranges
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.langs = list(dict.fromkeys(langs))
        self.index_ids = {lang: int(str(self._request({"type": "NewIndex", "config": {}})["index_id"]))
                          for lang in self.langs}
        self.messages = PageMessages(self.index_ids, 0)
        self._output: Path | None = None  # where the languages' bundles are merged
        self._entry: dict[str, object] = {}  # pagefind-entry.json of the last language written …
        self._languages: dict[str, object] = {}  # … and the "languages" of all of them
        self._written: set[str] = set()
        self._site_dir = site_dir
        self._copy: BundleCopy | None = None
        self._copied: set[Path] = set()

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        pending = b""
        while chunk := self._next_chunk(stdout):
            *messages, pending = (pending + chunk).split(b",")
            for raw in messages:
                reply = json.loads(base64.b64decode(raw))
                payload = reply.get("payload") or {}
                message_id = int(reply.get("message_id") or 0)
                with self._done:
                    if payload.get("type") == "Error":
                        self._failures.append(str(payload.get("original_message") or payload.get("message")))
                    if message_id >= IDS_PER_SENDER:
                        self._answered[message_id % IDS_PER_SENDER // IDS_PER_LANGUAGE] += 1
                    else:
                        self._replies[message_id] = payload
                    self._done.notify_all()
        with self._done:  # Pagefind ended: nobody waits for ever
            self._failures.append(self._stderr() or "Pagefind wurde beendet.")
            self._done.notify_all()

    @staticmethod
    def _next_chunk(stdout: IO[bytes]) -> bytes:
        try:
            return stdout.read1(1 << 20)  # type: ignore[attr-defined,no-any-return]
        except (OSError, ValueError):  # closed by close()
            return b""

    def _stderr(self) -> str:
        try:
            self._errors.seek(0)
            return self._errors.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):  # closed by close()
            return ""

    def _write(self, data: bytes, flush: bool = False) -> None:
        try:
            with self._lock:
                self._stdin.write(data)
                if flush:
                    self._stdin.flush()
        except (BrokenPipeError, ValueError):
            raise SearchIndexError(self._stderr() or "Pagefind wurde beendet.") from None

    def _request(self, payload: dict[str, object]) -> dict[str, object]:
        with self._lock:
            self._requests += 1
            message_id = self._requests
        self._write(_encode(message_id, payload), flush=True)
        with self._done:
            self._done.wait_for(lambda: message_id in self._replies or bool(self._failures))
            if self._failures:
                raise SearchIndexError(self._failures[0])
            return self._replies.pop(message_id)

    def add(self, url: str, html: str, lang: str = DEUTSCH.lang) -> None:
        """Index a page now, if it is searchable (``lang`` is the page's ``Sprache.lang``)."""
        if indexable(html):
            self.send_encoded(self.messages.add(url, html, lang), {lang: 1})

    def send_encoded(self, data: bytes, pages: dict[str, int]) -> None:
        """Pass on AddFile messages a worker encoded with its own ``PageMessages`` (``pages``: how many per lang)."""
        with self._done:
            for lang, count in pages.items():
                self._sent[self.langs.index(lang)] += count
        self._write(data)

    def write_language(self, lang: str) -> None:
        """Once every page of ``lang`` was sent: wait for them, write that language's index and drop it."""
        if lang in self._written:
            return
        self._written.add(lang)
        number = self.langs.index(lang)
        self._write(b"", flush=True)
        with self._done:
            self._done.wait_for(lambda: self._answered[number] >= self._sent[number] or bool(self._failures))
            if self._failures:
                raise SearchIndexError(self._failures[0])
        last = len(self._written) == len(self.langs)
        if not self._sent[number] and (self._languages or not last):  # nothing to search in this language
            self._request({"type": "DeleteIndex", "index_id": self.index_ids[lang]})
            return
        if self._output is None:
            # Through RAM where there is some: measured here, Pagefind writing 10,000 fragments straight to disk
            # took 13.3 s, into RAM 7.6 s plus 0.7 s to copy.
            ram = swap.SHM.is_dir() and os.access(swap.SHM, os.W_OK)
            self._output = swap.owned_temp_folder(swap.SHM_PREFIX, swap.SHM if ram else Path(tempfile.gettempdir()))
        part = self._output / f"sprache-{number}"
        self._request({"type": "WriteFiles", "index_id": self.index_ids[lang], "output_path": str(part)})
        self._request({"type": "DeleteIndex", "index_id": self.index_ids[lang]})
        entry_file = part / "pagefind-entry.json"
        if not entry_file.is_file():
            raise SearchIndexError(self._stderr() or "Pagefind schrieb keinen Index.")
        entry = json.loads(written(entry_file, _is_json))
        self._languages.update(entry.get("languages", {}))
        self._entry = entry
        if self._site_dir is not None:
            self._copy_bundle(part, self._site_dir)

    def _copy_bundle(self, part: Path, site_dir: Path) -> None:
        if self._copy is None:
            self._copy = BundleCopy(site_dir / "pagefind")
        self._copy.add(part)
        self._copied.add(part)
        shutil.rmtree(part, ignore_errors=True)  # in RAM

    def write(self, site_dir: Path) -> None:
        """Write what is left of the index and put every language's bundle together in ``site_dir/pagefind``."""
        try:
            for lang in self.langs:
                self.write_language(lang)
            target = site_dir / "pagefind"
            assert self._output is not None and self._site_dir in (None, site_dir)
            # The bundles differ only in their languages' files (named by language) and pagefind-entry.json.
            for part in sorted(self._output.iterdir()):
                if part not in self._copied:
                    self._copy_bundle(part, site_dir)
            renamed = self._copy.finish() if self._copy is not None else {}
            target.mkdir(parents=True, exist_ok=True)
            languages = {lang: {**info, "hash": renamed.get(str(info.get("hash")), info.get("hash"))}
                         if isinstance(info, dict) else info for lang, info in self._languages.items()}
            merged = {**self._entry, "languages": languages}
            (target / "pagefind-entry.json").write_text(json.dumps(merged, separators=(",", ":")), "utf-8")
        finally:
            if self._copy is not None:
                self._copy.close()
            if self._output is not None:
                shutil.rmtree(self._output, ignore_errors=True)

    @property
    def numbers(self) -> dict[str, dict[str, int]]:
        """After ``write``: each page's number in its language's page list (``BundleCopy.numbers``)."""
        return self._copy.numbers if self._copy is not None else {}

    def close(self) -> None:
        """Stop Pagefind (also after an error or interruption)."""
        if self._copy is not None:
            self._copy.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._errors.close()
        if self._output is not None:
            shutil.rmtree(self._output, ignore_errors=True)


def index_pages(pages: Iterable[tuple[str, str] | tuple[str, str, str]], site_dir: Path) -> int:
    """Index (url, page body[, lang]) tuples into ``site_dir/pagefind`` in one go (used by the preview server);
    without ``lang`` a page is in the main language, German."""
    listed = [(url, html, *(lang or [DEUTSCH.lang])) for url, html, *lang in pages]
    index = SearchIndex([lang for *_, lang in listed])
    count = 0
    try:
        for url, html, lang in listed:
            index.add(url, html, lang)
            count += 1
        index.write(site_dir)
    finally:
        index.close()
    return count
