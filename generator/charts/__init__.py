"""Chart layer: Vega-Lite specs, build-time compilation to Vega and SVG, accessible figures."""

from __future__ import annotations

from generator.charts.compile import to_svg, to_vega
from generator.charts.figure import (
    Chart,
    Column,
    build_chart,
    format_number,
    render_figure,
    table_csv,
)
from generator.charts.locale import vega_locale
from generator.charts.spec import (
    PALETTE,
    Rule,
    bar_chart,
    bar_layer,
    layered,
    line_chart,
    line_layer,
    point_layer,
    rule_layer,
)
from generator.charts.vendor import RUNTIME_SCRIPTS, VENDOR_SOURCES, vendor_files

__all__ = [
    "PALETTE",
    "RUNTIME_SCRIPTS",
    "VENDOR_SOURCES",
    "Chart",
    "Column",
    "Rule",
    "bar_chart",
    "bar_layer",
    "build_chart",
    "format_number",
    "layered",
    "line_chart",
    "line_layer",
    "point_layer",
    "render_figure",
    "rule_layer",
    "table_csv",
    "to_svg",
    "to_vega",
    "vega_locale",
    "vendor_files",
]
