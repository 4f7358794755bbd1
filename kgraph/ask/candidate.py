"""One meaning of a question, run: its plan, its answers and how well it fits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kgraph.ask.plan import Plan

# what reads a question's text: its result, and the ids of the answers beyond those given
Reader = Callable[[str], tuple[dict[str, Any], list[str]]]


@dataclass
class Candidate:
    plan: Plan
    answers: list[dict[str, Any]]
    used: set[int]
    score: float = 0.0
    value: Any = None
    paths: list[list[str]] | None = None
    detail: dict[str, Any] | None = None
    text: str = ""
    match: str = ""  # "text" for a full-text match
    notes: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    resolved: dict[int, list[str]] = field(default_factory=dict)  # described sets -> ids
    relaxed: bool = False  # a relation word was read as any relation
    untyped: bool = False  # answers of any type, none of the type asked for being found
    # read without a part of the question (a clause of time no date is known for, a phrase
    # put before it): its tokens, and why
    cut: set[int] = field(default_factory=set)
    cut_reason: str = ""
    any_relation: bool = False  # nothing fitted the relation's words: any relation taken
    partial: str = ""  # why this is a partial answer
    more: list[str] = field(default_factory=list)  # answers beyond those built (ids)
