"""Tables of the Practices page: one practice's levels, actors, agreements, evidence and sources; two side by side."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from registry.app_support.figures import figure_text, figures_from_json, number_text
from registry.app_support.i18n import STRINGS, kind_label, level_short, localized, t
from registry.app_support.labels import collection_name, countries_text, country_name
from registry.app_support.names import actor_name, actor_short, actor_shorts, local_name
from registry.app_support.views import LEVELS, humanize, records


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _items(value: Any) -> list[Any]:
    """A list cell as a list, whether the store gave a list or a kept answer an array."""
    return [] if value is None or isinstance(value, (str, bytes)) or not hasattr(value, "__iter__") else list(value)


def _joined(value: Any, sep: str = ", ") -> str:
    return sep.join(str(v) for v in _list(value) if v is not None)


def _french(part: pd.DataFrame) -> list[Any]:
    """practice_levels' French descriptions (absent from answers computed before the column existed)."""
    return list(part["description_fr"]) if "description_fr" in part.columns else [None] * len(part)


def when_text(when: str, lang: str) -> str:
    """A date or period as read: '2003/..' is 'since 2003', '2001/2013' is '2001–2013'."""
    start, slash, end = when.partition("/")
    if not slash:
        return when
    if end == "..":
        return f"depuis {start}" if lang == "fr" else f"since {start}"
    return f"{start}–{end}"


def facts_line(detail: Mapping[str, Any], lang: str) -> str:
    """Countries · years · collection · region · documented by, as one caption."""
    parts = [
        countries_text(detail.get("countries"), lang),
        _joined(detail.get("years")),
        collection_name(_text(detail.get("collection")), lang) if _text(detail.get("collection")) else "",
        when_text(_text(detail.get("when")), lang),
        _joined(detail.get("regions")) or _text(detail.get("region")),
    ]
    if _text(detail.get("documented_by")):
        parts.append(t("documented_by", lang, who=documented_by(detail, lang)))
    return " · ".join(p for p in parts if p)


def documented_by(detail: Mapping[str, Any], lang: str) -> str:
    """The documenting institutions, comma-separated, by their short names in ``lang`` (the ISSA is the AISS in
    French); the query's own ``documented_by`` text when its per-institution columns are absent."""
    shown = _text(detail.get("documented_by"))
    names, others = _items(detail.get("documenter_names")), _items(detail.get("documenter_other_languages"))
    if not names or len(names) != len(others):
        return shown
    # documented_by gives each institution's acronym or, without one, its name, in the same order.
    labels = [part.strip() for part in shown.split(",")] if shown.count(",") == len(names) - 1 else [""] * len(names)
    return ", ".join(
        actor_short({"acronym": label if label != name else "", "name": name, "other_languages": other}, lang)
        for label, name, other in zip(labels, names, others, strict=True)
    )


def search_practices(hits: pd.DataFrame) -> list[str]:
    """Practice ids among search hits."""
    if hits.empty:
        return []
    return [str(i) for i in hits.loc[hits["kind"] == "practice", "id"]]


#: The fewest characters of an id that find it: "bel" finds ilo-sse-bel-smart, "a" finds nothing.
MIN_ID_PART = 3


def id_matches(titles: pd.DataFrame, text: str) -> list[str]:
    """The practices whose id holds the typed text, case ignored ("arg-intercosecha", "INTERCOSECHA",
    "cosecha"), the exact id first. Full-text search reads words, so part of an id ("bel-sm") finds nothing
    there; an analyst who copies an id from a table, a file or a link finds the practice here."""
    wanted = text.strip().lower()
    # Ids hold no spaces; a letter or two ("a", "-") is in nearly every id and would list the whole registry.
    if len(wanted) < MIN_ID_PART or any(c.isspace() for c in wanted) or "practice_id" not in titles:
        return []
    ids = [str(p) for p in titles["practice_id"]]
    return [p for p in ids if p.lower() == wanted] + [p for p in ids if wanted in p.lower() and p.lower() != wanted]


def found_practices(text: str, titles: pd.DataFrame, hits: pd.DataFrame) -> list[str]:
    """What the search box finds: practices by id (whole or in part) first, then by the words of their texts."""
    found = id_matches(titles, text)
    return found + [p for p in search_practices(hits) if p not in found]


def practice_to_open(text: str, titles: pd.DataFrame, found: list[str]) -> str | None:
    """The practice a search names outright: its exact id, or the only practice found."""
    exact = [p for p in id_matches(titles, text) if p.lower() == text.strip().lower()]
    if exact:
        return exact[0]
    return found[0] if len(found) == 1 else None


def other_hits(hits: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Search hits that are not practices (actors, agreements, levels …)."""
    rest = hits[hits["kind"] != "practice"] if not hits.empty else hits
    kinds = rest.get("kind", pd.Series(dtype=str)).map(lambda k: t(f"hit_{k}", lang) if f"hit_{k}" in STRINGS
                                                        else humanize(_text(k)))  # fmt: skip
    return pd.DataFrame({
        t("col_kind", lang): kinds,
        t("col_name", lang): rest.get("name", pd.Series(dtype=str)),
        t("col_match", lang): rest.get("match", pd.Series(dtype=str)),
        "id": rest.get("id", pd.Series(dtype=str)),
    })  # fmt: skip


def _level_actors(part: pd.DataFrame, lang: str) -> list[str]:
    """Each mechanism's actors by their short names in ``lang``; as the query labels them (acronym, else name)
    when its name columns are absent (an answer computed before they existed)."""
    if "actor_names" not in part or "actor_other_languages" not in part:
        return [_joined(v) for v in part["actors"]]
    return [
        ", ".join(actor_shorts(labels, names, others, lang))
        for labels, names, others in zip(part["actors"], part["actor_names"], part["actor_other_languages"],
                                         strict=True)
    ]  # fmt: skip


def _column(part: pd.DataFrame, name: str) -> list[Any]:
    """A column an answer computed before it existed lacks: None for each row then."""
    return list(part[name]) if name in part.columns else [None] * len(part)


def _mechanism_labels(part: pd.DataFrame, lang: str) -> list[str]:
    """Each row's mechanism label in ``lang`` (``(EN)``-marked in French where it has no French label)."""
    return [local_name(m, o, lang) for m, o in zip(part["mechanism"], _column(part, "mechanism_other_languages"),
                                                  strict=True)]  # fmt: skip


def _level_agreements(part: pd.DataFrame, lang: str) -> list[str]:
    """Each mechanism's agreements by their titles in ``lang``; as the query gives them when the titles in other
    languages are absent or do not line up."""
    shown = []
    for titles, others in zip(part["agreements"], _column(part, "agreement_other_languages"), strict=True):
        titles, others = _items(titles), _items(others)
        if len(titles) != len(others):
            shown.append(_joined(titles))
            continue
        shown.append(", ".join(local_name(g, o, lang) for g, o in zip(titles, others, strict=True)))
    return shown


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
            t("col_mechanism", lang): _mechanism_labels(part, lang),
            t("col_description", lang): [
                localized(descriptions.get(str(m), {"description_en": d, "description_fr": f}), "description", lang)
                for m, d, f in zip(part["mechanism_id"], part["description"], _french(part), strict=True)
            ],
            t("col_actors", lang): _level_actors(part, lang),
            t("col_agreements", lang): _level_agreements(part, lang),
            t("col_functions", lang): part["functions"].map(lambda v: ", ".join(humanize(x) for x in _list(v))),
        }).reset_index(drop=True)  # fmt: skip
    return out


def functions_of(levels_table: pd.DataFrame) -> list[str]:
    return sorted({humanize(f) for cell in levels_table.get("functions", []) for f in _list(cell)})


def _actor_rows(actors: pd.DataFrame) -> list[dict[str, Any]]:
    """Each actor's acronym, name and other-language names (none when the query gives no such column)."""
    others: Any = actors["other_languages"] if "other_languages" in actors else [[]] * len(actors)
    return [
        {"acronym": _text(a), "name": _text(n), "other_languages": o}
        for a, n, o in zip(actors["acronym"], actors["name"], others, strict=True)
    ]


def actors_table(actors: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col_actor", lang): [actor_short(r, lang) for r in _actor_rows(actors)],
        t("col_name", lang): [actor_name(r, lang) for r in _actor_rows(actors)],
        t("col_kind", lang): actors["kind"].map(lambda k: kind_label(_text(k), lang)),
        t("col_country", lang): actors["country"].map(lambda c: country_name(c, lang) if _text(c) else ""),
        t("col_levels", lang): actors["levels"].map(lambda v: ", ".join(level_short(x, lang) for x in _list(v))),
        t("col_roles", lang): actors["roles"].map(lambda v: "; ".join(str(x) for x in _list(v) if x)),
        "id": actors["actor_id"],
    })  # fmt: skip


def agreements_table(agreements: pd.DataFrame, lang: str) -> pd.DataFrame:
    rows = records(agreements)
    return pd.DataFrame({
        t("col_agreement", lang): [local_name(r["title"], r.get("other_languages"), lang) for r in rows],
        t("col_kind", lang): [humanize(_text(r["kind"])) for r in rows],
        t("col_year", lang): [r["year"] if isinstance(r["year"], int) else "" for r in rows],
        t("col_purpose", lang): [localized(r, "purpose", lang) for r in rows],
        t("col_parties", lang): [_joined(r["parties"], "; ") for r in rows],
    })  # fmt: skip


def source_names(sources: pd.DataFrame, actor_labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """source id -> a short name for a locator ("ISSA, 2015"): the publisher's acronym (or its first words)
    and the year, so a reader sees which document without its id. ``actor_labels`` (an actor's English label ->
    its label in the interface language, ``views.actor_relabels``) turns a publisher's acronym into the
    interface language's ("AISS, 2015" in French)."""
    labels = actor_labels or {}
    names: dict[str, str] = {}
    for r in records(sources):
        publisher = _text(r.get("publisher")) or _text(r.get("citation"))
        acronym = re.search(r"\(([A-Z][A-Za-z]{1,9})\)", publisher)
        short = labels.get(acronym.group(1), acronym.group(1)) if acronym else publisher.split(",")[0][:40]
        year = r.get("year")
        if isinstance(year, (int, float)) and year == year:  # NaN != NaN
            short = f"{short}, {int(year)}"
        names.setdefault(str(r["source_id"]), short or str(r["source_id"]))
    return names


def _where(source_id: Any, locator: Any, sources: Mapping[str, str]) -> str:
    source = _text(source_id)
    return f"{sources.get(source, source)}: {_text(locator)}" if source else _text(locator)


def evidence_table(evidence: pd.DataFrame, lang: str, sources: Mapping[str, str] | None = None) -> pd.DataFrame:
    """practice_evidence rows: kind, category, description in ``lang``, figures written out, where it is."""
    rows = records(evidence)
    sources = sources or {}

    def figures(r: Mapping[str, Any]) -> str:
        details = figures_from_json(r.get("figure_details"))
        if details:  # the whole figure: range, qualifier, currency, year, observed or expected
            return "; ".join(figure_text(f, lang) for f in details)
        return "; ".join(
            f"{number_text(f.get('value'))} {_text(f.get('unit'))} — {_text(f.get('label'))}".strip()
            for f in _list(r["figures"])
            if isinstance(f, Mapping)
        )

    return pd.DataFrame({
        t("col_evidence", lang): [t(f"evidence_{_text(r['kind'])}", lang) if r["kind"] in ("cost", "benefit")
                                  else _text(r["kind"]) for r in rows],
        t("col_category", lang): [humanize(_text(r["category"])) for r in rows],
        t("col_description", lang): [localized(r, "description", lang) for r in rows],
        t("col_figures", lang): [figures(r) for r in rows],
        t("col_mechanism", lang): [local_name(r["mechanism"], r.get("mechanism_other_languages"), lang)
                                   for r in rows],
        t("col_locator", lang): [_where(r["source_id"], r["locator"], sources) for r in rows],
    })  # fmt: skip


def claims_table(claims: pd.DataFrame, lang: str, sources: Mapping[str, str] | None = None) -> pd.DataFrame:
    sources = sources or {}
    return pd.DataFrame({
        t("col_levels", lang): claims["levels"].map(lambda v: ", ".join(level_short(x, lang) for x in _list(v))),
        t("col_status", lang): claims["status"].map(lambda s: t(f"status_{s}", lang) if s in ("stated", "inferred")
                                                   else _text(s)),
        t("col_locator", lang): [_where(s, loc, sources) for s, loc in zip(claims["source_id"], claims["locator"],
                                                                            strict=True)],
        t("col_rationale", lang): claims["rationale"].map(_text),
    })  # fmt: skip


def cited_names(practice: str, title: str, levels_table: pd.DataFrame, agreements: pd.DataFrame,
                evidence: pd.DataFrame, lang: str) -> dict[str, str]:  # fmt: skip
    """id -> name of everything on a practice's page a source may be cited for."""
    names = {practice: title}
    if "mechanism_id" in levels_table:
        names.update(zip((str(i) for i in levels_table["mechanism_id"]), _mechanism_labels(levels_table, lang),
                         strict=True))  # fmt: skip
    if "agreement_id" in agreements:
        names.update({str(r["agreement_id"]): local_name(r.get("title"), r.get("other_languages"), lang)
                      for r in records(agreements)})  # fmt: skip
    for r in records(evidence):
        kind = t(f"evidence_{r['kind']}", lang) if r.get("kind") in ("cost", "benefit") else _text(r.get("kind"))
        names[str(r["evidence_id"])] = f"{kind} — {humanize(_text(r.get('category')))}"
    return names


def sources_table(sources: pd.DataFrame, lang: str, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """practice_sources rows; what each passage is cited for is named (``names``: id -> name), not given by id."""
    names = names or {}

    def cited_for(kind: Any, ident: Any) -> str:
        what = t(f"cited_{_text(kind).replace(' ', '_')}", lang) if f"cited_{_text(kind).replace(' ', '_')}" in \
            STRINGS else humanize(_text(kind))  # fmt: skip
        return f"{what}: {names.get(_text(ident), '')}".rstrip(": ") if names.get(_text(ident)) else what

    return pd.DataFrame({
        t("col_source", lang): sources["citation"].map(_text),
        t("col_cited_for", lang): [cited_for(k, i) for k, i in zip(sources["cited_by"], sources["cited_by_id"],
                                                                  strict=True)],
        t("col_locator", lang): sources["locator"].map(_text),
        "URL": sources["url"].map(_text),
    })  # fmt: skip


COMPARED_ASPECTS = (
    "title", "countries", "collection", "claimed levels", "mechanism levels", "actors", "agreements",
    "functions", "populations", "benefits", "cost evidence", "benefit evidence",
)  # fmt: skip


def comparison_table(compared: pd.DataFrame, lang: str, name_a: str, name_b: str) -> pd.DataFrame:
    """compare_practices rows with aspect names in ``lang`` and one column per practice; actors and agreements
    by their names in ``lang`` (French, else English marked ``(EN)``)."""
    shown = _compared_names(compared, lang)

    def cell(value: Any, aspect: str = "") -> str:
        if aspect in shown:
            return ", ".join(shown[aspect].get(str(v), str(v)) for v in _items(value))
        if aspect == "countries":
            return countries_text(_list(value), lang)
        if aspect == "collection":
            return ", ".join(collection_name(str(v), lang) for v in _list(value))
        if aspect in ("claimed levels", "mechanism levels"):
            return ", ".join(level_short(str(v), lang) for v in _list(value))
        return ", ".join(humanize(v) if isinstance(v, str) and "-" in v and " " not in v else str(v)
                         for v in _list(value))  # fmt: skip

    aspects = [str(a) for a in compared["aspect"]]
    # The answer first: what the two share, right after the aspect; then each practice in full.
    return pd.DataFrame({
        t("col_aspect", lang): [t("aspect_" + a.replace(" ", "_"), lang) if a in COMPARED_ASPECTS else a
                                for a in aspects],
        t("col_shared", lang): [cell(v, a) for v, a in zip(compared["shared"], aspects, strict=True)],
        name_a: [cell(v, a) for v, a in zip(compared["a"], aspects, strict=True)],
        name_b: [cell(v, a) for v, a in zip(compared["b"], aspects, strict=True)],
    })  # fmt: skip


def _compared_names(compared: pd.DataFrame, lang: str) -> dict[str, dict[str, str]]:
    """For compare_practices' actors and agreements rows: each listed label (an actor's acronym or name, an
    agreement's title) -> its name in ``lang``. Empty for an answer computed before the name columns existed."""
    shown: dict[str, dict[str, str]] = {}
    if "a_names" not in compared or "a_other_languages" not in compared:
        return shown
    for row in records(compared):
        aspect = str(row["aspect"])
        if aspect not in ("actors", "agreements"):
            continue
        names = shown.setdefault(aspect, {})
        for side in ("a", "b"):
            labels, full, others = (_items(row.get(c)) for c in (side, f"{side}_names", f"{side}_other_languages"))
            if not (len(labels) == len(full) == len(others)):
                continue
            for label, name, other in zip(labels, full, others, strict=True):
                if aspect == "actors":
                    names[str(label)] = actor_short(
                        {"acronym": label if label != name else "", "name": name, "other_languages": other}, lang
                    )
                else:
                    names[str(label)] = local_name(label, other, lang)
    return shown
