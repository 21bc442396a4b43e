// title: Search
// question: Which actors, practices, agreements, levels and ILO instruments have this text in a name, acronym, title or id?
// param: text (string, required) Words to look for, e.g. meso, mteyss, seguridad social
// columns: kind, id, name, match
// backends: falkordb, neo4j
// fold: text
// post: search_match
// note: Accents and case are ignored: the text is folded in Python (fold: text) and compared with each node's
// note: search_key, which the loader folds the same way ('meso' finds the level named 'Méso', 'mteyss' finds MTEySS).
// note: `match` names the field that contains the text and shows it, e.g. "acronym: MTEySS" (worked out in Python
// note: by the search_match step, which folds each field as the loader did). Rows: exact name, acronym or id
// note: matches first, then fields that start with the text, then the rest; then kind and id.
MATCH (n)
WHERE size($text) > 0 AND n.search_key CONTAINS $text
  AND (n:Actor OR n:Practice OR n:Agreement OR n:Level OR n:Instrument)
RETURN CASE
         WHEN n:Actor THEN 'actor'
         WHEN n:Practice THEN 'practice'
         WHEN n:Agreement THEN 'agreement'
         WHEN n:Level THEN 'level'
         ELSE 'instrument'
       END AS kind,
       n.id AS id,
       coalesce(n.name, n.title, n.name_en) AS name,
       [['acronym', n.acronym], ['name', n.name], ['original name', n.original_name], ['title', n.title],
        ['original title', n.title_original], ['French title', n.title_fr], ['name', n.name_en],
        ['French name', n.name_fr], ['id', n.id]] AS fields
ORDER BY kind, id
