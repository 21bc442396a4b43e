"""Controlled vocabularies of the case model.

They are closed lists on purpose: a researcher who types ``minstry`` gets an
error naming the allowed values instead of a new, silently separate, kind of
actor in every network view.
"""

from __future__ import annotations

from typing import Literal, get_args

LevelId = Literal["macro", "meso", "micro"]
LEVEL_IDS: tuple[str, ...] = get_args(LevelId)

ActorKind = Literal[
    "ministry",
    "government-department",
    "social-security-institution",
    "tax-authority",
    "labour-inspectorate",
    "subnational-government",
    "trade-union",
    "employer-organisation",
    "workers-organisation",
    "producer-association",
    "cooperative",
    "mutual",
    "association",
    "social-enterprise",
    "registry",
    "health-provider",
    "education-provider",
    "international-organisation",
    "regional-organisation",
    "tripartite-body",
    "public-it-agency",
    "governing-board",
    "public-programme",
    "enterprise",
    "national-government",
    "other",
]
ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)

ActorScope = Literal["international", "regional", "national", "provincial", "municipal", "local"]
ACTOR_SCOPES: tuple[str, ...] = get_args(ActorScope)

AgreementKind = Literal[
    "agreement",
    "convention",
    "collective-agreement",
    "resolution",
    "contract",
    "memorandum",
    "multilateral-agreement",
    "law",
    "decree",
    "partnership",
]
AGREEMENT_KINDS: tuple[str, ...] = get_args(AgreementKind)

PartyRole = Literal[
    "signatory",
    "approver",
    "submitter",
    "recipient",
    "trusted-third-party",
    "implementer",
    "beneficiary",
    "collecting-agent",
    "promoter",
    "adopter",
    "developer",
]
PARTY_ROLES: tuple[str, ...] = get_args(PartyRole)

FunctionId = Literal[
    "registration",
    "identification-of-beneficiaries",
    "contribution-collection",
    "benefit-payment",
    "service-delivery",
    "health-care",
    "care-services",
    "housing",
    "referral",
    "data-exchange",
    "data-standardisation",
    "monitoring-against-duplicate-benefits",
    "monitoring-and-evaluation",
    "joint-planning",
    "approval",
    "dispute-resolution",
    "compliance-control",
    "awareness",
    "training",
    "employment-services",
    "advocacy",
    "governance",
    "software-reuse",
    "policy-coordination",
    "financing",
    "delegated-administration",
    "insurance",
]
FUNCTION_IDS: tuple[str, ...] = get_args(FunctionId)

ClaimStatus = Literal["stated", "inferred"]

EvidenceKind = Literal["cost", "benefit"]

SseRole = Literal["facilitating-access", "service-provider", "delegated-administration"]
SSE_ROLES: tuple[str, ...] = get_args(SseRole)

# Slugs for populations, benefits, collections and ids: lowercase words joined
# by hyphens, so they make stable node ids and readable URLs.
SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"

FIRST_PLAUSIBLE_YEAR = 1880  # Bismarck's sickness insurance law predates no case we record.
LAST_PLAUSIBLE_YEAR = 2100
