"""The change preview: what a load would add, change (field by field) and remove, before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_REGISTRY, graph_env
from hardening_support import graph_checksum
from test_registry_folder import folder_texts

from registry.change_preview import preview_changes
from registry.cli import main
from registry.held_registry import read_held
from registry.loading import load_paths, validate_paths
from registry.registry_folder import RegistryFolder


@pytest.fixture
def kept(store, tmp_path):
    folder = RegistryFolder(tmp_path / "registry")
    load_paths(store, [MINI_REGISTRY], folder=folder)
    return store, folder


def _edited(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    text = (MINI_REGISTRY / name).read_text()
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text)
    return path


def _preview(store, paths, *, rebuild=False):
    bundle, problems = validate_paths(paths, None if rebuild else read_held(store), replace=True)
    assert not [p for p in problems if p.severity == "error"], problems
    return preview_changes(store, bundle, rebuild=rebuild)


def test_reloading_the_same_files_changes_nothing(kept):
    store, _ = kept
    assert _preview(store, [MINI_REGISTRY]).empty


def test_a_changed_title_and_a_dropped_mechanism_are_listed(kept, tmp_path):
    store, _ = kept
    start = (MINI_REGISTRY / "alpha.yaml").read_text().index("  - id: tst-alpha-m1")
    end = (MINI_REGISTRY / "alpha.yaml").read_text().index("  - id: tst-alpha-m2")
    dropped = (MINI_REGISTRY / "alpha.yaml").read_text()[start:end]
    alpha = _edited(tmp_path, "alpha.yaml", ('en: "Alpha practice"', 'en: "Alpha, renamed"'), (dropped, ""))
    preview = _preview(store, [alpha])
    by_key = {(c.kind, c.ident): c for c in preview.changes}
    practice = by_key[("practice", "tst-alpha")]
    assert practice.action == "changed"
    assert ("title.en", "Alpha practice", "Alpha, renamed") in practice.fields
    assert by_key[("mechanism", "tst-alpha-m1")].action == "removed"
    assert ("mechanism", "tst-alpha-m2") not in by_key  # unchanged
    counts = preview.counts()
    assert counts["changed"] == 1 and counts["removed"] == 1 and counts["practices_changed"] == 1


def test_a_rebuild_lists_what_it_would_remove(kept):
    store, _ = kept
    preview = _preview(store, [MINI_REGISTRY / "catalogue.yaml", MINI_REGISTRY / "beta.yaml"], rebuild=True)
    removed = {(c.kind, c.ident) for c in preview.changes if c.action == "removed"}
    assert {("practice", "tst-alpha"), ("mechanism", "tst-alpha-m1"), ("actor", "tst-agency")} <= removed
    assert not {c.ident for c in preview.changes if c.action != "removed"}


def test_dry_run_shows_old_and_new_and_writes_nothing(kept, tmp_path):
    store, folder = kept
    actor = _edited(tmp_path, "catalogue.yaml", ("name: Ministry of Testing", "name: Ministry of Trials"))
    before = graph_checksum(store, internal_ids=False)
    version = store.registry_version()
    texts = folder_texts(folder.path)
    result = CliRunner().invoke(
        main, ["load", "--dry-run", "--replace", str(actor), "--registry-folder", str(folder.path)],
        env=graph_env(store),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "changed: actor 'tst-ministry'" in result.output
    assert "name: Ministry of Testing → Ministry of Trials" in result.output
    assert "would add 0, change 1, remove 0; nothing written" in result.output
    assert graph_checksum(store, internal_ids=False) == before
    assert store.registry_version() == version
    assert folder_texts(folder.path) == texts


def test_a_registrys_own_vocabulary_terms_are_previewed(kept, tmp_path):
    """A vocabulary file's new term is listed as added; loaded, then relabelled, it is listed as changed."""
    store, folder = kept
    cases = tmp_path / "cases"
    cases.mkdir()
    vocabulary = cases / "vocabulary.yaml"
    term = "  - vocabulary: function\n    term: household-visits\n    en: Household visits\n"
    vocabulary.write_text(
        f"terms:\n{term}    fr: Visites à domicile\n    definition: Agents visit each household to register it.\n"
    )
    added = _preview(store, [cases])
    assert [(c.action, c.ident) for c in added.changes] == [("added", "function:household-visits")]
    load_paths(store, [cases], folder=folder)
    assert _preview(store, [cases]).empty
    vocabulary.write_text(
        f"terms:\n{term}    fr: Visites des ménages\n    definition: Agents visit each household to register it.\n"
    )
    changed = _preview(store, [cases]).changes
    assert [(c.action, c.ident, c.fields) for c in changed] == [
        ("changed", "function:household-visits", [("fr", "Visites à domicile", "Visites des ménages")])
    ]
