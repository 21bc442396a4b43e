// title: Export: every relationship
// question: Which relationships does the registry hold, between which nodes, with which properties?
// columns: source_label, source_id, type, target_label, target_id, position, properties
// backends: falkordb, neo4j
// note: Used by `coordreg export`. `position` is the item's place in its case-file list
// note: (0 where the relationship does not come from a list), so rows follow the files' order.
MATCH (a)-[r]->(b)
RETURN labels(a)[0] AS source_label,
       a.id AS source_id,
       type(r) AS type,
       labels(b)[0] AS target_label,
       b.id AS target_id,
       coalesce(r.position, 0) AS position,
       properties(r) AS properties
ORDER BY source_label, source_id, type, position, target_label, target_id
