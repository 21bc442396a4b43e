// title: Practice overlap
// question: Which practices overlap, through which shared actors, functions and populations, and how similar are they?
// param: collection (string, default null) Only practices of this collection, e.g. issa-americas
// param: practice (string, default null) Only pairs that include this practice, e.g. arg-intercosecha
// columns: practice_a, title_a, practice_b, title_b, shared_actors, shared_functions, shared_populations,
// columns: shared_count, actor_jaccard, similarity
// backends: falkordb, neo4j
// note: Pairs are found from shared neighbours (p1)-…->(x)<-…-(p2), never from all pairs of practices, so
// note: practices with nothing in common do not appear. Each pair is met from both ends, so each practice's own
// note: neighbour count (needed for the union) travels with it; the two rows meet under practice_a < practice_b; the collection filter keeps pairs whose
// note: two practices are both in it. A practice's actors take part in its mechanisms (INVOLVES, or PARTY to an
// note: agreement a mechanism USES); its functions are what its mechanisms SERVE; its populations are those it
// note: TARGETS or its mechanisms REACH.
// note: similarity = Jaccard index over actors, functions and populations together (shared / union);
// note: actor_jaccard = the same over actors alone. Both rounded to 3 decimals. Rows: most similar first.
// note: One pattern reaches all three kinds of neighbour, because each relationship type only leaves one label:
// note: Practice-HAS_MECHANISM->Mechanism-INVOLVES->Actor, …-USES->Agreement-PARTY->Actor, …-SERVES->Function,
// note: Practice-TARGETS->Population and …-REACHES->Population, at most three steps.
MATCH (p1:Practice)
WHERE $collection IS NULL OR p1.collection = $collection
MATCH (p1)-[:HAS_MECHANISM|USES|INVOLVES|PARTY|SERVES|TARGETS|REACHES*1..3]->(x)
WHERE x:Actor OR x:Function OR x:Population
WITH p1, collect(DISTINCT x) AS neighbours
WITH p1, neighbours, size(neighbours) AS total, size([v IN neighbours WHERE v:Actor]) AS actor_total
UNWIND neighbours AS x
MATCH (x)<-[:HAS_MECHANISM|USES|INVOLVES|PARTY|SERVES|TARGETS|REACHES*1..3]-(p2:Practice)
WHERE p1 <> p2
  AND ($collection IS NULL OR p2.collection = $collection)
  AND ($practice IS NULL OR p1.id = $practice OR p2.id = $practice)
WITH p1, total, actor_total, p2, x
ORDER BY x.id
WITH p1, total, actor_total, p2, collect(DISTINCT x) AS shared
WITH CASE WHEN p1.id < p2.id THEN p1 ELSE p2 END AS pa,
     CASE WHEN p1.id < p2.id THEN p2 ELSE p1 END AS pb,
     p1, total, actor_total, shared
WITH pa, pb, collect(shared)[0] AS shared,
     sum(total) AS totals, sum(actor_total) AS actor_totals
WITH pa, pb, size(shared) AS shared_count, totals - size(shared) AS union_count,
     [v IN shared WHERE v:Actor | v.id] AS shared_actors,
     [v IN shared WHERE v:Function | v.id] AS shared_functions,
     [v IN shared WHERE v:Population | v.id] AS shared_populations, actor_totals
WITH pa, pb, shared_count, union_count, shared_actors, shared_functions, shared_populations,
     actor_totals - size(shared_actors) AS actor_union
RETURN pa.id AS practice_a,
       pa.title AS title_a,
       pb.id AS practice_b,
       pb.title AS title_b,
       shared_actors,
       shared_functions,
       shared_populations,
       shared_count,
       CASE WHEN actor_union = 0 THEN 0.0
            ELSE round(1000.0 * size(shared_actors) / actor_union) / 1000.0 END AS actor_jaccard,
       round(1000.0 * shared_count / union_count) / 1000.0 AS similarity
ORDER BY similarity DESC, practice_a, practice_b
