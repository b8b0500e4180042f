"""The evaluator's workspace: the bridging figures of every coalition she may read, over the last
quarters, side by side and at two dates, with the family figures of each coalition per quarter.

Evaluators, admins and coordinators (of their own coalitions) use it; the figures are about
organisations and ties, people appear only as the API shows them to the reader (evaluators see
pseudonyms), and families only as suppressed aggregates (`EvaluationService`). Figures are
computed without the full analysis (`analysis.bridging`) and kept by graph version, so an
overview of hundreds of coalitions over a year is read from memory after its first visit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..analysis.bridging import BridgingFigures, bridging_figures
from ..analysis.results import Comparison
from ..analysis.snapshot import build_snapshot
from ..domain import clock
from ..domain.errors import NotFound, PermissionDenied
from ..domain.kept import Kept
from ..store.backend import Row
from .coalition_analysis import AnalysisService
from .evaluation import EvaluationService, quarter_end
from .principal import Principal, Role
from .surveys import Surveys

#: quarter ends shown before today in the overview's small charts and the family figures
QUARTERS = 4
CACHE_SIZE = 8192


@dataclass
class OverviewRow:
    figures: BridgingFigures
    #: figure -> [(date, value)], the last quarter ends and today
    series: dict[str, list[tuple[str, float]]]
    #: (sent, asked) in the latest partner survey round
    response: tuple[int, int] | None
    #: families with a card at the last quarter end; None: fewer than 10
    families: int | None


def quarter_ends(count: int, today: dt.date | None = None) -> list[str]:
    """The last `count` quarter ends before today, oldest first."""
    ends = [quarter_end(None, today or clock.today())]
    while len(ends) < count:
        ends.append(quarter_end(None, dt.date.fromisoformat(ends[-1])))
    return ends[::-1]


class EvaluatorWorkspace:
    def __init__(self, analysis: AnalysisService, evaluation: EvaluationService, surveys: Surveys) -> None:
        self.analysis = analysis
        self.network = analysis.network
        self.evaluation = evaluation
        self.surveys = surveys
        self.phases = self.network.store.vocabulary.order("phase")
        self._kept: Kept[Any] = Kept(CACHE_SIZE)

    # ------------------------------------------------------------------ who
    @staticmethod
    def in_scope(principal: Principal, coalition_id: str) -> bool:
        """Admins evaluate every coalition; an evaluator every one, or those her token names; a
        coordinator her own."""
        if principal.role is Role.ADMIN or (principal.role is Role.EVALUATOR and not principal.coalitions):
            return True
        return principal.role in (Role.EVALUATOR, Role.COORDINATOR) and coalition_id in principal.coalitions

    def require_evaluating(self, principal: Principal, coalition_id: str | None = None) -> None:
        if principal.role not in (Role.EVALUATOR, Role.ADMIN, Role.COORDINATOR):
            raise PermissionDenied("the workspace is for evaluators, admins and the coalition's coordinators",
                                   field="coalitionId")
        if coalition_id is not None and not self.in_scope(principal, coalition_id):
            raise NotFound(f"no coalition with id {coalition_id!r}", field="coalitionId")

    def coalitions(self, principal: Principal) -> list[Row]:
        self.require_evaluating(principal)
        return [c for c in self.network.coalitions_read_in_full(principal) if self.in_scope(principal, c["id"])]

    # ------------------------------------------------------------------ figures
    def figures(self, principal: Principal, coalition_id: str, as_of: str | None = None,
                version: int | None = None) -> BridgingFigures:
        """`version`: the graph version the caller read already (one read for a whole overview)."""
        self.require_evaluating(principal, coalition_id)
        as_of = as_of or clock.today().isoformat()
        version = self.network.store.graph_version() if version is None else version
        key = ("figures", coalition_id, as_of, version, self.network.sees_pseudonyms(principal),
               self.network.read_scope(principal, coalition_id))

        def compute() -> BridgingFigures:
            self.network.get_node(principal, coalition_id, kind="coalition")
            sub = self.network.coalition_subgraph(principal, coalition_id, as_of)
            snap = build_snapshot(coalition_id, as_of, sub.version, sub.nodes, sub.ties)
            return bridging_figures(snap, self.analysis.config, self.phases)
        return self._kept.get(key, compute)

    def timeline(self) -> list[str]:
        """The dates of the small charts: the last quarter ends, then today."""
        return [*quarter_ends(QUARTERS), clock.today().isoformat()]

    def overview(self, principal: Principal) -> list[OverviewRow]:
        version = self.network.store.graph_version()
        return [self.row(principal, coalition["id"], version) for coalition in self.coalitions(principal)]

    def row(self, principal: Principal, coalition_id: str, version: int | None = None) -> OverviewRow:
        """One coalition's figures now and at the last quarter ends, its survey response and families."""
        version = self.network.store.graph_version() if version is None else version
        dates = self.timeline()
        over_time = [self.figures(principal, coalition_id, date, version) for date in dates]
        series = {name: [(f.as_of, f.values[name]) for f in over_time] for name in over_time[-1].values}
        response = self._kept.get(("response", coalition_id, version), lambda: self.surveys.response_rate(coalition_id))
        families = self._kept.get(("families", coalition_id, dates[-2], version), lambda: self.evaluation.family_aggregates(
            principal, coalition_id, dates[-2])["families"])
        return OverviewRow(over_time[-1], series, response, families)

    def family_series(self, principal: Principal, coalition_id: str, quarters: list[str] | None = None
                      ) -> list[dict[str, Any]]:
        """The family figures at the last quarter ends (or at the given ones, to compare two)."""
        self.require_evaluating(principal, coalition_id)
        return self.evaluation.family_series(principal, coalition_id, quarters or quarter_ends(QUARTERS))

    def compare(self, principal: Principal, coalition_id: str, from_date: str, to_date: str
                ) -> tuple[Comparison, BridgingFigures, BridgingFigures]:
        """One coalition at two dates: what changed (ties, findings) and the figures of both."""
        self.require_evaluating(principal, coalition_id)
        comparison = self.analysis.compare(principal, coalition_id, from_date, to_date)
        return (comparison, self.figures(principal, coalition_id, comparison.from_date),
                self.figures(principal, coalition_id, comparison.to_date))

    def round_dates(self, principal: Principal, coalition_id: str) -> list[tuple[str, str]]:
        """(title, closing date) of the coalition's survey rounds, to compare the network between them."""
        self.require_evaluating(principal, coalition_id)
        return self.surveys.round_dates(coalition_id)
