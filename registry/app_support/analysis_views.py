"""Tables and chart data for the Overlaps and Cost–benefit pages, shaped from named-query results."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from registry.app_support.figures import number_text
from registry.app_support.i18n import level_short, t
from registry.app_support.labels import countries_text
from registry.app_support.names import local_name
from registry.app_support.views import humanize

COMPLEXITY_MEASURES = ("actors", "agreements", "levels", "mechanisms", "cross_level_actors")


def _text(value: Any) -> str:
    """A text cell, or "" where the store or pandas left a gap (None or NaN)."""
    return value if isinstance(value, str) else ""


#: Practices named in one cell of the bridging table; beyond, how many more ("… (+1416)"). An actor of 10,000
#: synthetic practices bridged 1,436 of them: their titles made a cell of 40,000 characters, and the page of the
#: table drawn 0.6 MB.
TITLES_IN_A_CELL = 20


def _titles(ids: Any, titles: Mapping[str, str], most: int = TITLES_IN_A_CELL) -> str:
    listed = _sequence(ids)
    named = "; ".join(titles.get(str(i), str(i)) for i in listed[:most])
    return named + (f"; … (+{len(listed) - most})" if len(listed) > most else "")


def _words(values: Any) -> str:
    try:
        return _joined_words(tuple(values or ()))
    except TypeError:  # an item that cannot be a key
        return ", ".join(humanize(v) for v in (values or []))


@lru_cache(maxsize=4096)
def _joined_words(values: tuple[Any, ...]) -> str:
    """A list of categories as words; the same few lists recur in thousands of rows, each joined once."""
    return ", ".join(humanize(v) for v in values)


def overlap_matrix(
    overlap: pd.DataFrame,
    titles: Mapping[str, str] | None = None,
    value: str = "similarity",
    empty: float | None = 0.0,
    in_order: bool = False,
) -> pd.DataFrame:
    """``value`` (the Jaccard similarity, or the score) as a symmetric practice × practice matrix; a pair with
    nothing shared holds ``empty`` (None: a missing value, which a data frame leaves blank). The practices are
    sorted by id, or with ``in_order`` taken as the pairs come (ranked pairs: the strongest at the top left,
    each pair near the diagonal).

    The axes read by short titles (``titles``), cut to ``AXIS_CHARACTERS``; two practices whose cut titles
    coincide keep their id after the title so the axes stay distinct."""
    both = zip(overlap["practice_a"].astype(str), overlap["practice_b"].astype(str), strict=True)
    ids = list(dict.fromkeys(p for pair in both for p in pair))
    if not in_order:
        ids.sort()
    place = {practice: n for n, practice in enumerate(ids)}
    values = np.full((len(ids), len(ids)), np.nan if empty is None else float(empty))
    rows = [place[a] for a in overlap["practice_a"].astype(str)]
    columns = [place[b] for b in overlap["practice_b"].astype(str)]
    weights = overlap[value].astype(float).to_numpy()
    values[rows, columns] = weights
    values[columns, rows] = weights
    axes = axis_labels(ids, titles) if titles is not None else {i: i for i in ids}
    labels = [axes[i] for i in ids]
    return pd.DataFrame(values, index=labels, columns=labels)


AXIS_CHARACTERS = 32
#: The pairs the Overlaps page's matrix draws, the strongest of the table's page: at most twice as many practices.
MATRIX_PAIRS = 25


def axis_labels(ids: list[str], titles: Mapping[str, str]) -> dict[str, str]:
    short = {i: _cut(titles.get(i, i), AXIS_CHARACTERS) for i in ids}
    seen: dict[str, int] = {}
    for label in short.values():
        seen[label] = seen.get(label, 0) + 1
    return {i: (f"{label} · {i}" if seen[label] > 1 else label) for i, label in short.items()}


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _practice_names(ids: Any, given: Any, titles: Mapping[str, str]) -> str:
    """The practices of a row by title in the interface language; else the title the query gives (same order as
    the ids); else the id."""
    ids, given = _items(ids), _items(given)
    named = [titles.get(str(i)) or (_text(given[n]) if n < len(given) else "") or str(i) for n, i in enumerate(ids)]
    return "; ".join(named)


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def function_duplication_table(rows: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    """function_duplication rows, in the order they are shown: what is done for whom, by which institutions (by
    name), in which practices (by title) and countries; then whether across practices, and how many mechanisms."""
    return pd.DataFrame({
        t("col_function", lang): rows["function"].map(humanize),
        t("col_population", lang): rows["population"].map(humanize),
        # The institutions by name where the query gives them; ids only from an older query.
        t("col_carriers", lang): rows["institutions" if "institutions" in rows else "carriers"].map(
            lambda v: ", ".join(str(x) for x in _items(v))
        ),
        t("col_practices", lang): [_practice_names(i, g, titles) for i, g in
                                   zip(rows["practices"], _column(rows, "practice_titles"), strict=True)],
        t("col_countries", lang): _column(rows, "countries").map(lambda v: countries_text(_items(v), lang)),
        t("col_scope", lang): rows["scope"].map(lambda s: t("scope_across", lang) if s == "across practices"
                                                else t("scope_within", lang)),
        t("col_mechanisms", lang): rows["mechanism_count"],
    })  # fmt: skip


def benefit_duplication_table(rows: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col_benefit", lang): rows["benefit"].map(humanize),
        t("col_population", lang): rows["population"].map(humanize),
        t("col_practices", lang): [_practice_names(i, g, titles) for i, g in
                                   zip(rows["practices"], _column(rows, "practice_titles"), strict=True)],
        t("col_countries", lang): _column(rows, "countries").map(lambda v: countries_text(_items(v), lang)),
        t("col_practice_count", lang): rows["practice_count"],
    })  # fmt: skip


def _column(rows: pd.DataFrame, name: str) -> pd.Series:
    """A column the query may not give (an older registry's query): empty cells then."""
    return rows[name] if name in rows else pd.Series([None] * len(rows), index=rows.index)


def bridging_table(rows: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col_actor", lang): [_text(a) or _text(n) or str(i) for a, n, i in
                               zip(rows["acronym"], rows["name"], rows["actor_id"], strict=True)],  # fmt: skip
        t("col_name", lang): rows["name"],
        t("col_bridges", lang): rows["bridges"].map(lambda b: t(f"bridges_{b.replace(' ', '_')}", lang)),
        t("col_levels", lang): rows["levels"].map(lambda v: ", ".join(level_short(x, lang) for x in (v or []))),
        t("col_practices", lang): rows["practices"].map(lambda v: _titles(v, titles)),
        "id": rows["actor_id"],
    })  # fmt: skip


def cost_benefit_table(rows: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The profile as a table, figures written out ("10 months — development time"); after the complexity
    measures, the mechanisms and agreements they count, by their names in ``lang``."""

    def figures(values: Any) -> str:
        return "; ".join(f"{number_text(f.get('value'))} {f.get('unit') or ''} — {f.get('label') or ''}".strip()
                         for f in (values or []))  # fmt: skip

    # The answer first: what it costs and brings, and the figures; the complexity measures after.
    return pd.DataFrame({
        # Numbered as the chart's labels number the points.
        t("col_practice", lang): [f"{n}. {titles.get(p, p)}" for n, p in enumerate(rows["practice_id"], start=1)],
        t("col_costs", lang): rows["cost_categories"].map(_words),
        t("col_benefits", lang): rows["benefit_categories"].map(_words),
        t("col_figures", lang): rows["figures"].map(figures),
        **{t(f"measure_{m}", lang): rows[m] for m in COMPLEXITY_MEASURES},
        t("col_mechanisms_listed", lang): _local_names(rows, "mechanism_labels", "mechanism_other_languages", lang),
        t("col_agreements_listed", lang): _local_names(rows, "agreement_titles", "agreement_other_languages", lang),
    })  # fmt: skip


def _local_names(rows: pd.DataFrame, names: str, others: str, lang: str) -> list[str]:
    """Each row's list of names (mechanism labels, agreement titles) in ``lang``, joined with "; " (a name may hold
    a comma). English marked "(EN)" in French where the query gives no other-language column (an older answer)."""
    shown = []
    for listed, other in zip(_column(rows, names), _column(rows, others), strict=True):
        labels, translated = _sequence(listed), _sequence(other)
        if len(translated) != len(labels):
            translated = [None] * len(labels)
        shown.append("; ".join(local_name(n, o, lang) for n, o in zip(labels, translated, strict=True)))
    return shown


def _sequence(value: Any) -> list[Any]:
    """A list cell as a list, whether the store gave a list or a kept answer an array."""
    return [] if value is None or isinstance(value, (str, bytes)) or not hasattr(value, "__iter__") else list(value)
