"""A fault of kgraph's own reaches the user as one line saying so (exit 70), not as a
traceback; KGRAPH_TRACEBACK=1 shows the traceback for a report."""

from __future__ import annotations

from typing import Any

import pytest

from kgraph.cli import commands


def _faulty(**_: Any) -> None:
    raise IndexError("list index out of range")


def test_an_internal_fault_is_one_line_and_exit_70(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(commands, "app", _faulty)
    monkeypatch.delenv("KGRAPH_TRACEBACK", raising=False)
    with pytest.raises(SystemExit) as ended:
        commands.main([])
    assert ended.value.code == 70
    err = capsys.readouterr().err
    assert err.startswith("kgraph: internal error: IndexError: list index out of range\n")
    assert "report it with the command you ran" in err
    assert "Traceback" not in err


def test_kgraph_traceback_shows_where(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(commands, "app", _faulty)
    monkeypatch.setenv("KGRAPH_TRACEBACK", "1")
    with pytest.raises(IndexError):
        commands.main([])
