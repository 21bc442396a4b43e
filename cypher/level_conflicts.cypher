// title: Level conflicts
// question: For which practices do the stated source passages assign different coordination levels, and where does each reading come from?
// param: collection (string, default null) Only practices of this collection
// columns: practice_id, title, readings, claims, locators
// backends: falkordb, neo4j
// note: One row per practice whose stated claims disagree (as typology_matrix's conflict: an analyst's inferred
// note: reading beside them is not a conflict). `readings` counts the stated readings; `claims` lists every claim,
// note: inferred ones too, as "levels — locator (status)", in claim-id order; `locators` lists their locators alone.
MATCH (p:Practice)-[:HAS_CLAIM]->(c:LevelClaim)
WHERE $collection IS NULL OR p.collection = $collection
WITH p, c
ORDER BY p.id, c.id
WITH p, collect(c) AS claims
WITH p, claims,
     reduce(seen = [], c IN claims |
       CASE WHEN c.status <> 'stated' OR c.levels_key IN seen THEN seen ELSE seen + [c.levels_key] END) AS readings
WHERE size(readings) > 1
RETURN p.id AS practice_id,
       p.title AS title,
       size(readings) AS readings,
       [c IN claims | c.levels_key + ' — ' + c.locator + ' (' + c.status + ')'] AS claims,
       [c IN claims | c.locator] AS locators
ORDER BY practice_id
