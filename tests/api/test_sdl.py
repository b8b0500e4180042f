"""graph_service/schema/schema.graphql is what the code generates: reviewers read the API from it."""

from pathlib import Path

from graph_service.api.schema import build_schema

SDL = Path(__file__).resolve().parents[2] / "graph_service" / "schema" / "schema.graphql"


def test_committed_schema_matches_the_code(vocabulary):
    generated = build_schema(vocabulary).as_str() + "\n"
    assert SDL.read_text(encoding="utf-8") == generated, (
        "graph_service/schema/schema.graphql is stale: run "
        "`coalition-map schema --out graph_service/schema/schema.graphql`"
    )


def test_every_vocabulary_property_is_in_the_api(vocabulary):
    sdl = SDL.read_text(encoding="utf-8")
    for kind in vocabulary.node_kinds.values():
        block = sdl.split(f"type {kind.label} implements GraphNode {{")[1].split("}")[0]
        for name in kind.properties:
            camel = name.split("_")[0] + "".join(p.title() for p in name.split("_")[1:])
            assert f"  {camel}:" in block, f"{kind.label}.{camel} missing"


def test_coordinators_and_evaluators_get_a_schema_without_families(vocabulary):
    """S16: the schema itself has no family, card, card tie or health field for these roles."""
    restricted = build_schema(vocabulary, family_data=False).as_str()
    for absent in ("type Family ", "FamilyCard", "FamilyMember", "NetworkPerson", "FactorRecord", "ConsentRecord",
                   "SUPPORTS", "ASSIGNED_TO", "emotional:", "knowsSituation", "vulnerability", "auditEvents",
                   "eraseFamily", "cardSummary"):
        assert absent not in restricted, absent
    assert "familyAggregates" in restricted  # the suppressed aggregates stay
    full = build_schema(vocabulary).as_str()
    assert "familyCard(" in full and "type Family " in full
