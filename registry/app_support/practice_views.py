"""Tables of the Practices page: one practice's levels, actors, agreements, evidence and sources; two side by side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from registry.app_support.i18n import kind_label, level_short, localized, t
from registry.app_support.views import LEVELS, humanize, records


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _joined(value: Any, sep: str = ", ") -> str:
    return sep.join(str(v) for v in _list(value) if v is not None)


def facts_line(detail: Mapping[str, Any], lang: str) -> str:
    """Countries · years · collection · region · documented by, as one caption."""
    parts = [
        _joined(detail.get("countries")),
        _joined(detail.get("years")),
        _text(detail.get("collection")),
        _text(detail.get("region")),
    ]
    if _text(detail.get("documented_by")):
        parts.append(t("documented_by", lang, who=detail["documented_by"]))
    return " · ".join(p for p in parts if p)


def search_practices(hits: pd.DataFrame) -> list[str]:
    """Practice ids among search hits."""
    if hits.empty:
        return []
    return [str(i) for i in hits.loc[hits["kind"] == "practice", "id"]]


def other_hits(hits: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Search hits that are not practices (actors, agreements, levels …)."""
    rest = hits[hits["kind"] != "practice"] if not hits.empty else hits
    return pd.DataFrame({
        t("col_kind", lang): rest.get("kind", pd.Series(dtype=str)),
        t("col_name", lang): rest.get("name", pd.Series(dtype=str)),
        t("col_match", lang): rest.get("match", pd.Series(dtype=str)),
        "id": rest.get("id", pd.Series(dtype=str)),
    })  # fmt: skip


def mechanisms_by_level(
    levels_table: pd.DataFrame, descriptions: Mapping[str, Mapping[str, Any]], lang: str
) -> dict[str, pd.DataFrame]:
    """The practice's own table (practice_levels), one table per level, descriptions in ``lang``."""
    out: dict[str, pd.DataFrame] = {}
    for level in LEVELS:
        part = levels_table[levels_table["level"] == level]
        if part.empty:
            continue
        out[level] = pd.DataFrame({
            t("col_mechanism", lang): part["mechanism"].map(_text),
            t("col_description", lang): [
                localized(descriptions.get(str(m), {"description_en": d}), "description", lang)
                for m, d in zip(part["mechanism_id"], part["description"], strict=True)
            ],
            t("col_actors", lang): part["actors"].map(_joined),
            t("col_agreements", lang): part["agreements"].map(_joined),
            t("col_functions", lang): part["functions"].map(lambda v: ", ".join(humanize(x) for x in _list(v))),
        }).reset_index(drop=True)  # fmt: skip
    return out


def functions_of(levels_table: pd.DataFrame) -> list[str]:
    return sorted({humanize(f) for cell in levels_table.get("functions", []) for f in _list(cell)})


def actors_table(actors: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col_actor", lang): [_text(a) or _text(n) for a, n in zip(actors["acronym"], actors["name"], strict=True)],
        t("col_name", lang): actors["name"].map(_text),
        t("col_kind", lang): actors["kind"].map(lambda k: kind_label(_text(k), lang)),
        t("col_country", lang): actors["country"].map(_text),
        t("col_levels", lang): actors["levels"].map(lambda v: ", ".join(level_short(x, lang) for x in _list(v))),
        t("col_roles", lang): actors["roles"].map(lambda v: "; ".join(str(x) for x in _list(v) if x)),
        "id": actors["actor_id"],
    })  # fmt: skip


def agreements_table(agreements: pd.DataFrame, lang: str) -> pd.DataFrame:
    rows = records(agreements)
    return pd.DataFrame({
        t("col_agreement", lang): [_text(r["title"]) for r in rows],
        t("col_kind", lang): [humanize(_text(r["kind"])) for r in rows],
        t("col_year", lang): [r["year"] if isinstance(r["year"], int) else "" for r in rows],
        t("col_purpose", lang): [localized(r, "purpose", lang) for r in rows],
        t("col_parties", lang): [_joined(r["parties"], "; ") for r in rows],
    })  # fmt: skip


def evidence_table(evidence: pd.DataFrame, lang: str) -> pd.DataFrame:
    """practice_evidence rows: kind, category, description in ``lang``, figures written out, where it is."""
    rows = records(evidence)

    def figures(r: Mapping[str, Any]) -> str:
        return "; ".join(
            f"{_number(f.get('value'))} {_text(f.get('unit'))} — {_text(f.get('label'))}".strip()
            for f in _list(r["figures"])
            if isinstance(f, Mapping)
        )

    return pd.DataFrame({
        t("col_evidence", lang): [t(f"evidence_{_text(r['kind'])}", lang) if r["kind"] in ("cost", "benefit")
                                  else _text(r["kind"]) for r in rows],
        t("col_category", lang): [humanize(_text(r["category"])) for r in rows],
        t("col_description", lang): [localized(r, "description", lang) for r in rows],
        t("col_figures", lang): [figures(r) for r in rows],
        t("col_mechanism", lang): [_text(r["mechanism"]) for r in rows],
        t("col_locator", lang): [f"{_text(r['source_id'])}: {_text(r['locator'])}" for r in rows],
    })  # fmt: skip


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def claims_table(claims: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col_levels", lang): claims["levels"].map(lambda v: ", ".join(level_short(x, lang) for x in _list(v))),
        t("col_status", lang): claims["status"].map(lambda s: t(f"status_{s}", lang) if s in ("stated", "inferred")
                                                   else _text(s)),
        t("col_locator", lang): [f"{_text(s)}: {_text(loc)}" for s, loc in zip(claims["source_id"], claims["locator"],
                                                                                strict=True)],
        t("col_rationale", lang): claims["rationale"].map(_text),
    })  # fmt: skip


def sources_table(sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col_source", lang): sources["citation"].map(_text),
        t("col_cited_for", lang): [f"{_text(k)} {_text(i)}" for k, i in zip(sources["cited_by"], sources["cited_by_id"],
                                                                           strict=True)],
        t("col_locator", lang): sources["locator"].map(_text),
        "URL": sources["url"].map(_text),
    })  # fmt: skip


COMPARED_ASPECTS = (
    "title", "countries", "collection", "claimed levels", "mechanism levels", "actors", "agreements",
    "functions", "populations", "benefits", "cost evidence", "benefit evidence",
)  # fmt: skip


def comparison_table(compared: pd.DataFrame, lang: str, name_a: str, name_b: str) -> pd.DataFrame:
    """compare_practices rows with aspect names in ``lang`` and one column per practice."""

    def cell(value: Any) -> str:
        return ", ".join(humanize(v) if isinstance(v, str) and "-" in v and " " not in v else str(v)
                         for v in _list(value))  # fmt: skip

    return pd.DataFrame({
        t("col_aspect", lang): [t("aspect_" + str(a).replace(" ", "_"), lang) if str(a) in COMPARED_ASPECTS
                                else str(a) for a in compared["aspect"]],
        name_a: compared["a"].map(cell),
        name_b: compared["b"].map(cell),
        t("col_shared", lang): compared["shared"].map(cell),
    })  # fmt: skip
