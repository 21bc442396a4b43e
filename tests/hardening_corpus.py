"""Write, admin and escape attempts against the read-only console.

Every entry must be refused by ``registry.console.run_console_query`` with a
``QueryRefused`` — before anything reaches the store — and leave the graph's
checksum unchanged. ``LEGITIMATE_READS`` are read queries that mention write
keywords where they are harmless (strings, properties, map keys, labels in
backticks, comments): they must run.

Decisions recorded here:
- ``n.set``, ``{set: 1}``, ``$create`` and keywords inside strings, comments or
  backticks are data, not clauses: allowed.
- Graph algorithms (``CALL algo.*``) only read, but the console's allowlist is
  ``db.labels``, ``db.relationshipTypes``, ``db.propertyKeys``: they are refused
  like any other procedure, and offered through named queries instead.
- Only plain ASCII may appear outside strings and comments, so no look-alike
  letter (fullwidth, Cyrillic, zero-width joiners) can hide a keyword.
"""

from __future__ import annotations

from typing import NamedTuple


class Attempt(NamedTuple):
    name: str
    cypher: str
    kind: str  # write | procedure | load-csv | schema | admin | multi-statement | comment | unicode | string | escape


def _a(name: str, cypher: str, kind: str) -> Attempt:
    return Attempt(name, cypher, kind)


WRITE_ATTEMPTS: tuple[Attempt, ...] = (
    # plain writes
    _a("create-node", "CREATE (n:Hack {id: 'x'})", "write"),
    _a("create-lowercase", "create (n:Hack)", "write"),
    _a("create-mixed-case", "cReAtE (n:Hack)", "write"),
    _a("create-relationship", "MATCH (a:Practice), (b:Actor) CREATE (a)-[:HACKED]->(b)", "write"),
    _a("unwind-create", "UNWIND range(1, 3) AS i CREATE (:Hack {i: i})", "write"),
    _a("merge-node", "MERGE (p:Practice {id: 'hack'})", "write"),
    _a("merge-on-match-set", "MERGE (a:Actor {id: 'tst-ministry'}) ON MATCH SET a.name = 'hacked'", "write"),
    _a("merge-on-create-set", "MERGE (a:Hack {id: 1}) ON CREATE SET a.x = 1", "write"),
    _a("set-property", "MATCH (p:Practice) SET p.title = 'hacked'", "write"),
    _a("set-map", "MATCH (p:Practice) SET p = {}", "write"),
    _a("set-plus-equals", "MATCH (p:Practice) SET p += {title: 'hacked'}", "write"),
    _a("set-label", "MATCH (p:Practice) SET p:Hacked", "write"),
    _a("set-from-parameter", "MATCH (p:Practice) SET p += $props", "write"),
    _a("delete-relationships", "MATCH ()-[r]->() DELETE r", "write"),
    _a("delete-node", "MATCH (n:Level) DELETE n", "write"),
    _a("detach-delete", "MATCH (n) DETACH DELETE n", "write"),
    _a("detach-delete-newlines", "MATCH (n)\n\tDETACH\n\tDELETE n", "write"),
    _a("remove-property", "MATCH (p:Practice) REMOVE p.title", "write"),
    _a("remove-label", "MATCH (p:Practice) REMOVE p:Practice", "write"),
    _a("foreach-create", "FOREACH (x IN [1, 2] | CREATE (:Hack {x: x}))", "write"),
    _a("foreach-set", "MATCH (n) WITH collect(n) AS ns FOREACH (m IN ns | SET m.hacked = true)", "write"),
    _a("write-after-read", "MATCH (n) WITH n LIMIT 1 SET n.hacked = true RETURN n", "write"),
    _a("union-create", "MATCH (n) RETURN n.id AS id UNION CREATE (x:Hack) RETURN x.id AS id", "write"),
    _a("write-after-optional", "OPTIONAL MATCH (n:Nothing) WITH n DETACH DELETE n", "write"),
    _a("subquery-create", "CALL { CREATE (:Hack) } RETURN 1", "write"),
    _a("subquery-delete", "MATCH (n) CALL { WITH n DETACH DELETE n } RETURN count(*)", "write"),
    _a("unwind-subquery-create", "UNWIND [1] AS x CALL { CREATE (:Hack) RETURN 1 AS one } RETURN one", "write"),
    # procedures outside the allowlist
    _a("fulltext-create-index", "CALL db.idx.fulltext.createNodeIndex('Practice', 'title')", "procedure"),
    _a("fulltext-drop", "CALL db.idx.fulltext.drop('Practice')", "procedure"),
    _a("algo-pagerank", "CALL algo.pageRank('Actor', 'PARTY') YIELD node, score RETURN node.id, score", "procedure"),
    _a("algo-bfs", "MATCH (a:Actor) CALL algo.BFS(a, 3, 'PARTY') YIELD nodes RETURN nodes", "procedure"),
    _a("algo-wcc", "CALL algo.WCC(null) YIELD node, componentId RETURN componentId", "procedure"),
    _a("db-indexes", "CALL db.indexes() YIELD label RETURN label", "procedure"),
    _a("dbms-procedures", "CALL dbms.procedures() YIELD name RETURN name", "procedure"),
    _a("apoc-load-json-file", "CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value", "procedure"),
    _a("apoc-load-json-url", "CALL apoc.load.json('https://example.org/x.json') YIELD value RETURN value", "procedure"),
    _a("apoc-run-write", "CALL apoc.cypher.runWrite('CREATE (n:Hack)', {})", "procedure"),
    _a("neo4j-create-user", "CALL dbms.security.createUser('eve', 'secret', false)", "procedure"),
    _a("allowed-then-forbidden", "CALL db.labels() YIELD label CALL db.idx.fulltext.drop(label) RETURN 1", "procedure"),
    _a("backticked-parts", "CALL `db`.`idx`.`fulltext`.`createNodeIndex`('Practice', 'title')", "procedure"),
    _a("backticked-whole", "CALL `db.idx.fulltext.createNodeIndex`('Practice', 'title')", "procedure"),
    _a("spaced-name", "CALL db . idx . fulltext . drop('Practice')", "procedure"),
    _a("comment-in-name", "CALL /* db.labels */ db.idx.fulltext.drop('Practice')", "procedure"),
    _a("allowlisted-prefix", "CALL db.labels.drop()", "procedure"),
    _a("optional-call", "OPTIONAL CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value", "procedure"),
    _a("procedure-inside-subquery", "CALL { CALL db.labels() YIELD label RETURN label } RETURN label", "procedure"),
    _a(
        "procedure-inside-scoped-subquery",
        "WITH 1 AS x CALL (x) { CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey } RETURN propertyKey",
        "procedure",
    ),
    _a(
        "procedure-inside-exists",
        "MATCH (n) WHERE EXISTS { CALL db.relationshipTypes() YIELD relationshipType "
        "RETURN relationshipType } RETURN n",
        "procedure",
    ),
    # functions of a plugin's namespace (APOC on Aura): they can read files, fetch URLs and run Cypher
    _a("apoc-function-version", "RETURN apoc.version() AS v", "function"),
    _a(
        "apoc-function-run-cypher",
        "RETURN apoc.cypher.runFirstColumnSingle('MATCH (n) RETURN count(n)', {}) AS n",
        "function",
    ),
    _a("apoc-function-load", "RETURN apoc.util.decompress(apoc.util.compress('x', {}), {}) AS v", "function"),
    _a("apoc-function-spaced", "RETURN apoc . text . join(['a'], ',') AS v", "function"),
    _a("apoc-function-backticked-parts", "RETURN `apoc`.`text`.join(['a'], ',') AS v", "function"),
    _a("apoc-function-backticked-whole", "RETURN `apoc.text.join`(['a'], ',') AS v", "function"),
    _a("apoc-function-in-where", "MATCH (n) WHERE apoc.meta.cypher.type(n) = 'NODE' RETURN count(n)", "function"),
    _a("db-function", "MATCH (n) RETURN db.nameFromElementId(elementId(n)) AS db LIMIT 1", "function"),
    _a("dbms-function", "RETURN dbms.components() AS c", "function"),
    _a("gds-function", "RETURN gds.version() AS v", "function"),
    # Neo4j's INSERT (a synonym for CREATE) and batched commits
    _a("insert-node", "INSERT (n:Hack {id: 'x'})", "write"),
    _a("match-insert", "MATCH (p:Practice) INSERT (p)-[:HACKED]->(:Hack)", "write"),
    _a("in-transactions", "MATCH (n) CALL { WITH n RETURN n.id AS i } IN TRANSACTIONS OF 10 ROWS RETURN i", "write"),
    # parsing outside the time limit: its cost grows fourfold per level of nesting
    _a("deep-parentheses", "RETURN " + "(" * 24 + "1" + ")" * 24, "denial"),
    _a("deep-lists", "RETURN " + "[" * 30 + "1" + "]" * 30, "denial"),
    _a("deep-maps", "RETURN " + "{a: " * 30 + "1" + "}" * 30, "denial"),
    _a("many-tokens", "RETURN " + " + ".join(["1"] * 3000), "denial"),
    # LOAD CSV: a file read or a request from the server
    _a("load-csv-https", "LOAD CSV FROM 'https://example.org/x.csv' AS row RETURN row", "load-csv"),
    _a("load-csv-file", "LOAD CSV WITH HEADERS FROM 'file:///etc/passwd' AS row RETURN row", "load-csv"),
    _a("load-csv-lowercase", "load csv from 'file:///etc/passwd' as r return r", "load-csv"),
    _a("load-csv-after-with", "WITH 1 AS x LOAD CSV FROM 'file:///etc/shadow' AS l RETURN l", "load-csv"),
    _a("periodic-commit", "USING PERIODIC COMMIT LOAD CSV FROM 'file:///x' AS r CREATE (:Hack)", "load-csv"),
    # schema commands
    _a("create-index", "CREATE INDEX FOR (n:Practice) ON (n.title)", "schema"),
    _a("create-index-old", "CREATE INDEX ON :Practice(title)", "schema"),
    _a("drop-index", "DROP INDEX FOR (n:Practice) ON (n.id)", "schema"),
    _a("create-constraint", "CREATE CONSTRAINT FOR (p:Practice) REQUIRE p.title IS UNIQUE", "schema"),
    _a("drop-constraint", "DROP CONSTRAINT ON (p:Practice) ASSERT p.id IS UNIQUE", "schema"),
    _a("create-fulltext", "CREATE FULLTEXT INDEX FOR (n:Practice) ON EACH [n.title]", "schema"),
    # admin and server commands
    _a("flushall", "FLUSHALL", "admin"),
    _a("graph-delete", "GRAPH.DELETE seed_registry", "admin"),
    _a("config-set", "CONFIG SET dir /tmp", "admin"),
    _a("shutdown", "SHUTDOWN NOSAVE", "admin"),
    _a("neo4j-alter-database", "ALTER DATABASE neo4j SET ACCESS READ WRITE", "admin"),
    _a("neo4j-create-user-clause", "CREATE USER eve SET PASSWORD 'secret'", "admin"),
    _a("neo4j-grant", "GRANT ALL ON DATABASE * TO reader", "admin"),
    _a("neo4j-stop-database", "STOP DATABASE neo4j", "admin"),
    _a("neo4j-show", "SHOW DATABASES", "admin"),
    _a("neo4j-terminate", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "admin"),
    _a("neo4j-use", "USE system MATCH (n) RETURN n", "admin"),
    _a("explain-write", "EXPLAIN CREATE (n:Hack)", "admin"),
    _a("profile-write", "PROFILE MATCH (n) DETACH DELETE n", "admin"),
    # several statements
    _a("second-statement", "MATCH (n) RETURN n; CREATE (x:Hack)", "multi-statement"),
    _a("second-statement-delete", "RETURN 1; MATCH (n) DETACH DELETE n", "multi-statement"),
    _a("double-semicolon", "MATCH (n) RETURN count(n);;CREATE (x:Hack)", "multi-statement"),
    _a("semicolon-comment", "MATCH (n) RETURN count(n);/* */CREATE (x:Hack)", "multi-statement"),
    _a("second-harmless", "MATCH (n) RETURN count(n); MATCH (m) RETURN count(m)", "multi-statement"),
    # comments hiding keywords
    _a("block-comment-then-create", "/* harmless */ CREATE (x:Hack)", "comment"),
    _a("line-comment-then-create", "// just reading\nCREATE (x:Hack)", "comment"),
    _a("comment-between-clauses", "MATCH (n) /* RETURN n */ DETACH DELETE n", "comment"),
    _a("nested-comment", "MATCH (n) /* /* */ DETACH DELETE n /* */", "comment"),
    _a("comment-ended-by-cr", "MATCH (n) RETURN count(n) // note\rCREATE (x:Hack)", "comment"),
    _a("comment-ended-by-line-separator", "MATCH (n) RETURN count(n) // note\u2028CREATE (x:Hack)", "comment"),
    _a("comment-ended-by-nel", "MATCH (n) RETURN count(n) // note\x85CREATE (x:Hack)", "comment"),
    _a("comment-marker-in-string", "RETURN '/*' AS a CREATE (x:Hack) RETURN '*/' AS b", "comment"),
    # unicode look-alikes
    _a("fullwidth-create", "ＣＲＥＡＴＥ (x:Hack)", "unicode"),
    _a("cyrillic-es", "\u0421REATE (x:Hack)", "unicode"),
    _a("cyrillic-em-merge", "\u041cERGE (x:Hack)", "unicode"),
    _a("zero-width-joiner", "MATCH (n) DETACH\u200dDELETE n", "unicode"),
    _a("zero-width-space", "MATCH (n) RETURN n\u200b CREATE (x:Hack)", "unicode"),
    _a("no-break-space", "MATCH (n)\u00a0DETACH DELETE n", "unicode"),
    _a("byte-order-mark", "\ufeffCREATE (x:Hack)", "unicode"),
    _a("combining-accent", "C\u0301REATE (x:Hack)", "unicode"),
    _a("mathematical-bold", "\U0001d402\U0001d411\U0001d404\U0001d400\U0001d413\U0001d404 (x:Hack)", "unicode"),
    _a("fullwidth-semicolon", "MATCH (n) RETURN n\uff1bCREATE (x:Hack)", "unicode"),
    _a("nul-byte", "MATCH (n) RETURN n\x00CREATE (x:Hack)", "unicode"),
    # string-literal tricks
    _a("after-single-quoted", "RETURN 'x' CREATE (n:Hack)", "string"),
    _a("after-double-quoted", 'RETURN "x" CREATE (n:Hack)', "string"),
    _a("keyword-string-then-create", "WITH 'CREATE' AS s CREATE (n:Hack {s: s})", "string"),
    _a("sql-doubled-quote", "MATCH (n) WHERE n.name = 'it''s' CREATE (x:Hack)", "string"),
    _a("escaped-backslash-end", "RETURN 'a\\\\' CREATE (x:Hack) //'", "string"),
    _a("backtick-then-create", "MATCH (`n`) WITH `n` CREATE (x:Hack)", "string"),
    # escape attempts around the property and map-key exemptions
    _a("dot-space-keyword", "MATCH (n) RETURN n.\nDELETE n", "escape"),
    _a("float-dot-keyword", "RETURN 1. CREATE (:Hack)", "escape"),
    _a("procedure-name-write", "GRAPH.QUERY seed_registry 'CREATE (:Hack)'", "escape"),
    _a("too-long", "MATCH (n) RETURN n " + " " * 20_000 + "CREATE (x:Hack)", "escape"),
)

# Protocol-level tricks that are not Cypher at all: the client sends the query
# as one binary-safe argument, so they can only be a syntax error (or refused).
PROTOCOL_TRICKS: tuple[Attempt, ...] = (
    _a("crlf-flushall", "MATCH (n) RETURN count(n)\r\nFLUSHALL\r\n", "escape"),
    _a("resp-frame", "MATCH (n) RETURN count(n)\r\n*1\r\n$8\r\nFLUSHALL\r\n", "escape"),
)

# Read queries that mention write keywords harmlessly: the console must run them.
LEGITIMATE_READS: tuple[tuple[str, str], ...] = (
    ("keyword-in-string", "MATCH (p:Practice) WHERE p.title CONTAINS 'CREATE' RETURN count(p) AS n"),
    ("statement-in-string", "MATCH (p:Practice) WHERE p.title = 'x; DETACH DELETE n' RETURN count(p) AS n"),
    ("keyword-properties", "MATCH (n:Practice) RETURN n.set AS a, n.delete AS b, n.create AS c LIMIT 1"),
    ("keyword-map-keys", "RETURN {set: 1, create: 2, delete: 3, merge: 4} AS m"),
    ("keyword-parameter", "RETURN $set AS s"),
    ("backticked-label", "MATCH (n:`CREATE`) RETURN count(n) AS n"),
    ("backticked-alias", "MATCH (n:Level) RETURN count(n) AS `delete`"),
    ("keyword-in-line-comment", "// CREATE nothing, DELETE nothing\nMATCH (n:Level) RETURN count(n) AS n"),
    ("keyword-in-block-comment", "/* DETACH DELETE */ MATCH (n:Level) RETURN count(n) AS n"),
    ("allowed-labels", "CALL db.labels() YIELD label RETURN label"),
    ("allowed-types", "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType"),
    ("allowed-keys", "CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey"),
    ("trailing-semicolon", "MATCH (n:Level) RETURN count(n) AS n;"),
    ("accented-string", "MATCH (a:Actor) WHERE a.original_name = 'Ministère des Essais' RETURN count(a) AS n"),
    ("start-as-variable", "MATCH p = (start:Practice)-[:HAS_MECHANISM]->(m) RETURN start.id AS id LIMIT 1"),
    ("keyword-like-identifiers", "MATCH (a:Actor) RETURN a.name AS settlement, a.id AS created LIMIT 1"),
    ("unwind-keyword-strings", "UNWIND ['create', 'merge', 'load csv'] AS w RETURN w"),
)
