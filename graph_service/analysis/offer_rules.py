"""Gap rules about what the coalition reaches and offers: communities, phases, overlapping offers,
warm handovers after the maternity period and the pillars of the approach. See `rules.py` for the
order they run in.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .findings import (MAX_GROUP_SUGGESTIONS, PHASES, PILLARS, WHOLE_COALITION, Finding, RuleConfig, label, labels,
                       rule)
from .snapshot import Snapshot
from .suggestions import community_partner, handover_partners, key_figure_partner, name, names, organisations


# --------------------------------------------------------------------------- reach and offer
@rule("unreached_community")
def unreached_community(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    """Not reached at all; reached through exactly one key figure; or no professional within
    `reach_steps` steps (community -> key figure -> ... -> professional)."""
    undirected = snap.ties.to_undirected(as_view=True)
    without_coalitions = nx.subgraph_view(undirected, filter_node=lambda n: snap.nodes[n]["kind"] != "coalition")
    findings = []
    for community in sorted(n for n, d in snap.nodes.items() if d["kind"] == "community"):
        called = name(snap, community)
        reachers = sorted({u for u, _, k in snap.ties.in_edges(community, data="kind") if k == "reaches"})
        near = nx.single_source_shortest_path_length(without_coalitions, community, cutoff=config.reach_steps)
        professional = any(snap.nodes[n]["kind"] in ("professional", "organisation") for n in near if n != community)
        evidence = sorted(t for u, _, t, k in snap.ties.in_edges(community, keys=True, data="kind") if k == "reaches")
        if not reachers:
            start = community_partner(snap, community)
            findings.append(Finding(
                "unreached_community", "high", f"De gemeenschap '{called}' wordt door geen enkele partner bereikt.",
                f"No partner reaches the community '{called}'.",
                "Zoek sleutelpersonen in deze gemeenschap en verbind hen met een professional.",
                "Find key figures in this community and connect them with a professional.", nodes=[community],
                suggested_ties=[start] if start else [], key=community))
        elif len(reachers) == 1 and snap.nodes[reachers[0]]["kind"] == "informal_supporter":
            figure = reachers[0]
            link = None if professional else key_figure_partner(snap, figure)
            findings.append(Finding(
                "unreached_community", "high" if not professional else "medium",
                f"De gemeenschap '{called}' wordt alleen bereikt via één sleutelpersoon, {name(snap, figure)}"
                + ("" if professional else ", die met geen enkele professional verbonden is") + ".",
                f"The community '{called}' is reached only through one key figure, {name(snap, figure)}"
                + ("" if professional else ", who is tied to no professional") + ".",
                "Verbind de sleutelpersoon met een professional en zoek een tweede ingang.",
                "Tie the key figure to a professional and find a second way in.",
                nodes=[community, figure], ties=evidence, suggested_ties=[link] if link else [], key=community))
        elif not professional:
            findings.append(Finding(
                "unreached_community", "medium",
                f"De gemeenschap '{called}' heeft geen professional binnen {config.reach_steps} stappen.",
                f"The community '{called}' has no professional within {config.reach_steps} steps.",
                "Verbind wie deze gemeenschap bereikt met een professional.",
                "Connect whoever reaches this community with a professional.", nodes=[community, *reachers],
                ties=evidence, suggested_ties=[s for r in reachers[:2] if (s := key_figure_partner(snap, r))],
                key=community))
    return findings


def _interventions(snap: Snapshot) -> dict[str, list[str]]:
    """intervention id -> providers (members offering it)."""
    out: dict[str, list[str]] = {}
    for node_id, node in snap.nodes.items():
        if node["kind"] == "intervention":
            out[node_id] = sorted(u for u, _, k in snap.ties.in_edges(node_id, data="kind") if k == "offers")
    return out


@rule("phase_gap")
def phase_gap(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    covered = {p for i in _interventions(snap) for p in snap.nodes[i].get("phases") or []}
    covered |= {p for o in organisations(snap) for p in snap.nodes[o].get("phases") or []}
    missing = [p for p in PHASES if p not in covered]
    if not missing:
        return []
    phases_nl, phases_en = labels("phase", missing, quoted=True)
    one = len(missing) == 1
    return [Finding("phase_gap", "high",
                    f"Geen aanbod of partner dekt de {'fase' if one else 'fasen'} {phases_nl}.",
                    f"No intervention or partner covers the {'phase' if one else 'phases'} {phases_en}.",
                    f"Bespreek wie {'deze fase' if one else 'deze fasen'} op zich kan nemen.",
                    f"Discuss who can take {'this phase' if one else 'these phases'} on.",
                    key="", reach=WHOLE_COALITION)]


@rule("overlap")
def overlap(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    """The same kind of offer from three or more providers within a run of adjacent phases is one
    finding that names the providers and the phases: an offer recorded in one phase by one
    provider and in the next by another overlaps as much as one recorded twice in the same phase,
    and one offer spanning three phases is one overlap, not three."""
    by_type: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    offers: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for intervention, by in _interventions(snap).items():
        node = snap.nodes[intervention]
        for phase in node.get("phases") or []:
            by_type[node["intervention_type"]][phase] |= set(by)
            offers[node["intervention_type"]][phase].append(intervention)
    findings = []
    for offer_type in sorted(by_type):
        for run in _adjacent_runs([p for p in PHASES if by_type[offer_type].get(p)]):
            providers = set().union(*(by_type[offer_type][p] for p in run))
            if len(providers) < config.overlap_providers:
                continue
            offered = sorted({i for p in run for i in offers[offer_type][p]})
            names_nl, names_en = names(snap, sorted(providers))
            type_nl, type_en = label("intervention_type", offer_type)
            # quoted: a label such as 'geboorte en kraamperiode' holds the joining word itself
            phases_nl, phases_en = labels("phase", run, quoted=True)
            findings.append(Finding(
                "overlap", "low",
                f"{len(providers)} partners bieden '{type_nl}' aan in de {'fase' if len(run) == 1 else 'fasen'} "
                f"{phases_nl}: {names_nl}.",
                f"{len(providers)} partners offer '{type_en}' in the {'phase' if len(run) == 1 else 'phases'} "
                f"{phases_en}: {names_en}.",
                "Stem af wie wat doet, of bundel het aanbod.", "Agree who does what, or combine the offer.",
                nodes=sorted(providers) + offered, key=f"{offer_type}|{run[0]}", reach=len(providers)))
    return findings


def _adjacent_runs(phases: list[str]) -> list[list[str]]:
    """Phases (in PHASES order) split where one is skipped: [pregnancy, birth_maternity] stays one run."""
    runs: list[list[str]] = []
    for phase in phases:
        if runs and PHASES.index(phase) == PHASES.index(runs[-1][-1]) + 1:
            runs[-1].append(phase)
        else:
            runs.append([phase])
    return runs


@rule("no_warm_handover")
def no_warm_handover(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    """Maternity care and midwives without a warm handover to JGZ or the neighbourhood team: one
    finding per kind of partner, naming them, with the handovers to agree."""
    handovers = nx.DiGraph()

    def lift(node: str) -> set[str]:
        return {node} if node in snap.partners else snap.employer.get(node, set())

    for tie in snap.ties_by_kind.get("warm_handover", []):
        handovers.add_edges_from((x, y) for x in lift(tie["from"]) for y in lift(tie["to"]) if x != y)
    targets = {o for o in organisations(snap) if snap.nodes[o].get("organisation_type") in ("youth_health_care", "neighbourhood_team")}
    findings = []
    for kind, severity in (("maternity_care", "high"), ("midwife_practice", "medium")):
        sources = [o for o in organisations(snap) if snap.nodes[o].get("organisation_type") == kind
                   and not ((nx.descendants(handovers, o) if o in handovers else set()) & targets)]
        if not sources:
            continue
        names_nl, names_en = names(snap, sources)
        one = len(sources) == 1
        findings.append(Finding(
            "no_warm_handover", severity,
            f"{names_nl} {'heeft' if one else 'hebben'} geen warme overdracht naar de jeugdgezondheidszorg (JGZ) "
            "of het wijkteam.",
            f"{names_en} {'has' if one else 'have'} no warm handover to youth health care or the neighbourhood team.",
            "Spreek een warme overdracht af aan het eind van de kraamperiode, zodat er geen gat valt na de kraamtijd.",
            "Agree a warm handover at the end of the maternity period, so families do not fall into the gap.",
            nodes=sources, suggested_ties=handover_partners(snap, sources[:MAX_GROUP_SUGGESTIONS], targets),
            key=kind))
    return findings


@rule("pillar_without_activity")
def pillar_without_activity(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    """One finding for all pillars without recorded activity."""
    active = {p for n in snap.nodes.values() if n["kind"] in ("intervention", "organisation") for p in n.get("pillars") or []}
    active |= {p for kind in ("agreement", "funds") for t in snap.ties_by_kind.get(kind, []) for p in t.get("pillars") or []}
    missing = [p for p in PILLARS if p not in active]
    if not missing:
        return []
    if len(missing) == len(PILLARS):
        nl, en = ("Voor geen van de vijf pijlers van de aanpak is activiteit vastgelegd.",
                  "No activity is recorded for any of the five pillars of the approach.")
    else:
        pillars_nl, pillars_en = labels("pillar", missing, quoted=True)
        one = len(missing) == 1
        nl = f"Voor de {'pijler' if one else 'pijlers'} {pillars_nl} is geen activiteit vastgelegd."
        en = f"No activity is recorded for the {'pillar' if one else 'pillars'} {pillars_en}."
    return [Finding("pillar_without_activity", "medium", nl, en,
                    "Leg vast wat de coalitie aan elke pijler doet, of plan een eerste stap.",
                    "Record what the coalition does for each pillar, or plan a first step.",
                    key="", reach=WHOLE_COALITION)]
