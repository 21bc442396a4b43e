"""Uploads and exports for the Data page.

Uploaded files are written to a private temporary folder under safe names,
checked for size and kind first, then read by the same validator and loader
as ``coordreg validate`` / ``coordreg load``. Exports call the same
``export_registry`` as ``coordreg export`` and hand back bytes to download;
formats that write a folder (YAML, CSV) come back zipped.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from registry.app_support.i18n import t
from registry.app_support.limits import MAX_UPLOAD_MB
from registry.app_support.safe_text import without_paths
from registry.errors import CoordregError, Problem
from registry.stores.base import GraphStore

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
