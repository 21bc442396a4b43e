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


def problems_from_validation(origin: str, error: ValidationError, data: Any) -> list[Problem]:
    problems = []
    for item in error.errors():
        place, field = _place(tuple(item["loc"]), data)
        message = _FRIENDLY.get(item["type"], item["msg"])
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        problems.append(Problem(origin, place or "(top level)", field, message))
    return problems
