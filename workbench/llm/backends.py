"""Which chat endpoint to use, from Settings: a configured server, OpenAI, or embedded.

- WORKBENCH_LLM_BASE_URL set: any OpenAI-compatible server (Ollama, vLLM, LM Studio,
  llama.cpp), with WORKBENCH_LLM_MODEL and an optional WORKBENCH_LLM_API_KEY.
- else OPENAI_API_KEY set: OpenAI (WORKBENCH_LLM_MODEL, default gpt-4o-mini).
- else the embedded default: a llama.cpp server the workbench starts on 127.0.0.1 with the
  model shipped in PyPI packages (or WORKBENCH_LOCAL_MODEL_PATH), stopped on exit.
"""

from __future__ import annotations

import os

from workbench.llm.client import ChatLLM, Endpoint, LLMUnavailable
from workbench.settings import Settings

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


class LLMBackend:
    """Owns the chat client and, for the embedded default, the server process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._server = None
        self.endpoint = self._resolve()
        self.llm = ChatLLM(
            self.endpoint, timeout_s=settings.llm_timeout_s, max_retries=settings.llm_max_retries
        )

    def _resolve(self) -> Endpoint:
        s = self.settings
        if s.llm_base_url:
            if not s.llm_model:
                raise LLMUnavailable(
                    "WORKBENCH_LLM_BASE_URL is set but WORKBENCH_LLM_MODEL is not: "
                    "set it to the model name the server serves"
                )
            return Endpoint("server", s.llm_base_url, s.llm_model, s.llm_api_key or "unused")
        if s.openai_api_key:
            return Endpoint("openai", None, s.llm_model or DEFAULT_OPENAI_MODEL, s.openai_api_key)
        return self._start_embedded()

    def _start_embedded(self) -> Endpoint:
        from workbench.llm.local_server import LocalLlamaServer
        from workbench.llm.model_files import embedded_model_path

        model_path = self.settings.local_model_path or embedded_model_path(self.settings.cache_dir)
        if not model_path.exists():
            raise LLMUnavailable(f"WORKBENCH_LOCAL_MODEL_PATH={model_path} does not exist")
        self._server = LocalLlamaServer(
            model_path,
            threads=self.settings.local_threads or os.cpu_count() or 2,
            n_ctx=self.settings.local_context,
            log_dir=self.settings.cache_dir,
        )
        self._server.start()
        return Endpoint(
            "embedded",
            self._server.base_url,
            self._server.model,
            "local",
            f"embedded:{model_path.name}",
        )

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
