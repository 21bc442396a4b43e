"""Limits every store applies the same way (a module without imports, so the CLI stays light)."""

DEFAULT_QUERY_TIMEOUT_MS = 10_000
DEFAULT_ROW_CAP = 5_000
# The longest time limit any query may ask for, on every store (five minutes).
MAX_QUERY_TIMEOUT_MS = 300_000
