"""Every chart of the demo site is a valid Vega-Lite spec.

The build turns altair's own validation off (it re-validated every nested object and was
most of a build's chart time); this test validates each finished spec once, against the
Vega-Lite JSON schema altair ships.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema

import generator.charts.figure as figure
from generator.build import prepare_site
from generator.settings import load_settings
from tests.conftest import ROOT, make_project

pytestmark = pytest.mark.slow


def test_every_demo_chart_is_valid_vega_lite(tmp_path: Path, monkeypatch) -> None:
    project = make_project(tmp_path / "project")
    for package in sorted((ROOT / "datapackages").iterdir()):
        shutil.copytree(package, project / "datapackages" / package.name)
    specs: list[dict[str, Any]] = []
    real_to_vega = figure.to_vega

    def recording_to_vega(spec: dict[str, Any]) -> dict[str, Any]:
        specs.append(spec)
        return real_to_vega(spec)

    monkeypatch.setattr(figure, "to_vega", recording_to_vega)
    prepared = prepare_site(load_settings(project / "mkdocs.yml"))  # no cache: every chart
    assert prepared.report.valid
    assert len(specs) > 50
    schema = load_schema()
    for spec in specs:
        validate_jsonschema(without_vega_extensions(spec), schema)  # raises with the path


def without_vega_extensions(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec minus the one Vega option charts.spec adds on purpose (legend layout: Vega
    has it, the Vega-Lite schema does not type it)."""
    spec = copy.deepcopy(spec)
    spec.get("config", {}).get("legend", {}).pop("layout", None)
    return spec


def test_an_invalid_spec_is_caught() -> None:
    with pytest.raises(Exception, match="lin"):
        validate_jsonschema({"mark": "lin", "data": {"values": []}}, load_schema())
