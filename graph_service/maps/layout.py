"""Where a coalition's elements stand on its map: Fruchterman-Reingold on igraph, from seeded
start positions, so the same network always gives the same picture; laid out once per network
(kept in memory by the elements and ties it draws, so an unchanged coalition's map is not laid
out again, whatever else changed in the graph)."""

from __future__ import annotations

import random

import igraph

from ..analysis.igraph_kernels import seeded_igraph
from ..domain.compute_pool import compute
from ..domain.kept import Kept

#: layouts by the network they draw: an unchanged coalition's map is not laid out again
LAYOUT_CACHE_SIZE = 64
_LAYOUTS: Kept[dict[str, tuple[float, float]]] = Kept(LAYOUT_CACHE_SIZE)


def seeded_layout(node_ids: list[str], edges: list[tuple[str, str]], seed: int = 7) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold from seeded start positions: the same data gives the same picture.

    The start positions are spread over a square of side sqrt(n), about the size the layout ends
    at, so the algorithm does not spend its iterations pushing everything apart from a unit square;
    the rescale to the page is one pass."""
    if not node_ids:
        return {}
    index = {n: i for i, n in enumerate(node_ids)}
    pairs = sorted({(index[a], index[b]) for a, b in edges if a != b})
    key = (tuple(node_ids), tuple(pairs), seed)  # the same network (any graph version) is laid out once
    return _LAYOUTS.get(key, lambda: compute(_layout, node_ids, index, pairs, seed))

def _layout(node_ids: list[str], index: dict[str, int], pairs: list[tuple[int, int]],
            seed: int) -> dict[str, tuple[float, float]]:
    graph = igraph.Graph(n=len(node_ids), edges=pairs)
    rng = random.Random(seed)
    spread = max(len(node_ids), 4) ** 0.5
    start = [(rng.uniform(-spread, spread), rng.uniform(-spread, spread)) for _ in node_ids]
    large = len(node_ids) > 200  # above this, fewer iterations on igraph's grid keep a page under 300 ms
    with seeded_igraph(seed):
        coords = graph.layout_fruchterman_reingold(seed=start, niter=150 if large else 300, grid=large)
    scale = 45.0 * spread
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    low_x, low_y = min(xs), min(ys)
    span = max(max(xs) - low_x, max(ys) - low_y) or 1.0
    factor = scale * 2 / span
    return {n: ((coords[i][0] - low_x) * factor - scale, (coords[i][1] - low_y) * factor - scale)
            for n, i in index.items()}


def forget_layouts() -> None:
    """Empty the kept layouts (a benchmark measures the layout itself)."""
    _LAYOUTS.clear()
