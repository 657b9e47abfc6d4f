"""Vega-Lite chart builders (vega-altair): lines, bars and layered charts, localised."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import pandas as pd
from altair.utils.schemapi import disable_debug_mode

# altair validates every schema object as it is built (its "debug mode"): most of a build's
# chart time. The specs are checked against the Vega-Lite schema in tests instead
# (tests/unit/test_chart_schema.py).
disable_debug_mode()

from generator.charts.locale import check_lang, vega_locale

XType = Literal["temporal", "ordinal", "quantitative"]

# Colour-blind safe (Okabe-Ito based, orange/yellow/sky replaced by darker hues); every colour
# has a contrast ratio of at least 3:1 against white (WCAG 1.4.11 for graphical objects).
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue 5.2:1
    "#D55E00",  # vermillion 3.9:1
    "#009E73",  # bluish green 3.4:1
    "#CC79A7",  # reddish purple 3.1:1
    "#8C6D00",  # dark gold 4.9:1
    "#332288",  # indigo 12.2:1
    "#737373",  # grey 4.7:1
    "#882255",  # wine 8.7:1
)
SYMBOLS: tuple[str, ...] = ("diamond", "circle", "square", "triangle-up", "cross")
INK = "#1A1A1A"  # overlays (caps, trajectories, reference rules): 17:1
DEFAULT_HEIGHT = 300
FONT = "sans-serif"


@dataclass(frozen=True)
class Rule:
    """A horizontal reference line (e.g. a goal) drawn at `value` with a text label."""

    value: float
    label: str


def chart_config(lang: str) -> dict[str, Any]:
    """Top-level Vega-Lite config: locale, palette, readable fonts, no per-mark ARIA noise."""
    return {
        "locale": vega_locale(lang),
        "aria": False,
        "font": FONT,
        "background": "white",
        "range": {"category": list(PALETTE), "symbol": list(SYMBOLS)},
        "title": {"fontSize": 16, "anchor": "start", "color": INK, "offset": 12},
        "axis": {
            "labelFontSize": 12,
            "titleFontSize": 13,
            "labelColor": INK,
            "titleColor": INK,
            "gridColor": "#E0E0E0",
            "domainColor": "#595959",
            "tickColor": "#595959",
            "labelLimit": 180,
        },
        "legend": {
            "labelFontSize": 12,
            "titleFontSize": 13,
            "labelColor": INK,
            "titleColor": INK,
            "orient": "bottom",
            "direction": "horizontal",
            "columns": 2,
            "columnPadding": 16,
            "labelLimit": 140,
            "symbolSize": 120,
        },
        "view": {"stroke": None, "continuousWidth": 640, "continuousHeight": DEFAULT_HEIGHT},
        "line": {"strokeWidth": 2.5},
        "point": {"size": 60, "filled": True},
    }


def _x_encoding(
    df: pd.DataFrame,
    x: str,
    x_title: str,
    x_type: XType,
    x_format: str | None,
    x_ticks: str | None = None,
) -> tuple[pd.DataFrame, alt.X, alt.Tooltip]:
    """Build the x channel and its tooltip; temporal data is pinned to UTC dates."""
    if x_type == "temporal":
        if pd.api.types.is_datetime64_any_dtype(df[x]):
            df = df.assign(**{x: df[x].dt.strftime("%Y-%m-%d")})
        axis: dict[str, Any] = {"format": x_format} if x_format else {}
        if x_ticks:
            axis["tickCount"] = x_ticks
        fmt = x_format or "%d %B %Y"
        enc = alt.X(
            x, type="temporal", title=x_title, scale=alt.Scale(type="utc"), axis=alt.Axis(**axis)
        )
        tip = alt.Tooltip(x, type="temporal", title=x_title, format=fmt, formatType="utc")
        return df, enc, tip
    if x_type == "ordinal":
        enc = alt.X(x, type="ordinal", title=x_title, sort="ascending", axis=alt.Axis(labelAngle=0))
        return df, enc, alt.Tooltip(x, type="ordinal", title=x_title)
    axis = alt.Axis(format=x_format) if x_format else alt.Axis()
    enc = alt.X(x, type="quantitative", title=x_title, axis=axis, scale=alt.Scale(zero=False))
    return df, enc, alt.Tooltip(x, type="quantitative", title=x_title, format=x_format or ",")


def line_layer(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    x_title: str,
    y_title: str,
    color: str | None = None,
    color_title: str | None = None,
    dash: str | None = None,
    dash_title: str | None = None,
    x_type: XType = "temporal",
    x_format: str | None = None,
    x_ticks: str | None = None,
    y_format: str = ",",
    mark_color: str | None = None,
    point: bool = True,
) -> alt.Chart:
    """A line layer; `color` or `dash` name a series field (dash: dashed lines in INK)."""
    df, x_enc, x_tip = _x_encoding(df, x, x_title, x_type, x_format, x_ticks)
    tips = [x_tip]
    enc: dict[str, Any] = {"x": x_enc, "y": alt.Y(y, type="quantitative", title=y_title)}
    if color:
        enc["color"] = alt.Color(color, type="nominal", title=color_title or color)
        tips.append(alt.Tooltip(color, type="nominal", title=color_title or color))
    if dash:
        enc["strokeDash"] = alt.StrokeDash(
            dash, type="nominal", title=dash_title or dash,
            scale=alt.Scale(range=[[8, 4], [2, 3], [12, 3, 2, 3], [1, 0]]),
            legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=400),
        )
        tips.append(alt.Tooltip(dash, type="nominal", title=dash_title or dash))
    tips.append(alt.Tooltip(y, type="quantitative", title=y_title, format=y_format))
    enc["tooltip"] = tips
    fixed = None if color else mark_color or (INK if dash else PALETTE[0])
    mark: dict[str, Any] = {"point": False}
    if point:
        mark["point"] = {"filled": True, "size": 50, **({"color": fixed} if fixed else {})}
    if fixed:
        mark["color"] = fixed
    return alt.Chart(df).mark_line(**mark).encode(**enc)


def point_layer(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    label: str,
    x_title: str,
    y_title: str,
    x_type: XType = "ordinal",
    x_format: str | None = None,
    y_format: str = ",",
    mark_color: str = INK,
) -> alt.Chart:
    """Points of one named series (e.g. yearly caps), with a legend entry `label`."""
    df, x_enc, x_tip = _x_encoding(df, x, x_title, x_type, x_format)
    return (
        alt.Chart(df)
        .mark_point(filled=True, size=90, color=mark_color, stroke="white", strokeWidth=1)
        .encode(
            x=x_enc,
            y=alt.Y(y, type="quantitative", title=y_title),
            shape=alt.ShapeDatum(label),
            tooltip=[
                x_tip,
                alt.Tooltip(y, type="quantitative", title=label, format=y_format),
            ],
        )
    )


def bar_layer(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    x_title: str,
    y_title: str,
    color: str | None = None,
    color_title: str | None = None,
    stack: bool = True,
    horizontal: bool = False,
    x_type: XType = "ordinal",
    y_format: str = ",",
) -> alt.Chart:
    """Bars of y by category x (stacked or grouped by `color`); horizontal puts x on the y axis."""
    cat_type = "ordinal" if x_type == "ordinal" else "nominal"
    value = alt.Y if not horizontal else alt.X
    category = alt.X if not horizontal else alt.Y
    cat_axis = alt.Axis(labelAngle=0) if not horizontal else alt.Axis()
    sort: Any = "ascending" if cat_type == "ordinal" else None
    enc: dict[str, Any] = {
        "x" if not horizontal else "y": category(
            x, type=cat_type, title=x_title, axis=cat_axis, sort=sort
        ),
        "y" if not horizontal else "x": value(
            y, type="quantitative", title=y_title, stack="zero" if stack else None
        ),
    }
    tips = [alt.Tooltip(x, type=cat_type, title=x_title)]
    if color:
        enc["color"] = alt.Color(color, type="nominal", title=color_title or color)
        enc["order"] = alt.Order(color, type="nominal", sort="ascending")
        tips.append(alt.Tooltip(color, type="nominal", title=color_title or color))
        if not stack:
            offset = alt.XOffset if not horizontal else alt.YOffset
            enc["xOffset" if not horizontal else "yOffset"] = offset(color, type="nominal")
    tips.append(alt.Tooltip(y, type="quantitative", title=y_title, format=y_format))
    enc["tooltip"] = tips
    mark: dict[str, Any] = {"stroke": "white", "strokeWidth": 0.5}
    if not color:
        mark["color"] = PALETTE[0]
    return alt.Chart(df).mark_bar(**mark).encode(**enc)


def rule_layer(rules: Sequence[Rule], *, y_format: str = ",") -> alt.LayerChart:
    """Horizontal dashed reference lines with their labels, to layer over another chart."""
    data = pd.DataFrame({"value": [r.value for r in rules], "label": [r.label for r in rules]})
    base = alt.Chart(data).encode(y=alt.Y("value", type="quantitative"))
    line = base.mark_rule(color=INK, strokeDash=[4, 4], strokeWidth=1.5).encode(
        tooltip=[
            alt.Tooltip("label", type="nominal", title=" "),
            alt.Tooltip("value", type="quantitative", title=" ", format=y_format),
        ]
    )
    text = base.mark_text(
        align="left", baseline="bottom", dx=4, dy=-3, color=INK, fontSize=12, x=0
    ).encode(text=alt.Text("label", type="nominal"))
    return alt.layer(line, text)


def _finish(
    chart: alt.Chart | alt.LayerChart,
    *,
    title: str,
    description: str,
    lang: str,
    height: int,
) -> dict[str, Any]:
    """Add title, ARIA description, responsive width and locale config; return the dict."""
    check_lang(lang)
    top = chart.properties(
        title=title, description=description, width="container", height=height
    )
    spec = top.configure(**chart_config(lang)).to_dict(validate=False)
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    # Stack the bottom legends (altair's schema does not type this Vega legend option).
    spec["config"]["legend"]["layout"] = {
        "bottom": {"anchor": "start", "direction": "vertical", "margin": 8}
    }
    return spec


def line_chart(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    lang: str,
    description: str | None = None,
    color: str | None = None,
    color_title: str | None = None,
    x_type: XType = "temporal",
    x_format: str | None = None,
    x_ticks: str | None = None,
    y_format: str = ",",
    rules: Sequence[Rule] | None = None,
    height: int = DEFAULT_HEIGHT,
    point: bool = True,
) -> dict[str, Any]:
    """Vega-Lite line chart (one line per `color` value), optional reference rules; `point`:
    a dot on each value."""
    chart: alt.Chart | alt.LayerChart = line_layer(
        df, x, y, x_title=x_title, y_title=y_title, color=color, color_title=color_title,
        x_type=x_type, x_format=x_format, x_ticks=x_ticks, y_format=y_format, point=point,
    )
    if rules:
        chart = alt.layer(chart, rule_layer(rules, y_format=y_format))
    return _finish(chart, title=title, description=description or title, lang=lang, height=height)


def bar_chart(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    lang: str,
    description: str | None = None,
    color: str | None = None,
    color_title: str | None = None,
    stack: bool = True,
    horizontal: bool = False,
    x_type: XType = "ordinal",
    y_format: str = ",",
    rules: Sequence[Rule] | None = None,
    height: int | None = None,
) -> dict[str, Any]:
    """Vega-Lite bar chart, stacked or grouped by `color`, vertical or horizontal."""
    chart: alt.Chart | alt.LayerChart = bar_layer(
        df, x, y, x_title=x_title, y_title=y_title, color=color, color_title=color_title,
        stack=stack, horizontal=horizontal, x_type=x_type, y_format=y_format,
    )
    if rules and not horizontal:
        chart = alt.layer(chart, rule_layer(rules, y_format=y_format))
    if height is None:
        height = max(120, 32 * int(df[x].nunique())) if horizontal else DEFAULT_HEIGHT
    return _finish(chart, title=title, description=description or title, lang=lang, height=height)


def layered(
    *charts: alt.Chart | alt.LayerChart,
    title: str,
    description: str,
    lang: str,
    height: int = DEFAULT_HEIGHT,
    independent: Sequence[str] = (),
) -> dict[str, Any]:
    """Layer charts on shared axes (e.g. sector bars + cap points + dashed trajectories)."""
    layer = alt.layer(*charts)
    if independent:
        layer = layer.resolve_scale(**{ch: "independent" for ch in independent})
    return _finish(layer, title=title, description=description, lang=lang, height=height)
