// title: Actor portfolio
// question: For each actor, in which practices, at which coordination levels and for which functions does it take part?
// param: actor (string, default null) Only this actor, e.g. arg-mteyss
// param: collection (string, default null) Only practices of this collection, e.g. issa-americas
// param: actor_kind (string, default null) Only actors of this kind, e.g. ministry
// columns: actor_id, name, acronym, kind, country, practice_count, practices, levels, functions, mechanism_count, agreements
// backends: falkordb, neo4j
// note: An actor takes part in a mechanism when the mechanism INVOLVES it or USES an agreement it is PARTY to;
// note: its practices, levels and functions are those of these mechanisms. `agreements` lists the agreements it is
// note: party to (ids). Actors that take part in no practice (e.g. an organisation that only documented practices)
// note: are left out. Rows: most practices first, then most mechanisms, then actor id.
MATCH (fn:Function)
WITH fn
ORDER BY fn.id
WITH collect(fn.id) AS function_order
MATCH (a:Actor)
WHERE ($actor IS NULL OR a.id = $actor) AND ($actor_kind IS NULL OR $actor_kind IN a.kinds)
// Three kinds of row per actor, without carrying lists: mechanisms that INVOLVE it (branch 0), mechanisms that
// USE an agreement it is PARTY to (branch 1), and the agreements it is party to (branch 2).
UNWIND [0, 1, 2] AS branch
OPTIONAL MATCH (a)<-[:INVOLVES]-(involving:Mechanism)
  WHERE branch = 0
OPTIONAL MATCH (a)<-[:PARTY]-(:Agreement)<-[:USES]-(using:Mechanism)
  WHERE branch = 1
OPTIONAL MATCH (a)<-[:PARTY]-(g:Agreement)
  WHERE branch = 2
WITH DISTINCT function_order, a, coalesce(involving, using) AS m, g
OPTIONAL MATCH (p:Practice)-[:HAS_MECHANISM]->(m)
WITH function_order, a, m, g, p
WHERE g IS NOT NULL OR (p IS NOT NULL AND ($collection IS NULL OR p.collection = $collection))
OPTIONAL MATCH (m)-[:SERVES]->(f:Function)
WITH function_order, a, m, g, p.id AS practice, f.id AS function
ORDER BY practice, g.id
WITH function_order, a, collect(DISTINCT practice) AS practices, collect(DISTINCT m.levels) AS level_sets,
     collect(DISTINCT function) AS function_ids, count(DISTINCT m) AS mechanism_count,
     collect(DISTINCT g.id) AS agreements
WHERE mechanism_count > 0
RETURN a.id AS actor_id,
       a.name AS name,
       a.acronym AS acronym,
       a.kind AS kind,
       a.country AS country,
       size(practices) AS practice_count,
       practices,
       [level IN ['macro', 'meso', 'micro'] WHERE any(chosen IN level_sets WHERE level IN chosen)] AS levels,
       [function IN function_order WHERE function IN function_ids] AS functions,
       mechanism_count,
       agreements
ORDER BY practice_count DESC, mechanism_count DESC, actor_id
