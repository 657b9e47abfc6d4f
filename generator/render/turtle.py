"""Turtle from the catalogue's JSON-LD document, written directly (no RDF library).

The document is the one `dcat.Graph.document()` makes: a flat `@graph` of nodes with an `@id`
each, property names and `@type` values as compact IRIs of `@context`'s prefixes, values that
are strings, `{"@id": …}` references, `{"@value": …, "@language"|"@type": …}` literals, or
nested nodes without `@id` (blank nodes, written inline). The output says the same triples
as an RDF library reading the JSON-LD would (tests compare both graphs) and is deterministic.
"""

from __future__ import annotations

import re
from typing import Any

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LITERAL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
                    "\b": "\\b", "\f": "\\f"}
_LITERAL_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f]')
_BLANK_LABEL = re.compile(r"[^A-Za-z0-9_-]")


class _Writer:
    def __init__(self, context: dict[str, str]) -> None:
        self.context = context
        self.by_namespace = sorted(((ns, prefix) for prefix, ns in context.items()),
                                   key=lambda item: -len(item[0]))

    def expand(self, term: str) -> str:
        prefix, colon, rest = term.partition(":")
        if colon and not rest.startswith("//") and prefix in self.context:
            return self.context[prefix] + rest
        return term

    def iri(self, term: str) -> str:
        if term.startswith("_:"):
            return "_:" + _BLANK_LABEL.sub("_", term[2:]) if term[2:] else "_:b"
        full = self.expand(term)
        for namespace, prefix in self.by_namespace:
            if full.startswith(namespace) and _LOCAL.match(full[len(namespace):]):
                return f"{prefix}:{full[len(namespace):]}"
        return "<" + _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", full) + ">"

    @staticmethod
    def string(text: str) -> str:
        def escape(match: re.Match[str]) -> str:
            char = match.group()
            return _LITERAL_ESCAPES.get(char, f"\\u{ord(char):04X}")

        return '"' + _LITERAL_SPECIAL.sub(escape, text) + '"'

    def value(self, value: Any, indent: str) -> str:
        if isinstance(value, bool):
            return f'"{str(value).lower()}"^^xsd:boolean'
        if isinstance(value, int):
            return f'"{value}"^^xsd:integer'
        if isinstance(value, float):
            return f'"{value!r}"^^xsd:double'
        if isinstance(value, str):
            return self.string(value)
        if "@value" in value:
            text = self.string(str(value["@value"]))
            if value.get("@language"):
                return f"{text}@{value['@language']}"
            if value.get("@type"):
                return f"{text}^^{self.iri(value['@type'])}"
            return text
        if "@id" in value and len(value) == 1:
            return self.iri(value["@id"])
        return "[\n" + self.properties(value, indent + "    ") + f"\n{indent}]"

    def properties(self, node: dict[str, Any], indent: str) -> str:
        """The node's predicate-object pairs, one per line, joined with ` ;`."""
        pairs: list[tuple[str, str]] = []
        for key, raw in node.items():
            if key == "@id":
                continue
            values = raw if isinstance(raw, list) else [raw]
            if key == "@type":
                pairs += [("a", self.iri(v)) for v in values]
            else:
                predicate = self.iri(key)
                pairs += [(predicate, self.value(v, indent)) for v in values]
        pairs.sort(key=lambda pair: (pair[0] != "a", pair[0], pair[1]))
        return " ;\n".join(f"{indent}{predicate} {obj}" for predicate, obj in pairs)


def to_turtle(doc: dict[str, Any]) -> bytes:
    """The Turtle serialisation of the catalogue document."""
    context = {k: v for k, v in doc.get("@context", {}).items() if isinstance(v, str)}
    writer = _Writer(context)
    out = [f"@prefix {prefix}: <{ns}> ." for prefix, ns in sorted(context.items())]
    if "xsd" not in context:
        out.append(f"@prefix xsd: <{XSD}> .")
    out.append("")
    for node in doc.get("@graph", []):
        body = writer.properties(node, "    ")
        if body:
            out.append(f"{writer.iri(node['@id'])}\n{body} .\n")
    return ("\n".join(out) + "\n").encode("utf-8")
