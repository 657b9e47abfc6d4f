"""The automatic dataset charts' specs come from per-shape templates: the same specs as a
direct compilation, for every shape and for hostile labels."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest

from generator.charts.auto import LABELS, Shape, auto_spec, bar_height, compile_auto
from generator.charts.compile import printable_spec, to_vega
from generator.charts.spec import DEFAULT_HEIGHT

HOSTILE = {
    "title": 'Dépenses « 2024 » "quotes" \'single\' </script><b>&amp; \\ end\\',
    "x_title": "Date (jour) \u2028 ligne",
    "y_title": 'Montant (€) "x" ${alert(1)} {{ jinja }}',
    "color_title": "Bâtiment\tchamp \x07 bell",
}
PLAIN = {"title": "Énergie par jour", "x_title": "Date", "y_title": "kWh",
         "color_title": "Site"}


def frame(shape: Shape) -> pd.DataFrame:
    if shape.x_type == "temporal":
        x = ["2021-01-01", "2021-02-01", "2021-03-01"]
    elif shape.kind == "line":
        x = [2019, 2020, 2021]
    else:
        x = ["Les Épinettes", 'Quartier "Nord"', "Val </b> Seine"]
    columns: dict[str, Any] = {"x": x, "y": [1.5, -2.25, 1e9]}
    if shape.series:
        columns["s"] = ["École A", "École \\B", "Crèche"]
    return pd.DataFrame(columns)


def same_names(spec: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """`spec` with its inline dataset named as in `expected` (names hash the data)."""
    text = json.dumps(spec, sort_keys=True)
    ours = next(iter(spec["datasets"])) if "datasets" in spec else spec["data"][0]["name"]
    theirs = (next(iter(expected["datasets"])) if "datasets" in expected
              else expected["data"][0]["name"])
    return json.loads(text.replace(ours, theirs))


SHAPES = [Shape(kind, x_type, series, lang)
          for kind, x_type in (("line", "temporal"), ("line", "ordinal"), ("bar", "nominal"))
          for series in (False, True) for lang in ("fr", "en")] + [
    Shape("line", "temporal", series, "fr", points=False) for series in (False, True)]


@pytest.mark.parametrize("labels", [PLAIN, HOSTILE], ids=["plain", "hostile"])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_a_filled_template_is_the_direct_compilation(shape: Shape, labels: dict[str, str]
                                                     ) -> None:
    data = frame(shape)
    height = DEFAULT_HEIGHT if shape.kind == "line" else bar_height(data["x"].nunique())
    expected_vl = auto_spec(data, shape, labels, height)
    expected_vega = to_vega(expected_vl)
    vl, vega = compile_auto(data, shape, labels)
    # the template holds printable text, as vl-convert gets it (Chart.vega_lite is informative)
    printable_vl = printable_spec(expected_vl)
    assert same_names(vl, printable_vl) == json.loads(json.dumps(printable_vl, sort_keys=True))
    assert same_names(vega, expected_vega) == expected_vega


def test_labels_are_the_slots_that_get_filled() -> None:
    shape = Shape("line", "temporal", True, "fr")
    vl, vega = compile_auto(frame(shape), shape, PLAIN)
    text = json.dumps([vl, vega], ensure_ascii=False)
    assert "TDHSLOT" not in text
    assert "987654321" not in text
    for name in LABELS:
        assert PLAIN[name] in text


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_every_shape_is_valid_vega_lite(shape: Shape) -> None:
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    from tests.unit.test_chart_schema import without_vega_extensions

    vl, _ = compile_auto(frame(shape), shape, HOSTILE)
    validate_jsonschema(without_vega_extensions(vl), load_schema())  # raises with the path


def test_long_lines_have_no_dots() -> None:
    from generator.charts.auto import MAX_DOTTED_POINTS, dots_on

    short = pd.DataFrame({"x": range(MAX_DOTTED_POINTS), "s": "a", "y": 1.0})
    long = pd.concat([short, pd.DataFrame({"x": [MAX_DOTTED_POINTS], "s": ["a"], "y": [1.0]})])
    assert dots_on(short, series=True) and not dots_on(long, series=True)
    assert dots_on(pd.concat([short, short.assign(s="b")]), series=True)  # per series
    assert not dots_on(long, series=False)
    shape = Shape("line", "temporal", False, "fr", points=False)
    _, vega = compile_auto(frame(shape), shape, PLAIN)
    assert not any(mark.get("type") == "symbol" for mark in vega["marks"])


def test_records_are_what_altair_writes() -> None:
    import numpy as np
    from altair.utils.data import to_values

    from generator.charts.auto import records

    frames = [pd.DataFrame({"x": ["a", "b", "c"], "s": ["é", "b", None],
                            "y": [1.5, np.nan, 1e9]}),
              pd.DataFrame({"x": [2019, 2020, 2021], "y": [1, 2, 3]}),
              pd.DataFrame({"x": ["2021-01-01", "2021-02-01"], "y": [np.inf, -np.inf]}),
              pd.DataFrame({"x": ["a", "b"], "y": pd.array([1, None], dtype="Int64")})]
    for data in frames:
        assert records(data) == to_values(data)["values"]
