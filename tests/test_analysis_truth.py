"""Analyses that tell the truth, proven against the real stores from the data itself (issue 15):

- overlap ranks pairs by evidence of real contact: for every practice, a pair that shares an
  institution ranks above every pair whose shared items are only generic tags (functions or
  populations that more than a fifth of the practices carry) — on the seed registry and on a
  generated registry of 1,000 practices;
- duplication (of a function, or of a benefit) is only reported within one jurisdiction, naming the
  practices and institutions; cost–benefit names what each of its counts counts;
- the typology matrix marks stated and inferred levels apart, and flags conflicts between stated claims only;
- search reads each store's full-text index and answers exactly what its rule says (checked against every
  node, without the index), ranked the same way on both stores, falling back to names without an index;
- the pandas + networkx baseline of the benchmark follows the same definitions and agrees.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import MINI_REGISTRY, _shared_scope, graph_env, open_graph

from benchmarks import answers, baseline
from registry.analysis.search import judge, search_words
from registry.loading import load_paths, seed_registry_path
from registry.output import to_csv
from registry.queries.fulltext_check import has_fulltext_index
from registry.queries.library import builtin_query_dir, run_named_query
from registry.schema.fulltext import STOPWORDS
from registry.stores.base import Statement
from registry.synthetic import generate_registry

BUILTIN_QUERIES_DIR = builtin_query_dir()
EVERY_PAIR = {"max_sharing": 1_000_000, "limit": 1_000_000}


@pytest.fixture(scope="module")
def generated_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated-1000")
    generate_registry(1000, 7, folder)
    return folder


@pytest.fixture(scope=_shared_scope("module"))
def generated_store(request, backend: str, generated_folder: Path) -> Iterator[Any]:
    name = f"truth_generated_{os.getpid()}" if backend == "falkordb" else "truth_generated"
    graph = open_graph(request, backend, name)
    load_paths(graph, [generated_folder], rebuild=True)
    yield graph
    graph.wipe()
    graph.close()


def generic_tags(store: Any) -> set[str]:
    """Functions and populations that more than a fifth of the practices carry, read from the store."""
    total = int(store.read("MATCH (p:Practice) RETURN count(p) AS n").frame["n"][0])
    carried = store.read(
        "MATCH (p:Practice)-[:HAS_MECHANISM*0..1]->()-[:SERVES|TARGETS|REACHES]->(t) "
        "RETURN t.id AS tag, count(DISTINCT p) AS practices"
    ).frame
    return {tag for tag, n in zip(carried["tag"], carried["practices"], strict=True) if n > total / 5}


def assert_contact_ranks_first(pairs: pd.DataFrame, generic: set[str]) -> int:
    """For every practice: each of its pairs sharing an actor ranks above each of its generic-only pairs.
    Returns how many practices had both kinds of pair (so a test can check the property was exercised)."""
    tags = pairs["shared_functions"] + pairs["shared_populations"]
    kind = pd.Series("other", index=pairs.index)
    kind[pairs["shared_actors"].map(len) > 0] = "contact"
    only_generic = (pairs["shared_agreements"].map(len) == 0) & tags.map(lambda shared: set(shared) <= generic)
    kind[(pairs["shared_actors"].map(len) == 0) & only_generic] = "generic"
    ranked = pd.DataFrame({"rank": range(len(pairs)), "kind": kind.to_numpy()})
    by_practice = pd.concat([ranked.assign(practice=pairs["practice_a"].to_numpy()),
                             ranked.assign(practice=pairs["practice_b"].to_numpy())])  # fmt: skip
    last_contact = by_practice[by_practice["kind"] == "contact"].groupby("practice")["rank"].max()
    first_generic = by_practice[by_practice["kind"] == "generic"].groupby("practice")["rank"].min()
    both = pd.concat([last_contact, first_generic], axis=1, keys=["last_contact", "first_generic"]).dropna()
    wrong = both[both["last_contact"] > both["first_generic"]]
    assert wrong.empty, f"generic-only pairs outrank pairs through an institution for {list(wrong.index[:5])}"
    return len(both)


# --- overlap: evidence of real contact ------------------------------------------------------------------------


def test_seed_pairs_sharing_an_institution_rank_above_generic_only_pairs(seed_store) -> None:
    pairs = run_named_query(seed_store, "practice_overlap", EVERY_PAIR).frame
    generic = generic_tags(seed_store)
    assert "service-delivery" in generic  # the tag that used to pair Intercosecha with Korean housing
    assert assert_contact_ranks_first(pairs, generic) >= 3
    for practice in sorted(set(pairs["practice_a"]) | set(pairs["practice_b"])):
        own = run_named_query(seed_store, "practice_overlap", {**EVERY_PAIR, "practice": practice}).frame
        assert_contact_ranks_first(own, generic)
        mine = pairs[(pairs["practice_a"] == practice) | (pairs["practice_b"] == practice)]
        pd.testing.assert_frame_equal(own, mine.reset_index(drop=True))  # one practice's view is the same


def test_generated_pairs_sharing_an_institution_rank_above_generic_only_pairs(generated_store) -> None:
    pairs = run_named_query(generated_store, "practice_overlap", EVERY_PAIR).frame
    assert len(pairs) > 400_000  # every pair that shares anything
    generic = generic_tags(generated_store)
    assert len(generic) >= 5
    assert assert_contact_ranks_first(pairs, generic) >= 900
    # The default pairs only through neighbours 50 practices or fewer carry (no generic-only pair is formed);
    # one practice's view of it is the registry's.
    capped = run_named_query(generated_store, "practice_overlap", {"limit": 1_000_000}).frame
    busiest = capped["practice_a"].value_counts().index[:5]
    for practice in busiest:
        own = run_named_query(generated_store, "practice_overlap", {"practice": practice, "limit": 1_000_000}).frame
        mine = capped[(capped["practice_a"] == practice) | (capped["practice_b"] == practice)]
        pd.testing.assert_frame_equal(own, mine.reset_index(drop=True))


def test_intercosecha_overlaps_first_with_the_payroll_window_through_mteyss(seed_store) -> None:
    pairs = run_named_query(seed_store, "practice_overlap", {"practice": "arg-intercosecha"}).frame
    first = pairs.iloc[0]
    assert (first["practice_a"], first["practice_b"]) == ("arg-digital-payroll-single-window", "arg-intercosecha")
    assert first["why"][0].startswith("MTEySS (actor, ")
    assert first["shared_actors"] == ["arg-mteyss"] and first["jurisdiction"] == "same jurisdiction"
    assert first["score"] > 1 > pairs.iloc[1]["score"]  # contact counts 1 + rarity; purpose stays under 1
    # Unweighted Jaccard is still there, and on it the pair ranks low (what the issue reported).
    assert first["similarity"] < pairs["similarity"].max()
    # Schemes of other countries are similar elsewhere, not in the same jurisdiction.
    korea = (
        pairs[pairs["practice_a"] == "arg-intercosecha"]
        .set_index("practice_b")
        .loc["ilo-sse-kor-housing-social-enterprises"]
    )
    assert korea["jurisdiction"] == "similar elsewhere"


def test_why_adds_up_to_the_score(seed_store) -> None:
    pairs = run_named_query(seed_store, "practice_overlap").frame
    for row in pairs.to_dict("records"):
        added = [float(item.rsplit(", ", 1)[1].rstrip(")")) for item in row["why"]]
        assert added == sorted(added, reverse=True)
        assert sum(added) == pytest.approx(row["score"], abs=0.005 * len(added) + 0.001)
        shared = row["shared_actors"] + row["shared_agreements"] + row["shared_functions"] + row["shared_populations"]
        assert len(row["why"]) == len(shared) == row["shared_count"]
    assert list(pairs["score"]) == sorted(pairs["score"], reverse=True)


def test_the_cli_ranks_the_payroll_window_first_with_mteyss_as_the_reason(coordreg_home, seed_store) -> None:
    env = {**os.environ, "COORDREG_HOME": str(coordreg_home), **graph_env(seed_store)}
    command = ["query", "practice_overlap", "--param", "practice=arg-intercosecha", "--format", "csv"]
    done = subprocess.run(
        [sys.executable, "-m", "registry.cli", *command], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    generic = generic_tags(seed_store)
    assert rows[0]["practice_a"] == "arg-digital-payroll-single-window" and rows[0]["why"].startswith("MTEySS")
    tags_only = [
        i
        for i, row in enumerate(rows)
        if not row["shared_actors"]
        and not row["shared_agreements"]
        and {t for t in (row["shared_functions"] + "; " + row["shared_populations"]).split("; ") if t} <= generic
    ]
    assert tags_only and min(tags_only) > 0


# --- the baseline follows the same definitions ----------------------------------------------------------------


@pytest.mark.falkordb_only
def test_baseline_agrees_on_the_seed_registry(seed_store) -> None:
    frames = baseline.build_frames(baseline.read_cases(seed_registry_path()))
    for params in ({}, {"max_sharing": 3, "limit": 40}):
        ours = run_named_query(seed_store, "practice_overlap", params).frame
        assert answers.same_overlap(ours, baseline.practice_overlap(frames, **params))[0], params


@pytest.mark.falkordb_only
def test_baseline_agrees_on_1000_generated_practices(generated_store, generated_folder: Path) -> None:
    frames = baseline.build_frames(baseline.read_cases(generated_folder))
    ours = run_named_query(generated_store, "practice_overlap").frame
    same, detail = answers.same_overlap(ours, baseline.practice_overlap(frames))
    assert same, detail


# --- duplication only where it can exist ------------------------------------------------------------------------


def countries_of(store: Any) -> dict[str, set[str]]:
    practices = run_named_query(store, "practice_list").frame
    return {p: set(c) for p, c in zip(practices["practice_id"], practices["countries"], strict=True)}


def assert_within_one_jurisdiction(rows: pd.DataFrame, countries: dict[str, set[str]]) -> None:
    for row in rows.to_dict("records"):
        assert row["countries"], row
        for practice in row["practices"]:
            assert set(row["countries"]) <= countries[practice], (row["function"], row["population"], practice)


def check_duplication_within_a_jurisdiction(store: Any, generated: bool) -> None:
    rows = run_named_query(store, "function_duplication").frame
    countries = countries_of(store)
    assert_within_one_jurisdiction(rows, countries)
    across = rows[rows["scope"] == "across practices"]
    for row in across.to_dict("records"):  # the practices act together in each country listed, and in no other
        shared = set.intersection(*(countries[p] for p in row["practices"]))
        assert set(row["countries"]) <= shared
    for row in rows.to_dict("records"):  # names beside ids, in the same order
        assert len(row["practice_titles"]) == len(row["practices"]) == row["practice_count"]
        assert len(row["institutions"]) == len(row["carriers"]) == row["carrier_count"]
    if generated:
        assert len(across) > 100
        country = across["countries"].map(len).idxmax()  # a country with duplication across practices
        place = across.loc[country, "countries"][0]
        only = run_named_query(store, "function_duplication", {"country": place}).frame
        assert not only.empty and all(place in c for c in only["countries"])
        expected = {(r["function"], r["population"], tuple(r["practices"])) for r in across.to_dict("records")
                    if place in r["countries"]}  # fmt: skip
        got = {(r["function"], r["population"], tuple(r["practices"])) for r in only.to_dict("records")
               if r["scope"] == "across practices"}  # fmt: skip
        assert got == expected


def test_seed_functions_are_duplicated_only_within_a_jurisdiction(seed_store) -> None:
    check_duplication_within_a_jurisdiction(seed_store, generated=False)


def test_generated_functions_are_duplicated_only_within_a_jurisdiction(generated_store) -> None:
    check_duplication_within_a_jurisdiction(generated_store, generated=True)


def test_schemes_of_different_countries_are_not_duplicates(seed_store) -> None:
    """The issue's example: health coverage for health-insurance members in Belgium, France, Ghana and the
    Philippines (four national schemes) is no benefit duplication; the seed has none within one country."""
    benefits = run_named_query(seed_store, "app_benefit_duplication").frame
    assert benefits.empty
    functions = run_named_query(seed_store, "function_duplication").frame
    assert set(functions["scope"]) == {"within a practice"}
    overlap = run_named_query(seed_store, "practice_overlap").frame
    pairs = overlap.set_index(["practice_a", "practice_b"])
    assert pairs.loc[("ilo-sse-bel-health-insurance-mutuals", "ilo-sse-fra-cnam-mutuals"), "jurisdiction"] == (
        "similar elsewhere"
    )


def test_benefit_duplication_names_the_practices_in_one_jurisdiction(generated_store) -> None:
    rows = run_named_query(generated_store, "app_benefit_duplication").frame
    assert len(rows) > 50
    countries = countries_of(generated_store)
    titles = run_named_query(generated_store, "app_practice_titles").frame.set_index("practice_id")["title"]
    for row in rows.to_dict("records"):
        assert row["practice_count"] == len(row["practices"]) > 1
        assert row["practice_titles"] == [titles[p] for p in row["practices"]]
        for practice in row["practices"]:
            assert set(row["countries"]) <= countries[practice]
    place = rows.iloc[0]["countries"][0]
    only = run_named_query(generated_store, "app_benefit_duplication", {"country": place}).frame
    assert not only.empty and all(c == [place] for c in only["countries"])


def test_cost_benefit_names_what_every_count_counts(seed_store) -> None:
    rows = run_named_query(seed_store, "cost_benefit").frame
    for row in rows.to_dict("records"):
        assert row["actors"] == len(row["actor_names"])
        assert row["agreements"] == len(row["agreement_titles"])
        assert row["levels"] == len(row["level_ids"])
        assert row["mechanisms"] == len(row["mechanism_labels"])
        assert row["cross_level_actors"] == len(row["cross_level_actor_names"])
        assert set(row["cross_level_actor_names"]) <= set(row["actor_names"])
        assert row["cost_evidence"] == len(row["cost_evidence_ids"])
        assert row["benefit_evidence"] == len(row["benefit_evidence_ids"])
    uruguay = rows.set_index("practice_id").loc["ury-public-software-reuse"]
    assert "BPS" in uruguay["actor_names"] and "AGESIC" in uruguay["actor_names"]
    assert list(rows["collection"]) == sorted(rows["collection"])  # grouped by collection


# --- typology: stated and inferred marks ------------------------------------------------------------------------


def test_stated_and_inferred_levels_are_distinct_marks(store, tmp_path: Path) -> None:
    registry = tmp_path / "mini"
    shutil.copytree(MINI_REGISTRY, registry)
    beta = registry / "beta.yaml"
    # beta: a source states macro; the analyst's inference (micro) must stay visible, and is no conflict.
    beta.write_text(
        beta.read_text()
        + "  - {id: tst-beta-stated, levels: [macro], status: stated, locator: Table 1, source: test-source}\n"
    )
    alpha = registry / "alpha.yaml"
    # alpha: two stated claims disagree (macro+meso, meso+micro); an inference of macro adds no conflict.
    alpha.write_text(
        alpha.read_text().replace(
            "level_claims:\n",
            "level_claims:\n  - {id: tst-alpha-inferred, levels: [macro], status: inferred, rationale: Read off the"
            " table., locator: Table 2, source: test-source}\n",
        )
    )
    load_paths(store, [registry])
    matrix = run_named_query(store, "typology_matrix").frame.set_index("practice_id")
    marks = ["macro_status", "meso_status", "micro_status"]
    assert matrix.loc["tst-beta", marks].tolist() == ["stated", "", "inferred"]
    assert matrix.loc["tst-beta", ["macro", "meso", "micro", "conflict"]].tolist() == [True, False, True, False]
    assert matrix.loc["tst-alpha", marks].tolist() == ["stated", "stated", "stated"]  # stated wins over inferred
    assert bool(matrix.loc["tst-alpha", "conflict"]) is True
    conflicts = run_named_query(store, "level_conflicts").frame
    assert list(conflicts["practice_id"]) == ["tst-alpha"]
    assert conflicts.iloc[0]["readings"] == 2 and len(conflicts.iloc[0]["claims"]) == 3  # the inference is listed
    csv_rows = list(csv.DictReader(io.StringIO(to_csv(run_named_query(store, "typology_matrix").frame))))
    assert {r["practice_id"]: r["micro_status"] for r in csv_rows}["tst-beta"] == "inferred"


def test_typology_rows_are_grouped_by_collection_then_source_order(seed_store) -> None:
    matrix = run_named_query(seed_store, "typology_matrix").frame
    assert list(matrix["collection"]) == sorted(matrix["collection"])
    americas = matrix[matrix["collection"] == "issa-americas"]["practice_id"].tolist()
    assert americas[:2] == ["arg-intercosecha", "bra-canpat"]  # the article's Table 2 order


# --- the baseline follows the same definitions (duplication and typology) --------------------------------------


def check_baseline_on_duplication_and_typology(store: Any, folder: Path) -> None:
    frames = baseline.build_frames(baseline.read_cases(folder))
    duplication = run_named_query(store, "function_duplication").frame
    assert answers.same_duplication(duplication, baseline.function_duplication(frames))[0]
    typology = run_named_query(store, "typology_matrix").frame
    assert answers.same_typology(typology, baseline.typology(frames))[0]


@pytest.mark.falkordb_only
def test_baseline_agrees_on_seed_duplication_and_typology(seed_store) -> None:
    check_baseline_on_duplication_and_typology(seed_store, seed_registry_path())


@pytest.mark.falkordb_only
def test_baseline_agrees_on_generated_duplication_and_typology(generated_store, generated_folder: Path) -> None:
    check_baseline_on_duplication_and_typology(generated_store, generated_folder)


# --- full-text search ---------------------------------------------------------------------------------------------

SEARCHED = ("Practice", "Mechanism", "Agreement", "Evidence", "Actor", "Level", "Instrument")


def every_searchable_node(store: Any) -> pd.DataFrame:
    """Every node search may return, with the texts it checks (the search query's own RETURN, without an index)."""
    portable = Path(BUILTIN_QUERIES_DIR / "search.cypher").read_text(encoding="utf-8")
    returned = portable[portable.index("RETURN CASE") :]
    where = " OR ".join(f"node:{label}" for label in SEARCHED)
    return store.read(f"MATCH (node) WHERE {where} {returned}", timeout_ms=60_000).frame


def search_oracle(nodes: pd.DataFrame, text: str) -> list[tuple[str, str, str]]:
    """What search must answer for ``text``: the rule applied to every node, no index involved."""
    words = search_words(text)
    judged = [(row, judge(list(row["fields"]), words)) for row in nodes.to_dict("records")]
    kept = [(row, j) for row, j in judged if j is not None]
    kept.sort(key=lambda item: (-item[1][0], -item[1][1], item[0]["kind"], item[0]["id"]))
    return [(row["kind"], row["id"], j[2]) for row, j in kept]


SEED_SEARCHES = ("meso", "MESO", "Méso", "cotisations", "seguridad social", "securite sociale", "Sécurité sociale",
                 "payroll", "Intercosecha", "accords", "MTEySS", "administracion federal", "ministry labour",
                 "rural workers", "double benefits", "informal economy", "mutuelles", "2008")  # fmt: skip


def test_search_answers_exactly_what_its_rule_says_on_the_seed(seed_store) -> None:
    """The store's index finds every node the rule accepts (and the step drops the rest), ranked the same
    way on both stores: the expected answer is computed from every node, without the index."""
    nodes = every_searchable_node(seed_store)
    for text in SEED_SEARCHES:
        found = run_named_query(seed_store, "search", {"text": text, "limit": 100_000}).frame
        assert list(zip(found["kind"], found["id"], found["match"], strict=True)) == search_oracle(nodes, text), text


def test_search_answers_exactly_what_its_rule_says_on_1000_practices(generated_store) -> None:
    nodes = every_searchable_node(generated_store)
    for text in ("social", "ministry labour", "mechanism 12", "synthetic practice", "figure"):
        found = run_named_query(generated_store, "search", {"text": text, "limit": 100_000}).frame
        assert list(zip(found["kind"], found["id"], found["match"], strict=True)) == search_oracle(nodes, text), text
    assert len(run_named_query(generated_store, "search", {"text": "social", "limit": 7}).frame) == 7


def test_search_reaches_summaries_mechanisms_agreements_and_evidence(seed_store) -> None:
    found = run_named_query(seed_store, "search", {"text": "cotisations"}).frame
    assert {"practice", "agreement", "evidence", "mechanism"} <= set(found["kind"])
    evidence = found.set_index("id").loc["arg-shared-responsibility-ev-contributions-secured"]
    assert evidence["match"].startswith("French evidence: Les conventions assurent le versement des cotisations")
    assert evidence["practice_id"] == "arg-shared-responsibility-agreements"
    # A long text is quoted around the word found, not whole.
    long = run_named_query(seed_store, "search", {"text": "inference"}).frame
    quoted = [m for m in long["match"] if m.startswith("description: …")]
    assert quoted and all(len(m) < 200 for m in long["match"])


def test_search_ignores_accents_and_case_in_every_text(seed_store) -> None:
    plain = run_named_query(seed_store, "search", {"text": "securite sociale"}).frame
    accented = run_named_query(seed_store, "search", {"text": "SÉCURITÉ Sociale"}).frame
    pd.testing.assert_frame_equal(plain, accented)
    assert "practice" in set(plain["kind"]) and plain.iloc[0]["score"] >= plain.iloc[-1]["score"]
    assert run_named_query(seed_store, "search", {"text": "the of and"}).frame.empty  # only stop words


def test_search_falls_back_to_names_where_the_store_has_no_index(store) -> None:
    load_paths(store, [MINI_REGISTRY])
    assert has_fulltext_index(store, timeout_ms=10_000)
    assert "tst-alpha" in set(run_named_query(store, "search", {"text": "invented"}).frame["id"])  # a summary word
    drop = (
        ["DROP INDEX coordreg_text IF EXISTS"]
        if store.dialect == "neo4j"
        else [f"CALL db.idx.fulltext.drop('{label}')" for label in SEARCHED]
    )
    for statement in drop:
        store.write(Statement(statement))
    assert not has_fulltext_index(store, timeout_ms=10_000)
    assert run_named_query(store, "search", {"text": "invented"}).frame.empty  # summaries need the index
    names = run_named_query(store, "search", {"text": "essais"}).frame
    assert list(names["id"]) == ["tst-ministry"] and names.iloc[0]["match"] == "original name: Ministère des Essais"
    store.ensure_schema()  # what `coordreg load` does
    assert has_fulltext_index(store, timeout_ms=10_000)
    assert "tst-alpha" in set(run_named_query(store, "search", {"text": "invented"}).frame["id"])


def test_every_search_query_leaves_out_the_stop_words_the_step_leaves_out() -> None:
    for name in ("search.cypher", "search.falkordb.cypher", "search.neo4j.cypher"):
        text = (BUILTIN_QUERIES_DIR / name).read_text(encoding="utf-8")
        listed = text[text.index("NOT word IN [") :].split("]", 1)[0]
        assert tuple(re.findall(r"'([a-z]+)'", listed)) == STOPWORDS, name
