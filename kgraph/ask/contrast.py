"""A contrast said after the question: "where is MS-13 based these days, not where it
started?", "the global figure, not the US one", "according to the report (not the
minister's quote)". It says what the asker does not mean, to be clear; the question asks
all it needs without it. It is taken out and said to be so; a "not" of the question's own
verb ("which one did not attend") is no contrast (see :mod:`kgraph.ask.negation`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kgraph.ask.naming import names_alone

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

# "(not X)", "(i.e. not X)"; ", not X" up to the end or the next comma ("not only" and "not
# just" qualify what follows: no contrast)
_CONTRAST = re.compile(r"\s*\((?:i\.?\s?e\.?,?\s+|that is,?\s+)?not\s+[^()]+\)"
                       r"|\s*[,;\u2014\u2013-]\s*(?:but\s+|and\s+)?not\s+(?!only\b|just\b|long\b)"
                       r"[^,;?()]+?(?=\s*(?:[,;?.!)]|$))", re.IGNORECASE)


def contrasted(kg: KnowledgeGraph, question: str) -> tuple[str, str] | None:
    """The question without the contrast said after it, and the note that says so; None
    when it says none (or nothing would be left). A contrast of names alone ("(not Ben
    Ortiz)") says which answers are not meant: they are set aside, as "other than" does."""
    found = list(_CONTRAST.finditer(question))
    if len(found) != 1:
        return None
    m = found[0]
    rest = (question[:m.start()] + question[m.end():]).strip()
    if len(rest.split()) < 3:
        return None
    said = m.group(0).strip(" ,;()\u2014\u2013-")
    named = said[said.lower().index("not") + 4:].strip()
    if names_alone(kg, named):
        end = len(rest.rstrip("?.! "))
        return f"{rest[:end]}, other than {named}{rest[end:]}", f"'{said}': set aside"
    return rest, f"'{said}' read as a contrast, said in passing, not checked"
