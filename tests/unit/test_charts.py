"""Chart layer: Vega-Lite specs, Vega/SVG compilation, accessible figures, vendored files."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import vl_convert as vlc

from generator.charts import (
    Chart,
    Column,
    Rule,
    bar_chart,
    bar_layer,
    build_chart,
    format_number,
    layered,
    line_chart,
    line_layer,
    point_layer,
    render_figure,
    table_csv,
    to_svg,
    to_vega,
    vendor_files,
)
from generator.charts.compile import safe_svg
from generator.charts.vendor import VENDOR_SOURCES
from generator.render.rawhtml import restore

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
NNBSP = "\u202f"


def _dump(spec: dict) -> str:
    """Serialise a spec the way the site writes it."""
    return json.dumps(spec, ensure_ascii=False, sort_keys=False)


@pytest.fixture
def yearly() -> pd.DataFrame:
    """Small yearly series with values that need thousands separators and decimals."""
    return pd.DataFrame(
        {"year": [2019, 2020, 2021, 2022], "tco2e": [123456.5, 120000.25, 98000, 91000]}
    )


@pytest.fixture
def fr_line(yearly: pd.DataFrame) -> dict:
    """A French line chart with a reference rule."""
    return line_chart(
        yearly, "year", "tco2e", title="Émissions", x_title="Année", y_title="tCO2e", lang="fr",
        x_type="ordinal", description="Émissions territoriales par année",
        rules=[Rule(69439, "Objectif 2030")],
    )


def _layered(lang: str) -> dict:
    """Emissions by sector (stacked bars) + yearly caps (points) + two dashed trajectories."""
    em = pd.DataFrame({
        "year": [2020, 2020, 2021, 2021],
        "sector": ["Transport", "Bâtiments", "Transport", "Bâtiments"],
        "tco2e": [50000.0, 40000.0, 48000.0, 39000.5],
    })
    caps = pd.DataFrame({"year": [2021], "cap_tco2e": [88000.0]})
    paths = pd.DataFrame({
        "year": [2021, 2022, 2021, 2022],
        "trajectory": ["Linéaire", "Linéaire", "Taux constant", "Taux constant"],
        "tco2e": [87000.5, 80000.0, 87000.5, 82000.0],
    })
    return layered(
        bar_layer(em, "year", "tco2e", x_title="Année", y_title="tCO2e", color="sector"),
        point_layer(caps, "year", "cap_tco2e", label="Plafond", x_title="Année", y_title="tCO2e"),
        line_layer(paths, "year", "tco2e", x_title="Année", y_title="tCO2e", dash="trajectory",
                   x_type="ordinal"),
        title="Budget carbone", description="Émissions, plafonds et trajectoires", lang=lang,
    )


def test_line_spec_is_vega_lite_stable_and_french(yearly: pd.DataFrame, fr_line: dict) -> None:
    again = line_chart(
        yearly, "year", "tco2e", title="Émissions", x_title="Année", y_title="tCO2e", lang="fr",
        x_type="ordinal", description="Émissions territoriales par année",
        rules=[Rule(69439, "Objectif 2030")],
    )
    assert isinstance(fr_line, dict)
    assert re.search(r"/schema/vega-lite/v6[.\d]*\.json$", fr_line["$schema"])
    assert _dump(fr_line) == _dump(again)
    locale = fr_line["config"]["locale"]
    assert locale["number"]["decimal"] == ","
    assert locale["number"]["thousands"] in (NNBSP, "\u00a0")
    assert "janvier" in locale["time"]["months"]
    assert fr_line["description"] == "Émissions territoriales par année"
    assert fr_line["width"] == "container"
    assert fr_line["autosize"]["type"] == "fit-x"


def test_english_spec_uses_english_locale(yearly: pd.DataFrame) -> None:
    spec = bar_chart(yearly, "year", "tco2e", title="Emissions", x_title="Year", y_title="tCO2e",
                     lang="en")
    assert spec["config"]["locale"]["number"]["decimal"] == "."
    assert spec["config"]["locale"]["time"]["months"][0] == "January"
    assert spec["encoding"]["tooltip"]


def test_unknown_language_is_refused(yearly: pd.DataFrame) -> None:
    with pytest.raises(ValueError):
        line_chart(yearly, "year", "tco2e", title="t", x_title="x", y_title="y", lang="de")


def test_bar_variants() -> None:
    df = pd.DataFrame({"k": ["a", "a", "b"], "s": ["x", "y", "x"], "v": [1.0, 2.0, 3.0]})
    grouped = bar_chart(df, "k", "v", title="t", x_title="K", y_title="V", lang="fr",
                        color="s", stack=False, x_type="nominal")
    assert "xOffset" in grouped["encoding"]
    horizontal = bar_chart(df, "k", "v", title="t", x_title="K", y_title="V", lang="fr",
                           horizontal=True, x_type="nominal")
    assert horizontal["encoding"]["y"]["field"] == "k"
    assert horizontal["encoding"]["x"]["field"] == "v"


def test_temporal_line_pins_dates_to_utc() -> None:
    df = pd.DataFrame({"d": pd.to_datetime(["2023-01-01", "2023-02-01"]), "v": [1.0, 2.0]})
    spec = line_chart(df, "d", "v", title="t", x_title="Mois", y_title="v", lang="fr",
                      x_format="%b %Y", x_ticks="month")
    values = next(iter(spec["datasets"].values()))
    assert values[0]["d"] == "2023-01-01"
    assert spec["encoding"]["x"]["scale"]["type"] == "utc"
    svg = to_svg(spec, "fr")
    assert "janv. 2023" in svg and "févr. 2023" in svg


def test_layered_chart_is_deterministic_without_generated_names() -> None:
    first, second = _layered("fr"), _layered("fr")
    assert _dump(first) == _dump(second)
    assert len(first["layer"]) == 3
    assert not re.search(r'"(param|view)_\d+"', _dump(first))


def test_to_vega_compiles_to_vega_v6_with_locale(fr_line: dict) -> None:
    vg = to_vega(fr_line)
    assert re.search(r"/schema/vega/v[56]\.json$", vg["$schema"])
    assert vg["config"]["locale"]["number"]["decimal"] == ","
    assert vg["description"] == fr_line["description"]
    assert _dump(vg) == _dump(to_vega(fr_line))
    # The Vega runtime parses every expression of the compiled spec without error.
    assert vlc.vega_to_svg(vg).lstrip().startswith("<svg")


def test_to_svg_is_safe_accessible_french_and_deterministic(fr_line: dict) -> None:
    svg = to_svg(fr_line, "fr")
    assert svg.startswith("<svg")
    assert "<?xml" not in svg
    head = svg[: svg.index(">") + 1]
    assert 'role="img"' in head
    assert 'aria-label="Émissions territoriales par année"' in head
    assert "<title>Émissions territoriales par année</title>" in svg
    assert f"120{NNBSP}000" in svg  # French grouping on the y axis
    assert 'width="640"' in head
    assert "<script" not in svg
    assert not re.search(r'href="(?!#)', svg)
    assert svg == to_svg(fr_line, "fr")


def test_to_svg_english_ticks(yearly: pd.DataFrame) -> None:
    spec = line_chart(yearly, "year", "tco2e", title="Emissions", x_title="Year",
                      y_title="tCO2e", lang="en", x_type="ordinal")
    assert "120,000" in to_svg(spec, "en")


def test_layered_chart_renders() -> None:
    chart = build_chart("budget", _layered("fr"), lang="fr", description="d",
                        table_columns=["a"], table_rows=[[1]])
    assert "Plafond" in chart.svg and "Linéaire" in chart.svg
    assert chart.vega["$schema"].endswith(".json")


def test_safe_svg_strips_active_content_and_prefixes_ids() -> None:
    raw = (
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="x()" role="x">'
        '<script>alert(1)</script><defs><clipPath id="clip1"><rect/></clipPath></defs>'
        '<g clip-path="url(#clip1)"><image href="http://evil.example/a.png"/>'
        '<use href="#clip1"/></g></svg>'
    )
    svg = safe_svg(raw, label='a "b" <c>', id_prefix="chart-x")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    assert "<script" not in svg and "onload" not in svg and "evil" not in svg
    assert 'id="chart-x-clip1"' in svg and "url(#chart-x-clip1)" in svg
    assert 'href="#chart-x-clip1"' in svg
    assert 'aria-label="a &quot;b&quot; &lt;c&gt;"' in svg


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234.5, "fr", None, f"1{NNBSP}234,5"),
        (1234.5, "en", None, "1,234.5"),
        (1234567, "fr", 0, f"1{NNBSP}234{NNBSP}567"),
        (-1234.567, "fr", 2, f"\u22121{NNBSP}234,57"),
        (0.1, "en", 2, "0.10"),
        (-0.001, "fr", 1, "0,0"),
        (2.0, "fr", None, "2"),
        (None, "fr", None, ""),
        (float("nan"), "en", None, ""),
    ],
)
def test_format_number(value: float | None, lang: str, decimals: int | None, expected: str) -> None:
    assert format_number(value, lang, decimals) == expected


def _chart(description: str = "Émissions <script>alert(1)</script>") -> Chart:
    """A hand-built chart (no compilation) for figure and CSV tests."""
    return Chart(
        id="emissions",
        vega_lite={},
        vega={},
        svg='<svg role="img" aria-label="x"><title>x</title></svg>',
        description=description,
        table_rows=((2020, "<script>bad()</script>", 1234.5, True), (2021, "Bâti", None, False)),
        table_columns=(
            Column("Année"), Column("Secteur", "text"), Column("tCO2e", "number", 1),
            Column("Estimé"),
        ),
        csv_name="emissions.csv",
    )


def test_render_figure_escapes_and_formats() -> None:
    carried = render_figure(_chart(), spec_url="emissions.vg.json", csv_url="emissions.csv",
                            lang="fr")
    assert "<svg" not in carried and "<table" not in carried  # Markdown never parses them
    html = restore(carried)  # as the page shows it
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;bad()&lt;/script&gt;" in html
    assert html.startswith('<figure class="tdh-chart" id="chart-emissions">')
    assert 'data-tdh-vega="emissions.vg.json"' in html
    assert 'role="img" aria-label="Émissions &lt;script&gt;' in html
    assert "<caption>" in html and '<th scope="col">Année</th>' in html
    assert f'<td class="tdh-num">1{NNBSP}234,5</td>' in html
    assert "<td class=\"tdh-num\">2020</td>" in html  # years are not grouped
    assert "<td>oui</td>" in html
    assert "Données du graphique" in html
    assert '<a href="emissions.csv" download>Télécharger les données (CSV)</a>' in html


def test_render_figure_english() -> None:
    html = restore(render_figure(_chart("Emissions"), spec_url="a.json", csv_url="a.csv",
                                 lang="en"))
    assert "Chart data" in html and "Download the data (CSV)" in html
    assert '<td class="tdh-num">1,234.5</td>' in html


def test_a_label_then_number_columns_table_marks_its_numbers_once() -> None:
    from dataclasses import replace

    chart = replace(_chart("Trafic"), table_rows=(("2020-01", 1234.5, None), ("2020-02", 2, 3)),
                    table_columns=(Column("Mois", "text"), Column("A", "number"),
                                   Column("B", "number")))
    html = restore(render_figure(chart, spec_url="a.json", csv_url="a.csv", lang="en"))
    assert '<table class="tdh-num-columns"><caption>Trafic</caption>' in html
    assert "<tr><td>2020-01</td><td>1,234.5</td><td></td></tr>" in html
    assert "tdh-num\"" not in html


def test_table_csv_is_machine_readable() -> None:
    text = table_csv(_chart())
    assert text == (
        "Année,Secteur,tCO2e,Estimé\n"
        "2020,<script>bad()</script>,1234.5,true\n"
        "2021,Bâti,,false\n"
    )
    assert text == table_csv(_chart())


def test_build_chart_checks_row_width(fr_line: dict) -> None:
    with pytest.raises(ValueError):
        build_chart("x", fr_line, lang="fr", description="d", table_columns=["a", "b"],
                    table_rows=[[1]])


def test_vendor_files_reports_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        vendor_files(tmp_path)


@pytest.mark.skipif(not NODE_MODULES.is_dir(), reason="node_modules missing (run npm ci)")
def test_vendor_files_found_in_node_modules(tmp_path: Path) -> None:
    files = vendor_files(NODE_MODULES)
    assert set(files) == set(VENDOR_SOURCES)
    assert {"assets/vendor/vega.min.js", "assets/vendor/vega-embed.min.js",
            "assets/vendor/axe.min.js"} <= set(files)
    assert all(path.is_file() and path.stat().st_size > 0 for path in files.values())
    spec = importlib.util.spec_from_file_location("copy_vendor", ROOT / "scripts/copy_vendor.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(tmp_path)]) == 0
    assert (tmp_path / "assets/vendor/vega.min.js").read_bytes() == files[
        "assets/vendor/vega.min.js"
    ].read_bytes()


@pytest.mark.skipif(not NODE_MODULES.is_dir(), reason="node_modules missing (run npm ci)")
def test_vendored_versions_match_package_lock() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for name in ("vega", "vega-embed", "vega-interpreter", "axe-core"):
        installed = json.loads((NODE_MODULES / name / "package.json").read_text(encoding="utf-8"))
        assert installed["version"] == lock[f"node_modules/{name}"]["version"]


def test_the_chart_package_imports_its_names_when_used() -> None:
    import subprocess
    import sys

    import generator.charts as charts

    assert sorted(charts.__all__) == sorted(charts._WHERE)
    assert all(getattr(charts, name) is not None for name in charts.__all__)
    probe = ("import sys; from generator.charts.vendor import vendor_files; "
             "print('altair' in sys.modules, 'vl_convert' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["False", "False"]
