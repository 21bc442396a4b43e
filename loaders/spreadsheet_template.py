"""The spreadsheet template: which sheets (or CSV files) and columns it has.

One table per kind of entity, every cell flat: lists are ``;``-separated
(``ARG;URY``), bilingual text has one column per language (``summary_en``,
``summary_fr``) and nested lists — an agreement's parties, a mechanism's
actors, evidence figures, every citation — have tables of their own that
point at their parent by id. Rows keep the order of the case file's lists.

The definition is data: the reader (``loaders.spreadsheet``), the exporter
(``registry.export``) and ``docs/spreadsheet-template.md`` all follow it, and
a test checks the documentation names every column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from registry.schema.custom_terms import VocabularyFile
from registry.schema.model import CaseFile

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    doc: str
    required: bool = False  # the header must have it (its cells may still be empty where the model allows)
    is_list: bool = False
    # Where the value goes in the model (("title", "original") → title.original);
    # None for columns that link a row to its parent instead.
    path: tuple[str, ...] | None = ()

    @property
    def field_path(self) -> tuple[str, ...] | None:
        return (self.name,) if self.path == () else self.path


@dataclass(frozen=True)
class Sheet:
    name: str
    doc: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def canonical(self, header: str) -> str:
        """The column a header names: older templates call a few columns by their single-valued names."""
        return COLUMN_ALIASES.get((self.name, header), header)


# (sheet, header of an older template) → the column it now is; the model reads the one value as a list.
COLUMN_ALIASES = {
    ("practices", "region"): "regions",
    ("actors", "kind"): "kinds",
    ("actors", "scope"): "scopes",
    ("agreements", "year"): "when",
    ("mechanisms", "level"): "levels",
}
_WHEN = "a year (`2001`), a day (`2014-06-11`), a period (`2001/2013`) or `since 2001`"


def _col(
    name: str, doc: str, *, required: bool = False, is_list: bool = False, path: tuple[str, ...] | None = ()
) -> Column:
    return Column(name, doc, required, is_list, path)


_OWNER = _col("practice", "Id of the practice whose case it belongs to; empty = the shared catalogue.", path=None)
_OWNER_REQUIRED = _col("practice", "Id of the practice it belongs to (a row of `practices`).", required=True, path=None)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "practices",
        "One row per practice (one case).",
        (
            _col("id", "Practice id: lowercase words joined by hyphens.", required=True),
            _col("collection", "Collection slug, e.g. `issa-americas`, `ilo-sse`.", required=True),
            _col("title_original", "Title in the source's language.", required=True, path=("title", "original")),
            _col(
                "title_language",
                "Two-letter code of that language (`fr`, `es` …).",
                required=True,
                path=("title", "language"),
            ),
            _col("title_en", "Title in English.", required=True, path=("title", "en")),
            _col("title_fr", "Title in French (optional).", path=("title", "fr")),
            _col(
                "title_other_languages",
                "The title in each other original language, `;`-separated, as `fr: Banque Carrefour …`.",
                is_list=True,
                path=("title", "other_languages"),
            ),
            _col("countries", "ISO 3166 alpha-3 codes, `;`-separated (`ARG;URY`).", required=True, is_list=True),
            _col(
                "regions",
                "Regions, `;`-separated, from the ILO and UN M49 list (`Americas`).",
                required=True,
                is_list=True,
            ),
            _col("documented_by", "Ids of the actors that documented the practice, `;`-separated.", is_list=True),
            _col("years", "Years the source states, `;`-separated.", is_list=True),
            _col("when", f"When the practice ran: {_WHEN}."),
            _col("summary_en", "Summary in your own words, English.", required=True, path=("summary", "en")),
            _col("summary_fr", "Summary in French (optional).", path=("summary", "fr")),
            _col("populations", "Target populations (slugs), `;`-separated.", is_list=True),
            _col("benefits", "Benefits or services delivered (slugs), `;`-separated.", is_list=True),
            _col("instruments", "Ids of ILO instruments it relates to (`C102;R202`).", is_list=True),
            _col(
                "sse_roles", "SSE roles: facilitating-access, service-provider, delegated-administration.", is_list=True
            ),
            _col("display_order", "Position in the source's own listing (a whole number)."),
        ),
    ),
    Sheet(
        "actors",
        "Institutions and groups; cite them in `citations` (entity_kind `actor`).",
        (
            _col("id", "Actor id.", required=True),
            _OWNER,
            _col("name", "Name in English.", required=True),
            _col("acronym", "Acronym, e.g. `ANSES`."),
            _col("original_name", "Name in the original language."),
            _col(
                "other_languages", "Its name in each other original language, `;`-separated, as `fr: …`.", is_list=True
            ),
            _col(
                "kinds",
                "Kinds of actor, `;`-separated (see the list in the documentation).",
                required=True,
                is_list=True,
            ),
            _col(
                "scopes",
                "Scopes, `;`-separated: international, regional, national, federal, state, provincial, "
                "district, municipal or local.",
                required=True,
                is_list=True,
            ),
            _col("part_of", "Id of the actor it is part of (a programme of a ministry), if any."),
            _col("country", "ISO alpha-3 code of its country."),
            _col("countries", "Several countries, `;`-separated (international actors).", is_list=True),
            _col("note", "A note in your own words."),
        ),
    ),
    Sheet(
        "agreements",
        "Agreements, conventions, laws …; parties in `agreement_parties`.",
        (
            _col("id", "Agreement id.", required=True),
            _OWNER,
            _col("title", "Title.", required=True),
            _col(
                "other_languages",
                "Its title in French and each other language, `;`-separated, as `fr: …`.",
                is_list=True,
            ),
            _col("kind", "agreement, convention, resolution, contract, law … (see the documentation).", required=True),
            _col("when", f"When it was signed or adopted, or ran: {_WHEN}."),
            _col("purpose_en", "Purpose in English.", required=True, path=("purpose", "en")),
            _col("purpose_fr", "Purpose in French (optional).", path=("purpose", "fr")),
        ),
    ),
    Sheet(
        "agreement_parties",
        "One row per party to an agreement, in order.",
        (
            _col("agreement", "Id of the agreement (a row of `agreements`).", required=True, path=None),
            _col("actor", "Id of the actor that is a party.", required=True),
            _col(
                "role", "signatory, approver, submitter, trusted-third-party … (see the documentation).", required=True
            ),
        ),
    ),
    Sheet(
        "mechanisms",
        "One row per row of a practice's level table.",
        (
            _col("id", "Mechanism id.", required=True),
            _OWNER_REQUIRED,
            _col(
                "levels",
                "macro, meso or micro; `;`-separated when it works at two levels (`meso;micro`).",
                required=True,
                is_list=True,
            ),
            _col("label", "Short label, as in the source table.", required=True),
            _col(
                "other_languages",
                "Its label in French and each other language, `;`-separated, as `fr: …`.",
                is_list=True,
            ),
            _col(
                "description_en", "Description in your own words, English.", required=True, path=("description", "en")
            ),
            _col("description_fr", "Description in French (optional).", path=("description", "fr")),
            _col("agreements", "Ids of the agreements it uses, `;`-separated.", is_list=True),
            _col(
                "functions", "Functions it serves, `;`-separated (see the documentation).", required=True, is_list=True
            ),
            _col("populations", "Populations it reaches (slugs), `;`-separated.", is_list=True),
            _col("when", f"When it ran: {_WHEN}."),
            _col("order", "Row order in the source table (a whole number, default 0)."),
        ),
    ),
    Sheet(
        "mechanism_actors",
        "One row per actor involved in a mechanism, in order.",
        (
            _col("mechanism", "Id of the mechanism (a row of `mechanisms`).", required=True, path=None),
            _col("actor", "Id of the actor.", required=True),
            _col("role", "Its role in this mechanism, in a few words.", required=True),
        ),
    ),
    Sheet(
        "actor_former_names",
        "Names an actor bore before, with when, in order.",
        (
            _col("actor", "Id of the actor (a row of `actors`).", required=True, path=None),
            _col("name", "The former name.", required=True),
            _col("when", f"When it bore that name: {_WHEN}."),
        ),
    ),
    Sheet(
        "actor_roles",
        "Roles a person (an actor of kind `person`) held in an organisation.",
        (
            _col("actor", "Id of the person (a row of `actors`).", required=True, path=None),
            _col("organisation", "Id of the organisation (an actor).", required=True),
            _col("role", "The role, in a few words.", required=True),
            _col("when", f"When: {_WHEN}."),
        ),
    ),
    Sheet(
        "level_claims",
        "Every statement that assigns coordination levels to a practice.",
        (
            _col("id", "Claim id.", required=True),
            _OWNER_REQUIRED,
            _col("levels", "Levels it assigns, `;`-separated (`macro;meso`).", required=True, is_list=True),
            _col("status", "`stated` (a source says it) or `inferred` (an analyst's reading).", required=True),
            _col("locator", "Where in the source (table, heading, paragraph).", required=True),
            _col("source", "Id of the source.", required=True),
            _col("rationale", "Why, for an inferred claim (required then)."),
        ),
    ),
    Sheet(
        "evidence",
        "Costs and benefits of coordination a source names.",
        (
            _col("id", "Evidence id.", required=True),
            _OWNER_REQUIRED,
            _col("kind", "`cost` or `benefit`.", required=True),
            _col("category", "A slug, e.g. `duplicate-submissions-avoided`.", required=True),
            _col(
                "description_en", "Description in your own words, English.", required=True, path=("description", "en")
            ),
            _col("description_fr", "Description in French (optional).", path=("description", "fr")),
            _col("mechanism", "Id of the mechanism it concerns (same practice), if any."),
            _col("source", "Id of the source.", required=True),
            _col("locator", "Where in the source.", required=True),
        ),
    ),
    Sheet(
        "evidence_figures",
        "Figures of an evidence item (value, unit, label), in order.",
        (
            _col("evidence", "Id of the evidence item (a row of `evidence`).", required=True, path=None),
            _col("value", "The number (leave empty for a range).", required=True),
            _col("low", "Lower bound of a range."),
            _col("high", "Upper bound of a range."),
            _col("qualifier", "`about`, `more than` or `less than`, if the source says so."),
            _col("unit", "Its unit, e.g. `months`, `families`, `per month`.", required=True),
            _col("unit_fr", "Its unit in French (optional), e.g. `mois`, `familles`."),
            _col("currency", "ISO 4217 code when it is money (`BRL`, `EUR`)."),
            _col("as_of", "The year the figure holds for."),
            _col("status", "`observed` (measured) or `expected` (a target or forecast)."),
            _col("label", "What it measures, e.g. `development time`.", required=True),
            _col("label_fr", "What it measures, in French (optional), e.g. `durée de développement`."),
        ),
    ),
    Sheet(
        "sources",
        "The documents every claim points to.",
        (
            _col("id", "Source id.", required=True),
            _OWNER,
            _col("citation", "Full citation.", required=True),
            _col("publisher", "Publisher.", required=True),
            _col("authors", "Authors, `;`-separated.", is_list=True),
            _col("year", "Year of publication."),
            _col("url", "Address (http or https) where the document gives one."),
            _col("accessed", "The day you read it online (`2026-11-29`)."),
            _col("archived_url", "The archived copy you read it through (web.archive.org …), if any."),
            _col("language", "Two-letter language code."),
            _col("seed_file", "File name of the seed document, if any."),
        ),
    ),
    Sheet(
        "instruments",
        "International and regional instruments: ILO conventions, EU regulations … (reference nodes).",
        (
            _col("id", "`C102`, `R202` for the ILO; others lowercase words joined by hyphens.", required=True),
            _OWNER,
            _col(
                "kind",
                "convention, recommendation, regulation, directive, treaty … (see the documentation).",
                required=True,
            ),
            _col("title", "Title.", required=True),
            _col("issuer", "The body that issued it (`ILO`, `European Union`); ILO ids need none."),
            _col("year", "Year of adoption."),
        ),
    ),
    Sheet(
        "citations",
        "Where each practice, actor, agreement, mechanism and instrument is cited, in order.",
        (
            _col("entity_kind", "practice, actor, agreement, mechanism or instrument.", required=True, path=None),
            _col("entity_id", "Id of that practice, actor …", required=True, path=None),
            _col("source", "Id of the source.", required=True),
            _col("locator", "Where in the source.", required=True),
        ),
    ),
)

# A registry's own vocabulary, as a spreadsheet holds it (a YAML registry keeps it in vocabulary.yaml).
VOCABULARY_SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "vocabulary_terms",
        "Terms this registry adds to a built-in vocabulary (function, actor-kind …).",
        (
            _col(
                "vocabulary",
                "The vocabulary: actor-kind, actor-scope, agreement-kind, party-role, function, "
                "sse-role or instrument-kind.",
                required=True,
            ),  # fmt: skip
            _col("term", "The new term: lowercase words joined by hyphens.", required=True),
            _col("en", "Its label in English.", required=True),
            _col("fr", "Its label in French.", required=True),
            _col("definition", "One line saying what it means.", required=True),
            _col("narrows", "The built-in term it makes more precise, if any."),
        ),
    ),
    Sheet(
        "vocabulary_renames",
        "Slugs this registry renamed: rows still using the old one load under the new one, with a warning.",
        (
            _col("vocabulary", "population, benefit, evidence-category or collection.", required=True),
            _col("from", "The old slug.", required=True),
            _col("to", "The new slug.", required=True),
            _col("note", "Why, in a sentence."),
        ),
    ),
)
SHEETS = SHEETS + VOCABULARY_SHEETS

SHEETS_BY_NAME = {s.name: s for s in SHEETS}

# Entity sheets other than `practices`: each fills the CaseFile section of the same name.
SECTION_SHEETS = ("sources", "instruments", "actors", "agreements", "mechanisms", "level_claims", "evidence")
# What `citations.entity_kind` calls each sheet whose rows can be cited.
CITED_KINDS = {
    "practice": "practices",
    "actor": "actors",
    "agreement": "agreements",
    "mechanism": "mechanisms",
    "instrument": "instruments",
}
CITED_KIND_OF_SHEET = {sheet: kind for kind, sheet in CITED_KINDS.items()}
# Child sheets: (sheet, parent sheet, column naming the parent, list field of the parent).
CHILD_SHEETS = (
    ("agreement_parties", "agreements", "agreement", "parties"),
    ("mechanism_actors", "mechanisms", "mechanism", "actors"),
    ("evidence_figures", "evidence", "evidence", "figures"),
    ("actor_former_names", "actors", "actor", "former_names"),
    ("actor_roles", "actors", "actor", "roles"),
)

Row = dict[str, Any]


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = data
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _cell_item(value: Any) -> str:
    """One item of a list cell; a name in another language is written `fr: the name`."""
    if isinstance(value, dict) and set(value) == {"language", "text"}:
        return f"{value['language']}: {value['text']}"
    return str(value)


def _flat(sheet: Sheet, data: dict[str, Any], extra: dict[str, Any]) -> Row:
    row: Row = {}
    for column in sheet.columns:
        if column.name in extra:
            row[column.name] = extra[column.name]
            continue
        path = column.field_path
        value = _get(data, path) if path else None
        if isinstance(value, list):
            value = LIST_SEPARATOR.join(_cell_item(v) for v in value)
        row[column.name] = value
    return row


def case_rows(cases: Iterable[CaseFile], vocabulary: VocabularyFile | None = None) -> dict[str, list[Row]]:
    """Flatten case files and the registry's vocabulary into the template's tables (str, int, float or None)."""
    tables: dict[str, list[Row]] = {s.name: [] for s in SHEETS}
    if vocabulary is not None:
        for term in vocabulary.terms:
            tables["vocabulary_terms"].append(_flat(SHEETS_BY_NAME["vocabulary_terms"], term.model_dump(), {}))
        for rename in vocabulary.renames:
            data = rename.model_dump(by_alias=True)
            tables["vocabulary_renames"].append(_flat(SHEETS_BY_NAME["vocabulary_renames"], data, {}))

    def add(sheet_name: str, data: dict[str, Any], **extra: Any) -> None:
        tables[sheet_name].append(_flat(SHEETS_BY_NAME[sheet_name], data, extra))

    def cite(kind: str, ident: str, cited: list[dict[str, Any]]) -> None:
        for c in cited:
            add("citations", c, entity_kind=kind, entity_id=ident)

    for case in cases:
        data = case.model_dump(mode="json")
        owner = case.practice.id if case.practice else None
        if data["practice"] is not None:
            add("practices", data["practice"])
            cite("practice", owner or "", data["practice"]["cited"])
        for section in SECTION_SHEETS:
            for item in data[section]:
                add(section, item, practice=owner)
                if "cited" in item:
                    cite(CITED_KIND_OF_SHEET[section], item["id"], item["cited"])
                for child, parent, link, field in CHILD_SHEETS:
                    if parent == section:
                        for sub in item[field]:
                            add(child, sub, **{link: item["id"]})
    return tables
