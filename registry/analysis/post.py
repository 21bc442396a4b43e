"""Python steps that follow a named query (declared by `// post: NAME`).

Used where a store cannot compute an algorithm itself — Neo4j Community has
no graph algorithms without plugins — so both backends get the same answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

PostStep = Callable[[pd.DataFrame, dict[str, Any]], pd.DataFrame]

POST_STEPS: dict[str, PostStep] = {}


def post_step(name: str) -> Callable[[PostStep], PostStep]:
    def register(func: PostStep) -> PostStep:
        POST_STEPS[name] = func
        return func

    return register


def apply_post_step(name: str, frame: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    # Importing the modules registers their steps.
    from registry.analysis import network, search  # noqa: F401

    if name not in POST_STEPS:
        raise ValueError(f"unknown post step '{name}' (known: {', '.join(sorted(POST_STEPS))})")
    return POST_STEPS[name](frame, parameters)
