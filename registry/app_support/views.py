"""Tables the pages show, shaped from named-query results (no Streamlit here).

Each function takes a query's frame and the interface language and returns
what a page puts on screen, so the choices — which title in which language,
which rows a filter keeps, how the matrix reads — are tested without a browser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from registry.app_support.deep_links import link_params

# The matrix's marks and the counted labels are defined once, in the module the launch's first view reads
# without pandas; the pages take them from here.
from registry.app_support.first_view import CONFLICT_MARK, COUNTED_LABELS, INFERRED_MARK, MARK
from registry.app_support.i18n import level_short, t
from registry.app_support.labels import collection_short, countries_text
from registry.app_support.names import actor_short
from registry.app_support.safe_text import md as md  # pages escape case text with views.md

LEVELS = ("macro", "meso", "micro")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dicts with text keys (column names are always text here), the values ``to_dict`` gives.

    Built column by column (``tolist`` reads an Arrow-backed column at C speed): ``DataFrame.to_dict`` boxes every
    cell on its own, 0.4-0.75 s for the 10,000 rows of a whole-registry answer. Pass only the columns needed."""
    if not len(frame.columns):
        return [{} for _ in range(len(frame))]
    names = [str(column) for column in frame.columns]
    cells = [frame.iloc[:, n].tolist() for n in range(len(names))]
    return [dict(zip(names, row, strict=True)) for row in zip(*cells, strict=True)]


def column_values(frame: pd.DataFrame, column: str) -> list[Any]:
    """A column's cells as Python values (None for a column the answer lacks), read at C speed."""
    return frame[column].tolist() if column in frame.columns else [None] * len(frame)


def count_metrics(counts: pd.DataFrame, titles: pd.DataFrame, lang: str) -> list[tuple[str, int]]:
    """(label, value) for the Overview's figures: ``registry_counts`` by node label, plus distinct countries."""
    by_label = {str(k): int(v) for k, v in zip(counts["kind"], counts["count"], strict=True)}
    figures = []
    for key, label in COUNTED_LABELS:
        value = len(values_in(titles, "countries")) if label is None else by_label.get(label, 0)
        figures.append((t(f"metric_{key}", lang), value))
    return figures


def practice_title(row: Mapping[str, Any], lang: str) -> str:
    """A practice's title in the interface language (French: its French title, or the original if French)."""

    def text(key: str) -> str:
        value = row.get(key)
        return value if isinstance(value, str) else ""  # a missing title comes back as None or NaN

    if lang == "fr":
        if text("title_fr"):
            return text("title_fr")
        if text("title_language") == "fr" and text("title_original"):
            return text("title_original")
    return text("title") or text("title_original") or text("practice_id")


#: The columns of ``app_practice_titles`` a practice's title is chosen from.
TITLE_COLUMNS = ("practice_id", "title", "title_fr", "title_language", "title_original")


def title_lookup(titles: pd.DataFrame, lang: str) -> dict[str, str]:
    """practice id -> title in ``lang``, from the ``app_practice_titles`` query."""
    rows = records(titles[[c for c in TITLE_COLUMNS if c in titles.columns]])
    return {str(r["practice_id"]): practice_title(r, lang) for r in rows}


def actor_lookup(actors: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """actor id -> what a person calls it in ``lang`` (its acronym, else its name; see ``names.actor_short``),
    from the ``actor_list`` query."""
    return {str(r["actor_id"]): actor_short(r, lang) or str(r["actor_id"]) for r in records(_naming(actors))}


def actor_relabels(actors: pd.DataFrame, lang: str) -> dict[str, str]:
    """An actor's English short label (its acronym, else its name, as queries give it) -> its short label in
    ``lang``, for the actors whose label differs ("ISSA" -> "AISS"), from the ``actor_list`` query."""
    found = {}
    for r in records(_naming(actors)):
        english, shown = actor_short(r, "en"), actor_short(r, lang)
        if english and shown != english:
            found[english] = shown
    return found


def _naming(actors: pd.DataFrame) -> pd.DataFrame:
    """The columns of ``actor_list`` that name an actor (``names.actor_short`` reads them)."""
    return actors[[c for c in ("actor_id", "name", "acronym", "other_languages") if c in actors.columns]]


def values_in(frame: pd.DataFrame, column: str) -> list[str]:
    """The distinct values of a column, list cells flattened, sorted — the options of a filter."""
    if column not in frame.columns:
        return []
    found: set[str] = set()
    for cell in frame[column].tolist():
        if isinstance(cell, (list, tuple)):
            found.update(str(v) for v in cell if v is not None)
        elif cell is not None and not (isinstance(cell, float) and pd.isna(cell)):
            found.add(str(cell))
    return sorted(found)


def with_all_levels(matrix: pd.DataFrame, levels: Iterable[str]) -> pd.DataFrame:
    """Keep the practices that involve every chosen level."""
    kept = matrix
    for level in levels:
        if level not in LEVELS:
            raise ValueError(f"unknown level '{level}'")
        kept = kept[kept[level].astype(bool)]
    return kept


def matrix_table(matrix: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The typology matrix as Table 2 reads: one row per practice, a mark under each level it involves.

    The answer comes right after the title: the levels (● a source states it, ○ only an analyst infers it,
    where the query says which), the conflict mark; then countries and collection by name. Built a column at a
    time (10,000 practices), each distinct list of countries and collection named once."""
    ids = matrix["practice_id"].tolist()
    countries = _named_once(column_values(matrix, "countries"), lambda cell: countries_text(cell, lang))
    collections = _named_once(column_values(matrix, "collection"), lambda cell: collection_short(cell, lang))
    columns: dict[str, list[Any]] = {
        t("col_practice", lang): [
            titles.get(str(p), str(f)) for p, f in zip(ids, matrix["title"].tolist(), strict=True)
        ]
    }
    for level in LEVELS:
        columns[level_short(level, lang)] = _level_marks(matrix, level)
    columns[t("col_conflict", lang)] = [CONFLICT_MARK if c else "" for c in matrix["conflict"].tolist()]
    columns[t("col_countries", lang)] = countries
    columns[t("col_collection", lang)] = collections
    columns["id"] = ids
    return pd.DataFrame(columns, columns=list(columns))


def _named_once(cells: list[Any], name: Callable[[Any], str]) -> list[str]:
    """``name`` of each cell, worked out once per distinct cell (a list cell counts by its items)."""
    named: dict[Any, str] = {}
    shown = []
    for cell in cells:
        key = tuple(cell) if isinstance(cell, list) else cell
        try:
            if key not in named:
                named[key] = name(cell)
            shown.append(named[key])
        except TypeError:  # a cell that cannot be a key (a dict): named on its own
            shown.append(name(cell))
    return shown


MARK_COLUMN_PX = 64


def level_columns(lang: str) -> list[str]:
    """The matrix's answer: a column per level, then the conflict mark."""
    return [*(level_short(v, lang) for v in LEVELS), t("col_conflict", lang)]


def mark_widths(lang: str) -> dict[str, int]:
    return dict.fromkeys(level_columns(lang), MARK_COLUMN_PX)


def cut(text: str, most: int) -> str:
    """``text`` cut to ``most`` characters, an ellipsis marking the cut."""
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _level_marks(matrix: pd.DataFrame, level: str) -> list[str]:
    """A level's marks down the matrix: none where the practice does not involve it, ○ where only an analyst
    infers it, else ●."""
    statuses = column_values(matrix, f"{level}_status")
    return [
        "" if not involved else INFERRED_MARK if status == "inferred" else MARK
        for involved, status in zip(matrix[level].tolist(), statuses, strict=True)
    ]


def offered(page_ids: Iterable[Any], among: Iterable[Any], *kept: Any) -> list[str]:
    """The practices a picker offers: those of the page of the table drawn, then each ``kept`` one (a practice
    a link names, the one chosen before) that the whole table holds. A picker of all 10,000 practices sent every
    title to the browser on each run; the filters and the page number choose which ones are offered."""
    shown = [str(p) for p in page_ids]
    extra = {str(k) for k in kept if k} - set(shown)
    if extra:
        shown += sorted(extra & {str(p) for p in among})
    return shown


#: Conflicting practices listed with their claims at once; the others are one choice away.
CONFLICTS_LISTED = 10

#: The matrix's column of links that open each practice (an icon before its title), and its width.
LINK_COLUMN = "link"
LINK_COLUMN_PX = 44


def practice_link(practice_id: str, lang: str) -> str:
    """A link that opens ``practice_id`` on the Practices page in ``lang``, relative to the app's page:
    ``practices?practice=arg-x&lang=fr``."""
    return f"practices?{urlencode(link_params(practice=practice_id, lang=lang))}"


def with_practice_links(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``table`` (with its ``id`` column) and a ``LINK_COLUMN`` that opens each row's practice."""
    return table.assign(**{LINK_COLUMN: [practice_link(str(pid), lang) for pid in table["id"]]})


def level_counts(matrix: pd.DataFrame) -> dict[str, int]:
    """How many of the shown practices involve each level."""
    return {level: int(matrix[level].astype(bool).sum()) for level in LEVELS}


LEVEL_COLOURS = {"macro": "#f4a582", "meso": "#92c5de", "micro": "#a6dba0"}


def matrix_styles(
    table: pd.DataFrame, lang: str, *, highlight_practice: str | None = None, highlight_level: str | None = None
) -> pd.DataFrame:
    """CSS for each cell of ``matrix_table``: a heat-map colour under the levels, amber for conflicts.

    The training tour highlights one practice (its row framed) or one level (the other levels greyed).
    """
    styles = pd.DataFrame("", index=table.index, columns=table.columns)
    for level in LEVELS:
        column = level_short(level, lang)
        colour = LEVEL_COLOURS[level] if highlight_level in (None, level) else "#e6e6e6"
        styles[column] = [f"background-color: {colour}; text-align: center" if v else "" for v in table[column]]
    conflict = t("col_conflict", lang)
    styles[conflict] = ["background-color: #fee391; text-align: center" if v else "" for v in table[conflict]]
    if highlight_practice is not None:
        chosen = table["id"] == highlight_practice
        for column in (t("col_practice", lang), t("col_countries", lang), t("col_collection", lang)):
            if column in styles.columns:
                styles.loc[chosen, column] = "background-color: #ffd84d; font-weight: bold"
    return styles


def claims_table(conflicts: pd.DataFrame, practice_id: str, lang: str) -> pd.DataFrame:
    """One practice's conflicting claims: which levels each passage assigns, and where it is."""
    rows = conflicts[conflicts["practice_id"] == practice_id]
    out = []
    for r in records(rows):
        for claim, locator in zip(r["claims"], r["locators"], strict=False):
            levels = claim.split(" — ", 1)[0]
            out.append({
                t("col_levels", lang): ", ".join(level_short(v, lang) for v in levels.split(",") if v),
                t("col_locator", lang): locator,
            })  # fmt: skip
    return pd.DataFrame(out, columns=[t("col_levels", lang), t("col_locator", lang)])


def table_height(rows: int, *, row_px: int = 35, cap: int = 1100, header_px: int = 35) -> int:
    """A dataframe height that shows every row up to ``cap`` pixels (Streamlit's default shows ten)."""
    return min(row_px * rows + header_px + 3, cap)


def humanize(slug: str) -> str:
    """``contribution-collection`` -> ``contribution collection``."""
    return str(slug).replace("-", " ").replace("_", " ")


def markdown_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy for ``st.table``, which reads every text cell and index label as Markdown: all of them escaped."""
    shown = table.map(lambda cell: md(cell) if isinstance(cell, str) else cell)
    shown.index = [md(label) if isinstance(label, str) else label for label in shown.index]
    return shown
