"""Controlled vocabularies of the case model, with labels and definitions.

Each vocabulary is a list of terms, each with an English and a French label
and a one-line definition. They are controlled on purpose: a researcher who
types ``minstry`` gets an error naming the closest terms instead of a new,
silently separate, kind of actor in every network view. They are also open:
a registry folder may add its own terms in a vocabulary file
(``registry.schema.custom_terms``), which are checked like the built-in ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

LevelId = Literal["macro", "meso", "micro"]
LEVEL_IDS: tuple[str, ...] = get_args(LevelId)


@dataclass(frozen=True)
class VocabularyTerm:
    term: str
    en: str
    fr: str
    definition: str
    narrows: str | None = None  # the built-in term a registry's own term makes more precise
    custom: bool = False


@dataclass(frozen=True)
class Vocabulary:
    name: str  # as written in a vocabulary file: "actor-kind"
    what: str  # in a researcher's words, for messages: "kind of actor"
    terms: tuple[VocabularyTerm, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.term for t in self.terms)


def _terms(*rows: tuple[str, str, str, str]) -> tuple[VocabularyTerm, ...]:
    return tuple(VocabularyTerm(*row) for row in rows)


ACTOR_KIND = Vocabulary("actor-kind", "kind of actor", _terms(
    ("ministry", "Ministry", "Ministère", "A government ministry or its secretariat."),
    ("government-department", "Government department", "Administration publique",
     "A public administration below ministry rank (a directorate, an office)."),
    ("social-security-institution", "Social security institution", "Institution de sécurité sociale",
     "A body that runs social insurance or social assistance schemes."),
    ("tax-authority", "Tax authority", "Administration fiscale", "The body that assesses and collects taxes."),
    ("labour-inspectorate", "Labour inspectorate", "Inspection du travail",
     "The body that checks compliance with labour and social security law at workplaces."),
    ("subnational-government", "Subnational government", "Collectivité infranationale",
     "A state, province, region or municipality acting as a government."),
    ("trade-union", "Trade union", "Syndicat", "An organisation of workers that bargains for its members."),
    ("employer-organisation", "Employers' organisation", "Organisation d'employeurs",
     "An organisation that represents employers."),
    ("workers-organisation", "Workers' organisation", "Organisation de travailleurs",
     "An organisation of workers other than a trade union (informal workers' groups, federations)."),
    ("producer-association", "Producers' association", "Association de producteurs",
     "An association of producers or self-employed workers of one trade."),
    ("cooperative", "Cooperative", "Coopérative", "An enterprise owned and run by its members."),
    ("mutual", "Mutual", "Mutuelle", "A member-owned body that pools risks (health, work injury, funeral)."),
    ("association", "Association", "Association", "A non-profit association or NGO."),
    ("social-enterprise", "Social enterprise", "Entreprise sociale",
     "An enterprise whose main aim is a social purpose."),
    ("registry", "Registry", "Registre", "A body that keeps a register of people, workers or enterprises."),
    ("health-provider", "Health provider", "Prestataire de santé", "A hospital, clinic or health service."),
    ("education-provider", "Education provider", "Établissement d'enseignement",
     "A school, university or training centre."),
    ("international-organisation", "International organisation", "Organisation internationale",
     "An organisation of states with a worldwide remit (ILO, World Bank …)."),
    ("regional-organisation", "Regional organisation", "Organisation régionale",
     "An organisation of states of one world region (EU, MERCOSUR, CARICOM …)."),
    ("tripartite-body", "Tripartite body", "Organe tripartite",
     "A body where government, workers and employers sit together."),
    ("public-it-agency", "Public IT agency", "Agence publique du numérique",
     "A public body that builds or runs information systems for others."),
    ("governing-board", "Governing board", "Conseil d'administration", "The board that governs an institution."),
    ("public-programme", "Public programme", "Programme public",
     "A government programme with its own management (a cash transfer, a care plan)."),
    ("enterprise", "Enterprise", "Entreprise", "A private company."),
    ("national-government", "National government", "Gouvernement national",
     "The national government acting as a whole."),
    ("public-bank", "Public bank", "Banque publique",
     "A bank owned by the state, often the paying or operating agent of programmes."),
    ("person", "Person", "Personne", "A named individual, recorded with the roles they held."),
    ("data-protection-authority", "Data protection authority", "Autorité de protection des données",
     "The body that supervises the processing of personal data."),
    ("other", "Other", "Autre", "None of the kinds above; say what it is in the actor's note."),
))  # fmt: skip

ACTOR_SCOPE = Vocabulary("actor-scope", "scope", _terms(
    ("international", "International", "International", "Acts across world regions."),
    ("regional", "Regional (world region)", "Régional (région du monde)",
     "Acts across the countries of one world region (the EU, MERCOSUR)."),
    ("national", "National", "National", "Acts across one country."),
    ("federal", "Federal", "Fédéral", "The federal level of a federal country."),
    ("state", "State or region", "État fédéré ou région",
     "A state, region or community inside a country (a Brazilian state, a Belgian region)."),
    ("provincial", "Provincial", "Provincial", "A province or department inside a country."),
    ("district", "District", "District", "A district, county or arrondissement."),
    ("municipal", "Municipal", "Municipal", "A municipality or commune."),
    ("local", "Local", "Local", "One locality, office or community."),
))  # fmt: skip

AGREEMENT_KIND = Vocabulary("agreement-kind", "kind of agreement", _terms(
    ("agreement", "Agreement", "Accord", "An agreement between institutions."),
    ("convention", "Convention", "Convention", "A formal convention between institutions or states."),
    ("collective-agreement", "Collective agreement", "Convention collective",
     "An agreement between employers and workers' representatives."),
    ("resolution", "Resolution", "Résolution", "A decision adopted by a board or an assembly."),
    ("contract", "Contract", "Contrat", "A contract for services or delegation."),
    ("memorandum", "Memorandum of understanding", "Protocole d'entente",
     "A memorandum stating shared intentions, often without binding terms."),
    ("multilateral-agreement", "Multilateral agreement", "Accord multilatéral", "An agreement among several states."),
    ("law", "Law", "Loi", "An act of a legislature."),
    ("decree", "Decree", "Décret", "A regulation issued by the executive."),
    ("partnership", "Partnership", "Partenariat", "A standing partnership without one founding text."),
    ("strategy", "Strategy", "Stratégie", "A national or institutional strategy that assigns roles."),
    ("policy", "Policy", "Politique", "An adopted policy document."),
    ("request-letter", "Request letter", "Lettre de demande",
     "A letter by which one body formally asks another to act (for example to join a network)."),
    ("protocol", "Protocol", "Protocole", "A protocol that sets an operational procedure between bodies."),
))  # fmt: skip

PARTY_ROLE = Vocabulary("party-role", "role of a party", _terms(
    ("signatory", "Signatory", "Signataire", "Signs the agreement."),
    ("approver", "Approver", "Approbateur", "Approves the agreement without signing it."),
    ("submitter", "Submitter", "Soumissionnaire", "Submits data or requests under the agreement."),
    ("recipient", "Recipient", "Destinataire", "Receives data or services under the agreement."),
    ("trusted-third-party", "Trusted third party", "Tiers de confiance",
     "Guarantees the exchange between the other parties."),
    ("implementer", "Implementer", "Exécutant", "Carries out the agreement."),
    ("beneficiary", "Beneficiary", "Bénéficiaire", "Benefits from the agreement."),
    ("collecting-agent", "Collecting agent", "Agent de recouvrement", "Collects contributions for another body."),
    ("promoter", "Promoter", "Promoteur", "Promotes or initiates the agreement."),
    ("adopter", "Adopter", "Adoptant", "Adopts a solution the agreement shares."),
    ("developer", "Developer", "Développeur", "Develops the solution the agreement shares."),
    ("operator", "Operator", "Opérateur", "Runs the system or the service for the others."),
    ("regulator", "Regulator", "Régulateur", "Sets and enforces the rules the others follow."),
    ("manager", "Manager", "Gestionnaire", "Is responsible for managing the programme or system."),
    ("funder", "Funder", "Bailleur", "Pays for the arrangement."),
))  # fmt: skip

FUNCTION = Vocabulary("function", "function", _terms(
    ("registration", "Registration", "Immatriculation", "Enrolling people or employers in a scheme."),
    ("identification-of-beneficiaries", "Identification of beneficiaries", "Identification des bénéficiaires",
     "Finding and selecting who is entitled."),
    ("contribution-collection", "Contribution collection", "Recouvrement des cotisations",
     "Collecting contributions."),
    ("benefit-payment", "Benefit payment", "Paiement des prestations", "Paying benefits."),
    ("service-delivery", "Service delivery", "Prestation de services", "Delivering services to people."),
    ("health-care", "Health care", "Soins de santé", "Providing or financing health care."),
    ("care-services", "Care services", "Services de soins", "Long-term, child or elderly care."),
    ("housing", "Housing", "Logement", "Providing or financing housing."),
    ("referral", "Referral", "Orientation", "Sending people on to the right service."),
    ("data-exchange", "Data exchange", "Échange de données", "Passing data between institutions."),
    ("data-standardisation", "Data standardisation", "Normalisation des données",
     "Agreeing on shared data definitions and formats."),
    ("monitoring-against-duplicate-benefits", "Monitoring against duplicate benefits",
     "Contrôle des cumuls de prestations", "Checking that one person is not paid twice."),
    ("monitoring-and-evaluation", "Monitoring and evaluation", "Suivi et évaluation",
     "Following and assessing results."),
    ("joint-planning", "Joint planning", "Planification conjointe", "Planning together."),
    ("approval", "Approval", "Approbation", "Approving plans, budgets or decisions."),
    ("dispute-resolution", "Dispute resolution", "Règlement des différends", "Settling disagreements between bodies."),
    ("compliance-control", "Compliance control", "Contrôle de conformité", "Checking that obligations are met."),
    ("awareness", "Awareness", "Sensibilisation", "Informing people of rights and duties."),
    ("training", "Training", "Formation", "Training staff or members."),
    ("employment-services", "Employment services", "Services de l'emploi", "Job placement and counselling."),
    ("advocacy", "Advocacy", "Plaidoyer", "Arguing for policy change."),
    ("governance", "Governance", "Gouvernance", "Steering and overseeing the arrangement."),
    ("software-reuse", "Software reuse", "Réutilisation de logiciels", "Sharing software between institutions."),
    ("policy-coordination", "Policy coordination", "Coordination des politiques", "Aligning policies."),
    ("financing", "Financing", "Financement", "Paying for schemes or services."),
    ("delegated-administration", "Delegated administration", "Administration déléguée",
     "Running part of a scheme on another body's behalf."),
    ("insurance", "Insurance", "Assurance", "Pooling risks."),
    ("case-management", "Case management", "Gestion de cas",
     "Following one person's or family's file across services."),
    ("appeals", "Appeals", "Recours", "Handling complaints and appeals against decisions."),
    ("identity-management", "Identity management", "Gestion de l'identité",
     "Issuing and checking identifiers of people or enterprises."),
    ("data-protection", "Data protection", "Protection des données", "Guarding personal data and access to it."),
))  # fmt: skip

SSE_ROLE = Vocabulary("sse-role", "role of a social and solidarity economy unit", _terms(
    ("facilitating-access", "Facilitating access", "Facilitation de l'accès",
     "Helps members reach social protection run by others."),
    ("service-provider", "Service provider", "Prestataire de services",
     "Provides social protection services itself."),
    ("delegated-administration", "Delegated administration", "Administration déléguée",
     "Runs part of a public scheme on the state's behalf."),
))  # fmt: skip

INSTRUMENT_KIND = Vocabulary("instrument-kind", "kind of instrument", _terms(
    ("convention", "Convention", "Convention", "A convention open to ratification (an ILO convention)."),
    ("recommendation", "Recommendation", "Recommandation", "A non-binding standard (an ILO recommendation)."),
    ("regulation", "Regulation", "Règlement", "A binding act of a regional body (an EU regulation)."),
    ("directive", "Directive", "Directive", "An act of a regional body that members transpose into law."),
    ("treaty", "Treaty", "Traité", "A treaty between states."),
    ("multilateral-agreement", "Multilateral agreement", "Accord multilatéral",
     "An agreement among several states (the MERCOSUR social security agreement)."),
    ("declaration", "Declaration", "Déclaration", "A declaration of principles."),
    ("protocol", "Protocol", "Protocole", "A protocol to a convention or treaty."),
))  # fmt: skip

VOCABULARIES: dict[str, Vocabulary] = {
    v.name: v for v in (ACTOR_KIND, ACTOR_SCOPE, AGREEMENT_KIND, PARTY_ROLE, FUNCTION, SSE_ROLE, INSTRUMENT_KIND)
}

ACTOR_KINDS: tuple[str, ...] = ACTOR_KIND.ids
ACTOR_SCOPES: tuple[str, ...] = ACTOR_SCOPE.ids
AGREEMENT_KINDS: tuple[str, ...] = AGREEMENT_KIND.ids
PARTY_ROLES: tuple[str, ...] = PARTY_ROLE.ids
FUNCTION_IDS: tuple[str, ...] = FUNCTION.ids
SSE_ROLES: tuple[str, ...] = SSE_ROLE.ids
INSTRUMENT_KINDS: tuple[str, ...] = INSTRUMENT_KIND.ids

ClaimStatus = Literal["stated", "inferred"]

EvidenceKind = Literal["cost", "benefit"]

# Slugs for populations, benefits, collections and ids: lowercase words joined
# by hyphens, so they make stable node ids and readable URLs.
SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"

FIRST_PLAUSIBLE_YEAR = 1880  # Bismarck's sickness insurance law predates no case we record.
LAST_PLAUSIBLE_YEAR = 2100
