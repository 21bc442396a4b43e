"""The interface's strings, read from gettext catalogs beside this module.

``coordreg.pot`` holds every string in English and ``fr/LC_MESSAGES/coordreg.po`` its French: standard files
a translator opens in Poedit, Lokalize or Weblate. Each message's context (``msgctxt``) is the key the code
asks for (``tr("matrix_totals", practices=3)``) and its ``msgid`` the English text. A string with a count has
plural forms (``msgid_plural``, ``msgstr[n]``), chosen by each catalog's own ``Plural-Forms`` rule; the count
is the string's first ``{placeholder}``.

The ``.po`` files are read as they are (Babel's reader): there is no compiled ``.mo`` to forget to rebuild.
Reading them takes Babel and a third of a second, which every start of the app and every French command would
pay; so what they hold is also kept as JSON in the user's cache folder (``$XDG_CACHE_HOME/coordreg``, else
``~/.cache/coordreg``), one file per language named after a digest of the catalog files themselves: an edited
catalog gets a file of its own, a damaged or unwritable one only costs the time. A French entry that is empty
or marked fuzzy counts as missing and the English is shown; tests/test_french_coverage.py fails on any such
entry. ``python -m tools.i18n_catalog`` keeps the files in step.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import json
import os
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DOMAIN = "coordreg"
#: The languages with a catalog of their own; English is the template's msgids.
TRANSLATED = ("fr",)
ENGLISH_PLURAL = "(n != 1)"
#: What a cache file holds; a new shape gets a new number, so older files are never misread.
CACHE_FORMAT = 1


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
    """Every interface string by key, from the catalogs (once per process; from the cache file when it is there)."""
    kept = {lang: held for lang in TRANSLATED if (held := _read_kept(lang)) is not None}
    if len(kept) == len(TRANSLATED):
        return _entries_from_kept(kept)
    found = _entries_from_catalogs()
    for lang in TRANSLATED:
        _keep(lang, found)
    return found


def _entries_from_catalogs() -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    for message in read_catalog(None):
        if message.id and message.context:
            found[message.context] = Entry(message.context, _forms(message.id))
    for lang in TRANSLATED:
        catalog = read_catalog(lang)
        _PLURALS[lang] = catalog.plural_expr
        for message in catalog:
            entry = found.get(message.context or "")
            forms = _forms(message.string)
            # Like gettext: an entry still to review (fuzzy), or empty, is no translation yet.
            if entry is None or message.fuzzy or not all(forms) or len(forms) != len(entry.english):
                continue
            if _forms(message.id) == entry.english:  # a translation of an older English text is out of date
                entry.translated[lang] = forms
    return found


#: Each translated language's plural rule (its catalog's ``Plural-Forms`` expression), as read with the entries.
_PLURALS: dict[str, str] = {}


def cache_folder() -> Path | None:
    """``$XDG_CACHE_HOME/coordreg``, else ``~/.cache/coordreg``; None when there is no home to keep it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: the XDG rule is to ignore it
        base = os.path.expanduser(os.path.join("~", ".cache"))
    return Path(base) / "coordreg" if os.path.isabs(base) else None


def _cache_file(lang: str) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    digest = hashlib.sha256(str(CACHE_FORMAT).encode())
    for name in (None, lang):
        digest.update(catalog_file(name).read_bytes())
    return folder / f"catalog-{lang}-{digest.hexdigest()[:20]}.json"


def _read_kept(lang: str) -> dict[str, Any] | None:
    """What the cache file of ``lang`` holds, when it is there and whole."""
    cache = _cache_file(lang)
    if cache is None:
        return None
    try:
        held = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(held, dict) and isinstance(held.get("entries"), dict) and isinstance(held.get("plural"), str)
    return held if ok else None


def _entries_from_kept(kept: dict[str, dict[str, Any]]) -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    try:
        for lang, held in kept.items():
            _PLURALS[lang] = held["plural"]
            for key, (english, translated) in held["entries"].items():
                entry = found.setdefault(key, Entry(key, tuple(english)))
                if translated:
                    entry.translated[lang] = tuple(translated)
    except (TypeError, ValueError):  # a file of another shape: read the catalogs
        _PLURALS.clear()
        found = _entries_from_catalogs()
        for lang in TRANSLATED:
            _keep(lang, found)
    return found


def _keep(lang: str, found: dict[str, Entry]) -> None:
    """Write what the catalogs hold for ``lang`` to its cache file (whole or not at all), and drop the files of
    catalogs since edited."""
    cache = _cache_file(lang)
    if cache is None:
        return
    held = {"plural": _PLURALS.get(lang, ENGLISH_PLURAL),
            "entries": {key: [entry.english, entry.translated.get(lang)] for key, entry in found.items()}}  # fmt: skip
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(held, ensure_ascii=False), encoding="utf-8")
        partial.replace(cache)  # whole or not at all, should two processes write it at once
        for stale in cache.parent.glob(f"catalog-{lang}-*.json"):
            if stale != cache:
                stale.unlink(missing_ok=True)
    except OSError:
        pass


@functools.cache
def plural_rule(lang: str) -> Callable[[int], int]:
    """Which plural form a count takes in ``lang``, from its catalog's ``Plural-Forms`` header."""
    if lang not in TRANSLATED:
        return gettext.c2py(ENGLISH_PLURAL)
    entries()  # reads the rules with the entries
    expression = _PLURALS.get(lang) or read_catalog(lang).plural_expr
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
