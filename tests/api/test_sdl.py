"""schema/schema.graphql is what the code generates: reviewers read the API from it."""

from pathlib import Path

from graph_service.api.schema import build_schema

SDL = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


def test_committed_schema_matches_the_code(vocabulary):
    generated = build_schema(vocabulary).as_str() + "\n"
    assert SDL.read_text(encoding="utf-8") == generated, (
        "schema/schema.graphql is stale: run `coalition-map schema --out schema/schema.graphql`"
    )


def test_every_vocabulary_property_is_in_the_api(vocabulary):
    sdl = SDL.read_text(encoding="utf-8")
    for kind in vocabulary.node_kinds.values():
        block = sdl.split(f"type {kind.label} implements GraphNode {{")[1].split("}")[0]
        for name in kind.properties:
            camel = name.split("_")[0] + "".join(p.title() for p in name.split("_")[1:])
            assert f"  {camel}:" in block, f"{kind.label}.{camel} missing"
