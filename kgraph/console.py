"""Consoles for people (rich on a terminal) and for pipes (plain, wide, no colour)."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

_out: Console | None = None
_err: Console | None = None


def out() -> Console:
    global _out
    if _out is None:
        from rich.console import Console

        if sys.stdout.isatty():
            _out = Console(highlight=False)
        else:
            _out = Console(color_system=None, width=_pipe_width(), highlight=False,
                           emoji=False)
    return _out


def err() -> Console:
    global _err
    if _err is None:
        from rich.console import Console

        if sys.stderr.isatty():
            _err = Console(stderr=True, highlight=False)
        else:
            _err = Console(stderr=True, color_system=None, width=_pipe_width(),
                           highlight=False, emoji=False)
    return _err


def _pipe_width() -> int:
    """Width for output that is not a terminal: $COLUMNS, else 160."""
    try:
        return max(40, int(os.environ.get("COLUMNS", "160")))
    except ValueError:
        return 160


def reset() -> None:
    """Forget the consoles (tests swap stdout/stderr between runs)."""
    global _out, _err
    _out = _err = None


def is_terminal() -> bool:
    return out().is_terminal


def print_json(data: Any) -> None:
    """Machine-readable output: plain JSON on stdout, no decoration, one trailing newline."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()
