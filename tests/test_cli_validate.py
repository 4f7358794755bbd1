"""``kgraph validate`` through the CLI: output format, exit codes, --json, where data comes
from; and the installed entry points."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kgraph.cli import app, console

runner = CliRunner()

CLEAN = {
    "sources.yaml": "sources:\n  - {id: memo, title: Memo, file: memo.txt}\n",
    "entities.yaml": "entities:\n"
                     "  - {id: ann, type: person, name: Ann Lee, source: memo, quote: Ann Lee}\n"
                     "  - {id: talks, type: meeting, name: The Talks, source: memo, "
                     "quote: the talks}\n",
    "relations.yaml": "relations:\n  - {from: ann, type: attended, to: talks, source: memo, "
                      "quote: Ann Lee attended the talks}\n",
}
MEMO = "Ann Lee attended the talks in May."
BROKEN = "entities:\n  - {id: a, type: persn, name: A}\n"


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    console.reset()  # consoles are cached; the runner swaps stdout/stderr
    result = runner.invoke(app, list(args), env=env)
    console.reset()
    # no traceback: the only exception is the exit itself
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert "Traceback" not in result.output
    return result


def make(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in tmp_path, so file names are printed relative to it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KGRAPH_DATA", raising=False)
    return tmp_path


# -- exit 0 -----------------------------------------------------------------------------


def test_clean_data_exits_0_with_a_summary(here: Path) -> None:
    make(here / "data", CLEAN)
    result = invoke("validate", "--data", "data")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("data data: 3 file(s), 2 entities, 1 relations, 1 sources: 0 error(s), "
                             "0 warning(s) (quotes not checked: pass --sources DIR)\n")
    assert result.stderr == ""


def test_clean_data_with_sources_checked(here: Path) -> None:
    make(here / "data", CLEAN)
    make(here / "docs", {"memo.txt": MEMO})
    result = invoke("validate", "--data", "data", "--sources", "docs")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("data data: 3 file(s), 2 entities, 1 relations, 1 sources: 0 error(s), "
                             "0 warning(s)\n")


# -- exit 1 -----------------------------------------------------------------------------


def test_errors_exit_1_one_line_each_then_the_summary(here: Path) -> None:
    (here / "broken.yaml").write_text(BROKEN)
    result = invoke("validate", "--data", "broken.yaml")
    assert result.exit_code == 1, result.output
    assert result.stdout == (
        "broken.yaml:2:5: error: entity has no evidence: add 'source' (a source id) and "
        "'quote' (its words, verbatim) [missing-evidence]\n"
        "broken.yaml:2:19: error: unknown entity type 'persn' (did you mean 'person'?) "
        "[unknown-entity-type]\n"
        "data broken.yaml: 1 file(s), 1 entities, 0 relations, 0 sources: 2 error(s), "
        "0 warning(s)\n")


def test_quote_not_in_its_source_exits_1(here: Path) -> None:
    make(here / "data", CLEAN)
    make(here / "docs", {"memo.txt": MEMO.replace("attended", "skipped")})
    result = invoke("validate", "--data", "data", "--sources", "docs")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("data/relations.yaml:2:65: error: quote not found verbatim in source "
                        "'memo' (memo.txt): 'Ann Lee attended the talks' [quote-not-found]")
    assert lines[1].endswith(": 1 error(s), 0 warning(s)")


def test_warnings_exit_0_unless_strict(here: Path) -> None:
    make(here / "data", {**CLEAN, "empty.yaml": ""})
    result = invoke("validate", "--data", "data")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "data/empty.yaml: warning: empty file; expected a mapping with any of entity_types, "
        "relation_types, measures, sources, entities, relations [empty-file]")
    assert result.stdout.splitlines()[1].endswith(": 0 error(s), 1 warning(s) (quotes not "
                                                  "checked: pass --sources DIR)")
    strict = invoke("validate", "--data", "data", "--strict")
    assert strict.exit_code == 1, strict.output


def test_problems_of_every_file_sorted(here: Path) -> None:
    make(here / "data", {"b.yaml": BROKEN, "a.yaml": "- a list\n", "c.yaml": "x: [\n"})
    result = invoke("validate", "--data", "data")
    assert result.exit_code == 1
    located = [line.split(": ")[0] for line in result.stdout.splitlines()[:-1]]
    assert located == ["data/a.yaml:1:1", "data/b.yaml:2:5", "data/b.yaml:2:19",
                       "data/c.yaml:2:1"]


# -- --json -----------------------------------------------------------------------------


def test_json_output(here: Path) -> None:
    make(here / "data", {**CLEAN, "broken.yaml": BROKEN})
    result = invoke("validate", "--data", "data", "--json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report == {
        "ok": False,
        "dataset": {"kind": "paths", "name": "data data", "paths": ["data"]},
        "files": ["data/broken.yaml", "data/entities.yaml", "data/relations.yaml",
                  "data/sources.yaml"],
        # an entity with errors is still counted (it has an id, a type and a name)
        "entities": 3, "relations": 1, "sources": 1, "errors": 2, "warnings": 0,
        "problems": [
            {"file": "data/broken.yaml", "line": 2, "col": 5, "severity": "error",
             "rule": "missing-evidence",
             "message": "entity has no evidence: add 'source' (a source id) and 'quote' "
                        "(its words, verbatim)"},
            {"file": "data/broken.yaml", "line": 2, "col": 19, "severity": "error",
             "rule": "unknown-entity-type",
             "message": "unknown entity type 'persn' (did you mean 'person'?)"},
        ],
    }


def test_json_output_when_clean(here: Path) -> None:
    make(here / "data", CLEAN)
    result = invoke("validate", "--data", "data", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["ok"], report["problems"], report["errors"]) == (True, [], 0)


# -- exit 2 -----------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["--data", "nowhere"], "kgraph: data path 'nowhere' does not exist"),
    (["--data", "data", "--sources", "nodocs"],
     "kgraph: sources directory 'nodocs' does not exist"),
    (["--data", "emptydir"], "kgraph: no .yaml or .yml files in data directory 'emptydir'"),
])
def test_usage_errors_exit_2(here: Path, args: list[str], message: str) -> None:
    make(here / "data", CLEAN)
    (here / "emptydir").mkdir()
    (here / "emptydir" / "notes.txt").write_text("not yaml")
    result = invoke("validate", *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == message + "\n"


def test_sources_that_is_a_file_is_a_usage_error(here: Path) -> None:
    make(here / "data", CLEAN)
    (here / "memo.txt").write_text(MEMO)
    result = invoke("validate", "--data", "data", "--sources", "memo.txt")
    assert result.exit_code == 2, result.output
    assert "memo.txt" in result.stderr
    assert result.stdout == ""


def test_unknown_option_is_a_usage_error(here: Path) -> None:
    result = invoke("validate", "--colour")
    assert result.exit_code == 2
    assert "--colour" in result.stderr


# -- where the data comes from ----------------------------------------------------------


def test_kgraph_data_environment_variable(here: Path) -> None:
    make(here / "data", CLEAN)
    result = invoke("validate", env={"KGRAPH_DATA": "data"})
    assert result.exit_code == 0, result.output
    assert ": 3 file(s), 2 entities, 1 relations, 1 sources" in result.stdout
    broken = invoke("validate", env={"KGRAPH_DATA": str(here / "nowhere")})
    assert broken.exit_code == 2


def test_kgraph_data_may_name_several_paths(here: Path) -> None:
    make(here / "one", {k: CLEAN[k] for k in ("sources.yaml", "entities.yaml")})
    make(here / "two with space", {"relations.yaml": CLEAN["relations.yaml"]})
    result = invoke("validate", env={"KGRAPH_DATA": os.pathsep.join(["one",
                                                                     "two with space"])})
    assert result.exit_code == 0, result.output
    assert ": 3 file(s), 2 entities, 1 relations, 1 sources" in result.stdout


def test_data_option_wins_over_the_environment(here: Path) -> None:
    make(here / "data", CLEAN)
    (here / "broken.yaml").write_text(BROKEN)
    result = invoke("validate", "--data", "data", env={"KGRAPH_DATA": "broken.yaml"})
    assert result.exit_code == 0, result.output


def test_several_data_options_are_merged(here: Path) -> None:
    make(here / "one", {k: CLEAN[k] for k in ("sources.yaml", "entities.yaml")})
    make(here / "two", {"relations.yaml": CLEAN["relations.yaml"]})
    alone = invoke("validate", "--data", "two")
    assert alone.exit_code == 1  # the relation's ends and source are in the other root
    assert {line.rsplit("[", 1)[-1] for line in alone.stdout.splitlines()[:-1]} == {
        "dangling-reference]", "unknown-source]"}
    result = invoke("validate", "--data", "one", "-d", "two")
    assert result.exit_code == 0, result.output
    assert ": 3 file(s), 2 entities, 1 relations, 1 sources" in result.stdout


# -- the installed program ----------------------------------------------------------------

BIN = Path(sys.executable).parent


def run(*cmd: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KGRAPH_DATA"}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=cwd, env=env,
                          check=False)


@pytest.mark.parametrize("cmd", [[str(BIN / "kgraph"), "--help"],
                                 [sys.executable, "-m", "kgraph", "--help"]])
def test_installed_help(cmd: list[str], tmp_path: Path) -> None:
    result = run(*cmd, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "validate" in result.stdout
    assert "Usage:" in result.stdout
    assert result.stderr == ""


def test_installed_validate_separates_report_and_exit_code(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN)
    result = run(str(BIN / "kgraph"), "validate", "--data", "broken.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("broken.yaml:2:5: error: ")
    assert result.stderr == ""
    missing = run(str(BIN / "kgraph"), "validate", "--data", "nowhere", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stdout == ""
    assert missing.stderr == "kgraph: data path 'nowhere' does not exist\n"


# -- modelling warnings -------------------------------------------------------------------


def test_modelling_warnings_on_their_fixture(here: Path) -> None:
    """One of each (tests/fixtures/modelling): a figure its quote does not give, an orphan,
    two relation types on one quote, a venue that is not a place; exit 0, 1 with --strict."""
    fixture = Path(__file__).resolve().parent / "fixtures" / "modelling"
    shutil.copytree(fixture, here / "modelling")
    result = invoke("validate", "--data", "modelling", "--sources", "modelling")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        ("modelling/data.yaml:15:81: warning: the quote does not give the figure's value 20 "
         "(write the number as the quote does, or quote the words that give it) "
         "[figure-not-in-quote]"),
        ("modelling/data.yaml:16:5: warning: 'ports' (Minister of Ports) is linked to nothing: "
         "add the relation the sources give it, or drop it [orphan]"),
        ("modelling/data.yaml:20:70: warning: 'minister' and 'talks' are already linked by "
         "'organised' (modelling/data.yaml:19) on this quote; one fact, one relation: keep the "
         "type that says it best and drop 'attended' (or the other) [two-types-one-quote]"),
        ("modelling/data.yaml:21:38: warning: 'held_in' usually has a place or a country as its "
         "target, not an agency ('office'): link the one the source names, or use another "
         "relation type [unusual-end]"),
        ("data modelling: 1 file(s), 5 entities, 4 relations, 1 sources: 0 error(s), "
         "4 warning(s)"),
    ]
    assert invoke("validate", "--data", "modelling", "--strict").exit_code == 1
