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

from registry.app_support.i18n import localized
from registry.app_support.views import records
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
