"""Limits the app and `coordreg app` share, in a module light enough for the CLI to import at start."""

from __future__ import annotations

MAX_UPLOAD_MB = 5  # also in .streamlit/config.toml (server.maxUploadSize); tests check they agree
