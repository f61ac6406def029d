"""The README names every system package the tests need, and .ci/run installs exactly those."""

from __future__ import annotations

import re

from conftest import ROOT

# program a test runs → the Debian package that brings it
PACKAGE_OF = {
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdffonts": "poppler-utils",
    "msgfmt": "gettext",
    "msgattrib": "gettext",
    "chromium": "chromium",
    "hugo": "hugo",
    "npm": "npm",
    "node": "nodejs",
    "make": "make",
    "mount": "util-linux",
    "umount": "util-linux",
    "bash": "bash",
    "cp": "coreutils",
    "shellcheck": "shellcheck",
    "rsync": "rsync",
    "git": "git",
}
# Debian's essential packages are on every system; naming them is not required.
ESSENTIAL = {"util-linux", "coreutils", "bash"}
# programs started by a literal name: subprocess.run(["x", …]), Popen(["x", …]), shutil.which("x"), "/usr/bin/x"
_CALL = re.compile(r"""(?:(?:run|Popen|check_output|check_call|call)\(\s*\[\s*|which\(\s*)["']([\w.+-]+)["']"""
                   r"""|["']/usr/bin/([\w.+-]+)["']""")


def _programs() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "tests").glob("*.py")):
        if path.name == "test_umgebung.py":  # its own examples above
            continue
        for match in _CALL.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match[1] or match[2], set()).add(path.name)
    return found


def _readme_packages() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### System packages", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([a-z0-9][a-z0-9.+-]*)`", row.split("|")[1])}


def _ci_packages() -> set[str]:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    listed = re.search(r"^PACKAGES=\(([^)]*)\)", script, re.MULTILINE)
    assert listed, ".ci/run has no PACKAGES=(…) list"
    extra = set(re.findall(r"PACKAGES\+=\(([^)]*)\)", script))
    return set(listed[1].split()) | {name for group in extra for name in group.split()}


def test_every_program_the_tests_run_is_named() -> None:
    programs = _programs()
    assert {"pdftotext", "pdftoppm", "chromium"} <= set(programs)  # the scan finds what is known to be there
    readme = _readme_packages()
    for program, files in sorted(programs.items()):
        package = PACKAGE_OF.get(program)
        assert package, f"{program} (in {', '.join(sorted(files))}): Debian-Paket in PACKAGE_OF und README nennen"
        if package not in ESSENTIAL:
            assert package in readme, f"README, System packages: {package} fehlt (für {program})"


def test_ci_installs_exactly_the_readme_packages() -> None:
    optional = {"hugo"}  # only for make bench
    assert _ci_packages() == _readme_packages() - optional
