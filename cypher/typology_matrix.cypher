// title: Typology matrix
// question: Which coordination levels (macro = strategic, meso = operational, micro = service delivery) does each practice involve, does a source state each or does an analyst infer it, and do the stated passages agree?
// param: collection (string, default null) Only practices of this collection, e.g. issa-americas
// param: country (string, default null) Only practices in this country (ISO alpha-3, e.g. ARG)
// columns: practice_id, title, title_original, countries, collection, macro, meso, micro, conflict, claim_count,
// columns: macro_status, meso_status, micro_status
// backends: falkordb, neo4j
// note: macro_status, meso_status, micro_status mark each level "stated" (a stated claim assigns it), "inferred"
// note: (only an analyst's inferred claim assigns it) or "" (no claim does). A stated level is never hidden by an
// note: inference, and an inferred one is no longer hidden by a stated claim on another level: both are marked.
// note: macro, meso, micro are true when the level is stated or inferred (the presence the app's matrix draws).
// note: conflict is true only when stated claims disagree (two sources, or two passages, assign different levels);
// note: an inference beside a stated claim is a reading, not a conflict. level_conflicts lists the claims.
// note: Rows are grouped by collection, then follow each collection's own listing (display order), then id.
MATCH (p:Practice)
WHERE ($collection IS NULL OR p.collection = $collection)
  AND ($country IS NULL OR $country IN p.countries)
OPTIONAL MATCH (p)-[:HAS_CLAIM]->(c:LevelClaim)
WITH p, collect(c) AS claims
WITH p, claims, [c IN claims WHERE c.status = 'stated'] AS stated
WITH p, claims,
     reduce(acc = [], c IN stated | acc + c.levels) AS stated_levels,
     reduce(acc = [], c IN claims | CASE WHEN c.status = 'stated' THEN acc ELSE acc + c.levels END) AS inferred_levels,
     reduce(seen = [], c IN stated | CASE WHEN c.levels_key IN seen THEN seen ELSE seen + [c.levels_key] END) AS readings
WITH p, claims, readings,
     [level IN ['macro', 'meso', 'micro'] |
       CASE WHEN level IN stated_levels THEN 'stated' WHEN level IN inferred_levels THEN 'inferred' ELSE '' END]
       AS marks
RETURN p.id AS practice_id,
       p.title AS title,
       p.title_original AS title_original,
       p.countries AS countries,
       p.collection AS collection,
       marks[0] <> '' AS macro,
       marks[1] <> '' AS meso,
       marks[2] <> '' AS micro,
       size(readings) > 1 AS conflict,
       size(claims) AS claim_count,
       marks[0] AS macro_status,
       marks[1] AS meso_status,
       marks[2] AS micro_status
ORDER BY collection, coalesce(p.display_order, 999), practice_id
