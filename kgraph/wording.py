"""The words of validation messages: what kind of value was found ("an integer"), a type
with its article, a list of types joined with "or", and a partial date's first or last day
for comparing periods."""

from __future__ import annotations

from typing import Any


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if value is None:
        return "empty"
    return "text"


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _or(types: list[str]) -> str:
    named = [f"{_article(t)} {t}" for t in types]
    return ", ".join(named[:-1]) + " or " + named[-1] if len(named) > 1 else named[0]


def _date_key(iso: str, upper: bool = False) -> tuple[int, int, int]:
    parts = [int(p) for p in iso.split("-")]
    if upper:
        return (parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else 31)
    return (parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
