// title: Path between two actors
// question: How are two actors connected, and through which agreements and mechanisms?
// param: actor_a (string, required) The first actor's id, e.g. arg-mteyss
// param: actor_b (string, required) The second actor's id, e.g. arg-anses
// param: max_hops (integer, default 4, 1..10) At most this many steps from actor to actor (each through one agreement or mechanism)
// param: max_routes (integer, default 20, 1..1000) At most this many routes (all have the fewest hops)
// columns: hops, route, actors, actor_ids, via, via_ids
// backends: falkordb, neo4j
// note: Routes run actor – agreement or mechanism – actor – …, over PARTY and INVOLVES in either direction; all
// note: shortest routes come back, fewest hops first, then in route order. No row when the actors are not connected
// note: within max_hops (at most 10 in the portable query, whose bound must be a literal).
// note: Backends: this portable file uses allShortestPaths in MATCH (Neo4j 5, openCypher); FalkorDB only allows
// note: shortestPath in WITH/RETURN and no undirected traversal there, so path_between.falkordb.cypher uses its
// note: algo.SPpaths procedure instead, with the same columns and order.
MATCH (a:Actor {id: $actor_a})
MATCH (b:Actor {id: $actor_b})
WHERE a <> b
MATCH path = allShortestPaths((a)-[:PARTY|INVOLVES*..20]-(b))
WITH path
WHERE length(path) <= 2 * $max_hops
WITH nodes(path) AS steps
WITH [i IN range(0, size(steps) - 1) WHERE i % 2 = 0 | steps[i]] AS actors,
     [i IN range(0, size(steps) - 1) WHERE i % 2 = 1 | steps[i]] AS connectors,
     [n IN steps | CASE
        WHEN n:Actor THEN coalesce(n.acronym, n.name)
        WHEN n:Agreement THEN '[agreement: ' + n.title + ']'
        ELSE '[mechanism: ' + n.label + ' (' + n.practice_id + ')]' END] AS labels
RETURN size(connectors) AS hops,
       reduce(text = head(labels), label IN tail(labels) | text + ' — ' + label) AS route,
       [n IN actors | coalesce(n.acronym, n.name)] AS actors,
       [n IN actors | n.id] AS actor_ids,
       [n IN connectors | CASE
          WHEN n:Agreement THEN 'agreement: ' + n.title
          ELSE 'mechanism: ' + n.label + ' (' + n.practice_id + ')' END] AS via,
       [n IN connectors | n.id] AS via_ids
ORDER BY hops, route
LIMIT $max_routes
