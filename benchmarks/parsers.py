"""kgraph's YAML parse path against maintained parsers, on the same files.

    python benchmarks/parsers.py DATA_DIR [--runs 3]

For every ``*.yaml`` file of DATA_DIR (benchmarks/generate.py makes them), in one
process, the best of ``--runs``:

* ``kgraph.fastyaml`` (kgraph's parse: values with the line:col of every key, value and
  item; PyYAML for anything outside its subset, and for every error);
* ``yaml-rs`` (Rust, from PyPI) into Python values: no positions at all;
* ``rapidyaml`` (C++, from PyPI) into its own tree, and that tree walked into Python
  values (its Python binding gives no position of a node: only of an error);
* PyYAML's C loader into Python values (no positions), for reference.

What kgraph needs from a parser: values, the position of every value (a problem is
reported as ``file:line:col``), and errors with their position.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def best(runs: int, work: Callable[[], Any]) -> float:
    out = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        out = min(out, time.perf_counter() - start)
    return out


def ryml_values(tree: Any) -> Any:
    import ryml

    def value(n: int) -> Any:
        if tree.is_map(n):
            out = {}
            c = tree.first_child(n)
            while c != ryml.NONE:
                out[bytes(tree.key(c)).decode()] = value(c)
                c = tree.next_sibling(c)
            return out
        if tree.is_seq(n):
            items = []
            c = tree.first_child(n)
            while c != ryml.NONE:
                items.append(value(c))
                c = tree.next_sibling(c)
            return items
        return bytes(tree.val(n)).decode()

    return value(tree.root_id())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = sorted(args.data.glob("*.yaml"))
    raw = [f.read_bytes() for f in files]
    texts = [r.decode("utf-8") for r in raw]
    print(f"{len(files)} files, {sum(map(len, raw)) / 1e6:.1f} MB")
    from kgraph import fastyaml

    contenders: dict[str, Callable[[], Any]] = {
        "kgraph.fastyaml (values + positions)":
            lambda: [fastyaml.parse(f.name, t) for f, t in zip(files, texts)],
    }
    try:
        import yaml_rs

        contenders["yaml-rs (values, no positions)"] = \
            lambda: [yaml_rs.loads(t, parse_datetime=False) for t in texts]
    except ImportError:
        print("(yaml-rs is not installed: pip install '.[bench]')")
    try:
        import ryml

        contenders["rapidyaml (its tree only)"] = lambda: [ryml.parse_in_arena(r) for r in raw]
        contenders["rapidyaml (tree -> values, no positions)"] = \
            lambda: [ryml_values(ryml.parse_in_arena(r)) for r in raw]
    except ImportError:
        print("(rapidyaml is not installed: pip install '.[bench]')")
    import yaml

    contenders["PyYAML C loader (values, no positions)"] = \
        lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts]
    times = {}
    for name, work in contenders.items():
        times[name] = best(args.runs if "PyYAML" not in name else 1, work)
        print(f"{name:44} {times[name]:7.2f} s", flush=True)
    fast = times["kgraph.fastyaml (values + positions)"]
    for name, t in times.items():
        print(f"  kgraph.fastyaml / {name}: {fast / t:.2f}")


if __name__ == "__main__":
    main()
