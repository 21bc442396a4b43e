"""Check that coordreg's named queries and the pandas + networkx baseline give the same answers.

Each check returns ``(same, detail)``: ``detail`` names the first difference,
so a mismatch in BENCHMARKS.md can be traced to a practice, pair or actor.
"""

from __future__ import annotations

from typing import Any, cast

import pandas as pd

# Both round to 3 decimals, but from floats computed in different orders: a last digit may differ by one.
TOLERANCE = 1.5e-3


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], frame.to_dict("records"))


def _first_difference(ours: dict[Any, Any], theirs: dict[Any, Any]) -> str:
    only_ours = sorted(set(ours) - set(theirs), key=str)
    only_theirs = sorted(set(theirs) - set(ours), key=str)
    if only_ours or only_theirs:
        return (
            f"{len(only_ours)} key(s) only in coordreg (e.g. {only_ours[:1]}), "
            f"{len(only_theirs)} only in the baseline (e.g. {only_theirs[:1]})"
        )
    for key in sorted(ours, key=str):
        if not _equal(ours[key], theirs[key]):
            return f"{key}: coordreg {ours[key]!r} vs baseline {theirs[key]!r}"
    return ""


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) <= TOLERANCE
    return bool(a == b)


def _verdict(ours: dict[Any, Any], theirs: dict[Any, Any]) -> tuple[bool, str]:
    detail = _first_difference(ours, theirs)
    return (not detail, detail or f"{len(ours)} rows identical")


def same_typology(coordreg: pd.DataFrame, baseline: pd.DataFrame) -> tuple[bool, str]:
    present = ["macro", "meso", "micro", "conflict"]
    marks = ["macro_status", "meso_status", "micro_status"]

    def keyed(frame: pd.DataFrame, key: str) -> dict[Any, Any]:
        return {row[key]: (*(bool(row[c]) for c in present), int(row["claim_count"]), *(str(row[c]) for c in marks))
                for _, row in frame.iterrows()}  # fmt: skip

    return _verdict(keyed(coordreg, "practice_id"), keyed(baseline, "practice"))


def same_overlap(coordreg: pd.DataFrame, baseline: pd.DataFrame) -> tuple[bool, str]:
    cols = ["shared_actors", "shared_agreements", "shared_functions", "shared_populations", "shared_count",
            "actor_jaccard", "similarity", "score"]  # fmt: skip

    def value(v: Any) -> Any:
        return tuple(sorted(v)) if isinstance(v, list) else (float(v) if isinstance(v, float) else int(v))

    def keyed(frame: pd.DataFrame) -> dict[Any, Any]:
        # why: the items in their order, without the figures (printed to 2 decimals, they may differ in the last).
        return {
            (row["practice_a"], row["practice_b"]): (
                *(value(row[c]) for c in cols),
                row["jurisdiction"],
                tuple(item.rsplit(", ", 1)[0] for item in row["why"]),
            )
            for row in records(frame)
        }

    return _verdict(keyed(coordreg), keyed(baseline))


def same_duplication(coordreg: pd.DataFrame, baseline: pd.DataFrame) -> tuple[bool, str]:
    def keyed(frame: pd.DataFrame) -> dict[Any, Any]:
        return {
            (
                row["function"],
                row["population"],
                row["scope"],
                tuple(row["countries"]),
                tuple(sorted(row["practices"])),
            ): (
                tuple(sorted(row["mechanisms"])),
                tuple(sorted(c for c in row["carriers"] if c)),
            )
            for row in records(frame)
        }

    return _verdict(keyed(coordreg), keyed(baseline))


def same_centrality(coordreg: pd.DataFrame, baseline: pd.DataFrame) -> tuple[bool, str]:
    """Degree, weighted degree and betweenness per actor; communities compared as partitions (labels differ)."""

    def keyed(frame: pd.DataFrame) -> dict[Any, Any]:
        return {row["actor_id"]: (int(row["degree"]), int(row["weighted_degree"]), float(row["betweenness"]))
                for row in records(frame)}  # fmt: skip

    same, detail = _verdict(keyed(coordreg), keyed(baseline))
    if not same:
        return same, detail

    def partition(frame: pd.DataFrame) -> set[frozenset[str]]:
        return {frozenset(group["actor_id"]) for _, group in frame.groupby("community")}

    if partition(coordreg) == partition(baseline):
        return True, f"{detail}, same communities"
    # coordreg's Leiden and the baseline's Louvain are two searches for the partition of highest modularity: on
    # a large projection they may place a few actors apart. Near-identical partitions count as the same answer.
    agreement = _community_agreement(coordreg, baseline)
    if agreement >= MIN_COMMUNITY_AGREEMENT:
        return True, f"{detail}, communities agree to a normalised mutual information of {agreement:.3f}"
    return False, f"{detail}; but the communities agree to a normalised mutual information of {agreement:.3f} only"


#: Normalised mutual information from which two community partitions count as the same answer.
MIN_COMMUNITY_AGREEMENT = 0.95


def _community_agreement(coordreg: pd.DataFrame, baseline: pd.DataFrame) -> float:
    import igraph as ig

    ours = dict(zip(coordreg["actor_id"], coordreg["community"], strict=True))
    theirs = dict(zip(baseline["actor_id"], baseline["community"], strict=True))
    actors = sorted(set(ours) & set(theirs))
    return float(ig.compare_communities([ours[a] for a in actors], [theirs[a] for a in actors], method="nmi"))
