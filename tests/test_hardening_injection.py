"""Hardening, item 3: injection. Fuzz every named query's parameters, console
parameters and every case-file field with text made to break a query or a file:
the outcome is a normal answer or a validation error, never a store error, and
the graph is unchanged (or, for a load, holds exactly what the file says).
"""

from __future__ import annotations

import contextlib
import copy
import math
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hardening_support import MINI_REGISTRY, cli_env, graph_checksum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.yaml_cases import parse_case_text
from registry.console import run_console_query
from registry.errors import BadParameter, CaseValidationError
from registry.loading import load_paths
from registry.queries.library import list_queries, run_named_query
from registry.stores.embedded import EmbeddedStore

pytest_plugins = ["hardening_fixtures"]  # the reliability and synthetic fixtures, shared

# Examples per fuzz test: enough to hit every fragment below many times, few
# enough to keep the suite quick. The README's figures are bounded by these.
QUERY_EXAMPLES = 25
CONSOLE_EXAMPLES = 100
LOADER_TEXT_EXAMPLES = 100
LOADER_NUMBER_EXAMPLES = 40

FRAGMENTS = (
    "'", '"', "`", "\\", "\\'", '\\"', "{", "}", "[", "]", "(", ")", "//", "/*", "*/", "$", "$practice", ":", ";",
    "\n", "\r\n", "\r", "\t", "\x00", "\x1b[31m", "\u202e", "\u200f", "\u200d", "\u2028", "\u2029", "\x85", "\ufeff",
    "\ud800", "\udcff", "é", "Ministère", "\U0001f600", "' OR 1=1 //", "'}) DETACH DELETE n //", "`) RETURN 1 //",
    "\" CREATE (:Hack) //", "CYPHER x=1 ", "%s", "{{x}}", "${x}", "&a", "*a", "- ", "? ", "!!python/object", "#",
    "null", "~", "true", "1e3", "0x10", "arg-intercosecha", "ARG", "macro", "<script>alert(1)</script>",
)  # fmt: skip

nasty_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), min_size=1, max_size=8).map("".join),
    st.text(max_size=30),
    st.integers(1990, 2010).map(lambda n: "x" * n),  # around the 2000-character parameter cap
)

BUILTIN_QUERIES = {name: query for name, query in list_queries(include_user=False).items() if query.header.parameters}


def _value_for(param_type: str) -> st.SearchStrategy[Any]:
    by_type: dict[str, st.SearchStrategy[Any]] = {
        "string": nasty_text,
        "integer": st.one_of(st.integers(-(2**70), 2**70), st.integers(-3, 30).map(str), nasty_text),
        "float": st.one_of(st.floats(allow_nan=True, allow_infinity=True), nasty_text),
        "boolean": st.one_of(st.booleans(), nasty_text),
        "list": st.one_of(st.lists(nasty_text, max_size=4), nasty_text),
    }
    return by_type[param_type]


@pytest.fixture(scope="module")
def seed_checksum(seed_store):
    return graph_checksum(seed_store)


@pytest.mark.parametrize("name", sorted(BUILTIN_QUERIES))
def test_named_query_parameters_never_reach_the_store_as_code(seed_store, seed_checksum, name, reliability):
    query = BUILTIN_QUERIES[name]
    params = st.fixed_dictionaries(
        {},
        optional={p.name: _value_for(p.type) for p in query.header.parameters if not p.required},
    )
    required = st.fixed_dictionaries({p.name: _value_for(p.type) for p in query.header.parameters if p.required})

    @settings(max_examples=QUERY_EXAMPLES, deadline=None, database=None, derandomize=True)
    @given(required=required, optional=params)
    def run(required: dict[str, Any], optional: dict[str, Any]) -> None:
        reliability.add("inputs_tried", "fuzzed named-query parameters")
        try:
            result = run_named_query(seed_store, name, {**optional, **required}, timeout_ms=20_000)
        except BadParameter:
            return
        assert list(result.frame.columns) or result.frame.empty

    run()
    assert graph_checksum(seed_store) == seed_checksum


INTEGER_PARAMETERS = [
    (name, p.name) for name, q in sorted(BUILTIN_QUERIES.items()) for p in q.header.parameters if p.type == "integer"
]
EDGE_VALUES = (-1, 0, 2**63 - 1, "-5")
# At most this many inputs are tried here (the README's figure is checked against the sum over modules).
# The named-query and console parameters are tried on each store (the seed registry on both).
INPUTS_TRIED = (
    2 * QUERY_EXAMPLES * len(BUILTIN_QUERIES)
    + 2 * len(INTEGER_PARAMETERS) * len(EDGE_VALUES)
    + 2 * CONSOLE_EXAMPLES
    + LOADER_TEXT_EXAMPLES
    + LOADER_NUMBER_EXAMPLES
    + 1
)


@pytest.mark.parametrize(("name", "param"), INTEGER_PARAMETERS, ids=[f"{n}-{p}" for n, p in INTEGER_PARAMETERS])
@pytest.mark.parametrize("value", EDGE_VALUES)
def test_integer_parameters_at_their_edges(seed_store, name, param, value, reliability):
    """Edges the fuzz may or may not draw, tried every time: a negative count or
    limit must be refused as a parameter error, not reach the store."""
    reliability.add("inputs_tried", "named-query integer at its edge")
    query = BUILTIN_QUERIES[name]
    actors = seed_store.read("MATCH (a:Actor) RETURN a.id AS id ORDER BY id LIMIT 2").frame["id"].tolist()
    required = {p.name: actors[i % 2] for i, p in enumerate(query.header.parameters) if p.required}
    with contextlib.suppress(BadParameter):
        run_named_query(seed_store, name, {**required, param: value}, timeout_ms=20_000)


@settings(max_examples=CONSOLE_EXAMPLES, deadline=None, database=None, derandomize=True)
@given(value=st.one_of(nasty_text, st.lists(nasty_text, max_size=3), st.floats(), st.integers(-(2**70), 2**70)))
def test_console_parameters_come_back_exactly_or_are_refused(seed_store, value, reliability):
    """FalkorDB's client writes parameters as text in front of the query (CYPHER v="…"):
    whatever the value holds must come back unchanged, or be refused by name."""
    reliability.add("inputs_tried", "fuzzed console parameter")
    try:
        result = run_console_query(seed_store, "RETURN $v AS v", {"v": value})
    except BadParameter as exc:
        assert "parameter 'v'" in str(exc)
        return
    assert _same(result.frame.iat[0, 0], value)


def _same(back: Any, sent: Any) -> bool:
    """Equal, and of the same kind. FalkorDB writes floats into its answers with
    15 significant digits (%.15g), so floats are equal to that precision."""
    if isinstance(sent, float):
        return isinstance(back, float) and math.isfinite(sent) and math.isclose(back, sent, rel_tol=1e-14)
    if isinstance(sent, list):
        return isinstance(back, list) and len(back) == len(sent) and all(map(_same, back, sent))
    return bool(back == sent) and isinstance(back, str) == isinstance(sent, str)


def test_undecodable_command_line_bytes_are_a_clear_error(coordreg_home, reliability):
    """Bytes that are not UTF-8 on the command line reach Python as lone surrogates."""
    reliability.add("inputs_tried", "undecodable command-line bytes")
    for args in (
        [b"query", b"practice_levels", b"--param", b"practice=arg-\xff\xfe"],
        [b"cypher", b"RETURN $v AS v", b"--param", b"v=\xff"],
    ):
        done = subprocess.run(
            [sys.executable.encode(), b"-m", b"registry.cli", *args],
            capture_output=True,
            env=cli_env(coordreg_home, "seed_registry"),
            timeout=120,
        )
        stderr = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 1, stderr
        assert "not valid" in stderr and "Traceback" not in stderr


# ------------------------------------------------------------------ loader


def _base_case() -> dict[str, Any]:
    """tests/fixtures/mini/alpha.yaml made self-contained: the catalogue's source and ministry added."""
    alpha = yaml.safe_load((MINI_REGISTRY / "alpha.yaml").read_text(encoding="utf-8"))
    catalogue = yaml.safe_load((MINI_REGISTRY / "catalogue.yaml").read_text(encoding="utf-8"))
    alpha["sources"] = catalogue["sources"]
    alpha["actors"] = alpha["actors"] + catalogue["actors"]
    alpha["agreements"][0]["parties"][0]["role"] = "signatory"
    alpha["mechanisms"][0]["description"]["fr"] = "Le ministère et l'agence signent."
    alpha["practice"]["title"]["fr"] = "Pratique Alpha"
    alpha["level_claims"][0]["rationale"] = "The table says so."
    alpha["sources"][0]["url"] = "https://example.org/source"
    alpha["actors"][0]["note"] = "An invented agency."
    alpha["practice"]["display_order"] = 3
    return alpha


BASE_CASE = _base_case()

# Case-file field (path) -> where its value lands: (label, id of the node, property[, list index])
# or ("rel", cypher returning the relationship property as v).
TEXT_FIELDS: dict[tuple[Any, ...], tuple[Any, ...]] = {
    ("practice", "title", "original"): ("Practice", "tst-alpha", "title_original"),
    ("practice", "title", "en"): ("Practice", "tst-alpha", "title"),
    ("practice", "title", "fr"): ("Practice", "tst-alpha", "title_fr"),
    ("practice", "region"): ("Practice", "tst-alpha", "region"),
    ("practice", "summary", "en"): ("Practice", "tst-alpha", "summary_en"),
    ("practice", "summary", "fr"): ("Practice", "tst-alpha", "summary_fr"),
    ("practice", "collection"): ("Practice", "tst-alpha", "collection"),
    ("practice", "id"): ("Practice", None, "id"),
    ("practice", "cited", 0, "locator"): ("rel", "MATCH (:Practice)-[r:CITES]->() RETURN r.locator AS v"),
    ("sources", 0, "citation"): ("Source", "test-source", "citation"),
    ("sources", 0, "publisher"): ("Source", "test-source", "publisher"),
    ("sources", 0, "url"): ("Source", "test-source", "url"),
    ("actors", 0, "name"): ("Actor", "tst-agency", "name"),
    ("actors", 0, "acronym"): ("Actor", "tst-agency", "acronym"),
    ("actors", 1, "original_name"): ("Actor", "tst-ministry", "original_name"),
    ("actors", 0, "note"): ("Actor", "tst-agency", "note"),
    ("actors", 0, "id"): ("Actor", None, "id"),
    ("agreements", 0, "title"): ("Agreement", "tst-alpha-agreement", "title"),
    ("agreements", 0, "purpose", "en"): ("Agreement", "tst-alpha-agreement", "purpose_en"),
    ("mechanisms", 0, "label"): ("Mechanism", "tst-alpha-m1", "label"),
    ("mechanisms", 0, "description", "en"): ("Mechanism", "tst-alpha-m1", "description_en"),
    ("mechanisms", 0, "description", "fr"): ("Mechanism", "tst-alpha-m1", "description_fr"),
    ("mechanisms", 1, "actors", 0, "role"): (
        "rel",
        "MATCH (:Mechanism {id: 'tst-alpha-m2'})-[r:INVOLVES]->() RETURN r.role AS v",
    ),
    ("level_claims", 0, "locator"): ("LevelClaim", "tst-alpha-claim-table", "locator"),
    ("level_claims", 0, "rationale"): ("LevelClaim", "tst-alpha-claim-table", "rationale"),
    ("evidence", 0, "description", "en"): ("Evidence", "tst-alpha-ev1", "description_en"),
    ("evidence", 0, "locator"): ("Evidence", "tst-alpha-ev1", "locator"),
    ("evidence", 0, "category"): ("Evidence", "tst-alpha-ev1", "category"),
    ("evidence", 0, "figures", 0, "unit"): ("Evidence", "tst-alpha-ev1", "figure_units", 0),
    ("evidence", 0, "figures", 0, "label"): ("Evidence", "tst-alpha-ev1", "figure_labels", 0),
}
NUMBER_FIELDS: dict[tuple[Any, ...], tuple[Any, ...]] = {
    ("evidence", 0, "figures", 0, "value"): ("Evidence", "tst-alpha-ev1", "figure_values", 0),
    ("practice", "years", 0): ("Practice", "tst-alpha", "years", 0),
    ("practice", "display_order"): ("Practice", "tst-alpha", "display_order"),
    ("sources", 0, "year"): ("Source", "test-source", "year"),
    ("mechanisms", 0, "order"): ("Mechanism", "tst-alpha-m1", "order"),
}


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE_CASE)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _model_value(case: Any, path: tuple[Any, ...]) -> Any:
    node = case
    for key in path:
        node = node[key] if isinstance(key, int) else getattr(node, key)
    return node


def _stored(store: EmbeddedStore, target: tuple[Any, ...], value: Any) -> Any:
    if target[0] == "rel":
        frame = store.read(target[1]).frame
        return frame["v"].tolist()
    label, ident, prop, *index = target
    ident = value if ident is None else ident
    # label and prop come from the table above, never from fuzzed data
    frame = store.read(f"MATCH (n:{label}) WHERE n.id = $id RETURN n.{prop} AS v", {"id": ident}).frame
    assert len(frame) == 1, f"{label} {ident!r} is not in the graph once"
    stored = frame.iat[0, 0]
    return stored[index[0]] if index else stored


def _only_blank_around(raw: str, kept: str) -> bool:
    """The model strips surrounding white space, and nothing else."""
    start = raw.find(kept)
    if start < 0:
        return False
    removed = raw[:start] + raw[start + len(kept) :]
    return all(c.isspace() or unicodedata.category(c) in {"Zs", "Zl", "Zp", "Cc"} for c in removed)


@pytest.fixture(scope="module")
def loader_graph(coordreg_home):
    store = EmbeddedStore(coordreg_home, f"hardening_loader_fuzz_{os.getpid()}")
    store.wipe()
    yield store
    store.wipe()
    store.close()


def _load_fuzzed(store: EmbeddedStore, folder: Path, path: tuple[Any, ...], value: Any, target: tuple[Any, ...]):
    text = yaml.safe_dump(_with(path, value), allow_unicode=True, sort_keys=False)
    case_file = folder / "fuzzed.yaml"
    case_file.write_text(text, encoding="utf-8", errors="surrogatepass")
    before = graph_checksum(store)
    try:
        load_paths(store, [case_file])
    except CaseValidationError as exc:
        assert exc.problems and all(p.file == str(case_file) for p in exc.problems), exc.problems
        assert graph_checksum(store) == before, "a refused file wrote something"
        return None
    case, problems = parse_case_text(case_file.read_text(encoding="utf-8"), str(case_file))
    assert case is not None and not problems
    in_file = _get(yaml.safe_load(case_file.read_text(encoding="utf-8")), path)
    kept = _model_value(case, path)
    stored = _stored(store, target, kept)
    assert _same(stored, [kept] if target[0] == "rel" else kept), (in_file, kept, stored)
    return in_file, kept


def test_the_base_case_loads_and_every_field_reads_back(loader_graph, tmp_path):
    """The fuzz below is only meaningful if the unfuzzed case loads and every mapping points at its value."""
    case_file = tmp_path / "base.yaml"
    case_file.write_text(yaml.safe_dump(BASE_CASE, allow_unicode=True), encoding="utf-8")
    load_paths(loader_graph, [case_file])
    for path, target in {**TEXT_FIELDS, **NUMBER_FIELDS}.items():
        expected = _get(BASE_CASE, path)
        stored = _stored(loader_graph, target, expected)
        assert (stored == [expected]) if target[0] == "rel" else (stored == expected), path


@settings(
    max_examples=LOADER_TEXT_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(path=st.sampled_from(sorted(TEXT_FIELDS, key=str)), value=nasty_text)
def test_fuzzed_text_fields_load_exactly_or_are_refused(loader_graph, tmp_path, path, value, reliability):
    reliability.add("inputs_tried", "fuzzed case-file text field")
    loaded = _load_fuzzed(loader_graph, tmp_path, path, value, TEXT_FIELDS[path])
    if loaded is not None:
        in_file, kept = loaded
        assert _only_blank_around(in_file, kept), (in_file, kept)


@settings(
    max_examples=LOADER_NUMBER_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    path=st.sampled_from(sorted(NUMBER_FIELDS, key=str)),
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(2**70), 2**70),
        st.sampled_from([float("nan"), float("inf"), -float("inf"), 2**63, -(2**63) - 1, 1e308, True]),
    ),
)
def test_fuzzed_number_fields_load_exactly_or_are_refused(loader_graph, tmp_path, path, value, reliability):
    reliability.add("inputs_tried", "fuzzed case-file number field")
    loaded = _load_fuzzed(loader_graph, tmp_path, path, value, NUMBER_FIELDS[path])
    if loaded is not None:
        _, kept = loaded
        assert math.isfinite(kept)


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        (("mechanisms", 0, "description", "en"), "before\x00after", "NUL character"),
        (("actors", 0, "name"), "lone \ud800 surrogate", "unicode"),
        (("evidence", 0, "figures", 0, "value"), float("nan"), "finite number"),
        (("evidence", 0, "figures", 0, "value"), float("inf"), "finite number"),
    ],
)
def test_values_no_store_can_hold_are_refused_by_name(loader_graph, tmp_path, path, value, words):
    """Found by the fuzz above: each of these passed validation, then failed (or
    crashed) at the write. Now the file and field are named, and nothing is written."""
    case_file = tmp_path / "odd.yaml"
    case_file.write_text(
        yaml.safe_dump(_with(path, value), allow_unicode=True), encoding="utf-8", errors="surrogatepass"
    )
    before = graph_checksum(loader_graph)
    with pytest.raises(CaseValidationError) as info:
        load_paths(loader_graph, [case_file])
    problem = info.value.problems[0]
    assert problem.file == str(case_file) and words in problem.message
    assert problem.field == str(path[-1] if isinstance(path[-1], str) else path[-2])
    assert graph_checksum(loader_graph) == before
