"""A case written back as YAML (the registry folder keeps every loaded case this way) reads back as the same case,
whatever its text holds: libyaml's emitter, used when PyYAML has it, must quote and escape as the pure-Python
one does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from loaders.yaml_cases import dump_case_yaml, parse_case_text
from registry.schema.model import CaseFile

ROOT = Path(__file__).resolve().parents[1]
SEED_CASES = sorted((ROOT / "registry" / "seed_registry" / "cases").rglob("*.yaml"))

AWKWARD_TEXTS = [
    "yes",
    "null",
    "0123",
    "1e3",
    "- not a list",
    "key: value # not a comment",
    "  leading and trailing spaces  ",
    "quotes ' and \" and `backticks`",
    "line one\nline two\n\nafter a blank line",
    "tab\there",
    "accents: sécurité sociale, protección, São Paulo",
    "emoji 🙂 and CJK 社会保障",
    "a very long sentence " * 12,
    "{not: a map}",
    "[not, a, list]",
    "&anchor *alias !tag %directive @at",
]


def _case(path: Path):  # noqa: ANN202 - the case model's type
    case, problems = parse_case_text(path.read_text(encoding="utf-8"), str(path))
    assert case is not None, problems
    return case


@pytest.mark.parametrize("path", SEED_CASES[:12], ids=lambda p: p.stem)
def test_a_seed_case_reads_back_the_same(path):
    case = _case(path)
    again, problems = parse_case_text(dump_case_yaml(case), "written back")
    assert again == case, problems


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
def test_awkward_text_reads_back_the_same(text):
    data = _case(SEED_CASES[0]).model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["practice"]["summary"]["en"] = text
    changed = CaseFile.model_validate(data)
    again, problems = parse_case_text(dump_case_yaml(changed), "written back")
    assert again is not None, problems
    assert again == changed  # the model tidies runs of spaces itself: compare with the case as the model holds it
    held = changed.model_dump(mode="json")["practice"]["summary"]["en"]
    assert again.model_dump(mode="json")["practice"]["summary"]["en"] == held
    if text == text.strip() and "  " not in text:
        assert held == text


def test_the_text_is_the_pure_python_emitters():
    """The faster emitter changes no file a researcher may compare or keep under version control."""
    case = _case(SEED_CASES[0])
    data = case.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    assert dump_case_yaml(case) == yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
