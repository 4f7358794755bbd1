"""``kgraph diff OLD NEW`` on a real git repository made here, with two commits, and on
folders: what a data reviewer reads instead of a YAML text diff."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from projectkit import kgraph, kgraph_json

FIRST = {
    "data/sources.yaml": "sources:\n  - {id: memo, title: Memo}\n",
    "data/entities.yaml": """\
entities:
  - id: ann
    type: person
    name: Ann Lee
    description: A prosecutor.
    source: memo
    quote: Ann Lee
  - {id: bo, type: person, name: Bo Chen, source: memo, quote: Bo Chen}
  - {id: talks, type: meeting, name: The Lima talks, source: memo, quote: the talks}
""",
    "data/relations.yaml": """\
relations:
  - {from: ann, type: attended, to: talks, source: memo, quote: Ann Lee attended}
  - {from: bo, type: attended, to: talks, source: memo, quote: Bo Chen attended}
""",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Reviewer", "GIT_AUTHOR_EMAIL": "r@example.org",
           "GIT_COMMITTER_NAME": "Reviewer", "GIT_COMMITTER_EMAIL": "r@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout


def write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project in a git repository: a first commit, then a second that adds an entity
    and a relation, removes a relation, and changes a description and some evidence."""
    if shutil.which("git") is None:
        pytest.fail("git is needed: kgraph diff reads revisions with it")
    repo = tmp_path / "inquiry"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, {"kgraph.toml": '[project]\nname = "inquiry"\n', **FIRST})
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    entities = FIRST["data/entities.yaml"].replace(
        "description: A prosecutor.", "description: The chief prosecutor.").replace(
        "    quote: Ann Lee\n", "    quote: Ann Lee\n    aliases: [A. Lee]\n"
        "    evidence:\n      - {source: memo, quote: the prosecutor Ann Lee}\n")
    entities += "  - {id: cy, type: person, name: Cy Diaz, source: memo, quote: Cy Diaz}\n"
    relations = FIRST["data/relations.yaml"].replace(
        "  - {from: bo, type: attended, to: talks, source: memo, quote: Bo Chen attended}\n",
        "  - {from: cy, type: met_with, to: ann, source: memo, quote: Cy Diaz met Ann Lee, "
        "date: 2024-05}\n")
    write(repo, {"data/entities.yaml": entities, "data/relations.yaml": relations})
    git(repo, "commit", "-q", "-am", "second")
    monkeypatch.chdir(repo)
    return repo


def test_two_commits_record_by_record(repo: Path) -> None:
    out = kgraph_json("diff", "HEAD~1", "HEAD", code=1)
    assert out["identical"] is False
    assert out["old"]["kind"] == "revision" and len(out["old"]["commit"]) == 40
    assert [e["id"] for e in out["entities"]["added"]] == ["cy"]
    assert out["entities"]["added"][0]["evidence"] == [{"source": "memo", "quote": "Cy Diaz"}]
    assert out["entities"]["added"][0]["defined_at"] == "HEAD:data/entities.yaml:13"
    (ann,) = out["entities"]["changed"]
    changes = {c["field"]: c for c in ann["changes"]}
    assert set(changes) == {"aliases", "description", "evidence"}
    assert changes["description"] == {"field": "description", "old": "A prosecutor.",
                                      "new": "The chief prosecutor."}
    assert changes["aliases"]["added"] == ["A. Lee"]
    assert changes["evidence"]["added"] == [{"source": "memo",
                                             "quote": "the prosecutor Ann Lee"}]
    assert changes["evidence"]["removed"] == []
    assert [(r["from"], r["type"], r["to"]) for r in out["relations"]["added"]] == [
        ("cy", "met_with", "ann")]
    assert out["relations"]["added"][0]["date"] == "2024-05"
    assert [(r["from"], r["type"], r["to"]) for r in out["relations"]["removed"]] == [
        ("bo", "attended", "talks")]
    assert out["counts"]["entities"] == {"added": 1, "removed": 0, "changed": 1}


def test_readable_on_a_terminal(repo: Path) -> None:
    result = kgraph("diff", "main~1", "main", code=1)
    assert result.stdout.splitlines() == [
        "from main~1 to main: entities: 1 added, 1 changed; relations: 1 added, 1 removed",
        "+ entity cy: Cy Diaz [person]",
        "    “Cy Diaz” — memo",
        "~ entity ann: Ann Lee [person]",
        "    aliases + 'A. Lee'",
        "    description: 'A prosecutor.' -> 'The chief prosecutor.'",
        "    evidence + “the prosecutor Ann Lee” — memo",
        "+ relation cy met_with ann (2024-05)",
        "    “Cy Diaz met Ann Lee” — memo",
        "- relation bo attended talks",
        "    “Bo Chen attended” — memo",
    ]


def test_the_same_data_and_the_working_tree(repo: Path) -> None:
    result = kgraph("diff", "HEAD", "HEAD", code=0)
    assert result.stdout == "no changes in the data from HEAD to HEAD\n"
    kgraph("diff", "HEAD", code=0)  # the working tree is as committed
    kgraph("add", "entity", "person", "Di Fox", "--source", "memo", "--quote", "Di Fox")
    out = kgraph_json("diff", "HEAD", code=1)
    assert [e["id"] for e in out["entities"]["added"]] == ["di-fox"]
    assert out["new"] == {"given": "the data now", "kind": "folder"}


def test_folders_and_projects(repo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "colleague"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git"))
    assert kgraph("diff", copy, ".", code=0).stdout.startswith("no changes")
    (copy / "data" / "relations.yaml").write_text("relations: []\n")
    out = kgraph_json("diff", copy / "data", "data", code=1)
    assert len(out["relations"]["added"]) == 2 and out["old"]["kind"] == "folder"


def test_bad_sides_are_usage_errors(repo: Path) -> None:
    result = kgraph("diff", "no-such-branch", code=2)
    assert result.stderr == ("kgraph: 'no-such-branch' is neither a folder nor a git revision "
                             "of the repository here (try a branch, a tag, HEAD~1 or a "
                             "commit)\n")
    kgraph("diff", "--", "-x", code=2)
