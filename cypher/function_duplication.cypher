// title: Function duplication
// question: Where is the same function carried for the same population by more than one actor or programme, within one practice or across practices?
// param: collection (string, default null) Only mechanisms of practices in this collection, e.g. issa-americas
// param: practice (string, default null) Only groups that include a mechanism of this practice
// param: function (string, default null) Only this function, e.g. contribution-collection
// columns: function, population, scope, practice_count, practices, mechanism_count, mechanisms, carriers,
// columns: carrier_count
// backends: falkordb, neo4j
// note: Candidates come from shared neighbours: two mechanisms (m1.id < m2.id) that SERVE one function and reach
// note: one population. A mechanism's populations are those it REACHES, or its practice's TARGETS when it names none.
// note: A pair counts across practices whenever the practices differ (two programmes doing the same thing for the
// note: same people); within one practice only when no actor carries both mechanisms (two different carriers),
// note: so the successive steps of one programme, run by the same actors, are not reported.
// note: One row per function, population and scope: scope is "across practices" or "within a practice".
// note: carriers = the actors INVOLVED in the mechanisms of the row. These are candidates for a person to judge
// note: (the check Intercosecha's monitoring makes against double benefits), not proven duplicates.
MATCH (m1:Mechanism)-[:SERVES]->(f:Function)<-[:SERVES]-(m2:Mechanism)
WHERE m1.id < m2.id AND ($function IS NULL OR f.id = $function)
MATCH (p1:Practice)-[:HAS_MECHANISM]->(m1)
MATCH (p2:Practice)-[:HAS_MECHANISM]->(m2)
WHERE ($collection IS NULL OR (p1.collection = $collection AND p2.collection = $collection))
  AND ($practice IS NULL OR p1.id = $practice OR p2.id = $practice)
OPTIONAL MATCH (m1)-[:REACHES]->(r1:Population)
WITH f, m1, m2, p1, p2, collect(r1.id) AS reached_1
OPTIONAL MATCH (m2)-[:REACHES]->(r2:Population)
WITH f, m1, m2, p1, p2, reached_1, collect(r2.id) AS reached_2
OPTIONAL MATCH (p1)-[:TARGETS]->(t1:Population)
WITH f, m1, m2, p1, p2, reached_1, reached_2, collect(t1.id) AS targeted_1
OPTIONAL MATCH (p2)-[:TARGETS]->(t2:Population)
WITH f, m1, m2, p1, p2, reached_1, reached_2, targeted_1, collect(t2.id) AS targeted_2
WITH f, m1, m2, p1, p2,
     CASE WHEN size(reached_1) > 0 THEN reached_1 ELSE targeted_1 END AS populations_1,
     CASE WHEN size(reached_2) > 0 THEN reached_2 ELSE targeted_2 END AS populations_2
UNWIND [n IN populations_1 WHERE n IN populations_2] AS population
OPTIONAL MATCH (m1)-[:INVOLVES]->(c1:Actor)
WITH f, population, m1, m2, p1, p2, collect(c1.id) AS carriers_1
OPTIONAL MATCH (m2)-[:INVOLVES]->(c2:Actor)
WITH f, population, m1, m2, p1, p2, carriers_1, collect(c2.id) AS carriers_2
WHERE p1.id <> p2.id
   OR (size(carriers_1) > 0 AND size(carriers_2) > 0 AND none(c IN carriers_1 WHERE c IN carriers_2))
WITH f.id AS function, population,
     CASE WHEN p1.id <> p2.id THEN 'across practices' ELSE 'within a practice' END AS scope,
     [[p1.id, m1.id, carriers_1], [p2.id, m2.id, carriers_2]] AS sides
UNWIND sides AS side
UNWIND (CASE WHEN size(side[2]) = 0 THEN [null] ELSE side[2] END) AS carrier
WITH function, population, scope, side[0] AS practice, side[1] AS mechanism, carrier
ORDER BY practice, mechanism, carrier
WITH function, population, scope, collect(DISTINCT practice) AS practices, collect(DISTINCT mechanism) AS mechanisms,
     collect(DISTINCT carrier) AS carrier_ids
UNWIND (CASE WHEN size(carrier_ids) = 0 THEN [null] ELSE carrier_ids END) AS carrier_id
WITH function, population, scope, practices, mechanisms, carrier_id
ORDER BY carrier_id
WITH function, population, scope, practices, mechanisms, collect(carrier_id) AS carriers
RETURN function,
       population,
       scope,
       size(practices) AS practice_count,
       practices,
       size(mechanisms) AS mechanism_count,
       mechanisms,
       carriers,
       size(carriers) AS carrier_count
ORDER BY function, population, scope
