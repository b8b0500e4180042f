"""Gap rules about the partners themselves: who is at the table (domains, kinds of partner,
levels) and how they bridge (ties between domains, single brokers, partners tied to nobody or only
to their own domain). See `rules.py` for the order they run in.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .findings import (DOMAINS, MAX_GROUP_SUGGESTIONS, WHOLE_COALITION, Finding, RuleConfig, SuggestedTie, counted,
                       domain_fact, domain_name, expected_levels, labels, listing, rule, where, works_with)
from .metrics import domain_mixing
from .snapshot import Snapshot
from .suggestions import best_partner, most_central, name, names, organisations, pairs


def _by_domain(snap: Snapshot, nodes: list[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        grouped[snap.domain(node) or "other"].append(node)
    return grouped


def _partners_across(snap: Snapshot, nodes: list[str], config: RuleConfig) -> list[SuggestedTie]:
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
            used[best.to_id] += 1
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
    types = {snap.nodes[o].get("organisation_type") for o in organisations(snap)}
    present = {t for t in types if t}
    if types & {"volunteer_organisation", "community_place"}:
        present.add("volunteer_or_community")
    if any(snap.nodes[n].get("lived_experience") for n in snap.levels):
        present.add("lived_experience")
    return present


def missing_reference_types(snap: Snapshot, config: RuleConfig) -> list[str]:
    """The kinds of partner every coalition is expected to have that this one does not have yet."""
    return [t for t in config.reference_types if t not in _present_types(snap)]


@rule("missing_partner_type")
def missing_partner_type(snap: Snapshot, config: RuleConfig) -> list[Finding]:
    missing = missing_reference_types(snap, config)
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
            nodes=sorted({end for s in suggestions for end in s.ends}), suggested_ties=suggestions,
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

    def second_route(brokers: set[str]) -> list[SuggestedTie]:
        return pairs(snap, most_central(snap, medical - brokers, config.candidates),
                     most_central(snap, social - brokers, config.candidates), 3)

    if any(part & medical and part & social for part in nx.connected_components(g)):
        points = snap.articulation if snap.articulation is not None else list(nx.articulation_points(g))
        # with one social (or medical) partner, removing it leaves no side to separate
        brokers = [p for p in sorted(most_central(snap, points, config.candidates))
                   if medical - {p} and social - {p} and _separates(g, p, medical - {p}, social - {p})]
        if brokers:  # every path passes through each of them (a midwife tied to one team): one gap
            names_nl, names_en = names(snap, brokers)
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
    alone = [n for n in sorted(g) if g.degree(n) == 0 and n not in snap.unanswered]  # unknown, not alone
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
        names_nl, names_en = names(snap, nodes)
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
