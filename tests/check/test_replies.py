import pytest

from workbench.check.replies import MalformedReply, parse_json_object


def test_json_is_found_inside_fences_and_prose() -> None:
    assert parse_json_object('Sure!\n```json\n{"a": [1, 2]}\n```') == {"a": [1, 2]}


def test_raw_newlines_inside_strings_are_repaired() -> None:
    assert parse_json_object('{"reason": "line one\nline two"}') == {"reason": "line one\nline two"}


def test_raw_tabs_and_newlines_inside_strings_are_kept() -> None:
    reply = '{"reason": "Year\t1883\nspan\t486 m", "sentences": [1]}'
    assert "\t" in reply and "\\t" not in reply  # the tab and newline are raw characters
    assert parse_json_object(reply) == {"reason": "Year\t1883\nspan\t486 m", "sentences": [1]}


def test_invalid_json_says_why() -> None:
    with pytest.raises(MalformedReply, match="invalid JSON in reply"):
        parse_json_object('{"reason": "unterminated}')


@pytest.mark.parametrize("text", ["", "no json here", '{"a": ', "[1, 2]"])
def test_malformed_replies_raise(text: str) -> None:
    with pytest.raises(MalformedReply):
        parse_json_object(text)
