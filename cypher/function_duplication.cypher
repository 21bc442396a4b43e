// title: Function duplication
// question: Where is the same function carried for the same population by more than one actor or programme, within one practice or across practices?
// param: collection (string, default null) Only mechanisms of practices in this collection, e.g. issa-americas
// param: practice (string, default null) Only groups that include a mechanism of this practice
// param: function (string, default null) Only this function, e.g. contribution-collection
// columns: function, population, scope, practice_count, practices, mechanism_count, mechanisms, carriers,
// columns: carrier_count
// backends: falkordb, neo4j
// note: Mechanisms are grouped by the neighbours they share, a function they SERVE and a population they reach
// note: (those it REACHES, or its practice's TARGETS when it names none): grouping, not pairing, keeps the query
// note: linear where one function is served by thousands of mechanisms. A group counts across practices when its
// note: mechanisms belong to two or more practices (two programmes doing the same thing for the same people). Inside
// note: one practice, a mechanism counts when another mechanism of that practice in the group has no carrier in
// note: common with it (two different carriers), so the successive steps of one programme, run by the same actors,
// note: are not reported.
// note: One row per function, population and scope: scope is "across practices" or "within a practice".
// note: carriers = the actors INVOLVED in the mechanisms of the row. These are candidates for a person to judge
// note: (the check Intercosecha's monitoring makes against double benefits), not proven duplicates.
MATCH (p:Practice)-[:HAS_MECHANISM]->(m:Mechanism)-[:SERVES]->(f:Function)
WHERE ($function IS NULL OR f.id = $function) AND ($collection IS NULL OR p.collection = $collection)
OPTIONAL MATCH (m)-[:REACHES]->(r:Population)
WITH p, m, f, collect(r.id) AS reached
OPTIONAL MATCH (p)-[:TARGETS]->(t:Population)
WITH p, m, f, reached, collect(t.id) AS targeted
OPTIONAL MATCH (m)-[:INVOLVES]->(c:Actor)
WITH p, m, f, CASE WHEN size(reached) > 0 THEN reached ELSE targeted END AS populations, c
ORDER BY c.id
WITH p, m, f, populations, collect(c.id) AS carriers
UNWIND populations AS population
WITH f.id AS function, population, p.id AS practice, m.id AS mechanism, carriers
ORDER BY practice, mechanism
WITH function, population, practice, collect({mechanism: mechanism, carriers: carriers}) AS members
WITH function, population, practice, members,
     [g IN members WHERE size(g.carriers) > 0
        AND any(h IN members WHERE h.mechanism <> g.mechanism AND size(h.carriers) > 0
                AND none(c IN g.carriers WHERE c IN h.carriers))] AS apart
ORDER BY practice
WITH function, population, collect({practice: practice, members: members, apart: apart}) AS by_practice
WHERE $practice IS NULL OR any(b IN by_practice WHERE b.practice = $practice)
WITH function, population, by_practice,
     [b IN by_practice WHERE size(b.apart) > 0 AND ($practice IS NULL OR b.practice = $practice)] AS within
UNWIND [
  {scope: 'across practices', keep: size(by_practice) > 1,
   parts: [b IN by_practice | {practice: b.practice, members: b.members}]},
  {scope: 'within a practice', keep: size(within) > 0, parts: [b IN within | {practice: b.practice, members: b.apart}]}
] AS candidate
WITH function, population, candidate
WHERE candidate.keep
WITH function, population, candidate.scope AS scope, [b IN candidate.parts | b.practice] AS practices,
     reduce(gathered = [], b IN candidate.parts | gathered + b.members) AS members
UNWIND members AS member
UNWIND (CASE WHEN size(member.carriers) = 0 THEN [null] ELSE member.carriers END) AS carrier
WITH function, population, scope, practices, [g IN members | g.mechanism] AS mechanisms, carrier
ORDER BY carrier
WITH function, population, scope, practices, mechanisms, collect(DISTINCT carrier) AS carriers
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
