"""Helpers shared by the budget sections: relative links, display formats, chart embedding."""

from __future__ import annotations

import json
from typing import Any

from generator.charts.figure import Chart, render_figure, table_csv
from generator.render.text import NARROW_NBSP, format_number, format_percent

MISSING = "—"


def site_root(lang: str) -> str:
    """Relative path from a section page (`x/` or `en/x/`) to the site root."""
    return "../" if lang == "fr" else "../../"


def site_href(lang: str, path: str) -> str:
    """Link from a section page to a file at the site root (data files, API)."""
    return site_root(lang) + path


def page_href(lang: str, path: str) -> str:
    """Link from a section page to another page of the same language (`donnees/x/`)."""
    return "../" + path


def section_file_href(folder: str, lang: str, relative: str) -> str:
    """Link from a section page to a file published under `folder/` at the site root."""
    return relative if lang == "fr" else f"../../{folder}/{relative}"


def number(value: Any, lang: str, decimals: int = 0) -> str:
    """A localised number, or a dash when missing."""
    if value is None:
        return MISSING
    return format_number(float(value), lang, decimals)


def tonnes(value: Any, lang: str) -> str:
    """Emissions in whole tonnes: 104 987 (fr), 104,987 (en)."""
    return number(value, lang, 0)


def euros(value: Any, lang: str) -> str:
    """An amount in euros: 3 850 000 € (fr), €3,850,000 (en)."""
    if value is None:
        return MISSING
    text = format_number(float(value), lang, 0)
    return f"{text}{NARROW_NBSP}€" if lang == "fr" else f"€{text}"


def percent(value: Any, lang: str, decimals: int = 1, signed: bool = False) -> str:
    """A value already in percent (`*_pct` keys): −1,7 % (fr), −1.7% (en)."""
    if value is None:
        return MISSING
    return format_percent(float(value), lang, decimals, signed=signed)


def share(value: Any, lang: str, decimals: int = 1, signed: bool = False) -> str:
    """A fraction (`rate`, `share` keys) shown as a percentage."""
    return MISSING if value is None else percent(float(value) * 100, lang, decimals, signed)


def points(value: Any, lang: str) -> str:
    """A difference of shares, already in percentage points: +1,4 pt (fr), +1.4 pp (en)."""
    if value is None:
        return MISSING
    text = format_number(abs(float(value)), lang, 1)
    sign = "+" if value > 0.05 else "−" if value < -0.05 else ""
    return f"{sign}{text}{NARROW_NBSP}pt" if lang == "fr" else f"{sign}{text} pp"


def yes_no(value: Any, lang: str) -> str:
    """oui/non, yes/no, or a dash for unknown."""
    if value is None:
        return MISSING
    return {"fr": ("non", "oui"), "en": ("no", "yes")}[lang][bool(value)]


def label(labels: dict[str, dict[str, str]], code: Any, lang: str) -> str:
    """The display label of a code, or the code itself when unknown."""
    text = "" if code is None else str(code)
    entry = labels.get(text)
    return entry[lang] if entry else text


def embed_chart(chart: Chart, folder: str, lang: str) -> tuple[str, dict[str, bytes]]:
    """The figure HTML of a chart and its spec and CSV files (site paths under `folder/`)."""
    spec_rel = f"charts/{chart.id}.{lang}.vg.json"
    csv_rel = f"charts/{chart.id}.{lang}.csv"
    html = render_figure(chart, spec_url=section_file_href(folder, lang, spec_rel),
                         csv_url=section_file_href(folder, lang, csv_rel), lang=lang)
    files = {
        f"{folder}/{spec_rel}": json.dumps(chart.vega, sort_keys=True,
                                           ensure_ascii=False).encode("utf-8"),
        f"{folder}/{csv_rel}": table_csv(chart).encode("utf-8"),
    }
    return html, files


def resource_files(descriptor: dict[str, Any]) -> list[tuple[str, str]]:
    """(resource name, data file path) of every resource with a single local file."""
    found = []
    for resource in descriptor.get("resources") or []:
        path = resource.get("path") if isinstance(resource, dict) else None
        if isinstance(path, str) and "://" not in path:
            found.append((str(resource.get("name") or path), path))
    return found
