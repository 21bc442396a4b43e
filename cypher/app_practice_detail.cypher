// title: Practice detail (app)
// question: What is this practice — its titles, countries, years, summary in English and French, populations and benefits?
// param: practice (string, required) The practice id, e.g. arg-intercosecha
// columns: practice_id, title, title_fr, title_original, title_language, collection, countries, region, years,
// columns: summary_en, summary_fr, sse_roles, documented_by, populations, benefits
// backends: falkordb, neo4j
// note: No row when there is no practice with this id.
MATCH (p:Practice {id: $practice})
OPTIONAL MATCH (p)-[:DOCUMENTED_BY]->(d:Actor)
OPTIONAL MATCH (p)-[:TARGETS]->(pop:Population)
WITH p, d, pop
ORDER BY pop.id
WITH p, d, collect(DISTINCT pop.id) AS populations
OPTIONAL MATCH (p)-[:DELIVERS]->(b:Benefit)
WITH p, d, populations, b
ORDER BY b.id
WITH p, d, populations, collect(DISTINCT b.id) AS benefits
RETURN p.id AS practice_id,
       p.title AS title,
       p.title_fr AS title_fr,
       p.title_original AS title_original,
       p.title_language AS title_language,
       p.collection AS collection,
       p.countries AS countries,
       p.region AS region,
       p.years AS years,
       p.summary_en AS summary_en,
       p.summary_fr AS summary_fr,
       p.sse_roles AS sse_roles,
       coalesce(d.acronym, d.name) AS documented_by,
       populations,
       benefits
