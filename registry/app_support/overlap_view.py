"""The Overlaps page's pair table: the strongest evidence of real contact first, with the reasons.

practice_overlap scores each pair (see its header: each shared institution or
agreement adds 1 + its rarity, shared functions and populations together less
than one point) and says why, as the shared items with what each adds
("MTEySS (actor, 3.77)"). The page ranks by that score, not by the Jaccard
index, which is kept beside it for those who want it. The kind inside each
reason is translated; an actor's name is shown in the interface language
(``names.actor_short``, through the ``actor_labels`` the page gives); other
names are case text and stay as written (the grid shows them as plain text,
never as Markdown).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import pandas as pd

from registry.app_support.i18n import STRINGS, t
from registry.app_support.views import humanize
from registry.schema.custom_terms import term_label
from registry.schema.vocabulary import FUNCTION_IDS

#: One reason as the analysis writes it: "<name> (<kind>, <what it adds>)". A name may hold parentheses itself.
_REASON = re.compile(r"^(?P<name>.*) \((?P<kind>[a-z]+), (?P<adds>-?\d+(?:\.\d+)?)\)$", re.DOTALL)
#: Between two reasons of one pair (a reason's own text holds commas).
REASON_SEPARATOR = " · "


def _list(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, (list, tuple)) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def reason_text(reason: str, lang: str, actor_labels: Mapping[str, str] | None = None) -> str:
    """One reason in ``lang``: "MTEySS (actor, 3.77)" reads "MTEySS (acteur, 3.77)" in French, and an actor
    named in ``actor_labels`` (its English label -> its label in ``lang``) by that label ("ISSA" -> "AISS"). A
    reason of another shape (a kind the analysis adds later) is shown as written."""
    found = _REASON.match(reason)
    if found is None:
        return reason
    kind = _kind_text(found["kind"], lang)
    name = function_name(found["name"], lang) if found["kind"] == "function" else found["name"]
    if found["kind"] == "actor" and actor_labels:
        name = actor_labels.get(name, name)
    return f"{name} ({kind}, {found['adds']})"


@lru_cache(maxsize=256)
def _kind_text(kind: str, lang: str) -> str:
    """A reason's kind in ``lang`` (a kind the catalogs lack as written): the same few kinds, read from the
    catalogs once each, name the 8,000 reasons of 1,000 pairs (looked up each time, a third of the table's build)."""
    key = f"why_kind_{kind}"
    return t(key, lang) if key in STRINGS else kind


def function_name(text: str, lang: str) -> str:
    """A function as the analysis writes it ("policy coordination", or its slug) in French from the vocabulary;
    in English, and for a name the vocabulary lacks, as written."""
    slug = str(text).strip().lower().replace(" ", "-")
    if lang != "fr" or slug not in FUNCTION_IDS:
        return str(text)
    return term_label("function", slug, lang)


def why_text(reasons: Any, lang: str, actor_labels: Mapping[str, str] | None = None) -> str:
    """A pair's reasons, largest first as the analysis sorts them, joined on one line."""
    return REASON_SEPARATOR.join(reason_text(str(r), lang, actor_labels) for r in _list(reasons) if r)


def _jurisdiction(value: Any, lang: str) -> str:
    key = "jurisdiction_" + _text(value).replace(" ", "_")
    return t(key, lang) if key in STRINGS else _text(value)


def ranked(overlap: pd.DataFrame) -> pd.DataFrame:
    """practice_overlap rows, the highest score first (then the Jaccard index, then the pair's ids), whatever
    order they arrived in."""
    if overlap.empty:
        return overlap
    keys = overlap.assign(_score=overlap["score"].astype(float), _similarity=overlap["similarity"].astype(float))
    order = keys.sort_values(
        ["_score", "_similarity", "practice_a", "practice_b"], ascending=[False, False, True, True], kind="stable"
    )
    return overlap.loc[order.index].reset_index(drop=True)


def overlap_table(
    overlap: pd.DataFrame,
    titles: Mapping[str, str],
    lang: str,
    actor_names: Mapping[str, str] | None = None,
    actor_labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The pairs, the highest score first: the pair, its score and why, where they act, the Jaccard index, then
    the shared actors (by name), functions and populations."""
    names = actor_names or {}
    rows = ranked(overlap)

    def title(ids: pd.Series, given: str) -> list[str]:
        query_titles = rows[given] if given in rows else pd.Series([""] * len(rows))
        return [titles.get(str(p)) or _text(q) or str(p) for p, q in zip(ids, query_titles, strict=True)]

    return pd.DataFrame({
        t("col_practice_a", lang): title(rows["practice_a"], "title_a"),
        t("col_practice_b", lang): title(rows["practice_b"], "title_b"),
        t("col_score", lang): rows["score"].astype(float),
        t("col_why", lang): rows["why"].map(lambda v: why_text(v, lang, actor_labels)),
        t("col_jurisdiction", lang): rows["jurisdiction"].map(lambda j: _jurisdiction(j, lang)),
        t("col_similarity", lang): rows["similarity"].astype(float),
        t("col_shared_actors", lang): rows["shared_actors"].map(
            lambda v: ", ".join(names.get(str(a), str(a)) for a in _list(v))
        ),
        t("col_functions", lang): rows["shared_functions"].map(
            lambda v: ", ".join(function_name(humanize(x), lang) for x in _list(v))
        ),
        t("col_populations", lang): rows["shared_populations"].map(
            lambda v: ", ".join(humanize(x) for x in _list(v))
        ),
    })  # fmt: skip


def practices_in(titles: pd.DataFrame, collection: str = "") -> list[str]:
    """The practice ids (app_practice_titles rows) a practice filter offers: those of ``collection``, or all."""
    if collection and "collection" in titles:
        titles = titles[titles["collection"] == collection]
    return [str(p) for p in titles["practice_id"]]


def practices_offered(ranked_pairs: pd.DataFrame, among: list[str], *kept: Any) -> list[str]:
    """The practices the "overlapping with" picker offers: those of the pairs the table ranks (practice_overlap's
    rows, strongest first; each practice once, at its first pair), then each ``kept`` one (a practice a link names,
    the one chosen before) that ``among`` (``practices_in``) holds. Every practice of 10,000 sent a third of a
    megabyte of titles to the browser on each visit; one with no pair in that table is reached by its link."""
    offered = dict.fromkeys(
        str(p) for pair in zip(ranked_pairs["practice_a"], ranked_pairs["practice_b"], strict=True) for p in pair
    ) if not ranked_pairs.empty else {}  # fmt: skip
    extra = [str(k) for k in kept if k and str(k) not in offered]
    if extra:
        allowed = set(among)
        offered.update(dict.fromkeys(k for k in extra if k in allowed))
    return list(offered)


#: The pairs offered for drawing on the network: the strongest first, as many as a list can show usefully.
PAIRS_OFFERED = 50
#: A title in the pair list is cut after this many characters, so the second title of a pair is seen too.
PAIR_TITLE_CHARS = 60


def pair_choices(overlap: pd.DataFrame, titles: Mapping[str, str], limit: int = PAIRS_OFFERED) -> dict[str, str]:
    """The strongest pairs (practice_overlap rows) as ``"a,b"`` (the network page's ``?practices=``) → "A ↔ B"."""
    rows = ranked(overlap).head(limit)

    def name(practice: Any) -> str:  # both titles fit the list's width: a long one is shortened, not the second
        title = titles.get(str(practice)) or str(practice)
        return title if len(title) <= PAIR_TITLE_CHARS else title[: PAIR_TITLE_CHARS - 1].rstrip() + "…"

    return {f"{a},{b}": f"{name(a)} ↔ {name(b)}" for a, b in zip(rows["practice_a"], rows["practice_b"], strict=True)}
