"""Findings kept in file order without holding them all: a national extract may hold millions
of status findings, and the report lists every one. The newest are kept in memory; beyond
that bound they are written, a batch at a time, to an unnamed temporary file that is gone when
the spool is, and read back in order whenever the spool is read. A spool of named tuples given
their `kind` writes them as plain tuples, which pickle without a Python call each (it may be
given them so, `add_rows`), and makes them into their kind again as they are read."""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import IO, Any, Generic, TypeVar

T = TypeVar("T")
IN_MEMORY = 4096


class Spool(Generic[T]):
    """A list that can only grow, be counted and be read in order."""

    def __init__(
        self,
        items: Iterable[T] = (),
        in_memory: int = IN_MEMORY,
        kind: Callable[[Iterable[Any]], T] | None = None,
    ) -> None:
        self._held: list[Any] = []
        self._file: IO[bytes] | None = None
        self._written = 0
        self._in_memory = in_memory
        self._kind = kind
        self += items

    def append(self, item: T) -> None:
        self._held.append(item)
        if len(self._held) >= self._in_memory:
            self._write()

    def __iadd__(self, items: Iterable[T]) -> Spool[T]:
        self.add_rows(items)
        return self

    def add_rows(self, rows: Iterable[Any]) -> None:
        """Items, or for a spool of a `kind`, items in their plain tuple form; a stream of them
        is taken in no more than the bound at a time."""
        rows = iter(rows)
        while True:
            self._held.extend(islice(rows, self._in_memory - len(self._held)))
            if len(self._held) < self._in_memory:
                return
            self._write()

    def _write(self) -> None:
        if self._file is None:
            # Open as long as the spool is; deleted by the system when closed or at exit.
            self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._file.seek(0, 2)
        held = self._held if self._kind is None else list(map(tuple, self._held))
        pickle.dump(held, self._file, pickle.HIGHEST_PROTOCOL)
        self._written += len(self._held)
        self._held = []

    def __len__(self) -> int:
        return self._written + len(self._held)

    def __iter__(self) -> Iterator[T]:
        read = at = 0
        while self._file is not None and read < self._written:
            self._file.seek(at)  # another reading, or a write, may have moved it
            batch: list[Any] = pickle.load(self._file)
            at = self._file.tell()
            read += len(batch)
            yield from self._made(batch)
        yield from self._made(list(self._held))

    def _made(self, items: list[Any]) -> Iterator[T]:
        return iter(items) if self._kind is None else map(self._kind, items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Spool | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __deepcopy__(self, memo: dict[int, Any]) -> list[T]:
        """A copy is a plain list (`dataclasses.asdict` copies a report's fields)."""
        return list(self)

    def __repr__(self) -> str:
        return f"Spool({len(self)} items)"
