"""The command ends without the interpreter's teardown once it is done: its output is
complete, its exit code kept, in a real process (not in-process, where main() raises)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.cli import commands

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kgraph", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, check=False)


def test_the_whole_output_and_the_exit_code_of_a_finished_command() -> None:
    done = _run("ask", "what grew out of the Cartagena summit?", "--json")
    assert done.returncode == 0
    import json

    result = json.loads(done.stdout)  # (complete: it parses)
    assert result["answers"]
    many = _run("ask", "what grew out of the Cartagena summit?")
    assert many.returncode == 0 and many.stdout.endswith("\n")
    assert many.stdout.startswith("Understood: ")


def test_a_failing_command_keeps_its_code_and_message() -> None:
    done = _run("show", "no-such-entity-anywhere")
    assert done.returncode != 0
    assert done.stderr.startswith("kgraph: ")
    assert done.stdout == ""


def test_in_process_the_end_is_raised_as_before() -> None:
    with pytest.raises(SystemExit) as ended:
        commands.main(["--version"])
    assert ended.value.code in (0, None)
