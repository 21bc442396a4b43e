"""Loading case files: validation first, atomic per case, idempotent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINI_REGISTRY

from registry import graph_writer
from registry.errors import CaseValidationError, QueryFailed
from registry.loading import load_paths
from registry.stores.base import Statement


def _snapshot(store) -> tuple[dict[str, int], list]:
    nodes = store.read(
        "MATCH (n) WHERE NOT n:RegistryVersion "  # the store's version node: bookkeeping, not contents
        "RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS props ORDER BY label, id"
    ).frame
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props ORDER BY a, t, b"
    ).frame
    return store.counts(), [nodes.to_dict("records"), sorted(map(str, rels.to_dict("records")))]


def _copy_mini(tmp_path: Path) -> Path:
    target = tmp_path / "cases"
    shutil.copytree(MINI_REGISTRY, target)
    return target


def test_second_load_changes_nothing(mini_store):
    before = _snapshot(mini_store)
    load_paths(mini_store, [MINI_REGISTRY])
    assert _snapshot(mini_store) == before
    assert before[0]["nodes"] > 0


def test_edited_case_replaces_its_old_mechanisms(store, tmp_path):
    cases = _copy_mini(tmp_path)
    load_paths(store, [cases])
    alpha = cases / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("id: tst-alpha-m2", "id: tst-alpha-m2-renamed"))
    alpha.write_text(alpha.read_text().replace("mechanism: tst-alpha-m2\n", "mechanism: tst-alpha-m2-renamed\n"))
    load_paths(store, [cases])
    ids = set(store.read("MATCH (m:Mechanism) RETURN m.id AS id").frame["id"])
    assert "tst-alpha-m2" not in ids
    assert "tst-alpha-m2-renamed" in ids


@pytest.mark.parametrize(
    ("edit", "expected_field", "expected_words"),
    [
        (lambda t: t.replace("level: meso", "level: mezzo"), "level", "'macro', 'meso' or 'micro'"),
        (lambda t: t.replace("  region: Americas\n", ""), "regions", "missing"),
        (
            lambda t: t.replace("actor: tst-agency, role: monitor", "actor: tst-nobody, role: monitor"),
            "actor",
            "tst-nobody",
        ),
        (lambda t: t.replace("countries: [ARG]", "countries: [ARX]"), "countries", "ISO 3166"),
        (lambda t: t.replace("years: [2015]", "years: [1066]"), "years", "greater than or equal"),
        (lambda t: t.replace("practice:\n  id: tst-alpha", "practice:\n  id: tst-alpha\n  id: again"), "", "twice"),
        (lambda t: t + "\n  - broken: [unclosed\n", "", "YAML syntax error"),
    ],
)
def test_invalid_file_is_reported_and_nothing_is_written(store, tmp_path, edit, expected_field, expected_words):
    cases = _copy_mini(tmp_path)
    alpha = cases / "alpha.yaml"
    alpha.write_text(edit(alpha.read_text()))
    with pytest.raises(CaseValidationError) as info:
        load_paths(store, [cases])
    problem = info.value.problems[0]
    assert problem.file.endswith("alpha.yaml")
    if expected_field:
        assert problem.field == expected_field, str(problem)
    assert expected_words in str(problem)
    assert store.counts() == {"nodes": 0, "relationships": 0}


def test_keep_going_loads_the_valid_files(store, tmp_path):
    cases = _copy_mini(tmp_path)
    (cases / "alpha.yaml").write_text((cases / "alpha.yaml").read_text().replace("level: meso", "level: mezzo"))
    report = load_paths(store, [cases], keep_going=True)
    assert report.skipped == [str(cases / "alpha.yaml")]
    # alpha.yaml cannot be read into a case (a level outside the vocabulary), but it names its practice:
    # the summary counts that practice as skipped, not an unread file.
    assert report.files_unread == 0 and report.practices_skipped == 1 and report.practices_written == 1
    practices = set(store.read("MATCH (p:Practice) RETURN p.id AS id").frame["id"])
    assert practices == {"tst-beta"}


def test_duplicate_ids_across_files_are_errors(store, tmp_path):
    cases = _copy_mini(tmp_path)
    (cases / "gamma.yaml").write_text((cases / "beta.yaml").read_text())
    with pytest.raises(CaseValidationError) as info:
        load_paths(store, [cases])
    assert any("already used in" in str(p) for p in info.value.problems)


def test_dry_run_writes_nothing(store):
    report = load_paths(store, [MINI_REGISTRY], dry_run=True)
    assert report.dry_run and not report.problems
    assert store.counts()["nodes"] == 0


def test_a_case_failing_half_way_leaves_nothing(store, monkeypatch):
    """The store applies a case's statement entirely or not at all."""
    real = graph_writer.statement_for_case

    def failing_after_the_writes(case):
        statement = real(case)
        if case.practice is not None and case.practice.id == "tst-beta":
            # Fails only after every node and relationship of the case was written.
            cypher = statement.cypher.replace("RETURN done", "WITH done WHERE 1 / 0 = 1 RETURN done")
            return Statement(cypher, statement.parameters)
        return statement

    monkeypatch.setattr("registry.loading.statement_for_case", failing_after_the_writes)
    with pytest.raises(QueryFailed):
        load_paths(store, [MINI_REGISTRY])
    practices = set(store.read("MATCH (p:Practice) RETURN p.id AS id").frame["id"])
    assert "tst-beta" not in practices
    assert store.read("MATCH (a:Actor {id: 'tst-union'}) RETURN count(a) AS n").frame["n"][0] == 0


def test_rebuild_removes_what_is_no_longer_in_the_files(store, tmp_path):
    cases = _copy_mini(tmp_path)
    load_paths(store, [cases])
    (cases / "beta.yaml").unlink()
    load_paths(store, [cases], rebuild=True)
    practices = set(store.read("MATCH (p:Practice) RETURN p.id AS id").frame["id"])
    assert practices == {"tst-alpha"}


def test_alias_bomb_is_refused(tmp_path):
    from loaders.yaml_cases import read_case_file

    bomb = tmp_path / "bomb.yaml"
    bomb.write_text('a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n')
    case, problems = read_case_file(bomb)
    assert case is None
    assert "aliases" in problems[0].message and problems[0].place == "line 2, column 8"


def test_possible_duplicate_actor_is_a_warning(tmp_path):
    from loaders import read_bundle

    cases = _copy_mini(tmp_path)
    beta = cases / "beta.yaml"
    beta.write_text(
        beta.read_text()
        .replace("name: Union of Examples", "name: Ministère des Essais")
        .replace("country: URY", "country: ARG")
    )
    _, problems = read_bundle([cases])
    warnings = [p for p in problems if p.severity == "warning"]
    assert any("tst-ministry" in str(p) for p in warnings)
    assert not [p for p in problems if p.severity == "error"]


def test_fast_and_checked_yaml_parsers_agree_on_every_seed_file():
    import yaml

    from loaders.yaml_cases import _USE_CHECKED_PARSER, _CaseFileLoader, _fast_load
    from registry.loading import seed_registry_path

    files = sorted(seed_registry_path().rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = _fast_load(text)
        assert fast is not _USE_CHECKED_PARSER, path
        assert fast == yaml.load(text, Loader=_CaseFileLoader), path  # noqa: S506


def test_fast_parser_hands_refusals_to_the_checked_parser():
    from loaders.yaml_cases import _USE_CHECKED_PARSER, _fast_load

    assert _fast_load("a: &x [1]\nb: *x\n") is _USE_CHECKED_PARSER
    assert _fast_load("a: 1\na: 2\n") is _USE_CHECKED_PARSER
    assert _fast_load("a: [1, 2\n") is _USE_CHECKED_PARSER
    assert _fast_load("[" * 100 + "]" * 100) is _USE_CHECKED_PARSER
