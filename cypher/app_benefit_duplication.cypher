// title: Benefit duplication (app)
// question: Which benefits do several practices deliver to the same population — where might people be covered twice, or programmes do the same work?
// param: collection (string, default null) Only practices of this collection, e.g. ilo-sse
// columns: benefit, population, practice_count, practices, collections
// backends: falkordb, neo4j
// note: A practice delivers a benefit (DELIVERS) to the populations it TARGETS. One row per benefit and
// note: population that more than one practice shares; candidates for a person to judge, not proven duplicates.
MATCH (p:Practice)-[:DELIVERS]->(b:Benefit)
MATCH (p)-[:TARGETS]->(pop:Population)
WHERE $collection IS NULL OR p.collection = $collection
WITH b, pop, p
ORDER BY p.id
WITH b, pop, collect(DISTINCT p.id) AS practices, collect(DISTINCT p.collection) AS collections
WHERE size(practices) > 1
RETURN b.id AS benefit,
       pop.id AS population,
       size(practices) AS practice_count,
       practices,
       collections
ORDER BY practice_count DESC, benefit, population
