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
// note: The projection: one pattern finds both kinds of tie: (a1)<-[:PARTY|INVOLVES]-(x)-[:PARTY|INVOLVES]->(a2),
// note: x being an agreement or a mechanism, with the contexts and filters of actor_network.
MATCH (p:Practice)-[:HAS_MECHANISM|HAS_AGREEMENT]->(y)
WHERE ($practice IS NULL OR p.id = $practice)
  AND ($collection IS NULL OR p.collection = $collection)
  AND ($country IS NULL OR $country IN p.countries)
  AND ($level IS NULL OR $level IN coalesce(y.levels, []))
OPTIONAL MATCH (y)-[:USES]->(used)
WITH p, y, used
UNWIND CASE WHEN used IS NULL THEN [y] ELSE [y, used] END AS x
UNWIND [level IN coalesce(y.levels, [null]) WHERE $level IS NULL OR level = $level] AS level
WITH x, p.id AS practice, level
MATCH (a1:Actor)<-[:PARTY|INVOLVES]-(x)-[:PARTY|INVOLVES]->(a2:Actor)
WHERE a1.id < a2.id AND ($actor_kind IS NULL OR ($actor_kind IN a1.kinds AND $actor_kind IN a2.kinds))
WITH a1, a2, x, x.id AS connector, x:Agreement AS is_agreement, practice, level
ORDER BY connector
WITH a1, a2,
     collect(DISTINCT CASE WHEN is_agreement THEN connector END) AS agreements,
     collect(DISTINCT CASE WHEN NOT is_agreement THEN connector END) AS mechanisms,
     collect(DISTINCT CASE WHEN is_agreement THEN x END) AS agreement_nodes,
     collect(DISTINCT CASE WHEN NOT is_agreement THEN x END) AS mechanism_nodes,
     collect(DISTINCT practice) AS practice_set,
     collect(DISTINCT level) AS level_ids
RETURN a1.id AS source,
       a2.id AS target,
       size(agreements) + size(mechanisms) AS weight,
       size(agreements) AS shared_agreements,
       size(mechanisms) AS shared_mechanisms,
       [level IN ['macro', 'meso', 'micro'] WHERE level IN level_ids] AS levels,
       reduce(sorted = [], q IN practice_set | [r IN sorted WHERE r < q] + [q] + [r IN sorted WHERE r > q]) AS practices,
       agreements,
       mechanisms,
       a1.name AS source_name,
       coalesce(a1.acronym, a1.name) AS source_label,
       a1.kind AS source_kind,
       a1.country AS source_country,
       a2.name AS target_name,
       coalesce(a2.acronym, a2.name) AS target_label,
       a2.kind AS target_kind,
       a2.country AS target_country,
       coalesce(a1.other_languages, []) AS source_other_languages,
       coalesce(a2.other_languages, []) AS target_other_languages,
       [g IN agreement_nodes | g.title] AS agreement_titles,
       [g IN agreement_nodes | coalesce(g.other_languages, [])] AS agreement_other_languages,
       [m IN mechanism_nodes | m.label] AS mechanism_labels,
       [m IN mechanism_nodes | coalesce(m.other_languages, [])] AS mechanism_other_languages
ORDER BY weight DESC, source, target
