"""Read YAML case files safely.

Case files come from other people, so the reader refuses what YAML allows but
a case file never needs: aliases (the "billion laughs" bomb), duplicate keys
(YAML silently keeps the last one), files over a size cap, and anything that
is not UTF-8 text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode

from loaders.errors import problems_from_validation
from registry.errors import Problem
from registry.schema.model import CaseFile

MAX_CASE_FILE_BYTES = 2 * 1024 * 1024  # the largest seed case is ~20 KB; 2 MB leaves ample room


class _CaseFileLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not allowed in case files; write the value out",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"the key '{key}' appears twice in the same section",
                    problem_mark=key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_yaml_text(text: str, origin: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; return (data, problems)."""
    try:
        data = yaml.load(text, Loader=_CaseFileLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = exc.problem or "invalid YAML"
        return None, [Problem(origin, place, "", f"YAML syntax error: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(origin, "", "", f"YAML syntax error: {exc}")]
    if not isinstance(data, dict):
        return None, [Problem(origin, "(top level)", "", "a case file must be a mapping with a 'practice' section")]
    return data, []


def read_case_file(path: Path) -> tuple[CaseFile | None, list[Problem]]:
    origin = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Problem(origin, "", "", f"cannot read the file ({exc.strerror})")]
    if size > MAX_CASE_FILE_BYTES:
        return None, [
            Problem(
                origin,
                "",
                "",
                f"the file is {size / 1e6:.1f} MB; case files are capped at "
                f"{MAX_CASE_FILE_BYTES // (1024 * 1024)} MB (split it into one file per practice)",
            )
        ]
    raw = path.read_bytes()
    if b"\x00" in raw:
        return None, [Problem(origin, "", "", "this is not a text file (it contains binary data)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(origin, f"byte {exc.start}", "", "the file is not UTF-8 text; save it as UTF-8 and retry")
        ]
    return parse_case_text(text, origin)


def parse_case_text(text: str, origin: str) -> tuple[CaseFile | None, list[Problem]]:
    data, problems = parse_yaml_text(text, origin)
    if problems:
        return None, problems
    try:
        return CaseFile.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from_validation(origin, exc, data)


def dump_case_yaml(case: CaseFile) -> str:
    """Write a case back as YAML, leaving out empty and default fields."""
    data = case.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
