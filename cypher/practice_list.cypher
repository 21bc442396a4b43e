// title: Practice list
// question: Which practices does the registry hold, where, and how much does each record?
// param: collection (string, default null) Only practices of this collection, e.g. issa-americas
// param: country (string, default null) Only practices in this country (ISO alpha-3, e.g. ARG)
// columns: practice_id, title, title_original, collection, countries, region, years, mechanisms, evidence, claims
// backends: falkordb, neo4j
// note: Counts are of the practice's mechanisms, evidence items and level claims. Rows follow the practices' own
// note: listing (display order), then collection and id, like typology_matrix.
MATCH (p:Practice)
WHERE ($collection IS NULL OR p.collection = $collection)
  AND ($country IS NULL OR $country IN p.countries)
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(m:Mechanism)
WITH p, count(m) AS mechanisms
OPTIONAL MATCH (p)-[:HAS_EVIDENCE]->(e:Evidence)
WITH p, mechanisms, count(e) AS evidence
OPTIONAL MATCH (p)-[:HAS_CLAIM]->(c:LevelClaim)
WITH p, mechanisms, evidence, count(c) AS claims
RETURN p.id AS practice_id,
       p.title AS title,
       p.title_original AS title_original,
       p.collection AS collection,
       p.countries AS countries,
       p.region AS region,
       coalesce(p.years, []) AS years,
       mechanisms,
       evidence,
       claims
ORDER BY coalesce(p.display_order, 999), collection, practice_id
