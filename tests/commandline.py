"""Running kgraph's command line inside the test process, as the tests of several
modules do: the output must never hold a traceback."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from kgraph.cli import app, console


def run_command(*args: str) -> Any:
    """``kgraph ARGS...``: the click Result (exit code, stdout, stderr)."""
    console.reset()
    result = CliRunner().invoke(app, list(args))
    console.reset()
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    assert "Traceback" not in result.output
    return result
