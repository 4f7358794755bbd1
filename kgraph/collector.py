"""The cyclic garbage collector held off while millions of objects and no cycles are made.

Exports and large query results make millions of records and strings that hold no
cycles; the collector would walk them again and again for nothing (half of the time of an
export at 500,000 relations, a quarter of writing a hub's neighbourhood as JSON).
Reference counting still frees each as soon as it is dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(keep: bool = False) -> Iterator[None]:
    """No cyclic garbage collection inside the block (as it was after it). ``keep``: what
    the block made and still holds is never walked by the collector afterwards either
    (``gc.freeze``: for a command about to end, whose first collection after the block
    would walk every object it made once more, a second at 500,000 relations)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if keep:
                gc.freeze()
            gc.enable()
