"""Timing scripts, run by hand (not tests): ``python -m benchmarks.seed_queries``."""
