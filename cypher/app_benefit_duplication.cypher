// title: Benefit duplication (app)
// question: Which benefits do several practices deliver to the same population in the same country — where might people be covered twice, or programmes do the same work?
// param: collection (string, default null) Only practices of this collection, e.g. ilo-sse
// param: country (string, default null) Only this country (ISO alpha-3, e.g. ARG)
// columns: benefit, population, countries, practice_count, practices, practice_titles, collections
// backends: falkordb, neo4j
// note: A practice delivers a benefit (DELIVERS) to the populations it TARGETS. People can only be covered twice
// note: where two schemes both act: one row per benefit, population and set of practices that act in the same
// note: country (a practice of several countries, such as MERCOSUR's SIACI, acts in each); countries = every
// note: country where exactly these practices act together. Schemes of different countries are not listed.
// note: practice_titles name the practices behind practice_count, in the order of practices (ids). Candidates for
// note: a person to judge, not proven duplicates.
MATCH (p:Practice)-[:DELIVERS]->(b:Benefit)
MATCH (p)-[:TARGETS]->(pop:Population)
WHERE ($collection IS NULL OR p.collection = $collection) AND ($country IS NULL OR $country IN p.countries)
UNWIND p.countries AS country
WITH b, pop, country, p
WHERE $country IS NULL OR country = $country
WITH b, pop, country, p
ORDER BY p.id
WITH b, pop, country, collect(DISTINCT p) AS sharing
WHERE size(sharing) > 1
WITH b, pop, country, [q IN sharing | q.id] AS practices, [q IN sharing | coalesce(q.title, q.id)] AS titles,
     reduce(seen = [], q IN sharing | CASE WHEN q.collection IN seen THEN seen ELSE seen + [q.collection] END)
       AS collections
ORDER BY country
WITH b, pop, practices, titles, collections, collect(country) AS countries
RETURN b.id AS benefit,
       pop.id AS population,
       countries,
       size(practices) AS practice_count,
       practices,
       titles AS practice_titles,
       collections
ORDER BY practice_count DESC, benefit, population, countries
