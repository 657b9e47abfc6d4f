"""The write stage never writes outside the folder it was given."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.write import _Targets


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
