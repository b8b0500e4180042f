"""Coalition gap rules: each a small named function in one registry.

A rule reads a snapshot and returns findings (see `findings.py`): one per gap, not one per
instance; in Dutch and English from vocabulary labels; with the evidence (node and tie ids,
resolvable through the API), a suggested action and, when a tie is missing, the pairs to
introduce. What a coalition is expected to have (levels per domain, which domains work together)
comes from the vocabulary; thresholds live in `RuleConfig` so a coalition can tune them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from .findings import (DOMAINS, PHASES, PILLARS, RULES, WHOLE_COALITION, Finding, RuleConfig, counted,
                       domain_fact, domain_name, expected_levels, label, labels, listing, ranked, rule, where, works_with)
from .metrics import domain_mixing
from .snapshot import Snapshot
from .suggestions import (best_partner, community_partner, handover_partners, key_figure_partner, most_central,
                          name, pairs)

__all__ = ["DOMAINS", "PHASES", "PILLARS", "RULES", "RuleConfig", "run_rules"]

#: at most this many pairs are suggested for one grouped finding (one per partner named)
MAX_GROUP_SUGGESTIONS = 10


def _orgs(snap: Snapshot) -> list[str]:
    return sorted(snap.members_of_kind("organisation"))


def _names(snap: Snapshot, nodes: list[str]) -> tuple[str, str]:
    return listing([name(snap, n) for n in nodes])


def _by_domain(snap: Snapshot, nodes: list[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        grouped[snap.domain(node) or "other"].append(node)
    return grouped


def _partners_across(snap: Snapshot, nodes: list[str], config: RuleConfig) -> list[dict[str, Any]]:
    """For each node (at most MAX_GROUP_SUGGESTIONS), the partner from a domain its own domain is
    expected to work with; one partner is suggested at most twice, so the work is spread rather
    than all of it landing on the best-connected hub."""
    used: dict[str, int] = defaultdict(int)
    found = []
    for node in nodes[:MAX_GROUP_SUGGESTIONS]:
        own = snap.domain(node)
        options = [n for n in snap.partners if n != node and snap.domain(n) != own and used[n] < 2
                   and (own is None or works_with(own, snap.domain(n) or ""))]
        best = best_partner(snap, node, most_central(snap, options, config.candidates))
        if best:
            used[best["to"]] += 1
            found.append(best)
    return found


# --------------------------------------------------------------------------- who is at the table
@rule("missing_domain")
def missing_domain(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    present = {snap.domain(n) for n in snap.partners}
    findings = []
    for domain in DOMAINS:
        if domain not in present:
            in_nl, in_en = where(domain)
            findings.append(Finding("missing_domain", "high", f"Er zit niemand {in_nl} aan tafel.",
                                    f"Nobody {in_en} is at the table.", f"Nodig een partner {in_nl} uit.",
                                    f"Invite a partner {in_en}.", key=domain, reach=WHOLE_COALITION))
    return findings


def _present_types(snap: Snapshot) -> set[str]:
    types = {snap.nodes[o].get("organisation_type") for o in _orgs(snap)}
    present = {t for t in types if t}
    if types & {"volunteer_organisation", "community_place"}:
        present.add("volunteer_or_community")
    if any(snap.nodes[n].get("lived_experience") for n in snap.levels):
        present.add("lived_experience")
    return present


@rule("missing_partner_type")
def missing_partner_type(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    missing = [t for t in config.reference_types if t not in _present_types(snap)]
    if not missing:
        return []
    types_nl, types_en = labels("organisation_type", missing, quoted=True)
    one = len(missing) == 1
    return [Finding("missing_partner_type", "medium",
                    f"Deze {'soort partner ontbreekt' if one else 'soorten partners ontbreken'} nog: {types_nl}.",
                    f"{'This kind of partner is' if one else 'These kinds of partners are'} still missing: {types_en}.",
                    "Ga na wie dit in uw gemeente doet en nodig die partij uit.",
                    "Find out who does this in your municipality and invite them.", key="", reach=len(missing))]


@rule("missing_level")
def missing_level(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    """Per domain, the levels the vocabulary expects of it and that nobody fills: informal
    partners are not expected at the governance table, nor funders in daily practice."""
    seated: dict[str, set[str]] = defaultdict(set)
    members: dict[str, list[str]] = defaultdict(list)
    for node_id, levels in snap.levels.items():
        domain = snap.domain(node_id)
        if domain:
            seated[domain] |= levels
            members[domain].append(node_id)
    findings = []
    for domain in sorted(seated):
        missing = [level for level in expected_levels(domain) if level not in seated[domain]]
        if not missing:
            continue
        in_nl, in_en = where(domain)
        levels_nl, levels_en = labels("level", missing, quoted=True)
        one = len(missing) == 1
        findings.append(Finding(
            "missing_level", "low",
            f"{in_nl[0].upper()}{in_nl[1:]} zit niemand aan tafel op {'het niveau' if one else 'de niveaus'} "
            f"{levels_nl}.",
            f"Nobody {in_en} sits at the table at the {'level' if one else 'levels'} {levels_en}.",
            f"Vraag een partner {in_nl} om ook iemand op {'dat niveau' if one else 'die niveaus'} af te vaardigen.",
            f"Ask a partner {in_en} to also send someone at {'that level' if one else 'those levels'}.",
            nodes=sorted(members[domain]), key=domain, reach=len(missing)))
    return findings


# --------------------------------------------------------------------------- bridging
@rule("weak_cross_domain_ties")
def weak_cross_domain_ties(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    """Fewer ties than chance between two domains that are expected to work together; not
    reported when chance itself expects fewer than `min_expected` ties (too few to judge)."""
    if snap.mixing is None:
        snap.mixing = domain_mixing(snap.partners)
    _, matrix = snap.mixing
    by_domain: dict[str, list[str]] = defaultdict(list)
    for node, domain in snap.domains.items():
        by_domain[domain].append(node)  # type: ignore[index]
    top = {d: most_central(snap, nodes, config.candidates) for d, nodes in by_domain.items()}
    findings = []
    for (a, b), cell in matrix.items():
        if a >= b or not works_with(a, b) or cell["expected"] < config.min_expected:
            continue
        if cell["observed"] / cell["expected"] >= config.weak_tie_ratio:
            continue
        a_nl, a_en = domain_name(a)
        b_nl, b_en = domain_name(b)
        expected = round(cell["expected"])
        suggestions = pairs(snap, top.get(a, []), top.get(b, []), config.suggestions)
        findings.append(Finding(
            "weak_cross_domain_ties", "high" if {a, b} == {"medical", "social"} else "medium",
            f"Tussen {a_nl} en {b_nl} {'is' if cell['observed'] == 1 else 'zijn'} "
            f"{counted(cell['observed'], 'werkrelatie', 'werkrelaties')}; als partners zonder voorkeur "
            f"samenwerkten, zouden het er ongeveer {expected} zijn.",
            f"Between {a_en} and {b_en} there {'is' if cell['observed'] == 1 else 'are'} "
            f"{counted(cell['observed'], 'working tie', 'working ties')}; partners working together without "
            f"preference would have about {expected}.",
            "Breng de voorgestelde paren met elkaar in contact.", "Introduce the suggested pairs to each other.",
            nodes=sorted({s[e] for s in suggestions for e in ("from", "to")}), suggested_ties=suggestions,
            key=f"{a}|{b}"))
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

    def second_route(brokers: set[str]) -> list[dict[str, Any]]:
        return pairs(snap, most_central(snap, medical - brokers, config.candidates),
                     most_central(snap, social - brokers, config.candidates), 3)

    if any(part & medical and part & social for part in nx.connected_components(g)):
        points = snap.articulation if snap.articulation is not None else list(nx.articulation_points(g))
        # with one social (or medical) partner, removing it leaves no side to separate
        brokers = [p for p in sorted(most_central(snap, points, config.candidates))
                   if medical - {p} and social - {p} and _separates(g, p, medical - {p}, social - {p})]
        if brokers:  # every path passes through each of them (a midwife tied to one team): one gap
            names_nl, names_en = _names(snap, brokers)
            findings.append(Finding(
                "single_broker", "high",
                f"Alle contact tussen medisch en sociaal loopt via {names_nl}.",
                f"All contact between the medical and social side runs through {names_en}.",
                "Leg een tweede route aan: verbind een andere medische en sociale partner rechtstreeks.",
                "Build a second route: connect another medical and social partner directly.", nodes=brokers,
                suggested_ties=second_route(set(brokers)), key="|".join(brokers)))
    cross = [(a, b) for a, b in g.edges() if snap.domain(a) != snap.domain(b)]
    if len(cross) >= config.broker_min_ties:
        carried: dict[str, int] = defaultdict(int)
        for a, b in cross:
            carried[a] += 1
            carried[b] += 1
        for node, count in sorted(carried.items()):
            if count / len(cross) > config.broker_share and not any(node in f.nodes for f in findings):
                findings.append(Finding(
                    "single_broker", "medium",
                    f"{name(snap, node)} draagt {count} van de {len(cross)} relaties tussen domeinen.",
                    f"{name(snap, node)} carries {count} of the {len(cross)} ties between domains.",
                    "Spreid de verbindingen: laat ook andere partners over de domeingrens samenwerken.",
                    "Spread the bridging: let other partners work across domains too.", nodes=[node],
                    suggested_ties=second_route({node}), key=node))
    return findings


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
    covered |= {p for o in _orgs(snap) for p in snap.nodes[o].get("phases") or []}
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
            names_nl, names_en = _names(snap, sorted(providers))
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
    targets = {o for o in _orgs(snap) if snap.nodes[o].get("organisation_type") in ("youth_health_care", "neighbourhood_team")}
    findings = []
    for kind, severity in (("maternity_care", "high"), ("midwife_practice", "medium")):
        sources = [o for o in _orgs(snap) if snap.nodes[o].get("organisation_type") == kind
                   and not ((nx.descendants(handovers, o) if o in handovers else set()) & targets)]
        if not sources:
            continue
        names_nl, names_en = _names(snap, sources)
        one = len(sources) == 1
        findings.append(Finding(
            "no_warm_handover", severity,
            f"{names_nl} {'heeft' if one else 'hebben'} geen warme overdracht naar de jeugdgezondheidszorg (JGZ) "
            "of het wijkteam.",
            f"{names_en} {'has' if one else 'have'} no warm handover to youth health care or the neighbourhood team.",
            "Spreek een warme overdracht af aan het eind van de kraamperiode, zodat er geen gat valt na de kraamtijd.",
            "Agree a warm handover at the end of the maternity period, so families do not fall into the gap.",
            nodes=sources, suggested_ties=[t for s in sources for t in handover_partners(snap, s, targets)],
            key=kind))
    return findings


# --------------------------------------------------------------------------- ties and pillars
def _bridges(snap: Snapshot, node: str) -> bool:
    return any(snap.domains[o] != snap.domains[node] for o in snap.partners.neighbors(node))


@rule("isolated_member")
def isolated_member(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    """Members tied to nobody, per domain in one finding; and, low, members that stay inside their
    own domain with only one way in, or whose partners do not cross the border either. A partner
    in the ordinary midwife-hospital-maternity chain whose partners do cross it is no gap, and a
    partner an earlier finding already suggests a tie for is not named twice."""
    g = snap.partners
    alone = [n for n in sorted(g) if g.degree(n) == 0]
    inward: dict[str, str] = {}
    for node in sorted(g):
        if g.degree(node) == 0 or _bridges(snap, node) or node in snap.suggested:
            continue
        neighbours = sorted(g.neighbors(node))
        if len(neighbours) == 1:
            inward[node] = neighbours[0]
        elif not any(_bridges(snap, o) for o in neighbours):
            inward[node] = ""
    findings = []
    for domain, nodes in sorted(_by_domain(snap, alone).items()):
        in_nl, in_en = where(domain)
        names_nl, names_en = _names(snap, nodes)
        one = len(nodes) == 1
        if len(nodes) == 1:
            nl = f"{names_nl} is lid maar werkt met niemand in de coalitie samen."
            en = f"{names_en} is a member but works with nobody in the coalition."
            do_nl, do_en = ("Koppel deze partner aan een partner uit een ander domein.",
                            "Pair this partner with a partner from another domain.")
        else:
            nl = f"{len(nodes)} partners {in_nl} zijn lid maar werken met niemand in de coalitie samen: {names_nl}."
            en = f"{len(nodes)} partners {in_en} are members but work with nobody in the coalition: {names_en}."
            do_nl, do_en = ("Koppel elk van hen aan een partner uit een ander domein, te beginnen met de voorgestelde "
                            "paren.", "Pair each of them with a partner from another domain, starting with the "
                            "suggested pairs.")
        findings.append(Finding(
            "isolated_member", "high", nl, en, do_nl, do_en,
            nodes=nodes, key=domain,
            suggested_ties=_partners_across(snap, nodes, config)))
    for domain, nodes in sorted(_by_domain(snap, sorted(inward)).items()):
        if not domain_fact(domain, "works_with"):
            continue  # a funder funded through the municipality is not expected to cross over
        in_nl, in_en = where(domain)
        items_nl = [name(snap, n) + (f" (alleen via {name(snap, inward[n])})" if inward[n] else "") for n in nodes]
        items_en = [name(snap, n) + (f" (only through {name(snap, inward[n])})" if inward[n] else "") for n in nodes]
        findings.append(Finding(
            "isolated_member", "low",
            f"Deze {'partner werkt' if len(nodes) == 1 else 'partners werken'} alleen samen {in_nl}, zonder "
            f"verbinding over de domeingrens: {listing(items_nl)[0]}.",
            f"{'This partner works' if len(nodes) == 1 else 'These partners work'} only {in_en}, without a tie "
            f"across the domain border: {listing(items_en)[1]}.",
            "Zoek voor elk één rechtstreekse verbinding met een ander domein.",
            "Find each of them one direct tie with another domain.", nodes=nodes, key=f"inward|{domain}",
            ties=sorted(t for n in nodes for o in g.neighbors(n) for t in g.edges[n, o]["ties"]),
            suggested_ties=_partners_across(snap, nodes, config)))
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


def run_rules(snap: Snapshot, config: RuleConfig | None = None, only: list[str] | None = None,
              betweenness: dict[str, float] | None = None) -> list[Finding]:
    """Every rule's findings, the highest priority first."""
    config = config or RuleConfig()
    if betweenness is not None:
        snap.centrality = betweenness
    findings: list[Finding] = []
    snap.suggested = set()
    for rule_id, fn in RULES.items():
        if only is None or rule_id in only:
            found = fn(snap, config)
            snap.suggested |= {t[end] for f in found for t in f.suggested_ties for end in ("from", "to")}
            findings.extend(found)
    return ranked(findings)
