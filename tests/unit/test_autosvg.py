"""tdh's own SVG of the automatic charts: ticks worked out by hand, well-formed, escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from generator.charts.auto import Shape
from generator.charts.autosvg import (
    auto_svg,
    nice_ticks,
    text_width,
    time_label,
    time_ticks,
    truncate,
)
from generator.charts.spec import PALETTE

SVG = "{http://www.w3.org/2000/svg}"
LABELS = {"title": "Consommation <b>&amp;</b> « test »", "x_title": "Date",
          "y_title": "kWh", "color_title": "Site"}


@pytest.mark.parametrize(("low", "high", "count", "expected"), [
    (0, 786.54, 8, [0, 100, 200, 300, 400, 500, 600, 700, 800]),  # step 786.54/8 ≈ 98 → 100
    (0, 8_124_051.87, 4, [0, 2e6, 4e6, 6e6, 8e6, 1e7]),  # ≈ 2.03e6 → 2e6, 8.12e6 niced up
    (-2.25, 1.5, 5, [-3, -2, -1, 0, 1, 2]),  # 3.75 / 5 = 7.5 × 0.1, 7.5 ≥ √50 → step 1
    (0, 0, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]),  # an empty span becomes [0, 1]
])
def test_nice_ticks_follow_d3(low: float, high: float, count: int, expected: list[float]
                              ) -> None:
    assert nice_ticks(low, high, count) == pytest.approx(expected)


def test_time_ticks_are_calendar_aligned_and_localised() -> None:
    low, high = np.datetime64("2019-10-24", "ms"), np.datetime64("2024-10-20", "ms")
    ticks, unit = time_ticks(low, high, 9)
    assert unit == "Y"
    assert [str(t)[:10] for t in ticks] == [f"{y}-01-01" for y in range(2020, 2025)]
    ticks, unit = time_ticks(np.datetime64("2021-01-15", "ms"), np.datetime64("2021-12-31", "ms"),
                             8)
    assert (unit, [str(t)[:7] for t in ticks]) == (
        "M", ["2021-03", "2021-05", "2021-07", "2021-09", "2021-11"])
    assert time_label(np.datetime64("2021-01-01", "ms"), "M", "fr") == "2021"
    assert time_label(np.datetime64("2021-02-01", "ms"), "M", "fr") == "févr."
    assert time_label(np.datetime64("2021-02-03", "ms"), "D", "fr") == "3 févr."
    assert time_label(np.datetime64("2021-02-03", "ms"), "D", "en") == "Feb 03"


def test_truncate_keeps_what_fits() -> None:
    assert truncate("Mairie", 180, 12) == "Mairie"
    long = "Quartier " * 10
    cut = truncate(long, 180, 12)
    assert cut.endswith("…") and text_width(cut, 12) <= 180 and long.startswith(cut[:-1])


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def test_line_chart_with_series() -> None:
    frame = pd.DataFrame({"x": ["2021-01-01", "2021-02-01", "2021-01-01", "2021-02-01"],
                          "s": ["École", "Crèche", "Crèche", "École"],
                          "y": [10.0, 20.0, 30.0, 40.0]})
    root = parse(auto_svg(frame, Shape("line", "temporal", True, "fr"), LABELS, 300,
                          label=LABELS["title"]))
    assert root.get("role") == "img" and root.get("aria-label") == LABELS["title"]
    assert root.find(f"{SVG}title").text == LABELS["title"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert LABELS["title"] in texts and {"Date", "kWh", "Site", "École", "Crèche"} <= set(texts)
    assert {"0", "10", "20", "30", "40"} <= set(texts)  # y ticks, zero included
    lines = root.findall(f"{SVG}path")
    # series sorted: Crèche first colour, École second, each with its two points
    assert [p.get("stroke") for p in lines] == [PALETTE[0], PALETTE[1]]
    assert len(root.findall(f"{SVG}circle")) == 4 + 2  # points + legend symbols


def test_bar_chart_stacks_series_and_formats_numbers_by_language() -> None:
    frame = pd.DataFrame({"x": ["B", "A", "A"], "s": ["s1", "s1", "s2"],
                          "y": [1500.0, 1000.0, 2500.5]})
    for lang, thousand in (("fr", "1\u202f000"), ("en", "1,000")):
        root = parse(auto_svg(frame, Shape("bar", "nominal", True, lang), LABELS, 120,
                              label="t"))
        texts = [t.text for t in root.iter(f"{SVG}text")]
        assert thousand in texts
        assert texts.index("A") < texts.index("B")  # categories in ascending order
        bars = root.findall(f"{SVG}rect")[1:]  # after the white background
        assert len(bars) == 3
        a1, a2 = bars[0], bars[1]  # A: s1 then s2, the second starting where the first ends
        assert float(a2.get("x")) == pytest.approx(float(a1.get("x")) + float(a1.get("width")),
                                                   abs=0.11)


def test_hostile_text_is_escaped_and_ordinal_lines_work() -> None:
    frame = pd.DataFrame({"x": [2019, 2020, 2021], "y": [-1.5, 0.0, 2.0]})
    hostile = {"title": '</svg><script>alert(1)</script>', "x_title": 'Année "x"',
               "y_title": "&amp; <i>", "color_title": ""}
    svg = auto_svg(frame, Shape("line", "ordinal", False, "en"), hostile, 300, label="<t>")
    assert "<script" not in svg and "<i>" not in svg
    root = parse(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"2019", "2020", "2021", hostile["title"], hostile["y_title"]} <= set(texts)
    assert "\u22121.5" in texts or "\u22122" in texts  # d3's minus sign on negative ticks


def test_long_lines_are_drawn_without_dots() -> None:
    frame = pd.DataFrame({"x": ["2021-01-01", "2021-02-01", "2021-01-01", "2021-02-01"],
                          "s": ["École", "Crèche", "Crèche", "École"],
                          "y": [10.0, 20.0, 30.0, 40.0]})
    root = parse(auto_svg(frame, Shape("line", "temporal", True, "fr", points=False), LABELS,
                          300, label="t"))
    assert len(root.findall(f"{SVG}path")) == 2
    assert len(root.findall(f"{SVG}circle")) == 2  # the legend's symbols only
