"""The typed case model: what one case file (one practice) may contain.

Pure data and validation, no I/O. Loaders turn YAML or spreadsheets into
these models; the graph writer turns them into nodes and relationships.
Cross-file checks (every reference resolves, no duplicate id) live in
``registry.schema.bundle`` because they need every file at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from registry.schema.custom_terms import checked_term, folded_term
from registry.schema.dates import When
from registry.schema.regions import region_name
from registry.schema.vocabulary import (
    FIRST_PLAUSIBLE_YEAR,
    LAST_PLAUSIBLE_YEAR,
    SLUG_PATTERN,
    ClaimStatus,
    EvidenceKind,
    LevelId,
)


def _iso_alpha3(code: str) -> str:
    if pycountry.countries.get(alpha_3=code) is None:
        raise ValueError(f"'{code}' is not an ISO 3166 alpha-3 country code (e.g. ARG, BRA, MEX)")
    return code


def _iso_4217(code: str) -> str:
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(f"'{code}' is not an ISO 4217 currency code (e.g. BRL, EUR, USD)")
    return code


def _one_or_many(value: object) -> object:
    """A list field also takes one value, or values separated by ';' (as a spreadsheet cell holds them)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if value is None:
        return []  # an empty cell, or `documented_by: null` in an older file
    if isinstance(value, list):
        return value
    return [value]


Term = BeforeValidator(folded_term)
OneOrMany = BeforeValidator(_one_or_many)


# A field of an open vocabulary: the built-in terms plus the registry's own (registry.schema.custom_terms).
ActorKindTerm = Annotated[str, Term, AfterValidator(checked_term("actor-kind"))]
ActorScopeTerm = Annotated[str, Term, AfterValidator(checked_term("actor-scope"))]
AgreementKindTerm = Annotated[str, Term, AfterValidator(checked_term("agreement-kind"))]
PartyRoleTerm = Annotated[str, Term, AfterValidator(checked_term("party-role"))]
FunctionTerm = Annotated[str, Term, AfterValidator(checked_term("function"))]
SseRoleTerm = Annotated[str, Term, AfterValidator(checked_term("sse-role"))]
InstrumentKindTerm = Annotated[str, Term, AfterValidator(checked_term("instrument-kind"))]

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=120)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_iso_alpha3)]
CurrencyCode = Annotated[str, BeforeValidator(lambda v: v.upper() if isinstance(v, str) else v),
                         Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_iso_4217)]  # fmt: skip
Year = Annotated[int, Field(ge=FIRST_PLAUSIBLE_YEAR, le=LAST_PLAUSIBLE_YEAR)]
ShortText = Annotated[str, Field(min_length=1, max_length=500)]
LongText = Annotated[str, Field(min_length=1, max_length=5000)]
Locator = Annotated[str, Field(min_length=3, max_length=500)]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
Url = Annotated[str, Field(pattern=r"^https?://\S+$", max_length=2000)]
Region = Annotated[str, AfterValidator(region_name)]
# ILO instruments keep their own ids (C102, R202); others are slugs (eu-regulation-883-2004).
InstrumentId = Annotated[str, Field(pattern=r"^(?:[CR][0-9]{1,3}|[a-z0-9]+(?:[-_.][a-z0-9]+)*)$", max_length=120)]
ILO_INSTRUMENT = re.compile(r"^[CR][0-9]{1,3}$")


def _renamed(data: Any, old: str, new: str) -> Any:
    """Read a file written before ``old`` became the list field ``new``: its one value is a one-element list."""
    if isinstance(data, dict) and old in data:
        if new in data:
            raise ValueError(f"give either '{old}' or '{new}', not both ('{new}' takes one value or a list)")
        data = {**data}
        data[new] = data.pop(old)
    return data


class Strict(BaseModel):
    """Unknown fields are errors: a typo in a field name must not vanish."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)


class Text(Strict):
    """A description in English, with French where the author wrote one."""

    en: LongText
    fr: LongText | None = None


def _local_name(value: object) -> object:
    """'fr: Banque Carrefour …' (as a spreadsheet cell holds it) is {language: fr, text: Banque Carrefour …}."""
    if isinstance(value, str):
        language, colon, text = value.partition(":")
        if not colon or not language.strip():
            raise ValueError(
                f"write a name in another language as 'fr: the name' (language code, colon, name): {value!r}"
            )
        return {"language": language.strip(), "text": text.strip()}
    return value


class LocalName(Strict):
    """A name or title as written in one more original language (Belgium's titles are Dutch and French)."""

    language: LanguageCode
    text: ShortText

    def __str__(self) -> str:
        return f"{self.language}: {self.text}"


OtherLanguages = Annotated[list[Annotated[LocalName, BeforeValidator(_local_name)]], OneOrMany]


def _one_language(value: object) -> object:
    if isinstance(value, (str, list)) and len(_one_or_many(value) or []) > 1:  # type: ignore[arg-type]
        raise ValueError(
            "'language' names the language of 'original' only; give the title in each other original language "
            "under 'other_languages' (for example '- fr: Banque Carrefour de la Sécurité Sociale')"
        )
    return value


class Title(Strict):
    """A title as it appears in the source language(s), plus translations."""

    original: ShortText
    language: Annotated[LanguageCode, BeforeValidator(_one_language)]
    other_languages: OtherLanguages = Field(default_factory=list)
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
    authors: Annotated[list[ShortText], OneOrMany] = Field(default_factory=list)
    year: Year | None = None
    url: Url | None = None
    # When the page was read, and the archived copy it was read through (a web page changes or disappears).
    accessed: dt.date | None = None
    archived_url: Url | None = None
    language: LanguageCode | None = None
    seed_file: ShortText | None = None


class Instrument(Strict):
    """An international or regional instrument (an ILO convention, an EU regulation …), a node cases link to."""

    id: InstrumentId
    kind: InstrumentKindTerm
    title: ShortText
    issuer: ShortText
    year: Year | None = None
    cited: list[Cited] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _ilo_by_default(cls, data: Any) -> Any:
        # Files written before other issuers were allowed held only ILO instruments.
        if isinstance(data, dict) and "issuer" not in data and ILO_INSTRUMENT.match(str(data.get("id", ""))):
            data = {**data, "issuer": "ILO"}
        return data


class FormerName(Strict):
    name: ShortText
    when: When | None = None  # when the actor bore that name


class Role(Strict):
    """A role a person held in an organisation, for a period."""

    organisation: Slug
    role: ShortText
    when: When | None = None


class Actor(Strict):
    id: Slug
    name: ShortText
    acronym: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    original_name: ShortText | None = None
    other_languages: OtherLanguages = Field(default_factory=list)
    former_names: list[FormerName] = Field(default_factory=list)
    kinds: Annotated[list[ActorKindTerm], OneOrMany] = Field(min_length=1)
    scopes: Annotated[list[ActorScopeTerm], OneOrMany] = Field(min_length=1)
    part_of: Slug | None = None
    roles: list[Role] = Field(default_factory=list)
    country: CountryCode | None = None
    countries: list[CountryCode] = Field(default_factory=list)
    note: LongText | None = None
    cited: list[Cited] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _single_kind_and_scope(cls, data: Any) -> Any:
        return _renamed(_renamed(data, "kind", "kinds"), "scope", "scopes")

    @model_validator(mode="after")
    def _consistent(self) -> Actor:
        _no_repeats(self.kinds, "kinds")
        _no_repeats(self.scopes, "scopes")
        if self.part_of == self.id:
            raise ValueError("an actor cannot be 'part_of' itself")
        if self.roles and "person" not in self.kinds:
            raise ValueError("only a person holds 'roles': add 'person' to 'kinds', or record the link with 'part_of'")
        return self


def _no_repeats(values: Sequence[str], name: str) -> None:
    if len(set(values)) != len(values):
        raise ValueError(f"a value is listed twice in '{name}'")


class Party(Strict):
    actor: Slug
    role: PartyRoleTerm


class Agreement(Strict):
    id: Slug
    title: ShortText
    other_languages: OtherLanguages = Field(default_factory=list)  # its title in French ("fr: …") and others
    kind: AgreementKindTerm
    purpose: Text
    parties: list[Party] = Field(min_length=1)
    when: When | None = None  # signed, adopted, or the period it ran
    cited: list[Cited] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _year_is_a_date(cls, data: Any) -> Any:
        return _renamed(data, "year", "when")


class MechanismActor(Strict):
    actor: Slug
    role: Annotated[str, Field(min_length=1, max_length=120)]


class Mechanism(Strict):
    """One row of a practice's level table in the source; it may work at more than one level."""

    id: Slug
    levels: Annotated[list[Annotated[LevelId, Term]], OneOrMany] = Field(min_length=1)
    label: ShortText
    other_languages: OtherLanguages = Field(default_factory=list)  # its label in French ("fr: …") and others
    description: Text
    actors: list[MechanismActor] = Field(default_factory=list)
    agreements: list[Slug] = Field(default_factory=list)
    functions: list[FunctionTerm] = Field(min_length=1)
    populations: list[Slug] = Field(default_factory=list)
    when: When | None = None
    order: Annotated[int, Field(ge=0, le=999)] = 0
    cited: list[Cited] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _single_level(cls, data: Any) -> Any:
        return _renamed(data, "level", "levels")

    @model_validator(mode="after")
    def _levels_once(self) -> Mechanism:
        _no_repeats(self.levels, "levels")
        self.levels = sorted(self.levels, key=["macro", "meso", "micro"].index)
        return self


class LevelClaim(Strict):
    """One statement that assigns coordination levels to a practice."""

    id: Slug
    levels: Annotated[list[Annotated[LevelId, Term]], OneOrMany] = Field(min_length=1)
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


FIGURE_QUALIFIERS = {
    "about": "about", "approximately": "about", "around": "about", "circa": "about",
    "more-than": "more-than", "over": "more-than", "less-than": "less-than", "under": "less-than",
}  # fmt: skip


def _qualifier(value: object) -> object:
    folded = folded_term(value)
    if isinstance(folded, str):
        found = FIGURE_QUALIFIERS.get(folded)
        if found is None:
            raise ValueError(f"'{value}' is not a qualifier: write 'about', 'more than' or 'less than'")
        return found
    return value


class Figure(Strict):
    """A number a source gives: one value or a range, maybe qualified, in a unit or a currency, for a year."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: Annotated[Literal["about", "more-than", "less-than"] | None, BeforeValidator(_qualifier)] = None
    unit: ShortText
    unit_fr: ShortText | None = None  # the unit in French, where the English word does not read in French
    currency: CurrencyCode | None = None
    as_of: Year | None = None  # the year the figure holds for
    status: Annotated[Literal["expected", "observed"] | None, Term] = None  # a target, or what was measured
    label: ShortText
    label_fr: ShortText | None = None

    @model_validator(mode="after")
    def _value_or_range(self) -> Figure:
        if (self.value is None) == (self.low is None and self.high is None):
            raise ValueError("a figure has either a 'value' or a range ('low' and 'high'), not both and not neither")
        if self.value is None and (self.low is None or self.high is None):
            raise ValueError("a range needs both 'low' and 'high'")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"the range's bounds are reversed: low {self.low:g} is above high {self.high:g}")
        return self


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
    countries: Annotated[list[CountryCode], OneOrMany] = Field(min_length=1)
    regions: Annotated[list[Region], OneOrMany] = Field(min_length=1)
    documented_by: Annotated[list[Slug], OneOrMany] = Field(default_factory=list)
    years: Annotated[list[Year], OneOrMany] = Field(default_factory=list)
    when: When | None = None  # the period the practice ran, or since when it runs
    summary: Text
    populations: list[Slug] = Field(default_factory=list)
    benefits: list[Slug] = Field(default_factory=list)
    instruments: list[InstrumentId] = Field(default_factory=list)
    sse_roles: list[SseRoleTerm] = Field(default_factory=list)
    # Position in the source's own listing (e.g. the row of Table 2), so views can follow it.
    display_order: Annotated[int, Field(ge=0, le=100_000)] | None = None
    cited: list[Cited] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _single_region(cls, data: Any) -> Any:
        return _renamed(data, "region", "regions")

    @model_validator(mode="after")
    def _regions_once(self) -> Practice:
        _no_repeats(self.regions, "regions")
        return self


class CaseFile(Strict):
    """A case file: one practice with everything that belongs to it.

    Actors, agreements, sources and instruments may also be declared in a
    catalogue file (a file with no ``practice``) and shared by many cases.
    """

    practice: Practice | None = None
    # Adds to a practice the registry already holds (its own file stays as it is): evidence, claims,
    # mechanisms, and the sources and actors they cite.
    extends: Slug | None = None
    sources: list[Source] = Field(default_factory=list)
    instruments: list[Instrument] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    mechanisms: list[Mechanism] = Field(default_factory=list)
    level_claims: list[LevelClaim] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _practice_parts_need_a_practice(self) -> CaseFile:
        if self.practice is not None and self.extends is not None:
            raise ValueError("a file either declares a 'practice' or 'extends' one already loaded, not both")
        if self.practice is None and self.extends is None and (self.mechanisms or self.level_claims or self.evidence):
            raise ValueError(
                "mechanisms, level_claims and evidence belong to a practice: add a 'practice' section, or "
                "'extends: <practice id>' to add them to a practice the registry already holds"
            )
        return self

    @property
    def owner(self) -> str | None:
        """The practice whose mechanisms, claims and evidence this file holds (declared or extended)."""
        return self.practice.id if self.practice is not None else self.extends
