"""An OpenAI-compatible chat server on 127.0.0.1 that misbehaves on purpose.

Each request takes the next fault from a script (then `default`), so a test says exactly
what the model does: a good reply, invalid JSON, wrong sentence numbers, a quote that is
not in the sources, an empty reply, HTTP 429/500, a slow reply, a reply slower than the
client's timeout, a dropped connection, or a body that is not a completion at all; or it
holds a request (`hold`) until the test releases it, then answers it well (a check caught
mid-run: `reached` says the request arrived).

Good replies are built from the request the way the chain asks: a one-token request with
logprobs gets a letter with top log-probabilities, a request whose schema has
"questions" gets questions, any other JSON request gets an explanation citing [S1].
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = (
    "ok",
    "invalid_json",
    "wrong_ids",
    "fabricated_quote",
    "empty",
    "http_429",
    "http_500",
    "slow",
    "timeout",
    "close",
    "not_a_completion",
    "hold",
)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # clients that time out or are killed drop their connections: expected here


class FaultServer:
    def __init__(
        self,
        faults: Iterable[str] = (),
        default: str = "ok",
        letter: str = "A",
        slow_s: float = 0.3,
    ) -> None:
        self.script: deque[str] = deque(faults)
        self.default = default
        self.letter = letter
        self.slow_s = slow_s
        self.hang_s = 30.0  # "timeout": longer than any test's client timeout
        self.requests: list[dict[str, Any]] = []
        self.reached = threading.Event()  # a held request arrived
        self.release = threading.Event()  # lets it be answered
        self.served: list[str] = []
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def next_fault(self, request: dict[str, Any]) -> str:
        with self._lock:
            self.requests.append(request)
            fault = self.script.popleft() if self.script else self.default
            self.served.append(fault)
            return fault

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                fault = server.next_fault(request)
                if fault == "close":
                    self.close_connection = True
                    self.connection.close()
                    return
                if fault in ("http_429", "http_500"):
                    self._send(int(fault[-3:]), {"error": {"message": fault, "type": fault}})
                    return
                if fault == "slow":
                    time.sleep(server.slow_s)
                if fault == "timeout":
                    time.sleep(server.hang_s)
                    return
                if fault == "hold":
                    server.reached.set()
                    server.release.wait(timeout=120)  # a bound: a failing test cannot hang
                if fault == "not_a_completion":
                    self._send(200, b"<html>502 Bad Gateway</html>")
                    return
                self._send(200, completion(request, fault, server.letter))

            def _send(self, status: int, body: dict[str, Any] | bytes) -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    if status == 429:
                        self.send_header("Retry-After", "0")
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout); nothing to answer

        return Handler


def _asks_for(request: dict[str, Any]) -> str:
    if request.get("logprobs"):
        return "letter"
    schema = (request.get("response_format") or {}).get("schema") or {}
    return "questions" if "questions" in schema.get("properties", {}) else "explain"


def completion(request: dict[str, Any], fault: str, letter: str) -> dict[str, Any]:
    kind = _asks_for(request)
    logprobs = None
    if fault == "invalid_json":
        text = '{"questions": ["unterminated' if kind != "letter" else "Perhaps"
    elif fault == "empty":
        text = ""
    elif kind == "letter":
        text = letter
        others = [x for x in "ABC" if x != letter]
        top = [{"token": letter, "logprob": -0.05, "bytes": None}] + [
            {"token": x, "logprob": -4.0, "bytes": None} for x in others
        ]
        logprobs = {"content": [{"token": letter, "logprob": -0.05, "top_logprobs": top}]}
    elif kind == "questions":
        text = json.dumps({"questions": ["What does the source say about the claim?"]})
    elif fault == "wrong_ids":
        text = json.dumps({"sentences": [0, 99, -3], "reason": "See the sources."})
    elif fault == "fabricated_quote":
        text = json.dumps(
            {"sentences": [1], "reason": 'The source says "the moon is made of green cheese".'}
        )
    else:
        text = json.dumps({"sentences": [1], "reason": "Sentence 1 states it."})
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fault"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "logprobs": logprobs,
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 50, "completion_tokens": 5, "total_tokens": 55},
    }
