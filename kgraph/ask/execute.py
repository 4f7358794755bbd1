"""Running a plan on the graph: each entity set becomes candidates, relation steps narrow
the sets on both sides until nothing changes, and the answer set's entities come back with
the relations that make them answers and their evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kgraph import queries as q
from kgraph.ask import belonging, fitting
from kgraph.ask.facts import saying, with_number
from kgraph.ask.plan import BODIES, WHERE_TYPES, EntitySet, Plan, Step
from kgraph.ask.traverse import DOCUMENT_LINKS, Edge, Traversal, _has_date, _overlaps, _span
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon
    from kgraph.graph import KnowledgeGraph

MAX_ENUMERATE = 200_000  # entities of a type listed to start from when nothing else does
MAX_DESCRIBED = 5_000  # entities a description's words are compared with in full
MAX_OCCASIONS = 3  # events an occasion can be and still date a relation (more say little)
MAX_ANSWERS = 200  # answers given in full, with the relations that make them answers


@dataclass
class Outcome:
    """What a plan found."""

    answers: list[str] = field(default_factory=list)
    how: dict[str, list[Edge]] = field(default_factory=dict)  # answer -> edges making it one
    used_words: set[int] = field(default_factory=set)  # question words that narrowed a set
    unused_words: list[str] = field(default_factory=list)  # describing words that did not
    scores: dict[str, float] = field(default_factory=dict)
    candidates: dict[int, set[str]] = field(default_factory=dict)
    steps_edges: list[list[Edge]] = field(default_factory=list)
    partial: str = ""
    notes: list[str] = field(default_factory=list)


class Runner(Traversal):
    """Runs plans: entity sets become candidates, steps narrow them."""

    def __init__(self, kg: KnowledgeGraph, lex: Lexicon) -> None:
        super().__init__(kg)
        self.role_hits: set[str] = set()
        self.said_words: dict[int, set[str]] = {}  # a set's words that name a quoted value's
        self.lex = lex
        # the lineage relations, and which end of each the other grew out of
        self._origin = {r: rt.origin for r, rt in self.schema.relation_types.items() if rt.lineage}
        # the relations that say what an entity is a part or an office of
        self._belongs_to = {r for r, rt in self.schema.relation_types.items()
                            if rt.composition or rt.source and all(
                                self.schema.is_a(t, "office") for t in rt.source)}

    # -- sets -------------------------------------------------------------------------------

    def is_a(self, node: str, types: Iterable[str]) -> bool:
        t = self.g.nodes[node].get("type", "")
        return any(self.schema.is_a(t, want) for want in types)

    def word_matches(self, words: list[str]) -> dict[str, float]:
        """Entities scored by how many of ``words`` their text has (names count most)."""
        if not words:
            return {}
        total: dict[str, float] = {}
        for w in words:
            for node, weight in self.lex.entities_for(w).items():
                total[node] = total.get(node, 0.0) + weight / 3
        return {n: s / len(words) for n, s in total.items()}

    def affiliated(self, ids: list[str]) -> set[str]:
        """Entities that belong to one of ``ids``: its parts and theirs (the DEA, part of
        the Justice Department, part of the United States), what is linked to it directly,
        the people who hold its offices or head its bodies, and what names it in its own
        text ("Attorney General of Colombia")."""
        out: set[str] = set()
        for a in ids:
            out.add(a)
            parts = self._descendants(a)
            # (a place is nobody's but through its parts: a country Mexico works with is
            # not Mexican)
            place = self.is_a(a, WHERE_TYPES)
            direct, not_its = set(), set()
            for side, origin in (("out", "target"), ("in", "source")):  # (its edges read once)
                for other, (_, _, key, attrs) in q.edges_of(self.kg, a, side):
                    rtype = attrs.get("type", key)
                    if rtype not in DOCUMENT_LINKS \
                            and (self._member_link(rtype) or not self.is_a(other, ["person"])) \
                            and not (place and self.is_a(other, WHERE_TYPES)):
                        direct.add(other)
                    # (not its: what it is a part or an office of, the office's country; the
                    # events it grew out of, the summit a working group grew out of)
                    if side == "out" and rtype in self._belongs_to or self._origin.get(
                            rtype) == origin and not self.is_a(other, ["person", *BODIES]):
                        not_its.add(other)
            direct -= not_its
            # and the parts of what it runs ("the first meeting of OPDAT": of the working
            # group it spearheaded), not of the bodies and countries it is linked to
            activities = {o for o in direct if self.is_a(o, ["event", "programme"])}
            out |= parts | direct | {p for o in activities for p in self.parts(o)}
            # the people who hold its offices or head its bodies ("a Mexican official")
            # (of its bodies and offices: who spoke at a meeting it attended, or said
            # something about it, is not one of its people)
            if len(out) < MAX_DESCRIBED:
                bodies = {n for n in parts | direct | {a} if self.is_a(n, BODIES)}
                # and the holders of the offices of its bodies (a deputy secretary of
                # state, of the Department of State, of the United States)
                bodies |= {o for b in (parts | {a}) & bodies if not self.is_a(b, ["office"])
                           for o, _ in q.edges_of(self.kg, b, "in") if self.is_a(o, ["office"])}
                out |= set(self.people_of(bodies - {a}))
            attrs = self.g.nodes[a]
            for name in (attrs.get("name", a), *(attrs.get("aliases") or ())):
                name_words = self.lex_words(name)
                if not name_words:
                    continue
                found: set[str] | None = None
                for w in name_words:  # (names, aliases and roles; not descriptions)
                    hits = {n for n, weight in self.lex.entities_for(w).items() if weight >= 2}
                    found = hits if found is None else found & hits
                # the name as a phrase, not its words apart ("United Mexican States" does
                # not name the United States)
                out |= {n for n in found or () if self._names_phrase(n, name_words)}
        return out

    def _names_phrase(self, node: str, words: list[str]) -> bool:
        """One of ``node``'s names or roles has ``words`` in a row."""
        from kgraph.ask.words import same_word

        k = len(words)
        return any(weight >= 2 and any(all(same_word(x, y) for x, y in zip(field[i:i + k], words))
                                       for i in range(len(field) - k + 1))
                   for weight, field in self.lex.fields.get(node, []))

    def _member_link(self, rtype: str) -> bool:
        """A relation that makes a person one of the other end's ("officials",
        "representatives", "head"): one whose source end has nouns of its own. A person
        who only spoke about a country is not one of its people."""
        rt = self.schema.relation_types.get(rtype)
        return rt is not None and bool(rt.source_nouns)

    def _descendants(self, node: str, depth: int = 5) -> set[str]:
        """The parts of ``node``, their parts, and so on."""
        found: set[str] = set()
        frontier = {node}
        for _ in range(depth):
            frontier = {p for n in frontier for p in self.parts(n)} - found - {node}
            if not frontier or len(found) > MAX_DESCRIBED:
                break
            found |= frontier
        return found

    def lex_words(self, text: str) -> list[str]:
        from kgraph.ask.words import FUNCTION_WORDS
        from kgraph.text import fold

        return [w for w in fold(str(text)).split() if w not in FUNCTION_WORDS]

    def role_words(self, words: list[str]) -> bool:
        """True when every word is one of someone's office or role ("prosecutors")."""
        from kgraph.ask.words import same_word

        # (a person's or an office's roles: a role word is one even where a name has it
        # too, as in the alias "Attorney General Sessions"; a document's title is none)
        return bool(words) and all(
            any(weight == 2 and any(same_word(w, x) for x in field)
                for node in self.lex.entities_for(w) if self.is_a(node, ["person", "office"])
                for weight, field in self.lex.fields.get(node, []))
            for w in words)

    def _with_holders(self, scored: dict[str, float]) -> dict[str, float]:
        """``scored`` with the holders of its offices, scored as their office ("which
        attorneys general": the acting prosecutor general too, whose office the sources
        also call the Mexican attorney general)."""
        offices = {n: v for n, v in scored.items() if self.is_a(n, ["office"])}
        out = dict(scored)
        for person, edges in self.people_of(offices).items():
            out[person] = max(out.get(person, 0.0), *(offices.get(e[1], 0.0) for e in edges))
        return out

    def _holds(self, node: str, words: list[str]) -> bool:
        """One of the node's roles or offices has every one of ``words``."""
        from kgraph.ask.words import same_word

        return any(weight == 2 and all(any(same_word(x, y) for y in field) for x in words)
                   for weight, field in self.lex.fields.get(node, []))

    def _fits_where_when(self, node: str, s: EntitySet) -> bool:
        if s.period is not None and not _overlaps(self.g.nodes[node], s.period):
            return False
        return not s.qualifiers or node in s.qualifiers or any(
            other in s.qualifiers for other, _ in q.edges_of(self.kg, node, "both"))

    def describe_match(self, words: list[str]) -> dict[str, float]:
        """Entities scored by how well one of their names, aliases or roles fits
        ``words``: the share of the words it has, times how much of it they cover."""
        from kgraph.ask.words import FUNCTION_WORDS, same_word

        q = [w for w in dict.fromkeys(words) if w not in FUNCTION_WORDS]
        if not q:
            return {}
        postings = sorted((self.lex.entities_for(w) for w in q), key=len)
        pool: set[str] = set()
        for found in postings:  # the rarest words first: they say the most
            if pool and len(pool) + len(found) > MAX_DESCRIBED:
                break
            pool |= set(found)
        if len(pool) > MAX_DESCRIBED:
            pool = set(sorted(pool, key=lambda n: -postings[0].get(n, 0))[:MAX_DESCRIBED])
        out: dict[str, float] = {}
        self.role_hits = set()
        for node in pool:
            best = 0.0
            for weight, field_words in self.lex.fields.get(node, []):
                hit_q = sum(1 for x in q if any(same_word(x, y) for y in field_words))
                hit_f = sum(1 for y in field_words if any(same_word(x, y) for x in q))
                score = (hit_q / len(q)) * (0.5 + 0.5 * hit_f / len(field_words))
                score *= {3: 1.0, 2: 0.95}.get(weight, 0.7)
                best = max(best, score)
                if weight == 2 and hit_q == len(q):
                    self.role_hits.add(node)
            if best > 0:
                out[node] = best
        return out

    def candidates(self, s: EntitySet, out: Outcome, tokens_of: dict[str, set[int]]
                   ) -> set[str] | None:
        """The entities a set can be (None: any entity of its types). Describing words of
        the answer set are applied after the steps (see :meth:`narrow`)."""
        if s.named:
            # a quoted phrase beside a name ("called Mexico 'a reliable partner'") is not
            # something a named set uses: left to the text search
            out.unused_words += s.said
            named = {n for grp in s.groups for n in grp if n in self.g}
            # an office named ("the White House chief of staff that X met"): its holders
            # too, where the relation is one people have (the steps keep what fits)
            named |= set(self.people_of([n for n in named if self.is_a(n, ["office"])]))
            if s.period is None and not s.qualifiers:
                return named
            # "the June working group in Cartagena": the named thing, or those of its
            # parts, that fit the date and the place
            fits = {n for n in named if self._fits_where_when(n, s)}
            if fits:
                return fits
            parts = {p for n in named for p in self.parts(n) if self._fits_where_when(p, s)}
            if not parts:
                # neither it nor a part of it is of that date or place: it is answered
                # for, and that said
                out.partial = out.partial or "; ".join(
                    f"{self.g.nodes[n].get('name', n)} is not recorded "
                    + ("as dated in the period asked about" if s.period else "at that place")
                    for n in sorted(named))
            return parts or named
        cands: set[str] | None = None
        if s.end_of is not None:
            rtype, end, other = s.end_of
            cands = set()
            for grp in other.groups:
                for n in grp:
                    if n in self.g:
                        for nb, _ in q.edges_of(self.kg, n, "in" if end == "source" else "out",
                                                [rtype]):
                            cands.add(nb)
        for aff in s.affiliations:
            own = [n for n in aff if n in self.g and (not s.types or self.is_a(n, s.types))
                   and _overlaps(self.g.nodes[n], s.period)]
            # "the commitment to develop ...": the named entity is the one described
            found = set(own) if own and s.typed and not s.of_named else self.affiliated(aff)
            if s.of_named and s.typed:
                found -= set(aff)  # ("X's units": X's parts, not X; "the momentum of X": X)
            cands = found if cands is None else cands & found
        said_words: set[str] = set()
        if s.said:
            found, said_words = saying(self.kg, s.said, s.words)
            self.said_words[id(s)] = said_words
            if not found:  # the quoted words are no value the data holds: not understood
                out.unused_words += s.said
            cands = found if cands is None else cands & found
            for w in said_words:
                out.used_words |= s.word_tokens.get(w, set())
        if s.described:  # "the country described as the world's largest producer ..."
            from kgraph.ask.described import described

            found = described(self.lex, s.described)
            cands = found if cands is None else cands & found
            for text in s.described:
                if found:
                    out.used_words |= s.word_tokens.get(text, set())
                else:
                    out.unused_words.append(text)
        if s.numbers:
            found = with_number(self.kg, s.numbers, s.figure_of)
            cands = found if cands is None else cands & found
            if found:
                for w in s.numbers:
                    out.used_words |= tokens_of.get(w, set())
        if cands is not None:
            cands = {n for n in cands if (not s.types or self.is_a(n, s.types))
                     and _overlaps(self.g.nodes[n], s.period)}
        words = [w for w in s.words if w not in said_words]
        if not words or s.role == "answer":
            if cands is None and s.period is not None and s.role != "answer":
                cands = {n for n in self.all_of(s.types)
                         if _overlaps(self.g.nodes[n], s.period)}
            return cands
        if s.of_named and not s.types and not any(self.lex.known(w) for w in words):
            # "the budget of the working group": nothing else says what is asked, and the
            # data has never heard of what the words name (the name's own words would fit
            # anything of the name's)
            out.unused_words += words
            return set()
        scored = self.describe_match(s.text_words)
        if self.role_hits and not s.typed:
            # the words are an office ("attorney general"): the people who hold it, and the
            # office itself ("took office as attorney general"; the steps choose)
            scored = {n: v for n, v in scored.items()
                      if n in self.role_hits or self.is_a(n, ["office"])}
        elif not s.typed and self.role_words(s.words):
            # an office of a named body ("the attorneys general of El Salvador"): those who
            # hold it, not a meeting whose name has the same words
            scored = {n: v for n, v in scored.items()
                      if self._holds(n, s.words) or self.is_a(n, ["office"])}
            scored = self._with_holders(scored)
        scored = {n: v for n, v in scored.items()
                  if (not s.types or self.is_a(n, s.types))
                  and (s.period is None or _overlaps(self.g.nodes[n], s.period))}
        if cands is not None and set(scored) & cands:
            scored = {n: v for n, v in scored.items() if n in cands}
        elif cands is not None:
            scored = {}
        if scored:
            best = max(scored.values())
            keep = {n for n, v in scored.items() if v >= best * 0.8 and v >= 0.3}
            out.scores.update({n: scored[n] for n in keep})
            self._note_words(s, keep, out, tokens_of)
            if s.affiliations and s.role != "answer" and self.role_words(s.words):
                keep |= belonging.unnamed_holders(self, s, keep, out.notes)
            return keep
        if s.affiliations and s.role != "answer" and self.role_words(s.words):
            # "the attorneys general of El Salvador and Honduras", none of them recorded:
            # the data records the bodies they speak for in their place
            bodies = belonging.bodies_of(self, s, others=True)
            if bodies:
                out.notes.append(belonging.unnamed_note(self, s, bodies))
                for w in s.words:
                    out.used_words |= s.word_tokens.get(w, set())
                return bodies
        # the phrase's own words fit nothing: what it describes is not known
        out.unused_words += list(s.words)
        from kgraph.ask.words import AROUND, CONNECTION, HAPPEN

        if s.affiliations and not s.typed and s.role != "answer" \
                and not any(self.lex.known(w) or w in CONNECTION | AROUND | HAPPEN
                            for w in s.words):
            # "those MS-13 guys": words the data never uses, of a name: the named entity
            # itself, the words told as left out (a person's is another thing: "her trip")
            named = {n for aff in s.affiliations for n in aff if n in self.g}
            if not any(self.is_a(n, ["person"]) for n in named):
                return named
        return set()

    def _occasion(self, st: Step, s: EntitySet, found: set[str] | None, out: Outcome,
                  tokens_of: dict[str, set[int]]) -> set[str] | None:
        """The occasion a relation happened on ("during his trip to Washington") gives the
        relation its dates: those of the events the phrase fits (its words left out when
        they fit none), else the phrase's own date."""
        if not found and s.words:
            found = self.candidates(replace(s, words=[], text_words=[]), out, tokens_of)
        spans = [span for span in (_span(self.g.nodes[n]) for n in found or ())
                 if span is not None]
        if spans and len(spans) <= MAX_OCCASIONS:
            lo = min((x for x, _ in spans), key=lambda d: q._bounds(d)[0])
            hi = max((y for _, y in spans), key=lambda d: q._bounds(d)[1])
            st.period = (lo, hi)
        elif s.period is not None:
            st.period = s.period
        return found

    def _note_words(self, s: EntitySet, keep: set[str], out: Outcome,
                    tokens_of: dict[str, set[int]]) -> None:
        for w in s.text_words:
            if any(n in self.lex.entities_for(w) for n in keep):
                out.used_words |= tokens_of.get(w, set())
            elif w in s.words:
                out.unused_words.append(w)

    def narrow(self, s: EntitySet, found: set[str], out: Outcome,
               tokens_of: dict[str, set[int]]) -> set[str]:
        """The answers the answer set's describing words fit ("which police force"): all of
        them when the words fit none (the words are then reported as ignored)."""
        words = [w for w in s.words if w not in self.said_words.get(id(s), set())]
        if not words or not found:
            return found
        matched = self.describe_match(words)
        office_words = not s.typed and self.role_words(words)
        if office_words:
            matched = self._with_holders(matched)
        scored = {n: v for n, v in matched.items() if n in found}
        title = " ".join(fold(w) for w in s.text_words)
        if office_words and any(
                key == title or key.startswith(title + " ") for key in self.lex.roles):
            # "which U.S. Attorney" (the start of an office's title): whoever holds it,
            # when one of them is found
            holders = {n: v for n, v in scored.items() if self._holds(n, words)}
            # (else the people, offices and bodies among them, a body speaking for its
            # office's holder; a meeting whose name has the same words is none)
            scored = holders or {n: v for n, v in scored.items()
                                 if self.is_a(n, ["person", "office", *BODIES])}
        if not scored:
            if s.affiliations and self.role_words(words) and (
                    not s.types or "person" in s.types):
                # "the FGR prosecutors": people of the FGR; the body itself is not one
                # (a "prosecution body" is one: its type says so)
                return {n for n in found if self.is_a(n, ["person"])}
            out.unused_words += list(words)
            return found
        best = max(scored.values())
        keep = {n for n, v in scored.items() if v >= best * 0.5}
        out.scores.update({n: scored[n] for n in keep})
        self._note_words(s, keep, out, tokens_of)
        if s.typed and best <= 0.7 and len(keep) < len(found):
            # "which federal agencies": the type says what they are; a word only some of
            # their descriptions happen to use ranks those first and leaves none out
            out.notes.append(f"'{' '.join(words)}' is in the descriptions of "
                             f"{len(keep)} of {len(found)}: those first")
            return found
        return keep

    def _dated(self, nodes: Iterable[str]) -> bool:
        """Whether any of ``nodes`` has a date of its own."""
        return any(_has_date(self.g.nodes[n]) for n in nodes)

    def _dated_type(self, types: list[str]) -> bool:
        """Whether any entity of ``types`` has a date of its own (the types that have
        some are found once per graph, not per question)."""
        from kgraph.graph import derived

        dated = derived(self.kg, "_ask_dated_types", dated_types)
        return any(self.schema.is_a(t, want) for t in dated for want in types)

    def all_of(self, types: list[str]) -> set[str]:
        out = set()
        for n, attrs in self.g.nodes(data=True):
            if not types or any(self.schema.is_a(attrs.get("type", ""), t) for t in types):
                out.add(n)
                if len(out) > MAX_ENUMERATE:
                    break
        return out

    # -- the plan ---------------------------------------------------------------------------

    def people_of(self, nodes: Iterable[str]) -> dict[str, list[Edge]]:
        """The people linked to ``nodes`` by a relation that has only people at its source
        end: who holds an office, heads a body, said a statement."""
        found: dict[str, list[Edge]] = {}
        for n in nodes:
            for other, edge in q.edges_of(self.kg, n, "in"):
                rt = self.schema.relation_types.get(edge[3].get("type", edge[2]))
                if rt is not None and rt.source == ["person"] and self.is_a(other, ["person"]):
                    found.setdefault(other, []).append(edge)
        return found

    def run(self, plan: Plan, tokens_of: dict[str, set[int]]) -> Outcome:
        out = Outcome()
        for i, s in enumerate(plan.sets):
            named = [n for grp in s.groups for n in grp if n in self.g]
            if s.period and (not self._dated(named) if s.named
                             else s.types and not self._dated_type(s.types)
                             or not s.types and s.affiliations and not self._dated(
                                 aff_ids := [n for aff in s.affiliations for n in aff
                                             if n in self.g])
                             and not any(self.is_a(n, ["person"]) for n in aff_ids)):
                # "who met Mexican officials in December 2017", "who was Mexico's prosecutor
                # general at the time of the summit": people and offices have no dates; the
                # date is the relations' of the set
                for st in plan.steps:
                    if i in (st.left, st.right) and st.period is None:
                        st.period = s.period
                s.period = None
        cands: dict[int, set[str] | None] = {}
        for i, s in enumerate(plan.sets):
            cands[i] = self.candidates(s, out, tokens_of)
        for st in plan.steps:
            if st.during is not None:
                cands[st.during] = self._occasion(st, plan.sets[st.during], cands[st.during],
                                                  out, tokens_of)
        fitting.refit(self, plan, cands, out)
        self._propagate(plan, cands)
        seeded = False
        for st in plan.steps:  # (a step between two sets nothing else narrowed: from the
            # typed end not asked for, whole; else it would narrow neither)
            if cands[st.left] is None and cands[st.right] is None:
                side = st.right if st.right != plan.answer else st.left
                if plan.sets[side].types:
                    cands[side] = self.all_of(plan.sets[side].types)
                    seeded = True
        if seeded:
            self._propagate(plan, cands)
        for i, found in list(cands.items()):
            if found is None:
                cands[i] = self.all_of(plan.sets[i].types) if plan.sets[i].types else set()
        answer = self.narrow(plan.sets[plan.answer], cands.get(plan.answer) or set(), out,
                             tokens_of)
        # the most specific places: Cartagena, not Colombia beside it (reached through it)
        places = {n for n in answer if self.is_a(n, WHERE_TYPES)}
        answer -= {w for n in places for w in self.wholes(n) if w in places and w != n}
        cands[plan.answer] = answer
        out.candidates = {i: c or set() for i, c in cands.items()}
        out.answers = sorted(answer, key=lambda n: (-round(out.scores.get(n, 0.0), 9),
                                                    q._date_sort_key(self.g.nodes[n]),
                                                    str(self.g.nodes[n].get("name", n)).casefold()))
        self._how(plan, out)
        return out

    def _propagate(self, plan: Plan, cands: dict[int, set[str] | None]) -> None:
        """Narrow each set by its steps to the others, until nothing changes (four passes
        at most); a set still None is narrowed by nothing."""
        for _ in range(4):
            changed = False
            for st in plan.steps:
                for from_left in (True, False):
                    src, dst = (st.left, st.right) if from_left else (st.right, st.left)
                    if cands[src] is None:
                        continue
                    body = belonging.from_body(self, plan, st)
                    if body is not None:  # "who from the United States": its own
                        if dst != plan.answer:
                            continue
                        reached: dict[str, list[Edge]] = {
                            n: [] for n in belonging.own_people(self, body)}
                    else:
                        reached = self._reach_set(plan.sets[src], cands[src], st, from_left,
                                                  ids_only=True)
                    allowed = {n for n in reached
                               if not plan.sets[dst].types or self.is_a(n, plan.sets[dst].types)}
                    before = cands[dst]
                    new = allowed if before is None else before & allowed
                    if new != before:
                        cands[dst] = new
                        changed = True
            if not changed:
                break

    def _how(self, plan: Plan, out: Outcome) -> None:
        """The relations that make each answer given in full one: its steps' edges to the
        other side (found from the answers, so that a hub on the other side is not read
        whole)."""
        shown = out.answers[:MAX_ANSWERS]
        for st in plan.steps:
            if plan.answer not in (st.left, st.right):
                continue
            other = st.right if st.left == plan.answer else st.left
            s, them = plan.sets[other], out.candidates[other]
            if len(them) <= len(shown) or s.named and s.all_of and len(s.groups) > 1:
                reached = self._reach_set(s, them, st, other == st.left)
                for n in shown:
                    for e in reached.get(n, []):
                        out.how.setdefault(n, []).append(e)
                continue
            for n in shown:
                for o, es in self.reach([n], st, other != st.left).items():
                    if o in them:
                        out.how.setdefault(n, []).extend(es)

    def _reach_set(self, s: EntitySet, cands: set[str] | None, st: Step, from_left: bool,
                   ids_only: bool = False) -> dict[str, list[Edge]]:
        if cands is None:
            return {}
        if s.named and s.all_of and len(s.groups) > 1:
            # "both A and B": reached from every one of them
            per = [self.reach([n for n in grp if n in cands], st, from_left, ids_only)
                   for grp in s.groups]
            common = set(per[0])
            for r in per[1:]:
                common &= set(r)
            return {n: [e for r in per for e in r.get(n, [])] for n in common}
        return self.reach(cands, st, from_left, ids_only)


def dated_types(kg: KnowledgeGraph) -> dict[str, bool]:
    """The entity types some entity of which has a date of its own."""
    return {str(attrs.get("type", "")): True for _, attrs in kg.graph.nodes(data=True)
            if _has_date(attrs)}
