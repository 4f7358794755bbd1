"""Score `kgraph ask` against a questions file (the format of shared/examples/questions.yaml)."""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

from kgraph.api import load_graph
from kgraph.ask import NotUnderstood, answer
from kgraph.errors import NotFound
from kgraph.text import fold


def check(kg, case) -> str | None:
    """None when the answer satisfies the case, else why not."""
    try:
        result = answer(kg, case["q"])
    except (NotUnderstood, NotFound) as exc:
        return f"no answer: {exc}"
    names = [fold(a["name"]) for a in result["answers"]]
    for group in case.get("include", []):
        if not any(fold(frag) in n for frag in group for n in names):
            return f"missing {group}; got {[a['name'] for a in result['answers']][:8]} ({result['interpretation']['text']})"
    if case.get("path"):
        paths = result.get("paths") or []
        if not paths:
            return "no paths"
        ids = [m for m in result["interpretation"]["entities"]]
        for p in paths:
            if p[0] != ids[0] or p[-1] != ids[1]:
                return f"path {p} does not run from {ids[0]} to {ids[1]}"
    excludes = [f for item in case.get("exclude", [])
                for f in (item if isinstance(item, list) else [item])]
    for frag in excludes:
        if any(fold(frag) in n for n in names):
            return f"unexpected answer matching {frag!r}"
    return None


if __name__ == "__main__":
    kg = load_graph()
    cases = []
    for f in sys.argv[1:]:
        cases += yaml.safe_load(Path(f).read_text())
    bad = 0
    for case in cases:
        why = check(kg, case)
        if why:
            bad += 1
            print(f"FAIL {case['q']!r}: {why}")
    print(f"{len(cases) - bad}/{len(cases)} answered")
