"""Indicator, energy and participation sections rendered from the demo packages."""

from __future__ import annotations

import csv
import importlib
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup

from generator.compute.run import compute_results
from generator.load import load_packages
from generator.render.section_common import number, slugify, unique_slugs
from generator.render.rawhtml import restore
from generator.render.sections import SectionContext, SectionOutput
from generator.validate import validate_packages

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "datapackages"
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]
STATUS_WORDS = {
    "fr": {"achieved": "atteint", "on-track": "en bonne voie", "at-risk": "à risque",
           "off-track": "en retard", "no-data": "pas de donnée"},
    "en": {"achieved": "achieved", "on-track": "on track", "at-risk": "at risk",
           "off-track": "off track", "no-data": "no data"},
}
MODULES = {"kpis": "section_kpis", "building-energy": "section_energy",
           "participation": "section_participation"}
HOSTILE = "<script>alert(1)</script>"


def render_package(folder: Path) -> tuple[SectionOutput, dict[str, Any], Any]:
    """Load, validate, compute and render one package; return output, API data and tables."""
    validated = validate_packages(load_packages([folder]), keep_tables=True)
    name = folder.name
    result = compute_results(validated)[name]
    context = SectionContext(
        package=name, descriptor=validated.sources[name].descriptor,
        tables={k: v.drop(columns="_row") for k, v in validated.tables[name].items()},
        langs=("fr", "en"))
    module = importlib.import_module(f"generator.render.{MODULES[result.kind]}")
    return module.render(result, context), result.data, context.tables


def html(page: str) -> BeautifulSoup:
    """A generated page converted as MkDocs and the tdh plugin would (front matter dropped,
    carried blocks put back), parsed."""
    assert page.startswith("---\n")
    body = page.split("\n---\n", 1)[1]
    return BeautifulSoup(restore(markdown.markdown(body, extensions=EXTENSIONS)), "html.parser")


def front_matter(page: str) -> str:
    """The YAML front matter of a page."""
    return page.split("\n---\n", 1)[0]


def text(node: Any) -> str:
    """Visible text with whitespace (including narrow no-break spaces) normalised."""
    return " ".join(node.get_text(" ").replace("\u202f", " ").replace("\u00a0", " ").split())


def chart_files(output: SectionOutput, page_folder: str, soup: BeautifulSoup,
                lang: str) -> list[str]:
    """Site-file keys of the chart specs a page embeds, checked to exist and parse."""
    keys = []
    for view in soup.select("[data-tdh-vega]"):
        url = view["data-tdh-vega"]
        if lang == "en":
            prefix = "../" * (len(page_folder.split("/")) + 1)
            assert url.startswith(prefix), url
            key = url[len(prefix):]
        else:
            key = f"{page_folder}/{url}"
        assert key in output.files, key
        spec = json.loads(output.files[key])
        assert spec.get("marks") or spec.get("data"), key
        keys.append(key)
    return keys


@pytest.fixture(scope="module")
def kpis() -> tuple[SectionOutput, dict[str, Any], Any]:
    """The demo indicators, rendered."""
    return render_package(DEMO / "issy-indicateurs")


@pytest.fixture(scope="module")
def energy() -> tuple[SectionOutput, dict[str, Any], Any]:
    """The demo building energy, rendered."""
    return render_package(DEMO / "issy-energie-batiments")


@pytest.fixture(scope="module")
def participation() -> tuple[SectionOutput, dict[str, Any], Any]:
    """The demo participation, rendered."""
    return render_package(DEMO / "issy-participation")


def test_slugs_are_safe_and_unique() -> None:
    assert slugify("Hôtel de Ville / Annexe #2") == "hotel-de-ville-annexe-2"
    assert slugify("../../etc") == "etc"
    assert slugify("<script>") == "script"
    assert slugify("") == "item"
    slugs = unique_slugs(["A b", "a-b", "A_B", "x"])
    assert list(slugs.values()) == ["a-b", "a-b-2", "a-b-3", "x"]
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in slugs.values())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_kpi_index_has_one_tile_per_indicator_with_status_words(kpis, lang: str) -> None:
    output, data, tables = kpis
    ids = set(tables["indicators"]["kpi_id"])
    soup = html(output.pages["indicateurs/index.md" if lang == "fr" else "indicateurs/index.en.md"])
    tiles = soup.select(".tdh-kpi")
    assert {t["data-kpi"] for t in tiles} == ids and len(tiles) == len(ids)
    statuses = {t["data-status"] for t in tiles}
    assert statuses == set(STATUS_WORDS[lang])  # the demo reaches all five
    for tile in tiles:
        title = text(tile.select_one(".admonition-title"))
        assert STATUS_WORDS[lang][tile["data-status"]] in title
        link = tile.select_one("h3 a")["href"]
        assert link.endswith("/index.md")
        assert f"indicateurs/{link[:-len('/index.md')]}/index.md" in output.pages
        assert tile.select_one("svg.tdh-spark") or tile["data-status"] == "no-data"
    assert len(soup.select(".tdh-kpi-rule")) == 1  # the status rule is stated once
    themes = [text(h) for h in soup.find_all("h2")]
    assert len(themes) == len(set(themes)) >= 4
    assert soup.select_one(".tdh-demo")


def test_kpi_numbers_are_localised(kpis) -> None:
    output, data, _ = kpis
    fr = text(html(output.pages["indicateurs/index.md"]).select_one(
        '[data-kpi="emissions-territoriales"]'))
    en = text(html(output.pages["indicateurs/index.en.md"]).select_one(
        '[data-kpi="emissions-territoriales"]'))
    assert "104 987 tCO2e" in fr and "35,5 %" in fr
    assert "104,987 tCO2e" in en and "35.5%" in en
    assert "Territorial greenhouse-gas emissions" in en


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_one_page_per_indicator_with_chart_and_formula(kpis, lang: str) -> None:
    output, data, _ = kpis
    suffix = "index.md" if lang == "fr" else "index.en.md"
    slugs = unique_slugs(i["kpi_id"] for i in data["indicators"])
    for ind in data["indicators"]:
        folder = f"indicateurs/{slugs[ind['kpi_id']]}"
        page = output.pages[f"{folder}/{suffix}"]
        soup = html(page)
        assert "tdh_charts: true" in front_matter(page)
        specs = chart_files(output, folder, soup, lang)
        assert len(specs) == 1
        assert "strokeDash" in output.files[specs[0]].decode()  # dashed baseline→target path
        assert soup.select_one(f'.tdh-kpi[data-status="{ind["status"]}"]')
        assert soup.select_one("#calculation") and soup.select_one(".tdh-demo")
    page = text(html(output.pages[f"indicateurs/emissions-territoriales/{suffix}"]))
    if lang == "fr":
        assert "(104 987 − 124 540) ÷ (69 439 − 124 540) = 35,5 %" in page
        assert "= 0,89" in page and "« à risque »" in page and "Valeurs estimées" in page
    else:
        assert "(104,987 − 124,540) ÷ (69,439 − 124,540) = 35.5%" in page
        assert "= 0.89" in page and '"at risk"' in page


def test_kpi_headlines(kpis) -> None:
    output, _, _ = kpis
    for lang in ("fr", "en"):
        assert 1 <= len(output.headlines[lang]) <= 3
        assert all(h["href"].startswith("indicateurs/") and h["value"]
                   for h in output.headlines[lang])


def _rows(soup: BeautifulSoup, selector: str) -> list[tuple[str, str, str]]:
    """(building, period, rule or problem) of the rows of the matching tables."""
    out = []
    for table in soup.select(selector):
        for row in table.select("tbody tr"):
            building = table.get("data-building") or text(row.find("th"))
            kind = row.get("data-rule") or row.get("data-problem")
            out.append((building, row.find("time")["datetime"], kind))
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_energy_index_lists_anomalies_and_quality_apart(energy, lang: str) -> None:
    output, data, _ = energy
    page = output.pages["energie/index.md" if lang == "fr" else "energie/index.en.md"]
    soup = html(page)
    anomalies = _rows(soup, "table.tdh-energy-anomalies")
    for planted in [("GYM-EPINETTES", "2023-07", "heating-out-of-season"),
                    ("GYM-EPINETTES", "2023-08", "heating-out-of-season"),
                    ("HDV", "2024", "year-on-year"),
                    ("MEDIATHEQUE", "2022-02", "degree-day-residual")]:
        assert planted in anomalies
    assert len(anomalies) == len(data["anomalies"])
    names = {b["building_id"]: b["name"] for b in data["buildings"]}
    quality = [(b, p, k) for b, p, k in _rows(soup, "table.tdh-energy-quality")]
    expected = {(names["MEDIATHEQUE"], "2020-11", "zero-reading"),
                (names["CAM"], "2021-03", "flat-line"),
                (names["CRECHE-HAUTS"], "2023-12", "estimated-reading")}
    assert expected <= set(quality)
    assert not {(b, p) for b, p, _ in anomalies} & {
        ("MEDIATHEQUE", "2020-11"), ("CAM", "2021-03"), ("CRECHE-HAUTS", "2023-12")}
    headings = [h.get("id") for h in soup.find_all("h2")]
    assert headings.index("anomalies") < headings.index("data-quality") < headings.index("method")
    severity = {"fr": ("alerte", "avertissement"), "en": ("alert", "warning")}[lang]
    body = text(soup)
    assert all(word in body for word in severity)
    july = soup.select_one('table[data-building="GYM-EPINETTES"] tr[data-rule='
                           '"heating-out-of-season"]')
    assert ("juillet 2023" if lang == "fr" else "July 2023") in text(july)
    assert ("21 236 kWh" if lang == "fr" else "21,236 kWh") in text(july)  # observed
    assert "CV(RMSE)" in body and "2019-771" in body
    assert ("0,227" if lang == "fr" else "0.227") in body  # emission factor, with its source
    assert "tdh_charts: true" in front_matter(page)
    assert len(chart_files(output, "energie", soup, lang)) == 2


def test_energy_ranking_uses_latest_complete_year(energy) -> None:
    output, data, _ = energy
    soup = html(output.pages["energie/index.md"])
    rows = soup.select("table.tdh-energy-ranking tbody tr")
    latest = {b["building_id"]: b["years"][-1]["kwh_per_m2"] for b in data["buildings"]}
    ordered = sorted(latest.values(), reverse=True)
    assert [text(r.find_all("td")[1]) for r in rows] == [
        number(v, "fr", 1).replace("\u202f", " ") for v in ordered]
    assert rows[0].find("a")["href"] == "hdv/index.md"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_one_page_per_building(energy, lang: str) -> None:
    output, data, _ = energy
    suffix = "index.md" if lang == "fr" else "index.en.md"
    for building in data["buildings"]:
        folder = f"energie/{slugify(building['building_id'])}"
        soup = html(output.pages[f"{folder}/{suffix}"])
        assert len(chart_files(output, folder, soup, lang)) == 2  # monthly model, gain path
        body = text(soup)
        assert "CV(RMSE)" in body and building["name"] in body
        assert soup.select_one("#yearly") and soup.select_one("#progress")
    gym = html(output.pages[f"energie/gym-epinettes/{suffix}"])
    assert ("GYM-EPINETTES", "2023-07", "heating-out-of-season") in _rows(
        gym, "table.tdh-energy-anomalies")
    creche = html(output.pages[f"energie/creche-hauts/{suffix}"])
    assert ("2023-12", "estimated-reading") in [(p, k) for _, p, k in _rows(
        creche, "table.tdh-energy-quality")]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_participation_ratios_match_the_api(participation, lang: str) -> None:
    output, data, _ = participation
    page = output.pages["participation/index.md" if lang == "fr" else
                        "participation/index.en.md"]
    soup = html(page)
    for consultation in data["consultations"]:
        table = soup.select_one(f'[data-consultation="{consultation["consultation"]}"] table')
        shown = {text(r.find("th")): text(r.select_one("td.tdh-ratio"))
                 for r in table.select("tbody tr")}
        assert shown == {a["area"]: number(a["representation_ratio"], lang, 2)
                         for a in consultation["areas"]}
    assert len(chart_files(output, "participation", soup, lang)) == len(data["consultations"])
    rule = "1 = représentation proportionnelle" if lang == "fr" else "proportional representation"
    assert all(rule in output.files[k].decode() for k in output.files if k.endswith(".vg.json")
               and f".{lang}." in k)
    assert soup.select_one(".tdh-ratio-rule") and not soup.find("svg", class_="map")
    assert output.headlines[lang][0]["href"].startswith("participation/")


def test_every_site_file_is_valid(kpis, energy, participation) -> None:
    for output, _, _ in (kpis, energy, participation):
        for key, content in output.files.items():
            assert re.fullmatch(r"[a-z0-9/.-]+", key), key
            if key.endswith(".json"):
                json.loads(content)
            elif key.endswith(".csv"):
                rows = list(csv.reader(io.StringIO(content.decode())))
                assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows)


def _rewrite_csv(path: Path, column: str, old: str, new: str) -> None:
    """Replace a cell value in one column of a CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row[column] == old:
            row[column] = new
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_hostile_labels_are_escaped(tmp_path: Path) -> None:
    for name in ("issy-indicateurs", "issy-energie-batiments", "issy-participation"):
        shutil.copytree(DEMO / name, tmp_path / name)
    kpi = tmp_path / "issy-indicateurs" / "indicators.csv"
    _rewrite_csv(kpi, "label", "Flux de données branchés sur le Data Hub", HOSTILE + " *x*")
    _rewrite_csv(kpi, "label_en", "Data streams plugged into the Data Hub", HOSTILE)
    _rewrite_csv(tmp_path / "issy-energie-batiments" / "buildings.csv", "name", "Hôtel de Ville",
                 HOSTILE + " [x](javascript:alert(2))")
    for csv_name in ("areas.csv", "participants.csv"):
        _rewrite_csv(tmp_path / "issy-participation" / csv_name, "area", "Centre-Ville",
                     HOSTILE)
    for name in ("issy-indicateurs", "issy-energie-batiments", "issy-participation"):
        output, _, _ = render_package(tmp_path / name)
        shown = False
        for path, page in output.pages.items():
            soup = html(page)
            assert not soup.find("script"), path
            assert not soup.select('a[href^="javascript"]'), path
            shown |= HOSTILE in soup.get_text()
            # the theme prints title and description unescaped: no markup may reach them
            assert "<" not in front_matter(page) and ">" not in front_matter(page), path
        assert shown, name
