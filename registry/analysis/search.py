"""Say which field a search hit matched, the way a reader expects.

The store compares the folded text with a node's ``search_key`` (all its names
folded together), so it knows THAT a node matches but not WHERE. Cypher has no
accent folding, so the field is found here, with the same ``fold`` the loader
used to build ``search_key``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from registry.analysis.post import post_step
from registry.schema.bundle import fold

SEARCH_COLUMNS = ("kind", "id", "name", "match")

# Exact hits first, then prefix hits, then hits inside a field.
_EXACT, _PREFIX, _INSIDE, _KEY_ONLY = range(4)


def best_field(fields: list[Any], folded_text: str) -> tuple[int, str]:
    """(rank, "field: value") for the first field, in the query's order, that holds the text best."""
    best: tuple[int, str] | None = None
    for pair in fields:
        label, value = pair[0], pair[1]
        if not isinstance(value, str) or not value:
            continue
        folded = fold(value)
        if folded_text not in folded:
            continue
        rank = _EXACT if folded == folded_text else _PREFIX if folded.startswith(folded_text) else _INSIDE
        if best is None or rank < best[0]:
            best = (rank, f"{label}: {value}")
    # search_key may join several fields, so the text can straddle two of them.
    return best if best is not None else (_KEY_ONLY, "several fields together")


@post_step("search_match")
def _search_match_step(frame: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=list(SEARCH_COLUMNS))
    folded_text = fold(str(parameters.get("text") or ""))
    ranked = [best_field(list(fields), folded_text) for fields in frame["fields"]]
    result = frame.assign(match=[text for _, text in ranked], _rank=[rank for rank, _ in ranked])
    result = result.sort_values(["_rank", "kind", "id"], ignore_index=True)
    return result[list(SEARCH_COLUMNS)]
