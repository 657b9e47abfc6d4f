"""The Turtle writer says what an RDF library reads from the same JSON-LD, hostile text too."""

from __future__ import annotations

import json
import warnings

from rdflib import Graph
from rdflib.compare import isomorphic

from generator.render.dcat import CONTEXT
from generator.render.turtle import to_turtle

NASTY = ['quote " and \\ backslash', "line\nbreak\r\ttab", "nul\x01\x1f control",
         '"""triple"""', "Émissions — « 2024 » 🌍", "", "end\\"]


def document() -> dict:
    return {"@context": CONTEXT, "@graph": [
        {"@id": "_:place 1", "@type": "dct:Location", "skos:prefLabel": NASTY[0]},
        {"@id": "https://example.org/d/été%20x/?q=1#frag", "@type": ["dcat:Dataset", "foaf:Document"],
         "dct:title": [{"@value": text, "@language": "fr"} for text in NASTY],
         "dct:description": NASTY,
         "dct:spatial": {"@id": "_:place 1"},
         "dct:issued": {"@value": "2024-01-02", "@type": "xsd:date"},
         "dcat:byteSize": {"@value": "12", "@type": "xsd:nonNegativeInteger"},
         "dct:temporal": {"@type": "dct:PeriodOfTime",
                          "dcat:startDate": {"@value": "2013-01-01", "@type": "xsd:date"},
                          "dct:source": {"@type": "foaf:Document", "foaf:name": "nested"}},
         "dcat:contactPoint": {"@id": "mailto:contact@example.org"},
         "dct:publisher": {"@id": "https://example.org/#agent-ville"}},
    ]}


def test_turtle_and_jsonld_are_the_same_graph() -> None:
    doc = document()
    turtle = Graph().parse(data=to_turtle(doc), format="turtle")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        jsonld = Graph().parse(data=json.dumps(doc), format="json-ld")
    assert len(turtle) == len(jsonld) > 20
    assert isomorphic(turtle, jsonld)


def test_output_is_deterministic_and_uses_prefixes() -> None:
    text = to_turtle(document()).decode("utf-8")
    assert text == to_turtle(document()).decode("utf-8")
    assert "a dcat:Dataset" in text and "@prefix dct: <http://purl.org/dc/terms/> ." in text


def test_characters_turtle_forbids_in_an_iri_are_escaped() -> None:
    doc = {"@context": CONTEXT, "@graph": [
        {"@id": 'https://example.org/a b<c>"{x}"', "dct:title": "t"}]}
    text = to_turtle(doc).decode("utf-8")
    assert "<https://example.org/a\\u0020b\\u003Cc\\u003E" in text
    Graph().parse(data=text, format="turtle")  # still parses
