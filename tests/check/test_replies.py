import pytest

from workbench.check.replies import MalformedReply, parse_json_object


def test_json_is_found_inside_fences_and_prose() -> None:
    assert parse_json_object('Sure!\n```json\n{"a": [1, 2]}\n```') == {"a": [1, 2]}


def test_raw_newlines_inside_strings_are_repaired() -> None:
    assert parse_json_object('{"reason": "line one\nline two"}') == {"reason": "line one\nline two"}


@pytest.mark.parametrize("text", ["", "no json here", '{"a": ', "[1, 2]"])
def test_malformed_replies_raise(text: str) -> None:
    with pytest.raises(MalformedReply):
        parse_json_object(text)
