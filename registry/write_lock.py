"""One writer at a time per registry, across processes.

Loads, imports and edits hold this lock for as long as they write. Without it a
``load --rebuild`` started during another load wiped the practices that load had
just written, and the other load still reported success. The lock is an
``flock`` on a file beside the store's data (the embedded store) or in the
user's data directory (Neo4j): it protects the writers of one machine; writers
on other machines sharing a Neo4j server are not seen.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Callable, Iterator
from pathlib import Path

from registry.errors import StoreBusy


@contextlib.contextmanager
def registry_write_lock(path: Path, *, wait: bool = True, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the registry's write lock; wait for it (telling ``on_wait`` once), or refuse at once."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise StoreBusy(
                    "Another load, import or edit is writing to this registry right now; nothing was written. "
                    "Try again when it ends, or leave out --no-wait to wait for it."
                ) from None
            if on_wait is not None:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
