"""From a question's atoms to the plans it can mean.

The main shape is a chain: noun phrases (entity sets) joined by relation phrases or
prepositions, one of them the answer — the phrase with the question word ("which
agencies"), moved to the end when an auxiliary follows it ("who did X meet" is "X met
whom"). A relation phrase attaches to the head of the phrase group before it ("the U.S.
Attorney for the Middle District of Florida took part in ..." is about the attorney), a
preposition to the phrase just before it. Other shapes: connection (two names and
"connected"), neighbourhood, "who is", a figure ("how many"), a period ("what happened in
2018"), and text search as the last resort. Each shape is a candidate; the caller runs them
and keeps the best.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from kgraph.ask import readings
from kgraph.ask.parse import Atom
from kgraph.ask.phrases import (
    INNER_PREPS,
    Phrase,
    conjuncts,
    describe_by,
    np_then_relation,
    passive,
    phrases,
    set_of,
    valued,
    wh_phrase,
)
from kgraph.ask.plan import WHERE_TYPES, WHO_TYPES, EntitySet, Plan, Step
from kgraph.ask.rewording import arranged, fronted_pronoun, reworded
from kgraph.ask.words import AROUND, CONNECTION, COPULAS, HAPPEN, Token

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon
    from kgraph.graph import KnowledgeGraph

TIME_NOUNS = frozenset({"date", "day", "year", "month", "time", "dates", "days", "years",
                        "months"})
PLACE_NOUNS = frozenset({"location", "venue", "place", "site", "city", "locations", "venues",
                         "places", "sites", "cities"})
STRUCTURE_WORDS = CONNECTION | AROUND | HAPPEN  # words that choose a plan's shape
NP_KINDS = ("entity", "type", "end", "word", "number", "date", "quote", "and", "both", "or")


def content_tokens(tokens: list[Token], atoms: list[Atom]) -> set[int]:
    """The question words that say something: every atom but structure and filler."""
    from kgraph.ask.words import FUNCTION_WORDS

    out: set[int] = set()
    moved = fronted_pronoun(atoms)
    for k, a in enumerate(atoms):
        if moved is not None and k == moved[1]:
            continue  # (it stands for a phrase the question says before it)
        if a.kind in ("entity", "relation", "type", "end", "date", "word", "number", "quote"):
            out.update(i for i in range(a.start, a.end)
                       if a.kind in ("entity", "quote") or tokens[i].norm not in FUNCTION_WORDS)
    return out


def _wh_types(word: str) -> list[str]:
    if word in ("who", "whom", "whose"):
        return list(WHO_TYPES)
    if word == "where":
        return list(WHERE_TYPES)
    return []


def _chain(kg: KnowledgeGraph, answer: EntitySet, gap: bool, rest: list[Atom],
           inline: bool = False, merge: bool = False, fronted: Atom | None = None,
           identity: bool = False) -> Plan | None:
    """The chain plan: ``answer`` first (or last, when ``gap``; or where its question word
    stands, when ``inline``), then the phrases of ``rest`` joined by their links."""
    items, negated = phrases(passive(rest), inline, merge)
    if negated:
        return None
    answer = replace(answer, said=list(answer.said), words=list(answer.words),
                     text_words=list(answer.text_words), tokens=set(answer.tokens),
                     word_tokens=dict(answer.word_tokens))  # (this plan's own)
    sets: list[EntitySet] = []
    steps: list[Step] = []
    answer_index: int | None = None
    group_head: int | None = None  # the phrase a relation after this group attaches to
    last_set: int | None = None
    pending: Atom | None = None  # a link waiting for the phrase on its right
    period: tuple[str, str] | None = None  # a date between a link and its phrase
    period_tokens: set[int] = set()
    period_text = ""
    relative: int | None = None  # the phrase an object relative clause is about
    held: list[Phrase] = []  # a quoted value waiting for the set it describes
    whose = False
    relative_open = False
    dangling: Atom | None = None  # a relation a preposition came after
    joined: Atom | None = None  # the last relation, which "and at Y" repeats
    joined_left: int | None = None  # and its subject
    clause_from: int | None = None  # the number of steps when the relative clause began
    if not gap and not inline:
        sets.append(answer)
        answer_index = last_set = group_head = 0
    subject_head: int | None = None  # with a gap: the subject, which the last relation is of
    for k, item in enumerate(items):
        if isinstance(item, Atom) and item.kind == "rel":
            relative, relative_open, clause_from = last_set, True, len(steps)
            whose = item.word == "whose"
            if relative is not None and any(
                    isinstance(x, Phrase) and any(a.kind == "number" for a in x.atoms)
                    for x in items[k + 1:]):
                # "the operation for which Sessions announced 267 arrests": a clause giving
                # a figure describes the phrase it is about by that figure (and whose it is)
                about = sets[relative]
                for x in items[k + 1:]:
                    if isinstance(x, Phrase):
                        about.numbers += [a.word for a in x.atoms if a.kind == "number"]
                        about.figure_of += [n for a in x.atoms if a.kind == "entity"
                                            for n in a.ids]
                        about.tokens |= x.tokens
                    else:
                        about.tokens |= set(range(x.start, x.end))
                break
            continue
        if isinstance(item, Phrase) and not item.answer and pending is not None \
                and pending.kind == "relation" and last_set is not None \
                and len(parts := conjuncts(item)) > 1:
            # "hosted both the attorneys-general summit and a TCO Working Group session":
            # the relation holds with each
            left = group_head if group_head is not None else last_set
            first = len(sets)
            for part in parts:
                sets.append(set_of(part, "described", kg))
                steps.append(_step(kg, pending, left, len(sets) - 1))
            pending, period = None, None
            group_head, last_set = first, len(sets) - 1  # (a phrase after: of the last)
            continue
        if isinstance(item, Phrase) and not item.answer and valued(item) \
                and (pending is None or pending.kind == "prep" or pending.kind == "relation"
                     and not pending.senses) \
                and (not relative_open or whose or k and last_set is not None
                     and isinstance(prev := items[k - 1], Atom) and prev.kind == "rel"):
            # ("the country that is described as '...'": right after "that", the value
            # describes what the clause is about)
            # "which gang has (goes by) the motto '...'", "the gang whose motto is '...'":
            # the value describes the set beside it
            held.append(item)
            pending = None
            if last_set is not None:
                describe_by(sets[last_set], held)
            relative_open = False
            continue
        if isinstance(item, Phrase):
            s = set_of(item, "answer" if item.answer else "described", kg)
            describe_by(s, held)
            if item.answer:
                s.types = s.types or answer.types
                s.tokens |= answer.tokens
            sets.append(s)
            idx = len(sets) - 1
            if item.answer:
                answer_index = idx
            if pending is not None and pending.kind == "prep" and pending.word == "during" \
                    and steps and not s.named:
                # "met during his trip to Washington": the occasion dates the relation
                steps[-1].during = idx
                steps[-1].tokens |= set(range(pending.start, pending.end))
                pending = None
            elif pending is not None and last_set is not None:
                relation = pending.kind == "relation"
                left = group_head if relation and group_head is not None else last_set
                if inline and relation and relative is not None and clause_from is not None \
                        and len(steps) > clause_from and not relative_open:
                    # "the office that spearheaded X sits under which division": after a
                    # whole relative clause, the next relation is of the phrase it is about
                    left, relative, clause_from = relative, None, None
                steps.append(_step(kg, pending, left, idx))
                if dangling is not None and not relation:
                    steps[-1].unjoined = list(dangling.senses)
                    steps[-1].unjoined_tokens = set(range(dangling.start, dangling.end))
                if period:
                    steps[-1].period = period
                    steps[-1].tokens |= period_tokens
                if relation:
                    group_head, joined_left = idx, left
                pending, period = None, None
            elif relative_open:
                group_head = idx  # "the summit that OPDAT ...": OPDAT is the subject
            elif identity and idx == 1 and answer_index == 0 and not steps \
                    and not answer.words and not answer.affiliations:
                # "who was the chief of staff that X met": the answer is that phrase's
                sets.pop(0)
                idx = answer_index = 0
                s.tokens |= answer.tokens
                if not s.named:
                    s.role = "answer"
                if not s.named and not s.types:
                    s.types = list(answer.types)
            elif last_set is not None:
                steps.append(Step(last_set, idx, []))  # side by side: "X, the Y"
            else:
                group_head = idx
            relative_open = False
            last_set = idx
            if subject_head is None:
                subject_head = idx
        elif item.kind == "date":
            if pending is not None:
                period, period_text = item.period, item.text
                period_tokens = set(range(item.start, item.end))
            elif steps:
                steps[-1].period = item.period
                steps[-1].tokens |= set(range(item.start, item.end))
            elif last_set is not None:
                sets[last_set].period = item.period
                sets[last_set].tokens |= set(range(item.start, item.end))
            else:
                return None
        else:
            clause_object = item.kind == "relation" and pending is not None \
                and pending.kind == "relation" and relative is not None \
                and group_head is not None and group_head != relative
            if gap and answer_index is None and pending is not None \
                    and pending.kind == "relation" and last_set is not None \
                    and not clause_object:
                # "which summit did X attend in Cartagena": the gap is right after the
                # relation, and the preposition describes it
                sets.append(answer)
                answer_index = len(sets) - 1
                left = group_head if group_head is not None else last_set
                steps.append(_step(kg, pending, left, answer_index))
                last_set = group_head = answer_index
            elif clause_object and pending is not None and group_head is not None \
                    and relative is not None and (
                        gap or pending.end < item.start or item.text.split()[0] in COPULAS):
                # "the meeting that Cara attended was held in which city": the clause's
                # relation has the phrase it is about for its object; the next relation is
                # of that phrase
                steps.append(_step(kg, pending, group_head, relative))
                last_set = group_head = relative
                relative = clause_from = None
            elif item.kind == "prep" and pending is not None and pending.kind == "relation" \
                    and relative is not None and group_head is not None \
                    and group_head != relative and not relative_open and not whose:
                # "the chief of staff that X met during his trip": the clause's relation
                # has the phrase it is about for its object, before what follows it
                steps.append(_step(kg, pending, group_head, relative))
                last_set = relative
            elif item.kind == "relation" and k and isinstance(before := items[k - 1], Phrase) \
                    and before.atoms and before.atoms[-1].kind == "and" and steps:
                # "which official leads the unit and took part in X": two relations of one
                # subject, joined
                group_head = steps[-1].left
            elif item.kind == "prep" and k and isinstance(before := items[k - 1], Phrase) \
                    and before.atoms and before.atoms[-1].kind == "and" and steps \
                    and joined is not None and joined.text.endswith(f" {item.word}") \
                    and joined_left is not None:
                # "present at X and at Y": the relation again, of the same subject
                group_head = joined_left
                item = replace(joined, start=item.start, end=item.end)
            dangling = pending if item.kind == "prep" and pending is not None \
                and pending.kind == "relation" else None
            if item.kind == "relation":
                joined = item
            pending = item
    if gap and answer_index is None:
        describe_by(answer, held)
        sets.append(answer)
        answer_index = len(sets) - 1
        if last_set is None and not answer.said:
            return None
        # (no set before it: "which gang has the motto '...'", the value alone describes it)
        if last_set is not None and pending is not None:
            relation = pending.kind == "relation"
            # "did [the gang targeted by X] originate": the subject's head
            head = subject_head if subject_head is not None else group_head
            left = head if relation and head is not None else last_set
            steps.append(_step(kg, pending, left, answer_index))
            if period:
                steps[-1].period = period
                steps[-1].tokens |= period_tokens
        elif last_set is not None:
            steps.append(Step(last_set, answer_index, []))
    elif pending is not None and pending.kind == "relation" and relative is not None \
            and group_head is not None and group_head != relative:
        # "the chief of staff that Videgaray met with": the relation's object is the
        # phrase the clause is about
        steps.append(_step(kg, pending, group_head, relative))
    elif pending is not None and period is not None and last_set is not None and not steps \
            and (rel := pending if pending.kind == "relation" else dangling) is not None \
            and rel.senses and (ends := _event_ends(kg, rel)):
        # "who spoke on December 14": the relation's other end is an event of that date
        sets.append(EntitySet(role="described", types=ends, period=period, text=period_text,
                              tokens=period_tokens | set(range(pending.start, pending.end))))
        head = group_head if group_head is not None else last_set
        steps.append(_step(kg, rel, head, len(sets) - 1))
    elif pending is not None:
        return None  # a relation with nothing after it, and no gap to fill
    if answer_index is None or (len(sets) == 1 and not steps and not sets[0].said):
        return None
    plan = Plan(intent="relation", sets=sets, steps=steps, answer=answer_index)
    if any(st.closure for st in steps if answer_index in (st.left, st.right)):
        plan.intent = "lineage"
    return plan


def _event_ends(kg: KnowledgeGraph, rel: Atom) -> list[str]:
    """The event types (things with dates of their own) at the other end of ``rel``'s
    relations."""
    types = kg.schema.relation_types
    return sorted({t for r, left_is_source in rel.senses if r in types
                   for t in (types[r].target if left_is_source else types[r].source)
                   if kg.schema.is_a(t, "event")})


def _step(kg: KnowledgeGraph, link: Atom, left: int, right: int) -> Step:
    tokens = set(range(link.start, link.end))
    if link.kind == "prep":
        return Step(left, right, [], text=link.word, tokens=tokens)
    schema = kg.schema
    closure = any(schema.relation_types[r].transitive for r, _ in link.senses
                  if r in schema.relation_types)
    return Step(left, right, list(link.senses), closure=closure, text=link.text,
                tokens=tokens)


def plans(kg: KnowledgeGraph, lex: Lexicon, tokens: list[Token], atoms: list[Atom]
          ) -> list[Plan]:
    """Every plan the question can mean, each with a prior."""
    out: list[Plan] = []
    lead = [a for a in atoms if a.kind != "filler"]
    if len(lead) > 2 and lead[0].kind == "word" and lead[0].word in TIME_NOUNS | PLACE_NOUNS \
            and lead[1].kind == "prep" and lead[1].word == "of":
        # "date of the second dialogue": when was the second dialogue ("location of": where)
        asked = "when" if lead[0].word in TIME_NOUNS else "where"
        atoms = reworded(atoms, lead[0], asked, lead[1], "copula", "is")
    elif len(lead) > 2 and lead[0].kind == "imperative" and lead[1].kind == "prep" \
            and lead[1].word == "of":
        # "Name of the chief of staff that ...": who is the chief of staff that ...
        atoms = reworded(atoms, lead[0], "who", lead[1], "copula", "is")
    elif len(lead) > 1 and lead[0].kind == "imperative" and lead[0].word in ("tell", "give") \
            and lead[1].kind == "prep" and lead[1].word in ("about", "on"):
        # "tell me about X", "give me something on X": what is X
        atoms = reworded(atoms, lead[0], "what", lead[1], "copula", "is")
        lead = [a for a in atoms if a.kind != "filler"]
    if len(lead) > 2 and lead[0].kind == "wh" and lead[0].word in ("which", "who", "what") \
            and lead[1].kind == "prep" and lead[1].word == "of" \
            and lead[2].kind in ("type", "word", "entity", "end", "number"):
        # "which of the three attorneys general at the summit ...": one of those is the
        # answer (the phrase is the question word's)
        atoms = [a for a in atoms if a is not lead[1]]
        lead = [a for a in lead if a is not lead[1]]
    if len(lead) > 3 and lead[0].kind == "wh" and lead[0].word == "what" \
            and lead[1].kind == "copula" and tokens[lead[2].start].norm in ("name", "names") \
            and lead[3].kind == "prep" and lead[3].word == "of":
        # "what is the name of the division that ...": which division ...; of a thing
        # named ("the attorney general of Colombia", "Honduras' attorney general"): who (or
        # what) it is
        cut = atoms.index(lead[3]) + 1
        rest = [a for a in atoms[cut:] if a.kind != "filler"]
        head = next((rest[:k] for k, a in enumerate(rest) if a.kind in ("rel", "relation")),
                    rest)
        if head and head[0].kind == "entity" and not any(a.kind == "type" for a in head):
            # (not "the ICE sweep that ...": a type in the phrase may be its noun)
            atoms = [Atom("wh", lead[0].start, lead[0].end, "who", word="who"),
                     Atom("copula", lead[1].start, lead[1].end, lead[1].text,
                          word=lead[1].word)] + atoms[cut:]
        else:
            atoms = [Atom("wh", lead[0].start, lead[0].end, "which", word="which")] \
                + atoms[cut:]
    atoms = arranged(kg, atoms)
    words = {t.norm for t in tokens} | {t.lemma for t in tokens}
    named = [a for a in atoms if a.kind == "entity"]
    after_how = {b.norm for a, b in pairwise(tokens) if a.norm == "how"}
    how_many, much = bool(after_how & {"many", "much"}), "much" in after_how
    lead = [a for a in atoms if a.kind != "filler"]
    if len(lead) > 2 and lead[0].kind == "word" and lead[0].word in ("number", "count") \
            and lead[1].kind == "prep" and lead[1].word == "of" \
            and tokens[lead[1].end].norm not in ("the", "this", "that"):
        # "number of agencies with people in the embassy": how many agencies ...
        atoms = reworded(atoms, lead[0], "how", lead[1], "filler", "many")
        how_many = True
    # connection: two names and a connection word
    if len(named) >= 2 and words & CONNECTION:
        out.append(Plan(intent="path", sets=[_named(named[0]), _named(named[1])],
                        tokens=_tokens(atoms, named[:2] + _which_one(kg, atoms, named[:2]),
                                       words_too=CONNECTION, toks=tokens),
                        prior=0.3))
    if len(named) == 1 and words & (AROUND | CONNECTION):
        out.append(Plan(intent="neighbours", sets=[_named(named[0])],
                        tokens=_tokens(atoms, named[:1], words_too=AROUND | CONNECTION,
                                       toks=tokens),
                        prior=0.8))
    if out and len(named) <= 2 and not any(a.kind in ("relation", "type") for a in atoms):
        return out  # "how is A connected to B": a connection, and nothing else
    wh = wh_phrase(atoms)
    qword = atoms[wh[0]].word if wh else ""
    topic: set[int] = set()  # a name before the question that a pronoun in it stands for
    # what happened in <period>
    dates = [a for a in atoms if a.kind == "date"]
    if dates and (words & HAPPEN or not named):
        # relations that have dates of their own narrow it ("who met whom in ..."); "took
        # place", "happened" say nothing more
        rels = [r for a in atoms if a.kind == "relation" for r, _ in a.senses
                if kg.schema.relation_types[r].temporal]
        # ("which meetings were held in Dec 2017": of the kind the question word asks for)
        kinds = [a for a in (atoms[wh[0] + 1:wh[1]] if wh else []) if a.kind == "type"]
        kind = [EntitySet(role="answer", types=[t for a in kinds for t in a.types],
                          typed=True, text=" ".join(a.text for a in kinds))] if kinds else []
        out.append(Plan(intent="timeline", period=dates[0].period, relations=sorted(set(rels)),
                        sets=kind, tokens={i for a in atoms if a.kind in ("date", "relation")
                                           or a in kinds for i in range(a.start, a.end)}
                        | _happen(tokens), prior=0.1 if words & HAPPEN else -0.2))
    if wh is not None:
        k, j = wh
        head = atoms[k + 1:j]
        if qword in ("what", "which") and head and head[0].kind == "word" \
                and head[0].word in TIME_NOUNS:
            qword, head = "when", head[1:]  # "what date", "which year"
        elif qword in ("what", "which") and k and atoms[k - 1].kind == "prep" \
                and atoms[k - 1].word in ("in", "at") and head and head[0].kind == "type" \
                and all(any(kg.schema.is_a(t, w) for w in WHERE_TYPES) for t in head[0].types):
            qword = "where"  # "in which city did X meet Y": where, a city
        answer = set_of(Phrase(head), "answer", kg)
        answer.types = answer.types or _wh_types(qword)
        answer.tokens = {i for a in atoms[k:j] for i in range(a.start, a.end)}
        rest = atoms[j:]
        nxt = next((a for a in rest if a.kind != "filler"), None)
        gap = nxt is not None and nxt.kind in ("aux",) or (
            nxt is not None and nxt.kind == "copula" and np_then_relation(rest))
        after = [a for a in rest[1:] if a.kind != "filler"]
        identity = nxt is not None and nxt.kind == "copula" and not gap and not (
            after and after[0].kind == "relation") or atoms[k].kind == "imperative" \
            and not head and bool(rest) and all(a.kind in NP_KINDS or a.kind in (
                "prep", "filler") for a in rest)  # "name the U.S. deputy secretary of state"
        before = atoms[:k]
        referred = {tuple(a.ids) for a in atoms[k:] if a.kind == "entity" and a.match == "pronoun"}
        if before and all(a.kind != "entity" or tuple(a.ids) in referred for a in before) \
                and any(a.kind == "entity" for a in before):
            # "Claudia Carrasquilla - which unit does she run": the topic, which a pronoun
            # after the question word stands for
            topic |= {i for a in before for i in range(a.start, a.end)}
            before = []
        inline = bool(before) and any(a.kind in ("entity", "type", "word", "relation")
                                      for a in before)
        # ("how much": an amount, a figure; only "how many" counts things)
        intent = {"when": "when", "where": "where"}.get(
            qword, "count" if how_many and not much else "")
        main = rest[:next((i for i, a in enumerate(rest) if a.kind == "rel"
                           or a.kind == "wh" and a.word == "whose"),
                          len(rest))]  # (the main clause, before a relative clause)
        if qword == "where" and any(kg.schema.relation_types[r].lineage
                                    for a in main if a.kind == "relation" for r, _ in a.senses):
            intent, answer.types = "", []  # "where did X come from": its origins
        base = 0.5 if not identity else -0.3
        if intent == "count" and answer.words and not answer.typed and all(
                lex.measures.get((w,)) or lex.measures.get((lex.lemma(w),))
                for w in answer.words):
            base -= 0.8  # "how many arrests": a figure's word; counting things so named is
            # the weaker reading
        shapes: list[tuple[bool, float]] = [(gap, base)]
        if gap:
            shapes.append((False, 0.2))  # the other reading of the word order
        for shape_gap, prior in shapes:
            for merge in (False, True):
                if inline:
                    plan = _chain(kg, answer, False, before + [atoms[k]] + head + rest,
                                  inline=True, merge=merge)
                else:
                    plan = _chain(kg, answer, shape_gap, rest, merge=merge,
                                  identity=identity and not shape_gap
                                  and qword in ("who", "whom", "what", "which"))
                if plan is None or any(_same(plan, other) for other in out):
                    continue
                plan.prior = prior + (0.03 if merge else 0.0)
                plan.intent = intent or plan.intent
                if much and plan.intent not in ("when", "where"):
                    # "how much funding did X receive": an amount, never a list of things
                    out.append(readings.figure_of(plan, how_many) or plan.copy(intent="value"))
                    continue
                out.append(plan)
                # ("both in X and in Y": each holds, neither is where the other happened)
                both = any(a.kind == "both" for a in atoms)
                for other in (None if both else readings.located(plan),
                              readings.on_behalf(kg, plan),
                              readings.of_the_subject(plan), readings.by_means(plan),
                              readings.figure_of(plan, how_many),
                              readings.met_there(kg, plan), readings.said_as(kg, plan),
                              readings.in_office(kg, plan), readings.for_the_office(kg, plan),
                              *readings.office_holders(kg, plan, qword in ("who", "whom"))):
                    if other is not None:
                        out.append(other)
            if inline:
                break
        # "who is X", "what is X", "who was the acting prosecutor general of Mexico"
        copula = nxt is not None and nxt.kind == "copula"
        if not how_many and (identity or not any(a.kind == "relation" for a in rest)):
            # (up to a clause of time: "X's title when Y met him" asks of X alone)
            upto = next((j for j, a in enumerate(rest) if a.kind == "wh" and a.word in (
                "when", "while") and any(b.kind == "relation" for b in rest[j + 1:])),
                len(rest))
            np_atoms = [a for a in rest[:upto] if a.kind in NP_KINDS or a.kind == "prep"]
            if np_atoms:
                phrase = Phrase([a for a in np_atoms if a.kind != "prep" or a.word in INNER_PREPS])
                s = set_of(phrase, "described", kg)
                if qword in ("who", "whom") and not s.types:
                    s.types = list(WHO_TYPES)
                    s.prefer = "person"
                elif answer.typed and not s.types:
                    s.types = list(answer.types)  # "of which country is X ...": a country
                who_is = {"when": "when", "where": "where"}.get(qword, "who-is")
                # "what district is X ...": the head's words say what the answer is, which
                # naming X does not answer (its type word, "which agency is X", does)
                claimed = set(answer.tokens)
                if answer.words:
                    claimed = set(range(atoms[k].start, atoms[k].end))
                out.append(Plan(intent=who_is, sets=[s], answer=0, tokens=claimed,
                                prior=0.6 if identity else 0.3 if copula else 0.0))
        office = _office_of(kg, atoms, answer, named)
        if office is not None:
            out.append(office)
    elif atoms and atoms[0].kind != "wh" and named:
        # no question word: "TCO Working Group lineage", "Jeff Sessions"
        out.append(Plan(intent="who-is", sets=[_named(named[0])], answer=0, prior=0.0))
    measured = any((t.lemma,) in lex.measures or (t.norm,) in lex.measures for t in tokens
                   if not t.quoted)
    if how_many or measured or any(a.attributes for a in atoms):
        out.append(Plan(intent="value", prior=0.35 if how_many else 0.15 if measured else 0.1,
                        how_many=how_many))
    # every question can fall back to the text; a quoted phrase is what to look for
    quoted = any(a.kind == "quote" for a in atoms)
    out.append(Plan(intent="text", prior=0.6 if quoted else -0.5))
    for p in out:
        p.tokens |= {i for s in p.sets for i in s.tokens} | {i for st in p.steps
                                                              for i in st.tokens}
        if p.intent != "text":
            p.tokens |= topic
        for s in p.sets:
            if s.end_of is not None:
                p.tokens |= s.end_of[2].tokens
    return out


def _same(a: Plan, b: Plan) -> bool:
    """Two plans with the same sets and steps (a merge that changed nothing)."""
    return a.intent in (b.intent, "relation", "lineage") and [
        (x.role, x.text, x.groups, x.types, x.words) for x in a.sets] == [
        (x.role, x.text, x.groups, x.types, x.words) for x in b.sets] and [
        (st.left, st.right, st.senses) for st in a.steps] == [
        (st.left, st.right, st.senses) for st in b.steps]


def _office_of(kg: KnowledgeGraph, atoms: list[Atom], answer: EntitySet,
               named: list[Atom]) -> Plan | None:
    """"Which country's attorney general is X", "X is the attorney general of which
    country": the office X holds that the words name, and what that office is of."""
    schema = kg.schema
    # (the office may be named by its title: "which country's foreign minister is X")
    titles = [a for a in named if a.match == "role" and all(
        schema.is_a(str(kg.graph.nodes[n].get("type")), "office") for n in a.ids)]
    named = [a for a in named if a not in titles]
    if len(named) != 1 or len(titles) > 1 or not answer.typed or "person" in answer.types \
            or not all(str(kg.graph.nodes[n].get("type")) == "person" for n in named[0].ids
                       if n in kg.graph):
        return None
    words = [a for a in atoms if a.kind == "word" and not a.capital]
    holds = [(r, True) for r, rt in schema.relation_types.items()
             if "person" in rt.source and "office" in rt.target]
    if not (words or titles) or not holds or any(a.kind == "relation" for a in atoms):
        return None
    office = _named(titles[0]) if titles else EntitySet(
        role="described", types=["office"], words=[a.word for a in words],
        text=" ".join(a.text for a in words), text_words=[a.word for a in words],
        tokens={i for a in words for i in range(a.start, a.end)},
        word_tokens={a.word: set(range(a.start, a.end)) for a in words})
    asked = replace(answer, words=[], text_words=[], word_tokens={}, tokens=set(answer.tokens)
                    - office.tokens, affiliations=[grp for grp in answer.affiliations if not any(
                        grp == t.ids for t in titles)])  # (the office's own: what it is of)
    return Plan(intent="relation", sets=[_named(named[0]), office, asked], answer=2,
                steps=[Step(0, 1, holds), Step(1, 2, [], text="of")], prior=0.4,
                tokens={i for a in atoms if a.kind in ("wh", "copula", "prep")
                        for i in range(a.start, a.end)})


def _which_one(kg: KnowledgeGraph, atoms: list[Atom], named: list[Atom]) -> list[Atom]:
    """Names right after one of ``named`` and a preposition that only say which one it is
    ("the Trilateral Summit in Cartagena": it was held there)."""
    out = []
    for k in range(2, len(atoms)):
        a, prep, before = atoms[k], atoms[k - 1], atoms[k - 2]
        if a.kind == "entity" and a not in named and prep.kind == "prep" \
                and prep.word in ("in", "at", "of") and before in named and any(
                    other in a.ids for n in before.ids if n in kg.graph
                    for other in kg.graph.successors(n)):
            out.append(a)
    return out


def _named(a: Atom) -> EntitySet:
    return EntitySet(role="named", groups=[list(a.ids)], tokens=set(range(a.start, a.end)),
                     text=a.text, by_role=a.match == "role")


def _tokens(atoms: list[Atom], used: list[Atom], words_too: frozenset[str],
            toks: list[Token]) -> set[int]:
    out = {i for a in used for i in range(a.start, a.end)}
    out |= {i for i, t in enumerate(toks) if t.norm in words_too}
    return out


def _happen(tokens: list[Token]) -> set[int]:
    return {i for i, t in enumerate(tokens) if t.norm in HAPPEN}
