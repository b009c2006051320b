"""Answers a hostile or broken target gives in place of the one asked for, served by the fault
proxy (faultproxy.py) on a real socket: a login page where an export was due, someone else's
export, a body trickled a byte a second, an endless body, a decompression bomb, plain bytes
after the end of the compressed data.

Each writes until it has said everything or the harness hangs up.
"""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

LOGIN_PAGE = b"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in - Exampleshire Constabulary</title></head>
<body>
<form method="post" action="/sso/login">
<label for="user">User name</label> <input id="user" name="username">
<label for="pw">Password</label> <input id="pw" type="password" name="password">
<button type="submit">Sign in</button>
</form>
</body>
</html>
"""
# A well-formed export of people no scenario planted: an old file, or another force's.
FOREIGN_EXPORT = (
    b"export_id,case_reference,case_id,offence,role,person_id,full_name,date_of_birth\r\n"
    b"X-1,OLD-0001,1,burglary,suspect,1,Nobody Planted,1970-01-01\r\n"
    b"X-1,OLD-0001,1,burglary,suspect,2,Someone Else,1971-02-02\r\n"
)
TRICKLE_LENGTH = 10_000  # bytes promised; one is sent a second
_CHUNK = 64 * 1024


def _gone(handler: BaseHTTPRequestHandler, data: bytes) -> bool:
    """Send `data` now; True when the harness has hung up."""
    try:
        handler.wfile.write(data)
        handler.wfile.flush()
    except (BrokenPipeError, ConnectionResetError):
        return True
    return False


def _whole(handler: BaseHTTPRequestHandler, content: bytes, content_type: str) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(content)))
    handler.end_headers()
    handler.wfile.write(content)


def _framed(chunk: bytes) -> bytes:
    return f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"


def _endless(
    handler: BaseHTTPRequestHandler,
    headers: dict[str, str],
    first: bytes,
    again: bytes,
    status: int = 200,
) -> None:
    """A chunked JSON body that never ends: `first`, then `again` and again."""
    handler.send_response(status)
    for name, value in {"Content-Type": "application/json", **headers}.items():
        handler.send_header(name, value)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    handler.wfile.write(_framed(first))
    framed = _framed(again)
    while not _gone(handler, framed):
        pass
    handler.close_connection = True


def login_page(handler: BaseHTTPRequestHandler) -> None:
    _whole(handler, LOGIN_PAGE, "text/html; charset=utf-8")


def login_page_labelled_csv(handler: BaseHTTPRequestHandler) -> None:
    _whole(handler, LOGIN_PAGE, "text/csv; charset=utf-8")


def foreign_export(handler: BaseHTTPRequestHandler) -> None:
    _whole(handler, FOREIGN_EXPORT, "text/csv; charset=utf-8")


def _slowly(handler: BaseHTTPRequestHandler, data: bytes) -> None:
    """Send `data` one byte a second, until it is all sent or the harness hangs up."""
    for i in range(len(data)):
        if _gone(handler, data[i : i + 1]):
            break
        time.sleep(1)
    handler.close_connection = True


def trickle(handler: BaseHTTPRequestHandler) -> None:
    """A JSON answer promised whole, then sent one byte a second."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(TRICKLE_LENGTH))
    handler.end_headers()
    handler.wfile.flush()
    _slowly(handler, b" " * TRICKLE_LENGTH)


def trickle_headers(handler: BaseHTTPRequestHandler) -> None:
    """The status line and headers themselves, one byte a second."""
    _slowly(handler, b"HTTP/1.1 200 OK\r\n" + b"X-Padding: x\r\n" * 1000)


def endless_body(handler: BaseHTTPRequestHandler) -> None:
    _endless(handler, {}, b"[", b" " * _CHUNK)


def endless_refusal(handler: BaseHTTPRequestHandler) -> None:
    """A refusal (401: log in again) whose body never ends."""
    _endless(handler, {}, b"[", b" " * _CHUNK, status=401)


def gzip_bomb(handler: BaseHTTPRequestHandler) -> None:
    """An endless gzip stream of zeros: each 1 MiB of zeros travels as about a kilobyte.

    After a full flush a deflate block refers to nothing before it, so one such block can be
    sent again and again."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1024**2)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    _endless(handler, {"Content-Encoding": "gzip"}, first, again)


def unknown_encoding(handler: BaseHTTPRequestHandler) -> None:
    """An answer in a compression it was never asked for and nothing here decodes: read as it
    arrives, it is bytes with nothing recognisable in them, which looks clean."""
    _coded(handler, "zstd", b"\x28\xb5\x2f\xfd" + bytes(range(256)) * 4)


def gzip_then_plain(handler: BaseHTTPRequestHandler) -> None:
    """A clean answer compressed as declared, and after the end of its gzip data a record in
    plain bytes: an HTTP library decodes the first and drops the rest unread, while anyone
    reading the bytes sees the record."""
    plain = b'\n{"name": "Nobody Planted", "role": "victim"}'
    _coded(handler, "gzip", gzip.compress(b'{"items": []}') + plain)


def _coded(handler: BaseHTTPRequestHandler, coding: str, body: bytes) -> None:
    """A JSON answer declared to be in `coding`, whatever `body` holds."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Encoding", coding)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


HOSTILE_ANSWERS: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {
    "login-page": login_page,
    "login-page-labelled-csv": login_page_labelled_csv,
    "foreign-export": foreign_export,
    "trickle": trickle,
    "trickle-headers": trickle_headers,
    "endless-body": endless_body,
    "endless-refusal": endless_refusal,
    "gzip-bomb": gzip_bomb,
    "unknown-encoding": unknown_encoding,
    "gzip-then-plain": gzip_then_plain,
}
