"""Which sentences reach the model: evidence recall@5 of the sentence rerank, by strategy.

The chain retrieves passages for the claim and each generated question, splits them into
sentences and keeps the top MAX_SENTENCES for the verify prompt. This script replays that
step on an eval home (WORKBENCH_HOME of a finished `workbench eval`, whose reply cache holds
the questions: no model is started, a claim whose questions are not cached is searched
with the claim alone) and scores each way of ranking the sentences twice: is a gold
document among the first five documents of the evidence (evidence recall@5, counted as
`workbench eval` counts it), and is a gold evidence sentence among those the model sees.

    WORKBENCH_HOME=/path/to/eval/home .venv/bin/python benchmarks/evidence_rerank.py \
        --dataset scifact --dataset fm2 [--limit 100] [--seed 42]
"""

from __future__ import annotations

from collections.abc import Callable

from _common import machine
from _replay import eval_home, replay, replay_arguments

from workbench.check.evidence import MAX_SENTENCES, select_sentences
from workbench.evaluate import RECALL_AT
from workbench.records import EvidenceSentence, SearchHit
from workbench.services import Workbench

LIMIT = MAX_SENTENCES
# (workbench, claim, hits in retrieval order) -> the sentences the model would see, ranked
Strategy = Callable[[Workbench, str, list[SearchHit]], list[EvidenceSentence]]


def _ranked(wb: Workbench, claim: str, hits: list[SearchHit]) -> list[EvidenceSentence]:
    return list(select_sentences(wb.embeddings, claim, hits, limit=10_000).evidence)


def similarity(wb: Workbench, claim: str, hits: list[SearchHit]) -> list[EvidenceSentence]:
    """What the chain does: sentences by embedding similarity to the claim."""
    return list(select_sentences(wb.embeddings, claim, hits).evidence)


def claim_passages_first(
    wb: Workbench, claim: str, hits: list[SearchHit]
) -> list[EvidenceSentence]:
    """The best sentence of each of the claim's own top-2 passages, then by similarity."""
    ranked = _ranked(wb, claim, hits)
    first: list[EvidenceSentence] = []
    for hit in hits[:2]:  # retrieve_passages puts the claim's own hits first
        best = next((s for s in ranked if s.passage_id == hit.passage_id), None)
        if best:
            first.append(best)
    return [*first, *(s for s in ranked if s not in first)][:LIMIT]


def fused(wb: Workbench, claim: str, hits: list[SearchHit]) -> list[EvidenceSentence]:
    """Reciprocal-rank fusion of sentence similarity and its passage's retrieval order."""
    ranked = _ranked(wb, claim, hits)
    order = {hit.passage_id: i for i, hit in enumerate(hits)}
    score = [1 / (60 + r) + 1 / (60 + order[s.passage_id]) for r, s in enumerate(ranked)]
    return [ranked[i] for i in sorted(range(len(ranked)), key=lambda i: -score[i])][:LIMIT]


def one_per_passage(wb: Workbench, claim: str, hits: list[SearchHit]) -> list[EvidenceSentence]:
    """The best sentence of each passage, passages in retrieval order."""
    ranked = _ranked(wb, claim, hits)
    best = {}
    for sentence in ranked:
        best.setdefault(sentence.passage_id, sentence)
    return [best[h.passage_id] for h in hits if h.passage_id in best][:LIMIT]


STRATEGIES: dict[str, Strategy] = {
    "similarity (chain)": similarity,
    "claim passages first": claim_passages_first,
    "fused with retrieval": fused,
    "one per passage": one_per_passage,
}


def _docs(evidence: list[EvidenceSentence]) -> list[str]:
    return list(dict.fromkeys(s.doc_id for s in evidence))


def main() -> None:
    args = replay_arguments(__doc__).parse_args()
    home, wb = eval_home()
    print(f"evidence recall@{RECALL_AT} by sentence ranking ({machine()}), home {home}")
    try:
        for name in args.dataset:
            doc_found = dict.fromkeys(STRATEGIES, 0)
            sentence_found = dict.fromkeys(STRATEGIES, 0)
            counted = cached = with_spans = 0
            for replayed in replay(wb, name, args.limit, args.seed):
                if not replayed.gold_docs:
                    continue
                counted += 1
                cached += replayed.questions_cached
                with_spans += bool(replayed.gold_spans)
                for label, strategy in STRATEGIES.items():
                    evidence = strategy(wb, replayed.text, replayed.hits)
                    docs = _docs(evidence)[:RECALL_AT]
                    doc_found[label] += bool(replayed.gold_docs & set(docs))
                    sentence_found[label] += any(
                        s.doc_id == d and s.start < e and b < s.end
                        for s in evidence
                        for d, b, e in replayed.gold_spans
                    )
            print(
                f"\n{name}: {counted} claims with gold documents ({cached} with cached questions),"
                f" {with_spans} with gold sentences"
            )
            print(f"  {'ranking':24} {'doc recall@5':>12} {'gold sentence shown':>19}")
            for label in STRATEGIES:
                print(
                    f"  {label:24} {doc_found[label] / counted:12.3f}"
                    f" {sentence_found[label] / max(with_spans, 1):19.3f}"
                )
    finally:
        wb.close()


if __name__ == "__main__":
    main()
