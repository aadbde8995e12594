"""Shared fixtures. Every test runs with the network blocked except loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_cluster import PostgresCluster

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
    monkeypatch.delenv("WORKBENCH_DATABASE_URL", raising=False)  # SQLite unless a test asks


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """One throw-away PostgreSQL cluster per test session (tests/postgres_cluster.py)."""
    cluster = PostgresCluster()
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def each_database(
    request: pytest.FixtureRequest, _no_network: None, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> Iterator[str]:
    """Run the test twice: on SQLite, then on a fresh database of the PostgreSQL cluster.

    Yields the database URL. For PostgreSQL it is also WORKBENCH_DATABASE_URL, which every
    Settings reads, in the test and in the processes it starts."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'wb.db'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    url = cluster.create_database()
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", url)
    yield url
    cluster.drop_database(url)


@pytest.fixture(scope="session")
def embeddings():
    """The real packaged MiniLM embedder, loaded once per test session."""
    from workbench.llm.embeddings import MiniLMEmbeddings

    return MiniLMEmbeddings()


def _workbench(home: Path, embeddings, **settings) -> Workbench:  # type: ignore[no-untyped-def]
    wb = Workbench(Settings(home=home, chroma_url=None, **settings))
    wb.embeddings = embeddings  # cached_property slot: share the loaded model
    return wb


@pytest.fixture
def workbench(tmp_path: Path, embeddings) -> Workbench:
    """A Workbench on a fresh home folder: real Chroma PersistentClient, real SQLite (or the
    PostgreSQL database `each_database` set)."""
    wb = _workbench(tmp_path, embeddings)
    yield wb
    wb.close()


@pytest.fixture(scope="session")
def sample_workbench(tmp_path_factory: pytest.TempPathFactory, embeddings, sample_corpus: Path):
    """One Workbench per session with the sample corpus ingested as "fm2" (ingest is the
    slow part). Tests that use it must not change the corpus; they get a fresh reply cache
    by giving their fake model a name of their own."""
    from workbench.corpus.ingest import ingest

    wb = _workbench(tmp_path_factory.mktemp("sample-home"), embeddings, database_url=None)
    ingest(wb, "fm2", [sample_corpus])
    yield wb
    wb.close()


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    """40 FM2 Wikipedia pages shipped with the project (CC BY-SA, see samples/corpus)."""
    return Path(__file__).parents[1] / "samples" / "corpus" / "fm2-wikipedia-sample.jsonl"


@pytest.fixture
def cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with the smallest parameters: a sign-in in microseconds instead of a quarter
    second. The hashing code is the product's; only its cost changes."""
    from workbench.accounts import passwords

    cheap = passwords.PasswordHashing(time_cost=1, memory_kib=8, parallelism=1)
    monkeypatch.setattr(passwords, "HASHING", cheap)
