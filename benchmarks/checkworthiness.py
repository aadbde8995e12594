"""Rank CLEF CheckThat! 2019 (Task 1) dev sentences by check-worthiness and score the ranking.

Usage: .venv/bin/python benchmarks/checkworthiness.py [path/to/sentences.jsonl] [--rules] [--ablate]
(default: ../shared/benchmarks/checkworthy/sentences.jsonl)

Default: the learned ranker shipped in the package (``workbench/check/checkworthiness.py``). Its
weights were fitted on these dev documents, so here that is an in-sample figure; the
leave-one-document-out figure comes from ``training/checkworthiness.py``. ``--rules``: the
hand-weighted rule score of ``workbench/check/assertions.py``; ``--ablate`` also prints its MAP
with each weight set to zero in turn.

Metrics from ``workbench.metrics``, as in the official scorer (scorer/main.py): each document
ranked on its own by descending score, ties in transcript order; AP, RR, R-precision and P@k per
document, then averaged over documents. Chance level: a random ranking's expected AP is about
the document's positive rate.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from _common import SHARED

from workbench import metrics
from workbench.check import assertions
from workbench.check.assertions import checkworthiness, classify
from workbench.check.checkworthiness import default_ranker
from workbench.evaluate_checkworthy import Sentence, load_documents, score_documents, summarise

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
Documents = dict[str, list[Sentence]]


def rule_scores(documents: Documents) -> dict[str, list[float]]:
    return {
        source: [checkworthiness(s.text, classify(s.text)[0]) for s in sentences]
        for source, sentences in documents.items()
    }


def rule_map(documents: Documents) -> float:
    return summarise("", documents, rule_scores(documents))["map"]


def precisions(documents: Documents, scores: dict[str, list[float]]) -> dict[str, float]:
    """R-precision and P@k, averaged over documents."""
    per_document = []
    for source, sentences in documents.items():
        ranked = metrics.ranked([s.label for s in sentences], scores[source])
        figures = {"R-P": metrics.precision_at(ranked, max(1, sum(ranked)))}
        figures.update({f"P@{k}": metrics.precision_at(ranked, k) for k in CUTOFFS})
        per_document.append(figures)
    return {n: sum(f[n] for f in per_document) / len(per_document) for n in per_document[0]}


def report(documents: Documents, scores: dict[str, list[float]], seconds: float) -> None:
    summary = summarise("checkworthy", documents, scores)
    sentences = sum(len(rows) for rows in documents.values())
    chance = sum(sum(s.label for s in rows) / len(rows) for rows in documents.values()) / len(
        documents
    )
    print(f"{len(documents)} documents, {sentences} sentences, {seconds:.1f} s")
    extra = "  ".join(f"{n} {v:.4f}" for n, v in precisions(documents, scores).items())
    print(f"MAP {summary['map']:.4f}  RR {summary['rr']:.4f}  {extra}")
    print(
        f"chance MAP ~ {chance:.4f}; best published 2019 MAP {PUBLISHED_BEST_MAP} on the official"
        " test set (0.250 speeches, 0.054 debates): other documents, not directly comparable"
    )
    print(f"MAP speeches {summary['map_speeches']}  debates {summary['map_debates']}")
    for source, ap in summary["per_document"].items():
        rows = documents[source]
        rate = sum(s.label for s in rows) / len(rows)
        print(f"  {source:28} {rows[0].doc_type or '?':6} AP {ap:.4f}  (chance {rate:.4f})")


def main(argv: list[str]) -> None:
    paths = [a for a in argv if not a.startswith("--")]
    documents = load_documents(Path(paths[0]) if paths else DEFAULT_DATA)
    started = time.perf_counter()
    if "--rules" in argv or "--ablate" in argv:
        print("rule score (workbench/check/assertions.py)")
        scores = rule_scores(documents)
    else:
        ranker = default_ranker()
        seen = set(documents) & set(ranker.fitted_on)
        print(f"learned ranker {ranker.version}; fitted on {len(seen)} of these documents")
        scores = score_documents(documents, ranker)
    report(documents, scores, time.perf_counter() - started)
    if "--ablate" in argv:
        for weight in ABLATED_WEIGHTS:
            kept = getattr(assertions, weight)
            setattr(assertions, weight, 0.0)
            print(f"without {weight:22} MAP {rule_map(documents):.4f}")
            setattr(assertions, weight, kept)
        kept_kinds = dict(assertions.KIND_WEIGHTS)
        assertions.KIND_WEIGHTS.update(dict.fromkeys(kept_kinds, 0.0))
        print(f"without {'KIND_WEIGHTS':22} MAP {rule_map(documents):.4f}")
        assertions.KIND_WEIGHTS.update(kept_kinds)


if __name__ == "__main__":
    main(sys.argv[1:])
