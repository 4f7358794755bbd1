"""`kgraph ask` on a generated graph, warm: the dataset's own typical question and the worst
cases through its largest hub, each a separate process, against the bare imports in the
same run (taking turns), medians, with the peak memory and how many answers each gave, and
the first run of each (which builds the tables it needs, once per compiled graph).

    python benchmarks/ask_scale.py DATA_DIR [--runs 3]

DATA_DIR is a folder made by benchmarks/generate.py (its benchmark.json names the typical
question). The graph is compiled into a private cache first (not timed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = [sys.executable, "-c", "import typer, rich, networkx, yaml"]


def _kgraph(*args: str) -> list[str]:
    return [sys.executable, "-m", "kgraph", *args]


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Seconds, the peak resident memory (bytes) and stdout of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss * 1024, out.decode("utf-8", "replace")


def _largest_hub(data: Path, env: dict[str, str]) -> tuple[str, str]:
    """The name of the entity with most relations, and a year its meetings have."""
    code = (
        "import sys, json\n"
        "from kgraph.cache import load_cached\n"
        "from kgraph.graph import degree\n"
        "kg = load_cached([sys.argv[1]]); g = kg.graph\n"
        "hub = max(g, key=lambda n: (degree(g, n), n))\n"
        "years = sorted(str(a.get('date', ''))[:4] for _, a in g.nodes(data=True)\n"
        "               if a.get('type') == 'meeting' and a.get('date'))\n"
        "print(json.dumps([g.nodes[hub].get('name', hub), years[len(years) // 2]]))\n")
    out = subprocess.run([sys.executable, "-c", code, str(data)], env=env, check=True,
                         capture_output=True, text=True).stdout
    name, year = json.loads(out)
    return str(name), str(year)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        os.chmod(cache, 0o700)
        env = {**os.environ, "KGRAPH_CACHE_DIR": cache}
        subprocess.run(_kgraph("validate", "-d", str(args.data)), env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        typical = json.loads((args.data / "benchmark.json").read_text())["ask"]
        hub, year = _largest_hub(args.data, env)
        questions = {
            "typical (benchmark.json)": typical,
            "largest hub, one step": f"Who attended meetings held in {hub}?",
            "largest hub, two sets": f"Which agencies of {hub} attended meetings in {year}?",
            # an acronym no name spells: the acronym table is read, no reading finds
            # anything, and the full-text index is searched
            "unknown word, text search": f"Who attended meetings of the QXZV held in {hub}?",
            # a word with a slip ("atended"): the data's words searched for the nearest
            "a slip in a word": f"Who atended meetings held in {hub}?",
            # everything of the largest kind, and that kind less the hub's attendees (a
            # negation: the set and the question without "not" both read)
            "every person": "List all the people",
            "negation, every person": f"Which people did not attend meetings held in {hub}?",
        }
        first: dict[str, float] = {}
        for label, q in questions.items():  # warm the derived tables (timed once: the cost
            # of the first question that needs one, paid once per compiled graph)
            first[label] = _timed(_kgraph("ask", q, "-d", str(args.data), "--json"), env)[0]
        figures: dict[str, list[tuple[float, int, str]]] = {k: [] for k in questions}
        base: list[float] = []
        for _ in range(args.runs):
            base.append(_timed(BASELINE, env)[0])
            for label, q in questions.items():
                figures[label].append(_timed(_kgraph("ask", q, "-d", str(args.data),
                                                     "--json"), env))
    bare = statistics.median(base)
    print(f"bare imports: {bare:.2f} s (median of {args.runs})")
    print(f"{'question':28} {'s':>7} {'x bare':>7} {'MB':>6} {'answers':>8} {'first':>6}  question")
    for label, runs in figures.items():
        seconds = statistics.median(s for s, _, _ in runs)
        peak = max(m for _, m, _ in runs) / 1e6
        try:
            total = json.loads(runs[-1][2]).get("total", "-")
        except json.JSONDecodeError:
            total = "?"
        print(f"{label:28} {seconds:7.2f} {seconds / bare:7.2f} {peak:6.0f} {total!s:>8} "
              f"{first[label]:6.2f}  {questions[label]}")
    print("first: seconds of the first run after compiling, which builds the derived tables "
          "that question needs")


if __name__ == "__main__":
    main()
