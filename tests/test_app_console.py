"""The Cypher console under AppTest, on both stores: a console an analyst can trust.

Syntax errors are said in words with the spot marked in the query; a missing
parameter is named; Neo4j-only constructs are named with the form that works
on the embedded store; the schema panel counts what the graph holds; id
parameters are picked from a searchable list; a saved query has a title and
a question of its own; each result draws its own graph.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_app import graph_data, iframe_html, module_app_graph, open_app, plain
from test_app import seed_cases as seed_cases  # noqa: F401 - a fixture

from registry.app_support import i18n
from registry.dialects import by_key

INTERCOSECHA = "arg-intercosecha"


@pytest.fixture(scope="module")
def console_graph(request, backend: str, coordreg_home: Path) -> Iterator[object]:
    """A graph of this module's own on each store; the app seeds it on its first run."""
    yield from module_app_graph(request, backend, "console")


def run_editor(text: str, **pick: str):
    at = open_app("console")
    at.text_area(key="console_text").input(text).run()
    for name, value in pick.items():
        at.selectbox(key=f"console_editor_{name}").select(value).run()
    at.button(key="console_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def codes(at) -> list[str]:
    return [str(e.proto.code_text) for e in at.get("code")]


def shown_table(table):
    """A table shown with ``st.table``, its escaped cells read as on screen."""
    return table.map(lambda cell: plain(cell) if isinstance(cell, str) else cell)


def errors(at) -> list[str]:
    return [plain(e.value) for e in at.error]


def test_a_syntax_error_is_said_in_words_with_the_spot_marked(console_graph):
    at = run_editor("MATCH (p:Practice)\nWHERE p.id <> 'x'\nRETRN p.id")
    assert errors(at) == [i18n.t("help_syntax", "en", where=i18n.t("help_where", "en", line=3, column=1)) + "."]
    said = " ".join(plain(m.value) for m in at.markdown)
    assert "found RETRN" in said and i18n.t("help_did_you_mean", "en", word="RETURN") in said
    assert "2 | WHERE p.id <> 'x'\n3 | RETRN p.id\n    ^^^^^" in codes(at)
    assert not any("errMsg" in e or "errCtx" in e for e in errors(at) + said.split("\n"))


def test_a_syntax_error_in_french(console_graph):
    at = open_app("console", lang="fr")
    at.text_area(key="console_text").input("MATCH (p:Practice RETURN p").run()
    at.button(key="console_run").click().run()
    where = i18n.t("help_where", "fr", line=1, column=19)
    assert errors(at) == [i18n.t("help_syntax", "fr", where=where) + "."]
    if console_graph.dialect != "neo4j":  # what the embedded store's parser expected, in French too
        said = " ".join(plain(m.value) for m in at.markdown)
        assert "une étiquette" in said and "un paramètre" in said and "a label" not in said, said


def test_a_missing_parameter_is_named_before_anything_runs(console_graph):
    at = run_editor("MATCH (a:Actor) WHERE a.id = $actor RETURN a.name AS name")
    assert errors(at) == [i18n.t("help_missing", "en", names="Actor") + "."]
    assert any("^^^^^^" in code for code in codes(at))  # $actor is marked in the query
    at = open_app("console", query="practice_levels")
    at.button(key="console_run_named").click().run()
    assert errors(at) == [i18n.t("help_missing", "en", names="Practice") + "."]


def test_a_neo4j_construct_is_named_with_the_form_that_works(console_graph):
    difference = by_key("exists-subquery")
    at = run_editor(difference.neo4j)
    if console_graph.dialect == "neo4j":
        assert not at.error and len(at.dataframe[-1].value) == 1  # Neo4j runs it
        return
    said = " ".join(plain(m.value) for m in at.markdown)
    assert difference.construct[0] in said and difference.advice[0] in said
    assert difference.embedded in codes(at) and difference.neo4j in codes(at)


@pytest.mark.falkordb_only
def test_a_simple_regular_expression_is_rewritten_and_a_neo4j_only_function_points_to_neo4j(console_graph):
    at = run_editor("MATCH (p:Practice) WHERE p.title =~ '(?i).*cooperative.*' RETURN p.id AS id")
    assert "MATCH (p:Practice) WHERE toLower(p.title) CONTAINS 'cooperative' RETURN p.id AS id" in codes(at)
    at = run_editor("RETURN duration.between(date('2020-01-01'), date('2020-03-01')).months AS months")
    assert "coordreg --graph bolt://localhost:7687 app" in codes(at)
    assert i18n.t("help_needs_neo4j", "en") in " ".join(plain(m.value) for m in at.markdown)


def test_the_schema_panel_counts_labels_relationships_and_properties(console_graph, seed_cases):
    at = open_app("console")
    (expander,) = [e for e in at.expander if e.label.startswith("Graph schema")]
    found = console_graph.read("MATCH (n) UNWIND labels(n) AS label RETURN count(DISTINCT label) AS n").frame
    labels_in_graph = int(found.iloc[0]["n"])
    assert labels_in_graph >= 12  # the seed's own labels at least (with its renames, and the store's version)
    assert re.match(rf"Graph schema: {labels_in_graph} labels · \d+ relationship types · \d+ property keys",
                    expander.label)  # fmt: skip
    labels, patterns, _keys = (shown_table(t.value) for t in at.table[:3])
    counted = dict(zip(labels[i18n.t("schema_label", "en")], labels[i18n.t("schema_count", "en")], strict=True))
    assert counted["Practice"] == len(seed_cases.practices)
    assert counted["Level"] == 3
    assert "(:Practice)-[:HAS_MECHANISM]->(:Mechanism)" in list(patterns[i18n.t("schema_pattern", "en")])


def test_id_parameters_are_picked_from_a_searchable_list_of_names(console_graph, seed_cases):
    at = open_app("console", query="practice_levels")
    picker = at.selectbox(key="console_named_practice_levels_practice")
    assert picker.label == "Practice (required)"  # not "practice (string, required)"
    title = next(f.case.practice.title.en for f in seed_cases.practices if f.case.practice.id == INTERCOSECHA)
    assert f"{title} · {INTERCOSECHA}" in picker.options  # the name first, the id as a detail
    picker.select(INTERCOSECHA).run()
    at.button(key="console_run_named").click().run()
    assert not at.error and len(at.dataframe[-1].value) > 0


def test_saving_asks_for_a_title_and_a_question(console_graph, coordreg_home):
    name = f"two_actors_{os.getpid()}"
    at = open_app("console")
    at.text_area(key="console_text").input("MATCH (a:Actor) RETURN a.id AS id LIMIT 2").run()
    at.text_input(key="console_save_name").input(name)
    at.text_input(key="console_save_title").input("Two actors")
    at.text_area(key="console_save_question").input("Which two actors come first?")
    at.button[-1].click().run()  # the form's submit button
    saved = coordreg_home / "queries" / f"{name}.cypher"
    try:
        head = saved.read_text(encoding="utf-8").splitlines()[:2]
        assert head == ["// title: Two actors", "// question: Which two actors come first?"]
        # Listed at once, and chosen, as the notice says: the list drawn before the save did not hold it.
        assert at.selectbox(key="console_query").value == name
        assert any(name in plain(s.value) for s in at.success)
        at = open_app("console", query=name)
        assert "Which two actors come first?" in " ".join(plain(m.value) for m in at.markdown)
    finally:
        saved.unlink(missing_ok=True)


def test_each_result_draws_its_own_graph(console_graph):
    at = run_editor("MATCH (p:Practice {id: 'arg-intercosecha'})-[r:HAS_MECHANISM]->(m) RETURN p, r, m")
    (first,) = iframe_html(at)
    at.text_area(key="console_text").input("MATCH (l:Level) RETURN l").run()
    at.button(key="console_run").click().run()
    (second,) = iframe_html(at)
    assert len(graph_data(second)["nodes"]) == 3 and not graph_data(second)["edges"]
    revisions = [re.search(r'data-revision="(\d+)"', html).group(1) for html in (first, second)]
    assert revisions[0] != revisions[1]
    assert "fitView()" in second  # fitted once drawn, and again when its tab is shown
