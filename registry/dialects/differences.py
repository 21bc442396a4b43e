"""Every Cypher construct Neo4j runs and the embedded store (FalkorDB) does not, as data.

Each entry names the construct as a Neo4j user knows it, gives a query that
runs on Neo4j and one asking the same that the embedded store runs (or
``None`` where only Neo4j will do), one line of advice in English and
French, and how to recognise the construct in the embedded store's error and
in the query text. tests/test_console_dialects.py runs every entry against
both real stores, so when FalkorDB learns a construct the test says so, and a
docs page generated from ``DIALECT_DIFFERENCES`` cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: What to type to use a Neo4j server instead of the embedded store (the CLI's global option).
NEO4J_COMMAND = "coordreg --graph bolt://localhost:7687 app"

#: The embedded store's words for any syntax error; which construct caused it is read from the query text.
SYNTAX_ERROR = re.compile(r"Invalid input")


@dataclass(frozen=True)
class DialectDifference:
    """One construct Neo4j runs and the embedded store does not."""

    key: str
    #: The construct as a Neo4j user knows it, in English and French, e.g. "EXISTS { … } subquery".
    construct: tuple[str, str]
    #: A query that runs on Neo4j (and fails on the embedded store).
    neo4j: str
    #: A query asking the same that the embedded store runs; None where only Neo4j will do.
    embedded: str | None
    #: What to write instead, one line each in English and French.
    advice: tuple[str, str]
    #: The embedded store's error message for the construct.
    error: re.Pattern[str]
    #: Where the construct sits in a query's code (strings and comments blanked out).
    marker: re.Pattern[str]
    #: Whether ``embedded`` runs on Neo4j too, with the same answer (a portable query).
    portable: bool = True
    #: Whether some uses of the construct have no equivalent on the embedded store: then Neo4j is suggested.
    neo4j_for_the_rest: bool = False

    def construct_in(self, lang: str) -> str:
        return self.construct[1] if lang == "fr" else self.construct[0]

    def advice_in(self, lang: str) -> str:
        return self.advice[1] if lang == "fr" else self.advice[0]


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


#: Every construct the embedded store lacks, with what to write instead. One test per entry, on both stores.
DIALECT_DIFFERENCES: tuple[DialectDifference, ...] = (
    DialectDifference(
        key="exists-subquery",
        construct=("EXISTS { … } subquery", "la sous-requête EXISTS { … }"),
        neo4j="MATCH (p:Practice) WHERE EXISTS { MATCH (p)-[:HAS_AGREEMENT]->(:Agreement) } RETURN count(p) AS n",
        embedded="MATCH (p:Practice) WHERE (p)-[:HAS_AGREEMENT]->(:Agreement) RETURN count(p) AS n",
        advice=(
            "Write the pattern itself as the condition: WHERE (p)-[:HAS_AGREEMENT]->(:Agreement), "
            "or WHERE NOT (p)-->(:Actor) for NOT EXISTS.",
            "Écrivez le motif lui-même comme condition : WHERE (p)-[:HAS_AGREEMENT]->(:Agreement), "
            "ou WHERE NOT (p)-->(:Actor) pour NOT EXISTS.",
        ),
        error=SYNTAX_ERROR,
        marker=_re(r"\bEXISTS\s*\{"),
    ),
    DialectDifference(
        key="count-subquery",
        construct=("COUNT { … } subquery", "la sous-requête COUNT { … }"),
        neo4j="MATCH (p:Practice {id: 'arg-intercosecha'}) RETURN COUNT { (p)-[:HAS_MECHANISM]->() } AS n",
        embedded="MATCH (p:Practice {id: 'arg-intercosecha'}) RETURN size([(p)-[:HAS_MECHANISM]->() | 1]) AS n",
        advice=(
            "Count a pattern comprehension: size([(p)-[:HAS_MECHANISM]->() | 1]).",
            "Comptez une compréhension de motif : size([(p)-[:HAS_MECHANISM]->() | 1]).",
        ),
        error=SYNTAX_ERROR,
        marker=_re(r"\bCOUNT\s*\{"),
    ),
    DialectDifference(
        key="collect-subquery",
        construct=("COLLECT { … } subquery", "la sous-requête COLLECT { … }"),
        neo4j=(
            "MATCH (p:Practice {id: 'arg-intercosecha'}) "
            "RETURN size(COLLECT { MATCH (p)-[:HAS_MECHANISM]->(m) RETURN m.id }) AS n"
        ),
        embedded="MATCH (p:Practice {id: 'arg-intercosecha'}) RETURN size([(p)-[:HAS_MECHANISM]->(m) | m.id]) AS n",
        advice=(
            "Use a pattern comprehension: [(p)-[:HAS_MECHANISM]->(m) | m.id].",
            "Utilisez une compréhension de motif : [(p)-[:HAS_MECHANISM]->(m) | m.id].",
        ),
        error=SYNTAX_ERROR,
        marker=_re(r"\bCOLLECT\s*\{"),
    ),
    DialectDifference(
        key="scoped-call-subquery",
        construct=(
            "CALL (x) { … } subquery with a variable scope",
            "la sous-requête CALL (x) { … } à portée de variables",
        ),
        neo4j=(
            "MATCH (p:Practice {id: 'arg-intercosecha'}) "
            "CALL (p) { MATCH (p)-[:HAS_MECHANISM]->(m) RETURN count(m) AS c } RETURN c AS n"
        ),
        embedded=(
            "MATCH (p:Practice {id: 'arg-intercosecha'}) "
            "CALL { WITH p MATCH (p)-[:HAS_MECHANISM]->(m) RETURN count(m) AS c } RETURN c AS n"
        ),
        advice=(
            "Import the variables with WITH inside the braces: CALL { WITH p … }.",
            "Importez les variables par WITH entre les accolades : CALL { WITH p … }.",
        ),
        error=SYNTAX_ERROR,
        marker=_re(r"\bCALL\s*\("),
    ),
    DialectDifference(
        key="regular-expression",
        construct=("=~ regular-expression match", "l'expression régulière =~"),
        neo4j="MATCH (p:Practice) WHERE p.title =~ '(?i).*cooperative.*' RETURN count(p) AS n",
        embedded="MATCH (p:Practice) WHERE toLower(p.title) CONTAINS 'cooperative' RETURN count(p) AS n",
        advice=(
            "For a plain word use toLower(p.title) CONTAINS 'word' (or STARTS WITH, ENDS WITH); "
            "a real pattern needs Neo4j.",
            "Pour un simple mot, utilisez toLower(p.title) CONTAINS 'mot' (ou STARTS WITH, ENDS WITH) ; "
            "un vrai motif demande Neo4j.",
        ),
        error=_re(r"does not currently support =~"),
        marker=re.compile(r"=~"),
        neo4j_for_the_rest=True,
    ),
    DialectDifference(
        key="shortest-path-in-match",
        construct=("shortestPath(…) in MATCH", "shortestPath(…) dans MATCH"),
        neo4j=(
            "MATCH (p:Practice {id: 'arg-intercosecha'}), (a:Actor {id: 'int-issa'}), "
            "route = shortestPath((p)-[*..6]->(a)) RETURN length(route) AS hops"
        ),
        embedded=(
            "MATCH (p:Practice {id: 'arg-intercosecha'}), (a:Actor {id: 'int-issa'}) "
            "WITH shortestPath((p)-[*..6]->(a)) AS route RETURN length(route) AS hops"
        ),
        advice=(
            "Match the two ends first, then compute the path in WITH or RETURN: "
            "WITH shortestPath((a)-[*..6]->(b)) AS route.",
            "Trouvez d'abord les deux extrémités, puis calculez le chemin dans WITH ou RETURN : "
            "WITH shortestPath((a)-[*..6]->(b)) AS route.",
        ),
        error=_re(r"only supports shortestPaths? in WITH or RETURN"),
        marker=_re(r"\bshortestPath\s*\("),
    ),
    DialectDifference(
        key="undirected-shortest-path",
        construct=("shortestPath(…) without a direction", "shortestPath(…) sans direction"),
        neo4j=(
            "MATCH (p:Practice {id: 'arg-intercosecha'}), (a:Actor {id: 'int-issa'}) "
            "RETURN length(shortestPath((p)-[*..6]-(a))) AS hops"
        ),
        embedded=(
            "MATCH (p:Practice {id: 'arg-intercosecha'}), (a:Actor {id: 'int-issa'}) "
            "RETURN length(shortestPath((p)-[*..6]->(a))) AS hops"
        ),
        advice=(
            "Give the path a direction, (a)-[*..6]->(b), when you know it; a path that may run both ways needs Neo4j.",
            "Donnez un sens au chemin, (a)-[*..6]->(b), si vous le connaissez ; un chemin dans les deux sens "
            "demande Neo4j.",
        ),
        error=_re(r"does not currently support undirected shortestPath"),
        marker=_re(r"\bshortestPath\s*\("),
        neo4j_for_the_rest=True,
    ),
    DialectDifference(
        key="label-expression",
        construct=("label expression such as n:Practice|Actor", "l'expression d'étiquettes comme n:Practice|Actor"),
        neo4j="MATCH (n) WHERE n:Practice|Agreement RETURN count(n) AS n",
        embedded="MATCH (n) WHERE n:Practice OR n:Agreement RETURN count(n) AS n",
        advice=(
            "Spell the alternatives out: WHERE n:Practice OR n:Agreement (in MATCH, move them to WHERE).",
            "Écrivez les alternatives en toutes lettres : WHERE n:Practice OR n:Agreement (dans MATCH, "
            "déplacez-les dans WHERE).",
        ),
        error=SYNTAX_ERROR,
        # A node's label alternatives; a relationship type's [:A|B] works on both stores and is not matched.
        marker=re.compile(r"(?<![\[\w:|])[A-Za-z_]\w*\s*:\s*`?\w+`?\s*[|&]"),
    ),
    DialectDifference(
        key="node-pattern-where",
        construct=(
            "WHERE inside a node pattern, (p:Practice WHERE …)",
            "WHERE dans un motif de nœud, (p:Practice WHERE …)",
        ),
        neo4j="MATCH (p:Practice WHERE p.display_order > 3) RETURN count(p) AS n",
        embedded="MATCH (p:Practice) WHERE p.display_order > 3 RETURN count(p) AS n",
        advice=(
            "Move the condition after the pattern: MATCH (p:Practice) WHERE p.display_order > 3.",
            "Déplacez la condition après le motif : MATCH (p:Practice) WHERE p.display_order > 3.",
        ),
        error=SYNTAX_ERROR,
        marker=_re(r"\(\s*\w*\s*(?::\s*`?\w+`?\s*)*\bWHERE\b"),
    ),
    DialectDifference(
        key="quantified-path",
        construct=(
            "quantified path pattern such as -[:R]->+ or {1,3}",
            "le motif de chemin quantifié comme -[:R]->+ ou {1,3}",
        ),
        neo4j="MATCH (p:Practice {id: 'arg-intercosecha'})-[:HAS_MECHANISM]->{1,2}(m) RETURN count(m) AS n",
        embedded="MATCH (p:Practice {id: 'arg-intercosecha'})-[:HAS_MECHANISM*1..2]->(m) RETURN count(m) AS n",
        advice=(
            "Use a variable-length relationship: -[:HAS_MECHANISM*1..2]-> (or *1.. for +).",
            "Utilisez une relation de longueur variable : -[:HAS_MECHANISM*1..2]-> (ou *1.. pour +).",
        ),
        error=SYNTAX_ERROR,
        marker=re.compile(r"(?:-|>|\))\s*(?:\+|\*(?!\s*\.)|\{\s*\d*\s*,?\s*\d*\s*\})\s*\("),
    ),
    DialectDifference(
        key="type-predicate",
        construct=("type predicate IS :: TYPE", "le prédicat de type IS :: TYPE"),
        neo4j="MATCH (p:Practice) WHERE p.title IS :: STRING RETURN count(p) AS n",
        embedded="MATCH (p:Practice) WHERE typeOf(p.title) = 'String' RETURN count(p) AS n",
        advice=(
            "Compare the embedded store's typeOf(): typeOf(p.title) = 'String' (Integer, Float, Boolean, List …).",
            "Comparez le typeOf() de la base intégrée : typeOf(p.title) = 'String' (Integer, Float, Boolean, List …).",
        ),
        error=SYNTAX_ERROR,
        marker=_re(r"\bIS\s+(?:NOT\s+)?::|\bIS\s+(?:NOT\s+)?TYPED\b"),
        portable=False,
    ),
    DialectDifference(
        key="element-id",
        construct=("elementId()", "elementId()"),
        neo4j="MATCH (p:Practice) RETURN count(DISTINCT elementId(p)) AS n",
        embedded="MATCH (p:Practice) RETURN count(DISTINCT id(p)) AS n",
        advice=(
            "Use id(n); better still, the registry's own p.id, which never changes.",
            "Utilisez id(n) ; mieux encore, l'identifiant du registre p.id, qui ne change jamais.",
        ),
        error=_re(r"Unknown function 'elementId'"),
        marker=_re(r"\belementId\s*\("),
    ),
    DialectDifference(
        key="lower-upper",
        construct=("lower() and upper()", "lower() et upper()"),
        neo4j="MATCH (p:Practice) WHERE lower(p.title) CONTAINS 'cooperative' RETURN count(p) AS n",
        embedded="MATCH (p:Practice) WHERE toLower(p.title) CONTAINS 'cooperative' RETURN count(p) AS n",
        advice=("Use toLower() and toUpper().", "Utilisez toLower() et toUpper()."),
        error=_re(r"Unknown function '(?:lower|upper)'"),
        marker=_re(r"(?<![\w.])(?:lower|upper)\s*\("),
    ),
    DialectDifference(
        key="value-type",
        construct=("valueType()", "valueType()"),
        neo4j="MATCH (p:Practice) WHERE valueType(p.title) STARTS WITH 'STRING' RETURN count(p) AS n",
        embedded="MATCH (p:Practice) WHERE typeOf(p.title) = 'String' RETURN count(p) AS n",
        advice=(
            "Use the embedded store's typeOf(), which answers 'String', 'Integer', 'List' …",
            "Utilisez le typeOf() de la base intégrée, qui répond 'String', 'Integer', 'List' …",
        ),
        error=_re(r"Unknown function 'valueType'"),
        marker=_re(r"\bvalueType\s*\("),
        portable=False,
    ),
    DialectDifference(
        key="round-precision",
        construct=("round(x, precision)", "round(x, précision)"),
        neo4j="RETURN round(3.14159, 2) AS n",
        embedded="RETURN round(3.14159 * 100) / 100.0 AS n",
        advice=(
            "Scale, round and scale back: round(x * 100) / 100.0 for two decimals.",
            "Multipliez, arrondissez, divisez : round(x * 100) / 100.0 pour deux décimales.",
        ),
        error=_re(r"arguments to function 'round'"),
        marker=_re(r"\bround\s*\("),
    ),
    DialectDifference(
        key="offset",
        construct=("OFFSET", "OFFSET"),
        neo4j="MATCH (p:Practice) RETURN p.id AS id ORDER BY id OFFSET 1 LIMIT 1",
        embedded="MATCH (p:Practice) RETURN p.id AS id ORDER BY id SKIP 1 LIMIT 1",
        advice=("Write SKIP instead of OFFSET.", "Écrivez SKIP au lieu de OFFSET."),
        error=SYNTAX_ERROR,
        marker=_re(r"\bOFFSET\b"),
    ),
    DialectDifference(
        key="datetime",
        construct=("datetime() with a time zone", "datetime() avec fuseau horaire"),
        neo4j="RETURN datetime().year >= 2024 AS n",
        embedded="RETURN localdatetime().year >= 2024 AS n",
        advice=(
            "Use localdatetime() (no time zone) or timestamp() (milliseconds since 1970).",
            "Utilisez localdatetime() (sans fuseau horaire) ou timestamp() (millisecondes depuis 1970).",
        ),
        error=_re(r"Unknown function 'datetime'"),
        marker=_re(r"(?<![\w.])datetime\s*\("),
    ),
    DialectDifference(
        key="duration-between",
        construct=(
            "duration.between() and the other duration functions",
            "duration.between() et les autres fonctions de durée",
        ),
        neo4j="RETURN duration.between(date('2020-01-01'), date('2020-03-01')).months AS n",
        embedded=None,
        advice=(
            "The embedded store has no duration arithmetic: run this query on Neo4j.",
            "La base intégrée ne calcule pas de durées : exécutez cette requête sur Neo4j.",
        ),
        error=_re(r"Unknown function 'duration\.\w+'"),
        marker=_re(r"\bduration\s*\.\s*\w+\s*\("),
        neo4j_for_the_rest=True,
    ),
)


def by_key(key: str) -> DialectDifference:
    """The difference called ``key``; KeyError if there is none."""
    for difference in DIALECT_DIFFERENCES:
        if difference.key == key:
            return difference
    raise KeyError(key)


def differences_table(lang: str = "en") -> list[dict[str, str]]:
    """The differences as rows (key, construct, Neo4j, embedded store, advice), for a generated docs page.

    Where only Neo4j will do, the embedded column says how to run coordreg on Neo4j instead."""
    return [
        {
            "key": d.key,
            "construct": d.construct_in(lang),
            "neo4j": d.neo4j,
            "embedded": d.embedded if d.embedded is not None else NEO4J_COMMAND,
            "advice": d.advice_in(lang),
        }
        for d in DIALECT_DIFFERENCES
    ]
