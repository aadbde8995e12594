import json
from pathlib import Path

from fakes import fake_llm, text_reply

from workbench.check.questions import MAX_QUESTIONS, generate_questions
from workbench.records import LLMUsage
from workbench.store.db import Database


def _db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path / 'wb.db'}")


def test_questions_are_parsed_deduplicated_and_capped(tmp_path: Path) -> None:
    asked = ["When did it open?", "When did it open?", " Who built it? ", "a", "b", "c"]
    reply = json.dumps({"questions": asked})
    llm, fake = fake_llm([text_reply(reply)], _db(tmp_path))
    questions, usage, failures = generate_questions(llm, "The bridge opened in 1890.", LLMUsage())
    assert questions == ("When did it open?", "Who built it?", "a")
    assert len(questions) <= MAX_QUESTIONS
    assert failures == [] and usage.calls == 1 and usage.prompt_tokens == 200
    sent, params = fake.calls[0]
    assert "The bridge opened in 1890." in sent[-1].content
    assert params["response_format"]["type"] == "json_object"  # llama.cpp-compatible form


def test_malformed_replies_are_retried_then_given_up(tmp_path: Path) -> None:
    llm, fake = fake_llm(
        [text_reply("nope"), text_reply('{"q": 1}'), text_reply("{}")], _db(tmp_path)
    )
    questions, usage, failures = generate_questions(llm, "Claim.", LLMUsage())
    assert questions == () and usage.calls == 3 and len(failures) == 3
    assert [c[1].get("temperature") for c in fake.calls] == [0.0, 0.6, 0.6]  # retries may differ


def test_a_retry_that_succeeds_is_used(tmp_path: Path) -> None:
    llm, _ = fake_llm([text_reply("garbage"), text_reply('{"questions": ["Q?"]}')], _db(tmp_path))
    questions, usage, failures = generate_questions(llm, "Claim.", LLMUsage())
    assert questions == ("Q?",) and usage.calls == 2 and len(failures) == 1


def test_the_same_call_is_answered_from_the_cache(tmp_path: Path) -> None:
    db = _db(tmp_path)
    llm, fake = fake_llm([text_reply('{"questions": ["Q?"]}')], db)
    generate_questions(llm, "Claim.", LLMUsage())
    questions, usage, _ = generate_questions(llm, "Claim.", LLMUsage())
    assert questions == ("Q?",)
    assert (usage.calls, usage.cached_calls) == (0, 1)
    assert len(fake.calls) == 1
