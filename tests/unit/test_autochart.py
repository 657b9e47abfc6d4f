"""Automatic dataset charts: long daily series are summed per month or per year."""

from __future__ import annotations

import pandas as pd

from generator.render.autochart import MAX_POINTS, ChartPlan, chart_data, chart_title

PLAN = ChartPlan("line", "jour", "kwh", "temporal")
FIELDS = {"jour": {"name": "jour", "title": "Jour"}, "kwh": {"name": "kwh", "title": "kWh"}}


def daily(days: int) -> pd.DataFrame:
    dates = pd.date_range("2020-01-01", periods=days, freq="D").date
    return pd.DataFrame({"jour": dates, "kwh": [1.5] * days})


def test_a_short_series_is_drawn_as_is() -> None:
    data, period = chart_data(PLAN, daily(MAX_POINTS))
    assert period is None and len(data) == MAX_POINTS


def test_three_years_of_days_become_monthly_totals() -> None:
    data, period = chart_data(PLAN, daily(366 + 365 + 365))
    assert period == "month"
    assert len(data) == 36
    assert data.iloc[0].tolist() == ["2020-01", 31 * 1.5]
    assert data.iloc[1].tolist() == ["2020-02", 29 * 1.5]  # 2020 is a leap year
    assert data["kwh"].sum() == (366 + 365 + 365) * 1.5  # nothing lost in the sums
    assert chart_title(PLAN, FIELDS, "fr", period) == (
        "Évolution de « kWh » selon « Jour » (total par mois)")
    assert chart_title(PLAN, FIELDS, "en", period) == '"kWh" over "Jour" (monthly totals)'


def test_forty_years_of_days_become_yearly_totals() -> None:
    data, period = chart_data(PLAN, daily(365 * 40))
    assert period == "year"
    assert data.iloc[0].tolist() == ["2020", 366 * 1.5]
    assert len(data) == 40


def test_several_rows_per_day_are_summed_first() -> None:
    table = pd.concat([daily(10), daily(10)])
    data, period = chart_data(PLAN, table)
    assert period is None and data["kwh"].tolist() == [3.0] * 10


def test_a_year_column_is_never_the_measure_summed() -> None:
    from generator.render.autochart import plan_chart

    fields = [{"name": "section", "type": "string"}, {"name": "BGT_ANNEE", "type": "integer"},
              {"name": "start_year", "type": "number"}, {"name": "montant", "type": "number"}]
    table = pd.DataFrame({"section": ["I", "F", "I"], "BGT_ANNEE": [2024] * 3,
                          "start_year": [2020, 2021, 2022], "montant": [1.0, 2.0, 3.0]})
    plan = plan_chart(fields, table)
    assert (plan.kind, plan.x, plan.y) == ("bar", "section", "montant")


def test_a_title_says_when_rows_are_added_up() -> None:
    from generator.render.autochart import several_rows_per_x

    table = pd.concat([daily(3), daily(3)])
    assert several_rows_per_x(PLAN, table) and not several_rows_per_x(PLAN, daily(3))
    assert chart_title(PLAN, FIELDS, "fr", summed=True) == (
        "Évolution de « kWh » selon « Jour » (somme des lignes de chaque « Jour »)")
    assert chart_title(PLAN, FIELDS, "en", summed=True) == (
        '"kWh" over "Jour" (sum of the rows of each "Jour")')


def long_table(series: int, rows_per_pair: int = 1) -> pd.DataFrame:
    years = [2020, 2021, 2022]
    rows = [(y, f"s{i}", 1.0 + i) for y in years for i in range(series)
            for _ in range(rows_per_pair)]
    return pd.DataFrame(rows, columns=["annee", "site", "kwh"])


LONG_FIELDS = [{"name": "annee", "type": "integer"}, {"name": "site", "type": "string"},
               {"name": "kwh", "type": "number"}]


def test_a_few_series_get_a_line_each() -> None:
    from generator.render.autochart import plan_chart

    table = long_table(3, rows_per_pair=2)
    plan = plan_chart(LONG_FIELDS, table)
    assert (plan.kind, plan.x, plan.y, plan.series) == ("line", "annee", "kwh", "site")
    data, _ = chart_data(plan, table)
    assert data.values.tolist() == [[y, f"s{i}", 2 * (1.0 + i)] for y in (2020, 2021, 2022)
                                    for i in range(3)]
    fields = {f["name"]: f for f in LONG_FIELDS}
    assert chart_title(plan, fields, "fr", summed=True) == (
        "Évolution de « kwh » selon « annee » par « site » "
        "(somme des lignes de chaque « annee »)")


def test_many_series_that_do_not_add_up_get_no_chart() -> None:
    from generator.render.autochart import MAX_SERIES, plan_chart

    assert plan_chart(LONG_FIELDS, long_table(MAX_SERIES + 1)) is None


def test_row_identifiers_are_not_series() -> None:
    from generator.render.autochart import plan_chart

    table = pd.DataFrame({"section": ["I", "I", "F", "F"], "line_id": ["a", "b", "c", "d"],
                          "montant": [1.0, 2.0, 3.0, 4.0]})
    fields = [{"name": "section", "type": "string"}, {"name": "line_id", "type": "string"},
              {"name": "montant", "type": "number"}]
    plan = plan_chart(fields, table)
    assert (plan.x, plan.series) == ("section", None)
    assert chart_data(plan, table)[0].values.tolist() == [["F", 7.0], ["I", 3.0]]


def test_a_series_chart_table_has_a_column_per_series() -> None:
    from generator.render.dataset import _chart_rows

    frame = pd.DataFrame({"x": ["2021-01", "2021-01", "2021-02"], "s": ["B", "A", "A"],
                          "y": [2.0, 1.0, 3.0]})
    names, rows = _chart_rows(frame, series=True)
    assert names == ["A", "B"]
    assert rows == [("2021-01", 1.0, 2.0), ("2021-02", 3.0, None)]  # B has no value in February
    names, rows = _chart_rows(frame.drop(columns="s").iloc[[0, 2]], False)
    assert names is None and rows == [("2021-01", 2.0), ("2021-02", 3.0)]


def test_summarise_answers_several_rows_per_x_from_its_grouping() -> None:
    from generator.render.autochart import several_rows_per_x, summarise

    once = daily(10)
    twice = pd.concat([once, once.iloc[:1]], ignore_index=True)
    gaps = twice.assign(kwh=[None] + [1.5] * 10)  # the repeated day's first row has no value
    text = pd.DataFrame({"jour": list(once["jour"]) * 2,
                         "kwh": pd.array(["1", "x"] * 10, dtype=object)})  # "x" is no number
    series = ChartPlan("line", "jour", "kwh", "temporal", series="site")
    sites = pd.concat([once.assign(site="a"), once.assign(site="b")], ignore_index=True)
    cases = [(PLAN, once, False), (PLAN, twice, True), (PLAN, gaps, False),
             (PLAN, text, True), (series, sites, False),
             (series, pd.concat([sites, sites.iloc[:1]]), True)]
    for plan, table, expected in cases:
        data, period, summed = summarise(plan, table)
        assert summed is expected == several_rows_per_x(plan, table)
        assert (data, period) is not None and chart_data(plan, table)[1] == period
        pd.testing.assert_frame_equal(data, chart_data(plan, table)[0])


def test_periods_are_named_as_pandas_names_them() -> None:
    from datetime import UTC, datetime, timedelta

    every_5_hours = [datetime(1968, 6, 1) + timedelta(hours=5 * i) for i in range(5000)]
    from_1700 = [datetime(1700, 1, 1, 23, tzinfo=UTC) + timedelta(days=30 * i)
                 for i in range(500)]  # more than 400 months: yearly
    for moments, code, period in ((every_5_hours, "M", "month"), (from_1700, "Y", "year")):
        data, named = chart_data(PLAN, pd.DataFrame({"jour": moments, "kwh": 1.0}))
        expected = pd.Series(moments).map(lambda m: pd.Timestamp(m).tz_localize(None)
                                          if m.tzinfo is None else
                                          pd.Timestamp(m).tz_convert("UTC").tz_localize(None))
        assert named == period
        assert data["jour"].tolist() == sorted({str(p.to_period(code)) for p in expected})
        assert data["kwh"].sum() == len(moments)


def test_lines_over_days_are_summed_in_numpy_exactly_as_pandas_sums_them() -> None:
    """The numpy path gives _summarise's frame bit for bit: the same rows, dtypes and sums
    (pandas adds each group's values in order with Kahan's compensation, and so does
    _group_sums), on random tables with gaps, repeated days, series and extreme values."""
    from datetime import date, datetime, timedelta

    import numpy as np

    from generator.render.autochart import _group_sums, _line_over_days, _summarise

    rng = np.random.default_rng(11)
    series_plan = ChartPlan("line", "jour", "kwh", "temporal", series="site")
    for case in range(60):
        days = [30, 300, 3000, 20000][case % 4]  # drawn as is, by month, by month, by year
        rows = int(rng.integers(1, 3000))
        start = date(1700 + int(rng.integers(0, 500)), 1, 1)
        picked = [start + timedelta(days=int(d)) for d in rng.integers(0, days, rows)]
        values = rng.standard_normal(rows) * 10.0 ** rng.integers(-6, 13, rows)
        values[rng.random(rows) < 0.05] = np.nan
        if case % 7 == 0:
            values[0] = np.inf
        jours = [None if rng.random() < 0.03 else d for d in picked]
        sites = [None if rng.random() < 0.03 else f"site {int(k)}" for k in rng.integers(0, 5, rows)]
        table = pd.DataFrame({"jour": pd.Series(jours, dtype=object), "kwh": values,
                              "site": pd.array(sites, dtype="str" if case % 2 else object)})
        if case % 3 == 0:  # rows in date order: pandas then adds with numpy's reduceat
            table = table.sort_values("jour", key=lambda c: c.map(
                lambda d: d.toordinal() if d else 0), kind="stable", ignore_index=True)
        for plan in (PLAN, series_plan):
            found = _line_over_days(plan, table)
            assert found is not None
            expected = _summarise(plan, table)
            pd.testing.assert_frame_equal(found[0], expected[0], check_exact=True)
            assert found[1:] == expected[1:]
    sums = rng.standard_normal(5000) * 10.0 ** rng.integers(-6, 13, 5000)
    for groups in (np.sort(rng.integers(0, 40, 5000)), rng.integers(0, 40, 5000)):
        for values in (sums, np.where(rng.random(5000) < 0.1, np.nan, sums)):
            expected = pd.Series(values).groupby(groups).sum().reindex(range(40), fill_value=0)
            assert np.array_equal(_group_sums(groups, values, 40), expected.to_numpy())
    # not such a table: pandas does it
    late = pd.DataFrame({"jour": [date(2262, 1, 1) + timedelta(days=i) for i in range(500)],
                         "kwh": 1.0})
    mixed = pd.DataFrame({"jour": [date(2020, 1, 1), datetime(2020, 1, 2)], "kwh": 1.0})
    empty = pd.DataFrame({"jour": [date(2020, 1, 1)], "kwh": [np.nan]})
    for table in (late, mixed, empty):
        assert _line_over_days(PLAN, table) is None
