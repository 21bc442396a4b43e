"""Network measures on the actor projection (filled in by the analysis library)."""

from __future__ import annotations
