"""The vocabularies reference: every closed list of ``registry/schema/vocabulary.py``.

Labels and definitions are read from where the code keeps them: the levels'
names and definitions from ``registry/schema/levels.py``, the app's labels from
``registry/app_support/i18n.py``. A value the code gives no label or
definition is shown as missing — this page never makes one up — and each list
says how many it lacks, so the gaps are visible.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Literal, get_args, get_origin

from registry.app_support import i18n
from registry.schema import vocabulary
from registry.schema.levels import LEVEL_BY_ID, LEVELS
from tools.docs_reference import markdown as md
from tools.docs_reference.model_page import case_models

MISSING = "*missing*"

# (English label, French label, English definition, French definition) of one value, or None where the code has none.
Texts = tuple[str | None, str | None, str | None, str | None]


def _level(value: str) -> Texts:
    level = LEVEL_BY_ID.get(value)
    if level is None:
        return (None, None, None, None)
    return (level.name_en, level.name_fr, level.definition_en, level.definition_fr)


def _pair(table: dict[str, tuple[str, str]], key: str) -> Texts:
    pair = table.get(key)
    return (pair[0], pair[1], None, None) if pair else (None, None, None, None)


# Where the code keeps each vocabulary's labels, and what the page says about it.
LABELS: dict[str, tuple[Callable[[str], Texts], str]] = {
    "LevelId": (
        _level,
        "names and definitions from `registry/schema/levels.py`, paraphrased from the source "
        + ", ".join(sorted({f"`{level.source}` ({level.locator})" for level in LEVELS})),
    ),
    "ActorKind": (lambda v: _pair(i18n.KIND_LABELS, v), "labels from `KIND_LABELS` in `registry/app_support/i18n.py`"),
    "ClaimStatus": (
        lambda v: _pair(i18n.STRINGS, f"status_{v}"),
        "labels from `status_*` in `registry/app_support/i18n.py`",
    ),
    "EvidenceKind": (
        lambda v: _pair(i18n.STRINGS, f"evidence_{v}"),
        "labels from `evidence_*` in `registry/app_support/i18n.py` (the app's plural headings)",
    ),
}


def vocabularies() -> list[tuple[str, tuple[str, ...]]]:
    """(name, values) of every Literal list in vocabulary.py, in the module's order."""
    return [
        (name, get_args(obj))
        for name, obj in vars(vocabulary).items()
        if get_origin(obj) is Literal and not name.startswith("_")
    ]


def _used_by() -> dict[str, list[str]]:
    """Which case-model fields take each vocabulary."""
    names = {values: name for name, values in vocabularies()}
    used: dict[str, list[str]] = {}

    def walk(hint: object, field: str) -> None:
        if get_origin(hint) is Literal and get_args(hint) in names:
            used.setdefault(names[get_args(hint)], []).append(field)
        for arg in get_args(hint):
            walk(arg, field)

    for case_model in case_models():
        hints = typing.get_type_hints(case_model, include_extras=True)
        for field in case_model.model_fields:
            walk(hints[field], f"{case_model.__name__}.{field}")
    return used


def _shown(value: str | None) -> str:
    return md.text(value) if value else MISSING


def _section(name: str, values: tuple[str, ...], used_by: list[str]) -> str:
    lookup, origin = LABELS.get(name, (lambda v: (None, None, None, None), ""))
    texts = [lookup(v) for v in values]
    have = [sum(1 for t in texts if t[i]) for i in range(4)]
    counts = (
        f"{len(values)} values; English labels {have[0]}/{len(values)}, French labels {have[1]}/{len(values)}, "
        f"English definitions {have[2]}/{len(values)}, French definitions {have[3]}/{len(values)}."
    )
    where = ", ".join(f"[`{f}`](model.md#{md.anchor('case', f.split('.')[0])})" for f in used_by) or "no field"
    blocks = [
        f"## {name} {{#{md.anchor(name)}}}",
        f"Used by {where}. {counts} " + (f"Texts: {origin}." if origin else "The code has no labels for it yet."),
    ]
    if any(t[2] or t[3] for t in texts):
        rows = [[md.code(v), *(_shown(x) for x in t)] for v, t in zip(values, texts, strict=True)]
        blocks.append(md.table(["value", "English", "French", "definition", "définition"], rows))
    else:
        rows = [[md.code(v), _shown(t[0]), _shown(t[1])] for v, t in zip(values, texts, strict=True)]
        blocks.append(md.table(["value", "English", "French"], rows))
    return "\n\n".join(blocks)


def pages() -> list[tuple[str, str]]:
    used = _used_by()
    lists = vocabularies()
    intro = (
        "# Vocabularies\n\n"
        "The closed lists of `registry/schema/vocabulary.py`: a case file may use these values and no others, so a "
        "typo is an error naming the allowed values rather than a new kind of actor. Where the code has English and "
        "French labels or definitions for a value they are shown; where it has none the page says *missing*.\n\n"
        "Populations, benefits, evidence categories and collections are open: any [slug](model.md#type-slug) "
        "is accepted and becomes a node or a value of its own."
    )
    index = md.table(
        ["vocabulary", "values"],
        [[f"[{name}](#{md.anchor(name)})", str(len(values))] for name, values in lists],
    )
    return [("vocabularies.md", md.page(intro, index, *(_section(n, v, used.get(n, [])) for n, v in lists)))]
