"""Item 4 (medium): health data readable by every account on the host. The audit log was 0600,
but the embedded database's append-only files (risk factors such as `earlier_depression` and
`debts`) were 0644 in 0755 folders. Every file the service writes is now 0600 in 0700 folders."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.cli_helpers import run_cli


def _loose(data_dir: Path) -> list[str]:
    """Everything under the data directory that another account could read or enter."""
    found = []
    for path in [data_dir, *data_dir.rglob("*")]:
        mode = path.lstat().st_mode
        if stat.S_IMODE(mode) & 0o077:
            found.append(f"{path.relative_to(data_dir.parent)} {stat.filemode(mode)}")
    return found


def test_every_file_the_service_writes_is_private(data_dir):
    home = data_dir / "dienst"
    for command in (("seed", "demo"), ("db", "backup", str(home / "backups" / "demo.jsonl")),
                    ("export", "--coalition", "kansrijk-dijkhaven", "--format", "csv", "--out", str(home / "exports")),
                    ("render", "family", "gezin-lavendel", "--out", str(home / "kaarten" / "kaart.html")),
                    ("family", "erase", "gezin-klaproos")):
        done = run_cli(*command, "--data-dir", str(home))
        assert done.returncode == 0, (command, done.stderr)
    written = {p.relative_to(home).parts[0] for p in home.rglob("*") if p.is_file()}
    assert {"appendonlydir", "audit", "secrets", "backups", "exports", "kaarten", "falkordb.log"} <= written
    aof = [p for p in (home / "appendonlydir").iterdir()]
    assert aof and any(b"earlier_depression" in p.read_bytes() or b"debts" in p.read_bytes() for p in aof)
    assert _loose(home) == []


def test_a_data_directory_left_readable_by_an_older_version_is_closed_at_start(data_dir):
    home = data_dir / "oud"
    assert run_cli("seed", "demo", "--data-dir", str(home)).returncode == 0
    for path in [home, *home.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    assert _loose(home)
    assert run_cli("db", "status", "--data-dir", str(home)).returncode == 0
    assert _loose(home) == []
