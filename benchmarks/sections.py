"""BENCHMARKS.md is shared by several benchmark scripts, each owning one section between its own markers
(``<!-- speed -->`` … ``<!-- /speed -->``): a script rewrites its section and leaves the others as they are."""

from __future__ import annotations

from pathlib import Path


def with_section(text: str, section: str, begin: str, end: str) -> str:
    """``text`` with its part from ``begin`` to ``end`` (markers included) replaced by ``section``, which holds
    both markers; the section is added at the end when the markers are not there yet."""
    if begin in text and end in text:
        return text[: text.index(begin)] + section + text[text.index(end) + len(end) :]
    if not text.strip():
        return section + "\n"
    return text.rstrip() + "\n\n" + section + "\n"


def write_section(report: Path, section: str, begin: str, end: str) -> None:
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    report.write_text(with_section(text, section, begin, end), encoding="utf-8")


#: Rows that another benchmark adds to the Targets table, which ``benchmarks.scale`` writes: they start with
#: this, and a rewrite of the scale section carries them over (app pages: ``benchmarks.app_pages``).
OTHER_TARGETS_ROW = "| App pages at N ="


def carried_target_rows(report: Path) -> list[str]:
    """The Targets table's rows that other benchmarks added to ``report``, to keep when scale rewrites it."""
    if not report.exists():
        return []
    return [line for line in report.read_text(encoding="utf-8").split("\n") if line.startswith(OTHER_TARGETS_ROW)]
