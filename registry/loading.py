"""Validate case files, then write them: all or nothing by default.

Everything is validated before the first write. With ``keep_going`` the
files that have problems (and the files that depend on them) are left out
and the rest is loaded; otherwise any error means nothing is written.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

import loaders  # a module import: `import loaders` first must not hit a half-initialised cycle
from registry.collector import collector_paused
from registry.errors import CaseValidationError, Problem
from registry.graph_writer import (
    merged_statements,
    statement_for_case,
    statement_for_levels,
    statement_for_vocabulary,
)
from registry.held_registry import read_held
from registry.locks import registry_write_lock
from registry.schema.bundle import CaseBundle, HeldRegistry, check_bundle
from registry.stores.base import GraphStore, Statement

if TYPE_CHECKING:
    from registry.change_preview import ChangePreview
    from registry.registry_folder import RegistryFolder


def seed_registry_path() -> Path:
    """The bundled seed registry (shipped inside the installed package)."""
    return Path(str(resources.files("registry") / "seed_registry"))


@dataclass
class LoadReport:
    files_read: int = 0
    files_written: int = 0
    practices_written: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    # Practices a --rebuild erased that the loaded files do not hold (another writer's, or older work).
    removed_by_rebuild: list[str] = field(default_factory=list)
    practices_skipped: int = 0  # under keep_going: read practices left out because of errors
    files_unread: int = 0  # under keep_going: files with errors that could not be read into cases at all
    changes: ChangePreview | None = None  # with a registry folder: what the load added, changed, removed
    set_aside_to: Path | None = None  # where the folder kept old files this load replaced or dropped


def _drop_invalid(
    bundle: CaseBundle, problems: list[Problem], held: HeldRegistry | None, replace: bool
) -> tuple[CaseBundle, list[str]]:
    """Leave out files with errors, repeating until the rest is consistent.

    The smaller bundle forgets which ids failed their own checks, so a file that
    refers to one of them now has an error and is left out too.
    """
    skipped: list[str] = []
    current = bundle
    errors = [p for p in problems if p.severity == "error"]
    while errors:
        bad = {p.file for p in errors}
        skipped.extend(sorted(f.origin for f in current.files if f.origin in bad))
        current = current.keeping([f for f in current.files if f.origin not in bad])
        errors = [p for p in check_bundle(current, held, replace=replace) if p.severity == "error"]
    return current, skipped


def _unstorable_scalar(value: Any) -> str | None:
    if isinstance(value, str):
        if "\x00" in value:
            return "contains a NUL character (U+0000); remove it"
        if value.isascii():
            return None
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "contains a character that is not valid Unicode text (a lone surrogate, \\uD800 to \\uDFFF)"
    elif isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, not {value}"
    return None


def _unstorable(value: BaseModel, parts: list[str]) -> Iterator[tuple[list[str], str, str]]:
    """(place, field, message) of every value the model accepts but no graph store can hold."""
    for name, child in value.__dict__.items():  # a model's fields, without a lookup per field
        items = list(enumerate(child)) if isinstance(child, list) else [(None, child)]
        for index, item in items:
            label = name if index is None else f"{name}[{index}]"
            if isinstance(item, BaseModel):
                ident = getattr(item, "id", None)
                yield from _unstorable(item, [*parts, label + (f" ({ident})" if isinstance(ident, str) else "")])
                continue
            message = _unstorable_scalar(item)
            if message:
                yield ([*parts, label] if index is not None else parts), name, message


def unstorable_values(bundle: CaseBundle) -> list[Problem]:
    """Values a case model accepts but a store cannot hold faithfully (found by fuzzing the loader).

    FalkorDB's client sends values as query text, where a NUL character cuts
    the statement and NaN or infinity have no spelling; a lone surrogate (from
    a YAML escape such as "\\ud800") cannot be encoded at all. Refusing them
    here names the file and field, before anything is written.
    """
    with collector_paused():  # a dump of every case, no cycle among them: the collector would walk it in vain
        return [
            Problem(located.origin, " > ".join(parts) or "(top level)", field, message)
            for located in bundle.files
            if _may_hold_unstorable(located.case)
            for parts, field, message in _unstorable(located.case, [])
        ]


def _may_hold_unstorable(case: BaseModel) -> bool:
    """False when no value of ``case`` can be one ``_unstorable`` names, found at C speed.

    The field-by-field walk costs seconds at 10,000 cases; one JSON text of the case shows all three faults at
    once: a NaN or infinity stops ``allow_nan=False``, a lone surrogate stops the UTF-8 encoding, and a NUL is
    written as its escape. True (walk the case) also when a text merely holds those six characters."""
    try:
        text = json.dumps(case.model_dump(), ensure_ascii=False, allow_nan=False, default=str)
        text.encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        return True
    return "\\u0000" in text


def validate_paths(
    paths: Iterable[Path], held: HeldRegistry | None = None, *, replace: bool = False
) -> tuple[CaseBundle, list[Problem]]:
    """Check files alone, or (with ``held``) against the registry already loaded."""
    bundle, problems = loaders.read_bundle(paths, held, replace=replace)
    return bundle, problems + unstorable_values(bundle)


# The cases, their statements and the query texts are many small objects and no cycle: the collector, walking all
# of them again and again, took a fifth of a load's own time at 10,000 cases.
@collector_paused()
def load_paths(
    store: GraphStore,
    paths: Iterable[Path] | None = None,
    *,
    rebuild: bool = False,
    dry_run: bool = False,
    keep_going: bool = False,
    replace: bool = False,
    wait: bool = True,
    on_wait: Callable[[], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    folder: RegistryFolder | None = None,
) -> LoadReport:
    """Load case files (default: the seed registry) into ``store``.

    Raises ``CaseValidationError`` — before writing anything — when a file is
    invalid and ``keep_going`` is off. References resolve against the files,
    then against what the store already holds (not with ``rebuild``, which
    erases it); a file may change an entity the registry holds only when
    ``replace`` is on. Writing holds the registry's write lock:
    another writer is waited for (``on_wait`` is told), or, with ``wait`` off,
    ``StoreBusy`` is raised and nothing is written. ``on_progress`` is told
    (files written, files to write) as writing goes, from (0, total) when the
    files are checked and writing starts.

    With ``folder`` (registry.registry_folder) the loaded files are also written there, under the same
    lock, and a version is recorded; ``rebuild`` with no paths rebuilds from that folder's files.
    """
    chosen = list(paths) if paths else default_paths(rebuild, folder)
    held = None if rebuild else read_held(store)
    bundle, problems = validate_paths(chosen, held, replace=replace)
    errors = [p for p in problems if p.severity == "error"]
    report = LoadReport(
        files_read=len(bundle.files) + len({p.file for p in errors} - {f.origin for f in bundle.files}),
        warnings=[p for p in problems if p.severity == "warning"],
        problems=errors,
        dry_run=dry_run,
    )
    if errors and not keep_going:
        raise CaseValidationError(errors)
    if errors:
        before = {located.case.practice.id for located in bundle.files if located.case.practice is not None}
        before |= bundle.broken.get("practice", set())  # practices whose own file or rows failed
        broken_files = bundle.files_with_broken_practices
        bundle, dropped = _drop_invalid(bundle, errors, held, replace)
        report.skipped = sorted(set(dropped) | {p.file for p in errors})
        kept = {located.case.practice.id for located in bundle.files if located.case.practice is not None}
        report.practices_skipped = len(before - kept)
        # Files that failed without declaring any practice (a syntax error, a catalogue): counted apart.
        report.files_unread = len(
            {p.file for p in errors} - {located.origin for located in bundle.files} - set(dropped) - broken_files
        )
    if dry_run:
        return report
    # Catalogue files first, so shared actors and sources have their properties
    # before any case points at them (cases MERGE them anyway, so order only
    # affects how the graph looks mid-load, never the end state).
    # Files that extend a practice come after every practice's own file, which replaces what it owns.
    ordered = sorted(bundle.files, key=lambda f: (f.case.extends is not None, f.case.practice is not None))
    # Cases become statements lazily, in the thread that prepares the next statement during each write:
    # the cases are validated already, and the store takes each merged statement whole or not at all.
    statements = (statement_for_case(located.case) for located in ordered)
    with (
        registry_write_lock(store.lock_path("write"), wait=wait, on_wait=on_wait),
        _kept_in(folder, store, bundle, held, rebuild=rebuild, files=chosen, report=report),
    ):
        store.ensure_schema()
        if rebuild:
            report.removed_by_rebuild = _practices_not_in(store, bundle)
            store.wipe()
            store.ensure_schema()
        store.write(statement_for_levels())
        if bundle.terms or bundle.renames:
            store.write(statement_for_vocabulary(bundle.terms, bundle.renames))
        # Consecutive files share a statement (see graph_writer.merged_statements): far fewer round trips.
        written = iter(ordered)
        if on_progress:
            on_progress(0, len(ordered))
        for statement, count in prepared_ahead(store, merged_statements(statements)):
            store.write(statement)
            for located in itertools.islice(written, count):
                report.files_written += 1
                if located.case.practice is not None:
                    report.practices_written += 1
            if on_progress:
                on_progress(report.files_written, len(ordered))
    return report


def default_paths(rebuild: bool, folder: RegistryFolder | None) -> list[Path]:
    """No paths: the registry folder's files for a rebuild (when it holds any), else the seed registry."""
    kept = folder.case_paths() if rebuild and folder is not None else []
    return kept or [seed_registry_path()]


@contextlib.contextmanager
def _kept_in(
    folder: RegistryFolder | None,
    store: GraphStore,
    bundle: CaseBundle,
    held: HeldRegistry | None,
    *,
    rebuild: bool,
    files: list[Path],
    report: LoadReport,
) -> Iterator[None]:
    """Stage the folder's files before the graph is written, and move them into place after (no folder: nothing)."""
    if folder is None:
        yield
        return
    from registry.change_preview import preview_changes

    report.changes = preview_changes(store, bundle, rebuild=rebuild)
    with folder.writing(store, bundle, held, rebuild=rebuild, files=files, preview=report.changes) as changes:
        yield
    report.set_aside_to = changes.set_aside_to


def _practices_not_in(store: GraphStore, bundle: CaseBundle) -> list[str]:
    """The practices in the store that a rebuild from ``bundle`` would not bring back."""
    incoming = {located.case.practice.id for located in bundle.files if located.case.practice is not None}
    held = store.read("MATCH (p:Practice) RETURN p.id AS id", timeout_ms=120_000).frame
    return sorted(str(pid) for pid in held.get("id", []) if pid not in incoming)


def prepared_ahead(store: GraphStore, statements: Iterable[tuple[Statement, int]]) -> Iterator[tuple[Statement, int]]:
    """Yield each statement ready to send, building the next one while the store writes this one.

    Turning cases into statements and parameters into query text is client
    work about as long as the store's own; a second thread does it while the
    main one waits on the store's socket (the wait releases the interpreter
    lock). Writes stay one at a time, in order, from the caller's thread.
    """
    source = iter(statements)

    def next_ready() -> tuple[Statement, int] | None:
        item = next(source, None)
        return None if item is None else (store.prepare(item[0]), item[1])

    with ThreadPoolExecutor(1, thread_name_prefix="coordreg-prepare") as preparer:
        upcoming = preparer.submit(next_ready)
        while (ready := upcoming.result()) is not None:
            upcoming = preparer.submit(next_ready)
            yield ready
