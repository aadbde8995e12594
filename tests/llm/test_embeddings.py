import numpy as np
from langchain_openai import OpenAIEmbeddings

from workbench.llm.embeddings import MiniLMEmbeddings, embeddings_id, make_embeddings
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
