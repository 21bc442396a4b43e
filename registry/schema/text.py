"""Text folding shared by the case checks, the loader and the query parameters.

Kept apart from ``bundle`` (which imports the pydantic case model) so that reading the
registry — the app, named queries — does not import the model just to fold a search term.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase and strip accents, so 'Méso' and 'meso' compare equal."""
    if text.isascii():  # nothing to decompose or strip (NFKD leaves ASCII as it is): the common case, 10x faster
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
