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
