// title: Actor centrality
// question: Which actors hold the coordination together: who has the most ties, the strongest ties, who sits on the routes between others, and which groups form?
// param: level (string, default null) Only ties made at this level: macro, meso or micro
// param: country (string, default null) Only ties made in practices of this country (ISO alpha-3, e.g. ARG)
// param: practice (string, default null) Only ties made in this practice, e.g. arg-intercosecha
// param: collection (string, default null) Only ties made in practices of this collection, e.g. issa-americas
// param: actor_kind (string, default null) Only actors of this kind, at both ends of a tie (e.g. ministry)
// columns: rank, actor_id, name, label, kind, country, degree, weighted_degree, betweenness, community, community_size
// backends: falkordb, neo4j
// post: centrality
// note: The Cypher below is actor_network's projection (same parameters, same ties); the measures are computed
// note: in Python with igraph (registry/analysis/network.py) on BOTH backends, so FalkorDB and Neo4j give the
// note: same numbers and Neo4j Community needs no graph-algorithm plugin.
// note: degree = number of actors tied to this one; weighted_degree = sum of tie weights (shared agreements +
// note: shared mechanisms); betweenness = normalised share of shortest routes between other actors that pass
// note: through this one (ties unweighted), exact up to 1,000 tied actors; above that (minutes of work) it is an
// note: estimate from 100 source actors sampled with a fixed seed (as networkx's k=100, seed=0, actors in id order),
// note: so the same registry always gives the same numbers; community = Leiden modularity group (seed 0) on the
// note: weighted ties, numbered 1, 2, … from the largest group (ties broken by the smallest actor id), so the labels
// note: are deterministic.
// note: rank orders actors by betweenness, then weighted degree, then id. Actors without any tie are not listed.
// note: The projection: the Cypher below is actor_network's, which returns each connector's actors and each
// note: actor's names, not the pairs; the step "centrality" first forms the ties as actor_network's step
// note: "actor_ties" does (registry/analysis/actor_ties.py), then measures them.
MATCH (p:Practice)-[:HAS_MECHANISM|HAS_AGREEMENT]->(y)
WHERE ($practice IS NULL OR p.id = $practice)
  AND ($collection IS NULL OR p.collection = $collection)
  AND ($country IS NULL OR $country IN p.countries)
  AND ($level IS NULL OR $level IN coalesce(y.levels, []))
OPTIONAL MATCH (y)-[:USES]->(used)
WITH p, y, used
UNWIND CASE WHEN used IS NULL THEN [y] ELSE [y, used] END AS x
UNWIND [level IN coalesce(y.levels, [null]) WHERE $level IS NULL OR level = $level] AS level
WITH x, collect(DISTINCT p.id) AS practices, collect(DISTINCT level) AS levels
MATCH (x)-[:PARTY|INVOLVES]->(a:Actor)
WHERE $actor_kind IS NULL OR $actor_kind IN a.kinds
WITH x, practices, levels, collect(DISTINCT a.id) AS actors
WHERE size(actors) > 1
RETURN 'connector' AS row, x.id AS id, x:Agreement AS is_agreement,
       CASE WHEN x:Agreement THEN x.title ELSE x.label END AS name, null AS label, null AS kind, null AS country,
       coalesce(x.other_languages, []) AS other_languages, practices, levels, actors
UNION ALL
// The actors' names: with no practice, collection, country or level chosen, every actor (of the kind), read
// directly; otherwise the actors of the connectors found as above.
MATCH (a:Actor)
WHERE $practice IS NULL AND $collection IS NULL AND $country IS NULL AND $level IS NULL
  AND ($actor_kind IS NULL OR $actor_kind IN a.kinds)
RETURN 'actor' AS row, a.id AS id, null AS is_agreement, a.name AS name, coalesce(a.acronym, a.name) AS label,
       a.kind AS kind, a.country AS country, coalesce(a.other_languages, []) AS other_languages,
       null AS practices, null AS levels, null AS actors
UNION ALL
MATCH (p:Practice)-[:HAS_MECHANISM|HAS_AGREEMENT]->(y)
WHERE NOT ($practice IS NULL AND $collection IS NULL AND $country IS NULL AND $level IS NULL)
  AND ($practice IS NULL OR p.id = $practice)
  AND ($collection IS NULL OR p.collection = $collection)
  AND ($country IS NULL OR $country IN p.countries)
  AND ($level IS NULL OR $level IN coalesce(y.levels, []))
OPTIONAL MATCH (y)-[:USES]->(used)
WITH y, used
UNWIND CASE WHEN used IS NULL THEN [y] ELSE [y, used] END AS x
WITH DISTINCT x
MATCH (x)-[:PARTY|INVOLVES]->(a:Actor)
WHERE $actor_kind IS NULL OR $actor_kind IN a.kinds
WITH DISTINCT a
RETURN 'actor' AS row, a.id AS id, null AS is_agreement, a.name AS name, coalesce(a.acronym, a.name) AS label,
       a.kind AS kind, a.country AS country, coalesce(a.other_languages, []) AS other_languages,
       null AS practices, null AS levels, null AS actors
