"""What travels between coordreg and the embedded store: parameters as text, answers in compact form.

coordreg writes both itself (faster than the client library); these tests hold it to the library's output
on a real store.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from falkordb.graph import Graph

from registry.errors import BadParameter
from registry.stores.embedded import EmbeddedStore, plain_value
from registry.stores.falkordb_params import params_header

# The embedded store's own reply decoder, held to its client library's: nothing to compare on Neo4j.
pytestmark = pytest.mark.falkordb_only


@pytest.mark.parametrize(
    "value",
    ['quote " and backslash \\ and\nnewline', "", "é ü 中", [1, -2, 2.5, None, "x"], {"k": [{"inner": "v"}]}, 0.1],
)
def test_params_header_writes_what_the_client_library_writes(value: object) -> None:
    assert params_header({"p": value}) == Graph._build_params_header(None, {"p": value})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "words"),
    [("a\x00b", "NUL"), (float("nan"), "finite"), (2**70, "64-bit"), ("\ud800", "surrogate"), ({"": 1}, "map key")],
)
def test_params_header_refuses_what_it_cannot_carry(value: object, words: str) -> None:
    with pytest.raises(BadParameter, match=words):
        params_header({"p": value})


ROUND_TRIP_VALUES: list[Any] = [
    "plain",
    'quote " backslash \\ newline\n tab\t',
    "é ü 中 🙂",
    "",
    0,
    -(2**63),
    2**63 - 1,
    2.5,
    -1e-05,
    True,
    False,
    None,
    [1, "two", 3.0, None, [True, ["deep"]]],
    {"k": "v", "n": [1, {"inner": None}], "f": 0.25},
]


@pytest.mark.parametrize("value", ROUND_TRIP_VALUES, ids=range(len(ROUND_TRIP_VALUES)))
def test_a_parameter_comes_back_unchanged(store: EmbeddedStore, value: Any) -> None:
    frame = store.read("RETURN $value AS value, [$value] AS wrapped", {"value": value}).frame
    assert frame.loc[0, "value"] == value
    assert frame.loc[0, "wrapped"] == [value]


def _client_library_frame(store: EmbeddedStore, cypher: str) -> pd.DataFrame:
    result = store._graph.ro_query(cypher)
    rows = [[plain_value(v) for v in row] for row in result.result_set]
    return pd.DataFrame(rows, columns=[str(h[1]) for h in result.header])


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (p:Practice) RETURN p.id AS id, p.title AS title, p.countries AS countries, p.years AS years "
        "ORDER BY id",
        "MATCH (p:Practice)-[:HAS_MECHANISM]->(m) RETURN p.id AS id, collect({m: m.id, level: m.level}) AS ms, "
        "count(m) * 1.5 AS weight, count(m) > 1 AS several ORDER BY id",
        "MATCH (p:Practice) RETURN p AS practice ORDER BY p.id",
        "MATCH (p:Practice)-[r:HAS_MECHANISM]->(m) RETURN r, m.id AS m ORDER BY m",
        "MATCH path = (p:Practice)-[:HAS_MECHANISM]->() RETURN path LIMIT 1",
    ],
)
def test_answers_read_like_the_client_library_reads_them(mini_store: EmbeddedStore, cypher: str) -> None:
    ours = mini_store.read(cypher).frame
    theirs = _client_library_frame(mini_store, cypher)
    assert len(ours) > 0
    assert ours.columns.tolist() == theirs.columns.tolist()
    assert ours.to_dict("records") == theirs.to_dict("records")


def test_an_empty_answer_keeps_its_columns(mini_store: EmbeddedStore) -> None:
    frame = mini_store.read("MATCH (p:Practice) WHERE p.id = $id RETURN p.id AS id, p.title AS title",
                            {"id": "no-such-practice"}).frame  # fmt: skip
    assert frame.columns.tolist() == ["id", "title"]
    assert frame.empty
