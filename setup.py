"""Packaging hook: the wheel carries the map library (Leaflet from npm) next to the templates.

Everything else is configured in pyproject.toml. ``node_modules/`` is not committed; after ``npm install``
its Leaflet ``dist`` files are copied into the package as ``wegweiser/leaflet``. Without them the wheel is
still built, with a warning, and ``wegweiser build`` warns once more for a site with a map.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LEAFLET = Path(__file__).resolve().parent / "node_modules" / "leaflet" / "dist"
QRCODE = Path(__file__).resolve().parent / "node_modules" / "qrcode-generator" / "dist" / "qrcode.js"


class BuildWithLeaflet(build_py):
    def run(self) -> None:
        super().run()
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
