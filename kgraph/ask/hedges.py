"""What a question says about itself rather than about the graph: "if the sources name
her", "as far as the DOJ release records", "(I believe she was at the working group)",
"For the committee's note:", "if any", "organisationally speaking".

A question is cut into its parts at brackets and at the commas, colons, semicolons and
dashes between clauses. A part other than the one with the question word is a hedge when
- it speaks of the asker ("I mean ...", "I assume", "for my note"), or
- it opens a condition or a comparison ("if", "as", "according to", "per", "going by",
  "for", "in") and speaks of the record: a word for a document or a source ("the sources",
  "the DOJ release", "the record") or a verb of saying one ("says", "states", "names",
  "describes", "reported"), or
- it is a short condition with nothing in it ("if any", "if so", "if known"), or a manner
  of speaking ("strictly speaking").
A hedge narrows nothing and is taken out before plans are made; the answer says so. So is a
description in brackets ("Where was the first working group held *(the one sponsored by
OPDAT Colombia)*?"), said in passing. When it
names documents ("as the State Department describes it"), the answers are kept to those
quoted from them, as with "according to" (see :mod:`kgraph.ask.provenance`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kgraph.ask.provenance import DOCUMENT_NOUNS, Provenance, named_sources

if TYPE_CHECKING:
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

# the asker speaking of themselves
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "our", "ours", "ourselves"})
# what a condition or a comparison about the record opens with
OPENERS = frozenset({"if", "as", "according", "per", "going", "judging", "based", "for",
                     "in", "from", "so", "where", "whether", "assuming", "provided"})
# words for the record itself, besides those for one document
RECORD = frozenset({"sources", "records", "record", "documents", "data", "dataset", "graph",
                    "files", "file", "note", "notes", "documentation", "literature",
                    "evidence", "reports", "articles", "releases", "papers", "paper",
                    "material", "materials", "texts", "memo"})
# verbs that say what a record says
SAYING = frozenset({"say", "says", "said", "state", "states", "stated", "name", "names",
                    "named", "give", "gives", "given", "describe", "describes", "described",
                    "mention", "mentions", "mentioned", "report", "reports", "reported",
                    "record", "records", "recorded", "show", "shows", "shown", "indicate",
                    "indicates", "indicated", "tell", "tells", "told", "list", "lists",
                    "listed", "identify", "identifies", "identified", "put", "puts",
                    "know", "known", "specify", "specifies", "specified", "document",
                    "documented", "note", "notes", "noted", "go", "goes", "suggest",
                    "suggests", "claim", "claims", "claimed", "has", "have"})
# the few words a condition with nothing in it has ("if any", "if so", "if at all")
EMPTY = frozenset({"any", "so", "known", "at", "all", "ever", "anyone", "anything",
                   "applicable", "possible", "relevant", "available", "not", "there",
                   "recorded", "stated", "given", "named"})
_SEPARATORS = ",;:\u2013\u2014"
# how the answer is wanted: "by name", "by country", "in brief", "roughly"
_ANSWERED_BY = frozenset({"name", "names", "country", "countries", "title", "titles", "type",
                          "date", "year"})
_MANNER = frozenset({"in", "full", "brief", "short", "roughly", "approximately", "briefly",
                     "exactly", "precisely", "specifically", "please", "again", "quickly",
                     "concretely"})


@dataclass
class Hedges:
    """The parts of a question that speak of the record or the asker."""

    texts: list[str] = field(default_factory=list)
    record: list[str] = field(default_factory=list)  # (the parts about the record)
    # a description in brackets: said in passing
    passing: list[str] = field(default_factory=list)


def hedges(question: str) -> tuple[str, Hedges]:
    """The question without its hedges (parsed again: a name never runs into a hedge), and
    the hedges; the question as typed when it has none, or would be nothing but them."""
    from kgraph.ask.words import IMPERATIVES, QUESTION_WORDS, tokenize

    tokens = tokenize(question)
    parts = _parts(question, tokens)
    main = next((k for k, (part, bracketed) in enumerate(parts) if not bracketed and (
        any(tokens[i].norm in QUESTION_WORDS for i in part)
        or tokens[part[0]].norm in IMPERATIVES)), None)
    found = Hedges()
    cuts: list[tuple[int, int]] = []
    for k, (part, bracketed) in enumerate(parts):
        if k == main or any(tokens[i].quoted for i in part):
            continue
        words = [tokens[i].norm for i in part]
        # ("held (the one sponsored by OPDAT Colombia)", "(i.e. ...)": a description)
        about = "passing" if bracketed and _describing(words) else _kind(words)
        if about is None:
            continue
        lo, hi = tokens[part[0]].start, max(tokens[i].end for i in part)
        if hi <= lo:  # (the words of one hyphenated word, "org-wise", hold no span)
            hi = lo + len(question[lo:].split(None, 1)[0].rstrip("?.!,;:"))
        (found.passing if about == "passing" else found.texts).append(question[lo:hi])
        if about == "record":
            found.record.append(question[lo:hi])
        if bracketed:  # (the brackets go with it)
            lo = question.rfind("(", 0, lo) if "(" in question[:lo] else lo
            close = min((j for j in (question.find(")", hi), question.find("]", hi)) if j >= 0),
                        default=hi - 1)
            hi = close + 1
        elif part[0] == 0 or k == 0:  # (and the mark after a part that opens the question)
            nxt = part[-1] + 1
            hi = tokens[nxt].start if nxt < len(tokens) else len(question)
        else:  # (and the mark before any other; in the middle, the one after as well)
            before = tokens[part[0] - 1].end
            lo = before + _mark(question[before:lo])
            nxt = part[-1] + 1
            # (unless it stands between a phrase put first and the question: its mark stays)
            fronted = main is not None and k < main and k - 1 != main
            if nxt < len(tokens) and not fronted and any(
                    ch in _SEPARATORS for ch in question[hi:tokens[nxt].start]):
                hi = tokens[nxt].start
        cuts.append((lo, hi))
    frame = sorted(_frame(tokens))
    for k, i in enumerate(frame):
        if k and frame[k - 1] == i - 1:  # ("said to be": one frame)
            found.texts[-1] += " " + tokens[i].text
        else:
            found.texts.append(tokens[i].text)
        cuts.append((tokens[i].start, tokens[i].end))
    if not cuts:
        return question, Hedges()
    out, at = [], 0
    for lo, hi in sorted(cuts):
        out.append(question[at:max(lo, at)])
        at = max(at, hi)
    out.append(question[at:])
    reduced = " ".join(" ".join(out).split())
    reduced = reduced.replace(" ?", "?").replace(" ,", ",").strip(" ,;:")
    if not any(t.norm not in FIRST_PERSON for t in tokenize(reduced)):
        return question, Hedges()
    return reduced, found


def _mark(gap: str) -> int:
    """Where in the gap before a part the mark that sets it off stands (or its end)."""
    at = max(gap.rfind(ch) for ch in _SEPARATORS + "-")
    return at if at >= 0 else len(gap)


# verbs of a frame that reports a claim rather than making it ("are said to be represented")
_FRAMING = frozenset({"said", "reported", "believed", "thought", "known", "alleged",
                      "understood", "claimed", "described", "considered", "estimated",
                      "rumoured", "supposed", "assumed", "presumed", "expected"})
_ADVERBS = frozenset({"reportedly", "allegedly", "supposedly", "apparently", "purportedly",
                      "ostensibly", "seemingly", "evidently"})


def _frame(tokens: list[Token]) -> set[int]:
    """The tokens of a frame that reports the question's claim: "is said to (be)", "are
    reported to (have)", "reportedly" (what is reported is asked, not who reports it)."""
    from kgraph.ask.words import COPULAS

    out: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.norm in _ADVERBS:
            out.add(i)
        elif tok.norm in _FRAMING and i and tokens[i - 1].norm in COPULAS \
                and i + 2 < len(tokens) and tokens[i + 1].norm == "to":
            out |= {i, i + 1}
            if tokens[i + 2].norm == "be" and i + 3 < len(tokens):
                out.add(i + 2)  # ("are said to be represented": are represented)
            elif tokens[i + 2].norm == "have" and i + 3 < len(tokens):
                out |= {i - 1, i + 2}  # ("is said to have met": met)
    return out


def _kind(words: list[str]) -> str | None:
    """"asker", "record" or "empty" for a hedge's words; None for a part that is not one."""
    while words and words[0] in ("and", "but", "or", "that", "though", "although"):
        words = words[1:]
    if not words:
        return None
    if set(words) & FIRST_PERSON:
        return "asker"
    opener = words[0]
    if opener in OPENERS and (set(words[1:]) & (RECORD | DOCUMENT_NOUNS)
                              or opener != "in" and set(words[1:]) & SAYING
                              and opener not in ("for", "from")):
        return "record"
    cond = next((k for k, w in enumerate(words) if w in ("if", "unless", "where", "as")), None)
    if cond and set(words[cond + 1:]) & RECORD and set(words[cond + 1:]) & SAYING:
        return "record"  # ("by country, if the sources do not name them")
    if opener in ("if", "where", "whether") and len(words) <= 3 and set(words[1:]) <= EMPTY:
        return "empty"
    if len(words) == 2 and words[1] in ("speaking", "wise"):
        return "empty"  # ("strictly speaking", "org-wise": a manner of speaking)
    if len(words) <= 2 and (words[0] == "by" and words[-1] in _ANSWERED_BY
                            or set(words) <= _MANNER):
        return "empty"  # ("By name, who ...", "in brief", "roughly"): how to answer
    return None


# what a description in brackets opens with ("(the one sponsored by ...)", "(i.e. ...)")
_DESCRIBING = (("the", "one"), ("the", "ones"), ("i", "e"), ("ie",), ("that", "is"),
               ("namely",), ("which",), ("who",), ("whose",), ("that",), ("incl",),
               ("including",), ("e", "g"), ("eg",), ("among", "them"), ("such", "as"))


# what a bracketed question the asker sets aside opens with ("(not where it originated)")
_CONTRASTING = (("not",), ("rather", "than"), ("as", "opposed", "to"), ("instead", "of"))


def _describing(words: list[str]) -> bool:
    """Whether a bracketed part is a description of something named before it, or a
    question set aside ("where is it based (not where it originated)": which question is
    asked, not which answers)."""
    from kgraph.ask.words import QUESTION_WORDS

    for lead in _CONTRASTING:
        if tuple(words[:len(lead)]) == lead and len(words) > len(lead) \
                and words[len(lead)] in QUESTION_WORDS:
            return True
    return len(words) >= 3 and any(tuple(words[:len(d)]) == d for d in _DESCRIBING) \
        and not set(words[2:]) & QUESTION_WORDS


def _parts(question: str, tokens: list[Token]) -> list[tuple[list[int], bool]]:
    """The question's tokens in parts: each bracketed run, and the runs between the marks
    that set clauses apart outside brackets (with whether the part is bracketed)."""
    parts: list[tuple[list[int], bool]] = []
    outer: list[int] = []
    inner: list[int] = []
    depth = 0
    for i, tok in enumerate(tokens):
        gap = question[tokens[i - 1].end if i else 0:tok.start]
        for ch in gap:
            if ch == "(" or ch == "[":
                depth += 1
                if depth == 1 and inner:
                    parts.append((inner, True))
                    inner = []
            elif (ch == ")" or ch == "]") and depth:
                depth -= 1
                if not depth and inner:
                    parts.append((inner, True))
                    inner = []
            elif not depth and (ch in _SEPARATORS or ch == "-" and " - " in gap) and outer:
                parts.append((outer, False))
                outer = []
        (inner if depth else outer).append(i)
    for run, bracketed in ((inner, True), (outer, False)):
        if run:
            parts.append((run, bracketed))
    return parts


def sources_of(kg: KnowledgeGraph, found: Hedges) -> Provenance:
    """The documents the hedges about the record name ("as the State Department describes
    it", "if the Latin News piece says"); none for "the sources", "the record"."""
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon
    from kgraph.ask.words import FUNCTION_WORDS

    generic = RECORD | SAYING | DOCUMENT_NOUNS | OPENERS | FUNCTION_WORDS
    for text in found.record:
        tokens, phrase = parse.atoms(kg, text, lexicon(kg))
        if not any(a.kind == "entity" or a.kind in ("word", "type", "date")
                   and tokens[a.start].norm not in generic for a in phrase):
            continue
        named = named_sources(kg, tokens, [a for a in phrase if tokens[a.start].norm
                                           not in RECORD | SAYING | OPENERS],
                              by_quotes=True)
        if named:
            return Provenance(named, set(), text)
    return Provenance()
