"""The README is the front door: keep it true."""

from __future__ import annotations

import re
from pathlib import Path

from registry.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(marker: str) -> str:
    match = re.search(rf"<!-- {marker} -->(.*?)<!-- /{marker} -->", README, re.DOTALL)
    assert match, f"README lacks the {marker} block"
    return match.group(1)


def test_quick_start_has_exactly_two_commands():
    for marker in ("app-command", "test-command"):
        lines = [line for line in _block(marker).splitlines() if line.strip() and not line.startswith("```")]
        assert len(lines) == 1, marker
    assert "coordreg app" in _block("app-command")
    assert "pytest" in _block("test-command")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "<!-- test-command -->" in ci and "eval" in ci


def test_cli_reference_lists_every_command_and_option():
    reference = _block("cli-reference")
    for name, command in main.commands.items():
        assert f"`coordreg {name}" in reference, f"README does not document `coordreg {name}`"
        for param in command.params:
            for flag in getattr(param, "opts", []):
                if flag.startswith("--") and flag not in {"--help"}:
                    assert flag in reference, f"README does not mention {flag} of `coordreg {name}`"
    assert "--graph" in reference and "--version" in reference


def test_readme_examples_use_existing_queries():
    from registry.queries.library import list_queries

    names = set(list_queries(include_user=False))
    for used in re.findall(r"coordreg query ([a-z_]+)", README):
        assert used in names, used
