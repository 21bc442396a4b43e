"""What the full-text search indexes: the texts of each kind of node, in English and French.

Both stores build their own full-text index over these properties (``ensure_schema``):
FalkorDB one RediSearch index per label, Neo4j one Lucene index over every label.
The named query ``search`` asks that index for candidates; its Python step
(registry/analysis/search.py) then checks, ranks and quotes every hit the same
way on both stores.

``search_key`` is the loader's folded copy of a node's names, titles and id: it
lets FalkorDB, whose index keeps accents, find names typed without them.
"""

from __future__ import annotations

# Neo4j's single full-text index; FalkorDB names its indexes by label.
INDEX_NAME = "coordreg_text"
# Neo4j's analyzer: the standard tokenizer, lowercase, accents folded (ASCIIFoldingFilter), English stop words.
NEO4J_ANALYZER = "standard-folding"

SEARCHED_TEXTS: dict[str, tuple[str, ...]] = {
    "Practice": ("title", "title_original", "title_fr", "summary_en", "summary_fr", "search_key"),
    "Mechanism": ("label", "description_en", "description_fr"),
    "Agreement": ("title", "purpose_en", "purpose_fr", "search_key"),
    "Evidence": ("description_en", "description_fr"),
    "Actor": ("name", "acronym", "original_name", "search_key"),
    "Level": ("name_en", "name_fr", "definition_en", "definition_fr", "search_key"),
    "Instrument": ("title", "search_key"),
}

# English stop words (Lucene's list, which Neo4j's analyzer drops and RediSearch's default repeats). A search
# ignores them, and words of one letter, on both stores: neither index can look them up the same way.
STOPWORDS: tuple[str, ...] = (
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
    "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
    "will", "with",
)  # fmt: skip


def searched_properties() -> tuple[str, ...]:
    """Every property some label's texts use, once, in a fixed order (Neo4j indexes them for every label)."""
    return tuple(dict.fromkeys(p for properties in SEARCHED_TEXTS.values() for p in properties))
