"""Progress bars on a terminal: a :class:`kgraph.progress.Progress` that draws.

:func:`for_terminal` draws a rich progress bar on stderr only when both stdout and stderr
are terminals and ``--json`` was not given, and only for work big enough to be worth
watching, so piped output and JSON stay exactly as they are.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

from kgraph.progress import SHOW_ABOVE, Progress

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID


class _Bar(Progress):
    """A transient rich progress bar on stderr, shown from the first big stage on.

    It refreshes itself from :meth:`advance` (no refresh thread), so it is safe to fork
    while it is on screen."""

    def __init__(self) -> None:
        self._progress: RichProgress | None = None
        self._task: TaskID | None = None
        self._last = 0.0

    def _start(self) -> RichProgress:
        if self._progress is None:
            from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            from kgraph.cli import console

            self._progress = RichProgress(
                TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                TimeElapsedColumn(),
                console=console.err(), transient=True, auto_refresh=False)
            self._progress.start()
        return self._progress

    def stage(self, label: str, total: float | None = None,
              show_above: float = SHOW_ABOVE) -> None:
        if self._progress is None and (total is None or total < show_above):
            return  # small work: no bar at all
        progress = self._start()
        if self._task is not None:
            progress.update(self._task, completed=progress.tasks[0].total or 0)
            progress.remove_task(self._task)
        self._task = progress.add_task(label, total=total)
        progress.refresh()

    def advance(self, amount: float = 1) -> None:
        if self._progress is None or self._task is None:
            return
        self._progress.advance(self._task, amount)
        now = time.monotonic()
        if now - self._last > 0.1:
            self._last = now
            self._progress.refresh()

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def for_terminal(as_json: bool = False) -> Progress:
    """A progress bar when a person is watching (stdout and stderr are terminals and the
    output is not JSON), else the silent :class:`Progress`."""
    if as_json or not _isatty(sys.stdout) or not _isatty(sys.stderr):
        return Progress()
    return _Bar()


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
