"""Analyses computed in Python on what a named query returns."""
