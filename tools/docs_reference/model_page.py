"""The data-model reference: case files (the pydantic models) and the graph they become.

The graph side is read from what the graph writer actually writes: a specimen
case file that fills every optional field goes through
``registry.graph_writer.statement_for_case``, and the Level nodes through
``statement_for_levels``; the properties and relationship properties of the
rows they hold are the ones listed. So a property the writer adds or drops
shows up here, and must get a meaning in ``meanings.py`` before the page can
be written.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from collections.abc import Iterator
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from registry.graph_writer import statement_for_case, statement_for_levels
from registry.schema import model, vocabulary
from registry.schema.graph import NODE_LABELS, RELATIONSHIPS
from tools.docs_reference import diagram, meanings
from tools.docs_reference import markdown as md

# The named value types of model.py, in the order the page explains them.
NAMED_TYPES: tuple[tuple[str, str, str], ...] = (
    ("Slug", "slug", "An id or a short key: lowercase letters and digits in words joined by `-`, `_` or `.`."),
    ("CountryCode", "country code", "An ISO 3166 alpha-3 country code that exists (e.g. `ARG`, `BRA`, `MEX`)."),
    ("Year", "year", "A plausible year."),
    ("ShortText", "short text", "A title, a name or a label."),
    ("LongText", "long text", "A description or a note."),
    ("Locator", "locator", "Where a fact is inside its source: a table and row, a section and paragraph, a page."),
)


class MissingMeaning(Exception):
    """A field, label, relationship or property has no meaning in meanings.py (or one there names nothing)."""


def case_models() -> list[type[BaseModel]]:
    """The models of model.py, the case file first, then in the order the module defines them."""
    found = [
        obj
        for obj in vars(model).values()
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == model.__name__
    ]
    found = [m for m in found if m is not model.Strict]
    return [model.CaseFile, *(m for m in found if m is not model.CaseFile)]


def vocabulary_names() -> dict[tuple[str, ...], str]:
    """Each closed list of vocabulary.py by its values: which name a Literal annotation stands for."""
    return {
        get_args(obj): name
        for name, obj in vars(vocabulary).items()
        if get_origin(obj) is Literal and not name.startswith("_")
    }


def _constraints(metadata: list[Any]) -> list[str]:
    found: dict[str, Any] = {}
    for item in metadata:
        for key in ("min_length", "max_length", "ge", "le", "pattern"):
            value = getattr(item, key, None)
            if value is not None:
                found[key] = value
    words = []
    if "min_length" in found or "max_length" in found:
        low, high = found.get("min_length"), found.get("max_length")
        if low is not None and high is not None:
            words.append(f"{low}–{high} characters" if low != high else f"{low} characters")
        elif high is not None:
            words.append(f"at most {high} characters")
        else:
            words.append(f"at least {low} characters")
    if "ge" in found or "le" in found:
        words.append(f"{found.get('ge', '…')}–{found.get('le', '…')}")
    if "pattern" in found:
        words.append(f"pattern {md.code(found['pattern'])}")
    return words


def _named(hint: Any) -> str | None:
    for name, shown, _ in NAMED_TYPES:
        if hint == getattr(model, name):
            return f"[{shown}](#{md.anchor('type', name)})"
    return None


def render_type(hint: Any, vocabularies: dict[tuple[str, ...], str]) -> str:
    """A type annotation of the case model, in words with links."""
    named = _named(hint)
    if named:
        return named
    origin = get_origin(hint)
    if origin is typing.Annotated:
        base, *metadata = get_args(hint)
        words = _constraints([m for info in metadata for m in getattr(info, "metadata", [info])])
        return render_type(base, vocabularies) + (f" ({', '.join(words)})" if words else "")
    if origin in (typing.Union, types.UnionType):
        parts = [a for a in get_args(hint) if a is not type(None)]
        return " or ".join(render_type(a, vocabularies) for a in parts)
    if origin is list:
        (item,) = get_args(hint)
        return "list of " + render_type(item, vocabularies)
    if origin is Literal:
        values = get_args(hint)
        name = vocabularies.get(values)
        if name:
            return f"[{name}](vocabularies.md#{md.anchor(name)})"
        return "one of " + ", ".join(md.code(str(v)) for v in values)
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return f"[{hint.__name__}](#{md.anchor('case', hint.__name__)})"
    return {str: "text", int: "integer", float: "number", bool: "true or false"}.get(hint, md.code(str(hint)))


def _required(field: Any) -> str:
    words = "required" if field.is_required() else "optional"
    if get_origin(field.annotation) is list:  # on a text, min_length counts characters: the type says so
        for item in field.metadata:
            low = getattr(item, "min_length", None)
            if low:
                words += f", at least {low} item" + ("s" if low > 1 else "")
    if not field.is_required():
        default = field.get_default(call_default_factory=True)
        if default not in (None, [], ""):
            words += f", default {md.code(str(default))}"
    return words


def _note(table: dict[str, str], key: str) -> str:
    if key not in table:
        raise MissingMeaning(f"tools/docs_reference/meanings.py gives no meaning for {key}")
    return table[key]


def case_section() -> str:
    vocabularies = vocabulary_names()
    blocks = [
        "## Case files {#case-files}",
        "What a case file may hold, model by model, as `registry/schema/model.py` defines it. Unknown fields are "
        "errors; surrounding spaces are trimmed. The [spreadsheet template](../spreadsheet-template.md) has the "
        "same fields, one sheet per model.",
        "### Kinds of value {#kinds-of-value}",
        md.table(
            ["kind", "what it holds", "rule"],
            [
                [f'<span id="{md.anchor("type", name)}"></span>{shown}', text, ", ".join(_type_rule(name))]
                for name, shown, text in NAMED_TYPES
            ],
        ),
    ]
    seen: set[str] = set()
    for case_model in case_models():
        hints = typing.get_type_hints(case_model, include_extras=True)
        doc = _note(meanings.MODEL_NOTES, case_model.__name__)
        rules = _validator_rules(case_model)
        rows = []
        for name, field in case_model.model_fields.items():
            key = f"{case_model.__name__}.{name}"
            seen.add(key)
            rows.append([md.code(name), render_type(hints[name], vocabularies), _required(field),
                         _note(meanings.FIELD_NOTES, key)])  # fmt: skip
        blocks += [
            f"### {case_model.__name__} {{#{md.anchor('case', case_model.__name__)}}}",
            doc + (" Also refused, with these messages: " + "; ".join(rules) + "." if rules else ""),
            md.table(["field", "type", "use", "meaning"], rows),
        ]
    stale = sorted(set(meanings.FIELD_NOTES) - seen)
    if stale:
        raise MissingMeaning(f"meanings.py describes fields the case model does not have: {', '.join(stale)}")
    return "\n\n".join(blocks)


def _type_rule(name: str) -> list[str]:
    _, *metadata = get_args(getattr(model, name))
    rules = _constraints([m for info in metadata for m in getattr(info, "metadata", [info])])
    if name == "CountryCode":
        rules.append("checked against ISO 3166")
    return rules


def _validator_rules(case_model: type[BaseModel]) -> list[str]:
    """The rules a model's own validators enforce: the messages of the errors they raise."""
    rules = []
    validators = case_model.__pydantic_decorators__.model_validators
    for _, decorator in sorted(validators.items()):
        source = inspect.getsource(getattr(decorator.func, "__func__", decorator.func))
        rules += [f"“{md.text(message)}”" for message in re.findall(r'raise ValueError\(\s*"([^"]+)"', source)]
    return rules


# --- the graph


def _specimen() -> model.CaseFile:
    """A case file that fills every optional field, so every property the writer can write is written."""
    cited = [{"source": "specimen-source", "locator": "Table 1, row 2"}]
    text = {"en": "English text.", "fr": "Texte français."}
    return model.CaseFile.model_validate(
        {
            "practice": {
                "id": "specimen", "collection": "specimens", "display_order": 1,
                "title": {"original": "Spécimen", "language": "fr", "en": "Specimen", "fr": "Spécimen"},
                "countries": ["ARG"], "region": "Americas", "documented_by": "specimen-actor", "years": [2020],
                "summary": text, "populations": ["specimen-population"], "benefits": ["specimen-benefit"],
                "instruments": ["C102"], "sse_roles": ["service-provider"], "cited": cited,
            },
            "sources": [{
                "id": "specimen-source", "citation": "A specimen.", "publisher": "coordreg", "year": 2020,
                "url": "https://example.org/specimen", "language": "en", "seed_file": "specimen.txt",
            }],
            "instruments": [{"id": "C102", "kind": "convention", "title": "Specimen", "year": 1952, "cited": cited}],
            "actors": [{
                "id": "specimen-actor", "name": "Specimen actor", "acronym": "SA", "original_name": "Acteur",
                "kind": "ministry", "scope": "national", "country": "ARG", "countries": ["ARG"], "note": "A note.",
                "cited": cited,
            }],
            "agreements": [{
                "id": "specimen-agreement", "title": "Specimen agreement", "kind": "agreement", "purpose": text,
                "parties": [{"actor": "specimen-actor", "role": "signatory"}], "year": 2020, "cited": cited,
            }],
            "mechanisms": [{
                "id": "specimen-mechanism", "level": "meso", "label": "Specimen", "description": text,
                "actors": [{"actor": "specimen-actor", "role": "runs it"}], "agreements": ["specimen-agreement"],
                "functions": ["registration"], "populations": ["specimen-population"], "order": 1, "cited": cited,
            }],
            "level_claims": [{
                "id": "specimen-claim", "levels": ["meso"], "status": "inferred", "locator": "Section 2",
                "source": "specimen-source", "rationale": "Why.",
            }],
            "evidence": [{
                "id": "specimen-evidence", "kind": "benefit", "category": "specimen", "description": text,
                "figures": [{"value": 1.5, "unit": "percent", "label": "Specimen"}],
                "mechanism": "specimen-mechanism", "source": "specimen-source", "locator": "Table 1",
            }],
        }
    )  # fmt: skip


def _value_type(values: list[Any]) -> str:
    def one(value: Any) -> str:
        if isinstance(value, bool):
            return "boolean"
        if isinstance(value, list):
            items = sorted({one(v) for v in value}) or ["string"]
            return "list of " + " or ".join(i + "s" for i in items)
        return {str: "string", int: "integer", float: "float"}.get(type(value), type(value).__name__)

    return " or ".join(sorted({one(v) for v in values}))


def written_graph() -> tuple[dict[str, dict[str, list[Any]]], dict[tuple[str, str, str], dict[str, list[Any]]]]:
    """(label -> property -> sample values, relationship -> property -> sample values), in the writer's order."""
    nodes: dict[str, dict[str, list[Any]]] = {}
    rels: dict[tuple[str, str, str], dict[str, list[Any]]] = {}
    rel_params = {f"rel_{s}_{t}_{d}": (s, t, d) for s, t, d in RELATIONSHIPS}
    for statement in (statement_for_levels(), statement_for_case(_specimen())):
        # The statement's parameters are the rows it writes: nodes_/vocab_<Label>, rel_<from>_<TYPE>_<to>.
        for name, rows in statement.parameters.items():
            prefix, _, label = name.partition("_")
            if prefix in ("nodes", "vocab") and label in NODE_LABELS:
                for row in rows:
                    for key, value in row["props"].items():
                        nodes.setdefault(label, {}).setdefault(key, []).append(value)
            elif name in rel_params:
                for row in rows:
                    for prop, value in row["props"].items():
                        rels.setdefault(rel_params[name], {}).setdefault(prop, []).append(value)
    return nodes, rels


def _vocab_link(key: str) -> str:
    name = meanings.PROPERTY_VOCABULARY.get(key)
    return f"[{name}](vocabularies.md#{md.anchor(name)})" if name else ""


def _rel_key(rel: tuple[str, str, str]) -> str:
    return f"{rel[0]}-{rel[1]}->{rel[2]}"


def graph_section() -> str:
    nodes, rels = written_graph()
    missing = [label for label in NODE_LABELS if label not in nodes]
    if missing:
        raise MissingMeaning(f"the specimen case writes no {', '.join(missing)} node: extend it in model_page.py")
    blocks = [
        "## The graph {#graph}",
        "What a load writes, as Cypher sees it. Labels and relationship types are the allowlist of "
        "`registry/schema/graph.py`; properties are those `registry/graph_writer.py` writes. A property whose value "
        "the case file leaves out is absent (graph properties are never null), and lists hold plain values only.",
        "![The labels of the graph and the relationships between them](model.svg)",
        "*Every label marked* § *also has `CITES` relationships to `Source`, each carrying the `locator` of the fact.*",
        "### Node labels {#labels}",
        md.table(
            ["label", "meaning", "written from"],
            [
                [f"[{label}](#{md.anchor('label', label)})", _note(meanings.LABEL_NOTES, label), _written_from(label)]
                for label in NODE_LABELS
            ],
        ),  # fmt: skip
    ]
    seen: set[str] = set()
    for label in NODE_LABELS:
        out = [f"`{t}` → {md.code(d)}" for s, t, d in RELATIONSHIPS if s == label]
        into = [f"{md.code(s)} → `{t}`" for s, t, d in RELATIONSHIPS if d == label]
        rows = []
        for prop, values in nodes[label].items():
            key = f"{label}.{prop}"
            seen.add(key)
            note = meanings.PROPERTY_NOTES.get(key) or meanings.COMMON_PROPERTY_NOTES.get(prop)
            if note is None:
                raise MissingMeaning(f"tools/docs_reference/meanings.py gives no meaning for the property {key}")
            rows.append([md.code(prop), _value_type(values), note, _vocab_link(key)])
        blocks += [
            f"#### {label} {{#{md.anchor('label', label)}}}",
            _note(meanings.LABEL_NOTES, label),
            "Out: " + (", ".join(out) or "none") + ". In: " + (", ".join(into) or "none") + ".",
            md.table(["property", "type", "meaning", "vocabulary"], rows),
        ]
    stale = sorted(set(meanings.PROPERTY_NOTES) - seen)
    if stale:
        raise MissingMeaning(f"meanings.py describes properties the writer does not write: {', '.join(stale)}")
    blocks += ["### Relationship types {#relationships}", _relationship_table(rels)]
    return "\n\n".join(blocks)


def _written_from(label: str) -> str:
    sources = {
        "Level": "coordreg (`registry/schema/levels.py`)",
        "Function": "`functions` of a mechanism",
        "Population": "`populations` of a practice or a mechanism",
        "Benefit": "`benefits` of a practice",
        "Practice": "[Practice](#case-practice)",
    }
    return sources.get(label, f"[{label}](#{md.anchor('case', label)})")


def _relationship_table(rels: dict[tuple[str, str, str], dict[str, list[Any]]]) -> str:
    stale = sorted(set(meanings.RELATIONSHIP_NOTES) - {_rel_key(r) for r in RELATIONSHIPS})
    if stale:
        raise MissingMeaning(f"meanings.py describes relationships the schema does not have: {', '.join(stale)}")
    rows = []
    for rel in RELATIONSHIPS:
        props = []
        for prop, values in rels.get(rel, {}).items():
            note = meanings.RELATIONSHIP_PROPERTY_NOTES.get(prop)
            if note is None:
                raise MissingMeaning(f"meanings.py gives no meaning for the relationship property {prop}")
            vocab = _vocab_link(f"{rel[1]}.{prop}")
            props.append(f"{md.code(prop)} ({_value_type(values)}{', ' + vocab if vocab else ''})")
        rows.append([md.code(rel[0]), md.code(rel[1]), md.code(rel[2]), ", ".join(props),
                     _note(meanings.RELATIONSHIP_NOTES, _rel_key(rel))])  # fmt: skip
    legend = md.table(
        ["property", "meaning"],
        [[md.code(k), v] for k, v in meanings.RELATIONSHIP_PROPERTY_NOTES.items()],
    )
    return md.table(["from", "type", "to", "properties", "meaning"], rows) + "\n\nRelationship properties:\n\n" + legend


def pages() -> Iterator[tuple[str, str]]:
    intro = (
        "# Data model\n\n"
        "coordreg keeps one model in two shapes: the **case files** a researcher writes (checked by pydantic when "
        "they are validated or loaded) and the **graph** they are written into (what the named queries and your own "
        "Cypher read). This page is generated from `registry/schema/` and `registry/graph_writer.py`.\n\n"
        "A practice's levels are recorded twice, on purpose. Each **mechanism** sits at exactly one level "
        "(`AT_LEVEL`); each **level claim** is one passage of a source saying which levels the practice as a "
        "whole involves (`ASSIGNS`). When the passages disagree, every claim is kept and the `level_conflicts` "
        "query shows them side by side; the typology matrix marks the practice."
    )
    yield "model.md", md.page(intro, graph_section(), case_section())
    yield "model.svg", diagram.svg()
