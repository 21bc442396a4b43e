"""Readers of case files: YAML (one practice per file) and spreadsheets.

``read_bundle`` is the one entry point: it expands folders, reads every file,
validates each one and then the whole set, and returns the bundle with every
problem found — it never stops at the first one, so a researcher sees them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from loaders.input_files import entry_problem
from loaders.parallel import parsed_yaml_files
from loaders.vocabulary_files import apply_renames, is_vocabulary_file, read_vocabularies
from loaders.yaml_cases import case_from_data
from registry.collector import collector_paused
from registry.errors import Problem
from registry.schema.bundle import CaseBundle, HeldRegistry, LocatedCase, check_bundle
from registry.schema.custom_terms import VocabularyFile, custom_terms_in_force

YAML_SUFFIXES = {".yaml", ".yml"}
SPREADSHEET_SUFFIXES = {".xlsx"}

__all__ = ["read_bundle", "expand_paths", "YAML_SUFFIXES", "SPREADSHEET_SUFFIXES"]


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Folders become their case files (sorted, so loads are reproducible)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found, unreadable = _case_files_in(path)
            found += _csv_template_folders(path)
            problems.extend(unreadable)
            if not found and not unreadable:
                problems.append(Problem(str(path), "", "", "this folder holds no case files (.yaml, .xlsx)"))
            files.extend(found)
        elif path.exists():
            files.append(path)
            # A case file given alone still uses its registry's own terms.
            for sibling in (path.parent / "vocabulary.yaml", path.parent / "vocabulary.yml"):
                if sibling.is_file() and sibling not in files and not is_vocabulary_file(path):
                    files.append(sibling)
        else:
            problems.append(Problem(str(path), "", "", "no such file or folder"))
    return files, problems


def _case_files_in(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The case files under ``folder``, and a problem for each entry named like one that is no file."""
    found: list[Path] = []
    unreadable: list[Problem] = []
    for entry in sorted(folder.rglob("*")):
        if entry.suffix.lower() not in YAML_SUFFIXES | SPREADSHEET_SUFFIXES or entry.name.startswith((".", "~$")):
            continue
        # A named pipe or a device named like a case file would hang or flood the reader: say so instead.
        problem = entry_problem(entry)
        if problem:
            unreadable.append(Problem(str(entry), "", "", problem))
        elif entry.is_file():
            found.append(entry)
    return found, unreadable


def _csv_template_folders(root: Path) -> list[Path]:
    """A folder holding the CSV template (practices.csv …) is read as one spreadsheet."""
    return sorted({p.parent for p in root.rglob("practices.csv")})


def _is_spreadsheet(path: Path) -> bool:
    return path.is_dir() or path.suffix.lower() in SPREADSHEET_SUFFIXES | {".csv"}


_DECLARING_LISTS = {"sources": "source", "actors": "actor", "agreements": "agreement", "instruments": "instrument"}


def note_declared_ids(data: Any, broken: dict[str, set[str]]) -> bool:
    """Add the ids a file or rows that failed their own checks meant to declare (read from the raw data).

    True when they declared a practice: that failure then counts as a practice left out, not a file."""
    if not isinstance(data, dict):
        return False
    practice = data.get("practice")
    practice_id = practice.get("id") if isinstance(practice, dict) else None
    declares_practice = isinstance(practice_id, str)
    if isinstance(practice_id, str):
        broken.setdefault("practice", set()).add(practice_id)
    for key, kind in _DECLARING_LISTS.items():
        items = data.get(key)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                broken.setdefault(kind, set()).add(item["id"])
    return declares_practice


# Thousands of case models and their values, none in a cycle: the collector walking them again and again took
# 40 % of this process's time at 10,000 files.
@collector_paused()
def read_bundle(
    paths: Iterable[Path], held: HeldRegistry | None = None, *, replace: bool = False
) -> tuple[CaseBundle, list[Problem]]:
    """Read and validate everything; problems include warnings (severity).

    ``held`` is the registry already loaded: references resolve against it
    after the files, and a file may not change what it holds unless ``replace``.
    """
    files, problems = expand_paths(paths)
    files = list(dict.fromkeys(files))
    # Vocabulary files first: a case may use a term only its registry defines.
    terms, renames, vocabulary_problems = read_vocabularies(
        [p for p in files if is_vocabulary_file(p)], held.terms if held is not None else None
    )
    problems.extend(vocabulary_problems)
    files = [p for p in files if not is_vocabulary_file(p)]
    bundle = CaseBundle(terms=terms, renames=renames)
    with custom_terms_in_force(terms):
        _read_cases(files, bundle, problems)
    problems.extend(apply_renames(bundle, renames))
    # Spreadsheet cases restate cross-file problems as sheet, row and column.
    by_origin = {f.origin: f for f in bundle.files}
    for problem in check_bundle(bundle, held, replace=replace):
        relocate = getattr(by_origin.get(problem.file), "relocate", None)
        problems.append(relocate(problem) if relocate else problem)
    return bundle, problems


def _add_vocabulary(bundle: CaseBundle, found: VocabularyFile) -> None:
    """A spreadsheet's own vocabulary sheets join the registry's terms and renames."""
    for name, terms in found.as_terms().items():
        bundle.terms.setdefault(name, {}).update(terms)
    bundle.renames.extend(r for r in found.renames if r not in bundle.renames)


def _read_cases(files: list[Path], bundle: CaseBundle, problems: list[Problem]) -> None:
    # YAML files are parsed on every core for big folders; the case model is checked here as they arrive.
    parsed = parsed_yaml_files([p for p in files if not _is_spreadsheet(p)])
    for path in files:
        if _is_spreadsheet(path):
            from loaders.spreadsheet import read_spreadsheet  # spreadsheets are optional input

            practices_before = len(bundle.broken.get("practice", ()))
            own = VocabularyFile()
            cases, file_problems = read_spreadsheet(path, broken=bundle.broken, vocabulary=own)
            _add_vocabulary(bundle, own)
            if len(bundle.broken.get("practice", ())) > practices_before:
                bundle.files_with_broken_practices.add(str(path))
            bundle.files.extend(cases)
            problems.extend(file_problems)
            continue
        _, data, file_problems = next(parsed)
        case, model_problems = (None, file_problems) if file_problems else case_from_data(data, str(path))
        problems.extend(model_problems)
        if case is not None:
            bundle.files.append(LocatedCase(str(path), case))
        elif note_declared_ids(data, bundle.broken):
            bundle.files_with_broken_practices.add(str(path))
    parsed.close()  # every file is read: stop the parsing workers now
