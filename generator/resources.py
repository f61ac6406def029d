"""Where the program's own files are: the default templates, the map library and the QR code library.

In a source checkout (and an editable install) they sit next to ``generator/``: ``templates/`` and
``node_modules/leaflet/dist`` (from ``npm install``). A wheel carries both inside the package, as
``wegweiser/templates`` and ``wegweiser/leaflet`` (see ``setup.py``). Jinja2, MkDocs and WeasyPrint read
them as folders, so the package must be installed unpacked (pip always does).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _package() -> Path:
    return Path(str(files("wegweiser")))


def _first_existing(*candidates: Path) -> Path:
    return next((path for path in candidates if path.exists()), candidates[-1])


def templates_dir() -> Path:
    """The default templates: ``site/``, ``druck/``, ``material/``, ``assets/``."""
    package = _package()
    return _first_existing(package / "templates", package.parent / "templates").resolve()


def leaflet_dir() -> Path:
    """Leaflet's ``dist`` folder; it may be missing (then the site has no maps, and build warns)."""
    package = _package()
    return _first_existing(package / "leaflet", package.parent / "node_modules" / "leaflet" / "dist").resolve()


def qrcode_js() -> Path:
    """``qrcode-generator``'s one script (npm), drawn in the browser on the Merkliste; it may be missing."""
    package = _package()
    return _first_existing(package / "qrcode" / "qrcode.js",
                           package.parent / "node_modules" / "qrcode-generator" / "dist" / "qrcode.js").resolve()
