"""What ``wegweiser init`` needs to know about a new guide: asked in German, given as flags, or the defaults.

The defaults make a guide for "Musterstadt" published on GitHub Pages, so that scripts and tests can run
``init`` without a terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from wegweiser.core.slug import slugify

Hosting = Literal["github", "gitlab", "server"]
HOSTINGS: tuple[Hosting, ...] = ("github", "gitlab", "server")
# "account/name" at GitHub, "group/subgroup/project" at GitLab: what init accepts, and writes into redaktion.yml
# unquoted (anything else there is quoted)
REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)+")


@dataclass(frozen=True)
class Quartier:
    """One quarter of the new guide: its folder is ``quartiere/<slug>/``."""

    name: str
    strassen: tuple[str, ...] = ()
    plz: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class Answers:
    titel: str = "Familienwegweiser Musterstadt"
    region: str = "Musterstadt"
    bundesland: str = "NW"
    quartiere: tuple[Quartier, ...] = (Quartier("Nordstadt"), Quartier("Südstadt"))
    sprachen: tuple[str, ...] = ("de", "leicht", "en", "tr", "ar", "uk", "ru")
    herausgeber: str = "Familienbüro Musterstadt"
    anschrift: str = "Rathausplatz 1\n12345 Musterstadt"
    email: str = "familienbuero@musterstadt.example"
    hosting: Hosting = "github"
    # The project at the host, "account/name" (GitHub) or "group/project" (GitLab): the Pages address and the
    # hosted form's backend follow from it. Unused for an own web server.
    repo: str = "familiennetz-musterstadt/familienwegweiser"
    basis_url: str = ""  # empty: derived from hosting and repo (see ``address``)

    @property
    def address(self) -> str:
        """The published site's address, ending in "/"."""
        if self.basis_url:
            return self.basis_url if self.basis_url.endswith("/") else self.basis_url + "/"
        account, _, name = self.repo.partition("/")
        if self.hosting == "github":
            return f"https://{account.lower()}.github.io/{name}/"
        if self.hosting == "gitlab":
            return f"https://{account.lower()}.gitlab.io/{name}/"
        return f"https://familie.{slugify(self.region) or 'musterstadt'}.example/"  # a region of signs only
