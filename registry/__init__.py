"""coordreg: a registry and graph-analysis tool for multilevel coordination in social security.

The public API is small on purpose::

    from registry import open_store, load_paths, run_named_query
    with open_store() as store:
        load_paths(store)
        frame = run_named_query(store, "typology_matrix").frame

The names are imported when first used: ``coordreg app`` and ``coordreg --version`` need none of
them, and importing them all (pandas, the case model, the loaders) costs about a second.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from registry.console import run_console_query
    from registry.errors import CaseValidationError, CoordregError, QueryRefused, QueryTimeout, StoreUnavailable
    from registry.loading import load_paths, seed_registry_path
    from registry.queries.library import list_queries, run_named_query
    from registry.stores import open_store

#: public name -> the module that defines it
_HOMES = {
    "open_store": "registry.stores",
    "load_paths": "registry.loading",
    "seed_registry_path": "registry.loading",
    "run_named_query": "registry.queries.library",
    "list_queries": "registry.queries.library",
    "run_console_query": "registry.console",
    "CoordregError": "registry.errors",
    "CaseValidationError": "registry.errors",
    "QueryRefused": "registry.errors",
    "QueryTimeout": "registry.errors",
    "StoreUnavailable": "registry.errors",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'registry' has no attribute '{name}'")
    value = getattr(import_module(home), name)
    globals()[name] = value  # the next lookup finds it without coming here
    return value
