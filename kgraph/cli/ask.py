"""``kgraph ask``: a question in plain English, answered with what was understood first."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kgraph.cli import console
from kgraph.cli.options import (
    AsOfOpt,
    ClaimOpt,
    CountOpt,
    DataOpt,
    IdsOpt,
    JsonLinesOpt,
    JsonOpt,
    LimitOpt,
    NoCacheOpt,
    OffsetOpt,
    fail,
    handled,
    query_graph,
)


def ask(
    question: Annotated[list[str], typer.Argument(metavar="QUESTION",
                                                  help="A question in plain English.")],
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    count: CountOpt = False,
    ids: IdsOpt = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    jsonl: JsonLinesOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Answer a plain-English question, showing first how it was understood (--limit,
    --offset, --count, --ids, --jsonl: about its answers).

    Example: kgraph ask "what grew out of the Cartagena summit?"
    """
    from kgraph.ask import NotUnderstood, answer
    from kgraph.cli.query import listing
    from kgraph.errors import NotFound

    text = " ".join(question).strip()
    if not text:
        raise fail("ask needs a question")
    out = listing(limit, offset, count, ids, as_json, jsonl)
    as_json = as_json or jsonl  # (a question not understood is one JSON document)
    with handled():
        kg = query_graph(data, as_of, no_cache, claim)
        try:
            result = answer(kg, text, out.page, offset)
        except NotUnderstood as exc:
            if as_json:
                console.print_json({"question": text, "interpretation": None,
                                    "understood": exc.understood, "answers": [],
                                    "error": str(exc), "suggestions": exc.suggestions})
            else:
                from kgraph.cli import render

                render.not_understood(str(exc), exc.suggestions)
            raise typer.Exit(1) from None
        except NotFound as exc:
            if as_json:
                console.print_json({"question": text, "interpretation": None,
                                    "answers": [], "error": str(exc)})
                raise typer.Exit(1) from None
            raise
    if out.count or out.ids or out.stream:
        result.pop("detail", None)
        out.emit(result, lambda r: (str(a["id"]) for a in r["answers"]), lambda r: r["answers"],
                 lambda r: None)
        return
    if not sys.stdout.isatty():  # plain lines for pipes and files (and no rich to load)
        from kgraph.cli import plain

        plain.print_answer(result)
        return
    from kgraph.cli import render

    render.answer(result)
