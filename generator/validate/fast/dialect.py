"""Encoding, CSV dialect, header row and labels, detected on a sample as frictionless-py does."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from generator.validate.fast.errors import Unsupported

SNIFF_LINES = 100  # frictionless' CSV parser sniffs the dialect on this many text lines
ASCII_PROBE = ',;\t|"\r\n azAZ09.-'


@dataclass
class Layout:
    """How to read one CSV file: what frictionless detects before the first data row."""

    encoding: str
    dialect: Any  # a csv.Dialect
    header_row: int
    labels: list[str]
    fragment: list[list[str]] = field(default_factory=list)
    translate_newlines: bool = False

    @property
    def arrow_encoding(self) -> str:
        """The encoding name pyarrow's CSV reader expects."""
        return "utf8" if self.encoding in ("utf-8", "utf-8-sig") else self.encoding


def detect_encoding(buffer: bytes, declared: str | None, detector: Any) -> str:
    """The encoding frictionless would use: declared, else guessed by chardet on the buffer."""
    encoding = declared
    if not encoding:
        import chardet

        guesser = chardet.UniversalDetector()
        for line in buffer.splitlines():
            guesser.feed(line)
        guesser.close()
        encoding = guesser.result["encoding"] or "utf-8"
        if (guesser.result["confidence"] or 0) < detector.encoding_confidence:
            detected, encoding = encoding, "utf-8"
            try:
                buffer.decode(encoding)
            except UnicodeDecodeError:
                encoding = detected
        if encoding == "ascii":
            encoding = "utf-8"
    try:
        encoding = codecs.lookup(encoding).name
    except LookupError as error:
        raise Unsupported(f"unknown encoding {encoding!r}") from error
    if encoding == "utf-8" and buffer.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    try:
        probe = ASCII_PROBE.encode("utf-8" if encoding == "utf-8-sig" else encoding)
        ascii_compatible = probe == ASCII_PROBE.encode("ascii")
    except (UnicodeError, LookupError):
        ascii_compatible = False
    if not ascii_compatible or encoding.startswith(("utf-16", "utf-32")):
        raise Unsupported(f"encoding {encoding}")
    return encoding


def read_layout(resource: Any, path: Path) -> Layout:
    """Encoding, dialect, header row, labels and inference fragment of a CSV resource."""
    from frictionless.formats.csv.control import CsvControl

    detector = resource.detector
    with path.open("rb") as handle:
        buffer = handle.read(detector.buffer_size)
    encoding = detect_encoding(buffer, resource.get_defined("encoding"), detector)
    dialect = resource.dialect.to_copy()
    control = CsvControl.from_dialect(dialect)
    translate = resource.format != "csv"
    try:
        with path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding, newline=None if translate else "")
            lines = [line for _, line in zip(range(SNIFF_LINES), text)]
            python_dialect = _sniff(control, lines, resource.format)
            reader = csv.reader(chain(lines, text), dialect=python_dialect)
            sample = [cells for _, cells in zip(range(detector.sample_size), reader)]
    except (UnicodeDecodeError, csv.Error) as error:
        raise Unsupported(f"sample unreadable: {error}") from error
    header_row = _header_row(sample, dialect)
    labels = ["" if cell is None else str(cell).strip() for cell in sample[header_row - 1]]
    if not labels:
        raise Unsupported("blank header")
    return Layout(encoding=encoding, dialect=python_dialect, header_row=header_row,
                  labels=labels, fragment=sample[header_row:], translate_newlines=translate)


def _sniff(control: Any, lines: list[str], fmt: str | None) -> Any:
    """The Python csv dialect frictionless' CSV parser settles on (sniffed unless declared)."""
    if fmt == "tsv":
        control.set_not_defined("delimiter", "\t")
    delimiter = control.get_defined("delimiter", default=",\t;|")
    try:
        config = csv.Sniffer().sniff("".join(lines), delimiter)
    except csv.Error:
        config = csv.excel()
    if config.quotechar == "'":
        config.quotechar = '"'
    control.set_not_defined("delimiter", config.delimiter, distinct=True)
    control.set_not_defined("line_terminator", config.lineterminator, distinct=True)
    control.set_not_defined("escape_char", config.escapechar, distinct=True)
    control.set_not_defined("quote_char", config.quotechar, distinct=True)
    control.set_not_defined("skip_initial_space", config.skipinitialspace, distinct=True)
    python_dialect = control.to_python()
    if (len(python_dialect.delimiter) != 1 or python_dialect.escapechar
            or python_dialect.quoting == csv.QUOTE_NONE
            or len(python_dialect.quotechar or "") != 1
            or python_dialect.delimiter in "\r\n" or python_dialect.quotechar in "\r\n"):
        raise Unsupported("CSV dialect (escape char, no quoting or odd delimiter)")
    return python_dialect


def _header_row(sample: list[list[str]], dialect: Any) -> int:
    """The header row frictionless infers: the first row about as wide as the sample."""
    if not dialect.header or len(dialect.header_rows) != 1:
        raise Unsupported("no header or a multi-row header")
    if dialect.comment_char or dialect.comment_rows or dialect.skip_blank_rows:
        raise Unsupported("comment rows or skipped blank rows")
    header_row = dialect.header_rows[0]
    widths = [len(cells) for cells in sample]
    if widths and not dialect.has_defined("header") and not dialect.has_defined("header_rows"):
        width = round(sum(widths) / len(widths))
        drift = max(round(width * 0.1), 1)
        match = range(width - drift, width + drift + 1)
        header_row = next((n for n, size in enumerate(widths, start=1) if size in match), 1)
    if header_row > len(sample):
        raise Unsupported("header beyond the sample")
    return header_row
