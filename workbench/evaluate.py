"""Benchmark evaluation: run claims of a dataset through the same chain as `workbench check`.

A dataset folder holds ``corpus.jsonl`` ({"doc_id","title","text"}) and ``claims.jsonl``
({"claim_id","claim","label","gold_doc_ids","gold_evidence":[{"doc_id","text"}]}), the format
of ../shared/benchmarks/*. The corpus goes into its own collection once (re-adding skips it);
each claim is the assertion; results are stored per claim, so a killed eval resumes.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from workbench.check.pipeline import (
    PROMPTS,
    Checker,
    chain_config,
    standalone_assertion,
    stored_citation_problem,
)
from workbench.corpus.ingest import ingest
from workbench.llm.prompts import load_prompt
from workbench.records import (
    Label,
    LLMUsage,
    sha256_hex,
    validate_corpus_name,
)
from workbench.services import Workbench
from workbench.store import catalog, evals

DATASET_LABELS = {
    "SUPPORTED": Label.SUPPORTED,
    "REFUTED": Label.REFUTED,
    "NOT_ENOUGH_INFO": Label.NOT_ENOUGH_EVIDENCE,
    "NOT_ENOUGH_EVIDENCE": Label.NOT_ENOUGH_EVIDENCE,
    "CONFLICTING": Label.CONFLICTING,
}
RECALL_AT = 5


class ClaimOutcome(BaseModel):
    """What one claim's check gave, next to its gold answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    claim_id: str
    gold: Label
    predicted: Label
    confidence: float
    gold_in_top5: bool | None  # None when the claim names no gold document
    citations: int
    citations_on_gold: int  # citations overlapping a gold evidence sentence
    fabricated: int  # citations failing the verbatim check against the stored corpus
    usage: LLMUsage
    seconds: float
    label_scores: dict[str, float] = {}


@dataclass
class Dataset:
    name: str
    folder: Path
    claims: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path) -> Dataset:
        claims_file, corpus_file = folder / "claims.jsonl", folder / "corpus.jsonl"
        for needed in (claims_file, corpus_file):
            if not needed.exists():
                raise FileNotFoundError(
                    f"{needed} is missing: a dataset folder holds corpus.jsonl and claims.jsonl"
                )
        claims = [
            json.loads(line)
            for line in claims_file.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        name = "eval-" + "".join(
            c if c.isalnum() or c in "._-" else "-" for c in folder.resolve().name
        )
        return cls(validate_corpus_name(name[:63]), folder, claims)

    def sample(self, limit: int | None, seed: int) -> list[dict[str, Any]]:
        claims = sorted(self.claims, key=lambda c: str(c["claim_id"]))
        random.Random(seed).shuffle(claims)
        return claims[:limit] if limit else claims


def gold_spans(
    wb: Workbench, corpus: str, claim: dict[str, Any], by_external: dict[str, str]
) -> list[tuple[str, int, int]]:
    spans = []
    with wb.db.transaction() as session:
        for evidence in claim.get("gold_evidence") or []:
            doc_id = by_external.get(str(evidence.get("doc_id")))
            document = catalog.get_document(session, corpus, doc_id) if doc_id else None
            text = " ".join(str(evidence.get("text", "")).split())
            if document is None or not text:
                continue
            start = document.text.find(str(evidence["text"]).strip())
            if start >= 0:
                spans.append((doc_id, start, start + len(str(evidence["text"]).strip())))
    return spans


def evaluate_claim(
    wb: Workbench, checker: Checker, corpus: str, claim: dict[str, Any], by_external: dict[str, str]
) -> ClaimOutcome:
    assertion = standalone_assertion(str(claim["claim"]))
    started = time.perf_counter()
    result = checker.check_claim(assertion, corpus, {}, {})
    seconds = time.perf_counter() - started
    verdict = result.verdict
    assert verdict is not None  # check_claim always verifies
    gold_docs = {by_external.get(str(d)) for d in claim.get("gold_doc_ids") or []} - {None}
    retrieved: list[str] = []
    for sentence in result.evidence:  # ranked evidence: the documents the verdict was judged on
        if sentence.doc_id not in retrieved:
            retrieved.append(sentence.doc_id)
    spans = gold_spans(wb, corpus, claim, by_external)
    on_gold = sum(
        1
        for c in verdict.citations
        if any(c.doc_id == d and c.start < e and s < c.end for d, s, e in spans)
    )
    fabricated = sum(1 for c in verdict.citations if stored_citation_problem(wb, corpus, c))
    return ClaimOutcome(
        claim_id=str(claim["claim_id"]),
        gold=DATASET_LABELS[claim["label"]],
        predicted=verdict.label,
        confidence=verdict.confidence,
        gold_in_top5=bool(gold_docs & set(retrieved[:RECALL_AT])) if gold_docs else None,
        citations=len(verdict.citations),
        citations_on_gold=on_gold,
        fabricated=fabricated,
        usage=result.usage,
        seconds=round(seconds, 3),
        label_scores=verdict.label_scores,
    )


def run_eval(
    wb: Workbench,
    folder: Path,
    limit: int | None,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[str, list[ClaimOutcome]]:
    dataset = Dataset.load(folder)
    report = ingest(wb, dataset.name, [folder / "corpus.jsonl"])
    if report.failed:
        raise ValueError(f"{len(report.failed)} corpus documents failed, e.g. {report.failed[0]}")
    with wb.db.transaction() as session:
        by_external = {
            d.external_id: d.doc_id
            for d in catalog.list_documents(session, dataset.name)
            if d.external_id
        }
        state = catalog.corpus_info(session, dataset.name).state
    prompts = ",".join(load_prompt(name).ref for name in PROMPTS)
    config = f"{dataset.name}:{state}:{wb.llm.model_name}:{prompts}:{chain_config(wb)}"
    eval_key = sha256_hex(config)[:32]
    claims = dataset.sample(limit, seed)
    with wb.db.transaction() as session:
        finished = evals.done(session, eval_key)
    checker = Checker(wb)
    outcomes: list[ClaimOutcome] = []
    for i, claim in enumerate(claims):
        if progress:
            progress(i, len(claims))
        cid = str(claim["claim_id"])
        if cid in finished:
            outcomes.append(ClaimOutcome.model_validate_json(finished[cid]))
            continue
        outcome = evaluate_claim(wb, checker, dataset.name, claim, by_external)
        with wb.db.transaction() as session:
            evals.put(session, eval_key, cid, outcome.model_dump_json())
        outcomes.append(outcome)
    if progress:
        progress(len(claims), len(claims))
    return folder.resolve().name, outcomes


def summarise(dataset: str, outcomes: list[ClaimOutcome]) -> dict[str, Any]:
    n = len(outcomes)
    labels = sorted(
        {o.gold for o in outcomes} | {o.predicted for o in outcomes}, key=list(Label).index
    )
    per_label: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for o in outcomes if o.gold == label and o.predicted == label)
        predicted = sum(1 for o in outcomes if o.predicted == label)
        gold = sum(1 for o in outcomes if o.gold == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label.value] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": gold,
        }
    gold_labels = [lab for lab in labels if per_label[lab.value]["support"]]
    macro_f1 = (
        sum(per_label[lab.value]["f1"] for lab in gold_labels) / len(gold_labels)
        if gold_labels
        else 0.0
    )
    with_gold = [o for o in outcomes if o.gold_in_top5 is not None]
    cited = sum(o.citations for o in outcomes)
    usage = sum((o.usage for o in outcomes), LLMUsage())
    confusion = Counter((o.gold.value, o.predicted.value) for o in outcomes)
    return {
        "dataset": dataset,
        "n": n,
        "accuracy": round(sum(o.gold == o.predicted for o in outcomes) / n, 4) if n else 0.0,
        "macro_f1": round(macro_f1, 4),
        "evidence_recall_at_5": round(
            sum(bool(o.gold_in_top5) for o in with_gold) / len(with_gold), 4
        )
        if with_gold
        else None,
        "citation_precision": round(sum(o.citations_on_gold for o in outcomes) / cited, 4)
        if cited
        else None,
        "fabricated_citations": sum(o.fabricated for o in outcomes),
        "llm_calls_per_claim": round(usage.calls / n, 3) if n else 0.0,
        "tokens_per_claim": round((usage.prompt_tokens + usage.completion_tokens) / n, 1)
        if n
        else 0.0,
        "seconds_per_claim": round(sum(o.seconds for o in outcomes) / n, 3) if n else 0.0,
        "per_label": per_label,
        "confusion": {f"{g}->{p}": k for (g, p), k in sorted(confusion.items())},
    }
