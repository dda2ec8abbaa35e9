"""pyoxigraph's format for each record of the format registry (`nzc_graph.formats`)."""

from __future__ import annotations

import pyoxigraph as ox

from nzc_graph.errors import UnsupportedOperation
from nzc_graph.formats import Format


def ox_format(fmt: Format) -> ox.RdfFormat | ox.QueryResultsFormat:
    """`ox.QueryResultsFormat` for a results format, `ox.RdfFormat` for an RDF syntax."""
    family = ox.QueryResultsFormat if fmt.is_results else ox.RdfFormat
    found = getattr(family, fmt.oxigraph_name, None) if fmt.oxigraph_name else None
    if not isinstance(found, family):
        raise UnsupportedOperation(f"embedded store: pyoxigraph cannot read or write {fmt.label}")
    return found


def ox_rdf_format(fmt: Format) -> ox.RdfFormat:
    """pyoxigraph's RDF syntax for `fmt`; UnsupportedOperation for a results format."""
    found = ox_format(fmt)
    if not isinstance(found, ox.RdfFormat):
        raise UnsupportedOperation(f"embedded store: {fmt.label} is not an RDF syntax")
    return found
