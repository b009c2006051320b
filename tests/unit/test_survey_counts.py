"""The canary scan's survey counts a chunk's lines and records, and says whether a line may be
malformed (then the whole chunk is parsed to name it); a chunk whose every line ends in a
closing brace is told so by one count, without looking for blank lines."""

import pytest

from firewall_conformance.detect.linescan import survey
from firewall_conformance.detect.matcher import CanaryMatcher, Pattern

MATCHER = CanaryMatcher([("zzqq", Pattern("p", "victim", "given_name", True, "plain"))])


@pytest.mark.parametrize(
    ("chunk", "lines", "records", "suspect"),
    [
        ('{"a": 1}\n{"b": 2}\n', 2, 2, False),
        ('{"a": 1}\n{"b": 2}', 2, 2, False),
        ('{"a": 1}\n\n{"b": 2}\n', 3, 2, False),
        ('\n{"a": 1}\n', 2, 1, False),
        ('{"a": 1}\n{"b": "}"\n', 2, 2, True),
        ('{"a": 1}\r\n{"b": 2}\r\n', 2, 2, False),
        ("[1]\n[2]\n", 2, 2, False),
        ('{"a": "\\u0041"}\n  \n', 2, 1, False),
        ('{"a": 1}\n  ', 2, 2, False),
    ],
)
def test_survey_counts(chunk, lines, records, suspect):
    for form in (chunk.encode(), chunk):  # an ASCII chunk as bytes, any other as text
        found = survey(MATCHER, "ndjson", form)
        assert (found.lines, found.records, found.suspect) == (lines, records, suspect)


def test_a_line_with_a_json_escape_is_a_candidate_though_every_line_ends_in_a_brace():
    found = survey(MATCHER, "ndjson", b'{"a": 1}\n{"b": "\\u007a"}\n')
    assert (found.records, found.suspect, found.candidates) == (2, False, (1,))


def _records_by_splitting(chunk: str) -> int:
    lines = chunk.count("\n") + (0 if chunk.endswith("\n") else 1)
    return lines - sum(part.count("\n") for part in chunk.split('"')[1::2])


@pytest.mark.parametrize(
    "chunk",
    [
        "a,b\n1,2\n",
        'a,"b, c"\n1,"x\ny"\n2,3\n',
        'a,"say ""hi""\nthere"\n"",""\n"\n\n"\n',
        '"a""\n""b"\n"\n"\n',
        'x,"1\n2\n3"',
    ],
)
def test_csv_records_are_lines_less_those_inside_quotes(chunk):
    """Only quotes and line breaks say where a record ends, so the survey counts on those alone
    (a pair of quotes with nothing between holds no line break either), as splitting the whole
    chunk at every quote does."""
    assert _records_by_splitting(chunk) == _records_by_splitting(chunk.replace("x", "é"))
    for form in (chunk.encode(), chunk, chunk.replace("x", "é")):
        assert survey(MATCHER, "csv", form).records == _records_by_splitting(chunk)
