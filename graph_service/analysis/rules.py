"""Coalition gap rules: each a small named function in one registry.

A rule reads a snapshot and returns findings: an id, a severity, a message in Dutch and English,
the evidence (node and tie ids, resolvable through the API) and a suggested action. Thresholds
live in `RuleConfig` so a coalition can tune them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

import networkx as nx

from ..domain.vocabulary import load_vocabulary
from .metrics import domain_mixing
from .snapshot import Snapshot

DOMAINS = ("medical", "public_health", "social", "informal", "policy")
DOMAIN_NL = {"medical": "medisch", "public_health": "publieke gezondheid", "social": "sociaal",
             "informal": "informeel", "policy": "beleid en financiering"}
LEVELS = ("governance", "management", "practice")
LEVEL_NL = {"governance": "bestuurlijk", "management": "management en beleid", "practice": "uitvoering"}
PHASES = ("preconception", "pregnancy", "birth_maternity", "zero_to_two")
PILLARS = ("shared_goals", "monitoring_learning", "community_approach", "care_palette", "chain_coordination")
#: partner types a coalition is expected to have; "lived_experience" means parents with lived experience
REFERENCE_TYPES = ("gp_practice", "midwife_practice", "maternity_care", "youth_health_care", "neighbourhood_team",
                   "debt_counselling", "housing_corporation", "volunteer_or_community", "municipality",
                   "health_insurer", "lived_experience")


#: reference "types" that are no single organisation type of the vocabulary
GROUPED_TYPES = {"volunteer_or_community": ("vrijwilligersorganisatie of ontmoetingsplek",
                                            "volunteer organisation or community place"),
                 "lived_experience": ("ouders met ervaringskennis", "parents with lived experience")}


def _label(enum: str, value: str) -> tuple[str, str]:
    """Dutch and English label of a vocabulary value: people read labels, never codes."""
    if enum == "organisation_type" and value in GROUPED_TYPES:
        return GROUPED_TYPES[value]
    found = load_vocabulary().enums[enum].get(value)
    return (found.nl.lower(), found.en.lower()) if found else (value, value)


@dataclass
class RuleConfig:
    reference_types: tuple[str, ...] = REFERENCE_TYPES
    #: observed / expected cross-domain ties below this is weak
    weak_tie_ratio: float = 0.5
    suggestions: int = 5
    #: a partner carrying more than this share of all cross-domain ties is a single broker
    broker_share: float = 0.4
    reach_steps: int = 3
    overlap_providers: int = 3
    #: searches look at this many candidates per side (the most central first), not at all pairs
    candidates: int = 30


@dataclass
class Finding:
    rule: str
    severity: str  # "high", "medium", "low"
    nl: str
    en: str
    action_nl: str
    action_en: str
    nodes: list[str] = field(default_factory=list)
    ties: list[str] = field(default_factory=list)
    suggested_ties: list[dict[str, Any]] = field(default_factory=list)


Rule = Callable[[Snapshot, RuleConfig], list[Finding]]
RULES: dict[str, Rule] = {}


def rule(rule_id: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[rule_id] = fn
        return fn
    return register


def _name(snap: Snapshot, node_id: str) -> str:
    node = snap.nodes.get(node_id, {})
    return str(node.get("name") or node.get("label") or node_id)


def _most_central(snap: Snapshot, nodes: list[str], count: int) -> list[str]:
    score = snap.centrality or {}
    degree = snap.degrees
    return sorted(nodes, key=lambda n: (-score.get(n, 0.0), -degree[n], n))[:count]


def _orgs(snap: Snapshot) -> list[str]:
    return sorted(snap.members_of_kind("organisation"))


# --------------------------------------------------------------------------- 1-3: who is at the table
@rule("missing_domain")
def missing_domain(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    present = {snap.domain(n) for n in snap.partners}
    return [Finding("missing_domain", "high",
                    f"Het domein {DOMAIN_NL[d]} zit niet aan tafel.", f"The {d.replace('_', ' ')} domain is not at the table.",
                    f"Nodig een partner uit het domein {DOMAIN_NL[d]} uit.", f"Invite a partner from the {d.replace('_', ' ')} domain.")
            for d in DOMAINS if d not in present]


@rule("missing_partner_type")
def missing_partner_type(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    types = {snap.nodes[o].get("organisation_type") for o in _orgs(snap)}
    lived = any(snap.nodes[n].get("lived_experience") for n in snap.levels)
    findings = []
    for wanted in config.reference_types:
        if wanted == "lived_experience":
            present = lived
        elif wanted == "volunteer_or_community":
            present = bool(types & {"volunteer_organisation", "community_place"})
        else:
            present = wanted in types
        if not present:
            nl, en = _label("organisation_type", wanted)
            findings.append(Finding("missing_partner_type", "medium",
                                    f"Er is geen partner van het type '{nl}' lid.", f"No '{en}' partner is a member.",
                                    "Ga na wie dit in uw gemeente doet en nodig die partij uit.",
                                    "Find out who does this in your municipality and invite them."))
    return findings


@rule("missing_level")
def missing_level(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    by_domain: dict[str, set[str]] = defaultdict(set)
    members: dict[str, list[str]] = defaultdict(list)
    for node_id, levels in snap.levels.items():
        domain = snap.domain(node_id)
        if domain:
            by_domain[domain] |= levels
            members[domain].append(node_id)
    findings = []
    for domain in sorted(by_domain):
        for level in LEVELS:
            if level not in by_domain[domain]:
                findings.append(Finding(
                    "missing_level", "low",
                    f"In het domein {DOMAIN_NL[domain]} zit niemand op het niveau {LEVEL_NL[level]} aan tafel.",
                    f"Nobody from the {domain.replace('_', ' ')} domain sits at the table at {level} level.",
                    f"Vraag een partner uit dit domein om ook iemand op niveau {LEVEL_NL[level]} af te vaardigen.",
                    f"Ask a partner from this domain to also send someone at {level} level.",
                    nodes=sorted(members[domain])))
    return findings


# --------------------------------------------------------------------------- 4-5: bridging
def _suggest(snap: Snapshot, left: list[str], right: list[str], count: int) -> list[dict[str, Any]]:
    """Untied pairs across two domains, ranked: shared contacts first (an introduction is easy),
    then shared phases (they meet the same families), then the pair's degree. `left` and `right`
    are the most central partners of each side, so the search stays small on large networks."""
    g = snap.partners
    adjacent = {n: set(g[n]) for n in (*left, *right)}
    candidates = []
    for a in left:
        phases_a = set(snap.nodes[a].get("phases") or [])
        for b in right:
            if a == b or b in adjacent[a]:
                continue
            common = sorted(adjacent[a] & adjacent[b])
            phases = sorted(phases_a & set(snap.nodes[b].get("phases") or []))
            score = (len(common), len(phases), snap.degrees[a] + snap.degrees[b])
            candidates.append((score, a, b, common, phases))
    candidates.sort(key=lambda c: (-c[0][0], -c[0][1], -c[0][2], c[1], c[2]))
    out = []
    for _, a, b, common, phases in candidates[:count]:
        why_nl = []
        if common:
            why_nl.append(f"beiden werken al met {', '.join(_name(snap, c) for c in common[:2])}")
        if phases:
            why_nl.append(f"beiden zijn actief in dezelfde fase ({', '.join(phases)})")
        out.append({"from": a, "to": b, "reason_nl": "; ".join(why_nl) or "nog geen gemeenschappelijke contacten",
                    "reason_en": f"{len(common)} shared contacts, {len(phases)} shared phases"})
    return out


@rule("weak_cross_domain_ties")
def weak_cross_domain_ties(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    if snap.mixing is None:
        snap.mixing = domain_mixing(snap.partners)
    _, matrix = snap.mixing
    findings = []
    by_domain: dict[str, list[str]] = defaultdict(list)
    for node, domain in snap.domains.items():
        by_domain[domain].append(node)  # type: ignore[index]
    top = {d: _most_central(snap, nodes, config.candidates) for d, nodes in by_domain.items()}
    for (a, b), cell in matrix.items():
        if a == b or cell["expected"] == 0:
            continue
        ratio = cell["observed"] / cell["expected"]
        if ratio >= config.weak_tie_ratio:
            continue
        severity = "high" if {a, b} == {"medical", "social"} else "medium"
        suggestions = _suggest(snap, top.get(a, []), top.get(b, []), config.suggestions)
        findings.append(Finding(
            "weak_cross_domain_ties", severity,
            f"Tussen {DOMAIN_NL[a]} en {DOMAIN_NL[b]} zijn {cell['observed']} werkrelaties, waar je er bij toeval "
            f"{cell['expected']:.1f} zou verwachten.",
            f"Between {a.replace('_', ' ')} and {b.replace('_', ' ')} there are {cell['observed']} working ties "
            f"where chance would give {cell['expected']:.1f}.",
            "Breng de voorgestelde paren met elkaar in contact.", "Introduce the suggested pairs to each other.",
            nodes=sorted({s[e] for s in suggestions for e in ("from", "to")}), suggested_ties=suggestions))
    return findings


def _separates(graph: nx.Graph, removed: str, left: set[str], right: set[str]) -> bool:
    """Whether no path joins `left` and `right` once `removed` is gone: a search from all of
    `left` that stops at the first node of `right` (fast when the answer is no)."""
    seen = set(left) | {removed}
    frontier = list(left)
    while frontier:
        node = frontier.pop()
        for other in graph.neighbors(node):
            if other in right:
                return False
            if other not in seen:
                seen.add(other)
                frontier.append(other)
    return True


@rule("single_broker")
def single_broker(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    g = snap.partners
    medical = {n for n in g if snap.domain(n) == "medical"}
    social = {n for n in g if snap.domain(n) == "social"}
    findings = []
    connected = any(part & medical and part & social for part in nx.connected_components(g))
    if connected:
        points = snap.articulation if snap.articulation is not None else list(nx.articulation_points(g))
        for point in sorted(_most_central(snap, points, config.candidates)):
            if _separates(g, point, medical - {point}, social - {point}):
                findings.append(Finding(
                    "single_broker", "high",
                    f"Alle contact tussen medisch en sociaal loopt via {_name(snap, point)}.",
                    f"All contact between the medical and social side runs through {_name(snap, point)}.",
                    "Leg een tweede route aan: verbind een andere medische en sociale partner rechtstreeks.",
                    "Build a second route: connect another medical and social partner directly.", nodes=[point]))
    cross = [(a, b) for a, b in g.edges() if snap.domain(a) != snap.domain(b)]
    if len(cross) >= 5:
        carried: dict[str, int] = defaultdict(int)
        for a, b in cross:
            carried[a] += 1
            carried[b] += 1
        for node, count in sorted(carried.items()):
            if count / len(cross) > config.broker_share and not any(f.nodes == [node] for f in findings):
                findings.append(Finding(
                    "single_broker", "medium",
                    f"{_name(snap, node)} draagt {count} van de {len(cross)} relaties tussen domeinen.",
                    f"{_name(snap, node)} carries {count} of the {len(cross)} ties between domains.",
                    "Spreid de verbindingen: laat ook andere partners over de domeingrens samenwerken.",
                    "Spread the bridging: let other partners work across domains too.", nodes=[node]))
    return findings


# --------------------------------------------------------------------------- 6-9: reach and offer
@rule("unreached_community")
def unreached_community(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    """Not reached at all; reached through exactly one key figure; or no professional within
    `reach_steps` steps (community -> key figure -> ... -> professional)."""
    undirected = snap.ties.to_undirected(as_view=True)
    without_coalitions = nx.subgraph_view(undirected, filter_node=lambda n: snap.nodes[n]["kind"] != "coalition")
    findings = []
    for community in sorted(n for n, d in snap.nodes.items() if d["kind"] == "community"):
        name = _name(snap, community)
        reachers = sorted({u for u, _, k in snap.ties.in_edges(community, data="kind") if k == "reaches"})
        near = nx.single_source_shortest_path_length(without_coalitions, community, cutoff=config.reach_steps)
        professional = any(snap.nodes[n]["kind"] in ("professional", "organisation") for n in near if n != community)
        evidence = sorted(t for u, _, t, k in snap.ties.in_edges(community, keys=True, data="kind") if k == "reaches")
        if not reachers:
            findings.append(Finding(
                "unreached_community", "high", f"De gemeenschap '{name}' wordt door geen enkele partner bereikt.",
                f"No partner reaches the community '{name}'.",
                "Zoek sleutelpersonen in deze gemeenschap en verbind hen met een professional.",
                "Find key figures in this community and connect them with a professional.", nodes=[community]))
        elif len(reachers) == 1 and snap.nodes[reachers[0]]["kind"] == "informal_supporter":
            findings.append(Finding(
                "unreached_community", "high" if not professional else "medium",
                f"De gemeenschap '{name}' wordt alleen bereikt via één sleutelpersoon"
                + ("" if professional else ", die met geen enkele professional verbonden is") + ".",
                f"The community '{name}' is reached only through one key figure"
                + ("" if professional else ", who is tied to no professional") + ".",
                "Verbind de sleutelpersoon met een professional en zoek een tweede ingang.",
                "Tie the key figure to a professional and find a second way in.",
                nodes=[community, reachers[0]], ties=evidence))
        elif not professional:
            findings.append(Finding(
                "unreached_community", "medium",
                f"De gemeenschap '{name}' heeft geen professional binnen {config.reach_steps} stappen.",
                f"The community '{name}' has no professional within {config.reach_steps} steps.",
                "Verbind wie deze gemeenschap bereikt met een professional.",
                "Connect whoever reaches this community with a professional.", nodes=[community, *reachers], ties=evidence))
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
    covered |= {p for o in _orgs(snap) for p in snap.nodes[o].get("phases") or []}
    return [Finding("phase_gap", "high", f"Geen aanbod of partner dekt de fase '{_label('phase', p)[0]}'.",
                    f"No intervention or partner covers the phase '{_label('phase', p)[1]}'.",
                    "Bespreek wie deze fase op zich kan nemen.", "Discuss who can take this phase on.")
            for p in PHASES if p not in covered]


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
            names_nl, names_en = _listing([_name(snap, n) for n in sorted(providers)])
            type_nl, type_en = _label("intervention_type", offer_type)
            # quoted: a label such as 'geboorte en kraamperiode' holds the joining word itself
            phases_nl = _listing([f"'{_label('phase', p)[0]}'" for p in run])[0]
            phases_en = _listing([f"'{_label('phase', p)[1]}'" for p in run])[1]
            findings.append(Finding(
                "overlap", "low",
                f"{len(providers)} partners bieden '{type_nl}' aan in de {'fase' if len(run) == 1 else 'fasen'} "
                f"{phases_nl}: {names_nl}.",
                f"{len(providers)} partners offer '{type_en}' in the {'phase' if len(run) == 1 else 'phases'} "
                f"{phases_en}: {names_en}.",
                "Stem af wie wat doet, of bundel het aanbod.", "Agree who does what, or combine the offer.",
                nodes=sorted(providers) + offered))
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


def _listing(items: list[str]) -> tuple[str, str]:
    """'a, b en c' and 'a, b and c'."""
    def join(word: str) -> str:
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"
    return join("en"), join("and")


@rule("no_warm_handover")
def no_warm_handover(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    handovers = nx.DiGraph()

    def lift(node: str) -> set[str]:
        return {node} if node in snap.partners else snap.employer.get(node, set())

    for tie in snap.ties_by_kind.get("warm_handover", []):
        handovers.add_edges_from((x, y) for x in lift(tie["from"]) for y in lift(tie["to"]) if x != y)
    targets = {o for o in _orgs(snap) if snap.nodes[o].get("organisation_type") in ("youth_health_care", "neighbourhood_team")}
    findings = []
    for source in _orgs(snap):
        if snap.nodes[source].get("organisation_type") not in ("maternity_care", "midwife_practice"):
            continue
        reached = nx.descendants(handovers, source) if source in handovers else set()
        if not reached & targets:
            findings.append(Finding(
                "no_warm_handover", "high" if snap.nodes[source]["organisation_type"] == "maternity_care" else "medium",
                f"{_name(snap, source)} heeft geen warme overdracht naar JGZ of het wijkteam.",
                f"{_name(snap, source)} has no warm handover to youth health care or the neighbourhood team.",
                "Spreek een warme overdracht af aan het eind van de kraamperiode ('de knip').",
                "Agree a warm handover at the end of the maternity period.", nodes=[source],
                suggested_ties=_handover_partners(snap, source, targets)))
    return findings


HANDOVER_TO = {"youth_health_care": ("de jeugdgezondheidszorg (JGZ)", "youth health care"),
               "neighbourhood_team": ("het wijkteam", "the neighbourhood team")}


def _handover_partners(snap: Snapshot, source: str, targets: set[str]) -> list[dict[str, Any]]:
    """The handover to make: per kind of receiver (JGZ, the neighbourhood team) the one that
    already shares the most partners with the source, then the most connected, so the
    introduction is easy and the families get there."""
    around = set(snap.partners[source])
    out = []
    for kind, (where_nl, where_en) in HANDOVER_TO.items():
        options = [t for t in targets if snap.nodes[t].get("organisation_type") == kind]
        if not options:
            continue
        best = min(options, key=lambda t: (-len(around & set(snap.partners[t])), -snap.degrees[t], t))
        shared = sorted(around & set(snap.partners[best]))
        known = f"; ze werken allebei al met {_name(snap, shared[0])}" if shared else ""
        out.append({"from": source, "to": best,
                    "reason_nl": f"warme overdracht na de kraamperiode naar {where_nl}{known}",
                    "reason_en": f"warm handover after the maternity period to {where_en}"
                                 + (f"; both already work with {_name(snap, shared[0])}" if shared else "")})
    return out


# --------------------------------------------------------------------------- 10-11: ties and pillars
@rule("isolated_member")
def isolated_member(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    g = snap.partners
    findings = []
    for node in sorted(g):
        if g.degree(node) == 0:
            findings.append(Finding("isolated_member", "high",
                                    f"{_name(snap, node)} is lid maar werkt met niemand in de coalitie samen.",
                                    f"{_name(snap, node)} is a member but works with nobody in the coalition.",
                                    "Koppel deze partner aan een partner uit een ander domein.",
                                    "Pair this partner with a partner from another domain.", nodes=[node]))
        elif all(snap.domains[o] == snap.domains[node] for o in g.neighbors(node)):
            findings.append(Finding("isolated_member", "low",
                                    f"{_name(snap, node)} werkt alleen samen binnen het eigen domein.",
                                    f"{_name(snap, node)} works only within its own domain.",
                                    "Zoek voor deze partner één verbinding over de domeingrens.",
                                    "Find this partner one tie across the domain border.", nodes=[node],
                                    ties=sorted(t for o in g.neighbors(node) for t in g.edges[node, o]["ties"])))
    return findings


@rule("pillar_without_activity")
def pillar_without_activity(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    active = {p for n in snap.nodes.values() if n["kind"] in ("intervention", "organisation") for p in n.get("pillars") or []}
    active |= {p for kind in ("agreement", "funds") for t in snap.ties_by_kind.get(kind, []) for p in t.get("pillars") or []}
    return [Finding("pillar_without_activity", "medium",
                    f"Voor de pijler '{_label('pillar', p)[0]}' is geen activiteit vastgelegd.",
                    f"No activity is recorded for the pillar '{_label('pillar', p)[1]}'.",
                    "Leg vast wat de coalitie aan deze pijler doet, of plan een eerste stap.",
                    "Record what the coalition does for this pillar, or plan a first step.")
            for p in PILLARS if p not in active]


def run_rules(snap: Snapshot, config: RuleConfig | None = None, only: list[str] | None = None,
              betweenness: dict[str, float] | None = None) -> list[Finding]:
    config = config or RuleConfig()
    if betweenness is not None:
        snap.centrality = betweenness
    findings: list[Finding] = []
    for rule_id, fn in RULES.items():
        if only is None or rule_id in only:
            findings.extend(fn(snap, config))
    return findings
