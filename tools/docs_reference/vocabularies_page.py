"""The vocabularies reference: every list of values a case file draws from.

- The open vocabularies are ``VOCABULARIES`` of ``registry/schema/vocabulary.py``:
  every term with its English and French label and its definition, as the code
  holds them.
- The fixed lists are the ``Literal`` types the case model uses (levels, claim
  status …). Their labels come from where the code keeps them (the levels from
  ``registry/schema/levels.py``, the app's labels from its gettext
  catalogs in ``registry/locale``); a label the code lacks is shown as
  *missing*, never made up here. Their definitions, where the code has none,
  are the ones ``meanings.FIXED_VALUE_NOTES`` gives.
- The regions are ``registry/schema/regions.py``.
- How a registry adds its own terms: the example is checked against the real
  vocabulary-file model, and the refusals shown are the messages the code
  gives for them, so this part cannot drift either.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

import yaml
from pydantic import ValidationError

from registry.app_support import i18n
from registry.schema import regions
from registry.schema.custom_terms import SLUG_VOCABULARIES, VocabularyFile
from registry.schema.drift import drift_warnings
from registry.schema.levels import LEVEL_BY_ID, LEVELS
from registry.schema.model import FIGURE_QUALIFIERS, CaseFile
from registry.schema.vocabulary import VOCABULARIES, Vocabulary
from tools.docs_reference import markdown as md
from tools.docs_reference import meanings
from tools.docs_reference.model_page import MissingMeaning, fixed_lists, open_lists

if TYPE_CHECKING:
    from registry.schema.bundle import CaseBundle

MISSING = "*missing*"

# (English label, French label, English definition, French definition) of one value, or None where the code has none.
Texts = tuple[str | None, str | None, str | None, str | None]


def _level(value: str) -> Texts:
    level = LEVEL_BY_ID.get(value)
    if level is None:
        return (None, None, None, None)
    return (level.name_en, level.name_fr, level.definition_en, level.definition_fr)


def _app_label(prefix: str) -> Callable[[str], Texts]:
    def lookup(value: str) -> Texts:
        pair = i18n.STRINGS.get(f"{prefix}{value}")
        return (pair[0], pair[1], None, None) if pair else (None, None, None, None)

    return lookup


# Where the code keeps each fixed list's labels, and what the page says about it.
FIXED_LABELS: dict[str, tuple[Callable[[str], Texts], str]] = {
    "level": (
        _level,
        "names and definitions from `registry/schema/levels.py`, paraphrased from the source "
        + ", ".join(sorted({f"`{level.source}` ({level.locator})" for level in LEVELS})),
    ),
    "claim-status": (_app_label("status_"), "labels from `status_*` in the app's catalogs (`registry/locale/`)"),
    "figure-qualifier": (_app_label("figure_qualifier_"), "labels from `figure_qualifier_*` in the app's catalogs"),
    "figure-status": (_app_label("figure_status_"), "labels from `figure_status_*` in the app's catalogs"),
    "evidence-kind": (
        _app_label("evidence_"),
        "labels from `evidence_*` in the app's catalogs (`registry/locale/`; the app's plural headings)",
    ),
}

# The registry's own vocabulary, as the page shows it: checked against VocabularyFile when the page is written.
EXAMPLE_VOCABULARY_FILE = """\
# vocabulary.yaml, beside the registry's case files
terms:
  - vocabulary: function
    term: socioeconomic-characterisation
    en: Socio-economic characterisation
    fr: Caractérisation socio-économique
    definition: >-
      Recording each household's housing, schooling, work and income, so programmes can select people and plan.
    narrows: identification-of-beneficiaries
renames:
  - vocabulary: evidence-category
    from: coverage-extended
    to: coverage-extension
    note: Two spellings of one benefit category, merged so overlaps count them together.
"""

# What a vocabulary file may not say, each shown with the message the code gives.
REFUSED: tuple[tuple[str, dict[str, object]], ...] = (
    (
        "A term that redefines a built-in one",
        {"terms": [{"vocabulary": "actor-kind", "term": "ministry", "en": "Ministry", "fr": "Ministère",
                    "definition": "A ministry."}]},
    ),
    (
        "`narrows` naming no built-in term",
        {"terms": [{"vocabulary": "actor-kind", "term": "line-ministry", "en": "Line ministry",
                    "fr": "Ministère sectoriel", "definition": "A ministry in charge of one sector.",
                    "narrows": "minstry"}]},
    ),
    (
        "An unknown vocabulary",
        {"terms": [{"vocabulary": "actor-kinds", "term": "line-ministry", "en": "Line ministry",
                    "fr": "Ministère sectoriel", "definition": "A ministry in charge of one sector."}]},
    ),
    (
        "A rename in a vocabulary of terms (only slug lists are renamed)",
        {"renames": [{"vocabulary": "function", "from": "registration", "to": "enrolment"}]},
    ),
)  # fmt: skip


def _shown(value: str | None) -> str:
    return md.text(value) if value else MISSING


def _used_by(fields: list[str]) -> str:
    return ", ".join(f"[`{f}`](model.md#{md.anchor('case', f.split('.')[0])})" for f in fields) or "no field"


def _open_section(vocabulary: Vocabulary, fields: list[str]) -> str:
    rows = [[md.code(t.term), md.text(t.en), md.text(t.fr), md.text(t.definition)] for t in vocabulary.terms]
    return "\n\n".join([
        f"### {vocabulary.name} {{#{md.anchor(vocabulary.name)}}}",
        f"Each term is a {md.text(vocabulary.what)}. Used by {_used_by(fields)}. {len(vocabulary.terms)} built-in "
        "terms, each with an English and a French label and a definition.",
        md.table(["term", "English", "French", "definition"], rows),
    ])  # fmt: skip


def _fixed_section(name: str, values: tuple[str, ...], fields: list[str]) -> str:
    lookup, origin = FIXED_LABELS.get(name, (lambda v: (None, None, None, None), ""))
    texts = []
    for value in values:
        en, fr, definition_en, definition_fr = lookup(value)
        note = meanings.FIXED_VALUE_NOTES.get(f"{name}.{value}")
        if definition_en is None and note is None:
            raise MissingMeaning(f"meanings.FIXED_VALUE_NOTES gives no definition for {name}.{value}")
        texts.append((en, fr, definition_en or note, definition_fr))
    have = [sum(1 for t in texts if t[i]) for i in range(2)]
    counts = f"{len(values)} values; English labels {have[0]}/{len(values)}, French labels {have[1]}/{len(values)}."
    blocks = [
        f"### {name} {{#{md.anchor(name)}}}",
        f"Used by {_used_by(fields)}. {counts} "
        + (f"Texts: {origin}." if origin else "The code has no labels for it: case files and pages use the values."),
    ]
    if any(t[3] for t in texts):
        rows = [[md.code(v), *(_shown(x) for x in t)] for v, t in zip(values, texts, strict=True)]
        blocks.append(md.table(["value", "English", "French", "definition", "définition"], rows))
    else:
        rows = [[md.code(v), *(_shown(x) for x in t[:3])] for v, t in zip(values, texts, strict=True)]
        blocks.append(md.table(["value", "English", "French", "definition"], rows))
    if name == "figure-qualifier":
        spellings = sorted(FIGURE_QUALIFIERS.items(), key=lambda item: (values.index(item[1]), item[0]))
        blocks.append(
            "Also read as these values (case, accents and spaces ignored): "
            + "; ".join(
                f"`{written.replace('-', ' ')}` as `{value}`" for written, value in spellings if written != value
            )
            + "."
        )
    return "\n\n".join(blocks)


def _regions_section() -> str:
    groups = [
        ("The ILO's regions", regions.ILO_REGIONS),
        ("ISSA's region (its others are the ILO's)", regions.ISSA_REGIONS),
        ("UN M49 regions (with Africa, Americas and Europe above)", regions.M49_REGIONS),
        ("UN M49 sub-regions", regions.M49_SUB_REGIONS),
    ]
    aliases = sorted(regions.ALIASES.items())
    return "\n\n".join([
        "## Regions {#regions}",
        "A practice's `regions` come from one list, so one region is never entered under two names. A name is "
        "matched ignoring case, accents and punctuation; a name outside the list is an error naming the closest "
        "ones. A practice in several regions lists each (`Europe and Central Asia; Western Europe`).",
        md.table(["group", "names"], [[what, ", ".join(md.code(n) for n in names)] for what, names in groups]),
        "Other spellings read as a listed name:",
        md.table(["written", "read as"], [[md.code(alias), md.code(name)] for alias, name in aliases]),
    ])  # fmt: skip


def _refusal(data: dict[str, object]) -> str:
    try:
        VocabularyFile.model_validate(data)
    except ValidationError as exc:
        return "; ".join(str(error["msg"]).removeprefix("Value error, ") for error in exc.errors())
    raise MissingMeaning(f"vocabularies_page.REFUSED holds a vocabulary file the code accepts: {data}")


def _registry_terms_section() -> str:
    example = yaml.safe_load(EXAMPLE_VOCABULARY_FILE)
    VocabularyFile.model_validate(example)  # the example must stay a file coordreg accepts
    terms_fields = ", ".join(f"`{f}`" for f in ("vocabulary", "term", "en", "fr", "definition", "narrows"))
    refused = md.table(["refused", "message"], [[what, md.text(_refusal(data))] for what, data in REFUSED])
    return "\n\n".join([
        "## A registry's own terms and renames {#registry-terms}",
        "When a case needs a term the built-in vocabularies lack, the registry adds it in a `vocabulary.yaml` "
        "file beside its case files (a case file loaded alone still uses the `vocabulary.yaml` of its folder). "
        "The file is read before the cases, so they may use its terms; they are then checked, shown, queried and "
        "exported like built-in ones, and written to the graph as [`Term`](model.md#label-term) nodes.",
        f"- `terms:` adds terms, each with {terms_fields}. `vocabulary` is one of "
        + ", ".join(md.code(name) for name in VOCABULARIES)
        + "; `term` is a [slug](model.md#type-slug); `narrows`, if given, names the built-in term the new one "
        "makes more precise.",
        "- `renames:` records a slug the registry renamed, with `vocabulary`, `from`, `to` and an optional `note`. "
        "Renames are for the slug lists — "
        + ", ".join(md.code(name) for name in SLUG_VOCABULARIES)
        + " — where two spellings would split one thing in every analysis. A case file that still uses the old "
        "slug loads under the new one, with a warning naming it. They are written as "
        "[`Rename`](model.md#label-rename) nodes.",
        md.fenced(EXAMPLE_VOCABULARY_FILE, "yaml"),
        "A spreadsheet carries the same in its `vocabulary_terms` and `vocabulary_renames` sheets (see the "
        "[spreadsheet template](../spreadsheet-template.md#vocabulary_terms)). A term two files define "
        "differently is an error. Refused, with the message each gets:",
        refused,
    ])  # fmt: skip


def _drift_example() -> str:
    """The warning ``validate`` gives for two spellings of one population, as the code words it."""
    practice = {
        "id": "example", "collection": "examples", "title": {"original": "Example", "language": "en", "en": "Example"},
        "countries": "BRA", "regions": "Americas", "summary": {"en": "An example."},
        "populations": ["low-income-families", "low-income-households"],
        "cited": [{"source": "example-source", "locator": "page 1"}],
    }  # fmt: skip
    bundle = SimpleNamespace(files=[SimpleNamespace(case=CaseFile.model_validate({"practice": practice}),
                                                    origin="example.yaml")])  # fmt: skip
    warnings = drift_warnings(cast("CaseBundle", bundle), None)
    if len(warnings) != 1:
        raise MissingMeaning(f"the drift example gives {len(warnings)} warnings, not one: change it")
    return warnings[0].message


def _slug_lists_section() -> str:
    return "\n\n".join([
        "## Slug lists {#slug-lists}",
        "Populations, benefits, evidence categories and collections are open: any [slug](model.md#type-slug) is "
        "accepted and becomes a node or a value of its own. Because overlaps and duplication count shared slugs, "
        "`validate` and `load` warn when a new slug looks like one of the same list, in the files or in the "
        "registry: the same stem once word endings and a few synonyms (`families` and `households`) are set "
        "aside, or nearly the same spelling. Nothing is refused — two close slugs may mean different things — "
        "and a load goes on. A case using `low-income-families` and `low-income-households` gets:",
        f"> {md.text(_drift_example())}",
    ])  # fmt: skip


def pages() -> list[tuple[str, str]]:
    fixed = fixed_lists()
    used = open_lists()
    unknown = sorted(set(used) - set(VOCABULARIES))
    if unknown:
        raise MissingMeaning(f"the case model checks terms of vocabularies VOCABULARIES lacks: {', '.join(unknown)}")
    intro = (
        "# Vocabularies\n\n"
        "The lists of values case files draw from. They are controlled, so a typo is an error naming the closest "
        "values rather than a new, silently separate kind of actor in every network view. Values are matched "
        "ignoring case and accents, and spaces are read as hyphens: `Public bank` is `public-bank`, `Méso` is "
        "`meso`.\n\n"
        "- **Open vocabularies** (`VOCABULARIES` in `registry/schema/vocabulary.py`): built-in terms, each with "
        "an English and a French label and a one-line definition. A registry may add its own terms "
        "([how](#registry-terms)).\n"
        "- **Fixed lists**: values the model itself relies on (the three levels, a claim's status …). No registry "
        "extends them.\n"
        "- **[Regions](#regions)**: one list of world regions.\n"
        "- **[Slug lists](#slug-lists)**: populations, benefits, evidence categories and collections take any "
        "slug; near-duplicates are warned about."
    )
    index = md.table(
        ["list", "kind", "values", "used by"],
        [
            *([f"[{name}](#{md.anchor(name)})", "open", str(len(v.terms)), _used_by(used.get(name, []))]
              for name, v in VOCABULARIES.items()),
            *([f"[{name}](#{md.anchor(name)})", "fixed", str(len(values)), _used_by(fields)]
              for values, (name, fields) in fixed.items()),
            ["[regions](#regions)", "fixed", str(len(regions.REGIONS)), _used_by(["Practice.regions"])],
        ],
    )  # fmt: skip
    return [
        (
            "vocabularies.md",
            md.page(
                intro,
                index,
                "## Open vocabularies {#open-vocabularies}",
                *(_open_section(v, used.get(name, [])) for name, v in VOCABULARIES.items()),
                "## Fixed lists {#fixed-lists}",
                *(_fixed_section(name, values, fields) for values, (name, fields) in fixed.items()),
                _regions_section(),
                _registry_terms_section(),
                _slug_lists_section(),
            ),
        )
    ]
