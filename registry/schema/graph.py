"""The graph schema: which labels and relationship types exist.

This is the allowlist every label or relationship type chosen by a user (a
filter in the app, an export option) is checked against before it can appear
in Cypher — labels cannot be query parameters, so they must never come from
free text.
"""

from __future__ import annotations

from registry.errors import BadParameter

NODE_LABELS: tuple[str, ...] = (
    "Practice",
    "Actor",
    "Agreement",
    "Mechanism",
    "Level",
    "LevelClaim",
    "Evidence",
    "Source",
    "Function",
    "Population",
    "Benefit",
    "Instrument",
    "Term",  # a term a registry adds to a vocabulary (its vocabulary.yaml)
    "Rename",  # a slug a registry renamed, so older files still load
)

# (source label, relationship type, target label)
RELATIONSHIPS: tuple[tuple[str, str, str], ...] = (
    ("Practice", "HAS_MECHANISM", "Mechanism"),
    ("Practice", "HAS_AGREEMENT", "Agreement"),
    ("Practice", "HAS_CLAIM", "LevelClaim"),
    ("Practice", "HAS_EVIDENCE", "Evidence"),
    ("Practice", "DOCUMENTED_BY", "Actor"),
    ("Practice", "TARGETS", "Population"),
    ("Practice", "DELIVERS", "Benefit"),
    ("Practice", "RELATES_TO", "Instrument"),
    ("Practice", "CITES", "Source"),
    ("Mechanism", "AT_LEVEL", "Level"),
    ("Mechanism", "INVOLVES", "Actor"),
    ("Mechanism", "USES", "Agreement"),
    ("Mechanism", "SERVES", "Function"),
    ("Mechanism", "REACHES", "Population"),
    ("Mechanism", "CITES", "Source"),
    ("Agreement", "PARTY", "Actor"),
    ("Agreement", "CITES", "Source"),
    ("Actor", "CITES", "Source"),
    ("Actor", "PART_OF", "Actor"),
    ("Actor", "HOLDS_ROLE", "Actor"),
    ("Instrument", "CITES", "Source"),
    ("LevelClaim", "ASSIGNS", "Level"),
    ("LevelClaim", "CITES", "Source"),
    ("Evidence", "CONCERNS", "Mechanism"),
    ("Evidence", "CITES", "Source"),
)

RELATIONSHIP_TYPES: tuple[str, ...] = tuple(sorted({t for _, t, _ in RELATIONSHIPS}))

# Every node is identified by `id` within its label.
UNIQUE_KEYS: tuple[tuple[str, str], ...] = tuple((label, "id") for label in NODE_LABELS)


def checked_label(label: str) -> str:
    """Return the label backtick-quoted, or refuse it if the schema lacks it."""
    if label not in NODE_LABELS:
        raise BadParameter(f"'{label}' is not a kind of node in the registry (one of: {', '.join(NODE_LABELS)})")
    return f"`{label}`"


def checked_relationship_type(rel_type: str) -> str:
    if rel_type not in RELATIONSHIP_TYPES:
        raise BadParameter(
            f"'{rel_type}' is not a relationship in the registry (one of: {', '.join(RELATIONSHIP_TYPES)})"
        )
    return f"`{rel_type}`"
