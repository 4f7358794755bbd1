"""kgraph at 10k and 100k entities (5x as many relations), side by side with the tools a
user would pick instead, in the same run.

    python benchmarks/run.py                          # 10k and 100k, 3 runs each
    python benchmarks/run.py --quick                  # 1k, 1 run: a smoke test
    python benchmarks/run.py --sizes 100000 --runs 5 --peers duckdb,kuzu

For each size it generates a dataset (benchmarks/generate.py; kept in --work) and
measures, every command a separate process as a user would run it, medians of --runs
(the tools taking turns, so that the load of the machine falls on all of them alike):

* builds: ``kgraph validate`` with an empty cache, again after one relation file was
  edited, and each peer's store (benchmarks/peers.py: DuckDB and Kùzu loading kgraph's own
  Neo4j CSV export, the do-it-yourself PyYAML + networkx + pickle route from the YAML);
* queries, for a typical entity and for worst cases picked on purpose (the largest hub,
  the longest lineage, the farthest pair of hubs): kgraph's default view (a screenful,
  ``--limit 25``, with evidence), its ids (``--ids --limit 0``) and its count, its whole
  answer as JSON with evidence (``--json --limit 0``), and each peer's ids; every answer
  is compared id for id;
* exports (every format) and ``validate --sources``.

Memory is the peak resident set of the largest process (``ru_maxrss``) and, on Linux, of
the whole process tree (sampled every 20 ms: a cold compile forks a worker). Ratios are
kgraph's time over the faster of DuckDB and Kùzu for the same question.
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _children(pid: int) -> list[int]:
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


def _tree_pss(pid: int) -> int:
    """The proportional set size of a process tree: each page shared by processes (a
    forked worker and its parent) counted once in all, unlike the RSS."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError, IndexError):
            continue
        todo.extend(_children(p))
    return total


@dataclass
class Measured:
    """One run of a command: wall seconds, CPU seconds (user + system, of the command and
    every process it waited for), peak RSS of its largest process, peak RSS and PSS of its
    process tree (sampled: RSS every 20 ms, PSS every 100 ms), and its stdout."""

    seconds: float
    cpu: float
    peak_one: int
    tree_rss: int
    tree_pss: int
    out: str


def run(cmd: list[str], env: dict[str, str], ok: tuple[int, ...] = (0, 1),
        keep: bool = True) -> tuple[float, int, int, str]:
    """Run ``cmd``: wall seconds, peak RSS of its largest process, peak RSS of its process
    tree (sampled), and its stdout (unless ``keep`` is false: then it is read and
    dropped as it comes, so that this process stays small - a child's peak RSS counts
    what it shared with its parent before it started its program)."""
    m = measure(cmd, env, ok, keep, pss=False)
    return m.seconds, m.peak_one, m.tree_rss, m.out


def measure(cmd: list[str], env: dict[str, str], ok: tuple[int, ...] = (0, 1),
            keep: bool = True, pss: bool = True, cwd: Path | None = None) -> Measured:
    """Run ``cmd`` as :func:`run` does (in ``cwd``); all it measured (``pss``: sample the
    PSS too)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        n = 0
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            n += 1
            if pss and n % 5 == 0:
                peak[1] = max(peak[1], _tree_pss(proc.pid))

    threading.Thread(target=sample, daemon=True).start()
    chunks: list[bytes] = []

    def read() -> None:
        while True:
            chunk = proc.stdout.read1(1 << 20)  # type: ignore[union-attr]
            if not chunk:
                return
            if keep:
                chunks.append(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    err = proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    reader.join()
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{err.decode()[-2000:]}")
    return Measured(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024,
                    peak[0], peak[1], b"".join(chunks).decode())


def dataset(work: Path, n: int, seed: int) -> tuple[Path, dict[str, Any]]:
    out = work / f"data-{n}-{5 * n}-{seed}"
    manifest = out / "benchmark.json"
    if not manifest.exists():
        print(f"generating {n:,} entities and {5 * n:,} relations in {out} ...", flush=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--entities", str(n),
                        "--relations", str(5 * n), "--out", str(out), "--seed", str(seed)],
                       check=True)
    return out, json.loads(manifest.read_text())


class Bench:
    """One dataset's measurements."""

    def __init__(self, exe: str, data: Path, work: Path, runs: int, peers: list[str]) -> None:
        self.exe, self.data, self.runs, self.peers = exe, data, runs, peers
        self.work = work / f"run-{data.name}"
        self.work.mkdir(parents=True, exist_ok=True)
        self.cache = self.work / "cache"
        self.env = {**os.environ, "KGRAPH_CACHE_DIR": str(self.cache), "COLUMNS": "120",
                    "KGRAPH_LINEAGE": json.dumps(_lineage_types())}
        self.env.pop("KGRAPH_DATA", None)
        self.figures: dict[str, dict[str, Any]] = {}

    def kg(self, *args: str) -> list[str]:
        return [self.exe, *args, "--data", str(self.data)]

    def peer(self, name: str, *args: str) -> list[str]:
        return [sys.executable, str(HERE / "peers.py"), "query", name,
                str(self.work / f"peer-{name}"), *args]

    def note(self, task: str, tool: str, sample: tuple[float, int, int, str]) -> None:
        got = self.figures.setdefault(task, {}).setdefault(tool, {"s": [], "rss": [],
                                                                    "tree": []})
        got["s"].append(sample[0])
        got["rss"].append(sample[1])
        got["tree"].append(sample[2])
        if tool == "kgraph ids" or tool in self.peers:  # (the answers to compare)
            got["out"] = sample[3]

    def builds(self) -> None:
        edits = sorted(self.data.glob("relations-*.yaml"))
        edit = edits[len(edits) // 2]
        original = edit.read_bytes()
        for i in range(self.runs):
            shutil.rmtree(self.cache, ignore_errors=True)
            self.note("cold validate", "kgraph", run(self.kg("validate"), self.env))
            try:
                edit.write_bytes(original + f"# edited {i}\n".encode())
                self.note("edit + validate", "kgraph", run(self.kg("validate"), self.env))
            finally:
                edit.write_bytes(original)
        run(self.kg("validate"), self.env)
        self.csv = self.work / "neo4j"
        shutil.rmtree(self.csv, ignore_errors=True)
        run(self.kg("export", "neo4j", "-o", str(self.csv)), self.env)
        for name in self.peers:
            for _ in range(1 if name == "diy" else self.runs):
                cmd = [sys.executable, str(HERE / "peers.py"), "build", name,
                       str(self.work / f"peer-{name}"), str(self.csv), str(self.data)]
                self.note("cold build", name, run(cmd, self.env))

    def exports(self) -> None:
        out = self.work / "exports"
        for fmt, name in (("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json"),
                          ("csv", "csv"), ("neo4j", "neo4j"), ("rdf", "g.nt")):
            for _ in range(self.runs):
                shutil.rmtree(out, ignore_errors=True)
                out.mkdir()
                self.note(f"export {fmt}", "kgraph",
                          run(self.kg("export", fmt, "-o", str(out / name)), self.env,
                              keep=False))
        for _ in range(self.runs):
            self.note("validate --sources", "kgraph",
                      run(self.kg("validate", "--sources", str(self.data / "sources")),
                          self.env))

    def queries(self, cases: dict[str, list[str]]) -> None:
        for task, args in cases.items():
            kind = args[0]
            base = [*args]
            if kind == "neighbours":
                base = ["neighbours", args[1], "--depth", args[2]]
            elif kind == "lineage":
                base = ["lineage", args[1]]
            elif kind == "path":
                base = ["path", args[1], args[2]]
            tools = {
                "kgraph view": self.kg(*base, "--limit", "25"),
                "kgraph ids": self.kg(*base, "--ids", "--limit", "0"),
                "kgraph count": self.kg(*base, "--count"),
                "kgraph json": self.kg(*base, "--json", "--limit", "0"),
                **{name: self.peer(name, *args) for name in self.peers},
            }
            for _ in range(self.runs):
                for tool, cmd in tools.items():  # taking turns
                    keep = tool == "kgraph ids" or tool in self.peers
                    self.note(task, tool, run(cmd, self.env, keep=keep))
            answers = {t: sorted(self.figures[task][t]["out"].splitlines())
                       for t in ("kgraph ids", *self.peers)}
            self.figures[task]["same"] = {t: answers[t] == answers["kgraph ids"]
                                          for t in self.peers}
            self.figures[task]["answers"] = len(answers["kgraph ids"])

    def cases(self, manifest: dict[str, Any]) -> dict[str, list[str]]:
        """The typical questions of the manifest, and the worst cases, picked here."""
        picked = json.loads(run([sys.executable, str(HERE / "worst.py"), str(self.data)],
                                self.env)[3])
        a, b = manifest["path"]
        return {
            "path, typical pair": ["path", a, b],
            f"path, farthest hubs ({picked['hubs_distance']} hops)":
                ["path", *picked["farthest_hubs"]],
            "2 hops, typical": ["neighbours", manifest["neighbours"], "2"],
            f"2 hops, largest hub ({picked['hub_degree']:,} relations)":
                ["neighbours", picked["hub"], "2"],
            "lineage, typical": ["lineage", manifest["lineage"]],
            f"lineage, longest ({picked['lineage_size']:,} entities)":
                ["lineage", picked["lineage"]],
        }


def _lineage_types() -> dict[str, list[str]]:
    sys.path.insert(0, str(HERE))
    from peers import lineage_types

    return lineage_types(ROOT / "data" / "schema.yaml")


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(n: int, figures: dict[str, dict[str, Any]], peers: list[str]) -> None:
    print(f"\n== {n:,} entities ==")
    print(f"{'task':44} {'tool':14} {'s':>8} {'RSS MB':>8} {'tree MB':>8} {'x peer':>8}")
    for task, tools in figures.items():
        best = min((med(tools[p]["s"]) for p in ("duckdb", "kuzu") if p in tools),
                   default=float("nan"))
        for tool, f in tools.items():
            if tool in ("same", "answers"):
                continue
            s = med(f["s"])
            ratio = s / best if tool.startswith("kgraph") and not math.isnan(best) \
                else float("nan")
            print(f"{task[:44]:44} {tool:14} {s:8.2f} {med(f['rss']) / 1e6:8.0f} "
                  f"{med(f['tree']) / 1e6:8.0f} {ratio:8.2f}")
        if "same" in tools:
            same = ", ".join(f"{p} {'same' if ok else 'DIFFERENT'}"
                             for p, ok in tools["same"].items())
            print(f"{'':44} answers: {tools['answers']:,} ids; {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="entity counts, comma-separated (relations: 5x)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", default="duckdb,kuzu,diy")
    parser.add_argument("--skip", default="", help="parts to leave out: builds, exports")
    parser.add_argument("--quick", action="store_true", help="1k entities, 1 run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(os.environ.get(
        "TMPDIR", "/tmp")) / "kgraph-bench", help="datasets, caches and stores (kept)")
    parser.add_argument("--kgraph", default=None, help="the kgraph executable to measure")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.runs = "1000", 1
    sizes = [int(s) for s in args.sizes.split(",")]
    peers = [p for p in args.peers.split(",") if p]
    import kgraph

    compileall.compile_dir(str(Path(kgraph.__file__).parent), quiet=1)
    exe = args.kgraph or shutil.which("kgraph", path=str(Path(sys.executable).parent)) \
        or "kgraph"
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"kgraph {kgraph.__version__} ({exe}), Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}; medians of "
          f"{args.runs} run(s)", flush=True)
    everything: dict[int, dict[str, Any]] = {}
    for n in sizes:
        data, manifest = dataset(args.work, n, args.seed)
        size = sum(p.stat().st_size for p in data.glob("*.yaml"))
        print(f"measuring {n:,} entities, {manifest['relations']:,} relations, "
              f"{size / 1e6:.1f} MB of YAML ...", flush=True)
        bench = Bench(exe, data, args.work, args.runs, peers)
        if "builds" not in args.skip:
            bench.builds()
        else:
            run(bench.kg("validate"), bench.env)
        bench.queries(bench.cases(manifest))
        if "exports" not in args.skip:
            bench.exports()
        everything[n] = bench.figures
        report(n, bench.figures, peers)
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        print(f"\ngrowth {small:,} -> {large:,} entities ({large / small:.0f}x the data):")
        for task in everything[large]:
            one, two = everything[small].get(task, {}), everything[large][task]
            if "kgraph" in one and "kgraph" in two:
                print(f"  {task:30} time x{med(two['kgraph']['s']) / med(one['kgraph']['s']):5.1f}")
    if args.json:
        args.json.write_text(json.dumps(
            {n: {t: {k: v for k, v in tools.items()} for t, tools in f.items()}
             for n, f in everything.items()}, default=str, indent=1))
    print(f"\n(load average at the end: {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
