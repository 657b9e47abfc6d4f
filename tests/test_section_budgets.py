"""Climate-budget and green-budget sections rendered from the demo packages."""

from __future__ import annotations

import csv
import json
import posixpath
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup

from generator.compute.run import compute_results
from generator.load import load_packages
from generator.render.rawhtml import restore
from generator.render.sections import SectionContext, SectionOutput
from generator.render.text import format_number, format_percent
from generator.validate import validate_packages

ROOT = Path(__file__).resolve().parent.parent
CLIMATE = ROOT / "datapackages" / "issy-budget-climat"
GREEN = ROOT / "datapackages" / "issy-budget-vert"
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]
NNBSP = "\u202f"
HOSTILE = '<script>alert("x")</script>'
PAGES = {"fr": "{folder}/index.md", "en": "{folder}/index.en.md"}
URLS = {"fr": "{folder}/", "en": "en/{folder}/"}


def render_package(folder: Path) -> tuple[SectionOutput, dict[str, Any]]:
    """Load, validate, compute and render one package; return the output and its API data."""
    from generator.render import section_climate_budget, section_green_budget

    validated = validate_packages(load_packages([folder]), keep_tables=True)
    assert validated.report.packages[0].valid, validated.report.packages[0]
    name = folder.name
    result = compute_results(validated)[name]
    module = section_climate_budget if result.kind == "climate-budget" else section_green_budget
    context = SectionContext(
        package=name, descriptor=validated.sources[name].descriptor,
        tables={k: v.drop(columns="_row") for k, v in validated.tables[name].items()},
        langs=("fr", "en"),
    )
    return module.render(result, context), result.data


def html_of(page: str) -> BeautifulSoup:
    """A generated page (front matter + Markdown) converted to HTML as MkDocs and the tdh
    plugin would (carried blocks put back)."""
    assert page.startswith("---\n")
    body = page.split("---\n", 2)[2]
    return BeautifulSoup(restore(markdown.markdown(body, extensions=EXTENSIONS)), "html.parser")


def front_matter(page: str) -> str:
    """The YAML front matter of a page."""
    return page.split("---\n", 2)[1]


def site_path(folder: str, lang: str, href: str) -> str:
    """Where a relative link of a section page lands, from the site root."""
    return posixpath.normpath(posixpath.join(URLS[lang].format(folder=folder), href)) + (
        "/" if href.endswith("/") else "")


@pytest.fixture(scope="module")
def climate() -> tuple[SectionOutput, dict[str, Any]]:
    """The rendered climate-budget section and its API data."""
    return render_package(CLIMATE)


@pytest.fixture(scope="module")
def green() -> tuple[SectionOutput, dict[str, Any]]:
    """The rendered green-budget section and its API data."""
    return render_package(GREEN)


@pytest.mark.parametrize("kind", ["climate", "green"])
def test_both_languages_present(kind: str, request: pytest.FixtureRequest) -> None:
    output, _ = request.getfixturevalue(kind)
    folder = "budget-climat" if kind == "climate" else "budget-vert"
    assert set(output.pages) == {PAGES[lang].format(folder=folder) for lang in ("fr", "en")}
    fr, en = (output.pages[PAGES[lang].format(folder=folder)] for lang in ("fr", "en"))
    for page in (fr, en):
        assert "tdh_charts: true" in front_matter(page)
        assert html_of(page).find("h1")
    assert "Comment ces chiffres sont calculés" in fr and "How these figures are computed" in en
    assert set(output.headlines) == {"fr", "en"}
    for items in output.headlines.values():
        assert 2 <= len(items) <= 3
        assert all(set(item) == {"value", "label", "href"} for item in items)
        assert all(item["href"] == f"{folder}/" for item in items)


def test_climate_headlines_equal_the_api(climate: tuple[SectionOutput, dict]) -> None:
    output, data = climate
    latest = data["years"][-1]
    assert latest["year"] == data["latest_year"] == 2024
    total = {"fr": f"104{NNBSP}987", "en": "104,987"}
    for lang in ("fr", "en"):
        assert format_number(latest["total_tco2e"], lang, 0) == total[lang]
        soup = html_of(output.pages[PAGES[lang].format(folder="budget-climat")])
        figure = soup.find(attrs={"data-tdh-figure": "total"}).get_text()
        assert figure == f"{total[lang]} tCO2e"
        change = format_percent(latest["change_pct"], lang, 1, signed=True)
        assert soup.find(attrs={"data-tdh-figure": "change"}).get_text() == change
        goal = format_number(data["goal"]["tco2e"], lang, 0)
        assert soup.find(attrs={"data-tdh-figure": "goal"}).get_text() == f"{goal} tCO2e"
        assert output.headlines[lang][0]["value"] == f"{total[lang]} tCO2e"
        assert output.headlines[lang][1]["value"] == change


def test_climate_status_is_worded_with_its_rule(climate: tuple[SectionOutput, dict]) -> None:
    output, data = climate
    assert data["status"] == "at-risk"
    words = {"fr": "à risque", "en": "at risk"}
    for lang in ("fr", "en"):
        soup = html_of(output.pages[PAGES[lang].format(folder="budget-climat")])
        assert soup.find(attrs={"data-tdh-figure": "status"}).get_text() == words[lang]
        rule = soup.find("ol", class_="tdh-status-rule")
        assert rule is not None and len(rule.find_all("li")) == 5
        limit = format_number(data["status_detail"]["limit_tco2e"], lang, 0)
        assert limit in rule.get_text()
        required = format_percent(data["required_rate"] * 100, lang, 2)
        assert required in rule.get_text()


def test_measures_table_has_one_row_per_measure(climate: tuple[SectionOutput, dict]) -> None:
    output, data = climate
    with (CLIMATE / "measures.csv").open(encoding="utf-8") as handle:
        ids = [row["measure_id"] for row in csv.DictReader(handle)]
    assert data["measures"]["count"] == len(ids) == 10
    for lang in ("fr", "en"):
        soup = html_of(output.pages[PAGES[lang].format(folder="budget-climat")])
        table = soup.find("table", attrs={"data-tdh-table": "measures"})
        rows = table.find("tbody").find_all("tr")
        assert [row.find("code").get_text() for row in rows] == sorted(ids)
        total = format_number(data["measures"]["total_reduction_tco2e"], lang, 0)
        assert total in table.find("tfoot").get_text()
    en = html_of(output.pages[PAGES["en"].format(folder="budget-climat")])
    assert "Switching public lighting to LED" in en.get_text()
    assert "not claiming" in en.get_text() or "without claiming" in en.get_text()


def test_climate_years_flag_estimates(climate: tuple[SectionOutput, dict]) -> None:
    output, data = climate
    soup = html_of(output.pages[PAGES["fr"].format(folder="budget-climat")])
    rows = soup.find("table", attrs={"data-tdh-table": "years"}).find("tbody").find_all("tr")
    assert [int(r.find("th").get_text()) for r in rows] == [y["year"] for y in data["years"]]
    assert all(r.find_all("td")[-1].get_text() == "oui" for r in rows)
    assert soup.find(class_="tdh-demo") is not None


def test_green_headlines_equal_the_api(green: tuple[SectionOutput, dict]) -> None:
    output, data = green
    latest = data["years"][-1]
    total = next(s for s in latest["axes"][0]["sections"] if s["section"] == "total")
    assert latest["axes"][0]["axis"] == "attenuation"
    for lang in ("fr", "en"):
        expected = format_percent(total["green_share"] * 100, lang, 1)
        assert output.headlines[lang][0]["value"] == expected
        soup = html_of(output.pages[PAGES[lang].format(folder="budget-vert")])
        assert soup.find(attrs={"data-tdh-figure": "green"}).get_text() == expected


def test_green_line_table_lists_every_counted_line(green: tuple[SectionOutput, dict]) -> None:
    output, data = green
    for lang in ("fr", "en"):
        soup = html_of(output.pages[PAGES[lang].format(folder="budget-vert")])
        for year in data["years"]:
            table = soup.find("table", attrs={"data-year": str(year["year"])})
            rows = table.find("tbody").find_all("tr")
            assert len(rows) == len(year["lines"]) > 0
            assert [r.find("code").get_text() for r in rows] == [
                line["line_id"] for line in year["lines"]]
            rationales = [r["rationale"] for line in year["lines"]
                          for items in line["ratings"].values() for r in items if r["rationale"]]
            shown = [s.get_text() for s in table.find_all(class_="tdh-rationale")]
            assert shown == rationales


def test_green_page_labels_and_legal_annex(green: tuple[SectionOutput, dict]) -> None:
    output, _ = green
    labels = {"fr": ["très favorable", "plutôt favorable", "neutre", "défavorable", "indéfini",
                     "non coté"],
              "en": ["very favourable", "rather favourable", "neutral", "unfavourable",
                     "undetermined", "not rated"]}
    for lang in ("fr", "en"):
        soup = html_of(output.pages[PAGES[lang].format(folder="budget-vert")])
        text = soup.get_text()
        assert all(label in text for label in labels[lang])
        headings = [h.get("id") for h in soup.find_all("h2")]
        assert headings.index("annee-2024") < headings.index("annee-2023")
        annex = soup.find("table", attrs={"data-tdh-table": "annex"})
        assert annex is not None and annex.find(attrs={"data-tdh-figure": "annex-green"})
    fr = html_of(output.pages[PAGES["fr"].format(folder="budget-vert")]).get_text()
    assert "Axe requis pour l'exercice 2024" in fr
    assert "l'annexe n'est pas obligatoire" in fr


@pytest.mark.parametrize("kind", ["climate", "green"])
def test_chart_files_are_vega_specs(kind: str, request: pytest.FixtureRequest) -> None:
    output, _ = request.getfixturevalue(kind)
    folder = "budget-climat" if kind == "climate" else "budget-vert"
    specs = [path for path in output.files if path.endswith(".vg.json")]
    assert specs and all(path.startswith(f"{folder}/charts/") for path in output.files)
    for path in specs:
        spec = json.loads(output.files[path])
        assert "/schema/vega/" in spec["$schema"]
    for lang in ("fr", "en"):
        soup = html_of(output.pages[PAGES[lang].format(folder=folder)])
        views = soup.find_all(attrs={"data-tdh-vega": True})
        assert views
        for view in views:
            assert site_path(folder, lang, view["data-tdh-vega"]) in output.files
        for link in soup.select(".tdh-chart__links a"):
            assert site_path(folder, lang, link["href"]) in output.files


@pytest.mark.parametrize("kind", ["climate", "green"])
def test_data_links_for_both_languages(kind: str, request: pytest.FixtureRequest) -> None:
    output, _ = request.getfixturevalue(kind)
    folder, package, api = (("budget-climat", CLIMATE.name, "climate-budget") if kind == "climate"
                            else ("budget-vert", GREEN.name, "green-budget"))
    for lang in ("fr", "en"):
        soup = html_of(output.pages[PAGES[lang].format(folder=folder)])
        hrefs = [a["href"] for a in soup.select("ul.tdh-data-links a")]
        landed = [site_path(folder, lang, href) for href in hrefs]
        prefix = "" if lang == "fr" else "en/"
        assert f"{prefix}donnees/{package}/" in landed
        assert f"api/{api}.json" in landed
        assert any(p.startswith(f"donnees/{package}/") and p.endswith(".csv") for p in landed)
    fr = html_of(output.pages[PAGES["fr"].format(folder=folder)])
    assert fr.select_one(f'a[href="../donnees/{package}/"]') is not None


def _hostile_copy(source: Path, target: Path) -> Path:
    """A copy of a demo package with script tags in its title and in one text cell."""
    folder = target / source.name
    shutil.copytree(source, folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["title"] = f"{HOSTILE} {descriptor['title']}"
    descriptor["tdh"]["en"]["title"] = f"{HOSTILE} *bold* [link](javascript:x)"
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False),
                                             encoding="utf-8")
    name, columns = (("ratings.csv", ["rationale"]) if source == GREEN
                     else ("measures.csv", ["title", "title_en"]))
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0].update({column: HOSTILE for column in columns})
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


@pytest.mark.parametrize("source", [CLIMATE, GREEN], ids=["climate", "green"])
def test_hostile_text_is_escaped(source: Path, tmp_path: Path) -> None:
    output, _ = render_package(_hostile_copy(source, tmp_path))
    for path, page in output.pages.items():
        assert "<script" not in page, path
        soup = html_of(page)
        assert not soup.find_all("script")
        assert HOSTILE in soup.find("h1").get_text()
        assert sum(HOSTILE in node for node in soup.find_all(string=True)) >= 2
        assert not soup.find_all("a", href=lambda h: h and h.startswith("javascript"))
    for headline in output.headlines["fr"] + output.headlines["en"]:
        assert "<" not in headline["value"]


def test_rendering_is_deterministic(climate: tuple[SectionOutput, dict]) -> None:
    output, _ = climate
    again, _ = render_package(CLIMATE)
    assert again.pages == output.pages
    assert again.files == output.files
