"""A corpus of hostile files: each is refused with a clear error or read safely, and nothing
crashes, hangs or exhausts memory (issue 8's hostile inputs, for the scanners)."""

from __future__ import annotations

import gzip
import io
import json
import random
import zipfile
from collections.abc import Callable

import pytest

from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_path
from firewall_conformance.detect.status import scan_status_path
from firewall_conformance.persons.personas import make_cast

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]><lolz>&lol9;</lolz>"
)


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.csv", b"a\n" + b"0" * (300 * 1024**2) + b"\n")
    return buffer.getvalue()


Content = bytes | str | Callable[[], bytes]

CORPUS: dict[str, tuple[str, Content]] = {
    "billion laughs": ("x.xml", LAUGHS),
    "quadratic blow-up": (
        "x.xml",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "'
        + "A" * 50000
        + '">]><x>'
        + "&a;" * 5000
        + "</x>",
    ),
    "external entity": (
        "x.xml",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    ),
    "external DTD": (
        "x.xml",
        '<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.org/x.dtd"><x/>',
    ),
    "parameter entity": (
        "x.xml",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "http://example.org/p">%p;]><x/>',
    ),
    "deep XML": ("x.xml", "<a>" * 100_000 + "</a>" * 100_000),
    "unclosed XML": ("x.xml", "<a><b>text</a>"),
    "XML with NUL": ("x.xml", b"<a>\x00</a>"),
    "XML processing instruction and CDATA": (
        "x.xml",
        '<?xml version="1.0"?><?evil run?><a><![CDATA[<script>alert(1)</script>]]></a>',
    ),
    "deep JSON": ("x.json", "[" * 100_000 + "]" * 100_000),
    "truncated JSON": ("x.json", '[{"a": "b"}, {"c": '),
    "JSON huge number": ("x.json", '[{"n": 1' + "0" * 100_000 + "}]"),
    "JSON NaN": ("x.json", '[{"n": NaN}]'),
    "NDJSON deep line": ("x.ndjson", "[" * 50_000 + "]" * 50_000 + "\n"),
    "NDJSON NUL escape": ("x.ndjson", '{"a": "\\u0000"}\n'),
    "NDJSON one enormous line": ("x.ndjson", '{"a": "' + "x" * (70 * 1024**2) + '"}\n'),
    "NDJSON not JSON": ("x.ndjson", "this is not json\n"),
    "CSV NUL byte": ("x.csv", b"a,b\n1,\x002\n"),
    "CSV huge field": ("x.csv", 'a\n"' + "y" * 200_000 + '"\n'),
    "CSV never-closed quote": ("x.csv", 'a,b\n"unterminated,' + "z" * 1000 + "\n"),
    "CSV formula injection": ("x.csv", 'name,note\n=HYPERLINK("http://evil"),@SUM(A1)\n'),
    "CSV HTML in values": (
        "x.csv",
        "name,note\n<script>alert(1)</script>,<img src=x onerror=alert(1)>\n",
    ),
    "invalid UTF-8": ("x.csv", b"a\n\xff\xfe\xfd\n" * 3),
    "UTF-16 odd length": ("x.csv", b"\xff\xfea\x00\n\x00b"),
    "BOM only": ("x.csv", b"\xef\xbb\xbf"),
    "random binary as CSV": ("x.csv", random.Random(5).randbytes(20_000)),
    "random binary as TSV": ("x.tsv", b"a\tb\n" + random.Random(6).randbytes(20_000)),
    "NUL in a tab-delimited file": ("x.tsv", b"a\tb\n1\t\x002\n"),
    "gzip bomb": ("x.ndjson.gz", lambda: gzip.compress(b"0" * (300 * 1024**2))),
    "truncated gzip": ("x.csv.gz", gzip.compress(b"a\n1\n" * 1000)[:-30]),
    "empty gzip": ("x.csv.gz", gzip.compress(b"")),
    "not really gzip": ("x.csv.gz", b"\x1f\x8bgarbage"),
    "zip bomb": ("x.zip", _zip_bomb),
    "corrupt zip": ("x.zip", b"PK\x03\x04" + b"\x00" * 100),
    "zip with traversal name": (
        "x.zip",
        (
            lambda b: (zipfile.ZipFile(b, "w").writestr("../../etc/x.csv", "a\n1\n"), b.getvalue())[
                1
            ]
        )(io.BytesIO()),
    ),
    "unknown format": ("x.bin", b"\x00\x01"),
}


@pytest.fixture(scope="module")
def matcher():
    return CanaryMatcher.for_personas(make_cast(random.Random(3)).values())


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_hostile_input_is_refused_clearly_or_read_safely(tmp_path, matcher, case):
    name, content = CORPUS[case]
    content = content() if callable(content) else content
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    for scan in (
        lambda: list(scan_path(matcher, path)),
        lambda: list(scan_status_path(path, b"salt")),
    ):
        try:
            reports = scan()
        except UnreadableExport as exc:
            assert exc.source and exc.problem, "a refusal must say which file and what"
            assert "Traceback" not in str(exc)
        else:
            assert all(r.records >= 0 for r in reports)
            json.dumps([r.source for r in reports])


def test_a_document_type_declaration_alone_is_read_and_its_dtd_never_fetched(tmp_path):
    """Older systems write a DOCTYPE naming their DTD: the export is read, the DTD is not (an
    entity it would define stays undefined, so that document is refused, by name)."""
    dtd = tmp_path / "extract.dtd"
    dtd.write_text('<!ENTITY n "Eritrean">', encoding="utf-8")
    head = f'<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "{dtd.as_uri()}">\n'
    plain = tmp_path / "plain.xml"
    plain.write_text(
        head + "<x><Person><Role>Victim</Role><Nationality>Eritrean</Nationality></Person></x>",
        encoding="utf-8",
    )
    [report] = list(scan_status_path(plain, b"salt"))
    assert [f.category for f in report.findings] == ["nationality"]
    fetched = tmp_path / "fetched.xml"
    fetched.write_text(
        head + "<x><Person><Role>Victim</Role><Nationality>&n;</Nationality></Person></x>",
        encoding="utf-8",
    )
    with pytest.raises(UnreadableExport, match="entity"):
        list(scan_status_path(fetched, b"salt"))


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE x SYSTEM "extract.dtd">',
        '<!DOCTYPE x PUBLIC "-//Force//Extract//EN" "extract.dtd">',
        "<!DOCTYPE x [ %defs; ]>",
    ],
)
@pytest.mark.parametrize(("encoding", "padding"), [("utf-8", 0), ("utf-16", 0), ("utf-8", 70_001)])
def test_an_entity_in_an_attribute_that_the_unread_dtd_would_define_is_refused(
    tmp_path, doctype, encoding, padding
):
    """Once a document names a DTD it is not read (or refers to one in its internal subset),
    expat drops an undefined entity in an attribute value without a word (in text it is an
    error): a value that a DTD-aware reader would show as "asylum seeker" reads as empty."""
    path = tmp_path / "extract.xml"
    records = '<Person role="Witness">C D</Person>' * (padding // 34)
    path.write_text(
        f'<?xml version="1.0"?>\n{doctype}\n'
        f'<x>{records}<Person role="Victim" remark="&status;">A B</Person></x>',
        encoding=encoding,
    )
    with pytest.raises(UnreadableExport, match="entit"):
        list(scan_status_path(path, b"salt"))


def test_a_document_naming_its_dtd_with_xmls_own_references_is_read(tmp_path):
    path = tmp_path / "extract.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "extract.dtd">\n'
        '<x><Person remark="Fish &amp; chips &#233; &lt;"><Role>Victim</Role>'
        "<Nationality>Eritrean</Nationality></Person></x>",
        encoding="utf-8",
    )
    [report] = list(scan_status_path(path, b"salt"))
    assert [f.category for f in report.findings] == ["nationality"]
