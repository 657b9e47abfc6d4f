"""The package zip, written with ISA-L's deflate, read back by Python's zipfile."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile

import pytest

from generator.render import zipwriter
from generator.render.zipwriter import deflated_zip

EPOCH = (1980, 1, 1, 0, 0, 0)
ENTRIES = {
    "pkg/datapackage.json": b'{"name": "pkg"}\n',
    "pkg/data/empty.csv": b"",
    "pkg/data/bâtiments énergie.csv": b"date,kWh\n2024-01-01,12,5\n" * 5000,
    "pkg/data/random.bin": os.urandom(70_000),
}


def _read(archive: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(archive))


def test_zipfile_reads_back_every_file_with_its_name_date_and_permissions() -> None:
    archive = _read(deflated_zip(ENTRIES, EPOCH))
    assert archive.testzip() is None  # every CRC checks
    assert archive.namelist() == list(ENTRIES)
    for info in archive.infolist():
        assert archive.read(info) == ENTRIES[info.filename]
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.date_time == EPOCH
        assert info.external_attr >> 16 == 0o644
        assert info.create_system == 3
        assert info.flag_bits == (0x800 if not info.filename.isascii() else 0)


def test_the_same_entries_give_the_same_bytes_and_a_later_date_is_kept() -> None:
    assert deflated_zip(ENTRIES, EPOCH) == deflated_zip(dict(ENTRIES), EPOCH)
    later = (2024, 11, 30, 13, 45, 58)
    assert _read(deflated_zip(ENTRIES, later)).infolist()[0].date_time == later


def test_it_compresses_about_as_well_as_zlib_at_the_same_level() -> None:
    text = {"a.csv": b"".join(b"%d,%d,quartier %d\n" % (i, i * 7 % 1000, i % 9)
                              for i in range(100_000))}
    ours = len(deflated_zip(text, EPOCH))
    theirs = len(zipwriter._zipfile_zip(text, EPOCH))
    assert ours < len(text["a.csv"]) / 3
    assert ours < theirs * 1.1


def test_too_many_files_for_a_plain_zip_are_left_to_zipfile(monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.setattr(zipwriter, "_MAX_FILES", 3)
    archive = deflated_zip(ENTRIES, EPOCH)
    assert archive == zipwriter._zipfile_zip(ENTRIES, EPOCH)
    assert _read(archive).testzip() is None


@pytest.mark.skipif(shutil.which("unzip") is None, reason="Info-ZIP unzip is not installed")
def test_info_zip_tests_it_clean(tmp_path) -> None:
    path = tmp_path / "pkg.zip"
    path.write_bytes(deflated_zip(ENTRIES, EPOCH))
    result = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors detected" in result.stdout
