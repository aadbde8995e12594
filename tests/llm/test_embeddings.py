import numpy as np
import pytest
from langchain_openai import OpenAIEmbeddings

from workbench.llm.embeddings import (
    MODEL_ID,
    MiniLMEmbeddings,
    _batches,
    embeddings_id,
    make_embeddings,
    minilm_id,
)
from workbench.settings import Settings


def test_packaged_minilm_gives_normalised_vectors_that_rank_paraphrases_close(embeddings) -> None:
    vectors = np.asarray(
        embeddings.embed_documents(
            [
                "The Brooklyn Bridge opened in 1883.",
                "In 1883 the Brooklyn Bridge was opened to traffic.",
                "Emily Brontë wrote a single novel.",
            ]
        )
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.8 > similarity[0, 2]
    # batching and the length sort must not change a text's vector
    alone = np.asarray(embeddings.embed_query("Emily Brontë wrote a single novel."))
    assert np.allclose(alone, vectors[2], atol=1e-5)
    assert embeddings_id(embeddings) == MiniLMEmbeddings.model_id
    assert embeddings.embed_documents([]) == []


def test_batches_hold_texts_of_like_length_so_little_compute_goes_on_padding() -> None:
    lengths = [30, 10, 10, 31, 10, 10, 30, 10, 30, 9]
    batches = _batches(lengths, size=8)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))  # each once
    # the short texts alone: padding them to 30 word pieces would be most of the batch
    assert [[lengths[i] for i in b] for b in batches] == [[9, 10, 10, 10, 10, 10], [30, 30, 30, 31]]
    # below the floor of four a batch takes a longer text rather than make tiny calls
    assert [[[8, 9, 40][i] for i in b] for b in _batches([8, 9, 40], size=8)] == [[8, 9, 40]]
    assert [len(b) for b in _batches([20] * 70, size=32)] == [32, 32, 6]  # one length: full
    assert _batches([], size=4) == []


def test_the_first_layers_of_minilm_are_a_space_of_their_own(embeddings) -> None:
    texts = ["The Brooklyn Bridge opened in 1883.", "Thank you, good evening."]
    whole = MiniLMEmbeddings(layers=6)
    assert whole.model_id == MODEL_ID == minilm_id()
    assert np.array_equal(whole.embed_array(texts), embeddings.embed_array(texts))  # same graph
    three = MiniLMEmbeddings(layers=3)
    assert three.model_id == minilm_id(3) == f"{MODEL_ID}-layers3" != MODEL_ID
    cut = three.embed_array(texts)
    assert cut.shape == (2, 384)
    assert np.allclose(np.linalg.norm(cut, axis=1), 1.0, atol=1e-4)
    # another space: the same text lands elsewhere than in the whole model's
    assert np.all(np.sum(cut * embeddings.embed_array(texts), axis=1) < 0.9)
    assert np.allclose(three.embed_query(texts[1]), cut[1], atol=1e-5)
    with pytest.raises(ValueError, match="6 layers"):
        MiniLMEmbeddings(layers=7)


def test_an_openai_compatible_embedder_is_used_when_configured() -> None:
    local = make_embeddings(Settings())
    assert isinstance(local, MiniLMEmbeddings)
    remote = make_embeddings(
        Settings(
            embeddings_base_url="http://127.0.0.1:11434/v1", embeddings_model="nomic-embed-text"
        )
    )
    assert isinstance(remote, OpenAIEmbeddings)
    assert remote.model == "nomic-embed-text"
    assert remote.check_embedding_ctx_length is False  # that check would fetch tiktoken data
    assert embeddings_id(remote) == "nomic-embed-text"
