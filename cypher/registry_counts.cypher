// title: Registry counts
// question: How many practices, actors, agreements, mechanisms, claims, evidence items and sources does the registry hold?
// columns: kind, count
// backends: falkordb, neo4j
// note: One row per kind of node present in the registry (its label), in label order; the registry's
// note: version node (RegistryVersion, the store's bookkeeping) is not counted.
MATCH (n)
WHERE NOT n:RegistryVersion
RETURN labels(n)[0] AS kind, count(*) AS count
ORDER BY kind
