"""The render stage's shortcuts give exactly what the general code they stand for gives.

Each shortcut (a faster path for the common case) is compared with the plain pandas or
generic code on random inputs, edge values included.
"""

from __future__ import annotations

import json
import math
import random
from datetime import date, datetime

import pandas as pd
import pytest

from generator.charts import auto, figure
from generator.charts.compile import printable_spec
from generator.render import autochart
from generator.render.bounds import present_bounds
from generator.render.dataset import PREVIEW_ROWS, _chart_rows, _plain, preview_values

EDGE_FLOATS = [0.0, -0.0, 0.004, -0.004, 0.005, -0.005, 0.995, -0.995, 1e300, -1e300,
               math.inf, -math.inf, math.nan, 5e-324, 1234567.891, -1234.5]


class Real(float):
    """A float that is not exactly `float`: the formatting shortcuts leave it to the general
    code."""


def test_chart_table_numbers_match_the_general_code() -> None:
    rng = random.Random(7)
    for _ in range(20_000):
        value = rng.choice(EDGE_FLOATS) if rng.random() < 0.3 else \
            rng.uniform(-1, 1) * 10 ** rng.randint(-4, 15)
        for lang in ("fr", "en"):
            assert figure.format_number(value, lang) == figure.format_number(Real(value), lang)
            for kind in ("number", "auto", "text"):
                column = figure.Column("c", kind)
                assert figure.format_cell(value, column, lang) == \
                    figure.format_cell(Real(value), column, lang)


def test_records_make_strings_printable_as_printable_spec_does() -> None:
    rng = random.Random(1)
    cells = ["a", "b\\", "\x01x", "é\\\\", None, math.nan, math.inf, 1, 2.5, pd.NA, "\ufffe",
             "ok\x7f", "𝔘\U0010ffff", ""]
    for _ in range(500):
        n = rng.randint(0, 6)
        frame = pd.DataFrame({name: [rng.choice(cells) for _ in range(n)]
                              for name in ("x", "s", "y")}, dtype=object)
        expected = printable_spec([{k: None if v is None or v is pd.NA or (
            isinstance(v, float) and not math.isfinite(v)) else v for k, v in row.items()}
            for row in frame.to_dict("records")])
        assert repr(auto.records(frame)) == repr(expected)


def test_chart_templates_filled_at_their_slots_are_the_walked_fill() -> None:
    texts = {name: f'T{name} "q" \\ é' for name in auto.LABELS}
    for shape in (auto.Shape("line", "temporal", True, "fr"),
                  auto.Shape("line", "ordinal", False, "en", False),
                  auto.Shape("bar", "nominal", True, "en"),
                  auto.Shape("bar", "nominal", False, "fr")):
        for template in auto._template(shape)[:2]:
            walked = auto._fill(json.loads(template), texts, 321)
            assert json.dumps(auto._filled(template, texts, 321)) == json.dumps(walked)


def test_series_tables_match_pivot() -> None:
    rng = random.Random(3)
    for _ in range(300):
        xs = [f"2020-{i:02d}" for i in range(1, rng.randint(2, 14))]
        if rng.random() < 0.3:
            xs = list(range(2000, 2000 + len(xs)))
        pairs = [(x, s) for x in xs for s in range(rng.randint(1, 5)) if rng.random() < 0.7]
        rng.shuffle(pairs)
        if not pairs:
            continue
        frame = pd.DataFrame({"x": [x for x, _ in pairs],
                              "s": pd.Series([f"s{s}" for _, s in pairs], dtype="str"),
                              "y": [rng.choice(EDGE_FLOATS + [rng.random()]) for _ in pairs]})
        wide = frame.pivot(index="x", columns="s", values="y")
        pivoted = ([str(name) for name in wide.columns],
                   [(_plain(x), *(_plain(v) for v in values))
                    for x, values in zip(wide.index, wide.to_numpy())])
        assert repr(_chart_rows(frame, True)) == repr(pivoted)


def test_plans_read_the_rows_present_as_before() -> None:
    """_with_series numbers the values of the rows present (it factorised those rows)."""
    rng = random.Random(2)
    for _ in range(500):
        n = rng.randint(1, 60)
        table = pd.DataFrame({
            "date": pd.Series([date(2020, 1, 1 + rng.randrange(8)) if rng.random() > 0.1
                               else None for _ in range(n)], dtype=object),
            "cat": pd.Series([f"c{rng.randrange(5)}" if rng.random() > 0.15 else None
                              for _ in range(n)], dtype="str"),
            "v": [rng.random() if rng.random() > 0.1 else math.nan for _ in range(n)]})
        plan = autochart.ChartPlan("line", "date", "v", "temporal")
        fields = [{"name": "cat", "type": "string"}]
        present = (table["date"].notna() & table["v"].notna()).to_numpy()
        x_codes, x_values = pd.factorize(table["date"].to_numpy()[present])
        expected = plan
        if len(x_values) != len(x_codes):
            codes, values = pd.factorize(table["cat"].to_numpy()[present])
            known = codes >= 0
            if known.any():
                pairs = set(zip(codes[known], x_codes[known]))
                spans = [sum(1 for c, _ in pairs if c == k) for k in range(len(values))]
                if len(spans) >= 2 and sum(s > 1 for s in spans) / len(spans) >= 0.5 \
                        and len(pairs) >= 1.5 * len(x_values):
                    expected = autochart.replace(plan, series="cat")
        assert autochart._with_series(plan, fields, table) == expected


@pytest.mark.parametrize("dtype", [object, "float64", "Int64", "str"])
def test_column_bounds_are_pandas_min_and_max(dtype) -> None:
    rng = random.Random(4)
    pool = {object: [date(2020, 1, 1), date(2019, 5, 3), None, math.nan, pd.NaT,
                     datetime(2020, 1, 1, 5), "x", 3],
            "float64": [1.5, -2.0, math.nan], "Int64": [1, 7, None], "str": ["b", "a", None]}
    for _ in range(2_000):
        choices = rng.sample(pool[dtype], rng.randint(1, len(pool[dtype])))
        values = pd.Series([rng.choice(choices) for _ in range(rng.randint(0, 8))], dtype=dtype)
        present = values.dropna()
        try:
            expected = repr((present.min(), present.max()) if len(present) else None)
        except TypeError:
            expected = "TypeError"
        try:
            found = repr(present_bounds(values))
        except TypeError:
            found = "TypeError"
        assert found == expected


def test_previews_read_the_first_rows_as_itertuples_does() -> None:
    rows = 14
    table = pd.DataFrame({
        "_row": range(2, rows + 2),
        "n": pd.array([1, None] * (rows // 2), dtype="Int64"),
        "x": [1.5, math.nan] * (rows // 2),
        "flag": [True, False] * (rows // 2),
        "day": [date(2020, 1, 1), None] * (rows // 2),
        "name": pd.array(["a", None] * (rows // 2), dtype="str"),
        "at": pd.to_datetime(["2020-01-01", None] * (rows // 2)),
        "maybe": pd.array([True, None] * (rows // 2), dtype="boolean"),
        "any": [{"a": 1}, [1]] * (rows // 2),
    })
    for columns in (list(table.columns), ["_row"], ["n", "_row", "x"]):
        head = table[columns].head(PREVIEW_ROWS).drop(columns=["_row"], errors="ignore")
        expected = (list(head.columns), [
            [(_plain(v), isinstance(_plain(v), (int, float)) and not isinstance(v, bool))
             for v in record] for record in head.itertuples(index=False)])
        found = preview_values(table[columns])
        assert repr(found) == repr(expected)
        assert [[type(v) for v, _ in row] for row in found[1]] == \
            [[type(v) for v, _ in row] for row in expected[1]]
