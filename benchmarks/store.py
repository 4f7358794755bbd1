"""The compiled store, weighed: kgraph's own cache file against DuckDB and Kùzu as the
store a query reads (opening it, and the reads a traversal makes one entity at a time).

    python benchmarks/store.py RUN_DIR [--nodes 2000]

RUN_DIR is a dataset's work folder of benchmarks/run.py (``run-data-...``: its kgraph
cache and the peers' stores). In one process: the time to open each store (with its
modules, networkx and the peers' own, already imported), then, for the same random entities, the ids of each one's
neighbours (both directions) and its attributes, one entity at a time, as kgraph's
queries and the networkx graph it hands the library read them.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--nodes", type=int, default=2000)
    args = parser.parse_args()
    os.environ["KGRAPH_CACHE_DIR"] = str(args.run / "cache")
    import networkx  # noqa: F401 - imported before the clock starts, as the peers' modules are

    from kgraph import cache
    from kgraph.graph import compiled, neighbour_ids

    (graph_file,) = sorted((args.run / "cache").glob("graph-*.kgc"),
                           key=lambda p: p.stat().st_mtime)[-1:]
    start = time.perf_counter()
    kg = cache._read(graph_file)
    opened = time.perf_counter() - start
    assert kg is not None
    c = compiled(kg.graph)
    assert c is not None
    sample = random.Random(1).sample(c.ids, min(args.nodes, len(c.ids)))
    rows = [("kgraph cache file", opened)]

    def timed(work) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        for n in sample:
            work(n)
        return (time.perf_counter() - start) / len(sample) * 1e6

    g = kg.graph
    reads = {"kgraph": (timed(lambda n: (list(neighbour_ids(g, n, "succ")),
                                         list(neighbour_ids(g, n, "pred")))),
                        timed(lambda n: c.node(c.index[n])))}
    try:
        import duckdb

        start = time.perf_counter()
        con = duckdb.connect(str(args.run / "peer-duckdb" / "graph.duckdb"), read_only=True)
        rows.append(("DuckDB database", time.perf_counter() - start))
        reads["DuckDB"] = (
            timed(lambda n: con.execute("SELECT dst FROM edges WHERE src = $n UNION ALL "
                                        "SELECT src FROM edges WHERE dst = $n",
                                        {"n": n}).fetchall()),
            timed(lambda n: con.execute("SELECT * FROM nodes WHERE id = $n",
                                        {"n": n}).fetchall()))
    except (ImportError, OSError) as exc:
        print(f"(DuckDB: {exc})")
    try:
        import kuzu

        start = time.perf_counter()
        db = kuzu.Database(str(args.run / "peer-kuzu" / "graph.kuzu"), read_only=True)
        kcon = kuzu.Connection(db)
        rows.append(("Kùzu database", time.perf_counter() - start))

        def all_rows(query: str, n: str) -> list[object]:
            result = kcon.execute(query, {"n": n})
            out = []
            while result.has_next():
                out.append(result.get_next())
            return out

        reads["Kùzu"] = (
            timed(lambda n: all_rows("MATCH (a:Entity {id: $n})-[:REL]-(b:Entity) "
                                     "RETURN b.id", n)),
            timed(lambda n: all_rows("MATCH (a:Entity {id: $n}) RETURN a.*", n)))
    except (ImportError, RuntimeError) as exc:
        print(f"(Kùzu: {exc})")
    print(f"{'open':28} {'s':>8}")
    for name, s in rows:
        print(f"{name:28} {s:8.3f}")
    print(f"\nper entity, {len(sample):,} entities   neighbours (µs)   attributes (µs)")
    for name, (nbrs, attrs) in reads.items():
        print(f"{name:28} {nbrs:16.1f} {attrs:17.1f}")


if __name__ == "__main__":
    main()
