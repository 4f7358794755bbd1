"""How the way a question is put is read, on the invented world of tests/test_ask_plans.py:
what it says of the record or of the asker, the time before or after a date or an event,
and questions that ask whether."""

from __future__ import annotations

import pytest
from test_ask_plans import graph, ids, ids_of

from kgraph.ask import answer
from kgraph.ask.polar import NotAmong
from kgraph.errors import NotFound


@pytest.mark.parametrize("question", [
    "Who attended the Autumn Forum, if the sources name them?",
    "Who attended the Autumn Forum (I believe it was in Hill Town)?",
    "Who attended the Autumn Forum, as far as the record shows?",
    "Who, if the documents say, attended the Autumn Forum?",
    "For my seminar notes: who attended the Autumn Forum?",
    "By name, who attended the Autumn Forum?",
    "Who attended the Autumn Forum, if any?",
    "Who attended the Autumn Forum (I mean people, not the police)?",
])
def test_what_a_question_says_of_the_record_or_the_asker_narrows_nothing(question: str) -> None:
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == ["ben", "cara"]
    hedge = [n for n in result["notes"] if n.startswith("read as said of the question")]
    assert len(hedge) == 1
    assert hedge[0].split(": ", 1)[1].strip("'") in question


def test_a_hedge_that_names_a_document_keeps_the_answers_quoted_from_it() -> None:
    # Eve Lin and Fay Moss are at the Harbour Week in the Courier's notes only
    result = answer(graph(), "Who attended the Harbour Week, as the Harbour Courier describes it?")
    assert sorted(ids_of(result)) == ["dan", "eve", "fay"]
    assert any(n.startswith("from 'Notes from the harbour'") for n in result["notes"])
    result = answer(graph(), "Who went to the Autumn Forum, if the Gazette says?")
    assert sorted(ids_of(result)) == ["ben", "cara"]
    assert any("'The Norland Gazette'" in n for n in result["notes"])


def test_a_frame_that_reports_a_claim_is_not_the_claim() -> None:
    assert sorted(ids("Who is said to have attended the Autumn Forum?")) == ["ben", "cara"]
    assert sorted(ids("Who reportedly went to the Autumn Forum?")) == ["ben", "cara"]


def test_a_clause_of_the_question_itself_is_no_hedge() -> None:
    from kgraph.ask.hedges import Hedges, _kind, hedges

    # a condition or a comparison that speaks of no record, and a part of the question
    for words in (["as", "opposed", "to", "hill", "town"], ["in", "port", "city"],
                  ["for", "the", "harbour", "police"], ["if", "held", "in", "hill", "town"]):
        assert _kind(words) is None, words
    assert _kind(["as", "the", "gazette", "reports", "it"]) == "record"
    assert _kind(["if", "any"]) == "empty"
    assert _kind(["i", "think"]) == "asker"
    assert _kind(["by", "name", "if", "the", "record", "does", "not", "give", "it"]) == "record"
    # a question with nothing but hedges is read as typed
    assert hedges("If the sources say, as I believe?") == ("If the sources say, as I believe?",
                                                          Hedges())
    # and a hedge goes with the mark that sets it off
    assert hedges("Who, if the record says, went there (I think)?")[0] == "Who went there?"
    assert hedges("For my notes: who went there, if any?")[0] == "who went there?"


def test_the_month_or_year_before_or_after_a_date_or_an_event() -> None:
    # the calendar month or year next to it, not all the time on that side: the Spring
    # Summit was on 2 April 2020, the Second Coast Watch session in January 2021 and the Pier
    # Conference on 10 January 2021, the Autumn Forum in October 2020
    assert sorted(ids("Which meetings took place in the year after the Spring Summit?")) == [
        "coast-watch-second", "pier-conference"]
    assert sorted(ids("Which meetings did Ben Ortiz attend in the year before 2021?")) == [
        "autumn-forum", "spring-summit"]
    with pytest.raises(NotFound, match="from 2020-09-01 to 2020-09-30"):
        answer(graph(), "Which meetings took place in the month before the Autumn Forum?")


def test_the_time_before_or_after_a_date_or_an_event() -> None:
    # Ben Ortiz went to the Spring Summit (2 April 2020) and the Autumn Forum (October 2020)
    assert ids("Which meetings did Ben Ortiz attend after the Spring Summit?") == ["autumn-forum"]
    assert ids("Which meetings did Ben Ortiz attend before the Autumn Forum?") == ["spring-summit"]
    assert ids("Which meetings did Ben Ortiz attend prior to June 2020?") == ["spring-summit"]
    # (put first, set off by a comma)
    assert ids("Following the Spring Summit, which meetings did Ben Ortiz attend?") == [
        "autumn-forum"]
    # "since" counts the date itself: Cara Diaz went to the Pier Conference on 10 January 2021
    assert ids("Which meetings did Cara Diaz attend since January 2021?") == ["pier-conference"]
    with pytest.raises(NotFound, match="from 2021-02-01 on; found nothing"):
        ids("Which meetings did Cara Diaz attend after January 2021?")
    # (nor, read as any relation, does an event dated outside the period stand in)
    with pytest.raises(NotFound):
        ids("Which meetings did Cara Diaz go to in 2019?")


def test_an_open_time_is_told_as_one_and_its_command_has_one_end() -> None:
    result = answer(graph(), "What happened after the Autumn Forum?")
    assert result["interpretation"]["text"] == "what happened from 2020-11-01 on"
    assert result["interpretation"]["command"] == ["kgraph timeline --from 2020-11-01"]
    assert "autumn-forum" not in ids_of(result) and "pier-conference" in ids_of(result)
    result = answer(graph(), "Which meetings did Ben Ortiz attend before June 2020?")
    assert result["interpretation"]["text"].endswith("up to 2020-05-31")


@pytest.mark.parametrize(("question", "expected", "read_as"), [
    # a named subject: among who did it
    ("Did Ben Ortiz attend the Autumn Forum?", ["ben"], "Who attend the Autumn Forum?"),
    ("Was Ada Vance at the Spring Summit?", ["ada"], "Who was at the Spring Summit?"),
    ("Did Ada Vance and Ben Ortiz both attend the Spring Summit?", ["ada", "ben"],
     "Who attend the Spring Summit?"),
    ("Was the Spring Summit held in Port City?", ["spring-summit"],
     "What was held in Port City?"),
    # a subject of "any": which
    ("Did any Southland officials attend the Spring Summit?", ["ben"],
     "Which Southland officials attend the Spring Summit?"),
    ("Did anyone from the Harbour Police attend the Harbour Week?", ["dan"],
     "Who from the Harbour Police attend the Harbour Week?"),
    ("Was a Norland agency at the Coast Watch session? Which one?",
     ["harbour-police", "harbour-unit"], "Which Norland agency was at the Coast Watch session?"),
    # an object of "any": which, asked of the subject
    ("Did Cara Diaz attend any meetings in Hill Town?", ["autumn-forum"],
     "Which meetings did Cara Diaz attend in Hill Town?"),
])
def test_a_question_that_asks_whether(question: str, expected: list[str], read_as: str) -> None:
    result = answer(graph(), question)
    assert result["value"] == "yes"
    assert sorted(ids_of(result)) == expected
    assert result["notes"][0] == f"read as: {read_as}"
    assert result["interpretation"]["text"].startswith("whether ")


def test_a_body_does_it_through_what_belongs_to_it() -> None:
    # Southland's Prosecutor General's Office sent a delegation to the Spring Summit
    result = answer(graph(), "Did Southland attend the Spring Summit?")
    assert result["value"] == "yes"
    assert "spo" in ids_of(result) and "southland" not in ids_of(result)
    assert any(n.startswith("Southland through what belongs to it: ") for n in result["notes"])


def test_not_among_the_answers_is_not_recorded_not_no() -> None:
    with pytest.raises(NotAmong, match="not recorded: Eve Lin is not among who attended "
                                       "Autumn Forum .those recorded are Ben Ortiz, Cara Diaz"):
        answer(graph(), "Did Eve Lin attend the Autumn Forum?")
    # a question understood that finds nothing says so, not what the words match in text
    with pytest.raises(NotFound, match="understood: .*found nothing"):
        answer(graph(), "Did Ben Ortiz attend any meetings in Hill Town in 2019?")


def test_a_description_that_is_a_question_of_its_own_is_asked_first() -> None:
    # Ben Ortiz, Prosecutor General of Southland, went to the Autumn Forum; Norland works
    # with Southland
    result = answer(graph(), "Which country cooperates with the country whose prosecutor "
                             "general attended the Autumn Forum?")
    assert ids_of(result) == ["norland"]
    note = result["notes"][0]
    assert note.startswith("'the country whose prosecutor general attended the Autumn Forum' "
                           "read as Southland (")
    assert result["interpretation"]["text"].startswith(
        "countries that cooperates with Southland, where Southland is ")
    # the commands of both: the phrase's, then the question's
    assert len(result["interpretation"]["command"]) == 2


def test_a_description_is_not_replaced_by_what_it_finds_loosely() -> None:
    from kgraph.ask.nested import nested

    # "blossomed" is no word of the data: the phrase would be read without it, unsaid
    result = answer(graph(), "Which operation grew out of the task force that blossomed at "
                             "the Spring Summit?")
    assert not any(n.startswith("'the task force") for n in result.get("notes", []))
    assert "blossomed at" in result["partial"]
    # and the phrases found: "whose" asks of a possessor, "that" of the noun itself
    found = nested("Who met the minister whose office ran the summit, and the group that "
                   "Ada Vance set up?")
    assert [(n.phrase, n.questions) for n in found] == [
        ("the group that Ada Vance set up",
         ["which group Ada Vance set up?", "which group did Ada Vance set up?"]),
        ("the minister whose office ran the summit", ["which minister's office ran the summit?"]),
    ]


def test_a_subject_described_in_an_inverted_question_ends_before_its_verb_somewhere() -> None:
    from kgraph.ask.nested import nested

    question = ("Which bureau does the office that leads the River Task Force coordinate the "
                "work with?")
    (found,) = nested(question)
    readings = found.readings()
    # as typed (up to the mark) first, then each shorter clause, the longest first
    assert readings[0] == ("which office leads the River Task Force coordinate the work with?",
                           len(question) - 1)
    cut = ("which office leads the River Task Force?", question.index(" coordinate"))
    assert cut in readings
    assert readings.index(cut) < readings.index(("which office leads the River?",
                                                 question.index(" Task")))
    # (not the subject of an inverted question: its clause runs to the mark)
    assert len(nested("Who met the office that leads the River Task Force?")[0].readings()) == 2


@pytest.mark.parametrize(("question", "expected", "read"), [
    ("Could you confirm who attended the Pier Conference?", ["cara", "ivo"],
     "read as: 'who attended the Pier Conference?'"),
    # (the question a request puts keeps a clause's order: read with its verb first)
    ("Please check where the Autumn Forum was held", ["hill-town"],
     "read as: where was the Autumn Forum held"),
    ("Would you verify which meetings Ben Ortiz attended?", ["autumn-forum", "spring-summit"],
     "read as: 'which meetings Ben Ortiz attended?'"),
])
def test_a_request_is_read_as_the_question_it_puts(question: str, expected: list[str],
                                                   read: str) -> None:
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == expected
    assert read in result["notes"]
    assert result.get("match") != "text"


def test_no_before_a_number_is_the_number_not_a_negation() -> None:
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon

    tokens, atoms = parse.atoms(graph(), "who is the Harbour Police's no. 2 official?",
                                lexicon(graph()))
    assert not any(a.kind == "not" for a in atoms)
    assert "number" in [t.norm for t in tokens]
    # (and "no" before anything else still negates)
    _, atoms = parse.atoms(graph(), "which meeting had no delegates?", lexicon(graph()))
    assert any(a.kind == "not" for a in atoms)


def test_a_surname_that_is_also_a_word_typed_in_lower_case() -> None:
    from kgraph.errors import NotFound as Nothing

    # beside another name, or what a connection is asked of: Mia Sessions
    for question, text in (
            ("which meetings did both sessions and ben ortiz attend?",
             "meetings that Mia Sessions and Ben Ortiz attended"),
            ("how is sessions linked to the harbour week?",
             "connection between Mia Sessions and Harbour Week")):
        with pytest.raises(Nothing, match=f"understood: {text}; found nothing"):
            answer(graph(), question)
    # alone, it is the word ("sessions": meetings)
    assert sorted(ids("Which sessions did Eve Lin attend?")) == [
        "coast-watch-session", "harbour-week"]


def test_a_question_typed_as_its_noun_phrase_without_that() -> None:
    result = answer(graph(), "meetings both ada vance and ben ortiz attended")
    assert ids_of(result) == ["spring-summit"]
    assert result["interpretation"]["text"] == "meetings that Ada Vance and Ben Ortiz attended"


def test_the_place_and_date_listed_after_a_name_are_said_in_passing() -> None:
    result = answer(graph(), "who went to the autumn forum, hill town, october 2020?")
    assert sorted(ids_of(result)) == ["ben", "cara"]
    assert [n for n in result["notes"] if n.startswith("read as said in passing")] == [
        "read as said in passing, not checked: 'hill town'",
        "read as said in passing, not checked: 'october 2020'"]


def test_a_name_followed_by_the_rest_of_its_title() -> None:
    # the Coast Watch session's own text says it was "on port security"
    result = answer(graph(), "who attended the Coast Watch session on Port Security?")
    assert sorted(ids_of(result)) == ["eve", "harbour-police", "harbour-unit", "spo"]
    assert result["interpretation"]["text"] == "who attended Coast Watch session"
    # words not of the entity's own text are not taken for its title
    with pytest.raises(NotFound, match="nothing on 'Port', 'Security'"):
        answer(graph(), "who attended the Spring Summit on Port Security?")


@pytest.mark.parametrize(("question", "expected"), [
    ("the Autumn Forum - when was that?", "when was the Autumn Forum?"),
    ("the Autumn Forum - who organised that?", "who organised the Autumn Forum?"),
])
def test_that_points_back_to_the_topic_where_nothing_follows_it(question: str,
                                                               expected: str) -> None:
    from kgraph.ask.topic import referred

    assert referred(question) == (expected, "the Autumn Forum")
    # ("that" before what it introduces is no pointing word)
    assert referred("the Autumn Forum - who organised the meeting that it grew from?") == (
        "who organised the meeting that the Autumn Forum grew from?", "the Autumn Forum")
    assert answer(graph(), question)["answers"]


@pytest.mark.parametrize(("question", "expected"), [
    ("With regard to the meeting in Hill Town that Ben Ortiz went to, who else attended it?",
     "who else attended the meeting in Hill Town that Ben Ortiz went to?"),
    ("In the context of the task force that grew out of the Spring Summit, what came of it?",
     "what came of the task force that grew out of the Spring Summit?"),
    ("As for the talks Ada Vance held in January, what grew out of them?",
     "what grew out of the talks Ada Vance held in January?"),
])
def test_a_topic_framed_by_a_preposition_is_what_the_question_points_back_to(
        question: str, expected: str) -> None:
    from kgraph.ask.topic import referred, unframed

    asked, topic = referred(question)
    assert asked == expected
    assert topic in expected and topic.startswith("the ")
    # a phrase not framed so is left as it is ("the summit", not "summit")
    assert unframed("the Spring Summit in Port City") == "the Spring Summit in Port City"
    assert unframed("Regarding the Spring Summit") == "the Spring Summit"


def test_a_framed_topic_is_found_and_stands_in_for_the_pointing_word() -> None:
    result = answer(graph(), "In the context of the task force that grew out of the Spring "
                             "Summit, which operation grew out of it?")
    assert ids_of(result) == ["operation-lantern"]
    assert "river" in result["notes"][0].lower()


def test_a_clause_the_question_is_asked_in_the_light_of_is_said_to_be_unchecked() -> None:
    # (its negation is not the question's: the question asks all it needs)
    result = answer(graph(), "Given that Ben Ortiz did not go to the Pier Conference, who "
                             "attended the Pier Conference?")
    assert sorted(ids_of(result)) == ["cara", "ivo"]
    assert "said first, in passing, not checked" in result["notes"][0]
    # pointing back to the clause's subject, a name: the name in the pointer's place
    result = answer(graph(), "Since Cara Diaz went to the Autumn Forum, which meeting did "
                             "she attend in January 2021?")
    assert ids_of(result) == ["pier-conference"]


def test_what_something_was_done_for_is_left_out_and_told() -> None:
    result = answer(graph(), "Which meetings did Ben Ortiz attend to discuss the harbour?")
    assert sorted(ids_of(result)) == ["autumn-forum", "spring-summit"]
    assert result["partial"] == "left out: 'discuss harbour' (what it was done for is not checked)"
    # with a date put first, and a clause of time no date is known for: the date stays
    result = answer(graph(), "In October 2020, a week or so after the thaw, which meetings did "
                             "Ben Ortiz attend to discuss the harbour?")
    assert ids_of(result) == ["autumn-forum"]
    assert result["interpretation"]["text"].startswith("meetings that Ben Ortiz attended in 2020-10")


def test_a_verb_whose_object_is_to_and_a_verb_has_no_purpose() -> None:
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon
    from kgraph.ask.rewording import purpose

    kg = graph()
    for question, expected in (("Which country did Ada Vance threaten to leave?", None),
                               ("Who did Ada Vance meet in order to plan the summit?", 5),
                               ("Who did Ada Vance meet to plan the summit?", 5)):
        tokens, atoms = parse.atoms(kg, question, lexicon(kg))
        at = purpose(tokens, atoms)
        assert (None if at is None else atoms[at].start) == expected, question


def test_not_long_after_is_no_negation() -> None:
    assert ids("In October 2020, not long after the summer, which meetings did Ben Ortiz "
               "attend?") == ["autumn-forum"]
    # (a "not" of the question's verb is one: the meetings, less those he attended)
    result = answer(graph(), "Which meetings did Ben Ortiz not attend?")
    assert "but not: meetings that Ben Ortiz attended" in result["interpretation"]["text"]


def test_a_description_in_brackets_is_said_in_passing() -> None:
    for question in ("Where was the Spring Summit held (the one Ada Vance attended)?",
                     "Where was the Spring Summit (i.e. the April one) held?"):
        result = answer(graph(), question)
        assert ids_of(result) == ["port-city"]
        assert any(n.startswith("read as said in passing, not checked: ")
                   for n in result["notes"])
    # (a question in brackets is no description: "(which one?)")
    from kgraph.ask.hedges import _describing

    assert not _describing(["which", "one"])
    assert not _describing(["the", "one", "where", "it", "was"])
    assert _describing(["i", "e", "the", "april", "one"])
    assert _describing(["incl", "the", "30", "in", "port", "city"])


def test_a_question_typed_as_its_noun_phrase_with_where_they_were() -> None:
    result = answer(graph(), "meetings in Hill Town")
    assert sorted(ids_of(result)) == ["autumn-forum", "coast-watch-session"]
    assert answer(graph(), "people at both the Spring Summit and the Autumn Forum")[
        "interpretation"]["text"] == "people that attended Spring Summit and Autumn Forum"


def test_what_the_schema_calls_the_ends_of_a_lineage() -> None:
    # (grew_out_of's source_nouns in the bundled schema: "outcome", "offshoot", ...)
    assert ids("What was the outcome of the Spring Summit?") == ["river-task-force"]


def test_who_from_a_body_is_one_of_its_own() -> None:
    # Ben Ortiz holds Southland's office, its Prosecutor General's Office is part of it;
    # Ada Vance, at the summit too, is Norland's (Norland works with Southland: not its own)
    assert sorted(ids("Who from Southland attended the Spring Summit?")) == ["ben", "spo"]
    # through the parts of its parts: Cara Diaz heads the Harbour Unit, of the Harbour Police
    assert ids("Who from Norland went to the Autumn Forum?") == ["cara"]


def test_a_day_of_the_week_is_left_out_and_told() -> None:
    result = answer(graph(), "Which meetings did Ben Ortiz attend on the Thursday of that week "
                             "in October 2020?")
    assert ids_of(result) == ["autumn-forum"]
    assert result["partial"] == ("left out: 'Thursday' (no day of the week is recorded)")
    assert ids("Which meetings did Ben Ortiz attend on a Thursday in October 2020?") == [
        "autumn-forum"]


@pytest.mark.parametrize("question", [
    ("Who represented the country described as the chief grain exporter of the south at the "
    "Spring Summit?"),
    ("Who represented the country the gazette calls the chief grain exporter of the south at "
    "the Spring Summit?"),
    ("At the Spring Summit, who represented the country described as the chief grain exporter "
    "of the south?"),
])
def test_a_country_described_without_a_relative_word_is_found_first(question: str) -> None:
    # Southland, so described, is found first; then who was at the summit for it. The
    # phrase ends before "at the Spring Summit", which says where they represented it
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == ["ben", "spo"]
    note = next(n for n in result["notes"] if " read as Southland " in n)
    assert note.startswith("'the country ") and note.split("' read as")[0].endswith(
        "of the south")


def test_the_readings_of_a_described_phrase_longest_first() -> None:
    from kgraph.ask.nested import nested

    found = nested("Who represented the country LatinNews calls the chief exporter of grain "
                   "at the summit?")
    assert [q for q, _ in found[0].readings()] == [
        "which country does LatinNews call the chief exporter of grain at the summit?",
        "which country does LatinNews call the chief exporter of grain?"]
    assert found[0].by == "LatinNews"
    found = nested("the gang described as the most violent")
    assert [q for q, _ in found[0].readings()] == ["which gang is described as the most violent?"]


def test_a_name_said_of_the_one_it_qualifies_is_shown() -> None:
    # "the Harbour Police at the Autumn Forum": which Harbour Police, said in the reading
    result = answer(graph(), "who spoke for the Harbour Police at the Autumn Forum?")
    assert "(related to Autumn Forum)" in result["interpretation"]["text"]


def test_a_phrase_of_place_put_first_is_read_after_the_question() -> None:
    # "At the Spring Summit, who represented Southland": who represented it there
    result = answer(graph(), "At the Spring Summit, who represented Southland?")
    assert sorted(ids_of(result)) == ["ben", "spo"]
    assert "partial" not in result


_SAID = "said first, in passing, not checked)"
_ASKED = "asked first, not answered here)"


@pytest.mark.parametrize(("question", "expected", "meant", "first"), [
    # a thing the statement brings in without naming it: the one it speaks of
    ("Operation Lantern grew out of a task force. What did it grow out of?", ["spring-summit"],
     "the task force that Operation Lantern grew out of", _SAID),
    # a thing it names, the latest first
    ("Ben Ortiz went to the Spring Summit. Where was it held?", ["port-city"],
     "the Spring Summit", _SAID),
    # its subject, whole
    ("The second Coast Watch session took place in January 2021. Where was it held?",
     ["port-city"], "the second Coast Watch session", _SAID),
    # a question whether, then one that points back to what it asks about
    ("Did Ada Vance attend the Spring Summit? Who else from Southland was there?",
     ["ben", "spo"], "the Spring Summit", _ASKED),
    # "they": the names together
    ("Is there a link between Ada Vance and Cara Diaz? How are they connected?",
     ["ada", "autumn-forum", "ben", "cara", "spring-summit"], "Ada Vance and Cara Diaz",
     _ASKED),
    # two questions set apart by a dash or a semicolon, the second pointing back
    ("What was Operation Lantern for — what did it grow out of?",
     ["harbour-watch", "river-task-force", "spring-summit"], "Operation Lantern", _ASKED),
    ("Who went to the Spring Summit; where was it held?", ["port-city"], "the Spring Summit",
     _ASKED),
    # a statement before a dash; "his": the person it names, before the later summit
    ("I read that Ben Ortiz spoke at the Spring Summit — what's his title?",
     ["ben", "southland-pg"], "Ben Ortiz", _SAID),
    # an event a time is said by; a second question not begun with a capital
    ("What happened after the Spring Summit? where was it held", ["port-city"],
     "the Spring Summit", _ASKED),
])
def test_a_question_after_a_sentence_it_points_back_to(question: str, expected: list[str],
                                                       meant: str, first: str) -> None:
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == expected
    note = result["notes"][0]
    assert f"('{meant}' in place of the word pointing back;" in note
    assert note.endswith(first)


def test_two_questions_the_second_not_pointing_back_are_read_as_typed() -> None:
    from kgraph.ask.discourse import follow_up

    assert follow_up("Who went to the Spring Summit; where was the Autumn Forum held?") is None
    # names alone before a dash are what the question is about, not a statement
    for question, read in (("Ada Vance and Cara Diaz — how are they connected?",
                            "connection between Ada Vance and Cara Diaz"),
                           ("the Spring Summit - where was it held?", "where: places that")):
        result = answer(graph(), question)
        assert result["interpretation"]["text"].startswith(read)
        assert not any("said first" in n for n in result.get("notes", []))


def test_a_question_whether_then_which_one_asks_for_the_list() -> None:
    result = answer(graph(), "Did Ada Vance attend the Spring Summit? Which one?")
    assert result["value"] == "yes"  # (no word points back: the follow-up of the question)


def test_what_a_statement_speaks_of() -> None:
    from kgraph.ask.discourse import referents

    assert referents(graph(), "Ada Vance spoke of the Lantern arrests at the Spring Summit "
                              "with a prosecutor.") == [
        "the prosecutor that Ada Vance spoke of the Lantern arrests at the Spring Summit with",
        "the Spring Summit", "Ada Vance"]


@pytest.mark.parametrize(("text", "period"), [
    ("the Dec. 14th dialogue", ("0000-12-14", "0000-12-14")),
    ("on 14th December 2017", ("2017-12-14", "2017-12-14")),
    ("the 14th of December", ("0000-12-14", "0000-12-14")),
    ("June 12th to 14th 2019", ("2019-06-12", "2019-06-14")),
    ("on 6-7 Dec 2017", ("2017-12-06", "2017-12-07")),
    ("on 6 and 7 December 2017", ("2017-12-06", "2017-12-07")),
    ("the 6th and 7th of December", ("0000-12-06", "0000-12-07")),
    ("December 6th and 7th, 2017", ("2017-12-06", "2017-12-07")),
])
def test_days_of_the_month_as_ordinals_and_spans(text: str, period: tuple[str, str]) -> None:
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon

    kg = graph()
    atoms = parse.atoms(kg, text, lexicon(kg))[1]
    assert [a.period for a in atoms if a.kind == "date"] == [period]


def test_a_day_of_a_month_in_any_year_is_that_day() -> None:
    # the Spring Summit was on 2 April 2020: "the 2nd of April" is it, "April 20th" is not
    assert sorted(ids("Who attended the summit of the 2nd of April?")) == ["ada", "ben", "spo"]
    with pytest.raises(NotFound):
        answer(graph(), "Who attended a meeting on April 20th?")
    # and "3 of December" is a number, not a day ("the 3 of them")
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon

    atoms = parse.atoms(graph(), "the 3 of December", lexicon(graph()))[1]
    assert [a.period for a in atoms if a.kind == "date"] == [("0000-12", "0000-12")]


@pytest.mark.parametrize("question", [
    "In January 2020 Ada Vance met ministers of justice from which countries?",
    "Ada Vance met ministers of justice from which countries?",
    "Ministers of justice from which countries did Ada Vance meet?",
    "In January 2020, Ada Vance met with the ministers of justice of which countries?",
    # the preposition put first with the phrase: the verb's
    "In January 2020, with the ministers of justice of which countries did Ada Vance meet?",
    "with the ministers of justice of which countries did Ada Vance meet?",
    ("In January 2020, not long after taking office, with the ministers of justice of which "
     "countries did Ada Vance meet?"),
])
def test_whose_people_asked_where_the_answer_would_stand(question: str) -> None:
    # "met <people> from which countries": which countries' people she met, the phrase
    # moved first with the date put first kept first
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == ["eastland", "westland"]
    if question.startswith("In January"):
        assert "in 2020-01" in result["interpretation"]["text"]


def test_a_phrase_of_whose_with_a_quoted_value_is_found_first() -> None:
    from kgraph.ask.nested import nested

    # the quotation is one value, its comma inside it: "which gang has the motto '...'"
    question = "Which operation arrested 41 members of the gang whose motto is 'silence, and gold'?"
    assert [n.phrase for n in nested(question)] == ["the gang whose motto is 'silence, and gold'"]
    assert nested(question)[0].questions[-1] == "which gang has the motto 'silence, and gold'?"
    result = answer(graph(), question)
    assert ids_of(result) == ["operation-lantern"]
    assert result["value"] == 41
    assert result["notes"][0].startswith("'the gang whose motto is 'silence, and gold'' read as "
                                         "Night Crew")


def test_a_place_of_a_country_whose_own_place_is_not_recorded_is_said_unchecked() -> None:
    # Hill Town's country is not recorded: it cannot be checked against Norland, and says so
    result = answer(graph(), "Which Norland city hosted the Autumn Forum?")
    assert ids_of(result) == ["hill-town"]
    assert result["partial"] == ("no place is recorded for these: whether they are in Norland "
                                 "could not be checked")
    # Port City is recorded in Norland: a whole answer; and not in Southland: none
    assert "partial" not in answer(graph(), "Which Norland city hosted the Spring Summit?")
    with pytest.raises(NotFound):
        answer(graph(), "Which Southland city hosted the Spring Summit?")


def test_a_word_describing_the_noun_of_a_relation_phrase_is_part_of_it() -> None:
    # "gave the big speech at": the listed "gave the speech at", described
    result = answer(graph(), "Who gave the big speech at the Pier Conference?")
    assert ids_of(result) == ["ivo"]
    assert result["interpretation"]["text"] == "who spoke at Pier Conference"


def test_a_relation_word_that_is_a_type_word_after_names_is_their_phrase_s_noun() -> None:
    # "the Westland-Eastland talks": meetings of the two, not "talks with"
    result = answer(graph(), "Who attended the Westland-Eastland talks?")
    assert sorted(ids_of(result)) == ["ada", "eastland", "westland"]
    assert result["interpretation"]["text"] == "who attended meetings of Eastland / Westland"


def test_a_closing_clause_of_manner_and_no_passive_after_did() -> None:
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon
    from kgraph.ask.rewording import manner

    kg = graph()
    tokens, atoms = parse.atoms(kg, "Which meetings did Ada Vance attend by flying to Port City?",
                                lexicon(kg))
    at = manner(tokens, atoms)
    assert at is not None and tokens[atoms[at].start].norm == "by"
    assert manner(*parse.atoms(kg, "Which meetings did Ada Vance attend?", lexicon(kg))) is None
    # "did ... spearhead by": the verb after "did" is no passive ("spearheaded by")
    tokens, atoms = parse.atoms(kg, "What did the Harbour Police run by asking Ben Ortiz?",
                                lexicon(kg))
    assert "run" in [a.text for a in atoms if a.kind == "relation"]
    assert [a.word for a in atoms if a.kind == "prep"] == ["by"]
    tokens, atoms = parse.atoms(kg, "Which operation was run by the Harbour Police?", lexicon(kg))
    assert [a.text for a in atoms if a.kind == "relation"] == ["was run by"]


def test_a_name_typed_with_an_article_it_has_not() -> None:
    # the alias is "Talks of Ada Vance with the ministers of justice of Westland and Eastland"
    result = answer(graph(), "Who attended the Talks of Ada Vance with the ministers of justice "
                             "of the Westland and Eastland?")
    assert sorted(ids_of(result)) == ["ada", "eastland", "westland"]
    assert result["interpretation"]["text"] == "who attended Valley Talks"


@pytest.mark.parametrize("question", [
    "At the November 2020 session in Hill Town, who spoke for Southland?",
    "Who spoke for Southland at the November 2020 session in Hill Town?",
])
def test_who_spoke_for_a_body_at_a_described_meeting(question: str) -> None:
    # "spoke for" a country is a relation with it (represents): one of Southland's at the
    # session, which is described (a date, a town), not named; a date put first is read
    # with the rest of the phrase put first
    result = answer(graph(), question)
    assert ids_of(result) == ["spo"]
    assert "partial" not in result


def test_a_figure_no_relation_or_attribute_gives_is_refused_not_text_matched() -> None:
    # no spending is recorded: the passages that use the words are no number
    with pytest.raises(NotFound, match="no figure the data records answers this"):
        answer(graph(), "How much money did the Harbour Police spend on Operation Lantern?")
    assert answer(graph(), "How many members did Operation Lantern arrest?")["value"] == 41


def test_a_manner_of_speaking_in_one_hyphenated_word_is_taken_out_whole() -> None:
    # "org-wise" is two words that share one span of the question: the note names it
    result = answer(graph(), "Who organised the Autumn Forum, org-wise?")
    assert ids_of(result) == ["harbour-police"]
    assert "read as said of the question, not of the answer: 'org-wise'" in result["notes"]


@pytest.mark.parametrize("question", [
    "so who organised the Autumn Forum?",
    "OK, so who organised the Autumn Forum?",
    "well who organised the Autumn Forum",
])
def test_words_that_open_a_turn_of_speech_say_nothing_of_the_question(question: str) -> None:
    assert ids_of(answer(graph(), question)) == ["harbour-police"]


def test_a_source_s_document_noun_before_its_verb_of_describing_names_the_source() -> None:
    # "the Gazette article describes as": the Gazette's, with its noun for a document
    result = answer(graph(), "which country does the Gazette article describe as the largest "
                             "exporter of timber?")
    assert ids_of(result) == ["eastland"]
    assert any(n.startswith("from 'The Norland Gazette' ('Gazette article')")
               for n in result["notes"])


@pytest.mark.parametrize(("question", "expected"), [
    ("Which operation grew out of the task force the Spring Summit led to?",
     ["operation-lantern"]),
    ("who attended the summit Ben Ortiz went to?", ["ada", "spo"]),
])
def test_a_clause_without_that_describes_the_noun_before_it(question: str,
                                                            expected: list[str]) -> None:
    assert sorted(ids_of(answer(graph(), question))) == expected


@pytest.mark.parametrize(("question", "expected", "read_as"), [
    # a question word's phrase, then its subject before the verb, as in a clause: the
    # auxiliary put first, or "did" and the verb's base form when there is none
    ("which country the agency that organised the Autumn Forum is part of?", ["norland"],
     "which country is the agency that organised the Autumn Forum part of?"),
    ("which meeting Ben Ortiz attended?", ["autumn-forum", "spring-summit"],
     "which meeting did Ben Ortiz attend?"),
    ("in which city the meeting that Cara Diaz attended was held?", ["hill-town"],
     "in which city was the meeting that Cara Diaz attended held?"),
])
def test_a_question_whose_subject_comes_before_its_verb(question: str, expected: list[str],
                                                        read_as: str) -> None:
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == expected
    assert f"read as: {read_as}" in result["notes"]


@pytest.mark.parametrize(("question", "expected", "stood_in"), [
    # a described topic set off by a comma before a question word, pointed back to: what
    # it finds in the pronoun's place when that is one thing, else the phrase itself
    ("The agency that organised the Autumn Forum, which country is it part of?", ["norland"],
     True),
    ("the meeting that Cara Diaz attended, in which city was it held?", ["hill-town"], False),
])
def test_a_topic_set_off_by_a_comma_and_pointed_back_to(question: str, expected: list[str],
                                                        stood_in: bool) -> None:
    from kgraph.ask.topic import referred

    pointed = referred(question)
    assert pointed is not None and pointed[1] == question.split(",")[0]
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == expected
    note = result["notes"][0]
    if stood_in:
        assert note.startswith("read as: '") and f"('{pointed[1]}' read as " in note
    else:
        assert note.startswith(f"read as: '{pointed[0]}' ('{pointed[1]}' in place of")
    # a comma before a question word that points back to no topic is no topic's end
    assert referred("At the Spring Summit, who represented Southland?") is None


@pytest.mark.parametrize(("question", "read_as"), [
    # a topic, then a question word and words that say nothing of their own: the question
    # word's question, of the topic (set off by a comma too; a relative "who" inside it)
    ("the people that attended the Spring Summit, which ones were?",
     "what are the people that attended the Spring Summit?"),
    ("the people who attended the Spring Summit, who are they?",
     "who is the people who attended the Spring Summit?"),
    ("the people that attended the Spring Summit -- which ones exactly?",
     "what are the people that attended the Spring Summit?"),
])
def test_a_question_word_alone_after_its_topic(question: str, read_as: str) -> None:
    from kgraph.ask.headline import headline

    assert headline(question) == read_as
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == ["ada", "ben"]
    # a tail with words of its own is no bare question word
    assert headline("the people that attended the Spring Summit, which ones came back?") is None


def test_a_described_topic_found_first_stands_in_for_the_word_pointing_back() -> None:
    # "its unit" of the phrase itself would run the phrase's clause into the question
    question = "the agency that organised the Autumn Forum, which operation did its unit run?"
    result = answer(graph(), question)
    assert ids_of(result) == ["operation-lantern"]
    assert result["notes"][0] == (
        "read as: 'which operation did Harbour Police's unit run?' ('the agency that "
        "organised the Autumn Forum' read as Harbour Police: 'what is the agency that "
        "organised the Autumn Forum?')")


def test_a_topic_found_as_a_figure_does_not_stand_in() -> None:
    from kgraph.ask.standin import stood_in

    figure = {"answers": [{"name": "Norland"}], "value": 3, "interpretation": {}}
    assert stood_in("the boats that Norland seized, how many were they?",
                    lambda _: (figure, []), (NotFound,)) is None


def test_both_inside_a_relation_phrase_pairs_what_follows() -> None:
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon

    kg = graph()
    question = "Which meetings were part both of Coast Watch and of the Harbour Police?"
    _, atoms = parse.atoms(kg, question, lexicon(kg))
    kinds = [a.kind for a in atoms if a.kind not in ("filler", "punct")]
    assert kinds[:4] == ["wh", "type", "relation", "both"]
    relation = next(a for a in atoms if a.kind == "relation")
    assert relation.lemma == "be part of" and ("part_of", True) in relation.senses
    # each object kept: no meeting is part of both
    with pytest.raises(NotFound, match="found nothing"):
        answer(kg, question)


def test_whose_asks_for_who_had_what_its_noun_names() -> None:
    from kgraph.ask.insitu import owner_asked

    question = "Whose meetings did the Harbour Police organise?"
    assert owner_asked(question) == "who had the meetings that the Harbour Police organise?"
    result = answer(graph(), question)
    assert "autumn-forum" not in ids_of(result)  # (not the meetings themselves)
    assert sorted(ids_of(result)) == sorted(ids_of(answer(
        graph(), "who attended the meetings that the Harbour Police organised?")))
    assert result["notes"][0] == f"read as: {owner_asked(question)}"
    # "whose" inside a phrase is no question word of its own
    assert owner_asked("the country whose prosecutor general is Ben Ortiz") is None


def test_that_and_a_noun_points_back_to_one_of_several_a_statement_brings_in() -> None:
    from kgraph.ask.discourse import pointed_back, referents

    said = "The Gazette describes one of the three countries as the chief grain exporter"
    assert referents(graph(), said)[0] == (
        "the country that the Gazette describes as the chief grain exporter")
    asked: list[str] = []

    def read(text: str) -> tuple[dict, list[str]]:
        asked.append(text)
        return {"answers": [{"id": "ben"}], "interpretation": {}}, []

    question = said + ". Who is the prosecutor general of that country?"
    result = pointed_back(graph(), question, read, (NotFound,))
    assert asked[0] == ("Who is the prosecutor general of the country that the Gazette "
                        "describes as the chief grain exporter?")
    assert result is not None and result[0]["question"] == question
    # a pointing phrase whose noun the statement brings in nothing of: not read so
    assert pointed_back(graph(), said + ". Who organised that meeting?", read,
                        (NotFound,)) is None


@pytest.mark.parametrize(("question", "first", "second"), [
    ("Operation Lantern - where did it come from, which task force did it grow out of?",
     "Operation Lantern - where did it come from?",
     "Operation Lantern - which task force did it grow out of?"),
    ("who did Ada Vance meet, and where they met her?", "who did Ada Vance meet?",
     "where they met her?"),
])
def test_the_two_questions_asked_in_one(question: str, first: str, second: str) -> None:
    from kgraph.ask.double import questions

    assert questions(question) == (first, second)


def test_two_questions_in_one_that_read_as_one_find_nothing_answer_the_first() -> None:
    question = "who did Ada Vance meet, and where they met her?"
    first = "who did Ada Vance meet?"
    result = answer(graph(), question)
    assert ids_of(result) == ids_of(answer(graph(), first))
    assert result["notes"][0] == (f"read as: '{first}' (two questions in one; also asked, "
                                  "not answered here: 'where they met her?')")


def test_a_phrase_before_a_question_is_no_question_of_its_own() -> None:
    from kgraph.ask.double import questions

    assert questions("Within the agency in which Cara Diaz works, which unit heads "
                     "the watch?") is None
    assert questions("who attended the Spring Summit?") is None


@pytest.mark.parametrize(("question", "expected", "said"), [
    ("Where was the Spring Summit held, not where it was planned?", ["port-city"],
     "not where it was planned"),
    ("Who heads the Harbour Unit (not its deputy)?", ["cara"], "not its deputy"),
])
def test_a_contrast_after_the_question_is_said_in_passing(question: str, expected: list[str],
                                                          said: str) -> None:
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == expected
    assert f"'{said}' read as a contrast, said in passing, not checked" in result["notes"]


def test_no_contrast_where_not_qualifies_or_is_the_verbs() -> None:
    from kgraph.ask.contrast import contrasted

    kg = graph()
    assert contrasted(kg, "Who, not only from Southland, attended the Spring Summit?") is None
    assert contrasted(kg, "In October 2020, not long after the summer, who met Ben?") is None
    assert contrasted(kg, "Which meetings did Ben Ortiz not attend?") is None


def test_was_it_one_or_the_other_chooses_among_the_names() -> None:
    from kgraph.ask.among import NoneWithin

    result = answer(graph(), "Was it Ada Vance or Cara Diaz who attended the Autumn Forum?")
    assert ids_of(result) == ["cara"]
    assert result["interpretation"]["text"].endswith(", among Ada Vance or Cara Diaz")
    with pytest.raises(NoneWithin):  # (neither is recorded so: no answer from outside them)
        answer(graph(), "Was it Ada Vance or Hugo Lind who attended the Autumn Forum?")


def test_a_phrase_of_names_alone() -> None:
    from kgraph.ask.naming import names_alone

    kg = graph()
    assert names_alone(kg, "Ada Vance and Cara Diaz") == ["ada", "cara"]
    assert names_alone(kg, "Ada Vance or the Harbour Unit") == ["ada", "harbour-unit"]
    assert names_alone(kg, "Ada Vance's deputy") == []
    assert names_alone(kg, "the ministers") == []


def test_whose_noun_of_the_verbs_own_phrase_asks_for_its_object() -> None:
    from kgraph.ask.insitu import owned_by_verb
    from kgraph.ask.lexicon import lexicon

    # "build on the momentum of" is a relation's phrase: whose momentum is what it built on
    result = answer(graph(), "Whose momentum did Operation Lantern build on?")
    assert "river-task-force" in ids_of(result)
    assert result["notes"][0] == ("read as: what did Operation Lantern build on the momentum "
                                  "of?")
    # a noun no relation's phrase has: who had it, as before
    assert owned_by_verb(lexicon(graph()), "Whose boats did Operation Lantern seize?") is None
