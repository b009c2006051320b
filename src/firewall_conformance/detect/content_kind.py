"""Telling an export from what a system hands back in its place: a web page (the login form
of an expired single sign-on session, an error page) or an error message.

Read as an export, such an answer holds "records" with no planted person in them, which
looks clean; so it must be refused by what it is, judged by its first bytes as well as by its
declared type, since a vendor can label a web page `text/csv`.
"""

from __future__ import annotations

import json
import re

from firewall_conformance.detect.encoding import UTF8_BOM

WEB_PAGE = "a web page"
ERROR_MESSAGE = "an error message"

_WEB_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_ERROR_MEDIA_TYPES = frozenset({"application/problem+json", "application/problem+xml"})
# A page opens with one of these, after any XML declaration, doctype or comment.
_PAGE_START = re.compile(
    rb"\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|form|script|meta|title|iframe)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
# The only keys of an error object (RFC 9457 problem details and the usual framework ones).
_ERROR_KEYS = frozenset(
    {
        "error",
        "errors",
        "error_description",
        "detail",
        "details",
        "message",
        "msg",
        "status",
        "code",
        "title",
        "type",
        "instance",
        "reason",
        "timestamp",
        "path",
    }
)


def of_media_type(content_type: str | None) -> str | None:
    """What a declared Content-Type says the answer is, when that is not an export."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type in _WEB_MEDIA_TYPES:
        return WEB_PAGE
    if media_type in _ERROR_MEDIA_TYPES:
        return ERROR_MESSAGE
    return None


def of_content(head: bytes, *, complete: bool) -> str | None:
    """What the first bytes of an answer show it to be, when that is not an export.

    `complete` says `head` is the whole answer: only then can it be read as one error object.
    """
    head = head.removeprefix(UTF8_BOM)
    if _PAGE_START.match(head):
        return WEB_PAGE
    if complete and _is_error_object(head):
        return ERROR_MESSAGE
    return None


def mismatch(head: bytes, *, complete: bool, content_type: str | None = None) -> str | None:
    """What an answer is instead of an export, by its declared type or its content; None
    when nothing shows it is not one."""
    return of_media_type(content_type) or of_content(head, complete=complete)


def _is_error_object(text: bytes) -> bool:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return isinstance(document, dict) and bool(document) and document.keys() <= _ERROR_KEYS
