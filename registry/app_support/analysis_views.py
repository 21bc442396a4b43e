"""Tables and chart data for the Overlaps and Cost–benefit pages, shaped from named-query results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from registry.app_support.i18n import t
from registry.app_support.views import humanize, records

COMPLEXITY_MEASURES = ("actors", "agreements", "levels", "mechanisms", "cross_level_actors")


def _text(value: Any) -> str:
    """A text cell, or "" where the store or pandas left a gap (None or NaN)."""
    return value if isinstance(value, str) else ""


def _titles(ids: Any, titles: Mapping[str, str]) -> str:
    return "; ".join(titles.get(str(i), str(i)) for i in (ids or []))


def _words(values: Any) -> str:
    return ", ".join(humanize(v) for v in (values or []))


def overlap_table(overlap: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    """practice_overlap rows with titles in the interface language."""
    return pd.DataFrame({
        t("col_practice_a", lang): [titles.get(p, p) for p in overlap["practice_a"]],
        t("col_practice_b", lang): [titles.get(p, p) for p in overlap["practice_b"]],
        t("col_shared_actors", lang): overlap["shared_actors"].map(lambda v: ", ".join(v or [])),
        t("col_functions", lang): overlap["shared_functions"].map(_words),
        t("col_populations", lang): overlap["shared_populations"].map(_words),
        t("col_similarity", lang): overlap["similarity"].astype(float),
    })  # fmt: skip


def overlap_matrix(overlap: pd.DataFrame) -> pd.DataFrame:
    """Similarity as a symmetric practice × practice matrix (ids on both axes; pairs with nothing shared are 0)."""
    ids = sorted(set(overlap["practice_a"]) | set(overlap["practice_b"]))
    matrix = pd.DataFrame(0.0, index=ids, columns=ids)
    pairs = zip(overlap["practice_a"].astype(str), overlap["practice_b"].astype(str),
                overlap["similarity"].astype(float), strict=True)  # fmt: skip
    for a, b, similarity in pairs:
        matrix.loc[a, b] = similarity
        matrix.loc[b, a] = similarity
    return matrix


def function_duplication_table(rows: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col_function", lang): rows["function"].map(humanize),
        t("col_population", lang): rows["population"].map(humanize),
        t("col_scope", lang): rows["scope"].map(lambda s: t("scope_across", lang) if s == "across practices"
                                                else t("scope_within", lang)),
        t("col_practices", lang): rows["practices"].map(lambda v: _titles(v, titles)),
        t("col_carriers", lang): rows["carriers"].map(lambda v: ", ".join(v or [])),
        t("col_mechanisms", lang): rows["mechanism_count"],
    })  # fmt: skip


def benefit_duplication_table(rows: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col_benefit", lang): rows["benefit"].map(humanize),
        t("col_population", lang): rows["population"].map(humanize),
        t("col_practices", lang): rows["practices"].map(lambda v: _titles(v, titles)),
        t("col_practice_count", lang): rows["practice_count"],
    })  # fmt: skip


def bridging_table(rows: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col_actor", lang): [_text(a) or _text(n) or str(i) for a, n, i in
                               zip(rows["acronym"], rows["name"], rows["actor_id"], strict=True)],  # fmt: skip
        t("col_name", lang): rows["name"],
        t("col_bridges", lang): rows["bridges"].map(lambda b: t(f"bridges_{b.replace(' ', '_')}", lang)),
        t("col_levels", lang): rows["levels"].map(lambda v: ", ".join(v or [])),
        t("col_practices", lang): rows["practices"].map(lambda v: _titles(v, titles)),
        "id": rows["actor_id"],
    })  # fmt: skip


def cost_benefit_points(rows: pd.DataFrame, titles: Mapping[str, str], measure: str, lang: str) -> pd.DataFrame:
    """Long form for the chart: one point per practice and kind of evidence (cost or benefit)."""
    if measure not in COMPLEXITY_MEASURES:
        raise ValueError(f"measure must be one of {', '.join(COMPLEXITY_MEASURES)}")
    points = []
    for r in records(rows):
        for kind, nudge in (("cost", -0.12), ("benefit", 0.12)):
            points.append({
                "practice": titles.get(r["practice_id"], r["title"]),
                "practice_id": r["practice_id"],
                "complexity": int(r[measure]),
                # Costs drawn just left of the tick, benefits just right, so the two never hide each other.
                "x": int(r[measure]) + nudge,
                "kind": t(f"evidence_{kind}", lang),
                "items": int(r[f"{kind}_evidence"]),
                "categories": _words(r[f"{kind}_categories"]),
            })  # fmt: skip
    columns = ["practice", "practice_id", "complexity", "x", "kind", "items", "categories"]
    return pd.DataFrame(points, columns=columns)


def cost_benefit_table(rows: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The profile as a table, figures written out ("10 months — development time")."""

    def figures(values: Any) -> str:
        return "; ".join(f"{_number(f.get('value'))} {f.get('unit') or ''} — {f.get('label') or ''}".strip()
                         for f in (values or []))  # fmt: skip

    return pd.DataFrame({
        t("col_practice", lang): [titles.get(p, p) for p in rows["practice_id"]],
        **{t(f"measure_{m}", lang): rows[m] for m in COMPLEXITY_MEASURES},
        t("col_costs", lang): rows["cost_categories"].map(_words),
        t("col_benefits", lang): rows["benefit_categories"].map(_words),
        t("col_figures", lang): rows["figures"].map(figures),
    })  # fmt: skip


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
