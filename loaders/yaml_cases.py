"""Read YAML case files safely.

Case files come from other people, so the reader refuses what YAML allows but
a case file never needs: aliases (the "billion laughs" bomb), duplicate keys
(YAML silently keeps the last one), merge keys (``<<:``, which bring in keys
from elsewhere, so a key can be given twice without ever appearing twice),
keys that are lists or sections (``? [a, b]``), files over a size cap,
anything that is not a regular file, and anything that is not UTF-8 text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode

from loaders.errors import problems_from_validation
from loaders.input_files import OversizeInput, UnreadableInput, read_input_file
from loaders.yaml_events import UNREAD, plain_data
from registry.errors import Problem
from registry.schema.model import CaseFile

MAX_CASE_FILE_BYTES = 2 * 1024 * 1024  # the largest seed case is ~20 KB; 2 MB leaves ample room


# A case file nests about six levels deep; PyYAML composes nodes recursively,
# so a file of 20,000 '[' would otherwise end in a RecursionError.
MAX_NESTING = 64


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _check_key(key_node: Node) -> None:
    """Refuse a key no case file needs, before it is built (a list key would be unhashable)."""
    if key_node.tag == _MERGE_TAG:
        raise yaml.MarkedYAMLError(
            problem="YAML merge keys (<<) are not allowed in case files; write each key out once, in its section",
            problem_mark=key_node.start_mark,
        )
    if not isinstance(key_node, ScalarNode):
        raise yaml.MarkedYAMLError(
            problem="a key must be a single word or text, not a list or a section (a YAML '?' key); "
            "write the key as a name followed by ':'",
            problem_mark=key_node.start_mark,
        )


class _CaseFileLoader(yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not allowed in case files; write the value out",
                problem_mark=event.start_mark,
            )
        if self._depth >= MAX_NESTING:
            raise yaml.MarkedYAMLError(
                problem=f"the file nests lists and sections more than {MAX_NESTING} levels deep",
                problem_mark=self.peek_event().start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            _check_key(key_node)
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"the key '{key}' appears twice in the same section",
                    problem_mark=key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_USE_CHECKED_PARSER = object()


class _FastCaseFileLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader, refusing duplicate, merge and complex keys (aliases are screened before it runs)."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        for key_node, _ in node.value:
            _check_key(key_node)
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate key")
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def _without_timestamps(loader: type[Any]) -> None:
    """Read dates as text: the case model checks them (a period, 'since 2001', a day out of the calendar), with
    the field named, where YAML would turn 2014-06-11 into a date itself and stop at 2014-02-30 with no place."""
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_without_timestamps(_CaseFileLoader)
_without_timestamps(_FastCaseFileLoader)


def _fast_load(text: str) -> Any:
    """Parse with libyaml (about 4 times faster than PyYAML's pure-Python parser).

    Any file the checked parser would refuse — an alias, a duplicate key, deep
    nesting, a syntax error — returns ``_USE_CHECKED_PARSER``, so the pure-Python
    ``_CaseFileLoader`` reads it again and reports the problem with its place.
    """
    if not getattr(yaml, "__with_libyaml__", False):
        return _USE_CHECKED_PARSER
    try:
        # Most files are plain: built from libyaml's events, three times faster than composing nodes.
        data = plain_data(text, _FastCaseFileLoader.yaml_implicit_resolvers, MAX_NESTING - 2)
        if data is not UNREAD:
            return data
        depth = 0
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent):
                return _USE_CHECKED_PARSER
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth >= MAX_NESTING - 1:
                    return _USE_CHECKED_PARSER
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        return yaml.load(text, Loader=_FastCaseFileLoader)  # noqa: S506 - a SafeLoader (libyaml) subclass
    except Exception:  # noqa: BLE001 - every refusal is explained by the checked parser
        return _USE_CHECKED_PARSER


def parse_yaml_text(text: str, origin: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; return (data, problems)."""
    try:
        data = _fast_load(text)
        if data is _USE_CHECKED_PARSER:
            data = yaml.load(text, Loader=_CaseFileLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = exc.problem or "invalid YAML"
        return None, [Problem(origin, place, "", f"YAML syntax error: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(origin, "", "", f"YAML syntax error: {exc}")]
    except RecursionError:
        return None, [Problem(origin, "", "", "the file nests lists and sections too deeply to read")]
    if not isinstance(data, dict):
        return None, [Problem(origin, "(top level)", "", "a case file must be a mapping with a 'practice' section")]
    return data, []


def read_case_file(path: Path) -> tuple[CaseFile | None, list[Problem]]:
    data, problems = read_yaml_data(path)
    if problems:
        return None, problems
    return case_from_data(data, str(path))


def read_yaml_data(path: Path) -> tuple[Any, list[Problem]]:
    """Read and parse one file, without the case model: plain data a worker process can hand back."""
    origin = str(path)
    try:
        raw = read_input_file(path, MAX_CASE_FILE_BYTES)
    except OversizeInput as exc:
        return None, [
            Problem(
                origin,
                "",
                "",
                f"the file is {exc.size / 1e6:.1f} MB; case files are capped at "
                f"{MAX_CASE_FILE_BYTES // (1024 * 1024)} MB (split it into one file per practice)",
            )
        ]
    except UnreadableInput as exc:
        return None, [Problem(origin, "", "", str(exc))]
    for bom, encoding in _OTHER_ENCODINGS:
        if raw.startswith(bom):
            return None, [Problem(origin, "", "", f"the file is {encoding} text; save it as UTF-8 and retry")]
    if b"\x00" in raw:
        return None, [Problem(origin, "", "", "this is not a text file (it contains binary data)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(origin, _byte_place(raw, exc.start), "", _not_utf8(raw[exc.start : exc.start + 1]))]
    return parse_yaml_text(text, origin)


# Byte-order marks of the Unicode encodings a text editor may save in instead of UTF-8
# (UTF-32 first: its little-endian mark begins with UTF-16's).
_OTHER_ENCODINGS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _byte_place(raw: bytes, offset: int) -> str:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    line = raw.count(b"\n", 0, offset) + 1
    return f"line {line}, column {column}"


def _not_utf8(byte: bytes) -> str:
    guess = ""
    if byte and 0xA0 <= byte[0] <= 0xFF:
        guess = (
            f" (byte 0x{byte[0]:02X} is '{byte.decode('latin-1')}' in Latin-1: "
            "was it saved as Latin-1 or Windows-1252?)"
        )
    return f"the file is not UTF-8 text{guess}; save it as UTF-8 and retry"


def parse_case_text(text: str, origin: str) -> tuple[CaseFile | None, list[Problem]]:
    data, problems = parse_yaml_text(text, origin)
    if problems:
        return None, problems
    return case_from_data(data, origin)


def case_from_data(data: Any, origin: str) -> tuple[CaseFile | None, list[Problem]]:
    try:
        return CaseFile.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from_validation(origin, exc, data)


def dump_case_yaml(case: CaseFile) -> str:
    """Write a case back as YAML, leaving out empty and default fields."""
    data = case.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    # libyaml's emitter when PyYAML has it: the same text as the pure-Python one (checked on 1,500 files), five
    # times faster, which a load of 10,000 cases kept in the registry folder spends minutes on otherwise.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
