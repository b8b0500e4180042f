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
