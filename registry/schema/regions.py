"""World regions: one list, so one region is never entered under two names.

The names are the ILO's and ISSA's regions (the seed sources group countries
this way) and the UN M49 regions and sub-regions (what statistics use). A
name is matched ignoring case, accents and punctuation, and a few common
other spellings are read as the listed name.
"""

from __future__ import annotations

import difflib

from registry.schema.text import fold

ILO_REGIONS = ("Africa", "Americas", "Arab States", "Asia and the Pacific", "Europe and Central Asia")
ISSA_REGIONS = ("Europe",)  # ISSA's other regions are the ILO's
M49_REGIONS = ("Asia", "Oceania")  # with Africa, Americas and Europe above
M49_SUB_REGIONS = (
    "Northern Africa", "Sub-Saharan Africa", "Eastern Africa", "Middle Africa", "Southern Africa", "Western Africa",
    "Latin America and the Caribbean", "Caribbean", "Central America", "South America", "Northern America",
    "Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia",
    "Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe",
    "Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia",
)  # fmt: skip
REGIONS: tuple[str, ...] = ILO_REGIONS + ISSA_REGIONS + M49_REGIONS + M49_SUB_REGIONS

# Other spellings people write, read as the listed name.
ALIASES = {
    "asia pacific": "Asia and the Pacific",
    "asia and pacific": "Asia and the Pacific",
    "latin america": "Latin America and the Caribbean",
    "lac": "Latin America and the Caribbean",
    "the americas": "Americas",
    "america": "Americas",
    "arab region": "Arab States",
    "middle east": "Arab States",
    "north america": "Northern America",
    "southeast asia": "South-eastern Asia",
    "south east asia": "South-eastern Asia",
    "sub saharan africa": "Sub-Saharan Africa",
    "europe central asia": "Europe and Central Asia",
}


def _key(name: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in fold(name).replace("&", " and ")).split()
    return " ".join(words)


_BY_KEY = {_key(r): r for r in REGIONS} | {_key(alias): name for alias, name in ALIASES.items()}


def region_name(text: str) -> str:
    """The listed name ``text`` stands for, or a ValueError with the closest names."""
    found = _BY_KEY.get(_key(text))
    if found is not None:
        return found
    close = difflib.get_close_matches(_key(text), list(_BY_KEY), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(_BY_KEY[c]) for c in dict.fromkeys(close))}?" if close else ""
    raise ValueError(
        f"'{text}' is not a region of the list coordreg uses (the ILO's regions and the UN M49 regions and "
        f"sub-regions){hint or '.'} A practice in several regions lists each one."
    )
