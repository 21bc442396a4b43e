"""search's Python step: check each candidate the store's full-text index found, rank it, quote the passage.

The two stores' indexes tokenize, fold and score differently (RediSearch keeps
accents and scores TF-IDF, Lucene folds accents and scores BM25), so their
candidates are only a first cut: here every candidate is checked against the
same rule, ranked by the same score and quoted the same way, whichever store
found it. The rule, with ``fold`` (the loader's accent and case folding):

- the text's words are its runs of letters and digits, less one-letter words and
  the English stop words both stores' indexes leave out (registry/schema/fulltext.py);
- a node matches when each word starts a word of one of its texts.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from registry.analysis.post import post_step
from registry.schema.fulltext import STOPWORDS
from registry.schema.text import fold

SEARCH_COLUMNS = ("kind", "id", "name", "match", "practice_id", "score")
_WORD = re.compile(r"[^\W_]+")
_STOPWORDS = frozenset(STOPWORDS)
# Names, acronyms and titles say what a node is; a word there counts three times a word of a description.
NAMING_FIELDS = frozenset({
    "acronym", "name", "original name", "French name", "title", "original title", "French title", "mechanism",
})  # fmt: skip
NAMING_WEIGHT, TEXT_WEIGHT = 3, 1
WHOLE_TEXT_BONUS = 10  # the whole text is the search: an exact acronym, name or id
PASSAGE_BEFORE, PASSAGE_AFTER = 60, 100  # characters of a long text quoted around the first word found


def search_words(text: str) -> list[str]:
    """The words a search looks for, in order, once each."""
    return list(dict.fromkeys(w for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in _STOPWORDS))


def _folded_with_positions(value: str) -> tuple[str, list[int]]:
    """``fold(value)`` and, for each of its characters, the position of the character of ``value`` it came from."""
    parts, positions = [], []
    for i, char in enumerate(value):
        folded = fold(char)
        parts.append(folded)
        positions.extend([i] * len(folded))
    return "".join(parts), positions


class _Text:
    """One of a node's texts, folded into words."""

    def __init__(self, label: str, value: str) -> None:
        self.label, self.value = label, value
        self.folded, self.positions = _folded_with_positions(value)
        self.words = [(m.group(), m.start()) for m in _WORD.finditer(self.folded)]
        self.weight = NAMING_WEIGHT if label in NAMING_FIELDS else TEXT_WEIGHT

    def holds(self, word: str) -> tuple[int, int] | None:
        """(points, where) for the best place ``word`` starts a word here (a whole word counts double), or None."""
        best: tuple[int, int] | None = None
        for found, start in self.words:
            if found.startswith(word):
                points = self.weight * (2 if found == word else 1)
                if best is None or points > best[0]:
                    best = (points, start)
        return best

    def passage(self, start: int) -> str:
        """The text, or in a long one the passage around the folded position ``start``, cut at spaces."""
        if len(self.value) <= PASSAGE_BEFORE + PASSAGE_AFTER:
            return self.value
        where = self.positions[start]
        begin, end = max(0, where - PASSAGE_BEFORE), min(len(self.value), where + PASSAGE_AFTER)
        if begin > 0:
            space = self.value.find(" ", begin, where)
            begin = space + 1 if space >= 0 else begin
        if end < len(self.value):
            space = self.value.rfind(" ", where, end)
            end = space if space > where else end
        return ("…" if begin > 0 else "") + self.value[begin:end].strip() + ("…" if end < len(self.value) else "")


def judge(fields: list[Any], words: list[str]) -> tuple[int, float, str] | None:
    """(score, fit, "label: passage") when the node's texts hold every word, else None. fit, the share of the
    quoted text's words that are searched for, ranks equal scores: "Intercosecha Programme" before a long name
    that ends "(Intercosecha)"."""
    texts = [_Text(str(pair[0]), pair[1]) for pair in fields if isinstance(pair[1], str) and pair[1]]
    score, shown = 0, None
    for word in words:
        held = [(found, text) for text in texts if (found := text.holds(word)) is not None]
        if not held:
            return None
        (points, start), text = max(held, key=lambda item: item[0][0])
        score += points
        if shown is None or points > shown[0]:
            shown = (points, text, start)
    if any([w for w, _ in text.words] == words for text in texts):
        score += WHOLE_TEXT_BONUS
    assert shown is not None  # words is never empty here
    fit = len(words) / max(len(shown[1].words), 1)
    return score, fit, f"{shown[1].label}: {shown[1].passage(shown[2])}"


@post_step("search")
def _search_step(frame: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    words = search_words(str(parameters.get("text") or ""))
    if frame.empty or not words:
        return pd.DataFrame(columns=list(SEARCH_COLUMNS))
    rows = []
    for row in frame.to_dict("records"):
        judged = judge(list(row["fields"]), words)
        if judged is not None:
            score, fit, match = judged
            rows.append({**{c: _text(row[c]) for c in ("kind", "id", "name", "practice_id")}, "score": score,
                         "match": match, "_fit": fit})  # fmt: skip
    found = pd.DataFrame(rows, columns=[*SEARCH_COLUMNS, "_fit"]).drop_duplicates(["kind", "id"])
    found = found.sort_values(["score", "_fit", "kind", "id"], ascending=[False, False, True, True])
    limit = int(parameters.get("limit") or len(found))
    return found.head(limit)[list(SEARCH_COLUMNS)].reset_index(drop=True)


def _text(value: Any) -> str | None:
    """A text cell, or None where the store or pandas left a gap (None or NaN)."""
    return value if isinstance(value, str) else None
