"""Coalition gap rules: each a small named function in one registry.

A rule reads a snapshot and returns findings (see `findings.py`): one per gap, not one per
instance; in Dutch and English from vocabulary labels; with the evidence (node and tie ids,
resolvable through the API), a suggested action and, when a tie is missing, the pairs to
introduce. What a coalition is expected to have (levels per domain, which domains work together)
comes from the vocabulary; thresholds live in `RuleConfig` so a coalition can tune them.
"""

from __future__ import annotations

from . import network_rules, offer_rules  # noqa: F401 - imported for their registrations
from .findings import DOMAINS, PHASES, PILLARS, RULES, Finding, RuleConfig, ranked
from .snapshot import Snapshot

__all__ = ["DOMAINS", "ORDER", "PHASES", "PILLARS", "RULES", "RuleConfig", "run_rules"]

#: the order rules run in: a later rule does not name a partner an earlier one suggested a tie for
#: (the missing handover of maternity care comes before "works only inside its own domain")
ORDER = ("missing_domain", "missing_partner_type", "missing_level", "weak_cross_domain_ties", "single_broker",
         "unreached_community", "phase_gap", "overlap", "no_warm_handover", "isolated_member",
         "pillar_without_activity")


def run_rules(snap: Snapshot, config: RuleConfig | None = None, only: list[str] | None = None,
              betweenness: dict[str, float] | None = None) -> list[Finding]:
    """Every rule's findings, the highest priority first."""
    config = config or RuleConfig()
    if betweenness is not None:
        snap.centrality = betweenness
    findings: list[Finding] = []
    snap.suggested = set()
    for rule_id in ORDER:
        if only is None or rule_id in only:
            found = RULES[rule_id](snap, config)
            snap.suggested |= {end for f in found for t in f.suggested_ties for end in t.ends}
            findings.extend(found)
    return ranked(findings)
