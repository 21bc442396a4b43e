"""`coordreg schema`: the graph model an analyst writes Cypher against.

The labels and relationships come from the model (``registry.schema.graph``,
the allowlist every load follows); the property keys and counts are read from
the store (``registry.graph_schema``), so they show what a query will find.
When the store cannot be reached, the model is still printed, with a note.
"""

from __future__ import annotations

import json
from typing import Any

import click

from registry.cli.common import CliContext
from registry.cli.display import table_text
from registry.cli.language import say
from registry.errors import CoordregError


def _graph_model(obj: CliContext) -> dict[str, Any]:
    from registry.schema.graph import NODE_LABELS, RELATIONSHIPS

    held = None
    try:
        from registry.graph_schema import read_schema

        with obj.store() as store:
            held = read_schema(store)
    except CoordregError as exc:
        click.echo(say("cli_schema_unreachable", "note: the registry cannot be reached ({problem}); property keys and "
                       "counts are left out.", problem=exc), err=True)  # fmt: skip
    nodes = dict(held.labels) if held else {}
    keys: dict[str, list[str]] = {}
    for label, key, _count in held.node_keys if held else []:
        keys.setdefault(label, []).append(key)
    patterns = {(source, kind, target): count for source, kind, target, count in held.patterns} if held else {}
    # Labels and relationships a store holds beyond the model (a newer or older coordreg wrote them) are shown too.
    labels = [*NODE_LABELS, *sorted(set(nodes) - set(NODE_LABELS))]
    relationships = [*RELATIONSHIPS, *sorted(set(patterns) - set(RELATIONSHIPS))]
    return {
        "read_from_store": held is not None,
        "labels": [
            {"label": label, "nodes": nodes.get(label, 0) if held else None, "properties": sorted(keys.get(label, []))}
            for label in labels
        ],
        "relationships": [
            {
                "type": kind,
                "from": source,
                "to": target,
                "relationships": patterns.get((source, kind, target), 0) if held else None,
            }
            for source, kind, target in relationships
        ],  # fmt: skip
    }


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Tables for people, or JSON for programs.")  # fmt: skip
@click.pass_obj
def schema(obj: CliContext, fmt: str) -> None:
    """The graph model: node labels with their properties, relationship types with the labels at their ends."""
    model = _graph_model(obj)
    if fmt == "json":
        click.echo(json.dumps(model, ensure_ascii=False, indent=2))
        return
    counted = model["read_from_store"]
    label_columns = ["label", *(["nodes"] if counted else []), "properties"]
    label_rows = [
        [item["label"], *([item["nodes"]] if counted else []), ", ".join(item["properties"])]
        for item in model["labels"]
    ]
    relationship_columns = ["relationship", "from", "to", *(["count"] if counted else [])]
    relationship_rows = [
        [item["type"], item["from"], item["to"], *([item["relationships"]] if counted else [])]
        for item in model["relationships"]
    ]
    headings = {"label": say("cli_col_label", "label"), "nodes": say("cli_col_nodes", "nodes"),
                "properties": say("cli_col_properties", "properties"),
                "relationship": say("cli_col_relationship", "relationship"), "from": say("cli_col_from", "from"),
                "to": say("cli_col_to", "to"), "count": say("cli_col_count", "count")}  # fmt: skip
    labels_title = say("cli_schema_labels", "Node labels")
    click.echo(table_text(label_columns, label_rows, title=labels_title, headings=headings), nl=False)
    relationships_title = say("cli_schema_relationships", "Relationships")
    click.echo(table_text(relationship_columns, relationship_rows, title=relationships_title, headings=headings),
               nl=False)  # fmt: skip
    if counted and not any(item["nodes"] for item in model["labels"]):
        click.echo(say("cli_schema_empty", "note: the registry is empty; `coordreg load` fills it, then properties "
                       "show here."), err=True)  # fmt: skip
