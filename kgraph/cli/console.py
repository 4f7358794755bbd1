"""Consoles for people (rich on a terminal) and for pipes (plain, wide, no colour)."""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

_out: Console | None = None
_err: Console | None = None
_dataset: dict[str, Any] | None = None  # which data this command used, for --json


def out() -> Console:
    global _out
    if _out is None:
        from rich.console import Console

        if sys.stdout.isatty():
            _out = Console(highlight=False)
        else:
            _out = Console(color_system=None, width=PIPE_WIDTH, highlight=False,
                           emoji=False)
    return _out


def err() -> Console:
    global _err
    if _err is None:
        from rich.console import Console

        if sys.stderr.isatty():
            _err = Console(stderr=True, highlight=False)
        else:
            _err = Console(stderr=True, color_system=None, width=PIPE_WIDTH,
                           highlight=False, emoji=False)
    return _err


# Output that is not a terminal is one record per line, never wrapped or cut: tables and
# trees take the width their content needs (scripts grep and cut it; people read it in a
# pager or an editor that wraps).
PIPE_WIDTH = 100_000


def reset() -> None:
    """Forget the consoles (tests swap stdout/stderr between runs) and the dataset."""
    global _out, _err, _dataset
    _out = _err = None
    _dataset = None


def note_dataset(described: dict[str, Any]) -> None:
    """Remember which dataset the command used (``DataChoice.describe()``): every JSON
    object it prints then says so under ``dataset``."""
    global _dataset
    _dataset = described


def is_terminal() -> bool:
    return out().is_terminal


_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """``text`` with the characters that could drive a terminal (escape sequences, other
    control characters, bidirectional overrides) shown as ``\\xNN`` / ``\\uNNNN``:
    text from the data is printed, never obeyed."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                  else f"\\u{ord(m.group()):04x}"), text)


def safe_data(obj: Any) -> Any:
    """A copy of a result (dicts, lists, strings) with :func:`safe` applied to every string,
    for printing to people."""
    if isinstance(obj, str):
        return safe(obj)
    if isinstance(obj, dict):
        return {safe_data(k): safe_data(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [safe_data(v) for v in obj]
    return obj


def with_dataset(data: Any) -> Any:
    """``data`` with the ``dataset`` this command used added, if it is an object."""
    if isinstance(data, dict) and _dataset is not None and "dataset" not in data:
        return {**data, "dataset": _dataset}
    return data


def print_json(data: Any) -> None:
    """Machine-readable output: plain JSON on stdout, no decoration, one trailing newline.
    An object gets the ``dataset`` the command used (see :func:`note_dataset`)."""
    data = with_dataset(data)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()
