"""Rank CLEF CheckThat! 2019 (Task 1) dev sentences by ``checkworthiness`` and score the ranking.

Usage: .venv/bin/python benchmarks/checkworthiness.py [path/to/sentences.jsonl] [--ablate]
(default: ../shared/benchmarks/checkworthy/sentences.jsonl)

Metrics as in the official scorer (scorer/task1.py): each document is ranked on its own by
descending score; AP, RR, R-precision and P@k per document, then averaged over documents.
Ties keep the transcript order. Chance level: a random ranking's expected AP is about the
document's positive rate. ``--ablate`` also prints MAP with each weight set to zero in turn.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from _common import SHARED

from workbench.check import assertions
from workbench.check.assertions import checkworthiness, classify

DEFAULT_DATA = SHARED / "checkworthy" / "sentences.jsonl"
CUTOFFS = (1, 5, 10, 20)
PUBLISHED_BEST_MAP = 0.166  # Copenhagen, primary run, on the 7 official test documents
ABLATED_WEIGHTS = (
    "WEIGHT_NUMBER",
    "WEIGHT_STATISTIC",
    "WEIGHT_DATE",
    "WEIGHT_PER_ENTITY",
    "WEIGHT_SHORT",
    "WEIGHT_PER_LOG_WORD",
)


def load(path: Path) -> dict[str, list[dict]]:
    documents: dict[str, list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            documents[row["source"]].append(row)
    for rows in documents.values():
        rows.sort(key=lambda row: row["line"])
    return dict(documents)


def score_sentence(text: str) -> float:
    kind, _, _ = classify(text)
    return checkworthiness(text, kind)


def document_metrics(labels_in_rank_order: list[int]) -> dict[str, float]:
    positives = sum(labels_in_rank_order)
    hits, precision_sum, first_hit = 0, 0.0, 0
    for rank, label in enumerate(labels_in_rank_order, start=1):
        if label:
            hits += 1
            precision_sum += hits / rank
            first_hit = first_hit or rank
    metrics = {
        "AP": precision_sum / positives if positives else 0.0,
        "RR": 1.0 / first_hit if first_hit else 0.0,
        "R-P": sum(labels_in_rank_order[:positives]) / positives if positives else 0.0,
    }
    for k in CUTOFFS:
        metrics[f"P@{k}"] = sum(labels_in_rank_order[:k]) / k
    return metrics


def evaluate(documents: dict[str, list[dict]]) -> tuple[dict[str, float], dict[str, float]]:
    """(metrics averaged over documents, AP per document)."""
    per_document: dict[str, dict[str, float]] = {}
    for source, rows in documents.items():
        scores = [score_sentence(row["text"]) for row in rows]
        order = sorted(range(len(rows)), key=lambda i: -scores[i])  # stable: ties keep order
        per_document[source] = document_metrics([rows[i]["label"] for i in order])
    names = next(iter(per_document.values())).keys()
    means = {n: sum(m[n] for m in per_document.values()) / len(per_document) for n in names}
    return means, {source: m["AP"] for source, m in per_document.items()}


def main(argv: list[str]) -> None:
    paths = [a for a in argv if not a.startswith("--")]
    documents = load(Path(paths[0]) if paths else DEFAULT_DATA)
    sentences = sum(len(rows) for rows in documents.values())
    started = time.perf_counter()
    means, ap_by_document = evaluate(documents)
    seconds = time.perf_counter() - started
    chance = sum(sum(r["label"] for r in rows) / len(rows) for rows in documents.values()) / len(
        documents
    )
    print(f"{len(documents)} documents, {sentences} sentences, {seconds:.1f} s")
    print("  ".join(f"{'MAP' if n == 'AP' else n} {value:.4f}" for n, value in means.items()))
    print(
        f"chance MAP ~ {chance:.4f}; best published 2019 MAP {PUBLISHED_BEST_MAP} on the official"
        " test set (0.250 speeches, 0.054 debates): other documents, not directly comparable"
    )
    for doc_type in sorted({rows[0]["doc_type"] for rows in documents.values()}):
        aps = [ap for s, ap in ap_by_document.items() if documents[s][0]["doc_type"] == doc_type]
        print(f"MAP over {len(aps)} {doc_type} documents: {sum(aps) / len(aps):.4f}")
    for source, ap in sorted(ap_by_document.items()):
        rows = documents[source]
        rate = sum(r["label"] for r in rows) / len(rows)
        print(f"  {source:28} {rows[0]['doc_type']:6} AP {ap:.4f}  (chance {rate:.4f})")
    if "--ablate" in argv:
        for weight in ABLATED_WEIGHTS:
            kept = getattr(assertions, weight)
            setattr(assertions, weight, 0.0)
            print(f"without {weight:22} MAP {evaluate(documents)[0]['AP']:.4f}")
            setattr(assertions, weight, kept)
        kept_kinds = dict(assertions.KIND_WEIGHTS)
        assertions.KIND_WEIGHTS.update(dict.fromkeys(kept_kinds, 0.0))
        print(f"without {'KIND_WEIGHTS':22} MAP {evaluate(documents)[0]['AP']:.4f}")
        assertions.KIND_WEIGHTS.update(kept_kinds)


if __name__ == "__main__":
    main(sys.argv[1:])
