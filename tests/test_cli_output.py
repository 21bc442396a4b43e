"""What the CLI prints: tables that fit, plain text in a pipe, chosen columns, the query list, describe and schema.

Commands that need no store run in-process with click's CliRunner (its output
is not a terminal, so the default there is TSV, as in a pipe). Commands that
read a store run on the mini registry on both stores.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import graph_env

from registry.cli import main
from registry.cli.display import table_text
from registry.queries.library import list_queries


def _invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _tsv(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines()]


# ---------------------------------------------------------------- the query list and describe


def test_queries_lists_the_questions_a_person_asks_and_hides_the_app_s_own():
    done = _invoke("queries")
    assert done.exit_code == 0, done.output
    rows = _tsv(done.output)
    assert rows[0] == ["name", "title", "parameters", "source"]
    listed = {row[0]: row for row in rows[1:]}
    assert listed["typology_matrix"][1] == "Typology matrix"
    assert listed["practice_levels"][2] == "practice (required)"
    assert (
        listed["path_between"][2]
        == "actor_a (required); actor_b (required); max_hops=4 (1..10); max_routes=20 (1..1000)"
    )
    internal = {name for name in list_queries(include_user=False) if name.startswith(("app_", "export_"))}
    assert internal and not internal & set(listed)
    everything = {row[0] for row in _tsv(_invoke("queries", "--all").output)[1:]}
    assert internal <= everything and set(listed) <= everything


def test_queries_takes_columns_and_formats():
    rows = list(csv.reader(io.StringIO(_invoke("queries", "--columns", "title,name", "--format", "csv").output)))
    assert rows[0] == ["title", "name"] and ["Typology matrix", "typology_matrix"] in rows
    records = json.loads(_invoke("queries", "--format", "json").output)
    matrix = next(r for r in records if r["name"] == "typology_matrix")
    assert matrix["parameters"] == ["collection", "country"]  # a list stays a list in JSON


def test_describe_tells_the_question_parameters_columns_backends_and_cypher():
    done = _invoke("describe", "path_between")
    assert done.exit_code == 0, done.output
    text = done.output
    header = list_queries()["path_between"].header
    assert text.startswith("path_between: Path between two actors")
    assert f"Question: {header.question}" in text
    assert "max_hops (integer, default 4, from 1 to 10)" in text and "actor_a (string, required)" in text
    assert f"Columns: {', '.join(header.columns)}" in text
    assert "Runs on: falkordb, neo4j" in text
    assert "Cypher:" in text and "MATCH" in text and "// title:" not in text  # the body, not the header again


def test_describe_as_json_and_a_query_with_backend_variants():
    about = json.loads(_invoke("describe", "practice_overlap", "--format", "json").output)
    assert about["title"] == "Practice overlap" and about["backends"] == ["falkordb", "neo4j"]
    limit = next(p for p in about["parameters"] if p["name"] == "limit")
    assert limit["type"] == "integer" and limit["default"] == 1000 and limit["required"] is False
    assert set(about["variants"]) == {"falkordb"}  # practice_overlap.falkordb.cypher
    assert about["cypher"] and about["cypher"] != about["variants"]["falkordb"]


def test_saved_queries_are_listed_and_described_even_when_broken(tmp_path):
    saved = tmp_path / "queries"
    saved.mkdir()
    (saved / "my_actors.cypher").write_text(
        "// title: My actors \x1b[31mred\n// question: Which actors?\n// end of header\n"
        "MATCH (a:Actor) RETURN a.id AS id\n"
    )
    (saved / "broken_one.cypher").write_bytes(b"\xff\xfe not text")
    env = {"COORDREG_HOME": str(tmp_path)}
    listed = {row[0]: row for row in _tsv(_invoke("queries", env=env).output)[1:]}
    assert listed["my_actors"][3] == "saved" and listed["broken_one"][1].startswith("broken:")
    about = _invoke("describe", "my_actors", env=env).output
    assert about.startswith("my_actors: My actors \\x1b[31mred") and "MATCH (a:Actor) RETURN a.id AS id" in about
    broken = _invoke("describe", "broken_one", env=env)
    assert broken.exit_code == 0 and "Cannot run: its file is not UTF-8 text" in broken.output


def test_an_unknown_query_is_refused_with_the_closest_name():
    for command in ("describe", "query"):
        done = CliRunner().invoke(main, [command, "practice_levl"])
        assert done.exit_code == 1
        assert "no named query 'practice_levl'" in done.output and "did you mean 'practice_levels'?" in done.output


def test_help_lists_the_new_commands():
    text = _invoke("--help").output
    for command in ("describe", "schema", "queries", "query"):
        assert f"  {command} " in text


# ---------------------------------------------------------------- results on a store


def test_columns_choose_and_order_the_answer(mini_graph):
    env = graph_env(mini_graph)
    done = _invoke("query", "practice_list", "--columns", "title,practice_id", env=env)
    assert done.exit_code == 0, done.output
    assert _tsv(done.output) == [
        ["title", "practice_id"],
        ["Alpha practice", "tst-alpha"],
        ["Beta practice", "tst-beta"],
    ]


def test_an_unknown_column_names_the_ones_there_are(mini_graph):
    done = CliRunner().invoke(
        main, ["query", "practice_list", "--columns", "title,countrie"], env=graph_env(mini_graph)
    )
    assert done.exit_code == 2
    assert "no column 'countrie'" in done.output and "Did you mean 'countries'?" in done.output
    assert "practice_id, title" in done.output  # the columns there are, in the result's order
    empty = CliRunner().invoke(main, ["query", "practice_list", "--columns", " , "], env=graph_env(mini_graph))
    assert empty.exit_code == 2 and "name at least one column" in empty.output


def test_a_parameter_of_the_wrong_type_is_said_in_words(mini_graph):
    args = ["query", "path_between", "-p", "actor_a=tst-agency", "-p", "actor_b=tst-ministry"]
    done = CliRunner().invoke(main, [*args, "-p", "max_hops=four"], env=graph_env(mini_graph))
    assert done.exit_code == 1 and "parameter 'max_hops' must be a whole number, not 'four'" in done.output


def test_a_table_wraps_long_cells_to_the_terminal_width_instead_of_cutting_them(mini_graph):
    title = "A practice whose title runs much longer than any terminal column could hold on one line"
    env = {**graph_env(mini_graph), "COLUMNS": "60"}
    done = _invoke("cypher", "RETURN $t AS title, 'tst-alpha' AS id", "-p", f"t={title}", "--format", "table", env=env)
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert lines[0].split() == ["title", "id"]
    assert " ".join(" ".join(lines[2:]).split()).replace(" tst-alpha", "") == title  # every word kept


def test_a_result_too_wide_for_the_terminal_shows_each_row_as_a_block(mini_graph):
    env = {**graph_env(mini_graph), "COLUMNS": "60"}
    done = _invoke("query", "practice_list", "--format", "table", env=env)
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert lines[0] == "row 1" and "row 2" in lines and max(len(line) for line in lines) <= 60
    first = lines[1 : lines.index("row 2")]
    assert first[0].split() == ["practice_id", "tst-alpha"] and first[1].split() == ["title", "Alpha", "practice"]
    narrow = _invoke("query", "practice_list", "--columns", "practice_id,title", "--format", "table", env=env).output
    assert narrow.splitlines()[0].split() == ["practice_id", "title"]  # two columns fit: a table


def test_case_text_cannot_restyle_the_terminal(mini_graph):
    value = "[bold red]loud[/bold red] \x1b[2J cleared"
    env = {**graph_env(mini_graph), "COLUMNS": "120"}
    table = _invoke("cypher", "RETURN $v AS v", "-p", f"v={value}", "--format", "table", env=env).output
    assert "[bold red]loud[/bold red]" in table and "\\x1b[2J" in table and "\x1b" not in table
    assert table_text(["a\x1b[31m"], [["x"]]).splitlines()[0].strip() == "a\\x1b[31m"


def test_tsv_keeps_one_line_per_row_and_json_keeps_types(mini_graph):
    env = graph_env(mini_graph)
    tsv = _invoke("cypher", "RETURN $v AS v, [1, 2] AS l, true AS b", "-p", "v=a\tb\\c\nd", env=env).output
    assert tsv == "v\tl\tb\na\\tb\\\\c\\nd\t1; 2\ttrue\n"
    records = json.loads(
        _invoke("cypher", "RETURN [1, 2] AS l, true AS b, 2.5 AS f", "--format", "json", env=env).output
    )
    assert records == [{"l": [1, 2], "b": True, "f": 2.5}]
    formula = _invoke("cypher", "RETURN '=1+1' AS f", "--format", "csv", env=env).output
    assert formula == "f\n'=1+1\n"  # CSV opens in a spreadsheet: a formula stays text


def test_an_empty_answer_says_so_with_its_columns(mini_graph):
    env = graph_env(mini_graph)
    done = _invoke("cypher", "MATCH (p:Practice {id: 'none'}) RETURN p.id AS id, p.title AS title", "--format", "table",
                   env=env)  # fmt: skip
    assert done.output == "(no rows) columns: id, title\n"
    assert _invoke("cypher", "MATCH (p:Practice {id: 'none'}) RETURN p.id AS id", env=env).output == "id\n"


def test_piped_output_is_plain_tsv(mini_graph, coordreg_home):
    env = {**os.environ, "COORDREG_HOME": str(coordreg_home), **graph_env(mini_graph)}
    done = subprocess.run([sys.executable, "-m", "registry.cli", "query", "practice_list", "--columns",
                           "practice_id,countries"], capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "practice_id\tcountries" and "─" not in done.stdout


# ---------------------------------------------------------------- schema


def test_schema_shows_labels_with_properties_and_relationships_with_their_ends(mini_graph):
    model = json.loads(_invoke("schema", "--format", "json", env=graph_env(mini_graph)).output)
    assert model["read_from_store"] is True
    labels = {item["label"]: item for item in model["labels"]}
    assert labels["Practice"]["nodes"] == 2 and {"id", "title", "countries"} <= set(labels["Practice"]["properties"])
    assert labels["Level"]["nodes"] == 3
    ends = {(r["type"], r["from"], r["to"]): r["relationships"] for r in model["relationships"]}
    assert ends[("HAS_MECHANISM", "Practice", "Mechanism")] >= 2 and ("AT_LEVEL", "Mechanism", "Level") in ends
    table = _invoke("schema", env={**graph_env(mini_graph), "COLUMNS": "200"}).output
    assert "Node labels" in table and "Relationships" in table
    assert any(line.split()[:3] == ["HAS_MECHANISM", "Practice", "Mechanism"] for line in table.splitlines())


def test_schema_without_a_store_still_shows_the_model():
    done = CliRunner().invoke(main, ["--graph", "postgres://nowhere", "schema", "--format", "json"])
    assert done.exit_code == 0, done.output
    model = json.loads(done.stdout)
    assert model["read_from_store"] is False and "cannot be reached" in done.stderr
    assert [item["label"] for item in model["labels"]][0] == "Practice"
    assert {"type": "INVOLVES", "from": "Mechanism", "to": "Actor", "relationships": None} in model["relationships"]


@pytest.mark.parametrize("args", [["queries", "--format", "xml"], ["describe"], ["schema", "--format", "csv"]])
def test_bad_usage_exits_2_with_a_message(args):
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2 and "Error:" in done.output


# ---------------------------------------------------------------- progress


def _load_with_stderr(env: dict[str, str], terminal: bool) -> tuple[str, str]:
    """`coordreg load` of the mini registry; its stderr a terminal (a pseudo-terminal) or a pipe."""
    from conftest import MINI_REGISTRY

    command = [sys.executable, "-m", "registry.cli", "load", str(MINI_REGISTRY)]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout, done.stderr
    import pty

    leader, follower = pty.openpty()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower, env=env, text=True) as running:
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: the command has ended
                break
            if not chunk:
                break
            drawn += chunk
        stdout = running.stdout.read() if running.stdout else ""
        assert running.wait(timeout=120) == 0, drawn
    os.close(leader)
    return stdout, drawn.decode("utf-8", "replace")


def test_a_load_shows_its_progress_in_a_terminal_and_nothing_in_a_pipe(store, coordreg_home):
    env = {**os.environ, "COORDREG_HOME": str(coordreg_home), **graph_env(store)}
    stdout, drawn = _load_with_stderr(env, terminal=True)
    assert "loaded 2 practice(s) from 3 file(s)" in stdout  # the summary stays on stdout, untouched
    # The rate needs two measurements; three files are written at once, so only the count is sure to show.
    assert "checking the case files" in drawn and "writing" in drawn and "3/3" in drawn and "left" in drawn
    stdout, quiet = _load_with_stderr(env, terminal=False)
    assert "loaded 2 practice(s)" in stdout
    assert quiet == "", quiet  # a log or a pipe gets the command's own lines only
