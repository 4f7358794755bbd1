"""Problems (values) and the exception hierarchy.

A :class:`Problem` is one thing wrong with the input, with its position. The library
collects problems and never prints; the CLI formats them as
``file:line:col: error: message [rule]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# line breaks and control characters, which a value quoted in a message may hold
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with line breaks and control characters escaped (``\\n``, ``\\x1b``): a
    problem stays on its one line and cannot drive the terminal."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based; 0 when the problem concerns a whole file
    col: int  # 1-based; 0 when the problem concerns a whole file
    message: str
    rule: str
    severity: str = "error"

    def format(self) -> str:
        where = self.file if self.line <= 0 else f"{self.file}:{self.line}:{self.col}"
        return f"{one_line(where)}: {self.severity}: {one_line(self.message)} [{self.rule}]"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
        }


class KgraphError(Exception):
    """Base class of every error kgraph raises on purpose."""

    exit_code = 2


class UsageError(KgraphError):
    """The user asked for something that cannot be done (unknown entity, bad option)."""

    exit_code = 2


class DataError(KgraphError):
    """The data has problems that prevent building a graph."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        first = errors[0].format() if errors else "invalid data"
        more = f" (and {len(errors) - 1} more; run 'kgraph validate')" if len(errors) > 1 else ""
        super().__init__(first + more)


class DamagedCache(KgraphError):
    """A cache file turned out damaged while it was read, and could not be rebuilt."""

    exit_code = 2


class NotFound(KgraphError):
    """A query ran and found nothing."""

    exit_code = 1


class OutputError(KgraphError):
    """An output file could not be written."""

    exit_code = 1
