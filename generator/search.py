"""Index: runs Pagefind over the built site (real Pagefind, from the pagefind-bin package)."""

from __future__ import annotations

import subprocess
from pathlib import Path


class IndexError_(Exception):
    pass


def index_site(site_dir: Path) -> None:
    import pagefind_bin

    executable = pagefind_bin.get_executable()
    result = subprocess.run([str(executable), "--site", str(site_dir), "--quiet"], capture_output=True, text=True)
    if result.returncode != 0:
        raise IndexError_(result.stderr.strip() or result.stdout.strip())
