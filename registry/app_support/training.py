"""The training mode: a guided tour a trainer projects, and a self-check exercise.

The tour walks through the three levels, then each practice as an example.
The exercise asks a participant to put mechanisms at their level and marks
the answers against the level the registry records for each mechanism —
the registry's own answer, never one written into the app.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from registry.app_support.i18n import localized, t
from registry.app_support.names import actor_shorts, local_name
from registry.app_support.views import LEVELS, records
from registry.schema.bundle import fold

EXERCISE_SIZE = 6


@dataclass(frozen=True)
class TourStep:
    kind: str  # "level" or "practice"
    id: str


def tour_steps(levels: pd.DataFrame, titles: pd.DataFrame) -> list[TourStep]:
    """Levels first (in their order), then each practice in the registry's display order."""
    steps = [TourStep("level", str(v)) for v in levels.sort_values("order")["level"]]
    steps += [TourStep("practice", str(v)) for v in titles["practice_id"]]
    return steps


def clamp(index: int, steps: list[TourStep]) -> int:
    return max(0, min(index, len(steps) - 1)) if steps else 0


def level_text(levels: pd.DataFrame, level: str, lang: str) -> tuple[str, str]:
    """(name, definition) of a level in the interface language, from the Level nodes."""
    row = records(levels[levels["level"] == level])
    if not row:
        return level, ""
    return localized(row[0], "name", lang), localized(row[0], "definition", lang)


def exercise_items(mechanisms: pd.DataFrame, seed: int, size: int = EXERCISE_SIZE) -> pd.DataFrame:
    """A reproducible draw of mechanisms, spread over the levels as evenly as the registry allows."""
    if mechanisms.empty:
        return mechanisms
    rng = random.Random(seed)
    by_level = {
        level: rng.sample(list(group.index), len(group))
        for level, group in sorted(mechanisms.groupby("level"), key=lambda item: str(item[0]))
    }
    picked: list[int] = []
    while len(picked) < size and any(by_level.values()):
        for pool in by_level.values():
            if pool and len(picked) < size:
                picked.append(pool.pop())
    rng.shuffle(picked)
    return mechanisms.loc[picked].reset_index(drop=True)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Matched on folded text (no accents): "méso", "stratégique" and "opérationnel" are caught too.
_LEVEL_WORDS = re.compile(r"\b(macro|meso|micro|levels?|niveaux?|strategic|operational|strategique|operationnel)")


def exercise_hint(description: str) -> str:
    """A mechanism's description without the sentences that name its level (they would give the answer away)."""
    sentences = _SENTENCE_END.split(" ".join(description.split()))
    return " ".join(s for s in sentences if s and not _LEVEL_WORDS.search(fold(s)))


@dataclass(frozen=True)
class Feedback:
    mechanism_id: str
    chosen: str | None
    answer: str
    correct: bool


def mark(items: pd.DataFrame, answers: Mapping[str, str | None]) -> list[Feedback]:
    """Compare each answer with the level the registry records for the mechanism."""
    return [
        Feedback(
            mechanism_id=str(r["mechanism_id"]),
            chosen=answers.get(str(r["mechanism_id"])),
            answer=str(r["level"]),
            correct=answers.get(str(r["mechanism_id"])) == r["level"],
        )
        for r in records(items)
    ]


def score(feedback: list[Feedback]) -> tuple[int, int]:
    return sum(f.correct for f in feedback), len(feedback)


# ---- a practice step: its mechanisms level by level, each with a reason and where the source says so ----


@dataclass(frozen=True)
class MechanismLesson:
    mechanism_id: str
    label: str
    actors: list[str]
    reason: str
    locator: str
    inferred: bool  # the level comes from an analyst's inference, not a stated claim
    also: tuple[str, ...] = ()  # the mechanism's other levels: it works at several and is shown under each


REASON_CHARACTERS = 220


def mechanism_locators(sources: pd.DataFrame) -> dict[str, str]:
    """mechanism id -> where the source describes it, the row of the source's level table first."""
    found: dict[str, list[str]] = {}
    for r in records(sources):
        if r.get("cited_by") == "mechanism" and isinstance(r.get("locator"), str):
            found.setdefault(str(r["cited_by_id"]), []).append(r["locator"])
    return {m: sorted(locs, key=lambda loc: (" row " not in loc and "row '" not in loc, loc))[0]
            for m, locs in found.items()}  # fmt: skip


# The words that name one level (matched on folded text); a sentence naming another level is no reason for this one.
_WORDS_OF_LEVEL = {
    "macro": re.compile(r"\b(macro|strategic|strategique)"),
    "meso": re.compile(r"\b(meso|operational|operationnel)"),
    "micro": re.compile(r"\b(micro|service delivery|front[- ]line)"),
}
_ANY_LEVEL = re.compile(r"\b(levels?|niveaux?)\b")


def level_reason(level: str, description: str, lang: str) -> str:
    """One line on why a mechanism sits at ``level``: the sentence of its description that names this level
    (or levels in general, never another level: a mechanism at two levels gets a reason for each), or the
    level's meaning beside what the mechanism does."""
    sentences = [s for s in _SENTENCE_END.split(" ".join(description.split())) if s]
    own = _WORDS_OF_LEVEL.get(level)
    others = [words for name, words in _WORDS_OF_LEVEL.items() if name != level]
    naming = next((s for s in sentences if own is not None and own.search(fold(s))), None) or next(
        (s for s in sentences if _ANY_LEVEL.search(fold(s)) and not any(w.search(fold(s)) for w in others)), None
    )
    line = naming or f"{t(f'why_{level}', lang)} — {sentences[0] if sentences else ''}".rstrip(" —")
    return line if len(line) <= REASON_CHARACTERS else line[: REASON_CHARACTERS - 1].rstrip() + "…"


def inferred_levels(claims: pd.DataFrame) -> dict[str, str]:
    """level -> the analyst's rationale, for levels only an inferred claim of the practice assigns."""
    stated = {lv for r in records(claims) if r.get("status") == "stated" for lv in (r.get("levels") or [])}
    out: dict[str, str] = {}
    for r in records(claims):
        if r.get("status") == "inferred":
            for level in r.get("levels") or []:
                if level not in stated and isinstance(r.get("rationale"), str):
                    out.setdefault(str(level), r["rationale"])
    return out


def practice_lessons(
    levels_table: pd.DataFrame,
    descriptions: Mapping[str, Mapping[str, object]],
    sources: pd.DataFrame,
    claims: pd.DataFrame,
    lang: str,
) -> dict[str, list[MechanismLesson]]:
    """The practice's mechanisms level by level (the ``practice_levels`` table), each with its actors, a
    one-line reason for its level and the locator of the passage it comes from."""
    locators = mechanism_locators(sources)
    inferred = inferred_levels(claims)
    rows = records(levels_table)
    # A mechanism at several levels has one row per level (one AT_LEVEL each): it is taught under each of them.
    levels_of: dict[str, list[str]] = {}
    for r in rows:
        levels_of.setdefault(str(r["mechanism_id"]), []).append(str(r["level"]))
    lessons: dict[str, list[MechanismLesson]] = {}
    for r in rows:
        level, mechanism = str(r["level"]), str(r["mechanism_id"])
        own = {"description_en": r.get("description"), "description_fr": r.get("description_fr")}
        description = localized(descriptions.get(mechanism, own), "description", lang)
        reason = level_reason(level, description, lang)
        if level in inferred:
            reason = t("why_inferred", lang, rationale=_first_sentence(inferred[level]))
        lessons.setdefault(level, []).append(MechanismLesson(
            mechanism, local_name(r.get("mechanism"), r.get("mechanism_other_languages"), lang) or mechanism,
            actor_shorts(r.get("actors"), r.get("actor_names"), r.get("actor_other_languages"), lang),
            reason, locators.get(mechanism, ""), level in inferred,
            tuple(other for other in LEVELS if other in levels_of[mechanism] and other != level),
        ))  # fmt: skip
    return {level: lessons[level] for level in LEVELS if level in lessons}


def _first_sentence(text: str) -> str:
    sentences = _SENTENCE_END.split(" ".join(text.split()))
    return sentences[0] if sentences else text


def matrix_window(table: pd.DataFrame, practice: str, around: int = 3) -> tuple[pd.DataFrame, int, int]:
    """The matrix rows around ``practice`` (``around`` before and after, more at the ends), so the practice is
    always in view however long the matrix; with the 1-based numbers of the first and last rows shown."""
    if table.empty or practice not in set(table["id"]):
        return table, 1, len(table)
    at = int(list(table["id"]).index(practice))
    size = 2 * around + 1
    start = max(0, min(at - around, len(table) - size))
    window = table.iloc[start : start + size]
    return window, start + 1, start + len(window)


def step_of(steps: list[TourStep], wanted: str | None) -> int | None:
    """The index of the step a link names (``?step=macro`` or ``?step=arg-intercosecha``)."""
    for index, step in enumerate(steps):
        if step.id == wanted:
            return index
    return None


def exercise_label(item: Mapping[str, object], lang: str) -> str:
    """A mechanism of the exercise by its label in ``lang`` (``(EN)``-marked in French where it has no French)."""
    return local_name(item.get("label"), item.get("other_languages"), lang)


def feedback_reason(item: Mapping[str, object], lang: str) -> str:
    """Why the registry puts a mechanism of the exercise at its level (shown once the answer is checked)."""
    description = localized(item, "description", lang)
    return level_reason(str(item.get("level")), description, lang)
