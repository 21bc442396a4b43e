"""The typed case model: what one case file (one practice) may contain.

Pure data and validation, no I/O. Loaders turn YAML or spreadsheets into
these models; the graph writer turns them into nodes and relationships.
Cross-file checks (every reference resolves, no duplicate id) live in
``registry.schema.bundle`` because they need every file at once.
"""

from __future__ import annotations

from typing import Annotated

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from registry.schema.text import fold
from registry.schema.vocabulary import (
    FIRST_PLAUSIBLE_YEAR,
    LAST_PLAUSIBLE_YEAR,
    SLUG_PATTERN,
    ActorKind,
    ActorScope,
    AgreementKind,
    ClaimStatus,
    EvidenceKind,
    FunctionId,
    LevelId,
    PartyRole,
    SseRole,
)


def _iso_alpha3(code: str) -> str:
    if pycountry.countries.get(alpha_3=code) is None:
        raise ValueError(f"'{code}' is not an ISO 3166 alpha-3 country code (e.g. ARG, BRA, MEX)")
    return code


def _term(value: object) -> object:
    """Vocabulary terms in any case and with or without accents: 'Macro', 'Méso' and 'meso' are one term."""
    return "-".join(fold(value).split()) if isinstance(value, str) else value


Term = BeforeValidator(_term)

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=120)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_iso_alpha3)]
Year = Annotated[int, Field(ge=FIRST_PLAUSIBLE_YEAR, le=LAST_PLAUSIBLE_YEAR)]
ShortText = Annotated[str, Field(min_length=1, max_length=500)]
LongText = Annotated[str, Field(min_length=1, max_length=5000)]
Locator = Annotated[str, Field(min_length=3, max_length=500)]


class Strict(BaseModel):
    """Unknown fields are errors: a typo in a field name must not vanish."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)


class Text(Strict):
    """A description in English, with French where the author wrote one."""

    en: LongText
    fr: LongText | None = None


class Title(Strict):
    """A title as it appears in the source language, plus translations."""

    original: ShortText
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    en: ShortText
    fr: ShortText | None = None


class Cited(Strict):
    """Where a fact comes from: a source id and a place inside it."""

    source: Slug
    locator: Locator


class Source(Strict):
    id: Slug
    citation: LongText
    publisher: ShortText
    year: Year | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = None
    seed_file: ShortText | None = None


class Instrument(Strict):
    """An ILO convention or recommendation, a reference node cases link to."""

    id: Annotated[str, Field(pattern=r"^[CR][0-9]{1,3}$")]
    kind: Annotated[str, Field(pattern=r"^(convention|recommendation)$")]
    title: ShortText
    year: Year
    cited: list[Cited] = Field(min_length=1)


class Actor(Strict):
    id: Slug
    name: ShortText
    acronym: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    original_name: ShortText | None = None
    kind: Annotated[ActorKind, Term]
    scope: Annotated[ActorScope, Term]
    country: CountryCode | None = None
    countries: list[CountryCode] = Field(default_factory=list)
    note: LongText | None = None
    cited: list[Cited] = Field(min_length=1)


class Party(Strict):
    actor: Slug
    role: Annotated[PartyRole, Term]


class Agreement(Strict):
    id: Slug
    title: ShortText
    kind: Annotated[AgreementKind, Term]
    purpose: Text
    parties: list[Party] = Field(min_length=1)
    year: Year | None = None
    cited: list[Cited] = Field(min_length=1)


class MechanismActor(Strict):
    actor: Slug
    role: Annotated[str, Field(min_length=1, max_length=120)]


class Mechanism(Strict):
    """One row of a practice's level table in the source."""

    id: Slug
    level: Annotated[LevelId, Term]
    label: ShortText
    description: Text
    actors: list[MechanismActor] = Field(default_factory=list)
    agreements: list[Slug] = Field(default_factory=list)
    functions: list[Annotated[FunctionId, Term]] = Field(min_length=1)
    populations: list[Slug] = Field(default_factory=list)
    order: Annotated[int, Field(ge=0, le=999)] = 0
    cited: list[Cited] = Field(min_length=1)


class LevelClaim(Strict):
    """One statement that assigns coordination levels to a practice."""

    id: Slug
    levels: list[Annotated[LevelId, Term]] = Field(min_length=1)
    status: Annotated[ClaimStatus, Term]
    locator: Locator
    source: Slug
    rationale: LongText | None = None

    @model_validator(mode="after")
    def _inferred_claims_need_a_rationale(self) -> LevelClaim:
        if self.status == "inferred" and not self.rationale:
            raise ValueError("an inferred level claim needs a 'rationale' saying why")
        if len(set(self.levels)) != len(self.levels):
            raise ValueError("a level is listed twice in 'levels'")
        return self


class Figure(Strict):
    value: float
    unit: ShortText
    label: ShortText


class Evidence(Strict):
    """A cost or a benefit of coordination that a source names."""

    id: Slug
    kind: Annotated[EvidenceKind, Term]
    category: Slug
    description: Text
    figures: list[Figure] = Field(default_factory=list)
    mechanism: Slug | None = None
    source: Slug
    locator: Locator


class Practice(Strict):
    id: Slug
    collection: Slug
    title: Title
    countries: list[CountryCode] = Field(min_length=1)
    region: ShortText
    documented_by: Slug | None = None
    years: list[Year] = Field(default_factory=list)
    summary: Text
    populations: list[Slug] = Field(default_factory=list)
    benefits: list[Slug] = Field(default_factory=list)
    instruments: list[Annotated[str, Field(pattern=r"^[CR][0-9]{1,3}$")]] = Field(default_factory=list)
    sse_roles: list[Annotated[SseRole, Term]] = Field(default_factory=list)
    # Position in the source's own listing (e.g. the row of Table 2), so views can follow it.
    display_order: Annotated[int, Field(ge=0, le=100_000)] | None = None
    cited: list[Cited] = Field(min_length=1)


class CaseFile(Strict):
    """A case file: one practice with everything that belongs to it.

    Actors, agreements, sources and instruments may also be declared in a
    catalogue file (a file with no ``practice``) and shared by many cases.
    """

    practice: Practice | None = None
    sources: list[Source] = Field(default_factory=list)
    instruments: list[Instrument] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    mechanisms: list[Mechanism] = Field(default_factory=list)
    level_claims: list[LevelClaim] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _practice_parts_need_a_practice(self) -> CaseFile:
        if self.practice is None and (self.mechanisms or self.level_claims or self.evidence):
            raise ValueError("mechanisms, level_claims and evidence belong to a practice: add a 'practice' section")
        return self
