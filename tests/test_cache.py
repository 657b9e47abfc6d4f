"""The build cache: outputs reused by the hash of their inputs, one package's edit redoes
only that package's work, and a broken cache never breaks a build."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from generator.build import prepare_site
from generator.cache import BuildCache, file_digest, hash_files, hash_parts, using
from generator.settings import load_settings
from tests.conftest import simple_descriptor

CSV = "id,label,value\n1,un,1.5\n2,deux,2.5\n3,trois,4\n"


def two_packages(project: Path, make_package) -> None:
    for name in ("alpha", "beta"):
        make_package(simple_descriptor(name), {"data.csv": CSV}, name=name,
                     parent=project / "datapackages")


def misses(cache: BuildCache) -> dict[str, int]:
    return {k: v for k, v in cache.stats.items() if k.endswith(":miss")}


def test_second_preparation_is_served_from_the_cache(project: Path, make_package) -> None:
    two_packages(project, make_package)
    settings = load_settings(project / "mkdocs.yml")
    first_cache = BuildCache(project / ".tdh-cache")
    first = prepare_site(settings, first_cache)
    assert first_cache.stats["validate:miss"] == 2
    again = BuildCache(project / ".tdh-cache")
    second = prepare_site(settings, again)
    assert misses(again) == {}
    assert again.stats["validate:hit"] == 2 and again.stats["package-render:hit"] == 2
    assert again.stats["tables:hit"] == 0  # rendered pages cached: no table read back
    assert second.pages == first.pages
    assert second.site_files == first.site_files


def test_editing_one_package_redoes_only_that_package(project: Path, make_package) -> None:
    two_packages(project, make_package)
    settings = load_settings(project / "mkdocs.yml")
    prepare_site(settings, BuildCache(project / ".tdh-cache"))
    (project / "datapackages" / "beta" / "data.csv").write_text(CSV.replace("2.5", "7"))
    cache = BuildCache(project / ".tdh-cache")
    prepared = prepare_site(settings, cache)
    assert cache.stats["validate:hit"] == 1 and cache.stats["validate:miss"] == 1
    # beta is rendered where it was validated, without asking the cache; alpha comes from it
    assert cache.stats["package-render:hit"] == 1 and cache.stats["package-render:miss"] == 0
    assert cache.stats["tables:hit"] == 0  # beta's tables are fresh, alpha's not needed
    fresh = prepare_site(settings, None)
    assert prepared.pages == fresh.pages
    assert prepared.site_files == fresh.site_files
    assert "7" in prepared.pages["donnees/beta/index.md"]


def test_a_site_settings_change_renders_validated_packages_again(project: Path,
                                                                  make_package) -> None:
    two_packages(project, make_package)
    settings = load_settings(project / "mkdocs.yml")
    prepare_site(settings, BuildCache(project / ".tdh-cache"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name:", "site_name: Autre nom —", 1))
    settings = load_settings(config)
    cache = BuildCache(project / ".tdh-cache")
    prepared = prepare_site(settings, cache)
    assert cache.stats["validate:hit"] == 2 and cache.stats["package-render:miss"] == 2
    assert cache.stats["tables:hit"] == 2  # read back to render again
    fresh = prepare_site(settings, None)
    assert prepared.pages == fresh.pages
    assert "Autre nom" in prepared.pages["donnees/alpha/index.md"]


def test_tables_gone_from_the_cache_are_validated_again(project: Path, make_package) -> None:
    """A validation entry outlived its tables (pruned, say): the package is read again."""
    two_packages(project, make_package)
    settings = load_settings(project / "mkdocs.yml")
    folder = project / ".tdh-cache"
    reference = prepare_site(settings, BuildCache(folder))
    for entry in (folder / "tables").rglob("*.pickle"):
        entry.unlink()
    for entry in (folder / "package-render").rglob("*.pickle"):
        entry.unlink()
    cache = BuildCache(folder)
    prepared = prepare_site(settings, cache)
    assert cache.stats["validate:hit"] == 2 and cache.stats["tables:miss"] == 2
    assert prepared.pages == reference.pages
    assert prepared.site_files == reference.site_files
    assert len(list((folder / "tables").rglob("*.pickle"))) == 2  # stored again


def test_an_invalid_edit_is_reported_not_served_from_the_cache(project: Path,
                                                               make_package) -> None:
    two_packages(project, make_package)
    settings = load_settings(project / "mkdocs.yml")
    prepare_site(settings, BuildCache(project / ".tdh-cache"))
    (project / "datapackages" / "beta" / "data.csv").write_text(CSV.replace("2.5", "abc"))
    prepared = prepare_site(settings, BuildCache(project / ".tdh-cache"))
    assert not prepared.report.valid
    issue = next(i for i in prepared.report.issues if i.code == "type-error")
    assert (issue.package, issue.row, issue.field) == ("beta", 3, "value")


def test_a_descriptor_change_is_an_input_change(project: Path, make_package) -> None:
    two_packages(project, make_package)
    settings = load_settings(project / "mkdocs.yml")
    prepare_site(settings, BuildCache(project / ".tdh-cache"))
    path = project / "datapackages" / "alpha" / "datapackage.json"
    descriptor = json.loads(path.read_text())
    descriptor["title"] = "Titre modifié"
    path.write_text(json.dumps(descriptor))
    cache = BuildCache(project / ".tdh-cache")
    prepared = prepare_site(settings, cache)
    assert cache.stats["validate:miss"] == 1
    assert "Titre modifié" in prepared.pages["donnees/alpha/index.md"]


def test_a_corrupt_or_unwritable_cache_is_skipped(project: Path, make_package) -> None:
    two_packages(project, make_package)
    settings = load_settings(project / "mkdocs.yml")
    folder = project / ".tdh-cache"
    reference = prepare_site(settings, BuildCache(folder))
    for entry in folder.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    cache = BuildCache(folder)
    assert prepare_site(settings, cache).pages == reference.pages
    assert cache.stats["validate:miss"] == 2
    blocked = project / "blocked"
    blocked.write_text("a file where the cache folder should be")
    assert prepare_site(settings, BuildCache(blocked)).pages == reference.pages


def test_keys_follow_every_input(tmp_path: Path) -> None:
    assert hash_parts({"a": 1, "b": 2}) == hash_parts({"b": 2, "a": 1})
    assert hash_parts({"a": 1}) != hash_parts({"a": 2})
    assert hash_parts(b"x", "y") != hash_parts(b"xy")
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("a\n1\n")
    two.write_text("a\n1\n")
    assert hash_files([one]) != hash_files([two])  # the name is part of the input
    before = hash_files([one])
    one.write_text("a\n2\n")
    assert hash_files([one]) != before
    assert hash_files([tmp_path / "missing.csv"]) != hash_files([one])


def test_a_fifo_named_by_a_descriptor_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert hash_files([fifo]) == hash_files([fifo])  # returns: never blocks on the pipe


def test_prune_removes_only_entries_unused_for_a_month(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    cache.put("x", "a" * 64, 1)
    cache.put("x", "b" * 64, 2)
    old = time.time() - 40 * 86400
    os.utime(cache._path("x", "a" * 64), (old, old))
    assert cache.prune() == 1
    assert cache.get("x", "a" * 64) is None and cache.get("x", "b" * 64) == 2


def test_a_file_digest_is_kept_while_the_file_is_unchanged(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setattr("generator.cache.RACY_NS", 0)  # no wait for the timestamps to settle
    data = tmp_path / "data.csv"
    data.write_text("a\n1\n")
    cache = BuildCache(tmp_path / "cache")
    with using(cache):
        first = file_digest(data)
        assert file_digest(data) == first == hashlib.sha256(b"a\n1\n").hexdigest()
        assert cache.stats["file-digest:hit"] == 1
        data.write_text("a\n22\n")
        assert file_digest(data) == hashlib.sha256(b"a\n22\n").hexdigest()


def test_a_file_rewritten_within_the_timestamp_granularity_is_read_again(tmp_path: Path
                                                                         ) -> None:
    """Same size, and maybe the same times: the digest taken just before is not trusted."""
    data = tmp_path / "data.csv"
    data.write_text("a\n1\n")
    with using(BuildCache(tmp_path / "cache")):
        first = file_digest(data)
        data.write_text("a\n2\n")
        assert file_digest(data) != first
