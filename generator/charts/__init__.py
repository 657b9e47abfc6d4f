"""Chart layer: Vega-Lite specs, build-time compilation to Vega and SVG, accessible figures.

The names below are imported from their modules when first used: importing one module of the
package (the vendored runtime's file list, say) does not load altair and vl-convert, a second
of imports a rebuild with no chart to draw does not need.
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULES = {
    "compile": ("to_svg", "to_vega"),
    "figure": ("Chart", "Column", "build_chart", "format_number", "render_figure",
               "table_csv"),
    "locale": ("vega_locale",),
    "spec": ("PALETTE", "Rule", "bar_chart", "bar_layer", "layered", "line_chart", "line_layer",
             "point_layer", "rule_layer"),
    "vendor": ("RUNTIME_SCRIPTS", "VENDOR_SOURCES", "vendor_files"),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "PALETTE", "RUNTIME_SCRIPTS", "VENDOR_SOURCES", "Chart", "Column", "Rule", "bar_chart",
    "bar_layer", "build_chart", "format_number", "layered", "line_chart", "line_layer",
    "point_layer", "render_figure", "rule_layer", "table_csv", "to_svg", "to_vega",
    "vega_locale", "vendor_files",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
