"""benchmarks.app_pages over several launches of the app: each visit's median and range, and runs saved before
``--rounds`` still render."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import app_pages
from benchmarks.app_pages import PagesRun, Visit, median_visit

ROOT = Path(__file__).resolve().parents[1]


def test_the_median_visit_counts_a_visit_not_drawn_as_the_slowest():
    assert median_visit([Visit(4.5), Visit(15.8), Visit(5.6)]).seconds == 5.6
    assert median_visit([Visit(4.5), Visit(None, "not drawn within 180 s"), Visit(5.6)]).seconds == 5.6
    assert median_visit([Visit(4.5), Visit(None), Visit(None)]).seconds is None
    assert median_visit([Visit(2.0), Visit(4.0)]).seconds == 3.0
    assert median_visit([Visit(2.0), Visit(None)]).seconds is None


def test_each_rounds_note_is_kept_with_its_number():
    visit = median_visit([Visit(1.0), Visit(2.0, "the page shows an error"), Visit(3.0)])
    assert visit.note == "round 2: the page shows an error"
    assert median_visit([Visit(1.0, "slow")]).note == "slow"


def test_the_table_gives_each_visits_range_over_the_launches():
    run = PagesRun(300, 7, rounds=3)
    run.round_visits = [{"overview": {"first": Visit(seconds), "second": Visit(1.0)}} for seconds in (15.8, 4.5, 5.6)]
    run.visits = {"overview": {"first": Visit(5.6), "second": Visit(1.0)}}
    section = app_pages.render_section(run)
    assert "| 5.60 ⚠ | 4.50–15.80 | 1.00 | 1.00–1.00 |" in section
    assert "--rounds 3" in section
    run.round_visits[1]["overview"]["first"] = Visit(None, "not drawn")
    assert app_pages.spread(run, "overview", "first") == "5.60–15.80, 1 not drawn"


@pytest.mark.parametrize("rounds", ["0", "-1", "three"])
def test_rounds_must_be_a_positive_whole_number(rounds, capsys):
    with pytest.raises(SystemExit):
        app_pages.parse_args(["--rounds", rounds])
    assert "a whole number of launches" in capsys.readouterr().err


def test_a_run_saved_before_rounds_renders_as_one_round(tmp_path):
    raw = json.loads((ROOT / "benchmarks" / "app_pages.json").read_text(encoding="utf-8"))
    for key in ("rounds", "round_visits", "round_peaks"):  # as saved before --rounds
        raw.pop(key, None)
    saved = tmp_path / "app_pages.json"
    saved.write_text(json.dumps(raw), encoding="utf-8")
    run = app_pages.load_run(saved)
    assert run.round_visits == [] and run.rounds == 1
    section = app_pages.render_section(run)
    overview = next(line for line in section.splitlines() if line.startswith("| Overview |"))
    assert overview.count("| — |") == 2  # no range for a single launch
    assert "--rounds" not in section


def test_a_run_with_rounds_reads_back_as_saved(tmp_path):
    run = PagesRun(300, 7, rounds=2)
    run.round_visits = [{"data": {"first": Visit(1.5), "second": Visit(1.0)}}] * 2
    run.visits = {"data": {"first": Visit(1.5), "second": Visit(1.0)}}
    path = tmp_path / "run.json"
    path.write_text(json.dumps(app_pages.asdict(run)), encoding="utf-8")
    assert app_pages.load_run(path) == run


def test_the_section_and_its_targets_row_name_the_size_run(tmp_path):
    run = PagesRun(300, 7, rounds=1)
    run.visits = {"overview": {"first": Visit(1.0), "second": Visit(0.5)}}
    assert "## App pages at N = 300\n" in app_pages.render_section(run)
    report = tmp_path / "BENCHMARKS.md"
    table = "## Targets\n\n| target | result | evidence |\n|---|---|---|\n| a | met | b |\n"
    report.write_text(table, encoding="utf-8")
    app_pages.write_report(run, report)
    rows = [line for line in report.read_text(encoding="utf-8").splitlines() if line.startswith("| App pages")]
    assert len(rows) == 1 and "[App pages at N = 300](#app-pages-at-n--300)" in rows[0]
