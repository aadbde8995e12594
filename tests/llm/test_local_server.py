"""The embedded llama.cpp server, end to end through the real `openai` client.

The joined 1.1 GB GGUF is cached in .pytest_cache so only the first run pays for the join.
Timings are printed (run with -s to see them); nothing here fails on a time.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from workbench.llm.local_server import LocalLlamaServer, LocalServerError
from workbench.llm.model_files import embedded_model_path

# Only against a hang: far above any wait seen on a busy 2-core machine (also the servers'
# startup timeout, whose default of 180 s a loaded machine can reach). Nothing here asserts
# that something happened within a time.
SAFETY_NET_S = 600.0


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def model_path(request: pytest.FixtureRequest) -> Path:
    return embedded_model_path(request.config.cache.mkdir("embedded-model"))


@pytest.fixture(scope="module")
def server(
    model_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalLlamaServer]:
    folder = tmp_path_factory.mktemp("server")
    with LocalLlamaServer(model_path, log_dir=folder, startup_timeout_s=SAFETY_NET_S) as running:
        print(f"\n[timing] embedded server ready in {running.startup_seconds:.1f} s")
        yield running


@pytest.fixture
def client(server: LocalLlamaServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.base_url, api_key="local", max_retries=0)


def _timed_chat(client: openai.OpenAI, label: str, **request: object) -> object:
    started = time.monotonic()
    reply = client.chat.completions.create(model="local", temperature=0, **request)
    print(f"\n[timing] {label}: {time.monotonic() - started:.2f} s")
    return reply


@pytest.mark.llm
def test_server_serves_the_model_under_its_alias(server: LocalLlamaServer) -> None:
    assert server.model == "local"
    assert server.base_url == f"http://127.0.0.1:{server.port}/v1"
    models = httpx.get(f"{server.base_url}/models", timeout=10).json()
    assert [m["id"] for m in models["data"]] == ["local"]


@pytest.mark.llm
def test_chat_completion_answers_a_plain_question(client: openai.OpenAI) -> None:
    question = "Answer with one word: what is the capital of France?"
    reply = _timed_chat(
        client, "one-word answer", messages=[{"role": "user", "content": question}], max_tokens=8
    )
    assert "Paris" in reply.choices[0].message.content


@pytest.mark.llm
def test_first_token_comes_with_top_logprobs(client: openai.OpenAI) -> None:
    prompt = "Is water wet? Reply with the letter A for yes or B for no."
    reply = _timed_chat(
        client,
        "one token with top_logprobs=5",
        messages=[{"role": "user", "content": prompt}],
        max_tokens=1,
        logprobs=True,
        top_logprobs=5,
    )
    tokens = reply.choices[0].logprobs.content
    assert len(tokens) == 1
    top = tokens[0].top_logprobs
    assert len(top) == 5
    assert all(alt.logprob <= 0 for alt in top)
    assert tokens[0].token in {alt.token for alt in top}


@pytest.mark.llm
def test_json_object_with_schema_is_valid_json_with_the_key(client: openai.OpenAI) -> None:
    schema = {
        "type": "object",
        "properties": {"capital": {"type": "string"}},
        "required": ["capital"],
    }
    reply = _timed_chat(
        client,
        "json_object with schema",
        messages=[{"role": "user", "content": "What is the capital of France? Reply in JSON."}],
        max_tokens=40,
        response_format={"type": "json_object", "schema": schema},
    )
    answer = json.loads(reply.choices[0].message.content)
    assert set(answer) == {"capital"}
    assert "Paris" in answer["capital"]


@pytest.mark.llm
def test_leaving_the_context_stops_the_whole_process_group(
    model_path: Path, tmp_path: Path
) -> None:
    with LocalLlamaServer(model_path, log_dir=tmp_path, startup_timeout_s=SAFETY_NET_S) as running:
        pid = running._process.pid
        url = f"{running.base_url}/models"
        assert httpx.get(url, timeout=10).status_code == 200
    assert not running.running
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2)


@pytest.mark.llm
def test_a_caller_that_exits_without_stop_does_not_leave_a_server(
    model_path: Path, tmp_path: Path
) -> None:
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from workbench.llm.local_server import LocalLlamaServer
        server = LocalLlamaServer(
            Path({str(model_path)!r}),
            log_dir=Path({str(tmp_path)!r}),
            startup_timeout_s={SAFETY_NET_S},
        )
        server.start()
        print(server._process.pid, flush=True)
        raise SystemExit("crashed without calling stop()")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=SAFETY_NET_S
    )
    assert "crashed without calling stop()" in done.stderr
    server_pid = int(done.stdout.strip())
    try:
        with pytest.raises(ProcessLookupError):
            os.killpg(server_pid, 0)
    finally:  # if the test fails, do not leave the orphan running
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server_pid, signal.SIGKILL)


@pytest.mark.llm
def test_a_caller_killed_with_sigkill_does_not_leave_a_server(
    model_path: Path, tmp_path: Path
) -> None:
    """atexit cannot run on SIGKILL: the server's own guard sees its parent gone and exits."""
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from workbench.llm.local_server import LocalLlamaServer
        server = LocalLlamaServer(
            Path({str(model_path)!r}),
            log_dir=Path({str(tmp_path)!r}),
            startup_timeout_s={SAFETY_NET_S},
        )
        server.start()
        print(server._process.pid, flush=True)
        time.sleep(600)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    server_pid = int(parent.stdout.readline().strip())
    parent.kill()
    parent.wait(timeout=SAFETY_NET_S)
    try:
        # Waited for by observation: the group is polled until it is gone. The guard checks
        # its parent every second; the safety net only catches a server that never exits.
        started = time.monotonic()
        while _group_alive(server_pid):
            if time.monotonic() - started > SAFETY_NET_S:
                pytest.fail(f"the orphaned server still runs after {SAFETY_NET_S:.0f} s")
            time.sleep(0.5)
        print(f"\n[timing] orphaned server gone {time.monotonic() - started:.1f} s after the kill")
        with pytest.raises(ProcessLookupError):
            os.killpg(server_pid, 0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server_pid, signal.SIGKILL)


@pytest.mark.llm
def test_startup_timeout_is_reported_and_the_process_stopped(
    model_path: Path, tmp_path: Path
) -> None:
    slow = LocalLlamaServer(model_path, log_dir=tmp_path, startup_timeout_s=0.2)
    with pytest.raises(LocalServerError, match=r"did not answer .*/v1/models within 0.2 s"):
        slow.start()
    assert not slow.running


def test_a_missing_model_file_fails_at_once_with_the_setting_to_fix(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.gguf"
    with pytest.raises(
        LocalServerError, match=r"nowhere\.gguf does not exist.*WORKBENCH_LOCAL_MODEL"
    ):
        LocalLlamaServer(missing, log_dir=tmp_path).start()


def test_a_broken_model_file_fails_fast_with_the_server_log(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"not a gguf file at all" * 100)
    # A startup timeout far above the early exit, so a busy machine cannot turn the early
    # exit this test is about into a timeout.
    server = LocalLlamaServer(broken, log_dir=tmp_path, startup_timeout_s=SAFETY_NET_S)
    started = time.monotonic()
    with pytest.raises(LocalServerError) as error:
        server.start()
    print(f"\n[timing] broken model reported after {time.monotonic() - started:.1f} s")
    # "exited with code", not "did not answer": it failed on the early exit, not the timeout.
    assert "exited with code 1 before it was ready" in str(error.value)
    assert "Failed to load model from file" in str(error.value)
    assert not server.running
