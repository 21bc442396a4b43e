// title: Practice level claims
// question: Which passages assign coordination levels to one practice, with what status, and where are they?
// param: practice (string, required) The practice id, e.g. arg-shared-responsibility-agreements
// columns: claim_id, levels, status, locator, rationale, source_id
// backends: falkordb, neo4j
// note: Every claim is kept, agreeing or not (level_conflicts lists the practices whose claims disagree).
// note: status is stated (a source says it) or inferred (an analyst's reading, with its rationale). Rows in id order.
MATCH (p:Practice {id: $practice})-[:HAS_CLAIM]->(c:LevelClaim)
RETURN c.id AS claim_id,
       c.levels AS levels,
       c.status AS status,
       c.locator AS locator,
       c.rationale AS rationale,
       c.source_id AS source_id
ORDER BY claim_id
