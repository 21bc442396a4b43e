// title: Practice overlap
// question: Which practices overlap, through which shared actors, functions and populations, and how similar are they?
// param: collection (string, default null) Only practices of this collection, e.g. issa-americas
// param: practice (string, default null) Only pairs that include this practice, e.g. arg-intercosecha
// param: max_sharing (integer, default 50, 2..1000000) A neighbour shared by more practices than this does not by itself make a pair
// param: limit (integer, default 1000, 1..1000000) At most this many pairs, the most similar first
// columns: practice_a, title_a, practice_b, title_b, shared_actors, shared_functions, shared_populations,
// columns: shared_count, actor_jaccard, similarity
// backends: falkordb, neo4j
// post: overlap
// note: A practice's neighbours are its actors, functions and populations: actors take part in its mechanisms
// note: (INVOLVES, or PARTY to an agreement a mechanism USES); functions are what its mechanisms SERVE;
// note: populations are those it TARGETS or its mechanisms REACH. The collection filter keeps only practices of
// note: the collection (both practices of a pair, and the practices a neighbour is counted as shared by).
// note: Two practices form a pair when they share a neighbour that at most max_sharing practices share. A
// note: neighbour shared more widely is like a stop-word: that 8,000 practices serve "data-exchange" says nothing
// note: about any two of them, and pairing through it would list every pair of those practices (tens of millions
// note: at 10,000 practices). Such a neighbour still counts in the shared lists and the similarity of pairs found
// note: through rarer ones. So pairs are never built from all pairs of practices: finding them costs at most
// note: max_sharing times the number of practice-neighbour links. With max_sharing at least the number of
// note: practices every pair sharing anything is listed (the definition before max_sharing existed).
// note: Why 50 and 1000: in the seed registry (30 practices) no cap bites, so its answer is the complete one;
// note: at 10,000 synthetic practices every function and population is shared by hundreds or thousands, and
// note: actors shared by at most 50 practices give ~230,000 candidate pairs, scored in well under a second
// note: (10 would give ~26,000 but drop ties through an institution present in 11 to 50 practices, e.g. a national
// note: ministry). limit keeps the answer a table a person can read or a heat map can draw; raise both for a
// note: complete list of a large registry.
// note: similarity = Jaccard index over actors, functions and populations together (shared / union);
// note: actor_jaccard = the same over actors alone. Both rounded to 3 decimals. Rows: most similar first (by the
// note: unrounded index), then by practice_a, practice_b; each pair once, practice_a < practice_b; at most limit.
// note: The query returns each neighbour with the practices linked to it (and the practices' titles); the Python
// note: step "overlap" (registry/analysis/overlap.py) forms the pairs, the same code for every backend, and
// note: applies $limit there (pairs are only known after the query).
// note: With practice set, only that practice's neighbours are searched for partners, and only the partners'
// note: links are returned, so the query stays small however large the registry.
MATCH (p:Practice)-[:HAS_MECHANISM]->(:Mechanism)-[:INVOLVES|SERVES|REACHES]->(x)
WHERE $practice IS NULL AND ($collection IS NULL OR p.collection = $collection)
RETURN labels(x)[0] AS kind, x.id AS node, collect(DISTINCT p.id) AS practices, null AS titles
UNION ALL
MATCH (p:Practice)-[:HAS_MECHANISM]->(:Mechanism)-[:USES]->(:Agreement)-[:PARTY]->(x:Actor)
WHERE $practice IS NULL AND ($collection IS NULL OR p.collection = $collection)
RETURN 'Actor' AS kind, x.id AS node, collect(DISTINCT p.id) AS practices, null AS titles
UNION ALL
MATCH (p:Practice)-[:TARGETS]->(x:Population)
WHERE $practice IS NULL AND ($collection IS NULL OR p.collection = $collection)
RETURN 'Population' AS kind, x.id AS node, collect(DISTINCT p.id) AS practices, null AS titles
UNION ALL
MATCH (p:Practice)
WHERE $practice IS NULL AND ($collection IS NULL OR p.collection = $collection)
RETURN 'Practice' AS kind, null AS node, collect(p.id) AS practices, collect(coalesce(p.title, p.id)) AS titles
UNION ALL
MATCH (p0:Practice {id: $practice})-[:HAS_MECHANISM|USES|INVOLVES|PARTY|SERVES|TARGETS|REACHES*1..3]->(x)
WHERE (x:Actor OR x:Function OR x:Population) AND ($collection IS NULL OR p0.collection = $collection)
WITH DISTINCT x
MATCH (x)<-[:HAS_MECHANISM|USES|INVOLVES|PARTY|SERVES|TARGETS|REACHES*1..3]-(q:Practice)
WHERE $collection IS NULL OR q.collection = $collection
WITH x, collect(DISTINCT q) AS sharing
WHERE size(sharing) <= $max_sharing
UNWIND sharing AS q
WITH DISTINCT q
MATCH (q)-[:HAS_MECHANISM|USES|INVOLVES|PARTY|SERVES|TARGETS|REACHES*1..3]->(x)
WHERE x:Actor OR x:Function OR x:Population
WITH DISTINCT q, x
WITH q, collect(x) AS neighbours
UNWIND [null] + neighbours AS x
RETURN CASE WHEN x IS NULL THEN 'Practice' ELSE labels(x)[0] END AS kind, x.id AS node,
       collect(q.id) AS practices, collect(CASE WHEN x IS NULL THEN coalesce(q.title, q.id) END) AS titles
