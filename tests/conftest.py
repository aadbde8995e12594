"""Shared fixtures. Every test runs with the network blocked except loopback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from workbench.services import Workbench
from workbench.settings import Settings

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address) -> None:  # type: ignore[no-untyped-def]
    host = address[0] if isinstance(address, tuple) else address
    if self.family == socket.AF_UNIX or host in ("127.0.0.1", "::1", "localhost"):
        return _real_connect(self, address)
    raise OSError(f"test tried to reach the network: {address!r}")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


@pytest.fixture(scope="session")
def embeddings():
    """The real packaged MiniLM embedder, loaded once per test session."""
    from workbench.llm.embeddings import MiniLMEmbeddings

    return MiniLMEmbeddings()


@pytest.fixture
def workbench(tmp_path: Path, embeddings, monkeypatch: pytest.MonkeyPatch) -> Workbench:
    """A Workbench on a fresh home folder: real SQLite, real Chroma PersistentClient."""
    for var in ("WORKBENCH_CHROMA_URL", "WORKBENCH_DATABASE_URL", "WORKBENCH_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    wb = Workbench(Settings())
    wb.embeddings = embeddings  # cached_property slot: share the loaded model
    yield wb
    wb.close()


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    """40 FM2 Wikipedia pages shipped with the project (CC BY-SA, see samples/corpus)."""
    return Path(__file__).parents[1] / "samples" / "corpus" / "fm2-wikipedia-sample.jsonl"
