"""What an export may reveal: files people share carry nothing the curator did not put in
for them.

By default an export leaves out

* ``where``, the ``file:line`` each record came from: the file part is a path on the
  curator's machine (an absolute one when the data is not under the current directory,
  with the user's name and folder names in it);
* ``notes``, the curators' private notes on entities, relations, evidence and sources.

``Privacy(positions=...)`` keeps positions, rewritten relative to a root (the project's
folder, or the data folder given): ``data/entities.yaml:42``, never an absolute path.
``Privacy(notes=True)`` keeps the notes. A source's ``file`` (the document it was read
from) stays as written when it is a relative name and is cut to its last part when it is
an absolute path.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

PRIVATE = ("where", "notes")  # record fields left out by default


@dataclass(frozen=True)
class Privacy:
    """``positions``: None to leave ``where`` out, else a function from the stored
    ``where`` to the one to write; ``notes``: keep the curators' notes."""

    positions: Callable[[str], str] | None = None
    notes: bool = False

    def dropped(self) -> frozenset[str]:
        out = set(PRIVATE)
        if self.positions is not None:
            out.discard("where")
        if self.notes:
            out.discard("notes")
        return frozenset(out)

    def finish(self, out: dict[str, Any]) -> dict[str, Any]:
        """``out`` (attributes without the :meth:`dropped` fields, a copy the caller owns)
        with positions rewritten and evidence notes removed, in place."""
        where = out.get("where")
        if where is not None and self.positions is not None and isinstance(where, str):
            out["where"] = self.positions(where)
        for key in ("evidence", "figures"):  # (records of their own, with their notes)
            records = out.get(key)
            if not self.notes and isinstance(records, list) and any(
                    isinstance(r, dict) and "notes" in r for r in records):
                out[key] = [{k: v for k, v in r.items() if k != "notes"}
                            if isinstance(r, dict) else r for r in records]
        return out

    def markers(self) -> tuple[bytes, ...]:
        """Names whose absence from a record's encoded form means :meth:`finish` has
        nothing to do with it (a cheap test before decoding the whole record's fields)."""
        out = []
        if self.positions is not None:
            out.append(b"where")
        if not self.notes:
            out.append(b"notes")
        return tuple(out)

    def source(self, attrs: Mapping[str, Any]) -> dict[str, Any]:
        """A source's description as the export may show it."""
        out = {k: v for k, v in attrs.items() if self.notes or k != "notes"}
        file = out.get("file")
        if isinstance(file, str) and _absolute(file):
            out["file"] = PurePath(file.replace("\\", "/")).name
        return out


def _as_stored(where: str) -> str:
    return where


SHARED = Privacy()  # the default: no positions, no notes
EVERYTHING = Privacy(positions=_as_stored, notes=True)  # for the curator's own use


def _absolute(path: str) -> bool:
    return path.startswith(("/", "\\", "~")) or (len(path) > 1 and path[1] == ":")


def relative_positions(roots: Iterable[Path | str], cwd: Path | None = None
                       ) -> Callable[[str], str]:
    """A function that rewrites a stored ``where`` (``path:line``, the path as kgraph
    showed it: relative to the current directory, or absolute) relative to the first of
    ``roots`` that holds the file; a file under none of them keeps only its name."""
    base = (cwd or Path.cwd()).resolve()
    resolved = [Path(os.path.realpath(base / Path(r))) for r in roots]

    def rewrite(where: str) -> str:
        path, sep, line = where.rpartition(":")
        if not sep or not line.isdigit():
            path, line = where, ""
        real = Path(os.path.realpath(base / path))
        shown = real.name
        for root in resolved:
            try:
                shown = real.relative_to(root).as_posix()
                break
            except ValueError:
                continue
        return f"{shown}:{line}" if line else shown

    return rewrite
