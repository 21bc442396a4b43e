"""Turn pydantic's validation errors into Problems a researcher can act on."""

from __future__ import annotations

import difflib
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from registry.errors import Problem

_FRIENDLY = {
    "missing": "is missing (it is required)",
    "extra_forbidden": "is not a field coordreg knows (check the spelling)",
}

# What a value of each patterned field must look like, in words: a researcher cannot act on a regular expression.
_PATTERN_WORDS = {
    "countries": "must be three-letter ISO country codes such as ARG or BRA; separate several countries with `;`",
    "country": "must be a three-letter ISO country code such as ARG or BRA (one country only)",
    "url": "a web address must start with https:// (or http://) and hold no spaces",
    "language": "must be a two-letter lowercase language code such as en, fr or es",
    "instruments": "must be instrument ids: ILO ones such as C102 or R202, others lowercase words joined by hyphens "
    "such as eu-regulation-883-2004; separate several with `;`",
    "currency": "must be a three-letter ISO 4217 currency code such as BRL, EUR or USD",
}
_SLUG_WORDS = "must be lowercase letters and digits joined by hyphens, such as bra-canpat (no spaces or capitals)"


def friendly_message(item: dict[str, Any], field: str) -> str:
    """The message of one pydantic error, in words (no regular expression, no 'Value error' prefix)."""
    if item["type"] == "string_pattern_mismatch":
        if field == "id" and tuple(item["loc"])[:1] == ("instruments",):
            return "must be an ILO instrument id such as C102 or R202, or lowercase words joined by hyphens"
        return _PATTERN_WORDS.get(field, _SLUG_WORDS)
    return _FRIENDLY.get(item["type"], item["msg"]).removeprefix("Value error, ")


def _place(loc: tuple[int | str, ...], data: Any) -> tuple[str, str]:
    """Split a pydantic location into (place, field), naming list items by id."""
    parts: list[str] = []
    node = data
    for key in loc[:-1]:
        if isinstance(key, int):
            label = f"[{key}]"
            try:
                node = node[key]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    label += f" ({node['id']})"
            except (IndexError, KeyError, TypeError):
                node = None
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
        else:
            key = _as_written(node, str(key))
            parts.append(key)
            try:
                node = node[key] if isinstance(node, dict) else None
            except (KeyError, TypeError):
                node = None
    last = loc[-1] if loc else ""
    if isinstance(last, int):
        return " > ".join(parts) + f"[{last}]", parts[-1] if parts else ""
    return " > ".join(parts), _as_written(node, str(last))


# Fields that took one value before they took a list (or a date): a file may still use the old name.
_OLD_NAMES = {"levels": "level", "kinds": "kind", "scopes": "scope", "regions": "region", "when": "year"}


def _as_written(node: Any, field: str) -> str:
    """The field's name as the file wrote it (``level`` for ``levels`` in an older file)."""
    old = _OLD_NAMES.get(field)
    if old is not None and isinstance(node, dict) and field not in node and old in node:
        return old
    return field


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (through Annotated, Optional and list), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_of(argument)
        if found is not None:
            return found
    return None


def _closest_field(root: str, loc: tuple[int | str, ...]) -> str:
    """'; did you mean …?' naming the fields of the section an unknown field sits in."""
    from registry.schema.custom_terms import VocabularyFile
    from registry.schema.model import CaseFile

    roots: dict[str, type[BaseModel]] = {"CaseFile": CaseFile, "VocabularyFile": VocabularyFile}
    model = roots.get(root)
    for key in loc[:-1]:
        if model is None:
            return ""
        if isinstance(key, str):
            field = model.model_fields.get(key)
            model = _model_of(field.annotation) if field is not None else None
    if model is None:
        return ""
    names = [*model.model_fields, *(old for new, old in _OLD_NAMES.items() if new in model.model_fields)]
    close = difflib.get_close_matches(str(loc[-1]), names, n=2, cutoff=0.6)
    if close:
        return f"; did you mean {' or '.join(repr(c) for c in close)}?"
    return f" (the fields here are: {', '.join(model.model_fields)})"


# A file of thousands of bad entries would otherwise print (and hold) hundreds of thousands of messages.
MAX_PROBLEMS_PER_FILE = 200


def problems_from_validation(origin: str, error: ValidationError, data: Any) -> list[Problem]:
    problems: list[Problem] = []
    # Without the input, context and link of each error: for a file of many errors they are most of the memory.
    for item in error.errors(include_url=False, include_context=False, include_input=False):
        if len(problems) == MAX_PROBLEMS_PER_FILE:
            more = error.error_count() - MAX_PROBLEMS_PER_FILE
            message = f"and {more:,} more problem(s) in this file; fix the ones listed and check it again"
            problems.append(Problem(origin, "", "", message))
            break
        place, field = _place(tuple(item["loc"]), data)
        message = friendly_message(dict(item), field)
        if item["type"] == "extra_forbidden":
            message += _closest_field(error.title, tuple(item["loc"]))
        problems.append(Problem(origin, place or "(top level)", field, message))
    return problems
