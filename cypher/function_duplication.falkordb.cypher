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
// note: With practice set, the query starts from that practice: its own groups, then only the mechanisms in them of
// note: the practices acting in one of its countries (no other shares a row with it): ~20-60 ms at 10,000 practices,
// note: against ~1.1 s reading every link of the scope, with the same answer (tests/test_practice_filters.py).
// note: FalkorDB variant: each list comes joined into one text (ids are slugs, without spaces), because its
// note: Python client decodes every list element separately: the answer reads ~2x faster.
UNWIND CASE WHEN $practice IS NULL THEN [true] ELSE [] END AS everything
// Without practice: every mechanism of the scope that serves a function (no row at all with practice set).
MATCH (p:Practice)
WHERE ($collection IS NULL OR p.collection = $collection) AND ($country IS NULL OR $country IN p.countries)
OPTIONAL MATCH (p)-[:TARGETS]->(t:Population)
WITH p, collect(t.id) AS targeted
MATCH (p)-[:HAS_MECHANISM]->(m:Mechanism)-[:SERVES|REACHES|INVOLVES]->(x)
WITH p, targeted, m, collect(x) AS around
WITH p, targeted, m, [x IN around WHERE x:Function AND ($function IS NULL OR x.id = $function) | x.id] AS functions,
     [x IN around WHERE x:Population | x.id] AS reached, [x IN around WHERE x:Actor | x.id] AS carriers
WHERE size(functions) > 0
RETURN p.id AS practice,
       m.id AS mechanism,
       string.join(functions, ' ') AS functions,
       string.join(CASE WHEN size(reached) > 0 THEN reached ELSE targeted END, ' ') AS populations,
       string.join(carriers, ' ') AS carriers,
       string.join(p.countries, ' ') AS countries
UNION ALL
// With practice: its own groups (a function its mechanisms serve, a population they reach or it targets), then
// the mechanisms in one of them of the practices acting in one of its countries (no other practice shares a row
// with it), and only they.
MATCH (p0:Practice {id: $practice})
WHERE ($collection IS NULL OR p0.collection = $collection) AND ($country IS NULL OR $country IN p0.countries)
OPTIONAL MATCH (p0)-[:TARGETS]->(t0:Population)
WITH p0, collect(t0.id) AS targeted0
MATCH (p0)-[:HAS_MECHANISM]->(m0:Mechanism)-[:SERVES]->(own:Function)
WHERE $function IS NULL OR own.id = $function
OPTIONAL MATCH (m0)-[:REACHES]->(r0:Population)
WITH p0, targeted0, m0, own, collect(r0.id) AS reached0
UNWIND CASE WHEN size(reached0) > 0 THEN reached0 ELSE targeted0 END AS population
WITH p0, collect(DISTINCT own.id) AS own_functions, collect(DISTINCT own.id + ' ' + population) AS own_groups
MATCH (p:Practice)
WHERE any(c IN p.countries WHERE c IN p0.countries)
  AND ($collection IS NULL OR p.collection = $collection) AND ($country IS NULL OR $country IN p.countries)
MATCH (p)-[:HAS_MECHANISM]->(m:Mechanism)-[:SERVES]->(f:Function)
WHERE f.id IN own_functions
WITH own_groups, p, m, collect(f.id) AS functions
OPTIONAL MATCH (p)-[:TARGETS]->(t:Population)
WITH own_groups, p, m, functions, collect(t.id) AS targeted
OPTIONAL MATCH (m)-[:REACHES]->(r:Population)
WITH own_groups, p, m, functions, targeted, collect(r.id) AS reached
WITH own_groups, p, m, functions, CASE WHEN size(reached) > 0 THEN reached ELSE targeted END AS populations
WITH p, m, functions, populations,
     any(f IN functions WHERE any(population IN populations WHERE (f + ' ' + population) IN own_groups)) AS inside
WHERE inside
OPTIONAL MATCH (m)-[:INVOLVES]->(a:Actor)
WITH p, m, functions, populations, collect(a.id) AS carriers
RETURN p.id AS practice,
       m.id AS mechanism,
       string.join(functions, ' ') AS functions,
       string.join(populations, ' ') AS populations,
       string.join(carriers, ' ') AS carriers,
       string.join(p.countries, ' ') AS countries
