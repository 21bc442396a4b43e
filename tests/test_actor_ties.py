"""actor_network's ties formed in Python (registry/analysis/actor_ties.py) give the answer the store's own join gave.

The reference is actor_network's Cypher from before the change (tests/fixtures/actor_ties/), run live on the same
store: the store joins every pair of actors per connector and groups the pairs itself. Both answers must agree
cell for cell — same columns in the same order, same rows in the same order, same lists in the same order, same
types — for every combination of the five filters, on the seed registry, on a generated registry and on a small
registry made for the cases the others lack (a mechanism working at two levels, an agreement used by mechanisms
of two practices at different levels, an actor of two kinds, actors with names in other languages).
"""

from __future__ import annotations

import itertools
import math
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from conftest import MINI_REGISTRY, _shared_scope
from reference_answers import generated_graph

from registry.analysis.actor_ties import TIE_COLUMNS, actor_ties
from registry.queries.library import get_query, run_named_query

REFERENCE = Path(__file__).parent / "fixtures" / "actor_ties" / "actor_network_in_cypher.cypher"
FILTERS = ("level", "country", "practice", "collection", "actor_kind")


def reference(store: Any, parameters: dict[str, Any]) -> pd.DataFrame:
    """The old answer: the store forms, groups and orders the pairs itself."""
    bound = {name: parameters.get(name) for name in FILTERS}
    return store.read(REFERENCE.read_text(encoding="utf-8"), bound, timeout_ms=120_000).frame


def computed(store: Any, parameters: dict[str, Any]) -> pd.DataFrame:
    return run_named_query(store, "actor_network", parameters, snapshot=False, timeout_ms=120_000).frame


def assert_same_cells(left: Any, right: Any, where: str) -> None:
    """Equal values of the same type, lists compared item by item in order (1 == 1.0 or True == 1 would not do)."""
    assert type(left) is type(right), f"{where}: {left!r} ({type(left).__name__}) != {right!r}"
    if isinstance(left, list):
        assert len(left) == len(right), f"{where}: {left!r} != {right!r}"
        for n, (a, b) in enumerate(zip(left, right, strict=True)):
            assert_same_cells(a, b, f"{where}[{n}]")
    elif not (isinstance(left, float) and math.isnan(left) and math.isnan(right)):  # a gap pandas read as NaN
        assert left == right, f"{where}: {left!r} != {right!r}"


def assert_same_answer(new: pd.DataFrame, old: pd.DataFrame, parameters: dict[str, Any]) -> None:
    assert list(new.columns) == list(old.columns) == list(TIE_COLUMNS), parameters
    assert [str(t) for t in new.dtypes] == [str(t) for t in old.dtypes], parameters
    assert len(new) == len(old), parameters
    for column in old.columns:
        for n, (a, b) in enumerate(zip(new[column].tolist(), old[column].tolist(), strict=True)):
            assert_same_cells(a, b, f"{parameters} row {n} {column}")


def filter_values(store: Any) -> dict[str, list[Any]]:
    """For each filter: no filter, and the values with the most ties (so combinations often keep some)."""
    ties = reference(store, {})
    assert len(ties) > 0
    countries = store.read("MATCH (p:Practice) UNWIND p.countries AS c RETURN c, count(*) AS n ORDER BY n DESC, c")
    collections = store.read("MATCH (p:Practice) RETURN p.collection AS c, count(*) AS n ORDER BY n DESC, c")
    kinds = pd.Series([k for pair in zip(ties["source_kind"], ties["target_kind"], strict=True) for k in pair])
    practices = pd.Series([p for listed in ties["practices"] for p in listed])
    return {
        "level": [None, "macro", "meso", "micro"],
        "country": [None, countries.frame["c"][0]],
        "practice": [None, practices.value_counts().index[0]],
        "collection": [None, collections.frame["c"][0]],
        "actor_kind": [None, kinds.value_counts().index[0]],
    }


def every_combination(store: Any) -> Iterator[dict[str, Any]]:
    values = filter_values(store)
    for chosen in itertools.product(*(values[name] for name in FILTERS)):
        yield {name: value for name, value in zip(FILTERS, chosen, strict=True) if value is not None}


def edge_cases(folder: Path) -> Path:
    """The mini registry with the cases the seed lacks: a mechanism at two levels (meso and micro) with three actors,
    the alpha agreement also used by beta's micro mechanism, and an actor of two kinds."""
    shutil.copytree(MINI_REGISTRY, folder)
    alpha_path, beta_path = folder / "alpha.yaml", folder / "beta.yaml"
    alpha = yaml.safe_load(alpha_path.read_text(encoding="utf-8"))
    second = alpha["mechanisms"][1]
    second["level"] = ["meso", "micro"]
    second["actors"] = [
        {"actor": "tst-agency", "role": "monitor"},
        {"actor": "tst-ministry", "role": "funder"},
        {"actor": "tst-union", "role": "outreach"},
    ]
    alpha["actors"][0]["kind"] = ["social-security-institution", "registry"]
    alpha_path.write_text(yaml.safe_dump(alpha, allow_unicode=True, sort_keys=False), encoding="utf-8")
    beta = yaml.safe_load(beta_path.read_text(encoding="utf-8"))
    beta["mechanisms"][0]["agreements"] = ["tst-alpha-agreement"]
    beta_path.write_text(yaml.safe_dump(beta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


@pytest.fixture(scope=_shared_scope("module"))
def generated_store(request, backend: str, tmp_path_factory) -> Iterator[Any]:
    """A generated registry of 300 practices and the edge cases, in one graph."""
    work = tmp_path_factory.mktemp("actor-ties")
    edge = edge_cases(work / "edge")
    yield from generated_graph(request, backend, work / "generated", "actor_ties", practices=300, seed=11, more=(edge,))


def test_the_query_runs_no_pair_join_and_names_its_step() -> None:
    query = get_query("actor_network")
    assert query.header.post == "actor_ties"
    assert query.header.columns == TIE_COLUMNS
    body = "\n".join(line for line in query.text_for("falkordb").splitlines() if not line.startswith("//"))
    assert "(a1:Actor)<-" not in body  # the pairs are no longer joined in the store


def test_same_answer_as_the_stores_join_on_the_seed_registry(seed_store) -> None:
    compared = 0
    for parameters in every_combination(seed_store):
        old = reference(seed_store, parameters)
        assert_same_answer(computed(seed_store, parameters), old, parameters)
        compared += len(old) > 0
    assert compared >= 8  # many combinations keep ties: the comparison is not only of empty answers


def test_same_answer_as_the_stores_join_on_a_generated_registry(generated_store) -> None:
    compared = 0
    for parameters in every_combination(generated_store):
        old = reference(generated_store, parameters)
        assert_same_answer(computed(generated_store, parameters), old, parameters)
        compared += len(old) > 0
    assert compared >= 8


def test_the_edge_cases_are_in_the_answer_and_the_same(generated_store) -> None:
    test = {"collection": "test"}
    for parameters in [{"practice": "tst-alpha"}, test, {**test, "level": "micro"}, {**test, "level": "meso"},
                       {**test, "actor_kind": "registry"}]:  # fmt: skip
        assert_same_answer(computed(generated_store, parameters), reference(generated_store, parameters), parameters)
    ties = computed(generated_store, {"collection": "test"}).set_index(["source", "target"])
    # tst-alpha-m2 works at meso and micro; the alpha agreement is declared by alpha and used by alpha (macro) and
    # beta (micro), so the agency and the ministry are tied at all three levels, in both practices.
    both = ties.loc[("tst-agency", "tst-ministry")]
    assert both["levels"] == ["macro", "meso", "micro"]
    assert both["practices"] == ["tst-alpha", "tst-beta"]
    assert both["agreements"] == ["tst-alpha-agreement"] and both["agreement_titles"] == ["Alpha agreement"]
    assert both["mechanisms"] == ["tst-alpha-m1", "tst-alpha-m2"] and both["weight"] == 3
    only_micro = computed(generated_store, {"collection": "test", "level": "micro"}).set_index(["source", "target"])
    assert only_micro.loc[("tst-agency", "tst-union")]["mechanisms"] == ["tst-alpha-m2"]


def test_no_ties_gives_the_columns_and_no_rows(generated_store) -> None:
    parameters = {"practice": "tst-beta", "actor_kind": "registry"}
    new, old = computed(generated_store, parameters), reference(generated_store, parameters)
    assert new.empty and old.empty
    assert_same_answer(new, old, parameters)


def test_ties_of_an_empty_answer_have_every_column() -> None:
    assert list(actor_ties(pd.DataFrame()).columns) == list(TIE_COLUMNS)


def test_centrality_is_measured_on_the_same_ties(generated_store) -> None:
    from registry.analysis.network import centrality_table

    for parameters in [{}, {"level": "macro"}, {"collection": "test"}]:
        live = run_named_query(generated_store, "actor_centrality", parameters, snapshot=False).frame
        pd.testing.assert_frame_equal(live, centrality_table(reference(generated_store, parameters)))


def test_a_row_cap_cuts_the_ties_not_the_stores_rows(seed_store) -> None:
    """The console caps answers (row_cap): the step needs all the store's rows, and the cap applies to the ties."""
    parameters = {"collection": "issa-americas"}  # filtered: computed live, not read from the snapshot
    whole = computed(seed_store, parameters)
    assert len(whole) > 5
    capped = run_named_query(seed_store, "actor_network", parameters, snapshot=False, row_cap=5)
    assert capped.truncated and capped.row_cap == 5 and len(capped) == 5
    assert_same_answer(capped.frame, whole.iloc[:5].reset_index(drop=True), parameters)
    uncut = run_named_query(seed_store, "actor_network", parameters, snapshot=False, row_cap=len(whole))
    assert not uncut.truncated
    assert_same_answer(uncut.frame, whole, parameters)
