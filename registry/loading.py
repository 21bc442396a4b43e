"""Validate case files, then write them: all or nothing by default.

Everything is validated before the first write. With ``keep_going`` the
files that have problems (and the files that depend on them) are left out
and the rest is loaded; otherwise any error means nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from loaders import read_bundle
from registry.errors import CaseValidationError, Problem
from registry.graph_writer import statement_for_case, statement_for_levels
from registry.schema.bundle import CaseBundle, check_bundle
from registry.stores.base import GraphStore


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


def _drop_invalid(bundle: CaseBundle, problems: list[Problem]) -> tuple[CaseBundle, list[str]]:
    """Leave out files with errors, repeating until the rest is consistent."""
    skipped: list[str] = []
    current = bundle
    errors = [p for p in problems if p.severity == "error"]
    while errors:
        bad = {p.file for p in errors}
        skipped.extend(sorted(f.origin for f in current.files if f.origin in bad))
        current = CaseBundle([f for f in current.files if f.origin not in bad])
        errors = [p for p in check_bundle(current) if p.severity == "error"]
    return current, skipped


def validate_paths(paths: Iterable[Path]) -> tuple[CaseBundle, list[Problem]]:
    return read_bundle(paths)


def load_paths(
    store: GraphStore,
    paths: Iterable[Path] | None = None,
    *,
    rebuild: bool = False,
    dry_run: bool = False,
    keep_going: bool = False,
) -> LoadReport:
    """Load case files (default: the seed registry) into ``store``.

    Raises ``CaseValidationError`` — before writing anything — when a file is
    invalid and ``keep_going`` is off.
    """
    chosen = list(paths) if paths else [seed_registry_path()]
    bundle, problems = read_bundle(chosen)
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
        bundle, dropped = _drop_invalid(bundle, errors)
        report.skipped = sorted(set(dropped) | {p.file for p in errors})
    if dry_run:
        return report
    statements = [statement_for_case(f.case) for f in bundle.files]
    store.ensure_schema()
    if rebuild:
        store.wipe()
        store.ensure_schema()
    store.write(statement_for_levels())
    # Catalogue files first, so shared actors and sources have their properties
    # before any case points at them (cases MERGE them anyway, so order only
    # affects how the graph looks mid-load, never the end state).
    ordered = sorted(zip(bundle.files, statements, strict=True), key=lambda fs: fs[0].case.practice is not None)
    for located, statement in ordered:
        store.write(statement)
        report.files_written += 1
        if located.case.practice is not None:
            report.practices_written += 1
    return report
