// title: Practice level claims (app)
// question: Which levels do the source passages assign to this practice, how (stated or inferred), and where?
// param: practice (string, required) The practice id, e.g. arg-intercosecha
// columns: claim_id, levels, status, locator, rationale, source
// backends: falkordb, neo4j
MATCH (p:Practice {id: $practice})-[:HAS_CLAIM]->(c:LevelClaim)
RETURN c.id AS claim_id,
       c.levels AS levels,
       c.status AS status,
       c.locator AS locator,
       c.rationale AS rationale,
       c.source_id AS source
ORDER BY claim_id
