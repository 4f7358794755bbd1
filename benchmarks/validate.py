"""``kgraph validate`` at scale: a cold compile against a plain yaml-rs parse of the same
files, and ``validate --sources`` with the compiled graph cached.

    python benchmarks/validate.py DATA_DIR [--runs 3] [--baseline "CMD ..."] [--sources DIR]

DATA_DIR is made by benchmarks/generate.py (its documents in ``DATA_DIR/sources``). Every
figure is a separate process, end to end, the median of ``--runs`` (wall time, and the
peak memory of the whole process tree: a cold compile forks a worker):

* ``validate --no-cache``: parse, check, in one or two processes, nothing read or kept;
* yaml-rs (``pip install '.[bench]'``) parsing the same files into Python values, in a
  process of its own: the target is a cold ``validate`` within 2.5 times that;
* ``validate --sources`` with the graph cached, first as right after a compile (every
  document searched: the documents' results are removed from the cache before each
  run), then again with nothing changed (each document read and hashed, none searched).

``--baseline "CMD"`` runs another kgraph too (a command line that runs it, e.g.
``"env PYTHONPATH=../other /path/to/venv/bin/python -m kgraph"``, with its own cache
directory), taking turns with this one, and prints the ratio of each figure to it. Every
run of a command, by either, must print the same problems (it says so when not).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shlex
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import run  # the benchmark's own measuring of a process tree

YAML_RS = """
import sys, time, yaml_rs
texts = [open(p, encoding="utf-8").read() for p in sys.argv[1:]]
start = time.perf_counter()
for t in texts:
    yaml_rs.loads(t, parse_datetime=False)
print(time.perf_counter() - start)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", help="a command line that runs another kgraph")
    parser.add_argument("--sources", type=Path, help="the documents (DATA_DIR/sources)")
    args = parser.parse_args()
    data = args.data.resolve()
    tools = {"kgraph": [sys.executable, "-m", "kgraph"]}
    if args.baseline:
        tools["baseline"] = shlex.split(args.baseline)
    caches = {name: Path(tempfile.mkdtemp(prefix=f"kgraph-bench-{name}-")) for name in tools}
    try:
        measure(args, data, tools, caches)
    finally:
        for where in caches.values():
            shutil.rmtree(where, ignore_errors=True)


def measure(args: argparse.Namespace, data: Path, tools: dict[str, list[str]],
            caches: dict[str, Path]) -> None:
    sources = args.sources.resolve() if args.sources else data / "sources"
    figures: dict[tuple[str, str], list[tuple[float, int]]] = {}
    answers: dict[str, set[str]] = {}

    def note(task: str, tool: str, cmd: list[str]) -> None:
        env = {**os.environ, "KGRAPH_CACHE_DIR": str(caches[tool])}
        seconds, _, tree, out = run(cmd, env)
        figures.setdefault((task, tool), []).append((seconds, tree))
        answers.setdefault(task.split(",")[0], set()).add(out)

    for _ in range(args.runs):
        for tool, cmd in tools.items():  # (taking turns: the load falls on each alike)
            note("validate --no-cache", tool, [*cmd, "validate", "--data", str(data),
                                               "--no-cache"])
    for tool, cmd in tools.items():  # the graph compiled into each cache
        note("validate (cold, filling the cache)", tool, [*cmd, "validate", "--data",
                                                           str(data)])
    check = ["validate", "--data", str(data), "--sources", str(sources)]
    for _ in range(args.runs):
        for tool, cmd in tools.items():
            for found in caches[tool].glob("found-*"):
                found.unlink()  # what the documents were found to hold: searched again
            note("validate --sources, graph cached, every document searched", tool,
                 [*cmd, *check])
    for _ in range(args.runs):
        for tool, cmd in tools.items():
            note("validate --sources, graph cached, nothing changed", tool, [*cmd, *check])
    yaml_rs = []
    files = sorted(str(p) for p in data.glob("*.yaml"))
    if importlib.util.find_spec("yaml_rs") is None:
        print("(yaml-rs is not installed: pip install '.[bench]')")
    else:
        for _ in range(args.runs):
            yaml_rs.append(float(run([sys.executable, "-c", YAML_RS, *files], dict(os.environ),
                                     ok=(0,))[3]))
    print(f"{data.name}: {len(files)} files, "
          f"{sum(os.path.getsize(f) for f in files) / 1e6:.1f} MB of YAML; "
          f"median of {args.runs}")
    for task, outs in answers.items():  # every run of a command gives the same problems
        if len(outs) != 1:
            print(f"{task}: the answers DIFFER between runs or tools")
    for (task, tool), samples in figures.items():
        seconds = statistics.median(s for s, _ in samples)
        memory = statistics.median(m for _, m in samples)
        line = f"{task:58} {tool:9} {seconds:7.2f} s {memory / 1e9:5.2f} GB"
        if tool == "kgraph" and ("baseline" in tools) and (task, "baseline") in figures:
            base = statistics.median(s for s, _ in figures[(task, "baseline")])
            line += f"   x{seconds / base:.2f} of the baseline"
        print(line)
    if yaml_rs:
        parse = statistics.median(yaml_rs)
        cold = statistics.median(s for s, _ in figures[("validate --no-cache", "kgraph")])
        print(f"{'yaml-rs parse of the same files (in its process)':58} {'':9} "
              f"{parse:7.2f} s")
        print(f"validate --no-cache / yaml-rs parse: {cold / parse:.2f} (target: 2.5)")


if __name__ == "__main__":
    main()
