"""Python's cycle collector paused while coordreg builds many small containers at once.

Reading a kept answer or forming a Python step's answer makes hundreds of thousands of new lists, sets, dicts and
strings, none in a cycle; each allocation burst made the collector walk every object of the process again and
again (up to two thirds of a large answer's read, a third of cost_benefit's step). Imports only the standard
library: the CLI's small snapshot reads use it too.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused(*, promote: bool = False) -> Iterator[None]:
    """The collector off for the block, and on again after it if it was on before.

    ``promote``: the objects made meanwhile (a frame kept for a registry version) are moved to the oldest
    generation untraversed when the block ends. Otherwise the youngest generation's next collection walks every one
    of them, then the middle one's again: 40-90 ms after reading the 36,000-row actor network, on every read. Moved
    as ``gc.freeze`` then ``gc.unfreeze`` move them (the documented way), so only when nothing else is frozen; they
    are freed by their reference counts as before, and a cycle among them waits for the next full collection."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if promote and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()
