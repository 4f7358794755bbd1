"""The curation and review commands on generated data, against ``kgraph validate`` in the
same run.

    python benchmarks/curation.py                    # 1k and 10k entities (5x relations)
    python benchmarks/curation.py --sizes 100000     # the large case (minutes)

For each size it generates a dataset (benchmarks/generate.py, kept in --work), makes it a
project (a kgraph.toml beside it) and measures, each a separate ``kgraph`` process:

* baseline: ``kgraph validate --no-cache`` (parse and check everything);
* ``add entity`` and ``add relation`` into the largest data files (the worst case: the
  whole dataset is checked with the change before it is written; the file is put back
  after each run);
* ``dedupe`` and ``suggest`` (on the longest source document) on a warm cache;
* ``diff`` of two folders that differ in one relation file; ``fmt --check`` of every file.

Times are medians of ``--runs`` runs; memory is the peak of the process tree. Ratios are
to the baseline of the same size.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import dataset, median, run


def commands(data: Path, sources: Path) -> dict[str, list[str]]:
    entities = max(data.glob("entities-*.yaml"), key=lambda p: p.stat().st_size)
    relations = max(data.glob("relations-*.yaml"), key=lambda p: p.stat().st_size)
    document = max(sources.glob("*.txt"), key=lambda p: p.stat().st_size)
    # two people to relate, and a source with words of its document to quote
    people = re.findall(r"id: ([\w.-]+), type: person|- id: ([\w.-]+)\n\s+type: person",
                        entities.read_text(encoding="utf-8"))
    a, b = [x or y for x, y in people[:2]]
    text = (data / "sources.yaml").read_text(encoding="utf-8")
    source, file = re.search(r"id: ([\w.:-]+)[\s\S]*?file: (\S+)", text).groups()  # type: ignore[union-attr]
    words = " ".join((sources / file).read_text(encoding="utf-8").split()[:6])
    return {
        "validate --no-cache (baseline)": ["validate", "--no-cache"],
        "add entity": ["add", "entity", "person", "Benchmark Person", "--source", source,
                       "--quote", words, "--file", str(entities)],
        "add relation": ["add", "relation", a, "met with", b, "--source", source, "--quote",
                         words, "--file", str(relations)],
        "dedupe": ["dedupe", "--limit", "0"],
        "suggest": ["suggest", str(document)],
        "diff (one file differs)": ["diff", "data-copy", "data"],
        "fmt --check": ["fmt", "--check"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(os.environ.get(
        "TMPDIR", "/tmp")) / "kgraph-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    exe = [sys.executable, "-m", "kgraph"]
    rows: list[tuple[int, str, float, float, float]] = []
    for n in [int(s) for s in args.sizes.split(",")]:
        generated, _ = dataset(args.work, n, args.seed)
        project = args.work / f"project-{n}"
        if not project.exists():
            project.mkdir()
            shutil.copytree(generated, project / "data",
                            ignore=shutil.ignore_patterns("sources", "benchmark.json"))
            shutil.copytree(generated / "sources", project / "sources")
            shutil.copy(generated / "benchmark.json", project / "data" / "benchmark.json")
            (project / "kgraph.toml").write_text('[project]\nname = "bench"\n')
            copy = project / "data-copy"
            shutil.copytree(project / "data", copy)
            max(copy.glob("relations-*.yaml")).write_text("relations: []\n")
        (project / "data" / "benchmark.json").unlink(missing_ok=True)
        env = {**os.environ, "KGRAPH_CACHE_DIR": str(args.work / f"cache-{n}"),
               "COLUMNS": "120"}
        env.pop("KGRAPH_DATA", None)
        os.chdir(project)
        run([*exe, "validate"], env)  # a warm cache for the query-like commands
        figures: dict[str, tuple[float, float]] = {}
        for name, cmd in commands(project / "data", project / "sources").items():
            times, peaks = [], []
            for _ in range(args.runs):
                saved = {p: p.read_bytes() for p in (project / "data").glob("*.yaml")}
                elapsed, _, tree, _ = run([*exe, *cmd], env)
                for p, raw in saved.items():  # an add changed a file: put it back
                    if p.read_bytes() != raw:
                        p.write_bytes(raw)
                for p in (project / "data").glob("*.bak"):
                    p.unlink()
                times.append(elapsed)
                peaks.append(tree)
            figures[name] = (median(times), max(peaks) / 2**20)
        base = figures["validate --no-cache (baseline)"][0]
        for name, (t, mb) in figures.items():
            rows.append((n, name, t, t / base, mb))
    print("\n| entities | command | time | x validate --no-cache | peak memory |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for n, name, t, ratio, mb in rows:
        print(f"| {n:,} | `{name}` | {t:.2f} s | {ratio:.2f} | {mb:.0f} MB |")


if __name__ == "__main__":
    main()
