"""SHA256SUMS takes the digests the write stage made as it wrote, and only for files left as
they were written: a file written again, replaced or removed since is read again."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator.integrity import sums_text
from generator.write import write_site_files


def _listed(text: str) -> dict[str, str]:
    return {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in text.splitlines()}


def test_written_files_carry_the_digest_of_their_bytes(tmp_path: Path) -> None:
    source = tmp_path / "source.csv"
    source.write_bytes(b"a,b\n" + os.urandom(3_000_000) + b"\n")  # more than one read
    site = tmp_path / "site"
    site.mkdir()
    written = write_site_files(site, {"d/copy.csv": source, "d/made.json": b'{"x": 1}'},
                               hashed=True)
    assert (site / "d" / "copy.csv").read_bytes() == source.read_bytes()
    assert written["d/copy.csv"].sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert written["d/made.json"].sha256 == hashlib.sha256(b'{"x": 1}').hexdigest()
    assert sums_text(site, written) == sums_text(site)
    # unasked (a preview under tdh serve, which writes no SHA256SUMS): nothing hashed
    again = tmp_path / "again"
    again.mkdir()
    assert write_site_files(again, {"d/copy.csv": source, "d/made.json": b"{}"}) == {}
    assert (again / "d" / "copy.csv").read_bytes() == source.read_bytes()


@pytest.mark.parametrize("hashed", [True, False])
def test_a_file_is_never_copied_onto_itself(tmp_path: Path, hashed: bool) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "data.csv").write_bytes(b"a\n1\n")
    with pytest.raises(shutil.SameFileError):
        write_site_files(tmp_path, {"d/data.csv": tmp_path / "d" / "data.csv"}, hashed)
    assert (tmp_path / "d" / "data.csv").read_bytes() == b"a\n1\n"


def test_a_file_changed_after_it_was_written_is_read_again(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    written = write_site_files(site, {"same.txt": b"one", "rewritten.txt": b"two",
                                      "replaced.txt": b"three", "gone.txt": b"four"}, True)
    with (site / "rewritten.txt").open("r+b") as handle:  # same inode and size
        handle.write(b"TWO")
    os.utime(site / "rewritten.txt", ns=(1, 1))
    (site / "new.txt").write_bytes(b"three")  # same size, another inode
    (site / "new.txt").replace(site / "replaced.txt")
    (site / "gone.txt").unlink()
    (site / "page.html").write_bytes(b"<p>")  # not written by write_site_files
    assert _listed(sums_text(site, written)) == {
        name: hashlib.sha256((site / name).read_bytes()).hexdigest()
        for name in ("page.html", "replaced.txt", "rewritten.txt", "same.txt")}
    # the digest kept is the one written: proof that it was used and not read again
    tampered = {**written, "same.txt": replace(written["same.txt"], sha256="0" * 64)}
    assert _listed(sums_text(site, tampered))["same.txt"] == "0" * 64
