"""Accessible HTML figure for a chart: live view hook, SVG fallback, data table, CSV link."""

from __future__ import annotations

import csv
import io
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from markupsafe import Markup, escape

from generator.cache import cached
from generator.charts.compile import to_svg, to_vega
from generator.charts.locale import MINUS, check_lang, decimal_mark
from generator.render.rawhtml import carried
from generator.render.text import format_bool
from generator.render.text import format_number as format_text_number

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "data": "Données du graphique",
        "download": "Télécharger les données (CSV)",
    },
    "en": {
        "data": "Chart data",
        "download": "Download the data (CSV)",
    },
}

Kind = Literal["auto", "text", "number"]


@dataclass(frozen=True)
class Column:
    """A data-table column: header label, value kind and, for numbers, fixed decimals."""

    label: str
    kind: Kind = "auto"
    decimals: int | None = None


@dataclass(frozen=True)
class Chart:
    """Everything the site needs for one chart, computed in memory."""

    id: str
    vega_lite: dict[str, Any]
    vega: dict[str, Any]
    svg: str
    description: str
    table_rows: tuple[tuple[Any, ...], ...]
    table_columns: tuple[Column, ...]
    csv_name: str


def build_chart(
    chart_id: str,
    vega_lite: dict[str, Any],
    *,
    lang: str,
    description: str,
    table_columns: Sequence[Column | str],
    table_rows: Sequence[Sequence[Any]],
    csv_name: str | None = None,
) -> Chart:
    """Compile a Vega-Lite spec (Vega + SVG fallback) and bundle it with its data table."""
    vega, svg = cached("chart", (vega_lite, lang, chart_id), lambda: (
        to_vega(vega_lite), to_svg(vega_lite, lang, id_prefix=f"chart-{chart_id}")))
    return chart_from_parts(chart_id, vega_lite, vega, svg, description=description,
                            table_columns=table_columns, table_rows=table_rows,
                            csv_name=csv_name)


def chart_from_parts(
    chart_id: str,
    vega_lite: dict[str, Any],
    vega: dict[str, Any],
    svg: str,
    *,
    description: str,
    table_columns: Sequence[Column | str],
    table_rows: Sequence[Sequence[Any]],
    csv_name: str | None = None,
) -> Chart:
    """A chart from its compiled specs and SVG, with its data table (rows checked)."""
    columns = tuple(c if isinstance(c, Column) else Column(c) for c in table_columns)
    rows = tuple(tuple(row) for row in table_rows)
    if any(len(row) != len(columns) for row in rows):
        raise ValueError(f"chart {chart_id}: every table row needs {len(columns)} cells")
    return Chart(
        id=chart_id,
        vega_lite=vega_lite,
        vega=vega,
        svg=svg,
        description=description,
        table_rows=rows,
        table_columns=columns,
        csv_name=csv_name or f"{chart_id}.csv",
    )


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas' NA/NaT."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT and pd.NA compare unequal to themselves
    except (TypeError, ValueError):
        return False


def format_number(value: float | int | None, lang: str, decimals: int | None = None) -> str:
    """Format a number for display: fr '1 234,5' (narrow no-break spaces), en '1,234.5'."""
    # render.text.format_number with the chart conventions: at most 2 decimals unless fixed,
    # booleans as 1/0, never "−0", and an unsupported language is an error as in every chart
    if type(value) is float:  # most cells: NaN is the one missing float
        if math.isnan(value):
            return ""
        number = value
    elif is_missing(value):
        return ""
    else:
        number = float(value)  # type: ignore[arg-type]
    text = format_text_number(number, lang, 2 if decimals is None else decimals)
    if math.isinf(number):
        return text
    if decimals is None:
        text = text.rstrip("0").rstrip(decimal_mark(lang))
    if text.startswith(MINUS) and _NONZERO.isdisjoint(text):
        text = text[len(MINUS):]
    return text


_NONZERO = frozenset("123456789")


def format_cell(value: Any, column: Column, lang: str) -> str:
    """Display text of one table cell (numbers localised, booleans translated)."""
    if type(value) is float and column.kind != "text":
        return format_number(value, lang, column.decimals)  # NaN too: shown empty
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return format_bool(value, lang)
    if column.kind == "text" or not isinstance(value, numbers.Real):
        return str(value)
    if column.kind == "auto" and isinstance(value, numbers.Integral):
        return str(int(value))  # years and identifiers: no grouping
    return format_number(value, lang, column.decimals)


def _table(chart: Chart, lang: str) -> str:
    """The accessible data table (caption, column headers, localised cells)."""
    head = "".join(
        f'<th scope="col">{escape(c.label)}</th>' for c in chart.table_columns
    )
    numeric = [c.kind == "number" for c in chart.table_columns]
    # a label column then number columns (every automatic chart): the table says it once
    # rather than each cell (a tenth of a dataset page's HTML, and of the checker's work)
    by_table = len(numeric) > 1 and not numeric[0] and all(numeric[1:])
    body = []
    for row in chart.table_rows:
        cells = []
        for value, column, is_num in zip(row, chart.table_columns, numeric):
            cls = ' class="tdh-num"' if not by_table and not isinstance(value, bool) and (
                is_num or column.kind == "auto" and isinstance(value, numbers.Real)) else ""
            text = format_cell(value, column, lang)  # a float's: digits and separators only
            cells.append(f"<td{cls}>{text if type(value) is float else escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    table = '<table class="tdh-num-columns">' if by_table else "<table>"
    return (
        f"{table}<caption>{escape(chart.description)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def render_figure(chart: Chart, *, spec_url: str, csv_url: str, lang: str) -> str:
    """HTML block embedded in a Markdown page: live view, SVG fallback, table and CSV link."""
    msg = MESSAGES[check_lang(lang)]
    desc = escape(chart.description)
    return (
        f'<figure class="tdh-chart" id="chart-{escape(chart.id)}">\n'
        f"<figcaption>{desc}</figcaption>\n"
        # the drawing and the data pass Markdown as they are and stay out of the search index
        # (the dataset pages hold the data)
        + carried(f'<div class="tdh-chart__view" data-tdh-vega="{escape(spec_url)}" role="img"'
                  f' aria-label="{desc}" data-search-exclude>{Markup(chart.svg)}</div>')
        + "\n"
        + carried(f'<details class="tdh-chart__data" data-search-exclude>'
                  f'<summary>{escape(msg["data"])}</summary>\n'
                  f"{_table(chart, lang)}\n</details>")
        + "\n"
        f'<p class="tdh-chart__links"><a href="{escape(csv_url)}" download>'
        f"{escape(msg['download'])}</a></p>\n"
        "</figure>\n"
    )


def _csv_value(value: Any) -> Any:
    """Machine-readable CSV cell: '.' decimals, no grouping, true/false, empty for missing."""
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
    return str(value)


def table_csv(chart: Chart, rows_text: str | None = None) -> str:
    """The chart's data as deterministic CSV text (UTF-8, comma, LF line endings).

    `rows_text`: csv_rows(chart.table_rows), when already written (the same in every
    language: only the header is translated)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([c.label for c in chart.table_columns])
    return out.getvalue() + (csv_rows(chart.table_rows) if rows_text is None else rows_text)


def csv_rows(rows: Sequence[Sequence[Any]]) -> str:
    """The CSV lines of a chart's data rows (see table_csv)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([_csv_value(v) for v in row] for row in rows)
    return out.getvalue()
