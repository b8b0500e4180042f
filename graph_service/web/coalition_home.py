"""What the coordinator reads first on her coalition's home page: the key figures in words and the
findings grouped by what to do first, each with its evidence as names.

Built from what the services answer (the overview, the analysis, the names of the coalition's
partners), so it can be read and tested without a browser or a database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from ..analysis.findings import Finding
from ..analysis.results import Analysis
from ..domain.vocabulary import Vocabulary
from ..maps.coalition_map import RULE_NAMES
from ..maps.page import enum_label
from .sections import BY_KIND, title_of

#: evidence names shown per finding before "and N more"
MAX_EVIDENCE = 8
#: at most this many of a finding's elements in its map link (the map shows their neighbours too)
MAX_FOCUS = 20
SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Evidence:
    name: str
    #: the partner's page, for organisations
    link: str | None = None


@dataclass(frozen=True)
class Review:
    """What the coalition decided about a finding, as shown with it."""

    status: str
    label: str
    note: str
    reviewed_on: str
    reviewed_by: str


@dataclass
class FindingView:
    identity: str
    anchor: str
    title: str
    text: str
    action: str
    evidence: list[Evidence]
    more: int
    review: Review | None
    map_link: str | None = None
    #: partners it is about who did not answer the latest survey
    incomplete: list[str] = field(default_factory=list)


@dataclass
class FindingGroup:
    severity: str
    findings: list[FindingView] = field(default_factory=list)


@dataclass
class HomeView:
    coalition_id: str
    name: str
    as_of: str
    figures: list[str]
    first: list[tuple[str, str]]
    groups: list[FindingGroup]


def _sentences(overview: dict[str, Any], analysis: Analysis, vocabulary: Vocabulary, lang: str) -> list[str]:
    en = lang == "en"
    figures = analysis.headline()
    domains = vocabulary.enums["domain"]
    per_domain = ", ".join(f"{domains.get(d).label(lang).lower()} {n}"  # type: ignore[union-attr]
                           for d in vocabulary.order("domain") if (n := overview["by_domain"].get(d)))
    out = [
        (f"{overview['members']} partners take part, with {analysis.ties} working ties between them." if en else
         f"{overview['members']} partners doen mee. Tussen hen zijn {analysis.ties} werkrelaties."),
        (f"Partners per domain: {per_domain}." if en else f"Partners per domein: {per_domain}."),
    ]
    cell = next((c for c in analysis.domain_matrix if {c.a, c.b} == {"medical", "social"}), None)
    if cell is not None:
        expected = round(cell.expected)
        out.append(f"Between the medical and the social domain there are {cell.observed} working ties; by chance "
                   f"you would expect about {expected}." if en else
                   f"Tussen het medisch en het sociaal domein zijn {cell.observed} werkrelaties. "
                   f"Bij toeval zouden het er ongeveer {expected} zijn.")
    if figures["isolates"]:
        out.append(f"{figures['isolates']} partners work with nobody in the coalition yet." if en else
                   f"{figures['isolates']} partners werken nog met niemand in de coalitie samen.")
    return out


def _review(row: dict[str, Any], vocabulary: Vocabulary, lang: str) -> Review:
    return Review(status=row["status"], label=enum_label(vocabulary, "review_status", row["status"], lang),
                  note=row.get("note") or "", reviewed_on=row["reviewed_on"], reviewed_by=row.get("reviewed_by") or "")


def _evidence(coalition_id: str, node: dict[str, Any]) -> Evidence:
    section = BY_KIND.get(node["kind"])
    return Evidence(title_of(node), f"{section.base(coalition_id)}/{node['id']}" if section else None)


def decision_in_words(row: dict[str, Any], vocabulary: Vocabulary, lang: str) -> str:
    """"Actie gepland (2026-11-29, Fatima de Vries): overleg in maart"."""
    review = _review(row, vocabulary, lang)
    who = f", {review.reviewed_by}" if review.reviewed_by else ""
    return f"{review.label} ({review.reviewed_on}{who})" + (f": {review.note}" if review.note else "")


def _finding(number: int, finding: Finding, nodes: dict[str, dict[str, Any]], review: Review | None, coalition_id: str,
             lang: str) -> FindingView:
    en = lang == "en"
    present = [n for n in finding.nodes if n in nodes]
    named = [_evidence(coalition_id, nodes[n]) for n in present]
    focus = ",".join(present[:MAX_FOCUS])
    map_link = f"/app/coalitions/{coalition_id}/kaart?{urlencode({'people': '1', 'focus': focus})}" if focus else None
    return FindingView(identity=finding.identity, anchor=f"bevinding-{number}",
                       title=RULE_NAMES.get(finding.rule, (finding.rule, finding.rule))[1 if en else 0],
                       text=finding.en if en else finding.nl, action=finding.action_en if en else finding.action_nl,
                       evidence=named[:MAX_EVIDENCE], more=max(0, len(named) - MAX_EVIDENCE), review=review,
                       map_link=map_link, incomplete=finding.incomplete)


def home_view(overview: dict[str, Any], analysis: Analysis, nodes: dict[str, dict[str, Any]],
              reviews: dict[str, dict[str, Any]], vocabulary: Vocabulary, lang: str) -> HomeView:
    """`nodes`: the coalition's nodes by id (a page names them, never shows an id);
    `reviews`: finding identity -> what the coalition decided about it."""
    groups = [FindingGroup(severity) for severity in SEVERITIES]
    by_severity = {g.severity: g for g in groups}
    for number, finding in enumerate(analysis.findings, 1):  # ranked: what to do first comes first
        row = reviews.get(finding.identity)
        review = _review(row, vocabulary, lang) if row else None
        by_severity[finding.severity].findings.append(_finding(number, finding, nodes, review, analysis.coalition, lang))
    en = lang == "en"
    first = [(a.en if en else a.nl, a.because_en if en else a.because_nl) for a in analysis.top_actions]
    return HomeView(coalition_id=analysis.coalition, name=analysis.name, as_of=analysis.as_of,
                    figures=_sentences(overview, analysis, vocabulary, lang), first=first,
                    groups=[g for g in groups if g.findings])
