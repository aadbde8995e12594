"""Fact-check files as JSON objects with their line numbers."""

from __future__ import annotations

import pytest

from workbench.factchecks.reading import BadFile, LineProblem, read_items


def lines_and_claims(data: bytes) -> tuple[list[tuple[int, str]], list[LineProblem]]:
    items, problems = read_items(data)
    return [(item.line, item.value["c"]) for item in items], problems


def test_one_object_pretty_printed() -> None:
    assert lines_and_claims(b'\n\n{\n  "c": "a"\n}\n') == ([(3, "a")], [])


def test_a_list_gives_each_item_its_own_line() -> None:
    data = b'\xef\xbb\xbf[\n  {"c": "a"},\n\n  {\n    "c": "b"\n  }, 7, {"c": "d"}\n]'
    items, problems = lines_and_claims(data)
    assert items == [(2, "a"), (4, "b"), (6, "d")]
    assert problems == [LineProblem(6, "a JSON number, not an object")]


def test_an_empty_list_has_no_fact_check() -> None:
    with pytest.raises(BadFile, match="no JSON object"):
        read_items(b"[]")


def test_a_list_that_breaks_off_keeps_the_items_before() -> None:
    items, problems = lines_and_claims(b'[\n{"c": "a"},\n{"c": "b"},\n{"c": \n')
    assert items == [(2, "a"), (3, "b")]
    assert [p.line for p in problems] == [5] and problems[0].reason.startswith("not valid JSON")


def test_json_lines_report_bad_lines_and_keep_the_rest() -> None:
    data = b'{"c": "a"}\n\n{"c": broken}\n"just text"\n{"c": "e"}\r\n'
    items, problems = lines_and_claims(data)
    assert items == [(1, "a"), (5, "e")]
    assert problems == [
        LineProblem(3, "not valid JSON: Expecting value"),
        LineProblem(4, "a JSON string, not an object"),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\n", "empty file"),
        (b"claim,rating\nThe moon is cheese,False\n", r"no JSON object in it.*line 1"),
        (b'{"c": "a"', "no JSON object"),
        (b'["a", "b"]', "no JSON object"),
        (b"\xff\xfe{\x00", "not UTF-8 text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not UTF-8 text"),
    ],
)
def test_a_file_with_no_object_is_bad_as_a_whole(data: bytes, reason: str) -> None:
    with pytest.raises(BadFile, match=reason):
        read_items(data)
