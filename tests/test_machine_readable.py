"""Machine-readable publication: DCAT-AP 3 catalogue, schema.org JSON-LD, API index, sitemap."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from generator.build import Prepared, build_site, prepare_site
from generator.render.rawhtml import restore
from generator.settings import load_settings
from tests.conftest import CORPUS, ROOT, corpus_cases, make_project, simple_descriptor

STANDARDS = Path(__file__).resolve().parents[1].parent / "shared" / "standards" / "dcat-ap-3.0.1"
SITE_URL = "https://data-hub.example.org/"
DEMO = sorted(p.name for p in (ROOT / "datapackages").iterdir() if (p / "datapackage.json")
              .is_file())
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
REQUIRED = ("name", "description", "url", "identifier", "license", "keywords", "version",
            "dateModified", "temporalCoverage", "spatialCoverage", "distribution",
            "variableMeasured", "inLanguage", "isAccessibleForFree")
HOSTILE = "</script><script>alert(1)</script><!-- & -->"


def new_project(target: Path, *packages: str, options: str = "") -> Path:
    """A project copy with some demo or corpus packages (and `catalogue:` plugin options)."""
    project = make_project(target)
    for name in ("index.md", "index.en.md"):  # the guide's index pages (make_project skips them)
        if (ROOT / "docs" / "guide" / name).is_file():
            shutil.copy(ROOT / "docs" / "guide" / name, project / "docs" / "guide" / name)
    for name in packages:
        source = ROOT / "datapackages" / name
        shutil.copytree(source if source.is_dir() else CORPUS / "real" / name,
                        project / "datapackages" / name)
    if options:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("  - tdh:\n", "  - tdh:\n" + options, 1), encoding="utf-8")
    return project


def prepare(project: Path) -> Prepared:
    """Load, validate, compute and render a project in memory."""
    prepared = prepare_site(load_settings(project / "mkdocs.yml"))
    assert prepared.report.valid, prepared.report.issues
    return prepared


def as_bytes(value: Any) -> bytes:
    """A site file's content."""
    return value if isinstance(value, bytes) else Path(value).read_bytes()


def shacl(data: Graph, shapes: str) -> tuple[bool, str, Graph]:
    """pyshacl's verdict for one shapes file of DCAT-AP 3.0.1."""
    from pyshacl import validate

    shapes_graph = Graph().parse(STANDARDS / shapes, format="turtle")
    conforms, results, text = validate(data, shacl_graph=shapes_graph, inference="none",
                                       abort_on_first=False, allow_warnings=False)
    return conforms, text, results


def jsonld_of(page: str) -> dict[str, Any]:
    """The one schema.org block of a dataset page (Markdown or HTML), parsed."""
    blocks = SCRIPT.findall(restore(page))
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """The demo packages, rendered once for this module."""
    return prepare(new_project(tmp_path_factory.mktemp("demo") / "project", *DEMO))


def test_demo_catalogue_conforms_to_dcat_ap_3(demo: Prepared) -> None:
    from rdflib.namespace import DCAT, RDF

    data = Graph().parse(data=demo.site_files["catalogue.ttl"], format="turtle")
    conforms, text, _ = shacl(data, "shapes+range.ttl")
    assert conforms, text
    datasets = {str(s) for s in data.subjects(RDF.type, DCAT.Dataset)}
    assert datasets == {f"{SITE_URL}donnees/{name}/" for name in DEMO}


def warned_paths(data: Graph) -> set[str]:
    """Local names of the properties the recommended shapes warn about."""
    from rdflib.namespace import SH

    _, _, results = shacl(data, "shapes_recommended.ttl")
    return {str(path).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            for path in results.objects(None, SH.resultPath)}


def test_recommended_shapes_leave_only_configurable_gaps(demo: Prepared) -> None:
    data = Graph().parse(data=demo.site_files["catalogue.ttl"], format="turtle")
    # bbox and centroid need `catalogue: spatial:`, dct:type needs `catalogue: publisher: type:`
    assert warned_paths(data) <= {"bbox", "centroid", "type"}


def test_jsonld_and_turtle_say_the_same_and_each_dataset_file_conforms(demo: Prepared) -> None:
    turtle = Graph().parse(data=demo.site_files["catalogue.ttl"], format="turtle")
    jsonld = Graph().parse(data=demo.site_files["catalogue.jsonld"], format="json-ld")
    assert isomorphic(turtle, jsonld)
    for name in DEMO:
        single = Graph().parse(data=demo.site_files[f"donnees/{name}/{name}.jsonld"],
                               format="json-ld")
        conforms, text, _ = shacl(single, "shapes+range.ttl")
        assert conforms, text


def test_catalogue_content(demo: Prepared) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS, XSD

    data = Graph().parse(data=demo.site_files["catalogue.ttl"], format="turtle")
    dataset = URIRef(f"{SITE_URL}donnees/issy-budget-climat/")
    assert Literal("Issy-les-Moulineaux climate budget", lang="en") in set(
        data.objects(dataset, DCTERMS.title))
    assert URIRef("http://publications.europa.eu/resource/authority/data-theme/ENVI") in set(
        data.objects(dataset, DCAT.theme))
    assert (dataset, DCTERMS.identifier, Literal(str(dataset))) in data
    assert (dataset, URIRef(f"{DCAT}version"), Literal("1.0.0")) in data
    assert (dataset, DCTERMS.license,
            URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")) in data
    distribution = URIRef(f"{dataset}#distribution/emissions.csv")
    assert (dataset, DCAT.distribution, distribution) in data
    csv = as_bytes(demo.site_files["donnees/issy-budget-climat/emissions.csv"])
    assert (distribution, DCAT.byteSize, Literal(str(len(csv)), datatype=XSD.nonNegativeInteger)
            ) in data
    assert (distribution, DCAT.mediaType,
            URIRef("https://www.iana.org/assignments/media-types/text/csv")) in data
    schema = next(data.objects(distribution, DCTERMS.conformsTo))
    assert str(schema).startswith(SITE_URL)
    assert str(schema)[len(SITE_URL):] in demo.site_files
    temporal = next(data.objects(dataset, DCTERMS.temporal))
    assert str(next(data.objects(temporal, DCAT.startDate))) == "2013-01-01"


def test_turtle_is_byte_stable_across_hash_seeds(demo: Prepared) -> None:
    document = demo.site_files["catalogue.jsonld"].decode("utf-8")
    code = ("import json, sys; from generator.render.dcat import to_turtle; "
            "sys.stdout.buffer.write(to_turtle(json.loads(sys.stdin.read())))")
    outputs = {
        subprocess.run([sys.executable, "-c", code], input=document.encode(), cwd=ROOT,
                       capture_output=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert outputs == {demo.site_files["catalogue.ttl"]}


def test_every_dataset_page_has_valid_dataset_jsonld(demo: Prepared) -> None:
    for name in DEMO:
        for lang, page in (("fr", f"donnees/{name}/index.md"),
                           ("en", f"donnees/{name}/index.en.md")):
            text = restore(demo.pages[page])  # the block as the published page has it
            block = next(line for line in text.splitlines() if "application/ld+json" in line)
            assert block.startswith("<script") and block.endswith("</script>")
            data = jsonld_of(text)
            assert data["@context"] == "https://schema.org/" and data["@type"] == "Dataset"
            assert all(key in data for key in REQUIRED), set(REQUIRED) - set(data)
            assert 50 <= len(data["description"]) <= 5000
            assert data["inLanguage"] == lang and data["isAccessibleForFree"] is True
            assert data["url"] == SITE_URL + ("en/" if lang == "en" else "") + f"donnees/{name}/"
            assert data["identifier"] == f"{SITE_URL}donnees/{name}/"
            assert data["publisher"]["name"] and data["creator"]
            assert data["keywords"] and data["variableMeasured"]
            kinds = {d["encodingFormat"] for d in data["distribution"]}
            assert {"text/csv", "application/vnd.apache.parquet"} <= kinds
            for download in data["distribution"]:
                assert download["@type"] == "DataDownload"
                assert download["contentUrl"][len(SITE_URL):] in demo.site_files


def test_dataset_pages_link_their_alternates(demo: Prepared) -> None:
    for name in DEMO:
        page = demo.pages[f"donnees/{name}/index.en.md"]
        for media_type in ("text/csv", "application/vnd.apache.parquet", "application/ld+json"):
            assert f'rel="alternate" type="{media_type}"' in page
        href = re.search(r'type="application/ld\+json" href="([^"]+)"', page).group(1)
        assert href == f"../../../donnees/{name}/{name}.jsonld"
        assert f"donnees/{name}/{name}.jsonld" in demo.site_files


def test_api_index_lists_every_api_file_and_package(demo: Prepared) -> None:
    index = json.loads(demo.site_files["api/index.json"])
    listed = {entry["path"] for entry in index["api"]}
    assert listed == {k for k in demo.site_files if k.startswith("api/") and k.endswith(".json")}
    for entry in index["api"]:
        assert entry["url"] == SITE_URL + entry["path"]
    assert [p["name"] for p in index["packages"]] == DEMO
    for package in index["packages"]:
        links = [package["datapackage"], package["zip"], package["jsonld"]]
        for resource in package["resources"]:
            links += resource["files"] + [resource["parquet"]]
        for link in links:
            assert link["path"] in demo.site_files and link["url"] == SITE_URL + link["path"]
        for lang, page in package["page"].items():
            assert page["url"] == SITE_URL + page["path"]
            suffix = "index.md" if lang == "fr" else "index.en.md"
            assert f"donnees/{package['name']}/{suffix}" in demo.pages


def test_identifiers_survive_a_data_change(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project", "issy-participation")
    before = prepare(project)
    again = prepare(project)
    assert again.site_files["catalogue.ttl"] == before.site_files["catalogue.ttl"]
    data = project / "datapackages" / "issy-participation" / "participants.csv"
    lines = data.read_text(encoding="utf-8").splitlines()
    header, first = lines[0].split(","), lines[1].split(",")
    column = header.index("participants")
    first[column] = str(int(first[column]) + 1)
    data.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    after = prepare(project)
    assert after.site_files["catalogue.ttl"] != before.site_files["catalogue.ttl"]

    def identifiers(prepared: Prepared) -> tuple[Any, ...]:
        graph = Graph().parse(data=prepared.site_files["catalogue.ttl"], format="turtle")
        rows = graph.query("PREFIX dcat: <http://www.w3.org/ns/dcat#> "
                           "PREFIX dct: <http://purl.org/dc/terms/> "
                           "SELECT ?d ?i ?issued ?modified WHERE { ?d a dcat:Dataset ; "
                           "dct:identifier ?i ; dct:issued ?issued ; dct:modified ?modified }")
        pages = [jsonld_of(prepared.pages[p]) for p in sorted(prepared.pages)
                 if p.startswith("donnees/issy-participation/index")]
        return (sorted(tuple(map(str, row)) for row in rows),
                [(p["@id"], p["identifier"], p["dateModified"]) for p in pages])

    assert identifiers(after) == identifiers(before)
    assert identifiers(before)[0][0][1] == f"{SITE_URL}donnees/issy-participation/"


def test_hostile_metadata_is_escaped_and_short_descriptions_padded(tmp_path: Path,
                                                                    make_package) -> None:
    project = new_project(tmp_path / "project", options=(
        "      catalogue:\n"
        "        publisher: {name: Ville de Test, type: LocalAuthority}\n"
        "        spatial: {label: Testville, bbox: [2.24, 48.81, 2.29, 48.84]}\n"))
    descriptor = simple_descriptor("hostile", title=HOSTILE, description="<b>x</b>",
                                   id="urn:uuid:0b5a3a52-hostile", tdh={"themes": ["ENVI"]})
    descriptor["keywords"] = [HOSTILE]
    make_package(descriptor, {"data.csv": "id,label,value\n1,</script>,2.5\n"}, name="hostile",
                 parent=project / "datapackages")
    prepared = prepare(project)
    for page in ("donnees/hostile/index.md", "donnees/hostile/index.en.md"):
        text = restore(prepared.pages[page])
        block = next(line for line in text.splitlines() if "application/ld+json" in line)
        assert block.count("</script>") == 1 and block.count("<") == 2 and "<!--" not in block
        data = jsonld_of(text)
        assert data["name"] == HOSTILE and data["keywords"] == [HOSTILE]
        assert 50 <= len(data["description"]) <= 5000 and "<b>x</b>" in data["description"]
        assert data["identifier"] == "urn:uuid:0b5a3a52-hostile"
        assert data["spatialCoverage"]["geo"]["box"] == "48.81 2.24 48.84 2.29"
    graph = Graph().parse(data=prepared.site_files["catalogue.ttl"], format="turtle")
    conforms, text, _ = shacl(graph, "shapes+range.ttl")
    assert conforms, text
    assert not {"bbox", "centroid", "type"} & warned_paths(graph)


def render_machine(folder: Path, settings_project: Path) -> tuple[dict[str, bytes], list[str]]:
    """The machine-readable files and JSON-LD blocks of one package, without charts or MkDocs."""
    from generator.load import load_packages
    from generator.render.dataset import render_package_files
    from generator.render.machine import (
        dataset_jsonld,
        package_facts,
        package_machine_files,
        render_catalogue_files,
        site_info,
    )
    from generator.validate import validate_packages

    settings = load_settings(settings_project / "mkdocs.yml")
    validated = validate_packages(load_packages([folder]), keep_tables=True)
    files, blocks, all_facts = {}, [], []
    for name, source in sorted(validated.sources.items()):
        tables = validated.tables.get(name, {})
        package_files, downloads = render_package_files(source, tables)
        facts = package_facts(site_info(settings), source, tables, downloads)
        all_facts.append(facts)
        files.update({path: data for path, data in package_machine_files(settings, facts).items()
                      if path not in package_files})
        blocks += [dataset_jsonld(settings, facts, lang) for lang in ("fr", "en")]
    return {**files, **render_catalogue_files(settings, all_facts)}, blocks


REAL = corpus_cases("real")


@pytest.mark.parametrize("folder", REAL, ids=[p.name for p in REAL])
def test_real_packages_give_a_conforming_catalogue(folder: Path, project: Path) -> None:
    out, blocks = render_machine(folder, project)
    graph = Graph().parse(data=out["catalogue.ttl"], format="turtle")
    conforms, text, _ = shacl(graph, "shapes+range.ttl")
    assert conforms, text
    for block in blocks:
        data = json.loads(SCRIPT.fullmatch(block).group(1))
        assert data["@type"] == "Dataset" and 50 <= len(data["description"]) <= 5000
        assert data["distribution"] and data["identifier"] and data["variableMeasured"]


@pytest.mark.slow
def test_built_site_has_sitemap_catalogues_and_intact_jsonld(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project", "issy-participation", "gdp")
    result = build_site(load_settings(project / "mkdocs.yml"))
    assert result.ok, result.report and result.report.issues
    site = project / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    for name in ("issy-participation", "gdp"):
        assert f"{SITE_URL}donnees/{name}/" in locations
        assert f"{SITE_URL}en/donnees/{name}/" in locations
        for lang_dir in ("", "en/"):
            html = (site / lang_dir / "donnees" / name / "index.html").read_text(encoding="utf-8")
            assert jsonld_of(html)["url"] == f"{SITE_URL}{lang_dir}donnees/{name}/"
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    assert {f"{SITE_URL}{p}/".replace(f"{SITE_URL}./", SITE_URL) for p in pages} <= locations
    graph = Graph().parse(site / "catalogue.ttl", format="turtle")
    assert shacl(graph, "shapes+range.ttl")[0]
    assert (site / "catalogue.jsonld").is_file() and (site / "api" / "index.json").is_file()


def test_messy_metadata_gives_valid_output(tmp_path: Path, project: Path, make_package) -> None:
    descriptor = simple_descriptor(
        "messy", title="", description="", id=42, modified="2024-13-45", version="v 3",
        homepage="javascript:alert(1)", keywords=["  a  b ", ""],
        contributors=[{"title": "Q <q@x>", "role": "publisher"},
                      {"roles": ["contact"], "title": "C", "email": "c@example.org"}],
        licenses=[{"name": "Custom licence", "path": "LICENCE.txt"}, {"path": "http://x y"}],
        spatial={"type": "Point", "coordinates": ["a", 2]}, temporal={"start": "?"},
        sources=[{"title": "s", "path": "ftp://nope"}])
    descriptor["tdh"] = {"en": "not a dict", "themes": ["ENVI", "nope", None]}
    folder = make_package(descriptor, {"data.csv": "id,label,value\n1,a,2.5\n"}, name="messy",
                          parent=tmp_path / "packages")
    out, blocks = render_machine(folder, project)
    assert len(blocks) == 2
    graph = Graph().parse(data=out["catalogue.ttl"], format="turtle")
    conforms, text, _ = shacl(graph, "shapes+range.ttl")
    assert conforms, text
    data = json.loads(SCRIPT.fullmatch(blocks[0]).group(1))
    assert data["identifier"] == "42" and data["name"] == "messy" and data["keywords"]
    assert 50 <= len(data["description"]) <= 5000 and data["version"] == "v 3"
    assert "dateModified" not in data and data["publisher"]["name"] == "Q <q@x>"
