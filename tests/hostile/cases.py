"""The hostile-input corpus as data: how each package is made, and what must come out of it.

Every package is generated in code under a `datapackages` folder (nothing big is committed):
the 100 MB line and the million-column header are written at test time and deleted after.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import shutil
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, simple_descriptor

CSV = "id,label,value\n1,a,1.5\n2,b,2\n"
MIB = 1024**2
SCRIPT = '<script>alert("{}")</script>'
DEMO_KPIS = ROOT / "datapackages" / "issy-indicateurs"


@dataclass(frozen=True)
class Case:
    """One hostile input and the outcome `tdh validate` must give for it."""

    name: str
    """Also the package folder (or the prefix of the folders) and the package name."""
    covers: str
    """The item of issue 10 the case covers."""
    make: Callable[[Path], Path]
    """Writes the package(s) into a datapackages folder; returns the path to validate."""
    exit_code: int
    errors: frozenset[str] = frozenset()
    """Exactly these error codes."""
    warnings: frozenset[str] = frozenset()
    """At least these warning codes."""
    file: str | None = None
    """The file every error must name (default: the package folder only)."""
    says: tuple[str, str] | None = None
    """A French and an English fragment that some message must contain (the fix)."""
    max_file_bytes: int | None = None
    """The tdh plugin's `max_file_bytes` (None: the default, 2 GiB)."""
    build_check: bool = False
    """Also check that `tdh build` refuses it and leaves the previous site byte-identical."""
    published: bool = False
    """A valid case published in the shared hostile site (escaping, originals, numbers)."""
    big: bool = False
    """Writes tens of megabytes: deleted right after the test."""


def write_package(parent: Path, folder: str, descriptor: dict[str, Any] | str | bytes,
                  files: dict[str, str | bytes] | None = None) -> Path:
    """A package folder from a descriptor (a dict, or raw text/bytes) and {path: content}."""
    target = parent / folder
    target.mkdir(parents=True, exist_ok=True)
    if isinstance(descriptor, dict):
        descriptor = json.dumps(descriptor, indent=2, ensure_ascii=False)
    data = descriptor.encode("utf-8") if isinstance(descriptor, str) else descriptor
    (target / "datapackage.json").write_bytes(data)
    for relative, content in (files or {}).items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return target


def descriptor(name: str, **resource: Any) -> dict[str, Any]:
    """simple_descriptor(name) with keys of its one resource replaced."""
    data = simple_descriptor(name)
    data["resources"][0].update(resource)
    return data


def simple(name: str, content: str | bytes, **resource: Any) -> Callable[[Path], Path]:
    """A maker for the simple package with `data.csv` holding `content`."""
    return lambda parent: write_package(parent, name, descriptor(name, **resource),
                                        {"data.csv": content})


# Descriptors.

def _yaml_file(parent: Path) -> Path:
    folder = write_package(parent, "yaml-file", "")
    (folder / "datapackage.json").unlink()
    (folder / "datapackage.yaml").write_text("name: yaml-file\nresources:\n  - name: data\n"
                                             "    path: data.csv\n", encoding="utf-8")
    (folder / "data.csv").write_text(CSV, encoding="utf-8")
    return folder


def _not_utf8(parent: Path) -> Path:
    text = json.dumps(descriptor("not-utf8", title="Données"), ensure_ascii=False)
    return write_package(parent, "not-utf8", text.encode("latin-1"), {"data.csv": CSV})


def _deep(parent: Path) -> Path:
    depth = 100_000
    text = '{"name": "deep-json", "x": ' + "[" * depth + "]" * depth + "}"
    return write_package(parent, "deep-json", text, {"data.csv": CSV})


def _duplicates(parent: Path) -> Path:
    for folder in ("duplicate-names-one", "duplicate-names-two"):
        write_package(parent, folder, descriptor("duplicate-names"), {"data.csv": CSV})
    return parent


# Paths that leave the folder or the machine.

def _dotdot(parent: Path) -> Path:
    (parent / "secret.csv").write_text(CSV, encoding="utf-8")
    return write_package(parent, "path-dotdot", descriptor("path-dotdot", path="../secret.csv"))


def _absolute(parent: Path) -> Path:
    (parent / "secret.csv").write_text(CSV, encoding="utf-8")
    return write_package(parent, "path-absolute",
                         descriptor("path-absolute", path=str(parent.absolute() / "secret.csv")))


def _symlink(parent: Path) -> Path:
    (parent / "secret.csv").write_text(CSV, encoding="utf-8")
    folder = write_package(parent, "symlink-outside", descriptor("symlink-outside"))
    (folder / "data.csv").symlink_to(parent.absolute() / "secret.csv")
    return folder


def _url_schema(parent: Path) -> Path:
    return write_package(parent, "url-schema",
                         descriptor("url-schema", schema="https://example.org/schema.json"),
                         {"data.csv": CSV})


# Files that are not what they claim.

def _binary(parent: Path) -> Path:
    noise = random.Random(10).randbytes(4000)
    return simple("binary-as-csv", b"\x89PNG\r\n\x1a\n" + noise)(parent)


def _line_100mb(parent: Path) -> Path:
    folder = write_package(parent, "line-100mb", descriptor(
        "line-100mb", schema={"fields": [{"name": "id", "type": "integer"},
                                         {"name": "label", "type": "string"}]}))
    block = b"x" * MIB
    with (folder / "data.csv").open("wb") as handle:
        handle.write(b"id,label\n1,")
        for _ in range(100):
            handle.write(block)
        handle.write(b"\n")
    return folder


def _million_columns(parent: Path) -> Path:
    folder = write_package(parent, "million-columns", descriptor(
        "million-columns", schema={"fields": [{"name": "c0", "type": "integer"}]}))
    count = 1_000_000
    with (folder / "data.csv").open("w", encoding="utf-8") as handle:
        handle.write(",".join(f"c{i}" for i in range(count)) + "\n")
        handle.write(",".join("1" for _ in range(count)) + "\n")
    return folder


def _zip_bomb(parent: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", b"id,label,value\n" + b"1,a,1\n" * (40 * MIB // 6))
    return write_package(parent, "zip-bomb", descriptor("zip-bomb", path="data.csv.zip"),
                         {"data.csv.zip": buffer.getvalue()})


def _zip_declared_huge(parent: Path) -> Path:
    """A small zip whose directory declares 3 GiB once expanded (over the 2 GiB default)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("data.csv", CSV)
    data = bytearray(buffer.getvalue())
    declared = 3 * 1024**3
    struct.pack_into("<I", data, 22, declared)  # local file header: uncompressed size
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, declared)  # central directory
    return write_package(parent, "zip-declared-huge",
                         descriptor("zip-declared-huge", path="data.csv.zip"),
                         {"data.csv.zip": bytes(data)})


def _gzip_bomb(parent: Path) -> Path:
    content = gzip.compress(b"id,label,value\n" + b"1,a,1\n" * (40 * MIB // 6), 6, mtime=0)
    return write_package(parent, "gzip-bomb", descriptor("gzip-bomb", path="data.csv.gz"),
                         {"data.csv.gz": content})


def _empty_zip(parent: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w"):
        pass
    return write_package(parent, "empty-zip", descriptor("empty-zip", path="data.csv.zip"),
                         {"data.csv.zip": buffer.getvalue()})


# Data kinds.

def _kind_missing_resource(parent: Path) -> Path:
    data = descriptor("kind-missing-resource")
    data["tdh"] = {"kind": "kpis"}
    return write_package(parent, "kind-missing-resource", data, {"data.csv": CSV})


def demo_kpis_copy(parent: Path, name: str, values: dict[int, str]) -> Path:
    """The demo KPI package under another name, with observation values replaced by row."""
    folder = parent / name
    shutil.copytree(DEMO_KPIS, folder)
    path = folder / "datapackage.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["name"] = name
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    observations = folder / "observations.csv"
    rows = list(csv.reader(io.StringIO(observations.read_text(encoding="utf-8"), newline="")))
    column = rows[0].index("value")
    for row, value in values.items():
        rows[row][column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    observations.write_text(out.getvalue(), encoding="utf-8")
    return folder


# Valid but hostile: published in the shared site.

XSS_CELLS = (SCRIPT.format("cell"), "<b>gras</b>", '"><svg onload=alert(1)>', "a & b",
             "</script><script>alert(2)</script>")


def _html_script(parent: Path) -> Path:
    name = "html-script"
    data = descriptor(
        name, title=SCRIPT.format("rtitle"), description=SCRIPT.format("rdesc"),
        schema={"fields": [
            {"name": "id", "type": "integer"},
            {"name": "label", "type": "string", "title": SCRIPT.format("ftitle") + " \"'\\",
             "description": SCRIPT.format("fdesc") + " <img src=x onerror=alert(1)>"},
            {"name": "value", "type": "number", "description": SCRIPT.format("fdesc2")},
        ], "primaryKey": ["id"]},
    )
    data.update({
        "title": SCRIPT.format("title") + " & <b>Titre</b>",
        "description": SCRIPT.format("desc") + " <img src=x onerror=alert(1)> "
        "[lien](javascript:alert(1)) </script><script>alert(3)</script> \\\"\"\" end",
        "keywords": [SCRIPT.format("keyword")],
        "version": SCRIPT.format("version"),
        "homepage": "javascript:alert(1)",
        "sources": [{"title": SCRIPT.format("source"), "path": "javascript:alert(1)"}],
        "contributors": [{"title": SCRIPT.format("contributor")}],
        "licenses": [{"name": "etalab-2.0", "title": SCRIPT.format("licence"),
                      "path": "javascript:alert(2)"}],
    })
    data["tdh"] = {"demo": SCRIPT.format("demo"),
                   "en": {"title": SCRIPT.format("title-en"),
                          "description": SCRIPT.format("desc-en")}}
    rows = "".join(f'{i},"{cell.replace(chr(34), chr(34) * 2)}",{i}.5\n'
                   for i, cell in enumerate(XSS_CELLS, start=1))
    return write_package(parent, name, data, {"data.csv": "id,label,value\n" + rows})


FORMULA_CSV = ('id,label,value\n1,=1+2,1\n2,"=HYPERLINK(""http://x"",""y"")",2\n3,@SUM(A1),3\n'
               "4,+cmd|' /C calc'!A0,4\n5,-2,5\n")
NUMBERS_CSV = ("id,label,value,big\n1,a,NaN,1\n2,b,INF,123456789012345678901234567890\n"
               "3,c,-INF,3\n4,d,1e308,-99999999999999999999999\n5,e,1e999,5\n6,f,-0,6\n")


def _numbers(parent: Path) -> Path:
    data = descriptor("numbers")
    data["resources"][0]["schema"]["fields"].append({"name": "big", "type": "integer"})
    return write_package(parent, "numbers", data, {"data.csv": NUMBERS_CSV})


CONTROL_CELLS = ("c\x1b[31md", "e\x0bf\x7f", "g\u0085h", "\ufffe")


def _control_chars(parent: Path) -> Path:
    data = descriptor("control-chars")
    data["title"] = "Titre\x0bavec\x1b[2Jcontrôle"
    rows = "".join(f"{i},{cell},{i}\n" for i, cell in enumerate(CONTROL_CELLS, start=1))
    return write_package(parent, "control-chars", data, {"data.csv": "id,label,value\n" + rows})


def _dates(parent: Path) -> Path:
    data = descriptor("dates-out-of-range")
    data["resources"][0]["schema"]["fields"].append({"name": "day", "type": "date"})
    content = ("id,label,value,day\n1,a,1,0000-01-01\n2,b,2,99999-01-01\n3,c,3,2024-02-30\n"
               "4,d,4,2024-02-29\n")
    return write_package(parent, "dates-out-of-range", data, {"data.csv": content})


def error(name: str, covers: str, make: Callable[[Path], Path], *codes: str,
          **options: Any) -> Case:
    """A case `tdh validate` must refuse (exit 1) with exactly these error codes."""
    return Case(name, covers, make, 1, frozenset(codes), **options)


CASES: tuple[Case, ...] = (
    error("not-json", "descriptor not JSON", lambda p: write_package(
        p, "not-json", '{"name": "not-json",\n  "resources": [\n}', {"data.csv": CSV}),
        "descriptor-not-json", file="datapackage.json", says=("ligne 3", "line 3"),
        build_check=True),
    error("yaml-in-json", "a YAML descriptor", lambda p: write_package(
        p, "yaml-in-json", "name: yaml-in-json\nresources:\n  - path: data.csv\n",
        {"data.csv": CSV}), "descriptor-not-json", file="datapackage.json"),
    error("yaml-file", "a YAML descriptor", _yaml_file, "descriptor-yaml",
          file="datapackage.yaml", says=("datapackage.json", "datapackage.json")),
    error("not-utf8", "descriptor not JSON", _not_utf8, "descriptor-not-json",
          file="datapackage.json", says=("UTF-8", "UTF-8")),
    error("deep-json", "deeply nested JSON", _deep, "descriptor-too-deep",
          file="datapackage.json"),
    error("no-resources", "no resources", lambda p: write_package(
        p, "no-resources", {"name": "no-resources", "title": "x"}), "resources-missing",
        file="datapackage.json"),
    error("duplicate-names", "duplicate package names", _duplicates, "package-name-duplicate",
          file="datapackage.json"),
    error("path-dotdot", "a resource path with ../", _dotdot, "resource-path-outside",
          says=("../secret.csv", "../secret.csv")),
    error("path-absolute", "an absolute path", _absolute, "resource-path-absolute"),
    error("symlink-outside", "a symlink pointing outside the package", _symlink,
          "resource-path-outside", says=("lien symbolique", "symbolic link"), build_check=True),
    error("url-path", "a URL path (no network read)", lambda p: write_package(
        p, "url-path", descriptor("url-path", path="https://example.org/data.csv")),
        "resource-path-url", says=("réseau", "network")),
    error("url-file-scheme", "a URL path (no network read)", lambda p: write_package(
        p, "url-file-scheme", descriptor("url-file-scheme", path="file:///etc/passwd")),
        "resource-path-url"),
    error("url-schema", "a URL schema (no network read)", _url_schema, "resource-path-url",
          says=("réseau", "network"), build_check=True),
    error("missing-file", "a missing file", lambda p: write_package(
        p, "missing-file", descriptor("missing-file")), "resource-file-missing"),
    error("empty-file", "an empty file", simple("empty-file", ""), "resource-file-empty",
          file="data.csv"),
    error("binary-as-csv", "a binary file declared as CSV", _binary, "encoding-error",
          warnings=frozenset({"encoding-undeclared"}), file="data.csv", build_check=True),
    error("wrong-encoding", "a wrong declared encoding",
          simple("wrong-encoding", "id,label,value\n1,café,1\n".encode("cp1252"),
                 encoding="utf-8"), "encoding-error", file="data.csv"),
    error("unknown-encoding", "a wrong declared encoding",
          simple("unknown-encoding", CSV, encoding="klingon"), "encoding-error", file="data.csv"),
    Case("windows-1252", "undeclared windows-1252",
         simple("windows-1252", "id,label,value\n1,café €,1\n2,b,2\n".encode("cp1252")), 0,
         warnings=frozenset({"encoding-undeclared"}), file="data.csv",
         says=("windows-1252", "windows-1252"), published=True),
    Case("bom", "a BOM", simple("bom", "\ufeff" + CSV), 0, published=True),
    error("semicolon-decimal-comma", "; and decimal commas without a dialect",
          simple("semicolon-decimal-comma", "id;label;value\n1;a;1,5\n2;b;2\n"), "type-error",
          warnings=frozenset({"dialect-undeclared"}), file="data.csv",
          says=("decimalChar", "decimalChar")),
    Case("crlf", "CRLF", simple("crlf", CSV.replace("\n", "\r\n")), 0, published=True),
    error("line-100mb", "a 100 MB single line", _line_100mb, "resource-line-too-long",
          file="data.csv", big=True),
    error("million-columns", "a header with a million columns", _million_columns,
          "resource-too-many-columns", file="data.csv", says=("1000000", "1000000"), big=True),
    error("zip-bomb", "a zip bomb as a zipped resource", _zip_bomb,
          "resource-archive-too-large", file="data.csv.zip", max_file_bytes=8 * MIB,
          says=("pas été décompressée", "not expanded")),
    error("zip-declared-huge", "a zip bomb as a zipped resource", _zip_declared_huge,
          "resource-archive-too-large", file="data.csv.zip", says=("3221225472", "3221225472"),
          build_check=True),
    error("gzip-bomb", "a zip bomb as a zipped resource", _gzip_bomb,
          "resource-archive-too-large", file="data.csv.gz", max_file_bytes=8 * MIB),
    error("empty-zip", "an empty file", _empty_zip, "resource-file-empty", file="data.csv.zip"),
    error("kind-missing-resource", "a kind missing a required resource",
          _kind_missing_resource, "kind-resource-missing", file="datapackage.json",
          says=("indicators", "indicators")),
    error("kind-infinity", "huge numbers, NaN and Infinity",
          lambda p: demo_kpis_copy(p, "kind-infinity", {1: "INF", 2: "1e300"}),
          "number-not-finite", "number-too-large", file="observations.csv", build_check=True),
    error("dates-out-of-range", "dates out of range", _dates, "type-error", file="data.csv",
          says=("AAAA-MM-JJ", "YYYY-MM-DD"), build_check=True),
    Case("html-script", "HTML and <script> in titles, descriptions, field descriptions, cells",
         _html_script, 0, published=True),
    Case("control-chars", "control characters in titles and cells", _control_chars, 0,
         published=True),
    error("terminal-escape", "control characters in titles and cells",
          simple("terminal-escape", "id,label,value\n1,a,1\x1b]0;pwned\x07\x1b[2J\n"),
          "type-error", file="data.csv", says=("\\x1b[2J", "\\x1b[2J")),
    Case("formula-cells", "formula-like cells", simple("formula-cells", FORMULA_CSV), 0,
         warnings=frozenset({"formula-cell"}), file="data.csv", published=True),
    Case("numbers", "huge numbers, NaN and Infinity", _numbers, 0, published=True),
    Case("kind-nan", "huge numbers, NaN and Infinity",
         lambda p: demo_kpis_copy(p, "kind-nan", {1: "NaN", 3: "NaN"}), 0, published=True),
)

BY_NAME = {case.name: case for case in CASES}
