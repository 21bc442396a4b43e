"""Hardening, second round: case files built to exhaust memory, hang the reader or slip past its checks.

- workbooks whose zip headers lie about sizes, or that unpack a small file
  into millions of cells: refused early, by what is actually read, within
  200 MB (measured on the `coordreg validate` process itself);
- devices and named pipes given as case files, or found in a folder:
  refused at once instead of reading forever;
- YAML complex keys (``? [a, b]``) and merge keys (``<<:``): refused with
  the file and line, by the libyaml fast path and the checked parser alike.

Every refusal names the file, says what is wrong in words, exits 1 and
writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hardening_support import MINI_REGISTRY, graph_checksum, run_cli
from openpyxl import Workbook

from loaders import read_bundle
from loaders.spreadsheet_template import SHEETS
from loaders.yaml_cases import _CaseFileLoader, _FastCaseFileLoader, parse_yaml_text

TEMPLATE = Path(__file__).resolve().parents[1] / "docs" / "template"
PEAK_MB = 200  # the most memory validating any refused file may take
SECONDS = 60  # far more than a refusal needs; a bomb that is read through takes minutes or never ends
# Python's own names for errors: a message meant for a researcher holds none of them.
PYTHON_WORDS = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception)\b|BadZipFile|MemoryError")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float


# Runs one command and reports its exit code, output and peak memory. It runs in a small interpreter of its
# own: a child's peak memory starts from its parent's size when it is started, and pytest is large.
MEASURE = """
import json, resource, subprocess, sys, time
started = time.monotonic()
try:
    done = subprocess.run(sys.argv[2:], capture_output=True, timeout=float(sys.argv[1]))
    code, out, err = done.returncode, done.stdout, done.stderr
except subprocess.TimeoutExpired as stopped:
    code, out, err = None, stopped.stdout or b"", stopped.stderr or b""
print(json.dumps({
    "returncode": code, "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace"),
    "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "seconds": time.monotonic() - started,
}))
"""


def validate(*paths: Path | str, timeout: float = SECONDS) -> Run:
    """`coordreg validate PATHS` in a process of its own, with the peak memory of that process alone."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    command = [sys.executable, "-m", "registry.cli", "validate", *map(str, paths)]
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, str(timeout), *command],
        capture_output=True, text=True, env=env, timeout=timeout + 60,
    )  # fmt: skip
    assert measured.returncode == 0, measured.stderr
    report = json.loads(measured.stdout)
    return Run(
        -1 if report["returncode"] is None else report["returncode"],
        report["stdout"],
        report["stderr"],
        report["peak_mb"],
        report["seconds"] if report["returncode"] is not None else float(timeout),
    )


def assert_refused(run: Run, target: Path | str, *words: str) -> None:
    assert run.seconds < SECONDS, f"still reading after {run.seconds:.0f} s (killed)"
    assert run.returncode == 1, run.stderr[-2000:]
    assert f"error: {target}" in run.stderr, run.stderr[-2000:]
    for word in words:
        assert word in run.stderr, (word, run.stderr[-2000:])
    assert not PYTHON_WORDS.search(run.stderr), run.stderr[-2000:]


# --- workbooks built to exhaust memory ---------------------------------------------------------------------------

SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
HEADER_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'


def _practices_workbook() -> bytes:
    """A one-sheet workbook ('practices', its header only) for the attacks to swap parts into."""
    book = Workbook()
    book.active.title = "practices"
    book.active.append(["id"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_workbook(target: Path) -> Path:
    """docs/template (one invented practice) as a workbook, numbers typed as numbers."""
    book = Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        rows = csv.reader(io.StringIO((TEMPLATE / f"{sheet.name}.csv").read_text(encoding="utf-8-sig"), newline=""))
        worksheet = book.create_sheet(sheet.name)
        for row in rows:
            worksheet.append([int(v) if v.isdigit() else (v or None) for v in row])
    book.save(target)
    return target


Chunks = Callable[[], Iterator[bytes]]


def build_workbook(
    path: Path, parts: dict[str, Chunks], *, extra_parts: int = 0, declared_size: int | None = None
) -> Path:
    """The practices workbook with ``parts`` replaced (or added), streamed so the test never holds them whole.

    ``declared_size`` then overwrites the size every replaced part declares, in its local
    header and in the central directory: the zip lies about what it unpacks to.
    """
    base = zipfile.ZipFile(io.BytesIO(_practices_workbook()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            if info.filename not in parts:
                archive.writestr(info.filename, base.read(info.filename))
        for name, chunks in parts.items():
            with archive.open(name, "w") as stream:
                for chunk in chunks():
                    stream.write(chunk)
        for number in range(extra_parts):
            archive.writestr(f"customXml/item{number}.bin", b"")
    if declared_size is not None:
        _declare_size(path, set(parts), declared_size)
    return path


def _declare_size(path: Path, names: set[str], size: int) -> None:
    data = bytearray(path.read_bytes())
    # (signature, offset of the uncompressed size, offset of the name length, fixed header length)
    for signature, size_at, name_length_at, fixed in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + name_length_at)[0]
            if data[at + fixed : at + fixed + length].decode("utf-8", "replace") in names:
                struct.pack_into("<I", data, at + size_at, size)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def _rows(count: int, row: Callable[[int], bytes], head: bytes = SHEET_HEAD + HEADER_ROW) -> Chunks:
    def chunks() -> Iterator[bytes]:
        yield head
        for start in range(2, count + 2, 1000):
            yield b"".join(row(number) for number in range(start, min(start + 1000, count + 2)))
        yield SHEET_TAIL

    return chunks


def _column(index: int) -> bytes:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters.encode()


COLUMNS = [_column(i) for i in range(1, 51)]
TINY_CELL = b'<c t="inlineStr"><is><t>x</t></is></c>'


def _fifty_cells(row: int) -> bytes:
    return b"<row>" + b"".join(b'<c r="%s%d"><v>1</v></c>' % (column, row) for column in COLUMNS) + b"</row>"


def _one_wide_row(cells: int) -> Chunks:
    def chunks() -> Iterator[bytes]:
        yield SHEET_HEAD + HEADER_ROW + b'<row r="2">'
        block = TINY_CELL * 10_000
        for _ in range(cells // 10_000):
            yield block
        yield b"</row>" + SHEET_TAIL

    return chunks


def _styles_bloat(formats: int) -> Chunks:
    def chunks() -> Iterator[bytes]:
        yield (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + f'<cellXfs count="{formats}">'.encode()
        )
        block = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * 10_000
        for _ in range(formats // 10_000):
            yield block
        yield b"</cellXfs></styleSheet>"

    return chunks


def _entity_bomb() -> Iterator[bytes]:
    entities = ['<!ENTITY a0 "lol">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    yield (
        '<?xml version="1.0"?><!DOCTYPE worksheet [' + "".join(entities) + "]>"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData></worksheet>'
    ).encode()


def _huge_text() -> Iterator[bytes]:
    yield SHEET_HEAD + HEADER_ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    for _ in range(100):
        yield b"x" * 1_000_000
    yield b"</t></is></c></row>" + SHEET_TAIL


SHEET = "xl/worksheets/sheet1.xml"


def _moved_sheet(chunks: Chunks) -> dict[str, Chunks]:
    """The parts of a workbook whose sheet is ``xl/elsewhere.xml``, which its workbook links to."""
    base = zipfile.ZipFile(io.BytesIO(_practices_workbook()))
    links = base.read("xl/_rels/workbook.xml.rels").replace(b"/xl/worksheets/sheet1.xml", b"/xl/elsewhere.xml")
    types = base.read("[Content_Types].xml").replace(b"/xl/worksheets/sheet1.xml", b"/xl/elsewhere.xml")
    return {
        "xl/_rels/workbook.xml.rels": lambda: iter([links]),
        "[Content_Types].xml": lambda: iter([types]),
        "xl/elsewhere.xml": chunks,
    }


@dataclass(frozen=True)
class Bomb:
    name: str
    build: Callable[[Path], Path]
    words: tuple[str, ...]  # what the refusal must say


BOMBS = (
    # 300 MB of cells behind headers declaring 20 KB: only what is read counts.
    Bomb(
        "headers-lie-about-sizes",
        lambda p: build_workbook(p, {SHEET: _one_wide_row(8_000_000)}, declared_size=20_000),
        ("damaged",),
    ),
    # 95 MB of cells in one row, under the old cap on declared sizes: 0.3 MB on disk.
    Bomb("one-row-of-millions-of-cells", lambda p: build_workbook(p, {SHEET: _one_wide_row(2_500_000)}), ("cells",)),
    # A million tiny cells in 20,000 rows of 50, as a spreadsheet program would write them.
    Bomb("a-million-tiny-cells", lambda p: build_workbook(p, {SHEET: _rows(20_000, _fifty_cells)}), ("cells",)),
    # One cell per row in the last column: a reader fills each row with 16,383 empty cells before it.
    Bomb(
        "cells-in-the-last-column",
        lambda p: build_workbook(p, {SHEET: _rows(60_000, lambda n: b'<row><c r="XFD%d"><v>1</v></c></row>' % n)}),
        ("cells",),
    ),
    # The same in 6,000 rows (few XML elements: 98 million cells to fill in) of a sheet kept outside
    # xl/worksheets/, where the workbook says it is: openpyxl reads it there.
    Bomb(
        "cells-in-the-last-column-of-a-sheet-kept-elsewhere",
        lambda p: build_workbook(p, _moved_sheet(_rows(6_000, lambda n: b'<row><c r="XFD%d"><v>1</v></c></row>' % n))),
        ("cells",),
    ),
    # A million cell formats: each becomes an object when the styles are read.
    Bomb(
        "a-million-cell-formats",
        lambda p: build_workbook(p, {"xl/styles.xml": _styles_bloat(1_000_000)}),
        ("cell formats",),
    ),
    # Entities defined in the part itself, each ten of the one before: "billion laughs".
    Bomb("entity-expansion", lambda p: build_workbook(p, {SHEET: _entity_bomb}), ("DOCTYPE",)),
    # One text of 100 MB: a reader holds a text whole before it can look at it.
    Bomb("one-cell-of-100-megabytes", lambda p: build_workbook(p, {SHEET: _huge_text}), ("1 MB",)),
    # Sixty thousand empty parts: reading the zip's directory alone builds an object for each.
    Bomb("sixty-thousand-parts", lambda p: build_workbook(p, {}, extra_parts=60_000), ("parts",)),
)


def test_the_bombs_are_small_files(tmp_path):
    for bomb in BOMBS[:3]:
        assert bomb.build(tmp_path / f"{bomb.name}.xlsx").stat().st_size < 3_000_000, bomb.name


@pytest.mark.parametrize("bomb", BOMBS, ids=lambda b: b.name)
def test_a_workbook_bomb_is_refused_early_within_200_mb(tmp_path, bomb):
    target = bomb.build(tmp_path / "cases.xlsx")
    run = validate(target)
    assert_refused(run, target, *bomb.words)
    assert run.peak_mb <= PEAK_MB, f"validating took {run.peak_mb:.0f} MB"


def test_a_workbook_is_judged_by_what_it_holds_not_by_the_sizes_it_declares(tmp_path):
    """Headers claiming 4 GB are not what counts: a true template workbook behind them reads."""
    honest = template_workbook(tmp_path / "honest.xlsx")
    names = {info.filename for info in zipfile.ZipFile(honest).infolist() if info.filename.endswith(".xml")}
    _declare_size(honest, names, 0xFFFF_FFF0)
    assert sum(info.file_size for info in zipfile.ZipFile(honest).infolist()) > 4e9
    run = validate(honest)
    assert run.returncode == 0, run.stderr
    assert "1 practice(s)" in run.stdout


def test_the_seed_registry_as_a_workbook_validates_within_200_mb(seed_store, tmp_path):
    from registry.export import export_registry

    workbook = export_registry(seed_store, "xlsx", tmp_path / "seed.xlsx")
    run = validate(workbook)
    assert run.returncode == 0, run.stderr
    assert run.peak_mb <= PEAK_MB, f"validating took {run.peak_mb:.0f} MB"


def test_a_csv_row_of_millions_of_cells_is_refused_within_200_mb(tmp_path):
    folder = Path(shutil.copytree(TEMPLATE, tmp_path / "cases"))
    with (folder / "actors.csv").open("a", encoding="utf-8") as stream:
        stream.write("ab," * 3_200_000 + "\n")  # 9.6 MB: under the 10 MB cap on a CSV file
    run = validate(folder)
    assert_refused(run, folder / "actors.csv", "sheet 'actors', row ")
    assert run.peak_mb <= PEAK_MB, f"validating took {run.peak_mb:.0f} MB"


def test_a_csv_folder_of_oversize_files_is_refused_within_200_mb(tmp_path):
    folder = Path(shutil.copytree(TEMPLATE, tmp_path / "cases"))
    for path in folder.glob("*.csv"):
        with path.open("a", encoding="utf-8") as stream:  # 9 MB of plausible rows in every file
            stream.write(("x," * 6 + "\n") * 700_000)
    run = validate(folder)
    assert_refused(run, folder, "MB")
    assert run.peak_mb <= PEAK_MB, f"validating took {run.peak_mb:.0f} MB"


# --- devices and named pipes -------------------------------------------------------------------------------------


def test_a_device_is_refused_at_once():
    run = validate("/dev/zero")
    assert_refused(run, "/dev/zero", "not a regular file", "device")
    assert run.peak_mb <= PEAK_MB


@pytest.mark.parametrize("name", ["x.yaml", "cases.xlsx"])
def test_a_named_pipe_given_as_a_case_file_is_refused_without_waiting(tmp_path, name):
    pipe = tmp_path / name
    os.mkfifo(pipe)  # nobody ever writes to it: reading it would wait for ever
    assert_refused(validate(pipe), pipe, "not a regular file", "named pipe")


@pytest.mark.parametrize("name", ["zz.yaml", "cases.xlsx"])
def test_a_named_pipe_inside_a_folder_is_named_not_read(tmp_path, name):
    folder = Path(shutil.copytree(MINI_REGISTRY, tmp_path / "cases"))
    os.mkfifo(folder / name)
    assert_refused(validate(folder), folder / name, "not a regular file", "named pipe")


def test_a_named_pipe_inside_a_csv_folder_is_named_not_read(tmp_path):
    folder = Path(shutil.copytree(TEMPLATE, tmp_path / "cases"))
    (folder / "actors.csv").unlink()
    os.mkfifo(folder / "actors.csv")
    assert_refused(validate(folder), folder / "actors.csv", "not a regular file", "named pipe")


def test_loading_a_named_pipe_writes_nothing(mini_graph, mini_checksum, coordreg_home, tmp_path):
    pipe = tmp_path / "x.yaml"
    os.mkfifo(pipe)
    done = run_cli(["load", str(pipe)], coordreg_home, mini_graph, timeout=SECONDS)
    assert done.returncode == 1
    assert f"error: {pipe}" in done.stderr and "not a regular file" in done.stderr
    assert "nothing was written" in done.stderr
    assert graph_checksum(mini_graph) == mini_checksum


# --- YAML keys a case file never needs ---------------------------------------------------------------------------

ODD_KEYS = {
    "complex-key-list": ("? [a, b]\n: 1\n", "line 1, column 3", "a key must be a single word"),
    "complex-key-map": ("practice:\n  ? {id: x}\n  : 1\n", "line 2, column 5", "a key must be a single word"),
    "merge-key": ("practice:\n  id: a\n  <<: {id: b}\n", "line 3, column 3", "merge keys (<<)"),
    "merge-key-list": ("<<: [{practice: 1}, {practice: 2}]\n", "line 1, column 1", "merge keys (<<)"),
    "merge-key-tagged": ("practice:\n  !!merge other: {id: b}\n", "line 2, column 3", "merge keys (<<)"),
}


@pytest.mark.parametrize("name", sorted(ODD_KEYS))
def test_odd_yaml_keys_are_refused_with_their_line_by_both_parsers(name, monkeypatch):
    text, place, words = ODD_KEYS[name]
    fast = parse_yaml_text(text, "case.yaml")
    monkeypatch.setattr(yaml, "__with_libyaml__", False)  # the checked parser alone, as without libyaml
    checked = parse_yaml_text(text, "case.yaml")
    assert fast == checked
    data, problems = checked
    assert data is None and len(problems) == 1
    assert problems[0].place == place
    assert words in problems[0].message
    assert not PYTHON_WORDS.search(problems[0].message) and "tag:yaml.org" not in problems[0].message


@pytest.mark.parametrize("name", sorted(ODD_KEYS))
def test_each_parser_refuses_odd_keys_itself(name):
    """The fast path refuses too (then the checked parser explains): never a stray Python error."""
    text = ODD_KEYS[name][0]
    for loader in (_FastCaseFileLoader, _CaseFileLoader):
        with pytest.raises(yaml.MarkedYAMLError):
            yaml.load(text, Loader=loader)  # noqa: S506 - the case-file loaders are SafeLoader subclasses


def test_a_merge_key_in_a_case_file_is_named_with_file_and_line(tmp_path):
    folder = Path(shutil.copytree(MINI_REGISTRY, tmp_path / "cases"))
    alpha = folder / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    alpha.write_text(text.replace("  region: Americas\n", "  region: Americas\n  <<: {region: Europe}\n"))
    _, problems = read_bundle([folder])
    ours = [p for p in problems if p.file == str(alpha)]
    assert len(ours) == 1 and ours[0].place.startswith("line 7,")
    assert "merge keys (<<)" in ours[0].message


def test_a_complex_key_through_the_cli(tmp_path):
    case = tmp_path / "odd.yaml"
    case.write_text("practice:\n  ? [id, collection]\n  : x\n", encoding="utf-8")
    assert_refused(validate(case), case, "line 2, column 5", "a key must be a single word")


def test_the_caps_are_the_documented_ones():
    from loaders import spreadsheet_tables, xlsx_scan

    doc = " ".join((TEMPLATE.parent / "spreadsheet-template.md").read_text(encoding="utf-8").split())
    megabytes = 1024 * 1024
    for words in (
        f"at most {spreadsheet_tables.MAX_SPREADSHEET_BYTES // megabytes} MB each",
        f"at most {xlsx_scan.MAX_CELLS:,} cells",
        f"at most {spreadsheet_tables.MAX_CSV_ROW_CHARACTERS:,} characters",
        f"at most {xlsx_scan.MAX_UNPACKED_BYTES // megabytes} MB in all, "
        f"{xlsx_scan.MAX_SHARED_TEXT_BYTES // megabytes} MB of it texts",
        f"no more than {xlsx_scan.MAX_PARTS:,} parts",
        f"more than {xlsx_scan.MAX_PART_ELEMENTS:,} entries",
        f"over {xlsx_scan.MAX_TOKEN_BYTES // megabytes} MB",
        f"At most {spreadsheet_tables.MAX_PROBLEMS_PER_SHEET} problems are listed per sheet",
    ):
        assert words in doc, words


def test_a_sheet_of_stray_values_lists_at_most_100_problems(tmp_path):
    from loaders.spreadsheet import read_spreadsheet
    from loaders.spreadsheet_tables import MAX_PROBLEMS_PER_SHEET

    folder = Path(shutil.copytree(TEMPLATE, tmp_path / "cases"))
    with (folder / "actors.csv").open("a", encoding="utf-8") as stream:
        stream.write(",".join(["stray"] * 5_000) + "\n")  # 5,000 values in columns without a header
    cases, problems = read_spreadsheet(folder)
    ours = [p for p in problems if p.file == str(folder / "actors.csv")]
    assert cases == [] and len(ours) == MAX_PROBLEMS_PER_SHEET + 1
    assert "no header" in ours[0].message and "more than 100 problems" in ours[-1].message


def test_a_case_file_of_many_bad_entries_lists_at_most_200_problems(tmp_path):
    folder = Path(shutil.copytree(MINI_REGISTRY, tmp_path / "cases"))
    alpha = folder / "alpha.yaml"
    bad = "".join(f"  - {{id: m{i}, level: x}}\n" for i in range(2_000))  # about 5 problems each
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("mechanisms:\n", "mechanisms:\n" + bad, 1))
    _, problems = read_bundle([folder])
    ours = [p for p in problems if p.file == str(alpha)]
    assert len(ours) == 201
    assert re.fullmatch(r"and [0-9,]+ more problem\(s\) in this file; .*", ours[-1].message)
