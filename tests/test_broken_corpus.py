"""Every case of the broken-data corpus (tests/fixtures/broken/) through ``kgraph validate``:
the exit code, exactly the expected problems, and never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from kgraph.cli import app, console

BROKEN = Path(__file__).parent / "fixtures" / "broken"
MANIFEST: dict[str, dict[str, Any]] = yaml.safe_load(
    (BROKEN / "expected.yaml").read_text(encoding="utf-8"))
LINE = re.compile(r"(?P<where>\S+?): (?P<severity>error|warning): (?P<message>.*) "
                  r"\[(?P<rule>[a-z]+(?:-[a-z]+)*)\]\Z")
SUMMARY = re.compile(r"(?:.+: )?\d+ file\(s\), \d+ entities, \d+ relations, \d+ sources: "
                     r"(?P<errors>\d+) error\(s\), (?P<warnings>\d+) warning\(s\)")

runner = CliRunner()


def validate(case: str, args: list[str]):
    console.reset()
    result = runner.invoke(app, ["validate", "--data", case, *args])
    console.reset()
    return result


@pytest.fixture(autouse=True)
def _in_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)  # file names are reported relative to it
    monkeypatch.delenv("KGRAPH_DATA", raising=False)


@pytest.mark.parametrize("case", list(MANIFEST))
def test_case(case: str) -> None:
    spec = MANIFEST[case]
    result = validate(case, spec.get("args", []))
    # never a traceback: the only exception is the exit (none when the data passes)
    assert result.exception is None and result.exit_code == 0 \
        or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == spec.get("exit", 1), result.output
    if result.exit_code == 2:
        assert result.stdout == ""
        assert result.stderr == spec["stderr"] + "\n"
        return
    assert result.stderr == ""
    *lines, summary = result.stdout.splitlines()
    reported = []
    for line in lines:
        m = LINE.match(line)
        assert m, f"not 'file:line:col: severity: message [rule]': {line!r}"
        reported.append(f"{m['where']} {m['rule']}")
    assert sorted(reported) == sorted(spec["problems"])
    assert lines == sorted(lines, key=_position), "problems are not in order"
    counts = SUMMARY.match(summary)
    assert counts, summary
    assert int(counts["errors"]) + int(counts["warnings"]) == len(lines)
    for words in spec.get("says", []):
        assert words in result.stdout


def _position(line: str) -> tuple[str, int, int]:
    where = LINE.match(line)["where"].split(":")  # type: ignore[index]
    return (where[0], int(where[1]), int(where[2])) if len(where) == 3 else (where[0], 0, 0)


def test_every_fixture_is_a_case() -> None:
    fixtures = {p.name for p in BROKEN.iterdir()} - {"expected.yaml", ".gitattributes"}
    cases = {case.split("/")[0] for case in MANIFEST}
    assert fixtures <= cases, f"fixtures without an expected result: {fixtures - cases}"


def test_bytes_are_kept_as_written() -> None:
    # a checkout that normalised line endings or encodings would make these cases moot
    assert b"\r\n" in (BROKEN / "crlf.yaml").read_bytes()
    assert b"\n" not in (BROKEN / "cr-only.yaml").read_bytes()
    assert (BROKEN / "bom.yaml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (BROKEN / "utf16.yaml").read_bytes().startswith(b"\xff\xfe")


@pytest.mark.parametrize("case", ["utf16.yaml", "syntax-nul-byte.yaml", "deep-nesting.yaml",
                                  "python-tag.yaml", "does-not-exist"])
def test_installed_command_never_shows_a_traceback(case: str) -> None:
    spec = MANIFEST[case]
    kgraph = Path(sys.executable).parent / "kgraph"
    result = subprocess.run([str(kgraph), "validate", "--data", case, *spec.get("args", [])],
                            cwd=BROKEN, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == spec.get("exit", 1)
    assert "Traceback" not in result.stdout + result.stderr
    for problem in spec.get("problems", []):
        where, rule = problem.split(" ")
        assert any(line.startswith(where + ": ") and line.endswith(f"[{rule}]")
                   for line in result.stdout.splitlines())
