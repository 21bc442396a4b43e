"""Opening the app's store: load the seed registry the first time, so a new user sees something."""

from __future__ import annotations

from typing import TYPE_CHECKING

from registry.queries.library import run_named_query
from registry.stores.base import GraphStore

if TYPE_CHECKING:
    from registry.loading import LoadReport


def practice_count(store: GraphStore) -> int:
    frame = run_named_query(store, "app_store_status").frame
    return int(frame.iloc[0]["practices"]) if len(frame) else 0


def ensure_seeded(store: GraphStore) -> LoadReport | None:
    """Load the bundled seed registry into an empty store; leave a non-empty one alone.

    Returns the load report when it loaded something, else None. The loader (the case model,
    the YAML and spreadsheet readers) is imported only then: every later start skips that second.
    """
    if practice_count(store) > 0:
        return None
    from registry.loading import load_paths

    return load_paths(store)
