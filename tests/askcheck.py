"""Score `kgraph ask` against question files: `python tests/askcheck.py FILE... [--kinds] [-v]`.

A question file is a YAML list of cases:

* `q`: the question;
* `kind`: what sort of question it is (numbers, two-hop, roles, ...), for the per-kind score;
* `include`: groups of name fragments; every group needs an answer whose name contains one of
  its fragments (compared case-, accent- and punctuation-insensitively);
* `exclude`: name fragments no answer may contain (precision);
* `value`: acceptable values for a figure or a date: the answer's `value` (or an answer's
  value, date, start or end) must match one: numbers compared digit for digit, dates as ISO
  strings where the answer may be more precise than the expected value but not less;
* `path: true`: the JSON must carry `paths`, each from the first named entity to the second;
* `expect_none: true`: the right answer is nothing (the question is refused or finds nothing).
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from kgraph.text import fold


def _answer(kg: Any, question: str) -> dict | None:
    """The ask result as JSON-ready dict, or None when the question got no answer."""
    from kgraph.ask import NotUnderstood, answer
    from kgraph.errors import NotFound
    try:
        return answer(kg, question)
    except (NotUnderstood, NotFound):
        return None


def _digits(text: str) -> str:
    return re.sub(r"[^0-9.]", "", str(text)).rstrip(".").removesuffix(".0")


def _values(result: dict) -> list[str]:
    found: list[Any] = []
    if result.get("value") is not None:
        found.append(result["value"])
    for item in result.get("values") or []:
        found.append(item.get("value") if isinstance(item, dict) else item)
    for a in result.get("answers", []):
        for key in ("value", "date", "start", "end"):
            if a.get(key) is not None:
                found.append(a[key])
    flat: list[str] = []
    for v in found:
        if isinstance(v, (list, tuple)):
            flat.extend(str(x) for x in v)
        elif isinstance(v, dict):
            flat.extend(str(x) for x in v.values())
        else:
            flat.append(str(v))
    return flat


def _value_matches(expected: str, got: list[str]) -> bool:
    expected = str(expected)
    if re.fullmatch(r"\d{4}(-\d\d){0,2}", expected):
        return any(str(g).startswith(expected) for g in got)
    want = _digits(expected)
    return any(want and _digits(g) == want for g in got)


def check(kg: Any, case: dict) -> str | None:
    """None when the answer satisfies the case, else why not."""
    result = _answer(kg, case["q"])
    if case.get("expect_none"):
        if result is None or not result.get("answers") and result.get("value") is None:
            return None
        return f"expected nothing; got {[a['name'] for a in result['answers']][:6]}"
    if result is None:
        return "no answer"
    names = [fold(a["name"]) for a in result["answers"]]
    how = (result.get("interpretation") or {}).get("text", "")
    if case.get("value") is not None:
        wanted = case["value"] if isinstance(case["value"], list) else [case["value"]]
        got = _values(result)
        if not any(_value_matches(w, got) for w in wanted):
            return f"value {wanted} not in {got[:8]} ({how})"
    for group in case.get("include", []):
        if not any(fold(frag) in n for frag in group for n in names):
            return f"missing {group}; got {[a['name'] for a in result['answers']][:8]} ({how})"
    if case.get("path"):
        paths = result.get("paths") or []
        if not paths:
            return "no paths"
        ids = list(result["interpretation"]["entities"])
        for p in paths:
            if p[0] != ids[0] or p[-1] != ids[1]:
                return f"path {p} does not run from {ids[0]} to {ids[1]}"
    excludes = [f for item in case.get("exclude", [])
                for f in (item if isinstance(item, list) else [item])]
    for frag in excludes:
        if any(fold(frag) in n for n in names):
            return f"unexpected answer matching {frag!r} ({how})"
    return None


def load_cases(paths: list[str]) -> list[dict]:
    cases: list[dict] = []
    for f in paths:
        cases += yaml.safe_load(Path(f).read_text(encoding="utf-8"))
    return cases


def score(kg: Any, cases: list[dict]) -> tuple[Counter, Counter, list[tuple[dict, str]]]:
    """(right by kind, total by kind, failures)."""
    right: Counter = Counter()
    total: Counter = Counter()
    failures = []
    for case in cases:
        kind = case.get("kind", "-")
        total[kind] += 1
        why = check(kg, case)
        if why:
            failures.append((case, why))
        else:
            right[kind] += 1
    return right, total, failures


def main(argv: list[str]) -> int:
    from kgraph.api import load_graph
    files = [a for a in argv if not a.startswith("-")]
    quiet = "-q" in argv
    kg = load_graph()
    right, total, failures = score(kg, load_cases(files))
    if not quiet:
        for case, why in failures:
            print(f"FAIL [{case.get('kind', '-')}] {case['q']!r}: {why}")
    if "--kinds" in argv:
        for kind in sorted(total):
            print(f"  {kind:18} {right[kind]:3}/{total[kind]:<3}")
    n = sum(total.values())
    print(f"{n - len(failures)}/{n} answered ({100 * (n - len(failures)) / max(n, 1):.0f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
