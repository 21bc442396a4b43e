"""Each benchmark script rewrites only its own marked section of BENCHMARKS.md (benchmarks/sections.py)."""

from __future__ import annotations

from pathlib import Path

from benchmarks import sections

ROOT = Path(__file__).resolve().parents[1]
MARKERS = ("<!-- speed -->", "<!-- /speed -->")


def test_a_section_is_replaced_and_the_rest_kept():
    text = "# Head\n\n<!-- a -->\nold a\n<!-- /a -->\n\n<!-- b -->\nold b\n<!-- /b -->\n"
    changed = sections.with_section(text, "<!-- a -->\nnew a\n<!-- /a -->", "<!-- a -->", "<!-- /a -->")
    assert changed == "# Head\n\n<!-- a -->\nnew a\n<!-- /a -->\n\n<!-- b -->\nold b\n<!-- /b -->\n"


def test_a_missing_section_is_added_at_the_end(tmp_path):
    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# Head\n\n", encoding="utf-8")
    sections.write_section(report, "<!-- c -->\nc\n<!-- /c -->", "<!-- c -->", "<!-- /c -->")
    assert report.read_text(encoding="utf-8") == "# Head\n\n<!-- c -->\nc\n<!-- /c -->\n"


def test_writing_a_section_of_the_real_report_as_it_is_changes_nothing():
    text = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    begin, end = MARKERS
    own = text[text.index(begin) : text.index(end) + len(end)]
    assert sections.with_section(text, own, begin, end) == text


def test_the_snapshot_share_is_missed_when_the_refresh_left_answers_out():
    # Its time without those answers is not the whole snapshot's (the run of 8769854 kept 14 of 17 on the embedded
    # store, and nothing said so): the row names them and never says met.
    import json

    from benchmarks import speed

    recorded = json.loads((ROOT / "benchmarks" / "speed.json").read_text(encoding="utf-8"))
    stores = {kind: speed.StoreSpeed(**values) for kind, values in recorded.pop("stores").items()}
    run = speed.SpeedRun(**{**recorded, "stores": stores})
    kind = next(iter(stores))
    stores[kind].snapshot_s = 0.01 * stores[kind].load_s  # well within the share
    rows = [line for line in speed.render_section(run).splitlines() if "of the load it follows" in line]
    assert "**met**" in rows[0] and "could not compute" not in rows[0]
    stores[kind].failed = {"actor_network": "the store was away"}
    rows = [line for line in speed.render_section(run).splitlines() if "of the load it follows" in line]
    assert "**missed**" in rows[0] and "`actor_network`: the store was away" in rows[0]


def test_the_scale_rewrite_keeps_the_targets_rows_other_benchmarks_added(tmp_path):
    report = tmp_path / "BENCHMARKS.md"
    row = "| App pages at N = 10,000 (issue 16): page times, memory | see [x](#x) | 5 of 8 met |"
    table = f"## Targets\n\n| target | result | evidence |\n|---|---|---|\n| a | met | b |\n{row}\n"
    report.write_text(table, encoding="utf-8")
    assert sections.carried_target_rows(report) == [row]
    assert sections.carried_target_rows(tmp_path / "missing.md") == []
