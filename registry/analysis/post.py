"""Python steps that follow a named query (declared by `// post: NAME`).

Used where a store cannot compute an algorithm itself — Neo4j Community has
no graph algorithms without plugins — so both backends get the same answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from registry.stores.base import GraphStore

PostStep = Callable[[pd.DataFrame, dict[str, Any]], pd.DataFrame]

POST_STEPS: dict[str, PostStep] = {}


def post_step(name: str) -> Callable[[PostStep], PostStep]:
    def register(func: PostStep) -> PostStep:
        POST_STEPS[name] = func
        return func

    return register


# Steps that ask the store more questions (a search one step at a time), within the query's time limit.
StoreStep = Callable[[GraphStore, pd.DataFrame, dict[str, Any], int], pd.DataFrame]

STORE_STEPS: dict[str, StoreStep] = {}


def store_step(name: str) -> Callable[[StoreStep], StoreStep]:
    def register(func: StoreStep) -> StoreStep:
        STORE_STEPS[name] = func
        return func

    return register


def apply_post_step(
    name: str, frame: pd.DataFrame, parameters: dict[str, Any], *, store: GraphStore, timeout_ms: int
) -> pd.DataFrame:
    """Run the step ``name`` on a named query's answer (a store step may ask the store more)."""
    # Importing the modules registers their steps.
    from registry.analysis import (  # noqa: F401
        actor_ties,
        cost_profile,
        duplication,
        network,
        overlap,
        portfolio,
        routes,
        search,
    )

    if name in STORE_STEPS:
        return STORE_STEPS[name](store, frame, parameters, timeout_ms)
    if name not in POST_STEPS:
        known = ", ".join(sorted({*POST_STEPS, *STORE_STEPS}))
        raise ValueError(f"unknown post step '{name}' (known: {known})")
    return POST_STEPS[name](frame, parameters)
