"""Lenient parsing of model replies, and the bounded retry around a call.

Small models put raw newlines inside JSON strings, wrap JSON in code fences, or add a
sentence before it; those are accepted here. Anything else is a malformed reply: the call
is retried (with a little temperature, so the retry can differ) and then given up. A call
that fails outright (HTTP error, timeout) counts as a failed attempt the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from langchain_core.messages import BaseMessage

from workbench.llm.cache import CachedLLM
from workbench.llm.client import ChatReply, LLMCallFailed
from workbench.records import LLMUsage

T = TypeVar("T")
MAX_ATTEMPTS = 3
RETRY_TEMPERATURE = 0.6


class MalformedReply(ValueError):
    pass


def parse_json_object(text: str) -> dict[str, Any]:
    match = re.search(r"\{.*\}", text, flags=re.DOTALL)
    if not match:
        raise MalformedReply(f"no JSON object in reply: {text[:120]!r}")
    raw = match.group(0)
    try:  # strict=False lets raw newlines and tabs stand inside strings, as small models write
        value: dict[str, Any] = json.loads(raw, strict=False)  # "{...}" parses to a dict only
    except json.JSONDecodeError as exc:
        raise MalformedReply(f"invalid JSON in reply ({exc.msg}): {raw[:120]!r}") from exc
    return value


def call_with_retries(
    llm: CachedLLM,
    messages: list[BaseMessage],
    parse: Callable[[ChatReply], T],
    usage: LLMUsage,
    **params: Any,
) -> tuple[T | None, LLMUsage, list[str]]:
    """(parsed value or None after MAX_ATTEMPTS, updated usage, reasons of failed attempts)."""
    failures: list[str] = []
    for attempt in range(MAX_ATTEMPTS):
        extra = {"temperature": RETRY_TEMPERATURE, "seed": attempt} if attempt else {}
        try:
            reply, cached = llm.chat(messages, **params, **extra)
        except LLMCallFailed as exc:
            failures.append(f"call failed: {exc}")
            continue
        usage = add_usage(
            usage, reply.prompt_tokens, reply.completion_tokens, reply.seconds, cached
        )
        try:
            return parse(reply), usage, failures
        except MalformedReply as exc:
            failures.append(str(exc))
    return None, usage, failures


def add_usage(
    usage: LLMUsage, prompt: int, completion: int, seconds: float, cached: bool
) -> LLMUsage:
    if cached:
        return usage + LLMUsage(cached_calls=1)
    return usage + LLMUsage(
        calls=1, prompt_tokens=prompt, completion_tokens=completion, seconds=seconds
    )
