"""The registry folder: every load keeps its case files there, the graph is rebuilt from it, and a folder
that cannot be written refuses the load before the graph is touched."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_REGISTRY, TESTS, graph_env
from hardening_support import graph_checksum
from test_spreadsheet import workbook_from

from registry.cli import main
from registry.errors import StoreBusy
from registry.loading import load_paths
from registry.locks import registry_write_lock
from registry.registry_folder import FolderNotWritable, RegistryFolder, registry_folder_for

CROSSROADS = TESTS / "fixtures" / "contributions" / "bel-crossroads"


def folder_texts(folder: Path) -> dict[str, str]:
    """Every file of the folder and its text (hidden staging folders included, to see one left behind)."""
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def kept(store, tmp_path):
    """The mini registry loaded into ``store`` with a registry folder of its own."""
    folder = RegistryFolder(tmp_path / "registry")
    load_paths(store, [MINI_REGISTRY], folder=folder)
    return store, folder


def test_a_load_writes_its_case_files_into_the_folder(kept):
    store, folder = kept
    alpha = folder.case_file_of("tst-alpha")
    assert alpha == folder.path / "cases" / "tst-alpha.yaml"
    assert "Alpha practice" in alpha.read_text()
    assert folder.case_file_of("tst-beta") is not None
    assert folder.case_file_of("no-such-practice") is None
    # Catalogue entries (declared without a practice) go to the catalogue file, not to a practice's.
    catalogue = (folder.path / "catalogue.yaml").read_text()
    assert "- id: tst-ministry" in catalogue
    assert "- id: tst-ministry" not in (folder.path / "cases" / "tst-beta.yaml").read_text()
    assert folder.manifest()["registry_version"] == store.registry_version().key
    assert [entry["version"] for entry in folder.history()] == [1]
    assert not [p for p in folder.path.iterdir() if p.name.startswith(".staging")]


def test_load_rebuild_with_no_paths_rebuilds_the_same_graph_from_the_folder(kept):
    store, folder = kept
    before = graph_checksum(store, internal_ids=False)
    texts = folder_texts(folder.path)
    store.wipe()
    result = CliRunner().invoke(
        # --no-snapshot: the actor measures a snapshot writes back are derived, not case data the folder holds.
        main,
        ["load", "--rebuild", "--no-snapshot", "--registry-folder", str(folder.path)],
        env=graph_env(store),
    )
    assert result.exit_code == 0, result.output
    assert graph_checksum(store, internal_ids=False) == before
    # The case files are the same; the folder only gained a version and a new manifest.
    after = folder_texts(folder.path)
    assert {k: v for k, v in after.items() if k.endswith(".yaml")} == {
        k: v for k, v in texts.items() if k.endswith(".yaml")
    }
    assert len(folder.history()) == 2


def test_a_folder_under_a_file_refuses_the_load_and_the_graph_is_unchanged(kept, tmp_path):
    store, _ = kept
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    before = graph_checksum(store, internal_ids=False)
    version = store.registry_version()
    with pytest.raises(FolderNotWritable, match=r"cannot be written .*registry is unchanged"):
        load_paths(store, [MINI_REGISTRY / "beta.yaml"], folder=RegistryFolder(blocker / "registry"))
    assert graph_checksum(store, internal_ids=False) == before
    assert store.registry_version() == version


def test_a_case_file_blocked_by_a_folder_refuses_the_load_in_words(kept, tmp_path):
    store, folder = kept
    changed = tmp_path / "beta.yaml"
    changed.write_text((MINI_REGISTRY / "beta.yaml").read_text().replace("tst-beta", "tst-gamma"))
    (folder.path / "cases" / "tst-gamma.yaml").mkdir()  # where the new practice's file belongs
    before = graph_checksum(store, internal_ids=False)
    texts = folder_texts(folder.path)
    result = CliRunner().invoke(
        main, ["load", str(changed), "--registry-folder", str(folder.path)], env=graph_env(store)
    )
    assert result.exit_code == 1
    assert "cannot be written" in result.output and "tst-gamma.yaml is a folder" in result.output
    assert "Traceback" not in result.output
    assert graph_checksum(store, internal_ids=False) == before
    assert folder_texts(folder.path) == texts


def test_a_second_import_is_refused_or_waits_and_neither_is_half_applied(kept, tmp_path):
    store, folder = kept
    changed = tmp_path / "beta.yaml"
    changed.write_text((MINI_REGISTRY / "beta.yaml").read_text().replace("tst-beta", "tst-gamma"))
    before = graph_checksum(store, internal_ids=False)
    texts = folder_texts(folder.path)
    waited = threading.Event()
    outcome: list[object] = []

    def second_import() -> None:
        try:
            outcome.append(load_paths(store, [changed], folder=folder, on_wait=waited.set))
        except Exception as exc:  # noqa: BLE001 - the test reads it below
            outcome.append(exc)

    with registry_write_lock(store.lock_path("write")):  # another import is writing
        with pytest.raises(StoreBusy, match="nothing was written"):
            load_paths(store, [changed], folder=folder, wait=False)
        waiter = threading.Thread(target=second_import)
        waiter.start()
        assert waited.wait(30)
        time.sleep(0.2)
        # Neither the refused import nor the waiting one has written anything yet.
        assert graph_checksum(store, internal_ids=False) == before
        assert folder_texts(folder.path) == texts
    waiter.join(60)
    assert len(outcome) == 1 and not isinstance(outcome[0], Exception), outcome
    assert folder.case_file_of("tst-gamma") is not None
    assert store.read("MATCH (p:Practice {id: $id}) RETURN p.id AS id", {"id": "tst-gamma"}).frame["id"].tolist() == [
        "tst-gamma"
    ]
    assert [entry["files"] for entry in folder.history()][-1] == [str(changed)]


def test_a_workbook_referring_to_seed_actors_loads_alone_and_lands_in_the_folder(store, tmp_path):
    folder = RegistryFolder(tmp_path / "registry")
    load_paths(store, folder=folder)  # the seed registry: the folder's first content
    assert folder.case_file_of("bra-canpat") is not None
    assert "renames:" in (folder.path / "vocabulary.yaml").read_text()  # the seed's own vocabulary file
    workbook = workbook_from(CROSSROADS, tmp_path / "cases.xlsx")
    report = load_paths(store, [workbook], folder=folder)
    assert report.practices_written == 1
    case_file = folder.case_file_of("bel-crossroads-bank")
    assert case_file is not None and "R202" in case_file.read_text()
    counts = folder.history()[-1]["counts"]
    assert counts["practices_added"] == 1 and counts["changed"] == 0 and counts["removed"] == 0
    # The folder alone rebuilds the same registry: the seed's cases and the workbook's.
    before = graph_checksum(store, internal_ids=False)
    load_paths(store, rebuild=True, folder=folder)
    assert graph_checksum(store, internal_ids=False) == before


def test_the_default_folder_is_named_by_the_store(store, monkeypatch, tmp_path):
    monkeypatch.delenv("COORDREG_REGISTRY_DIR", raising=False)
    default = registry_folder_for(store)
    assert default.path.parent.name == "registries"
    assert default.path.name.startswith(("falkordb-", "neo4j-"))
    assert all(c.isalnum() or c in "._-" for c in default.path.name)
    monkeypatch.setenv("COORDREG_REGISTRY_DIR", str(tmp_path / "mine"))
    assert registry_folder_for(store).path == tmp_path / "mine"
    assert registry_folder_for(store, tmp_path / "named").path == tmp_path / "named"


EXTENSION = """\
extends: tst-alpha
evidence:
  - id: tst-alpha-ev-extra
    kind: benefit
    category: duplicate-benefits-avoided
    description: {en: "Found in a second reading."}
    mechanism: tst-alpha-m2
    source: test-source
    locator: "Section 3"
"""


def test_an_extension_and_a_moved_declaration_keep_the_folder_rebuildable(kept, tmp_path):
    store, folder = kept
    extension = tmp_path / "more.yaml"
    extension.write_text(EXTENSION)
    load_paths(store, [extension], folder=folder)
    companion = folder.path / "cases" / "tst-alpha.extra.yaml"
    assert "tst-alpha-ev-extra" in companion.read_text()
    assert "tst-alpha-ev-extra" not in folder.case_file_of("tst-alpha").read_text()
    # An actor tst-alpha's file declared, declared again in a catalogue with --replace: it moves there.
    catalogue = tmp_path / "catalogue.yaml"
    alpha = (MINI_REGISTRY / "alpha.yaml").read_text()
    declared = alpha[alpha.index("  - id: tst-agency") : alpha.index("agreements:")]
    catalogue.write_text("actors:\n" + declared.replace("Agency of Samples", "Agency of Examples"))
    load_paths(store, [catalogue], folder=folder, replace=True)
    assert "Agency of Examples" in (folder.path / "catalogue.yaml").read_text()
    assert "- id: tst-agency" not in folder.case_file_of("tst-alpha").read_text()
    before = graph_checksum(store, internal_ids=False)
    load_paths(store, rebuild=True, folder=folder)
    assert graph_checksum(store, internal_ids=False) == before
    # The practice's own file loaded again replaces what extensions added: the companion goes with it.
    load_paths(store, [MINI_REGISTRY / "alpha.yaml"], folder=folder, replace=True)
    assert not companion.exists()
    assert store.read("MATCH (e:Evidence {id: $id}) RETURN e.id AS id", {"id": "tst-alpha-ev-extra"}).frame.empty


def test_files_a_load_replaces_behind_the_folders_back_are_set_aside_never_lost(kept, tmp_path):
    """A hand edit never loaded, then another writer changes the graph: the next load copies the graph into
    the folder, and the hand-edited file is kept aside (and named in the history), not overwritten."""
    store, folder = kept
    alpha = folder.case_file_of("tst-alpha")
    edited = alpha.read_text().replace("Alpha practice", "Alpha practice, edited by hand")
    alpha.write_text(edited)
    load_paths(store, [MINI_REGISTRY])  # another writer: no folder, so the folder is now out of step
    load_paths(store, [MINI_REGISTRY / "beta.yaml"], folder=folder, replace=True)
    entry = folder.history()[-1]
    assert "cases/tst-alpha.yaml" in entry["set_aside"]["files"]
    kept_aside = Path(entry["set_aside"]["folder"]) / "cases" / "tst-alpha.yaml"
    assert kept_aside.read_text() == edited
    assert "edited by hand" not in alpha.read_text()
    assert kept_aside not in folder.case_paths(), "what is set aside is not rebuilt from"

    # A rebuild from other files drops the folder's other cases: they are set aside too.
    load_paths(store, [MINI_REGISTRY / "beta.yaml", MINI_REGISTRY / "catalogue.yaml"],
               folder=folder, rebuild=True)  # fmt: skip
    assert folder.case_file_of("tst-alpha") is None
    dropped = Path(folder.history()[-1]["set_aside"]["folder"]) / "cases" / "tst-alpha.yaml"
    assert "Alpha practice" in dropped.read_text()
    shown = CliRunner().invoke(
        main, ["history", "--show", str(len(folder.history())), "--registry-folder", str(folder.path)],
        env=graph_env(store),
    )  # fmt: skip
    assert shown.exit_code == 0 and str(dropped.parent.parent) in shown.output, shown.output


def test_a_cli_load_computes_the_snapshot_and_the_folder_stays_in_step(store, tmp_path):
    """`coordreg load` ends by computing the analyses for the new version and writing the actor measures back;
    that write changes no case file, so the next load does not take the folder for out of step (nothing is set
    aside), and --no-snapshot leaves the measures to the first request."""
    folder = RegistryFolder(tmp_path / "registry")
    args = ["load", str(MINI_REGISTRY), "--registry-folder", str(folder.path)]
    first = CliRunner().invoke(main, args, env=graph_env(store))
    assert first.exit_code == 0, first.output
    measured = store.read("MATCH (a:Actor) WHERE a.degree IS NOT NULL RETURN count(a) AS n").frame["n"][0]
    assert measured > 0, "the actor measures were written back"
    assert folder.manifest()["registry_version"] == store.registry_version().key
    again = CliRunner().invoke(main, [*args, "--no-snapshot"], env=graph_env(store))
    assert again.exit_code == 0, again.output
    assert "set_aside" not in folder.history()[-1]
    assert folder.manifest()["registry_version"] == store.registry_version().key
