"""What every resolver receives: the principal of the request and the composition root's services."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Optional

from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from ...bootstrap import Services
from ...services.coalition_analysis import AnalysisService
from ...services.evaluation import EvaluationService
from ...services.family_cards import FamilyCardService
from ...services.importer import Importer
from ...services.network import NetworkService
from ...services.principal import Principal
from ...store.backend import Row


@dataclass
class Context:
    """What a resolver has: the principal of this request and the services of the composition
    root (never one built per call), plus this request's DataLoaders."""

    principal: Principal
    services: Services
    service: NetworkService = field(init=False)
    analysis: AnalysisService = field(init=False)
    cards: FamilyCardService = field(init=False)
    importer: Importer = field(init=False)
    evaluation: EvaluationService = field(init=False)
    node_loader: DataLoader = field(init=False)
    ties_loader: DataLoader = field(init=False)

    def __post_init__(self) -> None:
        self.service, self.analysis, self.cards = self.services.network, self.services.analysis, self.services.cards
        self.importer, self.evaluation = self.services.importer, self.services.evaluation

        async def load_nodes(ids: list[str]) -> list[Optional[Row]]:
            found = await run_in_threadpool(self.service.get_nodes, self.principal, ids)
            return [found.get(i) for i in ids]

        async def load_ties(keys: list[tuple[str, Optional[str]]]) -> list[list[Row]]:
            by_date: dict[Optional[str], list[str]] = defaultdict(list)
            for node_id, as_of in keys:
                by_date[as_of].append(node_id)
            found: dict[tuple[str, Optional[str]], list[Row]] = {}
            for as_of, ids in by_date.items():
                ties = await run_in_threadpool(self.service.ties_of_many, self.principal, ids, as_of)
                found.update({(i, as_of): ties.get(i, []) for i in ids})
            return [found[k] for k in keys]

        self.node_loader = DataLoader(load_fn=load_nodes)
        self.ties_loader = DataLoader(load_fn=load_ties)

    async def call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a service call for this principal in a worker thread (the store is synchronous)."""
        return await run_in_threadpool(fn, self.principal, *args, **kwargs)
