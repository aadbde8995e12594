"""The chat model: one code path through the `openai` client (via LangChain's ChatOpenAI)
for OpenAI, any OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp) and the
embedded llama.cpp server the workbench starts itself.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_openai import ChatOpenAI

BackendKind = Literal["openai", "server", "embedded"]


class LLMUnavailable(RuntimeError):
    """The endpoint cannot be used; the message says which setting to change."""


class LLMCallFailed(RuntimeError):
    """One call failed after the client's own retries (HTTP error, timeout, dropped
    connection, unreadable body); the caller counts it as a failed attempt."""


@dataclass(frozen=True)
class Endpoint:
    kind: BackendKind
    base_url: str | None
    model: str
    api_key: str = field(repr=False)
    label: str | None = None  # a stable name when the URL is not (the embedded server's port)

    @property
    def describe(self) -> str:
        """Names the model in run records and cache keys."""
        if self.label:
            return self.label
        where = self.base_url or "api.openai.com"
        return f"{self.kind}:{self.model}@{where}"


@dataclass(frozen=True)
class ChatReply:
    text: str
    # log-probabilities of the first generated token's alternatives, when the server gives them
    first_token_logprobs: dict[str, float] | None
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    raw: dict[str, Any] = field(default_factory=dict)


def _hint(endpoint: Endpoint) -> str:
    if endpoint.kind == "openai":
        return "check OPENAI_API_KEY, or set WORKBENCH_LLM_BASE_URL to use another server"
    if endpoint.kind == "server":
        return (
            "check WORKBENCH_LLM_BASE_URL / WORKBENCH_LLM_MODEL, "
            "or unset them to use the embedded model"
        )
    return "the embedded llama.cpp server stopped; see its log in .workbench-cache/"


class ChatLLM:
    def __init__(
        self,
        endpoint: Endpoint,
        timeout_s: float = 120.0,
        max_retries: int = 2,
        chat_model: BaseChatModel | None = None,  # tests pass LangChain's fake chat models
    ) -> None:
        self.endpoint = endpoint
        self.timeout_s = timeout_s
        self._model = chat_model or ChatOpenAI(
            model=endpoint.model,
            base_url=endpoint.base_url,
            api_key=endpoint.api_key,
            temperature=0.0,
            timeout=timeout_s,
            max_retries=max_retries,  # the openai client's own backoff on 429/5xx/timeouts
        )

    def chat(
        self,
        messages: list[BaseMessage],
        *,
        max_tokens: int,
        json_schema: dict[str, Any] | None = None,
        top_logprobs: int | None = None,
        seed: int = 0,
        temperature: float = 0.0,
    ) -> ChatReply:
        kwargs: dict[str, Any] = {
            "max_tokens": max_tokens,
            "seed": seed,
            "temperature": temperature,
        }
        if self.endpoint.kind != "openai":
            # LangChain sends max_completion_tokens, which llama.cpp and some servers ignore.
            kwargs["extra_body"] = {"max_tokens": max_tokens}
        if json_schema is not None:
            kwargs["response_format"] = self._response_format(json_schema)
        if top_logprobs:
            kwargs["logprobs"] = True
            kwargs["top_logprobs"] = top_logprobs
        started = time.perf_counter()
        try:
            message = self._model.bind(**kwargs).invoke(messages)
        except openai.AuthenticationError as exc:
            raise LLMUnavailable(
                f"the LLM refused the API key ({exc}); {_hint(self.endpoint)}"
            ) from exc
        except openai.NotFoundError as exc:
            raise LLMUnavailable(
                f"model {self.endpoint.model!r} not found at {self.endpoint.describe}; "
                f"{_hint(self.endpoint)}"
            ) from exc
        except openai.APITimeoutError as exc:
            raise LLMCallFailed(f"timed out after {self.timeout_s:.0f} s") from exc
        except openai.APIConnectionError as exc:
            if _refused(exc):  # nothing listens there
                raise LLMUnavailable(
                    f"cannot reach the LLM at {self.endpoint.describe} ({exc}); "
                    f"{_hint(self.endpoint)}"
                ) from exc
            raise LLMCallFailed(f"connection dropped: {_root_cause(exc)}") from exc
        except openai.APIStatusError as exc:
            raise LLMCallFailed(f"HTTP {exc.status_code}: {str(exc)[:200]}") from exc
        except (openai.APIError, ValueError) as exc:  # a 200 whose body is not a completion
            raise LLMCallFailed(
                f"unreadable reply: {type(exc).__name__}: {str(exc)[:200]}"
            ) from exc
        seconds = time.perf_counter() - started
        usage = message.usage_metadata or {}
        return ChatReply(
            text=str(message.content),
            first_token_logprobs=_first_token_logprobs(message.response_metadata),
            prompt_tokens=int(usage.get("input_tokens", 0)),
            completion_tokens=int(usage.get("output_tokens", 0)),
            seconds=seconds,
        )

    def _response_format(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.endpoint.kind == "openai":
            return {
                "type": "json_schema",
                "json_schema": {"name": "reply", "schema": schema, "strict": True},
            }
        # llama.cpp's server rejects json_schema (HTTP 500) but constrains json_object by schema;
        # other servers take json_object and ignore the schema, so the parser stays lenient.
        return {"type": "json_object", "schema": schema}


def _refused(exc: BaseException) -> bool:
    """Whether the connection was never made (as opposed to dropped mid-reply). The
    transport's exception classes vary by httpx flavour, so the chain is read by name."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ConnectionRefusedError) or type(seen).__name__ == "ConnectError":
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _root_cause(exc: BaseException) -> str:
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return f"{type(exc).__name__}: {exc}"


def _first_token_logprobs(metadata: dict[str, Any]) -> dict[str, float] | None:
    content = (metadata.get("logprobs") or {}).get("content") or []
    if not content:
        return None
    alternatives = content[0].get("top_logprobs") or []
    result: dict[str, float] = {}
    for alt in alternatives:
        token = str(alt.get("token", ""))
        logprob = float(alt.get("logprob", -math.inf))
        result[token] = max(logprob, result.get(token, -math.inf))
    return result or None
