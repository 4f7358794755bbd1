"""``kgraph validate`` at scale: a cold compile against a plain yaml-rs parse of the same
files, and ``validate --sources`` with the compiled graph cached.

    python benchmarks/validate.py DATA_DIR [--runs 3] [--baseline REV] [--sources DIR]
                                  [--compile-only] [--parts]

DATA_DIR is made by benchmarks/generate.py (its documents in ``DATA_DIR/sources``). Every
figure is a separate process, end to end, the median of ``--runs``: wall time, CPU time
(user + system of every process of the command: on a machine shared with other work,
the steadier figure), and the peak memory of the whole process tree (a cold compile
forks): the sum of the processes' RSS, and of their PSS (where the pages a forked
process shares with its parent count once, not once per process):

* ``validate --no-cache``: parse, check, in one or two processes, nothing read or kept;
* ``validate`` with an empty cache: the same, and the compiled graph written;
* yaml-rs (``pip install '.[bench]'``) parsing the same files into Python values, in a
  process of its own: the target is a cold ``validate`` within 2.5 times that;
* ``validate --sources`` with the graph cached, first as right after a compile (every
  document searched: the documents' results are removed from the cache before each
  run), then again with nothing changed (each document read and hashed, none searched)
  (not with ``--compile-only``).

``--parts``: instead, the parts of a cold compile in one process (the collector off, as a
compile runs it): the CPU time of parsing the relation files, the other files, and of
checking them all; the best of ``--runs`` in a process, taking turns with the baseline.

``--baseline REV`` runs kgraph at git revision REV too (its kgraph/ taken from git),
taking turns with this one, and prints the ratio of each figure to it. Every run of a
command, by either, must print the same problems (it says so when not).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from exports import baseline  # kgraph at another revision, beside this one
from run import Measured, measure  # the benchmark's own measuring of a process tree

ROOT = Path(__file__).resolve().parent.parent
YAML_RS = """
import sys, time, yaml_rs
texts = [open(p, encoding="utf-8").read() for p in sys.argv[1:]]
start = time.perf_counter()
for t in texts:
    yaml_rs.loads(t, parse_datetime=False)
print(time.perf_counter() - start)
"""
PARTS = """
import gc, sys, time
from pathlib import Path
from kgraph.compiler import parse_bytes
from kgraph.project import bundled_schema
from kgraph.validate import check
gc.disable()
files = sorted(Path(sys.argv[1]).glob("*.yaml"))
schema = bundled_schema()
raw = [(str(f), f.read_bytes()) for f in files] + [(str(schema), schema.read_bytes())]
best = [1e9, 1e9, 1e9]
for _ in range(int(sys.argv[2])):
    took = []
    parsed = []
    for which in (True, False):
        start = time.process_time()
        parsed += [parse_bytes(n, r) for n, r in raw[:-1]
                   if Path(n).name.startswith("relations") == which]
        took.append(time.process_time() - start)
    start = time.process_time()
    check(parsed, [parse_bytes(*raw[-1])])
    took.append(time.process_time() - start)
    best = list(map(min, best, took))
    del parsed
print(*best)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", metavar="REV", help="a git revision of kgraph to compare")
    parser.add_argument("--sources", type=Path, help="the documents (DATA_DIR/sources)")
    parser.add_argument("--compile-only", action="store_true",
                        help="the cold compiles only (not validate --sources)")
    parser.add_argument("--parts", action="store_true",
                        help="the CPU time of a compile's parts, in one process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-") as tmp:
        work = Path(tmp)
        if args.baseline:
            ways, cwd = baseline(args.baseline, work)
        else:  # (run in a folder of its own: Python puts the current one before PYTHONPATH)
            ways, cwd = {"now": (ROOT, work / "cache-now")}, work / "out"
            cwd.mkdir()
        if args.parts:
            parts(args, args.data.resolve(), ways, cwd)
        else:
            measure_all(args, args.data.resolve(), ways, cwd)


def parts(args: argparse.Namespace, data: Path, ways: dict[str, tuple[Path, Path]],
          cwd: Path) -> None:
    seen: dict[str, list[list[float]]] = {}
    for _ in range(args.runs):
        for way, (code, _) in ways.items():
            m = measure([sys.executable, "-c", PARTS, str(data), "1"],
                        {**os.environ, "PYTHONPATH": str(code)}, ok=(0,), pss=False, cwd=cwd)
            seen.setdefault(way, []).append([float(x) for x in m.out.split()])
    print(f"{data.name}: CPU seconds in one process, best of {args.runs}, taking turns")
    print(f"{'':8} {'parse relations':>16} {'parse the rest':>15} {'check':>8}")
    for way, samples in seen.items():
        best = list(map(min, *samples)) if len(samples) > 1 else samples[0]
        print(f"{way:8} {best[0]:15.2f}s {best[1]:14.2f}s {best[2]:7.2f}s")


def measure_all(args: argparse.Namespace, data: Path, ways: dict[str, tuple[Path, Path]],
                cwd: Path) -> None:
    sources = args.sources.resolve() if args.sources else data / "sources"
    figures: dict[tuple[str, str], list[Measured]] = {}
    answers: dict[str, set[str]] = {}

    def env(way: str, cache: Path) -> dict[str, str]:
        cache.mkdir(mode=0o700, parents=True, exist_ok=True)
        return {**os.environ, "PYTHONPATH": str(ways[way][0]), "KGRAPH_CACHE_DIR": str(cache)}

    def note(task: str, way: str, args_: list[str], cache: Path | None = None) -> None:
        m = measure([sys.executable, "-m", "kgraph", *args_],
                    env(way, cache or ways[way][1]), cwd=cwd)
        figures.setdefault((task, way), []).append(m)
        answers.setdefault(task.split(",")[0], set()).add(m.out)

    cold = ["validate", "--data", str(data)]
    for i in range(args.runs):
        for way in ways:  # (taking turns: the load falls on each alike)
            note("validate --no-cache", way, [*cold, "--no-cache"])
        for way in ways:
            note("validate, empty cache", way, cold, cache=cwd / f"cold-{way}-{i}")
    if not args.compile_only:
        for way in ways:  # the graph compiled into each cache
            note("validate, empty cache (filling the one used below)", way, cold)
        check = [*cold, "--sources", str(sources)]
        for _ in range(args.runs):
            for way in ways:
                for found in ways[way][1].glob("found-*"):
                    found.unlink()  # what the documents were found to hold: searched again
                note("validate --sources, graph cached, every document searched", way,
                     check)
        for _ in range(args.runs):
            for way in ways:
                note("validate --sources, graph cached, nothing changed", way, check)
    files = sorted(str(p) for p in data.glob("*.yaml"))
    parses = []
    if importlib.util.find_spec("yaml_rs") is None:
        print("(yaml-rs is not installed: pip install '.[bench]')")
    else:
        for _ in range(args.runs):
            m = measure([sys.executable, "-c", YAML_RS, *files], dict(os.environ), ok=(0,))
            parses.append((float(m.out), m))
    report(data, files, figures, answers, parses, args.runs)


def report(data: Path, files: list[str], figures: dict[tuple[str, str], list[Measured]],
           answers: dict[str, set[str]], parses: list[tuple[float, Measured]],
           runs: int) -> None:
    print(f"{data.name}: {len(files)} files, "
          f"{sum(os.path.getsize(f) for f in files) / 1e6:.1f} MB of YAML; "
          f"median of {runs}; memory: peak of the process tree")
    for task, outs in answers.items():  # every run of a command gives the same problems
        if len(outs) != 1:
            print(f"{task}: the answers DIFFER between runs or revisions")

    def med(samples: list[Measured], what: str) -> float:
        return statistics.median(getattr(m, what) for m in samples)

    print(f"{'':58} {'':7} {'wall':>8} {'CPU':>8} {'RSS sum':>8} {'PSS sum':>8}")
    for (task, way), samples in figures.items():
        line = (f"{task:58} {way:7} {med(samples, 'seconds'):7.2f}s {med(samples, 'cpu'):7.2f}s"
                f" {med(samples, 'tree_rss') / 1e9:6.2f}GB {med(samples, 'tree_pss') / 1e9:6.2f}GB")
        before = figures.get((task, "before"))
        if way == "now" and before:
            line += (f"   now/before: wall x{med(samples, 'seconds') / med(before, 'seconds'):.2f}"
                     f", CPU x{med(samples, 'cpu') / med(before, 'cpu'):.2f}")
        print(line)
    if parses:
        parse = statistics.median(p for p, _ in parses)
        whole = statistics.median(m.seconds for _, m in parses)
        print(f"{'yaml-rs parse of the same files (its own process)':58} {'':7} {parse:7.2f}s"
              f"  (the process: {whole:.2f} s wall, "
              f"{statistics.median(m.cpu for _, m in parses):.2f} s CPU)")
        for way in ("now", "before"):
            samples = figures.get(("validate --no-cache", way))
            if samples:
                print(f"validate --no-cache / yaml-rs parse, {way}: wall "
                      f"x{med(samples, 'seconds') / parse:.2f}, CPU "
                      f"x{med(samples, 'cpu') / parse:.2f} (target: 2.5)")


if __name__ == "__main__":
    main()
