"""The practice × neighbour links of practice_overlap as integer arrays, and the pairs they make.

Pairs are never built from all pairs of practices: a neighbour carried by at most
``max_sharing`` practices pairs its practices (at most max_sharing × links pairs);
the few neighbours carried more widely ("hubs") are then compared as boolean
columns for the candidate pairs only, so every common neighbour still counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd

Node = tuple[str, str]  # (kind, id)
CHUNK = 65_536  # pairs compared against the hub columns at a time: bounds the memory of one comparison


@dataclass
class PairSums:
    """For each pair a < b: how many neighbours they share, how many of them are actors, and the summed weights."""

    a: np.ndarray
    b: np.ndarray
    shared: np.ndarray
    shared_actors: np.ndarray
    contact: np.ndarray
    purpose: np.ndarray


class Incidence:
    """Practices and neighbours numbered in id order; links deduplicated (an actor comes twice: INVOLVES, PARTY)."""

    def __init__(self, nodes_of_rows: list[Node], members: list[list[str]]):
        codes, uniques = pd.factorize(np.array(list(chain.from_iterable(members)), dtype=object), sort=True)
        self.practices: list[str] = [str(p) for p in uniques]
        self.nodes: list[Node] = sorted(set(nodes_of_rows))
        node_index = {key: i for i, key in enumerate(self.nodes)}
        count = max(len(self.practices), 1)
        rows = np.array([node_index[key] for key in nodes_of_rows], dtype=np.int64)
        link = np.unique(np.repeat(rows, [len(m) for m in members]) * count + codes.astype(np.int64))
        self.link_node, self.link_practice = np.divmod(link, count)  # sorted by node, then practice
        self.degree = np.bincount(self.link_node, minlength=len(self.nodes))
        self.node_starts = np.concatenate(([0], np.cumsum(self.degree)))
        self.totals = np.bincount(self.link_practice, minlength=len(self.practices))
        self.is_actor = np.array([kind == "Actor" for kind, _ in self.nodes], dtype=bool)
        self.actor_totals = np.bincount(
            self.link_practice[self.is_actor[self.link_node]], minlength=len(self.practices)
        )
        self.by_practice = np.argsort(self.link_practice, kind="stable")
        self.practice_starts = np.concatenate(([0], np.cumsum(self.totals)))

    def neighbours(self, practice: int) -> set[int]:
        start, end = self.practice_starts[practice], self.practice_starts[practice + 1]
        return set(self.link_node[self.by_practice[start:end]].tolist())

    def pairs(self, max_sharing: int, focus: str | None, contact: np.ndarray, purpose: np.ndarray) -> PairSums:
        """Distinct pairs a < b sharing a neighbour of 2..max_sharing practices (with ``focus``, only its pairs),
        with sums over every neighbour they share of ``contact`` and ``purpose`` (one weight per node)."""
        count = max(len(self.practices), 1)
        wanted = self.practices.index(focus) if focus in self.practices else -1
        keys, via = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
        for size in range(2, min(max_sharing, int(self.degree.max(initial=0))) + 1):
            chosen = np.flatnonzero(self.degree == size)
            if len(chosen) == 0:
                continue
            group = self.link_practice[self.node_starts[chosen][:, None] + np.arange(size)]  # sorted rows
            left, right = np.triu_indices(size, 1)
            key = (group[:, left] * count + group[:, right]).ravel()
            node = np.repeat(chosen, len(left))
            if focus is not None:
                keep = (key // count == wanted) | (key % count == wanted)
                key, node = key[keep], node[keep]
            keys.append(key)
            via.append(node)
        unique, inverse = np.unique(np.concatenate(keys), return_inverse=True)
        through = np.concatenate(via)
        sums = PairSums(
            *np.divmod(unique, count),
            shared=np.bincount(inverse, minlength=len(unique)),
            shared_actors=np.bincount(inverse, weights=self.is_actor[through], minlength=len(unique)).astype(np.int64),
            contact=np.bincount(inverse, weights=contact[through], minlength=len(unique)),
            purpose=np.bincount(inverse, weights=purpose[through], minlength=len(unique)),
        )
        self._add_hubs(sums, max_sharing, contact, purpose)
        return sums

    def _add_hubs(self, sums: PairSums, max_sharing: int, contact: np.ndarray, purpose: np.ndarray) -> None:
        """Common neighbours carried by more than max_sharing practices: few, each practice's as the bits of a few
        bytes (``_hub_bytes``). A pair's common hubs are the AND of its practices' bytes: counted by their bits, and
        weighed by looking each byte up in a table of what its hubs weigh together (a byte's 8 hubs summed once
        for each of the 256 values it can take), not by a product over every hub of every pair (4x slower)."""
        hub = np.flatnonzero(self.degree > max_sharing)
        if len(hub) == 0 or len(sums.a) == 0:
            return
        carried, places = self._hub_bytes(hub)
        actor_bits = np.zeros(places * 8, dtype=bool)
        actor_bits[: len(hub)] = self.is_actor[hub]
        actors = np.packbits(actor_bits, bitorder="little")
        tables = [_byte_table(weights[hub], places) for weights in (contact, purpose)]
        place = np.arange(places)
        for start in range(0, len(sums.a), CHUNK):
            part = slice(start, start + CHUNK)
            common = carried[sums.a[part]] & carried[sums.b[part]]
            sums.shared[part] += np.bitwise_count(common).sum(axis=1, dtype=np.int64)
            sums.shared_actors[part] += np.bitwise_count(common & actors).sum(axis=1, dtype=np.int64)
            sums.contact[part] += tables[0][place, common].sum(axis=1)
            sums.purpose[part] += tables[1][place, common].sum(axis=1)

    def _hub_bytes(self, hub: np.ndarray) -> tuple[np.ndarray, int]:
        """Each practice's hubs as bits (hub i: bit i % 8 of byte i // 8), and the bytes per practice."""
        column = np.full(len(self.nodes), -1)
        column[hub] = np.arange(len(hub))
        on_hub = column[self.link_node] >= 0
        carries = np.zeros((len(self.practices), len(hub)), dtype=bool)
        carries[self.link_practice[on_hub], column[self.link_node[on_hub]]] = True
        carried = np.packbits(carries, axis=1, bitorder="little")
        return carried, carried.shape[1]


def _byte_table(weights: np.ndarray, places: int) -> np.ndarray:
    """table[k, v]: the summed weights of the hubs 8k..8k+7 whose bits are set in byte value v."""
    padded = np.zeros(places * 8)
    padded[: len(weights)] = weights
    bits = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1, bitorder="little").astype(bool)
    table = np.zeros((places, 256))
    for bit in range(8):  # each value's hubs added in bit order
        table += np.where(bits[:, bit], padded[bit::8][:, None], 0.0)
    return table
