"""schema.org `Dataset` JSON-LD of a dataset page (what Google Dataset Search reads).

The block is embedded raw in the page, so the JSON is escaped for an HTML `<script>` element:
`<`, `>` and `&` become `\\u003c`, `\\u003e`, `\\u0026` (still the same JSON), so that no data
can close the element or open a comment. It is a single line: a Markdown raw HTML block.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.render import metadata as meta
from generator.render.machine import Agent, Facts, SiteInfo, page_url

MIN_DESCRIPTION, MAX_DESCRIPTION = 50, 5000
MAX_VARIABLES = 500
MARKDOWN = [(re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"), (re.compile(r"(\*\*|__|`)"), ""),
            (re.compile(r"^\s{0,3}#{1,6}\s+", re.M), ""), (re.compile(r"^\s*[-*+]\s+", re.M), "")]
PADDING = {
    "fr": "Jeu de données ouvert publié par {publisher} : {count} ressource(s), "
          "téléchargeables avec leur dictionnaire de données.",
    "en": "Open dataset published by {publisher}: {count} resource(s), downloadable with their "
          "data dictionary.",
}


def plain_text(markdown: str) -> str:
    """Markdown reduced to plain text on one line."""
    text = str(markdown or "")
    for pattern, replacement in MARKDOWN:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def description(facts: Facts, lang: str, title: str) -> str:
    """A description of 50 to 5,000 characters (padded with the title and a sentence)."""
    text = plain_text(meta.localized(facts.descriptor, "description", lang) or "")
    if not text:
        wanted = [t for t, tag in facts.descriptions if tag == lang] or [
            t for t, _ in facts.descriptions]
        text = plain_text(wanted[0]) if wanted else ""
    if len(text) < MIN_DESCRIPTION:
        count = len(facts.descriptor.get("resources") or [])
        sentence = PADDING.get(lang, PADDING["en"]).format(publisher=facts.publisher.name,
                                                           count=count)
        text = " ".join(part for part in (f"{title}." if title not in text else "", text,
                                          sentence) if part)
    if len(text) > MAX_DESCRIPTION:
        text = text[:MAX_DESCRIPTION - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
    return text


def organization(agent: Agent, kind: str = "Organization") -> dict[str, Any]:
    """A schema.org Organization (or Person)."""
    data: dict[str, Any] = {"@type": kind, "name": agent.name}
    if agent.url:
        data["url"] = agent.url
    if agent.email:
        data["email"] = agent.email
    return data


def temporal_coverage(facts: Facts) -> str | None:
    """ISO 8601 interval: '2019/2024' for years, '2019-01-01/2024-12-31' for dates."""
    if not facts.temporal:
        return None
    start, end, years = facts.temporal
    low, high = (str(start.year), str(end.year)) if years else (start.isoformat(),
                                                                 end.isoformat())
    return low if low == high else f"{low}/{high}"


def spatial_coverage(facts: Facts) -> dict[str, Any] | None:
    """A schema.org Place, with its box when known."""
    if not facts.spatial:
        return None
    place: dict[str, Any] = {"@type": "Place"}
    if facts.spatial.get("label"):
        place["name"] = facts.spatial["label"]
    if facts.spatial.get("uri"):
        place["sameAs"] = facts.spatial["uri"]
    if facts.spatial.get("bbox"):
        west, south, east, north = facts.spatial["bbox"]
        place["geo"] = {"@type": "GeoShape", "box": f"{south} {west} {north} {east}"}
    return place


def variables(facts: Facts, lang: str) -> list[dict[str, Any]]:
    """Every field of every resource as a PropertyValue (first occurrence of each name)."""
    seen: dict[str, dict[str, Any]] = {}
    for spec in facts.fields:
        name = str(spec.get("name"))
        if name in seen or len(seen) >= MAX_VARIABLES:
            continue
        value: dict[str, Any] = {"@type": "PropertyValue", "name": name}
        text = " — ".join(str(v) for v in dict.fromkeys(
            [meta.localized(spec, "title", lang), meta.localized(spec, "description", lang)])
            if v and str(v) != name)
        if text:
            value["description"] = plain_text(text)
        if spec.get("unit"):
            value["unitText"] = str(spec["unit"])
        seen[name] = value
    return list(seen.values())


def dataset_schema(site: SiteInfo, facts: Facts, lang: str) -> dict[str, Any]:
    """The schema.org Dataset of a package, in one language."""
    descriptor = facts.descriptor
    title = meta.title_of(descriptor, lang) or facts.name
    licences = [iri or name for iri, name, _ in facts.licences]
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": facts.iri,
        "name": title,
        "description": description(facts, lang, title),
        "url": facts.pages.get(lang) or page_url(site.base, facts.name, lang, site.default_lang),
        "identifier": facts.identifier,
        "inLanguage": lang,
        "isAccessibleForFree": True,
        "publisher": organization(facts.publisher),
        "creator": [organization(a, "Person") for a in facts.creators]
        or organization(facts.publisher),
        "keywords": meta.keywords(descriptor, lang) or [t for t, _ in facts.keywords],
        "includedInDataCatalog": {"@type": "DataCatalog", "url": site.base,
                                  "name": site.names.get(lang) or site.base},
        "distribution": [
            {"@type": "DataDownload", "name": item.path, "contentUrl": item.url,
             "encodingFormat": item.media_type, "contentSize": f"{item.size} B",
             "sha256": item.sha256}
            for item in facts.files
        ],
        "variableMeasured": variables(facts, lang),
    }
    data.update({
        "license": licences[0] if len(licences) == 1 else licences,
        "version": facts.version,
        "datePublished": facts.issued[0] if facts.issued else None,
        "dateModified": facts.modified[0] if facts.modified else None,
        "temporalCoverage": temporal_coverage(facts),
        "spatialCoverage": spatial_coverage(facts),
    })
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def script_json(data: Any) -> str:
    """JSON safe inside an HTML <script> element (no `<`, `>` or `&` left)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def script_block(data: Any) -> str:
    """The `<script type="application/ld+json">` element, on one line."""
    return f'<script type="application/ld+json">{script_json(data)}</script>'
