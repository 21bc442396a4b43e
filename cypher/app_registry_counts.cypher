// title: Registry counts (app)
// question: How many practices, actors, agreements, mechanisms, evidence items and sources does the registry hold?
// columns: practices, countries, actors, agreements, mechanisms, evidence, sources
// backends: falkordb, neo4j
// note: `countries` counts the distinct countries the practices name.
OPTIONAL MATCH (p:Practice)
WITH count(p) AS practices, collect(p.countries) AS lists
WITH practices, reduce(acc = [], cs IN lists | acc + cs) AS named
UNWIND (CASE WHEN size(named) = 0 THEN [null] ELSE named END) AS country
WITH practices, count(DISTINCT country) AS countries
OPTIONAL MATCH (a:Actor)
WITH practices, countries, count(a) AS actors
OPTIONAL MATCH (g:Agreement)
WITH practices, countries, actors, count(g) AS agreements
OPTIONAL MATCH (m:Mechanism)
WITH practices, countries, actors, agreements, count(m) AS mechanisms
OPTIONAL MATCH (e:Evidence)
WITH practices, countries, actors, agreements, mechanisms, count(e) AS evidence
OPTIONAL MATCH (s:Source)
RETURN practices, countries, actors, agreements, mechanisms, evidence, count(s) AS sources
