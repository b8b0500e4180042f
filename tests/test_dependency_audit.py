"""S27: the dependency audit of `.ci/run` fails on a known vulnerability and never calls a package
clean that it could not look up. PyPI is reached by `.ci/run` itself; here its documents are
given as PyPI shapes them (`info.version`, `vulnerabilities` with id, aliases, fixed_in, withdrawn)."""

from __future__ import annotations

import importlib.util
import sys
from importlib.metadata import version
from pathlib import Path

TOOL = Path(__file__).resolve().parents[1] / "tools" / "dependency_audit.py"
_spec = importlib.util.spec_from_file_location("dependency_audit", TOOL)
dependency_audit = sys.modules["dependency_audit"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dependency_audit)

PYPI = dependency_audit.PYPI
MINERVA = {"id": "PYSEC-2026-1325", "aliases": ["CVE-2024-23342", "GHSA-wj6h-64fc-37mp"], "fixed_in": [],
           "withdrawn": None}


def pypi(documents: dict[str, dict]):
    """PyPI as this machine reaches it: only the addresses in `documents` answer."""
    return lambda url: documents.get(url.removeprefix(PYPI + "/"))


def run(packages: dict[str, str], documents: dict[str, dict], strict: bool = False) -> tuple[str, int]:
    lines, code = dependency_audit.report(dependency_audit.audit(packages, pypi(documents)), strict)
    return "\n".join(lines), code


def test_a_known_vulnerability_fails_the_audit_and_names_package_advisory_and_fix():
    text, code = run({"ecdsa": "0.19.2", "starlette": "1.10.0"}, {
        "ecdsa/json": {"info": {"version": "0.19.2"}, "vulnerabilities": [MINERVA]},
        "starlette/json": {"info": {"version": "1.10.0"}, "vulnerabilities": []},
    })
    assert code == 1
    assert ("VULNERABLE ecdsa 0.19.2: PYSEC-2026-1325 (CVE-2024-23342, GHSA-wj6h-64fc-37mp), "
            "fixed in no fixed release") in text
    assert "2 of 2 installed packages checked" in text


def test_a_package_behind_its_latest_release_is_listed_as_not_checked_never_as_clean():
    documents = {"numpy/json": {"info": {"version": "2.5.5"}, "vulnerabilities": []},
                 "jinja2/json": {"info": {"version": "3.1.6"}, "vulnerabilities": []}}
    text, code = run({"numpy": "2.4.6", "jinja2": "3.1.6"}, documents)
    assert code == 0
    assert "1 of 2 installed packages checked" in text
    assert "not checked (PyPI answers here for the latest release only): numpy 2.4.6 (latest 2.5.5)" in text
    assert run({"numpy": "2.4.6", "jinja2": "3.1.6"}, documents, strict=True)[1] == 2


def test_an_older_release_is_checked_through_its_own_version_document_when_that_answers():
    text, code = run({"jinja2": "2.10"}, {
        "jinja2/json": {"info": {"version": "3.1.6"}, "vulnerabilities": []},
        "jinja2/2.10/json": {"info": {"version": "2.10"}, "vulnerabilities": [
            {"id": "PYSEC-2019-217", "aliases": ["CVE-2019-10906"], "fixed_in": ["2.10.1"], "withdrawn": None}]},
    })
    assert code == 1
    assert "VULNERABLE jinja2 2.10: PYSEC-2019-217 (CVE-2019-10906), fixed in 2.10.1" in text


def test_a_withdrawn_advisory_does_not_fail_the_audit():
    withdrawn = {**MINERVA, "withdrawn": "2026-01-01T00:00:00Z"}
    text, code = run({"ecdsa": "0.19.2"}, {"ecdsa/json": {"info": {"version": "0.19.2"}, "vulnerabilities": [withdrawn]}})
    assert (code, "VULNERABLE" in text) == (0, False)


def test_nothing_reachable_says_blocked_and_fails_only_when_strict():
    text, code = run({"ecdsa": "0.19.2"}, {})
    assert code == 0 and "dependency audit BLOCKED: none of 1 packages could be looked up" in text
    assert run({"ecdsa": "0.19.2"}, {}, strict=True)[1] == 2


def test_the_audit_covers_what_is_installed_but_not_this_project_itself():
    packages = dependency_audit.installed()
    assert packages["strawberry-graphql"] == version("strawberry-graphql")
    assert packages["falkordb"] == version("falkordb")
    assert "coalition-map" not in packages  # the code under test, not a dependency
