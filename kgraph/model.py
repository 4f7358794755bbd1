"""The records a dataset is made of, after loading and checking."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kgraph.errors import Problem
from kgraph.schema import Schema


@dataclass(slots=True)
class Evidence:
    source: str
    quote: str
    file: str = ""
    line: int = 0
    col: int = 0

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "quote": self.quote}


@dataclass(slots=True)
class Source:
    id: str
    title: str
    publisher: str | None = None
    date: str | None = None
    file: str | None = None
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    where: tuple[str, int, int] = ("", 0, 0)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "title": self.title}
        for key in ("publisher", "date", "file", "url"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        out.update(self.extra)
        return out


@dataclass(slots=True)
class Entity:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    date: str | None = None
    start: str | None = None
    end: str | None = None
    inferred: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    notes: str | None = None
    where: tuple[str, int, int] = ("", 0, 0)
    claim: str = "stated"  # stated, attributed (to attributed_to) or inferred (see inferred)
    attributed_to: tuple[str, ...] = ()  # entity ids
    figures: tuple[dict[str, Any], ...] = ()  # see kgraph.figures


@dataclass(slots=True)
class Relation:
    source: str  # entity id the relation goes from
    type: str
    target: str  # entity id the relation goes to
    evidence: list[Evidence] = field(default_factory=list)
    date: str | None = None
    start: str | None = None
    end: str | None = None
    inferred: dict[str, str] = field(default_factory=dict)
    description: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    notes: str | None = None
    where: tuple[str, int, int] = ("", 0, 0)
    claim: str = "stated"
    attributed_to: tuple[str, ...] = ()


@dataclass
class Dataset:
    schema: Schema
    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # every piece of evidence read, also of records rejected for other reasons: what
    # `validate --sources` looks for in the documents
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
