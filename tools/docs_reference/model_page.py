"""The data-model reference: case files (the pydantic models) and the graph they become.

The graph side is read from what the graph writer actually writes: a specimen
registry that fills every optional field (``specimen.py``) goes through
``registry.graph_writer``, and the properties and relationship properties of
the rows it writes are the ones listed. So a property the writer adds or drops
shows up here, and must get a meaning in ``meanings.py`` before the page can
be written.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import types
import typing
from collections.abc import Iterator
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from registry.schema import model, vocabulary
from registry.schema.custom_terms import checked_term
from registry.schema.graph import NODE_LABELS, RELATIONSHIPS
from tools.docs_reference import diagram, meanings
from tools.docs_reference import markdown as md
from tools.docs_reference.specimen import written_graph

# The named value types of model.py: (name, shown as, what it holds, rules its annotation does not say).
NAMED_TYPES: tuple[tuple[str, str, str, str], ...] = (
    ("Slug", "slug", "An id or a short key: lowercase letters and digits in words joined by `-`, `_` or `.`.", ""),
    ("CountryCode", "country code", "An ISO 3166 alpha-3 country code that exists (e.g. `ARG`, `BRA`, `MEX`).",
     "checked against ISO 3166"),
    ("Region", "region", "A world region from coordreg's one list: the ILO's regions, ISSA's Europe, and the UN M49 "
     "regions and sub-regions ([the list](vocabularies.md#regions)).",
     "case, accents and punctuation ignored; a few other spellings (`Asia Pacific`, `LAC`) read as the listed name"),
    ("Year", "year", "A plausible year.", ""),
    ("When", "date or period", "When something happened or ran, as precisely as the source says: a year (`2001`), "
     "a month (`1990-01`), a day (`1990-01-15`), a period (`2001/2013`), or a period that still runs "
     "(`2001/..`).",
     f"years {vocabulary.FIRST_PLAUSIBLE_YEAR}–{vocabulary.LAST_PLAUSIBLE_YEAR}; a day must exist in the calendar; a "
     "period may not end before it starts; also read: `2001-2013`, `since 2001` (`depuis`, `desde`), "
     "`{start: 2001, end: 2013}`; kept as the ISO form shown first"),
    ("CurrencyCode", "currency", "An ISO 4217 currency code (e.g. `BRL`, `EUR`, `USD`).",
     "checked against ISO 4217; lowercase is read as uppercase"),
    ("LanguageCode", "language code", "A two-letter ISO 639-1 language code (e.g. `en`, `fr`, `pt`).", ""),
    ("Url", "web address", "A web address starting `http://` or `https://`.", ""),
    ("InstrumentId", "instrument id", "An ILO instrument keeps the ILO's numbering (`C102`, `R202`); any other "
     "instrument has a slug (`eu-regulation-883-2004`).", ""),
    ("ShortText", "short text", "A title, a name or a label.", ""),
    ("LongText", "long text", "A description or a note.", ""),
    ("Locator", "locator", "Where a fact is inside its source: a table and row, a section and paragraph, a page.",
     ""),
)  # fmt: skip

# The closed lists of vocabulary.py (Literal types), by the name the vocabularies page gives them.
FIXED_LIST_NAMES: dict[str, str] = {"LevelId": "level", "ClaimStatus": "claim-status", "EvidenceKind": "evidence-kind"}

ONE_OR_MANY = "one value, a list, or values separated by `;`"


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


def open_vocabulary(hint: Any) -> str | None:
    """The vocabulary an open-vocabulary field checks its terms against (``checked_term("actor-kind")``), if any."""
    if get_origin(hint) is not typing.Annotated:
        return None
    prefix = checked_term.__qualname__ + "."
    for item in get_args(hint)[1:]:
        func = getattr(item, "func", None)
        if func is not None and getattr(func, "__qualname__", "").startswith(prefix):
            name = inspect.getclosurevars(func).nonlocals["vocabulary"]
            return str(name)
    return None


def _walk(hint: Any) -> Iterator[Any]:
    """``hint`` and every type inside it."""
    yield hint
    for arg in get_args(hint):
        yield from _walk(arg)


def field_hints() -> Iterator[tuple[str, Any]]:
    """("Model.field", type annotation) of every field of the case model, in the page's order."""
    for case_model in case_models():
        hints = typing.get_type_hints(case_model, include_extras=True)
        for name in case_model.model_fields:
            yield f"{case_model.__name__}.{name}", hints[name]


def fixed_lists() -> dict[tuple[str, ...], tuple[str, list[str]]]:
    """Every closed list (a Literal) the case model uses: its values -> (its name, the fields that take it).

    A list vocabulary.py names is called by ``FIXED_LIST_NAMES``; one written inside a model (a figure's
    ``status``) by its model and field: ``figure-status``."""
    named = {get_args(obj): name for name, obj in vars(vocabulary).items() if get_origin(obj) is Literal}
    found: dict[tuple[str, ...], tuple[str, list[str]]] = {}
    for key, hint in field_hints():
        for inner in _walk(hint):
            if get_origin(inner) is not Literal:
                continue
            values = get_args(inner)
            if values in named and named[values] not in FIXED_LIST_NAMES:
                raise MissingMeaning(f"model_page.FIXED_LIST_NAMES gives no name for {named[values]}")
            name = FIXED_LIST_NAMES[named[values]] if values in named else md.anchor(*key.split("."))
            found.setdefault(values, (name, []))[1].append(key)
    return found


def open_lists() -> dict[str, list[str]]:
    """Every open vocabulary by name -> the fields that take its terms."""
    found: dict[str, list[str]] = {}
    for key, hint in field_hints():
        for inner in _walk(hint):
            name = open_vocabulary(inner)
            if name is not None:
                found.setdefault(name, []).append(key)
    return found


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
    for name, shown, _, _ in NAMED_TYPES:
        if hint == getattr(model, name):
            return f"[{shown}](#{md.anchor('type', name)})"
    return None


def _vocabulary_link(name: str) -> str:
    return f"[{name}](vocabularies.md#{md.anchor(name)})"


def render_type(hint: Any, lists: dict[tuple[str, ...], tuple[str, list[str]]]) -> str:
    """A type annotation of the case model, in words with links."""
    named = _named(hint)
    if named:
        return named
    vocabulary_name = open_vocabulary(hint)
    if vocabulary_name:
        return "a term of " + _vocabulary_link(vocabulary_name)
    origin = get_origin(hint)
    if origin is typing.Annotated:
        base, *metadata = get_args(hint)
        for cut in range(len(metadata) - 1, 0, -1):  # a named type with one more validator (Title.language)
            named = _named(typing.Annotated[(base, *metadata[:cut])])  # type: ignore[valid-type]
            if named:
                return named
        words = _constraints([m for info in metadata for m in getattr(info, "metadata", [info])])
        if any(getattr(info, "func", None) is model._one_or_many for info in metadata):
            words.append(ONE_OR_MANY)
        return render_type(base, lists) + (f" ({', '.join(words)})" if words else "")
    if origin in (typing.Union, types.UnionType):
        parts = [a for a in get_args(hint) if a is not type(None)]
        return " or ".join(render_type(a, lists) for a in parts)
    if origin is list:
        (item,) = get_args(hint)
        shown = render_type(item, lists)
        return "list of " + ("terms of " + shown.removeprefix("a term of ") if open_vocabulary(item) else shown)
    if origin is Literal:
        values = get_args(hint)
        if values in lists:
            return _vocabulary_link(lists[values][0])
        return "one of " + ", ".join(md.code(str(v)) for v in values)
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return f"[{hint.__name__}](#{md.anchor('case', hint.__name__)})"
    basic = {str: "text", int: "integer", float: "number", bool: "true or false", dt.date: "a day (`YYYY-MM-DD`)"}
    return basic.get(hint, md.code(str(hint)))


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
    lists = fixed_lists()
    blocks = [
        "## Case files {#case-files}",
        "What a case file may hold, model by model, as `registry/schema/model.py` defines it. Unknown fields are "
        "errors; surrounding spaces are trimmed. The [spreadsheet template](../spreadsheet-template.md) has the "
        "same fields, one sheet per model.",
        "### Kinds of value {#kinds-of-value}",
        md.table(
            ["kind", "what it holds", "rule"],
            [
                [f'<span id="{md.anchor("type", name)}"></span>{shown}', text, _type_rule(name, rule)]
                for name, shown, text, rule in NAMED_TYPES
            ],
        ),
    ]
    seen: set[str] = set()
    for case_model in case_models():
        hints = typing.get_type_hints(case_model, include_extras=True)
        doc = _note(meanings.MODEL_NOTES, case_model.__name__)
        rules = _validator_rules(case_model)
        older = _older_names(case_model)
        rows = []
        for name, field in case_model.model_fields.items():
            key = f"{case_model.__name__}.{name}"
            seen.add(key)
            rows.append([md.code(name), render_type(hints[name], lists), _required(field),
                         _note(meanings.FIELD_NOTES, key)])  # fmt: skip
        blocks += [
            f"### {case_model.__name__} {{#{md.anchor('case', case_model.__name__)}}}",
            doc
            + (" Also refused, with these messages: " + "; ".join(rules) + "." if rules else "")
            + (" Older files still load: " + "; ".join(older) + "." if older else ""),
            md.table(["field", "type", "use", "meaning"], rows),
        ]
    stale = sorted(set(meanings.FIELD_NOTES) - seen)
    if stale:
        raise MissingMeaning(f"meanings.py describes fields the case model does not have: {', '.join(stale)}")
    return "\n\n".join(blocks)


def _type_rule(name: str, rule: str) -> str:
    _, *metadata = get_args(getattr(model, name))
    rules = _constraints([m for info in metadata for m in getattr(info, "metadata", [info])])
    return ", ".join([*rules, *([rule] if rule else [])])


def _older_names(case_model: type[BaseModel]) -> list[str]:
    """The fields a model reads under their older, single-valued name (``_renamed(data, "level", "levels")``)."""
    found = []
    for _, decorator in sorted(case_model.__pydantic_decorators__.model_validators.items()):
        source = inspect.getsource(getattr(decorator.func, "__func__", decorator.func))
        if "_renamed(" in source:
            found += [f"`{old}` is read as `{new}`" for old, new in re.findall(r'"(\w+)",\s*"(\w+)"\)', source)]
    return found


def _validator_rules(case_model: type[BaseModel]) -> list[str]:
    """The rules a model's own validators enforce: the messages of the errors they raise."""
    rules = []
    validators = case_model.__pydantic_decorators__.model_validators
    for _, decorator in sorted(validators.items()):
        source = inspect.getsource(getattr(decorator.func, "__func__", decorator.func))
        rules += [f"“{md.text(message)}”" for message in re.findall(r'raise ValueError\(\s*"([^"]+)"', source)]
    return rules


# --- the graph


def _value_type(values: list[Any]) -> str:
    def one(value: Any) -> str:
        if isinstance(value, bool):
            return "boolean"
        if isinstance(value, list):
            items = sorted({one(v) for v in value}) or ["string"]
            return "list of " + " or ".join(i + "s" for i in items)
        return {str: "string", int: "integer", float: "float"}.get(type(value), type(value).__name__)

    return " or ".join(sorted({one(v) for v in values}))


def vocabulary_sections() -> set[str]:
    """The sections of vocabularies.md a property may link to."""
    return {*vocabulary.VOCABULARIES, *(name for name, _ in fixed_lists().values()), "regions"}


def _vocab_link(key: str) -> str:
    name = meanings.PROPERTY_VOCABULARY.get(key)
    return _vocabulary_link(name) if name else ""


def _rel_key(rel: tuple[str, str, str]) -> str:
    return f"{rel[0]}-{rel[1]}->{rel[2]}"


def graph_section() -> str:
    nodes, rels = written_graph()
    missing = [label for label in NODE_LABELS if label not in nodes]
    if missing:
        raise MissingMeaning(f"the specimen writes no {', '.join(missing)} node: extend it in specimen.py")
    unwritten = [_rel_key(rel) for rel in RELATIONSHIPS if rel not in rels]
    if unwritten:
        raise MissingMeaning(f"the specimen writes no {', '.join(unwritten)} relationship: extend it in specimen.py")
    unknown = sorted(set(meanings.PROPERTY_VOCABULARY.values()) - vocabulary_sections())
    if unknown:
        raise MissingMeaning(f"meanings.PROPERTY_VOCABULARY names lists vocabularies.md lacks: {', '.join(unknown)}")
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
        "Term": "`terms` of a registry's [vocabulary file](vocabularies.md#registry-terms)",
        "Rename": "`renames` of a registry's [vocabulary file](vocabularies.md#registry-terms)",
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
        "A practice's levels are recorded twice, on purpose. Each **mechanism** works at one level or more "
        "(`AT_LEVEL`, one relationship per level); each **level claim** is one passage of a source saying which "
        "levels the practice as a "
        "whole involves (`ASSIGNS`). When the passages disagree, every claim is kept and the `level_conflicts` "
        "query shows them side by side; the typology matrix marks the practice."
    )
    yield "model.md", md.page(intro, graph_section(), case_section())
    yield "model.svg", diagram.svg()
