"""Packaging hook: the wheel carries the map library (Leaflet from npm) and the browser form (Decap CMS from npm)
next to the templates.

Everything else is configured in pyproject.toml. ``node_modules/`` is not committed; after ``npm install``
its Leaflet ``dist`` files are copied into the package as ``wegweiser/leaflet``. A source tree without
``node_modules/`` (a git clone that pip builds) runs ``npm ci`` first when npm is installed. Without them the wheel
is still built, with a warning, and ``wegweiser build`` warns once more for a site with a map.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
LEAFLET = NODE_MODULES / "leaflet" / "dist"
QRCODE = NODE_MODULES / "qrcode-generator" / "dist" / "qrcode.js"
# What `wegweiser build --redaktion` copies into the browser form, so that a network's CI installing the wheel builds
# it: Decap CMS with its chunks and WebAssembly, the opening-hours grammar with SunCalc, js-yaml. In the wheel as
# wegweiser/npm/<path in node_modules> (wegweiser.core.resources.npm_file). No warning when missing: `make install`
# runs pip before npm, and `build --redaktion` names what is missing.
FORM_FILES = ("decap-cms/dist/decap-cms.js", "decap-cms/dist/*.decap-cms.js", "decap-cms/dist/*.wasm",
              "opening_hours/build/opening_hours.js", "suncalc/suncalc.cjs", "js-yaml/dist/js-yaml.min.js")


def _fetch_npm_packages() -> None:
    """In a source tree without node_modules (``pip install git+https://…@v0.1.0`` builds from a fresh clone), fetch
    the pinned npm packages when npm is there, so that the wheel carries the map library and the browser form."""
    root = NODE_MODULES.parent
    npm = shutil.which("npm")
    if (LEAFLET / "leaflet.js").is_file() or npm is None or not (root / "package-lock.json").is_file():
        return
    done = subprocess.run([npm, "ci", "--omit=dev", "--no-audit", "--no-fund", "--silent"], cwd=root, check=False)
    if done.returncode != 0:
        warnings.warn("npm ci schlug fehl: das Rad wird ohne Karten- und Formularbibliotheken gebaut.", stacklevel=1)


class BuildWithLeaflet(build_py):
    def run(self) -> None:
        super().run()
        _fetch_npm_packages()
        for pattern in FORM_FILES:
            for source in sorted(NODE_MODULES.glob(pattern)):
                destination = Path(self.build_lib) / "wegweiser" / "npm" / source.relative_to(NODE_MODULES)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
        if QRCODE.is_file():  # the Merkliste's QR codes, drawn in the browser
            (Path(self.build_lib) / "wegweiser" / "qrcode").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(QRCODE, Path(self.build_lib) / "wegweiser" / "qrcode" / "qrcode.js")
        else:
            warnings.warn(f"QR-Code-Bibliothek fehlt: {QRCODE} gibt es nicht (vorher „npm install“ ausführen).",
                          stacklevel=1)
        if not (LEAFLET / "leaflet.js").is_file():
            warnings.warn(f"Kartenbibliothek Leaflet fehlt: {LEAFLET} gibt es nicht (vorher „npm install“ "
                          "ausführen). Karten werden nicht angezeigt.", stacklevel=1)
            return
        target = Path(self.build_lib) / "wegweiser" / "leaflet"
        for source in [LEAFLET / "leaflet.js", LEAFLET / "leaflet.css", *sorted((LEAFLET / "images").glob("*.png"))]:
            destination = target / source.relative_to(LEAFLET)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)


setup(cmdclass={"build_py": BuildWithLeaflet})
