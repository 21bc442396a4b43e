// title: Function duplication
// question: Where is the same function carried for the same population by more than one actor or programme in the same jurisdiction, within one practice or across practices?
// param: collection (string, default null) Only mechanisms of practices in this collection, e.g. issa-americas
// param: practice (string, default null) Only groups that include a mechanism of this practice
// param: function (string, default null) Only this function, e.g. contribution-collection
// param: country (string, default null) Only duplication in this country (ISO alpha-3, e.g. ARG)
// columns: function, population, scope, countries, practice_count, practices, practice_titles, mechanism_count,
// columns: mechanisms, carriers, institutions, carrier_count
// backends: falkordb, neo4j
// post: duplication
// note: Mechanisms are grouped by the neighbours they share, a function they SERVE and a population they reach
// note: (those it REACHES, or its practice's TARGETS when it names none): grouping, not pairing, keeps the work
// note: linear where one function is served by thousands of mechanisms. A group counts across practices when its
// note: mechanisms belong to two or more practices that act in the same jurisdiction (two programmes doing the same
// note: thing for the same people in one place): they share a country, a practice of several countries (MERCOSUR's
// note: SIACI) acting in each. Schemes of different countries do not duplicate each other; practice_overlap shows
// note: them as "similar elsewhere". countries = where the row's practices act together (one row per distinct set
// note: of practices, with every country where exactly that set acts); for a row within a practice, its countries.
// note: Inside one practice, a mechanism counts when another mechanism of that practice in the group has no carrier
// note: in common with it (two different carriers), so the successive steps of one programme, run by the same
// note: actors, are not reported.
// note: One row per function, population, scope and jurisdiction: scope is "across practices" or "within a practice"
// note: (one row per practice). carriers = the actors INVOLVED in the mechanisms of the row, institutions = their
// note: acronyms or names (same order); practice_titles = the practices' titles (same order as practices). These are
// note: candidates for a person to judge (the check Intercosecha's monitoring makes against double benefits), not
// note: proven duplicates.
// note: Lists are in id order; mechanisms by practice, then id.
// note: The query returns one row per mechanism (its practice, functions, populations, carriers and countries); the
// note: Python step "duplication" (registry/analysis/duplication.py) groups them, the same code for every
// note: backend: one pass over the mechanism-function-population links, and the "apart" check only compares
// note: mechanisms of one practice in one group (a handful). In Cypher the per-group lists cost a sort and two
// note: aggregations over every link: ~5 s at 10,000 practices, against ~0.6 s (+ ~0.7 s in Python) this way.
// note: With practice set, the
// note: query keeps only the functions that practice's mechanisms serve (no other group can include it).
OPTIONAL MATCH (:Practice {id: $practice})-[:HAS_MECHANISM]->(:Mechanism)-[:SERVES]->(own:Function)
WITH collect(DISTINCT own.id) AS own_functions
MATCH (p:Practice)
WHERE ($collection IS NULL OR p.collection = $collection) AND ($country IS NULL OR $country IN p.countries)
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
       carriers,
       p.countries AS countries
