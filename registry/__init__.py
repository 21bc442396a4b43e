"""coordreg: a registry and graph-analysis tool for multilevel coordination in social security.

The public API is small on purpose::

    from registry import open_store, load_paths, run_named_query
    with open_store() as store:
        load_paths(store)
        frame = run_named_query(store, "typology_matrix").frame
"""

from __future__ import annotations

__version__ = "0.1.0"

from registry.console import run_console_query  # noqa: E402
from registry.errors import (  # noqa: E402
    CaseValidationError,
    CoordregError,
    QueryRefused,
    QueryTimeout,
    StoreUnavailable,
)
from registry.loading import load_paths, seed_registry_path  # noqa: E402
from registry.queries.library import list_queries, run_named_query  # noqa: E402
from registry.stores import open_store  # noqa: E402

__all__ = [
    "__version__",
    "open_store",
    "load_paths",
    "seed_registry_path",
    "run_named_query",
    "run_console_query",
    "list_queries",
    "CoordregError",
    "CaseValidationError",
    "QueryRefused",
    "QueryTimeout",
    "StoreUnavailable",
]
