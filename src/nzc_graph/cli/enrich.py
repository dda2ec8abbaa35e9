"""`nzc-graph enrich`: write data/ttl/geonames.ttl, the GeoNames links and context of the cities."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from nzc_graph.cli.common import App, DebugOpt, err, out, settings_for
from nzc_graph.graph.enrich import Enrichment


def _table(enrichment: Enrichment) -> Table:
    t = Table(title="Cities and their GeoNames places")
    for column in ("city", "GeoNames", "population", "region", "matched by", "local name", "to review"):
        t.add_column(column, overflow="fold")
    for link in enrichment.cities:
        place = link.place
        t.add_row(
            link.city.slug,
            f"{place.geonameid} {place.name}" if place else "",
            str(place.population) if place else "",
            link.region,
            link.how,
            f"{link.local_name}@{link.language}" if link.local_name else "",
            "; ".join(link.review),
        )
    return t


def enrich(
    output: Annotated[
        Path | None, typer.Option("--output", help="File to write (default: data/ttl/geonames.ttl of the project).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if the file differs from what would be written.")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Match every city to GeoNames within its country (hand decisions: data/geonames/overrides.toml)
    and write the curated Turtle: GeoNames link, coordinates, population, region and local name of
    each city, ISO 3166 codes of each country. Exit 1 when a city still needs a hand decision.

    Example: nzc-graph enrich --check
    """
    from nzc_graph.graph.enrich import OUTPUT_NAME
    from nzc_graph.graph.enrich import enrich as run_enrich
    from nzc_graph.graph.geonames_turtle import render_turtle

    settings = settings_for(None)
    target = output or settings.data_dir / OUTPUT_NAME
    enrichment = run_enrich(settings.data_dir, settings.geonames_dir)
    text = render_turtle(enrichment)
    out.print(_table(enrichment))
    linked = sum(link.place is not None for link in enrichment.cities)
    if check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            err.print(f"{target.name} is not what `nzc-graph enrich` writes: run it and review the difference")
            raise typer.Exit(1)
        out.print(f"{target.name} is up to date: {linked} of {len(enrichment.cities)} cities linked")
    else:
        target.write_text(text, encoding="utf-8")
        out.print(f"Wrote {target.name}: {linked} of {len(enrichment.cities)} cities linked")
    if enrichment.unreviewed:
        names = ", ".join(link.city.slug for link in enrichment.unreviewed)
        err.print(f"{len(enrichment.unreviewed)} cities need a hand decision in data/geonames/overrides.toml: {names}")
        raise typer.Exit(1)


def register(app: App) -> None:
    app.command()(enrich)
