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
MATCH (a:Actor)
WHERE ($actor IS NULL OR a.id = $actor) AND ($actor_kind IS NULL OR a.kind = $actor_kind)
// The optional USES step reaches mechanisms through an agreement the actor is party to:
// (a)<-[:INVOLVES]-(m) when it has length 0, (a)<-[:PARTY]-(agreement)<-[:USES]-(m) when it has length 1.
MATCH (a)<-[:INVOLVES|PARTY]-()<-[:USES*0..1]-(m:Mechanism)<-[:HAS_MECHANISM]-(p:Practice)
WHERE $collection IS NULL OR p.collection = $collection
MATCH (m)-[:AT_LEVEL]->(l:Level)
WITH a, p, m, l
ORDER BY p.id
WITH a, collect(DISTINCT p.id) AS practices, collect(DISTINCT l.id) AS level_ids, collect(DISTINCT m) AS mechanisms
UNWIND mechanisms AS m
OPTIONAL MATCH (m)-[:SERVES]->(f:Function)
WITH a, practices, level_ids, mechanisms, f
ORDER BY f.id
WITH a, practices, level_ids, size(mechanisms) AS mechanism_count, collect(DISTINCT f.id) AS functions
OPTIONAL MATCH (a)<-[:PARTY]-(g:Agreement)
WITH a, practices, level_ids, mechanism_count, functions, g
ORDER BY g.id
WITH a, practices, level_ids, mechanism_count, functions, collect(DISTINCT g.id) AS agreements
RETURN a.id AS actor_id,
       a.name AS name,
       a.acronym AS acronym,
       a.kind AS kind,
       a.country AS country,
       size(practices) AS practice_count,
       practices,
       [level IN ['macro', 'meso', 'micro'] WHERE level IN level_ids] AS levels,
       functions,
       mechanism_count,
       agreements
ORDER BY practice_count DESC, mechanism_count DESC, actor_id
