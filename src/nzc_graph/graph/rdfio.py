"""Reading RDF files and bodies into rdflib graphs, with precise parse errors."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from rdflib import Dataset as RdfDataset
from rdflib import Graph

from nzc_graph.errors import RdfParseError
from nzc_graph.formats import JSON_LD, RDF_FORMATS, Format, by_suffix

# rdflib parsers of syntaxes with named graphs: read into a dataset, then merged.
QUAD_FORMATS = tuple(f.rdflib_name for f in RDF_FORMATS if "dataset" in f.carries)


def format_for_path(path: Path, formats: Sequence[Format] = RDF_FORMATS) -> Format:
    """The format of a file name, among `formats` (by default every RDF syntax we read)."""
    fmt = by_suffix(path.suffix)
    if fmt is None or fmt not in formats:
        suffixes = sorted(s for f in formats for s in f.suffixes)
        raise RdfParseError(
            f"{path.name}: unknown file type '{path.suffix}'; use one of {', '.join(suffixes)}", source=str(path)
        )
    return fmt


def _position(exc: Exception) -> tuple[int | None, int | None]:
    lines = getattr(exc, "lines", None)
    if isinstance(lines, int):
        return lines + 1, None
    if isinstance(exc, json.JSONDecodeError):
        return exc.lineno, exc.colno
    text = str(exc)
    m = re.search(r"line[: ]+(\d+)(?:[^\d]+(?:column|col|position)[: ]+(\d+))?", text, re.IGNORECASE)
    if m:
        return int(m.group(1)), int(m.group(2)) if m.group(2) else None
    return None, None


def _clean(exc: Exception) -> str:
    text = str(exc).strip()
    m = re.search(r"(?s)at \^ in:.*", text)
    if m:
        text = text[: m.start()].strip()
    return re.sub(r"\s+", " ", text)[:500]


def _remote_context(node: object) -> bool:
    if isinstance(node, dict):
        ctx = node.get("@context")
        items = ctx if isinstance(ctx, list) else [ctx]
        if "@import" in node or any(isinstance(c, str) for c in items):
            return True
        return any(_remote_context(v) for v in node.values())
    if isinstance(node, list):
        return any(_remote_context(v) for v in node)
    return False


def refuse_remote_contexts(data: bytes | str, source: str) -> None:
    """JSON-LD may name remote @context documents; we never fetch them (no network, no SSRF)."""
    try:
        doc = json.loads(data)
        remote = _remote_context(doc)
    except json.JSONDecodeError as exc:
        raise RdfParseError(
            f"{source}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            source=source,
            line=exc.lineno,
            column=exc.colno,
        ) from exc
    except RecursionError as exc:
        raise RdfParseError(f"{source}: the JSON is nested too deeply to read; flatten it", source=source) from exc
    if remote:
        raise RdfParseError(
            f"{source}: JSON-LD with a remote @context (a URL or @import) is not accepted; "
            f'put the context inline as an object, e.g. "@context": {{"nzc": '
            f'"https://w3id.org/nzc/ontology#"}}',
            source=source,
        )


_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)\b", re.IGNORECASE)


def refuse_declarations(data: bytes | str, source: str) -> None:
    """RDF/XML with a document type or entity declaration is refused before any XML parser sees
    it: entities are how XML reads local files and expands itself a billion times."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    found = _DECLARATION.search(raw)
    if found:
        line = raw.count(b"\n", 0, found.start()) + 1
        raise RdfParseError(
            f"{source}: RDF/XML with a <!{found.group(1).decode().upper()} …> declaration is not accepted "
            f"(line {line}); remove the DTD and write entity values out in full",
            source=source,
            line=line,
        )


def parse_rdf(data: bytes | str, rdf_format: str, source: str = "<input>") -> Graph:
    """Parse RDF into one graph (quads are merged); raise RdfParseError naming line and column.

    Nothing is fetched: JSON-LD with a remote context and RDF/XML with a DTD are refused first."""
    if rdf_format == JSON_LD.rdflib_name:
        refuse_remote_contexts(data, source)
    elif rdf_format == "xml":
        refuse_declarations(data, source)
    try:
        if rdf_format in QUAD_FORMATS:
            ds = RdfDataset()
            ds.parse(data=data, format=rdf_format)
            g = Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
            return g
        if rdf_format == JSON_LD.rdflib_name:
            json.loads(data)  # precise position for JSON syntax errors
        return Graph().parse(data=data, format=rdf_format)
    except RdfParseError:
        raise
    except Exception as exc:  # parsers raise many types; all mean "this input is not valid RDF"
        line, col = _position(exc)
        where = f" at line {line}" + (f", column {col}" if col else "") if line else ""
        raise RdfParseError(
            f"{source}: not valid {rdf_format}{where}: {_clean(exc)}", source=source, line=line, column=col
        ) from exc


def parse_file(path: Path) -> Graph:
    return parse_rdf(path.read_bytes(), format_for_path(path).rdflib_name, source=path.name)
