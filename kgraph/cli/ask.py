"""``kgraph ask``: a question in plain English, answered with what was understood first."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kgraph.cli import console
from kgraph.cli.options import AsOfOpt, DataOpt, JsonOpt, NoCacheOpt, fail, handled, query_graph


def ask(
    question: Annotated[list[str], typer.Argument(metavar="QUESTION",
                                                  help="A question in plain English.")],
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Answer a plain-English question, showing first how it was understood.

    Example: kgraph ask "what grew out of the Cartagena summit?"
    """
    from kgraph.ask import NotUnderstood, answer
    from kgraph.errors import NotFound

    text = " ".join(question).strip()
    if not text:
        raise fail("ask needs a question")
    with handled():
        kg = query_graph(data, as_of, no_cache)
        try:
            result = answer(kg, text)
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
    if as_json:
        result.pop("detail", None)
        console.print_json(result)
        return
    if not sys.stdout.isatty():  # plain lines for pipes and files (and no rich to load)
        from kgraph.cli import plain

        plain.print_answer(result)
        return
    from kgraph.cli import render

    render.answer(result)
