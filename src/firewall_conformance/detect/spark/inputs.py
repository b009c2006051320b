"""What Spark is asked to read: each argument (a local path, any URI Spark's filesystem layer
accepts, a glob, or a directory) becomes the files it stands for, each with its format and the
label findings name it by.

A file named directly is labelled with its name, as the embedded engine labels it; a file
found under a directory with the directory's name and its path below it, so part files with
the same name in different folders stay apart. Hidden files (`_SUCCESS`, `.crc`) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.sources import format_of
from firewall_conformance.detect.spark.session import failure_reason

TEXT_FORMATS = ("csv", "ndjson")
SPARK_FORMATS = (*TEXT_FORMATS, "parquet")
# Spark's text input reads these in a file name as a glob or a list of files.
_PATTERN_CHARACTERS = frozenset(",{}[]*?\\")


@dataclass(frozen=True)
class Input:
    """One file to read, or (with `problem`) one that will not be read, and why."""

    uri: str
    label: str
    fmt: str | None
    problem: str | None = None


def spark_format(name: str, fmt: str | None = None) -> str | None:
    """The format a file is read as: the one given, else the one its name implies."""
    if fmt:
        return fmt
    return "parquet" if name.lower().endswith(".parquet") else format_of(name)


def refusal(name: str, fmt: str | None = None) -> str | None:
    """Why the Spark engine does not read a file of this name, or None if it does."""
    if name.lower().endswith(".zip"):
        return "zip archives are read by the embedded engine only; unzip them for Spark"
    found = spark_format(name, fmt)
    if found in ("json", "xml"):
        return (
            f"{found.upper()} documents are read by the embedded engine only (a document "
            "cannot be split into lines); use --engine embedded for them"
        )
    return None


def _checked(uri: str, label: str, fmt: str | None) -> Input:
    name = label.rsplit("/", 1)[-1]
    problem = refusal(name, fmt)
    found = spark_format(name, fmt)
    if problem is None and found is None:
        problem = "unknown format (name it: csv, ndjson or parquet)"
    if problem is None and _PATTERN_CHARACTERS.intersection(name):
        problem = "its name holds a character Spark reads as a pattern or list; rename it"
    where = "format" if problem and problem.startswith("unknown") else "opening"
    return Input(
        uri, label, found, str(UnreadableExport(label, where, problem)) if problem else None
    )


def _under(fs: Any, directory: Any, prefix: str) -> Iterator[tuple[str, str]]:
    for status in sorted(fs.listStatus(directory), key=lambda s: s.getPath().getName()):
        name = status.getPath().getName()
        if name.startswith(("_", ".")):
            continue
        if status.isDirectory():
            yield from _under(fs, status.getPath(), f"{prefix}/{name}")
        else:
            yield status.getPath().toString(), f"{prefix}/{name}"


def list_inputs(spark: Any, arguments: Sequence[str], fmt: str | None = None) -> list[Input]:
    """Every file the arguments name, in the order given (a glob's or directory's in name order)."""
    context = spark.sparkContext
    jvm, conf = context._jvm, context._jsc.hadoopConfiguration()
    from py4j.protocol import Py4JJavaError

    inputs: list[Input] = []
    for argument in arguments:
        try:
            path = jvm.org.apache.hadoop.fs.Path(argument)
            fs = path.getFileSystem(conf)
            matches = fs.globStatus(path)
            if not matches:
                inputs.append(
                    Input(
                        argument,
                        argument,
                        None,
                        str(UnreadableExport(argument, "opening", "no such file")),
                    )
                )
                continue
            for status in sorted(matches, key=lambda s: s.getPath().toString()):
                found = status.getPath()
                if status.isDirectory():
                    inputs += [
                        _checked(u, label, fmt) for u, label in _under(fs, found, found.getName())
                    ]
                else:
                    inputs.append(_checked(found.toString(), found.getName(), fmt))
        except Py4JJavaError as exc:
            reason = failure_reason(exc)
            inputs.append(
                Input(argument, argument, None, str(UnreadableExport(argument, "opening", reason)))
            )
    return inputs
