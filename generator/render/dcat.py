"""DCAT-AP 3 catalogue: EU vocabularies, the JSON-LD graph, and its Turtle serialisation.

Every node the DCAT-AP range shapes check (licences, media types, formats, themes, languages,
standards, documents) is typed in the graph itself, so that the catalogue validates against
`shapes.ttl` + `range.ttl` without fetching any vocabulary. Output is deterministic: nodes
sorted by `@id`, Turtle written in that order.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

EU = "http://publications.europa.eu/resource/authority/"
THEME_SCHEME = EU + "data-theme"
IANA = "https://www.iana.org/assignments/media-types/"
ADMS_LICENCE = "http://purl.org/adms/licencetype/"
ADMS_PUBLISHER = "http://purl.org/adms/publishertype/"
STABLE = EU + "planned-availability/STABLE"
DATA_PACKAGE_SPEC = "https://datapackage.org/standard/data-package/"

CONTEXT: dict[str, str] = {
    "adms": "http://www.w3.org/ns/adms#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcatap": "http://data.europa.eu/r5r/",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "gsp": "http://www.opengis.net/ont/geosparql#",
    "locn": "http://www.w3.org/ns/locn#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# EU data themes: code → (English, French) label.
THEMES: dict[str, tuple[str, str]] = {
    "AGRI": ("Agriculture, fisheries, forestry and food",
             "Agriculture, pêche, sylviculture et alimentation"),
    "ECON": ("Economy and finance", "Économie et finances"),
    "EDUC": ("Education, culture and sport", "Éducation, culture et sport"),
    "ENER": ("Energy", "Énergie"),
    "ENVI": ("Environment", "Environnement"),
    "GOVE": ("Government and public sector", "Gouvernement et secteur public"),
    "HEAL": ("Health", "Santé"),
    "INTR": ("International issues", "Questions internationales"),
    "JUST": ("Justice, legal system and public safety",
             "Justice, système juridique et sécurité publique"),
    "OP_DATPRO": ("Provisional data", "Données provisoires"),
    "REGI": ("Regions and cities", "Régions et villes"),
    "SOCI": ("Population and society", "Population et société"),
    "TECH": ("Science and technology", "Science et technologie"),
    "TRAN": ("Transport", "Transports"),
}
KIND_THEMES: dict[str, tuple[str, ...]] = {
    "climate-budget": ("ENVI", "GOVE"),
    "green-budget": ("ECON", "ENVI", "GOVE"),
    "kpis": ("GOVE",),
    "building-energy": ("ENER", "ENVI"),
    "participation": ("SOCI", "GOVE"),
}
# format or extension → (IANA media type, EU file type)
FILE_TYPES: dict[str, tuple[str, str]] = {
    "CSV": ("text/csv", "CSV"),
    "TSV": ("text/tab-separated-values", "TSV"),
    "JSON": ("application/json", "JSON"),
    "GEOJSON": ("application/geo+json", "GEOJSON"),
    "ZIP": ("application/zip", "ZIP"),
    "PARQUET": ("application/vnd.apache.parquet", "PARQUET"),
    "XLSX": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "XLS": ("application/vnd.ms-excel", "XLS"),
    "ODS": ("application/vnd.oasis.opendocument.spreadsheet", "ODS"),
    "XML": ("application/xml", "XML"),
    "TXT": ("text/plain", "TXT"),
    "PDF": ("application/pdf", "PDF"),
}
UNKNOWN_FILE = ("application/octet-stream", "BIN")
LANGUAGES = {"fr": "FRA", "en": "ENG", "de": "DEU", "es": "SPA", "it": "ITA", "nl": "NLD",
             "pt": "POR", "ca": "CAT", "eu": "EUS", "br": "BRE", "oc": "OCI"}
# licence name → (IRI, title, ADMS licence type)
LICENCES: dict[str, tuple[str, str, str]] = {
    "etalab-2.0": ("https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
                   "Licence Ouverte / Open Licence 2.0", "Attribution"),
    "lo-2.0": ("https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
               "Licence Ouverte / Open Licence 2.0", "Attribution"),
    "cc-by-4.0": ("https://creativecommons.org/licenses/by/4.0/",
                  "Creative Commons Attribution 4.0", "Attribution"),
    "cc-by-sa-4.0": ("https://creativecommons.org/licenses/by-sa/4.0/",
                     "Creative Commons Attribution-ShareAlike 4.0", "ShareAlike"),
    "cc0-1.0": ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0", "PublicDomain"),
    "odc-pddl-1.0": ("https://opendatacommons.org/licenses/pddl/1-0/",
                     "Open Data Commons Public Domain Dedication and License 1.0",
                     "PublicDomain"),
    "odc-by-1.0": ("https://opendatacommons.org/licenses/by/1-0/",
                   "Open Data Commons Attribution License 1.0", "Attribution"),
    "odc-odbl-1.0": ("https://opendatacommons.org/licenses/odbl/1-0/",
                     "Open Data Commons Open Database License 1.0", "ShareAlike"),
}
LICENCE_TYPE_LABELS = {"Attribution": "Attribution", "PublicDomain": "Public domain",
                       "ShareAlike": "Share alike"}


def _key(iri: str) -> str:
    return iri.lower().split("://", 1)[-1].rstrip("/")


LICENCE_BY_IRI = {_key(iri): (iri, title, kind) for iri, title, kind in LICENCES.values()}


def file_type(fmt: str, path: str, mediatype: str = "") -> tuple[str, str]:
    """(IANA media type, EU file type) of a file from its declared format or extension."""
    for key in (fmt, path.rsplit(".", 1)[-1] if "." in path else ""):
        found = FILE_TYPES.get(str(key or "").upper())
        if found:
            return found
    if mediatype and "/" in mediatype and " " not in mediatype:
        return mediatype.lower(), UNKNOWN_FILE[1]
    return UNKNOWN_FILE


def licence_info(name: str, path: str, title: str) -> tuple[str, str, str]:
    """(IRI or '', title, ADMS licence type or '') of a declared licence."""
    known = LICENCES.get(name.lower()) or (LICENCE_BY_IRI.get(_key(path)) if path else None)
    usable = path.startswith(("http://", "https://")) and not any(c in path for c in ' <>"{}|^`\\')
    iri = path if usable else (known[0] if known else "")
    return iri, title or (known[1] if known else "") or name or path, known[2] if known else ""


def theme_codes(descriptor: dict[str, Any]) -> list[str]:
    """EU data-theme codes: `tdh.themes` (codes, theme IRIs or kinds), else the kind's themes."""
    tdh = descriptor.get("tdh") if isinstance(descriptor.get("tdh"), dict) else {}
    codes: list[str] = []
    for item in tdh.get("themes") if isinstance(tdh.get("themes"), list) else []:
        text = str(item or "")
        code = text.rstrip("/").rsplit("/", 1)[-1].upper()
        codes += [code] if code in THEMES else list(KIND_THEMES.get(text, ()))
    if not codes:
        codes = list(KIND_THEMES.get(str(tdh.get("kind") or ""), ()))
    return sorted(dict.fromkeys(codes))


def lit(text: str, lang: str | None) -> Any:
    """A literal, language-tagged when the language is known."""
    return {"@value": text, "@language": lang} if lang else text


def typed(value: Any, datatype: str) -> dict[str, Any]:
    """A typed literal (`xsd:…`)."""
    return {"@value": value, "@type": datatype}


def ref(iri: str) -> dict[str, str]:
    """A reference to a node."""
    return {"@id": iri}


class Graph:
    """Nodes by @id, merged; values are lists until output."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, list[Any]]] = {}

    def add(self, iri: str, **props: Any) -> str:
        """Add properties (`dct_title=…` stands for `dct:title`) to a node; returns its id."""
        node = self.nodes.setdefault(iri, {})
        for key, value in props.items():
            values = value if isinstance(value, list) else [value]
            bucket = node.setdefault(key.replace("_", ":", 1) if key != "type" else "@type", [])
            for item in values:
                if item not in (None, "", []) and item not in bucket:
                    bucket.append(item)
        return iri

    def document(self) -> dict[str, Any]:
        """The JSON-LD document, sorted."""
        graph = []
        for iri in sorted(self.nodes):
            node: dict[str, Any] = {"@id": iri}
            for key in sorted(self.nodes[iri]):
                values = self.nodes[iri][key]
                if len(values) > 1:
                    values = sorted(values, key=lambda v: json.dumps(v, sort_keys=True))
                if values:
                    node[key] = values[0] if len(values) == 1 else values
            graph.append(node)
        return {"@context": CONTEXT, "@graph": graph}


def concept(graph: Graph, iri: str, labels: list[Any], scheme: str = "") -> dict[str, str]:
    """A skos:Concept with its labels (Category shape: a prefLabel is required)."""
    graph.add(iri, type="skos:Concept", skos_prefLabel=labels,
              skos_inScheme=ref(scheme) if scheme else None)
    return ref(iri)


def language(graph: Graph, lang: str) -> dict[str, str] | None:
    """The EU language authority node of a two-letter code."""
    code = LANGUAGES.get(lang)
    if not code:
        return None
    iri = f"{EU}language/{code}"
    graph.add(iri, type="dct:LinguisticSystem")
    return ref(iri)


def theme(graph: Graph, code: str) -> dict[str, str]:
    """An EU data theme as a concept of the data-theme scheme."""
    graph.add(THEME_SCHEME, type="skos:ConceptScheme", dct_title=lit("Data theme", "en"))
    english, french = THEMES[code]
    return concept(graph, f"{THEME_SCHEME}/{code}", [lit(english, "en"), lit(french, "fr")],
                   THEME_SCHEME)


def media(graph: Graph, media_type: str, eu_code: str) -> dict[str, Any]:
    """dcat:mediaType and dct:format of a distribution, typed for the range shapes."""
    media_iri = graph.add(IANA + media_type, type="dct:MediaType")
    format_iri = graph.add(f"{EU}file-type/{eu_code}", type="dct:MediaTypeOrExtent")
    return {"dcat_mediaType": ref(media_iri), "dct_format": ref(format_iri)}


def standard(graph: Graph, iri: str, title: str) -> dict[str, str]:
    """A dct:Standard (a Table Schema, the Data Package specification)."""
    graph.add(iri, type="dct:Standard", dct_title=title)
    return ref(iri)


def document(graph: Graph, iri: str) -> dict[str, str]:
    """A foaf:Document (web page)."""
    graph.add(iri, type="foaf:Document")
    return ref(iri)


def licence(graph: Graph, iri: str, title: str, kind: str) -> dict[str, str]:
    """A dct:LicenseDocument (a blank node named after its title when it has no IRI)."""
    node = iri or "_:licence-" + "".join(c if c.isalnum() else "-" for c in title.lower())
    kind_ref = concept(graph, ADMS_LICENCE + kind, [lit(LICENCE_TYPE_LABELS[kind], "en")]
                       ) if kind in LICENCE_TYPE_LABELS else None
    graph.add(node, type="dct:LicenseDocument", dct_title=title or None, dct_type=kind_ref)
    return ref(node)


def location(graph: Graph, spatial: dict[str, Any], fallback_id: str) -> dict[str, str]:
    """A dct:Location: an IRI or a named blank node, with its bounding box and centroid."""
    node = spatial.get("uri") or fallback_id
    bbox = spatial.get("bbox")
    props: dict[str, Any] = {"type": "dct:Location", "skos_prefLabel": spatial.get("label")}
    if bbox:
        west, south, east, north = bbox
        props["dcat_bbox"] = typed(f"POLYGON(({west} {south},{east} {south},{east} {north},"
                                   f"{west} {north},{west} {south}))", "gsp:wktLiteral")
        props["dcat_centroid"] = typed(f"POINT({(west + east) / 2:.6f} {(south + north) / 2:.6f})",
                                       "gsp:wktLiteral")
    graph.add(node, **props)
    return ref(node)


def to_turtle(doc: dict[str, Any]) -> bytes:
    """Turtle of the JSON-LD document (see generator/render/turtle.py)."""
    from generator.render.turtle import to_turtle as write

    return write(doc)


def agent(graph: Graph, base: str, person: Any) -> dict[str, str]:
    """A foaf:Agent, named after its name in the site's namespace."""
    node = f"{base}#agent-{slug(person.name)}"
    kind_iri = person.kind if person.kind.startswith(("http://", "https://")) else (
        ADMS_PUBLISHER + person.kind if person.kind.isalpha() and person.kind.isascii() else "")
    kind = concept(graph, kind_iri, [lit(kind_iri.rstrip("/").rsplit("/", 1)[-1], "en")]
                   ) if kind_iri and " " not in kind_iri else None
    graph.add(node, type="foaf:Agent", foaf_name=person.name,
              foaf_homepage=document(graph, person.url) if person.url else None,
              foaf_mbox=ref(f"mailto:{person.email}") if person.email else None, dct_type=kind)
    return ref(node)


def contact(graph: Graph, base: str, person: Any) -> dict[str, str]:
    """A vcard:Kind contact point."""
    node = f"{base}#contact-{slug(person.name)}"
    graph.add(node, type="vcard:Kind", vcard_fn=person.name,
              vcard_hasEmail=ref(f"mailto:{person.email}") if person.email else None,
              vcard_hasURL=ref(person.url) if person.url else None)
    return ref(node)


def slug(text: str) -> str:
    """A fragment-safe slug."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) or "x"


def add_dataset(graph: Graph, base: str, facts: Any) -> dict[str, str]:
    """A dcat:Dataset with its distributions and every node they point to."""
    licences = [licence(graph, *item) for item in facts.licences]
    props: dict[str, Any] = {
        "type": "dcat:Dataset",
        "dct_identifier": facts.identifier,
        "dct_title": [lit(text, lang) for text, lang in facts.titles],
        "dct_description": [lit(text, lang) for text, lang in facts.descriptions],
        "dcat_keyword": [lit(text, lang) for text, lang in facts.keywords],
        "dcat_theme": [theme(graph, code) for code in facts.themes],
        "dct_publisher": agent(graph, base, facts.publisher),
        "dcat_contactPoint": contact(graph, base, facts.contact),
        "dct_license": licences,
        "dct_language": [language(graph, lang) for lang in facts.languages],
        "dcat_landingPage": document(graph, facts.pages[facts.default_lang]),
        "foaf_page": [document(graph, url) for url in [facts.homepage] if url],
        "dct_relation": [ref(url) for url in facts.sources],
        "dcat_version": facts.version or None,
    }
    for key, value in (("dct_issued", facts.issued), ("dct_modified", facts.modified)):
        if value:
            props[key] = typed(*value)
    if facts.temporal:
        start, end = facts.temporal[:2]
        props["dct_temporal"] = {"@type": "dct:PeriodOfTime",
                                 "dcat:startDate": typed(start.isoformat(), "xsd:date"),
                                 "dcat:endDate": typed(end.isoformat(), "xsd:date")}
    if facts.spatial:
        props["dct_spatial"] = location(graph, facts.spatial, "_:location-" + slug(
            facts.spatial.get("label") or facts.name))
    distributions = []
    for item in facts.files:
        node = f"{facts.iri}#distribution/{quote(item.path, safe='/-._~')}"
        graph.add(
            node, type="dcat:Distribution", dct_title=item.path,
            dct_description=[lit(text, lang) for text, lang in item.descriptions],
            dcat_downloadURL=ref(item.url), dcat_accessURL=ref(item.url),
            dcat_byteSize=typed(str(item.size), "xsd:nonNegativeInteger"),
            spdx_checksum={"@type": "spdx:Checksum",
                           "spdx:algorithm": ref(CONTEXT["spdx"] + "checksumAlgorithm_sha256"),
                           "spdx:checksumValue": typed(item.sha256, "xsd:hexBinary")},
            dct_license=licences[:1], dct_conformsTo=standard(graph, *item.standard)
            if item.standard else None,
            dcatap_availability=concept(graph, STABLE, [lit("stable", "en")],
                                        EU + "planned-availability"),
            **media(graph, item.media_type, item.eu_code),
        )
        distributions.append(ref(node))
    props["dcat_distribution"] = distributions
    return ref(graph.add(facts.iri, **props))


def catalogue_document(site: Any, all_facts: list[Any]) -> dict[str, Any]:
    """The DCAT-AP catalogue (`site`: machine.SiteInfo, `all_facts`: machine.Facts)."""
    graph = Graph()
    datasets = [add_dataset(graph, site.base, facts) for facts in all_facts]
    graph.add(THEME_SCHEME, type="skos:ConceptScheme", dct_title=lit("Data theme", "en"))
    firsts = {f.licences[0][0] or f.licences[0][1]: f.licences[0] for f in all_facts
              if f.licences}
    declared = site.options.get("license")
    if isinstance(declared, str) and declared:
        firsts = {declared: licence_info(declared, declared, "")}
    issued = sorted(f.issued for f in all_facts if f.issued)
    modified = sorted(f.modified for f in all_facts if f.modified)
    langs = sorted(site.names, key=lambda lang: (lang != site.default_lang, lang))
    descriptions = [lit(site.descriptions[lang], lang) for lang in langs
                    if site.descriptions.get(lang)]
    graph.add(
        site.base + "#catalogue", type="dcat:Catalog",
        dct_title=[lit(site.names[lang], lang) for lang in langs] or site.base,
        dct_description=descriptions or lit(site.names.get(site.default_lang) or site.base,
                                             site.default_lang),
        dct_publisher=agent(graph, site.base, site.publisher),
        foaf_homepage=document(graph, site.base),
        dct_language=[language(graph, lang) for lang in langs],
        dct_license=licence(graph, *firsts.popitem()[1]) if len(firsts) == 1 else None,
        dct_issued=typed(*issued[0]) if issued else None,
        dct_modified=typed(*modified[-1]) if modified else None,
        dct_spatial=location(graph, site.spatial, "_:location-" + slug(
            site.spatial.get("label") or "catalogue")),
        dcat_themeTaxonomy=ref(THEME_SCHEME),
        dcat_dataset=datasets,
    )
    return graph.document()
