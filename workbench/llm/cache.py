"""Replies cached by what determines them: model, messages and parameters.

The same assertion with the same evidence, model and prompt version makes no second call:
the prompt version is part of the rendered messages' source, and the evidence is in them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from langchain_core.messages import BaseMessage

from workbench.llm.client import ChatLLM, ChatReply, LLMCallFailed, LLMUnavailable
from workbench.store import checks
from workbench.store.db import Database


def cache_key(model: str, messages: list[BaseMessage], params: dict[str, Any]) -> str:
    payload = {
        "model": model,
        "messages": [(m.type, m.content) for m in messages],
        "params": params,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


# Failed calls in a row after which the endpoint is taken for broken and the check stops
# (work done so far is stored; a rerun resumes) instead of failing every assertion slowly.
# More than one claim's worth (3 steps x 3 attempts), so one bad claim is only marked for review.
MAX_FAILURES_IN_A_ROW = 10


class CachedLLM:
    def __init__(self, llm: ChatLLM, db: Database) -> None:
        self.llm = llm
        self.db = db
        self.failures_in_a_row = 0

    @property
    def model_name(self) -> str:
        return self.llm.endpoint.describe

    def chat(self, messages: list[BaseMessage], **params: Any) -> tuple[ChatReply, bool]:
        """The reply, and whether it came from the cache."""
        key = cache_key(self.model_name, messages, params)
        with self.db.transaction() as session:
            hit = checks.cached_reply(session, key)
        if hit is not None:
            return ChatReply(**hit), True
        try:
            reply = self.llm.chat(messages, **params)
        except LLMCallFailed as exc:
            self.failures_in_a_row += 1
            if self.failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
                raise LLMUnavailable(
                    f"the LLM at {self.model_name} failed {self.failures_in_a_row} calls in a "
                    f"row (last: {exc}); work done so far is saved, rerun to resume"
                ) from exc
            raise
        self.failures_in_a_row = 0
        with self.db.transaction() as session:
            checks.cache_reply(session, key, asdict(reply), datetime.now(UTC))
        return reply, False
