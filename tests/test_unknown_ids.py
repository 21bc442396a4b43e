"""An id the registry does not hold is an error naming the closest ids, never an empty answer;
a name or acronym a person types is resolved to its id when it names one node only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import MINI_REGISTRY, graph_env
from test_named_queries import EXAMPLES as NAMED_QUERY_EXAMPLES

from registry.errors import BadParameter, UnknownId
from registry.loading import load_paths
from registry.queries.id_check import ID_PARAMETERS
from registry.queries.library import list_queries, run_named_query

BUILTIN = list_queries(include_user=False)
# Valid values, so that only the parameter under test is unknown: the seed examples of the named-query test.
VALID = NAMED_QUERY_EXAMPLES["seed_store"]
ID_CASES = sorted(
    (name, param.name)
    for name, query in BUILTIN.items()
    for param in query.header.parameters
    if param.name in ID_PARAMETERS
)


@pytest.mark.parametrize(("name", "param"), ID_CASES, ids=[f"{n}-{p}" for n, p in ID_CASES])
def test_every_id_parameter_refuses_an_unknown_value(seed_store, name: str, param: str) -> None:
    required = {p.name: VALID[p.name] for p in BUILTIN[name].header.parameters if p.required}
    with pytest.raises(UnknownId) as raised:
        run_named_query(seed_store, name, {**required, param: "zq-nothing-like-it"})
    message = str(raised.value)
    assert "\n" not in message and "'zq-nothing-like-it'" in message
    assert isinstance(raised.value, BadParameter)  # shown wherever a parameter error is shown


def test_the_message_names_the_three_closest_ids(seed_store) -> None:
    with pytest.raises(UnknownId) as raised:
        run_named_query(seed_store, "actor_portfolio", {"actor": "MTEySSS"})
    message = str(raised.value)
    assert message.startswith("no actor 'MTEySSS'; did you mean arg-mteyss (MTEySS, Ministry of Labour")
    assert message.count(" or ") == 2  # three suggestions


def test_a_mistyped_practice_is_refused_before_half_a_comparison(seed_store) -> None:
    with pytest.raises(UnknownId, match="no practice 'arg-digital-payrol'; did you mean arg-digital-payroll"):
        run_named_query(seed_store, "compare_practices", {"a": "arg-intercosecha", "b": "arg-digital-payrol"})
    with pytest.raises(UnknownId, match="did you mean arg-intercosecha"):
        run_named_query(seed_store, "practice_detail", {"practice": "intercosecha"})
    with pytest.raises(UnknownId, match="no actor 'arg-ansess'; did you mean arg-anses"):
        run_named_query(seed_store, "path_between", {"actor_a": "arg-mteyss", "actor_b": "arg-ansess"})


def test_an_acronym_or_a_name_is_resolved_to_its_id(seed_store) -> None:
    by_acronym = run_named_query(seed_store, "actor_portfolio", {"actor": "MTEySS"}).frame
    assert list(by_acronym["actor_id"]) == ["arg-mteyss"]
    by_folded_acronym = run_named_query(seed_store, "actor_portfolio", {"actor": "mteyss"}).frame
    assert list(by_folded_acronym["actor_id"]) == ["arg-mteyss"]
    routes = run_named_query(seed_store, "path_between", {"actor_a": "MTEySS", "actor_b": "ANSES"}).frame
    assert set(routes["hops"]) == {2}
    by_title = run_named_query(seed_store, "practice_detail", {"practice": "Intercosecha Programme"}).frame
    assert list(by_title["practice_id"]) == ["arg-intercosecha"]
    level = run_named_query(seed_store, "actor_network", {"level": "Méso", "country": "arg"}).frame
    assert not level.empty and all(levels == ["meso"] for levels in level["levels"])


def test_an_acronym_of_several_actors_is_refused_naming_them(store, tmp_path) -> None:
    registry = tmp_path / "mini"
    shutil.copytree(MINI_REGISTRY, registry)
    beta = registry / "beta.yaml"  # the union takes the agency's acronym: "AOS" now names two actors
    beta.write_text(beta.read_text().replace("name: Union of Examples", "name: Union of Examples\n    acronym: AOS"))
    load_paths(store, [registry])
    with pytest.raises(UnknownId, match="'AOS' names 2 actors: tst-agency .*, tst-union .*; give the id"):
        run_named_query(store, "actor_portfolio", {"actor": "AOS"})
    assert list(run_named_query(store, "actor_portfolio", {"actor": "tst-union"}).frame["actor_id"]) == ["tst-union"]


def test_a_real_country_without_practices_is_a_true_empty_answer(seed_store) -> None:
    assert run_named_query(seed_store, "typology_matrix", {"country": "ISL"}).frame.empty
    with pytest.raises(UnknownId, match="no country 'XQZ'"):
        run_named_query(seed_store, "typology_matrix", {"country": "XQZ"})
    with pytest.raises(UnknownId, match="did you mean issa-americas"):
        run_named_query(seed_store, "typology_matrix", {"collection": "issa"})


def test_the_cli_says_it_in_one_line_and_exits_1(coordreg_home, seed_store) -> None:
    env = {**os.environ, "COORDREG_HOME": str(coordreg_home), **graph_env(seed_store)}
    done = subprocess.run(
        [sys.executable, "-m", "registry.cli", "query", "practice_detail", "--param", "practice=intercosecha"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "did you mean arg-intercosecha" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert done.stdout.strip() == ""
