"""The question's verbs, found once its names and phrases are: "earlier that year" is a
time, not a relative clause; a verb and its preposition go together across the words
between ("met earlier that year with"); and a word where only a verb can stand is a
relation phrase the lexicon does not list ("who took the podium at")."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kgraph.ask.atom import Atom
from kgraph.ask.words import AROUND, CONNECTION, HAPPEN, Token

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon

PARTICLES = frozenset({"up", "off", "out", "down", "over", "away", "back", "along"})
TIME_WORDS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days",
                        "time", "times"})  # ("that year": a determiner, not a relative)
OBJECT_WORDS = frozenset({"the", "a", "an"})


def _noun(lex: Lexicon, word: str) -> bool:
    """A word the dataset's vocabulary has as a noun: a type word or a relation end's."""
    lemma = lex.lemma(word)
    return any((w,) in table for w in (word, lemma) for table in (lex.types, lex.ends))


def verbs(tokens: list[Token], found: list[Atom], lex: Lexicon) -> list[Atom]:
    """The verbs of the question, found last: times that are no relative clause, a verb
    and its preposition with words between, and verbs the lexicon does not list."""
    return _unlisted_verbs(tokens, _verbs_with_objects(tokens, _separated(
        tokens, _verbs_with_prepositions(_that_time(found), lex), lex), lex), lex)


def _separated(tokens: list[Token], found: list[Atom], lex: Lexicon) -> list[Atom]:
    """A phrasal verb the lexicon lists with its particle, said with its object between
    ("got *the working group* off the ground", "set *the task force* up"): the verb is
    that relation, and the particle's words are part of it, not words of their own."""
    out = list(found)
    for k in range(len(out) - 2, -1, -1):
        a = out[k]
        if a.kind not in ("word", "relation", "filler") or a.end - a.start != 1:
            continue  # (and "got", a filler where it is no verb of its own)
        lemma = lex.lemma(tokens[a.start].norm)
        tails = [key for key in lex.relations if len(key) > 1 and key[0] == lemma
                 and key[1] in PARTICLES]
        if not tails:
            continue
        j = k + 1
        while j < len(out) and j - k <= 6 and out[j].kind in OBJECT_KINDS:
            j += 1
            if j == len(out):
                break  # (no words left for the particle)
            at = out[j].start
            words = [lex.lemma(t.norm) for t in tokens[at:]]
            words_raw = [t.norm for t in tokens[at:]]
            key = max((key for key in tails
                       if key[1:] in (tuple(words[:len(key) - 1]),
                                      tuple(words_raw[:len(key) - 1]))),
                      key=len, default=None)
            if key is None:
                continue
            end = at + len(key) - 1
            if any(b.start < end and b.end > end for b in out[j:]):
                continue  # (the phrase's last word is part of a longer name: not it)
            rest = [b for b in out[j:] if b.start >= end]
            out[k:] = [replace(a, kind="relation", senses=list(lex.relations[key]),
                               text=" ".join(key), lemma=" ".join(key)), *out[k + 1:j], *rest]
            break
    return out


def _that_time(found: list[Atom]) -> list[Atom]:
    """"earlier that year", "later that month": a time said of the clause, not a relative
    clause (the period itself is left to the other dates of the question)."""
    out = list(found)
    for k in range(len(out) - 1):
        if (out[k].kind == "rel" and out[k].word == "that" or out[k].kind == "filler"
                and out[k].word in ("these", "those")) and out[k + 1].kind == "word" \
                and out[k + 1].word in TIME_WORDS:
            # (and "these days": now, which is no date the data has)
            out[k] = replace(out[k], kind="filler")
            out[k + 1] = replace(out[k + 1], kind="filler")
    return out


def _verbs_with_prepositions(found: list[Atom], lex: Lexicon) -> list[Atom]:
    """"met earlier that year with": words between a verb and its preposition are skipped
    when the two make a relation phrase of the lexicon."""
    out = list(found)
    for k in range(len(out) - 1, -1, -1):
        a = out[k]
        if not (a.kind == "relation" and a.senses or a.kind == "word" and not a.capital):
            continue
        j = k + 1
        while j < len(out) and (out[j].kind == "filler" or out[j].kind == "both"):
            j += 1  # (and "was present both at X and at Y": the verb's, the "both" kept)
        if j > k + 1 and j < len(out) and out[j].kind == "prep":
            longer = lex.relations.get((*(a.lemma or a.word).split(), out[j].word))
            if longer:
                marks = [b for b in out[k + 1:j] if b.kind == "both"]
                out[k:j + 1] = [Atom("relation", a.start, out[j].end,
                                     f"{a.text} {out[j].word}", lemma=a.lemma or a.word,
                                     senses=list(longer)), *marks]
    return out


def _verbs_with_objects(tokens: list[Token], found: list[Atom], lex: Lexicon) -> list[Atom]:
    """"sent Assistant U.S. Attorneys to": a verb, any object, and a preposition are the
    relation its listed phrases of that form have ("sent representatives to", "sent
    officials to"): the object the question names in their place says who went."""
    out = list(found)
    for k in range(len(out) - 2, -1, -1):
        a = out[k]
        if a.kind not in ("word", "relation") or a.end - a.start != 1:
            continue
        lemma = lex.lemma(tokens[a.start].norm)
        # (only where the listed phrases vary the object and mean one relation: "give rise
        # to" and "give power to" are idioms of their own)
        middles: dict[str, set[str]] = {}
        meanings: dict[str, set[tuple[tuple[str, bool], ...]]] = {}
        for key, senses in lex.relations.items():
            if len(key) == 3 and key[0] == lemma:
                middles.setdefault(key[-1], set()).add(key[1])
                meanings.setdefault(key[-1], set()).add(tuple(sorted(senses)))
        forms = {prep: list(next(iter(meanings[prep]))) for prep, objects in middles.items()
                 if len(objects) > 1 and len(meanings[prep]) == 1}
        if not forms:
            continue
        j = k + 1
        while j < len(out) and j - k <= 6 and out[j].kind in OBJECT_KINDS:
            j += 1
        if j == k + 1 or j >= len(out) or out[j].kind != "prep" or out[j].word not in forms:
            continue
        text = " ".join(t.norm for t in tokens[a.start:out[j].end])
        out[k:j + 1] = [Atom("relation", a.start, out[j].end, text, lemma=text,
                             senses=list(dict.fromkeys(forms[out[j].word])))]
    return out


OBJECT_KINDS = ("word", "type", "filler", "entity", "end", "number")


def _unlisted_verbs(tokens: list[Token], found: list[Atom], lex: Lexicon) -> list[Atom]:
    """A word where only a verb can stand ("Who *took* the podium at X", "the office that
    *organizes* X") is a relation phrase the lexicon does not list: with its particle, its
    preposition, and an object noun between ("took the podium at"), it is read as any
    relation (and said to be so), not as words describing something."""
    out = list(found)
    k = 0
    while k < len(out) - 1:
        a, before, after = out[k], out[k - 1] if k else None, out[k + 1]
        if before is not None and before.kind == "copula" and k > 1 \
                and out[k - 2].kind == "rel" and after.kind == "prep":
            before = out[k - 2]  # "the task force that was hatched at X": a passive
        elif before is not None and before.kind == "copula" and k > 2 \
                and a.word.endswith(("ed", "en")) \
                and (after.kind == "prep" or tokens[after.start].norm in PARTICLES) \
                and all(b.kind in ("type", "word", "filler") for b in out[1:k - 1]) \
                and out[0].kind == "wh":
            before = out[0]  # "which criminal group is summed up by ...": a passive,
            # asked of the question word's phrase
        rest = [b for b in out[k + 1:] if b.kind not in ("filler", "punct")]
        subject = before is not None and (
            before.kind == "wh" and before.word in ("who", "what", "which")
            and before.start == 0 and (before.word != "which" or k > 2)
            or before.kind == "rel" and before.word in ("that", "who", "which")
            # "which directive is X rooted in?": a participle stranded with its preposition
            or len(rest) == 1 and rest[0].kind == "prep" and a.word.endswith(("ed", "en"))
            and len(a.word) > 4 and any(b.kind in ("copula", "aux") for b in out[:k]))
        if not subject and a.kind == "word" and before is not None \
                and before.kind in ("entity", "type", "word") and before.end == a.start:
            m = next((i for i in range(k - 1, -1, -1) if out[i].kind not in (
                "entity", "type", "word", "filler", "end")), None)
            # "where did Videgaray travel in ...": the word after the subject of "did"
            # (not "what role did X play": the question's noun is the verb's object)
            subject = m is not None and m > 0 and out[m].kind == "aux" \
                and out[m - 1].kind == "wh" and any(
                    b.kind in ("entity", "type") for b in out[m + 1:k]) \
                and (after.kind in ("prep", "date", "punct") or tokens[after.start].norm
                     in PARTICLES) and not _noun(lex, a.word)
        if a.kind == "aux" and subject and before is not None and before.kind == "wh" \
                and k + 3 < len(out) and tokens[out[k + 1].start].norm in OBJECT_WORDS \
                and out[k + 2].kind in ("word", "relation") and out[k + 3].kind == "prep" \
                and out[k + 2].end - out[k + 2].start == 1:
            a = replace(a, kind="word")  # "who did the talking for X": "do" is the verb
        if a.kind != "word" or a.capital or not subject or a.attributes \
                or a.word in CONNECTION | AROUND | HAPPEN | TIME_WORDS \
                or before is not None and before.kind == "rel" and _noun(lex, a.word) \
                or after.kind in ("copula", "aux", "relation", "rel") \
                or before is not None and before.kind == "wh" and after.kind in (
                    "word", "type", "end") and any(b.kind == "aux" for b in out[k + 1:]):
            # ("what written outcome did X produce": the noun's describing word)
            k += 1
            continue
        end, j = a.end, k + 1
        while j < len(out) and out[j].kind in ("word", "filler", "prep") and not out[j].capital:
            word = tokens[out[j].start].norm
            if out[j].kind == "prep" or word in PARTICLES:
                end, j = out[j].end, j + 1
                if word not in PARTICLES:
                    break  # (the preposition ends it)
            elif word in OBJECT_WORDS and j + 2 < len(out) \
                    and out[j + 1].kind in ("word", "relation") \
                    and out[j + 1].end - out[j + 1].start == 1 and out[j + 2].kind == "prep":
                end, j = out[j + 2].end, j + 3  # "took the podium at"
                break
            else:
                break
        text = " ".join(t.norm for t in tokens[a.start:end])
        out[k:j] = [Atom("relation", a.start, end, text, lemma=text)]
        k += 1
    return out
