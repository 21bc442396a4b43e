"""``coordreg export``: the registry as case files, a spreadsheet or a graph file.

Formats:

- ``yaml``: a folder (``catalogue.yaml`` + ``cases/<collection>/<id>.yaml``)
  that ``coordreg load`` reads back; without ``--out``, one multi-document
  YAML stream on stdout.
- ``csv``: a folder in exactly the spreadsheet template's format; ``xlsx``:
  the template as one workbook (see docs/spreadsheet-template.md). A text
  cell a spreadsheet would run as a formula goes out with a leading quote
  (``registry.csv_safety``), which the template's reader takes off again.
- ``json``: one document with every case.
- ``graphml``, ``gexf``: the whole graph, readable by networkx and Gephi.
- ``cypher``: a script of parameter-free statements that rebuilds the graph.

Every write goes to a temporary file or folder beside the target and is
renamed into place at the end, so an interrupted export never leaves half a
file. An existing folder is only replaced when a previous export made it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from loaders.spreadsheet_template import SHEETS, case_rows
from loaders.yaml_cases import dump_case_yaml
from registry.csv_safety import mark_quoted_text, neutralise_formula
from registry.errors import BadParameter, CoordregError
from registry.export_cases import RegistryCases, cases_from_snapshot, read_snapshot
from registry.export_graph import cypher_script, gexf_text, graphml_text
from registry.stores.base import GraphStore

FORMATS = ("yaml", "csv", "xlsx", "json", "graphml", "gexf", "cypher")
FOLDER_FORMATS = ("yaml", "csv")
EXPORT_MARKER = ".coordreg-export"  # marks a folder coordreg may replace on the next export
JSON_FORMAT_VERSION = 2  # 2: several levels, kinds, scopes; dates, figures in full; a vocabulary


def export_registry(store: GraphStore, fmt: str, out: Path | None = None) -> str | Path:
    """Export the registry; return the text (no ``out``) or the path written."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise BadParameter(f"'{fmt}' is not an export format (one of: {', '.join(FORMATS)})")
    if out is None and fmt in ("csv", "xlsx"):
        what = "a folder for the CSV files" if fmt == "csv" else "a file name ending in .xlsx"
        raise BadParameter(f"--out is required for --format {fmt} ({what}); it cannot go to the terminal")
    if out is not None:
        _check_target(fmt, out)
    snapshot = read_snapshot(store)
    if fmt == "graphml":
        return _deliver(graphml_text(snapshot), out)
    if fmt == "gexf":
        return _deliver(gexf_text(snapshot), out)
    if fmt == "cypher":
        return _deliver(cypher_script(snapshot), out)
    cases = cases_from_snapshot(snapshot)
    if fmt == "json":
        return _deliver(json_text(cases), out)
    if fmt == "yaml" and out is None:
        return yaml_stream(cases)
    assert out is not None
    if fmt == "yaml":
        return _write_folder(out, lambda folder: write_yaml_folder(cases, folder))
    if fmt == "csv":
        return _write_folder(out, lambda folder: write_csv_folder(cases, folder))
    _write_file(out, xlsx_bytes(cases))
    return out


def _check_target(fmt: str, out: Path) -> None:
    """Refuse a bad target before reading the graph, with a message that says what to give."""
    if fmt in FOLDER_FORMATS:
        if out.exists() and not out.is_dir():
            raise BadParameter(f"--format {fmt} writes a folder, and {out} is a file; give a folder name")
        if fmt == "yaml" and out.suffix.lower() in (".yaml", ".yml") and not out.exists():
            raise BadParameter(
                "--format yaml writes a folder (one file per practice); give a folder name, "
                "or leave out --out for one YAML stream on stdout"
            )
        if out.is_dir() and any(out.iterdir()) and not (out / EXPORT_MARKER).exists():
            raise BadParameter(f"{out} is not empty and was not made by coordreg export; choose a new folder")
        return
    if out.is_dir():
        raise BadParameter(f"--format {fmt} writes one file, and {out} is a folder; give a file name")
    if fmt == "xlsx" and out.suffix.lower() != ".xlsx":
        raise BadParameter("--format xlsx needs a file name ending in .xlsx")


def _deliver(text: str, out: Path | None) -> str | Path:
    if out is None:
        return text
    _write_file(out, text.encode("utf-8"))
    return out


def _write_file(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_folder(out: Path, fill: Callable[[Path], None]) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
    try:
        fill(temporary)
        (temporary / EXPORT_MARKER).write_text("made by `coordreg export`; the next export may replace it\n")
        if out.exists():
            # Two renames: the target is always either the old export or the new one, never half of each.
            old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
            out.rename(old)
            temporary.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            temporary.rename(out)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return out


# --- case-file formats -------------------------------------------------------------------------------------------


def json_text(cases: RegistryCases) -> str:
    document = {
        "format": "coordreg-registry",
        "version": JSON_FORMAT_VERSION,
        "catalogue": cases.catalogue.model_dump(mode="json") if cases.catalogue else None,
        "cases": [case.model_dump(mode="json") for case in cases.practices],
        "vocabulary": cases.vocabulary.model_dump(mode="json", by_alias=True),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def yaml_stream(cases: RegistryCases) -> str:
    return "".join(f"---\n{dump_case_yaml(case)}" for case in cases.all)


def vocabulary_yaml(cases: RegistryCases) -> str | None:
    """The registry's vocabulary file, or None when it adds no term and renames nothing."""
    if not cases.vocabulary.terms and not cases.vocabulary.renames:
        return None
    data = cases.vocabulary.model_dump(mode="json", by_alias=True, exclude_none=True)
    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))


def write_vocabulary_file(cases: RegistryCases, folder: Path) -> None:
    text = vocabulary_yaml(cases)
    if text is not None:
        (folder / "vocabulary.yaml").write_text(text, encoding="utf-8")


def write_yaml_folder(cases: RegistryCases, folder: Path) -> None:
    write_vocabulary_file(cases, folder)
    if cases.catalogue is not None:
        (folder / "catalogue.yaml").write_text(dump_case_yaml(cases.catalogue), encoding="utf-8")
    for case in cases.practices:
        assert case.practice is not None
        target = folder / "cases" / case.practice.collection / f"{case.practice.id}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump_case_yaml(case), encoding="utf-8")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)  # a number is never a formula, even a negative one
    return str(neutralise_formula(str(value)))


def write_csv_folder(cases: RegistryCases, folder: Path) -> None:
    tables = case_rows(cases.all, cases.vocabulary)  # the registry's own terms go in the vocabulary sheets
    for sheet in SHEETS:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(sheet.column_names)
        for row in tables[sheet.name]:
            writer.writerow([_cell_text(row[name]) for name in sheet.column_names])
        # With a byte-order mark, Excel opens the file as UTF-8 instead of guessing a legacy encoding.
        (folder / f"{sheet.name}.csv").write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")


def xlsx_bytes(cases: RegistryCases) -> bytes:
    tables = case_rows(cases.all, cases.vocabulary)
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        for index, name in enumerate(sheet.column_names, start=1):
            worksheet.cell(row=1, column=index, value=name).font = Font(bold=True)
        for number, row in enumerate(tables[sheet.name], start=2):
            for index, name in enumerate(sheet.column_names, start=1):
                value = row[name]
                if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                    raise CoordregError(
                        f"sheet '{sheet.name}', row {number}, column '{name}' holds a control character "
                        "that an .xlsx file cannot store; fix the case file"
                    )
                # Typed as text below, a cell never runs; only a quote the reader would take off needs one more.
                cell = worksheet.cell(row=number, column=index, value=mark_quoted_text(value))
                if isinstance(value, str):
                    cell.data_type = "s"  # text, even when it starts with '=': never a formula
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
