// title: Path between two actors
// question: How are two actors connected, and through which agreements and mechanisms?
// param: actor_a (string, required) The first actor's id, e.g. arg-mteyss
// param: actor_b (string, required) The second actor's id, e.g. arg-anses
// param: max_hops (integer, default 4, 1..10) At most this many steps from actor to actor (each through one agreement or mechanism)
// param: max_routes (integer, default 20, 1..1000) At most this many routes (all have the fewest hops)
// columns: hops, route, actors, actor_ids, via, via_ids
// backends: falkordb, neo4j
// post: routes
// note: Routes run actor – agreement or mechanism – actor – …, over PARTY and INVOLVES in either direction; all
// note: shortest routes come back, fewest hops first, then in route order. No row when the actors are not connected
// note: within max_hops.
// note: This query only finds the two actors and how many agreements and mechanisms each has; the Python step
// note: (registry/analysis/routes.py) then searches breadth first from the less connected one, one small query per
// note: step, so the work is bounded by the relationships it touches and every step obeys the time limit.
// note: Variable-length patterns and FalkorDB's algo.SPpaths enumerate paths instead, and between two busy actors
// note: ran for minutes past the limit. Past 10,000 shortest routes, the first 10,000 in id order are sorted.
MATCH (a:Actor {id: $actor_a})
MATCH (b:Actor {id: $actor_b})
WHERE a.id <> b.id
OPTIONAL MATCH (a)<-[ra:INVOLVES|PARTY]-()
WITH a, b, count(ra) AS degree_a
OPTIONAL MATCH (b)<-[rb:INVOLVES|PARTY]-()
RETURN a.id AS actor_a, b.id AS actor_b, degree_a, count(rb) AS degree_b, $max_hops AS max_hops,
       $max_routes AS max_routes
