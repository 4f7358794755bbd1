"""Each kind of plan, run: a chain of relation steps, a connection, a neighbourhood, a
period, "who is", a figure, or a text search — each as a :class:`Candidate` with the
answers and the question words it used."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kgraph import queries as q
from kgraph.ask.belonging import holders_for_offices
from kgraph.ask.candidate import Candidate
from kgraph.ask.execute import MAX_ANSWERS, Outcome, Runner
from kgraph.ask.explain import answers as answer_entries
from kgraph.ask.explain import entry
from kgraph.ask.grammar import TIME_NOUNS
from kgraph.ask.plan import WHERE_TYPES, EntitySet, Plan, is_place, through_shared
from kgraph.ask.relax import loosened
from kgraph.ask.textmatch import text
from kgraph.ask.titles import role_of, titled
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon
    from kgraph.ask.parse import Atom
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

# nouns that ask for a quantity after "what" or "which" ("what total number of arrests")
QUANTITY_NOUNS = frozenset({"number", "total", "figure", "amount", "count", "quantity", "sum"})


def _tokens_of(tokens: list[Token]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for i, t in enumerate(tokens):
        out.setdefault(t.norm, set()).add(i)
    return out


def candidate(kg: KnowledgeGraph, lex: Lexicon, plan: Plan, tokens: list[Token],
              atoms: list[Atom]) -> Candidate | None:
    runner = Runner(kg, lex)
    handler = {
        "relation": _chain, "lineage": _chain, "count": _count, "where": _where,
        "when": _when, "who-is": _who_is, "path": _path, "neighbours": _around,
        "timeline": _timeline, "value": _value, "text": text,
    }[plan.intent]
    cand = handler(kg, runner, plan, tokens, atoms)
    if cand is not None and plan.notes:  # (how the reading took the question's words)
        cand.notes = [*plan.notes, *(n for n in cand.notes if n not in plan.notes)]
    return cand


def _used(plan: Plan, out: Outcome) -> set[int]:
    """The plan's own tokens, less the describing words that narrowed nothing."""
    used = set(plan.tokens) | out.used_words
    for w in set(out.unused_words):
        for s in plan.sets:
            used -= s.word_tokens.get(w, set()) - out.used_words
    return used


def _chain(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
           atoms: list[Atom]) -> Candidate | None:
    asked = plan.copy()  # (running a plan narrows it; a looser reading starts from this)
    found = _chain_once(kg, runner, plan, tokens)
    if found is None or found.answers:
        return found
    return loosened(kg, runner, asked, lambda p: _chain_once(kg, runner, p, tokens)) or found


def _chain_once(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token]
                ) -> Candidate | None:
    out = runner.run(plan, _tokens_of(tokens))
    # what the question itself names is no answer to it ("the Honduran attorney general
    # who met Sessions" is not Honduras, "who won Mexico's election" not Mexico) — unless
    # the answer is to be chosen among them ("which of X and Y")
    own = _named_ids(plan, kg)
    out.answers = [n for n in out.answers if n not in own]
    if any(t.norm in ("who", "whom") for t in tokens):
        out.answers = holders_for_offices(runner, out.answers, out.how, out.notes)
    prefer = plan.sets[plan.answer].prefer if plan.sets else ""
    if prefer:  # ("who is the attorney general of ...": the holder before the office)
        out.answers.sort(key=lambda n: not runner.is_a(n, [prefer]))
    found = out.answers[:MAX_ANSWERS]
    if not any(plan.answer in (st.left, st.right) for st in plan.steps) \
            and not (len(plan.sets) == 1 and plan.sets[0].said):
        return None  # (a set alone: only one a quoted value describes)
    answers = answer_entries(kg, plan, Outcome(answers=found, how=out.how))
    cand = Candidate(plan, answers, _used(plan, out), more=out.answers[MAX_ANSWERS:])
    cand.resolved = {i: sorted(c) for i, c in out.candidates.items()
                     if i != plan.answer and not plan.sets[i].named and len(c) == 1}
    cand.notes += list(dict.fromkeys(out.notes))  # (what the run read otherwise, told)
    if out.partial:
        cand.notes.append(out.partial)
        cand.partial = out.partial
        cand.relaxed = True
    titled(kg, plan, cand)
    for st in plan.steps:
        if st.unlisted:
            cand.partial = cand.partial or (f"'{st.text}' is no relation the data records: "
                                            "read as any relation")
            cand.relaxed = True
    if plan.intent == "lineage" and found:
        named = next((s for s in plan.sets if s.named), None)
        if named is not None and len(named.groups) == 1 and len(named.groups[0]) == 1:
            from kgraph.ask.explain import direction

            cand.detail = q.lineage(kg, named.groups[0][0],
                                    backward=direction(kg, plan) == "backward", depth=50)
    return cand


def _named_ids(plan: Plan, kg: KnowledgeGraph | None = None) -> set[str]:
    """The entities the question names outside the answer's own choice: those of the other
    sets, and the bodies the answer or another set is said to belong to ("the Honduran
    ...", "Mexico's election")."""
    groups = [grp for i, s in enumerate(plan.sets) if s.named and i != plan.answer
              and not s.by_role for grp in s.groups] + plan.sets[plan.answer].affiliations
    if kg is not None:  # ("who won Mexico's election": not Mexico; a person may be: "who
        # attended Tillerson's meetings")
        groups += [grp for i, s in enumerate(plan.sets) if i != plan.answer and not s.named
                   for grp in s.affiliations if all(is_place(kg, n) for n in grp)]
    # (a name read several ways, or an office read as its holders, is no one entity named)
    return {grp[0] for grp in groups if len(grp) == 1}


def _count(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
           atoms: list[Atom]) -> Candidate | None:
    cand = _chain(kg, runner, plan, tokens, atoms)
    if cand is None or not cand.answers:
        return cand
    cand.value = len(cand.answers) + len(cand.more)
    return cand


def _when(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
          atoms: list[Atom]) -> Candidate | None:
    """The dates of what the question names: the relations between its sets, else the
    entities themselves."""
    g = kg.graph
    keep = [i for i in range(len(plan.sets)) if i != plan.answer]
    if not keep:
        return None
    remap = {old: new for new, old in enumerate(keep)}
    sub = Plan(intent="relation", sets=[plan.sets[i] for i in keep],
               steps=[st for st in plan.steps if plan.answer not in (st.left, st.right)],
               tokens=plan.tokens)
    for st in sub.steps:
        st.left, st.right = remap[st.left], remap[st.right]
    out = runner.run(_with_answer(sub), _tokens_of(tokens))
    dated: list[dict[str, Any]] = []
    values: list[str] = []
    seen: set[tuple[str, str]] = set()
    if sub.steps:
        for st_index, st in enumerate(sub.steps):
            left = out.candidates.get(st.left, set())
            reached = runner.reach(left, st, True)
            for n in sorted(out.candidates.get(st.right, set())):
                for e in reached.get(n, []):
                    # the relation's date, or that of the event it is about (two who
                    # attended one meeting met when it was held)
                    when = q.dates_text(e[3]) or next(
                        (q.dates_text(g.nodes[end]) for end in (e[0], e[1])
                         if runner.is_a(end, ["event"]) and q.dates_text(g.nodes[end])), "")
                    if when and (n, when) not in seen:
                        seen.add((n, when))
                        item = entry(kg, n, [e])
                        item["value"] = when
                        item.update({k: e[3][k] for k in ("date", "start", "end")
                                     if e[3].get(k) and k not in item})
                        dated.append(item)
                        values.append(when)
    if not dated:
        for i in range(len(sub.sets)):
            for n in sorted(out.candidates.get(i, set())):
                when = q.dates_text(g.nodes[n])
                if when:
                    item = entry(kg, n, [])
                    item["value"] = when
                    item["how"] = f"{g.nodes[n].get('name', n)}: {when}"
                    dated.append(item)
                    values.append(when)
    if not dated:
        return Candidate(plan, [], _used(plan, out))
    cand = Candidate(plan, dated[:20], _used(plan, out) | _wh_tokens(tokens, "when"))
    cand.value = values[0] if len(set(values)) == 1 else sorted(set(values))
    cand.resolved = {keep[i]: sorted(c) for i, c in out.candidates.items()
                     if i < len(keep) and not sub.sets[i].named and c and len(c) == 1}
    return cand


def _where(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
           atoms: list[Atom]) -> Candidate | None:
    """Where: the places of what the clause names happening ("where did A meet B": where
    the meeting they both attended was held), else the places the chain reaches."""
    sub_steps = [st for st in plan.steps if plan.answer not in (st.left, st.right)]
    if sub_steps:
        keep = [i for i in range(len(plan.sets)) if i != plan.answer]
        remap = {old: new for new, old in enumerate(keep)}
        sub = Plan(intent="relation", sets=[plan.sets[i] for i in keep], tokens=plan.tokens,
                   steps=[replace(st, left=remap[st.left], right=remap[st.right])
                          for st in sub_steps])
        out = runner.run(sub, _tokens_of(tokens))
        events: dict[str, list[Any]] = {}
        for st in sub.steps:
            reached = runner.reach(out.candidates.get(st.left, set()), st, True)
            for n in out.candidates.get(st.right, set()):
                for e in reached.get(n, []):
                    for end in (e[0], e[1]):
                        if runner.is_a(end, ["event"]):
                            events.setdefault(end, []).append(e)
        # the events the question describes first ("where did the first meeting of the
        # group that grew out of the summit take place": the meeting's place, not the
        # summit's), else those it names ("where did A attend the summit")
        named = {n for s in sub.sets if s.named for grp in s.groups for n in grp}
        for i, s in enumerate(sub.sets):
            if not s.named:
                for n in out.candidates.get(i, set()):
                    if runner.is_a(n, ["event"]):
                        events.setdefault(n, [])
        places: dict[str, list[Any]] = {}
        for events_of in ([e for e in events if e not in named], list(events)):
            for ev in events_of:
                for place, edge in q.edges_of(kg, ev, "out"):
                    if runner.is_a(place, plan.sets[plan.answer].types or list(WHERE_TYPES)):
                        places.setdefault(place, []).extend([edge, *events[ev][:1]])
            if places:
                break
        if places:
            answers = [entry(kg, n, edges) for n, edges in places.items()]
            return Candidate(plan, answers, _used(plan, out) | _wh_tokens(tokens, "where"))
    cand = _chain(kg, runner, plan, tokens, atoms)
    if cand is not None and cand.answers and not cand.relaxed or plan.sets[plan.answer].typed:
        return cand  # (a looser reading comes after the places of what was attended)
    return _where_went(kg, runner, plan, tokens) or cand


def _where_went(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token]
                ) -> Candidate | None:
    """"Where did X travel in December": where what X took part in then was held."""
    from kgraph.ask.traverse import held_within

    named = [n for i, s in enumerate(plan.sets) if i != plan.answer and s.named
             for grp in s.groups for n in grp]
    if not named or any(runner.is_a(n, ["event"]) for n in named):
        return None  # (an event is where it was held, not where what it led to was)
    answer = plan.sets[plan.answer]
    events = plan.copy(intent="relation")
    events.sets[plan.answer] = replace(answer, types=["event"])
    out = runner.run(events, _tokens_of(tokens))
    period = next((st.period for st in plan.steps if st.period), None)
    places: dict[str, list[Any]] = {}
    for ev in out.answers:
        if not held_within(kg.graph.nodes[ev], period):
            continue  # (an event of another time)
        for place, edge in q.edges_of(kg, ev, "out"):
            if runner.is_a(place, list(WHERE_TYPES)):
                places.setdefault(place, []).extend([edge, *out.how.get(ev, [])[:1]])
    if not places:
        return None
    answers = [entry(kg, n, edges) for n, edges in places.items()]
    return Candidate(plan, answers, _used(plan, out) | _wh_tokens(tokens, "where"),
                     notes=["the places of the events it reached"])


def _with_answer(plan: Plan) -> Plan:
    plan.answer = 0
    return plan


def _wh_tokens(tokens: list[Token], word: str) -> set[int]:
    return {i for i, t in enumerate(tokens) if t.norm == word}


def _who_is(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
            atoms: list[Atom]) -> Candidate | None:
    s = plan.sets[0]
    out = Outcome()
    cands = runner.candidates(s, out, _tokens_of(tokens))
    who = s.prefer == "person" or any(t.norm in ("who", "whom") for t in tokens) or not any(
        a.kind == "wh" for a in atoms)  # "Mexico's foreign minister": who holds it
    if cands and s.words and s.affiliations and not s.named and (
            who or not runner.role_words(s.words)):
        # "the estimated membership of MS-13": something of MS-13's, not MS-13 itself; and
        # "who is Guatemala's attorney general", no holder being recorded: no one (the
        # country speaks for its minister in a relation, not as who the minister is; an
        # office named stays, its holder being who: "who was acting as prosecutor general")
        cands = set(cands) - {n for aff in s.affiliations for n in aff
                              if not (who and runner.is_a(n, ["office"]))}
    offices = {n for n in cands or () if runner.is_a(n, ["office"])}
    if who and offices and s.period is not None:
        # "who was the U.S. attorney general in 2010": who held the office then (a
        # holding with no dates is not known to fall outside the period)
        from kgraph.ask.traverse import held_within

        held = {n: edges for n, edges in runner.people_of(offices).items()
                if any(held_within(e[3], s.period) for e in edges)}
        answers = [entry(kg, n, edges) for n, edges in held.items()]
        return Candidate(plan, answers, _used(plan, out) | _wh_tokens(tokens, "who"))
    if cands and who:
        people = {n for n in cands if runner.is_a(n, ["person"])}
        if not people:  # "who is the Colombian attorney general": the office's holder
            held = runner.people_of(cands)
            if held:
                answers = [entry(kg, n, edges) for n, edges in held.items()]
                cand = Candidate(plan, answers, _used(plan, out) | _wh_tokens(tokens, "who"))
                if len(answers) == 1:
                    cand.detail = q.entity_card(kg, answers[0]["id"])
                return cand
        cands = people or cands
    if not cands:
        return role_of(kg, plan, s, _used(plan, out)) or Candidate(plan, [], set())
    ranked = sorted(cands, key=lambda n: (-round(out.scores.get(n, 0.0), 9), n))[:10]
    if s.prefer:  # "who is ...": the person before the office that has the same words
        preferred = [n for n in ranked if runner.is_a(n, [s.prefer])]
        top = max((out.scores.get(n, 0.0) for n in ranked), default=0.0)
        if preferred and out.scores.get(preferred[0], 0.0) >= 0.7 * top:
            ranked = preferred
    answers = [entry(kg, n, []) for n in ranked]
    for a in answers:
        attrs = kg.graph.nodes[a["id"]]
        a["how"] = str(attrs.get("description") or attrs.get("role") or a["type_label"])
    cand = Candidate(plan, answers, _used(plan, out))
    titled(kg, plan, cand)
    if out.partial:  # ("the foreign minister of the United States": not the one named)
        cand.notes.append(out.partial)
        cand.partial, cand.relaxed = out.partial, True
    if len(ranked) == 1:
        cand.detail = q.entity_card(kg, ranked[0])
        if not s.named and s.end_of is None:
            cand.resolved = {0: [ranked[0]]}
    return cand


def _path(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
          atoms: list[Atom]) -> Candidate | None:
    a, b = plan.sets[0].groups[0][0], plan.sets[1].groups[0][0]
    if a == b:
        return None
    result = q.paths(kg, a, b, max_hops=6, limit=5)
    if not result["paths"]:
        return Candidate(plan, [], set(plan.tokens))
    nodes: list[str] = []
    for p in result["paths"]:
        for n in p["nodes"]:
            if n not in nodes:
                nodes.append(n)
    answers = []
    for n in nodes:
        edges = []
        for p in result["paths"]:
            for hop in p["hops"]:
                for rel in hop["relations"]:
                    if n in (rel["from"], rel["to"]):
                        edges.append((rel["from"], rel["to"], rel["key"],
                                      kg.graph.edges[rel["from"], rel["to"], rel["key"]]))
        answers.append(entry(kg, n, edges[:2]))
    cand = Candidate(plan, answers, set(plan.tokens))
    cand.paths = [p["nodes"] for p in result["paths"]]
    cand.detail = result
    return cand


def _around(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
            atoms: list[Atom]) -> Candidate | None:
    node = plan.sets[0].groups[0][0]
    result = q.neighbours(kg, node, 1, "both", None, None)
    answers = []
    for item in result["nodes"]:
        if item["id"] == node:
            continue
        edges = [(r["from"], r["to"], r["key"], kg.graph.edges[r["from"], r["to"], r["key"]])
                 for r in result["relations"] if item["id"] in (r["from"], r["to"])]
        answers.append(entry(kg, item["id"], edges[:2]))
    return Candidate(plan, answers, set(plan.tokens))


def _timeline(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
              atoms: list[Atom]) -> Candidate | None:
    lo, hi = plan.period or (None, None)
    if lo and lo.startswith("0000"):
        return None
    # a relation that holds through a shared event ("met": attended one meeting) is looked
    # for as that event's relation
    shared = through_shared(kg, plan.relations)
    relations = sorted({shared.get(r, r) for r in plan.relations})
    result = q.timeline(kg, lo, hi, relation_types=relations or None)
    answers: list[dict[str, Any]] = []
    seen: set[str] = set()
    g = kg.graph
    kinds = plan.sets[0].types if plan.sets else []

    def wanted(n: str) -> bool:  # ("which meetings were held in ...": of the kind asked for)
        return not kinds or any(kg.schema.is_a(str(g.nodes[n].get("type", "")), t)
                                for t in kinds)

    for item in result["items"]:
        if item["kind"] == "entity":
            if item["id"] not in seen:
                seen.add(item["id"])
                if wanted(item["id"]):
                    a = entry(kg, item["id"], [])
                    a["how"] = f"{item['text']} ({item['when']})"
                    answers.append(a)
        else:
            edge = (item["from"], item["to"], item["key"],
                    g.edges[item["from"], item["to"], item["key"]])
            for n in (item["from"], item["to"]):
                if n not in seen:
                    seen.add(n)
                    if wanted(n):
                        answers.append(entry(kg, n, [edge]))
    vias = set(shared.values())
    # and those whose relation has no date of its own, at an event dated in the period
    for item in q.timeline(kg, lo, hi)["items"] if vias else ():
        if item["kind"] != "entity":
            continue
        for u, _, key, attrs in g.in_edges(item["id"], keys=True, data=True):
            if attrs.get("type", key) in vias:
                for n in (u, item["id"]):
                    if n not in seen:
                        seen.add(n)
                        if wanted(n):
                            answers.append(entry(kg, n, [(u, item["id"], key, attrs)]))
    cand = Candidate(plan, answers, set(plan.tokens))
    types = kg.schema.relation_types
    for r, via in shared.items():
        cand.notes.append(f"'{types[r].reading}' read as '{types[via].reading}' the same "
                          "event: those who did in that period, and the events")
    return cand


def _content_words(tokens: list[Token], atoms: list[Atom]) -> tuple[list[str], dict[str, int]]:
    from kgraph.ask.words import FUNCTION_WORDS

    words: list[str] = []
    where: dict[str, int] = {}
    for a in atoms:
        if a.kind in ("word", "type", "relation", "end", "number"):
            for i in range(a.start, a.end):
                w = tokens[i].norm
                if w not in FUNCTION_WORDS and w not in where:
                    words.append(w)
                    where[w] = i
    return words, where


def _counts_its_measure(kg: KnowledgeGraph, tokens: list[Token], record: dict[str, Any]
                        ) -> bool:
    """The noun after "how many" is the figure ``record``'s measure or unit ("how many
    members": members)."""
    from kgraph.ask.facts import measure_words
    from kgraph.ask.words import same_word

    after = next((tokens[k + 1].norm for k in range(len(tokens) - 1)
                  if tokens[k].norm == "many" and k and tokens[k - 1].norm == "how"), None)
    if after is None or not record.get("measure"):
        return False
    words = measure_words(kg, str(record["measure"])) + [str(record["measure"]),
                                                           str(record.get("unit") or "")]
    return any(same_word(after, w) for w in words if w)


def _value(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
           atoms: list[Atom]) -> Candidate | None:
    from kgraph.ask.facts import best_facts, owner_fits, parts_where

    words, where = _content_words(tokens, atoms)
    mentioned = {n for a in atoms if a.kind == "entity" for n in a.ids}
    owners, whose, chain_used = _owners(runner, plan, tokens)
    if owners is not None and not owners:
        return Candidate(plan, [], set())
    # ("how many", "what total number", "which figure": a quantity is asked for)
    numeric = plan.how_many or any(t.norm in ("many", "much") for t in tokens) or any(
        t.norm in ("what", "which") and any(u.norm in QUANTITY_NOUNS for u in tokens[k + 1:k + 3])
        for k, t in enumerate(tokens))
    quoted = [a for a in atoms if a.kind == "quote"]
    # "when were the 214 arrested", "where were the 53 arrests made": the figure's own
    # date or place is asked for, the number says which figure
    asked = "date" if any(t.norm == "when" or t.norm in TIME_NOUNS and k and tokens[k - 1].norm
                          in ("what", "which") for k, t in enumerate(tokens)) else \
        "where" if any(t.norm == "where" for t in tokens) else ""
    numbers = {a.word.replace(",", "") for a in atoms if a.kind == "number"}
    words = words + [f"#{n}" for n in numbers]
    ranked = best_facts(kg, words, mentioned if owners is None else owners, numeric,
                        [a.text for a in quoted])
    if owners is not None:
        # a figure of what the chain found ("the membership of the gang that ..."): its
        # own first, then one about it
        ranked = [f for f in ranked if f.fact.node in owners] or [
            f for f in ranked if owners & set(f.fact.about)]
    elif not numeric and not quoted and mentioned:
        # "what is the membership of X": a figure of what the question names
        ranked = [f for f in ranked if mentioned & set(f.fact.about)]
    elif mentioned and not numbers:
        # "how many prosecutors attended the working group": a figure of something the
        # question names, or near it; not one of an operation that is neither
        # (named by its words: "the opioid crisis" of a figure's scope)
        from kgraph.ask.words import FUNCTION_WORDS

        names = [[w for w in fold(a.text).split() if w not in FUNCTION_WORDS]
                 for a in atoms if a.kind == "entity"]
        ranked = [f for f in ranked[:20] if mentioned & set(f.fact.about) or any(
            other in mentioned for other, _ in q.edges_of(kg, f.fact.node, "both"))
            or any(set(words) <= set(f.fact.words) for words in names)]
    stated_figures: set[str] = set()
    if numbers and not numeric:
        # "which operation arrested 3,800 members": a figure the question states says
        # which one is meant, before the words around it (it may be recorded as charged)
        ranked.sort(key=lambda f: _written(f.fact) not in numbers)
    if numeric and numbers:
        # "before the 214 US arrests, how many had it picked up in El Salvador": a figure
        # the question states is not what it asks for (its number is read: it says which)
        said = [f for f in ranked if _written(f.fact) in numbers]
        rest = [f for f in ranked if _written(f.fact) not in numbers]
        kin = {(f.fact.node, _measure(f.fact)) for f in said}
        if not said or any(f.fact.node in {n for n, _ in kin}
                           or _measure(f.fact) in {m for _, m in kin} for f in rest):
            stated_figures = {_written(f.fact) for f in said}
            ranked = rest
        # (else no other figure is of the same thing or the same measure: the one stated is
        # the one asked about, "is it right that they seized 26,000 kg? what figure ...?")
    if not numeric:  # ("before which judge ...": no figure's thing is a judge)
        ranked = [f for f in ranked if owner_fits(kg, atoms, f.fact)]
    if not ranked:
        return Candidate(plan, [], set())
    top = ranked[0]
    fact = top.fact
    if whose is not None and all(w in top.matched for w in plan.sets[plan.answer].words):
        # every describing word of the answer is the figure's: this reading, not the one
        # that looks for those words in the entities' descriptions
        plan.prior += 0.3
    record = fact.record or {}
    if _counts_its_measure(kg, tokens, record) and mentioned & set(fact.about):
        # "how many members does MS-13 have": what is counted is the figure's measure, of
        # what the question names; the data's own number for it, before a count of the
        # entities linked to it
        plan.prior += 0.3
    plan.measure = [str(record.get("measure") or fact.attribute).replace("_", " ")]
    if whose is not None:
        from kgraph.ask.explain import plan_text

        plan.measure.append("of " + plan_text(kg, whose))
    plan.sets, plan.steps, plan.answer = [EntitySet(role="named", groups=[[fact.node]])], [], 0
    item = entry(kg, fact.node, [])
    item["value"] = fact.value
    label = plan.measure[0]
    shown = " ".join(str(x) for x in (record.get("qualifier"), fact.value, record.get("unit"))
                     if x)
    item["how"] = f"{label}: {shown}"
    if record.get("measure") and "value" in record:
        from kgraph.figures import for_card

        (card,) = for_card(kg, [record], q.evidence)
        item["how"] = card["sentence"]  # "3,800 members of MS-13 charged"
        if card.get("claim") and card["claim"] != "stated":
            item["claim"] = card["claim"]
    from kgraph import queries

    item["evidence"] = queries.evidence(kg, fact.quotes) if fact.quotes else item["evidence"]
    used = {where[w] for w in top.matched if w in where}
    used |= {i for a in quoted if "\0" + a.text in top.matched for i in range(a.start, a.end)}
    stated = " ".join(fold(ev.get("quote", "")) for ev in fact.quotes)
    near = _within_two(kg, set(fact.about)) | parts_where(kg, fact)
    for a in atoms:  # the entities the fact is about, near it, or named in its quote
        if a.kind == "entity" and (set(a.ids) & near or f" {a.text} " in f" {stated} "):
            used |= set(range(a.start, a.end))
    figures = {i for a in atoms if a.kind == "number" and (
        f"#{a.word.replace(',', '')}" in top.matched
        or a.word.replace(",", "") in stated_figures) for i in range(a.start, a.end)}
    # (a number the figure found is not: not used, though the chain took it in its words)
    others = {i for a in atoms if a.kind == "number" for i in range(a.start, a.end)} - figures
    cand = Candidate(plan, [item], (used | figures | chain_used) - others)
    cand.value = fact.value
    if asked == "date" and (record.get("date") or record.get("start")):
        cand.value = item["value"] = q.dates_text(record)
        plan.measure = [f"the date of {label} {shown}"]
        cand.used |= {i for i, t in enumerate(tokens) if t.norm in ("when", *TIME_NOUNS)}
    elif asked == "where" and isinstance(record.get("where"), str) and record["where"] in kg.graph:
        place = record["where"]
        cand.answers = [entry(kg, place, [])]
        cand.answers[0]["how"] = f"{label} {shown} in {kg.graph.nodes[place].get('name')}"
        cand.answers[0]["evidence"] = item["evidence"]
        cand.value = None
        plan.measure = [f"where {label} {shown}"]
        cand.used |= {i for i, t in enumerate(tokens) if t.norm == "where"}
    return cand


def _measure(fact: Any) -> str:
    return str((fact.record or {}).get("measure") or fact.attribute)


def _written(fact: Any) -> str:
    """A figure's value as a question's number is read ("3,800": 3800)."""
    return str(fact.value).replace(",", "")


def _owners(runner: Runner, plan: Plan, tokens: list[Token]
            ) -> tuple[set[str] | None, Plan | None, set[int]]:
    """For a figure asked of a chain's answer ("the membership of the gang that
    originated in Los Angeles", :func:`kgraph.ask.readings.figure_of`): what the chain
    finds without the answer's own words (they are the figure's), the chain, and the
    question words it used; None for a figure of what the question names."""
    if not plan.steps:
        return None, None, set()
    whose = plan.copy(intent="relation")
    asked = whose.sets[whose.answer]
    words = set().union(*asked.word_tokens.values()) if asked.word_tokens else set()
    whose.sets[whose.answer] = replace(asked, words=[], text_words=[], word_tokens={},
                                       tokens=asked.tokens - words)
    whose.tokens -= words
    out = runner.run(whose, _tokens_of(tokens))
    owners = set(out.answers) - _named_ids(whose)
    return owners, whose, _used(whose, out) - words if owners else set()


def _within_two(kg: KnowledgeGraph, start: set[str]) -> set[str]:
    """``start`` and the entities one or two relations away (who said a figure, the
    country a minister serves)."""
    seen = set(start)
    frontier = set(start)
    for _ in range(2):
        nxt: set[str] = set()
        for n in frontier:
            if n in kg.graph:
                nxt |= {other for other, _ in q.edges_of(kg, n, "both")}
            if len(nxt) > 5_000:  # a hub: what is near it is not telling
                break
        frontier = nxt - seen
        seen |= nxt
    return seen
