"""Which undeclared CSV files the site reads as windows-1252 (Excel exports)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.load import load_packages, read_tables, windows_1252_files

TEXT = "id,label\n1,café € à Issy\n"


def package(folder: Path, data: bytes, **resource: str) -> Path:
    folder.mkdir()
    (folder / "data.csv").write_bytes(data)
    descriptor = {"name": "p", "resources": [{
        "name": "r", "path": "data.csv", **resource,
        "schema": {"fields": [{"name": "id", "type": "integer"},
                              {"name": "label", "type": "string"}]}}]}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("data", "resource", "expected"), [
    (TEXT.encode("cp1252"), {}, {"r"}),
    (TEXT.encode("utf-8"), {}, set()),
    (TEXT.encode("cp1252"), {"encoding": "cp862"}, set()),  # declared: as declared
    (TEXT.encode("utf-16"), {}, set()),
    (b"id,label\n1,caf\x81\n", {}, set()),  # a byte windows-1252 leaves undefined
])
def test_only_undeclared_non_utf8_windows_1252_files(tmp_path: Path, data: bytes,
                                                     resource: dict[str, str],
                                                     expected: set[str]) -> None:
    (source,) = load_packages([package(tmp_path / "p", data, **resource)])
    assert windows_1252_files(source) == expected


def test_an_excel_export_is_read_as_windows_1252(tmp_path: Path) -> None:
    (source,) = load_packages([package(tmp_path / "p", TEXT.encode("cp1252"))])
    table = read_tables(source)["r"]
    assert table["label"].tolist() == ["café € à Issy"]
    assert table["_row"].tolist() == [2]
