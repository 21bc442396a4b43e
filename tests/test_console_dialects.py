"""The two Cypher dialects, against the real stores: every listed difference, and errors read back into words.

Each entry of ``registry.dialects.DIALECT_DIFFERENCES`` is run on both stores
with the seed registry: on the embedded FalkorDB its Neo4j form must fail with
the error the entry expects (and the console must name the entry), and its
equivalent must run; on Neo4j its Neo4j form must run, and a portable
equivalent must give the same answer. When FalkorDB learns a construct, the
first of these fails — the list, and the docs page generated from it, are
then out of date.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.console import run_console_query, without_comments
from registry.dialects import (
    DIALECT_DIFFERENCES,
    NEO4J_COMMAND,
    by_key,
    code_only,
    differences_table,
    explain_failure,
    marked_excerpt,
    missing_parameters,
    regex_rewrite,
)
from registry.dialects.errors import _sent_offsets
from registry.errors import QueryFailed

DIFFERENCES = {d.key: d for d in DIALECT_DIFFERENCES}


def failure(store, cypher: str, parameters: dict | None = None) -> str:
    with pytest.raises(QueryFailed) as caught:
        run_console_query(store, cypher, parameters or {})
    return str(caught.value)


def answer(store, cypher: str) -> list[list[object]]:
    return run_console_query(store, cypher).frame.values.tolist()


@pytest.mark.parametrize("key", list(DIFFERENCES))
def test_each_listed_difference_holds_on_the_real_stores(seed_store, key):
    difference = DIFFERENCES[key]
    if seed_store.dialect == "falkordb":
        message = failure(seed_store, difference.neo4j)
        assert difference.error.search(message), message
        problem = explain_failure(message, difference.neo4j, "falkordb")
        assert difference in problem.differences, (problem.kind, problem.message)
        assert problem.line == 1 and problem.column is not None  # the construct is marked in the text
        if problem.rewrite is not None:  # the person's own query, rewritten: here exactly the listed equivalent
            assert problem.rewrite == difference.embedded and not problem.needs_neo4j
        else:
            assert problem.needs_neo4j == (difference.embedded is None or difference.neo4j_for_the_rest)
        if difference.embedded is not None:
            assert answer(seed_store, difference.embedded)  # the equivalent runs, and answers
    else:
        expected = answer(seed_store, difference.neo4j)
        assert expected
        if difference.embedded is not None and difference.portable:
            assert answer(seed_store, difference.embedded) == expected


def test_the_docs_table_has_every_difference_and_says_where_only_neo4j_will_do():
    rows = differences_table("en")
    assert [r["key"] for r in rows] == list(DIFFERENCES)
    assert len(set(DIFFERENCES)) == len(DIALECT_DIFFERENCES)
    for row in rows:
        difference = by_key(row["key"])
        assert row["embedded"] == (difference.embedded or NEO4J_COMMAND)
        assert row["advice"] and row["construct"] and difference.construct_in("fr")
    assert all(d.advice[0] != d.advice[1] or len(d.advice[0]) < 40 for d in DIALECT_DIFFERENCES)  # French written


TYPED = "MATCH (p:Practice) // the practices, é\nWHERE p.title <> 'café' AND p.id = $x\nRETRN p.id"


def test_a_syntax_error_is_located_in_the_text_as_typed(seed_store):
    # A comment (which the console squeezes out), accents (FalkorDB counts bytes) and, on Neo4j, the EXPLAIN
    # the console puts in front: the mark still falls on the misspelt word of line 3.
    message = failure(seed_store, TYPED, {"x": "arg-intercosecha"})
    problem = explain_failure(message, TYPED, seed_store.dialect, {"x": "arg-intercosecha"})
    assert problem.kind == "syntax"
    assert (problem.line, problem.column, problem.found) == (3, 1, "RETRN")
    assert problem.did_you_mean == "RETURN"
    assert "line" not in problem.message and "errCtx" not in problem.message and "EXPLAIN" not in problem.message
    assert marked_excerpt(TYPED, problem).splitlines()[-2:] == ["3 | RETRN p.id", "    ^^^^^"]


def test_a_missing_parameter_is_named(seed_store):
    query = "MATCH (a:Actor) WHERE a.id = $actor AND a.kind = $kind RETURN a.id"
    message = failure(seed_store, query, {"actor": "arg-mteyss"})
    problem = explain_failure(message, query, seed_store.dialect, {"actor": "arg-mteyss"})
    assert problem.kind == "missing_parameters"
    assert problem.missing == ("kind",)
    assert problem.line == 1 and query[problem.offset :].startswith("$kind")


def test_an_unknown_function_and_an_undefined_variable_are_named(seed_store):
    query = "MATCH (p:Practice)\nRETURN nosuch(p) AS x"
    problem = explain_failure(failure(seed_store, query), query, seed_store.dialect)
    assert (problem.kind, problem.name, problem.line, problem.column) == ("unknown_function", "nosuch", 2, 8)
    assert not problem.differences
    query = "MATCH (p:Practice)\nRETURN p.id, q"
    problem = explain_failure(failure(seed_store, query), query, seed_store.dialect)
    assert (problem.kind, problem.name, problem.line, problem.column) == ("undefined_variable", "q", 2, 14)


def test_a_syntax_error_far_from_a_construct_is_not_blamed_on_it():
    query = "MATCH (p:Practice) WHERE EXISTS { MATCH (p)-->() }\nRETURN p.id, count(p) AS n ORDER BY n DESC LIMT 3"
    message = "errMsg: Invalid input 'L': expected LIMIT line: 2, column: 43, offset: 93 errCtx: … errCtxOffset: 3"
    assert explain_failure(message, query, "falkordb").differences == ()
    close = (
        "errMsg: Invalid input '(': expected ':', ',' or '}' line: 1, column: 41, offset: 40 errCtx: … errCtxOffset: 1"
    )
    assert explain_failure(close, query, "falkordb").differences == (by_key("exists-subquery"),)


@pytest.mark.parametrize(
    ("pattern", "written"),
    [
        ("(?i).*pension.*", "toLower(p.title) CONTAINS 'pension'"),
        ("(?i)Pension.*", "toLower(p.title) STARTS WITH 'pension'"),
        (".*(Spain)", None),
        ("^Social security$", "p.title = 'Social security'"),
        (".*mutuals", "p.title ENDS WITH 'mutuals'"),
        ("[A-Z]+", None),
    ],
)
def test_a_plain_regular_expression_is_rewritten_and_a_real_pattern_is_not(pattern, written):
    query = f"MATCH (p:Practice) WHERE p.title =~ '{pattern}' RETURN p.id"
    rewritten = regex_rewrite(query)
    if written is None:
        assert rewritten is None
    else:
        assert rewritten == f"MATCH (p:Practice) WHERE {written} RETURN p.id"


def test_missing_parameters_ignore_strings_and_comments():
    query = "// $not_this\nMATCH (a) WHERE a.id = $actor AND a.name <> '$nor_this' RETURN a"
    assert missing_parameters(query, {}) == ("actor",)
    assert missing_parameters(query, {"actor": "x"}) == ()


_PIECES = st.sampled_from(
    ["MATCH ", "(p)", " // note é\n", "/* block\n */", "'a // b'", '"c /* d"', "`x y`", "\n", "é"]
)


@given(st.lists(_PIECES, max_size=12))
def test_offsets_map_back_through_the_consoles_comment_squeezing(pieces):
    query = "".join(pieces)
    sent = without_comments(query)
    mapping = _sent_offsets(query)
    assert len(mapping) == len(sent)
    code = code_only(query)
    assert len(code) == len(query)
    for sent_at, typed_at in enumerate(mapping):
        if sent[sent_at] != " ":
            assert query[typed_at] == sent[sent_at]
