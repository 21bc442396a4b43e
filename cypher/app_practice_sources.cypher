// title: Practice sources (app)
// question: Which sources document this practice, and where in each source is each fact — the practice, its mechanisms, its level claims, its evidence?
// param: practice (string, required) The practice id, e.g. arg-intercosecha
// columns: source_id, citation, publisher, year, url, cited_for, item, locator
// backends: falkordb, neo4j
// note: cited_for is the kind of thing the source supports: Practice, Mechanism, LevelClaim or Evidence;
// note: item is its id. One row per citation, so one source appears once per place it is used.
MATCH (p:Practice {id: $practice})
OPTIONAL MATCH (p)-[:HAS_MECHANISM|HAS_CLAIM|HAS_EVIDENCE]->(owned)
WITH p, collect(owned) AS items
UNWIND [p] + items AS item
MATCH (item)-[c:CITES]->(s:Source)
RETURN s.id AS source_id,
       s.citation AS citation,
       s.publisher AS publisher,
       s.year AS year,
       s.url AS url,
       labels(item)[0] AS cited_for,
       item.id AS item,
       c.locator AS locator
ORDER BY source_id, CASE cited_for WHEN 'Practice' THEN 0 WHEN 'LevelClaim' THEN 1 WHEN 'Mechanism' THEN 2 ELSE 3 END, item
