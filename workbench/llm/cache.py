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

from workbench.llm.client import ChatLLM, ChatReply
from workbench.store import checks
from workbench.store.db import Database


def cache_key(model: str, messages: list[BaseMessage], params: dict[str, Any]) -> str:
    payload = {
        "model": model,
        "messages": [(m.type, m.content) for m in messages],
        "params": params,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class CachedLLM:
    def __init__(self, llm: ChatLLM, db: Database) -> None:
        self.llm = llm
        self.db = db

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
        reply = self.llm.chat(messages, **params)
        with self.db.transaction() as session:
            checks.cache_reply(session, key, asdict(reply), datetime.now(UTC))
        return reply, False
