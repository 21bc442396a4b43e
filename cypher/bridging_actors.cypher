// title: Bridging actors
// question: Which actors tie coordination levels or practices together, because they work at more than one level or in more than one practice?
// param: collection (string, default null) Only practices of this collection, e.g. issa-americas
// param: min_practices (integer, default 1, 1..100000) Only actors in at least this many practices
// columns: actor_id, name, acronym, kind, country, bridges, level_count, levels, practice_count, practices, collections
// backends: falkordb, neo4j
// note: Participation as in actor_portfolio: the actor is INVOLVED in a mechanism, or PARTY to an agreement a
// note: mechanism USES. `bridges` says what the actor ties together: "levels", "practices" or "levels and practices".
// note: Rows: most practices first, then most levels, then actor id.
MATCH (a:Actor)<-[:INVOLVES|PARTY]-()<-[:USES*0..1]-(m:Mechanism)<-[:HAS_MECHANISM]-(p:Practice)
WHERE $collection IS NULL OR p.collection = $collection
MATCH (m)-[:AT_LEVEL]->(l:Level)
WITH a, p, l
ORDER BY p.id
WITH a, collect(DISTINCT p.id) AS practices, collect(DISTINCT p.collection) AS practice_collections,
     collect(DISTINCT l.id) AS level_ids
WITH a, practices, practice_collections, [level IN ['macro', 'meso', 'micro'] WHERE level IN level_ids] AS levels
WHERE (size(levels) > 1 OR size(practices) > 1) AND size(practices) >= $min_practices
UNWIND practice_collections AS collection
WITH a, practices, levels, collection
ORDER BY collection
WITH a, practices, levels, collect(DISTINCT collection) AS collections
RETURN a.id AS actor_id,
       a.name AS name,
       a.acronym AS acronym,
       a.kind AS kind,
       a.country AS country,
       CASE
         WHEN size(levels) > 1 AND size(practices) > 1 THEN 'levels and practices'
         WHEN size(practices) > 1 THEN 'practices'
         ELSE 'levels'
       END AS bridges,
       size(levels) AS level_count,
       levels,
       size(practices) AS practice_count,
       practices,
       collections
ORDER BY practice_count DESC, level_count DESC, actor_id
