"""Dependency audit for `.ci/run` (S27): every installed package looked up in PyPI's advisory data.

    python tools/dependency_audit.py [--strict]

Why not pip-audit: it asks PyPI about each installed *version* (`/pypi/<name>/<version>/json`).
On the build machine that address answers 404, so pip-audit skipped every package and still said
"No known vulnerabilities found". The project document (`/pypi/<name>/json`) does answer, and its
`vulnerabilities` are those of the latest release (the same OSV/PyPA data pip-audit reads). So a
package installed at its latest release is checked against that list. An older release is checked
through its own version's document where that answers; otherwise it is listed as not checked,
never counted as clean. Withdrawn advisories are ignored; this project itself is skipped.

Exit 1 on a known vulnerability. `--strict` also fails (exit 2) when any package could not be
checked, for machines with full access to PyPI.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

PYPI = "https://pypi.org/pypi"
PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
Fetch = Callable[[str], dict | None]


@dataclass
class Finding:
    """What the advisory data says about one installed package."""

    name: str
    version: str
    checked: bool
    vulnerabilities: list[dict] = field(default_factory=list)
    latest: str | None = None


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def fetch_json(url: str) -> dict | None:
    """PyPI's JSON document, or None when it has none for this address (404, network refused)."""
    try:
        with urllib.request.urlopen(url, timeout=20) as reply:  # noqa: S310 - a fixed https address
            return json.load(reply)
    except (urllib.error.URLError, TimeoutError, ValueError):
        return None


def installed() -> dict[str, str]:
    """Name and version of every installed distribution except this project itself."""
    project = canonical(tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["name"])
    found = {canonical(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}
    found.pop(project, None)
    return dict(sorted(found.items()))


def audit_one(name: str, version: str, fetch: Fetch) -> Finding:
    project = fetch(f"{PYPI}/{name}/json")
    latest = project["info"]["version"] if project else None
    document = project if latest == version else fetch(f"{PYPI}/{name}/{version}/json")
    if document is None:
        return Finding(name, version, checked=False, latest=latest)
    known = [v for v in document.get("vulnerabilities") or [] if not v.get("withdrawn")]
    return Finding(name, version, checked=True, vulnerabilities=known, latest=latest)


def audit(packages: dict[str, str], fetch: Fetch = fetch_json) -> list[Finding]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda item: audit_one(*item, fetch), packages.items()))


def report(findings: list[Finding], strict: bool) -> tuple[list[str], int]:
    """The lines to print and the exit code."""
    lines: list[str] = []
    vulnerable = [f for f in findings if f.vulnerabilities]
    unchecked = [f for f in findings if not f.checked]
    checked = len(findings) - len(unchecked)
    for finding in vulnerable:
        for vuln in finding.vulnerabilities:
            aliases = ", ".join(vuln.get("aliases") or [])
            fixed = ", ".join(vuln.get("fixed_in") or []) or "no fixed release"
            lines.append(f"VULNERABLE {finding.name} {finding.version}: {vuln.get('id')}"
                         f"{f' ({aliases})' if aliases else ''}, fixed in {fixed}")
    if checked == 0:
        lines.append(f"dependency audit BLOCKED: none of {len(findings)} packages could be looked up "
                     "(PyPI's advisory data is unreachable from this machine); nothing was checked")
        return lines, 2 if strict else 0
    verdict = f"{len(vulnerable)} with known vulnerabilities" if vulnerable else "no known vulnerabilities"
    lines.append(f"dependency audit: {checked} of {len(findings)} installed packages checked against PyPI's "
                 f"advisory data, {verdict}")
    if unchecked:
        behind = ", ".join(f"{f.name} {f.version}" + (f" (latest {f.latest})" if f.latest else "") for f in unchecked)
        lines.append(f"  not checked (PyPI answers here for the latest release only): {behind}")
    if vulnerable:
        return lines, 1
    return lines, 2 if strict and unchecked else 0


def main(argv: list[str]) -> int:
    lines, code = report(audit(installed()), strict="--strict" in argv)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
