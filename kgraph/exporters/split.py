"""A large export written by two processes: the second writes the last relations.

:func:`split_point` says where (about as many records for each), and :func:`second_half`
forks the second process (:class:`kgraph.forked.Forked`) right after the export has
begun: a twin exporter, started again and put in the state the writer would be in at
that relation (:meth:`~kgraph.exporters.base.Exporter.resume`), writes the relations from
there on while this process writes the entities and the relations before them, then
appends what the other wrote. The output is the same as one process writes.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from kgraph.forked import Forked, can_fork

if TYPE_CHECKING:
    from kgraph.exporters.base import Exporter

SPLIT_ABOVE = 100_000  # records (entities and relations) an export needs for two processes


def split_point(nodes: int, edges: int, run: int) -> int | None:
    """The first relation the second process writes (a multiple of ``run``), so that
    each process has about as many records; None when one process should write all."""
    if nodes + edges < SPLIT_ABOVE or not can_fork():
        return None
    first = round((edges - nodes) / 2 / run) * run
    if first < run or edges - first < run:
        return None
    return first


def second_half(exporter: Exporter, first: int) -> Forked:
    """The relations from ``first`` on, written by a second process (see the module
    docstring); ``exporter`` has started."""
    def work(spools: dict[str, IO[str]]) -> None:
        twin = type(exporter)(spools, exporter.data, **exporter.options)
        twin.start()
        for spool in spools.values():  # (what only the start writes is not ours)
            spool.flush()
            spool.seek(0)
            spool.truncate()
        twin.resume(len(exporter.data.nodes), first)
        twin.write_edge_runs(first)

    return Forked(exporter.streams, type(exporter).newline, work,
                  flush=exporter.streams.values())
