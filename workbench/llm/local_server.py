"""The embedded backend: a llama.cpp OpenAI-compatible server run as a child process.

The server is `llama_cpp.server` from llama-cpp-python (started through `llama_server_main`),
on 127.0.0.1 and a free port.
Clients talk to it like any other OpenAI-compatible endpoint, so there is one code path for all
backends. The child gets its own process group so stopping it also stops anything it spawned, and
an atexit hook stops it if the caller forgets (or crashes out of) `stop()`.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import IO

import httpx

MODEL_ALIAS = "local"
# The GGUF carries its own Jinja chat template; llama-cpp-python registers it under this name.
# Naming it explicitly stops the server from guessing a built-in format instead.
GGUF_CHAT_FORMAT = "chat_template.default"
SERVER_MODULE = "workbench.llm.llama_server_main"  # llama_cpp.server, last-row logits only
_STOP_GRACE_S = 10.0
_POLL_INTERVAL_S = 0.25
_LOG_TAIL_LINES = 25


# Runs the server module, and exits when the process that started it is gone: atexit does
# not run on SIGTERM or SIGKILL, and a 1 GB model server must never outlive the workbench.
_ORPHAN_GUARD = """
import os, runpy, sys, threading, time
parent = int(sys.argv[1])
def guard():
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)
threading.Thread(target=guard, daemon=True).start()
sys.argv = sys.argv[2:]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


class LocalServerError(RuntimeError):
    """The embedded server could not start; the message says why and how to fix it."""


def free_port(host: str = "127.0.0.1") -> int:
    """A port the OS reports free right now (bind to 0). Another process could take it before
    the server binds it; the readiness check then fails fast on the server's early exit."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class LocalLlamaServer:
    """Start with `with LocalLlamaServer(path) as server:` or `start()` / `stop()`."""

    def __init__(
        self,
        model_path: Path,
        threads: int | None = None,
        n_ctx: int = 4096,
        host: str = "127.0.0.1",
        port: int | None = None,
        startup_timeout_s: float = 180.0,
        log_dir: Path | None = None,
    ) -> None:
        self.model_path = Path(model_path)
        self.threads = threads or os.cpu_count() or 1
        self.n_ctx = n_ctx
        self.host = host
        self.port = port
        self.startup_timeout_s = startup_timeout_s
        self.log_dir = log_dir
        self.model = MODEL_ALIAS
        self.log_path: Path | None = None
        self.startup_seconds: float | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log_handle: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise LocalServerError("The local server has no port yet: call start() first.")
        return f"http://{self.host}:{self.port}/v1"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def command(self) -> list[str]:
        return [
            sys.executable, "-c", _ORPHAN_GUARD, str(os.getpid()), SERVER_MODULE,
            "--model", str(self.model_path),
            "--model_alias", self.model,
            "--host", self.host,
            "--port", str(self.port),
            "--n_ctx", str(self.n_ctx),
            "--n_threads", str(self.threads),
            "--n_threads_batch", str(self.threads),
            "--n_batch", "512",
            "--chat_format", GGUF_CHAT_FORMAT,
            # the flag logprobs need; llama_server_main computes only the last row's logits
            "--logits_all", "True",
            "--verbose", "False",
        ]  # fmt: skip

    def start(self) -> LocalLlamaServer:
        """Launch the server and block until it answers `GET /v1/models`."""
        if self.running:
            return self
        self._check_prerequisites()
        if self.port is None:
            self.port = free_port(self.host)
        self.log_path = self._new_log_path()
        self._log_handle = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        started = time.monotonic()
        self._process = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=self._log_handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group, so stop() can signal all of it
        )
        atexit.register(self.stop)
        try:
            self._wait_until_ready(started)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started
        return self

    def stop(self) -> None:
        """SIGTERM the process group, SIGKILL it if still alive after 10 s. Safe to call twice."""
        process, self._process = self._process, None
        atexit.unregister(self.stop)
        if process is not None:
            _signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=_STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait()
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None

    def __enter__(self) -> LocalLlamaServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def log_tail(self, lines: int = _LOG_TAIL_LINES) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def _check_prerequisites(self) -> None:
        if not self.model_path.is_file():
            raise LocalServerError(
                f"Model file {self.model_path} does not exist. Set WORKBENCH_LOCAL_MODEL_PATH to "
                "a GGUF file, or unset it to use the packaged model."
            )
        if importlib.util.find_spec("llama_cpp") is None:
            raise LocalServerError(
                "llama-cpp-python is not installed, so the embedded model cannot run. Install it "
                "with: pip install 'llama-cpp-python[server]==0.3.36', or configure another "
                "backend (WORKBENCH_LLM_BASE_URL or OPENAI_API_KEY)."
            )

    def _new_log_path(self) -> Path:
        folder = self.log_dir / "logs" if self.log_dir else Path(tempfile.gettempdir())
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"llama-server-{self.port}.log"

    def _wait_until_ready(self, started: float) -> None:
        models_url = f"{self.base_url}/models"
        deadline = started + self.startup_timeout_s
        with httpx.Client(timeout=2.0) as http:
            while True:
                assert self._process is not None
                code = self._process.poll()
                if code is not None:
                    raise LocalServerError(
                        f"The local llama.cpp server exited with code {code} before it was "
                        f"ready (model {self.model_path}). Last lines of {self.log_path}:\n"
                        f"{self.log_tail()}"
                    )
                with contextlib.suppress(httpx.TransportError):
                    if http.get(models_url).status_code == 200:
                        return
                if time.monotonic() > deadline:
                    raise LocalServerError(
                        f"The local llama.cpp server did not answer {models_url} within "
                        f"{self.startup_timeout_s:g} s. Raise startup_timeout_s on a slow "
                        f"machine, or read {self.log_path}:\n{self.log_tail()}"
                    )
                time.sleep(_POLL_INTERVAL_S)


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
