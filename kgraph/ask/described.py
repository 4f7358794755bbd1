"""What a question quotes a description of: "the country described as the world's largest
producer of cocaine", "the gang Sessions characterised as ...". The words after the verb of
describing and "as" are a description to find in the entities' own text (their
descriptions, roles and names), not names and relations to parse.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kgraph.ask.atom import Atom
from kgraph.ask.words import FUNCTION_WORDS, lemma_guess, same_word
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon
    from kgraph.ask.words import Token

# verbs that say how something is described ("described as", "characterized as")
DESCRIBING = frozenset({"describe", "characterise", "characterize", "portray", "depict",
                        "label", "brand", "dub", "see", "view", "regard", "consider", "cast",
                        "present", "paint", "acknowledge", "hail", "bill", "tout", "recognise",
                        "recognize", "style"})
# verbs of naming, that may go without "as" ("calls it the largest producer")
NAMING = frozenset({"call", "dub", "term", "brand", "label"})
# atoms a description runs over, and prepositions inside it ("producer of cocaine", "route
# into the US")
INSIDE = ("word", "filler", "entity", "type", "end", "number")
# (a relation word in it makes it a relation: "described as an outgrowth of X")
INNER = frozenset({"of", "into", "for", "in", "on", "to", "from", "across"})
MIN_SHARE = 0.6  # of a description's words an entity's own text must have
MAX_POOL = 5_000  # entities read for one description


def descriptions(tokens: list[Token], atoms: list[Atom]) -> list[Atom]:
    """``atoms`` with each "described as <words>" made one quoted description."""
    out = list(atoms)
    k = 0
    while k < len(out) - 1:
        verb, nxt = out[k], out[k + 1]
        # "the country LatinNews calls the world's largest producer": a verb of naming
        # needs no "as" before a described phrase
        naming = verb.end - verb.start == 1 and lemma_guess(tokens[verb.start].norm) in NAMING \
            and tokens[nxt.start].norm in ("the", "a", "an")
        if not naming and (verb.end - verb.start != 1 or not _describing(tokens[verb.start].norm)
                           or tokens[nxt.start].norm != "as" or nxt.end - nxt.start != 1):
            k += 1
            continue
        if naming:  # (the description begins right after the verb: an "as" in its place)
            out[k + 1:k + 1] = [replace(nxt, kind="filler", end=nxt.start)]
        j = k + 2
        while j < len(out) and (out[j].kind in INSIDE or out[j].kind == "prep"
                                and out[j].word in INNER and j + 1 < len(out)):
            j += 1
        if j < len(out) and out[j].kind == "relation" and all(
                b.kind in ("filler", "word") for b in out[k + 2:j]):
            after = j + 1  # ("described as one of the largest consumers": no name after it)
            while after < len(out) and (out[after].kind in INSIDE or out[after].kind == "prep"):
                if out[after].kind == "entity":
                    break
                after += 1
            if after < len(out) and out[after].kind == "entity" or after == j + 1 \
                    or out[j].text.split()[-1] not in INNER:
                k += 1  # (a relation with a name, or none, for its object: a relation)
                continue
            j = after
        while j > k + 2 and out[j - 1].kind in ("filler", "prep"):
            j -= 1
        if j == k + 2:
            k += 1
            continue
        text = " ".join(t.text for t in tokens[out[k + 2].start:out[j - 1].end])
        out[k:j] = [replace(verb, kind="filler"),
                    Atom("quote", out[k + 2].start, out[j - 1].end, text, word="described")]
        k += 2
    return out


def _describing(word: str) -> bool:
    """A form of a verb of describing (the guessed stem: a dictionary of English lemmas
    would take longer to load than the question takes to answer)."""
    stem = lemma_guess(word)
    return word == "seen" or any(stem in (verb, verb[:-1], verb + "l") for verb in DESCRIBING)


def described(lex: Lexicon, phrases: list[str]) -> set[str]:
    """Entities whose own text (a description, a role, a name) has most of the words of
    each of ``phrases``: the best fitting, when they have enough of them."""
    found: set[str] | None = None
    for phrase in phrases:
        words = [w for w in dict.fromkeys(fold(phrase).split()) if w not in FUNCTION_WORDS]
        if not words:
            continue
        pool: set[str] = set()
        for found_w in sorted((lex.entities_for(w) for w in words), key=len):
            if pool and len(pool) + len(found_w) > MAX_POOL:
                break  # (the rarest words first: they say the most; a common one is read
            pool |= set(found_w)  # only where the pool stays small)
        scores: dict[str, float] = {}
        for node in pool:
            best = 0.0
            for _, field in lex.fields.get(node, []):
                hit = sum(1 for w in words if any(same_word(w, x) for x in field))
                best = max(best, hit / len(words))
            if best >= MIN_SHARE:
                scores[node] = best
        top = max(scores.values(), default=0.0)
        these = {n for n, v in scores.items() if v >= top - 1e-9}
        found = these if found is None else found & these
    return found or set()
