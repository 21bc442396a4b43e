"""The event reader (loaders/yaml_events.py) gives exactly what the checked parser gives, or leaves the file to it.

The property, for every text: either ``plain_data`` returns ``UNREAD`` (or raises, as libyaml does on bad
syntax), or its data equals, type for type and key order included, what ``yaml.load`` with the case reader's
checked pure-Python loader returns. And a text the checked loader refuses is never read by the event reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders import yaml_cases
from loaders.yaml_events import UNREAD, plain_data
from registry.synthetic import generate_registry

SEED = Path(__file__).resolve().parents[1] / "registry" / "seed_registry"
RESOLVERS = yaml_cases._FastCaseFileLoader.yaml_implicit_resolvers
DEPTH = yaml_cases.MAX_NESTING - 2


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down and keys in the same order (True is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


def checked(text: str) -> tuple[bool, Any]:
    try:
        return True, yaml.load(text, Loader=yaml_cases._CaseFileLoader)  # noqa: S506 - SafeLoader subclass
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return False, None


def events(text: str) -> Any:
    try:
        return plain_data(text, RESOLVERS, DEPTH)
    except yaml.YAMLError:
        return UNREAD


def assert_same_or_left(text: str) -> Any:
    accepted, expected = checked(text)
    got = events(text)
    if got is UNREAD:
        return got
    assert accepted, f"the event reader read a text the checked parser refuses: {text!r}"
    assert same(got, expected), f"{text!r}: {got!r} != {expected!r}"
    return got


# fmt: off
SCALARS = [
    "yes", "no", "NO", "No", "on", "Off", "true", "False", "TRUE", "y", "n", "~", "null", "Null", "", "0", "-0",
    "017", "0o17", "0x1F", "0b101", "1_000", "1:20", "190:20:30", "+12", "1e3", "1.5e3", "1.", ".5", "-.inf",
    ".Inf", ".NaN", "2014-06-11", "2014-02-30", "2001-12-14t21:59:43.10-05:00", "'yes'", '"no"', "'0x1F'",
    "'~'", '"2014-06-11"', "é", "数据", "🙂", "a: b", "'a: b'", "=", "<<", "!!str 12", "!!int '12'", "! 12",
    "&a 12", "*a", "|\n  two\n  lines\n", ">\n  folded\n  text\n", "\"esc\\tape\\u00e9\"", "multi\n  line plain",
    "[1, yes, ~, 'x']", "{a: 1, b: [2, 3]}", "[]", "{}", "- 1\n  - 2", "@reserved", "`tick",
]
# fmt: on


@pytest.mark.parametrize("scalar", SCALARS)
def test_every_kind_of_value_reads_as_the_checked_parser_reads_it(scalar: str) -> None:
    for text in (f"value: {scalar}\n", f"list:\n- {scalar}\n- other\n", f"- {scalar}\n"):
        assert_same_or_left(text)
    # Plain values of every built-in type are read here, not left over.
    if scalar in {"yes", "NO", "~", "0x1F", "1:20", ".NaN", "2014-06-11", "'yes'", "é", "[1, yes, ~, 'x']"}:
        assert events(f"value: {scalar}\n") is not UNREAD


DOCUMENTS = {
    "empty": "",
    "comment only": "# nothing\n",
    "explicit start": "---\na: 1\n",
    "explicit end": "a: 1\n...\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "empty document": "---\n",
    "duplicate key": "a: 1\na: 2\n",
    "duplicate key after quoting": "a: 1\n'a': 2\n",
    "number and text keys": "1: one\n'1': text\n",
    "bool key": "yes: 1\n",
    "null key": "~: 1\n",
    "float key": "1.5: x\n",
    "merge key": "base: {a: 1}\nother:\n  <<: {b: 2}\n",
    "alias": "a: &x 1\nb: *x\n",
    "anchor only": "a: &x 1\n",
    "tagged map": "a: !!map {b: 1}\n",
    "set": "a: !!set {b, c}\n",
    "omap": "a: !!omap [b: 1]\n",
    "complex key": "? [a, b]\n: 1\n",
    "flow key": "{[a]: 1}\n",
    "value key": "=: 1\n",
    "tab indent": "a:\n\t- 1\n",
    "bad indent": "a:\n  b: 1\n c: 2\n",
    "unclosed": "a: [1, 2\n",
    "nested": "a:\n  b:\n    c:\n      - d: 1\n        e: [x, {f: g}]\n",
    "top-level list": "- a\n- b\n",
    "top-level text": "just text\n",
    "binary": "a: !!binary aGVsbG8=\n",
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_documents_read_the_same_or_are_left_to_the_checked_parser(name: str) -> None:
    assert_same_or_left(DOCUMENTS[name])


@pytest.mark.parametrize(
    "name", ["duplicate key", "duplicate key after quoting", "merge key", "alias", "complex key", "two documents"]
)
def test_what_a_case_file_may_not_hold_is_never_read_here(name: str) -> None:
    assert events(DOCUMENTS[name]) is UNREAD


def test_deep_nesting_is_left_to_the_checked_parser_and_moderate_nesting_is_read() -> None:
    deep = "a: " + "[" * (DEPTH + 5) + "]" * (DEPTH + 5) + "\n"
    assert events(deep) is UNREAD
    bomb = "[" * 20_000
    assert events(bomb) is UNREAD
    moderate = "a: " + "[" * 10 + "x" + "]" * 10 + "\n"
    assert assert_same_or_left(moderate) is not UNREAD


def test_every_seed_case_file_reads_the_same() -> None:
    files = sorted(SEED.rglob("*.yaml"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert assert_same_or_left(text) is not UNREAD, f"{path} was left to the slower parsers"


def test_generated_case_files_read_the_same(tmp_path: Path) -> None:
    generate_registry(60, 11, tmp_path)
    files = sorted(tmp_path.rglob("*.yaml"))
    assert len(files) >= 60
    for path in files:
        assert assert_same_or_left(path.read_text(encoding="utf-8")) is not UNREAD


def test_the_case_reader_gives_the_same_data_and_problems_through_either_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """parse_yaml_text through the event reader, and with it switched off, on texts good and bad."""
    texts = [*DOCUMENTS.values(), *(f"practice: {s}\n" for s in SCALARS)]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEED.rglob("*.yaml"))[:5]]
    with_events = [yaml_cases.parse_yaml_text(t, "case.yaml") for t in texts]
    monkeypatch.setattr(yaml_cases, "plain_data", lambda *args: UNREAD)
    without = [yaml_cases.parse_yaml_text(t, "case.yaml") for t in texts]
    for text, (data_a, problems_a), (data_b, problems_b) in zip(texts, with_events, without, strict=True):
        assert problems_a == problems_b, text
        assert same(data_a, data_b), text
