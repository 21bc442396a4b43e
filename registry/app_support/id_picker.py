"""Choices for parameters that name something in the registry, so an analyst picks an id instead of typing it.

A named query's ``$practice``, ``$actor_a`` or ``$country`` (and the same
names in the editor) get a searchable list of what the registry holds, each
shown by its name with the id after it as a detail ("Intercosecha Programme ·
arg-intercosecha"). The page fetches the lists it needs through the cached
named queries and hands them in; nothing here touches a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from registry.app_support.i18n import kind_label
from registry.app_support.labels import collection_name, country_name, level_name, spaced
from registry.app_support.names import actor_name, actor_short
from registry.schema.vocabulary import ACTOR_KINDS, FUNCTION_IDS, LEVEL_IDS

#: What each id parameter of the named queries names (the names registry/queries/id_check.py checks too).
ID_KINDS: dict[str, str] = {
    "practice": "practice",
    "a": "practice",
    "b": "practice",
    "actor": "actor",
    "actor_a": "actor",
    "actor_b": "actor",
    "level": "level",
    "collection": "collection",
    "country": "country",
    "actor_kind": "actor_kind",
    "function": "function",
}
#: Kinds whose list comes from a named query (the page fetches it); the others come from the vocabularies.
FETCHED = {"practice": "app_practice_titles", "collection": "app_practice_titles", "country": "app_practice_titles",
           "actor": "actor_list"}  # fmt: skip
DETAIL = " · "


def id_kind(parameter: str) -> str | None:
    return ID_KINDS.get(parameter)


def _with_id(name: str, ident: str) -> str:
    return ident if not name or name == ident else f"{name}{DETAIL}{ident}"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def choices(kind: str, lang: str, *, titles: Mapping[str, str] | None = None,
            frame: pd.DataFrame | None = None) -> dict[str, str]:  # fmt: skip
    """id -> what a person reads, for every id of ``kind``; ``titles`` are practice titles in ``lang`` and
    ``frame`` the named query ``FETCHED[kind]`` returned."""
    if kind == "practice":
        named = dict(titles or {})
        return {ident: _with_id(name, ident) for ident, name in sorted(named.items(), key=lambda i: i[1].lower())}
    if kind == "actor" and frame is not None:
        rows = []
        others: Any = frame["other_languages"] if "other_languages" in frame else [[]] * len(frame)
        for ident, acronym, name, other in zip(frame["actor_id"], frame["acronym"], frame["name"], others,
                                               strict=True):  # fmt: skip
            # By its names in the interface language: the AISS and its French name in French.
            actor = {"acronym": _text(acronym), "name": _text(name), "other_languages": other}
            short, full = actor_short(actor, lang), actor_name(actor, lang)
            shown = f"{short} — {full}" if short and full and short != full else full or short
            rows.append((str(ident), _with_id(shown, str(ident))))
        return dict(sorted(rows, key=lambda r: r[1].lower()))
    if kind == "collection" and frame is not None:
        return {c: _with_id(collection_name(c, lang), c) for c in _distinct(frame["collection"])}
    if kind == "country" and frame is not None:
        named = {c: _with_id(country_name(c, lang), c) for c in _distinct(frame["countries"])}
        return dict(sorted(named.items(), key=lambda i: i[1].lower()))
    if kind == "level":
        return {level: _with_id(level_name(level, lang), level) for level in LEVEL_IDS}
    if kind == "actor_kind":
        return dict(sorted(((k, _with_id(kind_label(k, lang), k)) for k in ACTOR_KINDS), key=lambda i: i[1].lower()))
    if kind == "function":
        return {f: _with_id(spaced(f), f) for f in FUNCTION_IDS}
    return {}


def _distinct(cells: Iterable[Any]) -> list[str]:
    found: set[str] = set()
    for cell in cells:
        if isinstance(cell, (list, tuple)):
            found.update(str(v) for v in cell if v)
        elif isinstance(cell, str) and cell:
            found.add(cell)
    return sorted(found)
