"""Opening what an inspector hands over: plain files, zip archives, and gzip, bzip2 or xz
compression (in any order, a few layers deep, inside an archive too) — with limits.

A compressed file is read through a counter that refuses to expand past a sane ratio, so a
decompression bomb ends with a clear error instead of filling the disk or memory. A zip archive
is held to the same ratio in all, not only member by member (eight members each just under the
limit are a bomb too): by the sizes it declares before anything is read, and while reading. A
stream that opens as a web page is refused: a login page saved as an export must not read as
clean, and so is a kind of archive, compression or binary file that cannot be read through (a
zip inside an archive, tar, Zstandard, 7-Zip, RAR, PDF, old Office, Parquet, Avro, SQLite):
read as text it would look clean too.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from firewall_conformance.detect import opendocument
from firewall_conformance.detect.content_kind import of_content
from firewall_conformance.detect.delimiters import comma_separated
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.pivot_caches import cache_sources
from firewall_conformance.detect.workbook_parts import is_workbook, read_with_the_sheets

# Tab-, pipe- and semicolon-delimited files are CSV of another delimiter (`delimiters`).
FORMATS = {
    ".csv": "csv", ".tsv": "csv", ".tab": "csv", ".psv": "csv",
    ".ndjson": "ndjson", ".jsonl": "ndjson", ".json": "json", ".xml": "xml",
}  # fmt: skip
# Real exports compress 5-50:1; past 200:1 and 256 MiB the stream is treated as a bomb.
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 256 * 1024**2
SNIFF_BYTES = 4096
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")
# Compression read through, by the bytes it starts with, and how many layers deep.
LAYERS: tuple[tuple[bytes, Callable[[io.BufferedReader], io.BufferedIOBase]], ...] = (
    (b"\x1f\x8b", lambda raw: gzip.GzipFile(fileobj=raw, mode="rb")),
    (b"BZh", lambda raw: bz2.BZ2File(raw, "rb")),
    (b"\xfd7zXZ\x00", lambda raw: lzma.LZMAFile(raw, "rb")),  # noqa: SIM115 (the caller closes it)
)
MAX_LAYERS = 4
# What cannot be read through, by the bytes it starts with; tar's mark stands at byte 257.
_UNREADABLE = (
    (0, b"PK\x03\x04", "a zip archive inside what was handed over (hand over its members)"),
    (0, b"\x28\xb5\x2f\xfd", "Zstandard-compressed data"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (257, b"ustar", "a tar archive (hand over its members)"),
    (0, b"%PDF-", "a PDF document"),
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF8", "a GIF image"),
    (8, b"WEBP", "a WebP image"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 file (an old Word or Excel document)"),
    (0, b"PAR1", "a Parquet file"),
    (0, b"Obj\x01", "an Avro data file"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
)


def format_of(name: str) -> str | None:
    """The export format a file name implies ('people.csv.gz' -> 'csv')."""
    lowered = name.lower()
    while lowered.endswith(COMPRESSED_SUFFIXES):
        lowered = lowered.rsplit(".", 1)[0]
    return next((fmt for suffix, fmt in FORMATS.items() if lowered.endswith(suffix)), None)


def expansion_limit(compressed_size: int) -> int:
    """The most a compressed stream or archive of this size may expand to."""
    return max(RATIO_FLOOR_BYTES, compressed_size * MAX_RATIO)


def _bomb(total: int) -> str:
    return (
        f"its members expand to more than {total // 1024**2} MiB in all, over {MAX_RATIO} "
        "times the archive's size; refused as a likely decompression bomb"
    )


class ArchiveBudget:
    """What all members of one archive may expand to together, shared by their readers.
    A member read twice counts once (its furthest read)."""

    def __init__(self, label: str, limit: int) -> None:
        self.label, self.limit = label, limit
        self._read: dict[str, int] = {}

    def spend(self, member: str, count: int) -> None:
        self._read[member] = max(count, self._read.get(member, 0))
        total = sum(self._read.values())
        if total > self.limit:
            raise UnreadableExport(self.label, f"{member}, byte {count}", _bomb(total))


class _Bounded(io.RawIOBase):
    """Counts bytes coming out of a decompressor and stops a bomb."""

    def __init__(
        self,
        inner: IO[bytes] | io.BufferedIOBase,
        label: str,
        compressed_size: int,
        budget: ArchiveBudget | None = None,
    ) -> None:
        self._inner, self._label, self._budget = inner, label, budget
        self._limit = expansion_limit(compressed_size)
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._inner.read(len(buffer))
        except (EOFError, OSError, zlib.error, zipfile.BadZipFile) as exc:
            raise UnreadableExport(
                self._label,
                f"byte {self.count}",
                f"the compressed data is cut off or corrupt ({exc})",
            ) from exc
        self.count += len(data)
        if self.count > self._limit:
            raise UnreadableExport(
                self._label,
                f"byte {self.count}",
                f"expands to more than {MAX_RATIO} times its compressed size; refused as a likely decompression bomb",
            )
        if self._budget is not None:
            self._budget.spend(self._label, self.count)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


@dataclass(frozen=True)
class Source:
    """One scannable stream: a file, or one member of an archive. `open` returns a buffered
    reader, so callers may peek at the head to sniff the encoding."""

    label: str
    format: str | None
    open: Callable[[], io.BufferedReader]
    # A workbook part its sheets already show or that holds no records (shared strings, notes,
    # properties, styles: workbook_parts.read_with_the_sheets): read for planted values, never
    # for status data, whose owner it could not show.
    canaries_only: bool = False


def _read_through(
    stream: io.BufferedReader, label: str, compressed_size: int, budget: ArchiveBudget | None
) -> io.BufferedReader:
    """`stream` with each layer of compression it starts with taken off, each bounded."""
    for _ in range(MAX_LAYERS):
        head = stream.peek(8)
        layer = next((open_ for magic, open_ in LAYERS if head.startswith(magic)), None)
        if layer is None:
            return stream
        stream = io.BufferedReader(_Bounded(layer(stream), label, compressed_size, budget), 1 << 20)
    raise UnreadableExport(label, "opening", f"compressed more than {MAX_LAYERS} times over")


def unreadable_kind(head: bytes) -> str | None:
    return next((kind for at, magic, kind in _UNREADABLE if head[at:].startswith(magic)), None)


def _member(
    path: Path, info: zipfile.ZipInfo, label: str, budget: ArchiveBudget
) -> Callable[[], io.BufferedReader]:
    def opener() -> io.BufferedReader:
        archive = zipfile.ZipFile(path)
        inner = archive.open(info)
        bounded = _Bounded(inner, label, max(info.compress_size, 1), budget)
        return io.BufferedReader(bounded, 1 << 20)

    return opener


def _sniffed(
    opener: Callable[[], io.BufferedReader],
    label: str,
    compressed_size: int,
    budget: ArchiveBudget | None = None,
) -> Callable[[], io.BufferedReader]:
    """`opener`, read through any compression, refusing a stream whose first bytes show it is
    not an export."""

    def opened() -> io.BufferedReader:
        stream = _read_through(opener(), label, compressed_size, budget)
        head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        kind = of_content(head, complete=False) or unreadable_kind(head)
        if kind is not None:
            stream.close()
            raise UnreadableExport(label, "opening", f"this is {kind}, not an export")
        return stream

    return opened


def _magic(path: Path) -> bytes:
    with path.open("rb") as raw:
        return raw.read(4)


def open_sources(path: Path, fmt: str | None = None) -> Iterator[Source]:
    """Every stream in `path`, with its format (given, or implied by its name)."""
    if not path.is_file():
        raise UnreadableExport(str(path), "opening", "no such file")
    magic = _magic(path)
    if magic.startswith(b"PK\x03\x04") or path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise UnreadableExport(
                path.name, "opening", f"not a readable zip archive ({exc})"
            ) from exc
        with archive:
            members = [i for i in archive.infolist() if not i.is_dir()]
        budget = ArchiveBudget(path.name, expansion_limit(path.stat().st_size))
        declared = sum(i.file_size for i in members)
        if declared > budget.limit:
            raise UnreadableExport(path.name, "opening", _bomb(declared))
        read_elsewhere: Callable[[str], bool] | None = None
        if is_workbook(members, path.name):
            # Imported only here: openpyxl takes longer to import than a worker process
            # takes to survey a chunk, and every worker imports this module.
            from firewall_conformance.detect.workbooks import sheet_opener, sheet_titles

            read_elsewhere = read_with_the_sheets
            for title in sheet_titles(path, path.name):
                yield Source(f"{path.name}!{title}", "csv", sheet_opener(path, title, path.name))
            for label, opener in cache_sources(path, members, path.name):
                yield Source(label, "csv", opener)
        elif opendocument.is_spreadsheet(path, members):
            read_elsewhere = opendocument.read_with_the_sheets
            sheets = opendocument.sheet_layouts(path, path.name)
            for sheet in sheets:  # held to the archive's ratio before any is read
                budget.spend(f"{path.name}!{sheet.title}", sheet.size)
            for sheet in sheets:
                opener = opendocument.sheet_opener(path, sheet, path.name)
                yield Source(f"{path.name}!{sheet.title}", "csv", opener)
                if sheet.drawn:
                    drawn = opendocument.drawn_opener(sheet)
                    yield Source(f"{path.name}!{sheet.title} (drawn on it)", "csv", drawn)
            # Its content is known: the media type is_spreadsheet read.
            members = [info for info in members if info.filename != opendocument.MIMETYPE_PART]
        for info in members:
            label = f"{path.name}!{info.filename}"
            opener = _sniffed(
                _member(path, info, label, budget), label, max(info.compress_size, 1), budget
            )
            if read_elsewhere is not None:
                # A part the sheets already show, or one that holds no records, is read for
                # planted values only; any other (a macro sheet, a text box, an external
                # link's cached cells) is read whole, so status data there is never skipped.
                elsewhere = read_elsewhere(info.filename)
                yield Source(label, _part_format(info.filename), opener, canaries_only=elsewhere)
            else:
                yield _source(label, fmt or format_of(info.filename), opener)
    else:
        size = path.stat().st_size
        opener = _sniffed(lambda: path.open("rb"), path.name, size)
        yield _source(path.name, fmt or format_of(path.name), opener)


def _part_format(name: str) -> str | None:
    """A workbook part's format: its relationship and drawing parts are XML too."""
    return "xml" if name.lower().endswith((".rels", ".vml")) else format_of(name)


def _source(label: str, fmt: str | None, opener: Callable[[], io.BufferedReader]) -> Source:
    """A CSV source is read as comma-separated, whatever its delimiter."""
    return Source(label, fmt, comma_separated(opener, label) if fmt == "csv" else opener)
