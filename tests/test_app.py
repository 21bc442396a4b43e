"""The Streamlit explorer: every page under AppTest, and the logic behind the pages on its own.

AppTest runs the real app script on each store (the ``backend`` fixture): the
session's embedded FalkorDB (COORDREG_GRAPH=embedded:<name>) and a real Neo4j
(COORDREG_GRAPH=bolt://…), on a graph of its own; the first run finds it empty
and loads the seed registry, as a new user's first start would. Expected values are read
from the seed case files with the YAML loader, never copied from the app.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import networkx as nx
import pandas as pd
import pytest
from conftest import graph_env, open_graph
from streamlit.testing.v1 import AppTest

from loaders import read_bundle
from registry.app_support import (
    actor_view,
    analysis_views,
    console_view,
    data_io,
    deep_links,
    i18n,
    labels,
    network_style,
    network_view,
    training,
    views,
)
from registry.errors import CoordregError
from registry.loading import seed_registry_path
from registry.queries.library import run_named_query
from registry.schema.levels import LEVELS
from registry.schema.vocabulary import ACTOR_KINDS, LEVEL_IDS

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app_streamlit.py"
MINI = Path(__file__).parent / "fixtures" / "mini"
PAGES = ("overview", "practices", "network", "overlaps", "cost_benefit", "console", "training", "data")
TITLE_KEYS = {
    "overview": "overview_title",
    "practices": "practices_title",
    "network": "network_title",
    "overlaps": "overlaps_title",
    "cost_benefit": "cost_benefit_title",
    "console": "console_title",
    "training": "training_title",
    "data": "data_title",
}
INTERCOSECHA = "arg-intercosecha"


# ---- facts from the seed case files (independent of the graph and the app) -------------------


@pytest.fixture(scope="session")
def seed_cases():
    bundle, problems = read_bundle([seed_registry_path()])
    assert not [p for p in problems if p.severity == "error"]
    return bundle


def _practice_case(bundle, practice_id: str):
    return next(f.case for f in bundle.practices if f.case.practice.id == practice_id)


# ---- the app under AppTest --------------------------------------------------------------------


@contextlib.contextmanager
def app_environment(graph) -> Iterator[None]:
    """The app's environment pointed at ``graph`` (either store) for the duration, served on localhost
    (where every visitor may write; tests/test_app_privacy.py covers a public server)."""
    wanted = {**graph_env(graph), "COORDREG_APP_HOST": "127.0.0.1"}
    previous = {key: os.environ.get(key) for key in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def module_app_graph(request, backend: str, name: str) -> Iterator[object]:
    """A graph of the calling module's own on each store (the app keeps its store per graph), with the app's
    environment pointed at it, wiped after the module; the app seeds it on its first run. For fixtures:
    ``yield from module_app_graph(request, backend, "network")``."""
    graph = open_graph(request, backend, f"{name}_{os.getpid()}" if backend == "falkordb" else name)
    with app_environment(graph):
        yield graph
    graph.wipe()
    graph.close()


@pytest.fixture(scope="module")
def app_graph(request, backend: str, coordreg_home: Path) -> Iterator[object]:
    """The app's own graph, on each store; the app seeds it on its first run."""
    yield from module_app_graph(request, backend, "app")


def open_app(page: str | None = None, *, lang: str = "en", **params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: str) -> str:
    """Markdown source as it reads on screen: case text is backslash-escaped by the app (views.md)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> str:
    """Every markdown, caption, header and alert text on the page, as read on screen, joined."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning", "error"):
        parts += [plain(str(e.value)) for e in getattr(at, kind)]
    return "\n".join(parts)


def table_with(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on the page (a dataframe, or a static table read back as shown) that has all these
    columns (display elements carry no key)."""
    for element in at.dataframe:
        value = element.value
        frame = value.data if hasattr(value, "data") and not isinstance(value, pd.DataFrame) else value
        if all(c in frame.columns for c in columns):
            return frame
    for element in at.table:
        frame = element.value.map(lambda cell: plain(cell) if isinstance(cell, str) else cell)
        frame.columns = [plain(str(c)) for c in frame.columns]
        if all(c in frame.columns for c in columns):
            return frame
    raise AssertionError(f"no table with columns {columns}")


@functools.lru_cache(maxsize=2)
def _practice_ids_by_title(lang: str) -> dict[str, str]:
    bundle, _ = read_bundle([seed_registry_path()])
    found = {}
    for located in bundle.practices:
        title = located.case.practice.title
        shown = (title.fr or (title.original if title.language == "fr" else title.en)) if lang == "fr" else title.en
        found[shown] = located.case.practice.id
    return found


def matrix_of(at: AppTest, lang: str = "en") -> pd.DataFrame:
    """The typology matrix as shown (titles, marks, countries …), with each row's practice id added back from
    the seed case files: the page shows titles, not ids. Each row's link must open that same practice."""
    table = table_with(at, i18n.t("col_conflict", lang), i18n.t("col_practice", lang))
    table = table.assign(id=table[i18n.t("col_practice", lang)].map(_practice_ids_by_title(lang)))
    for link, practice in zip(table[views.LINK_COLUMN], table["id"], strict=True):
        target = urlsplit(link)
        assert target.path == "practices" and parse_qs(target.query) == {"practice": [practice], "lang": [lang]}
    return table


def iframe_html(at: AppTest) -> list[str]:
    return [e.proto.srcdoc for e in at.get("iframe")]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_both_languages(app_graph, page, lang):
    at = open_app(page, lang=lang)
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == i18n.t(TITLE_KEYS[page], lang)
    # The menu and the language switch are there too, in the chosen language.
    assert at.radio(key="lang_choice").value == lang
    assert at.sidebar.radio[0].label == i18n.t("language", lang)


def test_first_start_loads_the_seed_registry(app_graph, seed_cases):
    at = open_app()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[i18n.t("metric_practices", "en")] == str(len(seed_cases.practices))
    countries = {c for f in seed_cases.practices for c in f.case.practice.countries}
    assert metrics[i18n.t("metric_countries", "en")] == str(len(countries))
    assert metrics[i18n.t("metric_mechanisms", "en")] == str(sum(len(f.case.mechanisms) for f in seed_cases.practices))


def test_overview_matrix_reproduces_the_cases_levels_and_conflicts(app_graph, seed_cases):
    at = open_app()
    matrix = matrix_of(at)
    assert len(matrix) == len(seed_cases.practices)
    intercosecha = matrix[matrix["id"] == INTERCOSECHA].iloc[0]
    case = _practice_case(seed_cases, INTERCOSECHA)
    stated = {level for c in case.level_claims if c.status == "stated" for level in c.levels}
    for level in LEVEL_IDS:
        assert (intercosecha[i18n.level_short(level, "en")] == views.MARK) == (level in stated)
    # Conflicts: practices whose claims give different sets of levels, read from the case files.
    disagreeing = {
        f.case.practice.id
        for f in seed_cases.practices
        if len({tuple(sorted(c.levels)) for c in f.case.level_claims}) > 1
    }
    titles = {f.case.practice.id: f.case.practice.title.en for f in seed_cases.practices}
    expanders = {plain(e.label) for e in at.expander}
    for pid in disagreeing:
        assert f"{views.CONFLICT_MARK} {titles[pid]}" in expanders
    assert f"{views.CONFLICT_MARK} {titles[INTERCOSECHA]}" not in expanders or INTERCOSECHA in disagreeing


def test_overview_matrix_in_french_uses_french_titles(app_graph, seed_cases):
    at = open_app(lang="fr")
    matrix = matrix_of(at, "fr")
    assert matrix["id"].notna().all()  # every row's title is the French title of a seed practice
    shown = dict(zip(matrix["id"], matrix[i18n.t("col_practice", "fr")], strict=True))
    for located in seed_cases.practices:
        title = located.case.practice.title
        expected = title.fr or (title.original if title.language == "fr" else title.en)
        assert shown[located.case.practice.id] == expected


def test_overview_filters_by_country_and_level(app_graph, seed_cases):
    at = open_app()
    at.selectbox(key="overview_country").select("BRA").run()
    matrix = matrix_of(at)
    expected = {f.case.practice.id for f in seed_cases.practices if "BRA" in f.case.practice.countries}
    assert set(matrix["id"]) == expected
    at.selectbox(key="overview_country").select("").run()
    at.multiselect(key="overview_levels").select("micro").run()
    matrix = matrix_of(at)
    assert len(matrix) > 0
    assert matrix[i18n.level_short("micro", "en")].isin([views.MARK, views.INFERRED_MARK]).all()


def test_a_practice_link_opens_the_practice_in_the_language():
    assert views.practice_link("arg-x", "fr") == "practices?practice=arg-x&lang=fr"
    table = pd.DataFrame({"Practice": ["A", "B"], "id": ["arg-x", "b.1"]})
    linked = views.with_practice_links(table, "en")
    assert list(linked[views.LINK_COLUMN]) == ["practices?practice=arg-x&lang=en", "practices?practice=b.1&lang=en"]
    assert views.LINK_COLUMN not in table  # the table drawn from is left as it was


def test_the_command_line_starts_without_pandas_or_the_case_model():
    """`coordreg app` hands over to Streamlit at once: importing the CLI must not import the heavy libraries."""
    import subprocess
    import sys

    probe = "import sys, registry.cli; print(sorted(m for m in ('pandas', 'pydantic', 'falkordb') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_choosing_a_practice_shows_its_mechanisms_by_level(app_graph, seed_cases):
    at = open_app("practices")
    at.selectbox(key="practices_practice").select(INTERCOSECHA).run()
    assert not at.exception
    case = _practice_case(seed_cases, INTERCOSECHA)
    assert plain(at.header[0].value) == case.practice.title.en
    shown = " ".join(str(t.value.index.tolist()) for t in at.table)
    for mechanism in case.mechanisms:
        assert mechanism.label in shown
    # The URL now names the practice, so the view can be shared.
    assert at.query_params["practice"] == [INTERCOSECHA] or at.query_params["practice"] == INTERCOSECHA
    actors = table_with(at, "id", i18n.t("col_roles", "en"))
    involved = {ma.actor for m in case.mechanisms for ma in m.actors}
    assert set(actors["id"]) == involved


def test_practice_page_in_french_shows_the_french_summary(app_graph, seed_cases):
    at = open_app("practices", lang="fr", practice=INTERCOSECHA)
    case = _practice_case(seed_cases, INTERCOSECHA)
    assert case.practice.summary.fr
    assert " ".join(case.practice.summary.fr.split()) in " ".join(texts(at).split())
    assert plain(at.header[0].value) == (case.practice.title.fr or case.practice.title.original)


def test_practice_page_lists_evidence_figures_and_source_locators(app_graph, seed_cases):
    practice = "ury-public-software-reuse"
    at = open_app("practices", practice=practice)
    case = _practice_case(seed_cases, practice)
    evidence = table_with(at, i18n.t("col_figures", "en"))
    assert len(evidence) == len(case.evidence)
    shown = " ".join(evidence[i18n.t("col_figures", "en")])
    figures = [f for e in case.evidence for f in e.figures]
    assert figures
    for figure in figures:
        value = int(figure.value) if float(figure.value).is_integer() else figure.value
        assert f"{value} {figure.unit}" in shown
    sources = table_with(at, i18n.t("col_cited_for", "en"))
    assert {c.locator for c in case.practice.cited} <= set(sources[i18n.t("col_locator", "en")])


def test_practice_search_and_comparison(app_graph, seed_cases):
    at = open_app("practices")
    at.text_input(key="practices_search").input("intercosecha").run()
    listed = set(matrix_of(at)["id"])
    assert INTERCOSECHA in listed
    assert len(listed) < len(seed_cases.practices)
    at.text_input(key="practices_search").input("").run()
    at.selectbox(key="compare_first").select(INTERCOSECHA).run()
    other = "bra-canpat"
    at.selectbox(key="compare_second").select(other).run()
    compared = table_with(at, i18n.t("col_aspect", "en"))
    countries = compared[compared[i18n.t("col_aspect", "en")] == i18n.t("aspect_countries", "en")].iloc[0]
    case_a, case_b = _practice_case(seed_cases, INTERCOSECHA), _practice_case(seed_cases, other)
    # The answer first: what both share comes right after the aspect; countries by name, not by code.
    assert list(compared.columns[:2]) == [i18n.t("col_aspect", "en"), i18n.t("col_shared", "en")]
    named = {code: labels.country_name(code, "en") for code in (*case_a.practice.countries, *case_b.practice.countries)}
    assert set(countries[case_a.practice.title.en].split(", ")) == {named[c] for c in case_a.practice.countries}
    assert set(countries[case_b.practice.title.en].split(", ")) == {named[c] for c in case_b.practice.countries}
    both = set(case_a.practice.countries) & set(case_b.practice.countries)
    assert set(filter(None, countries[i18n.t("col_shared", "en")].split(", "))) == {named[c] for c in both}


def test_network_page_draws_offline_and_filters_by_practice(app_graph, seed_cases):
    at = open_app("network", practice=INTERCOSECHA)  # the single-practice link other pages send
    assert at.multiselect(key="network_practices").value == [INTERCOSECHA]
    (html,) = iframe_html(at)
    assert_offline(html)
    case = _practice_case(seed_cases, INTERCOSECHA)
    takers = {ma.actor for m in case.mechanisms for ma in m.actors}
    takers |= {p.actor for g in case.agreements for p in g.parties}
    table = at.dataframe[0].value
    assert set(table["id"]) and set(table["id"]) <= takers
    names = {a.id: a.name for a in seed_cases.all_actors()}
    for actor in table["id"]:
        assert json.dumps(names[actor], ensure_ascii=False)[1:-1] in html
    # Focus on one actor: its neighbourhood only, and a link to query it in the console.
    focus = "arg-mteyss"
    at.selectbox(key="network_actor").select(focus).run()
    focused = set(at.dataframe[0].value["id"])
    assert focus in focused and focused <= set(table["id"])
    assert any(
        link.proto.query_string and "actor=arg-mteyss" in link.proto.query_string for link in at.get("page_link")
    )
    assert [d.proto.label for d in at.get("download_button")] == [
        i18n.t("download_png_slide", "en"),
        i18n.t("download_html", "en"),
        "GEXF",
        i18n.t("download_graphml", "en"),
    ]


def test_overlaps_page_tables(app_graph):
    at = open_app("overlaps")
    overlap = table_with(at, i18n.t("col_similarity", "en"))
    assert len(overlap) > 0
    assert overlap[i18n.t("col_similarity", "en")].between(0, 1).all()
    # Only the open tab is drawn; a click on another draws it.
    assert not [d for d in at.dataframe if i18n.t("col_function", "en") in getattr(d.value, "columns", [])]
    at.session_state["overlaps_tab"] = i18n.t("tab_duplication", "en")
    at.run()
    assert len(table_with(at, i18n.t("col_function", "en"))) > 0
    # Whether benefits are duplicated depends on the registry (within one jurisdiction): a table or a note.
    if len(run_named_query(app_graph, "app_benefit_duplication").frame):
        assert len(table_with(at, i18n.t("col_benefit", "en"))) > 0
    else:
        assert i18n.t("nothing_found", "en") in [i.value for i in at.info]
    at.session_state["overlaps_tab"] = i18n.t("tab_bridging", "en")
    at.run()
    at.slider(key="overlaps_min_practices").set_value(2).run()
    bridging = table_with(at, i18n.t("col_bridges", "en"))
    practices = bridging[i18n.t("col_practices", "en")]
    assert len(bridging) > 0 and all(len(p.split("; ")) >= 2 for p in practices)


def test_cost_benefit_page_chart_and_caveat(app_graph, seed_cases):
    at = open_app("cost_benefit")
    assert i18n.t("proxy_caveat", "en") in [w.value for w in at.warning]
    assert len(at.get("vega_lite_chart")) == 1
    table = table_with(at, i18n.t("col_figures", "en"))
    assert len(table) == len(seed_cases.practices)


# ---- console --------------------------------------------------------------------------------


def test_console_query_returns_rows(app_graph, seed_cases):
    at = open_app("console")
    at.text_area(key="console_text").input("MATCH (a:Actor {id: $actor}) RETURN a.name AS name").run()
    at.selectbox(key="console_editor_actor").select("arg-mteyss").run()
    at.button(key="console_run").click().run()
    assert not at.error, [e.value for e in at.error]
    rows = at.dataframe[-1].value
    names = {a.id: a.name for a in seed_cases.all_actors()}
    assert list(rows["name"]) == [names["arg-mteyss"]]
    assert "ms" in texts(at)  # the query time is shown
    assert [d.proto.label for d in at.get("download_button")] == ["CSV", "JSON"]


def test_console_refuses_a_write_and_changes_nothing(app_graph):
    from hardening_support import graph_checksum

    at = open_app("console")
    graph = app_graph
    before = graph_checksum(graph)
    at.text_area(key="console_text").input("MATCH (p:Practice) DETACH DELETE p").run()
    at.button(key="console_run").click().run()
    assert any(e.value.startswith(i18n.t("refused", "en", message="")) for e in at.error)
    at.text_area(key="console_text").input("CREATE (:Practice {id: 'intruder'})").run()
    at.button(key="console_run").click().run()
    assert any("CREATE" in e.value for e in at.error)
    assert graph_checksum(graph) == before


def test_console_truncation_is_reported(app_graph):
    at = open_app("console")
    at.text_area(key="console_text").input("MATCH (n) RETURN n.id AS id").run()
    at.number_input(key="console_limit").set_value(3).run()
    at.button(key="console_run").click().run()
    assert len(at.dataframe[-1].value) == 3
    assert at.warning[0].value == i18n.t("truncated", "en", cap=3)


def test_console_named_query_with_a_parameter_form(app_graph, seed_cases):
    at = open_app("console")
    at.selectbox(key="console_query").select("practice_levels").run()
    at.selectbox(key="console_named_practice_levels_practice").select(INTERCOSECHA).run()
    at.button(key="console_run_named").click().run()
    rows = at.dataframe[-1].value
    case = _practice_case(seed_cases, INTERCOSECHA)
    assert sorted(rows["mechanism_id"]) == sorted(m.id for m in case.mechanisms)


def test_console_deep_link_runs_the_query_about_an_actor(app_graph, seed_cases):
    at = open_app("console", query="actor_portfolio", actor="arg-mteyss")
    rows = at.dataframe[-1].value
    assert list(rows["actor_id"]) == ["arg-mteyss"]


def test_console_draws_returned_nodes_as_a_graph(app_graph, seed_cases):
    at = open_app("console")
    at.text_area(key="console_text").input(
        "MATCH (p:Practice {id: 'arg-intercosecha'})-[r:HAS_MECHANISM]->(m) RETURN p, r, m"
    ).run()
    at.button(key="console_run").click().run()
    (html,) = iframe_html(at)
    assert_offline(html)
    case = _practice_case(seed_cases, INTERCOSECHA)
    data = graph_data(html)
    assert len(data["nodes"]) == 1 + len(case.mechanisms)
    assert len(data["edges"]) == len(case.mechanisms)


def test_console_saves_a_query_that_then_appears_in_the_list(app_graph, coordreg_home):
    name = f"my_actors_{os.getpid()}"
    at = open_app("console")
    at.text_area(key="console_text").input("MATCH (a:Actor) RETURN a.id AS id LIMIT 2").run()
    at.text_input(key="console_save_name").input(name)
    at.text_input(key="console_save_title").input("Two actors")
    at.button[-1].click().run()  # the form's submit button
    saved = coordreg_home / "queries" / f"{name}.cypher"
    try:
        assert saved.is_file()
        assert any(name in plain(s.value) for s in at.success)
        at = open_app("console")
        assert name in at.selectbox(key="console_query").options[0] or name in " ".join(
            at.selectbox(key="console_query").options
        )
    finally:
        saved.unlink(missing_ok=True)


HEADER_LIKE_QUERY = (
    "// param: x (string)\n// title: not the title\n// param: oops\nMATCH (a:Actor) RETURN a.id AS id LIMIT 2"
)


def _user_queries(home: Path) -> Path:
    folder = home / "queries"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_saved_queries_are_data_a_broken_one_is_listed_and_never_stops_the_others(app_graph, coordreg_home):
    from registry.errors import QueryFailed
    from registry.queries.library import delete_user_query, get_query, list_queries, save_user_query

    name, broken = f"header_like_{os.getpid()}", f"hand_broken_{os.getpid()}"
    saved = save_user_query(name, "Header-like lines", "Two actors", HEADER_LIKE_QUERY)
    (_user_queries(coordreg_home) / f"{broken}.cypher").write_text("// param: no title\nRETURN 1\n", encoding="utf-8")
    try:
        queries = list_queries()
        assert set(list_queries(include_user=False)) <= set(queries)  # every built-in query is still there
        ours = queries[name]
        assert ours.error is None and ours.header.title == "Header-like lines" and ours.header.parameters == ()
        assert HEADER_LIKE_QUERY in ours.text_for("falkordb")  # the comments stay part of the query text
        assert queries[broken].error and f"{broken}.cypher" in queries[broken].error
        assert str(coordreg_home) not in queries[broken].error  # the app shows it: no server path
        with pytest.raises(QueryFailed):
            get_query(broken).bind({})
        # `coordreg queries` lists everything and exits 0, `coordreg query` still runs the others.
        import subprocess
        import sys

        env = dict(os.environ, COORDREG_HOME=str(coordreg_home))
        listed = subprocess.run([sys.executable, "-m", "registry.cli", "queries"], capture_output=True, text=True,
                                env=env, timeout=120)  # fmt: skip
        assert listed.returncode == 0, listed.stderr
        assert name in listed.stdout and broken in listed.stdout and "typology_matrix" in listed.stdout
        env.update(graph_env(app_graph))
        for query_name in ("registry_counts", name):
            answered = subprocess.run([sys.executable, "-m", "registry.cli", "query", query_name],
                                      capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
            assert answered.returncode == 0, answered.stderr
        assert delete_user_query(broken) == [_user_queries(coordreg_home) / f"{broken}.cypher"]
        assert broken not in list_queries()
        with pytest.raises(CoordregError):
            delete_user_query("typology_matrix")  # built-in queries cannot be deleted
    finally:
        saved.unlink(missing_ok=True)
        (_user_queries(coordreg_home) / f"{broken}.cypher").unlink(missing_ok=True)


def test_console_lists_a_broken_query_and_deletes_it(app_graph, coordreg_home):
    broken = f"hand_broken_{os.getpid()}"
    path = _user_queries(coordreg_home) / f"{broken}.cypher"
    path.write_text("// title: half a header\n// param: ???\nRETURN 1\n", encoding="utf-8")
    try:
        for page in ("overview", "practices", "console"):
            open_app(page)  # no page breaks on it
        at = open_app("console", query=broken)
        assert at.selectbox(key="console_query").value == broken
        assert any(i18n.t("broken", "en") in option for option in at.selectbox(key="console_query").options)
        assert any("cannot be read" in w.value for w in at.warning), [w.value for w in at.warning]
        at.button(key="console_delete").click().run()
        at.button(key="console_delete_confirm").click().run()
        assert not at.exception
        assert not path.exists()
        assert any(broken in plain(s.value) for s in at.success)
        assert broken not in at.selectbox(key="console_query").options
    finally:
        path.unlink(missing_ok=True)


def test_console_saves_a_header_like_query_that_runs_back(app_graph, coordreg_home):
    name = f"header_like_app_{os.getpid()}"
    at = open_app("console")
    at.text_area(key="console_text").input(HEADER_LIKE_QUERY).run()
    at.text_input(key="console_save_name").input(name)
    at.text_input(key="console_save_title").input("Header-like")
    at.button[-1].click().run()  # the form's submit button
    try:
        at = open_app("console", query=name)
        at.button(key="console_run_named").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        assert len(at.dataframe[-1].value) == 2
    finally:
        (_user_queries(coordreg_home) / f"{name}.cypher").unlink(missing_ok=True)


@pytest.mark.falkordb_only
def test_console_reconnects_after_the_store_is_killed(app_graph, tmp_path):
    """kill -9 of the embedded server: the next console run says so in a banner, the one after answers."""
    import signal
    import time

    from registry.stores.embedded_server import EmbeddedServer

    home = tmp_path / "home"
    graph_env = {"COORDREG_HOME": str(home), "COORDREG_GRAPH": "embedded:reconnect"}
    previous = {key: os.environ.get(key) for key in graph_env}
    os.environ.update(graph_env)
    try:
        at = open_app("console")
        at.text_area(key="console_text").input("MATCH (p:Practice) RETURN count(p) AS practices").run()
        at.button(key="console_run").click().run()
        assert at.dataframe[-1].value["practices"].iloc[0] > 0
        server = EmbeddedServer(home)
        os.kill(server.pid() or 0, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while server.is_running() and time.monotonic() < deadline:
            time.sleep(0.05)
        at.button(key="console_run").click().run()
        assert not at.exception
        assert [e.value for e in at.error] == [i18n.t("store_unavailable", "en")]
        assert str(home) not in texts(at)
        at.button(key="console_run").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        assert at.dataframe[-1].value["practices"].iloc[0] > 0
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        EmbeddedServer(home).stop()


# ---- training ---------------------------------------------------------------------------------


def test_training_tour_walks_levels_then_practices(app_graph):
    at = open_app("training")
    assert plain(at.header[0].value) == LEVELS[0].name_en
    assert LEVELS[0].definition_en in texts(at)
    at.button(key="tour_next").click().run()
    assert plain(at.header[0].value) == LEVELS[1].name_en
    at.button(key="tour_previous").click().run()
    assert plain(at.header[0].value) == LEVELS[0].name_en
    for _ in range(len(LEVELS)):
        at.button(key="tour_next").click().run()
    assert not at.exception
    # The first practice step: the practice highlighted on the matrix and the network.
    (html,) = iframe_html(at)
    data = graph_data(html)
    faded = [n for n in data["nodes"] if n["color"] == network_view.FADED_COLOUR]
    assert 0 < len(faded) < len(data["nodes"])


def test_training_tour_in_french(app_graph):
    at = open_app("training", lang="fr")
    assert plain(at.header[0].value) == LEVELS[0].name_fr
    assert LEVELS[0].definition_fr in texts(at)


def test_training_exercise_marks_answers_against_the_registry(app_graph, seed_cases):
    at = open_app("training")
    levels = {m.id: m.levels[0] for f in seed_cases.practices for m in f.case.mechanisms}
    radios = [r for r in at.radio if r.key and r.key.startswith("exercise_")]
    assert len(radios) == training.EXERCISE_SIZE
    wrong_one = radios[0]
    for radio in radios:
        mechanism = radio.key.split("_", 2)[2]
        right = levels[mechanism]
        radio.set_value(right if radio is not wrong_one else next(v for v in LEVEL_IDS if v != right))
    at.button[-1].click().run()  # the form's submit button
    assert at.subheader[-1].value == i18n.t(
        "exercise_score", "en", right=training.EXERCISE_SIZE - 1, total=training.EXERCISE_SIZE
    )
    assert len([s for s in at.success if s.icon]) == training.EXERCISE_SIZE - 1
    assert len(at.error) == 1


# ---- data ---------------------------------------------------------------------------------------


def test_data_page_validates_uploads_and_reports_problems(app_graph):
    at = open_app("data")
    good = (MINI / "alpha.yaml").read_bytes()
    catalogue = (MINI / "catalogue.yaml").read_bytes()
    beta = (MINI / "beta.yaml").read_bytes()
    at.file_uploader(key="data_upload").set_value(
        [
            ("alpha.yaml", good, "text/yaml"),
            ("beta.yaml", beta, "text/yaml"),
            ("catalogue.yaml", catalogue, "text/yaml"),
        ]
    ).run()
    at.button(key="data_validate").click().run()
    assert any(s.value.startswith("Valid:") for s in at.success), texts(at)
    broken = good.replace(b"level: macro", b"level: mega")
    at.file_uploader(key="data_upload").set_value(
        [
            ("alpha.yaml", broken, "text/yaml"),
            ("beta.yaml", beta, "text/yaml"),
            ("catalogue.yaml", catalogue, "text/yaml"),
        ]
    ).run()
    at.button(key="data_validate").click().run()
    problems = table_with(at, i18n.t("col_message", "en"))
    assert (problems[i18n.t("col_file", "en")] == "alpha.yaml").any()
    assert problems[i18n.t("col_message", "en")].str.contains("mega|macro", regex=True).any()
    assert at.error


def test_data_page_imports_into_the_store(request, backend, tmp_path, monkeypatch):
    graph = open_graph(request, backend, f"app_import_{os.getpid()}" if backend == "falkordb" else "app_import")
    monkeypatch.setenv("COORDREG_REGISTRY_DIR", str(tmp_path / "registry"))
    try:
        with app_environment(graph):
            at = open_app("data")
            files = [(p.name, p.read_bytes(), "text/yaml") for p in sorted(MINI.glob("*.yaml"))]
            at.file_uploader(key="data_upload").set_value(files).run()
            assert at.button(key="data_import").disabled  # Validate first: it shows what Import would write
            before = graph.counts()
            at.button(key="data_validate").click().run()
            preview = table_with(at, i18n.t("preview_col_new", "en"))
            assert set(preview[i18n.t("preview_col_id", "en")]) >= {"tst-alpha", "tst-beta"}
            assert graph.counts() == before  # nothing written by Validate
            at.button(key="data_import").click().run()
            assert any(s.value == i18n.t("import_done", "en", practices=2, files=3) for s in at.success), texts(at)
            history = table_with(at, i18n.t("history_col_files", "en"))
            assert list(history[i18n.t("history_col_files", "en")]) == ["alpha.yaml, beta.yaml, catalogue.yaml"]
        found = run_named_query(graph, "practice_detail", {"practice": "tst-alpha"}).frame
        assert list(found["title"]) == ["Alpha practice"]
        assert (tmp_path / "registry" / "cases" / "tst-alpha.yaml").is_file()
    finally:
        graph.wipe()
        graph.close()


def test_data_page_offers_every_cli_export_format(app_graph):
    from registry.export import FORMATS

    at = open_app("data")
    labels = [d.proto.label for d in at.get("download_button")]
    template = i18n.t("template_download", "en")
    assert template in labels  # the blank template beside them (tests/test_template_command.py reads it)
    assert sorted(label for label in labels if label != template) == sorted(f.upper() for f in FORMATS)


# ---- deep links and the store banner --------------------------------------------------------------


def test_deep_link_page_parameter_opens_that_page(app_graph):
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["page"] = "network"
    at.query_params["actor"] = "arg-mteyss"
    at.run()
    assert not at.exception
    assert at.title[0].value == i18n.t("network_title", "en")
    assert at.selectbox(key="network_actor").value == "arg-mteyss"


def test_unreachable_store_shows_a_banner_not_a_traceback(app_graph):
    previous = os.environ["COORDREG_GRAPH"]
    os.environ["COORDREG_GRAPH"] = "bolt://127.0.0.1:9"  # nothing listens on the discard port
    try:
        at = AppTest.from_file(str(APP), default_timeout=180)
        at.run()
        assert not at.exception
        assert any("cannot be reached" in e.value for e in at.error), [e.value for e in at.error]
    finally:
        os.environ["COORDREG_GRAPH"] = previous


# ---- the logic behind the pages, on its own -----------------------------------------------------


def assert_offline(html: str) -> None:
    """No script, stylesheet, image or font is fetched from anywhere: everything is inline."""
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", html, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html, re.IGNORECASE)
    assert "vis-network" in html and "new vis.Network" in html


def graph_data(html: str) -> dict:
    """The drawing's data, each tooltip as its text (the page sends the numbers of its lines, each line once)."""
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.DOTALL)
    assert match
    data = json.loads(match.group(1))
    for item in (*data["nodes"], *data["edges"]):
        if "title" in item:
            item["title"] = "<br>".join(data["lines"][n] for n in item["title"])
    return data


def test_i18n_strings_are_complete_and_consistent():
    for key, (english, french) in i18n.STRINGS.items():
        assert english.strip() and french.strip(), key
        assert i18n.placeholders(english) == i18n.placeholders(french), key
    used: set[str] = set()
    for path in [
        APP,
        *sorted((ROOT / "app_pages").glob("*.py")),
        *sorted((ROOT / "registry/app_support").glob("*.py")),
    ]:
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\btr?\(\s*"([a-z_]+)"\s*[,)]', source))
        used |= {k for pair in re.findall(r'header\("([a-z_]+)", "([a-z_]+)"', source) for k in pair}
    assert used - set(i18n.STRINGS) == set()
    assert set(ACTOR_KINDS) <= set(i18n.KIND_LABELS)
    assert set(LEVEL_IDS) == set(i18n.LEVEL_SHORT)


def test_case_text_is_inert_in_markdown():
    hostile = "US$ 5 and $10, [x](javascript:alert(1)) :red[boo] <b>bold</b> **strong**"
    escaped = views.md(hostile)
    assert plain(escaped) == hostile
    # Nothing a markdown reader acts on is left unescaped.
    assert not re.search(r"(?<!\\)[$\[\]()*<>:]", escaped)


def test_localized_falls_back_to_the_other_language():
    record = {"summary_en": "In English", "summary_fr": None}
    assert i18n.localized(record, "summary", "fr") == "In English"
    assert i18n.localized({"summary_en": "E", "summary_fr": "F"}, "summary", "fr") == "F"


def test_deep_links_keep_only_known_keys_and_id_like_values():
    link = deep_links.read_link(
        {"page": "network", "practice": "arg-intercosecha", "actor": "<script>", "lang": "de", "evil": "x"}
    )
    assert link == {"page": "network", "practice": "arg-intercosecha"}
    assert deep_links.read_link({"page": "../../etc"}) == {}
    url = deep_links.share_url("http://localhost:8501/network?x=1", "network", actor="arg-mteyss", lang="fr")
    assert url == "http://localhost:8501/?page=network&actor=arg-mteyss&lang=fr"
    with pytest.raises(ValueError):
        deep_links.link_params(colour="red")


HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def test_network_html_is_offline_and_escapes_case_text():
    graph = nx.MultiGraph()
    graph.add_node(
        "a", label=HOSTILE, group="cooperative", tooltip=network_view.tooltip_html(HOSTILE, [("k", HOSTILE)])
    )
    graph.add_node("b", label="B", group="ministry")
    graph.add_edge("a", "b", level="macro", tooltip=network_view.tooltip_html("tie", [("note", HOSTILE)]))
    graph.add_edge("a", "b", level="meso")
    html = network_view.render_html(graph, network_view.PageText(title=HOSTILE))
    assert_offline(html)
    assert "<script>alert" not in html and "<img src=x" not in html
    data = graph_data(html)
    assert len(data["edges"]) == 2  # one edge per level, even between the same two actors
    assert data["nodes"][0]["label"] == network_style.short_label(HOSTILE)  # drawn on the canvas as text, cut
    assert HOSTILE[:20] in data["nodes"][0]["label"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in data["nodes"][0]["title"]
    assert data["options"]["physics"]["enabled"] is False  # a seeded layout, drawn still


def test_every_network_gets_the_same_seeded_layout_whatever_the_row_order():
    edges = [(f"a{i}", f"a{(i * 7) % 40}") for i in range(40)] + [("x", "y"), ("p", "q"), ("q", "r")]
    forward, backward = nx.MultiGraph(edges), nx.MultiGraph(list(reversed(edges)))
    first = {n["id"]: (n["x"], n["y"]) for n in graph_data(network_view.render_html(forward))["nodes"]}
    second = {n["id"]: (n["x"], n["y"]) for n in graph_data(network_view.render_html(backward))["nodes"]}
    assert first == second
    data = graph_data(network_view.render_html(forward))
    assert data["options"]["physics"]["enabled"] is False
    # Labels sized by importance and hidden below a size at the current zoom (vis' label scaling).
    scaling = data["options"]["nodes"]["scaling"]["label"]
    assert scaling["enabled"] and scaling["drawThreshold"] >= 8 and scaling["max"] > scaling["min"]


def test_graphml_export_reads_back(seed_store):
    ties = run_named_query(seed_store, "actor_network").frame
    graph = actor_view.display_graph(ties, run_named_query(seed_store, "actor_centrality").frame, "en")
    back = nx.read_graphml(io.BytesIO(network_view.graphml_text(graph).encode("utf-8")))
    assert back.number_of_nodes() == graph.number_of_nodes() == len(set(ties["source"]) | set(ties["target"]))
    assert back.number_of_edges() == graph.number_of_edges()


def test_actor_graph_has_one_edge_per_level_and_a_neighbourhood(seed_store):
    ties = run_named_query(seed_store, "actor_network").frame
    graph = actor_view.display_graph(ties, pd.DataFrame(columns=["actor_id"]), "en")
    expected_edges = sum(max(1, len([v for v in levels if v])) for levels in ties["levels"])
    assert graph.number_of_edges() == expected_edges
    assert actor_view.tie_count(graph) == len(ties)
    hub = max(graph.degree, key=lambda item: item[1])[0]
    around = actor_view.neighbourhood(graph, hub, 1)
    assert set(around) == {hub, *graph.neighbors(hub)}
    assert around.nodes[hub]["focus"] is True


def test_console_result_graph_from_real_nodes(seed_store, seed_cases):
    frame = seed_store.read(
        "MATCH (p:Practice {id: $p})-[r:HAS_MECHANISM]->(m) RETURN p, r, m", {"p": INTERCOSECHA}
    ).frame
    graph = console_view.result_graph(frame)
    case = _practice_case(seed_cases, INTERCOSECHA)
    assert graph.number_of_nodes() == 1 + len(case.mechanisms)
    assert graph.number_of_edges() == len(case.mechanisms)
    shown = console_view.display_frame(frame)
    assert shown["p"].iloc[0] == f"(:Practice {INTERCOSECHA})"
    assert not console_view.has_graph(pd.DataFrame({"n": [1, 2]}))


def test_console_parameter_fields_and_values():
    fields = console_view.free_fields("MATCH (a {id: $actor}) WHERE a.n > $n AND a.u <> 'http://x/$no' RETURN a // $c")
    assert [f.name for f in fields] == ["actor", "n"]
    assert console_view.bound_values(fields, {"actor": "arg-mteyss", "n": "3"}) == {"actor": "arg-mteyss", "n": 3}


def test_exercise_draws_are_reproducible_and_spread_over_levels(seed_store):
    mechanisms = run_named_query(seed_store, "app_level_exercise").frame
    first = training.exercise_items(mechanisms, seed=11)
    assert first.equals(training.exercise_items(mechanisms, seed=11))
    assert len(first) == training.EXERCISE_SIZE
    assert set(first["level"]) == set(LEVEL_IDS)
    answers = {m: lvl for m, lvl in zip(first["mechanism_id"], first["level"], strict=True)}
    answers[first["mechanism_id"].iloc[0]] = None
    assert training.score(training.mark(first, answers)) == (training.EXERCISE_SIZE - 1, training.EXERCISE_SIZE)


def test_exercise_hints_never_name_the_level(seed_cases):
    hidden = 0
    for located in seed_cases.practices:
        for mechanism in located.case.mechanisms:
            for text in (mechanism.description.en, mechanism.description.fr or ""):
                hint = training.exercise_hint(text)
                assert not re.search(r"\b(macro|m[eé]so|micro|levels?|niveaux?)\b", hint, re.IGNORECASE), hint
                hidden += hint != " ".join(text.split())
    assert hidden > 0  # some descriptions do name their level, and those sentences are left out
    assert training.exercise_hint("The ministry signs. The macro level is inferred.") == "The ministry signs."


def test_uploads_are_renamed_safely_and_capped(tmp_path):
    assert data_io.safe_name("../../etc/passwd.yaml") == "passwd.yaml"
    assert data_io.safe_name("C:\\Users\\x\\cas é.YAML") == "cas.yaml"
    with pytest.raises(data_io.UploadRefused):
        data_io.store_uploads([data_io.Upload("big.yaml", b"x" * (data_io.MAX_UPLOAD_BYTES + 1))], tmp_path / "a")
    with pytest.raises(data_io.UploadRefused):
        data_io.store_uploads([data_io.Upload("run.sh", b"echo")], tmp_path / "b")
    folder = data_io.store_uploads([data_io.Upload("a.yaml", b"1"), data_io.Upload("a.yaml", b"2")], tmp_path / "c")
    assert sorted(p.name for p in folder.iterdir()) == ["_a.yaml", "a.yaml"]


def test_streamlit_upload_cap_matches_the_app():
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(rf"^maxUploadSize\s*=\s*{data_io.MAX_UPLOAD_MB}\s*$", config, re.MULTILINE)
    assert re.search(r"^gatherUsageStats\s*=\s*false\s*$", config, re.MULTILINE)


@pytest.mark.parametrize("fmt", [f for f, _, _ in data_io.EXPORT_FORMATS])
def test_every_export_format_downloads(seed_store, fmt):
    data = data_io.export_bytes(seed_store, fmt)
    assert len(data) > 100
    if fmt in data_io.FOLDER_FORMATS:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert names and all(n.startswith(f"coordreg-{fmt}/") for n in names)


def test_records_are_the_rows_to_dict_gives(seed_store):
    for name in ("typology_matrix", "actor_network", "app_practice_titles", "cost_benefit"):
        answer = run_named_query(seed_store, name).frame
        assert repr(views.records(answer)) == repr(answer.to_dict(orient="records")), name  # NaN is not NaN: by repr
    gaps = pd.DataFrame({"a": ["x", None], "b": [1.5, None], "c": [["l"], None]})
    assert repr(views.records(gaps)) == repr(gaps.to_dict(orient="records"))  # NaN where to_dict gives NaN
    assert views.records(pd.DataFrame(index=range(2))) == [{}, {}]


def test_overlap_matrix_is_symmetric(seed_store):
    overlap = run_named_query(seed_store, "practice_overlap").frame
    matrix = analysis_views.overlap_matrix(overlap)
    assert (matrix.values == matrix.values.T).all()
    first = overlap.iloc[0]
    assert matrix.loc[first["practice_a"], first["practice_b"]] == pytest.approx(float(first["similarity"]))
