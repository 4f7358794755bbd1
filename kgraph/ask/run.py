"""Each kind of plan, run: a chain of relation steps, a connection, a neighbourhood, a
period, "who is", a figure, or a text search — each as a :class:`Candidate` with the
answers and the question words it used."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kgraph import queries as q
from kgraph.ask.candidate import Candidate
from kgraph.ask.execute import Outcome, Runner
from kgraph.ask.explain import answers as answer_entries
from kgraph.ask.explain import entry
from kgraph.ask.plan import WHERE_TYPES, EntitySet, Plan
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon
    from kgraph.ask.parse import Atom
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

MAX_ANSWERS = 200


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
        "timeline": _timeline, "value": _value, "text": _text,
    }[plan.intent]
    return handler(kg, runner, plan, tokens, atoms)


def _used(plan: Plan, out: Outcome) -> set[int]:
    """The plan's own tokens, less the describing words that narrowed nothing."""
    used = set(plan.tokens) | out.used_words
    for w in set(out.unused_words):
        for s in plan.sets:
            used -= s.word_tokens.get(w, set()) - out.used_words
    return used


def _chain(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
           atoms: list[Atom]) -> Candidate | None:
    out = runner.run(plan, _tokens_of(tokens))
    found = out.answers[:MAX_ANSWERS]
    if not any(plan.answer in (st.left, st.right) for st in plan.steps):
        return None
    answers = answer_entries(kg, plan, Outcome(answers=found, how=out.how))
    cand = Candidate(plan, answers, _used(plan, out))
    cand.resolved = {i: sorted(c) for i, c in out.candidates.items()
                     if i != plan.answer and not plan.sets[i].named and len(c) == 1}
    if out.partial:
        cand.notes.append(out.partial)
        cand.relaxed = True
    if plan.intent == "lineage" and found:
        named = next((s for s in plan.sets if s.named), None)
        if named is not None and len(named.groups) == 1 and len(named.groups[0]) == 1:
            from kgraph.ask.explain import direction

            cand.detail = q.lineage(kg, named.groups[0][0],
                                    backward=direction(kg, plan) == "backward", depth=50)
    return cand


def _count(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
           atoms: list[Atom]) -> Candidate | None:
    cand = _chain(kg, runner, plan, tokens, atoms)
    if cand is None or not cand.answers:
        return cand
    cand.value = len(cand.answers)
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
            for n in out.candidates.get(st.right, set()):
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
        places: dict[str, list[Any]] = {}
        for ev, edges in events.items():
            for place, edge in q.edges_of(kg, ev, "out"):
                if runner.is_a(place, list(WHERE_TYPES)):
                    places.setdefault(place, []).extend([edge, *edges[:1]])
        if places:
            answers = [entry(kg, n, edges) for n, edges in places.items()]
            return Candidate(plan, answers, _used(plan, out) | _wh_tokens(tokens, "where"))
    return _chain(kg, runner, plan, tokens, atoms)


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
    who = any(t.norm in ("who", "whom") for t in tokens)
    if cands and who:
        people = {n for n in cands if runner.is_a(n, ["person"])}
        if not people:  # "who is the Colombian attorney general": the office's holder
            held = _people_of(kg, runner, cands)
            if held:
                answers = [entry(kg, n, edges) for n, edges in held.items()]
                cand = Candidate(plan, answers, _used(plan, out) | _wh_tokens(tokens, "who"))
                if len(answers) == 1:
                    cand.detail = q.entity_card(kg, answers[0]["id"])
                return cand
        cands = people or cands
    if not cands:
        return Candidate(plan, [], set())
    ranked = sorted(cands, key=lambda n: -out.scores.get(n, 0.0))[:10]
    if s.prefer:  # "who is ...": the person before the office that has the same words
        people = [n for n in ranked if runner.is_a(n, [s.prefer])]
        top = max((out.scores.get(n, 0.0) for n in ranked), default=0.0)
        if people and out.scores.get(people[0], 0.0) >= 0.7 * top:
            ranked = people
    answers = [entry(kg, n, []) for n in ranked]
    for a in answers:
        attrs = kg.graph.nodes[a["id"]]
        a["how"] = str(attrs.get("description") or attrs.get("role") or a["type_label"])
    cand = Candidate(plan, answers, _used(plan, out))
    if len(ranked) == 1:
        cand.detail = q.entity_card(kg, ranked[0])
        if not s.named and s.end_of is None:
            cand.resolved = {0: [ranked[0]]}
    return cand


def _people_of(kg: KnowledgeGraph, runner: Runner, nodes: set[str]) -> dict[str, list[Any]]:
    """The people linked to ``nodes`` by a relation that has only people at its source
    end (who holds an office, heads a body, said a statement)."""
    found: dict[str, list[Any]] = {}
    for n in nodes:
        for other, edge in q.edges_of(kg, n, "in"):
            rt = kg.schema.relation_types.get(edge[3].get("type", edge[2]))
            if rt is not None and rt.source == ["person"] and runner.is_a(other, ["person"]):
                found.setdefault(other, []).append(edge)
    return found


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
    result = q.timeline(kg, lo, hi, relation_types=plan.relations or None)
    answers: list[dict[str, Any]] = []
    seen: set[str] = set()
    g = kg.graph
    for item in result["items"]:
        if item["kind"] == "entity":
            if item["id"] not in seen:
                seen.add(item["id"])
                a = entry(kg, item["id"], [])
                a["how"] = f"{item['text']} ({item['when']})"
                answers.append(a)
        else:
            edge = (item["from"], item["to"], item["key"],
                    g.edges[item["from"], item["to"], item["key"]])
            for n in (item["from"], item["to"]):
                if n not in seen:
                    seen.add(n)
                    answers.append(entry(kg, n, [edge]))
    return Candidate(plan, answers, set(plan.tokens))


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


def _value(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
           atoms: list[Atom]) -> Candidate | None:
    from kgraph.ask.facts import best_facts

    words, where = _content_words(tokens, atoms)
    mentioned = {n for a in atoms if a.kind == "entity" for n in a.ids}
    numeric = any(t.norm in ("many", "much") for t in tokens)
    quoted = [a for a in atoms if a.kind == "quote"]
    ranked = best_facts(kg, words, mentioned, numeric, [a.text for a in quoted])
    if not ranked:
        return Candidate(plan, [], set())
    top = ranked[0]
    fact = top.fact
    plan.measure = [fact.attribute.replace("_", " ")]
    plan.sets = [EntitySet(role="named", groups=[[fact.node]])]
    item = entry(kg, fact.node, [])
    item["value"] = fact.value
    label = fact.attribute.replace("_", " ")
    item["how"] = f"{label}: {fact.value}"
    if fact.record:
        extra = ", ".join(f"{k} {v}" for k, v in fact.record.items()
                          if k not in ("quote", "source", "value", "evidence")
                          and isinstance(v, (str, int, float)))
        if extra:
            item["how"] += f" ({extra})"
    from kgraph import queries

    item["evidence"] = queries.evidence(kg, fact.quotes) if fact.quotes else item["evidence"]
    used = {where[w] for w in top.matched if w in where}
    used |= {i for a in quoted if "\0" + a.text in top.matched for i in range(a.start, a.end)}
    quoted = " ".join(fold(ev.get("quote", "")) for ev in fact.quotes)
    for a in atoms:  # the entities the fact is about: itself, or named in its quote
        if a.kind == "entity" and (fact.node in a.ids or f" {a.text} " in f" {quoted} "
                                   or any(kg.graph.has_edge(fact.node, n)
                                          or kg.graph.has_edge(n, fact.node) for n in a.ids)):
            used |= set(range(a.start, a.end))
    cand = Candidate(plan, [item], used)
    cand.value = fact.value
    return cand


def _text(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
          atoms: list[Atom]) -> Candidate | None:
    from kgraph.ask.fulltext import text_index

    quoted = [a for a in atoms if a.kind == "quote"]
    if quoted:
        query = " ".join(a.text for a in quoted)
        used = {i for a in quoted for i in range(a.start, a.end)}
    else:
        words, where = _content_words(tokens, atoms)
        names = [a.text for a in atoms if a.kind == "entity"]
        query = " ".join(words + names)
        used = set()
    plan.text = query
    hits = text_index(kg).search(query)
    if not hits:
        return Candidate(plan, [], set())
    strength = getattr(hits[0], "strength", "some")
    who = any(t.norm in ("who", "whom", "whose") for t in tokens)
    answers: list[dict[str, Any]] = []
    seen: set[str] = set()
    from kgraph.ask.plan import WHO_TYPES

    for h in hits:
        ids = h.entities
        if who and h.relation is not None:
            people = [n for n in ids if runner.is_a(n, ["person"])]
            ids = people or ids
        if who and not any(runner.is_a(n, list(WHO_TYPES)) for n in ids if n in kg.graph):
            # a statement's words: who said it
            speakers = [m for n in ids if n in kg.graph
                        for m, _ in q.edges_of(kg, n, "in") if runner.is_a(m, list(WHO_TYPES))]
            ids = list(dict.fromkeys(speakers)) or ids
        for n in ids:
            if n in seen or n not in kg.graph:
                continue
            seen.add(n)
            item = entry(kg, n, [])
            item["how"] = f"text match in {h.field}: “{h.text}”"
            item["match"] = "text"
            if h.field == "quote":
                item["evidence"] = q.evidence(kg, [{"source": h.source, "quote": h.text}])
            answers.append(item)
        if len(answers) >= 10:
            break
    if strength == "some" and not quoted:
        used = set()
    elif not quoted:
        used = set(range(len(tokens)))
    cand = Candidate(plan, answers, used)
    cand.match = "text"
    return cand
