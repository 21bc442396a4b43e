"""The language `coordreg` speaks to a person: English or French, from the same gettext catalogs as the app.

The language is ``--lang`` on the command line, else ``COORDREG_LANG``, else the locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``, the first one set, as POSIX reads them) when it is a French one, else English.

Each message is asked for with its key and its English text, ``say("cli_status_nodes", "nodes: {nodes}",
nodes=12)``: the English is the catalog's ``msgid`` (tests/test_french_coverage.py holds the two equal), so an
English command never reads a catalog nor imports Babel, and stays as quick as before. In French the catalogs
are read once (``registry.locale``) and what they hold is kept in the user's cache folder; a message whose
French is missing or translates an older English text is shown in English. Column names, identifiers and the
machine formats' keys (tsv, csv, json) stay as they are in every language: scripts read them.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import click

LANGUAGES = ("en", "fr")
ENV = "COORDREG_LANG"
#: The locale variables in the order POSIX gives them precedence for messages.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _from_name(value: str | None) -> str | None:
    """``fr``, ``fr_FR.UTF-8``, ``fr-CA`` -> "fr"; ``en_GB`` -> "en"; anything else (``C``, ``de_DE``) -> None."""
    name = (value or "").strip().lower()
    for lang in LANGUAGES:
        if name == lang or name.startswith((f"{lang}_", f"{lang}-", f"{lang}.")):
            return lang
    return None


def language(context: click.Context | None = None) -> str:
    """The language of the command being run (see the module's docstring for the order)."""
    context = context or click.get_current_context(silent=True)
    chosen = context.find_root().params.get("lang") if context is not None else None
    if chosen in LANGUAGES:
        return str(chosen)
    from_env = _from_name(os.environ.get(ENV))
    if from_env is not None:
        return from_env
    for variable in LOCALE_VARIABLES:
        value = os.environ.get(variable)
        if value:  # the first one set decides, even when it names another language
            return "fr" if _from_name(value) == "fr" else "en"
    return "en"


def say(key: str, english: str, **values: Any) -> str:
    """The message ``key`` in the command's language, its ``{placeholders}`` filled from ``values``."""
    text = english
    if language() != "en":
        text = translated(key, english, language())
    return text.format(**values) if values else text


def translated(key: str, english: str, lang: str) -> str:
    """The catalogs' ``lang`` text of ``key`` while it translates this very English, else the English."""
    held = translations(lang).get(key)
    return held[1] if held is not None and held[0] == english else english


@functools.cache
def translations(lang: str) -> dict[str, tuple[str, str]]:
    """Each translated one-form string of ``lang`` as (English, translation) by key. The catalogs are read once
    and kept in the user's cache folder by ``registry.locale`` (Babel and about 0.15 s, half a command's budget,
    only when a catalog changed)."""
    from registry.locale import entries

    return {key: (entry.english[0], entry.translated[lang][0]) for key, entry in entries().items()
            if len(entry.english) == 1 and lang in entry.translated}  # fmt: skip
