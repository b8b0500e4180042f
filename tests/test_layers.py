"""The house rules of the code: no lower layer imports a higher one, and no module imports
itself round a circle (the layer contract is in pyproject.toml, checked by import-linter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parents[1]


def test_no_lower_layer_imports_a_higher_one():
    lint_imports = Path(sys.executable).with_name("lint-imports")  # installed with the test extras
    checked = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-2000:]
    assert "1 kept, 0 broken" in checked.stdout


def test_no_import_cycle_between_modules():
    graph = grimp.build_graph("graph_service", cache_dir=None)
    imports = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            # a package importing its own modules to re-export them is not a circle
            if not imported.startswith(module + "."):
                imports.add_edge(module, imported)
    circles = [sorted(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert circles == []


CYPHER = ("MATCH (", "MERGE (", "CREATE (", "DETACH DELETE", "statement(")
#: the longest module we accept; generated code (the SDL) is not a module
MAX_MODULE_LINES = 400


def test_only_the_store_speaks_cypher():
    """A service or resolver that ran its own statement would skip the store's validation and its
    one-statement-per-mutation rule; only graph_service/store/ holds Cypher or runs a statement."""
    package = ROOT / "graph_service"
    speaking = [str(path.relative_to(ROOT)) for path in package.rglob("*.py")
                if path.parent.name != "store" and any(word in path.read_text() for word in CYPHER)]
    assert speaking == []


def test_no_module_is_longer_than_a_reader_can_hold():
    package = ROOT / "graph_service"
    long = {str(path.relative_to(ROOT)): lines for path in package.rglob("*.py")
            if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES}
    assert long == {}
