"""What a researcher would write without coordreg: PyYAML + pandas + networkx.

Reads the case files straight from disk with ``yaml.safe_load`` (the usual
idiom), flattens them into data frames and computes the same four answers as
coordreg's named queries — the typology matrix, practice overlap, function
duplication and actor centrality — following the definitions in each query's
header. It is written the way pandas is meant to be used (joins and
group-bys, no Python loops over pairs), so the comparison is with a
competent script, not a strawman.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import networkx as nx
import numpy as np
import pandas as pd
import yaml

# Above this many candidate pairs the overlap self-join would not fit in memory: say so instead of crashing.
MAX_OVERLAP_PAIRS = 30_000_000


@dataclass
class Frames:
    practices: pd.DataFrame  # practice, countries
    claims: pd.DataFrame  # practice, claim, levels, levels_key, status
    mechanisms: pd.DataFrame  # practice, mechanism
    involves: pd.DataFrame  # mechanism, actor
    uses: pd.DataFrame  # mechanism, agreement
    parties: pd.DataFrame  # agreement, actor
    serves: pd.DataFrame  # mechanism, function
    reaches: pd.DataFrame  # mechanism, population
    targets: pd.DataFrame  # practice, population
    declared_agreements: pd.DataFrame  # practice, agreement
    labels: pd.DataFrame  # kind, node, label: what a reader calls an actor, agreement, function or population


LEVEL_ORDER = ("macro", "meso", "micro")


def read_cases(folder: Path) -> list[dict[str, Any]]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(folder.rglob("*.yaml"))]


def _frame(rows: list[tuple[Any, ...]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def build_frames(cases: list[dict[str, Any]]) -> Frames:
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for case in cases:
        for agreement in case.get("agreements", []):
            rows["parties"] += [(agreement["id"], party["actor"]) for party in agreement["parties"]]
            rows["labels"].append(("Agreement", agreement["id"], agreement["title"]))
        rows["labels"] += [("Actor", a["id"], a.get("acronym") or a["name"]) for a in case.get("actors", [])]
        practice = case.get("practice")
        if not practice:
            continue
        pid = practice["id"]
        rows["practices"].append((pid, practice["countries"]))
        rows["targets"] += [(pid, pop) for pop in practice.get("populations", [])]
        rows["declared_agreements"] += [(pid, g["id"]) for g in case.get("agreements", [])]
        for claim in case.get("level_claims", []):
            levels = sorted(claim["levels"], key=LEVEL_ORDER.index)
            rows["claims"].append((pid, claim["id"], levels, ",".join(levels), claim["status"]))
        for m in case.get("mechanisms", []):
            mid = m["id"]
            rows["mechanisms"].append((pid, mid))
            rows["involves"] += [(mid, a["actor"]) for a in m.get("actors", [])]
            rows["uses"] += [(mid, g) for g in m.get("agreements", [])]
            rows["serves"] += [(mid, f) for f in m["functions"]]
            rows["reaches"] += [(mid, pop) for pop in m.get("populations", [])]
    return Frames(
        practices=_frame(rows["practices"], ["practice", "countries"]),
        claims=_frame(rows["claims"], ["practice", "claim", "levels", "levels_key", "status"]),
        mechanisms=_frame(rows["mechanisms"], ["practice", "mechanism"]),
        involves=_frame(rows["involves"], ["mechanism", "actor"]).drop_duplicates(),
        uses=_frame(rows["uses"], ["mechanism", "agreement"]).drop_duplicates(),
        parties=_frame(rows["parties"], ["agreement", "actor"]).drop_duplicates(),
        serves=_frame(rows["serves"], ["mechanism", "function"]).drop_duplicates(),
        reaches=_frame(rows["reaches"], ["mechanism", "population"]).drop_duplicates(),
        targets=_frame(rows["targets"], ["practice", "population"]).drop_duplicates(),
        declared_agreements=_frame(rows["declared_agreements"], ["practice", "agreement"]),
        labels=_frame(rows["labels"], ["kind", "node", "label"]).drop_duplicates(["kind", "node"]),
    )


def typology(frames: Frames) -> pd.DataFrame:
    """typology_matrix: each level marked stated (a stated claim assigns it), inferred (only an inferred claim
    does) or "" (none); present when stated or inferred; a conflict only between stated claims."""
    claims = frames.claims.explode("levels")
    table = pd.DataFrame(index=frames.practices["practice"])
    for status in ("stated", "inferred"):
        found = claims[claims["status"] == status]
        marked = pd.crosstab(found["practice"], found["levels"]).gt(0)
        for level in LEVEL_ORDER:
            column = marked[level].reindex(table.index, fill_value=False) if level in marked else False
            table[f"{level}_{status}"] = column
    for level in LEVEL_ORDER:
        stated, inferred = table.pop(f"{level}_stated"), table.pop(f"{level}_inferred")
        table[f"{level}_status"] = np.where(stated, "stated", np.where(inferred, "inferred", ""))
        table[level] = stated | inferred
    stated_claims = frames.claims[frames.claims["status"] == "stated"]
    readings = stated_claims.groupby("practice")["levels_key"].nunique()
    table["conflict"] = readings.reindex(table.index, fill_value=0).gt(1)
    table["claim_count"] = frames.claims.groupby("practice").size().reindex(table.index, fill_value=0)
    return table.reset_index()


def _neighbours(frames: Frames) -> pd.DataFrame:
    """(practice, kind, node): the actors, agreements, functions and populations practice_overlap compares."""
    m = frames.mechanisms
    actors_direct = m.merge(frames.involves, on="mechanism")[["practice", "actor"]]
    actors_parties = m.merge(frames.uses, on="mechanism").merge(frames.parties, on="agreement")[["practice", "actor"]]
    actors = pd.concat([actors_direct, actors_parties]).rename(columns={"actor": "node"}).assign(kind="Actor")
    used = m.merge(frames.uses, on="mechanism")[["practice", "agreement"]]
    agreements = pd.concat([frames.declared_agreements, used]).rename(columns={"agreement": "node"})
    functions = m.merge(frames.serves, on="mechanism")[["practice", "function"]]
    functions = functions.rename(columns={"function": "node"}).assign(kind="Function")
    reached = m.merge(frames.reaches, on="mechanism")[["practice", "population"]]
    populations = pd.concat([frames.targets, reached]).rename(columns={"population": "node"}).assign(kind="Population")
    parts = [actors, agreements.assign(kind="Agreement"), functions, populations]
    return pd.concat(parts, ignore_index=True).drop_duplicates()


def overlap_pair_estimate(frames: Frames) -> int:
    """How many (practice, practice, shared node) rows the self-join makes: Σ over nodes of C(degree, 2)."""
    degrees = _neighbours(frames).groupby(["kind", "node"]).size()
    return int((degrees * (degrees - 1) // 2).sum())


OVERLAP_KINDS = (
    ("Actor", "shared_actors"),
    ("Agreement", "shared_agreements"),
    ("Function", "shared_functions"),
    ("Population", "shared_populations"),
)


def practice_overlap(frames: Frames, max_sharing: int = 50, limit: int = 1000) -> pd.DataFrame:
    """practice_overlap: pairs sharing a neighbour of at most ``max_sharing`` practices, scored by evidence
    of contact as the query's header says, with the shared lists and Jaccard indices over every common
    neighbour; the ``limit`` highest-scoring pairs.

    The self-join runs only on those rarer neighbours (at most max_sharing rows per link), never on
    all pairs; widely shared neighbours are joined to the candidate pairs afterwards.
    """
    nb = _neighbours(frames)
    total = len(frames.practices)
    carried = nb.groupby(["kind", "node"])["practice"].transform("size")
    rarity = np.log1p(total / carried)
    contact = nb["kind"].isin(["Actor", "Agreement"])
    nb = nb.assign(contact=np.where(contact, 1.0 + rarity, 0.0), purpose=np.where(contact, 0.0, rarity))
    sizes = nb.groupby("practice").size()
    actor_sizes = nb[nb["kind"] == "Actor"].groupby("practice").size()
    rare = nb[carried <= max_sharing]
    pairs = rare.merge(rare, on=["kind", "node"], suffixes=("_a", "_b"))
    pairs = pairs.loc[pairs["practice_a"] < pairs["practice_b"], ["practice_a", "practice_b"]].drop_duplicates()
    shared = pairs.merge(nb.rename(columns={"practice": "practice_a"}), on="practice_a").merge(
        nb[["practice", "kind", "node"]].rename(columns={"practice": "practice_b"}), on=["practice_b", "kind", "node"]
    )
    shared["is_actor"] = shared["kind"].eq("Actor")
    counts = (
        shared.groupby(["practice_a", "practice_b"])
        .agg(
            shared_count=("is_actor", "size"),
            shared_actor_count=("is_actor", "sum"),
            contact=("contact", "sum"),
            purpose=("purpose", "sum"),
        )
        .reset_index()
    )
    counts["ratio"] = counts["shared_count"] / (
        counts["practice_a"].map(sizes) + counts["practice_b"].map(sizes) - counts["shared_count"]
    )
    counts["exact_score"] = counts["contact"] + counts["purpose"] / (1.0 + counts["purpose"])
    counts = counts.assign(rank_score=counts["exact_score"].round(9), rank_ratio=counts["ratio"].round(9))
    counts = counts.sort_values(
        ["rank_score", "rank_ratio", "practice_a", "practice_b"], ascending=[False, False, True, True]
    ).head(limit)
    top = shared.merge(counts[["practice_a", "practice_b", "purpose"]], on=["practice_a", "practice_b"],
                       suffixes=("", "_total"))  # fmt: skip
    top["added"] = top["contact"] + top["purpose"] / (1.0 + top["purpose_total"])
    table = counts.set_index(["practice_a", "practice_b"])
    table["why"] = _why(top, frames.labels).reindex(table.index)
    top = top.sort_values("node")
    grouped = top.groupby(["practice_a", "practice_b", "kind"])["node"].agg(list).unstack("kind")
    for kind, column in OVERLAP_KINDS:
        values = grouped[kind].reindex(table.index) if kind in grouped else pd.Series(index=table.index, dtype=object)
        table[column] = [v if isinstance(v, list) else [] for v in values]
    table = table.reset_index()
    table["score"] = _halves_up(table["exact_score"])
    table["similarity"] = _halves_up(table["ratio"])
    actors_a = table["practice_a"].map(actor_sizes).fillna(0)
    actor_union = actors_a + table["practice_b"].map(actor_sizes).fillna(0) - table["shared_actor_count"]
    table["actor_jaccard"] = _halves_up((table["shared_actor_count"] / actor_union.where(actor_union > 0)).fillna(0.0))
    countries = frames.practices.set_index("practice")["countries"].map(set)
    same = [bool(countries[a] & countries[b]) for a, b in zip(table["practice_a"], table["practice_b"], strict=True)]
    table["jurisdiction"] = np.where(same, "same jurisdiction", "similar elsewhere")
    return table.drop(columns=["ratio", "shared_actor_count", "contact", "purpose", "exact_score", "rank_score",
                               "rank_ratio"])  # fmt: skip


def _why(shared: pd.DataFrame, labels: pd.DataFrame) -> pd.Series:
    """Per pair, the shared items with what each adds to the score, largest first: "MTEySS (actor, 3.77)"."""
    named = shared.merge(labels, on=["kind", "node"], how="left")
    names = named["label"].fillna(named["node"].str.replace("-", " ").str.replace("_", " "))
    named = named.assign(
        order=named["kind"].map({kind: n for n, (kind, _) in enumerate(OVERLAP_KINDS)}),
        rank=-named["added"].round(9),
        text=names + " (" + named["kind"].str.lower() + ", " + named["added"].map("{:.2f}".format) + ")",
    ).sort_values(["rank", "order", "node"])
    return named.groupby(["practice_a", "practice_b"], sort=False)["text"].agg(list)


def _halves_up(values: pd.Series) -> pd.Series:
    """3 decimals, halves up, as coordreg rounds."""
    return (1000.0 * values.astype(float) + 0.5).floordiv(1.0) / 1000.0


def _mechanism_populations(frames: Frames) -> pd.DataFrame:
    """A mechanism's populations: those it reaches, else its practice's targets."""
    reached = frames.reaches
    silent = frames.mechanisms[~frames.mechanisms["mechanism"].isin(reached["mechanism"])]
    inherited = silent.merge(frames.targets, on="practice")[["mechanism", "population"]]
    return pd.concat([reached, inherited], ignore_index=True)


def function_duplication(frames: Frames) -> pd.DataFrame:
    """function_duplication: the same function for the same population carried more than once in one jurisdiction.

    Grouped instead of paired: the practices of a (function, population) group that act in one country
    (a practice of several countries acts in each) form an "across practices" row when there are two or
    more, one row per distinct set of practices with every country where exactly that set acts; "within a
    practice" rows (one per practice) need the pairs of its mechanisms whose carriers are disjoint, which are few.
    """
    groups = (
        frames.serves.merge(_mechanism_populations(frames), on="mechanism")
        .merge(frames.mechanisms, on="mechanism")
        .sort_values(["function", "population", "mechanism"])
    )
    carriers: dict[str, frozenset[str]] = {
        str(mechanism): frozenset(actors) for mechanism, actors in frames.involves.groupby("mechanism")["actor"]
    }
    countries = dict(zip(frames.practices["practice"], frames.practices["countries"], strict=True))
    acting: dict[tuple[str, str, str], list[str]] = defaultdict(list)  # (function, population, country) -> practices
    links = groups[["function", "population", "practice"]].drop_duplicates()
    for function, population, practice in links.itertuples(index=False):
        for country in countries[practice]:
            acting[(function, population, country)].append(practice)
    places: dict[tuple[str, str, tuple[str, ...]], list[str]] = defaultdict(list)
    for (function, population, country), practices in acting.items():
        if len(practices) > 1:
            places[(function, population, tuple(sorted(practices)))].append(country)
    mechanisms_of = cast(
        dict[tuple[str, str, str], list[str]],
        groups.groupby(["function", "population", "practice"])["mechanism"].agg(list).to_dict(),
    )
    rows = []
    for (function, population, together), found in places.items():
        group = {practice: mechanisms_of[(function, population, practice)] for practice in together}
        rows.append(_duplication_row(function, population, "across practices", tuple(sorted(found)), group, carriers))
    for (function, population, practice), mechanisms in mechanisms_of.items():
        within = _disjoint_pairs(mechanisms, carriers)
        if within:
            kept = {practice: sorted({m for pair in within for m in pair})}
            own = tuple(sorted(countries[practice]))
            rows.append(_duplication_row(function, population, "within a practice", own, kept, carriers))
    columns = ["function", "population", "scope", "countries", "practices", "mechanisms", "carriers"]
    return pd.DataFrame(rows, columns=columns).sort_values(["function", "population", "scope"], ignore_index=True)


def _disjoint_pairs(mechanisms: list[str], carriers: dict[str, frozenset[str]]) -> list[tuple[str, str]]:
    found = []
    for i, m1 in enumerate(mechanisms):
        for m2 in mechanisms[i + 1 :]:
            c1, c2 = carriers.get(m1, frozenset()), carriers.get(m2, frozenset())
            if c1 and c2 and not c1 & c2:
                found.append((m1, m2))
    return found


def _duplication_row(
    function: str,
    population: str,
    scope: str,
    countries: tuple[str, ...],
    group: dict[str, list[str]],
    carriers: dict[str, frozenset[str]],
) -> dict[str, Any]:
    mechanisms = sorted({m for listed in group.values() for m in listed})
    return {
        "function": function,
        "population": population,
        "scope": scope,
        "countries": list(countries),
        "practices": sorted(group),
        "mechanisms": mechanisms,
        "carriers": sorted({a for m in mechanisms for a in carriers.get(m, ())}),
    }


def actor_ties(frames: Frames) -> pd.DataFrame:
    """actor_network without filters: pairs of parties of an agreement some practice uses or declares,
    and pairs of actors involved in one mechanism; weight = shared agreements + shared mechanisms."""
    kept = set(frames.uses["agreement"]) | set(frames.declared_agreements["agreement"])
    parties = frames.parties[frames.parties["agreement"].isin(kept)]
    by_agreement = parties.merge(parties, on="agreement", suffixes=("_a", "_b"))
    by_agreement = by_agreement[by_agreement["actor_a"] < by_agreement["actor_b"]]
    by_mechanism = frames.involves.merge(frames.involves, on="mechanism", suffixes=("_a", "_b"))
    by_mechanism = by_mechanism[by_mechanism["actor_a"] < by_mechanism["actor_b"]]
    agreements = by_agreement.groupby(["actor_a", "actor_b"])["agreement"].nunique()
    mechanisms = by_mechanism.groupby(["actor_a", "actor_b"])["mechanism"].nunique()
    weights = agreements.add(mechanisms, fill_value=0).astype(int)
    return weights.rename("weight").reset_index().rename(columns={"actor_a": "source", "actor_b": "target"})


def actor_centrality(frames: Frames) -> pd.DataFrame:
    """Degree, weighted degree, normalised betweenness and Louvain community (seed 0) per tied actor."""
    ties = actor_ties(frames).sort_values(["source", "target"])
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(sorted(set(ties["source"]) | set(ties["target"])))
    graph.add_weighted_edges_from(ties.itertuples(index=False, name=None))
    # As coordreg (registry/analysis/network.py): exact up to 1,000 actors, above that an estimate from 100
    # source actors sampled with seed 0 from the actors in id order.
    if graph.number_of_nodes() <= 1000:
        betweenness = nx.betweenness_centrality(graph, normalized=True)
    else:
        betweenness = nx.betweenness_centrality(graph, k=100, normalized=True, seed=0)
    communities = nx.community.louvain_communities(graph, weight="weight", seed=0)
    community_of = {actor: i for i, group in enumerate(communities) for actor in group}
    return pd.DataFrame(
        {
            "actor_id": list(graph.nodes),
            "degree": [int(graph.degree(a)) for a in graph.nodes],
            "weighted_degree": [int(graph.degree(a, weight="weight")) for a in graph.nodes],
            "betweenness": [round(float(betweenness[a]), 6) for a in graph.nodes],
            "community": [community_of[a] for a in graph.nodes],
        }
    )
