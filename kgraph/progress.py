"""Progress of long work (a cold compile of a large dataset, a big export).

The library never prints: long-running functions take a :class:`Progress` and report to
it. The default does nothing; the command line passes one that draws a bar
(:mod:`kgraph.cli.progress`).
"""

from __future__ import annotations

SHOW_ABOVE = 4_000_000  # a bar for parsing more than this many bytes (about 2 s of work)
RECORDS_ABOVE = 50_000  # a bar for exporting more than this many entities and relations
ENTITIES_ABOVE = 5_000  # a bar for reading a graph of more entities than this, to export it


class Progress:
    """Receives progress reports; this one ignores them."""

    def stage(self, label: str, total: float | None = None,
              show_above: float = SHOW_ABOVE) -> None:
        """A new stage of the work begins (``total``: its size in its own units; a bar
        is worth showing from the first stage larger than ``show_above`` on)."""

    def advance(self, amount: float = 1) -> None:
        """``amount`` more of the current stage is done."""

    def close(self) -> None:
        """The work is over (also when it failed)."""
