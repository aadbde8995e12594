"""One contract, two backends: a PersistentClient folder and a real `chroma run` server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from workbench.index.chroma_store import ChromaIndex, IndexError_
from workbench.records import Passage, passage_id


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory):
    chroma = Path(sys.executable).parent / "chroma"
    assert chroma.exists() or shutil.which("chroma"), "the chromadb package ships `chroma`"
    port = _free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(folder / "data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # a guard against a hung start, not a speed limit
    while True:
        try:
            ChromaIndex.remote(url)
            break
        except IndexError_:
            assert proc.poll() is None, (folder / "server.log").read_text()
            assert time.monotonic() < deadline, "chroma server did not start in 10 minutes"
            time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(params=["persistent", "server"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> ChromaIndex:
    if request.param == "persistent":
        return ChromaIndex.persistent(tmp_path / "vs")
    return ChromaIndex.remote(request.getfixturevalue("chroma_server"))


def _passages(doc_id: str, n: int) -> list[Passage]:
    return [
        Passage(
            passage_id=passage_id(doc_id, i * 10, i * 10 + 4),
            doc_id=doc_id,
            start=i * 10,
            end=i * 10 + 4,
            text="abcd",
        )
        for i in range(n)
    ]


def _unit(rows: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(rows, 8)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.chroma_server
def test_add_query_delete_drop_contract(index: ChromaIndex, request: pytest.FixtureRequest) -> None:
    corpus = f"t{request.node.callspec.id}{int(time.time() * 1e6) % 10**9}"
    a, b = _passages("doc-a", 3), _passages("doc-b", 2)
    vectors = _unit(5, seed=1)
    index.add(corpus, "emb-1", a + b, vectors)
    assert index.has(corpus) and index.count(corpus) == 5
    assert index.doc_ids(corpus) == {"doc-a", "doc-b"}

    hits = index.query(corpus, vectors[3].tolist(), k=2)
    assert hits[0][0] == b[0].passage_id and hits[0][1] == "doc-b"
    assert hits[0][2] == pytest.approx(1.0, abs=1e-4)  # cosine similarity of a vector to itself
    assert hits[0][2] >= hits[1][2]
    # The bare query (no metadata, as hybrid search asks) ranks and scores the same.
    assert index.nearest(corpus, vectors[3].tolist(), k=2) == [(p, s) for p, _, s in hits]

    index.add(corpus, "emb-1", a, vectors[:3])  # upsert: same ids, no duplicates
    assert index.count(corpus) == 5
    index.delete_docs(corpus, ["doc-a"])
    assert index.doc_ids(corpus) == {"doc-b"}
    assert index.query(corpus, vectors[0].tolist(), k=10)[0][1] == "doc-b"

    with pytest.raises(IndexError_, match="embedded with"):
        index.add(corpus, "emb-2", b, vectors[3:])
    index.drop(corpus)
    assert not index.has(corpus) and index.count(corpus) == 0


@pytest.mark.chroma_server
def test_query_on_empty_collection_returns_nothing(index: ChromaIndex) -> None:
    corpus = f"empty{int(time.time() * 1e6) % 10**9}"
    index.add(corpus, "emb-1", [], np.zeros((0, 8), dtype=np.float32))
    assert index.query(corpus, _unit(1, 2)[0].tolist(), k=3) == []
    assert index.nearest(corpus, _unit(1, 2)[0].tolist(), k=3) == []


def test_persistent_index_survives_reopening(tmp_path: Path) -> None:
    first = ChromaIndex.persistent(tmp_path / "vs")
    first.add("c", "emb-1", _passages("doc-a", 2), _unit(2, 3))
    del first
    again = ChromaIndex.persistent(tmp_path / "vs")
    assert again.count("c") == 2


def test_unreachable_server_error_says_what_to_change() -> None:
    with pytest.raises(IndexError_, match="WORKBENCH_CHROMA_URL"):
        ChromaIndex.remote(f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(IndexError_, match="not an http"):
        ChromaIndex.remote("localhost:8000")


def test_a_collection_recreated_elsewhere_is_found_again(tmp_path: Path) -> None:
    """Handles are cached per corpus; a handle to a dropped collection is refreshed."""
    server_like = ChromaIndex.persistent(tmp_path / "vs")
    other = ChromaIndex(server_like._client, "same store, another service")
    server_like.add("c", "emb-1", _passages("doc-a", 2), _unit(2, 5))
    assert server_like.query("c", _unit(1, 5)[0].tolist(), 1)  # caches the handle
    other.drop("c")
    other.add("c", "emb-1", _passages("doc-b", 1), _unit(1, 6))
    assert [hit[1] for hit in server_like.query("c", _unit(1, 6)[0].tolist(), 3)] == ["doc-b"]
