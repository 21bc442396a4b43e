"""The interface's strings, read from gettext catalogs beside this module.

``coordreg.pot`` holds every string in English and ``fr/LC_MESSAGES/coordreg.po`` its French: standard files
a translator opens in Poedit, Lokalize or Weblate. Each message's context (``msgctxt``) is the key the code
asks for (``tr("matrix_totals", practices=3)``) and its ``msgid`` the English text. A string with a count has
plural forms (``msgid_plural``, ``msgstr[n]``), chosen by each catalog's own ``Plural-Forms`` rule; the count
is the string's first ``{placeholder}``.

The ``.po`` files are read as they are (Babel's reader), once per process: there is no compiled ``.mo`` to
forget to rebuild. A French entry that is empty or marked fuzzy counts as missing and the English is shown;
tests/test_french_coverage.py fails on any such entry. ``python -m tools.i18n_catalog`` keeps the files in step.
"""

from __future__ import annotations

import functools
import gettext
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DOMAIN = "coordreg"
#: The languages with a catalog of their own; English is the template's msgids.
TRANSLATED = ("fr",)
ENGLISH_PLURAL = "(n != 1)"


@dataclass(frozen=True)
class Entry:
    """One interface string: its English forms (one, or singular and plural) and each language's forms."""

    key: str
    english: tuple[str, ...]
    translated: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def forms(self, lang: str) -> tuple[str, ...]:
        """The forms in ``lang``: its translation when it has one, else the English."""
        return self.translated.get(lang) or self.english

    @property
    def count_name(self) -> str | None:
        """For a string with plural forms, the placeholder holding the count (its first one)."""
        if len(self.english) < 2:
            return None
        names = [name for _, name, _, _ in string.Formatter().parse(self.english[0]) if name]
        return names[0] if names else None


def catalog_file(lang: str | None) -> Any:
    """The template (``lang`` None) or a language's catalog, as a resource of the installed package."""
    folder = resources.files(__name__)
    return folder / f"{DOMAIN}.pot" if lang is None else folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(lang: str | None) -> Catalog:
    from babel.messages.pofile import read_po

    with catalog_file(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def _forms(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


@functools.cache
def entries() -> dict[str, Entry]:
    """Every interface string by key, read from the catalogs (once per process)."""
    found: dict[str, Entry] = {}
    for message in read_catalog(None):
        if message.id and message.context:
            found[message.context] = Entry(message.context, _forms(message.id))
    for lang in TRANSLATED:
        for message in read_catalog(lang):
            entry = found.get(message.context or "")
            forms = _forms(message.string)
            # Like gettext: an entry still to review (fuzzy), or empty, is no translation yet.
            if entry is None or message.fuzzy or not all(forms) or len(forms) != len(entry.english):
                continue
            if _forms(message.id) == entry.english:  # a translation of an older English text is out of date
                entry.translated[lang] = forms
    return found


@functools.cache
def plural_rule(lang: str) -> Callable[[int], int]:
    """Which plural form a count takes in ``lang``, from its catalog's ``Plural-Forms`` header."""
    expression = read_catalog(lang).plural_expr if lang in TRANSLATED else ENGLISH_PLURAL
    return gettext.c2py(expression)


def text(key: str, lang: str, values: dict[str, Any]) -> str:
    """The string ``key`` in ``lang`` (English when it has no translation), in the form its count asks for."""
    entry = entries()[key]
    forms = entry.forms(lang if lang in TRANSLATED else "en")
    if len(forms) == 1:
        return forms[0]
    count = values.get(entry.count_name or "")
    if not isinstance(count, int) or isinstance(count, bool):
        return forms[-1]
    rule = plural_rule(lang if forms is not entry.english else "en")
    return forms[min(rule(count), len(forms) - 1)]
