"""The registry folder: the case files a registry is rebuilt from, kept by every load, import and edit.

Layout (everything YAML a researcher can read, diff and keep in git)::

    registry.json           what this folder is, and the registry version it was last written with
    vocabulary.yaml         the registry's own vocabulary terms and renames
    catalogue.yaml          actors, sources, agreements, instruments declared without a practice
    cases/<practice>.yaml   one file per practice
    cases/<practice>.extra.yaml   what files that ``extends`` the practice added to it
    history.jsonl           one line per load: when, which version, which files, what changed

The bundled seed registry is the folder's *first content*, not a layer under it: loading it
(``coordreg load`` with no file) writes its cases into the folder like any other file, so the
folder alone rebuilds the graph (``coordreg load --rebuild``) and a git checkout of it is the
whole registry. A graph another writer changed since the folder's last write is copied into the
folder first (its export), so the folder never misses what the graph holds.

A write is staged in a hidden folder inside the registry folder (same file system), before the
graph is touched: a folder that cannot be written refuses the load with nothing written. The
files are moved into place once the graph holds the change.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.errors import CoordregError

if TYPE_CHECKING:
    from registry.change_preview import ChangePreview
    from registry.schema.bundle import CaseBundle, HeldRegistry
    from registry.schema.model import CaseFile
    from registry.stores.base import GraphStore

REGISTRY_DIR_ENV = "COORDREG_REGISTRY_DIR"
MANIFEST = "registry.json"
HISTORY = "history.jsonl"
CATALOGUE = "catalogue.yaml"
VOCABULARY = "vocabulary.yaml"
CASES = "cases"
EXTRA_SUFFIX = ".extra.yaml"
HISTORY_CHANGES_KEPT = 5_000
SET_ASIDE = "set-aside"  # old files the graph's export replaced (see FolderChanges.set_aside)
# The sections a catalogue entry or a practice's shared entity lives in, per kind of the held registry.
SHARED_SECTIONS = {"source": "sources", "instrument": "instruments", "actor": "actors", "agreement": "agreements"}
OWNED_SECTIONS = ("mechanisms", "level_claims", "evidence")


class FolderNotWritable(CoordregError):
    """The registry folder cannot take the files of a load: nothing was written."""


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:60] or "registry"


def folder_key(store: GraphStore) -> str:
    """A file-system-safe name for the store, the same from one run to the next."""
    identity = store.identity()
    kind, *_, name = identity.split("\n")
    digest = hashlib.sha256(identity.encode()).hexdigest()[:10]
    return f"{_safe(kind)}-{_safe(name)}-{digest}"


def named_folder(explicit: Path | None = None) -> RegistryFolder | None:
    """The folder the user named (--registry-folder, then COORDREG_REGISTRY_DIR), or None."""
    chosen = explicit if explicit is not None else os.environ.get(REGISTRY_DIR_ENV) or None
    return None if chosen is None else RegistryFolder(Path(chosen).expanduser())


def registry_folder_for(store: GraphStore, explicit: Path | None = None) -> RegistryFolder:
    """The store's registry folder: the one named (--registry-folder), then COORDREG_REGISTRY_DIR, then
    ``<data directory>/registries/<store key>``."""
    named = named_folder(explicit)
    if named is not None:
        return named
    from registry.stores.embedded_server import default_home

    return RegistryFolder(default_home() / "registries" / folder_key(store))


@dataclass
class FolderChanges:
    """What a load does to the folder: relative path → new text, or None to remove the file."""

    files: dict[str, str | None] = field(default_factory=dict)
    # Files a rebuild drops, or the graph's export replaces while the folder was out of step with the graph
    # (another writer): their old text may hold work never loaded elsewhere, so it is set aside, never dropped.
    set_aside: set[str] = field(default_factory=set)
    set_aside_to: Path | None = None

    def written(self) -> list[str]:
        return sorted(p for p, text in self.files.items() if text is not None)

    def removed(self) -> list[str]:
        return sorted(p for p, text in self.files.items() if text is None)


class RegistryFolder:
    def __init__(self, path: Path):
        self.path = path

    def __repr__(self) -> str:
        return f"RegistryFolder({str(self.path)!r})"

    # --- reading -------------------------------------------------------------------------------------------

    def case_file_of(self, practice_id: str) -> Path | None:
        """The file that holds practice ``practice_id`` in this folder, or None when the folder has none."""
        path = self.path / CASES / f"{practice_id}.yaml"
        return path if path.is_file() else None

    def manifest(self) -> dict[str, Any] | None:
        try:
            data = json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def case_paths(self) -> list[Path]:
        """The files the registry is rebuilt from (empty when the folder holds none)."""
        found = [self.path / name for name in (VOCABULARY, CATALOGUE) if (self.path / name).is_file()]
        cases = self.path / CASES
        if cases.is_dir():
            found += sorted(p for p in cases.glob("*.yaml") if p.is_file() and not p.name.startswith("."))
        return found

    def history(self) -> list[dict[str, Any]]:
        """The versions recorded in this folder, oldest first (lines that cannot be read are left out)."""
        try:
            lines = (self.path / HISTORY).read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        entries = []
        for line in lines:
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if isinstance(entry, dict):
                    entries.append(entry)
        return entries

    # --- planning --------------------------------------------------------------------------------------------

    def _read_case(self, relative: str) -> CaseFile | None:
        from loaders.yaml_cases import parse_case_text

        try:
            text = (self.path / relative).read_text(encoding="utf-8")
        except OSError:
            return None
        case, _ = parse_case_text(text, str(self.path / relative))
        return case

    def plan(self, store: GraphStore, bundle: CaseBundle, held: HeldRegistry | None, *, rebuild: bool) -> FolderChanges:
        """The folder's new files once ``bundle`` is loaded (only files whose text changes)."""
        from loaders.yaml_cases import dump_case_yaml
        from registry.schema.custom_terms import custom_terms_in_force

        current = {p.relative_to(self.path).as_posix(): p for p in self.case_paths()}
        state: dict[str, str | None] = {}
        out_of_step = not rebuild and self._out_of_step(store)
        if rebuild:
            state = dict.fromkeys(current)  # the folder becomes exactly the files loaded
        elif out_of_step:
            state = dict.fromkeys(current) | _export_files(store)
        cases: dict[str, CaseFile | None] = {}

        def case_at(relative: str) -> CaseFile | None:
            if relative not in cases:
                if relative in state:
                    text = state[relative]
                    cases[relative] = None if text is None else _parsed(text, relative)
                else:
                    cases[relative] = self._read_case(relative)
            return cases[relative]

        # The files this load brings, once: a set made per file made a load of 10,000 cases spend minutes here.
        loaded = {_file_for(f.case) for f in bundle.files}
        with custom_terms_in_force(bundle.terms):
            for located in bundle.files:
                case = located.case
                target = _file_for(case)
                if case.practice is not None:
                    cases[target] = case
                    extra = f"{CASES}/{case.practice.id}{EXTRA_SUFFIX}"
                    if extra not in loaded:
                        cases[extra] = None  # a practice's own file replaces what extensions added
                else:
                    cases[target] = _merged(case_at(target), case)
            if held is not None:
                cases.update(_without_moved(bundle, held, case_at))
            for relative, kept in cases.items():
                state[relative] = None if kept is None or _empty(kept) else dump_case_yaml(kept)
        vocabulary = _vocabulary_text(bundle, None if rebuild else self._read_vocabulary())
        if vocabulary is not None or rebuild:
            state[VOCABULARY] = vocabulary
        changes = FolderChanges()
        for relative, text in state.items():
            old = _text_of(self.path / relative)
            if text != old and not (text is None and old is None):
                changes.files[relative] = text
                if (out_of_step or rebuild) and old is not None:
                    changes.set_aside.add(relative)
        return changes

    def _read_vocabulary(self) -> str | None:
        return _text_of(self.path / VOCABULARY)

    def _out_of_step(self, store: GraphStore) -> bool:
        """The graph was changed by another writer since this folder's last write, and holds practices."""
        manifest = self.manifest()
        key = store.registry_version().key
        if manifest is not None and key is not None and manifest.get("registry_version") == key:
            return False
        held = store.read("MATCH (p:Practice) RETURN count(p) AS n").frame
        return bool(len(held)) and int(held.iat[0, 0]) > 0  # type: ignore[arg-type]

    # --- writing ---------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(
        self,
        store: GraphStore,
        bundle: CaseBundle,
        held: HeldRegistry | None,
        *,
        rebuild: bool,
        files: Iterable[Path],
        preview: ChangePreview | None = None,
    ) -> Iterator[FolderChanges]:
        """Stage the folder's new files, let the caller write the graph, then move them into place.

        Call with the registry's write lock held. Raises ``FolderNotWritable`` before the caller writes
        anything when the folder cannot take the files; when the caller fails, nothing is moved."""
        changes = self.plan(store, bundle, held, rebuild=rebuild)
        staging = self._stage(changes)
        try:
            yield changes
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        try:
            self._move_into_place(changes, staging)
            version = store.registry_version()
            self._write_manifest(store, version.key)
            self._append_history(store, version.number, version.key, files, changes, preview)
        except OSError as exc:
            raise FolderNotWritable(
                f"The registry now holds the new files, but its folder {self.path} could not be updated "
                f"({exc.strerror or exc}). Free the folder and run `coordreg load --rebuild` from the files."
            ) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _refused(self, exc: OSError) -> FolderNotWritable:
        return FolderNotWritable(
            f"The registry folder {self.path} cannot be written ({exc.strerror or exc}); nothing was loaded and "
            f"the registry is unchanged. Free some space or fix the folder's permissions, or choose another "
            f"folder with --registry-folder or {REGISTRY_DIR_ENV}."
        )

    def _stage(self, changes: FolderChanges) -> Path:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            for relative in changes.files:
                target = self.path / relative
                if target.is_dir():
                    raise IsADirectoryError(21, f"{relative} is a folder, where the case file belongs", relative)
            staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.path))
        except OSError as exc:
            raise self._refused(exc) from exc
        try:
            for relative, text in changes.files.items():
                if text is None:
                    continue
                staged = staging / relative
                staged.parent.mkdir(parents=True, exist_ok=True)
                with open(staged, "w", encoding="utf-8") as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
            (self.path / CASES).mkdir(exist_ok=True)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise self._refused(exc) from exc
        return staging

    def _move_into_place(self, changes: FolderChanges, staging: Path) -> None:
        if changes.set_aside:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            changes.set_aside_to = self.path / SET_ASIDE / stamp
            for relative in sorted(changes.set_aside):
                kept = changes.set_aside_to / relative
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(self.path / relative, kept)
        for relative, text in changes.files.items():
            target = self.path / relative
            if text is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / relative, target)

    def follow_derived_write(self, store: GraphStore, previous_key: str | None, current_key: str | None) -> None:
        """A write that changes no case file (the actor measures a snapshot writes back) moves the folder's
        version along, when the folder was in step with the graph just before it."""
        manifest = self.manifest()
        if manifest is not None and previous_key is not None and manifest.get("registry_version") == previous_key:
            self._write_manifest(store, current_key)

    def _write_manifest(self, store: GraphStore, key: str | None) -> None:
        data = {"format": 1, "store": store.describe(), "registry_version": key,
                "seed": "the bundled seed registry is this folder's first content, loaded like any file"}  # fmt: skip
        temporary = self.path / f".{MANIFEST}.tmp"
        temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(temporary, self.path / MANIFEST)

    def _append_history(
        self,
        store: GraphStore,
        number: int,
        key: str | None,
        files: Iterable[Path],
        changes: FolderChanges,
        preview: ChangePreview | None,
    ) -> None:
        entry: dict[str, Any] = {
            "version": len(self.history()) + 1,
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "registry_version": number,
            "registry_version_key": key,
            "files": [str(p) for p in files],
            "folder_files": {"written": changes.written(), "removed": changes.removed()},
        }
        if changes.set_aside_to is not None:
            entry["set_aside"] = {"folder": str(changes.set_aside_to), "files": sorted(changes.set_aside)}
        if preview is not None:
            entry["counts"] = preview.counts()
            records = preview.as_records()
            # A load of thousands of practices keeps its counts whole, and the first changes listed.
            entry["changes"] = records[:HISTORY_CHANGES_KEPT]
            if len(records) > HISTORY_CHANGES_KEPT:
                entry["changes_left_out"] = len(records) - HISTORY_CHANGES_KEPT
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
        # One write of one line on a file opened for appending: a reader never sees half a line.
        fd = os.open(self.path / HISTORY, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)


def _text_of(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _parsed(text: str, origin: str) -> CaseFile | None:
    from loaders.yaml_cases import parse_case_text

    return parse_case_text(text, origin)[0]


def _file_for(case: CaseFile) -> str:
    if case.practice is not None:
        return f"{CASES}/{case.practice.id}.yaml"
    if case.extends is not None:
        return f"{CASES}/{case.extends}{EXTRA_SUFFIX}"
    return CATALOGUE


def _files_of_owner(owner: str | None) -> list[str]:
    if owner is None:
        return [CATALOGUE]
    return [f"{CASES}/{owner}.yaml", f"{CASES}/{owner}{EXTRA_SUFFIX}"]


def _merged(old: CaseFile | None, new: CaseFile) -> CaseFile:
    """``old`` with each entry of ``new`` in place of the one of the same id, and new ones appended."""
    if old is None:
        return new
    update: dict[str, Any] = {}
    for section in (*SHARED_SECTIONS.values(), *OWNED_SECTIONS):
        items = {item.id: item for item in getattr(old, section)}
        for item in getattr(new, section):
            items[item.id] = item
        update[section] = list(items.values())
    return old.model_copy(update=update)


def _without(case: CaseFile, section: str, ident: str) -> CaseFile:
    return case.model_copy(update={section: [item for item in getattr(case, section) if item.id != ident]})


def _empty(case: CaseFile) -> bool:
    return case.practice is None and not any(getattr(case, s) for s in (*SHARED_SECTIONS.values(), *OWNED_SECTIONS))


def _without_moved(bundle: CaseBundle, held: HeldRegistry, case_at: Any) -> dict[str, CaseFile | None]:
    """Folder files with each shared entity the bundle declares again removed from the file that declared it
    before (a second declaration of one id would refuse the next rebuild)."""
    changed: dict[str, CaseFile | None] = {}
    # A practice's own file loaded now holds exactly what it declares: nothing to take out of it.
    replaced = {_file_for(f.case) for f in bundle.files if f.case.practice is not None}
    for located in bundle.files:
        target = _file_for(located.case)
        for kind, section in SHARED_SECTIONS.items():
            for item in getattr(located.case, section):
                if not held.holds(kind, item.id):
                    continue
                owner = held.entities[kind][item.id].get("declared_in")
                for relative in _files_of_owner(owner if isinstance(owner, str) else None):
                    if relative == target or relative in replaced:
                        continue
                    case = changed.get(relative) or case_at(relative)
                    if case is not None and any(i.id == item.id for i in getattr(case, section)):
                        changed[relative] = _without(case, section, item.id)
    return changed


def _vocabulary_text(bundle: CaseBundle, old_text: str | None) -> str | None:
    """The vocabulary file: every term the registry defines (the bundle's include the held ones) and every
    rename recorded, or None when there is none."""
    import yaml

    from registry.schema.custom_terms import VocabularyFile

    renames: list[dict[str, Any]] = []
    if old_text:
        with contextlib.suppress(Exception):
            renames = VocabularyFile.model_validate(yaml.safe_load(old_text)).model_dump(
                mode="json", by_alias=True, exclude_none=True
            )["renames"]
    for rename in bundle.renames:
        data = rename.model_dump(mode="json", by_alias=True, exclude_none=True)
        if data not in renames:
            renames.append(data)
    terms = [
        {"vocabulary": vocabulary, "term": term.term, "en": term.en, "fr": term.fr,
         "definition": term.definition, **({"narrows": term.narrows} if term.narrows else {})}
        for vocabulary, found in sorted(bundle.terms.items()) for term in sorted(found.values(), key=lambda t: t.term)
        if term.custom
    ]  # fmt: skip
    if not terms and not renames:
        return old_text
    vocabulary = VocabularyFile.model_validate({"terms": terms, "renames": renames})
    dumped = vocabulary.model_dump(mode="json", by_alias=True, exclude_none=True)
    return str(yaml.safe_dump(dumped, allow_unicode=True, sort_keys=False, width=100))


def _export_files(store: GraphStore) -> dict[str, str | None]:
    """The graph's registry as this folder's files (for a graph changed by a writer that kept no folder)."""
    from loaders.yaml_cases import dump_case_yaml
    from registry.export import vocabulary_yaml
    from registry.export_cases import read_cases

    cases = read_cases(store)
    files: dict[str, str | None] = {}
    if cases.catalogue is not None:
        files[CATALOGUE] = dump_case_yaml(cases.catalogue)
    for case in cases.practices:
        assert case.practice is not None
        files[f"{CASES}/{case.practice.id}.yaml"] = dump_case_yaml(case)
    vocabulary = vocabulary_yaml(cases)
    if vocabulary is not None:
        files[VOCABULARY] = vocabulary
    return files
