"""Shared tools of the hardening suite (tests/test_hardening_*.py).

- ``graph_checksum``: one hash over every node and relationship of a graph, so
  "the graph is unchanged" is one comparison;
- ``practice_signatures``: per practice, the counts of what it owns, so "each
  case is either fully present or absent" can be checked after a crash;
- ``write_synthetic_cases``: many valid case files, derived from the mini
  registry with renamed ids, for loads to interrupt and to read while they run;
- ``RELIABILITY``: the figures of the campaign (inputs tried, faults injected,
  console write attempts, data lost), written to test-artifacts/reliability.json
  and quoted in the README's Reliability section.

The fixtures live in ``hardening_fixtures`` (loaded with ``pytest_plugins``).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TESTS = Path(__file__).parent
REPO = TESTS.parent
MINI_REGISTRY = TESTS / "fixtures" / "mini"
ARTIFACT = REPO / "test-artifacts" / "reliability.json"

# ---------------------------------------------------------------- graph state


def _canonical(value: Any) -> Any:
    """Property values in a stable, hashable form (maps sorted, floats exact)."""
    if isinstance(value, dict):
        return sorted((str(k), _canonical(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, float):
        return value.hex()
    return value


def graph_rows(store, *, internal_ids: bool = True) -> tuple[list[str], list[str]]:
    """Every node (labels, id, properties) and relationship (type, ends, properties) as sorted text rows.

    ``internal_ids`` adds the store's own node and relationship ids: a graph
    whose nodes were deleted and re-created with equal properties then differs.
    Without them (contents compared across loads) the registry's version node is left out: every load bumps it.
    """
    only_contents = "" if internal_ids else "WHERE NOT n:RegistryVersion "
    nodes = store.read(f"MATCH (n) {only_contents}RETURN id(n) AS iid, labels(n) AS labels, properties(n) AS props")
    nodes = nodes.frame
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN id(r) AS iid, id(a) AS a_iid, id(b) AS b_iid, type(r) AS type, "
        "labels(a) AS a_labels, a.id AS a, labels(b) AS b_labels, b.id AS b, properties(r) AS props"
    ).frame
    node_rows = []
    for row in nodes.to_dict("records"):
        key = [sorted(row["labels"]), _canonical(row["props"])]
        if internal_ids:
            key.insert(0, int(row["iid"]))
        node_rows.append(json.dumps(key, ensure_ascii=True, default=str))
    rel_rows = []
    for row in rels.to_dict("records"):
        key = [
            row["type"],
            sorted(row["a_labels"]),
            row["a"],
            sorted(row["b_labels"]),
            row["b"],
            _canonical(row["props"]),
        ]
        if internal_ids:
            key[:0] = [int(row["iid"]), int(row["a_iid"]), int(row["b_iid"])]
        rel_rows.append(json.dumps(key, ensure_ascii=True, default=str))
    return sorted(node_rows), sorted(rel_rows)


def graph_checksum(store, *, internal_ids: bool = True) -> str:
    nodes, rels = graph_rows(store, internal_ids=internal_ids)
    digest = hashlib.sha256()
    for line in [f"{len(nodes)} nodes", *nodes, f"{len(rels)} relationships", *rels]:
        digest.update(line.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


# What one practice owns, counted from the graph: if a crash left a case half
# written, one of these counts differs from the count after a clean load.
SIGNATURE_QUERY = """
MATCH (p:Practice)
OPTIONAL MATCH (p)-[own:HAS_MECHANISM|HAS_CLAIM|HAS_EVIDENCE]->(o)
OPTIONAL MATCH (o)-[r]->()
WITH p, count(DISTINCT o) AS owned, count(DISTINCT r) AS owned_out
OPTIONAL MATCH (p)-[out]->()
RETURN p.id AS practice, owned, owned_out, count(DISTINCT out) AS practice_out
"""


def practice_signatures(store) -> dict[str, tuple[int, int, int]]:
    frame = store.read(SIGNATURE_QUERY).frame
    return {
        str(r["practice"]): (int(r["owned"]), int(r["owned_out"]), int(r["practice_out"]))
        for r in frame.to_dict("records")
    }


# ---------------------------------------------------------- synthetic cases


def write_synthetic_cases(folder: Path, copies: int) -> list[str]:
    """Write the mini registry's catalogue and ``copies`` renamed copies of each
    of its two practices; return the practice ids."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "catalogue.yaml").write_text((MINI_REGISTRY / "catalogue.yaml").read_text(encoding="utf-8"))
    alpha = (MINI_REGISTRY / "alpha.yaml").read_text(encoding="utf-8")
    beta = (MINI_REGISTRY / "beta.yaml").read_text(encoding="utf-8")
    practices = []
    for k in range(copies):
        tag = f"{k:04d}"
        text_a = (
            alpha.replace("tst-alpha", f"tst-alpha-{tag}")
            .replace("tst-agency", f"tst-agency-{tag}")
            .replace("Agency of Samples", f"Agency of Samples {tag}")
            .replace("acronym: AOS", f"acronym: AOS{tag}")
        )
        text_b = (
            beta.replace("tst-beta", f"tst-beta-{tag}")
            .replace("tst-union", f"tst-union-{tag}")
            .replace("Union of Examples", f"Union of Examples {tag}")
        )
        (folder / f"c{tag}a.yaml").write_text(text_a, encoding="utf-8")
        (folder / f"c{tag}b.yaml").write_text(text_b, encoding="utf-8")
        practices += [f"tst-alpha-{tag}", f"tst-beta-{tag}"]
    return practices


SYNTHETIC_COPIES = 75  # 150 practices: the load writes them in one merged statement of ~0.1 s


@dataclass
class SyntheticRegistry:
    """Synthetic case files and what a clean, uninterrupted load of them gives."""

    folder: Path
    practices: list[str]
    signatures: dict[str, tuple[int, int, int]]
    checksum: str  # without internal ids: comparable across graphs and servers
    rows: tuple[list[str], list[str]]  # what the checksum is made of, to show a difference

    def difference(self, store) -> str:
        """The first rows that differ between ``store`` and the clean load (for assertion messages)."""
        nodes, rels = graph_rows(store, internal_ids=False)
        extra = sorted(set(nodes + rels) - set(self.rows[0] + self.rows[1]))[:3]
        missing = sorted(set(self.rows[0] + self.rows[1]) - set(nodes + rels))[:3]
        return f"only in the graph: {extra}; only in the clean load: {missing}"


_SYNTHETIC: dict[str, SyntheticRegistry] = {}


def synthetic_registry(home: Path, root: Path) -> SyntheticRegistry:
    """Written and loaded once per session (several modules share it)."""
    key = str(home)
    if key not in _SYNTHETIC:
        from registry.loading import load_paths
        from registry.stores.embedded import EmbeddedStore

        folder = root / "synthetic-cases"
        practices = write_synthetic_cases(folder, SYNTHETIC_COPIES)
        store = EmbeddedStore(home, "hardening_synthetic_clean")
        store.wipe()
        load_paths(store, [folder])
        signatures = practice_signatures(store)
        assert sorted(signatures) == sorted(practices)
        _SYNTHETIC[key] = SyntheticRegistry(
            folder,
            practices,
            signatures,
            graph_checksum(store, internal_ids=False),
            graph_rows(store, internal_ids=False),
        )
        store.wipe()
        store.close()
    return _SYNTHETIC[key]


def cli_env(home: Path, graph: Any) -> dict[str, str]:
    """The environment of a coordreg command on ``graph``: an embedded graph's name, or a store of either kind."""
    if isinstance(graph, str):
        env = dict(os.environ, COORDREG_HOME=str(home), COORDREG_GRAPH=f"embedded:{graph}")
    else:
        from conftest import graph_env

        env = {**os.environ, "COORDREG_HOME": str(home), **graph_env(graph)}
    env.pop("PYTHONWARNINGS", None)
    return env


def run_cli(args: list[str], home: Path, graph: Any, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "registry.cli", *args],
        capture_output=True,
        text=True,
        env=cli_env(home, graph),
        timeout=timeout,
    )


def start_cli(args: list[str], home: Path, graph: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "registry.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(home, graph),
    )


# ---------------------------------------------------------------- figures


class Reliability:
    """Counts what the campaign tried; written once the session ends."""

    FIGURES = ("console_write_attempts", "inputs_tried", "faults_injected", "data_lost")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter({name: 0 for name in self.FIGURES})
        self.detail: Counter[str] = Counter()

    def add(self, figure: str, detail: str, n: int = 1) -> None:
        if figure not in self.FIGURES:
            raise KeyError(figure)
        with self._lock:
            self.counts[figure] += n
            self.detail[f"{figure}: {detail}"] += n

    def write(self, path: Path = ARTIFACT) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"figures": dict(self.counts), "detail": dict(sorted(self.detail.items()))}
        path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


RELIABILITY = Reliability()
