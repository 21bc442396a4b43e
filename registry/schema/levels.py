"""The three coordination levels (Table 1 of the Americas article).

Definitions are paraphrased, not quoted; the locator says where they come from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LevelDefinition:
    id: str
    order: int
    name_en: str
    name_fr: str
    definition_en: str
    definition_fr: str
    source: str = "issa-americas-article"
    locator: str = "Table 1 (typology of coordination levels), adapted from ILO et al. 2021"


LEVELS: tuple[LevelDefinition, ...] = (
    LevelDefinition(
        id="macro",
        order=1,
        name_en="Macro — strategic coordination",
        name_fr="Macro — coordination stratégique",
        definition_en=(
            "The design choices that give a social protection system its internal logic: which actor "
            "does what, how the parts of the system fit together, and how the system lines up with "
            "other economic and social policies."
        ),
        definition_fr=(
            "Les choix de conception qui structurent le système de protection sociale : la répartition "
            "des rôles entre acteurs, l'articulation de ses composantes et sa cohérence avec les autres "
            "politiques économiques et sociales."
        ),
    ),
    LevelDefinition(
        id="meso",
        order=2,
        name_en="Meso — operational coordination",
        name_fr="Méso — coordination opérationnelle",
        definition_en=(
            "The administrative tools and standing bodies that keep programmes working together in "
            "practice — shared procedures, common standards across regions — without redefining the "
            "system's strategic choices."
        ),
        definition_fr=(
            "Les outils administratifs et les instances permanentes qui font travailler les programmes "
            "ensemble au quotidien — procédures partagées, normes communes entre régions — sans revenir "
            "sur les choix stratégiques."
        ),
    ),
    LevelDefinition(
        id="micro",
        order=3,
        name_en="Micro — service-delivery coordination",
        name_fr="Micro — coordination de la fourniture des services",
        definition_en=(
            "How front-line officials, local agents and service points link programmes and services "
            "together when they serve people."
        ),
        definition_fr=(
            "La manière dont les agents de terrain, les services locaux et les points de service relient "
            "programmes et prestations au moment de servir les personnes."
        ),
    ),
)

LEVEL_BY_ID = {level.id: level for level in LEVELS}
