"""Assertion -> 1-3 checkable questions (one JSON-constrained call)."""

from __future__ import annotations

from workbench.check.replies import MalformedReply, call_with_retries, parse_json_object
from workbench.llm.cache import CachedLLM
from workbench.llm.client import ChatReply
from workbench.llm.prompts import load_prompt
from workbench.records import LLMUsage

MAX_QUESTIONS = 3
MAX_QUESTION_CHARS = 200
QUESTIONS_SCHEMA = {
    "type": "object",
    "properties": {
        "questions": {
            "type": "array",
            "items": {"type": "string", "maxLength": MAX_QUESTION_CHARS},
            "minItems": 1,
            "maxItems": MAX_QUESTIONS,
        }
    },
    "required": ["questions"],
    "additionalProperties": False,
}


def parse_questions(reply: ChatReply) -> tuple[str, ...]:
    value = parse_json_object(reply.text).get("questions")
    if not isinstance(value, list):
        raise MalformedReply("reply has no 'questions' list")
    questions: list[str] = []
    for item in value:
        if isinstance(item, str) and item.strip() and item.strip() not in questions:
            questions.append(" ".join(item.split())[:MAX_QUESTION_CHARS])
    if not questions:
        raise MalformedReply("reply has no usable question")
    return tuple(questions[:MAX_QUESTIONS])


def generate_questions(
    llm: CachedLLM, claim: str, usage: LLMUsage
) -> tuple[tuple[str, ...], LLMUsage, list[str]]:
    """(questions, usage, failure reasons); empty questions after the retries are spent."""
    messages = load_prompt("check_questions").render(claim=claim)
    questions, usage, failures = call_with_retries(
        llm, messages, parse_questions, usage, max_tokens=160, json_schema=QUESTIONS_SCHEMA
    )
    return questions or (), usage, failures
