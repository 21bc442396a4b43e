"""The versions a registry folder records: one per load, import or edit, with what it changed.

Read from the folder's ``history.jsonl`` (written by ``registry.registry_folder``); the CLI's
``coordreg history`` and the app's Data page show the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from registry.change_preview import ChangePreview, shown
from registry.errors import CoordregError
from registry.registry_folder import RegistryFolder

HISTORY_COLUMNS = ("version", "when", "registry_version", "files", "added", "changed", "removed", "practices")
CHANGE_COLUMNS = ("action", "kind", "id", "field", "old", "new")


@dataclass
class Version:
    number: int
    when: str
    registry_version: int | None
    files: list[str]
    counts: dict[str, int]
    changes: ChangePreview = field(default_factory=ChangePreview)
    changes_left_out: int = 0  # a very large load lists its first changes only
    set_aside: str | None = None  # the folder where this load kept earlier files it replaced or dropped


def _version(entry: dict[str, Any], number: int) -> Version:
    counts = entry.get("counts") if isinstance(entry.get("counts"), dict) else {}
    records = entry.get("changes") if isinstance(entry.get("changes"), list) else []
    registry_version = entry.get("registry_version")
    return Version(
        number,
        str(entry.get("when") or ""),
        registry_version if isinstance(registry_version, int) else None,
        [str(f) for f in entry.get("files") or []],
        {str(k): int(v) for k, v in (counts or {}).items() if isinstance(v, int)},
        ChangePreview.from_records(records or []),
        int(entry.get("changes_left_out") or 0),
        str(entry["set_aside"]["folder"]) if isinstance(entry.get("set_aside"), dict) else None,
    )


def versions(folder: RegistryFolder) -> list[Version]:
    """Every recorded version, oldest first, numbered from 1 in the order they were written."""
    return [_version(entry, number) for number, entry in enumerate(folder.history(), start=1)]


def version(folder: RegistryFolder, number: int) -> Version:
    found = versions(folder)
    if not 1 <= number <= len(found):
        held = f"it records versions 1 to {len(found)}" if found else "it records no version yet"
        raise CoordregError(f"the registry folder {folder.path} has no version {number}: {held}.")
    return found[number - 1]


def history_rows(found: list[Version]) -> list[list[Any]]:
    """One row per version, for the history table (practices: added/changed/removed)."""
    return [
        [v.number, v.when, v.registry_version, ", ".join(v.files), v.counts.get("added", 0),
         v.counts.get("changed", 0), v.counts.get("removed", 0),
         f"+{v.counts.get('practices_added', 0)} ~{v.counts.get('practices_changed', 0)} "
         f"-{v.counts.get('practices_removed', 0)}"]
        for v in found
    ]  # fmt: skip


def change_rows(preview: ChangePreview) -> list[list[Any]]:
    """One row per added or removed entity, and one per changed field (old → new)."""
    rows: list[list[Any]] = []
    for change in preview.changes:
        if change.fields:
            rows += [[change.action, change.kind, change.ident, name, shown(old), shown(new)]
                     for name, old, new in change.fields]  # fmt: skip
        else:
            rows.append([change.action, change.kind, change.ident, "", "", ""])
    return rows
