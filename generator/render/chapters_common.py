"""Helpers shared by the indicator, energy and participation sections (slugs, charts, numbers)."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup

from generator.charts.figure import Column, build_chart, render_figure, table_csv
from generator.render.text import NARROW_NBSP, format_number, format_percent, md_text
from generator.write import SiteFile

MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


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


def asset_base(folder: str, lang: str) -> str:
    """URL prefix, from the page of `folder` in `lang`, of site files stored under `folder`."""
    if lang == "fr":
        return ""
    depth = len([part for part in folder.split("/") if part])
    return "../" * (depth + 1) + folder.strip("/") + "/"


def is_number(value: Any) -> bool:
    """True for a finite real number (not a bool)."""
    if isinstance(value, bool) or value is None:
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def num(value: Any, lang: str, decimals: int | None = None) -> str:
    """A localised number, '—' when missing."""
    return format_number(value, lang, decimals) if is_number(value) else "—"


def rounded(value: Any, lang: str) -> str:
    """A localised number with sensible decimals for its size (0 above 100, 1 above 10, else 2)."""
    if not is_number(value):
        return "—"
    size = abs(float(value))
    decimals = 0 if size >= 100 else 1 if size >= 10 else 2
    return format_number(round(float(value), decimals), lang)


def pct(fraction: Any, lang: str, decimals: int = 1, signed: bool = False) -> str:
    """A fraction shown as a percentage (0.123 -> 12,3 %), '—' when missing."""
    if not is_number(fraction):
        return "—"
    return format_percent(float(fraction) * 100, lang, decimals, signed=signed)


def with_unit(text: str, unit: Any, lang: str) -> str:
    """'12 %' (fr, narrow no-break space) or '12%' (en); other units after a no-break space."""
    if text == "—" or not unit:
        return text
    unit = str(unit)
    if unit == "%":
        return f"{text}%" if lang == "en" else f"{text}{NARROW_NBSP}%"
    return f"{text}\u00a0{unit}"


def month_label(period: Any, lang: str) -> str:
    """'2023-07' -> 'juillet 2023' / 'July 2023'; anything else unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(period))
    if not match or not 1 <= int(match.group(2)) <= 12:
        return str(period)
    return f"{MONTHS[lang][int(match.group(2)) - 1]} {match.group(1)}"


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


def cell(record: dict[str, Any] | None, column: str) -> Any:
    """A cell of a row dict, None when absent or missing."""
    if not record:
        return None
    value = record.get(column)
    try:
        if value is None or bool(value != value):
            return None
    except (TypeError, ValueError):
        return value
    return value


def flag(value: Any) -> bool:
    """A boolean cell (True, 'true', 1) as bool."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "oui", "vrai")
    return bool(value) if value is not None else False


def embed_chart(files: dict[str, SiteFile], folder: str, name: str, lang: str, *,
                chart_id: str, spec: dict[str, Any], description: str,
                columns: Sequence[Column | str], rows: Sequence[Sequence[Any]]) -> str:
    """Build a chart, store its Vega spec and CSV under `folder`, return the figure HTML."""
    chart = build_chart(f"{chart_id}-{lang}", spec, lang=lang, description=description,
                        table_columns=columns, table_rows=rows)
    spec_rel = f"{folder}/{name}.{lang}.vg.json"
    csv_rel = f"{folder}/{name}.{lang}.csv"
    files[spec_rel] = json.dumps(chart.vega, sort_keys=True, ensure_ascii=False).encode()
    files[csv_rel] = table_csv(chart).encode()
    base = asset_base(folder, lang)
    return render_figure(chart, spec_url=f"{base}{name}.{lang}.vg.json",
                         csv_url=f"{base}{name}.{lang}.csv", lang=lang)


__all__ = ["Column", "asset_base", "cell", "embed_chart", "flag", "heading", "is_number",
           "lookup_rows", "meta_text", "month_label", "num", "pct", "rounded", "slugify",
           "unique_slugs", "with_unit"]
