"""Human names for the codes the registry stores: collections, countries, levels and query parameters.

A page shows "Dominican Republic" (or "République dominicaine"), not DOM;
"ISSA — Multilevel coordination in the Americas", not ``issa-americas``;
"First practice", not ``a (string, required)``. Country names come from
pycountry's ISO 3166 names and its gettext translations, so every country a
case file may name has a name in both languages without a list of our own.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry

from registry.app_support.i18n import level_short

#: The collections the registry's cases come in, by slug. An unknown slug is shown with its words spaced out.
COLLECTION_NAMES: dict[str, tuple[str, str]] = {
    "issa-americas": (
        "ISSA — Multilevel coordination in the Americas",
        "AISS — Coordination multiniveau dans les Amériques",
    ),
    "ilo-sse": (
        "ILO — Social and solidarity economy and social protection",
        "OIT — Économie sociale et solidaire et protection sociale",
    ),
}

#: The same, short enough for a table cell.
COLLECTION_SHORT: dict[str, tuple[str, str]] = {
    "issa-americas": ("ISSA (Americas)", "AISS (Amériques)"),
    "ilo-sse": ("ILO (SSE)", "OIT (ESS)"),
}

#: Labels for the named queries' parameters, by name (the header's own line says what the value is).
PARAMETER_LABELS: dict[str, tuple[str, str]] = {
    "practice": ("Practice", "Pratique"),
    "a": ("First practice", "Première pratique"),
    "b": ("Second practice", "Seconde pratique"),
    "actor": ("Actor", "Acteur"),
    "actor_a": ("First actor", "Premier acteur"),
    "actor_b": ("Second actor", "Second acteur"),
    "agreement": ("Agreement", "Accord"),
    "function": ("Function", "Fonction"),
    "level": ("Level", "Niveau"),
    "collection": ("Collection", "Collection"),
    "actor_kind": ("Kind of actor", "Type d'acteur"),
    "country": ("Country", "Pays"),
    "text": ("Words to look for", "Mots à chercher"),
    "limit": ("At most this many rows", "Nombre de lignes au plus"),
    "max_hops": ("Steps at most", "Étapes au plus"),
    "max_routes": ("Routes at most", "Chemins au plus"),
    "max_sharing": ("Shared by at most this many practices", "Partagé par au plus ce nombre de pratiques"),
    "min_practices": ("In at least this many practices", "Dans au moins ce nombre de pratiques"),
}


def _pick(names: tuple[str, str], lang: str) -> str:
    return names[1] if lang == "fr" else names[0]


def spaced(slug: str) -> str:
    """``social-security_institution`` -> ``Social security institution``: a last resort for an unnamed code."""
    words = str(slug).replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def collection_name(slug: str, lang: str) -> str:
    names = COLLECTION_NAMES.get(str(slug))
    return _pick(names, lang) if names else spaced(slug)


def collection_short(slug: str, lang: str) -> str:
    names = COLLECTION_SHORT.get(str(slug))
    return _pick(names, lang) if names else collection_name(slug, lang)


@lru_cache(maxsize=4)
def _country_translation(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


@lru_cache(maxsize=1024)
def country_name(code: str, lang: str) -> str:
    """An ISO 3166 alpha-3 (or alpha-2) code's country, in ``lang``; the code itself when it is no country."""
    text = str(code).strip()
    country = pycountry.countries.get(alpha_3=text.upper()) if len(text) == 3 else None
    if country is None and len(text) == 2:
        country = pycountry.countries.get(alpha_2=text.upper())
    if country is None:
        return text
    if lang == "en":
        return str(getattr(country, "common_name", None) or country.name)
    # The translations are keyed by the English names: the common name where one exists ("South Korea").
    translation = _country_translation(lang)
    common = getattr(country, "common_name", None)
    if common and translation.gettext(common) != common:
        return translation.gettext(common)
    return translation.gettext(country.name)


def countries_text(codes: object, lang: str) -> str:
    """A list of country codes as names, joined by commas."""
    if not isinstance(codes, (list, tuple)):
        return "" if codes is None or codes != codes else country_name(str(codes), lang)  # NaN != NaN
    return ", ".join(country_name(str(c), lang) for c in codes if c)


def level_name(level: str, lang: str) -> str:
    return level_short(level, lang)


def parameter_label(name: str, lang: str) -> str:
    names = PARAMETER_LABELS.get(name)
    return _pick(names, lang) if names else spaced(name)
