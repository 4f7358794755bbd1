"""Start-up cost of `kgraph ask` and `kgraph --help` against the cost of importing
kgraph's libraries, measured side by side (interleaved runs, medians).

    python benchmarks/startup.py [--runs 15] [--question "..."]

The baseline is `python -c "import typer, rich, networkx, yaml"`: what any Python tool
built on these libraries pays before doing anything. The target: `ask` within 1.3x of the
baseline (on a warm cache), `--help` below it.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--question", default="what grew out of the Cartagena summit?")
    args = parser.parse_args()
    # `pip install` byte-compiles the package; an editable checkout may not have done so
    # (PYTHONDONTWRITEBYTECODE), and compiling on every start would be measured instead
    import kgraph

    compileall.compile_dir(str(Path(kgraph.__file__).parent), quiet=1)
    exe = shutil.which("kgraph", path=str(Path(sys.executable).parent)) or "kgraph"
    commands = {
        "baseline (import typer, rich, networkx, yaml)":
            [sys.executable, "-c", "import typer, rich, networkx, yaml"],
        "kgraph --help": [exe, "--help"],
        "kgraph ask --json (warm cache)": [exe, "ask", args.question, "--json"],
        "kgraph ask (rendered, warm cache)": [exe, "ask", args.question],
    }
    subprocess.run([exe, "ask", args.question], stdout=subprocess.DEVNULL, check=False)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():  # interleaved, so load affects all alike
            times[name].append(timed(cmd))
    base = statistics.median(times[next(iter(commands))])
    print(f"{'command':48} {'median s':>9} {'min s':>7} {'x baseline':>10}")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:48} {med:9.3f} {min(values):7.3f} {med / base:10.2f}")


if __name__ == "__main__":
    main()
