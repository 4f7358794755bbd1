"""Every question of every set in tests/questions/ gets an answer or one of the two
documented refusals from the library (NotFound, NotUnderstood): never another exception.
The sets are the widest body of real wording there is; a fault in a new reading shows here
first."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from kgraph.api import KnowledgeGraph, load_graph
from kgraph.ask import NotUnderstood, answer
from kgraph.errors import NotFound

SETS = sorted((Path(__file__).parent / "questions").glob("*.yaml"))


@cache
def _bundled() -> KnowledgeGraph:
    return load_graph(None)


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_every_question_is_answered_or_refused_as_documented(path: Path) -> None:
    cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    questions = [c["q"] for c in cases if isinstance(c, dict) and c.get("q")]
    assert questions, f"{path.name} has no questions"
    kg = _bundled()
    faults = []
    for question in questions:
        try:
            result = answer(kg, question)
        except (NotFound, NotUnderstood):
            continue
        except Exception as exc:  # noqa: BLE001 - any other is a fault, collected to report
            faults.append(f"{question!r}: {type(exc).__name__}: {exc}")
            continue
        assert "interpretation" in result and "answers" in result
    assert not faults, "\n".join(faults)
