// title: Practice titles (app)
// question: What is each practice called, in English, in French and in its source's language?
// columns: practice_id, title, title_fr, title_original, title_language, collection, countries, display_order
// backends: falkordb, neo4j
// note: The app shows `title_fr` in French, or the original title when the source itself is in French.
MATCH (p:Practice)
RETURN p.id AS practice_id,
       p.title AS title,
       p.title_fr AS title_fr,
       p.title_original AS title_original,
       p.title_language AS title_language,
       p.collection AS collection,
       p.countries AS countries,
       p.display_order AS display_order
ORDER BY coalesce(p.display_order, 999), collection, practice_id
