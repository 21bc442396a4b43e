// title: Store status (app)
// question: Does the registry hold any practice yet? The app loads the seed registry on first start when it does not.
// columns: practices, levels
// backends: falkordb, neo4j
OPTIONAL MATCH (p:Practice)
WITH count(p) AS practices
OPTIONAL MATCH (l:Level)
RETURN practices, count(l) AS levels
