"""Load Cypher statements from `.cypher` files.

Each file holds named blocks (`// name: x` followed by one statement). Keeping every statement in
a file lets Neo4j's own linter check all of them (tools/cypher-lint) and keeps Cypher out of
Python strings. The placeholders `__KIND__` and `__REL__` are filled only with labels and types
from the vocabulary, never with caller input, because Cypher has no parameters for labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parent / "cypher"
_NAME = re.compile(r"^//\s*name:\s*(\w+)\s*$")
_LABEL = re.compile(r"^[A-Z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Block:
    name: str
    text: str
    directives: dict[str, str] = field(default_factory=dict)


def parse_blocks(source: str) -> list[Block]:
    """Split a file into named blocks; comment lines are dropped, `// key: value` lines inside a
    block other than the name are kept as directives (used by FalkorDB constraints)."""
    blocks: list[Block] = []
    name: str | None = None
    lines: list[str] = []
    directives: dict[str, str] = {}

    def flush() -> None:
        if name is not None:
            blocks.append(Block(name, "\n".join(lines).strip(), dict(directives)))

    for raw in source.splitlines():
        match = _NAME.match(raw.strip())
        if match:
            flush()
            name, lines, directives = match.group(1), [], {}
            continue
        stripped = raw.strip()
        if stripped.startswith("//"):
            key, sep, value = stripped[2:].partition(":")
            if name is not None and sep and re.fullmatch(r"[a-z-]+", key.strip()):
                directives[key.strip()] = value.strip()
            continue
        if name is not None:
            lines.append(raw)
    flush()
    return blocks


@lru_cache(maxsize=None)
def statements() -> dict[str, str]:
    """All named statements of the package's cypher folder."""
    found: dict[str, str] = {}
    for path in sorted(CYPHER_DIR.glob("*.cypher")):
        for block in parse_blocks(path.read_text(encoding="utf-8")):
            if block.name in found:
                raise RuntimeError(f"duplicate Cypher statement name {block.name!r} in {path.name}")
            found[block.name] = block.text
    return found


@lru_cache(maxsize=None)
def statement(name: str, kind_label: str | None = None, rel_type: str | None = None) -> str:
    """The named statement with its label placeholders filled from the vocabulary."""
    text = statements()[name]
    for placeholder, value in (("__KIND__", kind_label), ("__REL__", rel_type)):
        if placeholder in text:
            if value is None or not _LABEL.match(value):
                raise ValueError(f"statement {name} needs a vocabulary label for {placeholder}")
            text = text.replace(placeholder, value)
    return text
