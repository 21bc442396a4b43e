"""Which name an actor, a mechanism or an agreement is shown by, in the interface language.

An actor's French name is its ``other_languages`` entry in ``fr`` (stored on the Actor node as ``"fr: …"``
strings). In French mode an actor with no French name keeps its English name with a visible ``(EN)`` mark, so a
reader knows the text was not translated rather than taking it for French. A French name may end with its own
acronym in parentheses when that differs from the English one ("… (AISS)" for the ISSA): short labels (the
network, the actor column) then use it in place of the English acronym. A mechanism's label and an agreement's
title follow the same rule (``local_name``), from their own ``other_languages``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Plain text, so it reads the same in a table cell, a network label, a tooltip and escaped Markdown.
EN_MARK = " (EN)"

_TRAILING_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)$")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def french_name(other_languages: Any) -> str:
    """The ``fr`` name among an actor's ``other_languages`` ("fr: …" strings), or "" if it has none."""
    if isinstance(other_languages, (str, bytes)) or not hasattr(other_languages, "__iter__"):
        return ""  # no list (a missing column, None, NaN)
    for entry in other_languages:
        language, colon, text = str(entry).partition(":")
        if colon and language.strip() == "fr" and text.strip():
            return text.strip()
    return ""


def french_acronym(name_fr: str) -> str:
    """The acronym a French name ends with in parentheses ("… (AISS)" -> "AISS"), or ""."""
    found = _TRAILING_ACRONYM.search(name_fr)
    return found.group(1) if found else ""


def local_name(name: Any, other_languages: Any, lang: str) -> str:
    """A name in ``lang``: in French its ``fr`` entry among ``other_languages`` when it has one, else the
    English ``name`` marked ``(EN)``; in English the English name. A mechanism's label and an agreement's title
    are shown this way."""
    english = _text(name)
    if lang != "fr":
        return english
    return french_name(other_languages) or (english + EN_MARK if english else "")


def actor_name(row: Mapping[str, Any], lang: str) -> str:
    """An actor's full name in ``lang``: its French name in French when it has one, else its English name
    (marked ``(EN)`` in French). ``row`` holds ``name`` and ``other_languages``."""
    return local_name(row.get("name"), row.get("other_languages"), lang)


def actor_short(row: Mapping[str, Any], lang: str) -> str:
    """What a person calls an actor in a short label: its acronym (the French one in French, when its French
    name gives one), else its name as ``actor_name`` gives it. ``row`` holds ``acronym``, ``name`` and
    ``other_languages``. An acronym is not marked: it is a name, not English text."""
    acronym = _text(row.get("acronym"))
    if lang == "fr":
        acronym = french_acronym(french_name(row.get("other_languages"))) or acronym
    return acronym or actor_name(row, lang)


def actor_shorts(labels: Any, names: Any, others: Any, lang: str) -> list[str]:
    """The short labels in ``lang`` of actors a query lists in three lists of the same order: each one's label
    (acronym, else name), name and ``other_languages``. The query's own labels when the lists do not line up
    (an answer computed before the name columns existed)."""

    def items(value: Any) -> list[Any]:
        return [] if value is None or isinstance(value, (str, bytes)) or not hasattr(value, "__iter__") else list(value)

    labels, names, others = items(labels), items(names), items(others)
    if not (len(labels) == len(names) == len(others)):
        return [str(a) for a in labels if a]
    return [
        actor_short({"acronym": a if a != n else "", "name": n, "other_languages": o}, lang)
        for a, n, o in zip(labels, names, others, strict=True)
    ]
