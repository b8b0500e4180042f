"""The service as a user installs it: a wheel built from the repository, installed into a fresh
environment, started from another directory. Everything it reads at run time (the vocabulary, the
DDL, the demo data, the map assets, the web pages) must travel inside the wheel."""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest

from graph_service import __version__

from .cli_helpers import start_service
from .conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DATA = ("graph_service/schema/vocabulary.toml", "graph_service/schema/card_signals.toml",
                "graph_service/schema/ddl/falkordb/001_initial.cypher", "graph_service/schema/ddl/neo4j/001_initial.cypher",
                "graph_service/store/cypher/nodes.cypher", "graph_service/demo_data/coalition.json",
                "graph_service/demo_data/families/2-lavendel.json",
                "graph_service/visualisations/vendor/vis-network.min.js", "graph_service/visualisations/templates/map.js",
                "graph_service/web/templates/base.html", "graph_service/web/static/app.css",
                "graph_service/web/static/vendor/htmx-2.0.11.min.js")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.slow  # a minute of the default run's ten: it runs in CI's slow leg (.ci/run)
def test_a_wheel_installed_elsewhere_serves_the_demo(tmp_path):
    # built from a copy: a build writes its metadata next to the sources, and the repository stays clean
    source = tmp_path / "source"
    shutil.copytree(ROOT / "graph_service", source / "graph_service", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                str(tmp_path / "dist"), str(source), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("*.whl")
    assert wheel.name == f"coalition_map-{__version__}-py3-none-any.whl"  # named after the product
    inside = set(zipfile.ZipFile(wheel).namelist())
    assert [f for f in PACKAGE_DATA if f not in inside] == []

    # a fresh environment with our wheel; the dependencies come from this one (no download here)
    env_dir = tmp_path / "env"
    assert run(sys.executable, "-m", "venv", str(env_dir), cwd=tmp_path).returncode == 0
    [target_site] = env_dir.glob("lib/python3*/site-packages")
    (target_site / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    installed = run(str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel),
                    cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    script = str(env_dir / "bin" / "coalition-map")
    version = run(script, "--version", cwd=elsewhere)
    assert version.stdout.strip() == f"coalition-map {__version__}"
    where = run(str(env_dir / "bin" / "python"), "-c", "import graph_service; print(graph_service.__file__)",
                cwd=elsewhere)
    assert where.stdout.startswith(str(env_dir)), where.stdout  # the installed copy, not the repository's

    service = start_service(elsewhere / "data", free_port(), "--demo", script=script, cwd=elsewhere, timeout=60)
    try:
        assert httpx.get(f"{service.base_url}/healthz", timeout=5).status_code == 200
        signin = httpx.get(f"{service.base_url}/signin", timeout=5)
        assert signin.status_code == 200 and "<form" in signin.text
        statement = httpx.get(f"{service.base_url}/toegankelijkheid", timeout=5)  # a page of the web application
        assert statement.status_code == 200 and "Toegankelijkheidsverklaring" in statement.text
        assert httpx.get(f"{service.base_url}/static/vendor/htmx-2.0.11.min.js", timeout=5).status_code == 200
    finally:
        service.stop()
