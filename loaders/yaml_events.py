"""Build a case file's plain data straight from libyaml's events.

``yaml.load`` with libyaml still composes a node object, with two position
marks, for every value before it constructs the value: at 10,000 case files
that is most of a load's validation. The events already say everything a case
file needs, so this reader builds dicts, lists and scalars from them directly,
resolving plain scalars with PyYAML's own resolver and constructors, so every
value is what ``yaml.load`` gives.

It reads only plain files: one document, no anchors or aliases, no explicit
tags, every key a plain value written once, and nothing that would resolve to
a type outside text, numbers, booleans and null (merge keys, ``=``). Anything
else returns ``UNREAD``, and the caller reads the file with the full parsers,
which accept or refuse it and say where. So this module never refuses a file
itself, and never decides anything the other readers would decide otherwise.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

#: Returned when the file is not plain enough for this reader (see the module's docstring).
UNREAD: Any = object()

_STR = "tag:yaml.org,2002:str"
_BUILT_IN = frozenset(
    {
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
    }
)


_CACHED_LENGTH = 64
_CACHED_TEXTS = 100_000


class _Scalars(Resolver, SafeConstructor):
    """PyYAML's resolver and safe constructors, used one scalar at a time."""

    def __init__(self, implicit_resolvers: dict[Any, list[tuple[str, Any]]]) -> None:
        Resolver.__init__(self)
        SafeConstructor.__init__(self)
        self.yaml_implicit_resolvers = implicit_resolvers
        self._tags: dict[str, str] = {}

    def value(self, event: yaml.ScalarEvent) -> Any:
        text = event.value
        if not event.implicit[0]:  # quoted or a block text: always text, as the resolver would say
            return text
        tag = self._tags.get(text)
        if tag is None:  # keys and vocabulary terms repeat: each short plain text is resolved once
            tag = self.resolve(ScalarNode, text, event.implicit)  # type: ignore[no-untyped-call]
            if len(text) <= _CACHED_LENGTH and len(self._tags) < _CACHED_TEXTS:
                self._tags[text] = tag
        if tag == _STR:
            return text
        if tag not in _BUILT_IN:
            return UNREAD
        return self.yaml_constructors[tag](self, ScalarNode(tag, event.value))


def plain_data(text: str, implicit_resolvers: dict[Any, list[tuple[str, Any]]], max_depth: int) -> Any:
    """The file's data as ``yaml.load`` would give it, or ``UNREAD``; raises what libyaml raises on bad syntax.

    ``implicit_resolvers`` are the loader's (the case reader leaves timestamps out); ``max_depth`` caps how
    many lists and sections may nest, beyond which the file is left to the checked parser."""
    scalars = _SCALARS.get(id(implicit_resolvers))
    if scalars is None or scalars.yaml_implicit_resolvers is not implicit_resolvers:
        scalars = _SCALARS[id(implicit_resolvers)] = _Scalars(implicit_resolvers)
    parser = yaml.CSafeLoader(text)
    try:
        return _build(parser, scalars, max_depth)
    finally:
        parser.dispose()


#: One resolver per set of implicit resolvers, so a worker resolves each plain text once across its files.
_SCALARS: dict[int, _Scalars] = {}
_NO_KEY: Any = object()


def _build(parser: Any, scalars: _Scalars, max_depth: int) -> Any:
    # Each open list or section: [its value, the key waiting for a value (or _NO_KEY), the keys seen].
    stack: list[list[Any]] = []
    document: Any = UNREAD
    documents = 0
    while True:
        event = parser.get_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                return UNREAD
            value = scalars.value(event)
            if value is UNREAD:
                return UNREAD
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or len(stack) >= max_depth:
                return UNREAD
            stack.append([{} if kind is yaml.MappingStartEvent else [], _NO_KEY, set()])
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = stack.pop()[0]
            kind = yaml.MappingEndEvent  # a list or section: never a key
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                return UNREAD
            continue
        elif kind is yaml.AliasEvent:
            return UNREAD
        elif kind is yaml.StreamEndEvent or event is None:
            break
        else:  # stream start, document end
            continue
        if not stack:
            document = value
            continue
        parent = stack[-1]
        container = parent[0]
        if type(container) is list:
            container.append(value)
        elif parent[1] is not _NO_KEY:
            container[parent[1]] = value
            parent[1] = _NO_KEY
        # A key must be a plain text or number given once (bool and null keys are left to the other readers).
        elif kind is yaml.ScalarEvent and type(value) in (str, int) and value not in parent[2]:
            parent[1] = value
            parent[2].add(value)
        else:
            return UNREAD
    return None if documents == 0 else document
