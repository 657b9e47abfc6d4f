"""Dataset pages and their downloads: originals, Parquet, zip, enriched descriptor, charts."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from generator.load import referenced_files, resource_paths
from generator.model import PackageSource
from generator.render import metadata as meta
from generator.render.autochart import ChartPlan, chart_title, plan_chart, summarise
from generator.render.bounds import present_bounds
from generator.render.text import (
    chart_label,
    format_bytes,
    format_cell,
    format_date,
    format_number,
    printable,
)
from generator.write import SiteFile

PREVIEW_ROWS = 10
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
LANGS = ("fr", "en")


@dataclass(frozen=True)
class Download:
    """A published file of a package."""

    path: str
    kind: str
    format: str
    size: int
    sha256: str


def sha256(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def enriched_descriptor(descriptor: dict[str, Any], originals: dict[str, bytes],
                        digests: dict[str, str]) -> bytes:
    """The descriptor with `bytes` and `hash` filled on each single-file resource (`digests`:
    the sha256 of each original)."""
    data = json.loads(json.dumps(descriptor))
    for resource in data.get("resources", []):
        paths = resource_paths(resource)
        if len(paths) == 1 and paths[0] in originals:
            resource["bytes"] = len(originals[paths[0]])
            resource["hash"] = f"sha256:{digests[paths[0]]}"
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


def package_zip(name: str, descriptor_bytes: bytes, originals: dict[str, bytes]) -> bytes:
    """A reproducible zip of the package as committed (fixed timestamps, sorted entries)."""
    from generator.render.zipwriter import deflated_zip

    # Parquet is the compact download: the zip is deflated at the fastest level
    entries = {"datapackage.json": descriptor_bytes, **originals}
    return deflated_zip({f"{name}/{relative}": entries[relative] for relative in sorted(entries)},
                        ZIP_EPOCH)


def table_parquet(table: pd.DataFrame) -> bytes:
    """A typed table as Parquet bytes (deterministic: no timestamps in the file)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pa.table({str(c): _parquet_column(table[c]) for c in table.columns if c != "_row"})
    buffer = io.BytesIO()
    # dictionaries for text only: numbers and dates of a measure table rarely repeat, and
    # their dictionaries made the files larger and slower to write (a quarter each)
    text = [f.name for f in arrow.schema if pa.types.is_string(f.type)
            or pa.types.is_large_string(f.type)]
    pq.write_table(arrow, buffer, compression="zstd", use_dictionary=text or False)
    return buffer.getvalue()


def _parquet_column(values: pd.Series) -> Any:
    """A column as Arrow: its own type (dates as dates, numbers as numbers); a column of
    several kinds of values, or of integers beyond int64, as text (ISO for dates)."""
    import pyarrow as pa

    if values.dtype != object:
        return pa.Array.from_pandas(values)
    if _one_kind(values):
        try:
            return pa.array(values, from_pandas=True)
        except (pa.ArrowException, OverflowError, TypeError, ValueError):
            pass
    return pa.array([None if v is None else v.isoformat() if hasattr(v, "isoformat") else str(v)
                     for v in values], pa.string())


def _one_kind(values: pd.Series) -> bool:
    """Whether the values present are all of one type (read without copying the column
    first when they are: None aside, one type that is not a missing value's)."""
    kinds = set(map(type, values.to_numpy())) - {type(None)}
    if len(kinds) <= 1 and not kinds & {float, type(pd.NaT), type(pd.NA)}:
        return True
    return len(set(map(type, values.dropna()))) <= 1


def _constraints(field: dict[str, Any], lang: str) -> str:
    parts = []
    for key, value in sorted((field.get("constraints") or {}).items()):
        if key == "required" and value:
            parts.append("obligatoire" if lang == "fr" else "required")
        elif key == "unique" and value:
            parts.append("unique")
        elif key == "enum":
            parts.append(("valeurs : " if lang == "fr" else "values: ")
                         + ", ".join(map(str, value)))
        else:
            parts.append(f"{key} = {format_cell(value, lang)}")
    return " ; ".join(parts) if lang == "fr" else "; ".join(parts)


def _fields(schema: dict[str, Any], lang: str) -> list[dict[str, str]]:
    return [
        {
            "name": str(field.get("name")),
            "title": meta.localized(field, "title", lang) or "",
            "type": str(field.get("type") or "any"),
            "format": "" if field.get("format") in (None, "default") else str(field["format"]),
            "unit": str(field.get("unit") or ""),
            "description": meta.localized(field, "description", lang) or "",
            "constraints": _constraints(field, lang),
        }
        for field in schema.get("fields", [])
        if isinstance(field, dict)
    ]


def _keys(schema: dict[str, Any], lang: str) -> list[str]:
    from generator.render.strings import t

    items = []
    primary = schema.get("primaryKey")
    if primary:
        fields = [primary] if isinstance(primary, str) else primary
        items.append(f"{t('primary_key', lang)} : {', '.join(fields)}" if lang == "fr"
                     else f"{t('primary_key', lang)}: {', '.join(fields)}")
    for key in schema.get("foreignKeys") or []:
        fields = key.get("fields")
        fields = [fields] if isinstance(fields, str) else fields or []
        reference = key.get("reference") or {}
        target = reference.get("resource") or "(self)"
        ref_fields = reference.get("fields")
        ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields or []
        items.append(f"{', '.join(fields)} {t('references', lang)} "
                     f"{target}.{', '.join(ref_fields)}")
    return items


def preview_values(table: pd.DataFrame) -> tuple[list[str], list[list[tuple[Any, bool]]]]:
    """The preview's columns and first rows, each cell as (plain value, whether numeric):
    the same in every language."""
    head = table.iloc[:PREVIEW_ROWS]
    kept = [k for k, name in enumerate(head.columns) if name != "_row"]
    if not kept:
        return [], [[] for _ in range(len(head))]
    rows = []
    # column by column, as itertuples iterates them (head().drop().itertuples() copied the
    # table twice: five times as long)
    for record in zip(*(list(head.iloc[:, k]) for k in kept)):
        cells = []
        for v in record:
            plain = _plain(v)
            cells.append((plain, isinstance(plain, (int, float)) and not isinstance(v, bool)))
        rows.append(cells)
    return [head.columns[k] for k in kept], rows


def _preview(values: tuple[list[str], list[list[tuple[Any, bool]]]], lang: str
             ) -> dict[str, Any]:
    columns, rows = values
    return {"columns": columns,
            "rows": [[{"text": format_cell(plain, lang), "numeric": numeric}
                      for plain, numeric in row] for row in rows]}


def _plain(value: Any) -> Any:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def temporal_extent(schema_by_resource: dict[str, dict[str, Any]],
                    tables: dict[str, pd.DataFrame]) -> tuple[Any, Any] | None:
    """The earliest and latest value of the date and year fields of every table, or None."""
    lows, highs = [], []
    for name, table in tables.items():
        for field in (schema_by_resource.get(name) or {}).get("fields", []):
            column = field.get("name")
            if column not in table.columns:
                continue
            kind = field.get("type")
            yearly = kind == "integer" and str(column).lower() in ("year", "annee")
            if kind not in ("date", "datetime", "year") and not yearly:
                continue
            values = table[column]
            if yearly:
                values = values.dropna()
                if not len(values):
                    continue
                values = values.astype(int)
            try:  # the column's own min and max, then only those two made plain
                bounds = present_bounds(values)
            except TypeError:
                continue
            if bounds is not None:
                lows.append(_plain(bounds[0]))
                highs.append(_plain(bounds[1]))
    if not lows:
        return None
    try:
        return min(lows), max(highs)
    except TypeError:
        return None


def temporal_coverage(extent: tuple[Any, Any] | None, lang: str) -> str:
    """'2019 – 2024' (see temporal_extent), or ''."""
    if extent is None:
        return ""
    text_low, text_high = format_date(extent[0], lang), format_date(extent[1], lang)
    return text_low if text_low == text_high else f"{text_low} – {text_high}"


def render_package_files(source: PackageSource, tables: dict[str, pd.DataFrame]
                         ) -> tuple[dict[str, SiteFile], list[Download]]:
    """Every file published for a package, under donnees/<name>/, with its download entry."""
    name = source.name
    base = f"donnees/{name}"
    descriptor = source.descriptor
    originals = {rel: (source.folder / rel).read_bytes() for rel in referenced_files(descriptor)}
    digests = {rel: sha256(content) for rel, content in originals.items()}  # hashed once each
    described = enriched_descriptor(descriptor, originals, digests)
    files: dict[str, SiteFile] = {f"{base}/{rel}": source.folder / rel for rel in originals}
    files[f"{base}/datapackage.json"] = described
    archive = package_zip(name, source.text or b"", originals)
    files[f"{base}/{name}.zip"] = archive
    downloads = [
        Download("datapackage.json", "descriptor", "JSON", len(described), sha256(described)),
        Download(f"{name}.zip", "zip", "ZIP", len(archive), sha256(archive)),
    ]
    for resource in descriptor.get("resources", []):
        for rel in resource_paths(resource):
            content = originals[rel]
            fmt = str(resource.get("format") or Path(rel).suffix.lstrip(".") or "?").upper()
            downloads.append(Download(rel, "original", fmt, len(content), digests[rel]))
        table = tables.get(resource.get("name"))
        if table is not None:
            parquet = table_parquet(table)
            rel = f"{resource['name']}.parquet"
            files[f"{base}/{rel}"] = parquet
            downloads.append(Download(rel, "parquet", "Parquet", len(parquet), sha256(parquet)))
    return files, downloads


@dataclass(frozen=True)
class ResourceChart:
    """What a resource's automatic chart draws, the same in every language."""

    plan: ChartPlan
    fields: dict[str, dict[str, Any]]
    frame: pd.DataFrame
    """Columns x, y (and s): the data table's values (temporal x as ISO text)."""
    drawn: pd.DataFrame
    """The same, text made printable: what the specs and the SVG show."""
    records: list[dict[str, Any]]
    """`drawn` as the specs' inline data."""
    period: str | None
    summed: bool
    dots: bool
    """Lines: a dot on each value (see charts.auto.dots_on)."""
    series_names: list[str] | None
    """The data table's series columns (None: one y column)."""
    rows: list[tuple[Any, ...]]
    """The data table's rows, plain Python values."""
    y_range: tuple[Any, Any]
    """The smallest and largest y, for the summary."""
    csv_rows: str
    """The CSV download's data lines (charts.figure.csv_rows of `rows`)."""


def resource_chart(resource: dict[str, Any], table: pd.DataFrame) -> ResourceChart | None:
    """The chart a resource's table gets, computed once for all languages; None: no chart."""
    from generator.charts.auto import dots_on, records
    from generator.charts.figure import csv_rows

    schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
    fields = [f for f in schema.get("fields", []) if isinstance(f, dict) and f.get("name")]
    fields = [f for f in fields if f["name"] in table.columns]
    plan = plan_chart(fields, table)  # the schema's fields only: never the row numbers
    if plan is None:
        return None
    data, period, summed = summarise(plan, table)
    if data.empty:
        return None
    frame = data.rename(columns={plan.x: "x", plan.y or "n": "y"})
    if plan.series:
        frame = frame.rename(columns={plan.series: "s"})
    if plan.x_type == "temporal":
        frame["x"] = [v.isoformat() if hasattr(v, "isoformat") else v for v in frame["x"]]
    # vl-convert compiles the specs: their text must hold no code point XML forbids (it aborts)
    drawn = frame.assign(x=[printable(v) if isinstance(v, str) else v for v in frame["x"]])
    if plan.series:
        drawn["s"] = [printable(str(v)) for v in drawn["s"]]
    values = pd.to_numeric(frame["y"], errors="coerce")
    series_names, rows = _chart_rows(frame, bool(plan.series))
    return ResourceChart(plan, {f["name"]: f for f in fields}, frame, drawn,
                         records(drawn[["x", "s", "y"] if plan.series else ["x", "y"]]), period,
                         summed,
                         plan.kind == "line" and dots_on(drawn, bool(plan.series)),
                         series_names, rows, (values.min(), values.max()), csv_rows(rows))


def render_resource_chart(name: str, resource: dict[str, Any], chart_of: ResourceChart,
                          lang: str, href_base: str) -> tuple[str, dict[str, bytes]]:
    """The figure HTML of a resource's automatic chart in one language, its spec and CSV."""
    from generator.charts.auto import Shape, build_auto_chart
    from generator.charts.figure import Column, render_figure, table_csv
    from generator.render.strings import t

    plan, by_name, frame = chart_of.plan, chart_of.fields, chart_of.frame
    title = chart_title(plan, by_name, lang, chart_of.period, summed=chart_of.summed)
    x_title = meta.title_of(by_name[plan.x], lang)
    y_title = meta.title_of(by_name[plan.y], lang) if plan.y else (
        "Nombre de lignes" if lang == "fr" else "Number of rows")
    labels = {"title": printable(title), "x_title": chart_label(x_title),
              "y_title": chart_label(y_title)}
    if plan.series:
        labels["color_title"] = chart_label(meta.title_of(by_name[plan.series], lang))
    if plan.kind == "line":
        shape = Shape("line", "temporal" if plan.x_type == "temporal" else "ordinal",
                      bool(plan.series), lang, chart_of.dots)
    else:
        shape = Shape("bar", "nominal", bool(plan.series), lang)
    kind_label = "kind_line" if plan.kind == "line" else "kind_bar"
    low, high = chart_of.y_range
    description = title + ". " + t("chart_summary", lang, kind=t(kind_label, lang),
                                   n=len(frame), min=format_number(low, lang),
                                   max=format_number(high, lang))
    # with series, a row per x and a column per series (easier to read than a row per point,
    # and a third of the rows of a long table)
    columns = [Column(x_title, "text")] + (
        [Column(series, "number") for series in chart_of.series_names]
        if chart_of.series_names is not None else [Column(y_title, "number")])
    chart = build_auto_chart(f"{name}-{resource['name']}", chart_of.drawn, shape, labels,
                             values=chart_of.records, description=description,
                             table_columns=columns, table_rows=chart_of.rows,
                             csv_name=f"{resource['name']}.{lang}.csv")
    spec_rel = f"charts/{resource['name']}.{lang}.vg.json"
    csv_rel = f"charts/{resource['name']}.{lang}.csv"  # its headers are in the page's language
    html = render_figure(chart, spec_url=href_base + spec_rel, csv_url=href_base + csv_rel,
                         lang=lang)
    files = {
        spec_rel: json.dumps(chart.vega, sort_keys=True, ensure_ascii=False).encode(),
        csv_rel: table_csv(chart, chart_of.csv_rows).encode(),
    }
    return html, files


def _chart_rows(frame: pd.DataFrame, series: bool
                ) -> tuple[list[str] | None, list[tuple[Any, ...]]]:
    """The chart data table's series columns (None without series) and rows."""
    if not series:
        return None, [(_plain(x), _plain(y)) for x, y in zip(frame["x"], frame["y"])]
    index, columns, grid = _wide(frame)
    rows = [(_plain(x), *(_plain(v) for v in values)) for x, values in zip(index, grid)]
    return [str(name) for name in columns], rows


def _wide(frame: pd.DataFrame) -> tuple[Any, Any, np.ndarray]:
    """frame.pivot(index="x", columns="s", values="y"): its index, columns and values. Float
    sums of distinct (x, s) pairs are laid out directly, in the order pivot sorts them in."""
    x_codes, x_values = pd.factorize(frame["x"], sort=True)
    s_codes, s_values = pd.factorize(frame["s"], sort=True)
    if frame["y"].dtype != np.float64 or (x_codes < 0).any() or (s_codes < 0).any() \
            or len(np.unique(x_codes * len(s_values) + s_codes)) < len(frame):
        wide = frame.pivot(index="x", columns="s", values="y")
        return wide.index, wide.columns, wide.to_numpy()
    grid = np.full((len(x_values), len(s_values)), np.nan)
    grid[x_codes, s_codes] = frame["y"].to_numpy()
    return x_values, s_values, grid


@dataclass(frozen=True)
class PageValues:
    """What a dataset page shows that is the same in every language."""

    previews: dict[str, tuple[list[str], list[list[tuple[Any, bool]]]]]
    """Resource name -> its preview (see preview_values); tables with rows only."""
    extent: tuple[Any, Any] | None
    """See temporal_extent."""


def page_values(source: PackageSource, tables: dict[str, pd.DataFrame]) -> PageValues:
    """The language-independent values of a package's dataset page, worked out once."""
    resources = [r for r in source.descriptor.get("resources", []) if isinstance(r, dict)]
    previews = {r.get("name"): preview_values(tables[r.get("name")]) for r in resources
                if tables.get(r.get("name")) is not None and not tables[r.get("name")].empty}
    return PageValues(previews, temporal_extent(_schemas(source.descriptor), tables))


def _schemas(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r.get("name"): (r.get("schema") if isinstance(r.get("schema"), dict) else {})
            for r in descriptor.get("resources", [])}


def dataset_context(source: PackageSource, tables: dict[str, pd.DataFrame],
                    downloads: list[Download], lang: str, charts: dict[str, str | None],
                    values: PageValues | None = None) -> dict[str, Any]:
    """Everything the dataset template shows, in one language (`values`: page_values, when
    already worked out for another language)."""
    descriptor = source.descriptor
    name = source.name
    href_base = "" if lang == "fr" else f"../../../donnees/{name}/"
    schemas = _schemas(descriptor)
    values = values or page_values(source, tables)
    resources = []
    for resource in descriptor.get("resources", []):
        rname = resource.get("name")
        table = tables.get(rname)
        paths = resource_paths(resource)
        size = sum((source.folder / p).stat().st_size for p in paths)
        resources.append({
            "name": rname,
            "anchor": f"res-{rname}",
            "title": meta.title_of(resource, lang),
            "description": meta.localized(resource, "description", lang) or "",
            "tabular": table is not None,
            "rows": format_number(len(table), lang) if table is not None else "",
            "bytes": format_bytes(size, lang),
            "fields": _fields(schemas.get(rname) or {}, lang),
            "key_notes": _keys(schemas.get(rname) or {}, lang),
            "missing_values": ", ".join(
                repr(v) if isinstance(v, str) else str(v)
                for v in (schemas.get(rname) or {}).get("missingValues", [])
            ) if (schemas.get(rname) or {}).get("missingValues") not in (None, [""]) else "",
            "preview": _preview(values.previews[rname], lang) if rname in values.previews
            else None,
            "chart": charts.get(rname),
        })
    labels = {"descriptor": "dl_descriptor", "zip": "dl_zip", "original": "dl_original",
              "parquet": "dl_parquet"}
    from generator.render.strings import t

    title = meta.title_of(descriptor, lang)
    year = str(descriptor.get("created") or "")[:4]
    publisher = ", ".join(meta.contributors(descriptor)[:1]) or name
    version = descriptor.get("version") or ""
    citation = f"{publisher} ({year or 's. d.'}). {title}" + (f", version {version}" if version
                                                               else "") + f". {name}."
    return {
        "lang": lang,
        "name": name,
        "title": title,
        "summary": " ".join(str(meta.localized(descriptor, "description", lang) or title)
                            .split())[:300],
        "description": meta.localized(descriptor, "description", lang) or "",
        "demo": meta.demo_notice(descriptor, lang),
        "licences": meta.licences(descriptor),
        "version": version,
        "updated": format_date(_as_date(descriptor.get("modified") or descriptor.get("created")),
                               lang),
        "temporal": temporal_coverage(values.extent, lang),
        "sources": meta.sources(descriptor),
        "contributors": meta.contributors(descriptor),
        "keywords": meta.keywords(descriptor, lang),
        "homepage": descriptor.get("homepage") if str(descriptor.get("homepage") or "")
        .startswith(("http://", "https://")) else "",
        "downloads": [
            {"href": href_base + d.path, "label": t(labels[d.kind], lang), "path": d.path,
             "format": d.format, "size": format_bytes(d.size, lang), "sha256": d.sha256}
            for d in downloads
        ],
        "resources": resources,
        "charts": any(charts.values()),
        "citation": citation,
    }


def _as_date(value: Any) -> Any:
    from datetime import date, datetime

    if not isinstance(value, str):
        return value
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return value
