"""Charts of the indicator pages: the history chart (Vega) and the tile sparkline (inline SVG)."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from markupsafe import Markup, escape

from generator.charts import Column, layered, line_layer, point_layer
from generator.charts.spec import PALETTE
from generator.render.section_common import embed_spec, is_number, number, with_unit
from generator.render.section_kpis_text import STATUS_COLOUR, s
from generator.write import SiteFile

SPARK_W, SPARK_H, SPARK_PAD = 160, 40, 4


def period_time(period: Any) -> float | None:
    """A period (year or ISO date) as a decimal year, for placing points."""
    if isinstance(period, (int, float)) and not isinstance(period, bool):
        return float(period)
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?.*", str(period or ""))
    if not match:
        return None
    month = int(match.group(2) or 1)
    day = int(match.group(3) or 1)
    return int(match.group(1)) + (month - 1) / 12 + (day - 1) / 365


def sparkline(ind: dict[str, Any], lang: str) -> Markup:
    """A small inline SVG of the history with the target level dashed (presentation attributes
    only, so it needs no style sheet)."""
    points = [(period_time(h["period"]), h["value"]) for h in ind.get("history") or []]
    points = [(t, v) for t, v in points if t is not None and is_number(v)]
    target = ind.get("target_value")
    if not points:
        return Markup("")
    values = [v for _, v in points] + ([target] if is_number(target) else [])
    low, high = min(values), max(values)
    t0, t1 = points[0][0], max(points[-1][0], points[0][0] + 1)
    span = (high - low) or 1.0

    def xy(t: float, v: float) -> tuple[float, float]:
        x = SPARK_PAD + (t - t0) / (t1 - t0) * (SPARK_W - 2 * SPARK_PAD)
        y = SPARK_H - SPARK_PAD - (v - low) / span * (SPARK_H - 2 * SPARK_PAD)
        return round(x, 1), round(y, 1)

    coords = [xy(t, v) for t, v in points]
    colour = STATUS_COLOUR.get(ind["status"], PALETTE[0])
    parts = [f'<polyline points="{" ".join(f"{x},{y}" for x, y in coords)}" fill="none" '
             f'stroke="{PALETTE[0]}" stroke-width="2" stroke-linejoin="round"/>']
    if is_number(target):
        _, ty = xy(t0, target)
        parts.insert(0, f'<line x1="{SPARK_PAD}" y1="{ty}" x2="{SPARK_W - SPARK_PAD}" y2="{ty}" '
                        'stroke="#595959" stroke-width="1" stroke-dasharray="4 3"/>')
    lx, ly = coords[-1]
    parts.append(f'<circle cx="{lx}" cy="{ly}" r="3.5" fill="{colour}"/>')
    label = s("spark_label", lang, points=" ; ".join(
        f"{h['period']} : {number(h['value'], lang)}" if lang == "fr"
        else f"{h['period']}: {number(h['value'], lang)}" for h in ind["history"]),
        target=with_unit(number(target, lang), ind.get("unit"), lang))
    text = escape(label)
    return Markup(f'<svg class="tdh-spark" viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" '
                  f'height="{SPARK_H}" role="img" aria-label="{text}" focusable="false">'
                  f'<title>{text}</title>{"".join(parts)}</svg>')


def _frames(ind: dict[str, Any], lang: str) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """History and reference-path frames on a shared x (years, or dates when periods are)."""
    history = ind.get("history") or []
    dated = any(not isinstance(h["period"], int) for h in history)
    x_of = (lambda p: f"{p}-01-01" if isinstance(p, int) else str(p)) if dated else int
    obs = pd.DataFrame({"x": [x_of(h["period"]) for h in history],
                        "value": [h["value"] for h in history],
                        "series": s("observed", lang)})
    path = pd.DataFrame(columns=["x", "value", "series"])
    b, g = ind.get("baseline_value"), ind.get("target_value")
    by, ty = ind.get("baseline_year"), ind.get("target_year")
    if is_number(b) and is_number(g) and is_number(by) and is_number(ty):
        path = pd.DataFrame({"x": [x_of(int(by)), x_of(int(ty))], "value": [b, g],
                             "series": s("path", lang)})
    return obs, path, "temporal" if dated else "quantitative"


def history_chart(files: dict[str, SiteFile], folder: str, ind: dict[str, Any], label: str,
                  lang: str) -> str:
    """The indicator's history with the dashed baseline-to-target path, as a figure."""
    obs, path, x_type = _frames(ind, lang)
    if obs.empty and path.empty:
        return ""
    unit = str(ind.get("unit") or "")
    x_title, y_title = s("year", lang), unit or s("value", lang)
    fmt = "%Y" if x_type == "temporal" else "d"
    common: dict[str, Any] = {"x_title": x_title, "y_title": y_title, "x_type": x_type,
                              "x_format": fmt}
    layers = []
    if not obs.empty:
        layers.append(line_layer(obs, "x", "value", color="series", color_title=s("series", lang),
                                 **common))
        latest = obs.tail(1)
        layers.append(point_layer(latest, "x", "value", label=s("latest_point", lang),
                                  mark_color=PALETTE[1], **common))
    if not path.empty:
        layers.append(line_layer(path, "x", "value", dash="series", dash_title=" ", **common))
    def f(value: Any) -> str:
        return with_unit(number(value, lang), unit, lang)

    key = "chart_desc" if not obs.empty else "chart_desc_path"
    description = s(key, lang, label=label, n=len(obs), latest=f(ind.get("latest_value")),
                    base=f(ind.get("baseline_value")), by=ind.get("baseline_year") or "—",
                    target=f(ind.get("target_value")), ty=ind.get("target_year") or "—")
    spec = layered(*layers, title=s("chart_title", lang), description=description, lang=lang,
                   height=260)
    rows = [(str(h["period"]), s("observed", lang), h["value"]) for h in ind.get("history") or []]
    rows += [(str(int(x)) if x_type == "quantitative" else str(x)[:4], r, v)
             for x, v, r in path[["x", "value", "series"]].itertuples(index=False)]
    return embed_spec(files, folder, "history", lang, chart_id=f"kpi-{folder.split('/')[-1]}",
                      spec=spec, description=description,
                      columns=[Column(s("period", lang), "text"), Column(s("series", lang)),
                               Column(y_title, "number")],
                      rows=rows)
