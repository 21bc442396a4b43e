"""Big folders are parsed by worker processes: same cases, same problems, same order as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

import loaders
import loaders.parallel
from registry.synthetic import generate_registry


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parallel") / "registry"
    files = generate_registry(240, seed=3, out=out)
    assert len(files) >= loaders.parallel.PARALLEL_MIN_FILES
    # Two broken files in the middle: their problems must come back in file order.
    cases = sorted(p for p in files if "cases" in p.parts)
    cases[40].write_text("practice: [unclosed\n", encoding="utf-8")
    cases[120].write_bytes(b"practice:\n  id: x\n  title: caf\xe9\n")
    return out


def _read_sequentially(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, list[object]]:
    with monkeypatch.context() as patch:
        patch.setattr(loaders.parallel, "PARALLEL_MIN_FILES", 10**9)
        return loaders.read_bundle([folder])


def test_parallel_parse_uses_workers_for_big_folders() -> None:
    assert loaders.parallel.worker_count(loaders.parallel.PARALLEL_MIN_FILES - 1) == 1
    # On a one-core machine there is nothing to parallelise; on more, a big folder gets workers.
    cores = len(__import__("os").sched_getaffinity(0))
    assert loaders.parallel.worker_count(5000) == min(cores, 8)


def test_parallel_and_sequential_reads_agree(big_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real_start = loaders.parallel._start_worker

    def counting_start(paths: list[Path]) -> object:
        started.append(len(paths))
        return real_start(paths)

    monkeypatch.setattr(loaders.parallel, "_start_worker", counting_start)
    parallel_bundle, parallel_problems = loaders.read_bundle([big_folder])
    monkeypatch.undo()
    if loaders.parallel.worker_count(5000) > 1:
        assert len(started) == loaders.parallel.worker_count(5000), "one worker process per core"
        assert sum(started) == len([p for p in big_folder.rglob("*.yaml")])
    sequential_bundle, sequential_problems = _read_sequentially(big_folder, monkeypatch)
    assert [f.origin for f in parallel_bundle.files] == [f.origin for f in sequential_bundle.files]  # type: ignore[attr-defined]
    assert [f.case for f in parallel_bundle.files] == [f.case for f in sequential_bundle.files]  # type: ignore[attr-defined]
    assert parallel_problems == sequential_problems
    messages = [p.message for p in parallel_problems if p.severity == "error"]
    assert any("YAML syntax error" in m for m in messages)
    assert any("not UTF-8" in m for m in messages)


def test_a_dead_worker_means_parsing_here_with_the_same_answers(
    big_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _read_sequentially(big_folder, monkeypatch)
    real_start = loaders.parallel._start_worker

    def broken_start(paths: list[Path]) -> object:
        worker = real_start(paths)
        worker.kill()  # dies before answering
        return worker

    monkeypatch.setattr(loaders.parallel, "_start_worker", broken_start)
    bundle, problems = loaders.read_bundle([big_folder])
    assert [f.case for f in bundle.files] == [f.case for f in expected[0].files]  # type: ignore[attr-defined]
    assert problems == expected[1]
