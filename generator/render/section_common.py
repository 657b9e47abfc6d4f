"""Helpers shared by the section pages: site-relative links, display formats, slugs, charts.

Number formats are built on `generator.render.text`; each shows MISSING ("—") for a value that
is not a finite number. A section page is `x/` (fr) or `en/x/` (en); its chart and data files
are stored under its folder `x/`.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup

from generator.charts.figure import (
    Chart,
    Column,
    build_chart,
    is_missing,
    render_figure,
    table_csv,
)
from generator.compute import coerce
from generator.render.sections import SectionContext
from generator.render.text import NARROW_NBSP, format_bool, format_number, format_percent, md_text
from generator.write import SiteFile

MISSING = "—"
MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


# ---------------------------------------------------------------- links


def site_root(lang: str) -> str:
    """Relative path from a section page (`x/` or `en/x/`) to the site root."""
    return "../" if lang == "fr" else "../../"


def site_href(lang: str, path: str) -> str:
    """Link from a section page to a file at the site root (data files, API)."""
    return site_root(lang) + path


def page_href(lang: str, path: str) -> str:
    """Link from a section page to another page of the same language (`donnees/x/`)."""
    return "../" + path


def asset_base(folder: str, lang: str) -> str:
    """URL prefix, from the page of `folder` in `lang`, of site files stored under `folder`."""
    if lang == "fr":
        return ""
    depth = len([part for part in folder.split("/") if part])
    return "../" * (depth + 1) + folder.strip("/") + "/"


def resource_files(descriptor: dict[str, Any]) -> list[tuple[str, str]]:
    """(resource name, data file path) of every resource with a single local file."""
    found = []
    for resource in descriptor.get("resources") or []:
        path = resource.get("path") if isinstance(resource, dict) else None
        if isinstance(path, str) and "://" not in path:
            found.append((str(resource.get("name") or path), path))
    return found


def dataset_links(context: SectionContext, lang: str, api: str) -> dict[str, Any]:
    """Links to the package's dataset page, its data files and the section's API file."""
    base = f"donnees/{context.package}/"
    return {
        "dataset": page_href(lang, base),
        "files": [{"name": name, "href": site_href(lang, base + path), "path": path}
                  for name, path in resource_files(context.descriptor)],
        "api": site_href(lang, api),
    }


# ---------------------------------------------------------------- cells


def is_number(value: Any) -> bool:
    """True for a finite real number (not a bool)."""
    return coerce.number(value) is not None


def cell(record: dict[str, Any] | None, column: str) -> Any:
    """A cell of a row dict, None when absent or missing."""
    value = record.get(column) if record else None
    return None if is_missing(value) else value


def flag(value: Any) -> bool:
    """A boolean cell (True, 'true', 1) as bool."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "oui", "vrai")
    return bool(value) if value is not None else False


def lookup_rows(tables: dict[str, Any], resource: str, key: str) -> dict[str, dict[str, Any]]:
    """Rows of an optional table indexed by the text of their `key` column."""
    frame = tables.get(resource)
    if frame is None or key not in getattr(frame, "columns", ()):
        return {}
    rows: dict[str, dict[str, Any]] = {}
    for record in frame.to_dict("records"):
        value = record.get(key)
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            rows[str(value).strip()] = record
    return rows


# ---------------------------------------------------------------- display formats


def number(value: Any, lang: str, decimals: int | None = None) -> str:
    """A localised number (integers without decimals unless `decimals` is given)."""
    return format_number(value, lang, decimals) if is_number(value) else MISSING


def tonnes(value: Any, lang: str) -> str:
    """Emissions in whole tonnes: 104 987 (fr), 104,987 (en)."""
    return number(value, lang, 0)


def rounded(value: Any, lang: str) -> str:
    """A localised number with sensible decimals for its size (0 above 100, 1 above 10, else 2)."""
    if not is_number(value):
        return MISSING
    size = abs(float(value))
    decimals = 0 if size >= 100 else 1 if size >= 10 else 2
    return format_number(round(float(value), decimals), lang)


def euros(value: Any, lang: str) -> str:
    """An amount in euros: 3 850 000 € (fr), €3,850,000 (en)."""
    if not is_number(value):
        return MISSING
    text = format_number(float(value), lang, 0)
    return f"{text}{NARROW_NBSP}€" if lang == "fr" else f"€{text}"


def percent(value: Any, lang: str, decimals: int = 1, signed: bool = False) -> str:
    """A value already in percent (`*_pct` keys): −1,7 % (fr), −1.7% (en)."""
    if not is_number(value):
        return MISSING
    return format_percent(float(value), lang, decimals, signed=signed)


def share(value: Any, lang: str, decimals: int = 1, signed: bool = False) -> str:
    """A fraction (`rate`, `share` keys) shown as a percentage: 0.123 -> 12,3 %."""
    if not is_number(value):
        return MISSING
    return format_percent(float(value) * 100, lang, decimals, signed=signed)


def points(value: Any, lang: str) -> str:
    """A difference of shares, already in percentage points: +1,4 pt (fr), +1.4 pp (en)."""
    if not is_number(value):
        return MISSING
    text = format_number(abs(float(value)), lang, 1)
    sign = "+" if value > 0.05 else "−" if value < -0.05 else ""
    return f"{sign}{text}{NARROW_NBSP}pt" if lang == "fr" else f"{sign}{text} pp"


def with_unit(text: str, unit: Any, lang: str) -> str:
    """'12 %' (fr, narrow no-break space) or '12%' (en); other units after a no-break space."""
    if text == MISSING or not unit:
        return text
    unit = str(unit)
    if unit == "%":
        return f"{text}%" if lang == "en" else f"{text}{NARROW_NBSP}%"
    return f"{text}\u00a0{unit}"


def yes_no(value: Any, lang: str) -> str:
    """oui/non, yes/no, or a dash for unknown."""
    return MISSING if value is None else format_bool(value, lang)


def label(labels: dict[str, dict[str, str]], code: Any, lang: str) -> str:
    """The display label of a code, or the code itself when unknown."""
    text = "" if code is None else str(code)
    entry = labels.get(text)
    return entry[lang] if entry else text


def month_label(period: Any, lang: str) -> str:
    """'2023-07' -> 'juillet 2023' / 'July 2023'; anything else unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(period))
    if not match or not 1 <= int(match.group(2)) <= 12:
        return str(period)
    return f"{MONTHS[lang][int(match.group(2)) - 1]} {match.group(1)}"


# ---------------------------------------------------------------- slugs and page text


def slugify(text: Any) -> str:
    """A URL-safe slug: lower-case ASCII letters, digits and hyphens only."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or "item"


def unique_slugs(ids: Iterable[Any]) -> dict[str, str]:
    """id -> slug, made unique with -2, -3… suffixes in the order given."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for raw in ids:
        key = str(raw)
        if key in out:
            continue
        base = slugify(key)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        out[key] = slug
    return out


def heading(value: Any) -> Markup:
    """Text for a Markdown heading: escaped like `md`, but quotes kept literal so that the
    table of contents does not show their entities."""
    return Markup(md_text(value).replace("&\\#39;", "'").replace("&\\#34;", '"'))


def meta_text(value: Any) -> str:
    """Text for the front matter: the theme prints `title` and `description` without escaping,
    so angle brackets and double quotes become look-alike characters."""
    text = " ".join(str(value or "").split())
    return text.replace("<", "\u2039").replace(">", "\u203a").replace('"', "\u201d")


# ---------------------------------------------------------------- charts


def embed_chart(files: dict[str, SiteFile], chart: Chart, folder: str, lang: str,
                name: str | None = None) -> str:
    """Store a chart's spec and CSV under `folder` (as `name`, default `charts/<id>`), give HTML."""
    stem = f"charts/{chart.id}" if name is None else name
    spec_rel, csv_rel = f"{stem}.{lang}.vg.json", f"{stem}.{lang}.csv"
    files[f"{folder}/{spec_rel}"] = json.dumps(chart.vega, sort_keys=True,
                                               ensure_ascii=False).encode("utf-8")
    files[f"{folder}/{csv_rel}"] = table_csv(chart).encode("utf-8")
    base = asset_base(folder, lang)
    return render_figure(chart, spec_url=base + spec_rel, csv_url=base + csv_rel, lang=lang)


def embed_spec(files: dict[str, SiteFile], folder: str, name: str, lang: str, *,
               chart_id: str, spec: dict[str, Any], description: str,
               columns: Sequence[Column | str], rows: Sequence[Sequence[Any]]) -> str:
    """Build a chart (id `<chart_id>-<lang>`) from a Vega-Lite spec and embed it as `name`."""
    chart = build_chart(f"{chart_id}-{lang}", spec, lang=lang, description=description,
                        table_columns=columns, table_rows=rows)
    return embed_chart(files, chart, folder, lang, name)


__all__ = ["MISSING", "MONTHS", "asset_base", "cell", "dataset_links", "embed_chart",
           "embed_spec", "euros", "flag", "heading", "is_number", "label", "lookup_rows",
           "meta_text", "month_label", "number", "page_href", "percent", "points",
           "resource_files", "rounded", "share", "site_href", "site_root", "slugify", "tonnes",
           "unique_slugs", "with_unit", "yes_no"]
