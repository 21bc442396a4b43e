// title: Export: every node
// question: Which nodes does the registry hold, with every property they carry?
// columns: label, id, properties
// backends: falkordb, neo4j
// note: Used by `coordreg export` to rebuild case files and to write graph formats;
// note: one row per node, in label and id order. The registry's version node (RegistryVersion) is
// note: bookkeeping of the store, not content: it is left out.
MATCH (n)
WHERE NOT n:RegistryVersion
RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS properties
ORDER BY label, id
