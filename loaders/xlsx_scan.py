"""Measure an .xlsx workbook by reading it, before openpyxl builds anything from it.

An .xlsx file is a zip of XML parts, and everything a zip declares — each
part's size, how many parts there are — is whatever its writer chose. So
nothing declared is trusted here: every part is decompressed as a stream
with a running count of the bytes that actually come out, and every XML part
is parsed as a stream (expat, never a tree), counting what openpyxl would
later build from it. The first cap passed stops the scan, long before the
memory a bomb asks for is spent:

- the bytes a workbook unpacks to, and the bytes of its shared texts (which
  openpyxl keeps in memory whole);
- the cells, counted as a reader sees them: each row holds every cell up to
  its last one, so one cell in column XFD costs 16,384;
- the XML elements of every other part (a million cell formats in
  ``xl/styles.xml`` would become a million objects);
- a single tag or text longer than a cell can ever hold;
- how many parts the zip holds, counted from the file's own bytes.

XML parts may not declare a document type: entity definitions are the way
to expand a few bytes into gigabytes, and no spreadsheet program writes them.
The scan also collects merged ranges, which openpyxl's read-only mode does
not report.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

MAX_UNPACKED_BYTES = 24 * 1024 * 1024  # the seed registry as one workbook unpacks to 0.5 MB
MAX_SHARED_TEXT_BYTES = 8 * 1024 * 1024  # xl/sharedStrings.xml: openpyxl holds all of it
MAX_CELLS = 100_000  # per workbook; the seed registry (30 practices) fills about 4,600
MAX_PART_ELEMENTS = 20_000  # per part other than worksheets and shared texts (styles, workbook …)
MAX_ELEMENTS = 2_000_000  # in all parts together: what bounds the time the scan itself takes
MAX_TOKEN_BYTES = 1024 * 1024  # one tag, or one text between tags; a cell holds at most 32,767 characters
MAX_PARTS = 1_000  # a workbook of the template has about 20
_LAST_COLUMN = 16_384  # column XFD, the last a spreadsheet has
_CHUNK = 64 * 1024
_CENTRAL_DIRECTORY_ENTRY = b"PK\x01\x02"  # every part the zip lists starts with this signature
_MB = 1024 * 1024
_CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d*)")
_XML_SUFFIXES = (".xml", ".rels")


class WorkbookRefused(Exception):
    """The workbook passes a cap or cannot be read; ``place`` names the sheet or part when there is one."""

    def __init__(self, message: str, place: str = ""):
        super().__init__(message)
        self.message = message
        self.place = place


@dataclass
class WorkbookScan:
    """What the scan found that later steps need: merged ranges by worksheet part."""

    merged: dict[str, list[str]] = field(default_factory=dict)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class _PartReader:
    """Counts what one XML part holds while expat streams through it."""

    def __init__(self, scan: _Scan, part: str):
        self.scan = scan
        self.part = part
        self.worksheet = "/worksheets/" in f"/{part}" or part in scan.sheet_names
        self.shared_texts = part.endswith("sharedStrings.xml")
        self.elements = 0
        self.row = 0  # the current row's number, as the spreadsheet shows it
        self.row_width = 0  # the last column seen in the current row
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.last_event = 0

    @property
    def where(self) -> str:
        return self.scan.sheet_names.get(self.part, f"part {self.part}")

    def doctype(self, *_: object) -> None:
        raise WorkbookRefused(
            "declares a document type (<!DOCTYPE …>), which spreadsheet programs never write and which can "
            "expand a few bytes into gigabytes; save the workbook again from your spreadsheet program",
            self.where,
        )

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.last_event = self.parser.CurrentByteIndex
        self.elements += 1
        self.scan.elements += 1
        if self.scan.elements > MAX_ELEMENTS:
            raise WorkbookRefused(
                f"the workbook holds more than {MAX_ELEMENTS:,} pieces (cells, texts, formats …); split the "
                "registry into several workbooks",
                self.where,
            )
        local = _local(name)
        # Rows and cells are counted in every part: openpyxl finds a sheet wherever the workbook says it is.
        if local == "row":
            number = attributes.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            self.row_width = 0
        elif local == "c":
            self.cell(attributes.get("r"))
        elif local == "mergeCell" and "ref" in attributes:
            self.scan.result.merged.setdefault(self.part, []).append(attributes["ref"])
        if self.shared_texts:
            if local == "si":
                self.scan.shared_texts += 1
                if self.scan.shared_texts > MAX_CELLS:
                    raise WorkbookRefused(
                        f"the workbook holds more than {MAX_CELLS:,} texts; the cap is {MAX_CELLS:,} cells "
                        "per workbook — split the registry into several workbooks",
                    )
        elif not self.worksheet and self.elements > MAX_PART_ELEMENTS:
            raise WorkbookRefused(
                f"{self.what} holds more than {MAX_PART_ELEMENTS:,} entries, far more than a workbook of the "
                "template needs; copy the sheets' values into a new workbook and save that",
            )

    @property
    def what(self) -> str:
        if self.part.endswith("styles.xml"):
            return f"the workbook's part {self.part} (its cell formats)"
        return f"the workbook's part {self.part}"

    def end(self, _name: str) -> None:
        self.last_event = self.parser.CurrentByteIndex

    def cell(self, reference: str | None) -> None:
        """Count the cells a reader fills in: up to this one, from the last one of the row."""
        column = self.row_width + 1
        if reference:
            match = _CELL_REFERENCE.fullmatch(reference)
            if match is None:
                raise WorkbookRefused(f"holds a cell at '{reference[:20]}', which is not a cell reference", self.where)
            column = _column_number(match[1])
            if column > _LAST_COLUMN:
                raise WorkbookRefused(f"holds a cell at '{reference}', beyond the last column (XFD)", self.where)
        elif column > _LAST_COLUMN:
            raise WorkbookRefused(
                f"row {self.row} holds more cells than a spreadsheet has columns ({_LAST_COLUMN:,})", self.where
            )
        if column > self.row_width:
            self.scan.cells += column - self.row_width
            self.row_width = column
        if self.scan.cells > MAX_CELLS:
            raise WorkbookRefused(
                f"the workbook holds more than {MAX_CELLS:,} cells (counting the empty cells before the last "
                "one of each row); split the registry into several workbooks, or delete stray values far to "
                "the right of the table",
                self.where,
            )

    def feed(self, chunk: bytes, fed: int) -> None:
        self.parser.Parse(chunk, False)
        # expat holds an unfinished tag or text whole: stop one that grows past anything a cell needs.
        if fed - self.last_event > MAX_TOKEN_BYTES:
            raise WorkbookRefused(
                f"holds a single cell, text or tag of more than {MAX_TOKEN_BYTES // _MB} MB (a cell holds at "
                "most 32,767 characters); save the workbook again from your spreadsheet program",
                self.where,
            )

    def finish(self) -> None:
        self.parser.Parse(b"", True)


class _Scan:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.result = WorkbookScan()
        self.unpacked = 0
        self.cells = 0
        self.elements = 0
        self.shared_texts = 0
        self.sheet_names: dict[str, str] = {}

    def run(self) -> WorkbookScan:
        # Every entry, a name listed twice included: openpyxl reads the last of them, the scan reads all.
        parts = self.archive.infolist()
        # The workbook's own description first: it names the sheets, so later messages can too.
        first = [p for p in parts if p.filename in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")]
        found = {part.filename: self.read(part, collect=True) for part in first}
        self.name_sheets(found.get("xl/workbook.xml", {}), found.get("xl/_rels/workbook.xml.rels", {}))
        for part in parts:
            if part not in first:
                self.read(part)
        return self.result

    def name_sheets(self, titles_by_id: dict[str, str], targets_by_id: dict[str, str]) -> None:
        for ident, title in titles_by_id.items():
            target = targets_by_id.get(ident)
            if target:
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                self.sheet_names[part] = f"sheet '{title}'"

    def read(self, part: zipfile.ZipInfo, collect: bool = False) -> dict[str, str]:
        """Stream one part through the counters; ``collect`` gathers sheet titles or link targets by id."""
        name = part.filename
        is_xml = name.lower().endswith(_XML_SUFFIXES)
        reader = _PartReader(self, name) if is_xml else None
        collected: dict[str, str] = {}
        if reader is not None and collect:
            count = reader.start

            def start(element: str, attributes: dict[str, str]) -> None:
                count(element, attributes)
                local = _local(element)
                ident = next((v for k, v in attributes.items() if _local(k) == "id"), None)
                if local == "sheet" and ident and "name" in attributes:
                    collected[ident] = attributes["name"]
                elif local == "Relationship" and "Id" in attributes and "Target" in attributes:
                    collected[attributes["Id"]] = attributes["Target"]

            reader.parser.StartElementHandler = start
        part_bytes = 0
        try:
            with self.archive.open(part) as stream:
                for chunk in iter(lambda: stream.read(_CHUNK), b""):
                    part_bytes += len(chunk)
                    self.unpacked += len(chunk)
                    self.check_sizes(name, part_bytes)
                    if reader is not None:
                        reader.feed(chunk, part_bytes)
            if reader is not None:
                reader.finish()
        except expat.ExpatError as exc:
            where = reader.where if reader is not None else f"part {name}"
            raise WorkbookRefused(
                f"is not readable XML (line {exc.lineno}: {expat.errors.messages.get(exc.code, 'damaged')}); "
                "save the workbook again from your spreadsheet program",
                where,
            ) from None
        return collected

    def check_sizes(self, name: str, part_bytes: int) -> None:
        if self.unpacked > MAX_UNPACKED_BYTES:
            raise WorkbookRefused(
                f"the workbook unpacks to more than {MAX_UNPACKED_BYTES // _MB} MB, the cap; split the registry "
                "into several workbooks"
            )
        if name.endswith("sharedStrings.xml") and part_bytes > MAX_SHARED_TEXT_BYTES:
            raise WorkbookRefused(
                f"the workbook's texts unpack to more than {MAX_SHARED_TEXT_BYTES // _MB} MB, the cap; split the "
                "registry into several workbooks"
            )


def scan_workbook(data: bytes) -> WorkbookScan:
    """Check the caps on the workbook in ``data`` (the file's bytes); raise ``WorkbookRefused`` on the first passed."""
    # Reading the zip's directory builds an object per part: count the parts it can list first.
    if data.count(_CENTRAL_DIRECTORY_ENTRY) > MAX_PARTS:
        raise WorkbookRefused(
            f"the workbook holds more than {MAX_PARTS:,} parts (a workbook of the template holds about 20); "
            "save the sheets' values in a new workbook"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _Scan(archive).run()
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError) as exc:
        raise WorkbookRefused(_damaged(exc)) from None
    except (NotImplementedError, RuntimeError) as exc:  # an unknown compression method, an encrypted part
        raise WorkbookRefused(
            f"cannot be unpacked ({exc}); it may be encrypted or written by an unusual program — save it again "
            "as 'Excel Workbook (.xlsx)' without a password"
        ) from None


def _damaged(exc: Exception) -> str:
    return (
        f"the workbook is damaged ({str(exc)[:160] or 'its zip structure is broken'}); open it in your spreadsheet "
        "program and save it again as 'Excel Workbook (.xlsx)'"
    )
