// title: Coordination levels (app)
// question: What are the three coordination levels, with their names and definitions in English and French?
// columns: level, order, name_en, name_fr, definition_en, definition_fr, mechanisms, practices
// backends: falkordb, neo4j
// note: `mechanisms` counts the mechanisms recorded at the level; `practices` the practices they belong to.
MATCH (l:Level)
OPTIONAL MATCH (m:Mechanism)-[:AT_LEVEL]->(l)
OPTIONAL MATCH (p:Practice)-[:HAS_MECHANISM]->(m)
RETURN l.id AS level,
       l.order AS order,
       l.name_en AS name_en,
       l.name_fr AS name_fr,
       l.definition_en AS definition_en,
       l.definition_fr AS definition_fr,
       count(DISTINCT m) AS mechanisms,
       count(DISTINCT p) AS practices
ORDER BY order
