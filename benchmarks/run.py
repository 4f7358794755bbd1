"""kgraph at 1k, 10k and 100k entities (5x as many relations), against a plain baseline.

    python benchmarks/run.py                       # 1k, 10k, 100k; 3 runs each
    python benchmarks/run.py --quick               # 300, 1k, 3k; 1 run: a smoke test
    python benchmarks/run.py --sizes 10000,100000 --runs 5

For each size it generates a dataset (benchmarks/generate.py; kept in --work for the next
run) and measures, every command a separate ``kgraph`` process as a user would run it:

* cold: ``kgraph validate`` with an empty cache (parse, check, build, write the cache);
* edit: ``kgraph validate`` again after one relation file was changed (its parse only);
* warm: ``path``, ``neighbours --depth 2``, ``lineage`` and ``ask`` on the unchanged data
  (what ``benchmark.json`` of the dataset names: typical entities, not hubs);
* baseline: in the same run, a script that only loads every file with PyYAML's C loader
  (``yaml.load(..., Loader=yaml.CSafeLoader)``) and builds a plain networkx graph.

Times are medians of ``--runs`` runs (wall clock, end to end). Memory is the peak resident
set of the largest process (``ru_maxrss``) and, on Linux, the peak of the whole process
tree sampled every 20 ms (a cold compile of a large dataset forks a worker). Ratios are
to the baseline; the last table is the growth from the second-largest size to the
largest (10k -> 100k by default: linear cost is about 10x).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

BASELINE = r"""
import sys, yaml, networkx as nx
from pathlib import Path
g = nx.MultiDiGraph()
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    with open(path, encoding="utf-8") as fh:
        doc = yaml.load(fh, Loader=yaml.CSafeLoader) or {}
    for e in doc.get("entities") or []:
        g.add_node(e["id"], **e)
    for r in doc.get("relations") or []:
        g.add_edge(r["from"], r["to"], key=r["type"], **r)
print(g.number_of_nodes(), g.number_of_edges())
"""


def _children(pid: int) -> list[int]:
    """The child processes of ``pid``, from /proc/PID/task/*/children (a few small reads:
    scanning all of /proc every 20 ms would take CPU from what is being measured)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", "rb") as fh:
                found.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return found


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants (Linux /proc; 0 elsewhere)."""
    total, todo = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
        todo.extend(_children(p))
    return total


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int, str]:
    """Run ``cmd``; return wall seconds, its peak RSS (bytes, largest process), the peak
    RSS of its process tree (bytes, sampled) and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()),  # type: ignore[union-attr]
                              daemon=True)
    reader.start()
    err = proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()}")
    return elapsed, usage.ru_maxrss * 1024, peak[0], b"".join(out_chunks).decode()


def dataset(work: Path, n: int, seed: int) -> tuple[Path, dict[str, Any]]:
    out = work / f"data-{n}-{5 * n}-{seed}"
    manifest = out / "benchmark.json"
    if not manifest.exists():
        print(f"generating {n:,} entities and {5 * n:,} relations in {out} ...", flush=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--entities", str(n),
                        "--relations", str(5 * n), "--out", str(out), "--seed", str(seed)],
                       check=True)
    return out, json.loads(manifest.read_text())


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def measure(exe: str, data: Path, manifest: dict[str, Any], runs: int, baseline_runs: int,
            work: Path) -> dict[str, dict[str, float]]:
    cache = work / "cache"
    env = {**os.environ, "KGRAPH_CACHE_DIR": str(cache), "COLUMNS": "120"}
    env.pop("KGRAPH_DATA", None)
    d = ["--data", str(data)]
    a, b = manifest["path"]
    queries = {
        "path": [exe, "path", a, b, *d],
        "neighbours --depth 2": [exe, "neighbours", manifest["neighbours"], "--depth", "2",
                                 *d],
        "lineage": [exe, "lineage", manifest["lineage"], *d],
        "ask": [exe, "ask", manifest["ask"], *d],
    }
    results: dict[str, dict[str, list[float]]] = {}

    def note(name: str, sample: tuple[float, int, int, str]) -> None:
        got = results.setdefault(name, {"s": [], "rss": [], "tree": []})
        got["s"].append(sample[0])
        got["rss"].append(sample[1])
        got["tree"].append(sample[2])

    edit = sorted(data.glob("relations-*.yaml"))[len(list(data.glob("relations-*.yaml"))) // 2]
    original = edit.read_bytes()
    for i in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        note("cold validate", run([exe, "validate", *d], env))
        try:  # one relation file edited: only it is parsed again
            edit.write_bytes(original + f"# edited {i}\n".encode())
            note("edit + validate", run([exe, "validate", *d], env))
        finally:
            edit.write_bytes(original)
        run([exe, "validate", *d], env)  # back to the unchanged data, compiled
        for cmd in queries.values():
            run(cmd, env)  # (the first ask after a compile of small data builds its index)
        for name, cmd in queries.items():
            note(name, run(cmd, env))
    for _ in range(baseline_runs):
        note("baseline", run([sys.executable, "-c", BASELINE, str(data)], env))
    return {name: {k: median(v) for k, v in got.items()} for name, got in results.items()}


def table(sizes: list[int], figures: dict[int, dict[str, dict[str, float]]]) -> None:
    names = list(next(iter(figures.values())))
    print(f"{'':22}" + "".join(f"{f'{n:,} entities':>38}" for n in sizes))
    print(f"{'':22}" + "".join(f"{'s':>9}{'x base':>8}{'RSS MB':>9}{'tree MB':>9}   "
                               for _ in sizes))
    for name in names:
        row = f"{name:22}"
        for n in sizes:
            f = figures[n][name]
            base = figures[n]["baseline"]["s"]
            row += (f"{f['s']:9.2f}{f['s'] / base:8.3f}{f['rss'] / 1e6:9.0f}"
                    f"{f['tree'] / 1e6:9.0f}   ")
        print(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="entity counts, comma-separated (relations: 5x)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-runs", type=int, default=None,
                        help="runs of the PyYAML baseline (default: --runs)")
    parser.add_argument("--quick", action="store_true", help="300, 1k and 3k entities, 1 run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(os.environ.get(
        "TMPDIR", "/tmp")) / "kgraph-bench", help="datasets and caches (kept)")
    parser.add_argument("--kgraph", default=None, help="the kgraph executable to measure")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.runs = "300,1000,3000", 1
    sizes = [int(s) for s in args.sizes.split(",")]
    baseline_runs = args.baseline_runs if args.baseline_runs is not None else args.runs
    import kgraph

    # an installed package is byte-compiled; an editable checkout may not be, and compiling
    # on every start would be measured instead
    compileall.compile_dir(str(Path(kgraph.__file__).parent), quiet=1)
    exe = args.kgraph or shutil.which("kgraph", path=str(Path(sys.executable).parent)) \
        or "kgraph"
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"kgraph {kgraph.__version__} ({exe}), Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}; medians of "
          f"{args.runs} run(s), baseline {baseline_runs}")
    figures: dict[int, dict[str, dict[str, float]]] = {}
    for n in sizes:
        data, manifest = dataset(args.work, n, args.seed)
        size = sum(p.stat().st_size for p in data.glob("*.yaml"))
        print(f"measuring {n:,} entities, {manifest['relations']:,} relations, "
              f"{size / 1e6:.1f} MB of YAML ...", flush=True)
        figures[n] = measure(exe, data, manifest, args.runs, baseline_runs, args.work)
    print()
    table(sizes, figures)
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        print(f"\ngrowth {small:,} -> {large:,} entities ({large / small:.0f}x the data):")
        for name in figures[large]:
            f, g = figures[small][name], figures[large][name]
            print(f"  {name:22} time x{g['s'] / f['s']:6.1f}   memory x"
                  f"{g['rss'] / f['rss']:5.1f}")
    print(f"\n(load average at the end: {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
