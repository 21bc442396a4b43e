"""The README's Reliability figures can only be as large as the suite that backs them.

Each hardening module states the most it can try (its corpus, its fuzz budgets,
its faults); a figure in the README above that sum would be a claim no run can
have produced. The figures themselves are copied from
test-artifacts/reliability.json, which the hardening tests write at the end
of a run.
"""

from __future__ import annotations

import re
from pathlib import Path

import test_hardening_canary as canary
import test_hardening_concurrency as concurrency
import test_hardening_console as console
import test_hardening_crash as crash
import test_hardening_files as files
import test_hardening_html as html_data
import test_hardening_injection as injection
import test_hardening_limits as limits
import test_hardening_unavailable as unavailable
import test_hardening_writers as writers
import test_neo4j_store as neo4j_store
from hardening_corpus import WRITE_ATTEMPTS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")

ROWS = {
    "console": "Write, admin and escape attempts through the console",
    "inputs": "Inputs tried",
    "faults": "Faults injected",
    "lost": "Data lost",
}


def _section() -> str:
    match = re.search(r"^## Reliability\n(.*?)(?=^## )", README, re.DOTALL | re.MULTILINE)
    assert match, "README lacks a '## Reliability' section"
    return match.group(1)


def _figure(row_start: str) -> int:
    match = re.search(rf"^\| {re.escape(row_start)}[^|]*\| \*\*([0-9,]+)\*\* \|", _section(), re.MULTILINE)
    assert match, f"no figure for '{row_start}' in the Reliability table"
    return int(match.group(1).replace(",", ""))


def test_the_reliability_section_sits_before_layout():
    assert README.index("## Reliability") < README.index("## Layout")


def test_console_figure_is_backed_by_the_corpus():
    assert _figure(ROWS["console"]) <= console.CONSOLE_WRITE_ATTEMPTS
    distinct = re.search(r"([0-9]+) distinct", _section())
    assert distinct and int(distinct.group(1)) <= len(WRITE_ATTEMPTS)


def test_inputs_figure_is_backed_by_the_fuzz_budgets_and_file_catalogue():
    most = injection.INPUTS_TRIED + files.INPUTS_TRIED + limits.INPUTS_TRIED + html_data.INPUTS_TRIED
    assert _figure(ROWS["inputs"]) <= most


def test_faults_figure_is_backed_by_the_fault_tests():
    most = (
        limits.FAULTS_INJECTED
        + crash.FAULTS_INJECTED
        + unavailable.FAULTS_INJECTED
        + concurrency.FAULTS_INJECTED
        + canary.FAULTS_INJECTED
        + neo4j_store.FAULTS_INJECTED
        + writers.FAULTS_INJECTED
    )
    assert _figure(ROWS["faults"]) <= most


def test_no_data_is_lost():
    assert _figure(ROWS["lost"]) == 0
