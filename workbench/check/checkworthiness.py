"""Learned check-worthiness: how much an assertion deserves a fact-checker's time, in [0, 1].

Two logistic regressions, their logits mixed and calibrated: one over a sentence embedding from
the packaged MiniLM's first layers (the weights say how many) plus a few rule features (numbers,
statistics, dates, names, length, kind), one over the sentence's words (tf-idf of single words).
Fitted by ``training/checkworthiness.py`` on the CLEF CheckThat! 2019 Task 1 dev documents (US
debates and speeches; "free for general research use") and shipped as
``checkworthiness_weights.json`` with their leave-one-document-out figures. Only numpy runs
here.

The score orders the work (``check`` verifies the most check-worthy first, ``--top N`` only
those) and the review screen. It ranks the sentences of one article; across articles it is only
roughly comparable.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from workbench.check.assertions import DATE, NUMBER, WORD, _is_statistic, classify
from workbench.llm.embeddings import LAYERS, MiniLMEmbeddings
from workbench.records import Assertion, AssertionKind

WEIGHTS_FILE = Path(__file__).with_name("checkworthiness_weights.json")
MAX_NAMES_COUNTED = 4
SHORT_WORDS = 6  # greetings, interjections and fragments are shorter
RULE_FEATURES = (
    "number",
    "statistic",
    "date",
    "names",
    "short",
    "log_words",
    "question",
    *(f"kind_{k.value}" for k in AssertionKind),
)
TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern, on lower case


def rule_features(sentence: str, kind: AssertionKind) -> list[float]:
    """The rule features of one sentence, in ``RULE_FEATURES`` order."""
    words = WORD.findall(sentence)
    names = [w for w in words[1:] if w[0].isupper() and w not in ("I", "I'm", "I’m")]
    return [
        float(bool(NUMBER.search(sentence))),
        float(kind == AssertionKind.STATISTIC or _is_statistic(sentence)),
        float(bool(DATE.search(sentence))),
        min(len(names), MAX_NAMES_COUNTED) / MAX_NAMES_COUNTED,
        float(len(words) < SHORT_WORDS),
        math.log1p(len(words)),
        float(sentence.rstrip().rstrip("\"'”’").endswith("?")),
        *(float(kind == k) for k in AssertionKind),
    ]


def word_logit(sentence: str, words: dict[str, tuple[float, float]]) -> float:
    """sum(tf-idf · weight) over the L2-normalised tf-idf vector (sublinear tf), as
    scikit-learn's TfidfVectorizer computes it; words outside the vocabulary are ignored."""
    counts = Counter(t for t in TOKEN.findall(sentence.lower()) if t in words)
    values = {t: (1.0 + math.log(n)) * words[t][0] for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values()))
    return sum(v * words[t][1] for t, v in values.items()) / norm if norm else 0.0


@dataclass(frozen=True)
class Ranker:
    """score = sigmoid(mix · (dense logit, word logit) + bias)."""

    version: str  # names the fitted weights: part of the key of runs that select by score
    embedder: str  # the embedder's model id the weights were fitted with
    embedder_layers: int  # MiniLM's first layers that make that embedding
    dense_weights: np.ndarray  # over [embedding (384), rule features]
    dense_bias: float
    words: dict[str, tuple[float, float]]  # word -> (idf, weight)
    words_bias: float
    mix: tuple[float, float]
    bias: float
    fitted_on: tuple[str, ...] = field(default=())  # the documents (``source``) fitted on

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Ranker:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["rule_features"]) != RULE_FEATURES:
            raise ValueError(f"{path}: its rule features differ from this code's; retrain")
        dense, words = data["dense"], data["words"]
        return cls(
            version=data["version"],
            embedder=data["embedder"],
            embedder_layers=int(data.get("embedder_layers", LAYERS)),
            dense_weights=np.asarray(dense["weights"], dtype=np.float64),
            dense_bias=float(dense["bias"]),
            words={
                w: (float(idf), float(weight))
                for w, idf, weight in zip(
                    words["vocabulary"], words["idf"], words["weights"], strict=True
                )
            },
            words_bias=float(words["bias"]),
            mix=(float(data["mix"]["dense"]), float(data["mix"]["words"])),
            bias=float(data["mix"]["bias"]),
            fitted_on=tuple(data.get("fitted_on", {}).get("documents", ())),
        )

    def dense_features(
        self, sentences: Sequence[str], kinds: Sequence[AssertionKind], vectors: np.ndarray
    ) -> np.ndarray:
        rules = np.array([rule_features(s, k) for s, k in zip(sentences, kinds, strict=True)])
        rules = rules.reshape(len(sentences), len(RULE_FEATURES))
        return np.hstack([np.asarray(vectors, dtype=np.float64), rules])

    def score_vectors(
        self, sentences: Sequence[str], kinds: Sequence[AssertionKind], vectors: np.ndarray
    ) -> np.ndarray:
        """Unrounded scores, given the sentences' embeddings."""
        dense = self.dense_features(sentences, kinds, vectors) @ self.dense_weights
        words = np.array([word_logit(s, self.words) for s in sentences], dtype=np.float64)
        logit = self.mix[0] * (dense + self.dense_bias) + self.mix[1] * (words + self.words_bias)
        return 1.0 / (1.0 + np.exp(-(logit + self.bias)))

    def score(
        self,
        sentences: Sequence[str],
        kinds: Sequence[AssertionKind] | None = None,
        embedder: Embeddings | None = None,
    ) -> list[float]:
        """Scores of the sentences (kinds classified here when not given), rounded to 4
        places so that stored and shown scores agree."""
        if not sentences:
            return []
        kinds = kinds if kinds is not None else [classify(s)[0] for s in sentences]
        vectors = self.embedder_for(embedder).embed_array(list(sentences))
        return [round(float(s), 4) for s in self.score_vectors(sentences, kinds, vectors)]

    def embedder_for(self, given: Embeddings | None) -> MiniLMEmbeddings:
        """The given embedder when it is the one the weights were fitted with, else the
        packaged MiniLM cut as they were (a configured OpenAI embedder, or the whole MiniLM,
        gives vectors of another space)."""
        if isinstance(given, MiniLMEmbeddings) and given.model_id == self.embedder:
            return given
        return _packaged_minilm(self.embedder_layers)


@cache
def _packaged_minilm(layers: int) -> MiniLMEmbeddings:
    return MiniLMEmbeddings(layers=layers)


@cache
def default_ranker() -> Ranker:
    return Ranker.load()


def rank(assertions: Sequence[Assertion], embedder: Embeddings | None = None) -> list[Assertion]:
    """The assertions, in the same order, with ``checkworthy`` set by the learned ranker."""
    scores = default_ranker().score(
        [a.text for a in assertions], [a.kind for a in assertions], embedder
    )
    return [
        a.model_copy(update={"checkworthy": s}) for a, s in zip(assertions, scores, strict=True)
    ]


def most_worth_checking(assertions: Sequence[Assertion]) -> list[int]:
    """Positions of the assertions, most check-worthy first (ties keep article order)."""
    return sorted(range(len(assertions)), key=lambda i: -assertions[i].checkworthy)
