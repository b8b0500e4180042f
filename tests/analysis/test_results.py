"""The typed analysis result: the figures an evaluator compares and the JSON a script reads."""

from __future__ import annotations

import json

from graph_service.analysis.findings import Finding, SuggestedTie
from graph_service.analysis.metrics import Metric, NodeMetrics
from graph_service.analysis.results import Analysis, DomainCell, compare


def analysis(as_of: str, cross_ties: int, findings: list[Finding]) -> Analysis:
    metrics = [Metric("density", 0.25, "", ""), Metric("degree_centralization", 0.5, "", ""),
               Metric("components", {"count": 2, "isolates": ["x"]}, "", ""),
               Metric("ei_index", {"observed": -0.2, "expected": 0.1}, "", ""),
               Metric("communities", [["a", "b"], ["c"]], "", ""),
               Metric("cut_points", {"articulation_points": ["b"], "bridges": []}, "", "")]
    matrix = [DomainCell("medical", "medical", 4, 2.0), DomainCell("medical", "social", cross_ties, 4.0)]
    return Analysis(coalition="co", name="Coalitie", as_of=as_of, version=1, partners=6, ties=4 + cross_ties,
                    metrics=metrics, domain_matrix=matrix, nodes=NodeMetrics(), findings=findings, top_actions=[])


GAP = Finding("weak_cross_domain_ties", "high", "Weinig banden.", "Few ties.", "Breng samen.", "Introduce.",
              nodes=["a", "b"], suggested_ties=[SuggestedTie("a", "b", "A", "B", "zelfde fase", "same phase")])
LONELY = Finding("isolated_member", "low", "C werkt alleen.", "C works alone.", "", "", nodes=["c"])


def test_the_bridging_index_is_observed_cross_domain_ties_per_expected_one():
    figures = analysis("2025-01-01", 2, [GAP]).headline()
    assert figures["bridging_index"] == 0.5  # 2 observed where random mixing gives 4
    assert figures["components"] == 2 and figures["isolates"] == 1 and figures["articulation_points"] == 1
    assert figures["ei_index"] == -0.2 and figures["ei_expected"] == 0.1
    assert figures["findings_high"] == 1 and figures["findings"] == 1


def test_a_comparison_names_the_findings_closed_and_new_and_how_figures_moved():
    before = analysis("2024-01-01", 1, [GAP, LONELY])
    after = analysis("2025-01-01", 4, [LONELY])
    tie = {"id": "t1", "kind": "collaborates_with", "from": "a", "to": "b"}
    change = compare(before, after, [], [tie])
    assert change.findings_closed == [GAP] and change.findings_new == []
    assert change.ties_added == [tie] and change.ties_removed == []
    bridging = change.figures["bridging_index"]
    assert (bridging.before, bridging.after, bridging.change) == (0.25, 1.0, 0.75)


def test_the_json_keeps_the_shape_scripts_read():
    data = json.loads(json.dumps(analysis("2025-01-01", 2, [GAP]).as_dict(), default=sorted))
    [finding] = data["findings"]
    assert finding["suggested_ties"] == [{"from": "a", "to": "b", "from_name": "A", "to_name": "B",
                                          "reason_nl": "zelfde fase", "reason_en": "same phase"}]
    assert {m["id"] for m in data["metrics"]} >= {"density", "ei_index"}
    assert data["domain_matrix"][1] == {"a": "medical", "b": "social", "observed": 2, "expected": 4.0}
    assert set(data["node_readings"]) >= {"betweenness", "degree"}
