"""The case model holds real cases: two public cases (Brazil's Cadastro Único, Belgium's Crossroads Bank)
written from their sources use every construct the model gained, load from YAML and from the spreadsheet
template, show in the named queries, and survive every export with the graph unchanged.

Between them the two cases hold: a mechanism at two levels; an actor with two kinds and two scopes that is
part of another; a renamed actor; a period and full dates; figures in BRL with 'more than', as-of years,
expected and observed, and a range; a bilingual title; a registry's own vocabulary term; an EU instrument.
No single real case needs all of them, so the checks below name the case that carries each one.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import open_graph
from test_export_roundtrip import graph_contents

from loaders import read_bundle
from registry.errors import CaseValidationError
from registry.export import export_registry
from registry.loading import load_paths, seed_registry_path
from registry.queries.library import run_named_query

REAL_CASES = Path(__file__).parent / "fixtures" / "real_cases"


@pytest.fixture
def real_store(store):
    load_paths(store, [seed_registry_path(), REAL_CASES], rebuild=True)
    return store


@pytest.fixture
def other_store(request, backend):
    graph = open_graph(request, backend, "model_copy" if backend == "falkordb" else "modelcopy")
    graph.wipe()
    yield graph
    graph.wipe()
    graph.close()


def one(store, cypher: str, **parameters):
    rows = store.read(cypher, parameters).frame.to_dict("records")
    assert len(rows) == 1, rows
    return rows[0]


def test_every_new_construct_lands_in_the_graph(real_store):
    mechanism = one(
        real_store,
        "MATCH (m:Mechanism {id: $id})-[:AT_LEVEL]->(l:Level) "
        "RETURN m.levels AS levels, collect(l.id) AS linked, m.when AS when",
        id="bra-cadastro-unico-shared-register",
    )
    assert mechanism["levels"] == ["meso", "micro"] and sorted(mechanism["linked"]) == ["meso", "micro"]
    assert mechanism["when"] == "2007/.."
    senarc = one(
        real_store,
        "MATCH (a:Actor {id: 'bra-senarc'})-[:PART_OF]->(b:Actor) "
        "RETURN a.kinds AS kinds, a.scopes AS scopes, b.id AS b",
    )
    assert senarc == {"kinds": ["government-department", "registry"], "scopes": ["federal", "national"], "b": "bra-mds"}
    mds = one(real_store, "MATCH (a:Actor {id: 'bra-mds'}) RETURN a.former_names AS names, a.search_key AS key")
    assert mds["names"] == ["Ministério do Desenvolvimento Social e Combate à Fome", "Ministério da Cidadania"]
    assert "cidadania" in mds["key"]  # a former name finds the actor
    practice = one(
        real_store,
        "MATCH (p:Practice {id: 'bra-cadastro-unico'}) RETURN p.when AS when, p.when_start_year AS start, "
        "p.regions AS regions",
    )
    assert practice == {"when": "2003/..", "start": 2003, "regions": ["Latin America and the Caribbean"]}
    decree = one(real_store, "MATCH (g:Agreement {id: 'bra-decree-6135-2007'}) RETURN g.when AS when, g.year AS y")
    assert decree == {"when": "2007-06-26", "y": 2007}
    evidence = one(real_store, "MATCH (e:Evidence {id: 'bra-cadastro-unico-ev-reach'}) RETURN e.figures AS figures")
    figures = [json.loads(f) for f in evidence["figures"]]
    assert {
        "value": 15.1,
        "qualifier": "more-than",
        "currency": "BRL",
        "as_of": 2020,
        "status": "observed",
    }.items() <= (figures[3].items())
    assert figures[4]["status"] == "expected" and (figures[5]["low"], figures[5]["high"]) == (32, 306)
    belgium = one(
        real_store,
        "MATCH (p:Practice {id: 'bel-crossroads-bank-network'})-[:RELATES_TO]->(i:Instrument) "
        "RETURN p.title_other_languages AS others, i.issuer AS issuer, i.kind AS kind",
    )
    assert belgium == {"others": ["fr: Banque Carrefour de la Sécurité Sociale"], "issuer": "European Union",
                       "kind": "regulation"}  # fmt: skip
    term = one(real_store, "MATCH (t:Term {id: 'function:socioeconomic-characterisation'}) RETURN t.narrows AS n")
    assert term == {"n": "identification-of-beneficiaries"}
    served = one(
        real_store,
        "MATCH (m:Mechanism)-[:SERVES]->(f:Function {id: 'socioeconomic-characterisation'}) RETURN count(m) AS n",
    )
    assert served == {"n": 1}


def test_named_queries_read_several_levels_and_kinds(real_store):
    matrix = run_named_query(real_store, "typology_matrix", {}).frame.set_index("practice_id")
    row = matrix.loc["bra-cadastro-unico"]
    assert bool(row["macro"]) and bool(row["meso"]) and bool(row["micro"])
    actors = run_named_query(real_store, "app_practice_actors", {"practice": "bra-cadastro-unico"}).frame
    caixa = actors.set_index("actor_id").loc["bra-caixa"]
    assert list(caixa["levels"]) == ["meso", "micro"]  # one mechanism at two levels places the bank at both
    banks = run_named_query(real_store, "actor_list", {"actor_kind": "public-bank"}).frame
    assert list(banks["actor_id"]) == ["bra-caixa"]
    it_agencies = run_named_query(real_store, "actor_list", {"actor_kind": "public-it-agency"}).frame
    assert {"bra-caixa", "bel-crossroads-bank"} <= set(it_agencies["actor_id"])  # the second kind counts too
    costs = run_named_query(real_store, "cost_benefit", {"practice": "bra-cadastro-unico"}).frame
    assert list(costs.iloc[0]["level_ids"]) == ["macro", "meso", "micro"]
    overlap = run_named_query(real_store, "practice_overlap", {"practice": "bra-cadastro-unico"}).frame
    assert len(overlap) > 0  # it shares functions with seed practices


def test_a_new_slug_close_to_the_registry_s_is_warned_about(real_store):
    bundle, problems = read_bundle([REAL_CASES / "bra-cadastro-unico.yaml"], None)
    assert not [p for p in problems if p.severity == "error"]
    from registry.held_registry import read_held

    _, problems = read_bundle([REAL_CASES / "bra-cadastro-unico.yaml"], read_held(real_store), replace=True)
    # The registry held it already (the fixture loaded it): no warning about itself.
    assert not [p for p in problems if "low-income-families" in p.message and "looks like" in p.message]
    _, problems = read_bundle([REAL_CASES / "bra-cadastro-unico.yaml", seed_registry_path()], None)
    close = [p for p in problems if p.severity == "warning" and "looks like" in p.message]
    assert any("low-income-families" in p.message and "low-income-households" in p.message for p in close), close


@pytest.mark.parametrize("fmt", ["yaml", "csv", "xlsx"])
def test_real_cases_survive_every_case_export(real_store, other_store, tmp_path, fmt):
    target = tmp_path / ("export.xlsx" if fmt == "xlsx" else "export")
    out = export_registry(real_store, fmt, target)
    load_paths(other_store, [Path(out)], rebuild=True)
    assert graph_contents(other_store) == graph_contents(real_store)


# A mechanism's label and an agreement's title in French (issue 17): the seed article's cases give them.
FRENCH_NAMED = {
    ("Mechanism", "arg-intercosecha-mech-joint-planning"): ["fr: Planification conjointe avec les provinces"],
    ("Agreement", "mex-imss-resolution-126"): ["fr: Résolution 126 du Conseil technique de l’IMSS"],
}


def _other_languages(store) -> dict[tuple[str, str], list[str]]:
    found = {}
    for (label, ident), _ in FRENCH_NAMED.items():
        row = one(store, f"MATCH (n:{label} {{id: $id}}) RETURN n.other_languages AS names", id=ident)
        found[(label, ident)] = list(row["names"] or [])
    return found


@pytest.mark.parametrize("fmt", ["yaml", "csv", "xlsx"])
def test_french_names_of_mechanisms_and_agreements_load_and_survive_export(real_store, other_store, tmp_path, fmt):
    assert _other_languages(real_store) == FRENCH_NAMED  # loaded from the YAML case files
    out = Path(export_registry(real_store, fmt, tmp_path / ("export.xlsx" if fmt == "xlsx" else "export")))
    if fmt == "csv":  # the spreadsheet template's own column
        assert "fr: Planification conjointe avec les provinces" in (out / "mechanisms.csv").read_text("utf-8-sig")
        assert "fr: Résolution 126" in (out / "agreements.csv").read_text("utf-8-sig")
    load_paths(other_store, [out], rebuild=True)
    assert _other_languages(other_store) == FRENCH_NAMED


# A figure's unit and label in French (issue 17): the seed article's cases give them, read off the case file.
FRENCH_FIGURES_CASE = seed_registry_path() / "cases" / "issa-americas" / "ury-public-software-reuse.yaml"


def _french_figures_written() -> dict[str, list[tuple[str, str]]]:
    case = yaml.safe_load(FRENCH_FIGURES_CASE.read_text(encoding="utf-8"))
    return {
        item["id"]: [(f["unit_fr"], f["label_fr"]) for f in item["figures"]]
        for item in case["evidence"] if item.get("figures")
    }  # fmt: skip


def _french_figures_stored(store, evidence_ids) -> dict[str, list[tuple[str, str]]]:
    found = {}
    for ident in evidence_ids:
        row = one(store, "MATCH (e:Evidence {id: $id}) RETURN e.figures AS figures", id=ident)
        found[ident] = [(f.get("unit_fr"), f.get("label_fr")) for f in map(json.loads, row["figures"])]
    return found


@pytest.mark.parametrize("fmt", ["yaml", "csv", "xlsx"])
def test_french_units_and_labels_of_figures_load_and_survive_export(real_store, other_store, tmp_path, fmt):
    written = _french_figures_written()
    assert written and all(unit and label for pairs in written.values() for unit, label in pairs)
    assert _french_figures_stored(real_store, written) == written  # loaded from the YAML case file
    out = Path(export_registry(real_store, fmt, tmp_path / ("export.xlsx" if fmt == "xlsx" else "export")))
    if fmt == "csv":  # the spreadsheet template's own columns
        header, *rows = (out / "evidence_figures.csv").read_text("utf-8-sig").splitlines()
        assert "unit_fr" in header.split(",") and "label_fr" in header.split(",")
        assert any(next(iter(written.values()))[0][1] in row for row in rows)
    load_paths(other_store, [out], rebuild=True)
    assert _french_figures_stored(other_store, written) == written
    assert graph_contents(other_store) == graph_contents(real_store)


def test_an_overlong_french_figure_label_in_the_spreadsheet_is_named_and_refused(real_store, other_store, tmp_path):
    out = Path(export_registry(real_store, "csv", tmp_path / "template"))
    sheet = out / "evidence_figures.csv"
    label_fr = next(iter(_french_figures_written().values()))[0][1]
    text = sheet.read_text(encoding="utf-8-sig")
    assert text.count(label_fr) == 1
    sheet.write_text(text.replace(label_fr, "x" * 501), "utf-8-sig")
    with pytest.raises(CaseValidationError) as info:
        load_paths(other_store, [out], rebuild=True)
    problem = next(p for p in info.value.problems if "500 characters" in p.message)
    assert problem.file.endswith("evidence_figures.csv") and problem.field == "label_fr", problem
    row = next(n for n, line in enumerate(sheet.read_text("utf-8-sig").splitlines(), start=1) if "x" * 501 in line)
    assert f"row {row}" in problem.place, problem
    assert other_store.counts()["nodes"] == 0


def test_a_bad_french_name_in_the_spreadsheet_is_named_and_refused(real_store, other_store, tmp_path):
    out = Path(export_registry(real_store, "csv", tmp_path / "template"))
    sheet = out / "mechanisms.csv"
    text = sheet.read_text(encoding="utf-8-sig")
    sheet.write_text(text.replace("fr: Planification conjointe", "French: Planification conjointe"), "utf-8-sig")
    with pytest.raises(CaseValidationError) as info:
        load_paths(other_store, [out], rebuild=True)
    problem = next(p for p in info.value.problems if "language code" in p.message)
    assert problem.file.endswith("mechanisms.csv") and problem.field == "other_languages", problem
    rows = sheet.read_text(encoding="utf-8-sig").splitlines()
    row = next(n for n, line in enumerate(rows, start=1) if line.startswith("arg-intercosecha-mech-joint-planning,"))
    assert f"row {row}" in problem.place and "'French'" in problem.message, problem


def test_graph_exports_carry_the_new_properties(real_store):
    for fmt in ("graphml", "gexf", "cypher"):
        text = str(export_registry(real_store, fmt))
        assert "Banque Carrefour" in text and "socioeconomic-characterisation" in text, fmt
    document = json.loads(str(export_registry(real_store, "json")))
    assert document["vocabulary"]["terms"][0]["term"] == "socioeconomic-characterisation"
    brazil = next(c for c in document["cases"] if c["practice"]["id"] == "bra-cadastro-unico")
    assert brazil["mechanisms"][0]["levels"] == ["meso", "micro"]


def test_the_cases_load_from_the_spreadsheet_template(real_store, other_store, tmp_path):
    """The same cases typed into the template (here: the CSV export) give the same graph."""
    out = Path(export_registry(real_store, "csv", tmp_path / "template"))
    assert "socioeconomic-characterisation" in (out / "vocabulary_terms.csv").read_text(encoding="utf-8-sig")
    assert "meso;micro" in (out / "mechanisms.csv").read_text(encoding="utf-8-sig")
    load_paths(other_store, [out], rebuild=True)
    assert graph_contents(other_store) == graph_contents(real_store)


def test_older_files_keep_loading_and_export_in_the_new_form(store, tmp_path):
    """The seed registry was written with `level`, `kind`, `scope`, `region` and agreement `year`."""
    seed_text = "\n".join(p.read_text(encoding="utf-8") for p in seed_registry_path().rglob("*.yaml"))
    assert "\n    level: " in seed_text and "\n    kind: ministry" in seed_text and "\n  region: " in seed_text
    load_paths(store, [seed_registry_path()], rebuild=True)
    out = Path(export_registry(store, "yaml", tmp_path / "export"))
    exported = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.yaml"))
    assert all(re.search(rf"^\s*{name}:", exported, re.M) for name in ("levels", "kinds", "scopes", "regions"))
    assert not re.search(r"^\s*(level|kind: ministry|region):", exported, re.M)
    assert "coverage-extended" in (out / "vocabulary.yaml").read_text(encoding="utf-8")  # the rename is kept


def _case_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = Path(shutil.copytree(REAL_CASES, tmp_path / "cases"))
    target = folder / "bra-cadastro-unico.yaml"
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


BAD_VALUES = [
    ("when: since 2007", "when: 2013/2001", "when", "ends (2001) before it starts (2013)"),
    ("currency: BRL, as_of: 2011", "currency: BRR, as_of: 2011", "currency", "ISO 4217"),
    ("{low: 32, high: 306", "{low: 306, high: 32", "figures[5]", "bounds are reversed"),
    ("    part_of: bra-mds\n", "    part_of: bra-mds-typo\n", "part_of", "did you mean"),
    ("kinds: [public-bank, public-it-agency]", "kinds: [public-bnak]", "kinds", "did you mean 'public-bank'"),
    ("region: Latin America and the Caribbean", "region: Latin Amerika", "region", "Latin America and the Caribbean"),
    ("qualifier: more than, unit: million", "qualifier: roughly, unit: million", "qualifier", "about"),
    # A figure's French unit and label are short text like their English ones: not empty, not a paragraph.
    ("unit: million families, as_of: 2011", "unit: million families, unit_fr: '', as_of: 2011",
     "figures[1] unit_fr", "at least 1 character"),
    ("label: budgeted for the year}", "label: budgeted for the year, label_fr: " + "x" * 501 + "}",
     "figures[4] label_fr", "at most 500 characters"),
    ("when: 2007-06-26", "when: 2007-02-30", "when", "not a date in the calendar"),
    # A French name needs its language code ("fr: …"), and a code of two letters.
    ("    label: One register kept by three tiers of government\n",
     "    label: One register kept by three tiers of government\n    other_languages: 'French: Un registre commun'\n",
     "mechanisms[0] (bra-cadastro-unico-shared-register) > other_languages", "two-letter lowercase language code"),
    ("    title: Decreto nº 6.135, de 26 de junho de 2007\n",
     "    title: Decreto nº 6.135, de 26 de junho de 2007\n    other_languages: Décret 6135\n",
     "agreements[0] (bra-decree-6135-2007) > other_languages", "as 'fr: the name'"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "where", "words"), BAD_VALUES, ids=[b[3][:24] for b in BAD_VALUES])
def test_bad_values_of_the_new_fields_are_named_and_nothing_is_written(store, tmp_path, old, new, where, words):
    before = graph_contents(store)
    with pytest.raises(CaseValidationError) as info:
        load_paths(store, [seed_registry_path(), _case_with(tmp_path, old, new)])
    problem = next(p for p in info.value.problems if words in p.message)
    assert problem.file.endswith("bra-cadastro-unico.yaml") and where in f"{problem.place} {problem.field}", problem
    assert graph_contents(store) == before


def test_a_part_of_cycle_is_refused(store, tmp_path):
    folder = _case_with(tmp_path, "    kinds: ministry\n", "    kinds: ministry\n    part_of: bra-senarc\n")
    with pytest.raises(CaseValidationError) as info:
        load_paths(store, [seed_registry_path(), folder])
    assert any("go round in a circle" in p.message and "bra-mds" in p.message for p in info.value.problems)


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (("term: socioeconomic-characterisation", "term: registration"), "already a built-in function"),
        (("narrows: identification-of-beneficiaries", "narrows: identification-of-beneficiary"), "did you mean"),
        (("vocabulary: function", "vocabulary: functions"), "not a vocabulary a registry can extend"),
    ],
)
def test_a_bad_vocabulary_file_is_refused(store, tmp_path, edit, words):
    folder = Path(shutil.copytree(REAL_CASES, tmp_path / "cases"))
    vocabulary = folder / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    with pytest.raises(CaseValidationError) as info:
        load_paths(store, [folder])
    assert any(p.file.endswith("vocabulary.yaml") and words in p.message for p in info.value.problems), (
        info.value.problems
    )


def test_a_renamed_slug_loads_under_its_new_name_with_a_warning(store, tmp_path):
    folder = Path(shutil.copytree(seed_registry_path(), tmp_path / "seed"))
    case = folder / "cases" / "issa-americas" / "arg-intercosecha.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("category: coverage-extension", "category: coverage-extended")
    )
    report = load_paths(store, [folder], rebuild=True)
    assert any("'coverage-extended' was renamed 'coverage-extension'" in p.message for p in report.warnings)
    found = store.read("MATCH (e:Evidence {category: 'coverage-extended'}) RETURN count(e) AS n").frame
    assert int(found.iloc[0]["n"]) == 0


def test_a_misspelt_field_gets_the_closest_names(store, tmp_path):
    folder = _case_with(tmp_path, "    levels: meso;micro\n", "    levles: meso;micro\n")
    with pytest.raises(CaseValidationError) as info:
        load_paths(store, [seed_registry_path(), folder])
    assert any(p.field == "levles" and "did you mean 'levels'" in p.message for p in info.value.problems)


def test_a_registry_s_own_term_serves_files_loaded_later(real_store, tmp_path):
    """The term lives in the graph once loaded: a later file may use it without the vocabulary file."""
    alone = tmp_path / "later"
    alone.mkdir()
    text = (REAL_CASES / "bra-cadastro-unico.yaml").read_text(encoding="utf-8")
    (alone / "bra-cadastro-unico.yaml").write_text(text, encoding="utf-8")
    report = load_paths(real_store, [alone])
    assert report.practices_written == 1 and not report.problems


def test_a_registry_term_labelled_like_a_built_in_one_is_warned_about(store, tmp_path):
    folder = Path(shutil.copytree(REAL_CASES, tmp_path / "cases"))
    vocabulary = folder / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8").replace("en: Socio-economic characterisation", "en: Registration")
    vocabulary.write_text(text, encoding="utf-8")
    _, problems = read_bundle([folder])
    warned = [
        p for p in problems if p.severity == "warning" and "label of the built-in term 'registration'" in p.message
    ]
    assert warned and warned[0].file.endswith("vocabulary.yaml")
