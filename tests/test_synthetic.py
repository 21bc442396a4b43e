"""The synthetic registry generator and the scale benchmark's tiny mode."""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from registry.errors import CoordregError
from registry.loading import load_paths, validate_paths
from registry.queries.library import run_named_query
from registry.schema.vocabulary import FUNCTION_IDS
from registry.synthetic import generate_cases, generate_registry, seed_vocabularies

ROOT = Path(__file__).resolve().parent.parent


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    generate_registry(40, 5, tmp_path / "a")
    generate_registry(40, 5, tmp_path / "b")
    generate_registry(40, 6, tmp_path / "c")
    first = _files(tmp_path / "a")
    assert len([name for name in first if name.startswith("cases/")]) == 40
    assert first == _files(tmp_path / "b")
    assert first != _files(tmp_path / "c")


def test_output_validates_without_problems(tmp_path):
    generate_registry(80, 3, tmp_path / "registry")
    bundle, problems = validate_paths([tmp_path / "registry"])
    assert problems == []
    assert len(bundle.practices) == 80


def test_structure_follows_the_brief():
    cases = [c for c in generate_cases(300, 11).values() if c.practice is not None]
    populations = set(seed_vocabularies()["populations"])
    levels_per_practice = Counter(len({level for m in c.mechanisms for level in m.levels}) for c in cases)
    assert set(levels_per_practice) == {2, 3}
    parties = [len(g.parties) for c in cases for g in c.agreements]
    assert parties and min(parties) >= 2 and max(parties) <= 6
    assert {f for c in cases for m in c.mechanisms for f in m.functions} <= set(FUNCTION_IDS)
    assert {p for c in cases for p in c.practice.populations} <= populations  # type: ignore[union-attr]
    # Mostly agreeing level claims, a few conflicting ones.
    conflicting = [c for c in cases if len({tuple(claim.levels) for claim in c.level_claims}) > 1]
    assert 0 < len(conflicting) < len(cases) / 5
    assert any(f.value for c in cases for e in c.evidence for f in e.figures)
    # Some agreements are used by a practice other than the one that declares them.
    declared = {g.id: c.practice.id for c in cases for g in c.agreements}  # type: ignore[union-attr]
    assert any(declared.get(g) != c.practice.id for c in cases for m in c.mechanisms for g in m.agreements)  # type: ignore[union-attr]


def test_actor_participation_is_heavy_tailed():
    files = generate_cases(400, 2)
    practices_of = Counter(
        actor
        for case in files.values()
        if case.practice is not None
        for actor in {a.actor for m in case.mechanisms for a in m.actors}
    )
    counts = sorted(practices_of.values(), reverse=True)
    assert counts[0] >= 5 * statistics.median(counts)
    # The pool grows with the registry: about 0.3 actors per practice.
    declared = [a for case in files.values() for a in case.actors]
    assert 0.2 * 400 <= len(declared) <= 0.5 * 400


def test_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(CoordregError, match="not an empty folder"):
        generate_registry(3, 1, tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_loaded_registry_has_overlaps_and_duplication(store, tmp_path):
    generate_registry(40, 9, tmp_path / "registry")
    load_paths(store, [tmp_path / "registry"])
    assert store.read("MATCH (p:Practice) RETURN count(p) AS n").frame["n"][0] == 40
    shared = store.read(
        "MATCH (p:Practice)-[:HAS_MECHANISM]->(:Mechanism)-[:INVOLVES]->(a:Actor) "
        "WITH a, count(DISTINCT p) AS n WHERE n > 1 RETURN count(a) AS actors"
    ).frame
    assert shared["actors"][0] > 0
    overlap = run_named_query(store, "practice_overlap").frame
    assert (overlap["shared_actors"].map(len) > 0).any()
    duplication = run_named_query(store, "function_duplication").frame
    assert (duplication["scope"] == "across practices").any()


def test_generate_command(tmp_path):
    command = [sys.executable, "-m", "registry.cli", "generate", "--practices", "4", "--seed", "2", "--out"]
    done = subprocess.run([*command, str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "4 practice(s)" in done.stdout
    assert len(list((tmp_path / "out" / "cases").glob("*.yaml"))) == 4
    checked = subprocess.run(
        [sys.executable, "-m", "registry.cli", "validate", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0 and "4 practice(s)" in checked.stdout, checked.stderr
    again = subprocess.run([*command, str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "not an empty folder" in again.stderr


def test_benchmark_tiny_mode_writes_a_full_report(tmp_path):
    out, plot = tmp_path / "BENCHMARKS.md", tmp_path / "scale.png"
    other = "<!-- speed -->\nanother benchmark's section\n<!-- /speed -->"
    out.write_text(other + "\n", encoding="utf-8")  # the scale run rewrites only its own section
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", "--sizes", "12", "--repeats", "1", "--no-app",
         "--naive-max", "6", "--out", str(out), "--plot", str(plot)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report = out.read_text()
    assert other in report and report.count("<!-- scale -->") == 1
    sections = ["## Machine", "## Targets", "## Registries", "## Loading", "## Named queries", "## Same answers",
                "## App cold start and memory", "## What limits what"]  # fmt: skip
    for section in sections:
        assert section in report, section
    assert "python -m benchmarks.scale --sizes 12 --repeats 1" in report
    assert "| 12 |" in report
    assert "typology_matrix" in report and "practice_overlap" in report
    # The baseline computes the same four answers as the named queries.
    titles = ("typology", "practice overlap", "function duplication", "actor centrality")
    lines = [line for line in report.splitlines() if line.startswith("| 12 |")]
    rows = [line for line in lines if any(f"| {t} |" in line for t in titles)]
    assert len(rows) == 4 and all("| yes |" in row for row in rows), rows
    assert plot.read_bytes().startswith(b"\x89PNG")
    # The raw results are kept beside the plot and render the same report again.
    again = tmp_path / "again.md"
    rendered = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", "--render-from", str(plot.with_suffix(".json")),
         "--out", str(again), "--plot", str(plot)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert rendered.returncode == 0, rendered.stderr[-2000:]
    assert again.read_text() == report.replace(other + "\n\n", "")
    # A row the app pages benchmark added to the Targets table survives the scale section's rewrite.
    row = "| App pages at N = 12 (issue 16): page times, memory | see [x](#x) | 1 of 1 met |"
    carried = tmp_path / "carried.md"
    carried.write_text(report.replace("|---|---|---|\n", f"|---|---|---|\n{row}\n", 1), encoding="utf-8")
    rewritten = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", "--render-from", str(plot.with_suffix(".json")),
         "--out", str(carried), "--plot", str(plot)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert rewritten.returncode == 0, rewritten.stderr[-2000:]
    targets = carried.read_text().split("## Targets", 1)[1].split("\n\n")[1]
    assert targets.count(row) == 1
