"""Two questions asked in one, the second after a comma: "where did it take shape, which
meeting it came from?", "who did Videgaray meet, and what positions they have?". The first
that reads whole is answered (the first, then the second), the other told as asked and not
answered here: when the question read as typed finds nothing, or only a text match. A
topic set off before both by a dash or a colon is the topic of each
("Regional Shield - where did it come from, at which meeting did it take shape?")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kgraph.ask.topic import SPLIT, WH, WH_AHEAD, first_whole

if TYPE_CHECKING:
    from kgraph.ask.candidate import Reader

# a comma (and "and"), then a question word, after a preposition it may be
_SECOND = re.compile(r",\s+(?:and\s+)?" + WH_AHEAD, re.IGNORECASE)


def questions(question: str) -> tuple[str, str] | None:
    """The two questions ``question`` asks, each whole, or None when it asks one (no
    comma before a second question word, or no question word before the last such
    comma)."""
    text = question.strip()
    cuts = list(SPLIT.finditer(text))
    head = text[:cuts[-1].end()] if cuts else ""
    body = text[len(head):]
    found = list(_SECOND.finditer(body))
    if not found:
        return None
    # (the last: "in May, who did he meet, and where?" asks who, then where)
    first, second = body[:found[-1].start()].strip(), body[found[-1].end():].strip()
    if not WH.match(first.rsplit(",", 1)[-1].strip()) or len(second.split()) < 3 \
            or "," in second:  # (", which X attended, held?": an aside, not a question)
        return None  # (a phrase before a question is none: "Within the department in
        # which X serves, which bureau ...?")
    return f"{head}{first}?", f"{head}{second.rstrip('?')}?"


def answered(question: str, read: Reader, unread: tuple[type[Exception], ...]
             ) -> tuple[dict[str, Any], list[str]] | None:
    """``question`` answered by the first of its two questions that reads whole, with a
    note saying which and what else it asks; None when it asks one, or neither reads
    whole (no text match, nothing partial or left out)."""
    pair = questions(question)
    if pair is None:
        return None
    note = "read as: '{}' (two questions in one; also asked, not answered here: '{}')"
    readings = ((asked, note.format(asked, other)) for asked, other in (pair, pair[::-1]))
    return first_whole(question, readings, read, unread)
