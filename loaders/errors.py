"""Turn pydantic's validation errors into Problems a researcher can act on."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from registry.errors import Problem

_FRIENDLY = {
    "missing": "is missing (it is required)",
    "extra_forbidden": "is not a field coordreg knows (check the spelling)",
}


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
            parts.append(str(key))
            try:
                node = node[key] if isinstance(node, dict) else None
            except (KeyError, TypeError):
                node = None
    last = loc[-1] if loc else ""
    if isinstance(last, int):
        return " > ".join(parts) + f"[{last}]", parts[-1] if parts else ""
    return " > ".join(parts), str(last)


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
        message = _FRIENDLY.get(item["type"], item["msg"])
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        problems.append(Problem(origin, place or "(top level)", field, message))
    return problems
