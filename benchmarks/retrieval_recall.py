"""Evidence recall@k: is a gold document among the top-k hits, with the claim as the query?
Hybrid (what `workbench search` and the check chain use) against BM25 and dense alone.
Goal (issue 6): recall@5 >= 0.90.

    .venv/bin/python benchmarks/retrieval_recall.py [--dataset NAME] [--limit N] [--quick]
"""

from __future__ import annotations

import argparse
import random

from _common import SHARED, fresh_workbench, machine, read_jsonl

from workbench.corpus.ingest import ingest
from workbench.index.hybrid import reciprocal_rank_fusion
from workbench.store import catalog

KS = (5, 10, 20)


def first_docs(passage_ids: list[str], doc_of: dict[str, str], k: int) -> list[str]:
    docs: list[str] = []
    for pid in passage_ids:
        doc = doc_of.get(pid)
        if doc and doc not in docs:
            docs.append(doc)
    return docs[:k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dataset", action="append", help="repeatable; default fm2 and scifact")
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--quick", action="store_true", help="50 claims")
    args = parser.parse_args()
    print(f"evidence recall ({machine()}); claim text as the query; top-k distinct documents")
    print(
        f"{'dataset':14} {'claims':>6} {'retriever':>9} "
        + " ".join(f"{'@' + str(k):>6}" for k in KS)
    )
    for name in args.dataset or ["fm2", "scifact"]:
        folder = SHARED / name
        claims = [c for c in read_jsonl(folder / "claims.jsonl") if c.get("gold_doc_ids")]
        random.Random(42).shuffle(claims)
        claims = claims[: 50 if args.quick else args.limit]
        wb = fresh_workbench(f"recall-{name}")
        ingest(wb, name, [folder / "corpus.jsonl"])
        with wb.db.transaction() as session:
            external = {d.doc_id: d.external_id for d in catalog.list_documents(session, name)}
            doc_of = {
                p.passage_id: external[p.doc_id] for p in catalog.iter_passages(session, name)
            }
        hits: dict[str, list[list[bool]]] = {"hybrid": [], "bm25": [], "dense": []}
        searcher = wb.searcher
        n = searcher.candidates
        for claim in claims:
            gold = {str(g) for g in claim["gold_doc_ids"]}
            with wb.db.transaction() as session:
                keyword = [pid for pid, _ in searcher.keyword(session, name, claim["claim"], 60)]
                dense = [pid for pid, _ in searcher.dense(session, name, claim["claim"], 60)]
            # fused exactly as HybridSearcher.search fuses
            fused = [pid for pid, _ in reciprocal_rank_fusion([keyword[:n], dense[:n]])]
            for retriever, ranking in (("hybrid", fused), ("bm25", keyword), ("dense", dense)):
                hits[retriever].append(
                    [bool(gold & set(first_docs(ranking, doc_of, k))) for k in KS]
                )
        for retriever, rows in hits.items():
            recalls = [sum(r[i] for r in rows) / len(rows) for i in range(len(KS))]
            print(
                f"{name:14} {len(rows):6d} {retriever:>9} " + " ".join(f"{x:6.3f}" for x in recalls)
            )
        wb.close()


if __name__ == "__main__":
    main()
