"""Ids a person typed, checked against the registry before a named query runs.

A mistyped id used to give an empty answer ("no rows") that reads exactly like
a true "nothing there", or half a comparison. So every parameter that names a
practice, actor, agreement, function, level, collection, kind of actor or
country is looked up first:

- an id the registry holds passes unchanged;
- a name, acronym or title that belongs to exactly one node is replaced by
  that node's id (``MTEySS`` → ``arg-mteyss``), so a person may type what they
  know; an acronym shared by several actors is refused, naming them;
- anything else raises ``UnknownId`` with the three closest ids and their
  names: "no actor 'MTEySSS'; did you mean arg-mteyss (MTEySS, Ministry of …)?".

The lookups are small indexed queries (one per parameter given); the list of
every id is read only when a value is not found, to suggest the closest.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from registry.errors import UnknownId
from registry.queries.headers import QueryParameter
from registry.schema.text import fold
from registry.schema.vocabulary import ACTOR_KINDS, FUNCTION_IDS
from registry.stores.base import GraphStore

SUGGESTIONS = 3
# A typed value is compared on its first characters only: a 2,000-character paste need not be scored in full.
COMPARED_CHARACTERS = 80
NAME_CHARACTERS = 48
ACRONYM_CHARACTERS = 12


@dataclass(frozen=True)
class IdKind:
    """What a parameter names, and how to find it in the store."""

    noun: str
    exists: str  # Cypher: a row when $id is held
    candidates: str  # Cypher: every (id, names) a person might have meant
    vocabulary: tuple[str, ...] = ()  # ids valid even when no node carries them yet (an empty answer is true)


def _node_kind(noun: str, label: str, names: str) -> IdKind:
    # ``label`` and ``names`` are constants of this module, never user input.
    return IdKind(
        noun,
        f"MATCH (n:{label} {{id: $id}}) RETURN n.id AS id LIMIT 1",
        f"MATCH (n:{label}) RETURN n.id AS id, [{names}] AS names",
    )


PRACTICE = _node_kind("practice", "Practice", "n.title, n.title_original, n.title_fr")
ACTOR = _node_kind("actor", "Actor", "n.acronym, n.name, n.original_name")
AGREEMENT = _node_kind("agreement", "Agreement", "n.title")
LEVEL = _node_kind("level", "Level", "n.name_en, n.name_fr")
FUNCTION = IdKind(
    "function",
    "MATCH (n:Function {id: $id}) RETURN n.id AS id LIMIT 1",
    "MATCH (n:Function) RETURN n.id AS id, [n.name] AS names",
    vocabulary=FUNCTION_IDS,
)
COLLECTION = IdKind(
    "collection",
    "MATCH (p:Practice) WHERE p.collection = $id RETURN p.collection AS id LIMIT 1",
    "MATCH (p:Practice) RETURN DISTINCT p.collection AS id, [] AS names",
)
ACTOR_KIND = IdKind(
    "kind of actor",
    "MATCH (a:Actor) WHERE a.kind = $id RETURN a.kind AS id LIMIT 1",
    "MATCH (a:Actor) RETURN DISTINCT a.kind AS id, [] AS names",
    vocabulary=ACTOR_KINDS,
)
COUNTRY = IdKind(
    "country",
    "MATCH (p:Practice) WHERE $id IN p.countries RETURN $id AS id LIMIT 1",
    "MATCH (p:Practice) UNWIND p.countries AS country RETURN DISTINCT country AS id, [] AS names",
)

# Parameter names the built-in queries use for ids, by what they name.
ID_PARAMETERS: dict[str, IdKind] = {
    "practice": PRACTICE,
    "a": PRACTICE,
    "b": PRACTICE,
    "actor": ACTOR,
    "actor_a": ACTOR,
    "actor_b": ACTOR,
    "agreement": AGREEMENT,
    "function": FUNCTION,
    "level": LEVEL,
    "collection": COLLECTION,
    "actor_kind": ACTOR_KIND,
    "country": COUNTRY,
}


def checked_ids(
    store: GraphStore, parameters: Iterable[QueryParameter], bound: dict[str, Any], *, timeout_ms: int
) -> dict[str, Any]:
    """``bound`` with every id parameter checked, and names resolved to ids; raises UnknownId."""
    checked = dict(bound)
    for param in parameters:
        kind = ID_PARAMETERS.get(param.name)
        value = checked.get(param.name)
        if kind is None or not isinstance(value, str):
            continue
        checked[param.name] = _resolve(store, kind, param.name, value, timeout_ms)
    return checked


def _resolve(store: GraphStore, kind: IdKind, name: str, value: str, timeout_ms: int) -> str:
    if value in kind.vocabulary or _held(store, kind.exists, value, timeout_ms):
        return value
    if kind is COUNTRY and _held(store, kind.exists, value.strip().upper(), timeout_ms):
        return value.strip().upper()
    candidates = _candidates(store, kind, timeout_ms)
    wanted = fold(value.strip())
    named = sorted({ident for ident, names in candidates.items() if wanted in {fold(n) for n in (ident, *names)}})
    if len(named) == 1:
        return named[0]
    shown = _shown(value)
    if len(named) > 1:
        listed = ", ".join(_described(ident, candidates[ident]) for ident in named[:SUGGESTIONS])
        more = f" and {len(named) - SUGGESTIONS} more" if len(named) > SUGGESTIONS else ""
        raise UnknownId(f"'{shown}' names {len(named)} {kind.noun}s: {listed}{more}; give the id ({name}=…)")
    if kind is COUNTRY and len(wanted) == 3 and wanted.isalpha():
        # A real country the registry holds no practice of: the empty answer is true.
        from pycountry import countries

        if countries.get(alpha_3=wanted.upper()) is not None:
            return wanted.upper()
    closest = _closest(wanted, candidates)
    hint = f"; did you mean {' or '.join(_described(i, candidates[i]) for i in closest)}?" if closest else ""
    if not candidates:
        hint = f"; the registry holds no {kind.noun} yet"
    raise UnknownId(f"no {kind.noun} '{shown}'{hint}")


def _held(store: GraphStore, cypher: str, value: str, timeout_ms: int) -> bool:
    return len(store.read(cypher, {"id": value}, timeout_ms=timeout_ms)) > 0


def _candidates(store: GraphStore, kind: IdKind, timeout_ms: int) -> dict[str, list[str]]:
    # Rows, not a frame: a command checking one id need not import pandas.
    result = store.read(kind.candidates, timeout_ms=timeout_ms)
    at_id, at_names = result.columns.index("id"), result.columns.index("names")
    found: dict[str, list[str]] = {ident: [] for ident in kind.vocabulary}
    for ident, names in ((row[at_id], row[at_names]) for row in result.rows):
        if isinstance(ident, str):
            found[ident] = [n for n in (names or []) if isinstance(n, str) and n]
    return found


def _closest(wanted: str, candidates: dict[str, list[str]]) -> list[str]:
    """The ids whose id or a name comes nearest the typed value (difflib's ratio, a contained text counting high)."""
    wanted = wanted[:COMPARED_CHARACTERS]
    if not wanted:
        return []
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    scores = []
    for ident, names in candidates.items():
        best = 0.0
        for text in (ident, *names):
            folded = fold(text)[:COMPARED_CHARACTERS]
            matcher.set_seq1(folded)
            # The quick ratios bound ratio from above: most texts are dismissed without the full comparison.
            near = matcher.real_quick_ratio() > best and matcher.quick_ratio() > best
            score = matcher.ratio() if near else 0.0
            if len(wanted) >= 3 and (wanted in folded or folded in wanted):
                score = max(score, 0.9)
            best = max(best, score)
        scores.append((-best, ident))
    return [ident for score, ident in sorted(scores)[:SUGGESTIONS] if score < -0.3]


def _described(ident: str, names: list[str]) -> str:
    """``arg-mteyss (MTEySS, Ministry of Labour, Employment and Soc…)``: the id, then what a person calls it."""
    distinct = list(dict.fromkeys(names))
    # An acronym alone says little: it is followed by the full name. A title is enough by itself.
    chosen = distinct[:2] if distinct and len(distinct[0]) <= ACRONYM_CHARACTERS else distinct[:1]
    shown = [n if len(n) <= NAME_CHARACTERS else n[: NAME_CHARACTERS - 1] + "…" for n in chosen]
    return f"{ident} ({', '.join(shown)})" if shown else ident


def _shown(value: str) -> str:
    """The typed value on one line: control characters escaped, long pastes cut."""
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value[:COMPARED_CHARACTERS])
    return text + ("…" if len(value) > COMPARED_CHARACTERS else "")
