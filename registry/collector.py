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
def collector_paused() -> Iterator[None]:
    """The collector off for the block, and on again after it if it was on before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
