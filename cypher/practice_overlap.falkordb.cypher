// title: Practice overlap
// question: Which practices overlap, through which shared institutions, agreements, functions and populations, how strongly does that suggest real contact, and do they act in the same jurisdiction?
// param: collection (string, default null) Only practices of this collection, e.g. issa-americas
// param: practice (string, default null) Only pairs that include this practice, e.g. arg-intercosecha
// param: max_sharing (integer, default 50, 2..1000000) A neighbour shared by more practices than this does not by itself make a pair
// param: limit (integer, default 1000, 1..1000000) At most this many pairs, the highest score first
// columns: practice_a, title_a, practice_b, title_b, score, why, jurisdiction, shared_actors, shared_agreements,
// columns: shared_functions, shared_populations, shared_count, actor_jaccard, similarity
// backends: falkordb, neo4j
// post: overlap
// note: A practice's neighbours are its actors (INVOLVED in its mechanisms, or PARTY to an agreement a mechanism
// note: USES), its agreements (declared, or USED by a mechanism), the functions its mechanisms SERVE and the
// note: populations it TARGETS or its mechanisms REACH. The collection filter keeps only practices of the collection.
// note: score ranks pairs by evidence of real contact. Each shared item weighs its rarity, log(1 + N/n) when n of
// note: the N practices carry it: a tag half the registry carries weighs about 1.1, an institution 2 of 30 share 2.8.
// note: A shared actor or agreement adds 1 + its rarity (real contact); the shared functions and populations together
// note: add T/(1+T), T their summed rarity (shared purpose): always under one point, so they order pairs with the
// note: same contact but never outrank an institution or agreement in common.
// note: why = the shared items, each with what it adds to the score, largest first ("MTEySS (actor, 3.77)").
// note: jurisdiction = "same jurisdiction" when the two practices share a country (a practice of several countries,
// note: such as MERCOSUR's SIACI, covers each), else "similar elsewhere": alike, but not two schemes of one place.
// note: similarity = the unweighted Jaccard index over all neighbours (shared / union); actor_jaccard = the same over
// note: actors alone; score and both indices rounded to 3 decimals. Rows: highest score first (then similarity,
// note: then ids); each pair once, practice_a < practice_b; at most limit.
// note: Two practices form a pair when they share a neighbour that at most max_sharing practices carry: a neighbour
// note: carried more widely ("data-exchange" in 8,000 of 10,000 practices) says nothing about any two of them, and
// note: pairing through it would list tens of millions of pairs. It still counts in the shared lists, indices and
// note: score of pairs found through rarer ones, so the work is at most max_sharing times the practice-neighbour links.
// note: With max_sharing at least the number of practices, every pair sharing anything is listed. In the seed
// note: registry (30 practices) no cap bites; at 10,000 synthetic practices 50 keeps ties through an institution
// note: present in up to 50 practices (a national ministry) at ~230,000 candidate pairs scored in under a second.
// note: The query returns each neighbour with the practices linked to it, each practice's title and countries, and
// note: N; the Python step "overlap" (registry/analysis/overlap.py) forms and scores the pairs and keeps the
// note: $limit best (pairs are only known after the query), the same code for every backend. With practice set,
// note: only that practice's neighbours are searched for partners and only the partners' links are returned, with
// note: how many practices carry each of the practice's own neighbours (n). The parts reading the whole scope
// note: start from a row that exists only without practice, so with practice set the store reads none of them.
// note: n of a neighbour carried by more than 20 practices is written back on it at the end of a load (with the
// note: snapshot, registry/queries/refresh.py), marked with the registry version it holds for; the query reads it
// note: only while the registry is still at that version (every write moves it on) and counts live otherwise, so a
// note: neighbour past max_sharing costs no walk over its thousands of paths: ~25 ms at 10,000 practices against
// note: ~150 ms counting live, the same answer either way (tests/test_practice_filters.py).
// note: FalkorDB variant: lists of ids come joined into one text (ids and country codes are slugs, without
// note: spaces), because its Python client decodes every list element separately: the answer reads ~2x faster.
UNWIND CASE WHEN $practice IS NULL THEN [true] ELSE [] END AS everything
MATCH (p:Practice)-[:HAS_MECHANISM]->(:Mechanism)-[:INVOLVES|USES|SERVES|REACHES]->(x)
WHERE $collection IS NULL OR p.collection = $collection
RETURN labels(x)[0] AS kind, x.id AS node, coalesce(x.acronym, x.name, x.title) AS label,
       string.join(collect(DISTINCT p.id), ' ') AS practices, null AS titles, null AS countries, null AS carried_by
UNION ALL
UNWIND CASE WHEN $practice IS NULL THEN [true] ELSE [] END AS everything
MATCH (p:Practice)-[:HAS_MECHANISM]->(:Mechanism)-[:USES]->(:Agreement)-[:PARTY]->(x:Actor)
WHERE $collection IS NULL OR p.collection = $collection
RETURN 'Actor' AS kind, x.id AS node, coalesce(x.acronym, x.name) AS label,
       string.join(collect(DISTINCT p.id), ' ') AS practices, null AS titles, null AS countries, null AS carried_by
UNION ALL
UNWIND CASE WHEN $practice IS NULL THEN [true] ELSE [] END AS everything
MATCH (p:Practice)-[:TARGETS|HAS_AGREEMENT]->(x)
WHERE $collection IS NULL OR p.collection = $collection
RETURN labels(x)[0] AS kind, x.id AS node, coalesce(x.name, x.title) AS label,
       string.join(collect(DISTINCT p.id), ' ') AS practices, null AS titles, null AS countries, null AS carried_by
UNION ALL
UNWIND CASE WHEN $practice IS NULL THEN [true] ELSE [] END AS everything
MATCH (p:Practice)
WHERE $collection IS NULL OR p.collection = $collection
RETURN 'Practice' AS kind, null AS node, null AS label, string.join(collect(p.id), ' ') AS practices,
       collect(coalesce(p.title, p.id)) AS titles, collect(string.join(p.countries, ' ')) AS countries, null AS carried_by
UNION ALL
MATCH (p:Practice)
WHERE $collection IS NULL OR p.collection = $collection
RETURN 'Registry' AS kind, null AS node, null AS label, '' AS practices, null AS titles, null AS countries,
       count(p) AS carried_by
UNION ALL
// The practice's own neighbours, and which practices of the scope carry each.
MATCH (p0:Practice {id: $practice})
WHERE $collection IS NULL OR p0.collection = $collection
// The registry's current version (as GraphStore.registry_version reads it): a count written back is read only
// when written for this version (registry/queries/refresh.py).
OPTIONAL MATCH (v:RegistryVersion)
WITH p0, v ORDER BY v.number DESC LIMIT 1
WITH p0, v.epoch + '-' + toString(v.number) AS now
OPTIONAL MATCH (p0)-[:HAS_MECHANISM]->(:Mechanism)-[:INVOLVES|USES|SERVES|REACHES]->(x1)
WITH p0, now, collect(DISTINCT x1) AS around
OPTIONAL MATCH (p0)-[:HAS_MECHANISM]->(:Mechanism)-[:USES]->(:Agreement)-[:PARTY]->(x2:Actor)
WITH p0, now, around, collect(DISTINCT x2) AS parties
OPTIONAL MATCH (p0)-[:TARGETS|HAS_AGREEMENT]->(x3)
WITH p0, now, around, parties, collect(DISTINCT x3) AS direct
UNWIND around + parties + direct AS x
WITH DISTINCT p0, now, x
WITH p0, x, CASE WHEN $collection IS NULL AND x.carried_by_version = now THEN x.carried_by END AS kept
// One list of carriers per neighbour, not three aggregations: a later aggregation keyed by the lists of an earlier
// one hashes thousands of practices per row for a neighbour most practices carry. A neighbour whose count is kept
// and over max_sharing lists no partner: only the practice itself, which is in the scope. The patterns start
// from open, null for such a neighbour (a store runs a list's pattern whatever CASE around it chooses).
WITH p0, x, kept, CASE WHEN kept > $max_sharing THEN null ELSE x END AS open
WITH x, kept, CASE WHEN open IS NULL THEN [p0] ELSE
       coalesce([(open)<-[:INVOLVES|USES|SERVES|REACHES]-(:Mechanism)<-[:HAS_MECHANISM]-(q1:Practice) | q1], [])
       + coalesce([(open)<-[:PARTY]-(:Agreement)<-[:USES]-(:Mechanism)<-[:HAS_MECHANISM]-(q2:Practice) | q2], [])
       + coalesce([(open)<-[:TARGETS|HAS_AGREEMENT]-(q3:Practice) | q3], []) END AS found
UNWIND found AS q
WITH x, kept, q
WHERE $collection IS NULL OR q.collection = $collection
WITH x, kept, collect(DISTINCT q) AS sharing
WITH x, coalesce(kept, size(sharing)) AS carried, sharing
// One row per neighbour that carries its count (q null), then the partners found through the rarer ones.
UNWIND [null] + CASE WHEN carried <= $max_sharing THEN sharing ELSE [] END AS q
WITH DISTINCT q, CASE WHEN q IS NULL THEN x END AS counted, CASE WHEN q IS NULL THEN carried END AS carried_by
OPTIONAL MATCH (q)-[:HAS_MECHANISM]->(:Mechanism)-[:INVOLVES|USES|SERVES|REACHES]->(y1)
WITH q, counted, carried_by, collect(DISTINCT y1) AS around
OPTIONAL MATCH (q)-[:HAS_MECHANISM]->(:Mechanism)-[:USES]->(:Agreement)-[:PARTY]->(y2:Actor)
WITH q, counted, carried_by, around, collect(DISTINCT y2) AS parties
OPTIONAL MATCH (q)-[:TARGETS|HAS_AGREEMENT]->(y3)
WITH q, counted, carried_by, around, parties, collect(DISTINCT y3) AS direct
UNWIND CASE WHEN q IS NULL THEN [counted] ELSE [null] + around + parties + direct END AS y
RETURN CASE WHEN y IS NULL THEN 'Practice' ELSE labels(y)[0] END AS kind, y.id AS node,
       coalesce(y.acronym, y.name, y.title) AS label, collect(q.id) AS practices,
       collect(CASE WHEN y IS NULL THEN coalesce(q.title, q.id) END) AS titles,
       collect(CASE WHEN y IS NULL THEN string.join(q.countries, ' ') END) AS countries, carried_by
