"""Each real load records a version in the registry folder; `coordreg history` lists them and what each changed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import MINI_REGISTRY, graph_env

from registry.cli import main
from registry.errors import CoordregError
from registry.history import change_rows, version, versions
from registry.loading import load_paths
from registry.registry_folder import RegistryFolder


@pytest.fixture
def two_versions(store, tmp_path):
    """The mini registry loaded, then its beta practice changed: two versions."""
    folder = RegistryFolder(tmp_path / "registry")
    load_paths(store, [MINI_REGISTRY], folder=folder)
    beta = tmp_path / "beta.yaml"
    text = (MINI_REGISTRY / "beta.yaml").read_text()
    assert "Beta" in text
    beta.write_text(text.replace("Beta", "Beta renamed", 1))
    load_paths(store, [beta], folder=folder, replace=True)
    return store, folder, beta


def test_history_records_each_load_with_its_counts(two_versions):
    store, folder, beta = two_versions
    found = versions(folder)
    assert [v.number for v in found] == [1, 2]
    assert found[0].counts["practices_added"] == 2 and found[0].counts["removed"] == 0
    assert found[1].files == [str(beta)]
    assert found[1].counts["practices_changed"] == 1 and found[1].counts["added"] == 0
    assert found[1].registry_version == store.registry_version().number
    assert found[0].registry_version < found[1].registry_version
    rows = change_rows(version(folder, 2).changes)
    assert any(row[:3] == ["changed", "practice", "tst-beta"] and "Beta renamed" in row[5] for row in rows)


def test_history_command_lists_versions_and_shows_one(two_versions):
    store, folder, _ = two_versions
    env = graph_env(store) | {"COORDREG_REGISTRY_DIR": str(folder.path)}
    result = CliRunner().invoke(main, ["history", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["version"] for row in rows] == [1, 2]
    assert rows[1]["changed"] == 1 and rows[0]["practices"] == "+2 ~0 -0"
    shown = CliRunner().invoke(main, ["history", "--show", "2", "--format", "json"], env=env)
    assert shown.exit_code == 0, shown.output
    assert {(r["action"], r["kind"], r["id"]) for r in json.loads(shown.output)} == {
        ("changed", "practice", "tst-beta")
    }
    missing = CliRunner().invoke(main, ["history", "--show", "9"], env=env)
    assert missing.exit_code == 1
    assert "has no version 9: it records versions 1 to 2" in missing.output


def test_a_dry_run_and_a_refused_load_record_no_version(two_versions, tmp_path):
    store, folder, _ = two_versions
    load_paths(store, [MINI_REGISTRY], folder=folder, dry_run=True)
    broken = tmp_path / "broken.yaml"
    broken.write_text("practice: {id: Not An Id}\n")
    with pytest.raises(CoordregError):
        load_paths(store, [broken], folder=folder)
    assert len(versions(folder)) == 2
