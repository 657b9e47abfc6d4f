"""Two builds of the same inputs are byte-identical, and SHA256SUMS lets a copy be verified."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import build_site
from generator.cli import cli
from generator.settings import load_settings
from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.slow


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    from tests.conftest import make_project

    project = make_project(tmp_path_factory.mktemp("repro") / "project")
    for name in ("issy-budget-climat", "issy-participation"):
        shutil.copytree(ROOT / "datapackages" / name, project / "datapackages" / name)
    shutil.copytree(CORPUS / "real" / "fd-inflation", project / "datapackages" / "fd-inflation")
    settings = load_settings(project / "mkdocs.yml")
    first = project / "first"
    second = project / "second"
    cold = build_site(settings, site_dir=first)
    warm = build_site(settings, site_dir=second)
    assert cold.ok and warm.ok
    # the second build is served from the build cache: equal trees prove cached == fresh
    assert not any(k.endswith(":hit") for k in cold.cache_stats), cold.cache_stats
    assert warm.cache_stats["validate:hit"] == 3
    assert warm.cache_stats["page-html:hit"] == cold.cache_stats["page-html:miss"] > 0
    assert not any(k.endswith(":miss") for k in warm.cache_stats), warm.cache_stats
    return first, second


def test_two_builds_are_byte_identical(two_builds) -> None:
    first, second = two_builds
    a, b = files_of(first), files_of(second)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []


def test_sha256sums_lists_every_file(two_builds) -> None:
    first, _ = two_builds
    lines = (first / "SHA256SUMS").read_text().splitlines()
    listed = {line.split("  ", 1)[1] for line in lines}
    assert listed == set(files_of(first)) - {"SHA256SUMS"}


def test_verify_accepts_a_faithful_copy_and_names_changes(two_builds, tmp_path: Path) -> None:
    first, _ = two_builds
    copy = tmp_path / "copy"
    shutil.copytree(first, copy)
    ok = CliRunner().invoke(cli, ["verify", str(copy)])
    assert ok.exit_code == 0, ok.output
    csv = next(copy.rglob("*.csv"))
    csv.write_bytes(csv.read_bytes() + b"tampered\n")
    (copy / "extra.txt").write_text("x")
    gone = next(copy.rglob("*.parquet"))
    gone.unlink()
    bad = CliRunner().invoke(cli, ["verify", str(copy), "--lang", "en"])
    assert bad.exit_code == 1
    assert f"≠ {csv.relative_to(copy).as_posix()}" in bad.output
    assert f"- {gone.relative_to(copy).as_posix()}" in bad.output
    assert "+ extra.txt" in bad.output
    assert "1 file(s) changed, 1 missing, 1 extra" in bad.output
