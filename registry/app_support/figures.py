"""A figure as a reader says it: "more than 15.1 billion BRL (2020, observed) — federal spending".

The graph keeps each figure whole as JSON text (``Evidence.figures``), since
neither store holds maps as properties; this turns one back into words. In
French a figure's unit and label are its ``unit_fr`` and ``label_fr``; one
without them keeps the English words, marked ``(EN)`` as untranslated names are
(``names.EN_MARK``). Numbers are left as the case file writes them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from registry.app_support.i18n import STRINGS, t
from registry.app_support.names import EN_MARK

#: Catalog key prefixes of the words a figure's qualifier and status read as (registry/locale).
QUALIFIER_PREFIX = "figure_qualifier_"
STATUS_PREFIX = "figure_status_"


def number_text(value: Any) -> str:
    """A figure's number as written: 10.0 is '10', 2.5 stays '2.5'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _word(prefix: str, value: Any, lang: str) -> str:
    """The catalog's word for a qualifier or status value; a value the catalog does not know reads as nothing."""
    key = f"{prefix}{value}"
    return t(key, lang) if value and key in STRINGS else ""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def local_field(figure: Mapping[str, Any], field: str, lang: str) -> str:
    """A figure's ``unit`` or ``label`` in ``lang``: in French its ``_fr`` form when it has one, else the English
    marked ``(EN)``; in English the English."""
    english = _text(figure.get(field))
    if lang != "fr":
        return english
    return _text(figure.get(f"{field}_fr")) or (english + EN_MARK if english else "")


def figure_text(figure: Mapping[str, Any], lang: str) -> str:
    if figure.get("value") is not None:
        amount = number_text(figure["value"])
    else:
        amount = f"{number_text(figure.get('low'))}–{number_text(figure.get('high'))}"
    words = [_word(QUALIFIER_PREFIX, figure.get("qualifier"), lang), amount, local_field(figure, "unit", lang)]
    if figure.get("currency"):
        words.append(str(figure["currency"]))
    when = [str(figure["as_of"])] if figure.get("as_of") else []
    when += [_word(STATUS_PREFIX, figure.get("status"), lang)] if figure.get("status") else []
    text = " ".join(w for w in words if w)
    if when:
        text += f" ({', '.join(when)})"
    return f"{text} — {local_field(figure, 'label', lang)}".strip(" —")


def figures_from_json(rows: Any) -> list[dict[str, Any]]:
    """The figures an Evidence node keeps as JSON text; a malformed one is skipped, never shown half-read."""
    found = []
    for row in rows if isinstance(rows, (list, tuple)) else []:
        try:
            figure = json.loads(row) if isinstance(row, str) else None
        except ValueError:
            continue
        if isinstance(figure, dict):
            found.append(figure)
    return found
