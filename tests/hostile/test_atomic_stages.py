"""Atomic builds: a build failing or interrupted at any stage leaves the previous site as it was.

One small site is built once; each test breaks a private copy of it at one stage (load,
validate, compute, render, MkDocs, post-build checks, interruption) and runs `tdh build`:
exit code, a clear bilingual message without traceback, the site byte-identical, and no
`.site.build-*` (or `.site.old-*`) folder left behind.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from generator.build import build_site
from generator.settings import load_settings
from tests.conftest import copy_project, make_project, simple_descriptor
from tests.hostile.cases import CSV, demo_kpis_copy, write_package
from tests.hostile.test_hostile import assert_no_traceback, invoke, leftovers, tree_digest

pytestmark = pytest.mark.slow
UNEXPECTED = ("Erreur inattendue pendant la construction", "Unexpected error during the build")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with one small valid package, built once."""
    project = make_project(tmp_path_factory.mktemp("atomic") / "project")
    write_package(project / "datapackages", "pkg", simple_descriptor(), {"data.csv": CSV})
    result = build_site(load_settings(project / "mkdocs.yml"))
    assert result.ok, result.report and result.report.issues
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built project, to break."""
    return copy_project(built, tmp_path / "project")


def build(project: Path) -> Result:
    """`tdh build` on the project, as a user runs it."""
    return invoke("build", "--config-file", str(project / "mkdocs.yml"))


def assert_site_kept(project: Path, before: dict[str, str]) -> None:
    """The previous site is byte-identical and no temporary folder is left."""
    assert tree_digest(project / "site") == before
    assert leftovers(project) == []


def assert_refused(result: Result, code: int = 1) -> None:
    """Exit code, no traceback, no exception escaping the command."""
    assert_no_traceback(result)
    assert result.exit_code == code, result.output[-3000:]


def skip_html_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Nu HTML Checker is not the stage under test: skip it (seconds per build)."""
    monkeypatch.setattr("generator.postbuild.check_html_validity", lambda *args: [])


def test_load_stage_unreadable_descriptor(project: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    """A descriptor that cannot be read: refused with a message naming it."""
    before = tree_digest(project / "site")
    descriptor = project / "datapackages" / "pkg" / "datapackage.json"
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == descriptor:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = build(project)
    assert_refused(result)
    assert "[descriptor-unreadable]" in result.output and "Permission denied" in result.output
    assert "pkg/datapackage.json" in result.output
    assert_site_kept(project, before)


def test_validate_stage_invalid_data(project: Path) -> None:
    """Invalid data: refused with the finding."""
    before = tree_digest(project / "site")
    with (project / "datapackages" / "pkg" / "data.csv").open("a", encoding="utf-8") as handle:
        handle.write("3,c,not-a-number\n")
    result = build(project)
    assert_refused(result)
    assert "[type-error]" in result.output and "le site existant" in result.output
    assert_site_kept(project, before)


def test_compute_stage_exception(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Python error inside a compute function: a bilingual message, no traceback."""
    before = tree_digest(project / "site")
    demo_kpis_copy(project / "datapackages", "kpis-copy", {})

    def explode(*args: Any) -> Any:
        raise RuntimeError("compute exploded")

    monkeypatch.setattr("generator.compute.kpis.compute_kpis", explode)
    result = build(project)
    assert_refused(result)
    for text in (*UNEXPECTED, "RuntimeError: compute exploded"):
        assert text in result.output
    assert_site_kept(project, before)


def test_render_stage_exception(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Python error inside a render function: a bilingual message, no traceback."""
    before = tree_digest(project / "site")

    def explode(*args: Any) -> Any:
        raise ValueError("render exploded")

    monkeypatch.setattr("generator.render.dataset.render_package_files", explode)
    result = build(project)
    assert_refused(result)
    for text in (*UNEXPECTED, "ValueError: render exploded"):
        assert text in result.output
    assert_site_kept(project, before)


def test_mkdocs_stage_broken_theme(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    """MkDocs cannot load its theme: refused, MkDocs logging its reason."""
    before = tree_digest(project / "site")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "theme:\n  name: material" in text
    config.write_text(text.replace("theme:\n  name: material", "theme:\n  name: no-such-theme"),
                      encoding="utf-8")
    result = build(project)
    assert_refused(result)
    assert "La construction MkDocs a échoué" in result.output
    assert "The MkDocs build failed" in result.output
    assert "no-such-theme" in caplog.text  # on stderr, through MkDocs' logger
    assert_site_kept(project, before)


def test_post_build_check_failure(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site is built but a post-build check fails: it is not swapped in."""
    before = tree_digest(project / "site")
    skip_html_checker(monkeypatch)
    monkeypatch.setattr("generator.postbuild.check_site",
                        lambda *args: ["index.html: planted problem"])
    result = build(project)
    assert_refused(result)
    assert "planted problem" in result.output
    assert_site_kept(project, before)


def test_interrupted_inside_mkdocs(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while MkDocs writes the site: exit 130, the old site and nothing else."""
    before = tree_digest(project / "site")
    skip_html_checker(monkeypatch)

    def interrupt(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.write.write_site_files", interrupt)
    result = build(project)
    assert_refused(result, 130)
    assert "Construction interrompue" in result.output and "Build interrupted" in result.output
    assert_site_kept(project, before)


def test_interrupted_just_before_the_swap(project: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    """Ctrl-C after every check passed, before the swap: the old site stays."""
    before = tree_digest(project / "site")
    skip_html_checker(monkeypatch)

    def interrupt(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.write.swap_in", interrupt)
    assert_refused(build(project), 130)
    assert_site_kept(project, before)


def test_interrupted_between_the_two_renames(project: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    """Ctrl-C inside the swap itself: the old site is still in place."""
    before = tree_digest(project / "site")
    skip_html_checker(monkeypatch)
    calls = {"n": 0}
    replace = os.replace

    def interrupted_replace(source: Any, target: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        replace(source, target)

    monkeypatch.setattr("generator.write.os.replace", interrupted_replace)
    assert_refused(build(project), 130)
    assert_site_kept(project, before)


def test_a_good_build_swaps_in(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: the same copy, with a valid change, builds and replaces the site."""
    before = tree_digest(project / "site")
    skip_html_checker(monkeypatch)
    path = project / "datapackages" / "pkg" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["title"] = "Jeu de test modifié"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    result = build(project)
    assert_refused(result, 0)
    after = tree_digest(project / "site")
    assert after != before and after["donnees/pkg/index.html"] != before["donnees/pkg/index.html"]
    assert leftovers(project) == []
