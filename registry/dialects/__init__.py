"""The two Cypher dialects coordreg runs on: what the embedded store lacks, and what a store's error means.

- ``DIALECT_DIFFERENCES`` (registry/dialects/differences.py): each construct
  Neo4j runs and the embedded FalkorDB does not, with the equivalent that
  works, as data a docs page is generated from and a test runs on both stores;
- ``explain_failure`` (registry/dialects/errors.py): a store's error about a
  console query, located in the text the person typed, with the dialect
  difference it is about.
"""

from registry.dialects.differences import (
    DIALECT_DIFFERENCES,
    NEO4J_COMMAND,
    DialectDifference,
    by_key,
    differences_table,
)
from registry.dialects.errors import (
    QueryProblem,
    code_only,
    explain_failure,
    marked_excerpt,
    missing_parameters,
    missing_problem,
    regex_rewrite,
)

__all__ = [
    "DIALECT_DIFFERENCES",
    "NEO4J_COMMAND",
    "DialectDifference",
    "QueryProblem",
    "by_key",
    "code_only",
    "differences_table",
    "explain_failure",
    "marked_excerpt",
    "missing_parameters",
    "missing_problem",
    "regex_rewrite",
]
