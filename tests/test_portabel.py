"""Systems without fork, /proc, prctl, renameat2 or os.getuid (Windows; macOS lacks some): the build must give the
same site, and clearing leftovers must never signal a process (on Windows ``os.kill(pid, 0)`` terminates it)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from pathlib import Path

import pytest

import wegweiser.content.loading
from wegweiser.content.demo_data import generate
from wegweiser.core import folder_swap, processes
from wegweiser.site.build import build_site

from conftest import TODAY


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


def test_without_fork_the_site_is_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "inhalt"
    generate(content, 1100, 4, seed=5)  # above both thresholds: parallel loading (1,000) and rendering (500)
    monkeypatch.setattr(wegweiser.content.loading, "PARALLEL_FROM", 1000)
    forked = build_site(content, tmp_path / "mit-fork", TODAY)
    assert processes.fork_context() is not None
    # The objects frozen for the workers are collectable again (the preview builds over and over in one process)
    assert gc.get_freeze_count() == 0

    started: list[str] = []
    real_get_context = multiprocessing.get_context

    def no_fork(method: str | None = None) -> object:
        started.append(str(method))
        if method == "fork":
            raise ValueError("cannot find context for 'fork'")
        return real_get_context(method)

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    assert processes.fork_context() is None
    serial = build_site(content, tmp_path / "ohne-fork", TODAY)
    assert "fork" not in started
    assert serial.pages == forked.pages > 1100
    assert _pages(tmp_path / "ohne-fork") == _pages(tmp_path / "mit-fork")


def test_windows_leftovers_are_judged_by_age_never_by_signal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*_: object) -> None:
        raise AssertionError("os.kill would terminate the process on Windows")

    monkeypatch.setattr(processes, "_proc_available", lambda: False)
    monkeypatch.setattr(processes.sys, "platform", "win32")
    monkeypatch.setattr(os, "kill", forbidden)
    monkeypatch.delattr(os, "getuid")
    young = folder_swap.owned_temp_folder(".site-bau-", tmp_path)  # this process: alive
    dead_old = tmp_path / ".site-bau-999999-0-abc"
    dead_old.mkdir()
    day_ago = time.time() - folder_swap.UNOWNED_AGE - 60
    os.utime(dead_old, (day_ago, day_ago))
    removed = folder_swap.remove_leftovers(tmp_path, ".site-bau-")
    assert removed == [dead_old]
    assert young.is_dir()


def test_without_renameat2_the_swap_uses_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes.sys, "platform", "win32")
    assert processes.libc() is None
    arm = processes.die_with_parent()
    arm()  # a no-op: nothing to arm without prctl
    target, work = tmp_path / "site", tmp_path / "arbeit"
    target.mkdir()
    (target / "index.html").write_text("alt", "utf-8")
    work.mkdir()
    new = work / "neu"
    new.mkdir()
    (new / "index.html").write_text("neu", "utf-8")
    folder_swap.replace_folder(new, target, work)
    assert (target / "index.html").read_text("utf-8") == "neu"
    assert (work / "alt" / "index.html").read_text("utf-8") == "alt"


def test_sigterm_during_parallel_loading_ends_without_a_traceback(tmp_path: Path) -> None:
    """The loader's pool workers inherit the command's SIGTERM handler (which raises to clean up); a cancelled
    `check` must end with its German message, not with a traceback from every worker."""
    import signal
    import subprocess
    import sys

    content = tmp_path / "inhalt"
    generate(content, 6000, 12, seed=9)
    process = subprocess.Popen([sys.executable, "-m", "wegweiser", "check", str(content)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if children.read_text().split():  # the pool's workers are running
            break
        time.sleep(0.01)
    assert process.poll() is None, "check ended before its workers started"
    time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143
    assert "Abgebrochen" in stderr
    assert "Traceback" not in stderr


def test_ctrl_c_during_a_parallel_build_ends_without_a_traceback(tmp_path: Path) -> None:
    """Strg+C reaches every process of the terminal's process group: the build's entry workers and the process
    writing the open data (issue 31) too. They leave it to the build, which ends them and says "Abgebrochen.";
    before, every worker printed a KeyboardInterrupt traceback. Nothing of the build's work folder is left."""
    import signal
    import subprocess
    import sys

    content = tmp_path / "inhalt"
    generate(content, 1500, 6, seed=3)
    out = tmp_path / "site"

    def as_in_a_terminal() -> None:
        os.setpgrp()  # a process group of its own, as a command typed in a terminal
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # pytest's workers may have inherited it ignored

    process = subprocess.Popen([sys.executable, "-m", "wegweiser", "build", str(content), "-o", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "WEGWEISER_CACHE": "aus"}, preexec_fn=as_in_a_terminal)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if len(children.read_text().split()) >= 4:  # Pagefind, two entry workers, the open data
            break
        time.sleep(0.01)
    assert process.poll() is None, "the build ended before its workers started"
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Abgebrochen" in stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")]
