"""The worst cases of a dataset, picked on purpose: the largest hub, the longest lineage
(of what grew out of the most connected entities and of the lineage's own hubs), and the
farthest pair among the largest hubs. Prints them as JSON.

    python benchmarks/worst.py DATA_DIR
"""

from __future__ import annotations

import itertools
import json
import sys

from kgraph import queries
from kgraph.cache import load_cached
from kgraph.graph import degree, edges_at
from kgraph.paths import _on_shortest_paths

HUBS = 40  # hubs whose pairs are compared for the farthest pair
CANDIDATES = 300  # entities whose lineage is measured for the longest one


def main() -> None:
    kg = load_cached([sys.argv[1]])
    g = kg.graph
    by_degree = sorted(g, key=lambda n: (-degree(g, n), n))
    hub = by_degree[0]
    lineage_types = {rt.name for rt in kg.schema.relation_types.values() if rt.lineage}
    origins = sorted(g, key=lambda n: (-sum(1 for _ in edges_at(g, n, "succ", lineage_types))
                                       - sum(1 for _ in edges_at(g, n, "pred",
                                                                  lineage_types)), n))
    sizes = {}
    for n in dict.fromkeys([*by_degree[:CANDIDATES // 2], *origins[:CANDIDATES // 2]]):
        sizes[n] = queries.lineage(kg, n, depth=10**9, limit=0, detail=False)["total"]
    longest = max(sizes, key=lambda n: (sizes[n], n))
    far, pair = -1, (by_degree[0], by_degree[1])
    for a, b in itertools.combinations(by_degree[:HUBS], 2):
        dist = _on_shortest_paths(kg, a, b, None, set(), 6).get(a, -1)
        if dist > far:
            far, pair = dist, (a, b)
    print(json.dumps({"hub": hub, "hub_degree": degree(g, hub), "lineage": longest,
                      "lineage_size": sizes[longest], "farthest_hubs": list(pair),
                      "hubs_distance": far}))


if __name__ == "__main__":
    main()
