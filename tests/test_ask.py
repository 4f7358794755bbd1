"""`kgraph ask`: plain-English questions, through the CLI and its --json contract (issue 4).

* every example of ../shared/examples/questions.yaml is answered correctly;
* each question set of tests/questions/ (dev.yaml, heldout.yaml, fresh.yaml) is answered at least nine
  times in ten;
* questions it cannot parse get a helpful reply and exit 1, never a confident answer;
* how a question was understood comes first in the human output;
* typos and missing accents still find the entities;
* relation words are read in the right direction (on the small fixtures);
* a relation type added to a dataset's schema can be asked about.

A case has `q`, `include` (groups of alternative name fragments: some answer's name must
contain one fragment of each group, compared case-, accent- and punctuation-insensitively),
optionally `exclude` (fragments no answer's name may contain) and `path: true` (the JSON
carries "paths", each running from the first entity named to the second).
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from kgraph.api import KnowledgeGraph, load_graph
from kgraph.cli import app, console
from kgraph.text import fold

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "tests" / "questions" / "examples.yaml"  # the example questions users were given
QUESTION_SETS = REPO / "tests" / "questions"
FIXTURES = REPO / "tests" / "fixtures"
SMALL = FIXTURES / "small"
GRAPHS = FIXTURES / "graphs"
ENV = {"COLUMNS": "400", "KGRAPH_DATA": None}
INTENTS = {"lineage", "relation", "path", "neighbours", "timeline", "where", "when", "who-is",
           "count", "value", "text"}
ACCURACY = 0.9

runner = CliRunner()


@cache
def graph(path: Path | None = None) -> KnowledgeGraph:
    return load_graph([path] if path else None)


def run(*args: Any) -> Result:
    console.reset()
    result = runner.invoke(app, [str(a) for a in args], env=ENV)
    console.reset()
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    return result


def ask(question: str, data: Path | None = None) -> tuple[int, dict[str, Any]]:
    """``kgraph ask QUESTION --json``: exit code and the JSON (stdout holds nothing else)."""
    args = ["ask", question, "--json"]
    if data is not None:
        args += ["--data", str(data)]
    result = run(*args)
    return result.exit_code, json.loads(result.stdout)


def answer_ids(question: str, data: Path | None = None) -> list[str]:
    code, out = ask(question, data)
    assert code == 0, f"{question!r}: exit {code}: {out.get('error')}"
    return [a["id"] for a in out["answers"]]


# ---------------------------------------------------------------------------------------
# judging a case


def judge(case: dict[str, Any], data: Path | None = None) -> str | None:
    """None when ``kgraph ask`` answers the case correctly, else what is wrong."""
    code, out = ask(case["q"], data)
    if code != 0:
        return f"exit {code}: {out.get('error')}"
    answers = out["answers"]
    names = [fold(a["name"]) for a in answers]
    got = [a["name"] for a in answers][:8]
    understood = (out.get("interpretation") or {}).get("text")
    for group in case.get("include", []):
        if not any(fold(fragment) in name for fragment in group for name in names):
            return f"no answer matches {group}; got {got} (understood: {understood})"
    excluded = [f for item in case.get("exclude", [])
                for f in (item if isinstance(item, list) else [item])]  # flat or grouped
    for fragment in excluded:
        if any(fold(fragment) in name for name in names):
            return f"an answer matches excluded {fragment!r}; got {got}"
    if case.get("path"):
        return _judge_paths(case, out, data)
    return None


def _judge_paths(case: dict[str, Any], out: dict[str, Any], data: Path | None) -> str | None:
    paths = out.get("paths")
    if not paths:
        return "no 'paths' for a connection question"
    entities = out["interpretation"]["entities"]
    if len(entities) < 2:
        return f"a connection between fewer than two entities: {entities}"
    first, second = entities[0], entities[1]
    g = graph(data).graph
    for p in paths:
        if (p[0], p[-1]) != (first, second):
            return f"path {p} does not run from {first} to {second}"
        for u, v in pairwise(p):
            if not (g.has_edge(u, v) or g.has_edge(v, u)):
                return f"path {p}: no relation between {u} and {v}"
    groups = case.get("include", [])
    if len(groups) == 2:  # the two ends, in the order the question names them
        for end, group in ((first, groups[0]), (second, groups[1])):
            name = fold(g.nodes[end]["name"])
            if not any(fold(fragment) in name for fragment in group):
                return f"the path ends at {end}, not at the entity named {group}"
    return None


def contract_problems(question: str, out: dict[str, Any], kg: KnowledgeGraph) -> list[str]:
    """How the --json output departs from the contract of issue 4 (and the README)."""
    problems = []
    if not {"question", "interpretation", "answers"} <= set(out) <= {
            "question", "interpretation", "answers", "paths", "alternatives", "value", "match",
            "notes", "partial", "dataset",  # (every command's JSON names its dataset)
            "total", "offset", "limit", "shown", "truncated", "left_out"}:  # (the page)
        problems.append(f"top-level keys {sorted(out)}")
    if out.get("question") != question:
        problems.append(f"question is {out.get('question')!r}")
    interp = out.get("interpretation") or {}
    missing = {"intent", "entities", "relations", "text", "plan", "command"} - set(interp)
    if missing:
        problems.append(f"interpretation lacks {sorted(missing)}")
    if interp.get("intent") not in INTENTS:
        problems.append(f"intent {interp.get('intent')!r}")
    if interp.get("direction") not in ("forward", "backward", "both", None):
        problems.append(f"direction {interp.get('direction')!r}")
    problems += [f"unknown entity {e!r}" for e in interp.get("entities", [])
                 if e not in kg.graph]
    problems += [f"unknown relation type {r!r}" for r in interp.get("relations", [])
                 if r not in kg.schema.relation_types]
    for a in out.get("answers", []):
        if not {"id", "name", "type", "evidence"} <= set(a):
            problems.append(f"answer keys {sorted(a)}")
            continue
        node = kg.graph.nodes.get(a["id"])
        if node is None or (a["name"], a["type"]) != (node["name"], node["type"]):
            problems.append(f"answer {a['id']!r} is not that entity")
        if not a["evidence"]:
            problems.append(f"answer {a['id']!r} has no evidence")
        for ev in a["evidence"]:
            if ev.get("source") not in kg.sources or not ev.get("quote"):
                problems.append(f"answer {a['id']!r}: evidence {ev}")
    return problems


def load_cases(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        pytest.fail(f"question file {path} is missing: it is part of the test suite")
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(cases, list) and cases, f"{path} holds no questions"
    for case in cases:
        assert isinstance(case, dict) and case.get("q"), f"{path}: a case without 'q': {case}"
    return cases


def example_params() -> list[Any]:
    if not EXAMPLES.is_file():
        return [pytest.param(None, id="questions.yaml-missing")]
    cases = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")) or []
    return [pytest.param(case, id=case["q"]) for case in cases]


# ---------------------------------------------------------------------------------------
# (1) the shared examples


@pytest.mark.parametrize("case", example_params())
def test_example_question_is_answered(case: dict[str, Any] | None) -> None:
    if case is None:
        pytest.fail(f"{EXAMPLES} is missing: the example questions of issue 4 are a test")
    why = judge(case)
    assert why is None, f"{case['q']!r}: {why}"


@pytest.mark.parametrize("case", example_params())
def test_example_answer_follows_the_json_contract(case: dict[str, Any] | None) -> None:
    if case is None:
        pytest.fail(f"{EXAMPLES} is missing: the example questions of issue 4 are a test")
    code, out = ask(case["q"])
    assert code == 0, f"{case['q']!r}: exit {code}: {out.get('error')}"
    problems = contract_problems(case["q"], out, graph())
    assert not problems, f"{case['q']!r}: " + "; ".join(problems)
    assert ("paths" in out) == bool(case.get("path")), "paths is for connection questions"


# ---------------------------------------------------------------------------------------
# (2) the question sets: nine in ten


@pytest.mark.parametrize("name", ["dev.yaml", "heldout.yaml", "fresh.yaml"])
def test_question_set_accuracy(name: str) -> None:
    cases = load_cases(QUESTION_SETS / name)
    failures = []
    for case in cases:
        why = judge(case)
        if why is not None:
            failures.append(f"  {case['q']!r}: {why}")
    right = len(cases) - len(failures)
    assert right >= ACCURACY * len(cases), (
        f"{name}: {right}/{len(cases)} answered correctly, below {ACCURACY:.0%}; failing:\n"
        + "\n".join(failures))


def test_judge_rejects_wrong_answers() -> None:
    """The scoring itself: a right case passes, the same question with wrong expectations
    does not (so the accuracy tests above cannot pass by accident)."""
    case = {"q": "Who attended the Strelsau Summit?", "include": [["alice"], ["bob"]]}
    assert judge(case, SMALL) is None
    assert judge({**case, "include": [["ministry"]]}, SMALL) is not None
    assert judge({**case, "exclude": ["bob"]}, SMALL) is not None
    assert judge({**case, "path": True}, SMALL) == "no 'paths' for a connection question"


# ---------------------------------------------------------------------------------------
# (3) questions it cannot parse


@pytest.mark.parametrize("question", ["what is the meaning of life", "asdf qwerty"])
def test_unparseable_question_gets_suggestions_and_exit_1(question: str) -> None:
    result = run("ask", question)
    assert result.exit_code == 1
    assert result.stdout == "", "no answer is printed"
    lines = result.stderr.splitlines()
    assert lines[0].startswith("kgraph: could not turn the question into a query"), lines
    assert "Try one of:" in lines
    suggestions = [line.strip() for line in lines[lines.index("Try one of:") + 1:]]
    assert suggestions and all(s.startswith("kgraph ") for s in suggestions), suggestions

    code, out = ask(question)
    assert code == 1
    assert out["interpretation"] is None and out["answers"] == []
    assert out["question"] == question
    assert out["error"].startswith("could not turn the question into a query")
    assert out["suggestions"] == suggestions
    # the suggestions are commands that run
    for suggestion in out["suggestions"]:
        args = suggestion.split(" ", 2)[1:]
        if args[0] == "search":
            args = ["search", args[1].strip('"')]
        assert run(*args).exit_code in (0, 1), suggestion


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_is_a_usage_error(question: str) -> None:
    result = run("ask", question)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "kgraph: ask needs a question" in result.stderr


def test_no_question_at_all_is_a_usage_error() -> None:
    result = run("ask")
    assert result.exit_code == 2
    assert "Missing argument 'QUESTION" in result.stderr


# ---------------------------------------------------------------------------------------
# (4) the interpretation comes first


@pytest.mark.parametrize("question", [
    "what grew out of the Cartagena summit",  # lineage
    "Who attended the Cartagena summit?",  # relation
    "How is Jeff Sessions connected to MS-13?",  # path
    "Who is Ricardo Carriazo?",  # who-is
    "What is around OPDAT?",  # neighbours
    "What happened in 2018?",  # timeline
    "Where was the Trilateral Summit held?",  # where
])
def test_human_output_starts_with_the_interpretation(question: str) -> None:
    code, out = ask(question)
    assert code == 0, out.get("error")
    result = run("ask", question)
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first == f"Understood: {out['interpretation']['text']}"
    # and the answers follow it
    rest = result.stdout.split("\n", 1)[1]
    for a in out["answers"][:3]:
        assert a["name"][:40] in rest.replace("\n", " ") or a["id"] in rest


@pytest.mark.parametrize("question", [
    # 'Same as: kgraph neighbours' and an id longer than the line
    "What is around the Assistant Secretary of State for Intelligence and Research?",
    "Who attended Sessions's March 2017 meeting with three attorneys general?",
    "How is Jeff Sessions connected to MS-13?",  # path
])
def test_piped_answer_wraps_at_spaces_with_a_hanging_indent(question: str) -> None:
    def lines(columns: int) -> list[str]:
        console.reset()
        result = runner.invoke(app, ["ask", question], env={**ENV, "COLUMNS": str(columns)})
        console.reset()
        assert result.exit_code == 0, result.stdout + result.stderr
        return result.stdout.splitlines()

    def depth(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    def unwrapped(text: list[str]) -> list[str]:
        """Each line with the lines that continue it (one space deeper: records start at
        0, 3 or 6 spaces) joined back on."""
        out: list[str] = []
        for line in text:
            if depth(line) % 3 == 1:
                assert out and depth(line) == depth(out[-1]) + 1, line
                out[-1] += " " + line.strip()
            else:
                out.append(line)
        return out

    narrow, wide = lines(40), lines(10_000)
    assert any(depth(line) % 3 == 1 for line in narrow)  # something was wrapped
    assert not any(depth(line) % 3 == 1 for line in wide)
    assert unwrapped(narrow) == wide  # broken only at spaces: no word cut in two
    for line in narrow:  # a line too long is one word that does not fit
        assert len(line) <= 40 or " " not in line.strip(), line


# ---------------------------------------------------------------------------------------
# (5) typos and accents


def test_name_without_accents_and_middle_names() -> None:
    code, out = ask("Who is Nestor Martinez?")
    assert code == 0, out.get("error")
    assert out["interpretation"]["entities"] == ["nestor-humberto-martinez-neira"]
    assert [a["id"] for a in out["answers"]] == ["nestor-humberto-martinez-neira"]


def test_typo_in_an_alias() -> None:
    code, out = ask("Who attended the Cartagena sumit?")
    assert code == 0, out.get("error")
    assert out["interpretation"]["entities"] == ["trilateral-summit-2017"]
    assert {"jeff-sessions", "nestor-humberto-martinez-neira",
            "alberto-elias-beltran"} <= {a["id"] for a in out["answers"]}


@pytest.mark.parametrize("question", ["When was the U.S.-Mexico Strategic Dialog?",
                                      "When was the US-Mexico strategic dialogue?"])
def test_american_and_british_spellings_find_the_same_name(question: str) -> None:
    code, out = ask(question)
    assert code == 0, out.get("error")
    assert out["interpretation"]["entities"] == ["second-us-mexico-strategic-dialogue-2017"]


@pytest.mark.parametrize("question", [
    "Who organised the Trilateral Summit Against Transnational Organized Crime?",
    "Who organized the Trilateral Summit Against Transnational Organised Crime?",
])
def test_a_relation_word_that_is_also_in_the_name_stays_a_relation_word(
        question: str) -> None:
    code, out = ask(question)
    assert code == 0, out.get("error")
    interp = out["interpretation"]
    assert (interp["entities"], interp["relations"], interp["direction"]) == (
        ["trilateral-summit-2017"], ["organised"], "backward")
    assert "jeff-sessions" in {a["id"] for a in out["answers"]}


@pytest.mark.parametrize(("question", "entity", "answers"), [
    ("Which countries took part in the March 2017 meeting with Jeff Sessions?",
     "sessions-ags-el-salvador-guatemala-honduras-meeting-2017-03",
     {"el-salvador", "guatemala", "honduras"}),
    ("Where was the May 2017 meeting of Rex Tillerson?", "tillerson-washington-meetings-2017-05",
     {"washington-dc"}),
    ("What did Tillerson's February 2017 meetings give rise to?",
     "tillerson-mexico-meetings-2017-02", {"second-us-mexico-strategic-dialogue-2017"}),
    ("Who attended the summit with Colombia?", "trilateral-summit-2017",
     {"jeff-sessions", "nestor-humberto-martinez-neira", "alberto-elias-beltran"}),
])
def test_an_entity_named_by_its_type_a_date_and_a_neighbour(
        question: str, entity: str, answers: set[str]) -> None:
    code, out = ask(question)
    assert code == 0, out.get("error")
    interp = out["interpretation"]
    assert interp["entities"] == [entity]
    assert [m["match"] for m in interp["mentions"]] == ["reference"]
    assert answers <= {a["id"] for a in out["answers"]}


def test_a_description_that_fits_two_entities_names_neither() -> None:
    # Rex Tillerson had two meetings (February and May 2017): "the meeting of" is not one
    code, out = ask("Who attended the meeting of Rex Tillerson?")
    mentions = (out.get("interpretation") or {}).get("mentions") or []
    assert all(m["match"] != "reference" for m in mentions)
    # "meet" is a verb here, not the type "meeting"
    code, out = ask("Who did John Kelly meet with?")
    assert code == 0, out.get("error")
    assert out["interpretation"]["entities"] == ["john-kelly"]
    # and a description of an entity by its own type is that entity, not its neighbour
    code, out = ask("When did the TCO Working Group first meet?")
    assert code == 0, out.get("error")
    assert out["interpretation"]["entities"] == ["tco-working-group-first-meeting-2018"]


@pytest.mark.parametrize(("question", "expected"), [
    ("Who attended the Reunion de Medellin?",
     {"juan-perez-lima", "nestor-munoz", "oscar-nunez"}),
    ("who attended the REUNIÓN DE MEDELLÍN", {"juan-perez-lima", "nestor-munoz", "oscar-nunez"}),
    ("What did Oscar Nunez attend?", {"reunion-medellin"}),
    ("What did Néstor Muñoz Gómez attend?", {"reunion-medellin"}),
])
def test_accents_are_optional(question: str, expected: set[str]) -> None:
    assert set(answer_ids(question, GRAPHS / "names")) == expected


# ---------------------------------------------------------------------------------------
# (6) relation words read in the right direction


def interpretation(question: str, data: Path) -> tuple[dict[str, Any], set[str]]:
    code, out = ask(question, data)
    assert code == 0, f"{question!r}: {out.get('error')}"
    return out["interpretation"], {a["id"] for a in out["answers"]}


def test_who_attended_x_versus_what_did_p_attend() -> None:
    interp, answers = interpretation("Who attended the Strelsau Summit?", SMALL)
    assert (interp["entities"], interp["relations"], interp["direction"]) == (
        ["summit"], ["attended"], "backward")
    assert answers == {"alice", "bob"}
    interp, answers = interpretation("What did Bob Brown attend?", SMALL)
    assert (interp["entities"], interp["relations"], interp["direction"]) == (
        ["bob"], ["attended"], "forward")
    assert answers == {"summit"}


def test_lineage_forward_versus_backward() -> None:
    interp, answers = interpretation("What grew out of the Strelsau Summit?", SMALL)
    assert (interp["intent"], interp["direction"], interp["entities"]) == (
        "lineage", "forward", ["summit"])
    assert answers == {"group", "meeting2"}  # the working group and its meeting
    interp, answers = interpretation("What did the Example Working Group grow out of?", SMALL)
    assert (interp["intent"], interp["direction"], interp["entities"]) == (
        "lineage", "backward", ["group"])
    assert "summit" in answers and not answers & {"meeting2", "alice", "bob"}


def test_lineage_questions_in_a_cycle_terminate() -> None:
    cycle = GRAPHS / "cycle"
    interp, answers = interpretation("What grew out of the Alpha Programme?", cycle)
    assert interp["direction"] == "forward" and answers == {"gamma", "beta", "delta"}
    interp, answers = interpretation("What did the Alpha Programme grow out of?", cycle)
    assert interp["direction"] == "backward" and answers == {"beta", "gamma"}


def test_part_of_versus_includes() -> None:
    interp, answers = interpretation("What is the Bureau of Examples part of?", SMALL)
    assert "part_of" in interp["relations"] and interp["direction"] == "forward"
    assert "ministry" in answers and answers <= {"ministry", "ruritania"}
    interp, answers = interpretation("What does the Ministry of Tests include?", SMALL)
    assert (interp["relations"], interp["direction"]) == (["part_of"], "backward")
    assert answers == {"bureau"}


def test_connection_question_on_a_fixture_runs_from_first_to_second() -> None:
    code, out = ask("How is Paula Ortiz connected to Marco Silva?", GRAPHS / "parallel")
    assert code == 0
    assert out["paths"] == [["paula", "marco"]]
    code, out = ask("How is Marco Silva connected to Paula Ortiz?", GRAPHS / "parallel")
    assert out["paths"] == [["marco", "paula"]]


def test_no_connection_is_not_found_not_a_guess() -> None:
    code, out = ask("How is the North Agency connected to the South Agency?",
                    GRAPHS / "disconnected")
    assert code == 1
    assert out["answers"] == [] and "error" in out


# ---------------------------------------------------------------------------------------
# (7) a relation type added to the schema can be asked about


CUSTOM = GRAPHS / "custom-schema"


@pytest.mark.parametrize(("question", "direction", "expected"), [
    ("Who washes money for the Gulf Ring?", "backward", {"silvio-bank", "rita-moss"}),
    ("Who launders money for the Gulf Ring?", "backward", {"silvio-bank", "rita-moss"}),
    ("Who are the money launderers of the Gulf Ring?", "backward",
     {"silvio-bank", "rita-moss"}),
    ("Which criminal organisations does Rita Moss wash money for?", "forward", {"gulf-ring"}),
])
def test_a_relation_type_of_the_datasets_own_schema_is_askable(
        question: str, direction: str, expected: set[str]) -> None:
    interp, answers = interpretation(question, CUSTOM)
    assert (interp["relations"], interp["direction"]) == (["launders_for"], direction)
    assert answers == expected


def test_without_the_relation_type_the_question_has_no_answer(tmp_path: Path) -> None:
    """The same dataset with `launders_for` taken out of its schema (and its relations):
    the question can no longer be answered, so the type is what made it askable."""
    schema = yaml.safe_load((CUSTOM / "schema.yaml").read_text(encoding="utf-8"))
    del schema["relation_types"]["launders_for"]
    records = yaml.safe_load((CUSTOM / "graph.yaml").read_text(encoding="utf-8"))
    records["relations"] = [r for r in records["relations"] if r["type"] != "launders_for"]
    (tmp_path / "schema.yaml").write_text(yaml.safe_dump(schema), encoding="utf-8")
    (tmp_path / "graph.yaml").write_text(yaml.safe_dump(records, allow_unicode=True),
                                         encoding="utf-8")
    shutil.copy(CUSTOM / "rings.txt", tmp_path / "rings.txt")
    assert run("validate", "--data", tmp_path, "--sources", tmp_path).exit_code == 0
    code, out = ask("Who washes money for the Gulf Ring?", tmp_path)
    assert code == 1, f"answered {out['answers']} without the relation type"
    assert out["answers"] == []


def test_a_type_word_after_the_is_the_subject_not_the_answer_type() -> None:
    code, out = ask("What did the commitment to develop joint capacity building and training "
                    "programs lead to?")
    assert code == 0, out.get("error")
    assert out["interpretation"]["entities"] == ["jd-commitment-5-capacity-building"]
    assert "tco-working-group-first-meeting-2018" in {a["id"] for a in out["answers"]}


def test_a_summit_is_a_meeting() -> None:
    code, out = ask("What meetings did Jeff Sessions attend?")
    assert code == 0, out.get("error")
    assert {"trilateral-summit-2017",
            "sessions-ags-el-salvador-guatemala-honduras-meeting-2017-03"} <= {
        a["id"] for a in out["answers"]}


def test_answers_are_paged_like_every_listing() -> None:
    q = "who attended the Trilateral Summit?"
    code, whole = ask(q)
    everyone = [a["id"] for a in whole["answers"]]
    assert code == 0 and whole["total"] == len(everyone) > 3 and not whole["truncated"]
    first = run("ask", q, "--json", "--limit", "2")
    page = json.loads(first.stdout)
    assert [a["id"] for a in page["answers"]] == everyone[:2]
    assert (page["total"], page["shown"], page["truncated"]) == (len(everyone), 2, True)
    assert page["left_out"]["entities"] == len(everyone) - 2
    second = json.loads(run("ask", q, "--json", "-n", "2", "--offset", "2").stdout)
    assert [a["id"] for a in second["answers"]] == everyone[2:4]
    assert run("ask", q, "--count").stdout == f"{len(everyone)}\n"
    assert run("ask", q, "--ids").stdout.split() == everyone
    lines = run("ask", q, "--jsonl", "-n", "3").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == everyone[:3]
    text = run("ask", q, "-n", "2").stdout  # (not a terminal: plain lines)
    assert f"… and {len(everyone) - 2} more answers:" in text
    assert "1. " in text and "3. " not in text
    assert run("ask", q, "--count", "--ids").exit_code == 2


def test_a_phrase_after_two_joined_conditions_is_of_the_last() -> None:
    # "both in X and in Y with Z": Z narrows Y (the March meeting), not X (the summit)
    assert answer_ids("Which official took part both in the December 2017 Cartagena trilateral "
                      "summit and in the March meeting with the attorneys general of El "
                      "Salvador, Guatemala and Honduras?") == ["jeff-sessions"]


def test_in_which_city_did_they_meet_is_where_their_meeting_was() -> None:
    # the fronted "in which city" asks where, and the answer is a city
    assert answer_ids("In which city did Sessions hold talks with his Colombian and Mexican "
                      "counterparts?") == ["cartagena"]


def test_an_office_nobody_named_holds_is_not_a_meeting_named_after_it() -> None:
    # Sessions met the attorneys general of El Salvador, Guatemala and Honduras; the data
    # names none of them: the meeting whose name says "attorneys general" is no answer
    code, out = ask("What was the name of the attorney general of Honduras whom Sessions met "
                    "in March 2017?")
    assert code != 0 and out["answers"] == []


def test_a_body_speaks_for_its_office_s_holder_not_named() -> None:
    from test_ask_plans import graph, ids_of

    from kgraph.ask import answer

    # (the Southland Prosecutor General's Office came; Ben Ortiz, who holds the office,
    # did not)
    assert ids_of(answer(graph(), "which prosecutor general attended the Coast Watch "
                                  "session?")) == ["spo"]
