"""Reading a system's OpenAPI document for `init`: from a file or a URL, JSON or YAML, 3.0 or
3.1, bounded in size and time, so a hostile or broken server can neither hang nor flood it."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import yaml

from firewall_conformance.inputs.regular_files import NotReadable, read_regular
from firewall_conformance.targets.bounded import Bounds, CutOff, OverLimit, exchange

MAX_DOCUMENT_BYTES = 16 * 1024**2
VERSIONS = ("3.0", "3.1")


class OpenApiProblem(Exception):
    """The document cannot be used; the message says what and where, in plain English."""


def shown(source: str) -> str:
    """The source as it may be written anywhere: a URL without user, password, query or
    fragment, which may carry a credential."""
    parts = urlsplit(source)
    if parts.scheme not in ("http", "https"):
        return source
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}{parts.path}"


def _fetch(url: str, timeout: float) -> bytes:
    """The document at `url`, read whole as one bounded exchange (bounded.py): a server
    sending it a byte at a time, or without end, is cut off by the deadline or the cap."""
    where = shown(url)
    document = io.BytesIO()
    session = requests.Session()
    session.trust_env = False
    bounds = Bounds(start_seconds=timeout, max_bytes=MAX_DOCUMENT_BYTES)
    try:
        with session:
            prepared = session.prepare_request(requests.Request("GET", url))
            response = exchange(session, prepared, bounds, read_timeout=timeout, sink=document)
    except OverLimit as exc:
        raise OpenApiProblem(
            f"the document at {where} {exc}; save a copy and give the file"
        ) from exc
    except requests.Timeout as exc:
        raise OpenApiProblem(f"{where} did not answer within {timeout:g} s") from exc
    except CutOff as exc:
        raise OpenApiProblem(
            f"{where} broke off the document ({type(exc.cause).__name__})"
        ) from exc
    except requests.RequestException as exc:
        raise OpenApiProblem(f"{where} could not be reached ({type(exc).__name__})") from exc
    if response.status_code != 200:
        raise OpenApiProblem(f"{where} answered {response.status_code}, not the document")
    return document.getvalue()


def _read_file(path: Path) -> bytes:
    try:
        return read_regular(path, MAX_DOCUMENT_BYTES, follow=True)
    except NotReadable as exc:
        raise OpenApiProblem(f"{path} {exc.problem}, so it was not read") from exc


def _parse(content: bytes, where: str) -> Any:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise OpenApiProblem(f"{where} is not UTF-8 text (byte {exc.start})") from exc
    try:
        return json.loads(text)
    except ValueError:
        pass
    except RecursionError as exc:
        raise OpenApiProblem(f"{where} is JSON nested too deeply to read") from exc
    try:
        # Aliases can multiply a small file into an enormous one; an API document needs none.
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text)):
            raise OpenApiProblem(f"{where} uses YAML aliases, which are not accepted")
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise OpenApiProblem(f"{where} is neither JSON nor YAML") from exc


def read_openapi(source: str, timeout: float = 10.0) -> dict[str, Any]:
    """The OpenAPI 3.0 or 3.1 document at `source` (an http(s) URL or a file)."""
    is_url = urlsplit(source).scheme in ("http", "https")
    where = shown(source)
    document = _parse(_fetch(source, timeout) if is_url else _read_file(Path(source)), where)
    version = document.get("openapi") if isinstance(document, dict) else None
    if not isinstance(version, str) or not version.startswith(VERSIONS):
        raise OpenApiProblem(
            f"{where} is not an OpenAPI {' or '.join(VERSIONS)} document (it names no such "
            "'openapi' version); convert a Swagger 2.0 document first"
        )
    if not isinstance(document.get("paths"), dict) or not document["paths"]:
        raise OpenApiProblem(f"{where} lists no paths")
    return document
