// title: Practice detail
// question: What does the registry record about one practice: titles, countries, years, summary, populations, benefits?
// param: practice (string, required) The practice id, e.g. ury-public-software-reuse
// columns: practice_id, title, title_original, title_language, title_fr, collection, countries, region, years,
// columns: summary_en, summary_fr, populations, benefits, instruments, sse_roles, documented_by, title_other_languages,
// columns: when, regions, documenter_names, documenter_other_languages
// backends: falkordb, neo4j
// note: One row, or none for an unknown id. documented_by names the institutions that documented the practice,
// note: comma-separated in the case file's order (kept apart from the actors that implement it); lists are in id order. when is the date or
// note: period the practice ran (2003/.. = since 2003); title_other_languages holds the title in each further
// note: original language ("fr: …"). documenter_names and documenter_other_languages give each documenting
// note: institution's name and its names in other languages ("fr: …"), in documented_by's order.
MATCH (p:Practice {id: $practice})
OPTIONAL MATCH (p)-[:TARGETS]->(n:Population)
WITH p, n
ORDER BY n.id
WITH p, collect(n.id) AS populations
OPTIONAL MATCH (p)-[:DELIVERS]->(b:Benefit)
WITH p, populations, b
ORDER BY b.id
WITH p, populations, collect(b.id) AS benefits
OPTIONAL MATCH (p)-[:RELATES_TO]->(i:Instrument)
WITH p, populations, benefits, i
ORDER BY i.id
WITH p, populations, benefits, collect(i.id) AS instruments
OPTIONAL MATCH (p)-[documented:DOCUMENTED_BY]->(d:Actor)
WITH p, populations, benefits, instruments, d, documented.position AS documented_order
ORDER BY documented_order, d.id
WITH p, populations, benefits, instruments, collect(coalesce(d.acronym, d.name)) AS documenters,
     collect(d.name) AS documenter_names,
     collect(CASE WHEN d IS NOT NULL THEN coalesce(d.other_languages, []) END) AS documenter_other_languages
RETURN p.id AS practice_id,
       p.title AS title,
       p.title_original AS title_original,
       p.title_language AS title_language,
       p.title_fr AS title_fr,
       p.collection AS collection,
       p.countries AS countries,
       p.region AS region,
       coalesce(p.years, []) AS years,
       p.summary_en AS summary_en,
       p.summary_fr AS summary_fr,
       populations,
       benefits,
       instruments,
       coalesce(p.sse_roles, []) AS sse_roles,
       CASE WHEN size(documenters) = 0 THEN null
            ELSE reduce(names = head(documenters), name IN tail(documenters) | names + ', ' + name) END AS documented_by,
       coalesce(p.title_other_languages, []) AS title_other_languages,
       p.when AS when,
       coalesce(p.regions, [p.region]) AS regions,
       documenter_names,
       documenter_other_languages
ORDER BY practice_id
