// title: Practice sources
// question: Which sources back one practice, and which of its statements does each source support, at which place?
// param: practice (string, required) The practice id, e.g. arg-intercosecha
// columns: source_id, citation, publisher, year, url, cited_by, cited_by_id, locator
// backends: falkordb, neo4j
// note: One row per citation: the practice itself, its mechanisms, level claims, evidence items and agreements
// note: each CITE a source with a locator (cited_by says which kind of statement). Rows in source, kind, id and
// note: locator order.
MATCH (p:Practice {id: $practice})-[:HAS_MECHANISM|HAS_CLAIM|HAS_EVIDENCE|HAS_AGREEMENT*0..1]->(x)-[c:CITES]->(s:Source)
RETURN s.id AS source_id,
       s.citation AS citation,
       s.publisher AS publisher,
       s.year AS year,
       s.url AS url,
       CASE
         WHEN x:Practice THEN 'practice'
         WHEN x:Mechanism THEN 'mechanism'
         WHEN x:LevelClaim THEN 'level claim'
         WHEN x:Evidence THEN 'evidence'
         ELSE 'agreement'
       END AS cited_by,
       x.id AS cited_by_id,
       c.locator AS locator
ORDER BY source_id, cited_by, cited_by_id, locator
