"""Fit the check-worthiness ranker and validate it leave-one-document-out (development only).

    .venv/bin/pip install -e '.[train]'     # scikit-learn, for this script only
    .venv/bin/python training/checkworthiness.py [--data F] [--variants | --only V ...] [--write]

Data: CLEF CheckThat! 2019 Task 1 dev part (``../shared/benchmarks/checkworthy``: 16 debates
and speeches, 13,807 sentences; "free for general research use"; never copied into the repo).
Parts, each an L2 logistic regression:
  dense  the packaged MiniLM embedding, cut to its first k layers (k a hyperparameter: the
         lower layers rank better here and cost less; vectors cached outside the repo) and/or
         ``rule_features`` (the code the product runs), standardised;
  words  tf-idf of single words (sublinear tf, words in >= 2 sentences).
The shipped ranker mixes the two parts' logits, each divided by its spread on the training
sentences: (1 - w) * dense + w * words, then a Platt scaling fitted on out-of-fold logits.

Validation: for each of the 16 documents, fit on the other 15, choosing every hyperparameter
(MiniLM layers, C and class weighting of each part, the mix w) by grouped 5-fold CV on those 15
only, then rank the held-out document; report the means over the 16 of AP, RR and P@10.
``--variants`` does this for every variant, ``--only V`` for the named ones. ``--write`` fits
the shipped variant on all 16 documents (hyperparameters and calibration by the same grouped CV)
and writes ``workbench/check/checkworthiness_weights.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from workbench import metrics
from workbench.check.assertions import classify
from workbench.check.checkworthiness import RULE_FEATURES, TOKEN, WEIGHTS_FILE, Ranker
from workbench.check.checkworthiness import rule_features as rule_row
from workbench.llm.embeddings import MiniLMEmbeddings, minilm_id

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "checkworthy" / "sentences.jsonl"
DEFAULT_CACHE = REPO.parent / "cache"
INNER_FOLDS = 5  # --inner-folds
JOBS = 2  # --jobs: held-out documents fitted at once
LAYERS = (2, 3, 4, 6)  # --layers: MiniLM's first k layers, chosen per fold with C
GRID = {
    "dense": [(c, w) for c in (0.001, 0.003, 0.01, 0.03) for w in (None, "balanced")],
    "words": [(c, None) for c in (0.3, 1.0, 3.0)],
}
MIX = (0.2, 0.35, 0.5)
# variant -> (dense features, with words part)
VARIANTS = {
    "rules": ("rules", False),
    "embedding": ("embedding", False),
    "embedding+rules": ("both", False),
    "words": (None, True),
    "rules+words": ("rules", True),  # no embedding: the cheap one
    "embedding+rules+words": ("both", True),
}
SHIPPED = "embedding+rules+words"
LICENCE = "CLEF CheckThat! 2019 Task 1 dev documents: free for general research use"
FIGURES = ("map", "map_speeches", "map_debates", "rr", "p_at_10")


@dataclass
class Data:
    texts: np.ndarray
    dense: dict[str, np.ndarray]  # "rules", and "embedding@k", "both@k" for k layers
    y: np.ndarray
    groups: np.ndarray
    doc_types: dict[str, str]


def load(path: Path, cache_dir: Path) -> Data:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows.sort(key=lambda r: (r["source"], r["line"]))
    rules = np.array([rule_row(r["text"], classify(r["text"])[0]) for r in rows])
    dense = {"rules": rules}
    for layers in LAYERS:
        vectors = embeddings(rows, path, cache_dir, layers).astype(np.float64)
        dense[f"embedding@{layers}"] = vectors
        dense[f"both@{layers}"] = np.hstack([vectors, rules])
    return Data(
        texts=np.array([r["text"] for r in rows], dtype=object),
        dense=dense,
        y=np.array([r["label"] for r in rows]),
        groups=np.array([r["source"] for r in rows]),
        doc_types={r["source"]: r["doc_type"] for r in rows},
    )


def embeddings(rows: list[dict], path: Path, cache_dir: Path, layers: int) -> np.ndarray:
    """MiniLM vectors (first ``layers`` layers) of every sentence, cached by data hash and
    embedder id."""
    embedder = MiniLMEmbeddings(batch_size=64, layers=layers)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    cache = cache_dir / f"checkworthy-{digest}-{embedder.model_id}.npz"
    ids = [r["id"] for r in rows]
    if cache.exists():
        stored = np.load(cache)
        by_id = dict(zip(stored["ids"].tolist(), stored["vectors"], strict=True))
        if all(i in by_id for i in ids):
            return np.stack([by_id[i] for i in ids])
    started = time.perf_counter()
    vectors = embedder.embed_array([r["text"] for r in rows])
    took = time.perf_counter() - started
    print(f"embedded {len(rows)} sentences ({layers} layers) in {took:.0f} s")
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.savez(cache, ids=np.array(ids), vectors=vectors)
    return vectors


class Part:
    """One fitted logistic regression; ``logit`` is its decision value over its spread on the
    training sentences, so parts mix on one scale."""

    def __init__(self, data: Data, features: str | None, params: tuple, train: np.ndarray):
        c, class_weight, layers = params
        self.features = features if features in (None, "rules") else f"{features}@{layers}"
        self.model = LogisticRegression(C=c, class_weight=class_weight, max_iter=3000)
        if features is None:
            self.transform = TfidfVectorizer(
                min_df=2, sublinear_tf=True, token_pattern=TOKEN.pattern
            )
            x = self.transform.fit_transform(data.texts[train])
        else:
            self.transform = StandardScaler().fit(data.dense[self.features][train])
            x = self.transform.transform(data.dense[self.features][train])
        self.model.fit(x, data.y[train])
        self.spread = float(np.std(self.model.decision_function(x))) or 1.0

    def logit(self, data: Data, rows: np.ndarray) -> np.ndarray:
        source = data.texts if self.features is None else data.dense[self.features]
        return self.model.decision_function(self.transform.transform(source[rows])) / self.spread


def mean_ap(scores: np.ndarray, y: np.ndarray, groups: np.ndarray) -> float:
    return float(np.mean([m["ap"] for m in per_document(scores, y, groups).values()]))


def per_document(scores: np.ndarray, y: np.ndarray, groups: np.ndarray) -> dict[str, dict]:
    out = {}
    for source in dict.fromkeys(groups.tolist()):
        mask = groups == source
        ranked = metrics.ranked(y[mask].tolist(), scores[mask].tolist())
        out[source] = {
            "ap": metrics.average_precision(ranked),
            "rr": metrics.reciprocal_rank(ranked),
            "p_at_10": metrics.precision_at(ranked, 10),
        }
    return out


def choose(data: Data, train: np.ndarray, variants: list[str]) -> dict:
    """Per part the params with the best inner-CV mean AP (and their out-of-fold logits), per
    variant the mix: all from grouped folds of ``train`` only."""
    splits = INNER_FOLDS or len(set(data.groups[train].tolist()))  # 0: one document per fold
    folds = list(GroupKFold(splits).split(train, groups=data.groups[train]))
    y, groups = data.y[train], data.groups[train]
    needed = {VARIANTS[v][0] for v in variants} | {None for v in variants if VARIANTS[v][1]}
    best: dict[str | None, tuple] = {}
    for features in needed:
        for params in grid(features):
            oof = np.zeros(len(train))
            for inner_train, inner_test in folds:
                part = Part(data, features, params, train[inner_train])
                oof[inner_test] = part.logit(data, train[inner_test])
            score = mean_ap(oof, y, groups)
            if features not in best or score > best[features][1]:
                best[features] = (params, score, oof)
    chosen = {}
    for variant in variants:
        features, with_words = VARIANTS[variant]
        if features is None or not with_words:
            key = features
            chosen[variant] = {"dense": key, "params": {key: best[key][0]}, "mix": None}
            continue
        mix = max(
            MIX, key=lambda w: mean_ap(_mixed(best[features][2], best[None][2], w), y, groups)
        )
        oof = _mixed(best[features][2], best[None][2], mix)
        chosen[variant] = {
            "dense": features,
            "params": {features: best[features][0], None: best[None][0]},
            "mix": mix,
            "oof": oof,
        }
    return chosen


def grid(features: str | None) -> list[tuple]:
    """(C, class weighting, MiniLM layers) of one part; layers only where it embeds."""
    if features is None:
        return [(c, w, None) for c, w in GRID["words"]]
    layers = (None,) if features == "rules" else LAYERS
    return [(c, w, k) for c, w in GRID["dense"] for k in layers]


def _mixed(dense: np.ndarray, words: np.ndarray, mix: float) -> np.ndarray:
    return (1 - mix) * dense + mix * words


def fit_variant(data: Data, choice: dict, train: np.ndarray) -> dict[str | None, Part]:
    return {f: Part(data, f, params, train) for f, params in choice["params"].items()}


def variant_logit(data: Data, choice: dict, parts: dict, rows: np.ndarray) -> np.ndarray:
    if choice["mix"] is None:
        return next(iter(parts.values())).logit(data, rows)
    dense, words = parts[choice["dense"]].logit(data, rows), parts[None].logit(data, rows)
    return _mixed(dense, words, choice["mix"])


def leave_one_document_out(data: Data, variants: list[str]) -> dict[str, dict]:
    """Each held-out document in a worker of its own (``--jobs``); results in document order."""
    sources = list(dict.fromkeys(data.groups.tolist()))
    held_out = Parallel(n_jobs=JOBS, return_as="generator")(
        delayed(_held_out)(data, variants, source) for source in sources
    )
    documents: dict[str, dict] = {v: {} for v in variants}
    for source, (figures, took) in zip(sources, held_out, strict=True):
        for variant in variants:
            documents[variant][source] = figures[variant]
        line = "  ".join(f"{v} {figures[v]['ap']:.3f}" for v in variants)
        print(f"  {source:26} AP {line}  ({took:.0f} s)", flush=True)
    return {v: {**summary(d, data.doc_types), "per_document": d} for v, d in documents.items()}


def _held_out(data: Data, variants: list[str], source: str) -> tuple[dict[str, dict], float]:
    """Fit on every other document (hyperparameters by inner CV), rank ``source``."""
    started = time.perf_counter()
    train, test = np.where(data.groups != source)[0], np.where(data.groups == source)[0]
    chosen = choose(data, train, variants)
    figures = {}
    for variant in variants:
        parts = fit_variant(data, chosen[variant], train)
        scores = variant_logit(data, chosen[variant], parts, test)
        figures[variant] = per_document(scores, data.y[test], data.groups[test])[source]
    return figures, time.perf_counter() - started


def summary(documents: dict[str, dict], doc_types: dict[str, str]) -> dict:
    def mean(key: str, kind: str | None = None) -> float:
        values = [m[key] for s, m in documents.items() if kind in (None, doc_types[s])]
        return round(float(np.mean(values)), 4)

    return {
        "map": mean("ap"),
        "map_speeches": mean("ap", "speech"),
        "map_debates": mean("ap", "debate"),
        "rr": mean("rr"),
        "p_at_10": mean("p_at_10"),
    }


def export(data: Data, variants: list[str], lodo: dict[str, dict]) -> tuple[dict, np.ndarray]:
    """The shipped variant fitted on every document, in raw feature space (standardisation
    folded into the weights) with its Platt scaling, as the product's Ranker reads it."""
    everything = np.arange(len(data.y))
    choice = choose(data, everything, [SHIPPED])[SHIPPED]
    parts = fit_variant(data, choice, everything)
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(choice["oof"][:, None], data.y)
    alpha, beta = float(platt.coef_[0][0]), float(platt.intercept_[0])
    dense, words = parts[choice["dense"]], parts[None]
    layers = choice["params"][choice["dense"]][2]
    scaler, model = dense.transform, dense.model
    dense_weights = model.coef_[0] / scaler.scale_
    dense_bias = model.intercept_[0] - float(np.sum(model.coef_[0] * scaler.mean_ / scaler.scale_))
    vocabulary = sorted(words.transform.vocabulary_, key=words.transform.vocabulary_.get)
    g = lambda x: float(f"{x:.7g}")  # noqa: E731 (7 significant digits: a small file)
    weights = {
        "embedder": minilm_id(layers),
        "embedder_layers": layers,
        "rule_features": list(RULE_FEATURES),
        "dense": {"weights": [g(w) for w in dense_weights], "bias": g(dense_bias)},
        "words": {
            "vocabulary": vocabulary,
            "idf": [g(x) for x in words.transform.idf_],
            "weights": [g(x) for x in words.model.coef_[0]],
            "bias": g(words.model.intercept_[0]),
        },
        "mix": {
            "dense": g(alpha * (1 - choice["mix"]) / dense.spread),
            "words": g(alpha * choice["mix"] / words.spread),
            "bias": g(beta),
        },
    }
    digest = hashlib.sha256(json.dumps(weights, sort_keys=True).encode()).hexdigest()[:12]
    expected = 1 / (1 + np.exp(-(alpha * variant_logit(data, choice, parts, everything) + beta)))
    return {
        "version": f"cw-{digest}",
        "model": (
            f"sigmoid(mix of two L2 logistic regressions: MiniLM's first {layers} layers + rule"
            " features; word tf-idf)"
        ),
        **weights,
        "hyperparameters": {
            "dense": {
                "features": choice["dense"],
                "C": choice["params"][choice["dense"]][0],
                "class_weight": choice["params"][choice["dense"]][1],
                "minilm_layers": layers,
            },
            "words": {"C": choice["params"][None][0]},
            "mix": choice["mix"],
            "platt": [alpha, beta],
        },
        "fitted_on": {
            "data": LICENCE,
            "documents": sorted(data.doc_types),
            "sentences": len(data.y),
            "positive": int(data.y.sum()),
        },
        "leave_one_document_out": {
            **{v: {k: lodo[v][k] for k in FIGURES} for v in variants},
            "per_document_ap": {
                source: round(m["ap"], 4) for source, m in lodo[SHIPPED]["per_document"].items()
            },
        },
        "written": datetime.now(UTC).strftime("%Y-%m-%d"),
    }, expected


def self_check(data: Data, expected: np.ndarray) -> float:
    """Largest difference between the product's Ranker on the written file and scikit-learn."""
    ranker = Ranker.load(WEIGHTS_FILE)
    texts = data.texts.tolist()
    kinds = [classify(t)[0] for t in texts]
    vectors = data.dense[f"embedding@{ranker.embedder_layers}"]
    return float(np.max(np.abs(ranker.score_vectors(texts, kinds, vectors) - expected)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--variants", action="store_true", help="LODO for every variant")
    parser.add_argument("--only", action="append", choices=list(VARIANTS), help="LODO for these")
    parser.add_argument("--write", action="store_true", help="fit on all and write weights")
    parser.add_argument("--inner-folds", type=int, default=INNER_FOLDS, help="0: one per document")
    parser.add_argument(
        "--layers", default=",".join(map(str, LAYERS)), help="MiniLM layer counts to choose from"
    )
    parser.add_argument("--jobs", type=int, default=JOBS, help="held-out documents at once")
    args = parser.parse_args()
    globals()["INNER_FOLDS"] = args.inner_folds
    globals()["JOBS"] = args.jobs
    globals()["LAYERS"] = tuple(int(k) for k in args.layers.split(","))

    data = load(args.data, args.cache)
    print(f"{len(data.doc_types)} documents, {len(data.y)} sentences, {int(data.y.sum())} positive")
    variants = list(VARIANTS) if args.variants else (args.only or [SHIPPED])
    if args.write and SHIPPED not in variants:
        parser.error(f"--write needs the LODO figures of {SHIPPED}")
    started = time.perf_counter()
    lodo = leave_one_document_out(data, variants)
    print(f"leave-one-document-out ({time.perf_counter() - started:.0f} s):")
    for variant, figures in lodo.items():
        print(f"  {variant:24} " + "  ".join(f"{k} {figures[k]:.4f}" for k in FIGURES))
    if args.write:
        weights, expected = export(data, variants, lodo)
        WEIGHTS_FILE.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE.name} {weights['version']}: {weights['hyperparameters']}")
        print(
            f"self-check: largest score difference, product vs scikit-learn: "
            f"{self_check(data, expected):.2e}"
        )


if __name__ == "__main__":
    main()
