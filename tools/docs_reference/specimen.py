"""A specimen registry that fills every optional field, and what the graph writer writes from it.

The model reference reads the graph's properties from the writer's own rows
rather than from a list kept by hand: a property the writer adds or drops
shows up on the page. So the specimen must use every construct the writer has
a branch for — a two-level mechanism, an actor with two kinds that is part of
another, a former name, a person with a role, a closed period, a figure with
a range, a currency and a qualifier, an instrument beyond the ILO, a term of
the registry's own and a recorded rename. Dates are closed periods on purpose:
a period that still runs has no end year, and that property would be missing.
"""

from __future__ import annotations

from typing import Any

from registry.graph_writer import statement_for_case, statement_for_levels, statement_for_vocabulary
from registry.schema.custom_terms import VocabularyFile, custom_terms_in_force
from registry.schema.graph import NODE_LABELS, RELATIONSHIPS
from registry.schema.model import CaseFile
from registry.stores.base import Statement

# A registry's own vocabulary file: one term (used by the specimen's mechanism) and one rename.
SPECIMEN_VOCABULARY: dict[str, Any] = {
    "terms": [{
        "vocabulary": "function", "term": "specimen-characterisation", "en": "Specimen characterisation",
        "fr": "Caractérisation spécimen", "definition": "A term the specimen registry adds.",
        "narrows": "identification-of-beneficiaries",
    }],
    "renames": [{"vocabulary": "population", "from": "specimen-populations", "to": "specimen-population",
                 "note": "Two spellings merged."}],
}  # fmt: skip


def specimen_case() -> dict[str, Any]:
    """The specimen case file, as a YAML file would hold it."""
    cited = [{"source": "specimen-source", "locator": "Table 1, row 2"}]
    text = {"en": "English text.", "fr": "Texte français."}
    period = "2001/2013"
    return {
        "practice": {
            "id": "specimen", "collection": "specimens", "display_order": 1,
            "title": {"original": "Spécimen", "language": "fr", "other_languages": ["nl: Specimen"],
                      "en": "Specimen", "fr": "Spécimen"},
            "countries": ["BEL"], "regions": ["Europe and Central Asia", "Western Europe"],
            "documented_by": ["specimen-parent", "specimen-actor"], "years": [2020], "when": period,
            "summary": text, "populations": ["specimen-population"], "benefits": ["specimen-benefit"],
            "instruments": ["C102", "specimen-regulation"], "sse_roles": ["service-provider"], "cited": cited,
        },
        "sources": [{
            "id": "specimen-source", "citation": "A specimen.", "publisher": "coordreg", "authors": ["An author"],
            "year": 2020, "url": "https://example.org/specimen", "accessed": "2020-01-31",
            "archived_url": "https://web.archive.org/web/2020/https://example.org/specimen", "language": "en",
            "seed_file": "specimen.txt",
        }],
        "instruments": [
            {"id": "C102", "kind": "convention", "title": "Specimen", "year": 1952, "cited": cited},
            {"id": "specimen-regulation", "kind": "regulation", "title": "Specimen regulation",
             "issuer": "European Union", "year": 2004, "cited": cited},
        ],
        "actors": [
            {
                "id": "specimen-actor", "name": "Specimen actor", "acronym": "SA", "original_name": "Acteur",
                "other_languages": ["nl: Actor"], "former_names": [{"name": "Old actor", "when": period}],
                "kinds": ["ministry", "registry"], "scopes": ["federal", "national"], "part_of": "specimen-parent",
                "country": "BEL", "countries": ["BEL"], "note": "A note.", "cited": cited,
            },
            {"id": "specimen-parent", "name": "Specimen parent", "kinds": "national-government", "scopes": "national",
             "country": "BEL", "cited": cited},
            {"id": "specimen-person", "name": "A. Person", "kinds": "person", "scopes": "national",
             "roles": [{"organisation": "specimen-actor", "role": "Director", "when": period}], "cited": cited},
        ],
        "agreements": [{
            "id": "specimen-agreement", "title": "Specimen agreement", "other_languages": ["fr: Accord spécimen"],
            "kind": "agreement", "purpose": text,
            "parties": [{"actor": "specimen-actor", "role": "signatory"}], "when": period, "cited": cited,
        }],
        "mechanisms": [{
            "id": "specimen-mechanism", "levels": ["meso", "micro"], "label": "Specimen",
            "other_languages": ["fr: Spécimen"], "description": text,
            "actors": [{"actor": "specimen-actor", "role": "runs it"}], "agreements": ["specimen-agreement"],
            "functions": ["registration", "specimen-characterisation"], "populations": ["specimen-population"],
            "when": period, "order": 1, "cited": cited,
        }],
        "level_claims": [{
            "id": "specimen-claim", "levels": ["meso"], "status": "inferred", "locator": "Section 2",
            "source": "specimen-source", "rationale": "Why.",
        }],
        "evidence": [{
            "id": "specimen-evidence", "kind": "benefit", "category": "specimen", "description": text,
            "figures": [
                {"value": 1.5, "qualifier": "more than", "unit": "billion", "currency": "BRL", "as_of": 2011,
                 "status": "observed", "label": "Specimen",
                 "unit_fr": "milliards", "label_fr": "Spécimen"},
                {"low": 32, "high": 306, "unit": "per family per month", "currency": "BRL", "label": "A range"},
            ],
            "mechanism": "specimen-mechanism", "source": "specimen-source", "locator": "Table 1",
        }],
    }  # fmt: skip


def specimen_statements() -> list[Statement]:
    """What a load of the specimen registry writes: the levels, the case, and the registry's own vocabulary."""
    vocabulary = VocabularyFile.model_validate(SPECIMEN_VOCABULARY)
    terms = vocabulary.as_terms()
    with custom_terms_in_force(terms):  # the mechanism uses the registry's own function
        case = CaseFile.model_validate(specimen_case())
    return [statement_for_levels(), statement_for_case(case), statement_for_vocabulary(terms, vocabulary.renames)]


Samples = dict[str, list[Any]]


def written_graph() -> tuple[dict[str, Samples], dict[tuple[str, str, str], Samples]]:
    """(label -> property -> sample values, relationship -> property -> sample values), in the writer's order."""
    nodes: dict[str, Samples] = {}
    rels: dict[tuple[str, str, str], Samples] = {}
    rel_params = {f"rel_{s}_{t}_{d}": (s, t, d) for s, t, d in RELATIONSHIPS}
    for statement in specimen_statements():
        # The statement's parameters are the rows it writes: nodes_/vocab_<Label>, rel_<from>_<TYPE>_<to>.
        for name, rows in statement.parameters.items():
            prefix, _, label = name.partition("_")
            if prefix in ("nodes", "vocab") and label in NODE_LABELS:
                for row in rows:
                    for key, value in row["props"].items():
                        nodes.setdefault(label, {}).setdefault(key, []).append(value)
            elif name in rel_params:
                rels.setdefault(rel_params[name], {})  # a relationship with no property of its own is still written
                for row in rows:
                    for prop, value in row["props"].items():
                        rels[rel_params[name]].setdefault(prop, []).append(value)
    return nodes, rels
