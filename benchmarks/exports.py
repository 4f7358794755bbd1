"""Time every export format on a generated graph: the default (positions and notes left
out) against everything the graph holds (what exports wrote before they left them out),
interleaved, medians of a few runs; and the selection of a hub's two-hop neighbourhood.

    python benchmarks/exports.py --entities 20000 --relations 100000 [--runs 3]

The data is generated once into a temporary folder (benchmarks/generate.py) unless --data
names one. Prints a table: seconds for each format and way, and the ratio to the
everything-run of the same format.

    python benchmarks/exports.py --data big/ [--data small/] --baseline REV [--runs 3]

compares, instead, `kgraph export FORMAT` as a user runs it (a fresh process on a compiled
cache, end to end) with the same command of kgraph at git revision REV (its kgraph/
taken from git into a temporary folder, with a cache of its own), the two taking turns:
seconds (medians), peak memory of the process, the ratio now / before, and whether every
run of both wrote the same bytes. With two --data folders it prints the growth from the
first to the last as well.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

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
    parser.add_argument("--data", type=Path, action="append")
    parser.add_argument("--baseline", metavar="REV",
                        help="compare whole `kgraph export` runs with kgraph at this revision")
    args = parser.parse_args()
    if args.baseline:
        against(args.baseline, args.data or [], args.runs)
        return
    if args.data and len(args.data) > 1:
        parser.error("several --data folders go with --baseline only")
    args.data = args.data[0] if args.data else None
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


# (format, output name) for the runs against a baseline: every format, both RDF syntaxes
COMMANDS = [("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json"),
            ("csv", "csv"), ("neo4j", "neo4j"), ("rdf", "g.ttl"), ("rdf", "g.nt")]
ROOT = Path(__file__).resolve().parent.parent


def baseline(rev: str, tmp: Path) -> tuple[dict[str, tuple[Path, Path]], Path]:
    """kgraph now and at git revision ``rev`` (its kgraph/ and data/ taken from git into
    ``tmp``): ``{"now" | "before": (the folder to import kgraph from, a cache folder of
    its own)}``, and a folder to run them in (Python puts the current folder before
    PYTHONPATH)."""
    old = tmp / "old"
    old.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "kgraph", "data"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(old, filter="data")
    ways = {"now": (ROOT, tmp / "cache-now"), "before": (old, tmp / "cache-old")}
    out = tmp / "out"
    out.mkdir()
    for way, (code, _) in ways.items():  # each way runs the kgraph it names
        found = subprocess.run([sys.executable, "-c", "import kgraph; print(kgraph.__file__)"],
                               env={**os.environ, "PYTHONPATH": str(code)}, cwd=out,
                               check=True, capture_output=True, text=True).stdout
        if not found.startswith(str(code)):
            raise SystemExit(f"{way}: Python imports kgraph from {found.strip()}, not {code}")
    return ways, out


def run(cmd: list[str], env: dict[str, str], cwd: Path, stdout: Any = subprocess.DEVNULL
        ) -> tuple[float, float, int]:
    """Seconds, CPU seconds (user + system: what the load of other jobs changes least)
    and peak resident memory (bytes) of one process, which must succeed (``stdout``:
    where its output goes)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=stdout,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    if proc.stderr:
        proc.stderr.close()
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes, or of a directory's files' names and bytes."""
    h = hashlib.sha256()
    for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
        if file.is_file():
            h.update(file.relative_to(path).as_posix().encode() if path.is_dir() else b"")
            with open(file, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
    return h.hexdigest()


def against(rev: str, folders: list[Path], runs: int) -> None:
    if not folders:
        raise SystemExit("--baseline needs --data (a generated dataset, see generate.py)")
    with tempfile.TemporaryDirectory() as tmp:
        ways, out = baseline(rev, Path(tmp))
        growth: dict[str, list[float]] = {}
        for data in folders:
            envs = {}
            for way, (code, cache) in ways.items():
                env = {**os.environ, "PYTHONPATH": str(code), "KGRAPH_CACHE_DIR": str(cache)}
                envs[way] = env
                start = time.perf_counter()  # compile once: the exports read the cache
                # (in a folder of its own: Python puts the current folder before PYTHONPATH)
                subprocess.run([sys.executable, "-m", "kgraph", "validate", "-d", str(data)],
                               env=env, cwd=out, check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                print(f"{data}: {way}: compiled in {time.perf_counter() - start:.1f} s")
            print(f"{'kgraph export':<16}{'now s':>8}{'before s':>10}{'now/before':>12}"
                  f"{'now cpu s':>11}{'before cpu s':>14}{'now MB':>9}{'before MB':>11}"
                  "  same bytes")
            for fmt, name in COMMANDS:
                times: dict[str, list[float]] = {"now": [], "before": []}
                cpu: dict[str, list[float]] = {"now": [], "before": []}
                peaks: dict[str, int] = {"now": 0, "before": 0}
                digests: set[str] = set()
                for i in range(runs):  # taking turns: the machine's load falls on both
                    order = ("now", "before") if i % 2 == 0 else ("before", "now")
                    for way in order:
                        target = out / f"{way}-{i}-{name}"
                        took, used, peak = run([sys.executable, "-m", "kgraph", "export", fmt, "-d",
                                          str(data), "-o", str(target)], envs[way], out)
                        times[way].append(took)
                        cpu[way].append(used)
                        peaks[way] = max(peaks[way], peak)
                        digests.add(digest(target))
                        subprocess.run(["rm", "-rf", str(target)], check=True)
                now, before = statistics.median(times["now"]), statistics.median(times["before"])
                label = f"{fmt} {Path(name).suffix.lstrip('.') or name}"
                growth.setdefault(label, []).append(statistics.median(cpu["now"]))
                print(f"{label:<16}{now:>8.2f}{before:>10.2f}{now / before:>12.2f}"
                      f"{statistics.median(cpu['now']):>11.2f}"
                      f"{statistics.median(cpu['before']):>14.2f}"
                      f"{peaks['now'] / 2**20:>9.0f}{peaks['before'] / 2**20:>11.0f}"
                      f"  {'yes' if len(digests) == 1 else 'NO'}", flush=True)
        if len(folders) > 1:
            print(f"growth of the CPU time, now, {folders[0].name} -> {folders[-1].name}: "
                  + ", ".join(
                f"{label} x{t[-1] / t[0]:.1f}" for label, t in growth.items()))


if __name__ == "__main__":
    main()
