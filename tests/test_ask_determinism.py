"""The same question gets the same answers in the same order in every run, whatever Python's
hash seed (which orders its sets): on the invented world of tests/test_ask_plans.py,
questions whose answers tie (two described alike, two dated alike)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "graphs" / "plans"
QUESTIONS = [
    "When did Ada Vance meet the ministers of justice of Westland and Eastland?",
    "what is described as an exporter?",
    "Who went to the Spring Summit?",
]
_CODE = """
import json, sys
from kgraph.api import load_graph
from kgraph.ask import answer
kg = load_graph([sys.argv[1]])
print(json.dumps([[a["id"] for a in answer(kg, q)["answers"]] for q in sys.argv[2:]]))
"""


def _answers(seed: str) -> list[list[str]]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-c", _CODE, str(FIXTURE), *QUESTIONS], env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_answers_do_not_depend_on_the_hash_seed() -> None:
    first = _answers("1")
    assert all(first)  # (each question answered)
    assert [len(a) for a in first] == [2, 2, 3]
    for seed in ("2", "3", "7"):
        assert _answers(seed) == first
