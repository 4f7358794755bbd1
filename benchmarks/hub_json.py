"""The largest hub's two-hop neighbourhood as JSON with every relation's evidence, now and
at an older revision: `kgraph neighbours HUB --depth 2 --json --limit 0`, as a user runs
it (a fresh process on a compiled cache, end to end), the two taking turns.

    python benchmarks/hub_json.py --data big/ [--data small/] --baseline REV [--runs 3]

The hub is the one benchmarks/worst.py picks (the entity with the most relations). Prints
the medians of the seconds, of the CPU seconds (user + system: what other jobs on the
machine change least) and the peak memory of each, the ratios now / before, the size of
the output and whether the two wrote the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from exports import baseline, run

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", required=True)
    parser.add_argument("--baseline", metavar="REV", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ways, out = baseline(args.baseline, Path(tmp))
        print(f"{'data':<28}{'hub':<16}{'now s':>7}{'before s':>9}{'now/before':>11}"
              f"{'now cpu s':>10}{'before cpu s':>13}{'now MB':>8}{'before MB':>10}"
              f"{'output MB':>10}  same bytes")
        for data in args.data:
            data = data.resolve()
            hub = json.loads(subprocess.run([sys.executable, str(HERE / "worst.py"),
                                             str(data)], check=True, capture_output=True,
                                            text=True).stdout)["hub"]
            envs = {}
            for way, (code, cache) in ways.items():
                envs[way] = {**os.environ, "PYTHONPATH": str(code),
                             "KGRAPH_CACHE_DIR": str(cache)}
                subprocess.run([sys.executable, "-m", "kgraph", "validate", "-d", str(data)],
                               env=envs[way], cwd=out, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            cmd = [sys.executable, "-m", "kgraph", "neighbours", hub, "--depth", "2",
                   "--json", "--limit", "0", "-d", str(data)]
            times: dict[str, list[float]] = {"now": [], "before": []}
            cpu: dict[str, list[float]] = {"now": [], "before": []}
            peak = {"now": 0, "before": 0}
            digests: dict[str, set[str]] = {"now": set(), "before": set()}
            size = 0
            for i in range(args.runs):  # taking turns: the machine's load falls on both
                for way in ("now", "before") if i % 2 == 0 else ("before", "now"):
                    target = out / f"{way}.json"
                    with open(target, "wb") as fh:
                        took, used, rss = run(cmd, envs[way], out, stdout=fh)
                    times[way].append(took)
                    cpu[way].append(used)
                    peak[way] = max(peak[way], rss)
                    digests[way].add(_digest(target))
                    size = target.stat().st_size
                    target.unlink()
            now, before = statistics.median(times["now"]), statistics.median(times["before"])
            same = len(digests["now"] | digests["before"]) == 1
            print(f"{data.name:<28}{hub:<16}{now:>7.2f}{before:>9.2f}{now / before:>11.2f}"
                  f"{statistics.median(cpu['now']):>10.2f}"
                  f"{statistics.median(cpu['before']):>13.2f}"
                  f"{peak['now'] / 2**20:>8.0f}{peak['before'] / 2**20:>10.0f}"
                  f"{size / 2**20:>10.1f}  {'yes' if same else 'NO'}", flush=True)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


if __name__ == "__main__":
    main()
