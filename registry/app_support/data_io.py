"""Uploads and exports for the Data page.

Uploaded files are written to a private temporary folder under safe names,
checked for size and kind first, then read by the same validator and loader
as ``coordreg validate`` / ``coordreg load``. Exports call the same
``export_registry`` as ``coordreg export`` and hand back bytes to download;
formats that write a folder (YAML, CSV) come back zipped.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from registry.app_support.i18n import t
from registry.app_support.limits import MAX_UPLOAD_MB
from registry.app_support.safe_text import without_paths
from registry.errors import CoordregError, Problem
from registry.stores.base import GraphStore

if TYPE_CHECKING:
    from registry.change_preview import ChangePreview
    from registry.loading import LoadReport
    from registry.registry_folder import RegistryFolder
    from registry.schema.bundle import CaseBundle

MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
UPLOAD_SUFFIXES = (".yaml", ".yml", ".xlsx")

#: Every format `coordreg export --format` offers: (format, file suffix, MIME type).
EXPORT_FORMATS: tuple[tuple[str, str, str], ...] = (
    ("yaml", ".zip", "application/zip"),
    ("csv", ".zip", "application/zip"),
    ("json", ".json", "application/json"),
    ("graphml", ".graphml", "application/graphml+xml"),
    ("gexf", ".gexf", "application/xml"),
    ("cypher", ".cypher", "text/plain"),
    ("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
)
FOLDER_FORMATS = frozenset({"yaml", "csv"})


class UploadRefused(CoordregError):
    """An uploaded file is too large or not a case file."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def safe_name(name: str) -> str:
    """A file name with no folders and no surprising characters (the suffix is kept)."""
    base = Path(name.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem if dot else base).strip("._") or "upload"
    return f"{stem[:80]}.{suffix.lower()}" if dot else stem[:80]


def store_uploads(uploads: Iterable[Upload], folder: Path | None = None) -> Path:
    """Write the uploads into a new folder and return it; refuse oversized or foreign files."""
    target = folder or Path(tempfile.mkdtemp(prefix="coordreg-upload-"))
    target.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for upload in uploads:
        if len(upload.data) > MAX_UPLOAD_BYTES:
            raise UploadRefused(f"{upload.name} is larger than {MAX_UPLOAD_MB} MB; split it or load it with the CLI.")
        name = safe_name(upload.name)
        if not name.lower().endswith(UPLOAD_SUFFIXES):
            raise UploadRefused(f"{upload.name} is not a case file (.yaml, .yml or .xlsx).")
        while name in used:
            name = "_" + name
        used.add(name)
        (target / name).write_bytes(upload.data)
    return target


def problems_table(problems: Iterable[Problem], lang: str, folder: Path | None = None) -> pd.DataFrame:
    """The validator's problems as rows: file (as uploaded), place, field, message, severity.

    The upload folder is a server path: it is cut from file names and messages alike."""
    prefix = str(folder) + "/" if folder else None

    def shown(text: str) -> str:
        return without_paths(text.replace(prefix, "") if prefix else text)

    rows = [
        {
            t("col_severity", lang): t(f"severity_{p.severity}", lang),
            t("col_file", lang): shown(p.file),
            t("col_place", lang): p.place,
            t("col_field", lang): p.field,
            t("col_message", lang): shown(p.message),
        }
        for p in problems
    ]
    columns = [t(c, lang) for c in ("col_severity", "col_file", "col_place", "col_field", "col_message")]
    return pd.DataFrame(rows, columns=columns)


def export_available() -> bool:
    try:
        from registry.export import export_registry  # noqa: F401
    except ImportError:
        return False
    return True


def export_file_name(fmt: str) -> str:
    suffix = {f: s for f, s, _ in EXPORT_FORMATS}[fmt]
    return f"coordreg-{fmt}{suffix}" if fmt in FOLDER_FORMATS else f"coordreg{suffix}"


def export_mime(fmt: str) -> str:
    return {f: m for f, _, m in EXPORT_FORMATS}[fmt]


def export_bytes(store: GraphStore, fmt: str) -> bytes:
    """Run the CLI's export into a temporary place and return what to download."""
    from registry.export import export_registry

    if fmt not in {f for f, _, _ in EXPORT_FORMATS}:
        raise ValueError(f"unknown export format '{fmt}'")
    with tempfile.TemporaryDirectory(prefix="coordreg-export-") as tmp:
        out = Path(tmp) / (f"coordreg-{fmt}" if fmt in FOLDER_FORMATS else export_file_name(fmt))
        export_registry(store, fmt, out)
        return _zipped(out) if fmt in FOLDER_FORMATS else out.read_bytes()


def _zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder.parent).as_posix())
    return buffer.getvalue()


# --- Import against the registry: check, preview, write; and the versions the registry folder records.

_ACTIONS = ("added", "changed", "removed")


def uploads_digest(uploads: Iterable[Upload]) -> str:
    """Names and contents of a set of uploads in one value: an import writes only the files previewed."""
    digest = hashlib.sha256()
    for upload in uploads:
        digest.update(upload.name.encode("utf-8", "surrogatepass") + b"\0" + hashlib.sha256(upload.data).digest())
    return digest.hexdigest()


@dataclass
class Checked:
    bundle: CaseBundle
    problems: list[Problem]
    preview: ChangePreview | None  # None when there are errors: nothing could be written

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def check_uploads(store: GraphStore, folder: Path, *, replace: bool = False) -> Checked:
    """The uploads checked against the registry loaded (as `coordreg validate` does), with the changes they
    would make."""
    from registry.change_preview import preview_changes
    from registry.held_registry import read_held
    from registry.loading import validate_paths

    bundle, problems = validate_paths([folder], read_held(store), replace=replace)
    errors = any(p.severity == "error" for p in problems)
    return Checked(bundle, problems, None if errors else preview_changes(store, bundle))


def import_uploads(store: GraphStore, folder: Path, *, keep_going: bool, replace: bool) -> LoadReport:
    """Load the uploads and keep them in the store's registry folder (a version is recorded)."""
    from registry.loading import load_paths
    from registry.registry_folder import registry_folder_for

    files = sorted(p for p in folder.iterdir() if p.is_file())  # by name, so the version lists the files
    return load_paths(
        store, files, keep_going=keep_going, replace=replace, wait=False, folder=registry_folder_for(store)
    )


def changes_table(preview: ChangePreview, lang: str) -> pd.DataFrame:
    """One row per added or removed entity and per changed field: what, id, field, old → new."""
    from registry.history import change_rows

    names = [t(f"preview_col_{c}", lang) for c in ("action", "kind", "id", "field", "old", "new")]
    rows = [[t(f"preview_action_{row[0]}", lang) if row[0] in _ACTIONS else row[0], *row[1:]]
            for row in change_rows(preview)]  # fmt: skip
    return pd.DataFrame(rows, columns=names)


def history_folder(store: GraphStore) -> RegistryFolder:
    from registry.registry_folder import registry_folder_for

    return registry_folder_for(store)


def history_table(folder: RegistryFolder, lang: str) -> pd.DataFrame:
    """The versions the folder records, newest first."""
    from registry.history import history_rows, versions

    keys = ("version", "when", "registry_version", "files", "added", "changed", "removed", "practices")
    found = versions(folder)
    rows = history_rows(found)
    for row, version in zip(rows, found, strict=True):
        row[3] = ", ".join(Path(f).name for f in version.files)  # file names only: no server path is shown
    rows.reverse()
    return pd.DataFrame(rows, columns=[t(f"history_col_{k}", lang) for k in keys])


def version_changes_table(folder: RegistryFolder, number: int, lang: str) -> pd.DataFrame:
    """What version ``number`` of the folder changed, as ``changes_table`` shows a preview."""
    from registry.history import version

    return changes_table(version(folder, number).changes, lang)
