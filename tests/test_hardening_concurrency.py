"""Hardening, item 7: two readers browse with named queries while the CLI loads,
then reloads, 150 practices. No reader gets an error, and none ever sees a
practice with only part of its mechanisms, claims or relationships.
"""

from __future__ import annotations

import os
import random
import threading
from dataclasses import dataclass, field
from pathlib import Path

from hardening_support import SyntheticRegistry, practice_signatures, run_cli

from registry.errors import UnknownId
from registry.queries.library import run_named_query
from registry.stores.embedded import EmbeddedStore

pytest_plugins = ["hardening_fixtures"]  # the reliability and synthetic fixtures, shared

# What a complete practice holds, by hand from tests/fixtures/mini: alpha has
# two mechanisms and two level claims, beta one of each.
COMPLETE = {"alpha": {"mechanisms": 2, "claims": 2}, "beta": {"mechanisms": 1, "claims": 1}}
READERS = 2
# Faults this module injects: each reader browsing through a load and a reload.
FAULTS_INJECTED = READERS


def _kind(practice: str) -> str:
    return "alpha" if practice.startswith("tst-alpha-") else "beta"


@dataclass
class ReaderLog:
    reads: int = 0
    practice_counts: set[int] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    half_seen: list[str] = field(default_factory=list)


def _browse(home: Path, graph: str, synthetic: SyntheticRegistry, stop: threading.Event, log: ReaderLog) -> None:
    """What an app session does: the matrix, a practice's table, and (stricter) every practice's counts."""
    chooser = random.Random(7)  # which practice's table each session opens: the same every run
    store = EmbeddedStore(home, graph)
    try:
        while not stop.is_set():
            try:
                try:
                    matrix = run_named_query(store, "typology_matrix", {"collection": "test"}).frame
                except UnknownId:  # before the first load commits, the collection does not exist yet
                    log.practice_counts.add(0)
                    stop.wait(0.02)
                    continue
                log.practice_counts.add(len(matrix))
                for row in matrix.to_dict("records"):
                    if row["claim_count"] != COMPLETE[_kind(row["practice_id"])]["claims"]:
                        log.half_seen.append(f"typology_matrix: {row['practice_id']} {row['claim_count']} claims")
                if len(matrix):
                    practice = chooser.choice(list(matrix["practice_id"]))
                    table = run_named_query(store, "practice_levels", {"practice": practice}).frame
                    if len(table) not in {0, COMPLETE[_kind(practice)]["mechanisms"]}:  # 0: reloaded in between
                        log.half_seen.append(f"practice_levels: {practice} {len(table)} mechanisms")
                for practice, signature in practice_signatures(store).items():
                    if signature != synthetic.signatures[practice]:
                        log.half_seen.append(f"signature: {practice} {signature}")
                log.reads += 3
            except Exception as exc:
                log.errors.append(f"{type(exc).__name__}: {exc}")
            stop.wait(0.02)  # a person clicks; and the load needs the CPU too
    finally:
        store.close()


def test_readers_never_see_a_half_loaded_case(coordreg_home, synthetic, reliability):
    graph = f"hardening_concurrency_{os.getpid()}"
    stop = threading.Event()
    logs = [ReaderLog() for _ in range(READERS)]
    readers = [
        threading.Thread(target=_browse, args=(coordreg_home, graph, synthetic, stop, log), daemon=True) for log in logs
    ]
    for reader in readers:
        reader.start()
    try:
        first = run_cli(["load", str(synthetic.folder)], coordreg_home, graph)
        second = run_cli(["load", str(synthetic.folder)], coordreg_home, graph)  # deletes and rewrites every case
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=60)
        store = EmbeddedStore(coordreg_home, graph)
        store.wipe()
        store.close()
    reliability.add("faults_injected", "concurrent readers during a load and a reload", READERS)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    total = len(synthetic.practices)
    for log in logs:
        assert not log.errors, log.errors[:3]
        assert not log.half_seen, log.half_seen[:5]
        assert log.reads > 0
        # The loader writes batches of whole cases: a reader may see some cases, never part of one.
        assert all(0 <= count <= total for count in log.practice_counts)
    reliability.add("data_lost", "half-loaded case seen by a reader", sum(len(log.half_seen) for log in logs))
    seen = set().union(*(log.practice_counts for log in logs))
    assert {0, total} <= seen, "the readers ran before and after the load"
