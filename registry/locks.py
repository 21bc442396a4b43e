"""Locks across processes: one writer at a time per registry, one console query at a time per store.

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
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from registry.errors import QueryRefused, StoreBusy

CONSOLE_WAIT_S = 3.0


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


@contextlib.contextmanager
def console_slot(path: Path, wait_s: float = CONSOLE_WAIT_S) -> Iterator[None]:
    """Hold the store's one console slot while a console query runs.

    The embedded server has one worker per core; two runaway console queries
    used to fill both, and the app's own queries waited behind them. With one
    slot, a runaway holds one worker at most, until its time limit.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(path, "a+") as handle:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise QueryRefused(
                        "Another console query is still running on this store; try again when it ends "
                        "(its time limit stops it at the latest)."
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
