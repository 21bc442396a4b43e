"""The analysis queries against facts checked by hand in the source article.

Source: ../shared/seeds/004_0b6c36b5035f387f.txt (ISSA, multilevel coordination
in the Americas). The facts used here, with where the article states them:

- MTEySS introduced Intercosecha and signs its agreements with the provinces
  (section "Programme Intercosecha, Argentine", paragraphs 1 and 4, and its
  table), and implements the digital payroll single window with AFIP (section
  "Documents numériques…", paragraph 2; table: "accord entre l'AFIP et le MTEySS").
- AFIP deployed the digital payroll (same section, paragraph 1) and receives
  the shared-responsibility conventions with ANSES, signing conventions with
  the SSS and ANSES (section "Les conventions collectives…", paragraph 2; table
  row "Signature de conventions entre le SSS, l'AFIP et l'ANSES").
- So MTEySS and ANSES never sign one agreement together; AFIP links them.
- Uruguay: the Electronic Agenda System took about ten months to develop and
  four months for the BPS to put in service, 40 per cent of the development
  time (section "Logiciel public…", paragraph 3); the practice's table has two
  strategic and two operational rows, and names the developing agency, the BPS,
  and later AGESIC (paragraph 4).
The invented mini registry (tests/fixtures/mini) is used where a fact must be
known exactly: its two practices share tst-ministry and both monitor against
duplicate benefits for rural workers.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from registry.analysis.network import CENTRALITY_COLUMNS, centrality_table
from registry.analysis.overlap import overlap_matrix
from registry.queries.library import run_named_query

ARGENTINA = {"arg-intercosecha", "arg-shared-responsibility-agreements", "arg-digital-payroll-single-window"}


def shared_items(row: dict) -> list[str]:
    return row["shared_actors"] + row["shared_agreements"] + row["shared_functions"] + row["shared_populations"]


def rows_by(frame: pd.DataFrame, column: str) -> dict[str, dict]:
    return {row[column]: row for row in frame.to_dict(orient="records")}


# --- actors: portfolio, bridging, centrality -----------------------------------------------------------------


def test_mteyss_and_afip_each_take_part_in_more_than_one_practice(seed_store):
    portfolio = rows_by(run_named_query(seed_store, "actor_portfolio").frame, "actor_id")
    assert {"arg-intercosecha", "arg-digital-payroll-single-window"} <= set(portfolio["arg-mteyss"]["practices"])
    assert {"arg-shared-responsibility-agreements", "arg-digital-payroll-single-window"} <= set(
        portfolio["arg-afip"]["practices"]
    )
    assert portfolio["arg-mteyss"]["practice_count"] >= 2 and portfolio["arg-afip"]["practice_count"] >= 2
    # The payroll table puts both at the strategic and the operational level.
    assert {"macro", "meso"} <= set(portfolio["arg-mteyss"]["levels"])
    assert {"macro", "meso"} <= set(portfolio["arg-afip"]["levels"])


def test_actor_portfolio_for_one_actor_lists_its_agreements(seed_store):
    frame = run_named_query(seed_store, "actor_portfolio", {"actor": "arg-afip"}).frame
    assert list(frame["actor_id"]) == ["arg-afip"]
    agreements = set(frame.iloc[0]["agreements"])
    assert "arg-sss-afip-anses-conventions" in agreements  # "conventions entre le SSS, l'AFIP et l'ANSES"


def test_mteyss_and_afip_bridge_practices_and_levels(seed_store):
    bridges = rows_by(run_named_query(seed_store, "bridging_actors", {"min_practices": 2}).frame, "actor_id")
    assert {"arg-mteyss", "arg-afip"} <= set(bridges)
    assert bridges["arg-mteyss"]["bridges"] == "levels and practices"
    assert all(row["practice_count"] >= 2 for row in bridges.values())


def test_mteyss_and_afip_rank_among_the_most_central_actors(seed_store):
    for parameters in ({}, {"collection": "issa-americas"}, {"country": "ARG"}):
        frame = run_named_query(seed_store, "actor_centrality", parameters).frame
        top = list(frame.sort_values("rank")["actor_id"][:3])
        assert {"arg-mteyss", "arg-afip"} <= set(top), (parameters, top)
        # They are the only Argentine actors tied into two practices, so they alone carry shortest routes
        # between the Intercosecha, payroll and convention groups: the highest betweenness.
        by_id = rows_by(frame, "actor_id")
        others = frame[~frame["actor_id"].isin(["arg-mteyss", "arg-afip"])]
        assert by_id["arg-afip"]["betweenness"] > others["betweenness"].max()
        assert by_id["arg-mteyss"]["betweenness"] > others["betweenness"].max()


def test_centrality_is_deterministic_and_consistent_with_the_network(seed_store):
    first = run_named_query(seed_store, "actor_centrality", {"collection": "issa-americas"}).frame
    again = run_named_query(seed_store, "actor_centrality", {"collection": "issa-americas"}).frame
    pd.testing.assert_frame_equal(first, again)
    ties = run_named_query(seed_store, "actor_network", {"collection": "issa-americas"}).frame
    by_id = rows_by(first, "actor_id")
    for actor in ("arg-mteyss", "arg-afip"):
        mine = ties[(ties["source"] == actor) | (ties["target"] == actor)]
        assert by_id[actor]["degree"] == len(mine)
        assert by_id[actor]["weighted_degree"] == mine["weight"].sum()
    # AFIP, ANSES and the SSS sign conventions together: one community.
    assert by_id["arg-afip"]["community"] == by_id["arg-anses"]["community"] == by_id["arg-sss"]["community"]
    assert list(first["rank"]) == list(range(1, len(first) + 1))


def test_centrality_of_no_ties_is_an_empty_table():
    empty = centrality_table(pd.DataFrame(columns=["source", "target", "weight"]))
    assert list(empty.columns) == list(CENTRALITY_COLUMNS) and empty.empty


# --- the network --------------------------------------------------------------------------------------------


def test_actor_network_counts_shared_agreements_and_mechanisms(seed_store):
    ties = run_named_query(seed_store, "actor_network", {"practice": "arg-digital-payroll-single-window"}).frame
    pair = ties[(ties["source"] == "arg-afip") & (ties["target"] == "arg-mteyss")].iloc[0]
    # The payroll table: two AFIP–MTEySS agreements (single window; uniform data entry and validation).
    assert set(pair["agreements"]) == {
        "arg-afip-mteyss-single-window-agreement",
        "arg-afip-mteyss-data-standardisation-agreement",
    }
    assert pair["shared_agreements"] == 2
    assert pair["weight"] == pair["shared_agreements"] + pair["shared_mechanisms"]
    assert pair["practices"] == ["arg-digital-payroll-single-window"]
    assert (pair["source_label"], pair["target_label"]) == ("AFIP", "MTEySS")


def test_actor_network_filters(seed_store):
    micro = run_named_query(seed_store, "actor_network", {"level": "micro", "country": "ARG"}).frame
    assert not micro.empty
    assert all(levels == ["micro"] for levels in micro["levels"])
    # The payroll practice has no service-delivery row: no tie of it survives the micro filter.
    assert all("arg-digital-payroll-single-window" not in practices for practices in micro["practices"])
    ministries = run_named_query(seed_store, "actor_network", {"actor_kind": "ministry"}).frame
    assert set(ministries["source_kind"]) <= {"ministry"} and set(ministries["target_kind"]) <= {"ministry"}
    assert (micro["source"] < micro["target"]).all()


# --- practices: overlap, duplication, cost–benefit, comparison ------------------------------------------------


def test_argentine_practices_overlap_through_shared_institutions(seed_store):
    pairs = run_named_query(seed_store, "practice_overlap", {"collection": "issa-americas"}).frame
    shared = {(row["practice_a"], row["practice_b"]): row for row in pairs.to_dict(orient="records")}
    payroll_intercosecha = shared[("arg-digital-payroll-single-window", "arg-intercosecha")]
    payroll_conventions = shared[("arg-digital-payroll-single-window", "arg-shared-responsibility-agreements")]
    assert "arg-mteyss" in payroll_intercosecha["shared_actors"]
    assert "arg-afip" in payroll_conventions["shared_actors"]
    assert payroll_conventions["actor_jaccard"] > 0 and payroll_intercosecha["actor_jaccard"] > 0
    # Practices of different countries share no institution here (ury/mex/bra have their own actors).
    for row in pairs.to_dict(orient="records"):
        if not {row["practice_a"], row["practice_b"]} <= ARGENTINA:
            assert not set(row["shared_actors"]) & {"arg-mteyss", "arg-afip"}
        assert 0 < row["similarity"] <= 1
        assert row["practice_a"] < row["practice_b"]
    assert list(pairs["score"]) == sorted(pairs["score"], reverse=True)
    # A pair that shares an institution outranks every pair that shares only functions and populations.
    contact = pairs.index[pairs["shared_actors"].map(len) > 0]
    purpose_only = pairs.index[(pairs["shared_actors"].map(len) == 0) & (pairs["shared_agreements"].map(len) == 0)]
    assert contact.max() < purpose_only.min()


def test_overlap_matrix_is_symmetric_with_a_unit_diagonal(seed_store):
    pairs = run_named_query(seed_store, "practice_overlap", {"collection": "issa-americas"}).frame
    practices = list(run_named_query(seed_store, "practice_list", {"collection": "issa-americas"}).frame["practice_id"])
    matrix = overlap_matrix(pairs, practices=practices)
    assert list(matrix.index) == practices == list(matrix.columns)
    assert (matrix.values == matrix.values.T).all()
    assert all(matrix.loc[p, p] == 1.0 for p in practices)
    first = pairs.iloc[0]
    assert matrix.loc[first["practice_b"], first["practice_a"]] == first["similarity"]


def test_widely_shared_neighbours_do_not_pair_practices_but_still_count(seed_store):
    everything = run_named_query(seed_store, "practice_overlap", {"max_sharing": 1000}).frame
    assert everything.equals(run_named_query(seed_store, "practice_overlap").frame)  # 30 practices: no cap bites
    rows = {(r["practice_a"], r["practice_b"]): r for r in everything.to_dict(orient="records")}
    # How many practices share each neighbour, read off the complete list of pairs.
    sharing: dict[str, set[str]] = {}
    for (a, b), row in rows.items():
        for node in (
            row["shared_actors"] + row["shared_agreements"] + row["shared_functions"] + row["shared_populations"]
        ):
            sharing.setdefault(node, set()).update((a, b))
    assert max(len(p) for p in sharing.values()) > 2  # so max_sharing = 2 leaves some neighbours out
    rare = run_named_query(seed_store, "practice_overlap", {"max_sharing": 2}).frame
    expected = {
        pair
        for pair, row in rows.items()
        if any(
            len(sharing[n]) <= 2
            for n in row["shared_actors"]
            + row["shared_agreements"]
            + row["shared_functions"]
            + row["shared_populations"]
        )
    }
    assert 0 < len(expected) < len(rows)
    assert set(zip(rare["practice_a"], rare["practice_b"], strict=True)) == expected
    for row in rare.to_dict(orient="records"):  # a pair found through a rare neighbour keeps all it shares
        assert row == rows[(row["practice_a"], row["practice_b"])]
    top = run_named_query(seed_store, "practice_overlap", {"limit": 5}).frame
    assert top.equals(everything.head(5))


def test_practice_overlap_on_the_mini_registry(mini_store):
    pairs = run_named_query(mini_store, "practice_overlap").frame
    assert len(pairs) == 1
    row = pairs.iloc[0]
    assert (row["practice_a"], row["practice_b"]) == ("tst-alpha", "tst-beta")
    assert row["shared_actors"] == ["tst-ministry"]
    assert row["shared_functions"] == ["monitoring-against-duplicate-benefits"]
    assert row["shared_populations"] == ["rural-workers"]
    assert row["shared_agreements"] == []  # alpha's agreement is its own
    # alpha: 2 actors, 1 agreement, 2 functions, 1 population; beta: 2 actors, 2 functions, 1 population; 3 shared.
    assert row["similarity"] == round(3 / (6 + 5 - 3), 3)
    assert row["actor_jaccard"] == round(1 / 3, 3)
    # Each shared item is carried by both practices: rarity log(1 + 2/2). The ministry is contact (1 + rarity);
    # the function and the population are purpose, T/(1+T) with T their summed rarity.
    rarity = math.log(2)
    assert row["score"] == pytest.approx(1 + rarity + 2 * rarity / (1 + 2 * rarity), abs=0.001)
    assert row["why"][0].startswith("MINTEST (actor, 1.69)")
    assert row["jurisdiction"] == "same jurisdiction"  # alpha in ARG, beta in ARG and URY


def test_function_duplication_on_the_mini_registry(mini_store):
    rows = run_named_query(mini_store, "function_duplication").frame
    assert len(rows) == 1
    row = rows.iloc[0]
    assert (row["function"], row["population"], row["scope"]) == (
        "monitoring-against-duplicate-benefits",
        "rural-workers",
        "across practices",
    )
    assert row["practices"] == ["tst-alpha", "tst-beta"]
    assert row["carriers"] == ["tst-agency", "tst-ministry", "tst-union"]
    # alpha acts in ARG, beta in ARG and URY: they can duplicate each other in Argentina only.
    assert row["countries"] == ["ARG"]
    assert row["practice_titles"] == ["Alpha practice", "Beta practice"]
    assert row["institutions"] == ["AOS", "MINTEST", "Union of Examples"]
    assert run_named_query(mini_store, "function_duplication", {"country": "URY"}).frame.empty


def test_function_duplication_rows_always_have_two_carriers_or_programmes(seed_store):
    rows = run_named_query(seed_store, "function_duplication").frame
    assert not rows.empty
    for row in rows.to_dict(orient="records"):
        assert row["mechanism_count"] >= 2
        if row["scope"] == "within a practice":  # different carriers inside one programme
            assert row["carrier_count"] >= 2
        else:
            assert row["practice_count"] >= 2
    only = run_named_query(seed_store, "function_duplication", {"function": "awareness"}).frame
    assert set(only["function"]) == {"awareness"}


def test_uruguay_evidence_carries_the_development_versus_reuse_figures(seed_store):
    evidence = run_named_query(seed_store, "practice_evidence", {"practice": "ury-public-software-reuse"}).frame
    figures = [(f["value"], f["unit"]) for cell in evidence["figures"] for f in cell]
    assert (10, "months") in figures  # initial development, about ten months
    assert (4, "months") in figures  # implementation at the BPS
    assert (40, "percent") in figures  # 40 per cent of the development time
    assert all(isinstance(locator, str) and "Logiciel public" in locator for locator in evidence["locator"])


def test_cost_benefit_profile_of_the_uruguay_practice(seed_store):
    frame = run_named_query(seed_store, "cost_benefit", {"practice": "ury-public-software-reuse"}).frame
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["levels"] == 2  # strategic and operational rows only
    assert row["mechanisms"] == 4  # the table's four rows
    assert row["actors"] == 3  # the developing agency, the BPS, AGESIC
    assert row["benefit_evidence"] >= 1 and "implementation-time-saved" in row["benefit_categories"]
    assert {(f["value"], f["unit"]) for f in row["figures"]} >= {(10, "months"), (4, "months"), (40, "percent")}
    assert row["cross_level_actors"] <= row["actors"]


def test_cost_benefit_covers_every_practice_of_a_collection(seed_store):
    frame = run_named_query(seed_store, "cost_benefit", {"collection": "issa-americas"}).frame
    assert len(frame) == 7
    assert (frame["levels"] >= 2).all()  # the article picked practices with at least two levels


def test_compare_practices_side_by_side(seed_store):
    parameters = {"a": "arg-intercosecha", "b": "arg-digital-payroll-single-window"}
    rows = rows_by(run_named_query(seed_store, "compare_practices", parameters).frame, "aspect")
    assert rows["actors"]["shared"] == ["MTEySS"]
    assert rows["countries"]["shared"] == ["ARG"]
    assert rows["mechanism levels"]["a"] == ["macro", "meso", "micro"]  # Intercosecha's table: three levels
    assert rows["mechanism levels"]["b"] == ["macro", "meso"]  # the payroll table: two
    assert rows["mechanism levels"]["only_a"] == ["micro"]
    assert "AFIP" in rows["actors"]["only_b"]


# --- routes and search --------------------------------------------------------------------------------------


def test_path_between_two_actors_never_party_to_the_same_agreement(seed_store):
    portfolio = rows_by(run_named_query(seed_store, "actor_portfolio").frame, "actor_id")
    assert not set(portfolio["arg-mteyss"]["agreements"]) & set(portfolio["arg-anses"]["agreements"])
    routes = run_named_query(seed_store, "path_between", {"actor_a": "arg-mteyss", "actor_b": "arg-anses"}).frame
    assert not routes.empty
    assert set(routes["hops"]) == {2}
    for route in routes.to_dict(orient="records"):
        assert route["actor_ids"] == ["arg-mteyss", "arg-afip", "arg-anses"]
        assert len(route["via_ids"]) == 2 and route["route"].startswith("MTEySS")
    via = {v for route in routes["via_ids"] for v in route}
    assert "arg-sss-afip-anses-conventions" in via  # the SSS–AFIP–ANSES conventions
    assert "arg-afip-mteyss-single-window-agreement" in via  # the AFIP–MTEySS single-window agreement
    assert list(routes["route"]) == sorted(routes["route"])


def test_path_between_respects_max_hops(seed_store):
    parameters = {"actor_a": "arg-mteyss", "actor_b": "arg-anses", "max_hops": 1}
    assert run_named_query(seed_store, "path_between", parameters).frame.empty
    limited = {"actor_a": "arg-mteyss", "actor_b": "arg-anses", "max_routes": 1}
    assert len(run_named_query(seed_store, "path_between", limited).frame) == 1


def test_path_between_on_the_mini_registry(mini_store):
    routes = run_named_query(mini_store, "path_between", {"actor_a": "tst-agency", "actor_b": "tst-union"}).frame
    assert set(routes["hops"]) == {2}
    assert all(ids == ["tst-agency", "tst-ministry", "tst-union"] for ids in routes["actor_ids"])
    assert "tst-beta-m1" in {v for via in routes["via_ids"] for v in via}


def test_search_ignores_accents_and_case(seed_store):
    meso = run_named_query(seed_store, "search", {"text": "meso"}).frame
    assert ("level", "meso") in set(zip(meso["kind"], meso["id"], strict=True))
    accented = run_named_query(seed_store, "search", {"text": "Méso"}).frame
    assert ("level", "meso") in set(zip(accented["kind"], accented["id"], strict=True))
    mteyss = run_named_query(seed_store, "search", {"text": "mteyss"}).frame
    assert mteyss.iloc[0]["id"] == "arg-mteyss"  # an exact acronym comes first
    assert mteyss.iloc[0]["match"] == "acronym: MTEySS"
    # "Administración Federal de Ingresos Públicos" (AFIP's name in the article), typed without accents.
    afip = run_named_query(seed_store, "search", {"text": "administracion federal"}).frame
    assert list(afip["id"]) == ["arg-afip"]
    assert afip.iloc[0]["match"].startswith("original name: Administración Federal")


def test_search_finds_practices_agreements_and_instruments(seed_store):
    found = run_named_query(seed_store, "search", {"text": "intercosecha"}).frame
    assert {"practice", "agreement", "actor"} <= set(found["kind"])
    assert "arg-intercosecha" in set(found["id"])
    assert run_named_query(seed_store, "search", {"text": "zzz-no-such-thing"}).frame.empty


def test_search_on_the_mini_registry(mini_store):
    found = run_named_query(mini_store, "search", {"text": "ESSAIS"}).frame
    assert list(found["id"]) == ["tst-ministry"]
    assert found.iloc[0]["match"] == "original name: Ministère des Essais"
