"""The write stage never writes outside the folder it was given; writing in the background
reports its errors to the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.write import BackgroundWrite, _Targets


def test_names_inside_the_root_are_written_there(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    target = _Targets(tmp_path)
    assert target("a/b/c.csv") == tmp_path.resolve() / "a" / "b" / "c.csv"
    assert target("new/folder/d.csv") == tmp_path.resolve() / "new" / "folder" / "d.csv"
    assert target("a/../e.csv") == tmp_path.resolve() / "e.csv"


@pytest.mark.parametrize("name", ["../x.csv", "a/../../x.csv", "/etc/x.csv", "a/..", "."])
def test_names_leading_out_of_the_root_are_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / "a").mkdir()
    with pytest.raises(ValueError):
        _Targets(tmp_path / "a")(name)


def test_symlinks_leading_out_of_the_root_are_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "folder").symlink_to(outside, target_is_directory=True)
    (root / "file.csv").symlink_to(outside / "file.csv")
    (root / "inner.csv").symlink_to(root / "real.csv")
    target = _Targets(root)
    for name in ("folder/x.csv", "file.csv"):
        with pytest.raises(ValueError):
            target(name)
    assert target("inner.csv") == root.resolve() / "inner.csv"


def test_background_write_writes_bytes_and_copies_paths(tmp_path: Path) -> None:
    source = tmp_path / "source.csv"
    source.write_bytes(b"a;b\r\n1;2\r\n")
    site = tmp_path / "site"
    site.mkdir()
    writing = BackgroundWrite(site, {"donnees/p/data.csv": source, "api/x.json": b"{}\n"})
    writing.wait()
    assert (site / "donnees" / "p" / "data.csv").read_bytes() == source.read_bytes()
    assert (site / "api" / "x.json").read_bytes() == b"{}\n"


def test_background_write_errors_reach_the_build(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    writing = BackgroundWrite(tmp_path / "site", {"../outside.csv": b"x"})
    with pytest.raises(ValueError):
        writing.wait()
    assert not (tmp_path / "outside.csv").exists()
    writing.wait()  # reported once
