// title: Function duplication
// question: Where is the same function carried for the same population by more than one actor or programme, within one practice or across practices?
// param: collection (string, default null) Only mechanisms of practices in this collection, e.g. issa-americas
// param: practice (string, default null) Only groups that include a mechanism of this practice
// param: function (string, default null) Only this function, e.g. contribution-collection
// columns: function, population, scope, practice_count, practices, mechanism_count, mechanisms, carriers,
// columns: carrier_count
// backends: falkordb, neo4j
// post: duplication
// note: Mechanisms are grouped by the neighbours they share, a function they SERVE and a population they reach
// note: (those it REACHES, or its practice's TARGETS when it names none): grouping, not pairing, keeps the work
// note: linear where one function is served by thousands of mechanisms. A group counts across practices when its
// note: mechanisms belong to two or more practices (two programmes doing the same thing for the same people). Inside
// note: one practice, a mechanism counts when another mechanism of that practice in the group has no carrier in
// note: common with it (two different carriers), so the successive steps of one programme, run by the same actors,
// note: are not reported.
// note: One row per function, population and scope: scope is "across practices" or "within a practice".
// note: carriers = the actors INVOLVED in the mechanisms of the row. These are candidates for a person to judge
// note: (the check Intercosecha's monitoring makes against double benefits), not proven duplicates.
// note: Lists are in id order; mechanisms by practice, then id.
// note: The query returns one row per mechanism (its practice, functions, populations and carriers); the
// note: Python step "duplication" (registry/analysis/duplication.py) groups them, the same code for every
// note: backend: one pass over the mechanism-function-population links, and the "apart" check only compares
// note: mechanisms of one practice in one group (a handful). In Cypher the per-group lists cost a sort and two
// note: aggregations over every link: ~5 s at 10,000 practices, against ~0.6 s (+ ~0.7 s in Python) this way.
// note: With practice set, the
// note: query keeps only the functions that practice's mechanisms serve (no other group can include it).
OPTIONAL MATCH (:Practice {id: $practice})-[:HAS_MECHANISM]->(:Mechanism)-[:SERVES]->(own:Function)
WITH collect(DISTINCT own.id) AS own_functions
MATCH (p:Practice)
WHERE $collection IS NULL OR p.collection = $collection
OPTIONAL MATCH (p)-[:TARGETS]->(t:Population)
WITH own_functions, p, collect(t.id) AS targeted
MATCH (p)-[:HAS_MECHANISM]->(m:Mechanism)-[:SERVES|REACHES|INVOLVES]->(x)
WITH own_functions, p, targeted, m, collect(x) AS around
WITH p, targeted, m,
     [x IN around WHERE x:Function AND ($function IS NULL OR x.id = $function)
        AND ($practice IS NULL OR x.id IN own_functions) | x.id] AS functions,
     [x IN around WHERE x:Population | x.id] AS reached, [x IN around WHERE x:Actor | x.id] AS carriers
WHERE size(functions) > 0
RETURN p.id AS practice,
       m.id AS mechanism,
       functions,
       CASE WHEN size(reached) > 0 THEN reached ELSE targeted END AS populations,
       carriers
