"""Reshape practice_overlap rows into the square matrix a heat map draws."""

from __future__ import annotations

import pandas as pd


def overlap_matrix(pairs: pd.DataFrame, value: str = "similarity", practices: list[str] | None = None) -> pd.DataFrame:
    """Practice × practice matrix of ``value`` from practice_overlap rows.

    practice_overlap lists each overlapping pair once (practice_a < practice_b)
    and leaves out pairs with nothing in common; the matrix mirrors each pair,
    puts 1.0 on the diagonal (a practice is identical to itself) and 0.0 where
    two practices share nothing. ``practices`` fixes rows and columns (e.g. all
    practices of a collection, so those that overlap with none still show).
    """
    if value not in pairs.columns and not pairs.empty:
        raise ValueError(f"practice_overlap has no column '{value}'")
    found = (set(pairs["practice_a"]) | set(pairs["practice_b"])) if not pairs.empty else set()
    order = list(practices) if practices is not None else sorted(found)
    matrix = pd.DataFrame(0.0, index=pd.Index(order, name="practice"), columns=pd.Index(order, name="practice"))
    for a, b, score in zip(pairs["practice_a"], pairs["practice_b"], pairs[value].astype(float), strict=True):
        if a in matrix.index and b in matrix.index:
            matrix.loc[a, b] = score
            matrix.loc[b, a] = score
    for practice in order:
        matrix.loc[practice, practice] = 1.0
    return matrix
