"""CSV meant for people: text a spreadsheet would run as a formula is made plain text.

Spreadsheet programs read a CSV cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula, and a formula can fetch
addresses or run commands (OWASP, "CSV Injection"). Following OWASP's
guidance, such a cell is written with a single quote in front — the mark a
spreadsheet itself uses for "this is text" — so it shows as text and never
runs.

The rule is reversible, so an export loads back exactly (the spreadsheet
importer applies ``restore_formula`` to every cell):

- a text that starts with a trigger character, or with one or more quotes
  followed by one, gets one more quote in front: ``=A1`` → ``'=A1``,
  ``'=A1`` → ``''=A1``;
- every other text is left alone (``'hello`` stays ``'hello``);
- reading removes exactly one quote from a cell that starts with one or more
  quotes followed by a trigger character, and leaves every other cell alone.

Only text is touched: numbers stay numbers, so ``-3`` in a numeric column is
written ``-3`` (a spreadsheet reads it as the number it is, never a formula).
"""

from __future__ import annotations

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def _quoted_trigger(text: str) -> bool:
    """True for a text a spreadsheet would run, once any leading quotes are set aside."""
    return text.lstrip(TEXT_MARK).startswith(FORMULA_TRIGGERS)


def neutralise_formula(value: Any) -> Any:
    """A cell for CSV meant for people: text that would run as a formula gets a leading quote; the rest is unchanged."""
    if isinstance(value, str) and _quoted_trigger(value):
        return TEXT_MARK + value
    return value


def mark_quoted_text(value: Any) -> Any:
    """For a workbook's text cells, which can never be formulas: only a text the reader would change gets a quote.

    ``=A1`` stays ``=A1`` (the cell is typed as text); ``'=A1`` becomes ``''=A1``, so it reads back as ``'=A1``.
    """
    if isinstance(value, str) and value.startswith(TEXT_MARK) and _quoted_trigger(value):
        return TEXT_MARK + value
    return value


def restore_formula(text: str) -> str:
    """The importer's half of the rule: remove the one quote ``neutralise_formula`` (or a person) put in front."""
    if text.startswith(TEXT_MARK) and _quoted_trigger(text[1:]):
        return text[1:]
    return text
