"""Checks that need every case file at once: ids, references, duplicates.

A ``CaseBundle`` is what a load writes: all catalogue entries plus every
practice. It is validated as a whole before anything touches the store, so
one bad reference means nothing is written.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from registry.errors import Problem
from registry.schema.custom_terms import Rename
from registry.schema.drift import drift_warnings
from registry.schema.model import (
    Actor,
    Agreement,
    CaseFile,
    Instrument,
    Source,
)
from registry.schema.text import fold as fold  # defined there; imported from here by the loader
from registry.schema.vocabulary import VocabularyTerm


@dataclass
class LocatedCase:
    """A parsed case file and where it came from (for error messages)."""

    origin: str
    case: CaseFile


@dataclass
class CaseBundle:
    files: list[LocatedCase] = field(default_factory=list)
    # Ids ("actor" → {...}) declared by files or rows that failed their own checks: a reference to one of
    # them is a follow-on of that root error, so it is not reported again.
    broken: dict[str, set[str]] = field(default_factory=dict)
    files_with_broken_practices: set[str] = field(default_factory=set)
    # The registry's own vocabulary terms (vocabulary → term → definition) and renamed slugs, from its
    # vocabulary files: they are written to the graph with the cases and exported back.
    terms: dict[str, dict[str, VocabularyTerm]] = field(default_factory=dict)
    renames: list[Rename] = field(default_factory=list)

    def keeping(self, files: list[LocatedCase]) -> CaseBundle:
        """The same registry with only ``files`` (its vocabulary stays)."""
        return CaseBundle(files, terms=self.terms, renames=self.renames)

    @property
    def practices(self) -> list[LocatedCase]:
        return [f for f in self.files if f.case.practice is not None]

    def all_sources(self) -> list[Source]:
        return [s for f in self.files for s in f.case.sources]

    def all_actors(self) -> list[Actor]:
        return [a for f in self.files for a in f.case.actors]

    def all_agreements(self) -> list[Agreement]:
        return [a for f in self.files for a in f.case.agreements]

    def all_instruments(self) -> list[Instrument]:
        return [i for f in self.files for i in f.case.instruments]


# What a new declaration is compared with, per kind: a field differing from the registry's is an overwrite.
COMPARED_FIELDS: dict[str, tuple[str, ...]] = {
    "source": ("citation", "publisher", "year", "url", "language"),
    "actor": ("name", "acronym", "original_name", "kinds", "scopes", "country", "part_of"),
    "agreement": ("title", "kind", "when"),
    "instrument": ("kind", "title", "issuer", "year"),
}
# The field shown beside an id in a "did you mean".
NAME_FIELD = {"source": "citation", "actor": "name", "agreement": "title", "instrument": "title", "practice": "title",
              "mechanism": "label", "level claim": "locator", "evidence": "category"}  # fmt: skip


@dataclass
class HeldRegistry:
    """What the registry already holds, read from the store before a file is checked against it.

    ``entities[kind][id]`` holds the compared fields, the display name, and
    ``declared_in``: the practice whose case file declared a shared entity
    (None for a catalogue entry), so a case may change what its own file declared.
    """

    entities: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    # Slugs in use per list ("population", "benefit", "evidence-category", "collection"), to catch near-duplicates.
    slugs: dict[str, set[str]] = field(default_factory=dict)
    # The registry's own vocabulary terms, so files loaded later may use them.
    terms: dict[str, dict[str, VocabularyTerm]] = field(default_factory=dict)

    def holds(self, kind: str, ident: str) -> bool:
        return ident in self.entities.get(kind, {})


# The end of the message for a reference no file declares: the registry may declare it (see registry/cli.py).
UNDECLARED = "which no case file declares"


def _normalised_name(name: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in fold(name)).split())


class _IdRegistry:
    """Remembers where each id was declared, to report duplicates with both places."""

    def __init__(self, what: str):
        self.what = what
        self.seen: dict[str, tuple[str, str]] = {}

    def declare(self, ident: str, origin: str, place: str, problems: list[Problem]) -> None:
        if ident in self.seen:
            first_file, first_place = self.seen[ident]
            problems.append(
                Problem(
                    origin,
                    place,
                    "id",
                    f"the {self.what} id '{ident}' is already used in {first_file} ({first_place})",
                )
            )
        else:
            self.seen[ident] = (origin, place)

    def __contains__(self, ident: object) -> bool:
        return ident in self.seen


def closest(ident: str, names: Mapping[str, str]) -> str:
    """' — did you mean …?' naming the ids closest to ``ident`` or whose names are, or '' when none is close."""
    by_id = difflib.get_close_matches(ident, list(names), n=3, cutoff=0.6)
    folded = {fold(name): key for key, name in names.items() if name}
    by_name = [folded[n] for n in difflib.get_close_matches(fold(ident), list(folded), n=3, cutoff=0.6)]
    found = list(dict.fromkeys(by_id + by_name))[:3]
    if not found:
        return ""
    shown = [f"'{key}' ({names[key][:60]})" if names.get(key) else f"'{key}'" for key in found]
    return f"; did you mean {' or '.join(shown)}?"


def check_bundle(bundle: CaseBundle, held: HeldRegistry | None = None, *, replace: bool = False) -> list[Problem]:
    """Return every cross-file problem (errors, then warnings).

    References resolve first against the files, then against ``held`` (the
    registry already loaded, when there is one). An id the registry holds with
    other content is an overwrite, refused unless ``replace``.
    """
    problems: list[Problem] = []
    sources = _IdRegistry("source")
    actors = _IdRegistry("actor")
    agreements = _IdRegistry("agreement")
    instruments = _IdRegistry("instrument")
    practices = _IdRegistry("practice")
    owned = _IdRegistry("mechanism, claim or evidence")

    for located in bundle.files:
        case, origin = located.case, located.origin
        for i, s in enumerate(case.sources):
            sources.declare(s.id, origin, f"sources[{i}]", problems)
        for i, a in enumerate(case.actors):
            actors.declare(a.id, origin, f"actors[{i}]", problems)
        for i, g in enumerate(case.agreements):
            agreements.declare(g.id, origin, f"agreements[{i}]", problems)
        for i, ins in enumerate(case.instruments):
            instruments.declare(ins.id, origin, f"instruments[{i}]", problems)
        if case.practice is not None:
            practices.declare(case.practice.id, origin, "practice", problems)
        for i, m in enumerate(case.mechanisms):
            owned.declare(m.id, origin, f"mechanisms[{i}]", problems)
        for i, c in enumerate(case.level_claims):
            owned.declare(c.id, origin, f"level_claims[{i}]", problems)
        for i, e in enumerate(case.evidence):
            owned.declare(e.id, origin, f"evidence[{i}]", problems)

    def need(kind: _IdRegistry, ident: str | None, origin: str, place: str, fld: str) -> None:
        if ident is None or ident in kind or (held is not None and held.holds(kind.what, ident)):
            return
        if ident in bundle.broken.get(kind.what, ()):
            return  # its own declaration failed: that error is the one to fix
        names = {key: "" for key in kind.seen}
        if held is None:
            message = f"refers to {kind.what} '{ident}', {UNDECLARED}"
        else:
            message = f"refers to {kind.what} '{ident}', which neither these files nor the registry declare"
            field_name = NAME_FIELD[kind.what]
            names.update({key: str(row.get(field_name) or "") for key, row in held.entities.get(kind.what, {}).items()})
        problems.append(Problem(origin, place, fld, message + closest(ident, names)))

    mechanisms_of: dict[str, set[str]] = defaultdict(set)  # practice → the mechanisms files give it
    for located in bundle.files:
        if located.case.owner is not None:
            mechanisms_of[located.case.owner] |= {m.id for m in located.case.mechanisms}
    if held is not None:
        for ident, row in held.entities.get("mechanism", {}).items():
            mechanisms_of[str(row.get("practice_id"))].add(ident)
    for located in bundle.files:
        case, origin = located.case, located.origin
        # Evidence may concern the practice's own mechanisms; a file that extends a practice may also name
        # the mechanisms that practice already has.
        local_mechanisms = {m.id for m in case.mechanisms}
        if case.extends is not None:
            local_mechanisms |= mechanisms_of.get(case.extends, set())
            need(practices, case.extends, origin, "extends", "extends")
        for i, a in enumerate(case.actors):
            for j, cite in enumerate(a.cited):
                need(sources, cite.source, origin, f"actors[{i}] ({a.id}) > cited[{j}]", "source")
            need(actors, a.part_of, origin, f"actors[{i}] ({a.id})", "part_of")
            for j, held_role in enumerate(a.roles):
                need(actors, held_role.organisation, origin, f"actors[{i}] ({a.id}) > roles[{j}]", "organisation")
        for i, g in enumerate(case.agreements):
            for j, party in enumerate(g.parties):
                need(actors, party.actor, origin, f"agreements[{i}] ({g.id}) > parties[{j}]", "actor")
            for j, cite in enumerate(g.cited):
                need(sources, cite.source, origin, f"agreements[{i}] ({g.id}) > cited[{j}]", "source")
        for i, ins in enumerate(case.instruments):
            for j, cite in enumerate(ins.cited):
                need(sources, cite.source, origin, f"instruments[{i}] ({ins.id}) > cited[{j}]", "source")
        p = case.practice
        if p is not None:
            for j, documenter in enumerate(p.documented_by):
                need(actors, documenter, origin, f"practice > documented_by[{j}]", "documented_by")
            for j, cite in enumerate(p.cited):
                need(sources, cite.source, origin, f"practice > cited[{j}]", "source")
            for j, ins_id in enumerate(p.instruments):
                need(instruments, ins_id, origin, f"practice > instruments[{j}]", "instruments")
            if not case.level_claims:
                problems.append(
                    Problem(origin, "practice", "level_claims", "a practice needs at least one level claim")
                )
        for i, m in enumerate(case.mechanisms):
            place = f"mechanisms[{i}] ({m.id})"
            for j, ma in enumerate(m.actors):
                need(actors, ma.actor, origin, f"{place} > actors[{j}]", "actor")
            for j, ag in enumerate(m.agreements):
                need(agreements, ag, origin, f"{place} > agreements[{j}]", "agreements")
            for j, cite in enumerate(m.cited):
                need(sources, cite.source, origin, f"{place} > cited[{j}]", "source")
        for i, claim in enumerate(case.level_claims):
            need(sources, claim.source, origin, f"level_claims[{i}] ({claim.id})", "source")
        for i, ev in enumerate(case.evidence):
            place = f"evidence[{i}] ({ev.id})"
            need(sources, ev.source, origin, place, "source")
            if ev.mechanism is not None and ev.mechanism not in local_mechanisms:
                problems.append(
                    Problem(
                        origin,
                        place,
                        "mechanism",
                        f"refers to mechanism '{ev.mechanism}', which this practice does not declare"
                        + closest(ev.mechanism, dict.fromkeys(local_mechanisms, "")),
                    )
                )

    if held is not None:
        problems.extend(_owned_elsewhere(bundle, held))
    if held is not None and not replace:
        problems.extend(_overwrites(bundle, held))
    problems.extend(_part_of_cycles(bundle))
    problems.extend(_possible_duplicate_actors(bundle))
    problems.extend(drift_warnings(bundle, held))
    return sorted(problems, key=lambda p: p.severity != "error")


def _owned_elsewhere(bundle: CaseBundle, held: HeldRegistry) -> list[Problem]:
    """A mechanism, claim or evidence id the registry holds for another practice cannot be taken over."""
    problems: list[Problem] = []
    for located in bundle.files:
        case = located.case
        sections = (
            ("mechanisms", "mechanism", [m.id for m in case.mechanisms]),
            ("level_claims", "level claim", [c.id for c in case.level_claims]),
            ("evidence", "evidence", [e.id for e in case.evidence]),
        )
        for section, kind, ids in sections:
            for index, ident in enumerate(ids):
                row = held.entities.get(kind, {}).get(ident)
                other = row.get("practice_id") if row else None
                article = "an" if kind[0] in "aeiou" else "a"
                if other is not None and other != case.owner:
                    problems.append(
                        Problem(located.origin, f"{section}[{index}] ({ident})", "id",
                                f"the id '{ident}' is already used by {article} {kind} of practice '{other}' in the "
                                f"registry; give this {kind} an id of its own")
                    )  # fmt: skip
    return problems


def _part_of_cycles(bundle: CaseBundle) -> list[Problem]:
    """An actor cannot end up part of itself through a chain of 'part_of' links."""
    parent: dict[str, tuple[str, str]] = {}
    for located in bundle.files:
        for a in located.case.actors:
            if a.part_of is not None:
                parent[a.id] = (a.part_of, located.origin)
    problems: list[Problem] = []
    reported: set[str] = set()
    for start in sorted(parent):
        chain = [start]
        current = parent[start][0]
        while current in parent and current not in chain:
            chain.append(current)
            current = parent[current][0]
        if current == start and not reported & set(chain):
            reported |= set(chain)
            loop = " → ".join([*chain, start])
            problems.append(
                Problem(parent[start][1], f"actor '{start}'", "part_of",
                        f"the 'part_of' links go round in a circle ({loop}): one of them must point elsewhere")
            )  # fmt: skip
    return problems


def _possible_duplicate_actors(bundle: CaseBundle) -> list[Problem]:
    """Warn when one institution seems entered under two ids."""
    by_key: dict[tuple[str, str], list[tuple[str, Actor]]] = defaultdict(list)
    for located in bundle.files:
        for a in located.case.actors:
            country = a.country or ""
            by_key[(country, _normalised_name(a.name))].append((located.origin, a))
            if a.original_name:
                by_key[(country, _normalised_name(a.original_name))].append((located.origin, a))
            if a.acronym:
                by_key[(country, "acronym:" + _normalised_name(a.acronym))].append((located.origin, a))
    warnings: list[Problem] = []
    reported: set[frozenset[str]] = set()
    for entries in by_key.values():
        ids = frozenset(a.id for _, a in entries)
        if len(ids) > 1 and ids not in reported:
            reported.add(ids)
            origin, actor = entries[-1]
            others = ", ".join(sorted(ids - {actor.id}))
            warnings.append(
                Problem(
                    origin,
                    f"actor '{actor.id}'",
                    "name",
                    f"may be the same institution as {others} (same name or acronym once accents and case are ignored)",
                    severity="warning",
                )
            )
    return warnings


def _shown(value: Any) -> str:
    return "(empty)" if value is None else repr(value)


def _overwrites(bundle: CaseBundle, held: HeldRegistry) -> list[Problem]:
    """Declarations of an id the registry holds with other content, unless the same case declared it there."""
    problems: list[Problem] = []
    for located in bundle.files:
        case = located.case
        owner = case.practice.id if case.practice is not None else None
        declared: dict[str, list[Any]] = {"source": case.sources, "actor": case.actors}
        declared |= {"agreement": case.agreements, "instrument": case.instruments}
        for kind, items in declared.items():
            for index, item in enumerate(items):
                existing = held.entities.get(kind, {}).get(item.id)
                if existing is None or (owner is not None and existing.get("declared_in") == owner):
                    continue
                differing = [
                    f"{name}: {_shown(existing.get(name))} in the registry, {_shown(getattr(item, name))} here"
                    for name in COMPARED_FIELDS[kind]
                    if existing.get(name) != getattr(item, name)
                ]
                if not differing:
                    continue  # the same entity declared again (a reload): nothing changes
                holder = f"case '{existing['declared_in']}'" if existing.get("declared_in") else "a catalogue file"
                message = (
                    f"the {kind} id '{item.id}' is already in the registry (declared by {holder}) with other content "
                    f"— {'; '.join(differing)}. To refer to the registry's {kind}, use the id '{item.id}' without "
                    f"declaring it in {located.origin}; to replace it, load with `coordreg load --replace`"
                )
                problems.append(Problem(located.origin, f"{kind}s[{index}] ({item.id})", "id", message))
    return problems
