"""How an actor looks in the network: its family's colour, its kind's shape, a label sized by its importance.

Twenty-six kinds of actor in as many colours could not be told apart (nine
were near-identical blues). So kinds are grouped into eight families, one
colour each from the Okabe–Ito palette (distinct for colour-blind readers and
in print), and within a family each kind has a shape of its own. The legend
lists the families by colour and the kinds by shape. The HTML page
(network_view) and the slide PNG (network_export) draw from these tables,
so both read the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: family -> (colour, its kinds in the order their shapes are given)
FAMILIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "government": ("#0072B2", ("ministry", "national-government", "government-department", "subnational-government")),
    "public-agency": ("#56B4E9", ("tax-authority", "labour-inspectorate", "registry", "public-it-agency",
                                  "public-programme", "public-bank", "data-protection-authority")),
    "social-security": ("#D55E00", ("social-security-institution", "governing-board")),
    "social-partner": ("#E69F00", ("trade-union", "employer-organisation", "workers-organisation",
                                   "producer-association", "tripartite-body")),
    "sse": ("#009E73", ("cooperative", "mutual", "association", "social-enterprise")),
    "provider": ("#CC79A7", ("health-provider", "education-provider")),
    "international": ("#6A3D9A", ("international-organisation", "regional-organisation")),
    "other": ("#7F7F7F", ("enterprise", "other", "person")),
}  # fmt: skip
FAMILY_NAMES: dict[str, tuple[str, str]] = {
    "government": ("Government", "Gouvernement"),
    "public-agency": ("Public agencies", "Organismes publics"),
    "social-security": ("Social security", "Sécurité sociale"),
    "social-partner": ("Social partners", "Partenaires sociaux"),
    "sse": ("Social and solidarity economy", "Économie sociale et solidaire"),
    "provider": ("Service providers", "Prestataires de services"),
    "international": ("International and regional", "International et régional"),
    "other": ("Other", "Autres"),
}
#: vis-network shapes that keep the label under the mark, in the order a family's kinds take them.
SHAPES = ("dot", "square", "triangle", "diamond", "star", "triangleDown", "hexagon")
#: The same shapes as matplotlib markers, for the PNG.
MARKERS = {"dot": "o", "square": "s", "triangle": "^", "diamond": "D", "star": "*", "triangleDown": "v",
           "hexagon": "h"}  # fmt: skip

_KIND_FAMILY = {kind: family for family, (_, kinds) in FAMILIES.items() for kind in kinds}

#: Label sizes (px at zoom 1) for the least and the most important actor; labels drawn smaller than
#: ``LABEL_THRESHOLD`` px at the current zoom are hidden, so minor names appear as one zooms in.
LABEL_MIN, LABEL_MAX, LABEL_THRESHOLD = 14, 26, 9
#: Labels longer than this are cut (the tooltip has the whole name).
LABEL_CHARACTERS = 30
SHARED_BORDER = "#111111"


@dataclass(frozen=True)
class Look:
    colour: str
    shape: str
    family: str


def look(kind: str) -> Look:
    """The colour of ``kind``'s family and the shape of ``kind`` within it (unknown kinds: "other", a dot)."""
    family = _KIND_FAMILY.get(kind, "other")
    colour, kinds = FAMILIES[family]
    shape = SHAPES[kinds.index(kind) % len(SHAPES)] if kind in kinds else "dot"
    return Look(colour, shape, family)


def family_name(family: str, lang: str) -> str:
    names = FAMILY_NAMES.get(family, (family, family))
    return names[1] if lang == "fr" else names[0]


def short_label(text: str, most: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def importance(values: Mapping[Any, float]) -> dict[Any, float]:
    """Each node's importance between 0 and 1 (its value over the largest)."""
    top = max(values.values(), default=0.0)
    return {node: (float(v) / top if top else 0.0) for node, v in values.items()}


def families_present(kinds: Iterable[str]) -> list[str]:
    """The families of ``kinds``, in the legend's order."""
    present = {look(kind).family for kind in kinds}
    return [family for family in FAMILIES if family in present]
