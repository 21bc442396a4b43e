"""The explorer's interface in English and French.

The interface strings live in gettext catalogs, ``registry/locale/coordreg.pot`` (English) and
``registry/locale/fr/LC_MESSAGES/coordreg.po`` (French), which a translator edits with standard tools; the code
asks for a string by its key (the catalogs' ``msgctxt``) through ``t`` here or ``tr`` in the pages
(``registry.locale`` reads the catalogs; CONTRIBUTING.md, "Translating", says how to add one).
tests/test_french_coverage.py fails on a string without French or whose placeholders differ. Registry content
that has both languages (``summary_en``/``summary_fr`` …) is chosen with ``localized``.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from registry.locale import entries as catalog_entries
from registry.locale import text as catalog_text
from registry.schema.vocabulary import ACTOR_KIND

LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}

# The levels' short names are catalog strings too: level_short_macro, level_short_meso, level_short_micro.
LEVEL_SHORT: tuple[str, ...] = ("macro", "meso", "micro")

# Labels of the kinds of actor come with the vocabulary itself (registry/schema/vocabulary.py).
KIND_LABELS: dict[str, tuple[str, str]] = {term.term: (term.en, term.fr) for term in ACTOR_KIND.terms}


class _Strings(Mapping[str, tuple[str, str]]):
    """Every interface string as (English, French) by key, read from the catalogs when first asked for. A
    string with a count gives its plural forms here; ``t`` picks the form its count asks for."""

    def __getitem__(self, key: str) -> tuple[str, str]:
        entry = catalog_entries()[key]
        return entry.english[-1], entry.forms("fr")[-1]

    def __iter__(self) -> Iterator[str]:
        return iter(catalog_entries())

    def __len__(self) -> int:
        return len(catalog_entries())


STRINGS: Mapping[str, tuple[str, str]] = _Strings()


def t(key: str, lang: str, **values: Any) -> str:
    """The interface string ``key`` in ``lang`` (English when ``lang`` is unknown), in the plural form a count
    among ``values`` asks for, with ``values`` put in its placeholders."""
    text = catalog_text(key, lang, values)
    return text.format(**values) if values else text


def query_text(name: str, part: str, english: str, lang: str) -> str:
    """A named query's title, question or parameter line (``part``: "title", "question", "param:NAME") in
    ``lang``: its translation from the catalogs while it translates the header's current English (keys
    ``query:NAME:…``, copied from the headers by tools/i18n_catalog.py), else the header's own text, as for a
    query someone saved."""
    entry = catalog_entries().get(f"query:{name}:{part}")
    if entry is None or entry.english != (english,):
        return english
    return entry.forms(lang)[0]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def localized(record: Mapping[str, Any], base: str, lang: str) -> str:
    """``base_fr`` or ``base_en`` of a record, whichever the language asks for, falling back on the other."""
    order = (f"{base}_{lang}", f"{base}_en", f"{base}_fr", base)
    for key in order:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def level_short(level: str, lang: str) -> str:
    return t(f"level_short_{level}", lang) if level in LEVEL_SHORT else level


def kind_label(kind: str, lang: str) -> str:
    names = KIND_LABELS.get(kind)
    if names is None:
        return kind
    return names[1] if lang == "fr" else names[0]


def option_formatter(
    lang: str, *, kind: str | None = None, names: Mapping[str, str] | None = None, empty: str = "all"
) -> Callable[[Any], str]:
    """A ``format_func`` for a choice widget, with the language fixed now.

    ``""`` (the "no filter" option) reads ``t(empty)``; ``kind`` = "level",
    "actor_kind", "measure", "collection" or "country" translates ids;
    otherwise ``names`` maps ids to labels. Fixing the language when the widget is built matters: a widget's
    format function may be called again outside the script run.
    """
    empty_label = t(empty, lang)
    table = dict(names or {})

    def label(value: Any) -> str:
        if value in (None, ""):
            return empty_label
        text = str(value)
        if kind == "level":
            return level_short(text, lang)
        if kind == "actor_kind":
            return kind_label(text, lang)
        if kind == "measure":
            return t(f"measure_{text}", lang)
        if kind in {"collection", "country"}:
            from registry.app_support.labels import collection_name, country_name

            return collection_name(text, lang) if kind == "collection" else country_name(text, lang)
        return table.get(text, text)

    return label


def network_legend_names(lang: str) -> dict[str, str]:
    """Legend names for actor kinds, their families (``family:NAME``), levels and shared actors."""
    from registry.app_support.network_style import FAMILIES, family_name

    names = {kind: kind_label(kind, lang) for kind in KIND_LABELS}
    names.update({level: level_short(level, lang) for level in LEVEL_SHORT})
    names.update({f"family:{family}": family_name(family, lang) for family in FAMILIES})
    names["shared"] = t("net_shared", lang)
    return names


def network_page_text(lang: str, title: str) -> Any:
    from registry.app_support.network_view import PageText

    return PageText(title=title, png=t("net_png", lang), fit=t("net_fit", lang), empty=t("net_empty", lang), lang=lang)
