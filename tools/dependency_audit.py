"""Dependency audit for `.ci/run` (S27): pip-audit over the installed environment, read strictly.

pip-audit reports "No known vulnerabilities found" and exits 0 even when it could not look a
single package up (for example when PyPI's JSON API is unreachable): every package is then only
"skipped". This script fails on any known vulnerability and says BLOCKED, loudly, when nothing
could be checked; `--strict` turns BLOCKED into a failure for machines that do reach the
vulnerability service.

    python tools/dependency_audit.py [--strict]
"""

from __future__ import annotations

import json
import subprocess
import sys


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    run = subprocess.run([sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off",
                          "--skip-editable"], capture_output=True, text=True)
    try:
        report = json.loads(run.stdout)
    except ValueError:
        print(f"dependency audit FAILED: pip-audit gave no report (exit {run.returncode})\n{run.stderr[-2000:]}")
        return 1
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release"
            print(f"VULNERABLE {dep['name']} {dep.get('version')}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        return 1
    if audited == 0:
        print(f"dependency audit BLOCKED: none of {len(dependencies)} packages could be looked up "
              "(the vulnerability service is unreachable from this machine); nothing was checked")
        return 2 if strict else 0
    print(f"dependency audit: {audited} packages checked, no known vulnerabilities; {len(skipped)} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
