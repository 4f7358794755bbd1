"""Time every export format on a generated graph: the default (positions and notes left
out) against everything the graph holds (what exports wrote before they left them out),
interleaved, medians of a few runs; and the selection of a hub's two-hop neighbourhood.

    python benchmarks/exports.py --entities 20000 --relations 100000 [--runs 3]

The data is generated once into a temporary folder (benchmarks/generate.py) unless --data
names one. Prints a table: seconds for each format and way, and the ratio to the
everything-run of the same format.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kgraph.api import load_graph
from kgraph.exporters import export
from kgraph.exporters.privacy import EVERYTHING, SHARED
from kgraph.select import Selection, select

FORMATS = [("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json"),
           ("rdf", "g.nt"), ("csv", "csv"), ("csv", "csv.zip"), ("neo4j", "neo4j")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=20000)
    parser.add_argument("--relations", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            data = Path(tmp) / "data"
            subprocess.run([sys.executable, str(Path(__file__).parent / "generate.py"),
                            "--entities", str(args.entities), "--relations",
                            str(args.relations), "--out", str(data)], check=True)
        t0 = time.perf_counter()
        kg = load_graph([data])
        print(f"graph: {kg.graph.number_of_nodes()} entities, "
              f"{kg.graph.number_of_edges()} relations (loaded in "
              f"{time.perf_counter() - t0:.1f} s)")
        hub = max(kg.graph.nodes, key=lambda n: (kg.graph.degree(n), n))
        t0 = time.perf_counter()
        part = select(kg, Selection(around=hub, depth=2)).kg
        print(f"select --around {hub} --depth 2: {time.perf_counter() - t0:.3f} s, "
              f"{part.graph.number_of_nodes()} entities")
        out = Path(tmp) / "out"
        out.mkdir()
        print(f"{'format':<14}{'everything s':>14}{'default s':>12}{'ratio':>8}"
              f"{'two hops s':>12}")
        for fmt, name in FORMATS:
            runs: dict[str, list[float]] = {"all": [], "default": [], "hop": []}
            for i in range(args.runs):  # interleaved: the machine's load hits both alike
                for way, graph, privacy in (("all", kg, EVERYTHING), ("default", kg, SHARED),
                                            ("hop", part, SHARED)):
                    start = time.perf_counter()
                    export(graph, fmt, out / f"{way}{i}-{name}", privacy=privacy)
                    runs[way].append(time.perf_counter() - start)
            every, default = statistics.median(runs["all"]), statistics.median(runs["default"])
            print(f"{fmt + (' zip' if name.endswith('.zip') else ''):<14}{every:>14.2f}"
                  f"{default:>12.2f}{default / every:>8.2f}"
                  f"{statistics.median(runs['hop']):>12.3f}")


if __name__ == "__main__":
    main()
