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
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from wegweiser.core import folder_swap, processes
from wegweiser.i18n.languages import DEUTSCH
from wegweiser.search.bundle import BundleCopy
from wegweiser.search.merge import MergeError

# Pagefind reads message ids as 32-bit numbers and only echoes them. A page's message id tells which sender (the
# build and each of its workers), language and block it belongs to, so that its answer is counted for its block.
IDS_PER_SENDER = 100_000_000
IDS_PER_LANGUAGE = 1_000_000
# Pagefind 1.5 allocates with jemalloc, which keeps freed memory for 10 s by default. Writing an index frees and
# allocates a lot; handing freed pages back after 0.2 s lowered Pagefind's peak for 10,000 pages from 887 to 727 MB
# and what it keeps after writing one language from 379 to 191 MB, at the same CPU time (measured here). A setting
# of the user's own wins (the environment is applied over this); an allocator that is not jemalloc ignores it.
ALLOCATOR = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:200,muzzy_decay_ms:0"}


class SearchIndexError(Exception):
    pass


def indexable(html: str) -> bool:
    return "data-pagefind-body" in html


def searchable_part(html: str) -> str:
    """The element marked ``data-pagefind-body`` (an <article>): all that Pagefind reads of a page."""
    start = html.find("<article", max(0, html.find("data-pagefind-body") - 200))
    end = html.find("</article>", start)
    return html[start:end + len("</article>")] if start >= 0 and end >= 0 else html


# Pagefind's sort orders (``data-pagefind-sort``) keep the order of a block's pages, not the values, so blocks'
# orders cannot be merged; the search page does not sort by them. A content folder's own template that sets one
# must not break the index: the attribute is taken out of what Pagefind reads.
# HTML attribute names are case-insensitive, and Pagefind's parser takes one after a quote or "/" as well.
_SORT = re.compile(r"""(?<![\w-])data-pagefind-sort(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""", re.IGNORECASE)
# What every page is searched for first: 5 µs against 210 µs for _SORT on a 6 KB entry (2 s of 10,000 pages).
_MAYBE_SORT = re.compile(r"-[sS][oO][rR][tT]")


def search_document(html: str, lang: str = DEUTSCH.lang) -> str:
    """What Pagefind reads of a page: its searchable part in a document whose ``lang`` names the index it joins."""
    part = searchable_part(html)
    if _MAYBE_SORT.search(part):
        part = _SORT.sub("", part)
    return (f'<!DOCTYPE html><html lang="{html_module.escape(lang)}"><head><meta charset="utf-8"></head>'
            f"<body>{part}</body></html>")


def _encode(message_id: int, payload: dict[str, object]) -> bytes:
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")) + b","


class PageMessages:
    """Encodes one sender's pages for the index, block after block per language; a forked worker has its own
    (``sender``) and hands the bytes to the build, which passes them on unchanged (``SearchIndex.send_encoded``).

    A block is closed when it is full (at the next page of its language) or by ``close``; closed blocks are collected
    in ``closed`` as (language, block, pages), for the sender to report once their pages are handed over."""

    def __init__(self, langs: list[str], sender: int, index_of: Callable[[str, int], int]) -> None:
        self.langs = langs
        self.sender = sender
        self.index_of = index_of  # Pagefind's index of a language's block
        self.block = dict.fromkeys(langs, 0)
        self.count = dict.fromkeys(langs, 0)
        self.closed: list[tuple[str, int, int]] = []

    def add(self, url: str, html: str, lang: str) -> bytes:
        """The message that adds a page (``url`` relative to the site root, as ``Page.url``) in language ``lang``."""
        if self.count[lang] >= SearchIndex.BLOCK:
            self.close(lang)
        self.count[lang] += 1
        block = self.block[lang]
        message_id = (self.sender + 1) * IDS_PER_SENDER + self.langs.index(lang) * IDS_PER_LANGUAGE + block
        return _encode(message_id, {"type": "AddFile", "index_id": self.index_of(lang, block), "url": "/" + url,
                                    "file_contents": search_document(html, lang)})

    def close(self, lang: str) -> None:
        """No more pages go into the open block of ``lang``."""
        if self.count[lang]:
            self.closed.append((lang, self.block[lang], self.count[lang]))
            self.block[lang] += 1
            self.count[lang] = 0

    def take_closed(self) -> list[tuple[str, int, int]]:
        closed, self.closed = self.closed, []
        return closed


class SearchIndex:
    """One Pagefind service process building a site's index: one index per language (``Sprache.lang``), indexed in
    blocks of at most ``BLOCK`` pages per sender. Each block is written as soon as its pages are in (at 10,000 pages,
    most of them while later pages are still rendered) and dropped, so that Pagefind holds a few blocks at a time;
    a language's blocks are merged into its index once all are written (``search_merge``)."""

    BLOCK = 1000  # pages per block: Pagefind needs about 70 MB per 1,000 pages until it writes them

    def __init__(self, langs: list[str], site_dir: Path | None = None) -> None:
        """``site_dir``: where the site is made, known in advance: each block's result files are put there as soon
        as it is written (the build's thread that writes them does it while the workers render)."""
        import pagefind_bin

        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - Pagefind's stderr, open until close()
        # Pagefind dies with the build, so a killed build leaves no writer behind (not with threads: preexec_fn is
        # unsafe there, and only the preview has threads). Windows has no preexec_fn: there the build stops it.
        arm = processes.die_with_parent() if threading.active_count() == 1 and os.name == "posix" else None
        self.process = subprocess.Popen([str(pagefind_bin.get_executable()), "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self._errors, preexec_fn=arm,
                                        env={**ALLOCATOR, **os.environ})
        self._stdin: IO[bytes] = self.process.stdin  # type: ignore[assignment]
        self._lock = threading.Lock()  # the build and its threads all send
        self._done = threading.Condition()
        self._writing = threading.RLock()  # blocks and languages are written by one thread at a time
        self._answered: dict[tuple[int, int, int], int] = {}  # pages answered per (sender, language, block)
        self._expected: dict[tuple[int, int, int], int] = {}  # pages of each closed block
        self._unwritten: list[tuple[int, int, int]] = []  # closed blocks not yet written
        self._replies: dict[int, dict[str, object]] = {}  # answers to the requests we wait for, by id
        self._failures: list[str] = []
        self._requests = 0  # NewIndex, WriteFiles, DeleteIndex: ids below the senders' ranges
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.langs = list(dict.fromkeys(langs))
        self._ids: dict[tuple[int, int, int], int] = {}  # Pagefind's index of each (sender, language, block)
        self.messages = PageMessages(self.langs, 0, lambda lang, block: self._index_of(0, lang, block))
        self._output: Path | None = None  # where Pagefind writes the blocks
        self._finished: set[str] = set()  # languages merged into the site
        self._site_dir = site_dir
        self._copy: BundleCopy | None = None

    def _index_of(self, sender: int, lang: str, block: int) -> int:
        key = (sender, self.langs.index(lang), block)
        if key not in self._ids:
            self._ids[key] = int(str(self._request({"type": "NewIndex", "config": {}})["index_id"]))
        return self._ids[key]

    def reserve(self, sender: int, pages: dict[str, int]) -> dict[tuple[str, int], int]:
        """Pagefind's indexes for a worker that will send at most ``pages`` pages per language, made before the
        worker starts (it cannot ask Pagefind itself): (language, block) → index."""
        return {(lang, block): self._index_of(sender, lang, block)
                for lang, count in pages.items() for block in range(-(-count // self.BLOCK))}

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
                        key = (message_id // IDS_PER_SENDER - 1, message_id % IDS_PER_SENDER // IDS_PER_LANGUAGE,
                               message_id % IDS_PER_LANGUAGE)
                        self._answered[key] = self._answered.get(key, 0) + 1
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
            self._write(self.messages.add(url, html, lang))
            self.closed(0, self.messages.take_closed())

    def send_encoded(self, data: bytes) -> None:
        """Pass on AddFile messages a worker encoded with its own ``PageMessages``."""
        self._write(data)

    def closed(self, sender: int, blocks: list[tuple[str, int, int]]) -> None:
        """``sender``'s blocks (language, block, pages) are complete: every page of them was sent."""
        with self._done:
            for lang, block, count in blocks:
                key = (sender, self.langs.index(lang), block)
                self._expected[key] = count
                self._unwritten.append(key)

    def close_own(self) -> None:
        """The build adds no more pages to its open blocks (its overview pages are in)."""
        for lang in self.langs:
            self.messages.close(lang)
        self.closed(0, self.messages.take_closed())

    def write_blocks(self, lang: str | None = None) -> None:
        """Write the closed blocks (of ``lang`` only, if given), each once Pagefind has indexed all its pages."""
        with self._writing:
            with self._done:
                keys = [key for key in self._unwritten if lang is None or self.langs[key[1]] == lang]
            for key in keys:
                self._write_block(key)

    def _write_block(self, key: tuple[int, int, int]) -> None:
        self._write(b"", flush=True)
        with self._done:
            self._done.wait_for(lambda: self._answered.get(key, 0) >= self._expected[key] or bool(self._failures))
            if self._failures:
                raise SearchIndexError(self._failures[0])
            self._unwritten.remove(key)
        sender, number, block = key
        self._write_bundle(self._ids.pop(key), f"teil-{number}-{sender}-{block}", key)

    def _write_bundle(self, index_id: int, name: str, key: tuple[int, int, int]) -> None:
        if self._output is None:
            # Through RAM where there is some: measured here, Pagefind writing 10,000 fragments straight to disk
            # took 13.3 s, into RAM 7.6 s plus 0.7 s to copy.
            ram = folder_swap.SHM.is_dir() and os.access(folder_swap.SHM, os.W_OK)
            self._output = folder_swap.owned_temp_folder(folder_swap.SHM_PREFIX,
                                                         folder_swap.SHM if ram else Path(tempfile.gettempdir()))
        part = self._output / name
        self._request({"type": "WriteFiles", "index_id": index_id, "output_path": str(part)})
        self._request({"type": "DeleteIndex", "index_id": index_id})
        if not (part / "pagefind-entry.json").is_file():
            raise SearchIndexError(self._stderr() or "Pagefind schrieb keinen Index.")
        if self._copy is None:
            if self._site_dir is None:
                raise SearchIndexError("Kein Ort für den Suchindex.")
            self._copy = BundleCopy(self._site_dir / "pagefind")
        try:
            self._copy.add(part, key)
        finally:
            shutil.rmtree(part, ignore_errors=True)  # in RAM

    def write_language(self, lang: str) -> None:
        """Once every page of ``lang`` was sent and its blocks closed: write them and merge its index into the
        site."""
        with self._writing:
            if lang in self._finished:
                return
            self.write_blocks(lang)
            self._finished.add(lang)
            if self._copy is not None:
                try:
                    self._copy.finish_language(lang)
                except MergeError as exc:
                    raise SearchIndexError(f"Pagefind schrieb einen Index, den wir nicht lesen können ({exc}).") \
                        from None

    def write(self, site_dir: Path) -> None:
        """Write what is left of the index and put every language's index together in ``site_dir/pagefind``."""
        if self._site_dir is None:
            self._site_dir = site_dir
        assert self._site_dir == site_dir
        try:
            self.close_own()
            for lang in self.langs:
                self.write_language(lang)
            if self._copy is None or not self._copy.languages:
                # not one searchable page: an empty index, so that the search page finds nothing instead of failing
                number = len(self.langs) - 1
                self._write_bundle(self._index_of(0, self.langs[-1], 1 << 19), f"leer-{number}", (0, number, 0))
                assert self._copy is not None
                self._copy.finish_language(self.langs[-1])
            self._copy.finish()
            target = site_dir / "pagefind"
            target.mkdir(parents=True, exist_ok=True)
            merged = {**self._copy.entry, "languages": self._copy.languages}
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
