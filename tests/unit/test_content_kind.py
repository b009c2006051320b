"""Telling an export from a web page or an error message handed back in its place."""

from __future__ import annotations

import pytest

from firewall_conformance.detect.content_kind import (
    ERROR_MESSAGE,
    WEB_PAGE,
    mismatch,
    of_content,
    of_media_type,
)

PAGES = [
    b"<!DOCTYPE html>\n<html><body><form action='/login'>",
    b"\xef\xbb\xbf  <!doctype HTML><html>",
    b"\n\n<html lang='en'>\n<head><title>Sign in</title>",
    b"<!-- single sign-on -->\n<html>",
    b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">',
    b"<head><meta http-equiv='refresh' content='0;url=/login'>",
    b"<form method=post action=/sso>",
]
EXPORTS = [
    b"export_id,role,full_name\r\nE-1,suspect,A B\r\n",
    b'{"person_id": "1", "role": "suspect", "message": "seen"}\n',
    b'<?xml version="1.0"?>\n<persons><person role="suspect"/></persons>',
    b'[{"role": "suspect"}]',
    b"",
]


@pytest.mark.parametrize("head", PAGES)
def test_a_web_page_is_told_by_its_first_bytes(head):
    assert of_content(head, complete=False) == WEB_PAGE


@pytest.mark.parametrize("head", EXPORTS)
def test_an_export_is_not_taken_for_anything_else(head):
    assert of_content(head, complete=True) is None


def test_an_error_object_is_told_only_when_it_is_the_whole_answer():
    error = b'{"error": "invalid_token", "error_description": "session expired"}'
    assert of_content(error, complete=True) == ERROR_MESSAGE
    assert of_content(error, complete=False) is None
    assert of_content(b'{"detail": "Not authenticated"}\n', complete=True) == ERROR_MESSAGE


def test_the_declared_type_counts_and_a_web_page_labelled_csv_is_still_one():
    assert of_media_type("text/html; charset=utf-8") == WEB_PAGE
    assert of_media_type("application/problem+json") == ERROR_MESSAGE
    assert of_media_type("text/csv") is None and of_media_type(None) is None
    assert mismatch(PAGES[0], complete=True, content_type="text/csv") == WEB_PAGE
    assert mismatch(EXPORTS[0], complete=True, content_type="TEXT/HTML") == WEB_PAGE
    assert mismatch(EXPORTS[0], complete=True, content_type="text/csv") is None
