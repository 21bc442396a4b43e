"""Whole-registry answers computed once per registry version and kept as Arrow IPC files.

The registry changes only when someone writes, and every write bumps the version kept in the graph
(``GraphStore.registry_version``). So a built-in named query run without filters — every parameter at its
default — is answered once per version and read back from a file afterwards, here or after a restart:

    <data folder>/snapshots/<digest of the store's identity>/<version key>/<query>.arrow

A filtered query always runs live. An answer is kept only when the version read before and after computing it
is the same (no write slipped in between), and only when it reads back exactly as computed: answers holding
maps with keys that differ from row to row (the exports' property columns) or mixed types stay live. Keeping
an answer is an optimisation, never a condition: a folder that cannot be written, or a file that cannot be
read, means the query runs live.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import re
import shutil
import time
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.collector import collector_paused
from registry.stores.base import GraphStore, QueryResult, RegistryVersion
from registry.stores.embedded_server import default_home

if TYPE_CHECKING:  # imported where used: a kept answer is read into rows with pyarrow alone, pandas only for a frame
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from registry.queries.library import NamedQuery

log = logging.getLogger("coordreg.snapshot")


def _definitions_digest() -> str:
    """A digest of what computes the answers: the named queries' text and the Python steps after them.

    Part of the folder name, so a coordreg whose queries changed (a new column, a fixed join) never reads an
    answer an older definition computed for the same registry version."""
    from importlib import resources

    digest = hashlib.sha256()
    for package, suffix in (("cypher", ".cypher"), ("registry.analysis", ".py")):
        for entry in sorted(resources.files(package).iterdir(), key=lambda e: e.name):
            if entry.name.endswith(suffix) and entry.is_file():
                digest.update(entry.name.encode("utf-8") + b"\0" + entry.read_bytes())
    return digest.hexdigest()[:16]


#: Bumped when the file layout changes, so files of an older coordreg are never read as current ones; the
#: digest of the definitions follows it.
LAYOUT = f"v2-{_definitions_digest()}"
_SAFE_KEY = re.compile(r"^[A-Za-z0-9-]{1,100}$")


def snapshot_root(home: Path | None = None) -> Path:
    """Where snapshots live: beside the user's saved queries, in COORDREG_HOME or the user's data folder."""
    return (home or default_home()) / "snapshots" / LAYOUT


def store_folder(store: GraphStore, home: Path | None = None) -> Path:
    digest = hashlib.sha256(store.identity().encode("utf-8")).hexdigest()[:20]
    return snapshot_root(home) / digest


def unfiltered(query: NamedQuery, bound: dict[str, Any]) -> bool:
    """A built-in query asked about the whole registry: no required parameter, every parameter at its default."""
    if not query.builtin or query.error is not None:
        return False
    return all(not p.required and bound.get(p.name) == p.default for p in query.header.parameters)


def answer(
    store: GraphStore,
    name: str,
    compute: Callable[[], QueryResult],
    *,
    home: Path | None = None,
    row_cap: int | None = None,
) -> QueryResult:
    """The whole-registry answer of query ``name``: read from this version's file, or computed (``compute`` runs
    the query live, uncapped) and kept. ``row_cap`` is applied afterwards, as a live query applies it."""
    started = time.perf_counter()
    version = store.registry_version()
    key = version.key
    if key is None or not _SAFE_KEY.match(key):
        return _capped(compute(), row_cap, started)
    path = store_folder(store, home) / key / f"{name}.arrow"
    kept = _read(path)
    if kept is not None:
        return _capped(kept, row_cap, started)
    result = compute()
    if not result.truncated and store.registry_version() == version:
        _keep(path, result.frame)
    return _capped(result, row_cap, started)


def _capped(result: QueryResult, row_cap: int | None, started: float) -> QueryResult:
    if row_cap is not None and len(result) > row_cap:
        result = result.first(row_cap)
    result.elapsed_ms, result.row_cap = (time.perf_counter() - started) * 1000, row_cap
    return result


# ---- Arrow files ---------------------------------------------------------------------------------------------


def _nested(data_type: pa.DataType) -> bool:
    """Lists, records, and cells of those kept dictionary-encoded (``_shared``)."""
    import pyarrow as pa

    if pa.types.is_dictionary(data_type):
        data_type = data_type.value_type
    return pa.types.is_nested(data_type)


def to_table(frame: pd.DataFrame) -> pa.Table | None:
    """The frame as an Arrow table, or None when Arrow cannot hold it (a column of mixed types). The texts in lists
    are kept dictionary-encoded (each distinct text once, then its number): reading takes each distinct text once
    and shares it among the cells holding it, without finding the distinct ones again on every read. So is a
    column of lists whose cells repeat a few distinct lists (``_shared``): each distinct list is then built once
    on reading, and every cell equal to it is that one list."""
    made = _table_of(frame)
    return None if made is None else made[0]


def _table_of(frame: pd.DataFrame) -> tuple[pa.Table, list[str]] | None:
    """``to_table``'s table, and the columns that read back exactly as they are by construction (``_text_lists``):
    only the others need reading back to be sure of it."""
    import pyarrow as pa

    exact: dict[str, pa.Array] = {}
    repeated: dict[str, tuple[pa.Array, list[int]]] = {}  # columns pyarrow builds, as their cells' codes, firsts
    if frame.columns.is_unique and all(type(name) is str for name in frame.columns):
        for name in frame.columns:
            column = frame[name]
            if column.dtype != object or not len(column):
                continue
            cells = column.tolist()
            kinds = set(map(type, cells))
            if list not in kinds or not kinds <= {list, type(None)}:
                continue
            array = _text_lists(cells)
            if array is not None:
                exact[name] = array
                continue
            # Lists of lists, records or numbers: cells of one repr taken as one (1, 1.0 and True apart), which the
            # read-back checks.
            shared = _shared(cells)
            if shared is not None:
                repeated[name] = shared
    rest = frame.drop(columns=list(exact))
    if not len(rest.columns):  # pandas would give a table of no rows
        return pa.table({name: exact[name] for name in frame.columns}), list(exact)
    try:
        table = pa.Table.from_pandas(rest, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    for name, (codes, firsts) in repeated.items():
        array = table.column(name).combine_chunks()
        encoded = pa.DictionaryArray.from_arrays(codes, array.take(pa.array(firsts, pa.int64())))
        table = table.set_column(table.column_names.index(name), name, encoded)
    for index, name in enumerate(frame.columns):
        if name in exact:
            table = table.add_column(index, name, exact[name])
    return table, list(exact)


def _distinct_cells(
    codes: np.ndarray, offsets: np.ndarray, missing: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray] | None:
    """Lists of numbers (cell i: ``codes[offsets[i]:offsets[i + 1]]``, a missing cell empty) as each cell's number
    among the distinct lists (-1 for a missing one) and where each distinct list is first found, all in NumPy: the
    cells told apart by a hash of their numbers and places, then each checked equal to the first cell of its hash
    (a collision, however unlikely, keeps them all apart). None when they repeat too little for it to pay, as
    ``_shared`` says."""
    import numpy as np

    lengths = np.diff(offsets)
    starts = offsets[:-1]
    place = np.arange(len(codes)) - np.repeat(starts, lengths)  # each number's place in its cell
    weights = np.random.default_rng(7).integers(1, 2**63, size=int(lengths.max(initial=0)) + 1, dtype=np.uint64)
    mixed = (codes.astype(np.uint64) + np.uint64(2)) * (weights[place] | np.uint64(1))
    hashes = lengths.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    filled = np.flatnonzero(lengths)
    if len(filled):
        hashes[filled] += np.add.reduceat(mixed, starts[filled])
    rows = np.arange(len(lengths)) if missing is None else np.flatnonzero(~missing)
    _, first, inverse = np.unique(hashes[rows], return_index=True, return_inverse=True)
    if 2 * len(first) > len(lengths):
        return None
    firsts = rows[first]
    numbers = np.full(len(lengths), -1, dtype=np.int64)
    numbers[rows] = inverse.reshape(-1)
    same = np.arange(len(lengths))  # the cell each one must equal: the first of its hash (a missing one, itself)
    same[rows] = firsts[numbers[rows]]
    if not (lengths[same] == lengths).all():
        return None
    if not (codes == codes[np.repeat(offsets[same], lengths) + place]).all():
        return None
    return numbers, firsts


def _shared(cells: list[Any]) -> tuple[pa.Array, list[int]] | None:
    """A column of lists as each cell's number among the distinct lists (a missing list null), and where each
    distinct list is first found; None when the cells repeat too little for it to pay (more than one distinct list
    in two cells). Lists of one ``repr`` are taken as equal, which ``_keep``'s read-back checks (lists of texts:
    ``_distinct_cells`` finds them faster, exactly). The actor network's 36,000 ties hold 7 distinct lists of
    levels, 1, 76 and 83 of names in other languages and 5,244 of mechanisms' labels, each built once instead of
    once a tie on every read (and held once in memory)."""
    import numpy as np
    import pyarrow as pa

    missing = object()  # no key equals it
    keys = list(map(repr, cells)) if None not in cells else [missing if c is None else repr(c) for c in cells]
    distinct = dict.fromkeys(keys)  # each distinct key once, in order of first appearance
    distinct.pop(missing, None)
    if 2 * len(distinct) > len(cells):
        return None
    numbers = dict(zip(distinct, range(len(distinct)), strict=True))
    numbers[missing] = -1
    codes = np.fromiter(map(numbers.__getitem__, keys), dtype=np.int32, count=len(keys))
    firsts = np.full(len(numbers) - 1, -1, dtype=np.int64)
    found = codes >= 0
    # Where each number is first found: positions assigned in reverse order, so the first one is written last.
    firsts[codes[found][::-1]] = np.flatnonzero(found)[::-1]
    return pa.array(codes, pa.int32(), mask=~found), firsts.tolist()


def _text_lists(cells: list[Any]) -> pa.Array | None:
    """A column whose cells are each a list of texts (a missing text None) or None, as a list array of dictionary-
    encoded texts (of nulls when no cell holds a text); None for any other column. Such a column reads
    back exactly as it is (lists of the same texts), so ``_keep`` need not build it again to check it: building and
    comparing its hundreds of thousands of cells was half of what keeping an answer cost. Anything else (a tuple,
    a NaN, a number, a str subclass) is left to pyarrow and to the check. Cells repeating few distinct lists are
    written as each distinct list once and a number per cell (``_distinct_cells``)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    missing = np.fromiter((cell is None for cell in cells), dtype=bool, count=len(cells)) if None in cells else None
    present = cells if missing is None else [[] if cell is None else cell for cell in cells]
    texts = list(chain.from_iterable(present))
    kinds = set(map(type, texts))
    if not kinds <= {str, type(None)}:
        return None
    if str not in kinds:  # lists of nothing but gaps (names in other languages, none given)
        values: pa.Array = pa.nulls(len(texts))
        codes = np.full(len(texts), -1, dtype=np.int64)
    else:
        codes, distinct = pd.factorize(np.array(texts, dtype=object), use_na_sentinel=True)
        try:
            values = pa.DictionaryArray.from_arrays(
                pa.array(codes, pa.int32(), mask=codes < 0), pa.array(distinct, pa.string())
            )
        except (pa.ArrowException, UnicodeError):  # a text UTF-8 cannot hold
            return None
    offsets = np.zeros(len(cells) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, present), dtype=np.int64, count=len(cells)), out=offsets[1:])
    shared = _distinct_cells(np.asarray(codes), offsets, missing)
    if shared is not None:  # each distinct list once, then each cell's number (a missing list null)
        numbers, firsts = shared
        lengths = np.diff(offsets)[firsts]
        starts = np.repeat(offsets[firsts] - np.cumsum(lengths) + lengths, lengths)
        taken = values.take(pa.array(starts + np.arange(int(lengths.sum())), pa.int64()))
        distinct = _list_array(np.concatenate(([0], np.cumsum(lengths))), taken, None)
        return pa.DictionaryArray.from_arrays(pa.array(numbers, pa.int32(), mask=numbers < 0), distinct)
    return _list_array(offsets, values, None if missing is None else pa.array(missing))


def _list_array(offsets: np.ndarray, values: pa.Array, mask: pa.Array | None) -> pa.Array:
    import numpy as np
    import pyarrow as pa

    if offsets[-1] < 2**31:
        return pa.ListArray.from_arrays(offsets.astype(np.int32), values, mask=mask)
    return pa.LargeListArray.from_arrays(offsets, values, mask=mask)


def from_table(table: pa.Table) -> pd.DataFrame:
    """The frame back: lists and maps as Python lists and dicts (as the stores give them), the rest through pandas.
    Maps whose keys differ from row to row come back with every key (missing ones as None): ``_keep`` checks
    the round trip, and such answers stay live."""
    import pandas as pd

    nested = [field.name for field in table.schema if _nested(field.type)]
    if len(set(table.column_names)) < table.num_columns:  # the frame is assembled from one column per name
        raise ValueError(f"columns named twice: {table.column_names}")
    # pandas would turn each list into a NumPy array first: the nested columns are built apart, as lists, each an
    # object array handed to the frame as it is (assigning them column after column copied the frame each time).
    with collector_paused(promote=True):  # the frame is kept for the version: the collector need not walk it
        plain = table.drop_columns(nested).to_pandas()
        columns: dict[str, Any] = {name: plain[name] for name in plain.columns}
        for name in nested:
            cells = _column(table.column(name).combine_chunks())
            columns[name] = pd.Series(cells, index=plain.index, dtype=object, copy=False)
        return pd.DataFrame({name: columns[name] for name in table.column_names}, index=plain.index, copy=False)


def _python_values(column: pa.ChunkedArray) -> list[Any]:
    """A column's cells as Python values: the same values ``to_pylist`` gives, built faster and smaller."""
    import pyarrow as pa

    array = column.combine_chunks()
    if _listed(array.type) or _text(array.type) or pa.types.is_dictionary(array.type):
        cells: list[Any] = _column(array).tolist()  # an object array's own objects, not copies
        return cells
    return list(array.to_pylist())


def _listed(data_type: pa.DataType) -> bool:
    import pyarrow as pa

    return pa.types.is_list(data_type) or pa.types.is_large_list(data_type)


def _text(data_type: pa.DataType) -> bool:
    import pyarrow as pa

    return pa.types.is_string(data_type) or pa.types.is_large_string(data_type)


def _column(array: pa.Array) -> np.ndarray:
    """An array's cells as an object array of Python values (the values ``to_pylist`` gives). A text is made once
    per distinct text and shared by every cell holding it: the 36,000-row actor network repeats a few thousand
    names, ids and levels in hundreds of thousands of cells, one str object each made its frame 62 MiB (now 37
    MiB). A list of plain values is cut from its values' object array by NumPy (``_cut``); lists of lists or of
    records are pyarrow's own conversion, which builds them faster than cutting each level."""
    import numpy as np
    import pyarrow as pa

    if _listed(array.type) and not _nested(array.type.value_type):
        # Offsets point into the whole child array, also when the list array is a slice (a capped answer):
        # only the slice's own values are converted.
        offsets = array.offsets.to_numpy()
        start = int(offsets[0])
        values = _column(array.values.slice(start, int(offsets[-1]) - start))
        cells = _cut(values, offsets - start)
        if array.null_count:
            cells[~array.is_valid().to_numpy(zero_copy_only=False)] = None
        return cells
    if _text(array.type):
        return _shared_texts(array)
    if pa.types.is_dictionary(array.type):  # texts and lists kept encoded (``to_table``): each distinct one made once
        dictionary = array.dictionary
        if _text(dictionary.type):
            distinct = np.fromiter(dictionary.to_pylist(), dtype=object, count=len(dictionary))
        else:
            distinct = _column(dictionary)
        if not len(distinct):  # every cell missing
            return np.full(len(array), None, dtype=object)
        taken: np.ndarray = distinct[array.indices.fill_null(0).to_numpy()]
        if array.null_count:
            taken[~array.is_valid().to_numpy(zero_copy_only=False)] = None
        return taken
    if pa.types.is_null(array.type):
        return np.full(len(array), None, dtype=object)
    return np.fromiter(array.to_pylist(), dtype=object, count=len(array))  # numbers, records: pyarrow's own


def _cut(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Cell i as the list ``values[offsets[i]:offsets[i + 1]]``, built in C: the cells of one length are taken as the
    rows of one 2-d array and made lists by ``tolist`` together (three times faster than slicing cell by cell)."""
    import numpy as np

    lengths = np.diff(offsets)
    cells = np.empty(len(lengths), dtype=object)
    if not len(lengths):
        return cells
    order = np.argsort(lengths, kind="stable")
    by_length = lengths[order]
    groups = np.flatnonzero(np.diff(by_length)) + 1
    for rows in np.split(order, groups):
        length = int(lengths[rows[0]])
        taken = values[offsets[rows, None] + np.arange(length)]
        # One cell after another: an object array assigned a list of equal-length lists would take it as 2-d.
        cells[rows] = np.fromiter(taken.tolist(), dtype=object, count=len(rows))
    return cells


def _shared_texts(array: pa.Array) -> np.ndarray:
    """A text array's values, each distinct text one Python str (a missing one None)."""
    import numpy as np
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(array, null_encoding="encode")
    distinct = np.array(encoded.dictionary.to_pylist(), dtype=object)
    taken: np.ndarray = distinct[encoded.indices.to_numpy(zero_copy_only=False)]
    return taken


def from_table_rows(table: pa.Table) -> tuple[list[str], list[list[Any]]]:
    """The table's column names and rows of Python values, without pandas: the values ``from_table``'s frame
    holds (a number column with gaps reads as floats and None, as the frame's NaN)."""
    with collector_paused():
        cells = [_python_values(table.column(i)) for i in range(table.num_columns)]
        return list(table.column_names), [list(row) for row in zip(*cells, strict=True)]


#: Files up to this size are read into rows with nanoarrow, which imports in milliseconds; pyarrow's import (it
#: brings NumPy) costs 0.15-0.3 s, most of a CLI command on a small registry, but pyarrow reads large files many
#: times faster (10,000 practices: 20-360 ms per answer against 0.2-1.5 s), so they keep it.
SMALL_FILE_BYTES = 256 * 1024
#: An Arrow IPC file is "ARROW1", two bytes of padding, then the stream format (nanoarrow reads streams).
FILE_MAGIC = b"ARROW1\0\0"


def _read(path: Path) -> QueryResult | None:
    """The kept answer as rows; its frame is built from the file's table only when asked for."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size <= SMALL_FILE_BYTES:
        return _read_small(path)
    import pyarrow as pa

    try:
        table = _arrow_table(path)
    except (OSError, pa.ArrowException) as exc:  # a damaged file is computed again, and replaced
        log.warning("snapshot %s cannot be read (%s); the query runs live", path, exc)
        return None
    return KeptAnswer(table)


def _arrow_table(path: Path | bytes) -> pa.Table:
    import pyarrow as pa
    import pyarrow.ipc

    if isinstance(path, bytes):
        return pyarrow.ipc.open_file(pa.BufferReader(path)).read_all()
    with pa.memory_map(str(path)) as source:
        return pyarrow.ipc.open_file(source).read_all()


def _read_small(path: Path) -> QueryResult | None:
    """A small kept answer's rows read with nanoarrow (the same Python values pyarrow gives: tested); its frame is
    read with pyarrow, only if asked for."""
    import nanoarrow
    import nanoarrow.ipc

    try:
        data = path.read_bytes()
        if not data.startswith(FILE_MAGIC):
            raise ValueError("not an Arrow IPC file")
        with collector_paused():
            stream = nanoarrow.ipc.InputStream.from_readable(io.BytesIO(data[len(FILE_MAGIC) :]))
            array = nanoarrow.ArrayStream(stream).read_all()
            columns = [str(array.schema.field(i).name) for i in range(array.schema.n_fields)]
            cells = [array.child(i).to_pylist() for i in range(len(columns))]
            rows = [list(row) for row in zip(*cells, strict=True)]
    except (OSError, ValueError, RuntimeError) as exc:  # nanoarrow's errors are RuntimeErrors
        log.warning("snapshot %s cannot be read (%s); the query runs live", path, exc)
        return None
    # The frame from the bytes already read: the file may be gone by then (a newer version removes older ones).
    return QueryResult(None, columns=columns, rows=rows, make_frame=lambda: from_table(_arrow_table(data)))


class KeptAnswer(QueryResult):
    """A kept answer read back: the file's Arrow table, from which the rows (the CLI prints them without pandas)
    and the frame (the app, the Python steps) are each built only when first asked for. Building both on every
    read cost twice what either costs (the 36,000-row actor network: 260 ms of rows nobody read, then its frame)."""

    def __init__(self, table: pa.Table, truncated: bool = False, elapsed_ms: float = 0.0, row_cap: int | None = None):
        super().__init__(
            None, truncated, elapsed_ms, row_cap, columns=list(table.column_names), rows=[],
            make_frame=lambda: from_table(table),
        )  # fmt: skip
        self._rows = None  # built from the table when asked for
        self.table: pa.Table | None = table

    @property
    def frame(self) -> pd.DataFrame:
        return super().frame

    @frame.setter
    def frame(self, frame: pd.DataFrame) -> None:
        QueryResult.frame.fset(self, frame)  # type: ignore[attr-defined]
        self.table = None  # a Python step replaced the answer

    @property
    def has_plain_rows(self) -> bool:
        return self._rows is not None or self.table is not None

    @property
    def rows(self) -> list[list[Any]]:
        if self._rows is None and self.table is not None:
            self._rows = from_table_rows(self.table)[1]
        return super().rows

    def first(self, count: int) -> QueryResult:
        if self.table is None or self._frame is not None or self._rows is not None:
            return super().first(count)
        return KeptAnswer(self.table.slice(0, count), True, self.elapsed_ms, self.row_cap)

    def __len__(self) -> int:
        return self.table.num_rows if self.table is not None else super().__len__()


def keep(store: GraphStore, name: str, table: pa.Table, version: RegistryVersion, *, home: Path | None = None) -> bool:
    """Keep ``table`` (``kept_table``'s) as query ``name``'s whole-registry answer at ``version`` (computed by the
    caller, who vouches that it is that version's answer: ``refresh.refresh_snapshot``). False when it is not kept
    (the folder cannot be written)."""
    if version.key is None or not _SAFE_KEY.match(version.key):
        return False
    return _write(store_folder(store, home) / version.key / f"{name}.arrow", table)


def kept_table(frame: pd.DataFrame) -> pa.Table | None:
    """The Arrow table ``frame`` is kept as, checked to read back exactly as computed; None when it stays live.
    Apart from writing it, so the refresh builds each answer's table as soon as it is computed, while the store
    computes the next answer, and writes the files only once the version is known to be theirs."""
    made = _table_of(frame)
    if made is None:
        return None
    table, exact = made
    # A check, not a belief: an answer that would not read back exactly as computed stays live. The columns of
    # lists of texts read back as they are by construction (``_text_lists``); the others are read back and compared.
    if not _reads_back(table.drop_columns(exact), frame.drop(columns=exact)):
        return None
    return table


def _keep(path: Path, frame: pd.DataFrame) -> bool:
    table = kept_table(frame)
    return table is not None and _write(path, table)


def _write(path: Path, table: pa.Table) -> bool:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _forget_other_versions(path.parent)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        import pyarrow as pa
        import pyarrow.ipc

        with pa.OSFile(str(partial), "wb") as sink, pyarrow.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        partial.replace(path)  # atomic: a reader sees the whole file or none
    except OSError as exc:
        log.warning("snapshot %s cannot be written (%s); the query runs live", path, exc)
        return False
    return True


def _reads_back(table: pa.Table, frame: pd.DataFrame) -> bool:
    """``frame`` is what ``from_table`` builds from ``table`` (values, dtypes, column names, a 0..n-1 index)."""
    import pandas as pd

    if not frame.index.equals(pd.RangeIndex(len(frame))) or table.num_rows != len(frame):
        return False
    if not table.num_columns:
        return not len(frame.columns)
    return from_table(table).equals(frame)


def _forget_other_versions(current: Path) -> None:
    """Files of earlier versions of this store answer nothing any more."""
    for folder in current.parent.iterdir():
        if folder != current and folder.is_dir():
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)
