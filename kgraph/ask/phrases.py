"""Noun phrases: a question's atoms grouped into phrases and the links between them, and
the entity set each phrase names or describes (names, a type, describing words, an
affiliation, a date, a figure, a quoted value).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kgraph.ask.parse import Atom
from kgraph.ask.plan import EntitySet
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph


@dataclass
class Phrase:
    """A noun phrase's atoms, and the preposition that introduced it (if any)."""

    atoms: list[Atom] = field(default_factory=list)
    prep: str = ""
    answer: bool = False

    @property
    def tokens(self) -> set[int]:
        return {i for a in self.atoms for i in range(a.start, a.end)}


def conjuncts(phrase: Phrase) -> list[Phrase]:
    """A phrase of described parts joined by "and" ("the summit and a session"), split;
    names alone joined by "and" stay one phrase (a set of named entities)."""
    parts: list[Phrase] = [Phrase()]
    for a in phrase.atoms:
        if a.kind == "and":
            parts.append(Phrase())
        elif a.kind != "both":
            parts[-1].atoms.append(a)
    parts = [p for p in parts if any(a.kind in ("entity", "type", "word", "end")
                                     for a in p.atoms)]
    if len(parts) < 2 or all(all(a.kind == "entity" for a in p.atoms if a.kind != "prep")
                             for p in parts):
        return [phrase]
    return parts


def set_of(phrase: Phrase, role: str, kg: KnowledgeGraph | None = None) -> EntitySet:
    """The entity set a noun phrase names or describes."""
    s = EntitySet(role=role, tokens=phrase.tokens,
                  text=" ".join(a.text for a in phrase.atoms))
    own = _said_of_itself(phrase, kg)
    if own is not None and role != "answer":
        # "the trilateral summit of attorneys general": words after "of" that the named
        # thing's own text has say what it is, not a second thing it is of
        s.role, s.groups = "named", [list(own.ids)]
        s.period = next((a.period for a in phrase.atoms if a.kind == "date"), None)
        return s
    entities = [a for a in phrase.atoms if a.kind == "entity"]
    heads = [a for a in phrase.atoms if a.kind in ("type", "end", "word")]
    end_atom = next((a for a in phrase.atoms if a.kind == "end"), None)
    for k, a in enumerate(phrase.atoms):
        nxt = phrase.atoms[k + 1] if k + 1 < len(phrase.atoms) else None
        if a.kind == "type" and nxt is not None and nxt.kind == "type" \
                and not set(a.types) & set(nxt.types):
            # "the three-country summit": a type word before the head noun describes it
            # (two words for one type are one: "principles / action points")
            for w in fold(a.text).split():
                s.words.append(w)
                s.word_tokens.setdefault(w, set()).update(range(a.start, a.end))
            s.text_words += a.text.split()
            continue
        if a.kind == "type":
            s.types += [t for t in a.types if t not in s.types]
            s.typed = True
        elif a.kind == "word":
            s.words.append(a.word)
            s.word_tokens.setdefault(a.word, set()).update(range(a.start, a.end))
        elif a.kind == "number":
            s.numbers.append(a.word)
        elif a.kind == "quote" and a.word == "described":
            s.described.append(a.text)
            s.word_tokens.setdefault(a.text, set()).update(range(a.start, a.end))
        elif a.kind == "quote":
            s.said.append(a.text)
            s.word_tokens.setdefault(a.text, set()).update(range(a.start, a.end))
        elif a.kind == "date":
            s.period = a.period
        elif a.kind == "or":
            s.all_of = False
        if a.kind in ("entity", "type", "word", "end", "number"):
            s.text_words += a.text.split()
    if not heads and entities and role != "answer":
        s.role = "named"
        # "the Justice Department's Criminal Division": the possessor qualifies the name
        kept = [a for k, a in enumerate(entities)
                if not (a.possessive and k + 1 < len(entities))]
        of = next((a for a in phrase.atoms if a.kind == "prep"), None)
        if of is not None and of.word != "from" and any(a.start < of.start for a in kept):
            # (not "from": "the working group from Colombia" says who, not which one)
            # "the National Drug Trafficking Unit of Colombia's FGN", "the working group in
            # Cartagena": what follows the preposition says which one; it is the one named
            s.qualifiers = [n for a in kept if a.start > of.start for n in a.ids]
            kept = [a for a in kept if a.start < of.start]
        s.groups = [list(a.ids) for a in kept]
        return s
    if end_atom is not None and entities:
        # "the participants of X", "X's head": the end of a relation at X
        rtype, end = end_atom.ends[0]
        other = EntitySet(role="named", groups=[list(a.ids) for a in entities],
                          tokens={i for a in entities for i in range(a.start, a.end)},
                          text=" ".join(a.text for a in entities))
        s.end_of = (rtype, end, other)
        return s
    if end_atom is not None and kg is not None and not s.types:
        # "officials", "participants": whatever can be at that end of the relation
        for rtype, end in end_atom.ends:
            rt = kg.schema.relation_types.get(rtype)
            if rt is not None:
                s.types += [t for t in (rt.source if end == "source" else rt.target)
                            if t not in s.types]
    if entities:
        # names in a list ("of El Salvador, Guatemala and Honduras", "Sessions and the
        # attorneys general of ...") are any of them; a name after a preposition with no
        # "and" before it ("Southland officials in Hill Town") is another condition
        groups: list[set[str]] = [set()]
        joined = False
        for a in phrase.atoms:
            if a.kind == "and":
                joined = True
            elif a.kind == "prep" and groups[-1] and not joined:
                groups.append(set())
            elif a.kind == "entity":
                groups[-1].update(a.ids)
        s.affiliations = [sorted(g) for g in groups if g]
        of = next((a for a in phrase.atoms if a.kind == "prep" and a.word == "of"), None)
        # "the divisions of X", "X's components", "Criminal Division components": X's
        plural = bool(heads) and heads[-1].kind == "type" and heads[-1].text.endswith("s")
        s.of_named = bool(heads) and (
            of is not None and heads[0].start < of.start < entities[0].start
            or plural and entities[0].start < heads[-1].start)
    return s


INNER_PREPS = frozenset({"of", "for", "from", "in", "at", "on", "to", "with"})


def _said_of_itself(phrase: Phrase, kg: KnowledgeGraph | None) -> Atom | None:
    """The name of ``phrase`` when the phrase is a name, "of", and plain words that name's
    own text (its name, aliases, description) has every one of ("the Cartagena summit of
    attorneys general"); else None."""
    from kgraph.ask.words import same_word

    atoms = [a for a in phrase.atoms if a.kind not in ("filler", "date")]
    if kg is None or len(atoms) < 3 or atoms[0].kind != "entity" or len(atoms[0].ids) != 1 \
            or atoms[1].kind != "prep" or atoms[1].word != "of" \
            or not all(a.kind == "word" and not a.capital for a in atoms[2:]):
        return None
    attrs = kg.graph.nodes.get(atoms[0].ids[0])
    if attrs is None:
        return None
    own = fold(" ".join(str(x) for x in (attrs.get("name", ""), *attrs.get("aliases", []),
                                         attrs.get("description", "")))).split()
    words = [w for a in atoms[2:] for w in fold(a.text).split()]
    return atoms[0] if all(any(same_word(w, x) for x in own) for w in words) else None


def passive(atoms: list[Atom]) -> list[Atom]:
    """A relation after a copula with 'by' before its phrase ("was convened jointly by A
    and B") is read backwards, as its passive form is."""
    out = list(atoms)
    for k, a in enumerate(out):
        if a.kind != "relation" or a.lemma.startswith("be ") or a.lemma.endswith(" by"):
            continue
        before = [b for b in out[:k] if b.kind != "filler"]
        after = [b for b in out[k + 1:] if b.kind not in ("filler",)]
        if before and before[-1].kind == "copula" and after and after[0].kind == "prep" \
                and after[0].word == "by":
            # (the 'by' is the passive's: it joins the relation, not a second link)
            out[k] = replace(a, senses=[(r, not fwd) for r, fwd in a.senses],
                             end=after[0].end, text=f"{a.text} by")
            out = [b for b in out if b is not after[0]]
            break
    return out


def phrases(atoms: list[Atom], inline: bool = False, merge: bool = False
             ) -> tuple[list[Phrase | Atom], bool]:
    """Noun phrases and the links between them (relation atoms, prepositions), in order;
    and whether a negation was seen. ``inline``: the first question word starts the answer
    phrase (else a question word after a phrase is a relative marker: "the operation
    under which ..."). ``merge``: prepositions inside a noun phrase ("the U.S. Attorney
    for the Middle District of Florida") keep it one phrase."""
    out: list[Phrase | Atom] = []
    current = Phrase()
    negated = False
    pending_date: Atom | None = None

    def flush() -> None:
        nonlocal current
        if current.atoms and any(a.kind in ("entity", "type", "end", "word", "number", "quote")
                                 for a in current.atoms):
            out.append(current)
        elif current.atoms:  # a phrase of a date alone modifies what is around it
            for a in current.atoms:
                if a.kind == "date":
                    out.append(a)
        current = Phrase()

    for k, a in enumerate(atoms):
        if a.kind == "relation" and len(out) >= 2 and not current.atoms \
                and isinstance(out[-1], Atom) and out[-1].kind in ("or", "and") \
                and isinstance(out[-2], Atom) and out[-2].kind == "relation":
            # "arrested or charged": one link with the senses of both
            out.pop()
            both = out.pop()
            assert isinstance(both, Atom)
            out.append(replace(both, senses=both.senses + [s for s in a.senses
                                                           if s not in both.senses],
                               text=f"{both.text} {a.text}", end=a.end))
        elif a.kind == "relation":
            flush()
            out.append(a)
        elif a.kind == "prep":
            nxt = next((b for b in atoms[k + 1:] if b.kind not in ("filler",)), None)
            described_after = nxt is not None and nxt.kind == "type" and any(
                b.kind == "quote" and b.word == "described" for b in atoms[k + 1:])
            if current.atoms and not described_after and (
                    a.word == "of" or merge and a.word in INNER_PREPS
                    and nxt is not None and nxt.kind != "date"
                    and current.atoms[-1].kind != "and"):  # ("X and in Y": two phrases)
                current.atoms.append(a)
            elif nxt is not None and nxt.kind == "date" and not _before_noun(atoms, nxt):
                continue  # "in 2018": the date says it ("in the March 2017 meeting": both)
            else:
                flush()
                out.append(a)
        elif a.kind in ("rel", "copula", "aux", "filler", "imperative"):
            if a.kind == "rel" and current.atoms:
                flush()
                out.append(a)  # a relative clause starts
            continue
        elif a.kind == "not":
            negated = True
        elif a.kind in ("or", "and") and not current.atoms and out and \
                isinstance(out[-1], Atom) and out[-1].kind == "relation":
            out.append(a)  # between two relations
        elif a.kind == "wh":
            flush()
            if inline and not any(isinstance(x, Phrase) and x.answer for x in out):
                current.answer = True
            elif out and isinstance(out[-1], Atom) and out[-1].kind == "prep":
                out.pop()  # "the operation under which ...": a relative clause
                out.append(Atom("rel", a.start, a.end, a.word, word=a.word))
            elif out and isinstance(out[-1], Phrase):
                out.append(Atom("rel", a.start, a.end, a.word, word=a.word))
        elif a.kind == "date" and not current.atoms and out and not isinstance(out[-1], Phrase) \
                and not (k + 1 < len(atoms) and atoms[k + 1].start == a.end
                         and (atoms[k + 1].kind in ("type", "end", "word")
                              or atoms[k + 1].kind == "entity" and k > 0
                              and atoms[k - 1].kind == "filler"
                              and atoms[k - 1].text.lower() in ("the", "a", "an"))):
            out.append(a)  # after a link: the link's (or the next phrase's) date ("the Dec
            # 2017 trilateral summit": the summit's)
        else:
            current.atoms.append(a)
    flush()
    del pending_date
    return out, negated


def _before_noun(atoms: list[Atom], date: Atom) -> bool:
    """The date is followed by a noun of its phrase ("the December trip")."""
    k = atoms.index(date)
    return k + 1 < len(atoms) and (atoms[k + 1].kind in ("type", "end", "word", "relation")
                                   or atoms[k + 1].kind == "entity" and k > 0
                                   and atoms[k - 1].kind == "filler"
                                   and atoms[k - 1].word == "the")  # "the 2017 X summit"


def valued(p: Phrase) -> bool:
    """A quoted value and the words of its attribute alone ("the motto '...'")."""
    kinds = {a.kind for a in p.atoms}
    return "quote" in kinds and not kinds & {"entity", "type", "end"}


def describe_by(s: EntitySet, held: list[Phrase]) -> None:
    for p in held:
        t = set_of(p, "described")
        s.said += t.said
        s.described += t.described
        s.words += t.words
        s.text_words += t.text_words
        s.tokens |= t.tokens
        for w, where in t.word_tokens.items():
            s.word_tokens.setdefault(w, set()).update(where)
    held.clear()


_WH_PHRASE_PREPS = frozenset({"for", "against", "from", "with"})
_PLACE_PREPS = frozenset({"in", "at"})  # (only before a name: not "in total")


def wh_phrase(atoms: list[Atom]) -> tuple[int, int] | None:
    """(index of the question word, index just after its phrase), or None."""
    for k, a in enumerate(atoms):
        if a.kind in ("wh", "imperative"):
            j = k + 1
            if a.word == "how" and j < len(atoms) and atoms[j].word in ("many", "much"):
                j += 1
            elif a.word in ("who", "whom", "where", "when", "why", "how"):
                return k, j  # "who washes money ...": the words after are the question's
            while j < len(atoms) and atoms[j].kind in ("type", "end", "word", "entity", "quote",
                                                        "filler", "number", "and", "or") \
                    and not (atoms[j].kind == "filler" and atoms[j].word in ("did", "does")):
                if atoms[j].kind == "entity" and j == k + 1 and (
                        a.word in ("who", "what", "when", "where") or a.kind == "imperative"
                        and all(b.kind in ("filler", "punct") for b in atoms[j + 1:])):
                    break  # "what did X ...", "name the X": X is not part of the question word
                j += 1
            if k + 1 < j < len(atoms) and atoms[j].kind == "prep" and atoms[j].word == "of":
                # "which division of the Justice Department is ...": whose it is belongs
                # to the question word's phrase
                m = j + 1
                while m < len(atoms) and atoms[m].kind == "filler":
                    m += 1
                e = m + 1  # ("of Colombia's prosecution service does X head")
                while m < len(atoms) and atoms[m].kind == "entity" and atoms[m].possessive \
                        and e < len(atoms) and atoms[e].kind in ("word", "type", "end"):
                    e += 1
                if m < len(atoms) and atoms[m].kind == "entity" and (
                        e == len(atoms) or atoms[e].kind in ("copula", "aux")):
                    j = e
            elif k + 1 < j < len(atoms) and atoms[j].kind == "prep" \
                    and atoms[j].word in _WH_PHRASE_PREPS | _PLACE_PREPS:
                # "how many principles for future cooperation did X set out", "which
                # meetings in Cartagena did X attend": what the noun is for, or where, up
                # to the verb, belongs to the question word's phrase
                m = j + 1
                while m < len(atoms) and atoms[m].kind in ("word", "filler", "entity", "type"):
                    m += 1
                if m > j + 1 and m < len(atoms) and atoms[m].kind in ("copula", "aux") \
                        and atoms[m - 1].kind != "filler" and (
                            atoms[j].word in _WH_PHRASE_PREPS or atoms[m].kind == "aux"
                            and any(b.kind == "entity" for b in atoms[j + 1:m])):
                    j = m
            return k, j
    return None


OBJECT_KINDS = ("entity", "type", "word", "number")


def np_then_relation(rest: list[Atom]) -> bool:
    """After a copula: a noun phrase, then a relation ("where was X held")."""
    seen_np = whose = clause = False
    for k, a in enumerate(rest[1:]):
        if a.kind in ("entity", "type", "word", "end", "number", "quote"):
            seen_np = True
        elif seen_np and (a.kind == "wh" and a.word == "whose" or whose and a.kind == "copula"):
            whose = True  # "where is the gang whose motto is '...' based"
        elif seen_np and a.kind == "rel" and k + 2 < len(rest) and (
                rest[k + 2].kind == "relation"
                or sum(b.kind == "relation" for b in rest[k + 2:]) >= 2):
            clause = True  # "where is the office that spearheads X housed", "where was the
            # meeting that X attended held": its verb is not the question's (an object
            # clause with no verb after it, "the chief that X met", ends the question)
        elif a.kind == "relation" and clause:
            clause = False
        elif a.kind == "relation":
            after = [b for b in rest[k + 2:] if b.kind != "filler"]
            # ("what is the operation run by ICE": the relation has its object, and the
            # phrase before it is what is asked for, whole; so with a time or a place
            # after the object: "who was the official addressing X in 2021")
            return seen_np and not (after and after[0].kind in OBJECT_KINDS and all(
                b.kind in OBJECT_KINDS or b.kind in ("and", "date", "prep") for b in after))
        elif a.kind in ("filler", "and", "date", "both") or (a.kind == "prep" and a.word == "of"):
            continue
        elif a.kind == "prep" and seen_np and a.word in INNER_PREPS:
            continue  # "where is the gang with the motto '...' based"
        else:
            return False
    return False
