"""The tools a user would pick instead of kgraph, answering the same questions.

    python benchmarks/peers.py build PEER WORK CSV_DIR DATA_DIR   # once: the peer's store
    python benchmarks/peers.py query PEER WORK TASK ARGS...        # one question

Each query runs in a fresh process, as a user's script would, and prints its answer as
ids (one entity, or one path of ids, per line), sorted, for comparison with
``kgraph ... --ids --limit 0``. The peers:

* ``duckdb``: DuckDB (from PyPI), loading kgraph's own Neo4j CSV export
  (``kgraph export neo4j``) into a database file; traversals as set-based SQL, one query
  per level.
* ``kuzu``: Kùzu (from PyPI), an embedded graph database, loading the same CSV files;
  neighbourhoods and shortest paths in Cypher, lineage one query per level.
* ``diy``: the do-it-yourself route: PyYAML's C loader into a networkx graph, pickled;
  each query unpickles it and walks it.

Tasks: ``neighbours ENTITY DEPTH`` (both directions), ``path A B`` (every shortest path,
ignoring direction), ``lineage ENTITY`` (what grew out of it: the lineage relation types
followed from their origin, and the parts of what was reached, as kgraph defines it; the
types come from the schema, passed as JSON in ``KGRAPH_LINEAGE``).
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

PEERS = ("duckdb", "kuzu", "diy")


def lineage_types(schema_file: Path) -> dict[str, list[str]]:
    """From the schema: the relation types walked out of an entity ("out": their source
    grew into their target), into it ("in"), and the composition types ("parts")."""
    import yaml

    types = yaml.safe_load(schema_file.read_text(encoding="utf-8"))["relation_types"]
    out: dict[str, list[str]] = {"out": [], "in": [], "parts": []}
    for name, rt in types.items():
        if rt.get("lineage"):
            out["out" if rt.get("origin", "source") == "source" else "in"].append(name)
        elif rt.get("composition"):
            out["parts"].append(name)
    return out


def _lineage(step: Any, root: str, kinds: dict[str, list[str]]) -> set[str]:
    """What grew out of ``root``, level by level: ``step(frontier, types, side)`` gives
    the entities one relation of ``types`` away from the frontier (side "out": where
    they go, "in": where they come from). Parts are followed from what lineage reached,
    not from the root itself."""
    seen = {root}
    frontier = {root}
    first = True
    while frontier:
        grown = set(step(frontier, kinds["out"], "out")) | set(step(frontier, kinds["in"], "in"))
        if not first:
            grown |= set(step(frontier, kinds["parts"], "in"))
        first = False
        frontier = grown - seen
        seen |= frontier
    return seen - {root}


def _paths(levels: list[set[str]], adjacent: Any, b: str) -> list[list[str]]:
    """Every shortest path to ``b`` from the BFS ``levels`` (level 0: the start), walking
    back; ``adjacent(nodes, among)``: the pairs (x, y) with x in nodes, y in among."""
    back: dict[str, set[str]] = {}
    current = {b}
    for level in reversed(levels[:-1]):
        step: dict[str, set[str]] = {}
        for x, y in adjacent(current, level):
            step.setdefault(x, set()).add(y)
        back.update(step)
        current = set().union(*step.values()) if step else set()
    out: list[list[str]] = []

    def walk(node: str, tail: list[str]) -> None:
        if node not in back:
            out.append([node, *tail])
            return
        for prev in back[node]:
            walk(prev, [node, *tail])

    walk(b, [])
    return out


def _shortest(neighbours_of: Any, adjacent: Any, a: str, b: str, limit: int = 6
              ) -> list[list[str]]:
    levels = [{a}]
    seen = {a}
    while b not in levels[-1] and len(levels) <= limit:
        grown = set(neighbours_of(levels[-1])) - seen
        if not grown:
            return []
        seen |= grown
        levels.append(grown)
    if b not in levels[-1]:
        return []
    levels[-1] = {b}
    return _paths(levels, adjacent, b)


# -- DuckDB ---------------------------------------------------------------------------------


def duckdb_build(work: Path, csv_dir: Path) -> None:
    import duckdb

    path = work / "graph.duckdb"
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    con.execute(f"""CREATE TABLE nodes AS SELECT "id:ID" AS id, type, name, evidence
                    FROM read_csv('{csv_dir}/nodes.csv', header=true, all_varchar=true)""")
    con.execute(f"""CREATE TABLE edges AS SELECT ":START_ID" AS src, ":END_ID" AS dst,
                    split_part(key, '~', 1) AS type, key, evidence
                    FROM read_csv('{csv_dir}/relationships.csv', header=true,
                                  all_varchar=true)""")
    con.execute("CREATE INDEX edges_src ON edges(src)")
    con.execute("CREATE INDEX edges_dst ON edges(dst)")
    con.close()


def duckdb_query(work: Path, task: str, args: list[str]) -> list[str]:
    import duckdb

    con = duckdb.connect(str(work / "graph.duckdb"), read_only=True)

    def around(nodes: set[str]) -> list[str]:
        ids = list(nodes)
        return [r[0] for r in con.execute(
            "SELECT dst FROM edges WHERE src IN (SELECT unnest($ids)) UNION "
            "SELECT src FROM edges WHERE dst IN (SELECT unnest($ids))", {"ids": ids}
        ).fetchall()]

    def adjacent(nodes: set[str], among: set[str]) -> list[tuple[str, str]]:
        return con.execute(
            "SELECT src, dst FROM edges WHERE src IN (SELECT unnest($a)) AND dst IN "
            "(SELECT unnest($b)) UNION SELECT dst, src FROM edges WHERE dst IN "
            "(SELECT unnest($a)) AND src IN (SELECT unnest($b))",
            {"a": list(nodes), "b": list(among)}).fetchall()

    if task == "neighbours":
        root, depth = args[0], int(args[1])
        seen, frontier = {root}, {root}
        for _ in range(depth):
            frontier = set(around(frontier)) - seen
            seen |= frontier
        return sorted(seen - {root})
    if task == "path":
        return sorted(" ".join(p) for p in _shortest(around, adjacent, args[0], args[1]))
    if task == "lineage":
        def step(nodes: set[str], types: list[str], side: str) -> list[str]:
            if not types:
                return []
            near, far = ("src", "dst") if side == "out" else ("dst", "src")
            return [r[0] for r in con.execute(
                f"SELECT DISTINCT {far} FROM edges WHERE {near} IN (SELECT unnest($ids)) "
                "AND type IN (SELECT unnest($types))",
                {"ids": list(nodes), "types": types}).fetchall()]

        return sorted(_lineage(step, args[0], json.loads(os.environ["KGRAPH_LINEAGE"])))
    raise SystemExit(f"unknown task {task}")


# -- Kùzu -----------------------------------------------------------------------------------


def kuzu_build(work: Path, csv_dir: Path) -> None:
    import shutil

    import kuzu

    if (work / "graph.kuzu").is_dir():
        shutil.rmtree(work / "graph.kuzu")
    (work / "graph.kuzu").unlink(missing_ok=True)
    # Kùzu reads columns by position: the Neo4j files' columns, reordered
    _columns(csv_dir / "nodes.csv", work / "kuzu-nodes.csv",
             ("id:ID", "type", "name", "evidence"), lambda got: got)
    _columns(csv_dir / "relationships.csv", work / "kuzu-rels.csv",
             (":START_ID", ":END_ID", "key", "evidence"),
             lambda got: [got[0], got[1], got[2].split("~")[0], got[2], got[3]])
    db = kuzu.Database(str(work / "graph.kuzu"))
    con = kuzu.Connection(db)
    con.execute("CREATE NODE TABLE Entity(id STRING, type STRING, name STRING, "
                "evidence STRING, PRIMARY KEY(id))")
    con.execute("CREATE REL TABLE REL(FROM Entity TO Entity, type STRING, key STRING, "
                "evidence STRING)")
    con.execute(f"COPY Entity FROM '{work / 'kuzu-nodes.csv'}' (header=false)")
    con.execute(f"COPY REL FROM '{work / 'kuzu-rels.csv'}' (header=false)")


def _columns(src_path: Path, dst_path: Path, names: tuple[str, ...], row: Any) -> None:
    """Copy the columns ``names`` of a CSV file, in that order, each row through ``row``."""
    with open(src_path, newline="", encoding="utf-8") as src, \
            open(dst_path, "w", newline="", encoding="utf-8") as dst:
        rows = csv.reader(src)
        head = next(rows)
        pick = [head.index(c) for c in names]
        out = csv.writer(dst)
        for got in rows:
            out.writerow(row([got[i] for i in pick]))


def kuzu_query(work: Path, task: str, args: list[str]) -> list[str]:
    import kuzu

    db = kuzu.Database(str(work / "graph.kuzu"), read_only=True)
    con = kuzu.Connection(db)

    def rows(query: str, **params: Any) -> list[list[Any]]:
        result = con.execute(query, params)
        out = []
        while result.has_next():
            out.append(result.get_next())
        return out

    if task == "neighbours":
        found = rows(f"MATCH (a:Entity {{id: $x}})-[:REL*1..{int(args[1])}]-(b:Entity) "
                     "RETURN DISTINCT b.id", x=args[0])
        return sorted({r[0] for r in found} - {args[0]})
    if task == "path":
        found = rows("MATCH p = (a:Entity {id: $a})-[:REL* ALL SHORTEST 1..6]-"
                     "(b:Entity {id: $b}) RETURN properties(nodes(p), 'id')",
                     a=args[0], b=args[1])
        return sorted({" ".join(r[0]) for r in found})
    if task == "lineage":
        def step(nodes: set[str], types: list[str], side: str) -> list[str]:
            if not types:
                return []
            pattern = ("(a:Entity)-[r:REL]->(b:Entity)" if side == "out"
                       else "(b:Entity)-[r:REL]->(a:Entity)")
            return [r[0] for r in rows(f"MATCH {pattern} WHERE a.id IN $ids AND r.type IN "
                                       "$types RETURN DISTINCT b.id",
                                       ids=list(nodes), types=types)]

        return sorted(_lineage(step, args[0], json.loads(os.environ["KGRAPH_LINEAGE"])))
    raise SystemExit(f"unknown task {task}")


# -- do it yourself: PyYAML + networkx + pickle ---------------------------------------------


def diy_build(work: Path, data_dir: Path) -> None:
    import pickle

    import networkx as nx
    import yaml

    g = nx.MultiDiGraph()
    for path in sorted(data_dir.glob("*.yaml")):
        with open(path, encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=yaml.CSafeLoader) or {}
        for e in doc.get("entities") or []:
            g.add_node(e["id"], **e)
        for r in doc.get("relations") or []:
            g.add_edge(r["from"], r["to"], key=r["type"], **r)
    with open(work / "graph.pickle", "wb") as fh:
        pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)


def diy_query(work: Path, task: str, args: list[str]) -> list[str]:
    import gc
    import pickle

    gc.disable()  # (what anyone loading a large pickle learns to do)
    with open(work / "graph.pickle", "rb") as fh:
        g = pickle.load(fh)

    def around(nodes: set[str]) -> set[str]:
        out: set[str] = set()
        for n in nodes:
            out.update(g.succ[n])
            out.update(g.pred[n])
        return out

    def adjacent(nodes: set[str], among: set[str]) -> list[tuple[str, str]]:
        return [(x, y) for x in nodes for y in (set(g.succ[x]) | set(g.pred[x])) & among]

    if task == "neighbours":
        root, depth = args[0], int(args[1])
        seen, frontier = {root}, {root}
        for _ in range(depth):
            frontier = around(frontier) - seen
            seen |= frontier
        return sorted(seen - {root})
    if task == "path":
        return sorted(" ".join(p) for p in _shortest(around, adjacent, args[0], args[1]))
    if task == "lineage":
        def step(nodes: set[str], types: list[str], side: str) -> list[str]:
            wanted = set(types)
            out = []
            for n in nodes:
                adj = g.succ[n] if side == "out" else g.pred[n]
                out.extend(m for m, keyed in adj.items()
                           if any(a.get("type", k) in wanted for k, a in keyed.items()))
            return out

        return sorted(_lineage(step, args[0], json.loads(os.environ["KGRAPH_LINEAGE"])))
    raise SystemExit(f"unknown task {task}")


def main() -> None:
    what, peer, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    if what == "build":
        csv_dir, data_dir = Path(sys.argv[4]), Path(sys.argv[5])
        start = time.perf_counter()
        {"duckdb": lambda: duckdb_build(work, csv_dir), "kuzu": lambda: kuzu_build(work, csv_dir),
         "diy": lambda: diy_build(work, data_dir)}[peer]()
        print(f"{time.perf_counter() - start:.2f}")
        return
    task, args = sys.argv[4], sys.argv[5:]
    found = {"duckdb": duckdb_query, "kuzu": kuzu_query, "diy": diy_query}[peer](work, task, args)
    sys.stdout.write("".join(f"{line}\n" for line in found))


if __name__ == "__main__":
    main()
