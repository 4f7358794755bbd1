"""Other readings of a chain plan the grammar made, each offered beside it: a place after
the relation is where it happened ("who did X meet in Cartagena"), and "for X at Y" is on
X's behalf at Y ("who showed up for Mexico at the summit"), a country's words may be the
title of its office ("which country's prosecutor general"), and an act may be recorded as
something said ("which country did Trump threaten": his threat, about Colombia), and
"with X" may name what the subject did it by ("what gang was ICE going after with X").
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kgraph.ask.plan import (
    WHERE_TYPES,
    EntitySet,
    Plan,
    Step,
    holding_senses,
    is_place,
    office_links,
)

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph


def located(plan: Plan) -> Plan | None:
    """"Who did X meet in Cartagena": the place is where the meeting happened, not a
    place the person belongs to. The alternative reading, when the chain ends with a
    preposition from the answer to a named place right after the relation into it."""
    if len(plan.steps) < 2 or len(plan.sets) < 3:
        return None
    last, before = plan.steps[-1], plan.steps[-2]
    place = plan.sets[last.right]
    if last.senses or last.unlisted or last.text not in ("in", "at", "inside", "near") \
            or last.left not in (before.left, before.right) or not place.named \
            or last.right != len(plan.sets) - 1 or plan.answer not in (before.left, before.right) \
            or not before.senses:
        return None
    moved = replace(before, place=[n for grp in place.groups for n in grp],
                    tokens=before.tokens | place.tokens | last.tokens,
                    period=before.period or last.period or place.period)
    steps = [*plan.steps[:-2], moved]
    return replace(plan, sets=plan.sets[:-1], steps=steps, prior=plan.prior + 0.05)


def on_behalf(kg: KnowledgeGraph, plan: Plan) -> Plan | None:
    """"Who showed up for Mexico at the summit": a relation phrase ending in "for", a name,
    and "at" (or "in") another name: the answer is of the first (on its behalf) and in that
    relation with the second. Any other relation so ("who represented Mexico at the
    summit") may say the same: one of the first's, at the second, a little less likely."""
    if len(plan.steps) != 2 or len(plan.sets) != 3:
        return None
    first, second = plan.steps
    owner, place = plan.sets[first.right], plan.sets[second.right]
    bodies = all(n in kg.graph and any(
        kg.schema.is_a(str(kg.graph.nodes[n].get("type", "")), t)
        for t in ("country", "agency", "organization")) for g in owner.groups for n in g)
    # (a phrase in "for" that is a relation of its own with such a body, "spoke for
    # Mexico": one of Mexico's, as "represented" is; "showed up for" is no relation with one)
    types = kg.schema.relation_types
    owned = bodies and any(
        r in types and any(kg.schema.is_a(str(kg.graph.nodes[n].get("type", "")), t)
                           for g in owner.groups for n in g
                           for t in (types[r].target if forward else types[r].source))
        for r, forward in first.senses)
    behalf = first.text.endswith(" for") and not owned
    if not (behalf or first.senses and bodies) or first.left != plan.answer \
            or second.left != first.right or second.text not in ("at", "in") \
            or not owner.named or not (place.named or place.typed):
        return None  # (a place named, or described: "the December 2017 summit in Cartagena")
    answer = replace(plan.sets[plan.answer], affiliations=[list(g) for g in owner.groups],
                     tokens=plan.sets[plan.answer].tokens | owner.tokens)
    if behalf:
        from kgraph.ask.lexicon import lexicon

        # "who showed up for Mexico at the summit": who showed up at the summit, the
        # relation of those words when the schema lists them
        text = f"{first.text.removesuffix(' for')} {second.text}"
        lex = lexicon(kg)
        senses = lex.relations.get(tuple(lex.lemma(w) for w in text.split()))
        step = replace(first, right=1, text=text, tokens=first.tokens | second.tokens,
                       senses=list(senses) if senses and not first.senses else first.senses)
    else:
        # "who represented Mexico at the summit": one of Mexico's who was at the summit
        step = replace(second, right=1, tokens=first.tokens | second.tokens)
    return replace(plan, sets=[answer, place], steps=[replace(step, left=0)], answer=0,
                   prior=plan.prior + (0.05 if behalf else -0.05))


def of_the_subject(plan: Plan) -> Plan | None:
    """"Who attended the working group on behalf of the FGN": a phrase after the object
    may say something of the subject, not of the object (the attendee represents the FGN,
    the working group does not). The alternative reading, a little less likely, when the
    chain ends with a phrase from the object of the relation before it to a named set; a
    little likelier when that phrase is "from" (where the subject is from)."""
    if len(plan.steps) != 2:
        return None
    before, last = plan.steps
    if last.closure or last.left != before.right or before.left != plan.answer \
            or not plan.sets[last.right].named or not before.senses \
            or last.right != len(plan.sets) - 1:
        return None
    # ("who attended X from Colombia": "from" says where the attendee is from; of an
    # event it is not said, and this reading is the likelier)
    origin = last.text == "from" and not last.senses
    return replace(plan, steps=[*plan.steps[:-1], replace(last, left=before.left)],
                   prior=plan.prior + (0.05 if origin else -0.05))


def by_means(plan: Plan) -> Plan | None:
    """"What gang was ICE going after with Raging Bull": a named thing after "with" may be
    what the subject did it by, and the relation the thing's (the operation targeted the
    gang; ICE is linked to the operation). The alternative reading, a little less likely,
    when a relation from a named subject to the answer is followed by "with" and a name."""
    if len(plan.steps) != 2 or len(plan.sets) != 3:
        return None
    first, last = plan.steps
    subject, means = plan.sets[first.left], plan.sets[last.right]
    if last.text != "with" or last.senses or not first.senses or first.closure \
            or first.right != plan.answer or last.left not in (first.left, first.right) \
            or not subject.named or not means.named or last.right == first.left:
        return None
    return replace(plan, steps=[replace(first, left=last.right),
                                replace(last, left=last.right, right=first.left)],
                   prior=plan.prior - 0.05)


def figure_of(plan: Plan, how_many: bool) -> Plan | None:
    """"The estimated worldwide membership of the gang that originated in Los Angeles": the
    answer's own words may be a figure's, and the rest of the chain says whose. The
    reading that asks for that figure of the entities the chain finds (see
    :func:`kgraph.ask.run._value`)."""
    asked = plan.sets[plan.answer]
    if plan.intent != "relation" or not asked.words or asked.named or not plan.steps:
        return None
    return replace(plan.copy(), intent="value", how_many=how_many, prior=plan.prior - 0.2)


def office_holders(kg: KnowledgeGraph, plan: Plan, who: bool = False) -> list[Plan]:
    """"Which country's prosecutor general attended X": the words of a set of countries
    (or bodies) may be the title of an office of theirs, and the relation the holder's.
    The reading with the holders as a set of their own, the office's country the answer
    (an office's holder does what the office does: see ``acts_as_target``). And, for a
    question of who, "who is the attorney general of the country that hosted X": the
    holders are the answer, the relations the country's."""
    at = next((i for i, s in enumerate(plan.sets) if not s.named and s.typed and s.words
               and not s.affiliations and not s.said and not s.described
               and any(i in (st.left, st.right) for st in plan.steps)), None)
    if at is None:
        return []
    owner = plan.sets[at]
    # (the office's own link: a relation only offices have, as "is an office of")
    types = kg.schema.relation_types
    senses = [(r, s) for r, s in office_links(kg)
              if any(kg.schema.is_a(o, t) for o in owner.types for t in types[r].target)]
    if not senses or not holding_senses(kg):
        return []
    holder = replace(owner, role="described", types=[], typed=False, prefer="",
                     period=None, tokens={i for ts in owner.word_tokens.values() for i in ts})
    kept = replace(owner, words=[], text_words=[], word_tokens={},
                   tokens=owner.tokens - holder.tokens)
    h = len(plan.sets)
    sets = [kept if i == at else s for i, s in enumerate(plan.sets)] + [holder]
    steps = [replace(st, left=h if st.left == at else st.left,
                     right=h if st.right == at else st.right) for st in plan.steps]
    turned = who and plan.answer == at  # ("who is the N of ...": the holder, first)
    out = [replace(plan, sets=sets, steps=[*steps, Step(h, at, list(senses))],
                   prior=plan.prior - (0.1 if turned else 0.05))]
    if turned:
        people = replace(holder, role="answer", prefer="person")
        out.append(replace(plan, sets=[*sets[:-1], people], answer=h,
                           steps=[*(replace(st) for st in plan.steps), Step(h, at, list(senses))],
                           prior=plan.prior - 0.02))
    return out


def in_office(kg: KnowledgeGraph, plan: Plan) -> Plan | None:
    """"In what capacity did Videgaray attend the dialogue": an office asked for, joined to
    the chain by a bare preposition, is one a named person in the chain held; the reading
    with the person holding it (while the relation's period lasts, when it has one)."""
    holding = holding_senses(kg)
    answer = plan.sets[plan.answer] if plan.sets else None
    if not holding or answer is None or not answer.types \
            or not all(kg.schema.is_a(t, "office") for t in answer.types):
        return None
    link = next((st for st in plan.steps if plan.answer in (st.left, st.right)
                 and not st.senses), None)
    person = next((i for i, s in enumerate(plan.sets) if s.named and all(
        n in kg.graph and kg.schema.is_a(str(kg.graph.nodes[n].get("type", "")), "person")
        for grp in s.groups for n in grp)), None)
    if link is None or person is None:
        return None
    period = next((st.period for st in plan.steps if st.period), None)
    steps = [st for st in plan.steps if st is not link]
    steps.append(Step(person, plan.answer, list(holding), period=period, text=link.text,
                      tokens=set(link.tokens)))
    return replace(plan, steps=steps, prior=plan.prior + 0.05)


def for_the_office(kg: KnowledgeGraph, plan: Plan) -> Plan | None:
    """"Where did Mexico's foreign minister travel": an office named where the question
    asks what someone did is its holder's doing (within the question's period, when a
    step has one); the reading with the office's holders named instead. Preferred unless
    a step's relation is one an office has itself ("is an office of")."""
    holding = {r for r, _ in holding_senses(kg)}
    if not holding:
        return None
    from kgraph.ask.traverse import held_within
    from kgraph.graph import edges_at

    g = kg.graph
    period = next((st.period for st in plan.steps if st.period), None)
    sets = list(plan.sets)
    notes: list[str] = []
    own = False
    for i, s in enumerate(plan.sets):
        ids = [n for grp in s.groups for n in grp]
        if i == plan.answer or not s.named or not ids or not all(
                n in g and kg.schema.is_a(str(g.nodes[n].get("type", "")), "office")
                for n in ids):
            continue
        edges = [(h, a) for n in ids for h, _, a in edges_at(g, n, "pred", holding)]
        holders = sorted({h for h, a in edges if held_within(a, period)}
                         or {h for h, _ in edges})
        if not holders:
            continue
        own = own or any(kg.schema.is_a(t, "office") for st in plan.steps if i in (
            st.left, st.right) for r, _ in st.senses if r in kg.schema.relation_types
            for t in (*kg.schema.relation_types[r].source, *kg.schema.relation_types[r].target))
        sets[i] = replace(s, groups=[holders], all_of=False, by_role=True)
        notes.append(f"{' / '.join(str(g.nodes[n].get('name', n)) for n in ids)} read as "
                     f"its holder{'s' if len(holders) > 1 else ''}, "
                     f"{', '.join(str(g.nodes[h].get('name', h)) for h in holders)}")
    if not notes:
        return None
    return replace(plan.copy(), sets=sets, notes=[*plan.notes, *notes],
                   prior=plan.prior + (-0.1 if own else 0.05))



def met_there(kg: KnowledgeGraph, plan: Plan) -> Plan | None:
    """"Who met in Cartagena in December 2017": a relation that two sources of one target
    imply (met_with declares ``shared_target: attended``), said of the answer alone and a
    place: who took part in (that relation) the events held in the place, in the period."""
    if len(plan.sets) != 2 or len(plan.steps) != 1 or plan.answer != 0:
        return None
    st, place = plan.steps[0], plan.sets[1]
    types = kg.schema.relation_types
    senses = st.senses or (st.unjoined if st.text in ("in", "at") else [])
    shared = {types[r].shared_target for r, _ in senses if r in types}
    ids = [n for grp in place.groups for n in grp]
    if st.left != 0 or len(shared) != 1 or "" in shared or not place.named or not ids \
            or not all(is_place(kg, n) for n in ids):
        return None
    from kgraph.ask.traverse import DOCUMENT_LINKS

    via = shared.pop()
    if via not in types:
        return None
    events = sorted({t for t in types[via].target if kg.schema.is_a(t, "event")})
    # where an event is held: the relation types from an event to a place
    held = [(r, True) for r, rt in types.items() if any(kg.schema.is_a(t, "event") for t in
            rt.source) and any(kg.schema.is_a(p, w) for p in rt.target for w in WHERE_TYPES)
            and not rt.lineage and not rt.composition and r not in DOCUMENT_LINKS]
    if not events or not held:
        return None
    occasion = EntitySet(role="described", types=events, period=st.period or place.period,
                         text="events", tokens=set(st.tokens))
    return replace(plan, sets=[plan.sets[0], occasion, place],
                   steps=[Step(0, 1, [(via, True)], text=types[via].reading,
                               tokens=st.tokens | st.unjoined_tokens),
                          Step(1, 2, held, text="held in", tokens=set())],
                   prior=plan.prior + 0.05)


STATEMENT = "statement"  # the entity type of what is said


def said_as(kg: KnowledgeGraph, plan: Plan) -> Plan | None:
    """"Which country did Trump threaten": the data may record the act as something said
    ("Trump's threat to decertify Colombia", said by Trump, about Colombia). The reading
    a little less likely than the relation: what the answer is the subject of, among the
    statements the named speaker said whose words are the verb's ("threat")."""
    types = kg.schema.relation_types
    if plan.intent != "relation" or len(plan.steps) != 1 \
            or STATEMENT not in kg.schema.entity_types:
        return None
    st = plan.steps[0]
    speaker_at = st.right if st.left == plan.answer else st.left
    speaker = plan.sets[speaker_at]
    if not st.senses or plan.answer not in (st.left, st.right) or speaker_at == plan.answer \
            or not speaker.named or any(STATEMENT in types[r].target for r, _ in st.senses
                                        if r in types):
        return None
    words = [w for w in st.text.split() if len(w) > 3]
    speech = [(r, True) for r, rt in types.items() if STATEMENT in rt.target]
    about = [(r, True) for r, rt in types.items() if rt.source == [STATEMENT]]
    if not words or not speech or not about:
        return None
    said = EntitySet("described", types=[STATEMENT], words=words, text=st.text,
                     tokens=set(st.tokens), text_words=words, typed=True,
                     word_tokens={w: set(st.tokens) for w in words})
    sets = [*plan.sets, said]
    at = len(sets) - 1
    steps = [Step(speaker_at, at, speech, text="said", tokens=set(st.tokens), period=st.period),
             Step(at, plan.answer, about, text="about")]
    return replace(plan, sets=sets, steps=steps, prior=plan.prior - 0.2)
