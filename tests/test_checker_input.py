"""What the Nu HTML Checker is given: long runs of plain rows and chart elements cut down, and
anything else given whole, so that it is still checked wherever it is."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from generator.charts.auto import Shape, build_auto_chart
from generator.charts.figure import Column, render_figure
from generator.checker_input import KEPT_ELEMENTS, KEPT_ROWS, for_checker
from generator.csp import add_csp_meta
from generator.render.rawhtml import restore
from tests.conftest import ROOT


def page(body: str) -> bytes:
    html = ('<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title>'
            f"</head><body>{body}</body></html>")
    return add_csp_meta(html, []).encode()


def table(rows: list[str]) -> str:
    return ('<table><thead><tr><th scope="col">a</th><th scope="col">b</th></tr></thead>'
            "<tbody>\n" + "\n".join(rows) + "\n</tbody></table>")


PLAIN_ROWS = [f'<tr><td>Quartier &amp; {i}</td><td class="tdh-num">{i},5</td></tr>'
              for i in range(10)]


def test_a_plain_table_body_keeps_its_first_rows_and_its_line_breaks() -> None:
    original = page(table(PLAIN_ROWS))
    given = for_checker(original)
    assert given.count(b"<tr>") == 1 + KEPT_ROWS  # the header row, then the first rows
    assert given.count(b"\n") == original.count(b"\n")
    assert given.split(b"<tbody>")[0] == original.split(b"<tbody>")[0]
    assert PLAIN_ROWS[KEPT_ROWS - 1].encode() in given
    assert PLAIN_ROWS[KEPT_ROWS].encode() not in given


@pytest.mark.parametrize("odd_row", [
    '<tr><td><a href="x">Quartier</a></td><td>1</td></tr>',  # markup in a cell
    "<tr><td>Quartier \x01</td><td>1</td></tr>",  # a code point HTML forbids
    "<tr><td>Quartier</td><td>1</td><td>2</td></tr>",  # wider than the others
    '<tr><th scope="row">Quartier</th><td>1</td></tr>',  # another kind of cell
    "<tr><td>Quartier &nbsp;</td><td>1</td></tr>",  # a reference markupsafe never writes
])
def test_a_table_body_with_anything_else_is_given_whole(odd_row: str) -> None:
    original = page(table([*PLAIN_ROWS, odd_row, *PLAIN_ROWS]))
    assert for_checker(original) == original


def test_short_tables_and_pages_without_tables_or_charts_are_given_as_they_are() -> None:
    short = page(table(PLAIN_ROWS[:KEPT_ROWS]))
    assert for_checker(short) is short
    plain = page("<p>x</p>")
    assert for_checker(plain) is plain


def chart_svg(lang: str = "fr") -> str:
    """An automatic line chart of 3 series over 24 months, as a dataset page draws it."""
    frame = pd.DataFrame({"x": [f"2020-{m:02d}-01" for m in range(1, 13) for _ in range(3)]
                          + [f"2021-{m:02d}-01" for m in range(1, 13) for _ in range(3)],
                          "s": ["Nord", "Sud", "Centre & gare"] * 24,
                          "y": [float(i * 7 % 31) for i in range(72)]})
    labels = {"title": "Énergie <kWh>", "x_title": "Mois", "y_title": "kWh",
              "color_title": "Quartier"}
    chart = build_auto_chart("c", frame, Shape("line", "temporal", True, lang), labels,
                             description="Courbe", table_columns=[Column("Mois", "text")],
                             table_rows=[], csv_name="c.csv")
    return chart.svg


def test_an_automatic_chart_keeps_a_few_elements_of_each_kind() -> None:
    svg = chart_svg()
    given = for_checker(page(svg)).decode()
    kinds: dict[tuple[str, ...], int] = {}
    for element in re.finditer(r"<(line|circle|rect|path|text)((?: [a-z0-9-]+=\"[^\"]*\")*)",
                               given):
        kind = (element.group(1), *re.findall(r' ([a-z0-9-]+)="', element.group(2)))
        kinds[kind] = kinds.get(kind, 0) + 1
    assert max(kinds.values()) == KEPT_ELEMENTS
    assert len(given) < len(page(svg).decode())
    # the lines' data: their first two points (each line of this chart has 24)
    lines = re.findall(r'<path d="(M[^"]*)"', svg)
    assert lines and all(line.count("L") == 23 for line in lines)
    assert re.findall(r'<path d="(M[^"]*)"', given) == [
        line[:line.index("L", line.index("L") + 1)] for line in lines[:KEPT_ELEMENTS]]
    assert "<title>Énergie &lt;kWh&gt;</title>" in given


@pytest.mark.parametrize("odd", [
    '<path d="M1,2Lnan,3" stroke="#000000"/>',  # path data that is not numbers
    '<line x1="1" y1="2" x2="3" y2="4" stroke="url(#x)"/>',  # a value of another kind
    '<line id="a" x1="1" y1="2" x2="3" y2="4" stroke="#000000"/>',  # an id
])
def test_chart_elements_that_are_not_plain_are_given_whole(odd: str) -> None:
    svg = chart_svg()
    planted = svg.replace("</svg>", odd * (KEPT_ELEMENTS + 2) + "</svg>")
    assert for_checker(page(planted)).decode().count(odd) == KEPT_ELEMENTS + 2


def test_a_chart_with_a_forbidden_code_point_is_given_whole() -> None:
    planted = page(chart_svg().replace("Nord", "No\x01rd"))
    assert for_checker(planted) == planted


@pytest.fixture(scope="module")
def checker():
    from generator.nuchecker import NuService, checker_jar

    jar = checker_jar(ROOT)
    if jar is None:
        pytest.fail("the Nu HTML Checker (npm vnu-jar and Java) is needed by these tests")
    service = NuService(jar)
    yield service
    service.close()


def figure_page(lang: str) -> bytes:
    """A page with a whole chart figure (SVG and data table) of 72 points, as built."""
    frame = pd.DataFrame({"x": [f"2020-{m:02d}" for m in range(1, 13)] * 3,
                          "s": ["Nord"] * 12 + ["Sud"] * 12 + ["Centre & gare"] * 12,
                          "y": [1.5 * i for i in range(36)]})
    labels = {"title": "Énergie", "x_title": "Mois", "y_title": "kWh", "color_title": "Q"}
    rows = [(f"2020-{m:02d}", 1.5 * m, 2.5 * m, 3.5 * m) for m in range(1, 13)]
    chart = build_auto_chart("c", frame, Shape("line", "ordinal", True, lang), labels,
                             description="Courbe", csv_name="c.csv", table_rows=rows,
                             table_columns=[Column("Mois", "text"), Column("Nord", "number"),
                                            Column("Sud", "number"), Column("Centre", "number")])
    return page(restore(render_figure(chart, spec_url="c.json", csv_url="c.csv", lang=lang)))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_checker_finds_the_same_on_a_chart_given_whole_or_cut_down(checker, lang: str
                                                                      ) -> None:
    whole = figure_page(lang)
    assert for_checker(whole) != whole
    assert checker.check(for_checker(whole)) == checker.check(whole) == []


def test_the_checker_still_finds_a_forbidden_code_point_in_a_late_row(checker) -> None:
    rows = [*PLAIN_ROWS, "<tr><td>Quartier \x01</td><td>1</td></tr>"]
    messages = checker.check(for_checker(page(table(rows))))
    assert any("U+0001" in m.get("message", "") for m in messages)
