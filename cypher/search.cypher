// title: Search
// question: Which practices, mechanisms, agreements, evidence items, actors, levels and ILO instruments mention these words — in a title, summary, mechanism, agreement, evidence or name, in English or French?
// param: text (string, required) Words to look for, e.g. meso, mteyss, seguridad social, cotisations
// param: limit (integer, default 200, 1..100000) At most this many results, the best first
// columns: kind, id, name, match, practice_id, score
// backends: falkordb, neo4j
// fold: text
// post: search
// note: A result holds every word of the text, each as a word or the start of one (securit finds security and
// note: sécurité), in any of its texts: titles, summaries, mechanisms (label and description), agreements (title
// note: and purpose), evidence, actor names and acronyms, level names and definitions, instrument titles, in
// note: English and French. Accents and case are ignored (the text is folded in Python, fold: text). Common
// note: English words (the, of, and …) and one-letter words are left out of the text.
// note: Each store's own full-text index finds the candidates (registry/schema/fulltext.py says what it indexes;
// note: ensure_schema builds it); the Python step "search" (registry/analysis/search.py) then checks each against
// note: the words, ranks and quotes it the same way on both stores, and keeps the $limit best.
// note: score adds, for each word, the weight of the best text holding it: 3 in a name, acronym, title or
// note: mechanism label, 1 elsewhere; twice that for a whole word; plus 10 when a whole text is the search (an
// note: exact acronym or name). Rows: highest score first, then kind and id. match shows that text ("acronym:
// note: MTEySS") and, in a long one, the passage around the first word found. practice_id is the practice a
// note: mechanism, evidence item or agreement belongs to (the practice's own id for a practice).
// note: This portable text is the fallback where a store has no full-text index (a registry loaded before coordreg
// note: built one; `coordreg load` builds it): it compares the words with each node's search_key, the loader's
// note: folded copy of its names, titles and id, so summaries, mechanisms and evidence are not searched.
WITH reduce(cleaned = $text, c IN ['!', '"', '#', '$', '%', '&', "'", '(', ')', '*', '+', ',', '-', '.', '/', ':',
       ';', '<', '=', '>', '?', '@', '[', '\\', ']', '^', '_', '`', '{', '|', '}', '~', '\t', '\n', '\r', '’', '‘',
       '“', '”', '«', '»', '–', '—', '…', '•', '·', '¿', '¡', ' '] | replace(cleaned, c, ' ')) AS cleaned
WITH [word IN split(cleaned, ' ') WHERE size(word) > 1
       AND NOT word IN ['a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in',
         'into', 'is', 'it', 'no', 'not', 'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these',
         'they', 'this', 'to', 'was', 'will', 'with']] AS words
WHERE size(words) > 0
MATCH (node)
WHERE node:Actor OR node:Practice OR node:Agreement OR node:Level OR node:Instrument
// Tested in a WITH: FalkorDB drops every row when all() over a list from an earlier clause sits in MATCH's WHERE.
WITH node, all(word IN words WHERE node.search_key CONTAINS word) AS holds
WHERE holds
RETURN CASE
         WHEN node:Practice THEN 'practice'
         WHEN node:Mechanism THEN 'mechanism'
         WHEN node:Agreement THEN 'agreement'
         WHEN node:Evidence THEN 'evidence'
         WHEN node:Actor THEN 'actor'
         WHEN node:Level THEN 'level'
         ELSE 'instrument'
       END AS kind,
       node.id AS id,
       coalesce(node.acronym, node.name, node.title, node.label, node.name_en, node.category, node.id) AS name,
       CASE
         WHEN node:Practice THEN node.id
         WHEN node:Agreement THEN node.declared_in
         ELSE node.practice_id
       END AS practice_id,
       CASE
         WHEN node:Practice THEN [['title', node.title], ['original title', node.title_original],
                                  ['French title', node.title_fr], ['summary', node.summary_en],
                                  ['French summary', node.summary_fr], ['id', node.id]]
         WHEN node:Mechanism THEN [['mechanism', node.label], ['description', node.description_en],
                                   ['French description', node.description_fr]]
         WHEN node:Agreement THEN [['title', node.title], ['purpose', node.purpose_en],
                                   ['French purpose', node.purpose_fr], ['id', node.id]]
         WHEN node:Evidence THEN [['evidence', node.description_en], ['French evidence', node.description_fr]]
         WHEN node:Actor THEN [['acronym', node.acronym], ['name', node.name], ['original name', node.original_name],
                               ['id', node.id]]
         WHEN node:Level THEN [['name', node.name_en], ['French name', node.name_fr],
                               ['definition', node.definition_en], ['French definition', node.definition_fr],
                               ['id', node.id]]
         ELSE [['title', node.title], ['id', node.id]]
       END AS fields
