// title: Typology matrix
// question: Which coordination levels (macro = strategic, meso = operational, micro = service delivery) does each practice involve, and do the passages that assign them agree?
// param: collection (string, default null) Only practices of this collection, e.g. issa-americas
// param: country (string, default null) Only practices in this country (ISO alpha-3, e.g. ARG)
// columns: practice_id, title, title_original, countries, collection, macro, meso, micro, conflict, claim_count
// backends: falkordb, neo4j
// note: Where claims agree, the levels are the claims' levels. Where they conflict, a level is true if any
// note: stated claim assigns it, conflict is true, and level_conflicts shows every claim with its locator.
MATCH (p:Practice)
WHERE ($collection IS NULL OR p.collection = $collection)
  AND ($country IS NULL OR $country IN p.countries)
OPTIONAL MATCH (p)-[:HAS_CLAIM]->(c:LevelClaim)
WITH p, collect(c) AS claims
WITH p, claims, [c IN claims WHERE c.status = 'stated'] AS stated
WITH p, claims, CASE WHEN size(stated) > 0 THEN stated ELSE claims END AS basis
WITH p, claims,
     reduce(acc = [], c IN basis | acc + c.levels) AS levels,
     reduce(seen = [], c IN claims | CASE WHEN c.levels_key IN seen THEN seen ELSE seen + [c.levels_key] END) AS readings
RETURN p.id AS practice_id,
       p.title AS title,
       p.title_original AS title_original,
       p.countries AS countries,
       p.collection AS collection,
       'macro' IN levels AS macro,
       'meso' IN levels AS meso,
       'micro' IN levels AS micro,
       size(readings) > 1 AS conflict,
       size(claims) AS claim_count
ORDER BY coalesce(p.display_order, 999), collection, practice_id
