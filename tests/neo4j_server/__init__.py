"""A Neo4j test launcher: several embedded Neo4j servers in one JVM, for tests (see control.py)."""
