import socket

import pytest

from workbench.llm.backends import LLMBackend
from workbench.llm.client import ChatLLM, Endpoint, LLMUnavailable
from workbench.llm.prompts import load_prompt
from workbench.settings import Settings


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_endpoint_that_is_down_names_the_setting_to_change() -> None:
    endpoint = Endpoint("server", f"http://127.0.0.1:{_closed_port()}/v1", "m", "k")
    llm = ChatLLM(endpoint, timeout_s=5, max_retries=0)
    messages = load_prompt("check_questions").render(claim="c")
    with pytest.raises(LLMUnavailable, match="WORKBENCH_LLM_BASE_URL"):
        llm.chat(messages, max_tokens=5)


def test_base_url_without_model_is_refused_with_a_hint() -> None:
    with pytest.raises(LLMUnavailable, match="WORKBENCH_LLM_MODEL"):
        LLMBackend(Settings(llm_base_url="http://127.0.0.1:1/v1"))


def test_backend_choice_server_then_openai(monkeypatch: pytest.MonkeyPatch) -> None:
    server = LLMBackend(Settings(llm_base_url="http://127.0.0.1:1/v1", llm_model="qwen"))
    assert (server.endpoint.kind, server.endpoint.model) == ("server", "qwen")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    openai = LLMBackend(Settings())
    assert (openai.endpoint.kind, openai.endpoint.model) == ("openai", "gpt-4o-mini")
    assert "sk-test" not in repr(openai.endpoint)
