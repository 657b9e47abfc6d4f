"""Specs of the automatic dataset charts, compiled once per chart shape and then filled.

A dataset page draws one chart per table. Building its Vega-Lite spec with altair and compiling
it with vl-convert costs 20–40 ms, so a site of 2,000 tables spent over a minute there. These
charts come in few shapes (line or bars, temporal or ordinal x, with or without series, per
language): each shape is built and compiled once with placeholder labels, height and data, and
each chart is that template with its own values put in. tests/unit/test_auto_chart.py proves a
filled spec is the spec a direct compilation gives.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import pandas as pd

from generator.charts.compile import printable_spec, spec_text, to_vega
from generator.charts.figure import Chart, Column, chart_from_parts
from generator.charts.spec import DEFAULT_HEIGHT, bar_chart, line_chart

Kind = Literal["line", "bar"]
LABELS = ("title", "x_title", "y_title", "color_title")
_MARK = "TDHSLOT"
_SLOT = re.compile(_MARK + r"(\w+?)Z")
_HEIGHT_SLOT = 987_654_321


@dataclass(frozen=True)
class Shape:
    """What decides a compiled spec's structure: everything else is labels and data."""

    kind: Kind
    x_type: str
    """"temporal" or "ordinal" for lines; bars are by category."""
    series: bool
    lang: str
    points: bool = True
    """Lines: a dot on each value (short series only: see dots_on)."""


MAX_DOTTED_POINTS = 40
"""A line of more values than this is drawn without a dot on each (they would blur it)."""


def dots_on(frame: pd.DataFrame, series: bool) -> bool:
    """Whether the lines of `frame` get a dot on each value: every series short enough."""
    longest = frame.groupby("s").size().max() if series else len(frame)
    return bool(longest <= MAX_DOTTED_POINTS)


def bar_height(categories: int) -> int:
    """The height of a horizontal bar chart: 32 px a bar, at least 120 px."""
    return max(120, 32 * categories)


def auto_spec(frame: pd.DataFrame, shape: Shape, labels: dict[str, str], height: int
              ) -> dict[str, Any]:
    """The Vega-Lite spec of an automatic chart of `frame` (columns x, y and, for series, s)."""
    color = {"color": "s", "color_title": labels["color_title"]} if shape.series else {}
    common = {"title": labels["title"], "x_title": labels["x_title"],
              "y_title": labels["y_title"], "lang": shape.lang, "height": height, **color}
    if shape.kind == "line":
        return line_chart(frame, "x", "y", x_type=shape.x_type,  # type: ignore[arg-type]
                          point=shape.points, **common)
    return bar_chart(frame, "x", "y", horizontal=True, **common)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as a spec's inline data, as altair's `to_values` writes it (Python scalars,
    None for missing and infinite numbers), without its per-frame sanitising copy."""
    names = [str(name) for name in frame.columns]
    columns = [[_json_value(v) for v in frame[name].tolist()] for name in frame.columns]
    return [dict(zip(names, row)) for row in zip(*columns)]


def _json_value(value: Any) -> Any:
    """A cell as records writes it: printable_spec's strings (column by column is faster
    than walking the records), None for missing and infinite numbers."""
    if isinstance(value, str):
        return spec_text(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return printable_spec(value) if isinstance(value, (dict, list)) else value


def compile_auto(frame: pd.DataFrame, shape: Shape, labels: dict[str, str],
                 values: list[dict[str, Any]] | None = None
                 ) -> tuple[dict[str, Any], dict[str, Any]]:
    """(Vega-Lite spec, Vega spec) of an automatic chart, from its shape's template.

    `values`: records(frame), when already known.
    """
    height = DEFAULT_HEIGHT if shape.kind == "line" else bar_height(frame["x"].nunique())
    vl_text, vega_text, data_name = _template(shape)
    texts = {name: printable_spec(labels.get(name) or "") for name in LABELS}
    if values is None:
        values = records(frame[_columns(shape)])
    vl = _filled(vl_text, texts, height)
    vl["datasets"][data_name] = values
    vega = _filled(vega_text, texts, height)
    for data in vega["data"]:
        if data.get("name") == data_name and "values" in data:
            data["values"] = values  # the same list in both specs: neither is changed later
    return vl, vega


def build_auto_chart(chart_id: str, frame: pd.DataFrame, shape: Shape, labels: dict[str, str],
                     *, values: list[dict[str, Any]] | None = None, description: str,
                     table_columns: Sequence[Column], table_rows: Sequence[Sequence[Any]],
                     csv_name: str) -> Chart:
    """An automatic chart: specs from the shape's template, tdh's own SVG fallback."""
    from generator.charts.autosvg import auto_svg

    vl, vega = compile_auto(frame, shape, labels, values)
    height = DEFAULT_HEIGHT if shape.kind == "line" else bar_height(frame["x"].nunique())
    svg = auto_svg(frame, shape, labels, height, label=labels["title"])
    return chart_from_parts(chart_id, vl, vega, svg, description=description,
                            table_columns=table_columns, table_rows=table_rows,
                            csv_name=csv_name)


def _columns(shape: Shape) -> list[str]:
    return ["x", "s", "y"] if shape.series else ["x", "y"]


@cache
def _template(shape: Shape) -> tuple[str, str, str]:
    """The shape's specs compiled with slots for labels and height: (VL JSON, Vega JSON, the
    name of the inline dataset)."""
    x = "2000-01-01" if shape.x_type == "temporal" else "x"
    row = {"x": x, "s": "s", "y": 1.0} if shape.series else {"x": x, "y": 1.0}
    frame = pd.DataFrame([row])
    labels = {name: f"{_MARK}{name}Z" for name in LABELS}
    vl = auto_spec(frame, shape, labels, _HEIGHT_SLOT)
    vega = to_vega(vl)
    (data_name,) = vl["datasets"]
    vl["datasets"][data_name] = []
    for data in vega["data"]:
        if data.get("name") == data_name:
            data["values"] = []
    vl_text, vega_text = json.dumps(vl), json.dumps(vega)
    if str(_HEIGHT_SLOT) not in vega_text:
        raise AssertionError(f"chart template {shape}: no height slot in the Vega spec")
    return vl_text, vega_text, data_name


def _filled(template: str, texts: dict[str, str], height: int) -> Any:
    """_fill of the template's JSON: the same, only the slots visited."""
    spec = json.loads(template)
    for path, value in _slots(template):
        parent = spec
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = _fill(value, texts, height)
    return spec


@cache
def _slots(template: str) -> tuple[tuple[tuple[Any, ...], Any], ...]:
    """Where the template's slots are: (path of keys and indexes, the slot's value)."""
    found = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        items = value.items() if isinstance(value, dict) else enumerate(value) \
            if isinstance(value, list) else ()
        for key, item in items:
            if isinstance(item, (dict, list)):
                walk(item, (*path, key))
            elif isinstance(item, str) and _MARK in item \
                    or item == _HEIGHT_SLOT and not isinstance(item, bool):
                found.append(((*path, key), item))

    walk(json.loads(template), ())
    return tuple(found)


def _fill(value: Any, texts: dict[str, str], height: int) -> Any:
    """A template with its slots filled: whole strings by the text, slots inside Vega
    expressions by the text inside a JavaScript string literal."""
    if isinstance(value, dict):
        return {k: _fill(v, texts, height) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, texts, height) for v in value]
    if isinstance(value, str) and _MARK in value:
        whole = _SLOT.fullmatch(value)
        if whole:
            return texts[whole.group(1)]
        # as Vega-Lite writes titles into its tooltip expressions: only quotes escaped
        return _SLOT.sub(lambda m: texts[m.group(1)].replace('"', '\\"'), value)
    if value == _HEIGHT_SLOT and not isinstance(value, bool):
        return height
    return value
