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
import hashlib
import json
import os
from pathlib import Path
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
    """Each translated one-form string of ``lang`` as (English, translation) by key.

    Reading the catalogs takes Babel and about 0.15 s, half a command's budget; so what they hold is also kept
    as JSON in the user's cache folder, under a name made of a digest of the catalog files themselves: an edited
    catalog gets a file of its own, and an unwritable cache only costs the time."""
    from registry.locale import catalog_file

    digest = hashlib.sha256()
    for name in (None, lang):
        digest.update(catalog_file(name).read_bytes())
    folder = _cache_folder()
    cache = folder / f"catalog-{lang}-{digest.hexdigest()[:20]}.json" if folder is not None else None
    if cache is not None:
        try:
            return {key: (pair[0], pair[1]) for key, pair in json.loads(cache.read_text(encoding="utf-8")).items()}
        except (OSError, ValueError, TypeError, IndexError, AttributeError):
            pass
    from registry.locale import entries

    found = {key: (entry.english[0], entry.translated[lang][0]) for key, entry in entries().items()
             if len(entry.english) == 1 and lang in entry.translated}  # fmt: skip
    if cache is None:
        return found
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
        partial.replace(cache)  # whole or not at all, should two commands write it at once
        for stale in cache.parent.glob(f"catalog-{lang}-*.json"):  # those of catalogs since edited
            if stale != cache:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return found


def _cache_folder() -> Path | None:
    """``$XDG_CACHE_HOME/coordreg``, else ``~/.cache/coordreg``; None when there is no home to keep it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: the XDG rule is to ignore it
        base = os.path.expanduser(os.path.join("~", ".cache"))
    return Path(base) / "coordreg" if os.path.isabs(base) else None
