"""Claim status: whether the source states a fact, attributes it to someone, or the curator
inferred it; read from records, described for query results, and used to keep a graph to
some statuses (``--claim``).

A record's ``claim`` is ``stated`` unless it says otherwise:

* ``attributed_to: [ids]`` (with or without ``claim: attributed``): the source reports
  that these entities claim it;
* ``claim: inferred`` with ``inferred: {claim: why}``, or ``inferred`` naming ``from``,
  ``to`` or ``type`` of a relation: the curator inferred the fact itself.

In the graph every node and edge has a ``claim`` attribute, and ``attributed_to`` (entity
ids) when the claim is attributed; a graph made otherwise (without ``claim``) reads as
stated throughout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kgraph.errors import UsageError
from kgraph.text import did_you_mean

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph
    from kgraph.loader import YMap

STATED, ATTRIBUTED, INFERRED = "stated", "attributed", "inferred"
CLAIMS = (STATED, ATTRIBUTED, INFERRED)
# a relation whose end or type was inferred is an inferred fact (a date is a detail)
RELATION_CORE = ("claim", "from", "to", "type")
ENTITY_CORE = ("claim",)
# when one fact is recorded twice, the edge keeps the strongest claim
_STRENGTH = {STATED: 2, ATTRIBUTED: 1, INFERRED: 0}

Err = Callable[[str, tuple[int, int], str, str], None]


def read_claim(file: str, rec: YMap, inferred: dict[str, str], core: tuple[str, ...],
               err: Err) -> tuple[str, tuple[str, ...], list[tuple[str, tuple[int, int]]]]:
    """The claim of ``rec`` and who it is attributed to, checking the fields; also the
    attributed_to references, with their positions, for the caller to resolve."""
    if "claim" not in rec and "attributed_to" not in rec and not (
            inferred and any(k in inferred for k in core)):
        return STATED, (), []  # (most records: quickly)
    from kgraph.loader import YList

    given = rec.get("claim")
    if given is not None and given not in CLAIMS:
        err(file, rec.pos("claim"), f"'claim' must be one of {', '.join(CLAIMS)}, not "
            f"{given!r}" + (did_you_mean(given, CLAIMS) if isinstance(given, str) else ""),
            "bad-claim")
        given = None
    refs: list[tuple[str, tuple[int, int]]] = []
    raw = rec.get("attributed_to")
    if raw is not None:
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not items:
            err(file, rec.pos("attributed_to"), "'attributed_to' must be an entity id or a "
                "list of entity ids (who makes the claim)", "field-type")
        else:
            for i, ref in enumerate(items):
                pos = items.pos(i) if isinstance(items, YList) else rec.pos("attributed_to")
                if not isinstance(ref, str) or not ref:
                    err(file, pos, "each of 'attributed_to' must be an entity id", "field-type")
                    continue
                refs.append((ref, pos))
    if given is not None:
        given = CLAIMS[CLAIMS.index(given)]  # (one string object per status, however many)
    why_core = [k for k in core if k in inferred]
    claim = given or (ATTRIBUTED if raw is not None else INFERRED if why_core else STATED)
    if claim == ATTRIBUTED and raw is None:
        err(file, rec.pos("claim"), "'claim: attributed' needs 'attributed_to': the id of "
            "whoever makes the claim", "claim-fields")
    if raw is not None and claim != ATTRIBUTED:
        err(file, rec.pos("attributed_to"), f"'attributed_to' goes with 'claim: attributed', "
            f"not '{claim}'", "claim-fields")
    if claim == INFERRED and not why_core:
        err(file, rec.pos("claim") if "claim" in rec else rec.pos(),
            "say why the fact was inferred: add 'inferred: {claim: ...}'", "claim-fields")
    if claim == STATED and why_core and given is not None:
        err(file, rec.pos("claim"), f"'claim: stated' but 'inferred' names "
            f"'{why_core[0]}': the fact itself was inferred; write 'claim: inferred'",
            "claim-fields")
    return claim, tuple(ref for ref, _ in refs), refs


def attrs_of(claim: str, attributed_to: tuple[str, ...]) -> dict[str, Any]:
    """The graph attributes that record a claim."""
    out: dict[str, Any] = {"claim": claim}
    if attributed_to:
        out["attributed_to"] = list(attributed_to)
    return out


def merge(existing: dict[str, Any], more: dict[str, Any]) -> None:
    """The same fact recorded twice: ``existing`` keeps the stronger of the two claims
    (stated, then attributed, then inferred)."""
    have = existing.get("claim", STATED)
    new = more.get("claim", STATED)
    if _STRENGTH[new] <= _STRENGTH.get(have, 0):
        return
    existing.pop("attributed_to", None)
    existing["claim"] = new
    if more.get("attributed_to"):
        existing["attributed_to"] = list(more["attributed_to"])


def describe(kg: KnowledgeGraph, attrs: dict[str, Any]) -> dict[str, Any]:
    """``{"claim": status}``, with ``attributed_to`` as ``[{id, name}]`` when attributed
    (for query results; why an inferred fact was inferred is in its ``inferred``)."""
    out: dict[str, Any] = {"claim": attrs.get("claim", STATED)}
    if attrs.get("attributed_to"):
        nodes = kg.graph.nodes
        out["attributed_to"] = [{"id": i, "name": nodes[i].get("name", i) if i in nodes else i}
                                for i in attrs["attributed_to"]]
    return out


def check_statuses(values: Iterable[str]) -> list[str]:
    """The statuses named (``--claim``), or a usage error for one that is not."""
    out = []
    for v in values:
        if v not in CLAIMS:
            raise UsageError(f"unknown claim status '{v}' (use {', '.join(CLAIMS)})"
                             + did_you_mean(v, CLAIMS))
        out.append(v)
    return out


def keep(kg: KnowledgeGraph, statuses: Iterable[str]) -> KnowledgeGraph:
    """The graph with only the relations whose claim is one of ``statuses``, and the
    entities whose own claim is, or that such a relation links (a view: nothing is
    copied)."""
    import networkx as nx

    wanted = set(check_statuses(statuses))
    g = kg.graph
    keep_nodes = {n for n, a in g.nodes(data=True) if a.get("claim", STATED) in wanted}
    for u, v, a in g.edges(data=True):
        if a.get("claim", STATED) in wanted:
            keep_nodes.update((u, v))
    view = nx.subgraph_view(
        g, filter_node=lambda n: n in keep_nodes,
        filter_edge=lambda u, v, k: g.edges[u, v, k].get("claim", STATED) in wanted)
    return replace(kg, graph=view)
