"""Part of an output written by a second process meanwhile, then appended.

Writing a large output (an export, a hub's neighbourhood as JSON) turns hundreds of
thousands of records into text, one at a time in Python: one core's work. On a machine
with two cores or more, :class:`Forked` forks a second process that writes one part
into unnamed temporary files while this one writes the part before it; :meth:`append`
then appends what the other wrote, byte for byte. When the second process fails,
``append`` says so and the caller writes that part itself; an interrupt or an error
here ends the second process. ``KGRAPH_JOBS=1`` keeps everything in one process.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable
from typing import IO, Any

_CHUNK = 1 << 20


def can_fork() -> bool:
    """Whether a second process may help: on Linux (fork is what makes it cheap; elsewhere
    it is not safe), with two cores or more, and unless ``KGRAPH_JOBS=1``."""
    if os.environ.get("KGRAPH_JOBS") == "1" or not sys.platform.startswith("linux"):
        return False
    return len(os.sched_getaffinity(0)) >= 2


class Forked:
    """``work(spools)`` run in a forked process, writing to one temporary text file per
    name of ``names`` (UTF-8, with ``newline`` as :func:`open` takes it). ``flush``:
    streams of this process to flush first (nothing buffered is written twice)."""

    def __init__(self, names: Iterable[str], newline: str | None,
                 work: Callable[[dict[str, IO[str]]], None], flush: Iterable[IO[str]] = ()
                 ) -> None:
        self.spools: dict[str, IO[str]] = {
            name: tempfile.TemporaryFile("w+", encoding="utf-8", newline=newline)
            for name in names}
        for stream in flush:
            stream.flush()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid: int | None = os.fork()
        if self.pid == 0:
            status = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # (the first process tells)
                work(self.spools)
                for spool in self.spools.values():
                    spool.flush()
                status = 0
            finally:
                os._exit(status)  # (nothing of the first process's is run or flushed)

    def append(self, streams: dict[str, IO[str]]) -> bool:
        """Wait for the second process and append what it wrote for each name to the
        stream of that name; False (nothing appended) when it failed."""
        pid, self.pid = self.pid, None
        if pid is None:
            return False
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return False
        for name, stream in streams.items():
            _append(self.spools[name], stream)
        return True

    def close(self) -> None:
        """End the second process if it still runs, and let the temporary files go."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None
        for spool in self.spools.values():
            spool.close()


def _append(spool: IO[str], stream: IO[str]) -> None:
    """What ``spool`` holds, after what ``stream`` holds: as bytes when ``stream`` is a
    UTF-8 file, else as text."""
    raw: Any = spool.buffer  # type: ignore[attr-defined]
    raw.seek(0)
    target: Any = getattr(stream, "buffer", None)
    if (target is not None and isinstance(stream, io.TextIOWrapper)
            and stream.encoding.replace("-", "").lower() == "utf8"):
        stream.flush()
        shutil.copyfileobj(raw, target, _CHUNK)
        return
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    while chunk := text.read(_CHUNK):
        stream.write(chunk)
    text.detach()
