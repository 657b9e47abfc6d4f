"""tdh's own static SVG of the automatic dataset charts: the fallback shown without JavaScript.

vl-convert draws an SVG in 0.1–0.2 s (Vega's renderer in a JavaScript runtime, mostly text
measurement), which made the fallbacks most of a large site's build time. The automatic charts
are simple — lines per series over dates or ordered values, horizontal bars stacked by series —
so they are drawn here, in the look of the Vega view that replaces them in the browser: same
palette, font sizes, nice ticks, localised numbers and dates. The hand-made charts of the
budget, indicator and energy chapters keep vl-convert's SVG.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import escape

from generator.charts.compile import SVG_WIDTH
from generator.charts.figure import format_number
from generator.charts.locale import short_months
from generator.charts.spec import INK, PALETTE

PAD = 5
TITLE_SIZE, TITLE_GAP = 16, 12
LABEL_SIZE, AXIS_TITLE_SIZE = 12, 13
TICK, LABEL_GAP, TITLE_PAD = 5, 2, 6
AXIS_LABEL_LIMIT, LEGEND_LABEL_LIMIT = 180, 140
GRID, DOMAIN = "#E0E0E0", "#595959"
POINT_RADIUS = round(math.sqrt(50 / math.pi), 2)  # Vega-Lite point size 50 (area)
LEGEND_RADIUS = round(math.sqrt(120 / math.pi), 2)  # legend symbolSize 120
FONT = 'font-family="sans-serif"'

# Advance widths of a common sans-serif (Arial/Liberation metrics), in em: enough to lay out
# labels and truncate them like Vega's labelLimit without measuring fonts.
_NARROW = set("fijlrtI!|.,:;'`()[]{} ")
_WIDE = set("mwMW@%")


@functools.lru_cache(maxsize=4096)  # tick and category labels come back chart after chart
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of `text` in px at `size`."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.3
        elif ch in _WIDE:
            em += 0.86
        elif ch.isupper() or ch.isdigit():
            em += 0.64 if ch.isupper() else 0.56
        else:
            em += 0.52
    return em * size * (1.07 if bold else 1.0)


def truncate(text: str, limit: float, size: float) -> str:
    """`text` cut with an ellipsis to fit `limit` px (as Vega's labelLimit does)."""
    if text_width(text, size) <= limit:
        return text
    while text and text_width(text + "…", size) > limit:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, limit: float, size: float, bold: bool = False) -> list[str]:
    """`text` in lines of at most `limit` px, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= limit:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def nice_ticks(low: float, high: float, count: int) -> list[float]:
    """d3's ticks over the niced domain (steps of 1, 2 or 5 × 10^k), `low` and `high` included."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0, 1.0]
    if high == low:
        low, high = (low - 1, high + 1) if low else (0.0, 1.0)
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power
    step = power * (10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10)
                    else 2 if error >= math.sqrt(2) else 1)
    start, stop = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 12) for i in range(start, stop + 1)]


def _decimals(ticks: Sequence[float]) -> int:
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step else 0


# --- time axis -------------------------------------------------------------------------------

_DAY = np.timedelta64(1, "D")
_STEPS: tuple[tuple[str, int], ...] = (
    ("h", 1), ("h", 3), ("h", 6), ("h", 12), ("D", 1), ("D", 2), ("D", 7), ("D", 14),
    ("M", 1), ("M", 2), ("M", 3), ("M", 6), ("Y", 1), ("Y", 2), ("Y", 5), ("Y", 10),
    ("Y", 20), ("Y", 50), ("Y", 100))


def to_moments(values: Sequence[Any]) -> np.ndarray:
    """ISO dates ("2021", "2021-03", "2021-03-04", datetimes) as UTC datetime64[ms]."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # numpy warns on offsets ("+01:00", "Z")
            return np.array([str(v) for v in values], dtype="datetime64[ms]")
    except (ValueError, UserWarning, DeprecationWarning):  # pandas reads those, as UTC
        moments = pd.to_datetime(pd.Series([str(v) for v in values]), utc=True, format="mixed")
        return moments.dt.tz_localize(None).to_numpy().astype("datetime64[ms]")


def time_ticks(low: np.datetime64, high: np.datetime64, most: int) -> tuple[list[np.datetime64],
                                                                          str]:
    """Calendar-aligned ticks between two moments (at most `most`), and their unit."""
    for unit, size in _STEPS:
        first = low.astype(f"datetime64[{unit}]")
        if first < low:
            first = first + np.timedelta64(1, unit)
        if unit in ("M", "Y"):
            index = int(first.astype(int)) if unit == "Y" else int(first.astype(int)) % 12
            if unit == "Y":
                index += 1970
            first = first + np.timedelta64((-index) % size, unit)
        span = (high.astype(f"datetime64[{unit}]") - first).astype(int)
        if span // size + 1 <= most or unit == "Y" and size == 100:
            ticks = [first + np.timedelta64(k * size, unit) for k in range(span // size + 1)]
            return [t.astype("datetime64[ms]") for t in ticks if t <= high], unit
    raise AssertionError("unreachable")


def time_label(moment: np.datetime64, unit: str, lang: str) -> str:
    """d3's multi-scale labels: the year at a year start, the month at a month start…"""
    day = moment.astype("datetime64[D]").item()
    months = short_months(lang)
    if unit == "h" and moment != moment.astype("datetime64[D]"):
        return str(moment.astype("datetime64[m]")).split("T")[1]
    if day.month == 1 and day.day == 1:
        return str(day.year)
    if day.day == 1:
        return months[day.month - 1]
    return f"{day.day} {months[day.month - 1]}" if lang == "fr" else \
        f"{months[day.month - 1]} {day.day:02d}"


# --- drawing ---------------------------------------------------------------------------------


def _text(x: float, y: float, text: str, *, size: int = LABEL_SIZE, anchor: str = "start",
          bold: bool = False, rotate: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    turn = f' transform="rotate(-90 {x:g} {y:g})"' if rotate else ""
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{INK}"{weight}{turn}>{escape(text)}</text>')


def _line(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    return f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" stroke="{colour}"/>'


def _r(value: float) -> float:
    return round(value, 1)


def auto_svg(frame: pd.DataFrame, shape: Any, labels: dict[str, str], height: int,
             label: str) -> str:
    """The SVG of an automatic chart of `frame` (columns x, y and, for series, s), at
    SVG_WIDTH px wide, with role="img", its label as aria-label and title.

    `shape` is a charts.auto.Shape (kind, x_type, series, lang); `height` the plot's.
    """
    title_lines = wrap(labels["title"], SVG_WIDTH - 2 * PAD, TITLE_SIZE, bold=True)
    top = PAD + len(title_lines) * (TITLE_SIZE + 3) + TITLE_GAP
    body: list[str] = [_text(PAD, PAD + TITLE_SIZE + i * (TITLE_SIZE + 3), line,
                             size=TITLE_SIZE, bold=True) for i, line in enumerate(title_lines)]
    series = sorted({str(v) for v in frame["s"]}) if shape.series else []
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    draw = _draw_line if shape.kind == "line" else _draw_bars
    bottom = draw(body, frame, shape, labels, top, height, colours)
    if series:
        bottom = _legend(body, labels.get("color_title") or "", series, colours, bottom + 8)
    total = math.ceil(bottom + PAD)
    text = escape(label)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="tdh-autochart" width="{SVG_WIDTH}" '
            f'height="{total}" viewBox="0 0 {SVG_WIDTH} {total}" role="img" '
            f'aria-label="{text}" focusable="false" {FONT}><title>{text}</title>'
            f'<rect width="{SVG_WIDTH}" height="{total}" fill="white"/>{"".join(body)}</svg>')


def _value_axis(values: Sequence[float], count: int) -> tuple[list[float], int]:
    """About `count` nice ticks of a value scale that includes zero, and their decimals."""
    low, high = min(0.0, *values), max(0.0, *values)
    ticks = nice_ticks(low, high, count)
    return ticks, _decimals(ticks)


def _left_axis(body: list[str], title: str, labels: list[tuple[float, str]], left: float,
               top: float, height: float) -> None:
    """Labels right-aligned against the plot at `left`, ticks, and the rotated title."""
    width = max((text_width(t, LABEL_SIZE) for _, t in labels), default=0)
    for y, text in labels:
        body.append(_line(left - TICK, y, left, y, DOMAIN))
        body.append(_text(left - TICK - LABEL_GAP, y + 4, text, anchor="end"))
    x_title = left - TICK - LABEL_GAP - width - TITLE_PAD
    body.append(_text(x_title, top + height / 2, title, size=AXIS_TITLE_SIZE, anchor="middle",
                      bold=True, rotate=True))


def _left_margin(labels: list[str]) -> float:
    width = max((text_width(t, LABEL_SIZE) for t in labels), default=0)
    return PAD + AXIS_TITLE_SIZE + TITLE_PAD + width + LABEL_GAP + TICK


def _bottom_axis(body: list[str], title: str, ticks: list[tuple[float, str]], left: float,
                 right: float, baseline: float) -> float:
    """Ticks and labels under the plot, then the centred title; returns the axis' bottom."""
    body.append(_line(left, baseline, right, baseline, DOMAIN))
    shown, last_end = [], -math.inf
    for x, text in ticks:  # labelOverlap: drop a label that would touch the previous one
        width = text_width(text, LABEL_SIZE)
        anchor_x = min(max(x, left + width / 2), right - width / 2)  # labelFlush
        if anchor_x - width / 2 >= last_end + 4:
            shown.append((x, anchor_x, text))
            last_end = anchor_x + width / 2
    for x, anchor_x, text in shown:
        body.append(_line(x, baseline, x, baseline + TICK, DOMAIN))
        body.append(_text(anchor_x, baseline + TICK + LABEL_GAP + LABEL_SIZE, text,
                          anchor="middle"))
    title_y = baseline + TICK + LABEL_GAP + LABEL_SIZE + TITLE_PAD + AXIS_TITLE_SIZE
    body.append(_text((left + right) / 2, title_y, title, size=AXIS_TITLE_SIZE, anchor="middle",
                      bold=True))
    return title_y + 3


def _draw_line(body: list[str], frame: pd.DataFrame, shape: Any, labels: dict[str, str],
               top: float, height: int, colours: dict[str, str]) -> float:
    lang = shape.lang
    values = [float(v) for v in frame["y"]]
    ticks, decimals = _value_axis(values, math.ceil(height / 40))
    tick_text = [format_number(t, lang, decimals) for t in ticks]
    left = _left_margin(tick_text)
    right = SVG_WIDTH - PAD - 8
    width = right - left
    low, high = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return _r(top + height - (value - low) / (high - low) * height)

    if shape.x_type == "temporal":
        moments = to_moments(list(frame["x"]))
        first, last = moments.min(), moments.max()
        span = max(float((last - first).astype(np.int64)), 1.0)
        # milliseconds as Python floats, then the same arithmetic per point
        offsets = (moments - first).astype(np.int64).astype(float).tolist()
        xs = [_r(left + offset / span * width) for offset in offsets]
        found, unit = time_ticks(first, last, max(2, int(width // 60)))
        x_ticks = [(_r(left + float((t - first).astype(np.int64)) / span * width),
                    time_label(t, unit, lang)) for t in found]
        order = moments.astype(np.int64).astype(float).tolist()
    else:
        domain = sorted(set(frame["x"]), key=_sort_key)
        step = width / len(domain)
        where = {v: _r(left + step * (i + 0.5)) for i, v in enumerate(domain)}
        xs = [where[v] for v in frame["x"]]
        x_ticks = [(where[v], str(v)) for v in domain]
        order = xs
    for value in ticks:
        body.append(_line(left, y_of(value), right, y_of(value), GRID))
    _left_axis(body, labels["y_title"], list(zip((y_of(t) for t in ticks), tick_text)), left,
               top, height)
    groups = frame["s"].astype(str).tolist() if shape.series else [""] * len(frame)
    points: dict[str, list[tuple[float, float, float]]] = {}
    for key, x, y, at in zip(groups, xs, values, order):
        points.setdefault(key, []).append((at, x, y_of(y)))
    for key in sorted(points):
        colour = colours.get(key, PALETTE[0])
        line = sorted(points[key])
        path = "M" + "L".join(f"{x:g},{y:g}" for _, x, y in line)
        body.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5" '
                    'stroke-linejoin="round"/>')
        if shape.points:
            body.extend(f'<circle cx="{x:g}" cy="{y:g}" r="{POINT_RADIUS}" fill="{colour}"/>'
                        for _, x, y in line)
    return _bottom_axis(body, labels["x_title"], x_ticks, left, right, top + height)


def _sort_key(value: Any) -> tuple[int, Any]:
    """Ascending, numbers before text (as the Vega-Lite domain sort puts them)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    return (1, str(value))


def _draw_bars(body: list[str], frame: pd.DataFrame, shape: Any, labels: dict[str, str],
               top: float, height: int, colours: dict[str, str]) -> float:
    lang = shape.lang
    categories = sorted(set(frame["x"]), key=_sort_key)
    names = [truncate(str(c), AXIS_LABEL_LIMIT, LABEL_SIZE) for c in categories]
    left = _left_margin(names)
    right = SVG_WIDTH - PAD - 8
    width = right - left
    groups = frame["s"].astype(str).tolist() if shape.series else [""] * len(frame)
    stacks: dict[Any, list[tuple[str, float]]] = {c: [] for c in categories}
    for category, key, value in zip(frame["x"], groups, frame["y"]):
        stacks[category].append((key, float(value)))
    ends = [sum(v for _, v in parts if v > 0) for parts in stacks.values()]
    ends += [sum(v for _, v in parts if v < 0) for parts in stacks.values()]
    count = max(2, math.ceil(width / 40))
    while True:  # as many ticks as their labels fit side by side
        ticks, decimals = _value_axis(ends, count)
        tick_text = [format_number(t, lang, decimals) for t in ticks]
        widest = max(text_width(t, LABEL_SIZE) for t in tick_text)
        if count <= 2 or (widest + 12) * len(ticks) <= width:
            break
        count -= 1
    low, high = ticks[0], ticks[-1]

    def x_of(value: float) -> float:
        return _r(left + (value - low) / (high - low) * width)

    for value in ticks:
        body.append(_line(x_of(value), top, x_of(value), top + height, GRID))
    band = height / (len(categories) - 0.1 + 2 * 0.05)  # paddingInner 0.1, paddingOuter 0.05
    bar = band * 0.9
    centres = []
    for i, category in enumerate(categories):
        y = top + band * (0.05 + i)
        centres.append(_r(y + bar / 2))
        above = below = 0.0
        for key, value in sorted(stacks[category], key=lambda part: part[0]):
            start = above if value >= 0 else below
            end = start + value
            if value >= 0:
                above = end
            else:
                below = end
            x1, x2 = sorted((x_of(start), x_of(end)))
            body.append(f'<rect x="{x1:g}" y="{_r(y):g}" width="{_r(x2 - x1):g}" '
                        f'height="{_r(bar):g}" fill="{colours.get(key, PALETTE[0])}" '
                        'stroke="white" stroke-width="0.5"/>')
    _left_axis(body, labels["x_title"], list(zip(centres, names)), left, top, height)
    x_ticks = [(x_of(t), text) for t, text in zip(ticks, tick_text)]
    return _bottom_axis(body, labels["y_title"], x_ticks, left, right, top + height)


def _legend(body: list[str], title: str, series: list[str], colours: dict[str, str],
            top: float) -> float:
    """The series legend under the axes: a title, then entries in two columns."""
    body.append(_text(PAD, top + AXIS_TITLE_SIZE, title, size=AXIS_TITLE_SIZE, bold=True))
    names = [truncate(name, LEGEND_LABEL_LIMIT, LABEL_SIZE) for name in series]
    column = 2 * LEGEND_RADIUS + 5 + max(text_width(n, LABEL_SIZE) for n in names) + 16
    row_top = top + AXIS_TITLE_SIZE + 6
    for i, (name, text) in enumerate(zip(series, names)):
        x = PAD + (i % 2) * column
        y = row_top + (i // 2) * 18 + 8
        colour = colours[name]
        body.append(f'<circle cx="{_r(x + LEGEND_RADIUS):g}" cy="{_r(y):g}" '
                    f'r="{LEGEND_RADIUS}" fill="{colour}" stroke="{colour}"/>')
        body.append(_text(_r(x + 2 * LEGEND_RADIUS + 5), _r(y + 4), text))
    return row_top + math.ceil(len(series) / 2) * 18
