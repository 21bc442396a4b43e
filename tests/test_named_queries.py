"""Every built-in named query runs on the real embedded store and returns what its header promises.

The queries are found with ``list_queries(include_user=False)``, so a query
added to ``cypher/`` is tested without touching this file — unless it has a
required parameter of a new name, which then needs an example value below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from registry.queries.headers import parameters_used, parse_header
from registry.queries.library import BACKENDS, NamedQuery, list_queries, run_named_query

BUILTIN = list_queries(include_user=False)

# Example values by parameter name, for each registry the queries run on. Required
# parameters always get one; optional ones only in the "filtered" run, to exercise
# the filter branches of each query as well as the unfiltered one.
EXAMPLES: dict[str, dict[str, Any]] = {
    "seed_store": {
        "practice": "arg-intercosecha",
        "a": "arg-intercosecha",
        "b": "arg-digital-payroll-single-window",
        "actor": "arg-mteyss",
        "actor_a": "arg-mteyss",
        "actor_b": "arg-anses",
        "text": "meso",
        "collection": "issa-americas",
        "country": "ARG",
        "level": "meso",
        "actor_kind": "ministry",
        "function": "monitoring-against-duplicate-benefits",
    },
    "mini_store": {
        "practice": "tst-alpha",
        "a": "tst-alpha",
        "b": "tst-beta",
        "actor": "tst-ministry",
        "actor_a": "tst-agency",
        "actor_b": "tst-union",
        "text": "essais",
        "collection": "test",
        "country": "ARG",
        "level": "meso",
        "actor_kind": "ministry",
        "function": "monitoring-against-duplicate-benefits",
    },
}


def _parameters(query: NamedQuery, registry: str, *, filtered: bool) -> dict[str, Any]:
    chosen: dict[str, Any] = {}
    for param in query.header.parameters:
        if param.required or (filtered and param.name in EXAMPLES[registry]):
            if param.name not in EXAMPLES[registry]:
                pytest.fail(f"{query.name}: add an example value for required parameter '{param.name}' to EXAMPLES")
            chosen[param.name] = EXAMPLES[registry][param.name]
    return chosen


@pytest.mark.parametrize("registry", ["seed_store", "mini_store"])
@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_named_query_returns_its_declared_columns(
    name: str, registry: str, backend: str, request: pytest.FixtureRequest
) -> None:
    store = request.getfixturevalue(registry)
    query = BUILTIN[name]
    assert query.header.columns, f"{name}: the header declares no columns"
    for filtered in (False, True):
        result = run_named_query(store, name, _parameters(query, registry, filtered=filtered))
        assert list(result.frame.columns) == list(query.header.columns), (name, filtered)


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_header_declares_exactly_the_parameters_each_variant_uses(name: str) -> None:
    query = BUILTIN[name]
    declared = {p.name for p in query.header.parameters}
    for backend in BACKENDS:
        used = parameters_used(query.text_for(backend))
        assert used == declared, f"{query.files[backend]}: uses {sorted(used)}, header declares {sorted(declared)}"


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_header_is_complete(name: str) -> None:
    header = BUILTIN[name].header
    assert header.title and "?" in header.question, "the question is a question"
    assert set(header.backends) <= set(BACKENDS)
    assert len(set(header.columns)) == len(header.columns), "a column is declared twice"
    assert all(p.doc for p in header.parameters), "every parameter says what it is for"
    assert set(header.fold) <= {p.name for p in header.parameters}


def test_variant_headers_agree_with_the_portable_header() -> None:
    """A per-backend file may repeat the header for readers; if it does, it must say the same."""
    for name, query in BUILTIN.items():
        for backend in BACKENDS:
            path = Path(query.files[backend])
            if path.name == f"{name}.cypher":
                continue
            text = path.read_text(encoding="utf-8")
            if text.startswith("// title:"):
                variant = parse_header(text, str(path))
                assert variant.parameters == query.header.parameters, path
                assert variant.columns == query.header.columns, path


def _body(name: str) -> str:
    text = BUILTIN[name].text_for("falkordb")
    return "\n".join(line for line in text.splitlines() if not line.startswith("//"))


def test_actor_centrality_measures_exactly_the_actor_network_projection() -> None:
    """actor_centrality repeats actor_network's Cypher (a query file cannot include another); keep them equal."""
    assert _body("actor_centrality") == _body("actor_network")
    assert BUILTIN["actor_centrality"].header.parameters == BUILTIN["actor_network"].header.parameters
    assert BUILTIN["actor_centrality"].header.post == "centrality"


def test_analysis_queries_of_issue_4_are_all_present() -> None:
    wanted = {
        "actor_portfolio",
        "actor_network",
        "actor_centrality",
        "bridging_actors",
        "practice_overlap",
        "function_duplication",
        "cost_benefit",
        "path_between",
        "compare_practices",
        "search",
    }
    assert wanted <= set(BUILTIN)


def test_search_folds_its_text_parameter() -> None:
    assert BUILTIN["search"].header.fold == ("text",)
    assert BUILTIN["search"].bind({"text": "MÉSO"})["text"] == "meso"
