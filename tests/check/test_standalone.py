"""Assertions that open with a pronoun are checked as standalone claims."""

from __future__ import annotations

from datetime import UTC, datetime

from workbench.check.assertions import extract_assertions
from workbench.check.standalone import standalone
from workbench.records import Article

BRIDGE = [
    "The Brooklyn Bridge is a hybrid cable-stayed suspension bridge in New York City.",
    "It spans the East River between Manhattan and Brooklyn.",
]


def test_it_is_what_the_article_opens_with():
    assert (
        standalone("It was designed by Gustave Eiffel.", BRIDGE, "Bridges")
        == "The Brooklyn Bridge was designed by Gustave Eiffel."
    )
    assert standalone("Its main span is 486 metres.", BRIDGE, "") == (
        "The Brooklyn Bridge's main span is 486 metres."
    )


def test_it_falls_back_on_a_title_that_names_something():
    assert standalone("It opened in 1883.", ["Crowds came."], "Brooklyn Bridge") == (
        "Brooklyn Bridge opened in 1883."
    )


def test_he_and_his_are_the_person_named_last_without_their_title():
    before = ["NATO Secretary General Mark Rutte spoke in Brussels on Monday."]
    assert standalone("He called it a fatal attack.", before, "") == (
        "Mark Rutte called it a fatal attack."
    )
    assert standalone("His plan has three levels.", before, "") == (
        "Mark Rutte's plan has three levels."
    )


def test_unclear_or_absent_pronouns_are_left_alone():
    assert standalone("She said so.", ["The talks ended without a deal."], "") is None
    assert standalone("It is raining.", [], "a story about the weather") is None
    assert standalone("The bridge opened in 1883.", BRIDGE, "") is None
    assert standalone("It's late.", BRIDGE, "") is None  # "it's" is not handled: left as is


def test_extraction_keeps_the_span_and_adds_the_standalone_claim():
    text = " ".join([*BRIDGE, "It was designed by Gustave Eiffel."])
    article = Article(
        article_id="a1",
        title="Bridges",
        source="t",
        text=text,
        sha256="x",
        added_at=datetime.now(UTC),
    )
    designed = next(a for a in extract_assertions(article) if "Eiffel" in a.text)
    assert designed.text == "It was designed by Gustave Eiffel."
    assert text[designed.start : designed.end] == designed.text
    assert designed.claim == "The Brooklyn Bridge was designed by Gustave Eiffel."
    opening = extract_assertions(article)[0]
    assert opening.standalone is None and opening.claim == opening.text


def test_check_json_shows_what_was_checked() -> None:
    from workbench.cli.check import _result_json
    from workbench.records import AssertionResult

    text = " ".join([*BRIDGE, "It was designed by Gustave Eiffel."])
    article = Article(
        article_id="a1", title="Bridges", source="t", text=text, sha256="x",
        added_at=datetime.now(UTC),
    )  # fmt: skip
    designed = extract_assertions(article)[-1]
    shown = _result_json(AssertionResult(assertion=designed))
    assert shown["text"] == "It was designed by Gustave Eiffel."
    assert shown["standalone"] == "The Brooklyn Bridge was designed by Gustave Eiffel."
