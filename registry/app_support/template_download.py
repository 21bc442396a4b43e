"""The blank spreadsheet template as a download on the Data page: the same workbook as `coordreg template`."""

from __future__ import annotations

from registry.errors import CoordregError
from registry.stores.base import GraphStore
from registry.template_export import read_registry_listing, template_workbook

TEMPLATE_FILE_NAME = "coordreg-template.xlsx"
TEMPLATE_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_bytes(store: GraphStore) -> bytes:
    """The workbook, listing the registry's actors and sources; without them when the store cannot answer
    (the template itself is still worth having, as `coordreg template` gives it with a note)."""
    try:
        listing = read_registry_listing(store)
    except CoordregError:
        listing = None
    return template_workbook(listing)
