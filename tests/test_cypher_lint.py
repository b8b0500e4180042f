"""Neo4j's own Cypher front end accepts every statement of the project (when Node.js is here;
.ci/run installs the linter and runs it too)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = ROOT / "tools" / "cypher-lint"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    assert (LINT_DIR / "node_modules").is_dir(), "run `npm ci` in tools/cypher-lint first (the README test command does)"
    return subprocess.run(["node", str(LINT_DIR / "lint.mjs"), str(root)], capture_output=True, text=True, timeout=120)


def test_every_cypher_statement_passes_neo4j_lint():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 errors" in result.stdout


def test_the_lint_catches_what_neo4j_5_removed(tmp_path):
    (tmp_path / "graph_service").mkdir()
    (tmp_path / "graph_service" / "bad.cypher").write_text(
        "// name: old_degree\nMATCH (n:Node {id: $id})\nRETURN size((n)--()) AS degree\n"
    )
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert "old_degree" in result.stdout and "1 errors" in result.stdout
