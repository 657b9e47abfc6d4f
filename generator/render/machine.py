"""Machine-readable publication: DCAT-AP catalogue, schema.org JSON-LD, static API index.

Identifier rule: a dataset's IRI is `<site_url>donnees/<name>/`; its `dct:identifier` is the
descriptor's `id` when it has one, else that IRI. Neither holds a version, a hash or a date, so
new releases and data changes keep them (data.gouv.fr matches updates on the identifier).
Dates come from the descriptor (`created`; `modified`, else `created`), never from the clock.
Optional settings: `catalogue:` in the `tdh` plugin options (`publisher`, `contact`, `spatial`,
`license`); otherwise `site_author`, `site_name` and the i18n languages of mkdocs.yml.
Metadata text is tagged with the site's default language when the package follows the hub's
convention (it has a `tdh` object, or `tdh.lang`), English from `tdh.en`; else untagged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from generator.render import dcat
from generator.render import metadata as meta
from generator.render.bounds import present_bounds

Texts = list[tuple[str, "str | None"]]
YEAR_NAMES = {"year", "annee", "année", "bgt_annee", "period", "periode", "période"}
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
UNSAFE_IRI = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f]")
LABELS = {"descriptor": "dl_descriptor", "zip": "dl_zip", "original": "dl_original",
          "parquet": "dl_parquet"}


def safe_iri(value: Any) -> str:
    """An http(s) IRI usable in RDF, or ''."""
    text = str(value or "").strip()
    ok = text.startswith(("http://", "https://")) and not UNSAFE_IRI.search(text)
    return text if ok else ""


def url(base: str, rel: str) -> str:
    """The absolute URL of a site-relative path."""
    return base + quote(rel, safe="/-._~")


def page_url(base: str, name: str, lang: str, default_lang: str) -> str:
    """The dataset page in one language (the default language at the root, others under lang/)."""
    prefix = "" if lang == default_lang else f"{lang}/"
    return url(base, f"{prefix}donnees/{name}/")


@dataclass(frozen=True)
class Agent:
    """A publisher, creator or contact point."""

    name: str
    url: str = ""
    email: str = ""
    kind: str = ""

    @staticmethod
    def make(name: Any, link: Any = "", email: Any = "", kind: Any = "") -> Agent:
        """An agent from untrusted values (invalid addresses dropped)."""
        mail = str(email or "").strip()
        return Agent(" ".join(str(name or "").split()) or "?", safe_iri(link),
                     mail if EMAIL.match(mail) else "", str(kind or "").strip())


@dataclass(frozen=True)
class SiteInfo:
    """What the catalogue needs from mkdocs.yml."""

    base: str
    default_lang: str
    names: dict[str, str]
    descriptions: dict[str, str]
    publisher: Agent
    contact: Agent | None
    spatial: dict[str, Any]
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FileFacts:
    """A published file of a package, as a distribution."""

    path: str
    url: str
    kind: str
    descriptions: Texts
    media_type: str
    eu_code: str
    size: int
    sha256: str
    standard: tuple[str, str] | None


@dataclass(frozen=True)
class Facts:
    """A package's metadata, normalised for DCAT and schema.org."""

    name: str
    iri: str
    identifier: str
    default_lang: str
    pages: dict[str, str]
    descriptor: dict[str, Any]
    titles: Texts
    descriptions: Texts
    keywords: Texts
    themes: list[str]
    publisher: Agent
    contact: Agent
    creators: list[Agent]
    licences: list[tuple[str, str, str]]
    issued: tuple[str, str] | None
    modified: tuple[str, str] | None
    version: str
    temporal: tuple[date, date, bool] | None
    spatial: dict[str, Any] | None
    homepage: str
    sources: list[str]
    languages: list[str]
    files: list[FileFacts]
    schema_files: dict[str, bytes]
    fields: list[dict[str, Any]]


@lru_cache(maxsize=8)
def _config(path: str, stamp: tuple[int, int]) -> dict[str, Any]:
    from generator.settings import read_mkdocs_config

    return read_mkdocs_config(Path(path)) if stamp != (0, 0) else {}


def _agent(value: Any, fallback: str) -> Agent:
    if isinstance(value, dict):
        return Agent.make(value.get("name") or value.get("title") or fallback,
                          value.get("url") or value.get("path"), value.get("email"),
                          value.get("type"))
    return Agent.make(value if isinstance(value, str) and value.strip() else fallback)


def site_info(settings: Any) -> SiteInfo:
    """What the catalogue needs from mkdocs.yml (read once per file version)."""
    from generator.settings import plugin_options

    path = Path(settings.config_file)
    stat = path.stat() if path.is_file() else None
    config = _config(str(path), (stat.st_mtime_ns, stat.st_size) if stat else (0, 0))
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    default = str(theme.get("language") or "fr")
    names = {default: str(config.get("site_name") or "")}
    descriptions = {default: str(config.get("site_description") or "")}
    for entry in config.get("plugins") or []:
        i18n = entry.get("i18n") if isinstance(entry, dict) else None
        for language in (i18n.get("languages") or []) if isinstance(i18n, dict) else []:
            locale = str(language.get("locale") or "") if isinstance(language, dict) else ""
            if locale and language.get("default"):
                default = locale
            if locale:
                names[locale] = str(language.get("site_name") or names.get(default) or "")
                descriptions[locale] = str(language.get("site_description")
                                           or descriptions.get(default) or "")
    options = plugin_options(config).get("catalogue")
    options = options if isinstance(options, dict) else {}
    base = settings.site_url if settings.site_url.endswith("/") else settings.site_url + "/"
    publisher = _agent(options.get("publisher"),
                       str(config.get("site_author") or config.get("site_name") or base))
    return SiteInfo(base=base, default_lang=default,
                    names={k: v for k, v in names.items() if v},
                    descriptions={k: v for k, v in descriptions.items() if v},
                    publisher=publisher,
                    contact=_agent(options["contact"], publisher.name)
                    if options.get("contact") else None,
                    spatial=_spatial(options.get("spatial"))
                    or {"uri": "", "label": publisher.name, "bbox": None}, options=options)


def identifier(site: SiteInfo, name: str, descriptor: dict[str, Any]) -> str:
    """The stable dct:identifier: the descriptor's `id`, else the dataset IRI."""
    declared = descriptor.get("id")
    if isinstance(declared, (str, int)) and not isinstance(declared, bool) and str(declared):
        return " ".join(str(declared).split())
    return url(site.base, f"donnees/{name}/")


def _texts(obj: dict[str, Any], key: str, own_lang: str | None) -> Texts:
    english = ((obj.get("tdh") or {}).get("en") or {}) if isinstance(obj.get("tdh"), dict) else {}
    values = [(obj.get(key), own_lang)]
    if own_lang != "en" and isinstance(english, dict):
        values.append((english.get(key), "en"))
    out: Texts = []
    for value, lang in values:
        items = value if isinstance(value, list) else [value]
        out += [(" ".join(str(v).split()) if key == "keywords" else str(v).strip(), lang)
                for v in items if isinstance(v, (str, int, float)) and str(v).strip()]
    return out


def _date(value: Any) -> tuple[str, str] | None:
    text = str(value).strip() if isinstance(value, (str, date)) else ""
    try:
        if re.fullmatch(r"\d{4}", text):
            return text, "xsd:gYear"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat(), "xsd:date"
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat(), "xsd:dateTime"
    except ValueError:
        return None


def _day(value: Any, end: bool = False) -> date | None:
    """A date from a year, date, datetime, Timestamp or ISO string."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, datetime) or hasattr(value, "to_pydatetime"):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
        return date(value, 12, 31) if end else date(value, 1, 1)
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}", value.strip()):
            return _day(int(value), end)
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _temporal(descriptor: dict[str, Any], tables: dict[str, Any]
              ) -> tuple[date, date, bool] | None:
    tdh = descriptor.get("tdh") if isinstance(descriptor.get("tdh"), dict) else {}
    for declared in (tdh.get("temporal"), descriptor.get("temporal")):
        if isinstance(declared, dict):
            start, end = _day(declared.get("start")), _day(declared.get("end"), end=True)
            if start and end and start <= end:
                return start, end, False
    lows, highs, years = [], [], True
    for resource in descriptor.get("resources", []):
        schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
        table = tables.get(resource.get("name"))
        for spec in schema.get("fields", []) if table is not None else []:
            column, kind = (spec.get("name"), spec.get("type")) if isinstance(spec, dict) else (
                None, None)
            is_year = kind == "year" or (kind == "integer" and str(column).lower() in YEAR_NAMES)
            if column not in table.columns or not (is_year or kind in ("date", "datetime")):
                continue
            values = table[column]
            try:
                if kind == "integer":
                    values = values.dropna()
                    values = values[(values >= 1000) & (values <= 9999)]
                bounds = present_bounds(values)
                low, high = (_day(bounds[0]), _day(bounds[1], end=True)) if bounds else (
                    None, None)
            except (TypeError, ValueError):
                continue
            if low and high:
                lows.append(low)
                highs.append(high)
                years = years and is_year
    return (min(lows), max(highs), years) if lows else None


def _bbox(value: Any) -> tuple[float, float, float, float] | None:
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        return None
    try:
        west, south, east, north = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    ok = -180 <= west <= east <= 180 and -90 <= south <= north <= 90
    return (west, south, east, north) if ok else None


def _points(value: Any) -> list[tuple[float, float]]:
    if isinstance(value, (list, tuple)) and len(value) >= 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value[:2]):
        return [(float(value[0]), float(value[1]))]
    return [p for item in value for p in _points(item)] if isinstance(value, list) else []


def _spatial(value: Any) -> dict[str, Any] | None:
    """{uri, label, bbox} from a label, an IRI, {uri, label, bbox} or a GeoJSON geometry."""
    if isinstance(value, str) and value.strip():
        iri = safe_iri(value)
        return {"uri": iri, "label": "" if iri else value.strip(), "bbox": None}
    if not isinstance(value, dict):
        return None
    points = _points(value.get("coordinates"))
    bbox = _bbox(value.get("bbox")) or (_bbox([min(p[0] for p in points), min(p[1] for p in
                                                points), max(p[0] for p in points),
                                               max(p[1] for p in points)]) if points else None)
    label = " ".join(str(value.get("label") or value.get("name") or "").split())
    spatial = {"uri": safe_iri(value.get("uri") or value.get("url")), "label": label,
               "bbox": bbox}
    return spatial if spatial["uri"] or label or bbox else None


def _roles(person: dict[str, Any]) -> set[str]:
    roles = person.get("roles") if isinstance(person.get("roles"), list) else [person.get("role")]
    return {str(r).lower() for r in roles if r}


def _people(descriptor: dict[str, Any], roles: set[str]) -> list[Agent]:
    people = [p for p in descriptor.get("contributors") or [] if isinstance(p, dict)]
    return [Agent.make(meta.contributors({"contributors": [p]})[0], p.get("path"), p.get("email"))
            for p in people if _roles(p) & roles and meta.contributors({"contributors": [p]})]


def _files(site: SiteInfo, name: str, descriptor: dict[str, Any], downloads: list[Any]
           ) -> tuple[list[FileFacts], dict[str, bytes]]:
    from generator.load import resource_paths
    from generator.render.strings import t

    by_path, standards, schema_files = {}, {}, {}
    for resource in descriptor.get("resources", []):
        rname, schema = str(resource.get("name") or ""), resource.get("schema")
        for path in resource_paths(resource):
            by_path[path] = resource
        by_path[f"{rname}.parquet"] = resource
        target = ""
        if isinstance(schema, str) and safe_iri(schema):
            target = safe_iri(schema)
        elif isinstance(schema, str) and _inside(schema):
            target = url(site.base, f"donnees/{name}/{schema}")
        elif isinstance(schema, dict) and SAFE_NAME.match(rname):
            schema_files[f"{rname}.schema.json"] = (json.dumps(
                schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            target = url(site.base, f"donnees/{name}/{rname}.schema.json")
        if target:
            standards[rname] = (target, f"Table Schema: {name}/{rname}")
    files = []
    package_spec = (dcat.DATA_PACKAGE_SPEC, "Data Package")
    for item in downloads:
        resource = by_path.get(item.path) if item.kind in ("original", "parquet") else None
        fmt = "PARQUET" if item.kind == "parquet" else item.format
        media_type, eu_code = dcat.file_type(fmt, item.path, str((resource or {}).get(
            "mediatype") or ""))
        rname = str(resource.get("name")) if resource else None
        files.append(FileFacts(
            path=item.path, url=url(site.base, f"donnees/{name}/{item.path}"), kind=item.kind,
            media_type=media_type, eu_code=eu_code, size=item.size,
            sha256=item.sha256,
            descriptions=[(t(LABELS.get(item.kind, "dl_original"), lang)
                           + (f" — {meta.title_of(resource, lang)}" if resource else ""), lang)
                          for lang in ("fr", "en")],
            standard=standards.get(rname or "") if resource else package_spec))
    return files, schema_files


def _inside(path: str) -> bool:
    """A relative path that stays inside the package folder."""
    parts = Path(path).parts
    return bool(parts) and not Path(path).is_absolute() and ".." not in parts and ":" not in path


def _fields(source: Any, descriptor: dict[str, Any], tables: dict[str, Any]
            ) -> list[dict[str, Any]]:
    """Every field of every resource: inline schema, schema file of the package, else columns."""
    out: list[dict[str, Any]] = []
    for resource in descriptor.get("resources", []):
        schema = resource.get("schema")
        if isinstance(schema, str) and _inside(schema):
            try:
                schema = json.loads((Path(source.folder) / schema).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                schema = None
        if isinstance(schema, dict) and isinstance(schema.get("fields"), list):
            out += [f for f in schema["fields"] if isinstance(f, dict) and f.get("name")]
        elif tables.get(resource.get("name")) is not None:
            out += [{"name": str(c)} for c in tables[resource.get("name")].columns if c != "_row"]
    return out


def _fallback_description(name: str, descriptor: dict[str, Any], publisher: Agent) -> Texts:
    resources = [str(r.get("name")) for r in descriptor.get("resources", []) if r.get("name")]
    title, listed = meta.title_of(descriptor, "fr") or name, ", ".join(resources[:10])
    return [(f"{title} : jeu de données de {len(resources)} ressource(s) ({listed}), publié par "
             f"{publisher.name}.", "fr"),
            (f"{meta.title_of(descriptor, 'en') or name}: dataset of {len(resources)} "
             f"resource(s) ({listed}), published by {publisher.name}.", "en")]


def package_facts(site: SiteInfo, source: Any, tables: dict[str, Any], downloads: list[Any]
                  ) -> Facts:
    """Everything the catalogue and the schema.org block say about one package."""
    descriptor = source.descriptor if isinstance(source.descriptor, dict) else {}
    name = source.name
    tdh = descriptor.get("tdh") if isinstance(descriptor.get("tdh"), dict) else None
    own_lang = str((tdh or {}).get("lang") or site.default_lang) if tdh is not None else None
    publishers = _people(descriptor, {"publisher"})
    publisher = publishers[0] if publishers else site.publisher
    declared = (tdh or {}).get("contact")
    contacts = [_agent(declared, publisher.name)] if declared else []
    contacts += sorted(_people(descriptor, {"contact", "contactperson", "maintainer"}),
                       key=lambda a: not a.email)
    contact = (contacts or [site.contact or Agent(publisher.name, publisher.url or site.base,
                                                  publisher.email)])[0]
    licences = [dcat.licence_info(str(item.get("name") or ""), str(item.get("path") or ""),
                                  str(item.get("title") or ""))
                for item in descriptor.get("licenses") or []
                if isinstance(item, dict) and (item.get("name") or item.get("path"))]
    files, schema_files = _files(site, name, descriptor, downloads)
    spatial = _spatial((tdh or {}).get("spatial")) or _spatial(descriptor.get("spatial"))
    if spatial is None and tdh is not None:
        spatial = site.spatial
    iri = url(site.base, f"donnees/{name}/")
    return Facts(
        name=name, iri=iri, identifier=identifier(site, name, descriptor),
        default_lang=site.default_lang, descriptor=descriptor,
        pages={lang: page_url(site.base, name, lang, site.default_lang)
               for lang in {site.default_lang, *site.names}},
        titles=_texts(descriptor, "title", own_lang) or [(name, None)],
        descriptions=_texts(descriptor, "description", own_lang)
        or _fallback_description(name, descriptor, publisher),
        keywords=_texts(descriptor, "keywords", own_lang), themes=dcat.theme_codes(descriptor),
        publisher=publisher, contact=contact,
        creators=_people(descriptor, {"author", "creator", "principalinvestigator"}),
        licences=list(dict.fromkeys(licences)),
        issued=_date(descriptor.get("created")),
        modified=_date(descriptor.get("modified") or descriptor.get("last_updated")
                       or descriptor.get("created")),
        version=str(descriptor.get("version") or "").strip(),
        temporal=_temporal(descriptor, tables), spatial=spatial,
        homepage=safe_iri(descriptor.get("homepage")),
        sources=sorted({safe_iri(s.get("path")) for s in descriptor.get("sources") or []
                        if isinstance(s, dict) and safe_iri(s.get("path"))}),
        languages=[own_lang] if own_lang else [], files=files, schema_files=schema_files,
        fields=_fields(source, descriptor, tables),
    )


def dataset_jsonld(settings: Any, facts: Facts, lang: str) -> str:
    """The schema.org Dataset JSON-LD block of a dataset page ('' for none)."""
    from generator.render.schema_org import dataset_schema, script_block

    return script_block(dataset_schema(site_info(settings), facts, lang))


def package_machine_files(settings: Any, facts: Facts) -> dict[str, bytes]:
    """A package's DCAT JSON-LD and inline Table Schemas, by site path."""
    site = site_info(settings)
    name = facts.name
    graph = dcat.Graph()
    dcat.add_dataset(graph, site.base, facts)
    files = {f"donnees/{name}/{rel}": content for rel, content in facts.schema_files.items()}
    files[f"donnees/{name}/{name}.jsonld"] = _json(graph.document())
    return files


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_catalogue_files(settings: Any, all_facts: list[Facts]) -> dict[str, bytes]:
    """catalogue.jsonld and catalogue.ttl, from every package's facts (in name order)."""
    document = dcat.catalogue_document(site_info(settings), all_facts)
    return {"catalogue.jsonld": _json(document), "catalogue.ttl": dcat.to_turtle(document)}


def api_index(settings: Any, validated: Any, results: dict[str, Any], files: dict[str, Any]
              ) -> dict[str, Any]:
    """api/index.json: every API file and package file, by site-relative path and absolute URL."""
    from generator.load import resource_paths

    site = site_info(settings)

    def link(rel: str) -> dict[str, str]:
        return {"path": rel, "url": url(site.base, rel)}

    api = {f"api/{r.api_name}.json" for r in results.values()} | {"api/index.json"}
    api |= {k for k in files if k.startswith("api/") and k.endswith(".json")}
    packages = []
    for name in sorted(validated.sources):
        descriptor, base = validated.sources[name].descriptor, f"donnees/{name}"
        tdh = descriptor.get("tdh") if isinstance(descriptor.get("tdh"), dict) else {}
        resources = []
        for resource in descriptor.get("resources", []):
            rname, paths = str(resource.get("name") or ""), resource_paths(resource)
            parquet, schema = f"{base}/{rname}.parquet", f"{base}/{rname}.schema.json"
            resources.append({
                "name": rname, "files": [link(f"{base}/{p}") for p in paths],
                "parquet": link(parquet) if parquet in files else None,
                "schema": link(schema) if schema in files else None})
        pages = {lang: page_url(site.base, name, lang, site.default_lang) for lang in ("fr", "en")}
        packages.append({
            "name": name, "kind": tdh.get("kind"),
            "identifier": identifier(site, name, descriptor),
            "title": {lang: meta.title_of(descriptor, lang) for lang in ("fr", "en")},
            "page": {lang: {"path": u[len(site.base):], "url": u} for lang, u in pages.items()},
            "datapackage": link(f"{base}/datapackage.json"), "zip": link(f"{base}/{name}.zip"),
            "jsonld": link(f"{base}/{name}.jsonld"), "resources": resources})
    return {"site_url": site.base, "api": [link(rel) for rel in sorted(api)],
            "catalogue": {"jsonld": link("catalogue.jsonld"), "turtle": link("catalogue.ttl")},
            "sitemap": link("sitemap.xml"), "packages": packages}
