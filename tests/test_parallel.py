"""Worker processes change nothing but the time: the same report, pages and files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.parallel as parallel
from generator.build import prepare_site
from generator.cache import BuildCache
from generator.settings import load_settings
from tests.conftest import CORPUS, ROOT, make_project

pytestmark = pytest.mark.slow


def contents(site_files: dict) -> dict[str, bytes]:
    return {path: value.read_bytes() if isinstance(value, Path) else bytes(value)
            for path, value in site_files.items()}


def test_workers_give_the_same_site_as_one_process(tmp_path: Path, monkeypatch) -> None:
    project = make_project(tmp_path / "project")
    for package in sorted((ROOT / "datapackages").iterdir()):
        shutil.copytree(package, project / "datapackages" / package.name)
    shutil.copytree(CORPUS / "real" / "fd-inflation", project / "datapackages" / "fd-inflation")
    settings = load_settings(project / "mkdocs.yml")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setenv("TDH_WORKERS", "1")
    alone = prepare_site(settings)
    monkeypatch.setenv("TDH_WORKERS", "2")
    started = []
    real_run_all = parallel.run_all

    def watching(function, calls, advance=lambda: None):
        started.append((function.__name__, len(calls)))
        return real_run_all(function, calls, advance)

    monkeypatch.setattr(parallel, "run_all", watching)
    shared = prepare_site(settings)
    # each package is rendered in the worker that validated it: none is left to render
    assert started == [("_validate_packed", 6), ("render_package", 0)]
    assert shared.report == alone.report
    assert shared.pages == alone.pages
    assert contents(shared.site_files) == contents(alone.site_files)
    # with a build cache, the workers store the tables there themselves; the main process
    # reads back only those the data chapters need, and the site is the same
    cache = BuildCache(tmp_path / "cache")
    cached = prepare_site(settings, cache)
    assert len(list((tmp_path / "cache" / "tables").rglob("*.pickle"))) == 6
    assert 0 < cache.stats["tables:hit"] < 6
    assert cached.pages == alone.pages
    assert contents(cached.site_files) == contents(alone.site_files)


def test_an_error_in_a_worker_reaches_the_build(monkeypatch) -> None:
    monkeypatch.setenv("TDH_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    with pytest.raises(ZeroDivisionError):
        parallel.run_all(divmod, [(1, 1), (1, 0), (2, 1)])
    assert parallel.run_all(divmod, [(7, 2), (9, 4)]) == [(3, 1), (2, 1)]
