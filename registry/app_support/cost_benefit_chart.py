"""The cost–benefit chart's data: one point per spot the eye can tell apart, not one per practice.

Each practice has a complexity (a small whole number) and a count of cost and of benefit evidence items (small
whole numbers too): at 10,000 practices, 20,000 points fall on a few hundred spots, drawn on top of each other.
The browser was sent every one of them (and a label listing every practice's number). Here the practices that
meet on one spot with one kind of evidence become one point, which says how many practices it holds (its size
grows with them) and names the first few; every spot any practice occupies is kept, the outlying ones included,
so the chart draws what it drew. A spot of one practice reads as before: its title and its categories. Only
spots of a few practices are numbered.

Practices are numbered in the order of the profile, as the table below the chart numbers its rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import pandas as pd

from registry.app_support.i18n import t
from registry.app_support.views import humanize

#: Costs are drawn this far left of their tick, benefits this far right, so the two never hide each other.
BENEFIT_NUDGE = 0.12
#: Numbers listed on one line of a label before it wraps; a spot of more practices than two lines hold is not
#: numbered.
NUMBERS_PER_LINE = 3
NUMBERED_AT_MOST = 2 * NUMBERS_PER_LINE
#: Practices a point's or a label's tooltip names before it counts the rest.
NAMED_IN_TOOLTIP = 8
KINDS = ("cost", "benefit")
POINT_COLUMNS = ["x", "complexity", "items", "kind", "practices", "practice", "categories"]
LABEL_COLUMNS = ["x", "y", "label", "practices"]


def _words(values: Any) -> str:
    if values is None or isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        return ""
    return ", ".join(humanize(v) for v in values)


def _named(numbers: Sequence[int], titles: Sequence[str], lang: str) -> str:
    """'3. Title; 7. Title …' for the first few practices, and how many more."""
    shown = "; ".join(f"{n}. {title}" for n, title in zip(numbers[:NAMED_IN_TOOLTIP], titles, strict=False))
    rest = len(numbers) - NAMED_IN_TOOLTIP
    return shown + (" " + t("chart_and_more", lang, count=rest) if rest > 0 else "")


def practice_rows(rows: pd.DataFrame, titles: Mapping[str, str], measure: str) -> pd.DataFrame:
    """One row per practice: its number, title, complexity, and its cost and benefit evidence."""
    ids = rows["practice_id"].astype(str)
    return pd.DataFrame({
        "number": range(1, len(rows) + 1),
        "title": [titles.get(p) or str(t_) for p, t_ in zip(ids, rows["title"], strict=True)],
        "complexity": pd.to_numeric(rows[measure]).fillna(0).astype(int).to_numpy(),
        **{f"{kind}_items": pd.to_numeric(rows[f"{kind}_evidence"]).fillna(0).astype(int).to_numpy()
           for kind in KINDS},
        **{f"{kind}_categories": rows[f"{kind}_categories"].to_numpy() for kind in KINDS},
    })  # fmt: skip


def chart_points(practices: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The points to draw (``practice_rows``): one per spot (complexity, evidence items) and kind of evidence,
    with the number of practices on it; a spot of one practice names it and its categories, a spot of several
    names the first few (by their numbers) and counts the rest."""
    out = []
    for kind, nudge in (("cost", -BENEFIT_NUDGE), ("benefit", BENEFIT_NUDGE)):
        # Costs drawn just left of the tick, benefits just right, so the two never hide each other.
        spots = practices.groupby(["complexity", f"{kind}_items"], sort=True)
        for spot, group in spots:
            complexity, items = cast(tuple[int, int], spot)
            numbers = group["number"].tolist()
            if len(numbers) == 1:
                named, categories = group["title"].iloc[0], _words(group[f"{kind}_categories"].iloc[0])
            else:
                named = _named(numbers, group["title"].iloc[:NAMED_IN_TOOLTIP].tolist(), lang)
                categories = ""
            out.append({"x": int(complexity) + nudge, "complexity": int(complexity), "items": int(items),
                        "kind": t(f"evidence_{kind}", lang), "practices": len(numbers), "practice": named,
                        "categories": categories})  # fmt: skip
    return pd.DataFrame(out, columns=POINT_COLUMNS)


def chart_labels(practices: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each practice's number beside the point where it records the most evidence (its benefits on a tie),
    right of that spot's pair of points. Practices that meet on one spot share one label, "3, 7, 12" (two lines
    at most); a spot of more practices than that is not numbered (its point's size and tooltip tell them): at
    thousands of practices, lists of numbers would cover the chart."""
    if practices.empty:
        return pd.DataFrame(columns=LABEL_COLUMNS)
    higher = practices[["cost_items", "benefit_items"]].max(axis=1)
    placed = practices.assign(items=higher)
    rows = []
    for spot, group in placed.groupby(["complexity", "items"], sort=True):
        complexity, items = cast(tuple[int, int], spot)
        numbers = [str(n) for n in group["number"]]
        if len(numbers) > NUMBERED_AT_MOST:
            continue
        lines = [", ".join(numbers[i : i + NUMBERS_PER_LINE]) for i in range(0, len(numbers), NUMBERS_PER_LINE)]
        rows.append({"x": float(complexity) + BENEFIT_NUDGE, "y": float(items), "label": "\n".join(lines),
                     "practices": "; ".join(f"{n}. {title}" for n, title in zip(numbers, group["title"],
                                                                                 strict=True))})  # fmt: skip
    return pd.DataFrame(rows, columns=LABEL_COLUMNS)
