"""Where the program's own files are: the default templates, the map library and the QR code library.

In a source checkout (and an editable install) they sit next to ``generator/``: ``templates/`` and
``node_modules/leaflet/dist`` (from ``npm install``). A wheel carries both inside the package, as
``wegweiser/templates`` and ``wegweiser/leaflet``, and the browser form's scripts as ``wegweiser/npm`` (see
``setup.py``). Jinja2, MkDocs and WeasyPrint read
them as folders, so the package must be installed unpacked (pip always does).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_dir() -> Path:
    """The ``wegweiser`` package's folder (``generator/`` in a checkout): every lookup of the program's own files
    starts here, so that moving a module between subpackages cannot change what it finds."""
    return Path(str(files("wegweiser"))).resolve()


def data_file(name: str) -> Path:
    """A data file the package carries (``data/``: school holidays, demo words)."""
    return package_dir() / "data" / name


def locale_dir() -> Path:
    """The gettext catalogues (``locale/<code>/LC_MESSAGES/wegweiser.po``) and Babel's extraction config."""
    return package_dir() / "locale"


def _first_existing(*candidates: Path) -> Path:
    return next((path for path in candidates if path.exists()), candidates[-1])


def templates_dir() -> Path:
    """The default templates: ``site/``, ``druck/``, ``material/``, ``assets/``."""
    package = package_dir()
    return _first_existing(package / "templates", package.parent / "templates").resolve()


def leaflet_dir() -> Path:
    """Leaflet's ``dist`` folder; it may be missing (then the site has no maps, and build warns)."""
    package = package_dir()
    return _first_existing(package / "leaflet", package.parent / "node_modules" / "leaflet" / "dist").resolve()


def qrcode_js() -> Path:
    """``qrcode-generator``'s one script (npm), drawn in the browser on the Merkliste; it may be missing."""
    package = package_dir()
    return _first_existing(package / "qrcode" / "qrcode.js",
                           package.parent / "node_modules" / "qrcode-generator" / "dist" / "qrcode.js").resolve()


def npm_file(relative: str) -> Path:
    """A file or folder of an npm package, ``relative`` to ``node_modules/`` (e.g. ``decap-cms/dist``): the wheel's
    copy (``wegweiser/npm/``, the files ``setup.py`` lists) or the checkout's ``node_modules``. The browser form
    (Decap CMS and the scripts it loads) is found this way."""
    package = package_dir()
    return _first_existing(package / "npm" / relative, package.parent / "node_modules" / relative).resolve()
