"""Read the spreadsheet template (an .xlsx workbook or a folder of CSV files).

Rows become the same ``CaseFile`` models a YAML case file becomes, validated
by the same pydantic model and the same cross-file checks, so a spreadsheet
can never hold what a case file may not. Every problem names the sheet, the
row as the spreadsheet shows it (the header is row 1) and the column.

Reading the files and refusing bad layouts (formulas, merged cells, extra
sheets, unknown columns, oversize files, other encodings) is done by
``loaders.spreadsheet_tables``; the sheets and columns are defined in
``loaders.spreadsheet_template``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from loaders.errors import friendly_message
from loaders.spreadsheet_tables import Table, tables_at
from loaders.spreadsheet_template import (
    CHILD_SHEETS,
    CITED_KIND_OF_SHEET,
    CITED_KINDS,
    LIST_SEPARATOR,
    SECTION_SHEETS,
    Sheet,
)
from registry.errors import Problem
from registry.schema.bundle import LocatedCase
from registry.schema.custom_terms import VocabularyFile, custom_terms_in_force, custom_terms_now
from registry.schema.model import CaseFile

# A spreadsheet of thousands of bad rows would otherwise print (and hold) hundreds of thousands of messages.
MAX_PROBLEMS_PER_SPREADSHEET = 200

# Where a list field is filled from another sheet, what a missing list needs.
_CHILD_HINTS = {"cited": "citations", "parties": "agreement_parties"}
_PLACE_PART = re.compile(r"^(\w+)(?:\[(\d+)\])?(?: \(.*\))?$")


@dataclass(frozen=True)
class RowRef:
    """Where a row is: the file, its sheet and its row number as the spreadsheet shows it."""

    file: str
    sheet: Sheet
    row: int

    @property
    def place(self) -> str:
        return f"sheet '{self.sheet.name}', row {self.row}"


@dataclass
class SheetCase(LocatedCase):
    """A case assembled from spreadsheet rows; knows which row each part came from."""

    places: dict[tuple[Any, ...], RowRef] = field(default_factory=dict)
    spreadsheet: str = ""

    def relocate(self, problem: Problem) -> Problem:
        """Restate a cross-file problem ("mechanisms[1] > actors[0]") as sheet, row and column."""
        loc = self._loc_of(problem.place)
        found = _locate(self.places, loc, problem.field) if loc else None
        if found is None:
            return Problem(
                self.spreadsheet or problem.file, problem.place, problem.field, problem.message, problem.severity
            )
        ref, column, _ = found
        return Problem(ref.file, ref.place, column or problem.field, problem.message, problem.severity)

    def _loc_of(self, place: str) -> tuple[Any, ...] | None:
        actor = re.fullmatch(r"actor '(.+)'", place)
        if actor:
            index = next((i for i, a in enumerate(self.case.actors) if a.id == actor[1]), None)
            return None if index is None else ("actors", index)
        loc: list[Any] = []
        for part in place.split(" > "):
            match = _PLACE_PART.match(part)
            if not match:
                return None
            loc.append(match[1])
            if match[2] is not None:
                loc.append(int(match[2]))
        return tuple(loc)


def _column_for(sheet: Sheet, rest: Iterable[Any]) -> str:
    """The column a model path (minus list indexes) comes from: ("title", "en") → title_en."""
    keys = tuple(k for k in rest if isinstance(k, str))
    if not keys:
        return ""
    for column in sheet.columns:
        if column.field_path == keys:
            return column.name
    for column in sheet.columns:  # a whole bilingual text missing: name its first column
        path = column.field_path
        if path and path[: len(keys)] == keys:
            return column.name
    for column in sheet.columns:
        if column.field_path == keys[:1]:
            return column.name
    return ""


def _locate(
    places: dict[tuple[Any, ...], RowRef], loc: tuple[Any, ...], fld: str = ""
) -> tuple[RowRef, str, int] | None:
    """The row a model location comes from, the column, and how much of ``loc`` names the row."""
    for cut in range(len(loc), 0, -1):
        ref = places.get(loc[:cut])
        if ref is not None:
            column = _column_for(ref.sheet, loc[cut:])
            if not column and fld and ref.sheet.column(fld) is not None:
                column = fld
            return ref, column, cut
    return None


# --- assembling case files ---------------------------------------------------------------------------------------


@dataclass
class _Draft:
    origin: str
    data: dict[str, Any]
    places: dict[tuple[Any, ...], RowRef] = field(default_factory=dict)


def _entity(sheet: Sheet, values: dict[str, str]) -> dict[str, Any]:
    """One row as model data: nested where the column says so, lists split on ';'."""
    data: dict[str, Any] = {}
    for name, text in values.items():
        column = sheet.column(name)
        if column is None or column.field_path is None:
            continue
        value: Any = text
        if column.is_list:
            value = [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
            if not value:
                continue
        target = data
        for key in column.field_path[:-1]:
            target = target.setdefault(key, {})
        target[column.field_path[-1]] = value
    return data


class _TooManyProblems(Exception):
    """As many problems are listed as help: the rest of the spreadsheet is not read."""


def _too_many(spreadsheet: str) -> Problem:
    message = (
        f"more than {MAX_PROBLEMS_PER_SPREADSHEET} problems in this spreadsheet; the first ones are listed — fix "
        "them and check it again (no practice of this spreadsheet is read until then)"
    )
    return Problem(spreadsheet, "", "", message)


class _Assembler:
    def __init__(self, spreadsheet: str, tables: dict[str, Table]):
        self.spreadsheet = spreadsheet
        self.tables = tables
        self.problems: list[Problem] = []
        self.practices: dict[str, _Draft] = {}
        self.catalogue: _Draft | None = None
        self.extensions: dict[str, _Draft] = {}  # rows for practices not in sheet 'practices', by practice id
        self.entities: dict[tuple[str, str], tuple[_Draft, dict[str, Any], tuple[Any, ...]]] = {}

    def rows(self, sheet_name: str) -> Iterator[tuple[RowRef, dict[str, str]]]:
        table = self.tables.get(sheet_name)
        if table is not None:
            for number, values in table.rows:
                yield RowRef(table.file, table.sheet, number), values

    def problem(self, ref: RowRef, column: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS_PER_SPREADSHEET:
            raise _TooManyProblems
        self.problems.append(Problem(ref.file, ref.place, column, message))

    def owner_of(self, ref: RowRef, values: dict[str, str]) -> _Draft | None:
        practice = values.get("practice")
        if practice is None:
            column = ref.sheet.column("practice")
            if column is not None and column.required:
                self.problem(ref, "practice", "is missing (it is required): the id of the practice this row belongs to")
                return None
            if self.catalogue is None:
                self.catalogue = _Draft(f"{self.spreadsheet}#catalogue", {})
            return self.catalogue
        draft = self.practices.get(practice)
        if draft is None:
            # A practice the registry already holds: this row adds to it (the load checks that it exists).
            draft = self.extensions.get(practice)
            if draft is None:
                draft = _Draft(f"{self.spreadsheet}#{practice}", {"extends": practice}, {("extends",): ref})
                self.extensions[practice] = draft
        return draft

    def assemble(self) -> list[_Draft]:
        for ref, values in self.rows("practices"):
            practice = _entity(ref.sheet, values)
            ident = values.get("id")
            if ident is None:
                self.problem(ref, "id", "is missing (it is required)")
                continue
            if ident in self.practices:
                first = self.practices[ident].places[("practice",)]
                self.problem(ref, "id", f"the practice id '{ident}' is already used in row {first.row}")
                continue
            draft = _Draft(f"{self.spreadsheet}#{ident}", {"practice": practice}, {("practice",): ref})
            self.practices[ident] = draft
            self.entities[("practices", ident)] = (draft, practice, ("practice",))
        for section in SECTION_SHEETS:
            for ref, values in self.rows(section):
                owner = self.owner_of(ref, values)
                if owner is None:
                    continue
                entity = _entity(ref.sheet, values)
                items = owner.data.setdefault(section, [])
                loc = (section, len(items))
                items.append(entity)
                owner.places[loc] = ref
                ident = values.get("id")
                if ident is not None:
                    self.entities.setdefault((section, ident), (owner, entity, loc))
        for child, parent, link, list_field in CHILD_SHEETS:
            for ref, values in self.rows(child):
                self.attach(ref, parent, values.get(link), link, list_field, _entity(ref.sheet, values))
        for ref, values in self.rows("citations"):
            kind = (values.get("entity_kind") or "").lower()
            if kind not in CITED_KINDS:
                self.problem(ref, "entity_kind", f"must be one of {', '.join(CITED_KINDS)}")
                continue
            item = _entity(ref.sheet, values)
            self.attach(ref, CITED_KINDS[kind], values.get("entity_id"), "entity_id", "cited", item)
        drafts = list(self.practices.values()) + list(self.extensions.values())
        return drafts + ([self.catalogue] if self.catalogue is not None else [])

    def attach(
        self, ref: RowRef, parent: str, ident: str | None, column: str, list_field: str, item: dict[str, Any]
    ) -> None:
        if ident is None:
            self.problem(ref, column, "is missing (it is required)")
            return
        found = self.entities.get((parent, ident))
        if found is None:
            self.problem(ref, column, f"there is no '{ident}' in sheet '{parent}' of this spreadsheet")
            return
        draft, entity, loc = found
        items = entity.setdefault(list_field, [])
        draft.places[(*loc, list_field, len(items))] = ref
        items.append(item)


def _get_in(data: Any, loc: tuple[Any, ...]) -> Any:
    for key in loc:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _validation_problems(draft: _Draft, error: ValidationError, spreadsheet: str) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = tuple(item["loc"])
        field_name = next((key for key in reversed(loc) if isinstance(key, str)), "")
        message = friendly_message(dict(item), field_name)
        found = _locate(draft.places, loc)
        if found is None:
            problems.append(Problem(spreadsheet, "sheet 'practices'", "", message))
            continue
        ref, column, cut = found
        rest = loc[cut:]
        if not column and rest and rest[0] in _CHILD_HINTS and item["type"] in {"missing", "too_short"}:
            # The list comes from another sheet: say which rows to add there.
            entity = _get_in(draft.data, loc[:cut])
            ident = entity.get("id") if isinstance(entity, dict) else None
            child_sheet = _CHILD_HINTS[rest[0]]
            if child_sheet == "citations":
                detail = f"entity_kind '{CITED_KIND_OF_SHEET.get(ref.sheet.name, ref.sheet.name)}', entity_id '{ident}'"
            else:
                detail = f"agreement '{ident}'"
            message = f"needs at least one row in sheet '{child_sheet}' ({detail})"
        elif isinstance(item.get("input"), str | int | float) and item["type"] != "missing" and column:
            message += f" — the cell holds '{str(item['input'])[:80]}'"
        problems.append(Problem(ref.file, ref.place, column, message))
    return problems


def read_spreadsheet(
    path: Path, *, broken: dict[str, set[str]] | None = None, vocabulary: VocabularyFile | None = None
) -> tuple[list[LocatedCase], list[Problem]]:
    """Read a workbook or a CSV folder into case files; problems name sheet, row and column.

    ``broken`` (when given) collects the ids of rows whose case failed its own checks, so the
    cross-file checks do not report every reference to them again.
    """
    from loaders import note_declared_ids  # the package imports this module lazily

    failed = broken if broken is not None else {}
    tables, problems, spreadsheet = tables_at(path)
    if problems:
        return [], problems  # the layout is wrong: reading rows now would only bury the real message
    if "practices" not in tables:
        where = "sheet" if path.suffix.lower() == ".xlsx" else "file practices.csv"
        return [], [Problem(spreadsheet, "", "", f"the template's 'practices' {where} is missing")]
    assembler = _Assembler(spreadsheet, tables)
    try:
        drafts = assembler.assemble()
    except _TooManyProblems:
        return [], [*assembler.problems, _too_many(spreadsheet)]
    problems = list(assembler.problems)
    cases: list[LocatedCase] = []
    own = _vocabulary_of(tables, spreadsheet, problems)
    if vocabulary is not None and own is not None:
        vocabulary.terms.extend(own.terms)
        vocabulary.renames.extend(own.renames)
    terms = {name: {**found} for name, found in custom_terms_now().items()}
    for name, found in (own.as_terms() if own is not None else {}).items():
        terms.setdefault(name, {}).update(found)
    with custom_terms_in_force(terms):
        if not _validate_drafts(drafts, spreadsheet, problems, cases, failed):
            return [], [*problems[:MAX_PROBLEMS_PER_SPREADSHEET], _too_many(spreadsheet)]
    if assembler.problems:
        for draft in drafts:
            note_declared_ids(draft.data, failed)
        return [], problems  # a row that belongs nowhere: no case from this spreadsheet is complete for sure
    return cases, problems


def _vocabulary_of(tables: dict[str, Table], spreadsheet: str, problems: list[Problem]) -> VocabularyFile | None:
    """The registry's own terms and renames from the spreadsheet's vocabulary sheets, if it has any rows."""
    data: dict[str, list[dict[str, str]]] = {}
    for sheet, key in (("vocabulary_terms", "terms"), ("vocabulary_renames", "renames")):
        table = tables.get(sheet)
        if table is not None and table.rows:
            data[key] = [values for _, values in table.rows]
    if not data:
        return None
    try:
        return VocabularyFile.model_validate(data)
    except ValidationError as exc:
        for item in exc.errors(include_url=False, include_input=False):
            loc = item["loc"]
            sheet = "vocabulary_terms" if loc and loc[0] == "terms" else "vocabulary_renames"
            row = tables[sheet].rows[int(loc[1])][0] if len(loc) > 1 and isinstance(loc[1], int) else 1
            column = str(loc[2]) if len(loc) > 2 else ""
            place = f"sheet '{sheet}', row {row}"
            problems.append(Problem(tables[sheet].file, place, column, str(item["msg"]).removeprefix("Value error, ")))
        return None


def _validate_drafts(
    drafts: list[_Draft],
    spreadsheet: str,
    problems: list[Problem],
    cases: list[LocatedCase],
    failed: dict[str, set[str]],
) -> bool:
    """Validate each drafted case; False when there were too many problems to go on."""
    from loaders import note_declared_ids  # the package imports this module lazily

    for draft in drafts:
        if len(problems) >= MAX_PROBLEMS_PER_SPREADSHEET:
            return False
        try:
            case = CaseFile.model_validate(draft.data)
        except ValidationError as exc:
            problems.extend(_validation_problems(draft, exc, spreadsheet))
            note_declared_ids(draft.data, failed)
            continue
        cases.append(SheetCase(draft.origin, case, places=draft.places, spreadsheet=spreadsheet))
    return True
