"""Streaming record readers for export files: memory stays bounded whatever the file size.

Each reader yields (record number, [(field locator, text value)]) and counts the bytes it
consumed, so a scan can say exactly how much it examined.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

Record = tuple[int, list[tuple[str, str]]]


class UnreadableExport(Exception):
    """An export that cannot be parsed; says which file and where."""

    def __init__(self, path: Path, where: str, problem: str) -> None:
        super().__init__(f"{path.name}, {where}: {problem}")


class _CountingReader(io.RawIOBase):
    """Wraps a binary file and counts bytes read, for 'bytes examined'."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


def flatten_json(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Leaf values of a JSON document with their JSON paths (`$.persons[0].family_name`)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from flatten_json(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from flatten_json(inner, f"{path}[{index}]")
    elif value is not None:
        yield path, str(value)


class ExportReader:
    """Reads one export file record by record, in CSV or NDJSON."""

    def __init__(self, path: Path, fmt: str) -> None:
        if fmt not in ("csv", "ndjson"):
            raise ValueError(f"unsupported export format {fmt!r}")
        self.path = path
        self.format = fmt
        self.bytes_read = 0

    def records(self) -> Iterator[Record]:
        with self.path.open("rb") as raw:
            counter = _CountingReader(raw)
            text = io.TextIOWrapper(
                io.BufferedReader(counter), encoding="utf-8-sig", newline="", errors="strict"
            )
            try:
                yield from self._csv(text) if self.format == "csv" else self._ndjson(text)
            except UnicodeDecodeError as exc:
                raise UnreadableExport(self.path, "encoding", f"not UTF-8 ({exc.reason})") from exc
            finally:
                self.bytes_read = counter.count

    def _csv(self, text: io.TextIOWrapper) -> Iterator[Record]:
        reader = csv.reader(text)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnreadableExport(self.path, "header row", str(exc)) from exc
        number = 0
        try:
            for number, row in enumerate(reader, start=1):
                if len(row) != len(header):
                    raise UnreadableExport(
                        self.path,
                        f"record {number}",
                        f"{len(row)} fields, header has {len(header)}",
                    )
                yield number, list(zip(header, row, strict=True))
        except csv.Error as exc:
            raise UnreadableExport(self.path, f"record {number + 1}", str(exc)) from exc

    def _ndjson(self, text: io.TextIOWrapper) -> Iterator[Record]:
        number = 0
        for line in text:
            if not line.strip():
                continue
            number += 1
            try:
                document = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UnreadableExport(
                    self.path, f"record {number}", f"not JSON ({exc.msg})"
                ) from exc
            yield number, list(flatten_json(document, "$"))
