"""Warn when a new slug looks like one already in use: two spellings split one thing in every analysis.

Overlaps and duplication count shared populations, benefits and categories by
their slug, so ``low-income-household`` beside ``low-income-households``
makes two practices look unrelated. A slug is compared with the others of its
list by a shared stem (word endings and a few synonyms ignored) and, on lists
small enough to compare pairwise, by spelling (edit distance). Nothing is
refused: two close slugs may mean different things, so the researcher decides.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from registry.errors import Problem
from registry.schema.text import fold

if TYPE_CHECKING:
    from registry.schema.bundle import CaseBundle, HeldRegistry

# Words that name one thing in social-protection sources; read as the first word of their group.
_SYNONYMS = {
    "family": "household", "families": "household", "households": "household",
    "employee": "worker", "employees": "worker", "workers": "worker",
    "elderly": "older", "aged": "older", "seniors": "older", "senior": "older",
    "company": "enterprise", "companies": "enterprise", "firms": "enterprise", "firm": "enterprise",
    "kids": "child", "children": "child",
}  # fmt: skip
_ENDINGS = ("ations", "ation", "ions", "ion", "ings", "ing", "ed", "es", "s")
PAIRWISE_LIMIT = 400  # distinct slugs of one list above which only stems are compared (pairs grow as n²)
SPELLING_CUTOFF = 0.9


def _stem(word: str) -> str:
    word = _SYNONYMS.get(word, word)
    for ending in _ENDINGS:
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def stem_key(slug: str) -> str:
    return "-".join(_stem(w) for w in re.split(r"[-_.]+", fold(slug)) if w)


def _slugs(bundle: CaseBundle) -> Iterator[tuple[str, str, str, str, str]]:
    """(list, slug, file, place, field) for every slug a file uses."""
    for located in bundle.files:
        case, origin = located.case, located.origin
        p = case.practice
        if p is not None:
            yield "collection", p.collection, origin, "practice", "collection"
            for slug in p.populations:
                yield "population", slug, origin, "practice", "populations"
            for slug in p.benefits:
                yield "benefit", slug, origin, "practice", "benefits"
        for i, m in enumerate(case.mechanisms):
            for slug in m.populations:
                yield "population", slug, origin, f"mechanisms[{i}] ({m.id})", "populations"
        for i, e in enumerate(case.evidence):
            yield "evidence-category", e.category, origin, f"evidence[{i}] ({e.id})", "category"


def drift_warnings(bundle: CaseBundle, held: HeldRegistry | None) -> list[Problem]:
    first_use: dict[str, dict[str, tuple[str, str, str]]] = {}
    for kind, slug, origin, place, fld in _slugs(bundle):
        first_use.setdefault(kind, {}).setdefault(slug, (origin, place, fld))
    warnings: list[Problem] = []
    for kind, used in first_use.items():
        known = set(held.slugs.get(kind, ())) if held is not None else set()
        everything = sorted(known | set(used))
        by_stem: dict[str, list[str]] = {}
        for slug in everything:
            by_stem.setdefault(stem_key(slug), []).append(slug)
        pairwise = len(everything) <= PAIRWISE_LIMIT
        for slug in sorted(set(used) - known):
            close = [s for s in by_stem[stem_key(slug)] if s != slug]
            if pairwise:
                close += difflib.get_close_matches(slug, [s for s in everything if s != slug], 3, SPELLING_CUTOFF)
            # Report a pair once: from the later of two new slugs, or from the new one beside a held one.
            close = [s for s in dict.fromkeys(close) if s in known or s < slug]
            if not close:
                continue
            origin, place, fld = used[slug]
            where = " or ".join(f"'{s}'" + (" (in the registry)" if s in known else "") for s in close)
            warnings.append(
                Problem(
                    origin, place, fld,
                    f"the {kind.replace('-', ' ')} '{slug}' looks like {where}: if they mean the same, use one "
                    "spelling (a vocabulary.yaml file can record the rename); if not, ignore this warning",
                    severity="warning",
                )
            )  # fmt: skip
    return warnings
