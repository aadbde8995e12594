"""Fit the claim-matching re-ranker and its threshold, validated by cross-validation over the
tweets (development only).

    .venv/bin/pip install -e '.[train]'     # scikit-learn, for this script only
    .venv/bin/python training/claim_matching.py [--data DIR] [--folds 5] [--variants] [--write]
        [--layers N]

Data: CLEF CheckThat! 2020 Task 2 English, dev part (``../shared/benchmarks/claim_matching``:
10,375 Snopes fact-checks, 997 tweets; "free for general research use"; never copied into the
repo). Retrieval, features and scoring are the product's own code (workbench/matching): the
archive index is built in memory, in id order as the product holds it, from MiniLM vectors
cached by text (``--cache``, outside the repo: embedding 10k fact-checks takes minutes).

Every variant is printed with MAP@5, MRR, R@1 and R@5 (the official scorer's MAP@5: trec_eval's
AP cut at 5, over all relevant fact-checks of the tweet), and MAP@5 with "twins" merged: the
archive holds fact-checks whose words are identical (one claim quoted two ways), and which of
the two the data marks relevant is an accident. Unfitted variants (one retriever, or RRF) fit
nothing. Fitted variants (logistic regression over some of ``FEATURES``) are scored out of
fold: K folds grouped by relevant fact-check (two tweets about one fact-check never sit on
both sides); inside each training part, C and the threshold are chosen by an inner grouped CV
on the training tweets only. The threshold is the lowest score at which the attached matches
(top 3, one per text) are right ``PRECISION_TARGET`` of the time, counting each tweet twice:
as it is, and as a claim never checked (its fact-checks and their twins removed from the
archive, where anything attached is wrong). The outer folds report the precision and recall it
gives on unseen tweets and the false alarms: unseen tweets, their fact-checks removed, that
still get a match.

``--write`` fits the shipped variant on every tweet (C and threshold by the same CV) and writes
``workbench/matching/reranker_weights.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from workbench import metrics
from workbench.index.hybrid import reciprocal_rank_fusion
from workbench.llm.embeddings import LAYERS, MiniLMEmbeddings, minilm_id
from workbench.matching.archive_index import ArchiveIndex, index_text, text_key
from workbench.matching.features import FEATURES, POOL, candidate_pool, feature_rows
from workbench.matching.normalise import normalise_claim
from workbench.matching.reranker import (
    MAX_MATCHES,
    PRECISION_TARGET,
    WEIGHTS_FILE,
    Reranker,
    attached,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "claim_matching"
DEFAULT_CACHE = REPO.parent / "cache"
# MiniLM's layers the vectors come from (--layers; the product embeds with all six).
EMBEDDER_LAYERS = LAYERS
LICENCE = "CLEF CheckThat! 2020 Task 2 English (dev part): free for general research use"
C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 1.0, 10.0)
K = 5  # MAP@5, R@5: the task's official cut
FIGURES = ("map_at_5", "mrr", "recall_at_1", "recall_at_5")


@dataclass
class Data:
    factcheck_ids: list[str]
    index: ArchiveIndex
    query_ids: list[str]
    texts: dict[str, list[str]]  # "raw", "normalised", "normalised_no_author"
    vectors: dict[str, np.ndarray]
    relevant: list[set[int]]  # rows of the index
    twin: np.ndarray  # per row, the first row with the same index text (the same fact-check)
    groups: np.ndarray  # a group per tweet: tweets sharing a relevant fact-check share it
    digest: str  # sha256 of queries.jsonl: names what the shipped weights were fitted on


def cached_embeddings(texts: list[str], cache_dir: Path) -> np.ndarray:
    """MiniLM vectors of the texts, from a cache of vectors by text (and embedder id): a
    change to the normalisation re-embeds only the texts it changed."""
    cache = cache_dir / f"claim-matching-vectors-{minilm_id(EMBEDDER_LAYERS)}.npz"
    stored: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache) as npz:
            stored = dict(zip(npz["keys"].tolist(), npz["vectors"], strict=True))
    keys = [text_key(t) for t in texts]
    missing = list({k: t for k, t in zip(keys, texts, strict=True) if k not in stored}.items())
    if missing:
        started = time.perf_counter()
        embedder = MiniLMEmbeddings(batch_size=64, layers=EMBEDDER_LAYERS)
        fresh = embedder.embed_array([t for _, t in missing])
        print(f"embedded {len(missing)} texts in {time.perf_counter() - started:.0f} s")
        stored.update(zip((k for k, _ in missing), fresh, strict=True))
        cache_dir.mkdir(parents=True, exist_ok=True)
        np.savez(cache, keys=np.array(list(stored)), vectors=np.stack(list(stored.values())))
    return np.stack([stored[k] for k in keys])


def _groups(relevant: list[set[int]]) -> np.ndarray:
    """Connected components of tweets linked by a shared relevant fact-check."""
    parent = list(range(len(relevant)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[int, int] = {}
    for i, rows in enumerate(relevant):
        for row in rows:
            if row in first:
                parent[find(i)] = find(first[row])
            else:
                first[row] = i
    return np.array([find(i) for i in range(len(relevant))])


def load(folder: Path, cache_dir: Path) -> Data:
    # In id order, as the product's archive index holds them (ties keep that order).
    factchecks = sorted(
        (json.loads(line) for line in (folder / "factchecks.jsonl").open()),
        key=lambda f: f["factcheck_id"],
    )
    queries_bytes = (folder / "queries.jsonl").read_bytes()
    queries = [json.loads(line) for line in queries_bytes.decode().splitlines() if line.strip()]
    ids = [f["factcheck_id"] for f in factchecks]
    texts = [index_text(f["claim"], f.get("title")) for f in factchecks]
    vectors = cached_embeddings(texts, cache_dir)
    index = ArchiveIndex.build(ids, texts, vectors, minilm_id(EMBEDDER_LAYERS))
    row_of = {fc_id: i for i, fc_id in enumerate(ids)}
    query_texts = {
        "raw": [" ".join(q["text"].split()) for q in queries],
        "normalised": [normalise_claim(q["text"]) for q in queries],
        "normalised_no_author": [normalise_claim(q["text"], keep_author=False) for q in queries],
    }
    relevant = [{row_of[r] for r in q["relevant"]} for q in queries]
    first_of: dict[str, int] = {}
    twin = np.array([first_of.setdefault(t, row) for row, t in enumerate(texts)])
    return Data(
        factcheck_ids=ids,
        index=index,
        query_ids=[q["query_id"] for q in queries],
        texts=query_texts,
        vectors={k: cached_embeddings(v, cache_dir) for k, v in query_texts.items()},
        relevant=relevant,
        twin=twin,
        groups=_groups(relevant),
        digest=hashlib.sha256(queries_bytes).hexdigest(),
    )


# --- unfitted variants: one retriever, or both fused ------------------------------------------


def ranking_figures(data: Data, queries: Sequence[int], ranked: Sequence[Sequence[int]]) -> dict:
    """MAP@5, MRR, R@1, R@5 of each tweet's ranked archive rows against its relevant ones;
    ``twins_merged_*``: the same with fact-checks of identical text counted as one (the
    archive holds such twins, one claim quoted two ways; which of the two the data marks
    relevant is an accident)."""
    pairs = list(zip(queries, ranked, strict=True))
    official = [[int(r in data.relevant[q]) for r in rows] for q, rows in pairs]
    merged = []
    for q, rows in zip(queries, ranked, strict=True):
        wanted = {int(data.twin[r]) for r in data.relevant[q]}
        seen = list(dict.fromkeys(int(data.twin[r]) for r in rows))
        merged.append(([int(t in wanted) for t in seen], len(wanted)))
    out = metrics.retrieval_summary(official, [len(data.relevant[q]) for q in queries], K)
    twins = metrics.retrieval_summary([m for m, _ in merged], [n for _, n in merged], K)
    return {**out, **{f"twins_merged_{k}": v for k, v in twins.items()}}


def unfitted(data: Data, text_kind: str, method: str, depth: int = POOL) -> list[list[int]]:
    """Each tweet's ranked archive rows (best first) by BM25, cosine or their RRF."""
    index, out = data.index, []
    for text, vector in zip(data.texts[text_kind], data.vectors[text_kind], strict=True):
        bm25 = index.bm25(text)
        keyword = [r for r in np.argsort(-bm25, kind="stable")[:depth].tolist() if bm25[r] > 0]
        dense = np.argsort(-index.cosines(vector), kind="stable")[:depth].tolist()
        if method == "bm25":
            rows = keyword
        elif method == "dense":
            rows = dense
        else:
            rows = [int(r) for r, _ in reciprocal_rank_fusion([keyword, dense])]
        out.append(rows)
    return out


# --- the re-ranker -----------------------------------------------------------------------------


@dataclass
class Pools:
    """Per tweet: its candidates' feature rows and relevance, plus the same with its relevant
    fact-checks removed from the archive (a claim never checked before)."""

    rows: list[np.ndarray]
    candidates: list[np.ndarray]  # the archive row of each feature row
    labels: list[np.ndarray]
    twin_labels: list[np.ndarray]  # 1: the same text as a relevant fact-check (or one)
    removed_rows: list[np.ndarray]
    in_pool: float  # tweets with a relevant fact-check among the candidates

    @classmethod
    def build(cls, data: Data, text_kind: str, pool: int = POOL) -> Pools:
        rows, labels, removed, candidates, twin_labels = [], [], [], [], []
        found = 0
        for text, vector, relevant in zip(
            data.texts[text_kind], data.vectors[text_kind], data.relevant, strict=True
        ):
            pool_ = candidate_pool(data.index, text, vector, pool)
            rows.append(feature_rows(data.index, pool_))
            candidates.append(np.array([c.row for c in pool_.candidates], dtype=np.int64))
            labels.append(np.array([int(c.row in relevant) for c in pool_.candidates]))
            wanted = {data.twin[r] for r in relevant}
            twin_labels.append(
                np.array([int(data.twin[c.row] in wanted) for c in pool_.candidates])
            )
            found += bool(labels[-1].any())
            # Never checked before: the relevant fact-checks and their twins are not there.
            gone = np.flatnonzero(np.isin(data.twin, list(wanted)))
            without = candidate_pool(data.index, text, vector, pool, exclude_rows=gone.tolist())
            removed.append(feature_rows(data.index, without))
        return cls(rows, candidates, labels, twin_labels, removed, found / len(rows))


class Model:
    """Standardised features -> L2 logistic regression, on a subset of FEATURES."""

    def __init__(self, pools: Pools, queries: np.ndarray, columns: list[int], c: float) -> None:
        x = np.vstack([pools.rows[q] for q in queries])[:, columns]
        y = np.concatenate([pools.labels[q] for q in queries])
        self.columns = columns
        self.scaler = StandardScaler().fit(x)
        self.model = LogisticRegression(C=c, max_iter=2000).fit(self.scaler.transform(x), y)

    def scores(self, rows: np.ndarray) -> np.ndarray:
        if not len(rows):
            return np.zeros(0)
        x = self.scaler.transform(rows[:, self.columns])
        return self.model.predict_proba(x)[:, 1]


def _ranking(scores: np.ndarray, rows: np.ndarray) -> list[int]:
    """The candidates' archive rows by score, best first; ties in archive order, as the
    product's matcher breaks them."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], rows[i]))
    return [int(rows[i]) for i in order]


def _attached(pools: Pools, data: Data, q: int, scores: np.ndarray, threshold: float) -> list[int]:
    """The twin-aware 0/1 labels of what the product would attach (one per twin group)."""
    keys = data.twin[pools.candidates[q]].tolist()
    return [int(pools.twin_labels[q][i]) for i in attached(scores.tolist(), threshold, keys=keys)]


def _n_relevant_twins(data: Data, queries: Sequence[int]) -> list[int]:
    return [len({data.twin[r] for r in data.relevant[q]}) for q in queries]


def choose_threshold(
    data: Data,
    pools: Pools,
    queries: Sequence[int],
    scores: list[np.ndarray],
    removed: list[np.ndarray],
    target: float = PRECISION_TARGET,
) -> float:
    """The lowest threshold whose attached matches (the top MAX_MATCHES of each tweet at or
    above it, one per twin group) are right at least ``target`` of the time; 1.0 if none is.
    A twin of a relevant fact-check counts as right: it is the same claim and headline.
    Each tweet counts twice, as it is and as a claim never checked (its fact-checks
    removed, where anything attached is wrong): most claims in an article were never
    fact-checked, and a threshold chosen on tweets that all were would attach too much."""
    pairs = []
    for s in removed:
        pairs += [(float(s[i]), 0) for i in attached(s.tolist(), -np.inf, MAX_MATCHES)]
    for q, s in zip(queries, scores, strict=True):
        keys = data.twin[pools.candidates[q]].tolist()
        top = attached(s.tolist(), -np.inf, MAX_MATCHES, keys=keys)
        pairs += [(float(s[i]), int(pools.twin_labels[q][i])) for i in top]
    pairs.sort(key=lambda p: -p[0])
    best, right = 1.0, 0
    for n, (score, label) in enumerate(pairs, start=1):
        right += label
        # Only where the next score is lower: a threshold cannot split equal scores.
        if right / n >= target and (n == len(pairs) or pairs[n][0] < score):
            best = score
    return best


def out_of_fold(
    data: Data, pools: Pools, queries: np.ndarray, columns: list[int], c: float, folds: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Scores of each of ``queries``' candidates, and of its candidates with its fact-checks
    removed, by a model that did not see its tweet."""
    scores: list[np.ndarray] = [np.zeros(0)] * len(queries)
    removed: list[np.ndarray] = [np.zeros(0)] * len(queries)
    for train, test in GroupKFold(folds).split(queries, groups=data.groups[queries]):
        model = Model(pools, queries[train], columns, c)
        for i in test:
            scores[i] = model.scores(pools.rows[queries[i]])
            removed[i] = model.scores(pools.removed_rows[queries[i]])
    return scores, removed


def select(
    data: Data, pools: Pools, queries: np.ndarray, columns: list[int], folds: int
) -> tuple[float, float]:
    """C by inner grouped CV (MAP@5 of the out-of-fold scores), then the threshold on the
    out-of-fold scores with that C: both from ``queries`` only."""
    best: tuple[float, float, tuple[list[np.ndarray], list[np.ndarray]]] | None = None
    for c in C_GRID:
        oof = out_of_fold(data, pools, queries, columns, c, folds)
        ranked = [_ranking(s, pools.candidates[q]) for s, q in zip(oof[0], queries, strict=True)]
        figure = ranking_figures(data, queries, ranked)["map_at_5"]
        if best is None or figure > best[1]:
            best = (c, figure, oof)
    assert best is not None
    return best[0], choose_threshold(data, pools, queries, *best[2])


def cross_validate(data: Data, pools: Pools, columns: list[int], folds: int) -> dict:
    """Outer grouped K-fold: per fold, C and threshold chosen inside the training part,
    then the held-out tweets ranked and matched."""
    queries = np.arange(len(data.query_ids))
    rankings: list[list[int]] = [[] for _ in queries]
    shown: list[list[int]] = [[] for _ in queries]
    alarms: list[bool] = [False for _ in queries]
    chosen = []
    for train, test in GroupKFold(folds).split(queries, groups=data.groups):
        c, threshold = select(data, pools, train, columns, folds)
        chosen.append((c, round(threshold, 4)))
        model = Model(pools, train, columns, c)
        for q in test:
            scores = model.scores(pools.rows[q])
            rankings[q] = _ranking(scores, pools.candidates[q])
            shown[q] = _attached(pools, data, q, scores, threshold)
            alarms[q] = bool(attached(model.scores(pools.removed_rows[q]).tolist(), threshold))
    return {
        **ranking_figures(data, queries, rankings),
        **{
            f"attached_{k}": v
            for k, v in metrics.attachment_figures(shown, _n_relevant_twins(data, queries)).items()
        },
        "false_alarm_rate": sum(alarms) / len(alarms),
        "chosen_c_threshold": chosen,
    }


# Fitted variants: which FEATURES each may use (the others get weight 0). Features relative to
# the tweet's best candidate make the best of a never-checked claim's candidates look like a
# match (BENCHMARKS.md: false alarms), so the shipped one leaves them out.
WITHIN_TWEET = ("cosine_gap", "bm25_share", "dense_rank_log", "bm25_rank_log", "rrf")
OVERLAP = ("word_share", "word_jaccard", "number_share", "number_missing", "name_share")
FITTED = {
    "re-ranker": FEATURES,
    "re-ranker without within-tweet features": tuple(f for f in FEATURES if f not in WITHIN_TWEET),
    "re-ranker without word/number/name overlap": tuple(f for f in FEATURES if f not in OVERLAP),
    # BM25 scores grow with the archive (their IDF does): a model fitted on 10k fact-checks
    # would under-score every match in a desk's young archive of a few hundred.
    "re-ranker without within-tweet features or BM25 score": tuple(
        f for f in FEATURES if f not in (*WITHIN_TWEET, "bm25_log")
    ),
}
SHIPPED = "re-ranker without within-tweet features or BM25 score"
TEXTS = ("raw", "normalised_no_author", "normalised")  # the last is what the product does


def export(data: Data, pools: Pools, folds: int, figures: dict[str, dict]) -> tuple[dict, Model]:
    """The shipped re-ranker fitted on every tweet (C and threshold by grouped CV over all of
    them), in raw feature space (standardisation folded into the weights)."""
    queries = np.arange(len(data.query_ids))
    columns = [FEATURES.index(f) for f in FITTED[SHIPPED]]
    c, threshold = select(data, pools, queries, columns, folds)
    model = Model(pools, queries, columns, c)
    coef, scaler = model.model.coef_[0], model.scaler
    full = np.zeros(len(FEATURES))  # features the shipped variant does not use weigh 0
    full[columns] = coef / scaler.scale_
    g = lambda x: float(f"{x:.7g}")  # noqa: E731 (7 significant digits)
    weights = {
        "embedder": minilm_id(EMBEDDER_LAYERS),
        "features": list(FEATURES),
        "unused_features": [f for f in FEATURES if f not in FITTED[SHIPPED]],
        "weights": [g(w) for w in full],
        "bias": g(model.model.intercept_[0] - float(np.sum(coef * scaler.mean_ / scaler.scale_))),
        "threshold": g(threshold),
        "pool": POOL,
    }
    digest = hashlib.sha256(json.dumps(weights, sort_keys=True).encode()).hexdigest()[:12]
    return {
        "version": f"cm-{digest}",
        "model": "sigmoid(logistic regression over pair features of BM25 + MiniLM candidates)",
        **weights,
        "precision_target": PRECISION_TARGET,
        "max_matches": MAX_MATCHES,
        "hyperparameters": {"C": c, "folds": folds},
        "fitted_on": {
            "data": LICENCE,
            "queries_sha256": data.digest,
            "tweets": len(data.query_ids),
            "factchecks": len(data.index),
        },
        # Unfitted variants: nothing fitted; fitted ones: out-of-fold (grouped K-fold CV).
        "dev_figures": figures,
        "written": datetime.now(UTC).strftime("%Y-%m-%d"),
    }, model


def self_check(pools: Pools, model: Model) -> float:
    """Largest difference between the product's Reranker on the written file and sklearn."""
    reranker = Reranker.load(WEIGHTS_FILE)
    rows = np.vstack(pools.rows)
    return float(np.max(np.abs(reranker.score(rows) - model.scores(rows))))


def _line(name: str, figures: dict) -> str:
    text = f"  {name:44} " + "  ".join(f"{k} {figures[k]:.4f}" for k in FIGURES)
    text += f"  | twins merged: map_at_5 {figures['twins_merged_map_at_5']:.4f}"
    if "attached_recall" in figures:
        precision = figures["attached_precision"]
        text += (
            f"  | at threshold: precision {precision if precision is None else round(precision, 3)}"
            f" recall {figures['attached_recall']:.3f}"
            f" false alarms {figures['false_alarm_rate']:.3f}"
            f"  (C, threshold per fold: {figures['chosen_c_threshold']})"
        )
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--embed-only", action="store_true", help="fill the cache and stop")
    parser.add_argument(
        "--variants", action="store_true", help="every fitted variant, not only the shipped one"
    )
    parser.add_argument("--only", action="append", choices=list(FITTED), help="also this one")
    parser.add_argument("--write", action="store_true", help="fit on all and write the weights")
    parser.add_argument(
        "--layers", type=int, default=LAYERS, help="embed with MiniLM's first N layers (a trial)"
    )
    args = parser.parse_args()
    global EMBEDDER_LAYERS
    EMBEDDER_LAYERS = args.layers
    if args.write and args.layers != LAYERS:
        parser.error("--write fits the shipped matcher, which embeds with every layer")
    started = time.perf_counter()
    data = load(args.data, args.cache)
    print(
        f"{len(data.index)} fact-checks, {len(data.query_ids)} tweets, "
        f"{len(set(data.groups.tolist()))} groups ({time.perf_counter() - started:.0f} s)"
    )
    if args.embed_only:
        return
    queries = list(range(len(data.query_ids)))
    figures: dict[str, dict] = {}
    print("unfitted (the whole archive ranked; MRR over the first 30):")
    for text_kind in TEXTS:
        for method in ("bm25", "dense", "rrf"):
            name = f"{method} on {text_kind} tweets"
            figures[name] = ranking_figures(data, queries, unfitted(data, text_kind, method))
            print(_line(name, figures[name]), flush=True)
    started = time.perf_counter()
    pools = Pools.build(data, "normalised")
    print(
        f"candidates: the {POOL} best by BM25 and by cosine; a relevant fact-check among them for "
        f"{pools.in_pool:.3f} of the tweets ({time.perf_counter() - started:.0f} s)"
    )
    print(f"fitted ({args.folds}-fold CV grouped by relevant fact-check; normalised tweets):")
    for name, features in FITTED.items():
        if name != SHIPPED and not args.variants and name not in (args.only or ()):
            continue
        started = time.perf_counter()
        columns = [FEATURES.index(f) for f in features]
        figures[name] = cross_validate(data, pools, columns, args.folds)
        print(_line(name, figures[name]) + f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    if args.write:
        rounded = {
            name: {k: (round(v, 4) if isinstance(v, float) else v) for k, v in f.items()}
            for name, f in figures.items()
        }
        weights, model = export(data, pools, args.folds, rounded)
        WEIGHTS_FILE.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
        print(
            f"wrote {WEIGHTS_FILE.name} {weights['version']}: C {weights['hyperparameters']['C']}"
            f", threshold {weights['threshold']}"
        )
        print(
            f"self-check: largest score difference, product vs scikit-learn: "
            f"{self_check(pools, model):.2e}"
        )


if __name__ == "__main__":
    main()
